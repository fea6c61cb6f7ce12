"""Tests of chainrule.diagrams: the labels are the library's numbers, the layout is clean.

Expected numbers come from the library's own functions (or are the book's
printed values); a label "shows" a number when the number, rounded to 4
decimals, can be read in one of the figure's texts.
"""

from __future__ import annotations

import io
import itertools
import re
import warnings
from dataclasses import dataclass

import book
import matplotlib.image
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from matplotlib.patches import ArrowStyle, FancyArrowPatch, FancyBboxPatch, Rectangle
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from chainrule import (
    chain_deriv,
    chain_forward,
    composite_name,
    deriv,
    draw_array_axes,
    draw_chain,
    draw_derivative_nudge,
    draw_function_box,
    draw_matrix_graph,
    draw_multiple_inputs_graph,
    leaky_relu,
    matmul_backward_first,
    matmul_backward_second,
    matmul_forward,
    matrix_forward_extra,
    matrix_function_backward_1,
    matrix_function_backward_2,
    matrix_function_backward_sum_1,
    matrix_function_backward_sum_2,
    matrix_function_forward_sum,
    multiple_inputs_add,
    multiple_inputs_add_backward,
    relu,
    sigmoid,
    square,
)

SIGMAS = [pytest.param(sigmoid, id="sigmoid"), pytest.param(square, id="square")]
SIX_FUNCTIONS = [square, sigmoid, leaky_relu, relu, square, sigmoid]
PAGE_WIDTH = 7.5  # inches: the widest a figure may be and still read at full size
MAX_HEIGHT = 5.0
NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:e[-+]?\d+)?")
MATHTEXT = re.compile(r"\$[^$]*\$")


# -- Helpers ------------------------------------------------------------------------


def written(fig: Figure) -> list[Text]:
    """The texts drawn on the figure (not the hidden title or axis tick labels)."""
    assert all(not ax.axison for ax in fig.axes)
    return [t for ax in fig.axes for t in ax.texts if t.get_visible() and t.get_text()]


def texts(fig: Figure) -> list[str]:
    return [t.get_text() for t in written(fig)]


def numbers_drawn(fig: Figure) -> list[float]:
    """Every number written in the figure (not counting indices like $f_1$)."""
    found = []
    for text in texts(fig):
        found += [float(n) for n in NUMBER.findall(MATHTEXT.sub(" ", text))]
    return found


def assert_shows(fig: Figure, *values: object) -> None:
    drawn = numbers_drawn(fig)
    for value in values:
        expected = round(float(np.asarray(value).item()), 4)
        assert any(abs(n - expected) < 1e-9 for n in drawn), (expected, texts(fig))


def assert_text_contains(fig: Figure, fragment: str) -> None:
    assert any(fragment in text for text in texts(fig)), (fragment, texts(fig))


def boxes(fig: Figure) -> list[FancyBboxPatch]:
    return list(fig.findobj(FancyBboxPatch))


def arrows(fig: Figure) -> list[Bbox]:
    """Extents of the solid arrows (the dotted "string" arcs over a box excluded)."""
    return [
        arrow.get_window_extent()
        for arrow in fig.findobj(FancyArrowPatch)
        if arrow.get_linestyle() == "-"
    ]


def overlap(a: Bbox, b: Bbox, tolerance: float = 0.5) -> bool:
    """Whether two extents share more than a hairline (in pixels)."""
    return (
        a.x0 < b.x1 - tolerance
        and b.x0 < a.x1 - tolerance
        and a.y0 < b.y1 - tolerance
        and b.y0 < a.y1 - tolerance
    )


def inside(inner: Bbox, outer: Bbox, tolerance: float = 0.5) -> bool:
    return (
        inner.x0 >= outer.x0 - tolerance
        and inner.y0 >= outer.y0 - tolerance
        and inner.x1 <= outer.x1 + tolerance
        and inner.y1 <= outer.y1 + tolerance
    )


def frame(fig: Figure) -> Rectangle:
    (found,) = [p for p in fig.findobj(Rectangle) if p.get_gid() == "frame"]
    return found


