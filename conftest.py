"""Pytest set-up for the whole suite: markers, shared fixtures.

Docstring examples import what they use, so they pass from the source tree
and from an installed wheel alike; nothing is injected into their namespace.

The site is built once per test session (``built_site``), exactly as
``make html`` builds it, and shared by the site, gallery and browser tests.
"""

from __future__ import annotations

import os
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
DOCS = ROOT / "docs"

#: The options `make html` passes to sphinx-build; the site test uses the same.
SPHINX_OPTIONS = ["-W", "--keep-going", "-n", "-j", "auto"]
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


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--built-site",
        default=os.environ.get("CHAINRULE_BUILT_SITE"),
        help="reuse this already built HTML folder instead of building the site "
        "(for quick local runs; CI always builds)",
    )


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


def build_site(out: Path, *extra_options: str) -> BuiltSite:
    """Build the site into ``out`` with the options `make html` uses.

    ``extra_options`` are added to them, e.g. ``"-D", "nb_execution_mode=force"``
    to re-run every notebook instead of reusing the execution cache.
    """
    warnings_file = out.parent / "sphinx-warnings.txt"
    command = [
        sys.executable,
        "-m",
        "sphinx",
        *SPHINX_OPTIONS,
        *extra_options,
        "-w",
        str(warnings_file),
        "-b",
        "html",
        str(DOCS),
        str(out),
    ]
    done = subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, check=False
    )
    text = warnings_file.read_text() if warnings_file.exists() else ""
    return BuiltSite(
        out, sphinx_warnings(text), done.returncode, done.stdout + done.stderr
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
def site_builder():
    """``build_site`` itself, for tests that need a build of their own."""
    return build_site


@pytest.fixture(scope="session")
def built_site(request: pytest.FixtureRequest, tmp_path_factory) -> BuiltSite:
    """The site built once for the session into a temporary folder."""
    reuse = request.config.getoption("--built-site")
    if reuse:
        return BuiltSite(Path(reuse), "", 0, "(reused an existing build)")
    out = tmp_path_factory.mktemp("site") / "html"
    return build_site(out)


@pytest.fixture(scope="session")
def site_html(built_site: BuiltSite) -> Path:
    """The session's built site, once it is known to have a home page."""
    assert (built_site.html / "index.html").is_file(), (
        f"no index.html in {built_site.html}: the build failed\n{built_site.log[-3000:]}"
    )
    return built_site.html


@pytest.fixture(scope="session")
def site_pages(site_html: Path, built_site: BuiltSite) -> list[str]:
    """The HTML pages of the session's build (``BuiltSite.pages``).

    It asks for ``site_html`` so that a failed build is reported as such.
    """
    return built_site.pages()
