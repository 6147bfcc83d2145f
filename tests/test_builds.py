"""What `wildlex validate` accepts, `wildlex build` builds, and every jurisdiction folder
appears in the site (issue 21, item 2). Corpora are the mini corpus with changes a
contributor could plausibly make; hypothesis picks which."""

import re
import shutil

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from conftest import DATA, REPO, release_stores
from kb.cli import cli

ID = "https://w3id.org/wildlex/id/"
# Jurisdiction folders (corpus/platforms holds platform policies, not a jurisdiction).
FOLDERS = sorted(p.name for p in (DATA / "corpus").iterdir() if p.name != "platforms")
# Mostly the plain value, so that about half the corpora validate and are built.
ZONES = [""] * 27 + ["Z", "+14:00", "-05:00"]
YEARS = [None] * 36 + ["2099", "2101", "9999", "0999"]

change = st.fixed_dictionaries({
    "zone": st.sampled_from(ZONES),  # appended to one kind of date
    "zoned": st.sampled_from(["reviewedOn", "consulted", "inForceFrom", "first_date_entry"]),
    "year": st.sampled_from(YEARS),  # given to every wlx:reviewedOn
    "code": st.sampled_from([None] * 32 + FOLDERS),  # written as the code of the first jurisdiction
    "index_page": st.sampled_from([False] * 9 + [True]),  # the provision ke/test-act/s1 renamed index.html
    "drop_coverage": st.sampled_from([None] * 32 + FOLDERS),
    "folders": st.sets(st.sampled_from(FOLDERS), min_size=1),
})


def make_corpus(target, c):
    corpus = target / "corpus"
    for folder in sorted(c["folders"]):
        shutil.copytree(DATA / "corpus" / folder, corpus / folder)
    for path in sorted(corpus.rglob("*.ttl")):
        text = path.read_text()
        if c["zone"]:
            text = re.sub(rf'({c["zoned"]}\w* "[0-9-]+)"\^\^xsd:date', rf'\1{c["zone"]}"^^xsd:date',
                          text)
        if c["year"]:
            text = re.sub(r'(reviewedOn ")\d{4}', rf'\g<1>{c["year"]}', text)
        path.write_text(text)
    first = sorted(c["folders"])[0]
    if c["code"]:
        coverage = corpus / first / "coverage.ttl"
        coverage.write_text(re.sub(r'wlx:code "[A-Z]+"', f'wlx:code "{c["code"].upper()}"',
                                   coverage.read_text()))
    act = corpus / "ke/test-act.ttl"
    if c["index_page"] and act.exists():
        act.write_text(act.read_text().replace(":s1 ", f"<{ID}ke/test-act/index.html> "))
    if c["drop_coverage"] and (corpus / c["drop_coverage"]).is_dir():
        (corpus / c["drop_coverage"] / "coverage.ttl").unlink()


# Few examples and no shrinking (each example is a build): a failure prints its corpus.
@settings(max_examples=12, deadline=None, derandomize=True,
          phases=[Phase.explicit, Phase.reuse, Phase.generate],
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(change)
def test_what_validates_builds_and_every_folder_is_in_the_site(runner, tmp_path_factory, c):
    project = tmp_path_factory.mktemp("corpus")
    shutil.copytree(REPO / "ontology", project / "ontology")
    for name in ("queries", "site"):
        shutil.copytree(REPO / name, project / name)
    make_corpus(project, c)
    validated = runner.invoke(cli, ["validate", "--root", str(project)])
    assert "Traceback" not in validated.output
    if validated.exit_code != 0:
        assert validated.exit_code == 1, validated.output
        return
    built = runner.invoke(cli, ["build", "--quiet", "--root", str(project)])
    release_stores()
    assert built.exit_code == 0, (built.output, repr(built.exception))
    for folder in (project / "corpus").iterdir():
        if not any(folder.glob("*.ttl")):
            continue  # a folder left empty (its only file, the coverage, dropped) is no jurisdiction
        for language in ("en", "fr", "es"):
            assert (project / "build/site" / language / folder.name / "index.html").is_file(), \
                folder.name


def test_each_case_of_the_issue_is_refused(runner, project_dir):
    """The four corpora of the issue that validated and then failed the build."""
    cases = {
        "corpus/ke/coverage.ttl": [('"2026-01-01"^^xsd:date', '"2026-01-01Z"^^xsd:date')],
        "corpus/gb/coverage.ttl": [('"GB"', '"KE"')],
        "corpus/ke/test-act.ttl": [(":s1 ", f"<{ID}ke/test-act/index.html> ")],
        "corpus/fr/coverage.ttl": [('"2026-01-01"^^xsd:date', '"2099-11-23"^^xsd:date')],
    }
    assert runner.invoke(cli, ["validate", "--root", str(project_dir)]).exit_code == 0
    for name, edits in cases.items():
        path = project_dir / name
        original = path.read_text()
        text = original
        for old, new in edits:
            assert old in text
            text = text.replace(old, new)
        path.write_text(text)
        result = runner.invoke(cli, ["validate", "--root", str(project_dir)])
        assert result.exit_code == 1, (name, result.output)
        assert f"{name}:" in result.output
        path.write_text(original)
