"""Pytest set-up for the whole suite: markers, shared fixtures.

Docstring examples import what they use, so they pass from the source tree
and from an installed wheel alike; nothing is injected into their namespace.

The site is the one `make html` builds (``built_site``): `make test` builds it
first, and the site, gallery and browser tests all read that one build.
"""

from __future__ import annotations

import functools
import html
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import urljoin, urlsplit

import matplotlib
import pytest
from hypothesis import HealthCheck, settings

matplotlib.use("Agg")  # tests draw figures but never show them

# `make test` draws the same property-test cases on every run and every machine:
# the project selects this profile itself, whatever the environment says. No
# example database either, so a case found once is not replayed on later runs.
# Random exploration is `make fuzz` (pytest --hypothesis-profile=fuzz).
# No deadline and no too-slow health check: both time the machine, not the code,
# and would fail on a loaded machine (speed is measured by `make bench`).
settings.register_profile(
    "chainrule",
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
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
#: Folders of a build that hold assets and sources, not pages (issue 15: "simple",
#: the site's package index, is for pip).
NOT_PAGES = ("_static", "_sources", "_downloads", "_images", "simple")


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


#: What coverage does not trace (pytest-cov's no_cover marker): the tests of the
#: built site, the browser's and the wheel's (by their marks), and the property tests
#: that run src/ to check other things. The tests of src/ cover all of it without
#: them, and tracing made these 1.1 to 2 times slower (test_hostile_input.py: 19.5 s,
#: not 11.1 s).
NOT_TRACED_MARKS = {"site", "browser", "wheel"}
NOT_TRACED_FILES = {"test_hostile_input.py", "test_autodiff.py"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        marks = {mark.name for mark in item.iter_markers()}
        if item.path.name in NOT_TRACED_FILES or marks & NOT_TRACED_MARKS:
            item.add_marker(pytest.mark.no_cover)


@pytest.fixture(autouse=True)
def _close_figures():
    """Close every Matplotlib figure a test opened, so memory stays flat."""
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


#: The lines the verification tests print after the run (``summary_line``).
SUMMARY = pytest.StashKey[list[str]]()


@pytest.fixture(scope="session")
def summary_line(request: pytest.FixtureRequest):
    """A function that keeps one line to print at the end of the run.

    The verification tests use it to say how much they checked (gradients
    compared, hostile cases tried, pages visited). Under pytest-xdist each worker
    sends its lines to the main process (``workeroutput``), which prints them all.
    """
    return request.config.stash.setdefault(SUMMARY, []).append


def pytest_sessionfinish(session: pytest.Session) -> None:
    if hasattr(session.config, "workeroutput"):  # an xdist worker
        session.config.workeroutput["summary"] = session.config.stash.get(SUMMARY, [])


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error) -> None:  # xdist: a worker has finished
    lines = node.config.stash.setdefault(SUMMARY, [])
    lines += getattr(node, "workeroutput", {}).get("summary", [])


def pytest_terminal_summary(terminalreporter) -> None:
    lines = sorted(terminalreporter.config.stash.get(SUMMARY, []))
    if lines:
        terminalreporter.section("what the verification tests checked")
        for line in lines:
            terminalreporter.write_line(line)


@pytest.fixture
def rng():
    """A seeded generator, so random tests repeat exactly."""
    import numpy as np

    return np.random.default_rng(20190101)


def make_html(*options: str, **variables: str) -> subprocess.CompletedProcess[str]:
    """Run `make html` with this environment's venv; return what it did.

    The Makefile's install step is marked as done (``-o``): the tests check the
    site of the environment they run in and never reinstall into it.
    """
    venv = Path(sys.prefix)
    if shutil.which("make") is None or not (venv / "bin" / "sphinx-build").is_file():
        pytest.fail(f"the site tests need make and sphinx-build in {venv}")
    command = ["make", *options, "--no-print-directory"]
    command += ["-o", str(venv / ".installed-docs")]
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
def docs_extension():
    """``docs_extension(name)``: the module docs/_ext/<name>.py, loaded from its
    file (docs/conf.py puts that folder on Sphinx's path, not on the tests')."""
    import importlib.util

    def load(name: str):
        path = ROOT / "docs" / "_ext" / f"{name}.py"
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module

    return load


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


# -- issue 15: the built site served on 127.0.0.1, and a reader's environment ------


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="session")
def served_site(built_site: BuiltSite) -> Iterator[str]:
    """The session's site served over HTTP on 127.0.0.1, as ``make serve`` serves
    it (on a free port: 8000 may be taken); its address, ending in a slash."""
    handler = functools.partial(_QuietHandler, directory=str(built_site.html))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def reader_environ() -> dict[str, str]:
    """The environment of a reader's programs: no repository on the path, no
    startup file; Matplotlib draws off screen (Agg), as without a display. Python
    caches the bytecode of what it imports, as it does by default (a machine that
    turns that off made each of the reader's processes compile its imports again,
    1.7 s of CPU for NumPy, Matplotlib and the kernel)."""
    drop = {"PYTHONPATH", "MPLBACKEND", "PYTHONSTARTUP", "VIRTUAL_ENV"}
    drop |= {"PYTHONDONTWRITEBYTECODE"}
    env = {key: value for key, value in os.environ.items() if key not in drop}
    return env | {"MPLBACKEND": "Agg"}


