"""What a reader downloads, run as a reader runs it; and the book's own code.

The site `make html` built is served over HTTP on 127.0.0.1 (``served_site``).
Its install commands name the address the build baked into them: for a local
build, http://127.0.0.1:8000/, where `make serve` serves it. The tests serve the
site on a free port instead (port 8000 may be held by a reader's own `make serve`
or by another test run, and a test must not fail for that), check that every
downloaded file names the baked address, and swap it for the served one in the
install command before running the file: the only change made to a download.

One fresh virtual environment for the session (``reader_env``, conftest.py)
installs chainrule with the site's own command from the served index, NumPy and
Matplotlib from the usual index. Then every download runs in an empty folder:

* each gallery script with that environment's Python, once, in
  tests/test_gallery.py, which also checks what its figures hold;
* each page's notebook here, under nbclient, in a kernel of that environment,
  from its install cell on; it must print what the page shows.

A gallery example's notebook is not run again: it is checked to be its script's
code, cell for cell (tests/test_gallery.py), after the very install cell that
runs first in every page notebook here. So per `make test` the code of each
gallery example and of each page runs twice: the build, then its download. The
notebooks run two at a time, the machine having two cores.
"""

from __future__ import annotations

import asyncio
import hashlib
import html
import inspect
import io
import json
import re
import struct
import subprocess
import sys
import tarfile
import time
import urllib.request
import zipfile
from contextlib import redirect_stdout
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import numpy as np
import pytest

import chainrule

pytestmark = pytest.mark.site

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
GALLERY = ROOT / "gallery"

#: The command that installs chainrule from the site at an address (the issue's).
INSTALL = "pip install --extra-index-url {url}simple/ chainrule"
#: The address a local build names: where `make serve` serves it.
LOCAL_URL = "http://127.0.0.1:8000/"

EXAMPLES = sorted(path.stem for path in GALLERY.glob("plot_*.py"))
#: Pages that read the project's own files, and so offer no notebook (their front
#: matter says ``page_notebook: false``).
NO_NOTEBOOK = {"errata", "performance"}
#: Seconds a notebook cell may take (the build allows as much).
CELL_TIMEOUT = 120
#: Notebooks run at once.
AT_ONCE = 2
#: A page's front matter: what its notebook's install cell installs besides.
ALSO_INSTALLS = "page_notebook_also_installs"


def notebook_pages() -> list[str]:
    """The pages that are notebooks (MyST with code cells), read from docs/."""
    return sorted(
        path.stem
        for path in DOCS.glob("*.md")
        if path.read_text(encoding="utf-8").lstrip().startswith("---")
        and "```{code-cell}" in path.read_text(encoding="utf-8")
    )


PAGES = [page for page in notebook_pages() if page not in NO_NOTEBOOK]


def page_param(page: str):
    return pytest.param(page, id=page)


def get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=60) as response:
        return response.read()


# -- the address the build baked in ------------------------------------------------


@pytest.fixture(scope="module")
def baked_url(built_site) -> str:
    """The site's address as the build knows it: its landing page's canonical link."""
    index = (built_site.html / "index.html").read_text(encoding="utf-8")
    (href,) = re.findall(r'<link rel="canonical" href="([^"]+)"', index)
    assert href.endswith("index.html")
    return href.removesuffix("index.html")


