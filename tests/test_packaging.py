"""Wildlex as a tool others install: the wheel, `wildlex init`, a project found as git does."""

from __future__ import annotations

import os
import shutil
import site
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from conftest import DATA, REPO
from kb.cli import cli

# What the wheel is built from (setup.py, MANIFEST.in): copied aside so that the build
# neither writes into the checkout's build/ nor picks up untracked files.
SOURCES = ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "LICENSE", "LICENSE-DATA",
           "kb", "ontology", "queries", "site")


def run(*command, cwd: Path, env=None) -> subprocess.CompletedProcess:
    result = subprocess.run([str(c) for c in command], cwd=cwd, env=env, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    source = tmp_path_factory.mktemp("source")
    for name in SOURCES:
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(REPO / name, source / name)
    wheels = tmp_path_factory.mktemp("wheels")
    # No build isolation and no index: the build uses this environment's setuptools and
    # never the network.
    run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-index",
        "--no-build-isolation", "--wheel-dir", wheels, source, cwd=source)
    (built,) = wheels.glob("wildlex-*.whl")
    return built


def test_the_wheel_holds_every_module_and_every_default_file(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    modules = {p.relative_to(REPO).as_posix() for p in (REPO / "kb").rglob("*.py")}
    assert modules - names == set()
    defaults = {f"kb/defaults/{p.relative_to(REPO).as_posix()}"
                for folder in ("ontology", "queries", "site") for p in (REPO / folder).rglob("*")
                if p.is_file()}
    assert "kb/defaults/ontology/criteria.ttl" in defaults
    assert defaults - names == set()
    assert {"wildlex-0.1.0.dist-info/licenses/LICENSE",
            "wildlex-0.1.0.dist-info/licenses/LICENSE-DATA"} <= names
    metadata = zipfile.ZipFile(wheel).read("wildlex-0.1.0.dist-info/METADATA").decode()
    assert "License-Expression: Apache-2.0" in metadata


@pytest.mark.slow
def test_an_installed_wheel_builds_a_project_made_by_init(wheel, tmp_path):
    """Installed outside the checkout, in a fresh virtual environment that sees this
    environment's dependencies (through a .pth file) but not its wildlex."""
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=tmp_path)
    python = venv / "bin" / "python"
    purelib = Path(run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))",
                       cwd=tmp_path).stdout.strip())
    # The .pth adds the folder to sys.path without running the .pth files in it, so
    # this checkout's editable install stays invisible.
    (purelib / "dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n"
                                             + "\n".join(site.getsitepackages()) + "\n")
    run(sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-deps",
        "--no-index", wheel, cwd=tmp_path)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    wildlex = venv / "bin" / "wildlex"

    where = run(python, "-c", "import kb; print(kb.__file__)", cwd=tmp_path, env=env).stdout
    assert Path(where.strip()).is_relative_to(venv)
    assert "init" in run(wildlex, "--help", cwd=tmp_path, env=env).stdout

    run(wildlex, "init", "portal", cwd=tmp_path, env=env)
    project = tmp_path / "portal"
    assert sorted(p.name for p in project.iterdir()) == [".gitignore", "README.md", "corpus",
                                                         "wildlex.toml"]
    shutil.copytree(DATA / "corpus" / "gb", project / "corpus" / "gb")
    # From a sub-folder, as a contributor would.
    assert "2 file(s) valid" in run(wildlex, "validate", cwd=project / "corpus" / "gb",
                                    env=env).stdout
    run(wildlex, "build", "--quiet", cwd=project, env=env)
    site_dir = project / "build" / "site"
    assert (site_dir / "en" / "gb" / "test-act" / "index.html").is_file()
    assert (site_dir / "static" / "style.css").is_file()
    assert "Test Online Wildlife Trade Act" in (site_dir / "fr" / "gb" / "index.html").read_text()
    # Source graphs name the packaged default files as a checkout would, not by their path.
    data = (site_dir / "data" / "wildlex.nq").read_text()
    assert "<https://w3id.org/wildlex/source/ontology/criteria.ttl>" in data
    assert str(venv) not in data


