"""The chapter's box-and-arrow diagrams, drawn from live numbers.

Each function draws one of the chapter's pictures with Matplotlib alone and
returns the :class:`matplotlib.figure.Figure`:

* :func:`~chainrule.draw_function_box`: functions as boxes, with sample
  inputs and their outputs (Figure 1-2);
* :func:`~chainrule.draw_array_axes`: a 2-D array, its two axes and the sums
  along each (Figure 1-3);
* :func:`~chainrule.draw_derivative_nudge`: a derivative as a pulled string
  (Figure 1-5);
* :func:`~chainrule.draw_chain`: a chain of boxes, forward and backward,
  or collapsed into one box (Figures 1-6 to 1-8 and 1-10);
* :func:`~chainrule.draw_multiple_inputs_graph`: :math:`s = \\sigma(x + y)`
  (Figures 1-12 and 1-13);
* :func:`~chainrule.draw_matrix_graph`: :math:`X` and :math:`W` through
  :math:`\\nu`, :math:`\\sigma` and :math:`\\Lambda` (Figures 1-14, 1-17
  to 1-19 and 1-21 to 1-23).

Every number and shape in a diagram is computed by the library from the
arguments: the forward values by the forward functions, the local derivatives
by :func:`~chainrule.deriv`, the gradients by the backward functions. Numbers
are rounded to 4 decimals as the book prints them, without trailing zeros
(``0.126``, ``2.3755``, ``4``); a non-zero number that would round to 0, or
one of a million or more, is written with 4 significant digits instead
(``1e-05``, ``1.024e+06``).

Each arrow of a chain or of the two-input graph carries one value, so those
diagrams (and the nudge) take single numbers: a number, or an array holding
exactly one. A longer array raises ``ValueError``; pick the element
to draw.

The figures are made with ``matplotlib.pyplot.figure``, so notebooks and
the gallery show them; nothing calls ``plt.show()``. Close them with
``plt.close(fig)`` when drawing many. They are drawn on a white card with a
light frame, dark text, grey forward arrows and orange backward arrows, so
they read the same on light and dark page themes. The frame is drawn just
inside the figure's edge, so saving with ``bbox_inches="tight"`` (as
Jupyter and myst-nb do) keeps all four of its sides.

The figures fit a page's text column: at most 7 inches wide, with 11 pt
names in the boxes and 10 pt labels. To stay so, long labels such as
``dy/dx = 0.0446`` break before their "=", a chain too long for one row
continues on the next, joined by bent arrows, and several function boxes
wrap onto more rows. A figure that would still be wider than 7.5 inches (an
8-column array of long numbers, very long function names) is scaled down to
that width, but not below 9 pt text.

Each figure carries a one-sentence description for use as alt text:
``fig.get_label()`` returns it. The same sentence is the (hidden) title of
the figure's Axes, which is where sphinx-gallery looks for alt text.
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

from chainrule.chains import chain_deriv, chain_forward, composite_name
from chainrule.derivatives import deriv
from chainrule.functions import ArrayFunction, function_name
from chainrule.matrices import (
    matmul_backward_first,
    matmul_backward_second,
    matmul_forward,
    matrix_forward_extra,
    matrix_function_backward_1,
    matrix_function_backward_2,
    matrix_function_backward_sum_1,
    matrix_function_backward_sum_2,
    matrix_function_forward_sum,
)
from chainrule.multiple_inputs import multiple_inputs_add, multiple_inputs_add_backward
from chainrule.validation import (
    as_float_array,
    check_callable,
    check_chain,
    check_delta,
    check_matmul_shapes,
    describe,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = [
    "draw_array_axes",
    "draw_chain",
    "draw_derivative_nudge",
    "draw_function_box",
    "draw_matrix_graph",
    "draw_multiple_inputs_graph",
]

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
_MAX_SHOWN = 12  # arrays with more elements are described by their shape only
_MAX_SAMPLES = 8
_MAX_GRID = 8

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


# -- Public drawing functions ----------------------------------------------------------


def draw_function_box(
    func: ArrayFunction | Sequence[ArrayFunction], inputs: ArrayLike
) -> Figure:
    """Draw functions as boxes ("minifactories") turning inputs into outputs.

    Each function gets a panel: the sample inputs, an arrow into a box named
    after the function, and an arrow out to the outputs, computed by calling
    the function on the inputs. Several functions are drawn side by side,
    in more rows when they do not fit the page's width.

    Parameters
    ----------
    func : callable or list of callable
        One elementwise function, or a list of them (for Figure 1-2, square
        and ReLU).
    inputs : array_like
        One to eight sample inputs (a number or a 1-D array).

    Returns
    -------
    matplotlib.figure.Figure
        The diagram; ``fig.get_label()`` describes it in one sentence.

    Raises
    ------
    TypeError
        If ``func`` is not a function or a list of functions, or ``inputs`` is
        not numeric.
    ValueError
        If ``func`` is an empty list, ``inputs`` is not one to eight numbers,
        or a function does not return one output per input.

    Examples
    --------
    >>> from chainrule import draw_function_box, relu, square
    >>> fig = draw_function_box([square, relu], [-2, 1, 3])
    >>> print(fig.get_label())
    Functions as boxes: square turns the inputs -2, 1, 3 into 4, 1, 9; relu turns the inputs -2, 1, 3 into 0, 1, 3.
    """
    where = "draw_function_box"
    functions = _check_functions(func, where)
    samples = _check_samples(inputs, where)
    panels, sentences = [], []
    for one in functions:
        outputs = _outputs_of(one, samples, where)
        panels.append(_graph_items(_function_graph(one, samples, outputs)))
        sentences.append(
            f"{function_name(one)} turns the inputs {_format_list(samples)} "
            f"into {_format_list(outputs)}"
        )
    return _render(panels, "Functions as boxes: " + "; ".join(sentences) + ".")


def draw_derivative_nudge(
    func: ArrayFunction, a: ArrayLike, delta: float = 0.001
) -> Figure:
    """Draw a derivative as a string pulled through a box (Figure 1-5).

    The input ``a`` is nudged up by ``delta``; the output moves by
    ``deriv(func, a, delta)`` times ``delta``, drawn as an arrow that much
    longer or shorter (pointing down when the derivative is negative), with a
    dotted string joining the two nudges over the box.

    Parameters
    ----------
    func : callable
        An elementwise function.
    a : array_like
        The point: a number, or an array holding exactly one.
    delta : float, default 0.001
        The nudge, as given to :func:`~chainrule.deriv`.

    Returns
    -------
    matplotlib.figure.Figure
        The diagram; ``fig.get_label()`` describes it in one sentence.

    Raises
    ------
    TypeError
        If ``func`` is not callable, ``a`` is not numeric or ``delta`` is not
        a number.
    ValueError
        If ``a`` holds more than one number, or ``delta`` is not positive and
        finite.

    Examples
    --------
    >>> from chainrule import draw_derivative_nudge, square
    >>> fig = draw_derivative_nudge(square, 3.0)
    >>> print(fig.get_label())
    The derivative of square at a = 3 as a pulled string: nudging the input up by delta = 0.001 moves the output by 6 times delta.
    """
    where = "draw_derivative_nudge"
    check_callable(func, "func", where)
    point = _single_number(a, "a", where)
    step = check_delta(delta, where)
    slope = deriv(func, point, step)
    items = _nudge_items(function_name(func), point, func(point), slope, step)
    alt = (
        f"The derivative of {function_name(func)} at a = {_format_number(point)} as "
        f"a pulled string: nudging the input up by delta = {_format_number(step)} "
        f"moves the output by {_format_number(slope)} times delta."
    )
    return _render([items], alt)


def draw_chain(
    chain: Sequence[ArrayFunction],
    input_: ArrayLike,
    backward: bool = False,
    collapsed: bool = False,
) -> Figure:
    """Draw a chain of functions as boxes, with the values of a real pass.

    The values of :func:`~chainrule.chain_forward` are written on the arrows
    between the boxes (Figure 1-6). With ``backward=True``, arrows pointing
    back carry each function's derivative from :func:`~chainrule.deriv`,
    taken at that function's own input, and their product,
    :func:`~chainrule.chain_deriv`, is written at the input (Figures 1-8 and
    1-10). With ``collapsed=True`` the chain is one box named like
    :func:`~chainrule.composite_name` (Figure 1-7). A chain too long for
    one row of the page continues on the next, the arrows bending down
    from the end of one row to the start of the next, so chains of any
    length keep their boxes apart.

    Parameters
    ----------
    chain : list of callable
        One or more functions, applied first to last.
    input_ : array_like
        The input: a number, or an array holding exactly one (each arrow
        carries one value, so to draw an array, pick one of its elements).
    backward : bool, default False
        Add the backward pass.
    collapsed : bool, default False
        Draw the whole chain as a single box.

    Returns
    -------
    matplotlib.figure.Figure
        The diagram; ``fig.get_label()`` describes it in one sentence.

    Raises
    ------
    TypeError
        If ``chain`` is not a list of callables, ``input_`` is not numeric,
        or ``backward`` or ``collapsed`` is not a bool.
    ValueError
        If ``chain`` is empty or ``input_`` holds more than one number.

    Examples
    --------
    >>> from chainrule import draw_chain, sigmoid, square
    >>> fig = draw_chain([square, sigmoid], 1.0, backward=True)
    >>> print(fig.get_label())
    A chain of 2 functions, square then sigmoid: x = 1 goes in and y = 0.7311 comes out; backward arrows carry each local derivative, and their product dy/dx = 0.3932 is written at the input.
    >>> fig = draw_chain([square, sigmoid], 1.0, collapsed=True)
    >>> print(fig.get_label())
    The chain sigmoid(square(x)) drawn as one box: x = 1 goes in and y = 0.7311 comes out.
    """
    where = "draw_chain"
    functions = check_chain(chain, where)
    x = _single_number(input_, "input_", where)
    _check_flags(where, backward=backward, collapsed=collapsed)
    values = chain_forward(functions, x)
    product = chain_deriv(functions, x)
    if collapsed:
        graph = _collapsed_chain_graph(functions, values, product, backward)
        alt = f"The chain {composite_name(functions)} drawn as one box"
    else:
        graph = _chain_graph(functions, values, product, backward)
        names = " then ".join(function_name(f) for f in functions)
        alt = f"A chain of {len(functions)} functions, {names}"
    alt += (
        f": x = {_format_number(values[0])} goes in and "
        f"y = {_format_number(values[-1])} comes out"
    )
    if backward:
        alt += (
            "; backward arrows carry each local derivative, and their product "
            f"dy/dx = {_format_number(product)} is written at the input"
        )
    return _render([_graph_items(graph)], alt + ".")


def draw_multiple_inputs_graph(
    x: ArrayLike, y: ArrayLike, sigma: ArrayFunction, backward: bool = False
) -> Figure:
    """Draw the graph of :math:`s = \\sigma(x + y)` (Figures 1-12 and 1-13).

    ``x`` and ``y`` go into :math:`\\alpha` (addition), its output ``a`` into
    :math:`\\sigma`. With ``backward=True`` the backward arrows carry
    :math:`d\\sigma/du` at ``a`` and :math:`\\partial\\alpha/\\partial x`,
    :math:`\\partial\\alpha/\\partial y` (from :func:`~chainrule.deriv`), and
    the gradients of :func:`~chainrule.multiple_inputs_add_backward` are
    written at the inputs.

    Parameters
    ----------
    x, y : array_like
        The inputs: numbers, or arrays holding exactly one number each.
    sigma : callable
        An elementwise function.
    backward : bool, default False
        Add the backward pass.

    Returns
    -------
    matplotlib.figure.Figure
        The diagram; ``fig.get_label()`` describes it in one sentence.

    Raises
    ------
    TypeError
        If ``x`` or ``y`` is not numeric, ``sigma`` is not callable or
        ``backward`` is not a bool.
    ValueError
        If ``x`` or ``y`` holds more than one number.

    Examples
    --------
    >>> from chainrule import draw_multiple_inputs_graph, sigmoid
    >>> fig = draw_multiple_inputs_graph(1.0, 2.0, sigmoid, backward=True)
    >>> print(fig.get_label())
    A computational graph: x = 1 and y = 2 go into alpha (addition), a = 3 goes into sigmoid, and s = 0.9526 comes out; the backward pass gives ds/dx = 0.0452 and ds/dy = 0.0452.
    """
    where = "draw_multiple_inputs_graph"
    x_ = _single_number(x, "x", where)
    y_ = _single_number(y, "y", where)
    check_callable(sigma, "sigma", where)
    _check_flags(where, backward=backward)
    graph = _multiple_inputs_graph(x_, y_, sigma, backward)
    return _render([_graph_items(graph)], _multiple_inputs_alt(x_, y_, sigma, backward))


def draw_matrix_graph(
    X: ArrayLike,
    W: ArrayLike,
    sigma: ArrayFunction | None,
    backward: bool = False,
    collapsed: bool = False,
    with_sum: bool = True,
) -> Figure:
    """Draw :math:`X` and :math:`W` through :math:`\\nu`, :math:`\\sigma` and :math:`\\Lambda`.

    :math:`N = \\nu(X, W) = XW`, :math:`S = \\sigma(N)` and
    :math:`L = \\Lambda(S)`, the sum of :math:`S` (Figures 1-21 and 1-22).
    Each array's shape is written on its edge, with its value when it holds a
    single number. With ``backward=True`` the backward arrows carry the shapes
    of :math:`\\partial L/\\partial S` (all ones),
    :math:`\\partial S/\\partial N` and :math:`\\partial N/\\partial X = W^T`,
    and the gradients from :func:`~chainrule.matrix_function_backward_sum_1`
    and :func:`~chainrule.matrix_function_backward_sum_2` are written at the
    inputs, over :math:`X` and under :math:`W`, with their values when they
    have at most 12 elements.

    ``with_sum=False`` stops at :math:`S` (Figures 1-18 and 1-19, with
    :func:`~chainrule.matrix_forward_extra` and
    :func:`~chainrule.matrix_function_backward_1`); ``sigma=None`` as well
    stops at :math:`N` (Figures 1-14 and 1-17). ``collapsed=True`` draws the
    whole function as one box named by its letters, "WNSL" (Figure 1-23).

    Parameters
    ----------
    X, W : array_like
        2-D arrays with ``X.shape[1] == W.shape[0]``.
    sigma : callable or None
        An elementwise function, or None for the bare product (only with
        ``with_sum=False``).
    backward : bool, default False
        Add the backward pass. Without the sum, the output must be a single
        number: ``X`` one row and ``W`` one column.
    collapsed : bool, default False
        Draw the whole function as a single box.
    with_sum : bool, default True
        End with :math:`\\Lambda`, the sum.

    Returns
    -------
    matplotlib.figure.Figure
        The diagram; ``fig.get_label()`` describes it in one sentence.

    Raises
    ------
    TypeError
        If ``X`` or ``W`` is not numeric, ``sigma`` is neither callable nor
        None, or a flag is not a bool.
    ValueError
        If ``X`` or ``W`` is not 2-D, ``X.shape[1] != W.shape[0]`` (the
        message gives both shapes), ``sigma`` is None with ``with_sum=True``,
        or ``backward=True`` and ``with_sum=False`` with more than one output.

    Examples
    --------
    >>> import numpy as np
    >>> from chainrule import draw_matrix_graph, sigmoid
    >>> np.random.seed(190204)
    >>> X = np.random.randn(3, 3)
    >>> W = np.random.randn(3, 2)
    >>> fig = draw_matrix_graph(X, W, sigmoid, backward=True)
    >>> print(fig.get_label())
    A computational graph: X (3, 3) and W (3, 2) go into nu (matrix product), N (3, 2) into sigmoid, S (3, 2) into Lambda (sum), and L = 2.3755 comes out; the backward pass gives dL/dX (3, 3), top-left 0.2489.
    """
    where = "draw_matrix_graph"
    X_ = as_float_array(X, "X", where)
    W_ = as_float_array(W, "W", where)
    check_matmul_shapes(X_, W_, where)
    if sigma is not None:
        check_callable(sigma, "sigma", where)
    _check_flags(where, backward=backward, collapsed=collapsed, with_sum=with_sum)
    _check_matrix_options(X_, W_, sigma, backward, with_sum, where)
    stages = _matrix_stages(X_, W_, sigma, with_sum)
    gradients = _matrix_gradients(X_, W_, sigma, with_sum)
    graph = _matrix_graph(X_, W_, stages, gradients, backward, collapsed)
    alt = _matrix_alt(X_, W_, stages, gradients, backward, collapsed)
    return _render([_graph_items(graph)], alt)


def draw_array_axes(array: ArrayLike) -> Figure:
    """Draw a 2-D array as a grid, with its two axes and the sums along them.

    An arrow down the rows marks ``axis=0``, with ``array.sum(axis=0)``
    written under the columns; an arrow across the columns marks ``axis=1``,
    with ``array.sum(axis=1)`` written beside the rows (Figure 1-3).

    Parameters
    ----------
    array : array_like
        A 2-D array of at most 8 rows and 8 columns.

    Returns
    -------
    matplotlib.figure.Figure
        The diagram; ``fig.get_label()`` describes it in one sentence.

    Raises
    ------
    TypeError
        If ``array`` is not numeric.
    ValueError
        If ``array`` is not 2-D, is empty, or has more than 8 rows or columns.

    Examples
    --------
    >>> from chainrule import draw_array_axes
    >>> fig = draw_array_axes([[1, 2], [3, 4]])
    >>> print(fig.get_label())
    A 2 by 2 array drawn as a grid. Axis 0 runs down the rows; summing along it gives [4 6]. Axis 1 runs across the columns; summing along it gives [3 7].
    """
    where = "draw_array_axes"
    grid = as_float_array(array, "array", where)
    if grid.ndim != 2 or grid.size == 0 or max(grid.shape) > _MAX_GRID:
        raise ValueError(
            f"{where}: 'array' must be 2-D with 1 to {_MAX_GRID} rows and columns; "
            f"got array.shape={grid.shape}"
        )
    down, across = np.sum(grid, axis=0), np.sum(grid, axis=1)
    alt = (
        f"A {grid.shape[0]} by {grid.shape[1]} array drawn as a grid. Axis 0 runs "
        f"down the rows; summing along it gives {_format_vector(down)}. Axis 1 runs "
        f"across the columns; summing along it gives {_format_vector(across)}."
    )
    return _render([_array_items(grid, down, across)], alt)


# -- Checks ----------------------------------------------------------------------------


def _check_functions(
    func: ArrayFunction | Sequence[ArrayFunction], where: str
) -> list[ArrayFunction]:
    if callable(func):
        return [func]
    if not isinstance(func, Sequence) or isinstance(func, (str, bytes)):
        raise TypeError(
            f"{where}: 'func' must be a function or a list of functions; "
            f"got {describe(func)}"
        )
    if not func:
        raise ValueError(f"{where}: 'func' must hold at least one function; got 0")
    for index, one in enumerate(func):
        check_callable(one, f"func[{index}]", where)
    return list(func)


def _check_samples(inputs: ArrayLike, where: str) -> ndarray:
    samples = as_float_array(inputs, "inputs", where)
    if samples.ndim > 1 or not 1 <= samples.size <= _MAX_SAMPLES:
        raise ValueError(
            f"{where}: 'inputs' must be 1 to {_MAX_SAMPLES} numbers in a 1-D array; "
            f"got inputs.shape={samples.shape}"
        )
    return samples.reshape(-1)


def _outputs_of(func: ArrayFunction, samples: ndarray, where: str) -> ndarray:
    outputs = as_float_array(func(samples), f"{function_name(func)}(inputs)", where)
    if outputs.shape != samples.shape:
        raise ValueError(
            f"{where}: {function_name(func)} must return one output per input; "
            f"got shape {outputs.shape} for inputs of shape {samples.shape}"
        )
    return outputs


def _single_number(value: ArrayLike, name: str, where: str) -> ndarray:
    array = as_float_array(value, name, where)
    if array.size != 1:
        raise ValueError(
            f"{where}: {name!r} must be a single number, since each arrow of the "
            f"diagram carries one value; got {name}.shape={array.shape} "
            "(to draw an array, pick one of its elements)"
        )
    return array.reshape(())


def _check_flags(where: str, **flags: object) -> None:
    for name, value in flags.items():
        if not isinstance(value, (bool, np.bool_)):
            raise TypeError(
                f"{where}: {name!r} must be True or False; got {describe(value)}"
            )


def _check_matrix_options(
    X: ndarray,
    W: ndarray,
    sigma: ArrayFunction | None,
    backward: bool,
    with_sum: bool,
    where: str,
) -> None:
    if sigma is None and with_sum:
        raise ValueError(
            f"{where}: 'sigma' is None, which draws the bare product N = XW; "
            "pass with_sum=False with it, or give a function to sum after"
        )
    if backward and not with_sum and (X.shape[0] != 1 or W.shape[1] != 1):
        raise ValueError(
            f"{where}: without the sum, the backward pass needs a single output, "
            f"so 'X' must be one row and 'W' one column; got X.shape={X.shape} and "
            f"W.shape={W.shape}. Pass with_sum=True for the gradient of the sum."
        )


# -- Number formatting -----------------------------------------------------------------


def _format_number(value: ArrayLike) -> str:
    number = float(np.asarray(value).item())
    rounded = round(number, _DECIMALS) + 0.0  # + 0.0 turns -0.0 into 0.0
    if (rounded == 0.0 and number != 0.0) or abs(rounded) >= 1e6:
        return f"{number:.4g}"
    return np.format_float_positional(rounded, precision=_DECIMALS, trim="-")


def _format_list(values: ndarray) -> str:
    return ", ".join(_format_number(v) for v in values)


def _format_vector(values: ndarray) -> str:
    return "[" + " ".join(_format_number(v) for v in values) + "]"


def _format_matrix(matrix: ndarray) -> str:
    """Rows of right-aligned columns, for a monospaced font."""
    cells = [[_format_number(v) for v in row] for row in np.atleast_2d(matrix)]
    widths = [max(len(row[j]) for row in cells) for j in range(len(cells[0]))]
    return "\n".join(
        "  ".join(cell.rjust(width) for cell, width in zip(row, widths, strict=True))
        for row in cells
    )


def _array_label(name: str, array: ndarray) -> str:
    """``"N (3, 2)"``; with the value for one element, or the value all share."""
    if array.ndim == 0:
        return f"{name} = {_format_number(array)}"
    label = f"{name} {array.shape}"
    if array.size == 1:
        return f"{label} = {_format_number(array)}"
    if np.all(array == array.flat[0]):
        return f"{label}, all {_format_number(array.flat[0])}"
    return label


def _gradient_block(name: str, gradient: ndarray) -> str:
    if gradient.size > _MAX_SHOWN:
        return f"{name} {gradient.shape}"
    return f"{name} {gradient.shape}\n{_format_matrix(gradient)}"


# -- Graphs: sources and boxes joined by labelled edges --------------------------------


@dataclass(frozen=True)
class _Edge:
    forward: str = ""
    backward: str = ""


@dataclass(frozen=True)
class _Source:
    """An input at the left end of a graph; ``name`` and ``gradient`` sit left of its edge."""

    edge: _Edge
    name: str = ""
    gradient: str = ""


@dataclass(frozen=True)
class _Graph:
    sources: tuple[_Source, ...]  # one, or two entering the first box side by side
    boxes: tuple[str, ...]
    edges: tuple[_Edge, ...]  # edges[i] leaves boxes[i]; the last one is the output
    backward: bool
    captions: tuple[str, ...] = ()  # written over the boxes
    output: str = ""  # written right of the last edge
    gradients_outside: bool = False  # over the top source and under the bottom one


def _function_graph(func: ArrayFunction, samples: ndarray, outputs: ndarray) -> _Graph:
    return _Graph(
        sources=(_Source(_Edge("in"), name=_column(samples)),),
        boxes=(function_name(func),),
        edges=(_Edge("out"),),
        backward=False,
        output=_column(outputs),
    )


def _column(values: ndarray) -> str:
    return "\n".join(_format_number(v) for v in values)


def _slope_label(index: int, slope: ndarray) -> str:
    return f"$df_{{{index}}}/du$ = {_format_number(slope)}"


def _chain_graph(
    functions: list[ArrayFunction],
    values: list[ndarray],
    product: ndarray,
    backward: bool,
) -> _Graph:
    # Function i+1 takes values[i] in: its derivative goes on that arrow.
    slopes = [
        deriv(func, value) for func, value in zip(functions, values, strict=False)
    ]
    backward_labels = [_slope_label(i + 1, s) for i, s in enumerate(slopes)] + [""]
    forward_labels = [_format_number(v) for v in values]
    forward_labels[0] = f"x = {forward_labels[0]}"
    forward_labels[-1] = f"y = {forward_labels[-1]}"
    edges = [_Edge(f, b) for f, b in zip(forward_labels, backward_labels, strict=True)]
    return _Graph(
        sources=(_Source(edges[0], gradient=_product_label(product)),),
        boxes=tuple(function_name(func) for func in functions),
        edges=tuple(edges[1:]),
        backward=backward,
        captions=tuple(f"$f_{{{i}}}$" for i in range(1, len(functions) + 1)),
    )


def _collapsed_chain_graph(
    functions: list[ArrayFunction],
    values: list[ndarray],
    product: ndarray,
    backward: bool,
) -> _Graph:
    return _Graph(
        sources=(
            _Source(
                _Edge(f"x = {_format_number(values[0])}"),
                gradient=_product_label(product),
            ),
        ),
        boxes=(composite_name(functions),),
        edges=(_Edge(f"y = {_format_number(values[-1])}"),),
        backward=backward,
    )


def _product_label(product: ndarray) -> str:
    return f"$dy/dx$ = {_format_number(product)}"


def _multiple_inputs_graph(
    x: ndarray, y: ndarray, sigma: ArrayFunction, backward: bool
) -> _Graph:
    a = x + y
    dsdx, dsdy = multiple_inputs_add_backward(x, y, sigma)
    return _Graph(
        sources=(
            _addend("x", x, deriv(lambda u: u + y, x), dsdx),
            _addend("y", y, deriv(lambda v: x + v, y), dsdy),
        ),
        boxes=(r"$\alpha$: add", rf"$\sigma$: {function_name(sigma)}"),
        edges=(
            _Edge(
                f"a = {_format_number(a)}",
                rf"$d\sigma/du$ = {_format_number(deriv(sigma, a))}",
            ),
            _Edge(f"s = {_format_number(multiple_inputs_add(x, y, sigma))}"),
        ),
        backward=backward,
    )


def _addend(name: str, value: ndarray, slope: ndarray, gradient: ndarray) -> _Source:
    """An input of the addition, with dalpha/d(input) and ds/d(input)."""
    return _Source(
        _Edge(
            f"{name} = {_format_number(value)}",
            rf"$\partial\alpha/\partial {name}$ = {_format_number(slope)}",
        ),
        gradient=rf"$\partial s/\partial {name}$ = {_format_number(gradient)}",
    )


def _multiple_inputs_alt(
    x: ndarray, y: ndarray, sigma: ArrayFunction, backward: bool
) -> str:
    alt = (
        f"A computational graph: x = {_format_number(x)} and "
        f"y = {_format_number(y)} go into alpha (addition), "
        f"a = {_format_number(x + y)} goes into {function_name(sigma)}, "
        f"and s = {_format_number(multiple_inputs_add(x, y, sigma))} comes out"
    )
    if backward:
        dsdx, dsdy = multiple_inputs_add_backward(x, y, sigma)
        alt += (
            f"; the backward pass gives ds/dx = {_format_number(dsdx)} "
            f"and ds/dy = {_format_number(dsdy)}"
        )
    return alt + "."


@dataclass(frozen=True)
class _Stage:
    """One box after the product: its symbol, label, output and local derivative."""

    symbol: str  # as in the composite formula, e.g. r"\sigma"
    box: str
    plain: str  # the box in words, for the alt text
    output_name: str
    output: ndarray
    slope_label: str  # on the backward arrow entering the box


def _matrix_stages(
    X: ndarray, W: ndarray, sigma: ArrayFunction | None, with_sum: bool
) -> list[_Stage]:
    N = matmul_forward(X, W)
    stages = [_Stage(r"\nu", r"$\nu$: matmul", "nu (matrix product)", "N", N, "")]
    if sigma is not None:
        S = matrix_forward_extra(X, W, sigma)
        dSdN = deriv(sigma, N)
        stages.append(
            _Stage(
                r"\sigma",
                rf"$\sigma$: {function_name(sigma)}",
                function_name(sigma),
                "S",
                S,
                _array_label(r"$\partial S/\partial N$", dSdN),
            )
        )
    if with_sum and sigma is not None:
        L = np.asarray(matrix_function_forward_sum(X, W, sigma))
        dLdS = np.ones_like(stages[-1].output)  # a sum grows one for one with each term
        stages.append(
            _Stage(
                r"\Lambda",
                r"$\Lambda$: sum",
                "Lambda (sum)",
                "L",
                L,
                _array_label(r"$\partial L/\partial S$", dLdS),
            )
        )
    return stages


def _matrix_gradients(
    X: ndarray, W: ndarray, sigma: ArrayFunction | None, with_sum: bool
) -> tuple[tuple[str, ndarray], tuple[str, ndarray]]:
    """The names and values of the output's gradients with respect to X and W."""
    if sigma is None:
        return (
            ("dN/dX", matmul_backward_first(X, W)),
            ("dN/dW", matmul_backward_second(X, W)),
        )
    if not with_sum:
        return (
            ("dS/dX", matrix_function_backward_1(X, W, sigma)),
            ("dS/dW", matrix_function_backward_2(X, W, sigma)),
        )
    return (
        ("dL/dX", matrix_function_backward_sum_1(X, W, sigma)),
        ("dL/dW", matrix_function_backward_sum_2(X, W, sigma)),
    )


