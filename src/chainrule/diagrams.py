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

Every number and shape in a diagram comes from one forward and backward pass
over the arguments, taken step by step as the library's functions take them:
the local derivatives by :func:`~chainrule.deriv`, the gradients as the
backward functions compute them. Each value is computed once. Numbers
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

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure
from numpy import ndarray
from numpy.typing import ArrayLike

from chainrule._drawing import (
    Edge,
    Graph,
    Source,
    array_items,
    format_number,
    graph_items,
    nudge_items,
    render,
)
from chainrule.chains import chain_forward, composite_name
from chainrule.derivatives import deriv
from chainrule.functions import ArrayFunction, function_name
from chainrule.validation import (
    as_float_array,
    check_callable,
    check_chain,
    check_delta,
    check_matmul_shapes,
    describe,
)

__all__ = [
    "draw_array_axes",
    "draw_chain",
    "draw_derivative_nudge",
    "draw_function_box",
    "draw_matrix_graph",
    "draw_multiple_inputs_graph",
]
_MAX_SHOWN = 12  # arrays with more elements are described by their shape only
_MAX_SAMPLES = 8
_MAX_GRID = 8


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
        panels.append(graph_items(_function_graph(one, samples, outputs)))
        sentences.append(
            f"{function_name(one)} turns the inputs {_format_list(samples)} "
            f"into {_format_list(outputs)}"
        )
    return render(panels, "Functions as boxes: " + "; ".join(sentences) + ".")


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
    items = nudge_items(function_name(func), point, func(point), slope, step)
    alt = (
        f"The derivative of {function_name(func)} at a = {format_number(point)} as "
        f"a pulled string: nudging the input up by delta = {format_number(step)} "
        f"moves the output by {format_number(slope)} times delta."
    )
    return render([items], alt)


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
    # one forward and backward pass, as chain_deriv runs it: function i takes
    # values[i] in, and its derivative there goes on that arrow
    values = chain_forward(functions, x)
    slopes = [deriv(f, v) for f, v in zip(functions, values, strict=False)]
    product = np.ones_like(x)
    for slope in reversed(slopes):
        product = product * slope
    if collapsed:
        graph = _collapsed_chain_graph(functions, values, product, backward)
        alt = f"The chain {composite_name(functions)} drawn as one box"
    else:
        graph = _chain_graph(functions, values, slopes, product, backward)
        names = " then ".join(function_name(f) for f in functions)
        alt = f"A chain of {len(functions)} functions, {names}"
    alt += (
        f": x = {format_number(values[0])} goes in and "
        f"y = {format_number(values[-1])} comes out"
    )
    if backward:
        alt += (
            "; backward arrows carry each local derivative, and their product "
            f"dy/dx = {format_number(product)} is written at the input"
        )
    return render([graph_items(graph)], alt + ".")


