"""Figures as inline SVG whose colours follow the page's theme (an <img> cannot see the
page's CSS), named for screen readers (role="img", <title>, describe_plot's <desc>), for
the pages' kernels (docs/ipython's startup calls register) and sphinx-gallery (scraper)."""

import colorsys
import hashlib
import html
import io
import re
import textwrap
from typing import Any

# Each colour is var(--c1f2933,#1f2933); a dark page (Furo's mark, or the system's
# setting when no theme is chosen) gives it lightness turned over, hue kept.
CLASS = "chainrule-figure"
DARK = f'body[data-theme="dark"] .{CLASS}'
AUTO = f'body:not([data-theme="light"]) .{CLASS}'
DARK_PAPER = "var(--color-background-primary, #131416)"

COLOUR = re.compile(r"#([0-9a-f]{6})\b")
IDS = re.compile(r'\sid="([^"]+)"')
DIGITS = re.compile(r"(?<![\d.])(\d*[1-9]\d*\.\d\d)\d+")  # not 0.015625, a scale


def dark(colour: str) -> str:
    if colour == "ffffff":
        return DARK_PAPER
    rgb = [int(colour[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    hue, lightness, saturation = colorsys.rgb_to_hls(*rgb)
    r, g, b = colorsys.hls_to_rgb(hue, 1.0 - lightness, saturation)
    return "#" + "".join(f"{round(255 * c):02x}" for c in (r, g, b))


def figure_svg(fig: Any) -> str:
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
    style = f"{DARK}{{{rules}}}@media (prefers-color-scheme: dark){{{AUTO}{{{rules}}}}}"
    description = describe_plot(fig) if any(ax.get_lines() for ax in fig.axes) else ""
    title = fig.get_label() or description.split(". ")[0].rstrip(".") + "."
    named = f'role="img" aria-labelledby="{prefix}-title"'
    named += f' aria-describedby="{prefix}-desc"' if description else ""
    head = f'<svg class="{CLASS}" {named} style="max-width:100%;height:auto"'
    inside = f'<title id="{prefix}-title">{html.escape(title)}</title>'
    if description:
        inside += f'<desc id="{prefix}-desc">{html.escape(description)}</desc>'
    svg = svg.replace("<svg", head, 1)
    return re.sub(r"(<svg[^>]*>)", rf"\1{inside}<style>{style}</style>", svg, count=1)


def register(ip: Any) -> None:
    import matplotlib.pyplot as plt
    from matplotlib.figure import Figure  # shown as themed inline SVG (text/html)

    # A figure shown (or glued) leaves pyplot: the inline backend's flush at the
    # cell's end draws only the figures pyplot still holds, so not this one again.
    def shown_once(fig: Figure) -> str:
        svg = figure_svg(fig)
        plt.close(fig)
        return svg

    ip.display_formatter.formatters["text/html"].for_type(Figure, shown_once)


def scraper(block: Any, block_vars: dict[str, Any], gallery_conf: Any) -> str:
    """Each new figure inline, and a PNG kept for the thumbnails (never linked)."""
    import matplotlib.pyplot as plt

    figures = ""
    paths = block_vars["image_path_iterator"]
    for number, path in zip(plt.get_fignums(), paths, strict=False):
        fig = plt.figure(number)
        fig.savefig(path, dpi=100)
        figures += f'<div class="sphx-glr-figure">{figure_svg(fig)}</div>\n'
    plt.close("all")
    block = textwrap.indent(figures, "    ")
    return f"\n\n.. raw:: html\n\n{block}\n" if figures else ""
