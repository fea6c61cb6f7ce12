"""`make html` starts Sphinx only when the site may have changed.

The Makefile keeps a stamp in the output folder: Sphinx runs when a source is newer
than the last successful build, or when the build options differ from the last
build's. These tests run the real `make html` on a copy of the site the suite
checks (Sphinx then finds nothing to read, so each run that starts it costs only
its start-up): the other tests read the site itself at the same time (xdist).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.site


@pytest.fixture(scope="module")
def site(built_site, tmp_path_factory) -> Path:
    """A copy of the session's site, with its stamps and their times."""
    copy = tmp_path_factory.mktemp("make-html") / "html"
    shutil.copytree(built_site.html, copy, symlinks=True)
    return copy


@pytest.fixture
def make_html_output(site, run_make_html):
    """`make html` on the copy of the site; what it printed. Fails if make fails."""

    def run() -> str:
        done = run_make_html(HTML_DIR=str(site))
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout + done.stderr

    return run


def sphinx_ran(output: str) -> bool:
    return "Running Sphinx" in output


def test_nothing_changed_means_no_sphinx(site, make_html_output):
    output = make_html_output()
    assert not sphinx_ran(output)
    assert f"The site is in {site}/index.html" in output


def test_a_newer_source_starts_sphinx(site, make_html_output):
    stamp = site / ".built"
    os.utime(stamp, (0, 0))  # every source is now newer than the last build
    output = make_html_output()
    assert sphinx_ran(output)
    assert "build succeeded" in output
    assert stamp.stat().st_mtime > 0
    assert not sphinx_ran(make_html_output())


def test_other_options_start_sphinx(site, make_html_output):
    options = site / ".sphinxopts"
    own = options.read_text()
    options.write_text(own.strip() + " -T\n")  # as if last built with other options
    assert sphinx_ran(make_html_output())
    assert options.read_text() == own  # make's own options are recorded again
    assert not sphinx_ran(make_html_output())


def test_a_library_change_makes_every_page_and_example_run_again(site):
    """Page and example outputs come from running src/chainrule: after it changes,
    the page cache and the gallery's outputs are stale, and make removes them.

    A dry run (``make -n``) shows what make would do, without a full rebuild.
    """
    stamp = site / ".library"
    assert stamp.is_file()
    kept = stamp.stat().st_mtime
    os.utime(stamp, (0, 0))  # as if the library changed after the last build
    try:
        venv = Path(sys.prefix)
        command = ["make", "-n", "--no-print-directory"]
        command += ["-o", str(venv / ".installed-docs"), "html", f"VENV={venv}"]
        command += [f"HTML_DIR={site}"]
        done = subprocess.run(
            command,
            cwd=Path(__file__).resolve().parent.parent,
            capture_output=True,
            text=True,
            check=True,
        )
    finally:
        os.utime(stamp, (kept, kept))
    assert "rm -rf docs/_build/.jupyter_cache docs/auto_examples" in done.stdout
    assert "sphinx-build" in done.stdout