def test_a_command_run_in_a_sub_folder_finds_the_project(runner, project_dir, monkeypatch):
    monkeypatch.chdir(project_dir / "corpus" / "ke")
    result = runner.invoke(cli, ["validate"])
    assert result.exit_code == 0, result.output
    assert result.output.endswith("file(s) valid\n")


def test_outside_any_project_the_message_says_how_to_make_one(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["validate"])
    assert result.exit_code == 1
    assert (f"no Wildlex project in {tmp_path.resolve()} or any folder above it") in result.output
    assert "wildlex init DIR" in result.output


def test_init_makes_a_project_that_validates_and_finds_itself(runner, tmp_path, monkeypatch):
    result = runner.invoke(cli, ["init", str(tmp_path / "mine")])
    assert result.exit_code == 0, result.output
    shutil.copytree(DATA / "corpus" / "ke", tmp_path / "mine" / "corpus" / "ke")
    monkeypatch.chdir(tmp_path / "mine" / "corpus" / "ke")
    validated = runner.invoke(cli, ["validate"])
    assert validated.exit_code == 0, validated.output


def test_init_refuses_a_folder_in_use(runner, project_dir):
    result = runner.invoke(cli, ["init", str(project_dir)])
    assert result.exit_code == 1
    assert f"{project_dir} already exists and is not an empty folder" in result.output
    assert not (project_dir / "wildlex.toml").exists()


def test_init_copies_a_default_to_override_and_refuses_an_unknown_one(runner, tmp_path):
    made = runner.invoke(cli, ["init", str(tmp_path / "a"), "--override", "ontology/criteria.ttl"])
    assert made.exit_code == 0, made.output
    assert (tmp_path / "a/ontology/criteria.ttl").read_bytes() == (
        REPO / "ontology/criteria.ttl").read_bytes()
    unknown = runner.invoke(cli, ["init", str(tmp_path / "b"), "--override", "../setup.py"])
    assert unknown.exit_code == 1
    assert "--override ../setup.py: no such default file" in unknown.output
    assert "ontology/criteria.ttl" in unknown.output
    assert not (tmp_path / "b").exists()


def test_a_project_file_overrides_the_default_of_the_same_name(tmp_path):
    from kb.project import init_project, open_project

    init_project(tmp_path / "p", ["site/templates/base.html"])
    project = open_project(tmp_path / "p")
    assert project.file("site/templates/base.html") == tmp_path / "p/site/templates/base.html"
    assert project.file("site/templates/home.html") == REPO / "site/templates/home.html"
    assert project.layers("site/templates") == [tmp_path / "p/site/templates",
                                                 REPO / "site/templates"]
    assert [p.name for p in project.query_files()] == sorted(
        p.name for p in (REPO / "queries").glob("*.rq"))
    (tmp_path / "p/ontology").mkdir()
    (tmp_path / "p/ontology/criteria.ttl").write_text("# mine\n")
    chosen = {p.name: p for p in project.ontology_files()}
    assert chosen["criteria.ttl"] == tmp_path / "p/ontology/criteria.ttl"
    assert chosen["codelists.ttl"] == REPO / "ontology/codelists.ttl"
    assert "shapes.ttl" not in chosen


def test_a_default_file_is_named_as_the_project_s_own_would_be(tmp_path):
    """Source graphs and messages must not depend on where Wildlex is installed."""
    from kb.project import init_project, open_project
    from kb.store import graph_name

    init_project(tmp_path / "p")
    project = open_project(tmp_path / "p")
    criteria = project.file("ontology/criteria.ttl")
    assert criteria == REPO / "ontology/criteria.ttl"
    assert project.display(criteria) == "ontology/criteria.ttl"
    assert graph_name(project, criteria).value == (
        "https://w3id.org/wildlex/source/ontology/criteria.ttl")
