"""The site's figures: inline SVG whose colours follow the page's light or dark theme.

An ``<img>`` cannot see the page's CSS, and ``prefers-color-scheme`` inside an
SVG file ignores the theme's own light/dark switch, so each figure is inlined
into the page as Matplotlib's SVG with every colour written as a CSS variable,
``var(--c1f2933,#1f2933)``: the colour itself, unless the page is dark.
Then a ``<style>`` in the figure gives each variable its dark counterpart (the
colour with its lightness turned over, hue and saturation kept; white becomes
the page's background) under the selectors with which Furo and the PyData
theme mark dark mode. The text stays paths, so it looks the same everywhere.

Each figure is named for screen readers: ``role="img"`` with a ``<title>``, the
figure's label (the chainrule diagrams describe themselves), and for a data
plot a ``<desc>``, :func:`chainrule.describe_plot`'s description of its data.

Used in two places, and nothing here changes what a reader who copies a cell
into Jupyter sees (a plain PNG, as ever):

* the pages' kernels: ``docs/ipython/profile_default/startup/figures.py`` calls
  :func:`register`, an IPython ``text/html`` formatter for figures, which
  myst-nb puts on the page raw (it ranks ``text/html`` above ``image/png``);
* sphinx-gallery: :func:`scraper`, named in ``docs/conf.py``.
"""

from __future__ import annotations

import colorsys
import hashlib
import html
import io
import re
import textwrap
from typing import Any

#: The class every figure's ``<svg>`` carries, and the marks of a dark page.
CLASS = "chainrule-figure"
DARK = (f'html[data-theme="dark"] .{CLASS}', f'body[data-theme="dark"] .{CLASS}')
AUTO = f'html:not([data-theme="light"]) body:not([data-theme="light"]) .{CLASS}'
#: A dark page's background: Furo's variable, the PyData theme's, or near-black.
DARK_PAPER = "var(--color-background-primary, var(--pst-color-background, #131416))"

COLOUR = re.compile(r"#([0-9a-f]{6})\b")
IDS = re.compile(r'\sid="([^"]+)"')
DIGITS = re.compile(r"(?<![\d.])(\d*[1-9]\d*\.\d\d)\d+")  # not 0.015625, a scale


def dark(colour: str) -> str:
    """The dark theme's version of ``#rrggbb``: lightness inverted, hue kept."""
    if colour == "ffffff":
        return DARK_PAPER
    rgb = [int(colour[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    hue, lightness, saturation = colorsys.rgb_to_hls(*rgb)
    r, g, b = colorsys.hls_to_rgb(hue, 1.0 - lightness, saturation)
    return "#" + "".join(f"{round(255 * c):02x}" for c in (r, g, b))


def figure_svg(fig: Any) -> str:
    """The figure as an inline ``<svg>`` element that follows the page's theme."""
    from chainrule import describe_plot

    out = io.StringIO()
    fig.savefig(out, format="svg", bbox_inches="tight", metadata={"Date": None})
    svg = out.getvalue()
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"<metadata>.*?</metadata>|<!--.*?-->", "", svg, flags=re.DOTALL)
    svg = re.sub(r"\n\s*", "\n", svg).replace("xlink:href", "href")  # SVG 2
    svg = DIGITS.sub(r"\1", svg)  # a hundredth of a point is fine enough
    svg = re.sub(r'(<use [^>]*?)transform="translate\(([-\d.]+) 0\)"', r'\1x="\2"', svg)
    prefix = "f" + hashlib.sha1(svg.encode()).hexdigest()[:6]
    # Keep only the ids something refers to, each short and unique on the page.
    used = dict.fromkeys(re.findall(r'(?:href="#|url\(#)([^")]+)', svg))
    short = {name: f"{prefix}{i:x}" for i, name in enumerate(used)}
    svg = IDS.sub(lambda m: f' id="{short[m[1]]}"' if m[1] in short else "", svg)
    svg = re.sub(r'(href="#|url\(#)([^")]+)', lambda m: m[1] + short[m[2]], svg)
    # Matplotlib's own style sheet would reach every element of the page.
    svg = svg.replace("*{", f".{CLASS} *{{")
    colours = sorted(set(COLOUR.findall(svg)))
    svg = COLOUR.sub(lambda m: f"var(--c{m[1]},#{m[1]})", svg)
    rules = "".join(f"--c{c}:{dark(c)};" for c in colours)
    style = f"{','.join(DARK)}{{{rules}}}@media (prefers-color-scheme: dark){{{AUTO}{{{rules}}}}}"
    label = fig.get_label() or ""
    lines = any(ax.get_lines() for ax in fig.axes)
    description = describe_plot(fig) if lines else ""
    title = label or description.split(". ")[0].rstrip(".") + "."
    named = f'role="img" aria-labelledby="{prefix}-title"'
    named += f' aria-describedby="{prefix}-desc"' if description else ""
    head = f'<svg class="{CLASS}" {named} style="max-width:100%;height:auto"'
    inside = f'<title id="{prefix}-title">{html.escape(title)}</title>'
    if description:
        inside += f'<desc id="{prefix}-desc">{html.escape(description)}</desc>'
    svg = svg.replace("<svg", head, 1)
    svg = re.sub(r"(<svg[^>]*>)", rf"\1{inside}<style>{style}</style>", svg, count=1)
    return svg


def register(ip: Any) -> None:
    """Show figures in this IPython kernel as themed inline SVG (``text/html``)."""
    from matplotlib.figure import Figure

    ip.display_formatter.formatters["text/html"].for_type(Figure, figure_svg)


def scraper(block: Any, block_vars: dict[str, Any], gallery_conf: Any) -> str:
    """sphinx-gallery: each new figure inline as themed SVG, and a PNG kept for
    the gallery's thumbnails (never linked from the page)."""
    import matplotlib.pyplot as plt

    figures = []
    paths = block_vars["image_path_iterator"]
    for number, path in zip(plt.get_fignums(), paths, strict=False):
        fig = plt.figure(number)
        fig.savefig(path, dpi=100)
        figures.append(f'<div class="sphx-glr-figure">{figure_svg(fig)}</div>')
    plt.close("all")
    if not figures:
        return ""
    return (
        "\n\n.. raw:: html\n\n" + textwrap.indent("\n".join(figures), "    ") + "\n\n"
    )
