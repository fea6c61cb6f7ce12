"""plot_chain and plot_chain_deriv draw the library's numbers; Matplotlib loads late."""

from __future__ import annotations

import subprocess
import sys

import matplotlib.pyplot as plt
import numpy as np
import pytest

from chainrule import (
    chain_deriv,
    chain_deriv_2,
    chain_deriv_3,
    chain_length_2,
    chain_length_3,
    leaky_relu,
    plot_chain,
    plot_chain_deriv,
    sigmoid,
    square,
)

X = np.arange(-3, 3, 0.01)
CHAIN = [leaky_relu, sigmoid, square]


def test_plot_chain_draws_the_chain_output():
    ax = plot_chain(CHAIN, X)
    (line,) = ax.get_lines()
    np.testing.assert_array_equal(line.get_xdata(), X)
    np.testing.assert_allclose(line.get_ydata(), chain_length_3(CHAIN, X))
    assert line.get_label() == "square(sigmoid(leaky_relu(x)))"
    assert ax.get_legend() is not None


def test_plot_chain_deriv_draws_chain_deriv_on_a_given_axes():
    _, ax = plt.subplots()
    returned = plot_chain_deriv(CHAIN, X, ax=ax)
    assert returned is ax
    (line,) = ax.get_lines()
    np.testing.assert_allclose(line.get_ydata(), chain_deriv(CHAIN, X))
    assert line.get_label().startswith("d/dx ")


def test_both_curves_share_one_axes():
    ax = plot_chain([square, sigmoid], X)
    plot_chain_deriv([square, sigmoid], X, ax=ax)
    assert len(ax.get_lines()) == 2
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "sigmoid(square(x))",
        "d/dx sigmoid(square(x))",
    ]


def test_no_show(monkeypatch):
    monkeypatch.setattr(plt, "show", lambda *a, **k: pytest.fail("plt.show called"))
    plot_chain([square], X)
    plot_chain_deriv([square], X)


@pytest.mark.parametrize("plot", [plot_chain, plot_chain_deriv])
def test_validation(plot):
    with pytest.raises(
        ValueError, match=rf"{plot.__name__}: 'input_range' must be 1-D"
    ):
        plot([square], np.zeros((2, 2)))
    with pytest.raises(TypeError, match=rf"{plot.__name__}: 'ax' must be a matplotlib"):
        plot([square], X, ax="axes")
    with pytest.raises(ValueError, match="'chain' must hold at least one"):
        plot([], X)


# -- the book's companion notebook's order: plot_chain(ax, chain, input_range) ----


def test_the_companion_notebooks_figure_1_9_cell_runs():
    """Its cell, as written there (with chainrule's functions), draws the chain
    and the derivative the book's own functions compute."""
    _, ax = plt.subplots(1, 2, sharey=True, figsize=(16, 8))
    chain_1 = [square, sigmoid]
    chain_2 = [sigmoid, square]
    PLOT_RANGE = np.arange(-3, 3, 0.01)
    plot_chain(ax[0], chain_1, PLOT_RANGE)
    plot_chain_deriv(ax[0], chain_1, PLOT_RANGE)
    ax[0].legend(["$f(x)$", "$\\frac{df}{dx}$"])
    plot_chain(ax[1], chain_2, PLOT_RANGE)
    plot_chain_deriv(ax[1], chain_2, PLOT_RANGE)
    for panel, chain in zip(ax, [chain_1, chain_2], strict=True):
        function, slope = panel.get_lines()
        np.testing.assert_array_equal(function.get_xdata(), PLOT_RANGE)
        np.testing.assert_allclose(
            function.get_ydata(), chain_length_2(chain, PLOT_RANGE)
        )
        np.testing.assert_allclose(
            slope.get_ydata(), chain_deriv_2(chain, PLOT_RANGE), rtol=1e-12
        )
    assert [t.get_text() for t in ax[0].get_legend().get_texts()] == [
        "$f(x)$",
        "$\\frac{df}{dx}$",
    ]


