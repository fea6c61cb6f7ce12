"""Boxes, arrows and text laid out in inches, then drawn with Matplotlib.

The machinery behind :mod:`chainrule.diagrams`. A diagram is described as a
:class:`Graph` (sources feeding a row of function boxes, each edge carrying a
label and, going backward, a gradient) or built from items directly
(:func:`nudge_items`, :func:`array_items`). :func:`graph_items` lays a graph
out as positioned :class:`_Text`, :class:`_Box` and :class:`_Arrow` items,
wrapping rows that would be wider than a page's text column, and
:func:`render` measures the items with Matplotlib's own text renderer, places
panels side by side, frames the result and returns the figure. Sizes are in
inches and fonts in points, so a figure reads the same at every size it is
shown.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch, Rectangle
from numpy import ndarray
from numpy.typing import ArrayLike

if TYPE_CHECKING:
    from matplotlib.axes import Axes

# Lengths are in inches: the figure's single Axes spans it with one data unit
# per inch, so text measured in points converts exactly.
_FONT_SIZE = 11.0  # in boxes
_LABEL_SIZE = 10.0  # on and beside arrows
_CAPTION_SIZE = 10.0
_MAX_WIDTH = 7.0  # a page's text column: layouts wider than this wrap
_HARD_WIDTH = 7.5  # a figure still wider than this is shrunk...
_MIN_FONT = 9.0  # ...but not below this
_MARGIN = 0.18  # from the drawing to the figure's edge
_FRAME_INSET = 0.05  # from the frame's line to the figure's edge
_FRAME_WIDTH = 1.5  # points
_PAD = 0.12  # from a box's text to its sides
_EDGE_PAD = 0.1  # from an arrow's label to its ends
_CELL_PAD = 0.1
_GAP = 0.06
_LANE_GAP = 0.12  # around the bent arrows leading from one row of a chain to the next
_BACKWARD_DROP = 0.2  # how far below a forward arrow its backward arrow runs
_BOX_HEIGHT = 0.56
_MIN_BOX_WIDTH = 0.8
_MIN_EDGE = 0.6
_ROW_GAP = 0.2
_PANEL_GAP = 0.6  # between panels side by side, split by a thin rule
_ARROW_HEAD = 0.05
_NUDGE = 0.5  # the input nudge's length; the output nudge is this times df/du
_CELL_GAP = 0.05

_DECIMALS = 4

_INK = "#1f2933"
_MUTED = "#52606d"
_ARROW_GREY = "#7b8794"
_BACKWARD = "#c2410c"
_PAPER = "white"
_TIMES = "\u00d7"
_DELTA = "\u0394"
_FRAME = "#cbd2d9"

Align = Literal["left", "center", "right"]
VAlign = Literal["top", "center", "bottom"]
_SHIFT = {"left": 0.0, "bottom": 0.0, "center": 0.5, "right": 1.0, "top": 1.0}


# -- Number formatting -----------------------------------------------------------------


def format_number(value: ArrayLike) -> str:
    number = float(np.asarray(value).item())
    rounded = round(number, _DECIMALS) + 0.0  # + 0.0 turns -0.0 into 0.0
    if (rounded == 0.0 and number != 0.0) or abs(rounded) >= 1e6:
        return f"{number:.4g}"
    return np.format_float_positional(rounded, precision=_DECIMALS, trim="-")


# -- Graphs: sources and boxes joined by labelled edges --------------------------------


@dataclass(frozen=True)
class Edge:
    forward: str = ""
    backward: str = ""


@dataclass(frozen=True)
class Source:
    """An input at the left end of a graph; ``name`` and ``gradient`` sit left of its edge."""

    edge: Edge
    name: str = ""
    gradient: str = ""


@dataclass(frozen=True)
class Graph:
    sources: tuple[Source, ...]  # one, or two entering the first box side by side
    boxes: tuple[str, ...]
    edges: tuple[Edge, ...]  # edges[i] leaves boxes[i]; the last one is the output
    backward: bool
    captions: tuple[str, ...] = ()  # written over the boxes
    output: str = ""  # written right of the last edge
    gradients_outside: bool = False  # over the top source and under the bottom one


# -- Graph layout ----------------------------------------------------------------------


@dataclass(frozen=True)
class _Text:
    x: float
    y: float
    text: str
    ha: Align = "center"
    va: VAlign = "center"
    color: str = _INK
    size: float = _LABEL_SIZE
    mono: bool = False
    lines: Align = "center"  # how the lines of a multi-line text align
    rotation: float = 0.0


@dataclass(frozen=True)
class _Box:
    x: float  # centre
    y: float
    width: float
    height: float
    text: str
    size: float = _FONT_SIZE


@dataclass(frozen=True)
class _Arrow:
    start: tuple[float, float]
    end: tuple[float, float]
    color: str = _ARROW_GREY
    bend: float = 0.0  # non-zero: a dotted, headless arc (the "string")
    head: bool = True  # False: a plain line, one leg of a longer arrow


_Item = _Text | _Box | _Arrow


@dataclass(frozen=True)
class _Row:
    """One row of a graph's boxes, laid out with its arrows on the line y = 0."""

    items: list[_Item]
    end: float  # where its last forward arrow ends


