"""`wildlex new`: a skeleton that fails validation until filled, and validates once filled."""

import re

from kb.cli import cli

FILLED = {
    '"TODO: the title in English"@en': '"Environment Code"@en',
    '"TODO: the official number, e.g. No. 47 of 2013"': '"Test number"',
    '"TODO: date adopted, YYYY-MM-DD"': '"2000-09-18"',
    '"TODO: date in force, YYYY-MM-DD"': '"2000-09-21"',
    "<https://TODO.invalid/the-official-text>": "<https://example.org/code>",
    '"TODO: the citation as a lawyer writes it, e.g. s. 12(1)"': '"art. L415-3"',
    '"TODO: the verbatim excerpt"': '"Est puni de trois ans d\'emprisonnement le fait de vendre."',
    '"TODO: your English rendering of the excerpt"': '"Selling is punished by three years."',
    "<https://TODO.invalid/where-you-read-it>": "<https://example.org/code#l415-3>",
    "review:TODO": "review:checked_official",
    '"TODO: YYYY-MM-DD, or delete this line"': '"2019-07-27"',
    "conduct:TODO": "conduct:sale",
    "online:TODO": "online:medium_neutral",
    "species:TODO": "species:national_list",
    '"TODO: one line in plain English"': '"Selling protected species"',
    '"TODO: years and months, e.g. P5Y or P2Y6M"': '"P3Y"',
    '"TODO: the maximum fine, digits only"': "150000",
    '"TODO: each fact you looked for but could not confirm, one string each"': '"Nothing."',
}


def test_new_writes_a_skeleton_that_fails_until_filled(runner, project_dir):
    result = runner.invoke(cli, ["new", "FR", "Code de l'environnement", "--type", "code",
                                 "--slug", "code-env", "--root", str(project_dir)])
    assert result.exit_code == 0, result.output
    assert "wrote corpus/fr/code-env.ttl" in result.output
    skeleton = project_dir / "corpus/fr/code-env.ttl"
    text = skeleton.read_text()
    assert '"Code de l\'environnement"@fr' in text  # babel: French is official in FR
    assert 'wlx:currency "EUR"' in text  # babel: the euro is the currency of FR

    failing = runner.invoke(cli, ["validate", "--root", str(project_dir), str(skeleton)])
    assert failing.exit_code == 1
    assert ("corpus/fr/code-env.ttl:43:5: wlx:citation still holds the placeholder "
            '"TODO: the citation as a lawyer writes it, e.g. s. 12(1)" — replace it with the real '
            "value, or delete the line if the law says nothing") in failing.output.splitlines()

    for placeholder, value in FILLED.items():
        text = text.replace(placeholder, value)
    assert not [line for line in text.splitlines() if "TODO" in line and not line.lstrip().startswith("#")]
    skeleton.write_text(text)
    coverage = project_dir / "corpus/fr/coverage.ttl"
    filled = coverage.read_text()
    for placeholder, value in FILLED.items():
        filled = filled.replace(placeholder, value)
    coverage.write_text(filled)
    passing = runner.invoke(cli, ["validate", "--root", str(project_dir)])
    assert passing.exit_code == 0, passing.output


def test_new_refuses_to_overwrite(runner, project_dir):
    args = ["new", "KE", "Test Act", "--slug", "test-act", "--root", str(project_dir)]
    result = runner.invoke(cli, args)
    assert result.exit_code == 1
    assert result.output.strip() == ("Error: corpus/ke/test-act.ttl already exists — edit it, "
                                     "or choose another --slug")


def test_new_rejects_an_unknown_code_with_the_valid_ones(runner, project_dir):
    result = runner.invoke(cli, ["new", "XK", "Test", "--root", str(project_dir)])
    assert result.exit_code == 1
    assert "unknown jurisdiction code 'XK'" in result.output
    assert re.search(r"the valid codes are: AD AE AF .* EU .* ZW", result.output)


def test_contributing_lists_the_current_code_lists():
    from conftest import REPO
    from kb.codelists import refresh
    from kb.ontology import load_ontology
    from kb.project import open_project

    guide = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert refresh(guide, load_ontology(open_project(REPO))) == guide, (
        "run: wildlex codelists --update CONTRIBUTING.md")
    assert "| `conduct:offer_for_sale` | offer for sale | offre de vente | oferta de venta |" in guide