def assert_laid_out_cleanly(name: str, fig: Figure, smallest: float = 10) -> None:
    """Text is readable, inside the figure, and clear of other text and arrows."""
    fig.canvas.draw()
    shown = written(fig)
    text_extents = [t.get_window_extent() for t in shown]
    box_extents = [box.get_window_extent() for box in boxes(fig)]
    assert all(t.get_fontsize() >= smallest for t in shown), name
    assert all(inside(e, fig.bbox) for e in text_extents + box_extents), name
    for a, b in itertools.combinations(text_extents, 2):
        assert not overlap(a, b), (name, a, b)
    for text, extent in zip(shown, text_extents, strict=True):
        # a text is either written inside a box or clear of every box
        hits = [box for box in box_extents if overlap(extent, box)]
        assert all(inside(extent, box) for box in hits), (name, text.get_text())
        assert not any(overlap(extent, arrow) for arrow in arrows(fig)), (
            name,
            text.get_text(),
        )


def random_matrices(x_shape: tuple[int, int], w_shape: tuple[int, int]):
    """X and W of the given shapes, seeded, for figures with larger arrays."""
    state = np.random.RandomState(0)
    return state.randn(*x_shape), state.randn(*w_shape)


@dataclass(frozen=True)
class Drawn:
    """Figures drawn once for the module, and which of them pyplot knew of."""

    figures: list[tuple[str, Figure]]
    pyplot_numbers: frozenset[int]  # right after drawing, before any test closed one
    warnings: list[str]  # what drawing them warned of

    def ready(self) -> Drawn:
        """The same figures, each on an Agg canvas again.

        After each test every pyplot figure is closed (conftest), which leaves a
        closed figure a bare canvas that draws nothing; a new Agg canvas renders
        the very same figure.
        """
        for _, fig in self.figures:
            if not isinstance(fig.canvas, FigureCanvasAgg):
                FigureCanvasAgg(fig)
        return self


def draw(make) -> Drawn:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        figures = make()
    return Drawn(figures, frozenset(plt.get_fignums()), [str(w) for w in caught])


def chapter_figures() -> list[tuple[str, Figure]]:
    """The chapter's figures, each drawn once."""
    X1, W1 = book.vector_example()
    X3, W3 = book.matrix_example()
    return [
        ("function boxes", draw_function_box([square, relu], [-2, -1, 0, 1, 2])),
        ("array axes", draw_array_axes([[1, 2], [3, 4]])),
        ("nudge up", draw_derivative_nudge(square, 2.0)),
        ("nudge down", draw_derivative_nudge(lambda u: -(u**3), 0.3)),
        ("chain", draw_chain([square, sigmoid], 1.0)),
        ("collapsed chain", draw_chain([square, sigmoid], 1.0, collapsed=True)),
        ("chain backward", draw_chain(SIX_FUNCTIONS[:3], -1.0, backward=True)),
        ("two inputs", draw_multiple_inputs_graph(1.0, 2.0, sigmoid, backward=True)),
        (
            "bare product",
            draw_matrix_graph(X1, W1, None, with_sum=False, backward=True),
        ),
        (
            "one output",
            draw_matrix_graph(X1, W1, square, with_sum=False, backward=True),
        ),
        ("sum", draw_matrix_graph(X3, W3, sigmoid, backward=True)),
        ("WNSL", draw_matrix_graph(X3, W3, sigmoid, backward=True, collapsed=True)),
    ]


def chains() -> list[tuple[str, Figure]]:
    """Chains of one to six boxes, forward and backward."""
    return [
        (
            f"chain of {n}{' backward' if backward else ''}",
            draw_chain(SIX_FUNCTIONS[:n], 0.5, backward=backward),
        )
        for n in range(1, 7)
        for backward in (False, True)
    ]


def crowded() -> list[tuple[str, Figure]]:
    """Figures with long labels, many boxes or many numbers."""
    X, W = random_matrices((4, 5), (5, 2))
    return [
        (
            "six boxes, long numbers",
            draw_chain(SIX_FUNCTIONS, -123.4568, backward=True),
        ),
        ("six boxes, collapsed", draw_chain(SIX_FUNCTIONS, 0.5, collapsed=True)),
        (
            "three functions, eight inputs",
            draw_function_box([square, relu, sigmoid], np.linspace(-3.1234, 3.3, 8)),
        ),
        ("three by four array", draw_array_axes(np.arange(-5.5, 6.5).reshape(3, 4))),
        ("large matrices", draw_matrix_graph(X, W, sigmoid, backward=True)),
        ("two inputs, square", draw_multiple_inputs_graph(0.3, -1.2, square, True)),
    ]