def graph_items(graph: Graph) -> list[_Item]:
    """The graph in as few rows as fit the page, breaking long labels if that helps.

    Only a chain (a graph with one input) is split into rows; a graph with two
    inputs has at most three boxes and fits one row once its labels are broken.
    """
    row_counts = range(1, len(graph.boxes) + 1) if len(graph.sources) == 1 else [1]
    tried = []
    for rows in row_counts:
        for wrap in (False, True):
            items = _layout(_wrapped(graph) if wrap else graph, rows)
            if _width(items) <= _MAX_WIDTH - 2 * _MARGIN:
                return items
            tried.append(items)
    return min(tried, key=_width)


def _width(items: Iterable[_Item]) -> float:
    x0, _, x1, _ = _union(_extent(item) for item in items)
    return x1 - x0


def _wrapped(graph: Graph) -> Graph:
    """The graph with its long "name = value" labels broken before the "="."""

    def edge(e: Edge) -> Edge:
        return Edge(_wrap(e.forward), _wrap(e.backward))

    return replace(
        graph,
        sources=tuple(
            replace(s, edge=edge(s.edge), gradient=_wrap(s.gradient))
            for s in graph.sources
        ),
        edges=tuple(edge(e) for e in graph.edges),
    )


def _wrap(label: str) -> str:
    """``"$dy/dx$ = 0.5"`` on two lines; labels like ``"x = 1"`` stay whole."""
    outside_math = True
    for index, char in enumerate(label):
        if char == "$":
            outside_math = not outside_math
        elif outside_math and label.startswith(" = ", index):
            if len(label[:index].replace("$", "")) < 3:
                return label
            return label[:index] + "\n" + label[index + 1 :]
    return label


def _layout(graph: Graph, rows: int) -> list[_Item]:
    start = _start(graph)
    groups = _groups(len(graph.boxes), rows)
    laid = []
    for index, group in enumerate(groups):
        continues = index < len(groups) - 1
        if index == 0:
            items, x, limit = list(start.items), start.entry, start.limit
        else:
            items, x, limit = _row_entry(graph.backward)
        for box_index in group:
            tall = box_index == 0 and len(graph.sources) == 2
            height = _BOX_HEIGHT + (start.spread if tall else 0.0)
            box = _box_for(graph.boxes[box_index], x, height)
            items.append(box)
            if box_index < len(graph.captions):
                items.append(_caption(box, graph.captions[box_index]))
            x += box.width
            if tall:  # it reaches below the labels that hang under the arrows
                limit = x + _GAP
            edge_items, x, limit = _edge_items(
                graph.edges[box_index],
                x,
                limit,
                graph.backward,
                continues and box_index == group[-1],
            )
            items += edge_items
        if graph.output and not continues:
            items.append(_Text(x + _GAP, 0.0, graph.output, ha="left", lines="right"))
        laid.append(_Row(items, x))
    placed = _stack(laid, graph.backward)
    if graph.backward and graph.gradients_outside:
        placed += _outside_gradients(graph, start, placed)
    return placed


def _groups(count: int, rows: int) -> list[list[int]]:
    """``range(count)`` cut into ``rows`` runs as even as can be, the longer first."""
    size, extra = divmod(count, rows)
    groups, first = [], 0
    for row in range(rows):
        last = first + size + (1 if row < extra else 0)
        groups.append(list(range(first, last)))
        first = last
    return groups


@dataclass(frozen=True)
class _Start:
    """The inputs at the left of a graph, and where its first box goes."""

    items: list[_Item]
    entry: float  # the first box's left side
    limit: float  # labels under the arrows that follow start right of this
    spread: float  # how far apart two inputs' arrows are (0 for one input)
    edge_start: float  # where the inputs' arrows start


