"""The built site holds together: links resolve, nothing is orphaned or fetched
from the network, and every random number it prints is seeded.

The HTML is read with the standard library's ``html.parser``; the site is the
one the session builds (``built_site``), so these run with the site tests.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

import pytest

pytestmark = pytest.mark.site

#: Pages Sphinx generates that are not content (reachable, but not required):
#: the indices, the search page, and viewcode's highlighted sources.
GENERATED = {"genindex.html", "search.html", "py-modindex.html"}
GENERATED_FOLDERS = ("_modules/",)

#: Attributes that make the browser fetch something for the page itself.
RESOURCE_ATTRIBUTES = {
    ("script", "src"),
    ("img", "src"),
    ("img", "srcset"),
    ("source", "src"),
    ("source", "srcset"),
    ("video", "src"),
    ("video", "poster"),
    ("audio", "src"),
    ("iframe", "src"),
    ("embed", "src"),
    ("object", "data"),
    ("input", "src"),
}
#: ``<link rel=...>`` values that fetch a resource (others, like "next", are links).
RESOURCE_RELS = {
    "stylesheet",
    "preload",
    "modulepreload",
    "icon",
    "prefetch",
    "manifest",
}

# -- reading the build -------------------------------------------------------------


@dataclass
class Page:
    """What one HTML page links to, fetches, names and says."""

    ids: set[str] = field(default_factory=set)
    links: list[str] = field(default_factory=list)
    resources: list[tuple[str, str]] = field(default_factory=list)
    text: list[str] = field(default_factory=list)


class PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self._skip = 0  # inside <script> or <style>

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        if tag in ("script", "style"):
            self._skip += 1
        if "id" in attributes:
            self.page.ids.add(attributes["id"])
        if tag == "a" and "name" in attributes:
            self.page.ids.add(attributes["name"])
        if tag == "a" and "href" in attributes:
            self.page.links.append(attributes["href"])
        if tag == "link" and "href" in attributes:
            rels = set(attributes.get("rel", "").lower().split())
            if rels & RESOURCE_RELS:
                self.page.resources.append(
                    (f"link rel={'/'.join(rels)}", attributes["href"])
                )
            else:
                self.page.links.append(attributes["href"])
        for name, value in attributes.items():
            if (tag, name) in RESOURCE_ATTRIBUTES:
                if name == "srcset":  # "a.png 1x, b.png 2x"
                    urls = [
                        part.split()[0] for part in value.split(",") if part.split()
                    ]
                else:
                    urls = [value]
                self.page.resources += [(f"{tag} {name}", url) for url in urls]

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.page.text.append(data)


def read_site(root: Path, pages: list[str]) -> dict[str, Page]:
    site = {}
    for relative in pages:
        parser = PageParser()
        parser.feed((root / relative).read_text(encoding="utf-8"))
        parser.close()
        site[relative] = parser.page
    return site


@pytest.fixture(scope="module")
def site(site_html, site_pages) -> dict[str, Page]:
    return read_site(site_html, site_pages)


def is_external(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https", "ftp") or url.startswith("//")


def is_not_a_place(url: str) -> bool:
    return urlsplit(url).scheme in ("mailto", "javascript", "data", "tel")


def resolve(page: str, url: str) -> tuple[str, str]:
    """The build-relative file and the fragment an internal URL points at."""
    target = urlsplit(urljoin(f"http://site/{page}", url))
    path = unquote(target.path).lstrip("/")
    if path == "" or path.endswith("/"):
        path += "index.html"
    return str(PurePosixPath(path)), unquote(target.fragment)


# -- links and anchors -------------------------------------------------------------


def test_every_internal_link_and_anchor_resolves(site_html, site):
    broken = []
    checked = 0
    for page, parsed in site.items():
        for url in parsed.links + [url for _, url in parsed.resources]:
            if not url or is_external(url) or is_not_a_place(url):
                continue
            checked += 1
            target, fragment = resolve(page, url)
            if (
                ".." in PurePosixPath(target).parts
                or not (site_html / target).is_file()
            ):
                broken.append(f"{page}: {url} -> no file {target}")
                continue
            if fragment and target.endswith(".html"):
                ids = site[target].ids if target in site else set()
                if fragment not in ids:
                    broken.append(f"{page}: {url} -> no id {fragment!r} in {target}")
    assert checked > 100, f"only {checked} internal links: is the parser working?"
    assert not broken, f"{len(broken)} broken of {checked} links:\n" + "\n".join(broken)


def test_nothing_is_fetched_from_the_network(site_html, site):
    """Scripts, styles, images and fonts come from the build: the site works offline."""
    external = [
        f"{page}: <{what}> {url}"
        for page, parsed in site.items()
        for what, url in parsed.resources
        if is_external(url)
    ]
    css_url = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])\s*([^'")\s]+)""")
    for css in sorted(site_html.rglob("*.css")):
        for url in css_url.findall(css.read_text(encoding="utf-8", errors="replace")):
            if is_external(url):
                external.append(f"{css.relative_to(site_html).as_posix()}: {url}")
    assert not external, "fetched from the network:\n" + "\n".join(external)