@pytest.fixture(scope="module")
def chapter_drawn() -> Drawn:
    """The chapter's figures, drawn once and shared by the tests of this module.

    The tests only read them (draw, measure, save); none changes a figure.
    """
    return draw(chapter_figures)


@pytest.fixture(scope="module")
def chains_and_crowded_drawn() -> Drawn:
    """Chains of every length and crowded figures, drawn once for the module."""
    return draw(lambda: chains() + crowded())


@pytest.fixture
def chapter(chapter_drawn: Drawn) -> Drawn:
    return chapter_drawn.ready()


@pytest.fixture
def chains_and_crowded(chains_and_crowded_drawn: Drawn) -> Drawn:
    return chains_and_crowded_drawn.ready()


# -- Labels are the library's numbers ---------------------------------------------------


@pytest.mark.parametrize(
    "chain",
    [
        pytest.param([square, sigmoid], id="square-sigmoid"),
        pytest.param([sigmoid, square], id="sigmoid-square"),
        pytest.param([leaky_relu, sigmoid, square], id="leaky_relu-sigmoid-square"),
    ],
)
@pytest.mark.parametrize("x", [0.7, -1.3])
def test_chain_shows_forward_values_local_derivatives_and_their_product(chain, x):
    fig = draw_chain(chain, x, backward=True)

    values = chain_forward(chain, x)
    local = [deriv(func, value) for func, value in zip(chain, values, strict=False)]
    assert_shows(fig, *values)
    assert_shows(fig, *local)
    assert_shows(fig, chain_deriv(chain, x))
    assert np.isclose(np.prod(local), chain_deriv(chain, x))
    assert len(boxes(fig)) == len(chain)


def test_chain_forward_view_has_no_derivatives():
    chain = [square, sigmoid]
    fig = draw_chain(chain, 0.7)

    assert_shows(fig, *chain_forward(chain, 0.7))
    drawn = numbers_drawn(fig)
    assert round(float(chain_deriv(chain, 0.7)), 4) not in drawn


def test_collapsed_chain_is_one_box_named_like_composite_name():
    chain = [leaky_relu, sigmoid, square]
    fig = draw_chain(chain, 0.7, collapsed=True, backward=True)

    assert len(boxes(fig)) == 1
    assert composite_name(chain) in texts(fig)
    assert_shows(fig, 0.7, chain_forward(chain, 0.7)[-1], chain_deriv(chain, 0.7))


def test_chain_accepts_an_array_holding_one_number():
    scalar = draw_chain([square, sigmoid], 0.7, backward=True)
    array = draw_chain([square, sigmoid], np.array([0.7]), backward=True)

    assert texts(array) == texts(scalar)


@pytest.mark.parametrize("sigma", SIGMAS)
def test_multiple_inputs_graph_shows_the_library_numbers(sigma):
    x, y = 0.3, -1.2
    fig = draw_multiple_inputs_graph(x, y, sigma, backward=True)

    dsdx, dsdy = multiple_inputs_add_backward(x, y, sigma)
    assert_shows(fig, x, y, x + y, multiple_inputs_add(x, y, sigma))
    assert_shows(fig, deriv(sigma, x + y), dsdx, dsdy)
    assert_text_contains(fig, r"$\partial\alpha/\partial x$ = 1")
    assert len(boxes(fig)) == 2


@pytest.mark.parametrize("sigma", SIGMAS)
def test_matrix_graph_shows_shapes_and_the_gradient_of_the_sum(sigma):
    X, W = book.matrix_example()
    fig = draw_matrix_graph(X, W, sigma, backward=True)

    N = matmul_forward(X, W)
    S = matrix_forward_extra(X, W, sigma)
    for label in (f"X {X.shape}", f"W {W.shape}", f"N {N.shape}", f"S {S.shape}"):
        assert label in texts(fig)
    assert_text_contains(fig, f"W^T$ {matmul_backward_first(X, W).shape}")
    assert_text_contains(fig, f"X^T$ {matmul_backward_second(X, W).shape}")
    assert_text_contains(fig, f"$ {deriv(sigma, N).shape}")
    assert_text_contains(fig, f"{S.shape}, all 1")
    assert_shows(fig, matrix_function_forward_sum(X, W, sigma))
    assert_shows(fig, *matrix_function_backward_sum_1(X, W, sigma).flat)
    assert_shows(fig, *matrix_function_backward_sum_2(X, W, sigma).flat)
    assert len(boxes(fig)) == 3


