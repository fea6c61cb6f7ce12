"""Plot a chain and its derivative on Matplotlib Axes.

Both functions draw on the Axes they are given (or on a new one), label the
curve with the composite's name, and return the Axes; neither calls
``plt.show()``, so they work the same in scripts, notebooks and the gallery.

They take the chapter's call, ``plot_chain(chain, input_range)``, with the Axes
as an optional third argument, and also the call of the book's companion
notebook, ``plot_chain(ax, chain, input_range, length=3)``: an Axes in first
place means the companion's order.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from numpy.typing import ArrayLike, NDArray

from chainrule.chains import chain_deriv, chain_forward, composite_name
from chainrule.functions import ArrayFunction
from chainrule.validation import as_float_array, check_chain, describe

__all__ = ["plot_chain", "plot_chain_deriv"]


def plot_chain(
    chain: Sequence[ArrayFunction] | Axes,
    input_range: ArrayLike | Sequence[ArrayFunction],
    ax: Axes | ArrayLike | None = None,
    length: int | None = None,
) -> Axes:
    """Plot the output of a chain of any length over ``input_range``.

    Called as ``plot_chain(chain, input_range, ax=None)``, or in the order of
    the book's companion notebook, ``plot_chain(ax, chain, input_range)``.

    Parameters
    ----------
    chain : list of callable
        One or more functions, applied first to last.
    input_range : array_like
        The 1-D grid of inputs, for example ``np.arange(-3, 3, 0.01)``.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure's Axes when omitted. When the first
        argument is an Axes, the three are read in the companion notebook's
        order ``(ax, chain, input_range)``.
    length : int, optional
        The companion notebook's ``length`` (2 or 3 there): when given, it
        must be the number of functions in ``chain``. Any length is plotted.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on, with one new line labelled like
        ``"sigmoid(square(x))"``.

    Raises
    ------
    TypeError
        If ``chain`` is not a list of callables, ``input_range`` is not
        numeric, ``ax`` is not a Matplotlib Axes, or ``length`` is not a
        whole number.
    ValueError
        If ``chain`` is empty, ``input_range`` is not 1-D, or ``length`` is not
        the length of ``chain``.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import numpy as np
    >>> from chainrule import leaky_relu, plot_chain, sigmoid, square
    >>> ax = plot_chain([square, sigmoid], np.arange(-3, 3, 0.01))
    >>> ax.get_lines()[0].get_label()
    'sigmoid(square(x))'

    The companion notebook's call, with the Axes first:

    >>> fig, ax = plt.subplots(1, 2)
    >>> chain = [leaky_relu, sigmoid, square]
    >>> plot_chain(ax[1], chain, np.arange(-3, 3, 0.01), length=3) is ax[1]
    True
    """
    functions, x, target = _arguments(chain, input_range, ax, length, "plot_chain")
    target.plot(x, chain_forward(functions, x)[-1], label=composite_name(functions))
    return _finish(target)


def plot_chain_deriv(
    chain: Sequence[ArrayFunction] | Axes,
    input_range: ArrayLike | Sequence[ArrayFunction],
    ax: Axes | ArrayLike | None = None,
    length: int | None = None,
) -> Axes:
    """Plot the derivative of a chain of any length, by :func:`chain_deriv`.

    Called as ``plot_chain_deriv(chain, input_range, ax=None)``, or in the
    order of the book's companion notebook,
    ``plot_chain_deriv(ax, chain, input_range)``.

    Parameters
    ----------
    chain : list of callable
        One or more functions, applied first to last.
    input_range : array_like
        The 1-D grid of inputs.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure's Axes when omitted. When the first
        argument is an Axes, the three are read in the companion notebook's
        order ``(ax, chain, input_range)``.
    length : int, optional
        The companion notebook's ``length``: when given, it must be the
        number of functions in ``chain``.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on, with one new dashed line labelled like
        ``"d/dx sigmoid(square(x))"``.

    Raises
    ------
    TypeError
        If ``chain`` is not a list of callables, ``input_range`` is not
        numeric, ``ax`` is not a Matplotlib Axes, or ``length`` is not a
        whole number.
    ValueError
        If ``chain`` is empty, ``input_range`` is not 1-D, or ``length`` is not
        the length of ``chain``.

    Examples
    --------
    >>> import numpy as np
    >>> from chainrule import plot_chain_deriv, sigmoid, square
    >>> ax = plot_chain_deriv([square, sigmoid], np.arange(-3, 3, 0.01))
    >>> ax.get_lines()[0].get_label()
    'd/dx sigmoid(square(x))'
    """
    functions, x, target = _arguments(
        chain, input_range, ax, length, "plot_chain_deriv"
    )
    label = f"d/dx {composite_name(functions)}"
    target.plot(x, chain_deriv(functions, x), linestyle="--", label=label)
    return _finish(target)


def _forms(where: str) -> str:
    """The two calls a plotting function takes, for an error message."""
    return (
        f"chainrule's order is {where}(chain, input_range, ax=None); the book's "
        f"companion notebook's is {where}(ax, chain, input_range, length=...)"
    )


def _axes_array_error(value: object, where: str) -> TypeError | None:
    """The error for an array of Axes, as ``plt.subplots(1, 2)`` returns."""
    if not (
        isinstance(value, np.ndarray)
        and value.dtype == object
        and value.size > 0
        and all(isinstance(item, Axes) for item in value.flat)
    ):
        return None
    shape = " x ".join(str(side) for side in value.shape)
    return TypeError(
        f"{where}: 'chain' is an array of {value.size} Axes (the {shape} panels of "
        f"plt.subplots); pass one panel, such as ax[0]: {_forms(where)}"
    )


def _arguments(
    chain: object, input_range: Any, ax: Any, length: object, where: str
) -> tuple[list[ArrayFunction], NDArray[np.float64], Axes]:
    """The chain, the grid and the Axes of a call in either order, checked."""
    panels = _axes_array_error(chain, where)
    if panels is not None:
        raise panels
    if not isinstance(chain, Axes):
        return _checked(chain, input_range, ax, length, where)
    # The companion notebook's order: (ax, chain, input_range).
    if ax is None:
        raise TypeError(
            f"{where}: called with an Axes first and no 'input_range' after the "
            f"chain: {_forms(where)}"
        )
    try:
        return _checked(input_range, ax, chain, length, where)
    except (TypeError, ValueError) as error:
        raise type(error)(
            f"{error} (the arguments were read in the companion notebook's order "
            f"{where}(ax, chain, input_range), since the first one is an Axes)"
        ) from None


def _checked(
    chain: object, input_range: ArrayLike, ax: object, length: object, where: str
) -> tuple[list[ArrayFunction], NDArray[np.float64], Axes]:
    if isinstance(input_range, Axes):
        raise TypeError(
            f"{where}: 'input_range' is a matplotlib Axes, not a grid of x values: "
            f"{_forms(where)}"
        )
    functions = check_chain(chain, where)
    _check_length(length, len(functions), where)
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
    return functions, x, ax


def _check_length(length: object, actual: int, where: str) -> None:
    """``length``, when given, is the whole number of functions in the chain."""
    if length is None:
        return
    if isinstance(length, (bool, np.bool_)) or not isinstance(
        length, (int, np.integer)
    ):
        raise TypeError(
            f"{where}: 'length' must be a whole number (the number of functions in "
            f"'chain') or None; got {describe(length)}"
        )
    if length != actual:
        raise ValueError(
            f"{where}: 'length' is {length} but 'chain' holds {actual} "
            f"function{'s' if actual != 1 else ''}; chainrule plots a chain of any "
            "length, so 'length' may be left out"
        )


def _finish(ax: Axes) -> Axes:
    ax.set_xlabel("x")
    ax.grid(True, alpha=0.3)
    ax.legend()
    return ax
