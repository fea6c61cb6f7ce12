"""The site's figures in Chromium, light and dark: themed, sharp, described.

Every content page and every gallery example with a figure is opened once, at
1280 px, with the harness of ``tests/test_browser.py``, and seen in both colour
schemes (``prefers-color-scheme`` light, then dark: the theme follows it). Every
figure of the article (the inline SVG figures, and any ``<img>``) is judged:

* its box is light in light mode and dark in dark mode (the median relative
  luminance of its pixels above 0.65, or below 0.35), so no bright card sits
  on a dark page. An image is photographed where it stands. An inline SVG
  figure paints its box with its background, whose colour Chromium resolves
  from the theme's CSS: that colour's luminance is its median (the lines and
  letters are far fewer pixels), and the first figure of each page is
  photographed too, to check that the two agree;
* a raster image has at least 1.5 pixels per CSS pixel it is shown at;
* it is named: an ``<img>`` by alt text that says what it shows (not a file
  name), an SVG figure by its ``<title>``; a decorative thumbnail inside a link
  may have ``alt=""`` when the link has a name of its own.

The gallery's thumbnails are decorative link images, not figures: they are held
to the alt rule only.
"""

from __future__ import annotations

import asyncio
import io
import re

import numpy as np
import pytest
from PIL import Image
from test_browser import DESKTOP, TABS, base_url, browser, chromium  # noqa: F401

pytestmark = pytest.mark.browser

#: Pages that are not the chapter's or the gallery's.
NOT_CONTENT = ("api", "_modules/", "genindex.html", "search.html", "py-modindex.html")
FIGURES = "article svg.chainrule-figure, article img"
THUMBNAIL = ".sphx-glr-thumbcontainer"
FILE_NAME = re.compile(r"\.(png|svg|jpe?g|gif|webp)\b|sphx_glr_|^[\w.-]+$", re.I)

#: Every image loads, lazy ones too.
EAGER = "() => document.querySelectorAll('img').forEach(i => i.loading = 'eager')"
LOADED = "() => Array.from(document.images).every(i => i.complete)"
FRAMES = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
#: Run in the page: each figure's kind, size, name and where it is.
DESCRIBE = """(figures, thumbnail) => figures.map((f) => {
    const box = f.getBoundingClientRect();
    const svg = f.tagName.toLowerCase() === 'svg';
    const title = svg ? f.querySelector('title') : null;
    const holder = f.closest(thumbnail);
    const link = f.closest('a') || (holder && holder.querySelector('a'));
    return {
        svg, thumbnail: !!holder,
        alt: svg ? (title ? title.textContent : '') : f.getAttribute('alt'),
        src: svg ? '' : (f.currentSrc || f.src),
        natural: svg ? 0 : f.naturalWidth, shown: box.width,
        paper: svg ? getComputedStyle(f.querySelector('path')).fill : null,
        link: link ? (link.getAttribute('aria-label') || link.textContent).trim() : null,
    };
})"""


def luminance(rgb: np.ndarray) -> np.ndarray:
    """WCAG 2.1 relative luminance of sRGB colours (0 to 1, last axis r, g, b)."""
    linear = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    return linear @ np.array([0.2126, 0.7152, 0.0722])


def median_luminance(png: bytes) -> float:
    """The median relative luminance of a screenshot's pixels."""
    rgb = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=float) / 255
    return float(np.median(luminance(rgb)))


def css_luminance(colour: str) -> float:
    """The relative luminance of a computed CSS colour, ``rgb(19, 20, 22)``."""
    channels = [float(v) for v in re.findall(r"[\d.]+", colour)[:3]]
    return float(luminance(np.array(channels) / 255))


def named(figure: dict) -> bool:
    """Alt text that says what the figure shows; or a thumbnail whose link says."""
    alt = (figure["alt"] or "").strip()
    if not alt:
        return figure["alt"] == "" and figure["thumbnail"] and bool(figure["link"])
    return len(alt.split()) >= 3 and not FILE_NAME.search(alt)


def test_a_thumbnail_may_be_decorative_only_beside_a_named_link():
    thumbnail = {"alt": "", "thumbnail": True, "link": "Diagrams from code"}
    assert named(thumbnail)
    assert not named({**thumbnail, "link": ""})
    assert not named({**thumbnail, "thumbnail": False})
    assert not named({"alt": "sphx_glr_plot_diagrams_001.png", "thumbnail": False})
    assert named(
        {"alt": "A chain of 2 functions, square then sigmoid.", "thumbnail": 0}
    )


