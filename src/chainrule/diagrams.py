"""The chapter's diagrams, drawn from live numbers, and descriptions of data plots.

Each ``draw_*`` function takes every number from one forward and backward pass,
as the library's functions take it, and returns a ``matplotlib.pyplot`` figure
whose ``fig.get_label()`` describes it, for alt text. Numbers have 4 decimals
with trailing zeros (``0.1260``), whole numbers none; forward arrows are solid
blue, backward ones dashed orange. Wrong arguments raise TypeError or ValueError.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from numpy import ndarray
from numpy.typing import ArrayLike

from chainrule import _drawing as d
from chainrule import validation
from chainrule._drawing import Edge, Graph, Sketch, flow, graph, matrix, measure, number
from chainrule.chains import chain_forward, composite_name
from chainrule.derivatives import deriv
from chainrule.functions import ArrayFunction, function_name
from chainrule.validation import as_float_array, check_callable, check_chain, describe

_MAX_SHOWN = 12  # a matrix with more elements is given by its shape only
Run = dict[str, ndarray]
NUMBER = re.compile(r"-?\d[\d.e+-]*")
Functions = ArrayFunction | Sequence[ArrayFunction]


def draw_function_box(func: Functions, inputs: ArrayLike) -> Figure:
    """Draw functions as boxes turning sample inputs into outputs (Figure 1-2).

    Parameters
    ----------
    func : callable or list of callable
        One elementwise function, or several, drawn side by side.
    inputs : array_like
        One to eight sample inputs.

    Examples
    --------
    >>> from chainrule import draw_function_box, relu, square
    >>> print(draw_function_box([square, relu], [-2, 1, 3]).get_label())
    Functions as boxes: square turns the inputs -2, 1, 3 into 4, 1, 9; relu turns the inputs -2, 1, 3 into 0, 1, 3.
    """
    where = "draw_function_box"
    functions = [func] if callable(func) else check_chain(func, where, name="func")
    samples = as_float_array(inputs, "inputs", where)
    if samples.ndim > 1 or not 1 <= samples.size <= 8:
        message = f"{where}: 'inputs' must be 1 to 8 numbers in a 1-D array; got inputs.shape={samples.shape}"
        raise ValueError(message)
    panels, said, samples = [], [], samples.reshape(-1)
    for one in functions:
        name = function_name(one)
        outputs = as_float_array(one(samples), f"{name}(inputs)", where)
        if outputs.shape != samples.shape:
            message = f"{where}: {name} must return one output per input; got shape {outputs.shape} for inputs of shape {samples.shape}"
            raise ValueError(message)
        left, right = (matrix(values[:, None]) for values in (samples, outputs))
        g = Graph((Edge(),), (name,), (Edge(),), left=left, right=right)
        panels.append(graph(g))
        listed = [", ".join(map(number, values)) for values in (samples, outputs)]
        said.append(f"{name} turns the inputs {listed[0]} into {listed[1]}")
    return d.render(flow(panels), "Functions as boxes: " + "; ".join(said) + ".")


def draw_array_axes(array: ArrayLike) -> Figure:
    """Draw a 2-D array as a grid, with its two axes and the sums along them (Figure 1-3).

    Parameters
    ----------
    array : array_like
        A 2-D array of at most 8 rows and 8 columns.

    Examples
    --------
    >>> from chainrule import draw_array_axes
    >>> print(draw_array_axes([[1, 2], [3, 4]]).get_label())
    A 2 by 2 array drawn as a grid. Axis 0 runs down the rows; summing along it gives [4 6]. Axis 1 runs across the columns; summing along it gives [3 7].
    """
    where = "draw_array_axes"
    grid = as_float_array(array, "array", where)
    if grid.ndim != 2 or grid.size == 0 or max(grid.shape) > 8:
        message = f"{where}: 'array' must be 2-D with 1 to 8 rows and columns; got array.shape={grid.shape}"
        raise ValueError(message)
    sums, sketch, (rows, columns) = [grid.sum(0), grid.sum(1)], Sketch(), grid.shape
    width = max(0.5, *(measure(number(v))[0] + 0.2 for v in grid.flat))
    xs = [(j + 0.5) * (width + 0.05) for j in range(columns)]
    ys = [-(i + 0.5) * 0.47 for i in range(rows)]
    for (i, j), value in np.ndenumerate(grid):
        sketch.box(xs[j], ys[i], width, 0.42, number(value))
    right, bottom = xs[-1] + width / 2 + 0.3, ys[-1] - 0.51
    sketch.arrow((-0.3, 0.0), (-0.3, bottom + 0.3), d.MUTED)
    sketch.arrow((0.0, 0.3), (right - 0.3, 0.3), d.MUTED)
    sketch.text(-0.3 - d.GAP, bottom / 2, "axis = 0", "right")
    sketch.text(right / 2, 0.3 + d.GAP, "axis = 1", va="bottom")
    places = [(x, bottom, "center") for x in xs] + [(right, y, "left") for y in ys]
    places += [(right, bottom, "left"), (right, 0.3, "left")]
    texts = [*map(number, [*sums[0], *sums[1]]), "sum(axis=0)", "sum(axis=1)"]
    for (x, y, ha), text in zip(places, texts, strict=True):
        sketch.text(x, y, text, ha, color=d.FORWARD)
    said = [" ".join(map(number, totals)) for totals in sums]
    alt = f"A {rows} by {columns} array drawn as a grid. Axis 0 runs down the rows; summing along it gives [{said[0]}]. Axis 1 runs across the columns; summing along it gives [{said[1]}]."
    return d.render(sketch, alt)


def draw_derivative_nudge(
    func: ArrayFunction, a: ArrayLike, delta: float = 0.001
) -> Figure:
    """Draw a derivative as a string pulled through a box (Figure 1-5).

    The input goes up by ``delta``, the output by ``deriv(func, a, delta)``
    times as much: both drawn to one scale, or labelled "not to scale".

    Parameters
    ----------
    func : callable
        An elementwise function.
    a : array_like
        The point: one number.
    delta : float, default 0.001
        The nudge, as :func:`~chainrule.deriv` takes it.

    Examples
    --------
    >>> from chainrule import draw_derivative_nudge, square
    >>> print(draw_derivative_nudge(square, 3.0).get_label())
    The derivative of square at a = 3 as a pulled string: nudging the input up by delta = 0.001 moves the output by 6.0000 times delta, drawn to scale.
    """
    where = "draw_derivative_nudge"
    check_callable(func, "func", where)
    point, step = _single(a, "a", where), validation.check_delta(delta, where)
    slope, name = deriv(func, point, step), function_name(func)
    s = float(slope) if np.isfinite(slope) else 0.0
    up = float(np.clip(1.2 / abs(s), 0.15, 0.8)) if s else 0.8
    rise, scaled = s * up, s * up == 0.0 == float(slope) or 0.05 <= abs(s * up) <= 1.2
    if not scaled:  # too long or too short to draw to scale: at its bound
        rise = float(np.clip(abs(rise), 0.05, 1.2)) * (-1.0 if s < 0 else 1.0)
    sketch, width, down = Sketch(), max(0.8, measure(name, 11.0)[0] + 0.2), rise < 0
    start, end = -width / 2 - d.MIN_EDGE, width / 2 + d.MIN_EDGE
    sketch.box(0.0, 0.0, width, d.BOX_H, name)
    sketch.arrow((start, 0.0), (-width / 2, 0.0))
    sketch.arrow((width / 2, 0.0), (end, 0.0))
    sketch.arrow((start, 0.0), (start, up))
    if rise:
        sketch.arrow((end, 0.0), (end, rise))
    sketch.arrow((start, up), (end, rise), d.MUTED, bend=-0.3)
    sketch.text(start, -d.GAP, f"a = {number(point)}", va="top")
    # the output's value goes right of its arrow, on the side away from the nudge
    output, va = f"f(a) = {number(func(point))}", "bottom" if down else "top"
    sketch.text(end + d.GAP, d.GAP if down else -d.GAP, output, "left", va=va)
    multiplier = f"multiplier: $df/du(a)$ = {number(slope)}"
    sketch.text(0.0, -d.BOX_H / 2 - d.GAP, multiplier, va="top")
    nudge, note = f"+{d.DELTA} ({_sig(step)})", "" if scaled else " (not to scale)"
    sketch.text(start - d.GAP, up / 2, nudge, "right", color=d.FORWARD)
    label = f"{number(slope)} {d.TIMES} {d.DELTA}{note}"
    beside = rise / 2 if abs(rise) > 0.4 else (-0.2 if down else 0.2)
    sketch.text(end + d.GAP, beside, label, "left", color=d.FORWARD)
    scale = "drawn to scale" if scaled else "not drawn to scale"
    alt = f"The derivative of {name} at a = {number(point)} as a pulled string: nudging the input up by delta = {_sig(step)} moves the output by {number(slope)} times delta, {scale}."
    return d.render(sketch, alt)


def draw_chain(
    chain: Sequence[ArrayFunction],
    input_: ArrayLike,
    backward: bool = False,
    collapsed: bool = False,
    steps: bool = False,
) -> Figure:
    """Draw a chain of functions as boxes, with the values of a real pass.

    The arrows carry :func:`~chainrule.chain_forward`'s values (Figure 1-6); going
    back, each function's derivative at its input, their product under the chain
    (1-8, 1-10); with ``steps``, each value's gradient, one step per panel.

    Parameters
    ----------
    chain : list of callable
        One or more functions, applied first to last (at most 4 for ``steps``).
    input_ : array_like
        The input: one number.
    backward, collapsed, steps : bool, default False
        Add the backward pass; draw the chain as one box (Figure 1-7); draw
        the backward pass step by step.

    Examples
    --------
    >>> from chainrule import draw_chain, sigmoid, square
    >>> print(draw_chain([square, sigmoid], 1.0, backward=True).get_label())
    A chain of 2 functions, square then sigmoid: x = 1 goes in and y = 0.7311 comes out; backward arrows carry each local derivative, and their product, the chain's derivative 0.3932, is written under the chain.
    """
    where = "draw_chain"
    functions, x = check_chain(chain, where), _single(input_, "input_", where)
    _flags(where, backward=backward, collapsed=collapsed, steps=steps)
    if steps and (collapsed or len(functions) > 4):
        message = f"{where}: 'steps' draws a chain of 1 to 4 functions, not collapsed; got {len(functions)} functions and collapsed={collapsed}"
        raise ValueError(message)
    values, slopes, grads = _chain_pass(functions, x)
    n, names, product = len(functions), [function_name(f) for f in functions], grads[0]
    ends = (f"x = {number(values[0])}", f"y = {number(values[-1])}")
    forward, went = [ends[0], *map(number, values[1:-1]), ends[1]], " then ".join(names)
    said = f"{ends[0]} goes in and {ends[1]} comes out"
    if steps:
        panels = []
        for k in reversed(range(n)):  # the step giving value k its gradient
            back = [_hidden(f"grad {number(g)}", i < k) for i, g in enumerate(grads)]
            arrows = [Edge(f, b) for f, b in zip(forward, back, strict=True)]
            title = f"Step {n - k}, {names[k]}: local derivative {_local(k, values[k], slopes[k], ' ')} {d.TIMES} gradient after it {number(grads[k + 1])} = {number(grads[k])}"
            g = Graph((arrows[0],), tuple(names), tuple(arrows[1:]), True)
            panels.append(_titled(g, title))
        alt = f"The backward pass through {went}, step by step, where {said}: each value, over its arrow, gets its gradient under it, the local derivative times the gradient after it; x ends with gradient {number(product)}."
        return d.render(flow(panels, 0.3, width=0.0), alt)
    chained = r" \circ ".join(f"f_{i}" for i in range(n, 0, -1))
    chained = chained if n < 4 else rf"f_{{{n}}} \circ \cdots \circ f_1"
    rule = f"${'df_1/du' if n == 1 else f'd({chained})/du'}$({number(x)}) = "
    if collapsed:
        sources = (Edge(ends[0], rule + number(product)),)
        box, caption = composite_name(functions), f"${chained}$"
        g = Graph(sources, (box,), (Edge(ends[1]),), backward, (caption,))
        alt = f"The chain {composite_name(functions)} drawn as one box: {said}"
    else:
        pairs = enumerate(zip(values, slopes, strict=False))
        local = [_local(i, v, s, "\n") for i, (v, s) in pairs]
        edges = tuple(Edge(f, b) for f, b in zip(forward, [*local, ""], strict=True))
        factors = f" {d.TIMES} ".join(map(number, reversed(slopes)))
        footer = f"{rule}{factors} = {number(product)}" if backward and n > 1 else ""
        captions = tuple(f"$f_{{{i}}}$" for i in range(1, n + 1))
        g = Graph(edges[:1], tuple(names), edges[1:], backward, captions, footer=footer)
        alt = f"A chain of {n} functions, {went}: {said}"
    if backward:
        alt += f"; backward arrows carry each local derivative, and their product, the chain's derivative {number(product)}, is written under the chain"
    return d.render(graph(g), alt + ".")


def draw_multiple_inputs_graph(
    x: ArrayLike, y: ArrayLike, sigma: ArrayFunction, backward: bool = False
) -> Figure:
    r"""Draw the graph of :math:`s = \sigma(x + y)` (Figures 1-12 and 1-13).

    Going back: :math:`d\sigma/du(a)`, :math:`\partial\alpha/\partial x = 1` and the
    gradients at the inputs, as :func:`~chainrule.multiple_inputs_add_backward`.

    Parameters
    ----------
    x, y : array_like
        The inputs: one number each.
    sigma : callable
        An elementwise function.
    backward : bool, default False
        Add the backward pass.

    Examples
    --------
    >>> from chainrule import draw_multiple_inputs_graph, sigmoid
    >>> print(draw_multiple_inputs_graph(1.0, 2.0, sigmoid, backward=True).get_label())
    A computational graph: x = 1 and y = 2 go into alpha (addition), a = 3 goes into sigmoid, and s = 0.9526 comes out; the backward pass gives ds/dx = 0.0452 and ds/dy = 0.0452.
    """
    where = "draw_multiple_inputs_graph"
    x_, y_ = _single(x, "x", where), _single(y, "y", where)
    check_callable(sigma, "sigma", where)
    _flags(where, backward=backward)
    a = x_ + y_  # the steps of multiple_inputs_add_backward, once
    s, dsda, dadx, dady = sigma(a), deriv(sigma, a), 1.0, 1.0
    dsdx, dsdy, name = dsda * dadx, dsda * dady, function_name(sigma)
    inputs, grads = [], []
    for v, value, local, gradient in (("x", x_, dadx, dsdx), ("y", y_, dady, dsdy)):
        slope = rf"$\partial\alpha/\partial {v}$ = {number(local)}"
        inputs.append(Edge(f"{v} = {number(value)}", slope))
        if backward:
            grads.append(rf"$\partial s/\partial {v}$ = {number(gradient)}")
    inner = Edge(f"a = {number(a)}", rf"$d\sigma/du(a)$ = {number(dsda)}")
    boxes, edges = (
        (r"$\alpha$: add", rf"$\sigma$: {name}"),
        (inner, Edge(f"s = {number(s)}")),
    )
    g = Graph(tuple(inputs), boxes, edges, backward, gradients=tuple(grads))
    alt = f"A computational graph: x = {number(x_)} and y = {number(y_)} go into alpha (addition), a = {number(a)} goes into {name}, and s = {number(s)} comes out"
    if backward:
        alt += f"; the backward pass gives ds/dx = {number(dsdx)} and ds/dy = {number(dsdy)}"
    return d.render(graph(g), alt + ".")


def draw_matrix_graph(
    X: ArrayLike,
    W: ArrayLike,
    sigma: ArrayFunction | None,
    backward: bool = False,
    collapsed: bool = False,
    with_sum: bool = True,
    steps: bool = False,
) -> Figure:
    r"""Draw :math:`X` and :math:`W` through :math:`\nu`, :math:`\sigma` and :math:`\Lambda`.

    :math:`N = XW`, :math:`S = \sigma(N)`, :math:`L` their sum (Figures 1-21,
    1-22). Going back, the gradient starts as all ones, is multiplied by
    :math:`d\sigma/du(N)` elementwise, then by :math:`W^T` for :math:`X` and
    :math:`X^T` for :math:`W`, as :func:`~chainrule.matrix_function_backward_sum_1`.

    Parameters
    ----------
    X, W : array_like
        2-D arrays with ``X.shape[1] == W.shape[0]``.
    sigma : callable or None
        An elementwise function, or None for the bare product.
    backward, collapsed : bool, default False
        Add the backward pass (for one output without the sum); draw the
        whole function as one box, "WNSL" (Figure 1-23).
    with_sum : bool, default True
        End with the sum; without, at :math:`S` (Figures 1-18, 1-19), or with
        ``sigma=None`` as well, at :math:`N` (1-14, 1-17).
    steps : bool, default False
        Fill in each array's gradient one step per panel (up to 12 elements each).

    Examples
    --------
    >>> from numpy.random import RandomState
    >>> from chainrule import draw_matrix_graph, sigmoid
    >>> state = RandomState(190204)
    >>> X, W = state.randn(3, 3), state.randn(3, 2)
    >>> print(draw_matrix_graph(X, W, sigmoid, backward=True).get_label())
    A computational graph: X (3 by 3) and W (3 by 2) go into nu (matrix product), N (3 by 2) into sigmoid, S (3 by 2) into Lambda (sum), and L = 2.3755 comes out; the backward pass gives the gradient of L with respect to X (3 by 3), top-left 0.2489.
    """
    where = "draw_matrix_graph"
    X_, W_ = as_float_array(X, "X", where), as_float_array(W, "W", where)
    validation.check_matmul_shapes(X_, W_, where)
    if sigma is not None:
        check_callable(sigma, "sigma", where)
    _flags(where, backward=backward, collapsed=collapsed)
    _flags(where, with_sum=with_sum, steps=steps)
    if sigma is None and with_sum:
        message = f"{where}: 'sigma' is None, which draws the bare product N = XW; pass with_sum=False with it, or give a function to sum after"
        raise ValueError(message)
    if (backward or steps) and not with_sum:
        validation.check_single_output(X_, W_, where)
    largest = max(X_.size, W_.size, X_.shape[0] * W_.shape[1])
    if steps and (collapsed or largest > _MAX_SHOWN):
        message = f"{where}: 'steps' draws every element: 'X', 'W' and XW of at most {_MAX_SHOWN} each, not collapsed; got X.shape={X_.shape}, W.shape={W_.shape}"
        raise ValueError(message)
    run = _matrix_pass(X_, W_, sigma, with_sum)
    name = function_name(sigma) if sigma else ""
    stages = ["N", "S", "L"][: 1 + (sigma is not None) + with_sum]
    out = stages[-1]
    words = {"N": "nu (matrix product)", "S": name, "L": "Lambda (sum)"}
    labels = [_shape_label(v, run[v]) for v in ("X", "W", *stages)]
    spoken = [_shape_label(v, run[v], "by") for v in ("X", "W", *stages)]
    said = [f"{spoken[0]} and {spoken[1]} go into {words['N']}"]
    said += [f"{spoken[i + 1]} into {words[v]}" for i, v in enumerate(stages) if i]
    said[-1] += f", and {spoken[-1]} comes out"
    grads = [_gradient(f"$\\partial {out}/\\partial {v}$", run["d" + v]) for v in "XW"]
    symbols = {"N": r"$\nu$", "S": r"$\sigma$", "L": r"$\Lambda$"}
    boxes = {"N": r"$\nu$: matmul", "S": rf"$\sigma$: {name}", "L": r"$\Lambda$: sum"}
    if steps:
        order, panels, p = ["X", "W", *stages], [], rf"\partial {out}/\partial"
        formula = {"L": r"$\partial L/\partial S$ is 1 for every element of S"}
        product = r"\partial L/\partial S \odot " * with_sum
        formula["S"] = rf"${p} N = {product}d\sigma/du(N)$"
        formula["N"] = rf"${p} X = {p} N \times W^T$ and ${p} W = X^T \times {p} N$"
        pairs = [(_gradient(v, run[v]), _gradient("grad", run["d" + v])) for v in order]
        fb = list(enumerate(pairs))
        for k in reversed(range(2, len(order))):  # back through what gives value k
            hide = range(k - 1 if k > 2 else 0)
            arrows = [Edge(f, _hidden(b, i in hide), True) for i, (f, b) in fb]
            title = f"Step {len(order) - k}, back through {boxes[order[k]]}: {formula[order[k]]}"
            ins, outs = tuple(arrows[:2]), tuple(arrows[2:])
            g = Graph(ins, tuple(symbols[v] for v in stages), outs, True)
            panels.append(_titled(g, title))
        alt = f"The backward pass of a computational graph where {', '.join(said)}, step by step: each array, over its arrow, gets its gradient under it; {out}'s gradient is 1, and X's ends with top-left {number(run['dX'].flat[0])}."
        return d.render(flow(panels, 0.3, width=0.0), alt)
    if collapsed:
        nested = "X, W"
        for symbol in (r"\nu", r"\sigma", r"\Lambda")[: len(stages)]:
            nested = f"{symbol}({nested})"
        box = "W" + "".join(stages) + f"\n${out} = {nested}$"
        sources = (Edge(labels[0]), Edge(labels[1]))
        boxes_: tuple[str, ...] = (box,)
        edges: tuple[Edge, ...] = (Edge(labels[-1]),)
        alt = f"One function, {box.split()[0]}: {spoken[0]} and {spoken[1]} go in and {spoken[-1]} comes out"
    else:
        dS = run.get("dSdN", run["N"])
        factor = r"$\odot\ d\sigma/du(N)$" if with_sum else r"$d\sigma/du(N)$"
        factor += f"\n= {number(dS)}" if dS.size == 1 else f"\n({_shape(dS)})"
        back = [*[factor][: len(stages) - 1], ""]
        back[-1:-1] = [f"$\\partial L/\\partial S$\n({_shape(dS)}, all 1)"][:with_sum]
        sources = (Edge(labels[0], r"$\times\, W^T$"), Edge(labels[1], r"$X^T \times$"))
        boxes_ = tuple(boxes[v] for v in stages)
        edges = tuple(Edge(f, b) for f, b in zip(labels[2:], back, strict=True))
        alt = f"A computational graph: {', '.join(said)}"
    g = Graph(sources, boxes_, edges, backward, gradients=tuple(grads[: 2 * backward]))
    if backward:
        alt += f"; the backward pass gives the gradient of {out} with respect to X ({_shape(X_, 'by')}), top-left {number(run['dX'].flat[0])}"
    return d.render(graph(g), alt + ".")


def draw_dot_product(X: ArrayLike, W: ArrayLike, values: bool = True) -> Figure:
    r"""Draw :math:`N = x_1 w_1 + \cdots + x_n w_n` as its multiplications and additions.

    What :math:`\nu(X, W)` stands for when :math:`X` is a row and :math:`W` a
    column: Figure 1-15 with ``values=False``, Figure 1-16 with the values.

    Parameters
    ----------
    X, W : array_like
        A row of shape ``(1, n)`` and a column of shape ``(n, 1)``, ``n <= 6``.
    values : bool, default True
        Write the numbers; with False, only the symbols.

    Examples
    --------
    >>> from chainrule import draw_dot_product
    >>> print(draw_dot_product([[1, 2]], [[3], [4]]).get_label())
    A dot product as separate operations: x1 times w1 = 1 times 3 = 3 and x2 times w2 = 2 times 4 = 8 are added into N = 11.
    """
    where = "draw_dot_product"
    X_, W_ = as_float_array(X, "X", where), as_float_array(W, "W", where)
    validation.check_matmul_shapes(X_, W_, where)
    validation.check_single_output(X_, W_, where)
    _flags(where, values=values)
    if X_.shape[1] > 6:
        message = f"{where}: 'X' may have at most 6 elements; got X.shape={X_.shape}"
        raise ValueError(message)
    products, N, n = X_[0] * W_[:, 0], np.dot(X_, W_)[0, 0], X_.shape[1]
    sketch, ys, rows = Sketch(), [0.62 * ((n - 1) / 2 - i) for i in range(n)], []
    for k, numbers in enumerate(zip(X_[0], W_[:, 0], products, strict=True), 1):
        times = "" if values else r" \times"
        row = [f"$x_{{{k}}}$", f"$w_{{{k}}}$", f"$x_{{{k}}}{times} w_{{{k}}}$"]
        shown = [f"{t} = {number(v)}" for t, v in zip(row, numbers, strict=True)]
        rows.append(shown if values else row)
    terms = " + ".join(f"x_{{{k}}} \\times w_{{{k}}}" for k in range(1, n + 1))
    sketch.text(0.0, ys[0] + 0.45, f"$N = {terms}$", "left", va="bottom", color=d.MUTED)
    start = max(measure(text)[0] for row in rows for text in row[:2]) + d.GAP
    bend = start + 0.85 + max(measure(row[2])[0] for row in rows)
    for y, (x_label, w_label, product) in zip(ys, rows, strict=True):
        for dy, label in ((0.14, x_label), (-0.14, w_label)):
            sketch.text(start - d.GAP, y + dy, label, "right")
            sketch.arrow((start, y + dy), (start + 0.36, y + dy / 3))
        sketch.box(start + 0.5, y, 0.28, 0.28, d.TIMES)
        sketch.arrow((start + 0.64, y), (bend, y))
        sketch.text((start + 0.64 + bend) / 2, y + d.GAP, product, va="bottom")
        sketch.arrow((bend, y), (bend + 0.45, 0.05 * np.sign(y)))
    sketch.box(bend + 0.6, 0.0, 0.3, 0.3, "+")
    sketch.arrow((bend + 0.75, 0.0), (bend + 0.75 + d.MIN_EDGE, 0.0))
    result = f"N = {number(N)}" if values else "N"
    sketch.text(bend + 0.8 + d.MIN_EDGE, 0.0, result, "left")
    each = [[number(v) for v in row] for row in (X_[0], W_[:, 0], products)]
    rows_ = enumerate(zip(*each, strict=True), 1)
    said = [f"x{k} times w{k} = {x} times {w} = {p}" for k, (x, w, p) in rows_]
    alt = f"{', '.join(said[:-1])} and {said[-1]}" if n > 1 else said[0]
    alt = f"{alt} {'are' if n > 1 else 'is'} added into N = {number(N)}"
    if not values:
        alt = f"each of the {n} pairs x_i and w_i goes into a multiplication, and the products into one addition, whose result is N"
    return d.render(sketch, f"A dot product as separate operations: {alt}.")


def draw_gradient_check(
    X: ArrayLike, W: ArrayLike, sigma: ArrayFunction, index: int, delta: float = 0.01
) -> Figure:
    r"""Draw a gradient check: one input nudged, the change predicted and observed (Figure 1-20).

    ``X[0, index]`` goes up by ``delta``: the arrows carry the changes the gradient
    of :math:`S = \sigma(XW)` predicts, the output the change observed.

    Parameters
    ----------
    X, W : array_like
        A row of shape ``(1, n)`` and a column of shape ``(n, 1)``.
    sigma : callable
        An elementwise function.
    index : int
        Which element of ``X`` to nudge, from 0 (the book's :math:`x_3` is 2).
    delta : float, default 0.01
        The nudge.

    Examples
    --------
    >>> from chainrule import draw_gradient_check, square
    >>> print(draw_gradient_check([[1.0, 2.0]], [[3.0], [1.0]], square, 0).get_label())
    A gradient check: raising x1 by 0.01, from 1 to 1.0100, should change S by dS/dx1 times 0.01 = 30.0000 times 0.01 = 0.3; it changes by 0.3009.
    """
    where = "draw_gradient_check"
    X_, W_ = as_float_array(X, "X", where), as_float_array(W, "W", where)
    validation.check_matmul_shapes(X_, W_, where)
    validation.check_single_output(X_, W_, where)
    check_callable(sigma, "sigma", where)
    if isinstance(index, (bool, np.bool_)) or not isinstance(index, (int, np.integer)):
        raise TypeError(f"{where}: 'index' must be an integer; got {describe(index)}")
    if not 0 <= index < X_.shape[1]:
        message = f"{where}: 'index' must pick a column of X, 0 to {X_.shape[1] - 1}; got index={index} for X.shape={X_.shape}"
        raise ValueError(message)
    step, nudged, N = validation.check_delta(delta, where), X_.copy(), np.dot(X_, W_)
    S, dSdN = sigma(N), deriv(sigma, N)  # the pass of matrix_function_backward_1
    gradient = np.dot(dSdN, np.transpose(W_, (1, 0)))[0, index]
    nudged[0, index] += step
    with np.errstate(all="ignore"):  # an overflow here the first pass has reported
        observed = (sigma(np.dot(nudged, W_)) - S)[0, 0]
    j, dx, predicted = index + 1, _sig(step), _sig(gradient * step)
    change_N = f"N = {number(N)}\n$\\Delta N \\approx w_{{{j}}} \\times {dx}$\n= {_sig(W_[index, 0] * step)}"
    change_S = f"S = {number(S)}\n$\\Delta S \\approx \\partial S/\\partial x_{{{j}}} \\times {dx}$\n= {number(gradient)} {d.TIMES} {dx}\n= {predicted}"
    sources = (Edge(f"X, $x_{{{j}}}$ + {dx}"), Edge(f"W ({_shape(W_)})"))
    edges, captions = (Edge(change_N), Edge(change_S)), ("matmul", function_name(sigma))
    right = f"observed\n$\\Delta S$ = {_sig(observed)}"
    g = Graph(sources, (r"$\nu$", r"$\sigma$"), edges, False, captions, right=right)
    alt = f"A gradient check: raising x{j} by {dx}, from {number(X_[0, index])} to {number(nudged[0, index])}, should change S by dS/dx{j} times {dx} = {number(gradient)} times {dx} = {predicted}; it changes by {_sig(observed)}."
    return d.render(graph(g), alt)


def describe_plot(plot: Figure | Axes) -> str:
    """Describe a data plot from its data, for readers who cannot see it.

    The curves (named by their labels) and the range of x; then, for each
    curve, where it starts and each run up, down or flat to its end.

    Parameters
    ----------
    plot : matplotlib.figure.Figure or matplotlib.axes.Axes
        A figure (each of its Axes is described) or one Axes.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from chainrule import describe_plot
    >>> ax = plt.figure().add_subplot()
    >>> _ = ax.plot([-2, -1, 0, 1, 2], [4, 1, 0, 1, 4], label="square(x)")
    >>> print(describe_plot(ax))
    A plot of square(x) against x, for x from -2 to 2. square(x) starts at 4 (x = -2), falls to 0 at x = 0, then rises to 4 at x = 2.
    """
    if not isinstance(plot, (Figure, Axes)):
        message = f"describe_plot: 'plot' must be a matplotlib Figure or Axes; got {describe(plot)}"
        raise TypeError(message)
    sentences = []
    for ax in plot.axes if isinstance(plot, Figure) else [plot]:
        curves, xname = [], ax.get_xlabel() or "x"
        for i, line in enumerate(line for line in ax.get_lines() if line.get_visible()):
            x, y = (np.asarray(data, dtype=float).ravel() for data in line.get_data())
            keep, label = np.isfinite(x) & np.isfinite(y), str(line.get_label())
            name = f"curve {i + 1}" if label.startswith("_") else label
            curves += [(name, x[keep], y[keep])] if keep.any() else []
        if curves:
            *rest, last = [c[0] for c in curves]
            listed = f"{', '.join(rest)} and {last}" if rest else last
            low, high = min(c[1].min() for c in curves), max(c[1].max() for c in curves)
            xs = f"{xname} from {_value(low)} to {_value(high)}"
            sentences.append(f"A plot of {listed} against {xname}, for {xs}.")
            sentences += [_trend(*curve, xname) for curve in curves]
    return " ".join(sentences) or "A plot with no data."


__all__ = sorted(name for name in dir() if name.startswith(("draw_", "describe_plot")))


def _trend(name: str, x: ndarray, y: ndarray, xname: str) -> str:
    """A curve's start, then each run up, down or flat to its turn, to its end."""
    order = np.argsort(x, kind="stable")
    x, y = x[order], y[order]
    start = f"{name} starts at {_value(y[0])} ({xname} = {_value(x[0])})"
    at = [f"{_value(b)} at {xname} = {_value(a)}" for a, b in zip(x, y, strict=True)]
    steps = np.diff(y)
    signs = np.sign(np.where(np.abs(steps) <= 1e-9 * max(1.0, *np.abs(y)), 0.0, steps))
    ends = [i + 1 for i in range(len(signs) - 1) if signs[i + 1] != signs[i]]
    ends += [len(signs)] if len(signs) else []
    if len(ends) > 4:
        return f"{start}, changes direction {len(ends) - 1} times between its lowest, {at[int(np.argmin(y))]}, and its highest, {at[int(np.argmax(y))]}, and ends at {at[-1]}."
    verbs = {1.0: "rises to", -1.0: "falls to", 0.0: "stays at"}
    runs = ", then ".join(f"{verbs[signs[e - 1]]} {at[e]}" for e in ends)
    return f"{start}, {runs}." if ends else f"{name} is the single point {at[0]}."


def _value(v: float) -> str:
    """``number``, for data that may be float noise off a round value."""
    return number(round(float(v), 9))


def _single(value: ArrayLike, name: str, where: str) -> ndarray:
    array = as_float_array(value, name, where)
    if array.size != 1:
        message = f"{where}: {name!r} must be a single number, since each arrow of the diagram carries one value; got {name}.shape={array.shape} (to draw an array, pick one of its elements)"
        raise ValueError(message)
    return array.reshape(())


def _flags(where: str, **flags: object) -> None:
    for name, value in flags.items():
        if not isinstance(value, (bool, np.bool_)):
            message = f"{where}: {name!r} must be True or False; got {describe(value)}"
            raise TypeError(message)


def _chain_pass(fs: list[ArrayFunction], x: ndarray) -> tuple[list[ndarray], ...]:
    """chain_deriv's pass: values, local derivatives, the gradient at each value."""
    values = chain_forward(fs, x)
    slopes = [deriv(f, v) for f, v in zip(fs, values, strict=False)]
    grads = [np.ones_like(values[-1])]
    for slope in reversed(slopes):
        grads.insert(0, grads[0] * slope)
    return values, slopes, grads


def _matrix_pass(X: ndarray, W: ndarray, f: ArrayFunction | None, total: bool) -> Run:
    """The matrix functions' steps, once; ``"dV"``: the output's gradient at V."""
    run = {"X": X, "W": W, "N": np.dot(X, W)}
    run["dN"] = np.ones_like(run["N"])  # the bare product: dN/dN
    if f is not None:
        run["S"], run["dSdN"] = f(run["N"]), deriv(f, run["N"])
        run["dS"], run["dN"] = np.ones_like(run["S"]), run["dSdN"]
        if total:
            run["L"], run["dL"] = np.sum(run["S"]), np.ones(())
            run["dN"] = run["dS"] * run["dSdN"]  # dL/dS is all ones: a sum
    run["dX"] = np.dot(run["dN"], np.transpose(W, (1, 0)))
    run["dW"] = np.dot(np.transpose(X, (1, 0)), run["dN"])
    return run


def _local(i: int, value: ndarray, slope: ndarray, gap: str) -> str:
    return f"$df_{{{i + 1}}}/du$({number(value)}){gap}= {number(slope)}"


def _shape(array: ndarray, by: str = d.TIMES) -> str:
    return f" {by} ".join(map(str, array.shape))


def _shape_label(name: str, a: ndarray, by: str = d.TIMES) -> str:
    return f"{name} = {number(a)}" if a.size == 1 else f"{name} ({_shape(a, by)})"


def _gradient(name: str, array: ndarray) -> str:
    """``name`` with the array's shape, then its values if it has 2 to 12."""
    shown = 1 < array.size <= _MAX_SHOWN
    return _shape_label(name, array) + (f"\n{matrix(array)}" if shown else "")


def _hidden(label: str, hide: bool = True) -> str:
    """A gradient the backward pass has not reached yet: its numbers as ``?``."""
    lines = label.split("\n")
    first = 1 if "(" in lines[0] else 0  # a matrix's shape stays
    masked = [NUMBER.sub(lambda m: "?".rjust(len(m[0])), t) for t in lines[first:]]
    return "\n".join(lines[:first] + masked) if hide else label


def _titled(g: Graph, title: str) -> Sketch:
    sketch = graph(g)
    x0, _, _, y1 = sketch.extent
    sketch.text(x0, y1 + d.GAP, title, "left", va="bottom", size=d.SMALL)
    return sketch


def _sig(value: ArrayLike) -> str:
    """A step or a small change, to 4 significant digits (``0.001``, ``-0.001121``)."""
    return f"{float(np.asarray(value).item()):.4g}"