def test_a_local_build_names_the_address_make_serve_serves(baked_url):
    """`make serve` serves docs/_build/html on the host and port the build names."""
    assert baked_url == LOCAL_URL  # READTHEDOCS_CANONICAL_URL is not set here
    done = subprocess.run(
        ["make", "-n", "--no-print-directory", "serve", f"VENV={sys.prefix}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    parts = urlsplit(baked_url)
    command = done.stdout.splitlines()[-1].split()
    assert command[1:4] == ["-m", "http.server", str(parts.port)]
    assert command[command.index("--bind") + 1] == parts.hostname
    assert command[command.index("--directory") + 1] == "docs/_build/html"


def test_the_landing_page_gives_the_command_and_says_where_it_is_served(
    built_site, baked_url
):
    text = (built_site.html / "index.html").read_text(encoding="utf-8")
    blocks = re.findall(
        r'<div class="highlight-shell[^"]*"><div class="highlight">'
        r"<pre>(.*?)</pre>",
        text,
        re.S,
    )
    shown = [html.unescape(re.sub(r"<[^>]+>", "", block)).strip() for block in blocks]
    assert INSTALL.format(url=baked_url) in shown
    prose = " ".join(html.unescape(re.sub(r"<[^>]+>", "", text)).split())
    assert f"served with the pages by make serve, on {baked_url}" in prose


def readme_commands(prefix: str) -> list[str]:
    """The README's console lines that start with ``prefix``."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"^```console\n(.*?)^```", readme, re.S | re.M)
    lines = [
        line.split("#")[0].strip() for block in blocks for line in block.splitlines()
    ]
    return [line for line in lines if line.startswith(prefix)]


def test_the_readme_names_no_install_command_that_fails(reader_env, served_site):
    """Its chainrule command is the one the reader's environment was made with;
    any other one installs a real package (checked by pip, without installing)."""
    commands = readme_commands("pip install")
    ours = INSTALL.format(url=LOCAL_URL)
    assert ours in commands, "the README does not give the site's install command"
    assert reader_env.command == INSTALL.format(url=served_site).split()
    for command in commands:
        if command == ours:
            continue
        pip = [sys.executable, "-m", "pip", "--python", str(reader_env.python)]
        pins = ["--constraint", str(ROOT / "constraints.txt")]
        done = subprocess.run(
            [*pip, *command.split()[1:], "--dry-run", "--quiet", *pins],
            env=reader_env.environ,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, f"{command!r} fails:\n{done.stderr[-2000:]}"


@pytest.mark.parametrize("name", EXAMPLES)
def test_each_example_header_gives_the_command(name):
    """The header names the local build's command; a site served elsewhere bakes
    its own address into a copy of the gallery (docs/_ext/site_index.py)."""
    import ast

    source = (GALLERY / f"{name}.py").read_text(encoding="utf-8")
    docstring = ast.get_docstring(ast.parse(source)) or ""
    assert source.count("pip install") == docstring.count("pip install") == 1
    assert INSTALL.format(url=LOCAL_URL) in docstring


def test_read_the_docs_gives_the_site_its_address(docs_extension):
    site_url = docs_extension("site_index").site_url
    hosted = "https://chainrule.readthedocs.io/en/latest"
    assert site_url({"READTHEDOCS_CANONICAL_URL": hosted}) == hosted + "/"
    assert site_url({"READTHEDOCS_CANONICAL_URL": hosted + "/"}) == hosted + "/"
    assert site_url({}) == LOCAL_URL


def test_a_site_served_elsewhere_bakes_its_address_into_the_gallery(
    tmp_path, docs_extension
):
    """The copy Read the Docs builds the gallery from: each script's install line
    names the hosted index, and nothing else changes."""
    hosted = "https://chainrule.readthedocs.io/en/latest/"
    copy = docs_extension("site_index").bake_gallery(
        GALLERY, tmp_path / "gallery", hosted
    )
    originals = sorted(
        path.relative_to(GALLERY)
        for path in GALLERY.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    )
    assert sorted(p.relative_to(copy) for p in copy.rglob("*") if p.is_file()) == (
        originals
    )
    for relative in originals:
        before = (GALLERY / relative).read_bytes()
        after = (copy / relative).read_bytes()
        if relative.suffix == ".py":
            local = INSTALL.format(url=LOCAL_URL).encode()
            assert after == before.replace(local, INSTALL.format(url=hosted).encode())
            assert after.count(INSTALL.format(url=hosted).encode()) == 1
        else:
            assert after == before


# -- the package index ------------------------------------------------------------


class Links(HTMLParser):
    """The anchors of a PEP 503 page: href and attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.anchors: list[dict[str, str]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.anchors.append({name: value or "" for name, value in attrs})


def anchors(url: str) -> list[dict[str, str]]:
    parser = Links()
    parser.feed(get(url).decode("utf-8"))
    return parser.anchors


@pytest.fixture(scope="module")
def distributions(served_site, tmp_path_factory) -> dict[str, Path]:
    """The files the served index lists, fetched by its links; by file name.
    Each file's sha256 is checked against its link's fragment on the way."""
    folder = tmp_path_factory.mktemp("index")
    project = urljoin(served_site, "simple/chainrule/")
    files = {}
    for anchor in anchors(project):
        url = urljoin(project, anchor["href"])
        fragment = urlsplit(url).fragment
        assert fragment.startswith("sha256="), url
        data = get(url.split("#")[0])
        assert hashlib.sha256(data).hexdigest() == fragment.removeprefix("sha256=")
        name = Path(urlsplit(url).path).name
        (folder / name).write_bytes(data)
        files[name] = folder / name
    return files


def test_the_simple_index_lists_chainrule(served_site):
    (anchor,) = anchors(urljoin(served_site, "simple/"))
    assert urljoin(urljoin(served_site, "simple/"), anchor["href"]) == urljoin(
        served_site, "simple/chainrule/"
    )


def test_the_project_page_lists_the_wheel_and_the_sdist(served_site, distributions):
    version = chainrule.__version__
    assert sorted(distributions) == [
        f"chainrule-{version}-py3-none-any.whl",
        f"chainrule-{version}.tar.gz",
    ]
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    (python,) = re.findall(r'^requires-python = "([^"]+)"$', pyproject, re.M)
    for anchor in anchors(urljoin(served_site, "simple/chainrule/")):
        assert anchor["data-requires-python"] == python


def test_the_wheel_is_this_library(distributions):
    (wheel,) = [path for name, path in distributions.items() if name.endswith(".whl")]
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        (metadata,) = [n for n in names if n.endswith(".dist-info/METADATA")]
        text = archive.read(metadata).decode("utf-8")
    modules = {Path(n).name for n in names if n.startswith("chainrule/")}
    sources = {p.name for p in (ROOT / "src" / "chainrule").glob("*.py")}
    assert modules == sources
    assert f"Version: {chainrule.__version__}\n" in text
    requires = re.findall(r"^Requires-Dist: (\w+)[^;\n]*$", text, re.M)
    assert sorted(requires) == ["matplotlib", "numpy"]  # the extras aside


def test_the_sdist_holds_the_sources(distributions):
    (sdist,) = [path for name, path in distributions.items() if name.endswith(".gz")]
    with tarfile.open(sdist) as archive:
        names = {Path(*Path(n).parts[1:]).as_posix() for n in archive.getnames()}
    for path in (ROOT / "src" / "chainrule").glob("*.py"):
        assert path.relative_to(ROOT).as_posix() in names
    assert "pyproject.toml" in names


def test_a_reader_installs_chainrule_from_the_served_index(reader_env, served_site):
    """pip took chainrule from the served site and NumPy and Matplotlib elsewhere;
    the environment imports the installed copy, not the source tree."""
    installed = {
        item["metadata"]["name"].lower(): item for item in reader_env.report["install"]
    }
    ours = installed["chainrule"]["download_info"]
    assert ours["url"].startswith(f"{served_site}simple/chainrule/chainrule-")
    assert ours["url"].endswith(".whl")
    for other in ("numpy", "matplotlib"):
        assert not installed[other]["download_info"]["url"].startswith(served_site)
    done = subprocess.run(
        [str(reader_env.python), "-c", "import chainrule; print(chainrule.__file__)"],
        cwd=reader_env.python.parents[2],
        env=reader_env.environ,
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.startswith(str(reader_env.python.parents[1]))


# -- the site's other files: favicon, metadata, sitemap --------------------------------


def test_favicon_ico_is_served_at_the_root(served_site):
    data = get(urljoin(served_site, "favicon.ico"))
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind) == (0, 1) and count >= 1, "not an icon file"
    from PIL import Image

    with Image.open(io.BytesIO(data)) as icon:
        assert icon.format == "ICO"
        assert (32, 32) in icon.info["sizes"]


def meta_tags(text: str) -> dict[str, str]:
    tags = {}
    for attributes in re.findall(r"<meta ([^>]+?)\s*/?>", text):
        found = dict(re.findall(r'(\w[\w:-]*)="([^"]*)"', attributes))
        key = found.get("property") or found.get("name")
        if key and "content" in found:
            tags[key] = html.unescape(found["content"])
    return tags


def test_every_page_has_a_description_opengraph_tags_and_the_favicon(
    built_site, site_pages, baked_url
):
    problems = []
    for page in site_pages:
        text = (built_site.html / page).read_text(encoding="utf-8")
        tags = meta_tags(text)
        for key in ("description", "og:title", "og:description", "og:url"):
            if not tags.get(key, "").strip():
                problems.append(f"{page}: no {key}")
        if tags.get("og:url") != urljoin(baked_url, page):
            problems.append(f"{page}: og:url {tags.get('og:url')!r}")
        icons = re.findall(r'<link rel="(?:shortcut )?icon" href="([^"]+)"', text)
        if (
            len(icons) != 1
            or not (built_site.html / page)
            .parent.joinpath(icons[0])
            .resolve()
            .is_file()
        ):
            problems.append(f"{page}: favicon links {icons}")
    assert not problems, "\n".join(problems)


def first_paragraph(page_source: str) -> str:
    """The first paragraph of a MyST page, as plain words."""
    body = re.sub(r"^---\n.*?\n---\n", "", page_source, flags=re.S)
    for block in re.split(r"\n\s*\n", body):
        block = block.strip()
        if block and not block.startswith(("(", "#", "```", ":::", "<", "%")):
            # a role's text without its explicit target: {ref}`words <target>`
            text = re.sub(r"\{[^}]+\}`([^`<]*?)\s*(?:<[^>`]*>)?`", r"\1", block)
            text = re.sub(r"[`*_]", "", text)
            return " ".join(text.split())
    return ""


@pytest.mark.parametrize("page", [p.stem for p in sorted(DOCS.glob("*.md"))])
def test_a_pages_description_is_its_first_paragraph(built_site, page):
    text = (built_site.html / f"{page}.html").read_text(encoding="utf-8")
    description = meta_tags(text)["description"].removesuffix("...")
    words = first_paragraph((DOCS / f"{page}.md").read_text(encoding="utf-8"))

    def letters(text: str) -> str:  # typographic quotes and spacing aside
        return re.sub(r"[^A-Za-z0-9]", "", text)

    assert len(letters(description)) > 60, description
    assert letters(description)[:100] in letters(words), f"{description!r} vs {words!r}"


def test_the_sitemap_lists_every_content_page(built_site, site_pages, baked_url):
    from xml.etree import ElementTree

    root = ElementTree.parse(built_site.html / "sitemap.xml").getroot()
    namespace = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    listed = [url.findtext(f"{namespace}loc") for url in root]
    generated = {"genindex.html", "search.html", "py-modindex.html"}
    content = [
        page
        for page in site_pages
        if page not in generated and not page.startswith("_modules/")
    ]
    assert listed == sorted(listed)
    assert sorted(listed) == sorted(urljoin(baked_url, page) for page in content)


# -- the notebooks, run as downloaded -------------------------------------------------


@dataclass
class NotebookRun:
    """A downloaded notebook, and the same notebook run in the reader's kernel."""

    downloaded: object  # nbformat.NotebookNode
    ran: object | None
    error: str
    seconds: float = 0.0


def notebook_of(page: str):
    """The page's MyST source as myst-nb reads it (its front matter as metadata)."""
    from myst_nb.core.read import myst_nb_reader_plugin

    return myst_nb_reader_plugin(str(DOCS / f"{page}.md"))


#: The tags a page's notebook follows (docs/_ext/page_notebooks.py): cells tagged
#: remove-cell are left out, and remove-input sources hidden; the rest only style.
FOLLOWED_TAGS = {"remove-cell", "remove-input", "hide-input", "solution"}
FOLLOWED_TAGS |= {"raises-exception"}


def test_the_notebooks_follow_every_tag_of_their_pages():
    """A tag that hides outputs only (remove-output, remove-stdout, ...) would leave
    in the notebook what the page does not show: page_notebooks.py follows none."""
    ignored = {
        f"{page}.md: {tag}"
        for page in PAGES
        for cell in notebook_of(page).cells
        for tag in cell.metadata.get("tags", [])
        if tag not in FOLLOWED_TAGS
    }
    assert not ignored, f"tags page_notebooks.py does not follow: {sorted(ignored)}"


def install_cell(url: str) -> str:
    return f"%{INSTALL.format(url=url)}"


def kernel_spec(reader_env, folder: Path) -> object:
    """A kernel spec manager that knows one kernel: the reader environment's."""
    from jupyter_client.kernelspec import KernelSpecManager

    spec = folder / "kernels" / "reader"
    spec.mkdir(parents=True)
    argv = [
        str(reader_env.python),
        "-m",
        "ipykernel_launcher",
        "-f",
        "{connection_file}",
    ]
    (spec / "kernel.json").write_text(
        json.dumps({"argv": argv, "display_name": "reader", "language": "python"})
    )
    return KernelSpecManager(kernel_dirs=[str(folder / "kernels")])


@pytest.fixture(scope="module")
def notebook_runs(
    reader_env, served_site, baked_url, fetch_download, tmp_path_factory, summary_line
) -> dict[str, NotebookRun]:
    """Every page's notebook, fetched from its page on the served site into an
    empty folder and run there in the reader's kernel, ``AT_ONCE`` at a time."""
    import nbformat
    from jupyter_client.manager import AsyncKernelManager
    from nbclient import NotebookClient

    specs = kernel_spec(reader_env, tmp_path_factory.mktemp("kernel"))
    wanted = {page: page for page in PAGES}
    runs: dict[str, NotebookRun] = {}

    async def run(key: str, limit: asyncio.Semaphore) -> None:
        folder = tmp_path_factory.mktemp("notebook")
        path = await asyncio.to_thread(
            fetch_download, f"{key}.html", f"{wanted[key]}.ipynb", folder
        )
        downloaded = nbformat.read(path, as_version=4)
        notebook = nbformat.read(path, as_version=4)
        first = notebook.cells[0]
        baked = install_cell(baked_url)
        # the install line may name more packages after chainrule (the Conclusion)
        line = (first.source.splitlines() or [""])[-1]
        if first.cell_type != "code" or not line.startswith(baked):
            runs[key] = NotebookRun(downloaded, None, "no install cell first")
            return
        first.source = first.source.replace(baked, install_cell(served_site))
        manager = AsyncKernelManager(kernel_name="reader", kernel_spec_manager=specs)
        client = NotebookClient(
            notebook,
            km=manager,
            timeout=CELL_TIMEOUT,
            resources={"metadata": {"path": str(folder)}},
        )
        # ipykernel draws inline unless MPLBACKEND says otherwise (Agg is for scripts).
        environ = {k: v for k, v in reader_env.environ.items() if k != "MPLBACKEND"}
        async with limit:
            start = time.perf_counter()
            try:
                await client.async_execute(env=environ)
                error = ""
            except Exception as failure:  # the test of this notebook reports it
                error = f"{failure}"[-3000:]
            seconds = time.perf_counter() - start
            runs[key] = NotebookRun(downloaded, notebook, error, seconds)

    async def run_all() -> None:
        limit = asyncio.Semaphore(AT_ONCE)
        await asyncio.gather(*(run(key, limit) for key in wanted))

    start = time.perf_counter()
    asyncio.run(run_all())
    slowest = max(runs, key=lambda key: runs[key].seconds)
    summary_line(
        f"downloads: {len(runs)} notebooks run as downloaded in "
        f"{time.perf_counter() - start:.1f} s, {AT_ONCE} at a time "
        f"(longest: {slowest}, {runs[slowest].seconds:.1f} s)"
    )
    return runs


THEMED = '<svg class="chainrule-figure"'


def code_cells(notebook) -> list:
    return [cell for cell in notebook.cells if cell.cell_type == "code"]


def texts(cell) -> list[str]:
    """What a cell showed, as comparable texts: streams by name, plain-text
    results (object addresses masked; a figure's gives its size), figures,
    errors by name and message."""
    shown: dict[str, str] = {}
    found = []
    for output in cell.get("outputs", []):
        kind = output["output_type"]
        if kind == "stream":
            shown[output["name"]] = shown.get(output["name"], "") + output["text"]
        elif kind == "error":
            found.append(f"error {output['ename']}: {output['evalue']}")
        else:
            data = output.get("data", {})
            if "text/plain" in data:
                found.append(re.sub(r"0x[0-9a-f]+", "0x…", data["text/plain"]))
            # the reader's kernel draws a PNG, the site's the themed SVG (docs/ipython)
            if "image/png" in data or THEMED in data.get("text/html", ""):
                found.append("a figure")
    return [f"{name}: {text}" for name, text in sorted(shown.items())] + found


@pytest.fixture(scope="module")
def pages_install_cell(notebook_runs) -> str:
    """The install cell that every page notebook without extra packages starts
    with, and that ran in each of them."""
    plain = [p for p in PAGES if not notebook_of(p).metadata.get(ALSO_INSTALLS)]
    assert plain and all(not notebook_runs[page].error for page in plain)
    (cell,) = {code_cells(notebook_runs[page].downloaded)[0].source for page in plain}
    return cell


@pytest.mark.parametrize("name", EXAMPLES)
def test_each_gallery_notebook_starts_with_the_install_cell_the_pages_run(
    fetch_download, pages_install_cell, tmp_path, name
):
    """Fetched from its page, a gallery notebook opens with the cell that the page
    notebooks open with and run here; its other cells are its script's code
    (tests/test_gallery.py), which runs there."""
    import nbformat

    path = fetch_download(f"auto_examples/{name}.html", f"{name}.ipynb", tmp_path)
    first = nbformat.read(path, as_version=4).cells[0]
    assert first.cell_type == "code"
    assert first.source == pages_install_cell


def test_every_notebook_page_offers_its_notebook(built_site):
    offered = sorted(
        path.stem
        for path in built_site.html.glob("*.html")
        if 'class="page-notebook admonition"' in path.read_text(encoding="utf-8")
    )
    assert offered == PAGES


@pytest.mark.parametrize("page", PAGES)
def test_each_page_notebook_starts_with_the_install_cell(
    notebook_runs, baked_url, page
):
    first = notebook_runs[page].downloaded.cells[0]
    assert first.cell_type == "code"
    # a page can name more packages for it to install (the Conclusion: autograd)
    also = notebook_of(page).metadata.get(ALSO_INSTALLS, "")
    assert first.source.splitlines()[-1] == install_cell(baked_url) + also
    assert all(line.startswith("#") for line in first.source.splitlines()[:-1])


class CodeOnPage(HTMLParser):
    """The code of each notebook cell a built page shows, in order (myst-nb puts
    a cell's source in ``div.cell_input``; a cell without one shows its output)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.cells: list[str | None] = []
        self.depth = 0  # inside a div.cell: its nesting depth
        self.in_input = self.in_pre = False

    def handle_starttag(self, tag, attrs):
        classes = dict(attrs).get("class", "") or ""
        if tag == "div" and self.depth:
            self.depth += 1
            if "cell_input" in classes.split():
                self.in_input = True
                self.cells[-1] = ""
        elif tag == "div" and "cell" in classes.split() and "docutils" in classes:
            self.depth = 1
            self.cells.append(None)
        elif tag == "pre" and self.in_input:
            self.in_pre = True

    def handle_endtag(self, tag):
        if tag == "pre":
            self.in_pre = self.in_input = False
        elif tag == "div" and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.in_pre:
            self.cells[-1] += data


@pytest.mark.parametrize("page", PAGES)
def test_each_page_notebook_is_the_pages_markdown_and_visible_cells(
    built_site, notebook_runs, page
):
    """Its code cells are the cells the built page shows, in order (a cell whose
    input the page hides keeps it hidden); its Markdown is the page's own."""
    notebook = notebook_runs[page].downloaded
    parser = CodeOnPage()
    parser.feed((built_site.html / f"{page}.html").read_text(encoding="utf-8"))
    on_page = [code.strip() if code is not None else None for code in parser.cells]
    in_notebook = [
        None if cell.metadata.get("jupyter", {}).get("source_hidden") else cell.source
        for cell in code_cells(notebook)[1:]
    ]
    assert in_notebook == on_page
    source = (DOCS / f"{page}.md").read_text(encoding="utf-8")
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            for part in cell.source.split("\n\n"):
                assert part in source, f"not the page's Markdown: {part[:200]!r}"


@pytest.mark.parametrize("page", [page_param(page) for page in PAGES])
def test_each_page_notebook_runs_and_prints_what_the_page_shows(notebook_runs, page):
    """Run as downloaded, each cell shows what it showed when the site was built."""
    run = notebook_runs[page]
    assert not run.error, run.error
    install, *ran = code_cells(run.ran)
    assert "Requirement already satisfied: chainrule" in "".join(texts(install))
    built = code_cells(run.downloaded)[1:]
    assert [texts(cell) for cell in ran] == [texts(cell) for cell in built]


# -- the book's own code, as a reader types it ---------------------------------------

#: The chapter's printing code (its listings; the vector example's seed and
#: draws are the companion notebook's, which the chapter does not print), with
#: what the chapter prints. The companion notebook sets the print options first.
BOOK_PRINTS = [
    (
        """
np.random.seed(190203)
X = np.random.randn(1, 3)
W = np.random.randn(3, 1)
print(X)
print(matrix_function_backward_1(X, W, sigmoid))
""",
        "[[ 0.4723  0.6151 -1.7262]]\n[[ 0.0852 -0.0557 -0.1121]]\n",
    ),
    (
        """
np.random.seed(190204)
X = np.random.randn(3, 3)
W = np.random.randn(3, 2)

print("X:")
print(X)

print("L:")
print(round(matrix_function_forward_sum(X, W, sigmoid), 4))
print()
print("dLdX:")
print(matrix_function_backward_sum_1(X, W , sigmoid))
""",
        """X:
[[-1.5775 -0.6664  0.6391]
 [-0.5615  0.7373 -1.4231]
 [-1.4435 -0.3913  0.1539]]
L:
2.3755

dLdX:
[[ 0.2489 -0.3748  0.0112]
 [ 0.126  -0.2781 -0.1395]
 [ 0.2299 -0.3662 -0.0225]]
""",
    ),
    (
        """
np.random.seed(190204)
X = np.random.randn(3, 3)
W = np.random.randn(3, 2)
X1 = X.copy()
X1[0, 0] += 0.001

print(round(
    (matrix_function_forward_sum(X1, W, sigmoid) - \\
     matrix_function_forward_sum(X, W, sigmoid)) / 0.001, 4))
""",
        "0.2489\n",
    ),
    # The companion notebook's own checks of the vector example.
    (
        """
np.random.seed(190203)
X = np.random.randn(1,3)
W = np.random.randn(3,1)
print(matmul_backward_first(X, W))

def forward_test(ind1, ind2, inc):

    X1 = X.copy()
    X1[ind1, ind2] = X[ind1, ind2] + inc

    return matrix_forward_extra(X1, W, sigmoid)

print((np.round(forward_test(0, 2, 0.01) - forward_test(0, 2, 0), 4)) / 0.01)
print(np.round(matrix_function_backward_1(X, W, sigmoid)[0, 2], 2))
""",
        "[[ 0.9282 -0.6075 -1.2214]]\n[[-0.11]]\n-0.11\n",
    ),
]


@pytest.mark.parametrize(("code", "printed"), BOOK_PRINTS)
def test_the_books_printing_code_prints_what_the_book_prints(code, printed):
    namespace = {"np": np} | {
        name: getattr(chainrule, name) for name in chainrule.__all__
    }
    state = np.random.get_state()
    out = io.StringIO()
    try:
        with np.printoptions(precision=4), redirect_stdout(out):
            exec(compile(code, "<the book>", "exec"), namespace)
    finally:
        np.random.set_state(state)
    assert out.getvalue() == printed


# -- the "Coming from the book's code" page -----------------------------------------

#: Every function and type the companion notebook defines, each of which the
#: page must name (its chapter-1 code, read from 01_foundations/Code.ipynb).
COMPANION_NAMES = [
    "square",
    "leaky_relu",
    "deriv",
    "Array_Function",
    "Chain",
    "chain_length_2",
    "sigmoid",
    "chain_deriv_2",
    "plot_chain",
    "plot_chain_deriv",
    "chain_length_3",
    "chain_deriv_3",
    "multiple_inputs_add",
    "multiple_inputs_add_backward",
    "matmul_forward",
    "matmul_backward_first",
    "matrix_forward_extra",
    "matrix_function_backward_1",
    "forward_test",
    "matrix_function_forward_sum",
    "matrix_function_backward_sum_1",
]


def table_rows(markdown: str) -> list[list[str]]:
    rows = []
    for line in markdown.splitlines():
        if line.startswith("|") and not line.startswith("| ---"):
            rows.append([cell.strip() for cell in line.strip().strip("|").split(" | ")])
    return [row for row in rows if row[0] != "The text"]


def unannotated(function) -> str:
    """A signature as the page shows it: names and defaults, no type hints."""
    signature = inspect.signature(function)
    parameters = [p.replace(annotation=p.empty) for p in signature.parameters.values()]
    return str(
        signature.replace(parameters=parameters, return_annotation=signature.empty)
    )


def test_the_coming_from_the_book_page_gives_chainrules_real_signatures():
    source = (DOCS / "coming_from_the_book.md").read_text(encoding="utf-8")
    rows = table_rows(source)
    assert len(rows) > 20
    checked = 0
    for row in rows:
        assert len(row) == 4, row
        for span in re.findall(r"`([^`]+)`", row[2]):
            call = re.fullmatch(r"(\w+)(\(.*\))", span)
            if call and call[1] in chainrule.__all__:
                assert call[2] == unannotated(getattr(chainrule, call[1])), span
                checked += 1
    assert checked >= 30
    for name in COMPANION_NAMES:
        assert f"`{name}" in source, f"the page does not name {name}"