def _matrix_graph(
    X: ndarray,
    W: ndarray,
    stages: list[_Stage],
    gradients: tuple[tuple[str, ndarray], tuple[str, ndarray]],
    backward: bool,
    collapsed: bool,
) -> _Graph:
    (x_name, dX), (w_name, dW) = gradients
    x_slope = _array_label(
        r"$\partial N/\partial X$ = $W^T$", matmul_backward_first(X, W)
    )
    w_slope = _array_label(
        r"$\partial N/\partial W$ = $X^T$", matmul_backward_second(X, W)
    )
    if collapsed:
        x_slope = w_slope = ""
    sources = (
        _Source(
            _Edge(_array_label("X", X), x_slope),
            gradient=_gradient_block(_math_name(x_name), dX),
        ),
        _Source(
            _Edge(_array_label("W", W), w_slope),
            gradient=_gradient_block(_math_name(w_name), dW),
        ),
    )
    outputs = [_array_label(stage.output_name, stage.output) for stage in stages]
    if collapsed:
        return _Graph(
            sources=sources,
            boxes=(_letters(stages),),
            edges=(_Edge(outputs[-1]),),
            backward=backward,
            captions=(_composite_formula(stages),),
            gradients_outside=True,
        )
    slopes = [stage.slope_label for stage in stages[1:]] + [""]
    return _Graph(
        sources=sources,
        boxes=tuple(stage.box for stage in stages),
        edges=tuple(_Edge(f, b) for f, b in zip(outputs, slopes, strict=True)),
        backward=backward,
        gradients_outside=True,
    )