def draw_multiple_inputs_graph(
    x: ArrayLike, y: ArrayLike, sigma: ArrayFunction, backward: bool = False
) -> Figure:
    """Draw the graph of :math:`s = \\sigma(x + y)` (Figures 1-12 and 1-13).

    ``x`` and ``y`` go into :math:`\\alpha` (addition), its output ``a`` into
    :math:`\\sigma`. With ``backward=True`` the backward arrows carry
    :math:`d\\sigma/du` at ``a`` (from :func:`~chainrule.deriv`) and
    :math:`\\partial\\alpha/\\partial x = \\partial\\alpha/\\partial y = 1`,
    and the gradients, as :func:`~chainrule.multiple_inputs_add_backward`
    computes them, are written at the inputs.

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
    run = _add_pass(x_, y_, sigma)
    graph = _multiple_inputs_graph(run, sigma, backward)
    return render([graph_items(graph)], _multiple_inputs_alt(run, sigma, backward))


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
    and the gradients, as :func:`~chainrule.matrix_function_backward_sum_1`
    and :func:`~chainrule.matrix_function_backward_sum_2` compute them, are
    written at the inputs, over :math:`X` and under :math:`W`, with their values when they
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
    run = _matrix_pass(X_, W_, sigma, with_sum)
    graph = _matrix_graph(X_, W_, run, backward, collapsed)
    alt = _matrix_alt(X_, W_, run.stages, run.gradients, backward, collapsed)
    return render([graph_items(graph)], alt)


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
    return render([array_items(grid, down, across)], alt)


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
    return check_chain(func, where, name="func")


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


def _format_list(values: ndarray) -> str:
    return ", ".join(format_number(v) for v in values)


def _format_vector(values: ndarray) -> str:
    return "[" + " ".join(format_number(v) for v in values) + "]"


def _format_matrix(matrix: ndarray) -> str:
    """Rows of right-aligned columns, for a monospaced font."""
    cells = [[format_number(v) for v in row] for row in np.atleast_2d(matrix)]
    widths = [max(len(row[j]) for row in cells) for j in range(len(cells[0]))]
    return "\n".join(
        "  ".join(cell.rjust(width) for cell, width in zip(row, widths, strict=True))
        for row in cells
    )


def _array_label(name: str, array: ndarray) -> str:
    """``"N (3, 2)"``; with the value for one element, or the value all share."""
    if array.ndim == 0:
        return f"{name} = {format_number(array)}"
    label = f"{name} {array.shape}"
    if array.size == 1:
        return f"{label} = {format_number(array)}"
    if np.all(array == array.flat[0]):
        return f"{label}, all {format_number(array.flat[0])}"
    return label


def _gradient_block(name: str, gradient: ndarray) -> str:
    if gradient.size > _MAX_SHOWN:
        return f"{name} {gradient.shape}"
    return f"{name} {gradient.shape}\n{_format_matrix(gradient)}"


def _function_graph(func: ArrayFunction, samples: ndarray, outputs: ndarray) -> Graph:
    return Graph(
        sources=(Source(Edge("in"), name=_column(samples)),),
        boxes=(function_name(func),),
        edges=(Edge("out"),),
        backward=False,
        output=_column(outputs),
    )


def _column(values: ndarray) -> str:
    return "\n".join(format_number(v) for v in values)


def _slope_label(index: int, slope: ndarray) -> str:
    return f"$df_{{{index}}}/du$ = {format_number(slope)}"


def _chain_graph(
    functions: list[ArrayFunction],
    values: list[ndarray],
    slopes: list[ndarray],
    product: ndarray,
    backward: bool,
) -> Graph:
    backward_labels = [_slope_label(i + 1, s) for i, s in enumerate(slopes)] + [""]
    forward_labels = [format_number(v) for v in values]
    forward_labels[0] = f"x = {forward_labels[0]}"
    forward_labels[-1] = f"y = {forward_labels[-1]}"
    edges = [Edge(f, b) for f, b in zip(forward_labels, backward_labels, strict=True)]
    return Graph(
        sources=(Source(edges[0], gradient=_product_label(product)),),
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
) -> Graph:
    return Graph(
        sources=(
            Source(
                Edge(f"x = {format_number(values[0])}"),
                gradient=_product_label(product),
            ),
        ),
        boxes=(composite_name(functions),),
        edges=(Edge(f"y = {format_number(values[-1])}"),),
        backward=backward,
    )


def _product_label(product: ndarray) -> str:
    return f"$dy/dx$ = {format_number(product)}"


@dataclass(frozen=True)
class _AddPass:
    """Every value of one forward and backward pass through s = sigma(x + y)."""

    x: ndarray
    y: ndarray
    a: ndarray
    s: ndarray
    dsda: ndarray
    dadx: float
    dady: float
    dsdx: ndarray
    dsdy: ndarray


def _add_pass(x: ndarray, y: ndarray, sigma: ArrayFunction) -> _AddPass:
    """The steps of multiple_inputs_add and multiple_inputs_add_backward, once."""
    a = x + y
    s = sigma(a)
    dsda = deriv(sigma, a)
    dadx, dady = 1.0, 1.0  # a grows one for one with x, and with y
    return _AddPass(x, y, a, s, dsda, dadx, dady, dsda * dadx, dsda * dady)


def _multiple_inputs_graph(
    run: _AddPass, sigma: ArrayFunction, backward: bool
) -> Graph:
    return Graph(
        sources=(
            _addend("x", run.x, run.dadx, run.dsdx),
            _addend("y", run.y, run.dady, run.dsdy),
        ),
        boxes=(r"$\alpha$: add", rf"$\sigma$: {function_name(sigma)}"),
        edges=(
            Edge(
                f"a = {format_number(run.a)}",
                rf"$d\sigma/du$ = {format_number(run.dsda)}",
            ),
            Edge(f"s = {format_number(run.s)}"),
        ),
        backward=backward,
    )


def _addend(name: str, value: ndarray, slope: float, gradient: ndarray) -> Source:
    """An input of the addition, with dalpha/d(input) and ds/d(input)."""
    return Source(
        Edge(
            f"{name} = {format_number(value)}",
            rf"$\partial\alpha/\partial {name}$ = {format_number(slope)}",
        ),
        gradient=rf"$\partial s/\partial {name}$ = {format_number(gradient)}",
    )


def _multiple_inputs_alt(run: _AddPass, sigma: ArrayFunction, backward: bool) -> str:
    alt = (
        f"A computational graph: x = {format_number(run.x)} and "
        f"y = {format_number(run.y)} go into alpha (addition), "
        f"a = {format_number(run.a)} goes into {function_name(sigma)}, "
        f"and s = {format_number(run.s)} comes out"
    )
    if backward:
        alt += (
            f"; the backward pass gives ds/dx = {format_number(run.dsdx)} "
            f"and ds/dy = {format_number(run.dsdy)}"
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


@dataclass(frozen=True)
class _MatrixPass:
    """Every value of one forward and backward pass through the matrix graph."""

    stages: list[_Stage]
    dNdX: ndarray
    dNdW: ndarray
    gradients: tuple[tuple[str, ndarray], tuple[str, ndarray]]  # names and values


def _matrix_pass(
    X: ndarray, W: ndarray, sigma: ArrayFunction | None, with_sum: bool
) -> _MatrixPass:
    """The steps of the chapter's matrix functions, forward then backward, once."""
    N = np.dot(X, W)
    dNdX = np.transpose(W, (1, 0))
    dNdW = np.transpose(X, (1, 0))
    stages = [_Stage(r"\nu", r"$\nu$: matmul", "nu (matrix product)", "N", N, "")]
    if sigma is None:
        return _MatrixPass(stages, dNdX, dNdW, (("dN/dX", dNdX), ("dN/dW", dNdW)))
    S = sigma(N)
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
    if not with_sum:
        dSdX, dSdW = np.dot(dSdN, dNdX), np.dot(dNdW, dSdN)
        return _MatrixPass(stages, dNdX, dNdW, (("dS/dX", dSdX), ("dS/dW", dSdW)))
    L = np.sum(S)
    dLdS = np.ones_like(S)  # a sum grows one for one with each term
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
    dLdN = dLdS * dSdN
    dLdX, dLdW = np.dot(dLdN, dNdX), np.dot(dNdW, dLdN)
    return _MatrixPass(stages, dNdX, dNdW, (("dL/dX", dLdX), ("dL/dW", dLdW)))


