"""Text, boxes and arrows placed in inches (a :class:`Sketch`, text measured once),
computational graphs laid out on a fixed grid (:func:`graph`), and :func:`render`,
which draws a sketch on a figure of exactly its size, one data unit per inch.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch
from numpy.typing import ArrayLike

# Okabe-Ito blue for the forward pass; its vermillion, darkened to keep 4.5:1
# on white, for the backward pass, whose arrows are dashed as well.
INK, MUTED, PAPER = "#1f2933", "#52606d", "#ffffff"
FORWARD, BACKWARD = "#0072b2", "#c04f00"
LABEL, NAME, SMALL = 10.0, 11.0, 9.0  # font sizes, in points
GAP, PAD, MARGIN, LANE = 0.06, 0.1, 0.15, 0.08  # inches, as every length here
BOX_H, MIN_BOX, MIN_EDGE, MAX_WIDTH = 0.5, 0.5, 0.55, 7.0  # a page's text column
TIMES, DELTA = "\u00d7", "\u0394"
_SHIFT = {"left": 0.0, "bottom": 0.0, "center": 0.5, "right": 1.0, "top": 1.0}
FAMILY = {False: "sans-serif", True: "monospace"}
Extent = tuple[float, float, float, float]
Point = tuple[float, float]


def number(value: ArrayLike) -> str:
    """4 decimals with trailing zeros (``0.1260``), whole numbers as integers;
    4 significant digits for one that would print as 0.0000, or of 1e6 or more."""
    v = float(np.asarray(value).item())
    if not math.isfinite(v):
        return str(v)
    if abs(v) < 1e6 and v == round(v):
        return str(int(v))
    return f"{v:.4g}" if abs(v) >= 1e6 or round(v, 4) == 0 else f"{v:.4f}"


def matrix(values: ArrayLike) -> str:
    """Rows of right-aligned columns, for a monospaced font."""
    cells = [[number(v) for v in row] for row in np.atleast_2d(values)]
    width = max(len(cell) for row in cells for cell in row)
    return "\n".join(" ".join(cell.rjust(width) for cell in row) for row in cells)


@functools.lru_cache(maxsize=4096)
def measure(text: str, size: float = LABEL, mono: bool = False) -> tuple[float, float]:
    """Width and height in inches, measured at 600 dpi with 8 % to spare: at a low
    resolution Agg snaps glyphs to whole pixels, widening a line up to that much."""
    if not text:
        return 0.0, 0.0
    artist = _ruler().text(0, 0, text, fontsize=size, family=FAMILY[mono])
    extent = artist.get_window_extent()
    artist.remove()
    return 1.08 * extent.width / 600, extent.height / 600


@functools.cache
def _ruler() -> Figure:
    figure = Figure(dpi=600)
    FigureCanvasAgg(figure)
    return figure


@dataclass
class Sketch:
    """What to draw, in inches, as arguments for Matplotlib, and the extent it covers."""

    ops: list[tuple[str, list[float], dict[str, Any]]] = field(default_factory=list)
    extent: Extent = (math.inf, math.inf, -math.inf, -math.inf)

    def cover(self, x0: float, y0: float, x1: float, y1: float) -> None:
        a, b, c, d = self.extent
        self.extent = (min(a, x0), min(b, y0), max(c, x1), max(d, y1))

    def text(self, x: float, y: float, s: str, ha: str = "center", **kw: Any) -> Extent:
        """Write ``s`` at ``(x, y)`` (``va``, ``color``, ``size``, ``mono`` as
        keywords); return where it lies."""
        va, color = kw.get("va", "center"), kw.get("color", INK)
        size, mono = kw.get("size", LABEL), kw.get("mono", False)
        width, height = measure(s, size, mono)
        x0, y0 = x - width * _SHIFT[ha], y - height * _SHIFT[va]
        if s:
            style = {"ha": ha, "va": va, "multialignment": "left" if mono else ha}
            style |= {"color": color, "fontsize": size, "family": FAMILY[mono]}
            self.ops.append(("text", [x, y], {"s": s, "zorder": 3, **style}))
            self.cover(x0, y0, x0 + width, y0 + height)
        return x0, y0, x0 + width, y0 + height

    def box(self, x: float, y: float, w: float, h: float, text: str = "") -> None:
        """A rounded box centred on ``(x, y)``, with ``text`` in the middle."""
        self.ops.append(("box", [x - w / 2, y - h / 2], {"width": w, "height": h}))
        self.cover(x - w / 2, y - h / 2, x + w / 2, y + h / 2)
        self.text(x, y, text, size=NAME if h >= BOX_H else LABEL)

    def arrow(self, a: Point, b: Point, color: str = FORWARD, bend: float = 0) -> None:
        """An arrow, dashed when it goes backward; a ``bend`` makes it a dotted arc."""
        (x0, y0), (x1, y1), head = a, b, "-" if bend else "-|>"
        style = ":" if bend else (0, (4, 2)) if color == BACKWARD else "-"
        props: dict[str, Any] = {"arrowstyle": head, "linestyle": style, "color": color}
        props |= {"connectionstyle": f"arc3,rad={bend}", "shrinkA": 0, "shrinkB": 0}
        self.ops.append(("arrow", [x0, y0, x1, y1], props))
        # an arc3 curve reaches half way to its control point, rad times the chord
        xs = (x0, x1, (x0 + x1 + bend * (y1 - y0)) / 2)
        ys = (y0, y1, (y0 + y1 - bend * (x1 - x0)) / 2)
        self.cover(min(xs) - GAP, min(ys) - GAP, max(xs) + GAP, max(ys) + GAP)

    def add(self, other: Sketch, dx: float, dy: float) -> None:
        """Draw ``other`` too, moved by ``(dx, dy)``."""
        for kind, xy, style in other.ops:
            moved = [v + (dy if i % 2 else dx) for i, v in enumerate(xy)]
            self.ops.append((kind, moved, style))
        x0, y0, x1, y1 = other.extent
        self.cover(x0 + dx, y0 + dy, x1 + dx, y1 + dy)


def flow(panels: list[Sketch], gap: float = 0.45, width: float = MAX_WIDTH) -> Sketch:
    """Panels in reading order, on a new row where ``width`` ends (0: stacked)."""
    whole, x, top, bottom = Sketch(), 0.0, 0.0, 0.0
    for panel in panels:
        x0, _, x1, y1 = panel.extent
        if x and x + x1 - x0 > width:
            x, top = 0.0, bottom - gap
        whole.add(panel, x - x0, top - y1)
        x, bottom = x + x1 - x0 + gap, whole.extent[1]
    return whole


@dataclass(frozen=True)
class Edge:
    """An arrow's labels: the forward one over it, the backward one under it."""

    forward: str = ""
    backward: str = ""
    mono: bool = False  # matrices, in columns