def test_matrix_graph_shows_the_books_printed_numbers(chapter):
    fig = dict(chapter.figures)["sum"]

    assert "L = 2.3755" in texts(fig)
    assert_text_contains(fig, "0.2489  -0.3748   0.0112")
    assert "top-left 0.2489" in fig.get_label()


@pytest.mark.parametrize("sigma", SIGMAS)
def test_matrix_graph_without_sum_uses_the_single_output_functions(sigma):
    X, W = book.vector_example()
    fig = draw_matrix_graph(X, W, sigma, with_sum=False, backward=True)

    assert_shows(fig, matrix_forward_extra(X, W, sigma), matmul_forward(X, W))
    assert_shows(fig, deriv(sigma, matmul_forward(X, W)))
    assert_shows(fig, *matrix_function_backward_1(X, W, sigma).flat)
    assert_shows(fig, *matrix_function_backward_2(X, W, sigma).flat)
    assert len(boxes(fig)) == 2


def test_matrix_graph_without_sum_shows_the_books_gradient():
    X, W = book.vector_example()
    fig = draw_matrix_graph(X, W, sigmoid, with_sum=False, backward=True)

    assert_text_contains(fig, "0.0852  -0.0557  -0.1121")


def test_bare_product_shows_w_transposed_as_the_gradient():
    X, W = book.vector_example()
    fig = draw_matrix_graph(X, W, None, with_sum=False, backward=True)

    assert_shows(fig, matmul_forward(X, W), *matmul_backward_first(X, W).flat)
    assert_shows(fig, *matmul_backward_second(X, W).flat)
    assert len(boxes(fig)) == 1


@pytest.mark.parametrize(
    ("sigma", "with_sum", "name"),
    [(sigmoid, True, "WNSL"), (square, False, "WNS"), (None, False, "WN")],
)
def test_collapsed_matrix_graph_is_one_box_named_by_its_letters(sigma, with_sum, name):
    X, W = book.vector_example()
    fig = draw_matrix_graph(X, W, sigma, collapsed=True, with_sum=with_sum)

    assert len(boxes(fig)) == 1
    assert name in texts(fig)
    assert f"One function, {name}:" in fig.get_label()


def test_large_gradients_are_described_by_their_shape_only():
    X, W = random_matrices((4, 5), (5, 2))
    fig = draw_matrix_graph(X, W, sigmoid, backward=True)

    dLdX = matrix_function_backward_sum_1(X, W, sigmoid)
    assert r"$\partial L/\partial X$ (4, 5)" in texts(fig)
    assert round(float(dLdX[1, 1]), 4) not in numbers_drawn(fig)


@pytest.mark.parametrize("func", [square, relu, sigmoid])
def test_function_box_shows_each_output_of_the_function(func):
    inputs = np.array([-1.5, 0.25, 2.0])
    fig = draw_function_box(func, inputs)

    assert_shows(fig, *inputs, *func(inputs))
    assert len(boxes(fig)) == 1


def test_function_boxes_sit_side_by_side():
    fig = draw_function_box([square, relu], [-2, 3])
    fig.canvas.draw()

    first, second = (box.get_window_extent() for box in boxes(fig))
    assert first.x1 < second.x0
    assert [t for t in texts(fig) if t in ("square", "relu")] == ["square", "relu"]


@pytest.mark.parametrize("sigma", SIGMAS)
@pytest.mark.parametrize("a", [0.5, -2.0])
def test_derivative_nudge_shows_the_multiplier_from_deriv(sigma, a):
    fig = draw_derivative_nudge(sigma, a, delta=0.01)

    assert_shows(fig, a, sigma(a), deriv(sigma, a, 0.01), 0.01)


def test_array_axes_shows_the_books_sums():
    fig = draw_array_axes([[1, 2], [3, 4]])

    assert "[4 6]" in fig.get_label()
    assert "[3 7]" in fig.get_label()
    assert len(boxes(fig)) == 4


def test_array_axes_shows_the_sums_along_both_axes(rng):
    array = rng.normal(size=(3, 4)).round(2)
    fig = draw_array_axes(array)

    assert_shows(fig, *array.flat, *np.sum(array, axis=0), *np.sum(array, axis=1))
    assert len(boxes(fig)) == array.size


def test_tiny_numbers_are_not_written_as_zero():
    fig = draw_derivative_nudge(square, 1.0, delta=1e-5)

    assert_text_contains(fig, "1e-05")