def _start(graph: Graph) -> _Start:
    if len(graph.sources) == 1:
        return _one_source_start(graph.sources[0], graph.backward)
    return _two_source_start(graph)


def _one_source_start(source: Source, backward: bool) -> _Start:
    left = _left_width(source, backward)
    items = _source_texts(source, left, 0.0, backward)
    edge_items, entry, limit = _edge_items(
        source.edge, left + _GAP, left + _GAP, backward, False
    )
    return _Start(items + edge_items, entry, limit, 0.0, left + _GAP)


def _two_source_start(graph: Graph) -> _Start:
    backward = graph.backward
    rows = _source_rows(graph)
    inline = not graph.gradients_outside
    left = max(_left_width(s, backward and inline) for s in graph.sources)
    entry = (
        left + _GAP + max(_source_edge_width(s.edge, backward) for s in graph.sources)
    )
    items: list[_Item] = []
    for source, y in zip(graph.sources, rows, strict=True):
        items += _source_texts(source, left, y, backward and inline)
        items += _source_edge_items(source.edge, left + _GAP, entry, y, backward)
    return _Start(items, entry, -np.inf, rows[0] - rows[-1], left + _GAP)


def _row_entry(backward: bool) -> tuple[list[_Item], float, float]:
    """The arrows into the first box of a second or later row of a chain."""
    # The forward line comes down at ``line``, the backward one goes up left of it.
    line = _GAP + (_BACKWARD_DROP if backward else 0.0)
    entry = line + _MIN_EDGE
    items: list[_Item] = [_Arrow((line, 0.0), (entry, 0.0))]
    if backward:
        low = -_BACKWARD_DROP
        items.append(
            _Arrow((entry, low), (line - _BACKWARD_DROP, low), _BACKWARD, head=False)
        )
    return items, entry, line + _GAP


def _stack(rows: list[_Row], backward: bool) -> list[_Item]:
    """The rows one under the other, each joined to the next by a bent arrow.

    The forward line leaves the end of a row, runs back left under it and comes
    down into the next row; the backward line runs alongside, inside it on the
    right and outside it on the left, so that the two never cross.
    """
    drop = _BACKWARD_DROP if backward else 0.0
    placed = list(rows[0].items)
    y = 0.0
    bottom = _union(_extent(item) for item in rows[0].items)[1]
    for before, row in itertools.pairwise(rows):
        _, low, _, high = _union(_extent(item) for item in row.items)
        upper_lane = y + bottom - _LANE_GAP
        lower_lane = upper_lane - drop
        next_y = lower_lane - _LANE_GAP - high
        right = before.end
        line = _GAP + drop
        placed += [
            _Arrow((right, y), (right, lower_lane), head=False),
            _Arrow((right, lower_lane), (line, lower_lane), head=False),
            _Arrow((line, lower_lane), (line, next_y), head=False),
        ]
        if backward:
            placed += [
                _Arrow(
                    (line - drop, next_y - drop),
                    (line - drop, upper_lane),
                    _BACKWARD,
                    head=False,
                ),
                _Arrow(
                    (line - drop, upper_lane),
                    (right - drop, upper_lane),
                    _BACKWARD,
                    head=False,
                ),
                _Arrow(
                    (right - drop, upper_lane),
                    (right - drop, y - drop),
                    _BACKWARD,
                    head=False,
                ),
            ]
        placed += [_moved(item, 0.0, next_y) for item in row.items]
        y, bottom = next_y, low
    return placed


def _outside_gradients(graph: Graph, start: _Start, placed: list[_Item]) -> list[_Item]:
    """The gradients of a two-input graph: over the top input, under the bottom one."""
    top, bottom = graph.sources
    items: list[_Item] = []
    for source, above in ((top, True), (bottom, False)):
        width = _text_size(source.gradient, _LABEL_SIZE, mono=True)[0]
        x0, x1 = start.edge_start, start.edge_start + width
        beside = [
            extent
            for extent in map(_extent, placed)
            if extent[0] < x1 + _GAP and extent[2] > x0 - _GAP
        ]
        if above:
            y = max(extent[3] for extent in beside) + 2 * _GAP
        else:
            y = min(extent[1] for extent in beside) - 2 * _GAP
        items.append(
            _Text(
                x0,
                y,
                source.gradient,
                ha="left",
                va="bottom" if above else "top",
                color=_BACKWARD,
                mono=True,
                lines="left",
            )
        )
    return items