@dataclass(frozen=True)
class Graph:
    sources: tuple[Edge, ...]  # one, or two stacked that enter the first box
    boxes: tuple[str, ...]
    edges: tuple[Edge, ...]  # edges[i] leaves boxes[i]; the last is the output
    backward: bool = False
    captions: tuple[str, ...] = ()  # over the boxes
    left: str = ""  # left of a single source (a function box's inputs)
    right: str = ""  # right of the output
    gradients: tuple[str, ...] = ()  # over the top source and under the bottom one
    footer: str = ""  # under the whole graph


def graph(g: Graph) -> Sketch:
    """Lay ``g`` out: one input, or two stacked into a tall first box, then a
    row of boxes; the backward labels hang under the row, each clear of the last."""
    sketch, lane, x, limit = Sketch(), LANE if g.backward else 0.0, 0.0, -math.inf
    half, length, two = 0.0, 0.0, len(g.sources) == 2
    if two:  # the inputs' arrows far enough apart for the labels between them
        top, bottom = (_font(e) for e in g.sources)
        between = measure(g.sources[0].backward if g.backward else "", *top)[1]
        between += measure(g.sources[1].forward, *bottom)[1]
        half = max(BOX_H / 2, lane + 1.5 * GAP + between / 2)
        labels = [(e.forward, e.backward * g.backward, _font(e)) for e in g.sources]
        widths = [measure(t, *f)[0] for *texts, f in labels for t in texts]
        length = max(MIN_EDGE, *(w + 2 * GAP for w in widths))
    sketch.text(-GAP, 0.0, g.left, "right", mono=True)
    for edge, y in zip(g.sources, (half, -half) if two else (0.0,), strict=True):
        under = y - lane - GAP if two else -BOX_H / 2 - GAP
        x, limit = _edge(sketch, 0.0, edge, g.backward, (-math.inf, y, under, length))
    for i, edge in enumerate(g.edges):
        width = max(MIN_BOX, measure(g.boxes[i], NAME)[0] + 2 * PAD)
        height = 2 * half + BOX_H / 2 if two and not i else BOX_H
        sketch.box(x + width / 2, 0.0, width, height, g.boxes[i])
        caption = g.captions[i] if i < len(g.captions) else ""
        sketch.text(x + width / 2, height / 2 + GAP, caption, va="bottom", color=MUTED)
        # backward labels may pass under a box, but not under the tall first one
        limit = x + width + GAP if two and not i else limit
        row = (limit, 0.0, -BOX_H / 2 - GAP, 0.0)
        x, limit = _edge(sketch, x + width, edge, g.backward, row)
    sketch.text(x + GAP, 0.0, g.right, "left", mono=not two)
    _, low, _, high = sketch.extent
    ends = ((high + GAP, "bottom"), (low - GAP, "top"))
    for text, (y, va) in zip(g.gradients, ends, strict=False):
        block = "\n" in text  # a matrix, in columns
        size = SMALL if block else LABEL
        sketch.text(0.0, y, text, "left", va=va, color=BACKWARD, size=size, mono=block)
    x0, y0 = sketch.extent[:2]
    sketch.text(x0, y0 - GAP, g.footer, "left", va="top", color=BACKWARD)
    return sketch


