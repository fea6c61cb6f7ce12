"""plot_chain and plot_chain_deriv draw the library's numbers; Matplotlib loads late."""

from __future__ import annotations

import subprocess
import sys

import matplotlib.pyplot as plt
import numpy as np
import pytest

from chainrule import (
    chain_deriv,
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