def _caption(box: _Box, text: str) -> _Text:
    top = box.y + box.height / 2 + _GAP
    return _Text(box.x, top, text, va="bottom", color=_MUTED, size=_CAPTION_SIZE)


def _box_for(text: str, left: float, height: float) -> _Box:
    width = max(_MIN_BOX_WIDTH, _text_size(text)[0] + 2 * _PAD)
    return _Box(left + width / 2, 0.0, width, height, text)


def _label_size(text: str) -> tuple[float, float]:
    return _text_size(text, _LABEL_SIZE)


def _gradient_size(text: str) -> tuple[float, float]:
    return _text_size(text, _LABEL_SIZE, mono=True)


def _left_width(source: Source, gradient: bool) -> float:
    """Room for the source's name, and for its gradient when drawn beside it."""
    return max(
        _label_size(source.name)[0],
        _gradient_size(source.gradient if gradient else "")[0],
    )


def _source_edge_width(edge: Edge, backward: bool) -> float:
    labels = [edge.forward, edge.backward] if backward else [edge.forward]
    return max(_MIN_EDGE, *(_label_size(label)[0] + 2 * _EDGE_PAD for label in labels))


def _source_rows(graph: Graph) -> list[float]:
    """Heights of two sources' arrows: one above and one below 0."""
    top, bottom = graph.sources
    inline = not graph.gradients_outside
    _, below = _row_reach(top, graph.backward, inline)
    above, _ = _row_reach(bottom, graph.backward, inline)
    half = max(_BOX_HEIGHT / 2, (below + above + _ROW_GAP) / 2)
    return [half, -half]


def _row_reach(source: Source, backward: bool, inline: bool) -> tuple[float, float]:
    """How far a source's labels reach above and below its arrow."""
    name_half = _label_size(source.name)[1] / 2
    above = max(name_half, _GAP + _label_size(source.edge.forward)[1])
    if not backward:
        return above, name_half
    below = max(name_half, _BACKWARD_DROP + _GAP + _label_size(source.edge.backward)[1])
    if inline:
        below = max(
            below,
            _BACKWARD_DROP
            + _gradient_size(source.gradient)[1]
            - _first_line_half(source.gradient),
        )
    return above, below


def _first_line_half(text: str) -> float:
    return _gradient_size(text.split("\n")[0])[1] / 2


def _source_texts(source: Source, left: float, y: float, gradient: bool) -> list[_Item]:
    """The source's name, and its gradient, right-aligned left of its arrow."""
    items: list[_Item] = []
    if source.name:
        items.append(_Text(left, y, source.name, ha="right", lines="right"))
    if gradient and source.gradient:
        # The gradient's first line is level with the backward arrow.
        top = y - _BACKWARD_DROP + _first_line_half(source.gradient)
        items.append(
            _Text(
                left,
                top,
                source.gradient,
                ha="right",
                va="top",
                color=_BACKWARD,
                mono=True,
                lines="left",
            )
        )
    return items


def _source_edge_items(
    edge: Edge, start: float, end: float, y: float, backward: bool
) -> list[_Item]:
    """One of two inputs' arrows, its labels over and under it."""
    middle = (start + end) / 2
    items: list[_Item] = [_Arrow((start, y), (end, y))]
    if edge.forward:
        items.append(_Text(middle, y + _GAP, edge.forward, va="bottom"))
    if backward:
        low = y - _BACKWARD_DROP
        items.append(_Arrow((end, low), (start, low), color=_BACKWARD))
        if edge.backward:
            items.append(
                _Text(middle, low - _GAP, edge.backward, va="top", color=_BACKWARD)
            )
    return items


