"""The package as a pip user gets it: the wheel the site's package index serves
(built with the site), in a fresh virtual environment."""

from __future__ import annotations

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.wheel


def run(*command: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [str(part) for part in command], cwd=cwd, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return done


@pytest.fixture(scope="module")
def wheel(built_site) -> Path:
    (served,) = (built_site.html / "simple" / "chainrule").glob("chainrule-*.whl")
    return served


def test_wheel_holds_the_package_and_nothing_else(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    modules = {Path(n).name for n in names if n.startswith("chainrule/")}
    sources = {path.name for path in (ROOT / "src" / "chainrule").iterdir()}
    assert modules == sources - {"__pycache__"}
    assert not [n for n in names if n.startswith(("tests/", "docs/", "gallery/"))]


def test_doctests_pass_against_the_installed_wheel(wheel, tmp_path):
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    # this environment's pip installs into the new one (pip --python): the same
    # install, without bootstrapping a pip of its own first
    pip = [sys.executable, "-m", "pip", "--python", python, "install", "--quiet"]
    run(*pip, "--no-compile", wheel, "pytest", cwd=tmp_path)

    where = run(
        python, "-c", "import chainrule; print(chainrule.__file__)", cwd=tmp_path
    )
    assert str(env_dir) in where.stdout  # the installed copy, not the source tree

    done = run(
        python,
        "-m",
        "pytest",
        "--doctest-modules",
        "--pyargs",
        "chainrule",
        "-p",
        "no:cacheprovider",
        "-q",
        cwd=tmp_path,
    )
    assert " passed" in done.stdout and "failed" not in done.stdout