# -- Layout -------------------------------------------------------------------------------


def chain_figure(drawn: Drawn, length: int, backward: bool = False) -> Figure:
    return dict(drawn.figures)[f"chain of {length}{' backward' if backward else ''}"]


@pytest.mark.parametrize("length", range(1, 7))
@pytest.mark.parametrize("backward", [False, True])
def test_chains_of_one_to_six_boxes_do_not_overlap(
    length, backward, chains_and_crowded
):
    fig = chain_figure(chains_and_crowded, length, backward)
    fig.canvas.draw()

    extents = [box.get_window_extent() for box in boxes(fig)]
    assert len(extents) == length
    for a, b in itertools.combinations(extents, 2):
        assert not overlap(a, b)
    assert all(inside(extent, fig.bbox) for extent in extents)


def test_longer_chains_grow_wider_then_wrap_onto_more_rows(chains_and_crowded):
    figs = [chain_figure(chains_and_crowded, n) for n in range(1, 7)]
    sizes = [tuple(fig.get_size_inches()) for fig in figs]
    one_row = sizes[0][1]

    in_one_row = [width for width, height in sizes if height == one_row]
    assert len(in_one_row) >= 3
    assert in_one_row == sorted(set(in_one_row))  # each box makes it wider
    assert sizes[len(in_one_row)][1] > one_row  # then the chain wraps
    heights = [height for _, height in sizes]
    assert heights == sorted(heights)


def rows_of_boxes(fig: Figure, names: list[str]) -> list[list[str]]:
    """The box names as read: rows from top to bottom, each left to right."""
    fig.canvas.draw()
    named = [t for t in written(fig) if t.get_text() in names]
    rows: dict[float, list[Text]] = {}
    for text in named:
        middle = round(float(text.get_window_extent().intervaly.mean()))
        rows.setdefault(middle, []).append(text)
    return [
        [t.get_text() for t in sorted(rows[y], key=lambda t: t.get_window_extent().x0)]
        for y in sorted(rows, reverse=True)
    ]


@pytest.mark.parametrize("backward", [False, True])
def test_a_wrapped_chain_reads_in_order_row_by_row(backward, chains_and_crowded):
    names = ["square", "sigmoid", "leaky_relu", "relu"]
    fig = chain_figure(chains_and_crowded, 6, backward)

    rows = rows_of_boxes(fig, names)
    assert len(rows) == 2
    assert [name for row in rows for name in row] == [
        "square",
        "sigmoid",
        "leaky_relu",
        "relu",
        "square",
        "sigmoid",
    ]
    # the arrow leaving the first row bends down in four legs to the second
    # row, and so does the backward one coming up
    legs = [
        arrow
        for arrow in fig.findobj(FancyArrowPatch)
        if isinstance(arrow.get_arrowstyle(), ArrowStyle.Curve)  # no head
        and arrow.get_linestyle() == "-"
    ]
    colours = {to_hex(leg.get_edgecolor()) for leg in legs}
    assert len(legs) == (8 if backward else 4)
    assert len(colours) == (2 if backward else 1)


def test_every_diagram_is_laid_out_cleanly(chapter):
    for name, fig in chapter.figures:
        assert_laid_out_cleanly(name, fig)


def test_wrapped_and_crowded_diagrams_are_laid_out_cleanly(chains_and_crowded):
    for name, fig in chains_and_crowded.figures:
        assert_laid_out_cleanly(name, fig)


def test_every_diagram_fits_a_page_column(chapter, chains_and_crowded):
    for name, fig in chapter.figures + chains_and_crowded.figures:
        width, height = fig.get_size_inches()
        assert width <= PAGE_WIDTH, (name, width)
        assert height <= MAX_HEIGHT, (name, height)
    for name, fig in chapter.figures:  # the book's figures fit 7 inches
        assert fig.get_figwidth() <= 7.0, (name, fig.get_figwidth())


def test_matrix_gradients_sit_over_x_and_under_w(chapter):
    fig = dict(chapter.figures)["sum"]
    fig.canvas.draw()

    def extent(prefix: str) -> Bbox:
        (text,) = [t for t in written(fig) if t.get_text().startswith(prefix)]
        return text.get_window_extent()

    x_label, w_label = extent("X (3, 3)"), extent("W (3, 2)")
    over, under = extent(r"$\partial L/\partial X$"), extent(r"$\partial L/\partial W$")
    assert over.y0 > x_label.y1
    assert under.y1 < w_label.y0
    # not left of the inputs' arrows, where they made the figure too wide
    assert over.x0 >= x_label.x0 - 100 and under.x0 >= w_label.x0 - 100
    assert fig.get_figwidth() <= 7.0