@dataclass(frozen=True)
class ReaderEnv:
    """A fresh virtual environment with chainrule installed from the served site."""

    python: Path
    #: The environment its programs run in (``reader_environ``).
    environ: dict[str, str]
    #: The install command that was run, with the served address in it.
    command: list[str]
    #: pip's own record of what it installed (``pip install --report``).
    report: dict
    log: str


@pytest.fixture(scope="session")
def reader_env(built_site, served_site, tmp_path_factory) -> ReaderEnv:
    """One fresh virtual environment for the session, as a reader makes it.

    The install is the site's own command, ``pip install --extra-index-url
    <site>/simple/ chainrule``, against the served site; with it, in the same
    call, ipykernel (the kernel a reader's Jupyter starts in the environment) and
    pip itself (which a notebook's ``%pip`` runs). NumPy and Matplotlib come from
    the usual index, or pip's cache; constraints.txt pins the versions the site
    was built with, so that the notebooks print what the pages show.
    """
    import venv

    home = tmp_path_factory.mktemp("reader")
    env_dir = home / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    report = home / "pip-report.json"
    command = ["install", "--extra-index-url", f"{served_site}simple/", "chainrule"]
    pip = [sys.executable, "-m", "pip", "--python", str(python)]
    also = ["ipykernel", "pip", "--constraint", str(ROOT / "constraints.txt")]
    done = subprocess.run(
        [*pip, *command, *also, "--no-compile", "--report", str(report)],
        cwd=home,
        env=reader_environ(),
        capture_output=True,
        text=True,
        check=False,
    )
    log = done.stdout + done.stderr
    if done.returncode != 0:
        pytest.fail(f"installing chainrule from {served_site}simple/ failed:\n{log}")
    return ReaderEnv(
        python, reader_environ(), ["pip", *command], json.loads(report.read_text()), log
    )


#: A download link, as Sphinx writes one (the download role, sphinx-gallery's
#: buttons and the page notebooks' boxes all use it).
DOWNLOAD_LINK = re.compile(r'<a class="reference download internal"[^>]*href="([^"]+)"')


@pytest.fixture(scope="session")
def fetch_download(served_site):
    """``fetch_download(page, filename, folder)``: open ``page`` of the served site,
    follow its download link to ``filename``, and save the file in ``folder``, as a
    reader's click does. Returns the saved file."""

    def get(url: str) -> bytes:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.read()

    def fetch(page: str, filename: str, folder: Path) -> Path:
        page_url = urljoin(served_site, page)
        text = get(page_url).decode("utf-8")
        hrefs = [
            link
            for link in map(html.unescape, DOWNLOAD_LINK.findall(text))
            if PurePosixPath(urlsplit(link).path).name == filename
        ]
        if len(hrefs) != 1:
            pytest.fail(f"{page} links {len(hrefs)} downloads of {filename}")
        saved = folder / filename
        saved.write_bytes(get(urljoin(page_url, hrefs[0])))
        return saved

    return fetch