def _edge_items(
    edge: Edge, start: float, limit: float, backward: bool, continues: bool
) -> tuple[list[_Item], float, float]:
    """An arrow leaving a box (or the input) at ``start``, with its labels.

    The forward label sits over the arrow, between the boxes. The backward label
    hangs under the backward arrow below the level of the boxes, so it may
    reach under them: the arrow is only made long enough to keep it clear of
    the label before it, which ends at ``limit``. An arrow that ``continues``
    on the next row stops short of its end on the way back, where the backward
    line comes up. Returns the items, the arrow's end and the new limit.
    """
    tail = _BACKWARD_DROP if continues and backward else 0.0
    width = _label_size(edge.backward)[0] if backward else 0.0
    length = max(_MIN_EDGE, _label_size(edge.forward)[0] + 2 * _EDGE_PAD)
    if width:
        length = max(length, 2 * (limit + width / 2 - start) + tail)
        if continues:
            length = max(length, width + tail + 2 * _GAP)
    end = start + length
    items: list[_Item] = [_Arrow((start, 0.0), (end, 0.0), head=not continues)]
    if edge.forward:
        items.append(_Text((start + end) / 2, _GAP, edge.forward, va="bottom"))
    if backward:
        low = -_BACKWARD_DROP
        items.append(_Arrow((end - tail, low), (start, low), color=_BACKWARD))
        if width:
            middle = (start + end - tail) / 2
            items.append(
                _Text(
                    middle,
                    -_BOX_HEIGHT / 2 - _GAP,
                    edge.backward,
                    va="top",
                    color=_BACKWARD,
                )
            )
            limit = middle + width / 2 + _GAP
    return items, end, limit


# -- Other layouts ---------------------------------------------------------------------


def nudge_items(
    name: str, a: ndarray, output: ndarray, slope: ndarray, delta: float
) -> list[_Item]:
    nudge_in = f"+{_DELTA}\n({_DELTA} = {format_number(delta)})"
    nudge_out = f"{format_number(slope)} {_TIMES} {_DELTA}"
    box = _box_for(name, 0.0, _BOX_HEIGHT)
    start = -max(_MIN_EDGE, _label_size(nudge_in)[0] + 2 * _PAD)
    end = box.width + max(_MIN_EDGE, _label_size(nudge_out)[0] + 2 * _PAD)
    rise = _output_rise(float(slope))
    return [
        box,
        _caption(box, "$f$"),
        _Text(
            box.x,
            -box.height / 2 - _GAP,
            f"multiplier: $df/du\\,(a)$ = {format_number(slope)}",
            va="top",
            color=_BACKWARD,
        ),
        _Arrow((start, 0.0), (0.0, 0.0)),
        _Arrow((box.width, 0.0), (end, 0.0)),
        _Text(start - _GAP, 0.0, f"a = {format_number(a)}", ha="right"),
        _Text(end + _GAP, 0.0, f"f(a) = {format_number(output)}", ha="left"),
        _Arrow((start, 0.0), (start, _NUDGE), color=_BACKWARD),
        _Text(
            start + _GAP, _NUDGE / 2, nudge_in, ha="left", lines="left", color=_BACKWARD
        ),
        _Arrow((end, 0.0), (end, rise), color=_BACKWARD),
        _Text(end - _GAP, rise / 2, nudge_out, ha="right", color=_BACKWARD),
        _Arrow((start, _NUDGE), (end, rise), color=_MUTED, bend=-0.35),
    ]


def _output_rise(slope: float) -> float:
    """The output nudge: the input's times the multiplier, kept visible and in bounds."""
    magnitude = float(np.clip(abs(slope), 0.72, 3.0))
    return _NUDGE * magnitude * (1.0 if slope >= 0 else -1.0)


def array_items(grid: ndarray, down: ndarray, across: ndarray) -> list[_Item]:
    texts = [format_number(v) for v in grid.flat]
    width = max(0.5, max(_label_size(t)[0] for t in texts) + 2 * _CELL_PAD)
    height = 0.42
    rows, columns = grid.shape
    right = columns * (width + _CELL_GAP) - _CELL_GAP
    bottom = -(rows * (height + _CELL_GAP) - _CELL_GAP)
    column_x = [j * (width + _CELL_GAP) + width / 2 for j in range(columns)]
    row_y = [-(i * (height + _CELL_GAP) + height / 2) for i in range(rows)]
    items: list[_Item] = [
        _Box(column_x[j], row_y[i], width, height, texts[i * columns + j], _LABEL_SIZE)
        for i in range(rows)
        for j in range(columns)
    ]
    # The sums along axis 1 make a column right of the grid; the sums along
    # axis 0 a row under it, named at the foot of that column.
    rail, sums = 0.3, right + 0.3
    items += [
        _Arrow((-rail, 0.0), (-rail, bottom), color=_INK),
        _Text(-rail - _GAP, bottom / 2, "axis = 0", ha="right", rotation=90.0),
        _Arrow((0.0, rail), (right, rail), color=_INK),
        _Text(right / 2, rail + _GAP, "axis = 1", va="bottom"),
        _Text(sums, bottom - rail, "sum(axis=0)", ha="left", color=_BACKWARD),
        _Text(sums, rail, "sum(axis=1)", ha="left", color=_BACKWARD),
    ]
    items += [
        _Text(x, bottom - rail, format_number(v), color=_BACKWARD)
        for x, v in zip(column_x, down, strict=True)
    ]
    items += [
        _Text(sums, y, format_number(v), ha="left", color=_BACKWARD)
        for y, v in zip(row_y, across, strict=True)
    ]
    return items


