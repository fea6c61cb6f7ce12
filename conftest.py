"""Pytest set-up for the whole suite: markers, shared fixtures.

Docstring examples import what they use, so they pass from the source tree
and from an installed wheel alike; nothing is injected into their namespace.

The site is the one `make html` builds (``built_site``): `make test` builds it
first, and the site, gallery and browser tests all read that one build.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import matplotlib
import pytest
from hypothesis import settings

matplotlib.use("Agg")  # tests draw figures but never show them

# `make test` draws the same property-test cases on every run and every machine:
# the project selects this profile itself, whatever the environment says. No
# example database either, so a case found once is not replayed on later runs.
# Random exploration is `make fuzz` (pytest --hypothesis-profile=fuzz).
settings.register_profile("chainrule", derandomize=True, database=None)
settings.load_profile("chainrule")
# `make fuzz`: new random cases on every run, ten times as many (tests that set
# their own budget scale it with book.examples), and a failing case printed both
# as the call to paste into a test and as a @reproduce_failure blob.
settings.register_profile(
    "fuzz",
    derandomize=False,
    database=None,
    max_examples=1000,
    print_blob=True,
)

ROOT = Path(__file__).resolve().parent
#: Where `make html` builds the site (the Makefile's HTML_DIR).
HTML_DIR = ROOT / "docs" / "_build" / "html"
#: Sphinx's warning file there (`-w`, written by the Makefile's html rule).
WARNINGS_FILE = HTML_DIR / ".warnings"
#: Folders of a build that hold assets and sources, not pages.
NOT_PAGES = ("_static", "_sources", "_downloads", "_images")


@dataclass(frozen=True)
class BuiltSite:
    """A finished HTML build of the site, and what Sphinx printed making it."""

    html: Path
    warnings: str
    returncode: int
    log: str

    def pages(self) -> list[str]:
        """Every HTML page of the build, relative to its folder, index first."""
        pages = [
            path.relative_to(self.html).as_posix() for path in self.html.rglob("*.html")
        ]
        pages = [page for page in pages if page.split("/", 1)[0] not in NOT_PAGES]
        return sorted(pages, key=lambda page: (page != "index.html", page))


def pytest_report_header(config: pytest.Config) -> str:
    require = os.environ.get("CHAINRULE_REQUIRE_BROWSER", "0")
    return f"chainrule: CHAINRULE_REQUIRE_BROWSER={require}"


@pytest.fixture(autouse=True)
def _close_figures():
    """Close every Matplotlib figure a test opened, so memory stays flat."""
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


@pytest.fixture(scope="session")
def summary_line(request: pytest.FixtureRequest):
    """A function that prints one line on the terminal, past output capture.

    The verification tests use it to say how much they checked (gradients
    compared, hostile cases tried, pages visited).
    """
    config = request.config

    def write(line: str) -> None:
        reporter = config.pluginmanager.get_plugin("terminalreporter")
        capture = config.pluginmanager.get_plugin("capturemanager")
        if reporter is None or capture is None:  # only with -p no:terminal
            return
        with capture.global_and_fixture_disabled():
            reporter.write_line("")
            reporter.write_line(line)

    return write


@pytest.fixture
def rng():
    """A seeded generator, so random tests repeat exactly."""
    import numpy as np

    return np.random.default_rng(20190101)


def make_html(**variables: str) -> subprocess.CompletedProcess[str]:
    """Run `make html` with this environment's venv; return what it did.

    The Makefile's install step is marked as done (``-o``): the tests check the
    site of the environment they run in and never reinstall into it.
    """
    venv = Path(sys.prefix)
    if shutil.which("make") is None or not (venv / "bin" / "sphinx-build").is_file():
        pytest.fail(f"the site tests need make and sphinx-build in {venv}")
    command = ["make", "--no-print-directory", "-o", str(venv / ".installed-docs")]
    command += ["html", f"VENV={venv}"]
    command += [f"{name}={value}" for name, value in variables.items()]
    return subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, check=False
    )


def sphinx_warnings(text: str) -> str:
    """Sphinx's own warnings from its warning file.

    The notebook kernels that myst-nb starts share the build's stderr, and
    ipykernel logs a notice of its own ("[IPKernelApp] WARNING | Kernel is running
    over TCP ...") that is not a warning about the site; only that is dropped.
    """
    kept = [line for line in text.splitlines() if not line.startswith("[IPKernelApp]")]
    return "\n".join(kept)


@pytest.fixture(scope="session")
def run_make_html():
    """``make_html`` itself, for the tests of the Makefile's html rule."""
    return make_html


@pytest.fixture(scope="session")
def built_site() -> BuiltSite:
    """The site `make html` built in docs/_build/html, brought up to date.

    `make test` builds it first; run here, `make html` starts Sphinx only when a
    source is newer than that build, so the suite checks the very site a reader
    of the README builds, and builds it at most once.
    """
    done = make_html(HTML_DIR=str(HTML_DIR))
    log = done.stdout + done.stderr
    if done.returncode != 0 or not (HTML_DIR / "index.html").is_file():
        pytest.fail(f"`make html` failed (exit {done.returncode}):\n{log[-5000:]}")
    text = WARNINGS_FILE.read_text() if WARNINGS_FILE.exists() else ""
    return BuiltSite(HTML_DIR, sphinx_warnings(text), done.returncode, log)


@pytest.fixture(scope="session")
def site_html(built_site: BuiltSite) -> Path:
    """The folder of the session's built site."""
    return built_site.html


@pytest.fixture(scope="session")
def site_pages(built_site: BuiltSite) -> list[str]:
    """The HTML pages of the session's build (``BuiltSite.pages``)."""
    return built_site.pages()