def _math_name(name: str) -> str:
    """``"dL/dX"`` written as partial derivatives in mathtext."""
    top, bottom = name[1:].split("/d")
    return rf"$\partial {top}/\partial {bottom}$"


def _letters(stages: list[_Stage]) -> str:
    """The book's name for the collapsed graph: W, then each output, "WNSL"."""
    return "W" + "".join(stage.output_name for stage in stages)


def _composite_formula(stages: list[_Stage]) -> str:
    formula = "X, W"
    for stage in stages:
        formula = f"{stage.symbol}({formula})"
    return f"${stages[-1].output_name} = {formula}$"


def _matrix_alt(
    X: ndarray,
    W: ndarray,
    stages: list[_Stage],
    gradients: tuple[tuple[str, ndarray], tuple[str, ndarray]],
    backward: bool,
    collapsed: bool,
) -> str:
    inputs = f"X {X.shape} and W {W.shape}"
    output = _array_label(stages[-1].output_name, stages[-1].output)
    if collapsed:
        alt = f"One function, {_letters(stages)}: {inputs} go in and {output} comes out"
    else:
        steps = [f"{inputs} go into {stages[0].plain}"]
        steps += [
            f"{_array_label(before.output_name, before.output)} into {stage.plain}"
            for before, stage in itertools.pairwise(stages)
        ]
        alt = f"A computational graph: {', '.join(steps)}, and {output} comes out"
    if backward:
        name, gradient = gradients[0]
        alt += (
            f"; the backward pass gives {name} {gradient.shape}, "
            f"top-left {_format_number(gradient.flat[0])}"
        )
    return alt + "."


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