def _font(edge: Edge) -> tuple[float, bool]:
    return (SMALL, True) if edge.mono else (LABEL, False)


def _edge(sketch: Sketch, x: float, e: Edge, backward: bool, at: Extent) -> Point:
    """An arrow from ``x`` with its labels, ``at`` (limit, y, under, length); returns
    its end and where the next backward label may start: each is centred
    ``under`` its arrow, right of ``limit``, on an arrow at least ``length`` long."""
    limit, y, under, length = at
    font = _font(e)
    kw: dict[str, Any] = {"size": font[0], "mono": font[1]}
    back = measure(e.backward, *font)[0]
    back = back if backward else 0.0
    length = max(length, MIN_EDGE, measure(e.forward, *font)[0] + 2 * GAP)
    length = max(length, 2 * (limit + back / 2 - x)) if back else length
    end, lane, middle = x + length, LANE if backward else 0.0, x + length / 2
    sketch.arrow((x, y + lane), (end, y + lane))
    sketch.text(middle, y + lane + GAP, e.forward, va="bottom", **kw)
    if backward:
        sketch.arrow((end, y - lane), (x, y - lane), BACKWARD)
        placed = sketch.text(middle, under, e.backward, va="top", color=BACKWARD, **kw)
        limit = max(limit, placed[2] + GAP) if back else limit
    return end, limit


def render(sketch: Sketch, alt: str) -> Figure:
    """A pyplot figure of exactly the sketch's size, with ``alt`` as its label."""
    import matplotlib.pyplot as plt

    x0, y0, x1, y1 = sketch.extent
    size = (x1 - x0 + 2 * MARGIN, y1 - y0 + 2 * MARGIN)
    fig = plt.figure(figsize=size, facecolor=PAPER, layout="none")
    limits: dict[str, Any] = {
        "xlim": (x0 - MARGIN, x1 + MARGIN),
        "ylim": (y0 - MARGIN, y1 + MARGIN),
    }
    ax = fig.add_axes((0.0, 0.0, 1.0, 1.0), **limits)
    ax.set_axis_off()
    for kind, xy, style in sketch.ops:
        if kind == "text":
            ax.text(xy[0], xy[1], **style)
        elif kind == "box":
            shape, corner = "round,pad=0,rounding_size=0.06", (xy[0], xy[1])
            box = FancyBboxPatch(corner, **style, boxstyle=shape, fc=PAPER, ec=INK)
            ax.add_patch(box).set(linewidth=1.2, zorder=2)
        else:
            props = {**style, "linewidth": 1.3, "mutation_scale": 12}
            ax.annotate("", (xy[2], xy[3]), (xy[0], xy[1]), arrowprops=props)
    fig.set_label(alt)
    return fig
