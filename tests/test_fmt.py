"""`wildlex fmt`: one canonical form, idempotent, data and comments unchanged."""

import shutil

from rdflib import Graph
from rdflib.compare import isomorphic

from conftest import DATA
from kb.cli import cli

MESSY = """# Test data, not law.
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix wlx: <https://w3id.org/wildlex/ontology#> .
@prefix eli: <http://data.europa.eu/eli/ontology#> .
@prefix : <https://w3id.org/wildlex/id/ke/messy/> .
@prefix jur: <https://w3id.org/wildlex/id/> .
@prefix itype: <https://w3id.org/wildlex/code/itype/> .
@prefix review: <https://w3id.org/wildlex/code/review/> .

# the second section comes first here
:s10 eli:is_part_of <https://w3id.org/wildlex/id/ke/messy> ; a wlx:Provision ;
  wlx:reviewStatus review:secondary ; wlx:citation "s. 10" ;
  # where it was read
  wlx:sourceUrl <https://example.org/s10> ; wlx:consulted "2026-01-01"^^xsd:date ;
  wlx:excerpt "Section ten says \\"this\\"."@en .
:s2 a wlx:Provision ; wlx:citation "s. 2" ; eli:is_part_of <https://w3id.org/wildlex/id/ke/messy> ;
  wlx:excerpt "Section two says that."@en ; wlx:sourceUrl <https://example.org/s2> ;
  wlx:consulted "2026-01-01"^^xsd:date ; wlx:reviewStatus review:secondary .
<https://w3id.org/wildlex/id/ke/messy> wlx:officialText <https://example.org/messy> ;
  a wlx:Instrument ; eli:title "Messy Act"@en ; wlx:jurisdiction jur:ke ;
  wlx:instrumentType itype:act ; wlx:originalLanguage "en" .
"""


def comments(text):
    return sorted(line.strip() for line in text.splitlines() if line.strip().startswith("#"))


def test_fmt_writes_one_canonical_form_and_keeps_data_and_comments(runner, project_dir):
    path = project_dir / "corpus/ke/messy.ttl"
    path.write_text(MESSY)
    check = runner.invoke(cli, ["fmt", "--check", "--root", str(project_dir), str(path)])
    assert check.exit_code == 1
    assert "would rewrite corpus/ke/messy.ttl" in check.output

    result = runner.invoke(cli, ["fmt", "--root", str(project_dir), str(path)])
    assert result.exit_code == 0, result.output
    text = path.read_text()
    assert isomorphic(Graph().parse(data=MESSY, format="turtle"), Graph().parse(data=text, format="turtle"))
    assert comments(text) == comments(MESSY)
    lines = text.splitlines()
    assert lines[0] == "# Test data, not law."
    assert lines[2] == "@prefix :       <https://w3id.org/wildlex/id/ke/messy/> ."
    # the instrument first, then :s2 before :s10; rdf:type on the subject line
    order = [line.split()[0] for line in lines if line and not line.startswith((" ", "#", "@"))]
    assert order == ["<https://w3id.org/wildlex/id/ke/messy>", ":s2", ":s10"]
    assert ":s10 a wlx:Provision ;" in lines
    assert lines[lines.index("    # where it was read") + 1].startswith("    wlx:sourceUrl")

    again = runner.invoke(cli, ["fmt", "--check", "--root", str(project_dir), str(path)])
    assert again.exit_code == 0, again.output
    assert runner.invoke(cli, ["validate", "--root", str(project_dir)]).exit_code == 0


def test_fmt_refuses_a_file_that_does_not_parse(runner, project_dir):
    broken = project_dir / "corpus/ke/broken.ttl"
    shutil.copy(DATA / "invalid" / "syntax-missing-dot.ttl", broken)
    result = runner.invoke(cli, ["fmt", "--root", str(project_dir), str(broken)])
    assert result.exit_code == 1
    assert "(fmt rewrites only files that parse)" in result.output
    assert broken.read_bytes() == (DATA / "invalid" / "syntax-missing-dot.ttl").read_bytes()


def test_topic_reviews_in_brackets_are_formatted_in_place(runner, project_dir):
    coverage = project_dir / "corpus/ke/coverage.ttl"
    text = coverage.read_text(encoding="utf-8").rstrip().rstrip(".") + (
        ' ;\n    wlx:topicReview [ wlx:finding "Nothing on platforms."@en ;'
        ' wlx:alsoRead "An Act, read at X" ; wlx:topic topic:platform_duty ] .\n')
    coverage.write_text(text, encoding="utf-8")
    before = Graph().parse(coverage)
    result = runner.invoke(cli, ["fmt", "--root", str(project_dir), str(coverage)])
    assert result.exit_code == 0, result.output
    formatted = coverage.read_text(encoding="utf-8")
    assert isomorphic(before, Graph().parse(coverage))
    assert ("    wlx:topicReview [\n            wlx:topic topic:platform_duty ;\n"
            '            wlx:alsoRead "An Act, read at X" ;\n') in formatted
    again = runner.invoke(cli, ["fmt", "--check", "--root", str(project_dir), str(coverage)])
    assert again.exit_code == 0, again.output