def _matrix_graph(
    X: ndarray, W: ndarray, run: _MatrixPass, backward: bool, collapsed: bool
) -> Graph:
    stages = run.stages
    (x_name, dX), (w_name, dW) = run.gradients
    x_slope = _array_label(r"$\partial N/\partial X$ = $W^T$", run.dNdX)
    w_slope = _array_label(r"$\partial N/\partial W$ = $X^T$", run.dNdW)
    if collapsed:
        x_slope = w_slope = ""
    sources = (
        Source(
            Edge(_array_label("X", X), x_slope),
            gradient=_gradient_block(_math_name(x_name), dX),
        ),
        Source(
            Edge(_array_label("W", W), w_slope),
            gradient=_gradient_block(_math_name(w_name), dW),
        ),
    )
    outputs = [_array_label(stage.output_name, stage.output) for stage in stages]
    if collapsed:
        return Graph(
            sources=sources,
            boxes=(_letters(stages),),
            edges=(Edge(outputs[-1]),),
            backward=backward,
            captions=(_composite_formula(stages),),
            gradients_outside=True,
        )
    slopes = [stage.slope_label for stage in stages[1:]] + [""]
    return Graph(
        sources=sources,
        boxes=tuple(stage.box for stage in stages),
        edges=tuple(Edge(f, b) for f, b in zip(outputs, slopes, strict=True)),
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
            f"top-left {format_number(gradient.flat[0])}"
        )
    return alt + "."
