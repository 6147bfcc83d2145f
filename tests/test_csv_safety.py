"""Downloads safe in a spreadsheet: no cell of a CSV begins a formula (OWASP, CSV
injection; issue 21, item 5)."""

import csv
import io
import shutil

from conftest import REPO, make_project, release_stores
from kb.cli import cli

FORMULAS = {'"s. 1"': '"=HYPERLINK(\\"https://evil.example\\",\\"s. 1\\")"',
            '"s. 2"': '"+SUM(1+1)"',
            '"No person shall sell': '"@cmd|\' /C calc\'!A0 No person shall sell',
            '"A person who contravenes': '"-2+3 A person who contravenes'}
# In corpus/gb/test-act.ttl: a carriage return that would start a row, a tab.
MORE = {'"s. 3"': '"s. 3\\r@SUM(1+1)"', '"s. 1"': '"\\t=1+1"'}
DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def cells(text):
    """Cells as a spreadsheet splits them: a carriage return outside quotes ends a row."""
    rows = csv.reader(io.StringIO(text.replace("\r", "\n")))
    return [cell for row in rows for cell in row]


def test_formulas_in_the_data_are_text_in_every_csv(runner, tmp_path):
    project = make_project(tmp_path / "project")
    for name in ("queries", "site"):
        shutil.copytree(REPO / name, project / name)
    act = project / "corpus/ke/test-act.ttl"
    text = act.read_text()
    for old, new in FORMULAS.items():
        assert old in text
        text = text.replace(old, new)
    act.write_text(text)
    other = project / "corpus/gb/test-act.ttl"
    text = other.read_text()
    for old, new in MORE.items():
        assert old in text
        text = text.replace(old, new)
    other.write_text(text)
    built = runner.invoke(cli, ["build", "--quiet", "--root", str(project)])
    release_stores()
    assert built.exit_code == 0, built.output
    exported = runner.invoke(cli, ["export", "--format", "csv", "--root", str(project)])
    release_stores()
    assert exported.exit_code == 0, exported.output
    for text in (exported.output, *(p.read_text() for p in (project / "build/site/data").glob("*.csv"))):
        found = cells(text)
        assert not [c for c in found if c.startswith(DANGEROUS)]
    exported_cells = cells(exported.output)
    assert "'=HYPERLINK(\"https://evil.example\",\"s. 1\")" in exported_cells
    assert "'+SUM(1+1)" in exported_cells
    assert "'\t=1+1" in exported_cells
    assert "s. 3\n@SUM(1+1)" in exported_cells  # one cell, a line break inside
