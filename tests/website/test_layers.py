"""The import contract in pyproject.toml: core below the apps, companies < jobs < guides, the
site app above them, config on top. `make test` runs lint-imports on the tree; these tests show
that the contract holds and that it catches a forbidden import."""

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

pytestmark = pytest.mark.subprocess

ROOT = Path(__file__).resolve().parents[2]
# Every package the contract names, as pyproject.toml lists them.
PACKAGES = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"][
    "root_packages"
]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(tree: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [LINT_IMPORTS, "--no-cache"],
        cwd=tree,
        env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )


def copy_of_the_tree(tmp_path: Path) -> Path:
    for package in PACKAGES:
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("*.pyc"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_the_tree_keeps_the_import_contract(tmp_path):
    result = lint_imports(copy_of_the_tree(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_the_directory_importing_the_job_board_breaks_the_contract(tmp_path):
    tree = copy_of_the_tree(tmp_path)
    with (tree / "companies" / "models.py").open("a") as models:
        models.write("\nimport jobs.models  # noqa\n")
    result = lint_imports(tree)
    assert result.returncode != 0
    assert "companies.models -> jobs.models" in result.stdout


def test_core_importing_an_app_breaks_the_contract(tmp_path):
    tree = copy_of_the_tree(tmp_path)
    with (tree / "core" / "markdown.py").open("a") as module:
        module.write("\nfrom guides.models import Guide  # noqa\n")
    result = lint_imports(tree)
    assert result.returncode != 0
    assert "core.markdown -> guides.models" in result.stdout
