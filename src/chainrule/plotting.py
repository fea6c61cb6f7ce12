"""Plot a chain and its derivative on Matplotlib Axes.

Both functions draw on the Axes they are given (or on a new one), label the
curve with the composite's name, and return the Axes; neither calls
``plt.show()``, so they work the same in scripts, notebooks and the gallery.
"""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.axes import Axes
from numpy.typing import ArrayLike

from chainrule.chains import chain_deriv, chain_forward, composite_name
from chainrule.functions import ArrayFunction
from chainrule.validation import as_float_array, check_chain, describe

__all__ = ["plot_chain", "plot_chain_deriv"]


def plot_chain(
    chain: Sequence[ArrayFunction], input_range: ArrayLike, ax: Axes | None = None
) -> Axes:
    """Plot the output of a chain of any length over ``input_range``.

    Parameters
    ----------
    chain : list of callable
        One or more functions, applied first to last.
    input_range : array_like
        The 1-D grid of inputs, for example ``np.arange(-3, 3, 0.01)``.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure's Axes when omitted.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on, with one new line labelled like
        ``"sigmoid(square(x))"``.

    Raises
    ------
    TypeError
        If ``chain`` is not a list of callables, ``input_range`` is not
        numeric, or ``ax`` is not a Matplotlib Axes.
    ValueError
        If ``chain`` is empty or ``input_range`` is not 1-D.

    Examples
    --------
    >>> import numpy as np
    >>> from chainrule import plot_chain, sigmoid, square
    >>> ax = plot_chain([square, sigmoid], np.arange(-3, 3, 0.01))
    >>> ax.get_lines()[0].get_label()
    'sigmoid(square(x))'
    """
    x, target = _prepare(chain, input_range, ax, "plot_chain")
    target.plot(x, chain_forward(chain, x)[-1], label=composite_name(chain))
    return _finish(target)


def plot_chain_deriv(
    chain: Sequence[ArrayFunction], input_range: ArrayLike, ax: Axes | None = None
) -> Axes:
    """Plot the derivative of a chain of any length, by :func:`chain_deriv`.

    Parameters
    ----------
    chain : list of callable
        One or more functions, applied first to last.
    input_range : array_like
        The 1-D grid of inputs.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure's Axes when omitted.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on, with one new dashed line labelled like
        ``"d/dx sigmoid(square(x))"``.

    Raises
    ------
    TypeError
        If ``chain`` is not a list of callables, ``input_range`` is not
        numeric, or ``ax`` is not a Matplotlib Axes.
    ValueError
        If ``chain`` is empty or ``input_range`` is not 1-D.

    Examples
    --------
    >>> import numpy as np
    >>> from chainrule import plot_chain_deriv, sigmoid, square
    >>> ax = plot_chain_deriv([square, sigmoid], np.arange(-3, 3, 0.01))
    >>> ax.get_lines()[0].get_label()
    'd/dx sigmoid(square(x))'
    """
    x, target = _prepare(chain, input_range, ax, "plot_chain_deriv")
    label = f"d/dx {composite_name(chain)}"
    target.plot(x, chain_deriv(chain, x), linestyle="--", label=label)
    return _finish(target)


def _prepare(
    chain: object, input_range: ArrayLike, ax: object, where: str
) -> tuple[ArrayLike, Axes]:
    check_chain(chain, where)
    x = as_float_array(input_range, "input_range", where)
    if x.ndim != 1:
        raise ValueError(
            f"{where}: 'input_range' must be 1-D (a grid of x values); "
            f"got input_range.shape={x.shape}"
        )
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(6, 4))
    if not isinstance(ax, Axes):
        raise TypeError(
            f"{where}: 'ax' must be a matplotlib Axes or None; got {describe(ax)}"
        )
    return x, ax


def _finish(ax: Axes) -> Axes:
    ax.set_xlabel("x")
    ax.grid(True, alpha=0.3)
    ax.legend()
    return ax