def test_figures_too_wide_even_for_wrapping_are_shrunk_but_stay_readable(rng):
    fig = draw_array_axes(rng.normal(size=(8, 8)))

    assert fig.get_figwidth() <= PAGE_WIDTH
    assert_laid_out_cleanly("eight by eight array", fig, smallest=9)
    plt.close(fig)


def test_a_chain_too_wide_in_any_number_of_rows_is_shrunk_but_stays_readable():
    def squared_then_passed_through_unchanged_for_a_very_long_while(x):
        return np.asarray(x, dtype=float) ** 2

    def then_left_exactly_as_it_was_for_another_equally_long_stretch(x):
        return np.asarray(x, dtype=float)

    chain = [
        squared_then_passed_through_unchanged_for_a_very_long_while,
        then_left_exactly_as_it_was_for_another_equally_long_stretch,
    ]
    fig = draw_chain(chain, 1.5, backward=True)

    assert fig.get_figwidth() <= PAGE_WIDTH
    assert_laid_out_cleanly("two very long names", fig, smallest=9)
    plt.close(fig)


# -- The frame survives cropping ------------------------------------------------------


def test_the_frame_lies_inside_the_tight_bounding_box(chapter, chains_and_crowded):
    for name, fig in chapter.figures + chains_and_crowded.figures:
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        line = frame(fig).get_linewidth() * fig.dpi / 72
        drawn = frame(fig).get_window_extent(renderer).padded(line / 2)
        tight = fig.get_tightbbox(renderer).transformed(fig.dpi_scale_trans)
        assert inside(drawn, tight, tolerance=0), (name, drawn, tight)
        box = fig.bbox
        assert drawn.x0 >= box.x0 + 1 and drawn.y0 >= box.y0 + 1, name
        assert drawn.x1 <= box.x1 - 1 and drawn.y1 <= box.y1 - 1, name


def frame_sides(fig: Figure, **savefig) -> dict[str, bool]:
    """Which sides of the frame show in the saved PNG, near the image's edges."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100, **savefig)
    buffer.seek(0)
    rgb = matplotlib.image.imread(buffer, format="png")[..., :3]
    # The frame is light grey: not white, and lighter than any ink or arrow.
    light = (rgb > 0.6).all(axis=-1) & (rgb < 0.97).any(axis=-1)
    height, width = light.shape
    band = 25  # pixels: the 0.1-inch pad of a tight crop and the frame's inset
    rows = slice(band, height - band)  # along the sides, clear of the corners
    columns = slice(band, width - band)
    return {
        "left": bool(light[rows, :band].any(axis=1).all()),
        "right": bool(light[rows, -band:].any(axis=1).all()),
        "top": bool(light[:band, columns].any(axis=0).all()),
        "bottom": bool(light[-band:, columns].any(axis=0).all()),
    }


@pytest.mark.parametrize(
    "savefig",
    [
        pytest.param({}, id="plain"),
        pytest.param({"bbox_inches": "tight"}, id="tight"),
        pytest.param({"bbox_inches": "tight", "pad_inches": 0}, id="tight-no-pad"),
    ],
)
def test_saved_figures_show_all_four_sides_of_the_frame(savefig, chapter):
    for name, fig in chapter.figures:
        sides = frame_sides(fig, **savefig)
        assert all(sides.values()), (name, sides)


def test_every_diagram_carries_alt_text_and_is_a_pyplot_figure(chapter):
    for name, fig in chapter.figures:
        alt = fig.get_label()
        assert alt.endswith("."), name
        assert "$" not in alt, name
        assert fig.axes[0].get_title() == alt, name
        assert fig.number in chapter.pyplot_numbers, name


# -- Warnings ---------------------------------------------------------------------------


def test_the_chapter_figures_draw_without_a_warning(chapter, chains_and_crowded):
    assert chapter.warnings == []
    assert chains_and_crowded.warnings == []


HUGE = np.full((2, 3), 1e308), np.full((3, 2), 1e308)


@pytest.mark.parametrize(
    "call",
    [
        pytest.param(
            lambda: draw_multiple_inputs_graph(1e308, 1e308, sigmoid, backward=True),
            id="two inputs, sigmoid",
        ),
        pytest.param(
            lambda: draw_multiple_inputs_graph(1e308, 1e308, square, backward=True),
            id="two inputs, square",
        ),
        pytest.param(
            lambda: draw_matrix_graph(*HUGE, sigmoid, backward=True),
            id="matrix, sigmoid",
        ),
        pytest.param(
            lambda: draw_matrix_graph(*HUGE, square, backward=True), id="matrix, square"
        ),
        pytest.param(
            lambda: draw_chain([square, sigmoid], 1e308, backward=True), id="chain"
        ),
    ],
)
def test_an_overflow_warns_from_at_most_two_places(call):
    """Each value is computed once, so an overflow is reported once, where it
    happens (and once more where deriv subtracts inf from inf)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig = call()
    places = {(str(w.message), w.filename, w.lineno) for w in caught}
    assert isinstance(fig, Figure)
    assert 1 <= len(places) <= 2, sorted(places)


