"""Shared fixtures: a throw-away copy of the mini project, and a CLI runner."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

REPO = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


def make_project(target: Path, corpus: Path = DATA / "corpus") -> Path:
    """A project folder with the real ontology and the given corpus."""
    shutil.copytree(REPO / "ontology", target / "ontology")
    shutil.copytree(corpus, target / "corpus")
    return target


@pytest.fixture
def project_dir(tmp_path) -> Path:
    return make_project(tmp_path / "project")


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()