# -- navigation --------------------------------------------------------------------


def test_no_page_is_orphaned_from_the_navigation(site):
    reached = {"index.html"}
    queue = deque(["index.html"])
    while queue:
        page = queue.popleft()
        for url in site[page].links:
            if not url or is_external(url) or is_not_a_place(url):
                continue
            target, _ = resolve(page, url)
            if target in site and target not in reached:
                reached.add(target)
                queue.append(target)
    content = {
        page
        for page in site
        if page not in GENERATED and not page.startswith(GENERATED_FOLDERS)
    }
    orphans = sorted(content - reached)
    assert not orphans, (
        f"{len(orphans)} pages cannot be reached from index.html by following "
        "links (add them to a toctree):\n" + "\n".join(orphans)
    )


# -- reproducible numbers ----------------------------------------------------------

#: Draws from NumPy's global generator, and the calls that seed generators.
GLOBAL_DRAW = re.compile(
    r"np\.random\.(?!seed\b|default_rng\b|RandomState\b|Generator\b)\w+\("
)
GLOBAL_SEED = re.compile(r"np\.random\.seed\(\s*\d+\s*\)")
NEW_GENERATOR = re.compile(r"(?:default_rng|RandomState)\(([^)]*)\)")
#: A MyST code cell: a fence of three or more backticks opening ``{code-cell}``,
#: up to the same fence.
CODE_CELL = re.compile(r"^(`{3,})\{code-cell\}[^\n]*\n(.*?)^\1\s*$", re.S | re.M)


def code_sources() -> dict[str, str]:
    """The code every page (its code cells) and gallery example runs, by file."""
    root = Path(__file__).resolve().parent.parent
    sources = {
        f"docs/{path.name}": "\n".join(
            match[2] for match in CODE_CELL.finditer(path.read_text(encoding="utf-8"))
        )
        for path in sorted((root / "docs").glob("*.md"))
    }
    for path in sorted((root / "gallery").glob("plot_*.py")):
        sources[f"gallery/{path.name}"] = path.read_text(encoding="utf-8")
    return sources


@pytest.mark.parametrize("name", sorted(code_sources()))
def test_every_random_draw_is_seeded(name):
    """The site is built once per `make test`, so its numbers are not compared with
    a second build: instead, every random number a page or example prints comes
    from a generator seeded with a fixed number before the first draw. (Gallery
    examples are also run a second time, as a reader runs them, and print the same
    numbers: tests/test_gallery.py.)"""
    code = code_sources()[name]
    first_draw = GLOBAL_DRAW.search(code)
    if first_draw:
        seeded = GLOBAL_SEED.search(code, 0, first_draw.start())
        assert seeded, f"{name}: {first_draw[0]}...) before any np.random.seed(<n>)"
    for generator in NEW_GENERATOR.finditer(code):
        assert re.fullmatch(r"\s*\d+\s*", generator[1]), (
            f"{name}: {generator[0]} needs a fixed integer seed"
        )


def test_the_seed_check_reads_code_cells():
    sample = "a\n```{code-cell} ipython3\nnp.random.randn(3)\n```\nnp.random.rand(2)"
    (match,) = CODE_CELL.finditer(sample)
    assert GLOBAL_DRAW.search(match[2]) and not GLOBAL_SEED.search(match[2])
    assert not GLOBAL_DRAW.search("np.random.seed(1); np.random.default_rng(2)")
