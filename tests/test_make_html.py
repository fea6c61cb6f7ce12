"""`make html` starts Sphinx only when the site may have changed.

The Makefile keeps a stamp in the output folder: Sphinx runs when a source is newer
than the last successful build, or when the build options differ. These tests run
the real `make html` on the session's built site (Sphinx then finds nothing to read,
so each run that starts it costs only its start-up).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.site

ROOT = Path(__file__).resolve().parent.parent
VENV = Path(sys.prefix)


def make_html(site: Path, sphinxopts: str | None = None) -> str:
    """Run `make html` into ``site`` with this environment; return what it printed."""
    if shutil.which("make") is None or not (VENV / "bin" / "sphinx-build").exists():
        pytest.skip("needs make and sphinx-build in the running environment")
    command = ["make", "--no-print-directory", "html", f"VENV={VENV}"]
    command += ["-o", str(VENV / ".installed-docs"), f"HTML_DIR={site}"]
    if sphinxopts is not None:
        command.append(f"SPHINXOPTS={sphinxopts}")
    done = subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout + done.stderr


def sphinx_ran(output: str) -> bool:
    return "Running Sphinx" in output


@pytest.fixture(scope="module")
def site(built_site) -> Path:
    """The session's site, brought under make's stamp by one `make html`."""
    make_html(built_site.html)
    assert (built_site.html / ".built").is_file()
    return built_site.html


def test_nothing_changed_means_no_sphinx(site):
    output = make_html(site)
    assert not sphinx_ran(output)
    assert f"The site is in {site}/index.html" in output


def test_a_newer_source_starts_sphinx(site):
    stamp = site / ".built"
    os.utime(stamp, (0, 0))  # every source is now newer than the last build
    output = make_html(site)
    assert sphinx_ran(output)
    assert "build succeeded" in output
    assert stamp.stat().st_mtime > 0
    assert not sphinx_ran(make_html(site))


def test_other_options_start_sphinx(site):
    default = (site / ".sphinxopts").read_text().strip()
    assert sphinx_ran(make_html(site, default + " -T"))
    assert not sphinx_ran(make_html(site, default + " -T"))
    assert sphinx_ran(make_html(site))  # and back to make's own options
