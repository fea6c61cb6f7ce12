"""The built site in a real Chromium, as a reader meets it.

The site is served over HTTP on 127.0.0.1 (``base_url``, the one place that serves
it) and opened in Debian's Chromium, driven by Playwright (its own browser
download is not needed). Chromium sends every request but the local server's to
a proxy that is not there, so any request that would leave the machine fails,
and counts as a failure, as does a console error, any other failed request or an
HTTP error while a page is open. ``Browser.visit`` is the one place that opens
pages: a few tabs at a time, each in a fresh browser context.

Every page is opened once (``sweep``), at desktop width, and checked there: every
image loaded, math laid out from MathML with no raw TeX left in the text, axe-core's
checks in light and its colour checks in dark (``axe_plan``: where), the keyboard on
two pages; then, on the pages that have them, the copy button, the gallery's
downloads and the teaching pages' Math, Code and Diagram views, which must all
show; then the window narrows to a phone's width and no content page may scroll
sideways: on the teaching pages only code and formulas may scroll, each in its own
box (the last block). Screenshots of three pages at both widths go to
``test-output/screenshots/``. The search page is opened with two queries.

Without Chromium these tests skip (install it with ``apt-get install
chromium``), unless ``CHAINRULE_REQUIRE_BROWSER=1``, as in CI: then they fail.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import http.server
import json
import os
import re
import shutil
import struct
import threading
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import book
import pytest
from test_pages import Element, parse

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
#: Every request but those to the local server goes to a proxy that is not there,
#: and fails (a failed request is a failure): the site must work offline.
OFFLINE = {"server": "http://127.0.0.1:9", "bypass": "127.0.0.1"}
#: Tabs open at once: on two cores, a third tab fills the time the others wait.
TABS = 3
#: Milliseconds: the longest any single wait may take.
NAVIGATION_TIMEOUT = 30_000
WAIT_TIMEOUT = 15_000
DESKTOP = (1280, 900)
PHONE = (390, 844)

#: Pages Sphinx generates that are not content.
GENERATED = {"genindex.html", "search.html", "py-modindex.html"}
#: Pages photographed at both widths.
SHOTS = {
    "landing": "index.html",
    "chapter": "chain_rule.html",
    "gallery": "auto_examples/index.html",
}

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


def is_favicon(url: str) -> bool:
    """Chromium asks every server for /favicon.ico by itself; no page asks."""
    return urlsplit(url).path == "/favicon.ico"


@dataclass
class Tab:
    """One open page, in a context of its own, and what went wrong while it was."""

    page: Any
    problems: list[str] = field(default_factory=list)
    pending: set[Any] = field(default_factory=set)

    def watch(self) -> None:
        def on_console(message):
            if message.type == "error" and not is_favicon(
                message.location.get("url", "")
            ):
                self.problems.append(
                    f"console error: {message.text} ({message.location})"
                )

        def on_failed(request):
            self.pending.discard(request)
            self.problems.append(f"request failed: {request.url} ({request.failure})")

        def on_response(response):
            COUNT["requests"] += 1
            if response.status >= 400 and not is_favicon(response.url):
                self.problems.append(f"HTTP {response.status}: {response.url}")

        page = self.page
        page.on("console", on_console)
        page.on("pageerror", lambda error: self.problems.append(f"JS error: {error}"))
        page.on("request", lambda request: self.pending.add(request))
        page.on("requestfinished", lambda request: self.pending.discard(request))
        page.on("requestfailed", on_failed)
        page.on("response", on_response)

    async def goto(self, url: str) -> None:
        COUNT["pages"] += 1
        await self.page.goto(url, wait_until="load")
        await self.settle()

    async def settle(self) -> None:
        """Wait (bounded) until every request the page made has finished."""
        for _ in range(NAVIGATION_TIMEOUT // 50):
            if not self.pending:
                return
            await asyncio.sleep(0.05)
        self.problems += [f"request never finished: {r.url}" for r in self.pending]
        self.pending.clear()

    def take_problems(self) -> list[str]:
        found, self.problems = self.problems, []
        return found


@dataclass
class Browser:
    """One Chromium for the module, driven by Playwright's async API on an event
    loop of its own thread, so that a test can keep several tabs busy at once."""

    base_url: str
    loop: asyncio.AbstractEventLoop
    browser: Any = None

    def run(self, coroutine: Awaitable[Any]) -> Any:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(600)

    @contextlib.asynccontextmanager
    async def tab(self, width: int, height: int) -> AsyncIterator[Tab]:
        """A fresh context, with one page."""
        context = await self.browser.new_context(
            viewport={"width": width, "height": height},
            base_url=self.base_url,
            accept_downloads=True,
        )
        await context.grant_permissions(["clipboard-read", "clipboard-write"])
        context.set_default_timeout(WAIT_TIMEOUT)
        context.set_default_navigation_timeout(NAVIGATION_TIMEOUT)
        tab = Tab(await context.new_page())
        tab.watch()
        try:
            yield tab
        finally:
            await context.close()

    def visit(
        self,
        urls: list[str],
        probe: Callable[[Tab, str], Awaitable[dict[str, list[str]]]],
        size: tuple[int, int] = DESKTOP,
    ) -> dict[str, dict[str, list[str]]]:
        """Open each URL (relative to the site) in one of ``TABS`` tabs and run
        ``probe(tab, url)`` on it, which returns problems by check. Whatever went
        wrong on the network or in the console meanwhile is added as a check of its
        own. Returns, by URL, each check's problems (empty lists included); a page
        whose probe fails has the error as a problem of its check "loads"."""
        found: dict[str, dict[str, list[str]]] = {}
        queue = list(urls)
        viewport = {"width": size[0], "height": size[1]}

        async def work() -> None:
            async with self.tab(*size) as tab:
                while queue:
                    url = queue.pop(0)
                    try:  # each page opens at the size asked (a probe may resize)
                        await tab.page.set_viewport_size(viewport)
                        await tab.goto(url)
                        checks = await probe(tab, url)
                        await tab.settle()
                    except Exception as error:  # a timeout: the next page still runs
                        checks = {"loads": [f"not checked: {error!r}"[:2000]]}
                    checks["network and console"] = tab.take_problems()
                    found[url] = checks

        async def all_tabs() -> None:
            await asyncio.gather(*(work() for _ in range(min(TABS, len(urls)))))

        self.run(all_tabs())
        return found


@pytest.fixture(scope="module")
def browser(chromium: str, base_url: str) -> Iterator[Browser]:
    from playwright.async_api import Error, async_playwright

    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    harness = Browser(base_url, loop)
    playwright = harness.run(async_playwright().start())
    try:
        for attempt in range(2):  # a cold first start can time out: once more
            try:
                # a plain launch runs on a fresh temporary --user-data-dir
                harness.browser = harness.run(
                    playwright.chromium.launch(
                        executable_path=chromium,
                        args=CHROMIUM_ARGS,
                        proxy=OFFLINE,
                        timeout=60_000,
                    )
                )
                break
            except Error:
                if attempt:
                    raise
        yield harness
        harness.run(harness.browser.close())
    finally:
        harness.run(playwright.stop())
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=10)
        loop.close()


@pytest.fixture(scope="module", autouse=True)
def _report_count(summary_line):
    yield
    summary_line(
        f"browser: {COUNT['pages']} pages visited, {COUNT['requests']} requests checked"
    )


# -- what is checked on a page ---------------------------------------------------


def has_math(html: str) -> bool:
    return 'class="math' in html or "\\(" in html or "$$" in html


async def images_not_loaded(page) -> list[str]:
    """Load every image (lazy ones too) and return those that did not load."""
    await page.evaluate(
        "() => document.querySelectorAll('img').forEach(i => i.loading = 'eager')"
    )
    await page.wait_for_function(
        "() => Array.from(document.images).every(i => i.complete)"
    )
    return await page.evaluate(
        "() => Array.from(document.images)"
        ".filter(i => !(i.naturalWidth > 0)).map(i => i.currentSrc || i.src)"
    )


async def mathml(page) -> list[str]:
    """Math arrives as MathML, written when the site was built, and Chromium lays
    it out itself: no MathJax on the page, a <math> element in every formula, each
    one displayed as math (MathML Core), and each visible one with a size."""
    return await page.evaluate(
        """() => {
            const found = [];
            if (window.MathJax || document.querySelector(
                    'script[src*="mathjax" i], mjx-container'))
                found.push('MathJax is on the page');
            for (const formula of document.querySelectorAll('.math')) {
                const text = formula.textContent.trim().slice(0, 80);
                const math = formula.querySelector('math');
                if (!math) { found.push(`no MathML in ${text}`); continue; }
                const display = getComputedStyle(math).display;
                if (!display.endsWith('math'))
                    found.push(`<math> displayed as ${display}: ${text}`);
                const box = math.getBoundingClientRect();
                if (math.checkVisibility() && !(box.width > 0 && box.height > 0))
                    found.push(`<math> of no size: ${text}`);
                if (math.querySelector('merror'))
                    found.push(`a MathML error in ${text}`);
            }
            return found;
        }"""
    )


async def equation_links(page, where: str) -> list[str]:
    """Every equation reference names the number of the equation it points to, and
    following one (the first a reader can see) brings that equation into view."""
    found = await page.evaluate(
        """() => Array.from(document.querySelectorAll('a[href^="#equation-"]'))
            .filter(a => !a.classList.contains('headerlink'))
            .map(a => {
                const target = document.getElementById(a.hash.slice(1));
                const number = target && target.querySelector('.eqno');
                const shown = number ? number.firstChild.textContent.trim() : null;
                return shown === a.textContent.trim() ? null
                    : `${a.textContent.trim()} points to ${a.hash}, numbered ${shown}`;
            })
            .filter(problem => problem !== null)"""
    )
    from playwright.async_api import Error

    link = page.locator('a[href^="#equation-"]:not(.headerlink)').first
    # A reference in a closed dropdown: open it as a reader would.
    await link.evaluate(
        """(link) => {
            for (let e = link; e; e = e.parentElement) {
                if (e.matches('details:not([open]) > :not(summary)'))
                    e.parentElement.querySelector(':scope > summary').click();
            }
        }"""
    )
    href = await link.get_attribute("href")
    await link.press("Enter")  # not a click, which can land beside it (downloads_work)
    try:  # wait until the equation is in view (custom.css: the page jumps)
        await page.wait_for_function(
            """(hash) => {
                const target = document.querySelector(':target');
                if (location.hash !== hash || !target || !target.matches('div.math'))
                    return false;
                const box = target.getBoundingClientRect();
                return box.top >= 0 && box.bottom <= window.innerHeight;
            }""",
            arg=href,
            timeout=5_000,
        )
    except Error:
        found.append(f"{where}: following {href} did not show its equation")
    return found


async def raw_tex(page) -> list[str]:
    """Raw TeX in ``document.body.innerText``, code blocks and inline code hidden."""
    prose = await page.evaluate(
        """() => {
            const style = document.createElement('style');
            style.textContent = 'pre, code, .highlight { display: none !important; }';
            document.head.appendChild(style);
            const text = document.body.innerText;
            style.remove();
            return text;
        }"""
    )
    found = []
    for tex in RAW_TEX:
        if tex in prose:
            at = prose.index(tex)
            found.append(f"raw TeX {tex!r} in: {prose[at - 40 : at + 40]!r}")
    return found


def png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", header[16:24])


async def screenshot(page, name: str, width: int, height: int) -> list[str]:
    """A full-page screenshot: as wide as the window, at least as tall."""
    out = SCREENSHOTS / f"{name}-{width}.png"
    out.unlink(missing_ok=True)
    await page.screenshot(path=str(out), full_page=True)
    shot_width, shot_height = png_size(out)
    if shot_width < width or shot_height < height:
        return [f"{out.name}: {shot_width}x{shot_height} pixels"]
    return []


PROMPT = re.compile(r"^(>>> |\.\.\. )")


def without_prompts(text: str) -> str:
    """What a reader wants on the clipboard: code lines, no prompts, no output."""
    lines = text.rstrip("\n").split("\n")
    if not any(PROMPT.match(line) for line in lines):
        return "\n".join(lines)
    return "\n".join(PROMPT.sub("", line) for line in lines if PROMPT.match(line))


def code_cells(site_html: Path, site_pages: list[str]) -> dict[str, str]:
    """A code cell of each sort the site has, as {page: selector of the cell}:
    a notebook cell, a docstring example with prompts, a gallery script block."""
    pages = [p for p in site_pages if not p.startswith("_modules/")]
    sorts = (  # (a class that marks the cell's sort in the HTML, its selector)
        ("cell_input", ".cell_input div.highlight pre"),
        ("doctest", "div.doctest div.highlight pre"),
        ("highlight-Python", "div.highlight-Python div.highlight pre"),
    )
    chosen: dict[str, str] = {}
    for marker, selector in sorts:
        for relative in pages:
            if relative in chosen:
                continue
            if f'class="{marker} ' in (site_html / relative).read_text("utf-8"):
                chosen[relative] = selector
                break
    return chosen


async def copy_button(page, where: str, selector: str, clipboard) -> list[str]:
    """The copy button beside a cell (one with prompts, if any) copies its code."""
    candidates = page.locator(selector)
    if await candidates.count() == 0:
        return [f"{where}: no code cell matches {selector!r}"]
    texts = await candidates.all_inner_texts()
    index = next((i for i, t in enumerate(texts) if ">>> " in t), 0)
    cell = candidates.nth(index)
    await cell.hover()
    button = cell.locator("xpath=..").locator(".copybtn").first
    if await button.count() == 0:
        return [f"{where}: no copy button beside the cell"]
    async with clipboard:  # one clipboard for the whole browser
        await page.evaluate("() => navigator.clipboard.writeText('')")
        await button.click()
        await page.wait_for_function(
            "() => navigator.clipboard.readText().then(t => t.length > 0)"
        )
        copied = await page.evaluate("() => navigator.clipboard.readText()")
    expected = without_prompts(texts[index])
    if copied.rstrip("\n") != expected:
        return [f"{where}: copied\n{copied!r}\nexpected\n{expected!r}"]
    return []


async def downloads_work(page, where: str) -> list[str]:
    """The example's script and notebook download, by URL and from the link."""
    found = []
    for kind, suffix in (("python", ".py"), ("jupyter", ".ipynb")):
        link = page.locator(f".sphx-glr-download-{kind} a").first
        if await link.count() == 0:
            found.append(f"{where}: no {suffix} download link")
            continue
        href = urljoin(page.url, await link.get_attribute("href"))
        response = await page.context.request.get(href)
        body = await response.body()
        COUNT["requests"] += 1
        if response.status != 200 or not body.strip():
            found.append(f"{where}: {href} gave {response.status}")
            continue
        if not urlsplit(href).path.endswith(suffix):
            found.append(f"{where}: {href} is not a {suffix} file")
        if suffix == ".ipynb" and not json.loads(body).get("cells"):
            found.append(f"{where}: {href} has no cells")
        # Enter on the focused link, as a keyboard reader does: a click aims at where
        # the link was, and a figure above it laid out on scrolling can move it
        # (content-visibility), so that the click lands beside it on a busy machine
        async with page.expect_download() as download_info:
            await link.press("Enter")
        download = await download_info.value
        if await download.failure() is not None or (
            Path(await download.path()).read_bytes() != body
        ):
            found.append(f"{where}: Enter on the link to {href} did not download it")
    return found


