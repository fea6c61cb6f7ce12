"""Tests of chainrule.diagrams: the labels are the library's numbers, the layout is clean.

Expected numbers come from the library's own functions (or are the book's printed
values); a label "shows" a number when the number, as the diagrams print it (4
decimals, or 4 significant digits for a change), can be read in one of the texts.
"""

from __future__ import annotations

import importlib
import itertools
import re
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from xml.etree import ElementTree

import book
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch
from matplotlib.text import Annotation, Text
from matplotlib.transforms import Bbox

import chainrule
from chainrule import (
    chain_deriv,
    chain_forward,
    composite_name,
    deriv,
    describe_plot,
    draw_array_axes,
    draw_chain,
    draw_derivative_nudge,
    draw_dot_product,
    draw_function_box,
    draw_gradient_check,
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
    plot_chain,
    plot_chain_deriv,
    relu,
    sigmoid,
    square,
)

SRC = Path(chainrule.__file__).parent
SIGMAS = [pytest.param(sigmoid, id="sigmoid"), pytest.param(square, id="square")]
CHAIN_3 = [leaky_relu, sigmoid, square]
NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:e[-+]?\d+)?")
MATHTEXT = re.compile(r"\$[^$]*\$")
LINE_BUDGET = 900  # issue 13: every drawing module together
TIMES = "\u00d7"  # the multiplication sign, as the labels write it


# -- Reading a figure ------------------------------------------------------------------


def written(fig: Figure) -> list[Text]:
    """The texts drawn on the figure (not the arrows, which are empty annotations)."""
    assert all(not ax.axison for ax in fig.axes)
    return [t for ax in fig.axes for t in ax.texts if t.get_visible() and t.get_text()]


def texts(fig: Figure) -> list[str]:
    return [t.get_text() for t in written(fig)]


def numbers_drawn(fig: Figure) -> list[float]:
    """Every number written in the figure, outside mathtext (indices like $f_1$)."""
    return [
        float(n) for text in texts(fig) for n in NUMBER.findall(MATHTEXT.sub(" ", text))
    ]


def printed(value: object, significant: bool = False) -> float:
    """A number as the diagrams print it: 4 decimals, or 4 significant digits."""
    number = float(np.asarray(value).item())
    return float(f"{number:.4g}") if significant else round(number, 4)


def assert_shows(fig: Figure, *values: object, significant: bool = False) -> None:
    drawn = numbers_drawn(fig)
    for value in values:
        expected = printed(value, significant)
        assert any(abs(n - expected) < 1e-12 for n in drawn), (expected, texts(fig))


def assert_text_contains(fig: Figure, fragment: str) -> None:
    assert any(fragment in text for text in texts(fig)), (fragment, texts(fig))


def boxes(fig: Figure) -> list[FancyBboxPatch]:
    return list(fig.findobj(FancyBboxPatch))