def test_the_companion_notebooks_length_3_cell_runs():
    _, ax = plt.subplots(1, 2, sharey=True, figsize=(16, 8))
    chain_1 = [leaky_relu, square, sigmoid]
    PLOT_RANGE = np.arange(-3, 3, 0.01)
    assert plot_chain(ax[0], chain_1, PLOT_RANGE, length=3) is ax[0]
    assert plot_chain_deriv(ax[0], chain_1, PLOT_RANGE, length=3) is ax[0]
    function, slope = ax[0].get_lines()
    np.testing.assert_allclose(
        function.get_ydata(), chain_length_3(chain_1, PLOT_RANGE)
    )
    np.testing.assert_allclose(
        slope.get_ydata(), chain_deriv_3(chain_1, PLOT_RANGE), rtol=1e-12
    )
    assert not ax[1].get_lines()


@pytest.mark.parametrize("plot", [plot_chain, plot_chain_deriv])
def test_both_orders_draw_the_same_line(plot):
    _, (left, right) = plt.subplots(1, 2)
    plot(CHAIN, X, left, length=3)
    plot(right, CHAIN, X, length=3)
    (ours,), (books,) = left.get_lines(), right.get_lines()
    np.testing.assert_array_equal(ours.get_xydata(), books.get_xydata())
    assert ours.get_label() == books.get_label()


@pytest.mark.parametrize("plot", [plot_chain, plot_chain_deriv])
def test_length_must_be_the_chains(plot):
    name = plot.__name__
    _, ax = plt.subplots()
    with pytest.raises(
        ValueError, match=rf"^{name}: 'length' is 2 but 'chain' holds 3"
    ):
        plot(CHAIN, X, length=2)
    with pytest.raises(ValueError, match=r"'length' is 2 but 'chain' holds 3") as info:
        plot(ax, CHAIN, X, length=2)
    assert f"companion notebook's order {name}(ax, chain, input_range)" in str(
        info.value
    )
    for wrong in (3.0, "3", True, [3]):
        with pytest.raises(TypeError, match=rf"^{name}: 'length' must be a whole"):
            plot(CHAIN, X, length=wrong)
    assert not ax.get_lines()  # nothing drawn by a call that failed


@pytest.mark.parametrize("plot", [plot_chain, plot_chain_deriv])
def test_a_book_style_call_gone_wrong_names_both_orders(plot):
    """Each error a call with the Axes in an unexpected place meets says which
    order chainrule reads and which order the companion notebook uses."""
    name = plot.__name__
    ours = f"{name}(chain, input_range, ax=None)"
    books = f"{name}(ax, chain, input_range, length=...)"
    _, axes = plt.subplots(1, 2)
    calls = {
        "the Axes first, no grid": lambda: plot(axes[0], CHAIN),
        "the array of Axes first": lambda: plot(axes, CHAIN, X),
        "an Axes where the grid goes": lambda: plot(CHAIN, axes[0]),
    }
    for what, call in calls.items():
        with pytest.raises(TypeError) as info:
            call()
        message = str(info.value)
        assert message.startswith(f"{name}: "), what
        assert ours in message and books in message, f"{what}: {message}"
    with pytest.raises(TypeError, match="such as ax\\[0\\]"):
        plot(axes, CHAIN, X)
    with pytest.raises(ValueError, match="'input_range' must be 1-D") as info:
        plot(axes[0], CHAIN, np.zeros((2, 2)))
    assert "companion notebook's order" in str(info.value)
    assert not any(ax.get_lines() for ax in axes)


LIGHT_IMPORT = """
import sys
import chainrule
print("matplotlib" in sys.modules)
from chainrule import draw_chain, plot_chain
print("matplotlib" in sys.modules, draw_chain.__module__, plot_chain.__module__)
print(all(name in dir(chainrule) for name in chainrule.__all__))
try:
    chainrule.no_such_function
except AttributeError as error:
    print(error)
"""


def test_import_chainrule_loads_matplotlib_only_when_a_drawing_is_asked_for():
    done = subprocess.run(
        [sys.executable, "-c", LIGHT_IMPORT], capture_output=True, text=True, check=True
    )
    assert done.stdout.splitlines() == [
        "False",
        "True chainrule.diagrams chainrule.plotting",
        "True",
        "module 'chainrule' has no attribute 'no_such_function'",
    ]