def _graph_items(graph: _Graph) -> list[_Item]:
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


def _wrapped(graph: _Graph) -> _Graph:
    """The graph with its long "name = value" labels broken before the "="."""

    def edge(e: _Edge) -> _Edge:
        return _Edge(_wrap(e.forward), _wrap(e.backward))

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


def _layout(graph: _Graph, rows: int) -> list[_Item]:
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


def _start(graph: _Graph) -> _Start:
    if len(graph.sources) == 1:
        return _one_source_start(graph.sources[0], graph.backward)
    return _two_source_start(graph)


def _one_source_start(source: _Source, backward: bool) -> _Start:
    left = _left_width(source, backward)
    items = _source_texts(source, left, 0.0, backward)
    edge_items, entry, limit = _edge_items(
        source.edge, left + _GAP, left + _GAP, backward, False
    )
    return _Start(items + edge_items, entry, limit, 0.0, left + _GAP)


def _two_source_start(graph: _Graph) -> _Start:
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


def _outside_gradients(
    graph: _Graph, start: _Start, placed: list[_Item]
) -> list[_Item]:
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


def _left_width(source: _Source, gradient: bool) -> float:
    """Room for the source's name, and for its gradient when drawn beside it."""
    return max(
        _label_size(source.name)[0],
        _gradient_size(source.gradient if gradient else "")[0],
    )