def arrows(fig: Figure) -> list[FancyArrowPatch]:
    return [
        t.arrow_patch for ax in fig.axes for t in ax.texts if isinstance(t, Annotation)
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


def assert_laid_out_cleanly(name: str, fig: Figure) -> None:
    """Text is readable, inside the figure, and clear of other text and arrows."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    shown = written(fig)
    text_extents = [t.get_window_extent(renderer) for t in shown]
    box_extents = [box.get_window_extent(renderer) for box in boxes(fig)]
    lines = [
        a.get_window_extent(renderer) for a in arrows(fig) if a.get_linestyle() != ":"
    ]
    assert all(t.get_fontsize() >= 8 for t in shown), name
    assert all(inside(e, fig.bbox) for e in text_extents + box_extents), name
    for (a, ea), (b, eb) in itertools.combinations(
        zip(shown, text_extents, strict=True), 2
    ):
        assert not overlap(ea, eb), (name, a.get_text(), b.get_text())
    for text, extent in zip(shown, text_extents, strict=True):
        # a text is either written inside a box or clear of every box and arrow
        hits = [box for box in box_extents if overlap(extent, box)]
        assert all(inside(extent, box) for box in hits), (name, text.get_text())
        assert not any(overlap(extent, line) for line in lines), (name, text.get_text())


# -- The figures, drawn once ----------------------------------------------------------


@dataclass(frozen=True)
class Drawn:
    """Figures drawn once for the module, and what drawing them warned of."""

    figures: dict[str, Figure]
    warnings: list[str]

    def ready(self) -> Drawn:
        """The same figures on an Agg canvas again (conftest closes every pyplot
        figure after each test, which leaves a bare canvas that draws nothing)."""
        for fig in self.figures.values():
            if not isinstance(fig.canvas, FigureCanvasAgg):
                FigureCanvasAgg(fig)
        return self


def draw(make) -> Drawn:
    plt.close("all")  # another module fixture's figures: pyplot warns past 20 open
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        figures = make()
    return Drawn(figures, [str(w.message) for w in caught])


def chapter_figures() -> dict[str, Figure]:
    """Each figure of the chapter, as the pages and the gallery draw it."""
    X1, W1 = book.vector_example()
    X3, W3 = book.matrix_example()
    return {
        "1-2": draw_function_box([square, relu], [-2, -1, 0, 1, 2]),
        "1-3": draw_array_axes([[1, 2], [3, 4]]),
        "1-5": draw_derivative_nudge(square, 2.0),
        "1-5 sigmoid": draw_derivative_nudge(sigmoid, 0.5),
        "1-6": draw_chain([square, sigmoid], 1.0),
        "1-7": draw_chain([square, sigmoid], 1.0, collapsed=True),
        "1-8": draw_chain([square, sigmoid], 1.0, backward=True),
        "1-10": draw_chain(CHAIN_3, -1.0, backward=True),
        "1-12": draw_multiple_inputs_graph(1.0, 2.0, sigmoid),
        "1-13": draw_multiple_inputs_graph(1.0, 2.0, sigmoid, backward=True),
        "1-14": draw_matrix_graph(X1, W1, None, with_sum=False),
        "1-15": draw_dot_product(X1, W1, values=False),
        "1-16": draw_dot_product(X1, W1),
        "1-17": draw_matrix_graph(X1, W1, None, with_sum=False, backward=True),
        "1-18": draw_matrix_graph(X1, W1, sigmoid, with_sum=False),
        "1-19": draw_matrix_graph(X1, W1, sigmoid, with_sum=False, backward=True),
        "1-20": draw_gradient_check(X1, W1, sigmoid, index=2),
        "1-21": draw_matrix_graph(X3, W3, sigmoid),
        "1-22": draw_matrix_graph(X3, W3, sigmoid, backward=True),
        "1-23": draw_matrix_graph(X3, W3, sigmoid, backward=True, collapsed=True),
    }


def step_figures() -> dict[str, Figure]:
    """The value-and-gradient graphs, and figures with more boxes or numbers."""
    X3, W3 = book.matrix_example()
    state = np.random.RandomState(0)
    return {
        "steps 2": draw_chain([square, sigmoid], 1.0, steps=True),
        "steps 3": draw_chain(CHAIN_3, -1.0, steps=True),
        "steps matrix": draw_matrix_graph(X3, W3, sigmoid, steps=True),
        "steps vector": draw_matrix_graph(*book.vector_example(), sigmoid, steps=True),
        "five boxes": draw_chain(
            [square, sigmoid, leaky_relu, relu, square], 0.5, True
        ),
        "negative nudge": draw_derivative_nudge(lambda u: -(u**3), 0.3),
        "large matrices": draw_matrix_graph(
            state.randn(4, 5), state.randn(5, 2), sigmoid, backward=True
        ),
        "three function boxes": draw_function_box(
            [square, relu, sigmoid], np.linspace(-3.1234, 3.3, 8)
        ),
    }


@pytest.fixture(scope="module")
def chapter_drawn() -> Drawn:
    return draw(chapter_figures)


@pytest.fixture(scope="module")
def steps_drawn() -> Drawn:
    return draw(step_figures)


@pytest.fixture
def chapter(chapter_drawn: Drawn) -> dict[str, Figure]:
    return chapter_drawn.ready().figures


@pytest.fixture
def more(steps_drawn: Drawn) -> dict[str, Figure]:
    return steps_drawn.ready().figures


# -- The engine is small ----------------------------------------------------------------


def test_the_drawing_modules_fit_the_line_budget():
    modules = [SRC / "diagrams.py", SRC / "_drawing.py"]
    lines = sum(len(path.read_text(encoding="utf-8").splitlines()) for path in modules)
    assert lines <= LINE_BUDGET, f"{lines} lines in {[m.name for m in modules]}"


# -- Labels are the library's numbers ---------------------------------------------------


@pytest.mark.parametrize(
    "chain",
    [[square, sigmoid], [sigmoid, square], CHAIN_3],
    ids=["square-sigmoid", "sigmoid-square", "leaky_relu-sigmoid-square"],
)
@pytest.mark.parametrize("x", [0.7, -1.3])
def test_chain_shows_forward_values_local_derivatives_and_their_product(chain, x):
    fig = draw_chain(chain, x, backward=True)

    values = chain_forward(chain, x)
    local = [deriv(f, v) for f, v in zip(chain, values, strict=False)]
    assert_shows(fig, *values, *local, chain_deriv(chain, x))
    assert len(boxes(fig)) == len(chain)
    # the chain rule, with the composite on the left, written under the chain
    composite = " \\circ ".join(f"f_{i}" for i in range(len(chain), 0, -1))
    assert_text_contains(fig, f"$d({composite})/du$")


def test_chain_forward_view_has_no_derivatives():
    fig = draw_chain([square, sigmoid], 0.7)

    assert_shows(fig, *chain_forward([square, sigmoid], 0.7))
    assert printed(chain_deriv([square, sigmoid], 0.7)) not in numbers_drawn(fig)
    assert not [a for a in arrows(fig) if a.get_linestyle() != "-"]  # no dashes


def test_collapsed_chain_is_one_box_named_like_composite_name():
    fig = draw_chain(CHAIN_3, 0.7, collapsed=True, backward=True)

    assert len(boxes(fig)) == 1
    assert composite_name(CHAIN_3) in texts(fig)
    assert_shows(fig, 0.7, chain_forward(CHAIN_3, 0.7)[-1], chain_deriv(CHAIN_3, 0.7))


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

    for label in (
        f"X (3 {TIMES} 3)",
        f"W (3 {TIMES} 2)",
        f"N (3 {TIMES} 2)",
        f"S (3 {TIMES} 2)",
    ):
        assert label in texts(fig)
    assert_text_contains(fig, f"(3 {TIMES} 2, all 1)")  # dL/dS, the sum's derivative
    assert_shows(fig, matrix_function_forward_sum(X, W, sigma))
    assert_shows(fig, *matrix_function_backward_sum_1(X, W, sigma).flat)
    assert_shows(fig, *matrix_function_backward_sum_2(X, W, sigma).flat)
    assert len(boxes(fig)) == 3


def test_matrix_graph_shows_the_books_printed_numbers(chapter):
    fig = chapter["1-22"]

    assert "L = 2.3755" in texts(fig)
    # the book prints 0.126; the diagrams keep the trailing zero
    assert_text_contains(fig, " 0.2489 -0.3748  0.0112\n 0.1260 -0.2781 -0.1395")
    assert "top-left 0.2489" in fig.get_label()


def test_matrix_arrows_say_what_the_gradient_is_multiplied_by(chapter):
    """Going back, X's arrow multiplies by W transposed on the right, W's by X
    transposed on the left; no arrow claims dN/dX = W^T for a 3 x 2 output."""
    for name in ("1-17", "1-19", "1-22"):
        shown = texts(chapter[name])
        assert r"$\times\, W^T$" in shown, name
        assert r"$X^T \times$" in shown, name
        assert not [t for t in shown if "/\\partial X$ = $W^T" in t or "= $W^T$" in t]


@pytest.mark.parametrize("sigma", SIGMAS)
def test_matrix_graph_without_sum_uses_the_single_output_functions(sigma):
    X, W = book.vector_example()
    fig = draw_matrix_graph(X, W, sigma, with_sum=False, backward=True)

    assert_shows(fig, matrix_forward_extra(X, W, sigma), matmul_forward(X, W))
    assert_shows(fig, deriv(sigma, matmul_forward(X, W)))
    assert_shows(fig, *matrix_function_backward_1(X, W, sigma).flat)
    assert_shows(fig, *matrix_function_backward_2(X, W, sigma).flat)
    assert len(boxes(fig)) == 2


def test_matrix_graph_without_sum_shows_the_books_gradient(chapter):
    assert_text_contains(chapter["1-19"], "0.0852 -0.0557 -0.1121")


def test_bare_product_shows_w_transposed_as_the_gradient(chapter):
    X, W = book.vector_example()
    fig = chapter["1-17"]

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
    assert any(text.startswith(f"{name}\n") for text in texts(fig))
    assert f"One function, {name}:" in fig.get_label()


def test_large_gradients_are_given_by_their_shape_only(more):
    fig = more["large matrices"]

    assert rf"$\partial L/\partial X$ (4 {TIMES} 5)" in texts(fig)
    state = np.random.RandomState(0)
    X, W = state.randn(4, 5), state.randn(5, 2)
    dLdX = matrix_function_backward_sum_1(X, W, sigmoid)
    assert printed(dLdX[1, 1]) not in numbers_drawn(fig)


@pytest.mark.parametrize("func", [square, relu, sigmoid])
def test_function_box_shows_each_output_of_the_function(func):
    inputs = np.array([-1.5, 0.25, 2.0])
    fig = draw_function_box(func, inputs)

    assert_shows(fig, *inputs, *func(inputs))
    assert len(boxes(fig)) == 1


def test_function_boxes_sit_side_by_side(chapter):
    fig = chapter["1-2"]
    fig.canvas.draw()

    first, second = (box.get_window_extent() for box in boxes(fig))
    assert first.x1 < second.x0
    assert [t for t in texts(fig) if t in ("square", "relu")] == ["square", "relu"]


@pytest.mark.parametrize("sigma", SIGMAS)
@pytest.mark.parametrize("a", [0.5, -2.0])
def test_derivative_nudge_shows_the_multiplier_from_deriv(sigma, a):
    fig = draw_derivative_nudge(sigma, a, delta=0.01)

    assert_shows(fig, a, sigma(a), deriv(sigma, a, 0.01), 0.01)


def nudges(fig: Figure) -> tuple[float, float]:
    """The lengths of the input's and the output's vertical nudge arrows."""
    vertical = []
    for t in fig.axes[0].texts:
        if isinstance(t, Annotation) and t.xy[0] == t.xyann[0]:
            vertical.append((t.xyann[0], t.xy[1] - t.xyann[1]))
    (_, up), (_, rise) = sorted(vertical)
    return up, rise


@pytest.mark.parametrize(
    ("func", "a"),
    [(square, 2.0), (sigmoid, 0.5), (sigmoid, 2.0), (lambda u: -(u**3), 0.3)],
    ids=["slope 4", "slope 0.235", "slope 0.105", "negative"],
)
def test_the_nudges_are_drawn_to_scale(func, a):
    fig = draw_derivative_nudge(func, a)

    up, rise = nudges(fig)
    assert rise / up == pytest.approx(float(deriv(func, a)), rel=1e-6)
    assert "not to scale" not in " ".join(texts(fig))
    assert "drawn to scale" in fig.get_label()


@pytest.mark.parametrize(("func", "a"), [(np.exp, 6.0), (sigmoid, 12.0)])
def test_a_nudge_too_long_or_too_short_says_it_is_not_to_scale(func, a):
    fig = draw_derivative_nudge(func, a)

    up, rise = nudges(fig)
    assert rise / up != pytest.approx(float(deriv(func, a)), rel=1e-3)
    assert_text_contains(fig, "(not to scale)")
    assert "not drawn to scale" in fig.get_label()


def test_array_axes_shows_the_books_sums(chapter):
    fig = chapter["1-3"]

    assert "[4 6]" in fig.get_label()
    assert "[3 7]" in fig.get_label()
    assert len(boxes(fig)) == 4


def test_array_axes_shows_the_sums_along_both_axes(rng):
    array = rng.normal(size=(3, 4)).round(2)
    fig = draw_array_axes(array)

    assert_shows(fig, *array.flat, *np.sum(array, axis=0), *np.sum(array, axis=1))
    assert len(boxes(fig)) == array.size


def test_numbers_keep_four_decimals_with_their_trailing_zeros():
    fig = draw_chain([lambda u: u / 4, square], 1.0)  # 0.25, then 0.0625

    assert "0.2500" in texts(fig)
    assert "y = 0.0625" in texts(fig)
    assert "x = 1" in texts(fig)  # a whole number stays whole


def test_tiny_numbers_are_not_written_as_zero():
    fig = draw_derivative_nudge(square, 1.0, delta=1e-5)

    assert_text_contains(fig, "1e-05")


# -- Figures 1-15, 1-16 and 1-20 ---------------------------------------------------------


def test_dot_product_shows_each_product_and_their_sum(chapter):
    X, W = book.vector_example()
    fig = chapter["1-16"]

    assert_shows(fig, *X.flat, *W.flat, *(X[0] * W[:, 0]), matmul_forward(X, W))
    assert [t for t in texts(fig) if t in (f"{TIMES}", "+")] == [
        f"{TIMES}",
        f"{TIMES}",
        f"{TIMES}",
        "+",
    ]
    assert len(boxes(fig)) == 4


def test_dot_product_with_symbols_only_shows_no_values(chapter):
    fig = chapter["1-15"]

    assert numbers_drawn(fig) == []
    for symbol in ("$x_{1}$", "$w_{3}$", r"$x_{2} \times w_{2}$"):
        assert symbol in texts(fig)


def test_gradient_check_predicts_and_observes_the_change(chapter):
    X, W = book.vector_example()
    fig = chapter["1-20"]

    gradient = matrix_function_backward_1(X, W, sigmoid)[0, 2]
    nudged = X.copy()
    nudged[0, 2] += 0.01
    before, after = (matrix_forward_extra(v, W, sigmoid)[0, 0] for v in (X, nudged))
    observed = after - before
    assert printed(gradient) == -0.1121  # the book's
    assert_shows(fig, gradient, matrix_forward_extra(X, W, sigmoid))
    assert_shows(fig, gradient * 0.01, observed, W[2, 0] * 0.01, significant=True)
    assert printed(gradient * 0.01, True) == -0.001121  # the book's prediction
    said = fig.get_label()
    assert "-0.001121" in said and f"it changes by {printed(observed, True)}" in said


# -- The value-and-gradient graphs ------------------------------------------------------


def panels(fig: Figure) -> list[list[str]]:
    """The texts of each panel, top to bottom, each opening with its "Step" title."""
    found: list[list[str]] = []
    fig.canvas.draw()
    ordered = sorted(written(fig), key=lambda t: -t.get_window_extent().y1)
    for text in ordered:
        if text.get_text().startswith("Step "):
            found.append([])
        if found:
            found[-1].append(text.get_text())
    return found


def gradients_shown(lines: list[str]) -> list[float]:
    return [float(t.split()[1]) for t in lines if re.fullmatch(r"grad -?[\d.]+", t)]


@pytest.mark.parametrize(("chain", "x"), [([square, sigmoid], 1.0), (CHAIN_3, -1.0)])
def test_chain_steps_fill_in_one_gradient_per_panel(chain, x):
    fig = draw_chain(chain, x, steps=True)

    values = chain_forward(chain, x)
    local = [deriv(f, v) for f, v in zip(chain, values, strict=False)]
    steps = panels(fig)
    assert len(steps) == len(chain)
    for step, lines in enumerate(steps, 1):
        # after step k, the last k + 1 values (the output's 1 included) have one
        assert len(gradients_shown(lines)) == step + 1
        assert sum("?" in t for t in lines) == len(chain) - step
    assert sorted(gradients_shown(steps[-1])) == sorted(
        printed(np.prod(local[k:])) for k in range(len(chain) + 1)
    )
    assert printed(chain_deriv(chain, x)) in gradients_shown(steps[-1])
    assert len(boxes(fig)) == len(chain) ** 2


@pytest.mark.parametrize("example", [book.matrix_example, book.vector_example])
def test_matrix_steps_end_with_the_gradients_of_the_sum(example):
    X, W = example()
    fig = draw_matrix_graph(X, W, sigmoid, steps=True)

    steps = panels(fig)
    assert len(steps) == 3
    last = " ".join(steps[-1])
    for gradient in (matrix_function_backward_sum_1, matrix_function_backward_sum_2):
        for value in gradient(X, W, sigmoid).flat:
            assert f"{printed(value):.4f}" in last
    first = " ".join(steps[0])
    assert (
        f"{printed(matrix_function_backward_sum_1(X, W, sigmoid)[0, 0]):.4f}"
        not in first
    )
    assert "?" in first and "?" not in last


# -- Layout and size ---------------------------------------------------------------------


def test_every_diagram_is_laid_out_cleanly(chapter, more):
    for name, fig in {**chapter, **more}.items():
        assert_laid_out_cleanly(name, fig)


def test_the_chapters_diagrams_fit_a_page_column(chapter, more):
    for name, fig in chapter.items():
        width, height = fig.get_size_inches()
        assert width <= 7.0 and height <= 5.0, (name, width, height)
    for name in ("steps 2", "steps 3", "steps vector"):
        assert more[name].get_figwidth() <= 7.0, name


def test_every_diagram_carries_alt_text(chapter, more):
    for name, fig in {**chapter, **more}.items():
        alt = fig.get_label()
        assert alt.endswith("."), name
        assert "$" not in alt and f"{TIMES}" not in alt, name  # read aloud as words
        assert len(alt) > 40, name


def test_the_chapter_figures_draw_without_a_warning(chapter_drawn, steps_drawn):
    assert chapter_drawn.warnings == []
    assert steps_drawn.warnings == []


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
        pytest.param(lambda: draw_matrix_graph(*HUGE, sigmoid, True), id="matrix"),
        pytest.param(
            lambda: draw_matrix_graph(*HUGE, square, True), id="matrix, square"
        ),
        pytest.param(
            lambda: draw_chain([square, sigmoid], 1e308, backward=True), id="chain"
        ),
        pytest.param(
            lambda: draw_chain([square, sigmoid], 1e308, steps=True), id="chain steps"
        ),
        pytest.param(
            lambda: draw_gradient_check([[1e308, 1.0]], [[1e308], [1.0]], square, 0),
            id="gradient check",
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


# -- Descriptions of data plots -----------------------------------------------------------


def test_a_data_plot_is_described_from_its_data():
    x = np.arange(-3, 3, 0.01)
    ax = plot_chain([square, sigmoid], x)
    plot_chain_deriv([square, sigmoid], x, ax=ax)

    text = describe_plot(ax.figure)
    y = chain_forward([square, sigmoid], x)[-1]
    dy = chain_deriv([square, sigmoid], x)
    assert text.startswith(
        "A plot of sigmoid(square(x)) and d/dx sigmoid(square(x)) against x, "
        "for x from -3 to 2.9900. "
    )
    low, high = int(np.argmin(dy)), int(np.argmax(dy))
    assert abs(x[np.argmin(y)]) < 1e-9  # sigmoid(square(x)) is lowest at 0
    assert f"starts at {y[0]:.4f} (x = -3), falls to {y.min():.4f} at x = 0," in text
    assert (
        f"falls to {dy[low]:.4f} at x = {x[low]:.4f}, then rises to {dy[high]:.4f} at x = {x[high]:.4f}"
        in text
    )


def test_flat_stretches_and_many_turns_are_described_briefly():
    fig, ax = plt.subplots()
    x = np.linspace(-2, 2, 41)
    ax.plot(x, relu(x), label="relu(x)")
    ax.plot(x, np.sin(8 * x), label="wave")

    text = describe_plot(fig)
    assert (
        "relu(x) starts at 0 (x = -2), stays at 0 at x = 0, then rises to 2 at x = 2."
        in text
    )
    assert "wave starts at" in text and "changes direction" in text


def test_describe_plot_refuses_what_is_not_a_plot():
    with pytest.raises(TypeError, match="describe_plot: 'plot'"):
        describe_plot("a figure")


# -- Bad input ----------------------------------------------------------------------------


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
        (lambda: draw_chain([square], 1.0, steps=1), "steps"),
        (lambda: draw_matrix_graph([[1.0]], [[1.0]], sigmoid, with_sum=1), "with_sum"),
        (lambda: draw_dot_product([[1.0]], [[1.0]], values="no"), "values"),
        (lambda: draw_gradient_check([[1.0]], [[1.0]], sigmoid, 0.0), "index"),
        (lambda: draw_gradient_check([[1.0]], [[1.0]], sigmoid, True), "index"),
    ],
)
def test_wrong_types_raise_type_errors_naming_the_argument(call, name):
    with pytest.raises(TypeError, match=f"'{name}"):
        call()


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: draw_chain([], 1.0), "'chain'"),
        (lambda: draw_chain([square] * 5, 1.0, steps=True), "'steps'"),
        (lambda: draw_chain([square], 1.0, collapsed=True, steps=True), "'steps'"),
        (lambda: draw_function_box([], [1.0]), "func"),
        (lambda: draw_function_box(square, [[1.0, 2.0]]), "inputs"),
        (lambda: draw_function_box(square, np.arange(9.0)), "inputs"),
        (lambda: draw_function_box(np.sum, [1.0, 2.0]), "one output per input"),
        (lambda: draw_derivative_nudge(square, 1.0, delta=0), "delta"),
        (lambda: draw_array_axes([1.0, 2.0]), "array"),
        (lambda: draw_array_axes(np.ones((9, 2))), "array"),
        (lambda: draw_matrix_graph(np.ones(3), np.ones((3, 1)), sigmoid), "X"),
        (lambda: draw_matrix_graph([[1.0]], [[1.0]], None), "with_sum=False"),
        (
            lambda: draw_matrix_graph(
                np.ones((4, 4)), np.ones((4, 4)), sigmoid, steps=True
            ),
            "'steps'",
        ),
        (lambda: draw_dot_product(np.ones((1, 7)), np.ones((7, 1))), "'X'"),
        (
            lambda: draw_dot_product(np.ones((2, 3)), np.ones((3, 1))),
            "X.shape=\\(2, 3\\)",
        ),
        (
            lambda: draw_gradient_check([[1.0, 2.0]], [[1.0], [1.0]], sigmoid, 2),
            "'index'",
        ),
        (
            lambda: draw_gradient_check([[1.0]], [[1.0]], sigmoid, 0, delta=-1.0),
            "delta",
        ),
    ],
)
def test_bad_values_raise_value_errors(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_mismatched_matrices_are_refused_with_both_shapes():
    with pytest.raises(ValueError, match=r"X\.shape=\(1, 3\).*W\.shape=\(2, 1\)"):
        draw_matrix_graph(np.zeros((1, 3)), np.zeros((2, 1)), sigmoid)


def test_backward_without_sum_needs_a_single_output():
    X, W = book.matrix_example()
    with pytest.raises(ValueError, match=r"X\.shape=\(3, 3\).*W\.shape=\(3, 2\)"):
        draw_matrix_graph(X, W, sigmoid, with_sum=False, backward=True)


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


# -- The site's figures: inline SVG that follows the theme (docs/_ext) ----------------

DOCS = Path(__file__).resolve().parent.parent / "docs"


@pytest.fixture(scope="module")
def themed():
    sys.path.insert(0, str(DOCS / "_ext"))
    try:
        return importlib.import_module("themed_figures")
    finally:
        sys.path.remove(str(DOCS / "_ext"))


def luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance of ``#rrggbb``."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (
        c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels
    )
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def svg_of(themed, fig: Figure) -> ElementTree.Element:
    return ElementTree.fromstring(themed.figure_svg(fig))


@pytest.fixture(scope="module")
def markup(themed, chapter_drawn, steps_drawn) -> dict[str, str]:
    """Each figure as the site shows it, made once for the module's tests."""
    figures = {**chapter_drawn.ready().figures, **steps_drawn.ready().figures}
    return {name: themed.figure_svg(fig) for name, fig in figures.items()}


def test_every_ink_keeps_its_contrast_in_both_themes(themed):
    from chainrule import _drawing

    page = {"light": "#ffffff", "dark": "#131416"}  # Furo's dark background
    for ink in (
        _drawing.INK,
        _drawing.MUTED,
        _drawing.FORWARD,
        _drawing.BACKWARD,
        "#000000",
    ):
        assert contrast(ink, page["light"]) >= 4.5, ink
        assert contrast(themed.dark(ink[1:]), page["dark"]) >= 4.5, ink
    assert "background" in themed.dark("ffffff")  # the paper becomes the page


def test_a_figure_becomes_an_svg_whose_colours_follow_the_theme(themed, markup):
    markup = markup["1-22"]
    svg = ElementTree.fromstring(markup)

    assert svg.get("class") == "chainrule-figure" and svg.get("role") == "img"
    colours = set(re.findall(r"var\(--c([0-9a-f]{6}),#([0-9a-f]{6})\)", markup))
    assert colours and all(name == fallback for name, fallback in colours)
    assert not re.search(
        r"(?<!--c)(?<!,)#[0-9a-f]{6}\b(?!;)", markup.split("</style>", 1)[1]
    )
    style = markup.split("<style>", 1)[1].split("</style>", 1)[0]
    for name, _ in colours:  # each colour has its dark counterpart, in both rules
        assert style.count(f"--c{name}:{themed.dark(name)};") == 2, name
    assert 'body[data-theme="dark"]' in style and "prefers-color-scheme: dark" in style


def test_a_figure_is_named_for_screen_readers(themed, chapter):
    fig = chapter["1-13"]
    svg = svg_of(themed, fig)
    ns = "{http://www.w3.org/2000/svg}"

    title = svg.find(f"{ns}title")
    assert title is not None and title.text == fig.get_label()
    assert svg.get("aria-labelledby") == title.get("id")
    assert svg.find(f"{ns}desc") is None  # a diagram's label says it all


def test_a_data_plot_gets_its_description(themed):
    x = np.arange(-3, 3, 0.01)
    ax = plot_chain([square, sigmoid], x)
    svg = svg_of(themed, ax.figure)
    ns = "{http://www.w3.org/2000/svg}"

    desc = svg.find(f"{ns}desc")
    assert desc is not None and desc.text == describe_plot(ax.figure)
    assert svg.get("aria-describedby") == desc.get("id")
    assert svg.find(f"{ns}title").text.startswith(
        "A plot of sigmoid(square(x)) against x"
    )


def test_figures_on_one_page_share_no_id_and_refer_to_their_own(markup):
    seen: set[str] = set()
    for name, text in markup.items():
        ids = re.findall(r'\sid="([^"]+)"', text)
        refs = set(re.findall(r'(?:href="#|url\(#)([^")]+)', text))
        assert refs <= set(ids), name
        assert not seen & set(ids), name
        seen |= set(ids)
        assert ".chainrule-figure *{" in text  # Matplotlib's sheet, kept inside


def test_each_figure_is_at_most_120_kb(markup):
    for name, text in markup.items():
        assert len(text.encode()) <= 120_000, (name, len(text.encode()))


@pytest.fixture
def kernel_display(themed):
    """A page kernel's display formatter, as docs/ipython's startup registers it."""
    from IPython.core.formatters import DisplayFormatter

    shell = SimpleNamespace(display_formatter=DisplayFormatter())
    themed.register(shell)
    yield shell.display_formatter
    plt.close("all")


def test_the_page_kernels_show_figures_as_themed_svg(kernel_display, chapter):
    bundle, _ = kernel_display.format(chapter["1-8"])
    assert bundle["text/html"].startswith('<svg class="chainrule-figure"')


def test_a_figure_the_kernel_has_shown_is_not_drawn_again_at_the_cells_end(
    kernel_display,
):
    glued, kept = draw_chain([square, sigmoid], 1.0), plt.figure()
    kernel_display.format(glued)  # as myst-nb's glue(..., display=False)
    # the inline backend's flush shows every figure pyplot still holds
    assert plt.get_fignums() == [kept.number]


def test_the_gallery_scraper_inlines_each_figure_and_keeps_a_thumbnail(
    themed, tmp_path
):
    draw_chain([square, sigmoid], 1.0)
    draw_dot_product(*book.vector_example())
    paths = iter(tmp_path / f"image_{i}.png" for i in range(5))

    rst = themed.scraper(None, {"image_path_iterator": paths}, {})
    assert rst.count('<svg class="chainrule-figure"') == 2
    assert rst.lstrip().startswith(".. raw:: html")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["image_0.png", "image_1.png"]
    assert plt.get_fignums() == []