@pytest.fixture(scope="module")
def figures(browser, site_html, site_pages) -> dict[str, list[dict]]:  # noqa: F811
    """Every figure of the chapter and gallery pages, as each scheme shows it.

    Only the pages whose HTML holds a figure are opened, and measured once the
    document is read: the figures do not wait for the page's other files.
    """
    pages = [
        p
        for p in site_pages
        if not p.startswith(NOT_CONTENT)
        and re.search(r"<img |chainrule-figure", (site_html / p).read_text("utf-8"))
    ]
    found: dict[str, list[dict]] = {"light": [], "dark": []}
    queue = list(pages)

    async def measure(tab, page: str, scheme: str) -> None:
        await tab.page.emulate_media(color_scheme=scheme)  # the theme follows it
        await tab.page.evaluate(FRAMES)
        located = tab.page.locator(FIGURES)
        described = await located.evaluate_all(DESCRIBE, THUMBNAIL)
        first = next((i for i, f in enumerate(described) if f["svg"]), None)
        for index, figure in enumerate(described):
            figure |= {"page": page, "scheme": scheme, "index": index}
            if figure["svg"]:
                figure["luminance"] = css_luminance(figure["paper"])
            if (index == first or not figure["svg"]) and not figure["thumbnail"]:
                shot = await located.nth(index).screenshot(type="jpeg", quality=80)
                figure["pixels"] = median_luminance(shot)
                figure.setdefault("luminance", figure["pixels"])
            found[scheme].append(figure)

    async def work() -> None:  # each page opened once, and seen in both schemes
        async with browser.tab(*DESKTOP) as tab:
            while queue:
                page = queue.pop(0)
                await tab.page.emulate_media(color_scheme="light")
                await tab.page.goto(page, wait_until="domcontentloaded")
                await tab.page.evaluate(EAGER)
                await tab.page.wait_for_function(LOADED)
                for scheme in ("light", "dark"):
                    await measure(tab, page, scheme)

    async def both() -> None:
        await asyncio.gather(*(work() for _ in range(TABS)))

    browser.run(both())
    return found


def where(figure: dict) -> str:
    return f"{figure['page']} figure {figure['index'] + 1} ({figure['scheme']})"


def test_the_pages_have_figures_and_each_is_photographed(figures):
    inline = [f for f in figures["light"] if f["svg"]]
    assert len(inline) >= 20, "few inline SVG figures: is the rendering set up?"
    gallery = {f["page"] for f in inline if f["page"].startswith("auto_examples/")}
    assert "auto_examples/plot_diagrams.html" in gallery
    for scheme in ("light", "dark"):
        missed = [
            where(f) for f in figures[scheme] if not f["thumbnail"] and not f["shown"]
        ]
        assert not missed, missed
        photographed = [f for f in figures[scheme] if f["svg"] and "pixels" in f]
        assert len(photographed) >= 10, scheme  # the first of each page with figures


def test_the_paper_colour_of_an_svg_figure_is_its_median_pixel(figures):
    """The shortcut the luminance test takes for inline SVG, held to account."""
    for scheme in ("light", "dark"):
        for f in figures[scheme]:
            if f["svg"] and "pixels" in f:
                assert abs(f["pixels"] - f["luminance"]) < 0.03, (where(f), f["paper"])


def test_no_bright_card_in_dark_mode_and_no_dark_one_in_light_mode(figures):
    wrong = [
        f"{where(f)}: median luminance {f['luminance']:.2f}"
        for scheme, bound in (
            ("light", lambda v: v > 0.65),
            ("dark", lambda v: v < 0.35),
        )
        for f in figures[scheme]
        if "luminance" in f and not bound(f["luminance"])
    ]
    assert not wrong, "\n".join(wrong)


def test_no_raster_figure_is_blurred_on_a_sharp_screen(figures):
    blurred = [
        f"{where(f)}: {f['natural']} px shown at {f['shown']:.0f} px ({f['src']})"
        for f in figures["light"]
        if not f["svg"]
        and not f["thumbnail"]
        and not f["src"].split("?")[0].endswith(".svg")
        and f["natural"] < 1.5 * f["shown"]
    ]
    assert not blurred, "\n".join(blurred)


def test_every_figure_says_what_it_shows(figures):
    unnamed = [f"{where(f)}: {f['alt']!r}" for f in figures["light"] if not named(f)]
    assert not unnamed, "\n".join(unnamed)