def _source_edge_width(edge: _Edge, backward: bool) -> float:
    labels = [edge.forward, edge.backward] if backward else [edge.forward]
    return max(_MIN_EDGE, *(_label_size(label)[0] + 2 * _EDGE_PAD for label in labels))


def _source_rows(graph: _Graph) -> list[float]:
    """Heights of two sources' arrows: one above and one below 0."""
    top, bottom = graph.sources
    inline = not graph.gradients_outside
    _, below = _row_reach(top, graph.backward, inline)
    above, _ = _row_reach(bottom, graph.backward, inline)
    half = max(_BOX_HEIGHT / 2, (below + above + _ROW_GAP) / 2)
    return [half, -half]


def _row_reach(source: _Source, backward: bool, inline: bool) -> tuple[float, float]:
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


def _source_texts(
    source: _Source, left: float, y: float, gradient: bool
) -> list[_Item]:
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
    edge: _Edge, start: float, end: float, y: float, backward: bool
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
    edge: _Edge, start: float, limit: float, backward: bool, continues: bool
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


def _nudge_items(
    name: str, a: ndarray, output: ndarray, slope: ndarray, delta: float
) -> list[_Item]:
    nudge_in = f"+{_DELTA}\n({_DELTA} = {_format_number(delta)})"
    nudge_out = f"{_format_number(slope)} {_TIMES} {_DELTA}"
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
            f"multiplier: $df/du\\,(a)$ = {_format_number(slope)}",
            va="top",
            color=_BACKWARD,
        ),
        _Arrow((start, 0.0), (0.0, 0.0)),
        _Arrow((box.width, 0.0), (end, 0.0)),
        _Text(start - _GAP, 0.0, f"a = {_format_number(a)}", ha="right"),
        _Text(end + _GAP, 0.0, f"f(a) = {_format_number(output)}", ha="left"),
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


def _array_items(grid: ndarray, down: ndarray, across: ndarray) -> list[_Item]:
    texts = [_format_number(v) for v in grid.flat]
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
        _Text(x, bottom - rail, _format_number(v), color=_BACKWARD)
        for x, v in zip(column_x, down, strict=True)
    ]
    items += [
        _Text(sums, y, _format_number(v), ha="left", color=_BACKWARD)
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


def _render(panels: Sequence[list[_Item]], alt: str) -> Figure:
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
