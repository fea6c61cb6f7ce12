"""`make html` starts Sphinx only when the site may have changed.

The Makefile keeps a stamp in the output folder: Sphinx runs when a source is newer
than the last successful build, or when the build options differ from the last
build's. These tests point `make html` at one-page projects of their own (the
Makefile's SPHINX_SOURCE and HTML_DIR), each a second's Sphinx run, while the
other tests read the site itself (xdist); the sources make compares are still the
repository's. One of them checks the retry after a page kernel that died as it
started.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

pytestmark = pytest.mark.site


@pytest.fixture(scope="module")
def project(tmp_path_factory, run_make_html) -> dict[str, str]:
    """A built one-page project without notebooks; the variables that point `make
    html` at it."""
    conf = 'extensions = ["myst_parser"]\n'
    variables = tiny_project(tmp_path_factory.mktemp("make-html"), conf, PLAIN_PAGE)
    done = run_make_html(**variables)
    assert done.returncode == 0 and "build succeeded" in done.stdout, done.stdout
    return variables


@pytest.fixture
def make_html_output(project, run_make_html):
    """`make html` on that project; what it printed. Fails if make fails."""

    def run() -> str:
        done = run_make_html(**project)
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout + done.stderr

    return run


def sphinx_ran(output: str) -> bool:
    return "Running Sphinx" in output


def test_nothing_changed_means_no_sphinx(project, make_html_output):
    output = make_html_output()
    assert not sphinx_ran(output)
    assert f"The site is in {project['HTML_DIR']}/index.html" in output


def test_a_newer_source_starts_sphinx(project, make_html_output):
    stamp = Path(project["HTML_DIR"], ".built")
    os.utime(stamp, (0, 0))  # every source is now newer than the last build
    output = make_html_output()
    assert sphinx_ran(output)
    assert "build succeeded" in output
    assert stamp.stat().st_mtime > 0
    assert not sphinx_ran(make_html_output())


def test_other_options_start_sphinx(project, make_html_output):
    options = Path(project["HTML_DIR"], ".sphinxopts")
    own = options.read_text()
    options.write_text(own.strip() + " -T\n")  # as if last built with other options
    assert sphinx_ran(make_html_output())
    assert options.read_text() == own  # make's own options are recorded again
    assert not sphinx_ran(make_html_output())


def test_a_library_change_makes_every_page_and_example_run_again(
    project, run_make_html
):
    """Page and example outputs come from running src/chainrule: after it changes,
    the page cache and the gallery's outputs are stale, and make removes them.

    A dry run (``make -n``) shows what make would do, without a full rebuild.
    """
    stamp = Path(project["HTML_DIR"], ".library")
    assert stamp.is_file()
    kept = stamp.stat().st_mtime
    os.utime(stamp, (0, 0))  # as if the library changed after the last build
    try:
        done = run_make_html("-n", **project)
    finally:
        os.utime(stamp, (kept, kept))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "rm -rf docs/_build/.jupyter_cache docs/auto_examples" in done.stdout
    assert "sphinx-build" in done.stdout


@pytest.mark.parametrize(
    ("source", "rebuilt"),
    [
        ("src/chainrule/functions.py", True),
        ("README.md", True),
        ("docs/index.md", False),
    ],
)
def test_the_served_wheel_is_built_again_when_what_it_is_made_of_changes(
    project, run_make_html, source, rebuilt
):
    """The wheel and sdist the site serves (`make package`) are built again when a file
    they are made from is newer, and only then (``-W``: as if it were, untouched)."""
    done = run_make_html("-n", "-W", source, **project)
    assert done.returncode == 0, done.stdout + done.stderr
    assert ("-m build" in done.stdout) == rebuilt, done.stdout


# -- jupyter_client#154: a page's kernel that dies as it starts ----------------------

#: On the path of every process of the build below: the first kernel to start
#: (``python -m ipykernel_launcher -f <connection file>``: when this runs, the module's
#: name is not yet in ``sys.argv``) exits at once, as one does whose port was taken.
FIRST_KERNEL_DIES = """import os, sys
from pathlib import Path

died = Path(__file__).with_name("died")
if sys.argv[:2] == ["-m", "-f"]:
    if not died.exists():
        died.touch()
        os._exit(1)
"""
NOTEBOOK_PAGE = """---
kernelspec: {name: python3, display_name: Python 3}
jupytext: {text_representation: {format_name: myst}}
---
# A page

```{code-cell} python
print(6 * 7)
```
"""


PLAIN_PAGE = "# A page\n\nNo code on it.\n"


def tiny_project(folder: Path, conf: str, page: str = NOTEBOOK_PAGE) -> dict[str, str]:
    """A one-page project (a MyST-NB notebook, unless ``page`` says otherwise) and
    an empty output folder whose stamps are up to date (make neither clears the
    site's page cache nor reinstalls); the variables that point `make html` at them."""
    docs, html = folder / "docs", folder / "html"
    docs.mkdir(parents=True)
    html.mkdir()
    (docs / "conf.py").write_text(conf)
    (docs / "index.md").write_text(page)
    for stamp in (".library", ".configuration"):
        (html / stamp).touch()
    return {"SPHINX_SOURCE": str(docs), "HTML_DIR": str(html), "SPHINXOPTS": "-W"}


def test_sphinx_runs_once_more_when_a_page_kernel_dies_as_it_starts(
    tmp_path, monkeypatch, run_make_html
):
    """A real kernel dies as it starts (jupyter_client#154 kills one in about 200
    here): make runs Sphinx again, which runs the page, and the build succeeds."""
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(FIRST_KERNEL_DIES)
    monkeypatch.setenv("PYTHONPATH", str(hook))
    # the page cache: myst-nb's default, project/.jupyter_cache beside the output
    conf = 'extensions = ["myst_nb"]\nnb_execution_mode = "cache"\n'
    variables = tiny_project(tmp_path / "project", conf)
    done = run_make_html(**variables)
    output = done.stdout + done.stderr
    assert (hook / "died").exists(), output  # the first kernel did die
    assert done.returncode == 0, output
    assert "Kernel died before replying to kernel_info" in output
    assert output.count("Running Sphinx") == 2
    page = Path(variables["HTML_DIR"], "index.html").read_text(encoding="utf-8")
    assert "42" in page


def test_sphinx_runs_once_when_the_build_fails_otherwise(tmp_path, run_make_html):
    """Any other failure is the build's answer: a second run could pass only by
    not reading again what warned."""
    conf = 'extensions = ["myst_nb", "no_such_extension"]\n'
    done = run_make_html(**tiny_project(tmp_path, conf))
    output = done.stdout + done.stderr
    assert done.returncode != 0
    assert "no_such_extension" in output
    assert output.count("Running Sphinx") == 1
