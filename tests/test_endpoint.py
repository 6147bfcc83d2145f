"""The same questions against a real Oxigraph server, which the test starts and stops."""


import pytest

from conftest import free_port, make_built_project, oxigraph_server, release_stores
from kb.cli import cli


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph")) as base:
        yield base


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return make_built_project(tmp_path_factory.mktemp("endpoint") / "project")


@pytest.fixture(scope="module")
def published(runner_module, project, server):
    release_stores()
    result = runner_module.invoke(cli, ["publish", "--endpoint", f"{server}/store",
                                        "--root", str(project)])
    assert result.exit_code == 0, result.output
    # One named graph per source file: the ontology's and the corpus's.
    ontology = len(list((project / "ontology").glob("*.ttl"))) - 1  # not shapes.ttl
    files = ontology + len(list((project / "corpus").rglob("*.ttl")))
    assert result.output.startswith(f"published {files} graph(s)")
    return server


@pytest.fixture(scope="module")
def runner_module():
    from click.testing import CliRunner

    return CliRunner()


@pytest.mark.parametrize("args", [
    ["query", "matrix", "--as-of", "2019-06-01", "--format", "csv"],
    ["query", "provisions", "-p", "jurisdiction=GB", "--format", "json"],
    ["query", "criteria", "-p", "lang=es", "--format", "csv"],
    ["export", "--format", "csv", "--as-of", "2026-06-01"],
    ["compare", "KE", "GB", "FR", "--as-of", "2026-06-01"],
    ["recommend", "KE", "--as-of", "2026-06-01"],
])
def test_embedded_and_remote_answers_are_identical(runner_module, project, published, args):
    release_stores()
    local = runner_module.invoke(cli, [*args, "--root", str(project)])
    release_stores()
    remote = runner_module.invoke(cli, [*args, "--root", str(project),
                                        "--endpoint", f"{published}/query"])
    assert local.exit_code == 0 and remote.exit_code == 0, remote.output
    assert remote.output == local.output


def test_a_server_that_is_down_is_a_clear_error(runner_module, project):
    result = runner_module.invoke(cli, ["query", "matrix", "--root", str(project),
                                        "--endpoint", f"http://127.0.0.1:{free_port()}/query"])
    assert result.exit_code == 1
    assert "cannot reach http://127.0.0.1:" in result.output
    assert "check the address and that the server is running" in result.output


def test_a_server_error_is_reported_with_its_status(runner_module, project, server):
    result = runner_module.invoke(cli, ["query", "matrix", "--root", str(project),
                                        "--endpoint", f"{server}/no-such-service"])
    assert result.exit_code == 1
    assert "answered HTTP 404" in result.output