# -- Bad input ----------------------------------------------------------------------------


def test_empty_chain_is_refused():
    with pytest.raises(ValueError, match="'chain'"):
        draw_chain([], 1.0)


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: draw_chain([square, 3], 1.0), "chain"),
        (lambda: draw_chain(square, 1.0), "chain"),
        (lambda: draw_function_box(3, [1.0]), "func"),
        (lambda: draw_function_box([square, "relu"], [1.0]), "func"),
        (lambda: draw_derivative_nudge("square", 1.0), "func"),
        (lambda: draw_multiple_inputs_graph(1.0, 2.0, None), "sigma"),
        (lambda: draw_matrix_graph([[1.0]], [[1.0]], "sigmoid"), "sigma"),
        (lambda: draw_chain([square], "1.0"), "input_"),
        (lambda: draw_chain([square], 1.0, backward="yes"), "backward"),
        (lambda: draw_matrix_graph([[1.0]], [[1.0]], sigmoid, with_sum=1), "with_sum"),
    ],
)
def test_wrong_types_raise_type_errors_naming_the_argument(call, name):
    with pytest.raises(TypeError, match=name):
        call()


def test_mismatched_matrices_are_refused_with_both_shapes():
    with pytest.raises(ValueError, match=r"X\.shape=\(1, 3\).*W\.shape=\(2, 1\)"):
        draw_matrix_graph(np.zeros((1, 3)), np.zeros((2, 1)), sigmoid)


def test_backward_without_sum_needs_a_single_output():
    X, W = book.matrix_example()
    with pytest.raises(ValueError, match=r"X\.shape=\(3, 3\).*W\.shape=\(3, 2\)"):
        draw_matrix_graph(X, W, sigmoid, with_sum=False, backward=True)


def test_bare_product_cannot_be_summed():
    with pytest.raises(ValueError, match="with_sum=False"):
        draw_matrix_graph([[1.0]], [[1.0]], None)


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: draw_chain([square], [0.5, 1.0, 2.0]), "input_"),
        (lambda: draw_multiple_inputs_graph([1.0, 2.0, 3.0], 1.0, sigmoid), "x"),
        (lambda: draw_multiple_inputs_graph(1.0, np.zeros(3), square), "y"),
        (lambda: draw_derivative_nudge(sigmoid, [1.0, 2.0, 3.0]), "a"),
    ],
)
def test_arrays_of_several_numbers_are_refused_where_one_value_is_drawn(call, name):
    with pytest.raises(ValueError, match=rf"'{name}' must be a single number.*\(3,\)"):
        call()


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: draw_function_box([], [1.0]), "func"),
        (lambda: draw_function_box(square, [[1.0, 2.0]]), "inputs"),
        (lambda: draw_function_box(square, np.arange(9.0)), "inputs"),
        (lambda: draw_function_box(np.sum, [1.0, 2.0]), "one output per input"),
        (lambda: draw_derivative_nudge(square, 1.0, delta=0), "delta"),
        (lambda: draw_array_axes([1.0, 2.0]), "array"),
        (lambda: draw_array_axes(np.ones((9, 2))), "array"),
        (lambda: draw_matrix_graph(np.ones(3), np.ones((3, 1)), sigmoid), "X"),
    ],
)
def test_bad_values_raise_value_errors(call, name):
    with pytest.raises(ValueError, match=name):
        call()