# -- Measuring and drawing -------------------------------------------------------------


@functools.cache
def _ruler() -> Figure:
    """A hidden figure to measure text on, at 72 dpi so one pixel is one point."""
    figure = Figure(dpi=72)
    FigureCanvasAgg(figure)
    return figure


@functools.lru_cache(maxsize=4096)
def _text_size(
    text: str, size: float = _FONT_SIZE, mono: bool = False, rotation: float = 0.0
) -> tuple[float, float]:
    """Width and height in inches, laid out exactly as Matplotlib draws the text."""
    if not text:
        return 0.0, 0.0
    artist = _ruler().text(
        0, 0, text, fontsize=size, family=_family(mono), rotation=rotation
    )
    extent = artist.get_window_extent()
    artist.remove()
    return extent.width / 72, extent.height / 72


def _family(mono: bool) -> str:
    return "monospace" if mono else "sans-serif"


def _extent(item: _Item) -> tuple[float, float, float, float]:
    if isinstance(item, _Text):
        width, height = _text_size(item.text, item.size, item.mono, item.rotation)
        x0 = item.x - width * _SHIFT[item.ha]
        y0 = item.y - height * _SHIFT[item.va]
        return x0, y0, x0 + width, y0 + height
    if isinstance(item, _Box):
        return (
            item.x - item.width / 2,
            item.y - item.height / 2,
            item.x + item.width / 2,
            item.y + item.height / 2,
        )
    xs, ys = zip(item.start, item.end, _apex(item), strict=True)
    return (
        min(xs) - _ARROW_HEAD,
        min(ys) - _ARROW_HEAD,
        max(xs) + _ARROW_HEAD,
        max(ys) + _ARROW_HEAD,
    )


def _apex(arrow: _Arrow) -> tuple[float, float]:
    """The farthest point of an arc from its chord (the chord's middle if straight)."""
    (x0, y0), (x1, y1) = arrow.start, arrow.end
    # Matplotlib's arc3 puts the control point at rad times the chord, turned
    # by a right angle; a quadratic Bezier reaches half way to it.
    dx, dy = x1 - x0, y1 - y0
    return (x0 + x1) / 2 + arrow.bend * dy / 2, (y0 + y1) / 2 - arrow.bend * dx / 2


def _moved(item: _Item, dx: float, dy: float) -> _Item:
    if isinstance(item, _Arrow):
        (x0, y0), (x1, y1) = item.start, item.end
        return replace(item, start=(x0 + dx, y0 + dy), end=(x1 + dx, y1 + dy))
    return replace(item, x=item.x + dx, y=item.y + dy)


def _flow(panels: Sequence[list[_Item]]) -> list[_Item]:
    """Panels side by side, wrapped onto more rows where the page is too narrow."""
    room = _MAX_WIDTH - 2 * _MARGIN
    rows: list[list[tuple[list[_Item], tuple[float, float, float, float]]]] = [[]]
    used = 0.0
    for panel in panels:
        extent = _union(_extent(item) for item in panel)
        width = extent[2] - extent[0]
        if rows[-1] and used + _PANEL_GAP + width > room:
            rows.append([])
        used = (used + _PANEL_GAP if rows[-1] else 0.0) + width
        rows[-1].append((panel, extent))
    widths = [
        sum(x1 - x0 for _, (x0, _, x1, _) in row) + _PANEL_GAP * (len(row) - 1)
        for row in rows
    ]
    placed: list[_Item] = []
    top = 0.0
    for row, row_width in zip(rows, widths, strict=True):
        height = max(y1 - y0 for _, (_, y0, _, y1) in row)
        left = (max(widths) - row_width) / 2
        for index, (panel, (x0, y0, x1, y1)) in enumerate(row):
            if index:
                rule = left - _PANEL_GAP / 2
                placed.append(
                    _Arrow((rule, top), (rule, top - height), _FRAME, head=False)
                )
            dy = top - height / 2 - (y0 + y1) / 2
            placed += [_moved(item, left - x0, dy) for item in panel]
            left += x1 - x0 + _PANEL_GAP
        top -= height + _ROW_GAP
    return placed