async def fits(page, where: str) -> list[str]:
    """No sideways scrolling; wide code and math scroll in place."""
    overflow = await page.evaluate(
        "() => document.documentElement.scrollWidth - window.innerWidth"
    )
    if overflow <= 1:
        return []
    # the elements that stick out of a parent that fits: the causes
    widest = await page.evaluate(
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
    return [f"{where}: {overflow} px too wide, e.g. {widest}"]


# -- accessibility: axe-core in each colour scheme ----------------------------------

#: axe-core's script, from the npm package `make test` installs (npm ci).
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
#: WCAG 2.0 and 2.1, levels A and AA, and axe's best practices.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
#: The colour schemes a reader can meet: (check, the system's scheme, whether the
#: reader chose dark with the theme's toggle). Furo follows the system by default.
#: Its stylesheet gives the toggle's dark the very colours of the system's dark
#: (one block under both selectors), so the toggle is checked on a few pages only:
#: axe is most of the sweep's time. Dark mode changes colours only (Furo's colour
#: variables, the figures' own), so in dark axe runs its colour rules ("cat.color"),
#: on the pages ``axe_plan`` chooses; ``SAME_ELEMENTS`` checks, on every page, that
#: dark shows the content light shows.
SCHEMES = (
    ("axe, light", "light", False),
    ("axe, dark (system)", "dark", False),
    ("axe, dark (toggle)", "light", True),
)
#: Brings the page's running animations and transitions to their end state at once
#: (waiting for them made Tab through exercises.html take 18.7 s, not 0.9 s); one
#: that never ends cannot be finished, and runs on.
FINISH_ANIMATIONS = """() => document.getAnimations().forEach(a => {
    try { a.finish(); } catch (infinite) {} })"""
AXE_RUN = """async ([tags, colours, exclude]) => {
    const rules = axe.getRules(tags).filter(r => r.tags.includes('cat.color'));
    const context = exclude.length ? {exclude: exclude} : document;
    const result = await axe.run(context, {resultTypes: ['violations'], runOnly:
        colours ? {type: 'rule', values: rules.map(r => r.ruleId)}
                : {type: 'tag', values: tags}});
    return result.violations.map(v => `${v.id}: ${v.help}, on ${v.nodes.length}: `
        + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join('; '));
}"""
#: The elements the page's content shows, counted: the same in every scheme.
SAME_ELEMENTS = """() => Array.from(document.querySelectorAll('article *'))
    .filter(e => e.checkVisibility({visibilityProperty: true})).length"""


@functools.cache
def axe_script() -> str:
    if not AXE.is_file():
        pytest.fail(f"no {AXE}: `make test` installs it (npm ci)")
    return AXE.read_text(encoding="utf-8")


#: The pages checked in dark mode chosen with the toggle, too.
TOGGLE_PAGES = ("index.html", "chain_rule.html", "exercises.html")
#: What every page has in common, and most of axe's time on it: the theme's chrome
#: (one template: the site's navigation, the page's table of contents) and the
#: highlighted code (styled by token class, from one stylesheet).
SHARED_CLASSES = {"sidebar-drawer", "toc-drawer", "highlight"}
SHARED = sorted(f".{name}" for name in SHARED_CLASSES)  # as axe's selectors
#: Elements whose text is not shown.
UNSHOWN = {"head", "script", "style", "template", "noscript"}


def code_tokens(root: Element) -> set[tuple[str, str]]:
    """The token classes of a page's highlighted code, each with the classes of the
    box its block sits in (a cell's output, a doctest, a listing, ...)."""
    return {
        (box.attrs.get("class", ""), token.attrs.get("class", ""))
        for box in root.walk()
        for block in box.children
        if isinstance(block, Element) and "highlight" in block.classes
        for token in block.walk()
        if any(isinstance(text, str) and text.strip() for text in token.children)
    }


def text_kinds(element: Element, parent: str = "") -> set[tuple[str, str]]:
    """The kinds of text on a page outside ``SHARED``: each element with text of its
    own, named by its tag, classes and style, and its parent's."""
    name = (
        f"{element.tag}.{element.attrs.get('class', '')};{element.attrs.get('style')}"
    )
    if element.tag in UNSHOWN or element.classes & SHARED_CLASSES:
        return set()
    kinds = set()
    for child in element.children:
        if isinstance(child, Element):
            kinds |= text_kinds(child, name)
        elif child.strip():
            kinds.add((parent, name))
    return kinds


def cover(kinds: dict[str, set], chosen: set[str]) -> set[str]:
    """``chosen``, and as few more pages as hold every kind between them."""
    left = set().union(*kinds.values()).difference(*(kinds[p] for p in chosen))
    chosen = set(chosen)
    while left:  # the page with the most kinds not yet checked, each time
        page = max(sorted(kinds), key=lambda page: len(kinds[page] & left))
        chosen.add(page)
        left -= kinds[page]
    return chosen


def axe_plan(site_html: Path, site_pages: list[str]) -> tuple[set[str], set[str]]:
    """Where axe checks what (each page's own content, everywhere, in light).

    * ``SHARED`` is checked on the pages with the toggle, and on as few more as hold
      every token class of the site's code (in each kind of box): on diagrams.py's
      source page the code alone was 6,766 tokens;
    * dark changes colours only, from the same stylesheet, so axe's colour rules run
      in dark on the pages with the toggle and on as few more as hold every kind of
      text the others hold; every page's content must still show in dark.

    Returns the pages checked in full, and those checked in dark."""
    roots = {page: parse(site_html / page) for page in site_pages}
    tokens = {page: code_tokens(root) for page, root in roots.items()}
    full = cover(tokens, TOGGLE_PAGES)
    kinds = {page: text_kinds(root) for page, root in roots.items()}
    for page in full:  # there axe checks the chrome and the code too
        kinds[page] = kinds[page] | tokens[page]
    return full, cover(kinds, TOGGLE_PAGES)


async def accessibility(
    page, relative: str, full: bool, dark: bool
) -> dict[str, list[str]]:
    """axe-core's violations on the page as loaded, in each colour scheme (axe is
    injected once, and the page is not reloaded between schemes): in light, all its
    rules; in dark (if ``dark``), its colour rules. In dark, the page's content must
    show the elements it shows in light. With ``full`` false, not in ``SHARED``."""
    await page.add_script_tag(content=axe_script())
    found, shown = {"dark shows what light shows": []}, None
    exclude = [] if full else SHARED
    try:
        for check, system, toggle in SCHEMES:
            if toggle and relative not in TOGGLE_PAGES:
                continue
            await page.emulate_media(color_scheme=system)
            if toggle:  # on a light system the toggle's first click chooses dark
                await page.locator("button.theme-toggle:visible").first.click()
                theme = await page.evaluate("() => document.body.dataset.theme")
                if theme != "dark":
                    found[check] = [f"the theme toggle chose {theme!r}, not dark"]
                    continue
            # colours change with a transition (Furo's): axe reads their end
            await page.evaluate(FINISH_ANIMATIONS)
            colours = system == "dark" or toggle
            if dark or not colours:
                found[check] = await page.evaluate(
                    AXE_RUN, [AXE_TAGS, colours, exclude]
                )
            elements = await page.evaluate(SAME_ELEMENTS)
            if shown is None:  # light, the first scheme
                shown = elements
            elif elements != shown:
                found["dark shows what light shows"].append(
                    f"{check}: {elements} elements shown, in light {shown}"
                )
    finally:  # the tab's next page opens as a first visit does: light, automatic
        await page.evaluate("() => localStorage.removeItem('theme')")
        await page.emulate_media(color_scheme="light")
    return found


# -- keyboard: Tab through a page, open a dropdown with Enter ------------------------

#: Pages tabbed through: a chapter page, and the page with the most dropdowns.
KEYBOARD_PAGES = ("chain_rule.html", "exercises.html")
#: Every control a reader can reach: each gets a number (data-tab-stop).
CONTROLS = """() => {
    const all = document.querySelectorAll('a[href], button, input, select, textarea,'
        + ' summary, [tabindex]:not([tabindex="-1"])');
    const shown = Array.from(all).filter(e => !e.disabled
        && e.checkVisibility({visibilityProperty: true})
        && !(e.type === 'radio' && !e.checked));  // a radio group is one stop
    shown.forEach((e, i) => { e.dataset.tabStop = i; });
    return shown.length;
}"""
#: The focused control's number, and whether it shows a focus indicator: an
#: outline, or a box shadow, on a control that is not transparent (for a
#: transparent input: on its label).
FOCUSED = """() => {
    const e = document.activeElement;
    if (!e || e === document.body) return null;
    // a focus style may fade in (sphinx-copybutton's button): read it at its end
    (FINISH_ANIMATIONS)();
    const hidden = parseFloat(getComputedStyle(e).opacity) === 0;
    const shows = (hidden && e.labels && e.labels.length) ? e.labels[0] : e;
    const style = getComputedStyle(shows);
    const ring = parseFloat(style.opacity) > 0 && ((style.outlineStyle !== 'none'
        && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none');
    return {stop: e.dataset.tabStop ?? null, ring,
            name: e.outerHTML.slice(0, 100)};
}""".replace("FINISH_ANIMATIONS", FINISH_ANIMATIONS)


async def keyboard(page, where: str) -> list[str]:
    """Tab from the top of the page to its end: every control is reached, each
    with a focus indicator."""
    found: list[str] = []
    await page.evaluate("() => document.fonts.ready.then(() => true)")
    controls = await page.evaluate(CONTROLS)
    reached: set[str] = set()
    for _ in range(controls + 5):  # a few more: the browser's own stops
        await page.keyboard.press("Tab")
        focused = await page.evaluate(FOCUSED)
        if focused is None:
            break
        if focused["stop"] is None:
            found.append(f"{where}: Tab reached a hidden control {focused['name']}")
        elif focused["stop"] in reached:
            break  # round again
        else:
            reached.add(focused["stop"])
        if not focused["ring"]:
            found.append(f"{where}: no focus indicator on {focused['name']}")
    if len(reached) != controls:
        found.append(f"{where}: Tab reached {len(reached)} of {controls} controls")
    return found


async def dropdown_opens(page, where: str) -> list[str]:
    """A closed dropdown (``<details>``) opens when its summary has the focus and
    the reader presses Enter."""
    closed = page.locator("details:not([open]) > summary:visible").first
    summary = await closed.element_handle()  # this one, not the next closed one
    await summary.focus()
    await page.keyboard.press("Enter")
    if await summary.evaluate("(s) => s.parentElement.open"):
        return []
    return [f"{where}: Enter on a dropdown's summary did not open it"]


# -- every page, opened once -------------------------------------------------------


@pytest.fixture(scope="module")
def plan(site_html, site_pages) -> tuple[set[str], set[str]]:
    return axe_plan(site_html, site_pages)


@pytest.fixture(scope="module")
def sweep(browser, site_html, site_pages, plan) -> dict[str, dict[str, list[str]]]:
    """Every page opened once and checked; problems by page and check."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shots = {page: name for name, page in SHOTS.items()}
    copy_cells = code_cells(site_html, site_pages)
    clipboard = asyncio.Lock()
    full, dark = plan

    async def probe(tab: Tab, relative: str) -> dict[str, list[str]]:
        page, html = tab.page, (site_html / relative).read_text(encoding="utf-8")
        found = [f"image did not load: {src}" for src in await images_not_loaded(page)]
        if has_math(html):
            found += await mathml(page)
        checks = {"loads": found + await raw_tex(page)}
        if relative in KEYBOARD_PAGES:  # first: no other check has moved the focus
            checks["keyboard"] = await keyboard(page, relative)
            if "<details" in html:
                checks["dropdown"] = await dropdown_opens(page, relative)
        in_full, in_dark = relative in full, relative in dark
        checks.update(await accessibility(page, relative, in_full, in_dark))
        if relative in shots:
            checks["desktop shot"] = await screenshot(page, shots[relative], *DESKTOP)
        if relative in copy_cells:
            selector = copy_cells[relative]
            checks["copy"] = await copy_button(page, relative, selector, clipboard)
        if relative.startswith("auto_examples/plot_"):
            checks["downloads"] = await downloads_work(page, relative)
        if 'class="reference internal" href="#equation-' in html:
            checks["equation links"] = await equation_links(page, relative)
        if relative in TEACHING_PAGES:
            checks["views"] = await views_problems(page, "1280 px")
        await page.set_viewport_size({"width": PHONE[0], "height": PHONE[1]})
        await page.evaluate(  # two frames: the resize is laid out
            "() => new Promise(r => requestAnimationFrame(() => "
            "requestAnimationFrame(r)))"
        )
        if not relative.startswith("_modules/") and relative not in GENERATED:
            checks["phone"] = await fits(page, relative)
        if relative in TEACHING_PAGES:
            checks["views on a phone"] = await sideways(page)
            checks["views on a phone"] += await views_problems(page, "390 px")
        if relative in shots:
            checks["phone shot"] = await screenshot(page, shots[relative], *PHONE)
        return checks

    return browser.visit(site_pages, probe)


def problems(sweep, *checks: str) -> list[str]:
    """The problems the sweep found in these checks, one line per page."""
    return [
        f"{page}:\n  " + "\n  ".join(found)
        for page, by_check in sweep.items()
        if (found := [p for check in checks for p in by_check.get(check, [])])
    ]


def test_every_page_loads_cleanly(sweep, site_html, site_pages):
    assert sorted(sweep) == sorted(site_pages) and "index.html" in sweep
    math_pages = [p for p in site_pages if has_math((site_html / p).read_text())]
    assert math_pages, "no page has math: is the MathML check looking right?"
    found = problems(sweep, "loads", "network and console")
    assert not found, "\n".join(found)


@pytest.mark.parametrize("scheme", [check for check, _, _ in SCHEMES])
def test_no_accessibility_violation(sweep, plan, scheme):
    """axe-core finds no violation of WCAG 2.1 A and AA, nor of its best practices,
    on any page at 1280 px in light mode, nor of its colour rules in both ways to
    dark mode (``axe_plan``: where)."""
    checked = [page for page, checks in sweep.items() if scheme in checks]
    full, dark = plan
    light, system, toggle = (check for check, _, _ in SCHEMES)
    expected = {light: set(sweep), system: dark, toggle: set(TOGGLE_PAGES)}
    assert set(checked) == expected[scheme]
    assert set(TOGGLE_PAGES) <= full & dark and dark < set(sweep)
    found = problems(sweep, scheme)
    assert not found, "\n".join(found)


def test_the_plan_adds_pages_until_every_kind_is_held():
    kinds = {"a": {1, 2}, "b": {2, 3}, "c": {3}, "d": {4}, "e": set()}
    assert cover(kinds, {"c"}) == {"a", "c", "d"}
    assert cover(kinds, set()) == {"a", "b", "d"}


def test_dark_mode_shows_the_content_light_mode_shows(sweep):
    found = problems(sweep, "dark shows what light shows")
    assert not found, "\n".join(found)


def test_keyboard_reaches_every_control(sweep):
    """Tab reaches every control of a chapter page, each showing a focus ring, and
    a dropdown opens with Enter."""
    assert all("keyboard" in sweep[page] for page in KEYBOARD_PAGES)
    assert any("dropdown" in sweep[page] for page in KEYBOARD_PAGES)
    found = problems(sweep, "keyboard", "dropdown")
    assert not found, "\n".join(found)


def test_equation_references_lead_to_their_equations(sweep):
    followed = [page for page, checks in sweep.items() if "equation links" in checks]
    assert len(followed) > 5, f"equation references only on {followed}"
    found = problems(sweep, "equation links")
    assert not found, "\n".join(found)


def test_copy_button_puts_the_code_on_the_clipboard(sweep):
    copied = [page for page, checks in sweep.items() if "copy" in checks]
    assert len(copied) == 3, f"a code cell of each sort, found on {copied}"
    found = problems(sweep, "copy")
    assert not found, "\n".join(found)


def test_every_gallery_example_offers_its_script_and_notebook(sweep):
    examples = [page for page, checks in sweep.items() if "downloads" in checks]
    assert examples, "the build has no gallery examples"
    found = problems(sweep, "downloads")
    assert not found, "\n".join(found)


def test_pages_fit_a_phone_screen(sweep):
    """At 390 px no content page scrolls sideways: wide code and math scroll in
    place (viewcode's sources and the generated indices are left out)."""
    assert sum("phone" in checks for checks in sweep.values()) > 10
    found = problems(sweep, "phone")
    assert not found, "\n".join(found)


def test_screenshots_at_desktop_and_phone_widths(sweep):
    missing = [page for page in SHOTS.values() if "phone shot" not in sweep[page]]
    assert not missing, f"not photographed: {missing}"
    found = problems(sweep, "desktop shot", "phone shot")
    assert not found, "\n".join(found)


# -- search ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def search_results(browser) -> dict[str, list[str]]:
    """The result links the search page shows, by query."""
    queries = {f"search.html?q={q.replace(' ', '+')}": q for q in SEARCHES}
    links: dict[str, list[str]] = {}

    async def probe(tab: Tab, url: str) -> dict[str, list[str]]:
        # results are shown one by one; the summary is written when all are
        await tab.page.wait_for_function(
            """() => {
                const summary = document.querySelector('#search-results .search-summary');
                return !!summary && summary.innerText.trim().length > 0;
            }"""
        )
        links[queries[url]] = await tab.page.eval_on_selector_all(
            "#search-results li a", "links => links.map(a => a.href)"
        )
        return {}

    found = problems(browser.visit(list(queries), probe), "network and console")
    assert not found, "\n".join(found)
    return links


#: Each query, and the page its results must include.
SEARCHES = {"chain rule": "chain_rule.html", "numerical_gradient": "api/gradcheck.html"}


@pytest.mark.parametrize("query", sorted(SEARCHES))
def test_search_finds_the_page(search_results, site_html, query):
    page = SEARCHES[query]
    assert (site_html / page).is_file()
    links = search_results[query]
    assert any(urlsplit(link).path.endswith(f"/{page}") for link in links), links


# -- the three views (issue 12) ----------------------------------------------------
#
# Each teaching page shows Math, Code and Diagram together, in `.views` containers
# of `.view` boxes (docs/_static/views.css). These checks read the page's content
# only, not the theme's markup.

#: The pages that teach with the three views.
TEACHING_PAGES = [f"{page}.html" for page in book.TEACHING_PAGES]

#: Boxes that may scroll sideways on a phone: code blocks and display formulas.
SCROLLING_BOX = "pre, .highlight, div.math, .math-wrapper, mjx-container"


async def hidden_views(page) -> list[str]:
    """Every view that is not on show: not displayed, invisible, collapsed to
    nothing, or inside something hidden."""
    return await page.evaluate(
        """() => Array.from(document.querySelectorAll('.views > .view'))
            .filter(view => {
                const box = view.getBoundingClientRect();
                const style = getComputedStyle(view);
                return box.width < 100 || box.height < 20
                    || style.visibility !== 'visible' || style.display === 'none'
                    || view.closest('[hidden], details:not([open])') !== null
                    || view.checkVisibility() === false;
            })
            .map(view => (view.querySelector('.rubric') || view).textContent.trim())"""
    )


async def sideways(page) -> list[str]:
    """At a phone's width: the views that stick out of the window, and the boxes
    that scroll sideways although they are not code or formulas."""
    return await page.evaluate(
        """(allowed) => {
            const edge = window.innerWidth + 1;
            const found = [];
            for (const view of document.querySelectorAll('.views > .view')) {
                const box = view.getBoundingClientRect();
                if (box.left < -1 || box.right > edge) {
                    found.push('view sticks out: '
                        + view.querySelector('.rubric').textContent.trim());
                }
            }
            const article = document.querySelector('article') || document.body;
            for (const element of article.querySelectorAll('*')) {
                // a closed dropdown's content is not shown (its boxes can keep the
                // size of a wider window that last laid it out, as Chromium's do)
                if (element.closest('details:not([open])')) continue;
                const style = getComputedStyle(element);
                const scrolls = ['auto', 'scroll'].includes(style.overflowX)
                    && element.scrollWidth > element.clientWidth + 1;
                if (scrolls && !element.matches(allowed)) {
                    found.push('scrolls sideways: ' + element.tagName.toLowerCase()
                        + '.' + String(element.className).split(' ')[0]);
                }
                // past the window's edge, and not inside a box that scrolls
                if (element.getBoundingClientRect().right > edge
                        && !element.closest(allowed)) {
                    found.push('too wide: ' + element.tagName.toLowerCase() + ' '
                        + (element.textContent || '').trim().slice(0, 40));
                }
            }
            return found.slice(0, 10);
        }""",
        SCROLLING_BOX,
    )


async def views_problems(page, width: str) -> list[str]:
    count = await page.locator(".views > .view").count()
    found = [] if count >= 3 else [f"only {count} views"]
    return found + [f"hidden at {width}: {v}" for v in await hidden_views(page)]


def test_every_view_shows_at_desktop_width(sweep):
    shown = [page for page, checks in sweep.items() if "views" in checks]
    assert sorted(shown) == sorted(TEACHING_PAGES)
    found = problems(sweep, "views")
    assert not found, "\n".join(found)


def test_at_phone_width_only_code_and_formulas_scroll(sweep):
    found = problems(sweep, "views on a phone")
    assert not found, "\n".join(found)
