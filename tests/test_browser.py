"""The built site in a real Chromium, as a reader meets it.

The site is served over HTTP on 127.0.0.1 and opened in Debian's Chromium,
driven by Playwright (its own browser download is not needed). Every request
that leaves the local server is blocked, and counts as a failure: the site
must work offline.

Checked on every page: no console error, no failed request, every image
loaded, math typeset by MathJax with no raw TeX left in the text. Then the
search page, the gallery's downloads, the copy button, the Math | Code |
Diagram tabs, and screenshots at desktop and phone widths in
``test-output/screenshots/``.

Without Chromium these tests skip (install it with ``apt-get install
chromium``), unless ``CHAINRULE_REQUIRE_BROWSER=1``, as in CI: then they fail.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import re
import shutil
import struct
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = ROOT / "test-output" / "screenshots"

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: Milliseconds: the longest any single wait may take.
NAVIGATION_TIMEOUT = 30_000
WAIT_TIMEOUT = 15_000

#: Pages Sphinx generates that are not content.
GENERATED = {"genindex.html", "search.html", "py-modindex.html"}

#: Raw TeX that must not survive typesetting in the visible text.
RAW_TEX = ("$$", "\\frac", "\\(", "\\[")

COUNT = {"pages": 0, "requests": 0}


# -- Chromium, the server, the browser ---------------------------------------------


def find_chromium() -> str | None:
    for candidate in (shutil.which("chromium"), "/usr/bin/chromium"):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


@pytest.fixture(scope="module")
def chromium() -> str:
    path = find_chromium()
    if path is None:
        message = (
            "Chromium not found: install Debian's with `apt-get install chromium` "
            "to run the browser tests"
        )
        if os.environ.get("CHAINRULE_REQUIRE_BROWSER") == "1":
            pytest.fail(message + " (CHAINRULE_REQUIRE_BROWSER=1 requires them)")
        pytest.skip(message)
    return path


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="module")
def base_url(site_html: Path) -> Iterator[str]:
    handler = functools.partial(QuietHandler, directory=str(site_html))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield f"http://{host}:{port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser(chromium: str):
    from playwright.sync_api import Error, sync_playwright

    with sync_playwright() as playwright:
        launched = None
        for attempt in range(2):  # a cold first start can time out: once more
            try:
                # a plain launch runs on a fresh temporary --user-data-dir
                launched = playwright.chromium.launch(
                    executable_path=chromium,
                    args=CHROMIUM_ARGS,
                    timeout=60_000,
                )
                break
            except Error:
                if attempt:
                    raise
        yield launched
        launched.close()


@pytest.fixture(scope="module", autouse=True)
def _report_count(summary_line):
    yield
    summary_line(
        f"browser: {COUNT['pages']} pages visited, {COUNT['requests']} requests checked"
    )


# -- a page, watched ---------------------------------------------------------------


@dataclass
class Watch:
    """What went wrong while pages were open: on the network, in the console."""

    network: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    pending: dict[object, str] = field(default_factory=dict)  # request -> url

    def clear(self) -> None:
        self.network.clear()
        self.console.clear()


@contextlib.contextmanager
def open_context(browser, base_url: str, width: int = 1280, height: int = 900):
    """A fresh browser context that can only reach the local server."""
    origin = urlsplit(base_url).netloc
    context = browser.new_context(
        viewport={"width": width, "height": height},
        base_url=base_url,
        accept_downloads=True,
    )
    context.set_default_timeout(WAIT_TIMEOUT)
    context.set_default_navigation_timeout(NAVIGATION_TIMEOUT)
    watch = Watch()

    def only_local(route):
        parts = urlsplit(route.request.url)
        if parts.scheme in ("http", "https") and parts.netloc == origin:
            route.continue_()
        else:
            watch.network.append(
                f"blocked a request off the local server: {route.request.url}"
            )
            route.abort("blockedbyclient")

    context.route("**/*", only_local)
    try:
        yield context, watch
    finally:
        context.close()


def is_favicon(url: str) -> bool:
    """Chromium asks every server for /favicon.ico by itself; no page asks."""
    return urlsplit(url).path == "/favicon.ico"


def watch_page(page, watch: Watch) -> None:
    def on_console(message):
        if message.type == "error" and not is_favicon(message.location.get("url", "")):
            watch.console.append(f"console error: {message.text} ({message.location})")

    def on_request(request):
        watch.pending[request] = request.url

    def on_finished(request):
        watch.pending.pop(request, None)

    def on_failed(request):
        watch.pending.pop(request, None)
        watch.network.append(f"request failed: {request.url} ({request.failure})")

    def on_response(response):
        COUNT["requests"] += 1
        if response.status >= 400 and not is_favicon(response.url):
            watch.network.append(f"HTTP {response.status}: {response.url}")

    page.on("console", on_console)
    page.on(
        "pageerror", lambda error: watch.console.append(f"uncaught JS error: {error}")
    )
    page.on("request", on_request)
    page.on("requestfinished", on_finished)
    page.on("requestfailed", on_failed)
    page.on("response", on_response)


def settle(page, watch: Watch) -> None:
    """Wait (bounded) until every request the page made has finished or failed."""
    for _ in range(NAVIGATION_TIMEOUT // 100):
        if not watch.pending:
            return
        page.wait_for_timeout(100)
    watch.network += [
        f"request never finished: {url}" for url in watch.pending.values()
    ]
    watch.pending.clear()


def has_math(html: str) -> bool:
    return 'class="math' in html or "\\(" in html or "$$" in html


def wait_for_images(page) -> list[str]:
    """Load every image (lazy ones too) and return those that did not load."""
    page.evaluate(
        "() => document.querySelectorAll('img').forEach(i => i.loading = 'eager')"
    )
    page.wait_for_function(
        "() => Array.from(document.images).every(i => i.complete)",
        timeout=WAIT_TIMEOUT,
    )
    return page.evaluate(
        "() => Array.from(document.images)"
        ".filter(i => !(i.naturalWidth > 0)).map(i => i.currentSrc || i.src)"
    )


def wait_for_mathjax(page) -> None:
    page.wait_for_function(
        "() => window.MathJax && MathJax.startup && MathJax.startup.promise",
        timeout=WAIT_TIMEOUT,
    )
    page.evaluate(
        "() => { MathJax.startup.promise.then(() => { window.__typeset = true; }); }"
    )
    page.wait_for_function("() => window.__typeset === true", timeout=WAIT_TIMEOUT)


def untypeset_math(page) -> list[str]:
    """The ``.math`` elements MathJax left without a rendered ``mjx-container``."""
    return page.evaluate(
        "() => Array.from(document.querySelectorAll('.math'))"
        ".filter(e => !e.querySelector('mjx-container'))"
        ".map(e => e.textContent.trim().slice(0, 80))"
    )


def visible_prose(page) -> str:
    """``document.body.innerText`` with code blocks and inline code hidden."""
    return page.evaluate(
        """() => {
            const style = document.createElement('style');
            style.textContent = 'pre, code, .highlight { display: none !important; }';
            document.head.appendChild(style);
            const text = document.body.innerText;
            style.remove();
            return text;
        }"""
    )


def visit(page, url: str, watch: Watch) -> None:
    COUNT["pages"] += 1
    page.goto(url, wait_until="load")
    settle(page, watch)


# -- every page --------------------------------------------------------------------


def test_every_page_loads_cleanly(browser, base_url, site_html, site_pages):
    assert "index.html" in site_pages
    problems: dict[str, list[str]] = {}
    math_pages = 0
    with open_context(browser, base_url) as (context, watch):
        page = context.new_page()
        watch_page(page, watch)
        for relative in site_pages:
            watch.clear()
            visit(page, relative, watch)
            found = [f"image did not load: {src}" for src in wait_for_images(page)]
            if has_math((site_html / relative).read_text(encoding="utf-8")):
                math_pages += 1
                wait_for_mathjax(page)
                found += [f"math not typeset: {f!r}" for f in untypeset_math(page)]
                if page.locator("mjx-container").count() == 0:
                    found.append("math page without any rendered mjx-container")
            prose = visible_prose(page)
            for tex in RAW_TEX:
                if tex in prose:
                    at = prose.index(tex)
                    found.append(f"raw TeX {tex!r} in: {prose[at - 40 : at + 40]!r}")
            settle(page, watch)  # the fonts MathJax asked for, too
            found += watch.network + watch.console
            if found:
                problems[relative] = found
    assert math_pages > 0, "no page has math: is the MathJax check looking right?"
    assert not problems, "\n".join(
        f"{page}:\n  " + "\n  ".join(found) for page, found in problems.items()
    )


# -- search ------------------------------------------------------------------------


def search(browser, base_url: str, query: str) -> list[str]:
    """The result links the search page shows for ``query``."""
    with open_context(browser, base_url) as (context, watch):
        page = context.new_page()
        watch_page(page, watch)
        visit(page, f"search.html?q={query.replace(' ', '+')}", watch)
        # results are shown one by one; the summary is written when all are
        page.wait_for_function(
            """() => {
                const summary = document.querySelector('#search-results .search-summary');
                return !!summary && summary.innerText.trim().length > 0;
            }""",
            timeout=WAIT_TIMEOUT,
        )
        links = page.eval_on_selector_all(
            "#search-results li a", "links => links.map(a => a.href)"
        )
        assert not watch.network, watch.network
    return links


def test_search_finds_the_chain_rule_page(browser, base_url, site_html):
    if not (site_html / "chain_rule.html").is_file():
        pytest.skip("no chain_rule.html in the build yet (docs/chain_rule.md)")
    links = search(browser, base_url, "chain rule")
    assert any("chain_rule" in urlsplit(link).path for link in links), links


def test_search_finds_a_function_in_the_api_reference(browser, base_url, site_html):
    page = "api/gradcheck.html"  # the page of numerical_gradient's module
    assert (site_html / page).is_file()
    links = search(browser, base_url, "numerical_gradient")
    assert any(urlsplit(link).path.endswith(f"/{page}") for link in links), links


# -- gallery downloads -------------------------------------------------------------


def test_every_gallery_example_offers_its_script_and_notebook(
    browser, base_url, site_html
):
    examples = sorted(
        p.relative_to(site_html).as_posix()
        for p in (site_html / "auto_examples").glob("plot_*.html")
    )
    if not examples:
        pytest.skip("the build has no gallery examples")
    failures = []
    with open_context(browser, base_url) as (context, watch):
        page = context.new_page()
        watch_page(page, watch)
        for example in examples:
            visit(page, example, watch)
            for kind, suffix in (("python", ".py"), ("jupyter", ".ipynb")):
                link = page.locator(f".sphx-glr-download-{kind} a").first
                if link.count() == 0:
                    failures.append(f"{example}: no {suffix} download link")
                    continue
                href = urljoin(page.url, link.get_attribute("href"))
                response = context.request.get(href)
                body = response.body()
                COUNT["requests"] += 1
                if response.status != 200 or not body.strip():
                    failures.append(f"{example}: {href} gave {response.status}")
                    continue
                if not urlsplit(href).path.endswith(suffix):
                    failures.append(f"{example}: {href} is not a {suffix} file")
                if suffix == ".ipynb":
                    notebook = json.loads(body)
                    if not notebook.get("cells"):
                        failures.append(f"{example}: {href} has no cells")
                # and a reader's click really downloads it
                with page.expect_download(timeout=WAIT_TIMEOUT) as download_info:
                    link.click()
                download = download_info.value
                if download.failure() is not None or (
                    Path(download.path()).read_bytes() != body
                ):
                    failures.append(f"{example}: clicking {href} did not download it")
        failures += watch.network
    assert not failures, "\n".join(failures)


# -- the copy button ---------------------------------------------------------------

PROMPT = re.compile(r"^(>>> |\.\.\. )")


def without_prompts(text: str) -> str:
    """What a reader wants on the clipboard: code lines, no prompts, no output."""
    lines = text.rstrip("\n").split("\n")
    if not any(PROMPT.match(line) for line in lines):
        return "\n".join(lines)
    return "\n".join(PROMPT.sub("", line) for line in lines if PROMPT.match(line))


def code_cells(site_html: Path, site_pages: list[str]) -> list[tuple[str, str]]:
    """A code cell of each sort the site has, as (page, selector of the cell):
    a notebook cell, a docstring example with prompts, a gallery script block."""
    pages = [p for p in site_pages if not p.startswith("_modules/")]
    sorts = (  # (a class that marks the cell's sort in the HTML, its selector)
        ("cell_input", ".cell_input div.highlight pre"),
        ("doctest", "div.doctest div.highlight pre"),
        ("highlight-Python", "div.highlight-Python div.highlight pre"),
    )
    chosen = []
    for marker, selector in sorts:
        for relative in pages:
            if f'class="{marker} ' in (site_html / relative).read_text(
                encoding="utf-8"
            ):
                chosen.append((relative, selector))
                break
    return chosen


def test_copy_button_puts_the_code_on_the_clipboard(
    browser, base_url, site_html, site_pages
):
    cells = code_cells(site_html, site_pages)
    if not cells:
        pytest.skip("no page of the build has a code cell")
    failures = []
    with open_context(browser, base_url) as (context, watch):
        context.grant_permissions(["clipboard-read", "clipboard-write"])
        page = context.new_page()
        watch_page(page, watch)
        for relative, selector in cells:
            visit(page, relative, watch)
            candidates = page.locator(selector)
            if candidates.count() == 0:
                failures.append(f"{relative}: no code cell matches {selector!r}")
                continue
            texts = candidates.all_inner_texts()
            # a cell with prompts and output if there is one: the harder case
            index = next((i for i, t in enumerate(texts) if ">>> " in t), 0)
            cell = candidates.nth(index)
            cell.scroll_into_view_if_needed()
            cell.hover()
            button = cell.locator("xpath=..").locator(".copybtn").first
            if button.count() == 0:
                failures.append(f"{relative}: no copy button beside the cell")
                continue
            page.evaluate("() => navigator.clipboard.writeText('')")
            button.click()
            page.wait_for_function(
                "() => navigator.clipboard.readText().then(t => t.length > 0)",
                timeout=WAIT_TIMEOUT,
            )
            copied = page.evaluate("() => navigator.clipboard.readText()")
            expected = without_prompts(texts[index])
            if copied.rstrip("\n") != expected:
                failures.append(
                    f"{relative}: copied\n{copied!r}\nexpected\n{expected!r}"
                )
        failures += watch.network
    assert not failures, "\n".join(failures)


# -- the Math | Code | Diagram tabs ------------------------------------------------


def test_tabs_switch_between_views(browser, base_url, site_html, site_pages):
    pages = [
        p for p in site_pages if 'class="sd-tab-set' in (site_html / p).read_text()
    ]
    if not pages:
        pytest.skip("no page of the build has a tab set (sphinx-design tab-set) yet")
    failures = []
    with open_context(browser, base_url) as (context, watch):
        page = context.new_page()
        watch_page(page, watch)
        for relative in pages:
            visit(page, relative, watch)
            tab_sets = page.locator(".sd-tab-set")
            for set_index in range(tab_sets.count()):
                tab_set = tab_sets.nth(set_index)
                labels = tab_set.locator(":scope > label.sd-tab-label")
                contents = tab_set.locator(":scope > .sd-tab-content")
                where = f"{relative}, tab set {set_index + 1}"
                if labels.count() < 2 or labels.count() != contents.count():
                    failures.append(
                        f"{where}: {labels.count()} labels, {contents.count()} panels"
                    )
                    continue
                names = labels.all_inner_texts()
                # clicking each label shows its panel and hides the one before
                order = [*range(1, labels.count()), 0]
                previous = next(
                    (
                        i
                        for i in range(contents.count())
                        if contents.nth(i).is_visible()
                    ),
                    None,
                )
                if previous is None:
                    failures.append(f"{where}: no panel is visible at first")
                    continue
                for index in order:
                    labels.nth(index).scroll_into_view_if_needed()
                    labels.nth(index).click()
                    if not contents.nth(index).is_visible():
                        failures.append(f"{where}: {names[index]!r} did not show")
                    if previous != index and contents.nth(previous).is_visible():
                        failures.append(
                            f"{where}: {names[previous]!r} still shows after "
                            f"clicking {names[index]!r}"
                        )
                    previous = index
        failures += watch.network
    assert not failures, "\n".join(failures)


# -- screenshots -------------------------------------------------------------------


def png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", header[16:24])


def chapter_page(site_html: Path) -> str:
    for candidate in ("chain_rule.html", "derivatives.html", "functions.html"):
        if (site_html / candidate).is_file():
            return candidate
    return "api.html"


@pytest.mark.parametrize("width, height", [(1280, 900), (390, 844)])
def test_screenshots_at_desktop_and_phone_widths(
    browser, base_url, site_html, width, height
):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shots = {
        "landing": "index.html",
        "chapter": chapter_page(site_html),
        "gallery": "auto_examples/index.html",
    }
    failures = []
    with open_context(browser, base_url, width, height) as (context, watch):
        page = context.new_page()
        watch_page(page, watch)
        for name, relative in shots.items():
            if not (site_html / relative).is_file():
                failures.append(f"{relative} is missing from the build")
                continue
            visit(page, relative, watch)
            wait_for_images(page)
            if has_math((site_html / relative).read_text(encoding="utf-8")):
                wait_for_mathjax(page)
            out = SCREENSHOTS / f"{name}-{width}.png"
            out.unlink(missing_ok=True)
            page.screenshot(path=str(out), full_page=True, timeout=WAIT_TIMEOUT)
            shot_width, shot_height = png_size(out)
            # full-page: as wide as the page, at least as tall as the window
            if shot_width < width or shot_height < height:
                failures.append(f"{out.name}: {shot_width}x{shot_height} pixels")
        failures += watch.network
    assert not failures, "\n".join(failures)


def test_pages_fit_a_phone_screen(browser, base_url, site_html, site_pages):
    """At 390 px no content page scrolls sideways: wide code and math scroll in
    place (viewcode's sources and the generated indices are left out)."""
    pages = [
        p for p in site_pages if not p.startswith("_modules/") and p not in GENERATED
    ]
    too_wide = []
    with open_context(browser, base_url, 390, 844) as (context, watch):
        page = context.new_page()
        watch_page(page, watch)
        for relative in pages:
            visit(page, relative, watch)
            if has_math((site_html / relative).read_text(encoding="utf-8")):
                wait_for_mathjax(page)
            overflow = page.evaluate(
                "() => document.documentElement.scrollWidth - window.innerWidth"
            )
            if overflow > 1:
                # the elements that stick out of a parent that fits: the causes
                widest = page.evaluate(
                    """() => Array.from(document.querySelectorAll('body *'))
                        .filter(e => {
                            const edge = window.innerWidth + 1;
                            const parent = e.parentElement.getBoundingClientRect();
                            return e.getBoundingClientRect().right > edge
                                && parent.right <= edge
                                && !e.closest('pre, .highlight, mjx-container');
                        })
                        .slice(0, 3).map(e => e.tagName.toLowerCase()
                            + (e.className ? '.' + String(e.className).split(' ')[0] : '')
                            + ' ' + (e.textContent || '').trim().slice(0, 40))"""
                )
                too_wide.append(f"{relative}: {overflow} px too wide, e.g. {widest}")
    assert not too_wide, "\n".join(too_wide)