def render(panels: Sequence[list[_Item]], alt: str) -> Figure:
    import matplotlib.pyplot as plt

    items = _flow(panels)
    x0, y0, x1, y1 = _union(_extent(item) for item in items)
    width = x1 - x0 + 2 * _MARGIN
    height = y1 - y0 + 2 * _MARGIN
    scale = _scale(items, width)
    fig = plt.figure(
        figsize=(width * scale, height * scale), facecolor=_PAPER, layout="none"
    )
    ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
    ax.set_xlim(0.0, width)
    ax.set_ylim(0.0, height)
    ax.set_axis_off()
    ax.add_patch(_frame(width, height, scale))
    shift = (_MARGIN - x0, _MARGIN - y0)
    for item in items:
        _draw(ax, item, shift, scale)
    fig.set_label(alt)
    ax.set_title(alt, visible=False)  # sphinx-gallery takes alt text from titles
    return fig


def _scale(items: list[_Item], width: float) -> float:
    """How much to shrink a figure too wide for the page, keeping its text >= 9 pt."""
    if width <= _HARD_WIDTH:
        return 1.0
    smallest = min(item.size for item in items if isinstance(item, (_Text, _Box)))
    return max(_HARD_WIDTH / width, min(1.0, _MIN_FONT / smallest))


def _frame(width: float, height: float, scale: float) -> Rectangle:
    """The card's frame, inset so that no crop of the figure can cut it."""
    inset = _FRAME_INSET / scale
    return Rectangle(
        (inset, inset),
        width - 2 * inset,
        height - 2 * inset,
        facecolor="none",
        edgecolor=_FRAME,
        linewidth=_FRAME_WIDTH,
        joinstyle="round",
        zorder=0,
        gid="frame",
    )


def _union(
    extents: Iterable[tuple[float, float, float, float]],
) -> tuple[float, float, float, float]:
    x0s, y0s, x1s, y1s = zip(*extents, strict=True)
    return min(x0s), min(y0s), max(x1s), max(y1s)


def _draw(ax: Axes, item: _Item, shift: tuple[float, float], scale: float) -> None:
    dx, dy = shift
    if isinstance(item, _Text):
        ax.text(
            item.x + dx,
            item.y + dy,
            item.text,
            ha=item.ha,
            va=item.va,
            multialignment=item.lines,
            fontsize=item.size * scale,
            color=item.color,
            family=_family(item.mono),
            rotation=item.rotation,
            zorder=3,
        )
    elif isinstance(item, _Box):
        _draw_box(ax, item, dx, dy, scale)
    else:
        _draw_arrow(ax, item, dx, dy, scale)


def _draw_box(ax: Axes, box: _Box, dx: float, dy: float, scale: float) -> None:
    ax.add_patch(
        FancyBboxPatch(
            (box.x - box.width / 2 + dx, box.y - box.height / 2 + dy),
            box.width,
            box.height,
            boxstyle="round,pad=0,rounding_size=0.06",
            facecolor=_PAPER,
            edgecolor=_INK,
            linewidth=1.3,
            zorder=2,
        )
    )
    ax.text(
        box.x + dx,
        box.y + dy,
        box.text,
        ha="center",
        va="center",
        fontsize=box.size * scale,
        color=_INK,
        zorder=3,
    )


def _draw_arrow(ax: Axes, arrow: _Arrow, dx: float, dy: float, scale: float) -> None:
    string = arrow.bend != 0.0
    patch = FancyArrowPatch(
        (arrow.start[0] + dx, arrow.start[1] + dy),
        (arrow.end[0] + dx, arrow.end[1] + dy),
        arrowstyle="-|>" if arrow.head and not string else "-",
        connectionstyle=f"arc3,rad={arrow.bend}",
        mutation_scale=14 * scale,
        color=arrow.color,
        linewidth=1.4,
        linestyle=":" if string else "-",
        shrinkA=0,
        shrinkB=0,
        zorder=1,
    )
    if not arrow.head:
        patch.set_capstyle("projecting")  # the legs of a bent line meet squarely
    ax.add_patch(patch)
