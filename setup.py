"""What pyproject.toml cannot say: the project folders ontology/, queries/ and site/
ship inside the wheel as kb/defaults/…, so that an installed `wildlex` works in a project
that holds only corpus/. The repository keeps one copy of each: these folders."""

from setuptools import find_namespace_packages, setup

DEFAULTS = {"kb.defaults.ontology": "ontology", "kb.defaults.queries": "queries",
            "kb.defaults.site": "site"}


def packages_under(package: str, folder: str) -> list[str]:
    """`package` and every folder below `folder` as a package (data folders included)."""
    found = find_namespace_packages(where=folder, exclude=["__pycache__", "*.__pycache__"])
    return [package] + [f"{package}.{name}" for name in found]


setup(
    packages=[name for package, folder in {"kb": "kb", **DEFAULTS}.items()
              for name in packages_under(package, folder)],
    package_dir=DEFAULTS,
    package_data={"": ["*"]},
    exclude_package_data={"": ["*.pyc", "*~", ".*"]},
)
