"""Exercises: checkers that run your own code and say what is wrong with it.

Each exercise on the site's Exercises page asks you to write one function;
``check_<name>(func)`` calls your function on several inputs (single numbers,
1-D and 2-D arrays, shapes other than the page's, and more than one ``sigma``)
and compares every answer with one the library works out on its own, by
nudging the inputs (:func:`~chainrule.deriv`, :func:`~chainrule.numerical_gradient`)
or with its own functions. A right function passes silently. A wrong one makes
the checker raise :class:`WrongAnswer`, whose message names the input, what was
expected and what came back, with a hint about where to look; the failing call's
arguments are kept in the exception's ``inputs``.

Answers are compared with a relative tolerance of ``RTOL`` and an absolute one of
``ATOL``, so an exact derivative passes, and so does one taken with
:func:`~chainrule.deriv` and its default ``delta``.

>>> from chainrule.exercises import WrongAnswer, check_x_times_sigma_deriv
>>> def only_the_outer_path(x, sigma):
...     return sigma(x)
>>> try:
...     check_x_times_sigma_deriv(only_the_outer_path)
... except WrongAnswer as error:
...     print(error)
...     print(error.inputs["x"])
x_times_sigma_deriv(x, sigma) gave a wrong df/dx
  for x = 0.7, sigma = sigmoid
  expected 0.8234
  got      0.6682
Hint: x reaches f along two paths: through sigma, and straight into the
  product. Work out what each path contributes on its own, then ask how the
  contributions of two paths combine.
0.7
"""

from __future__ import annotations

import functools
import inspect
import textwrap
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy import ndarray

from chainrule.chains import chain_forward
from chainrule.derivatives import deriv, exact_derivative
from chainrule.functions import (
    ArrayFunction,
    function_name,
    leaky_relu,
    relu,
    sigmoid,
    square,
)
from chainrule.gradcheck import numerical_gradient
from chainrule.matrices import (
    matmul_forward,
    matrix_function_forward_backward_sum,
    matrix_function_forward_sum,
)
from chainrule.validation import describe

__all__ = [
    "ATOL",
    "RTOL",
    "WrongAnswer",
    "check_chain_deriv",
    "check_gradient_shapes",
    "check_matrix_function_backward_sum_2",
    "check_multiple_inputs_multiply_backward",
    "check_one_sided_slopes",
    "check_weighted_sum_backward",
    "check_x_times_sigma_deriv",
]

#: Relative tolerance of every comparison.
RTOL = 1e-4
#: Absolute tolerance of every comparison, for answers close to zero.
ATOL = 1e-6

# Arrays with more elements than this are described by their shape in messages.
_SHOWN_ELEMENTS = 6


# The name a reader sees when a check fails: their answer is wrong, not the library.
class WrongAnswer(AssertionError):  # noqa: N818
    """Your function gave a wrong answer, or could not be called as the task asks.

    Parameters
    ----------
    message : str
        What went wrong: the call, the input, what was expected and what came
        back, and a hint.
    inputs : dict, optional
        The arguments of the failing call, by name.

    Attributes
    ----------
    inputs : dict
        The arguments of the failing call, by name, to repeat it yourself.

    Examples
    --------
    >>> from chainrule.exercises import WrongAnswer
    >>> issubclass(WrongAnswer, AssertionError)
    True
    """

    def __init__(self, message: str, inputs: Mapping[str, object] | None = None):
        super().__init__(message)
        self.inputs: dict[str, object] = dict(inputs or {})


@dataclass(frozen=True)
class _Task:
    """What an exercise asks for: the function's name, arguments and results."""

    name: str
    params: tuple[str, ...]
    outputs: tuple[str, ...]
    hints: tuple[str, ...]
    shape_hint: str
    returns: str

    @property
    def call(self) -> str:
        return f"{self.name}({', '.join(self.params)})"


# -- formatting -----------------------------------------------------------------------


def _show(value: object) -> str:
    """A short text for one argument: a name, a number, or a small array."""
    if callable(value):
        return function_name(value)
    if isinstance(value, list) and value and all(callable(v) for v in value):
        return "[" + ", ".join(function_name(v) for v in value) + "]"
    if isinstance(value, tuple):
        return repr(value)
    if isinstance(value, float):
        return repr(value)
    array = np.asarray(value, dtype=np.float64)
    if array.size <= _SHOWN_ELEMENTS:
        return repr(np.round(array, 4).tolist())
    return f"an array of shape {array.shape}"


def _show_inputs(inputs: Mapping[str, object]) -> str:
    text = ", ".join(f"{name} = {_show(value)}" for name, value in inputs.items())
    if "array of shape" in text:
        text += " (all of them are in the error's .inputs)"
    return text


def _format(array: ndarray) -> str:
    """Values rounded to 4 decimals; a single number as ``36.0``, not ``36.``."""
    if array.ndim == 0:
        return np.format_float_positional(float(array), precision=4, trim="0")
    return np.array2string(
        array, precision=4, suppress_small=True, threshold=30, edgeitems=3
    )


def _block(label: str, array: ndarray) -> str:
    """``label`` and the array, on one line when the array fits on one."""
    text = _format(array)
    if "\n" not in text:
        return f"  {label.ljust(8)} {text}"
    return f"  {label}\n" + textwrap.indent(text, "    ")


def _fail(
    task: _Task, what: str, inputs: Mapping[str, object], details: str, hint: str
) -> WrongAnswer:
    lines = [f"{task.call} {what}", f"  for {_show_inputs(inputs)}"]
    if details:
        lines.append(details)
    lines.append(textwrap.fill(f"Hint: {hint}", width=79, subsequent_indent="  "))
    return WrongAnswer("\n".join(lines), inputs)


# -- calling the reader's function ----------------------------------------------------


def _checker(
    check: Callable[[Callable[..., object]], None],
) -> Callable[[Callable[..., object]], None]:
    """Raise a checker's WrongAnswer from the checker itself, so that the reader's
    traceback is their own call and one short frame, not the checker's insides."""

    @functools.wraps(check)
    def run(func: Callable[..., object]) -> None:
        __tracebackhide__ = True
        try:
            check(func)
        except WrongAnswer as error:
            raise error.with_traceback(None) from error.__cause__

    return run


def _check_callable(func: object, task: _Task, checker: str) -> None:
    if not callable(func):
        raise WrongAnswer(
            f"{checker}: give it your function {task.call} itself; got {describe(func)}"
        )


def _fresh(value: object) -> object:
    """A copy of an argument, so that a function that changes its input in place
    cannot change the checker's own copy."""
    if isinstance(value, ndarray):
        return value.copy()
    if isinstance(value, list):
        return list(value)
    return value


def _call(
    func: Callable[..., object], task: _Task, inputs: Mapping[str, object]
) -> list[object]:
    """Call ``func`` with the inputs, in order; return its results as a list."""
    args = [_fresh(value) for value in inputs.values()]
    try:
        signature: inspect.Signature | None = inspect.signature(func)
    except (TypeError, ValueError):  # some builtins have none: just call them
        signature = None
    if signature is not None:
        try:
            signature.bind(*args)
        except TypeError as error:
            raise WrongAnswer(
                f"{task.call}: your function cannot be called with the "
                f"{len(args)} arguments {', '.join(task.params)} "
                f"(it is {function_name(func)}{signature}: {error})",
                inputs,
            ) from None
    try:
        result = func(*args)
    except Exception as error:
        raise _fail(
            task,
            f"raised {type(error).__name__}: {error}",
            inputs,
            "",
            "the traceback above this message shows the line of your code that failed.",
        ) from error
    if len(task.outputs) == 1:
        return [result]
    if not isinstance(result, (tuple, list)) or len(result) != len(task.outputs):
        count = (
            f"{len(result)} values"
            if isinstance(result, (tuple, list))
            else "one value"
        )
        raise _fail(
            task,
            f"returned {describe(result)} ({count}), not the "
            f"{len(task.outputs)} values {', '.join(task.outputs)}",
            inputs,
            "",
            f"end your function with `{task.returns}`.",
        )
    return list(result)


def _as_numbers(
    value: object, task: _Task, label: str, inputs: Mapping[str, object]
) -> ndarray:
    """The reader's result as a float array, or a WrongAnswer saying what it was."""
    problem = None
    if value is None:
        problem = "None"
    elif isinstance(value, (str, bytes, bool)):
        problem = describe(value)
    else:
        try:
            array = np.asarray(value)
        except (TypeError, ValueError) as error:
            problem = f"{describe(value)} that is not an array ({error})"
        else:
            if array.dtype.kind not in "iuf":
                problem = describe(array)
    if problem is not None:
        raise _fail(
            task,
            f"returned {problem} for {label}, not a number or an array of numbers",
            inputs,
            "",
            f"return your {label} itself, as a number or a NumPy array.",
        )
    return array.astype(np.float64)


# -- comparing ------------------------------------------------------------------------


def _compare(
    task: _Task,
    label: str,
    hint: str,
    inputs: Mapping[str, object],
    expected: ndarray,
    got: ndarray,
) -> None:
    if got.shape != expected.shape:
        raise _fail(
            task,
            f"gave {label} of the wrong shape",
            inputs,
            f"  expected shape {expected.shape}, got shape {got.shape}",
            task.shape_hint,
        )
    close = np.isclose(got, expected, rtol=RTOL, atol=ATOL)
    if close.all():
        return
    details = [_block("expected", expected), _block("got", got)]
    if expected.ndim:
        index = tuple(int(i) for i in np.argwhere(~close)[0])
        shown = index[0] if len(index) == 1 else index
        details.append(
            f"  first wrong element, at index {shown}: expected "
            f"{_format(expected[index])}, got {_format(got[index])}"
        )
    raise _fail(task, f"gave a wrong {label}", inputs, "\n".join(details), hint)


def _matches(got: ndarray, expected: ndarray) -> bool:
    return got.shape == expected.shape and bool(
        np.allclose(got, expected, rtol=RTOL, atol=ATOL)
    )


def _check_answers(
    task: _Task,
    inputs: Mapping[str, object],
    expected: Sequence[ndarray],
    results: Sequence[object],
) -> None:
    """Compare each result with its expected value, in the order of task.outputs."""
    got = [
        _as_numbers(value, task, label, inputs)
        for value, label in zip(results, task.outputs, strict=True)
    ]
    if (
        len(got) == 2
        and not _matches(got[0], expected[0])
        and _matches(got[0], expected[1])
        and _matches(got[1], expected[0])
    ):
        raise _fail(
            task,
            f"gave {task.outputs[0]} and {task.outputs[1]} in the wrong order",
            inputs,
            "",
            f"return {task.outputs[0]} first, then {task.outputs[1]}.",
        )
    for label, hint, want, have in zip(
        task.outputs, task.hints, expected, got, strict=True
    ):
        _compare(task, label, hint, inputs, want, have)


# -- inputs -----------------------------------------------------------------------------


def _normal(seed: int, *shape: int) -> ndarray:
    """Reproducible inputs: standard normal numbers from a seeded generator."""
    return np.random.default_rng(seed).normal(size=shape)


def _book_matrices(
    seed: int, x_shape: tuple[int, int], w_shape: tuple[int, int]
) -> tuple[ndarray, ndarray]:
    """The book's ``np.random.seed(seed)`` then two ``randn`` calls, without
    touching NumPy's global generator."""
    state = np.random.RandomState(seed)
    return state.randn(*x_shape), state.randn(*w_shape)


def _leaky_matrices() -> tuple[ndarray, ndarray]:
    """X of 3 x 2 and W of 2 x 4 whose product stays at least 0.125 away from
    Leaky ReLU's corner, so that nudging an input never crosses it."""
    X = np.array([[1.0, -2.0], [0.5, 1.5], [-1.0, 1.5]])
    W = np.array([[0.5, -1.0, 2.0, 0.3], [1.0, 0.25, -0.5, -1.0]])
    return X, W


# -- derivatives page: one-sided slopes ---------------------------------------------

_ONE_SIDED = _Task(
    name="one_sided_slopes",
    params=("func", "a", "delta"),
    outputs=("left slope", "right slope"),
    hints=(
        "the left slope uses two points only: a itself and the point delta "
        "below it. Divide the change in output between them by the change in "
        "input.",
        "the right slope uses two points only: a itself and the point delta "
        "above it. Divide the change in output between them by the change in "
        "input.",
    ),
    shape_hint="return one slope per element of a, in the shape of a.",
    returns="return left, right",
)


def _one_sided_cases() -> list[tuple[ArrayFunction, object, float]]:
    return [
        (relu, 0.0, 0.001),
        (relu, np.array([-1.0, 0.0, 2.0]), 0.001),
        (leaky_relu, np.array([[0.0, -0.5], [0.5, 3.0]]), 0.001),
        (sigmoid, np.array([-2.0, 0.0, 1.5]), 0.001),
        (square, np.array([1.5, -2.0, 0.25]), 0.1),
        (leaky_relu, 0.0, 0.25),
    ]


def _one_sided_expected(
    func: ArrayFunction, a: object, delta: float
) -> tuple[ndarray, ndarray]:
    # The slope of a secant one delta wide is the exact slope at its middle:
    # exactly so for square and the two ReLUs, to about delta**2 for sigmoid.
    slope = exact_derivative(func)
    points = np.asarray(a, dtype=np.float64)
    return slope(points - delta / 2), slope(points + delta / 2)


@_checker
def check_one_sided_slopes(func: Callable[..., object]) -> None:
    """Check ``one_sided_slopes(func, a, delta)``, the slopes on each side of ``a``.

    The function must return ``(left, right)``: the slope of the line through
    ``func`` at ``a - delta`` and ``a``, and the slope of the line through ``func``
    at ``a`` and ``a + delta``, for every element of ``a``. At a corner, such as
    ReLU's at 0, the two differ, and :func:`~chainrule.deriv` returns neither.

    Parameters
    ----------
    func : callable
        Your ``one_sided_slopes(func, a, delta)``.

    Raises
    ------
    WrongAnswer
        If a slope is wrong for one of the inputs tried (ReLU and Leaky ReLU at
        and away from their corner, the sigmoid, the square; a number, 1-D and
        2-D arrays; three values of ``delta``), or if ``func`` cannot be called
        with three arguments, raises, or does not return two arrays.

    Examples
    --------
    The central difference is not a one-sided slope:

    >>> from chainrule import deriv
    >>> from chainrule.exercises import check_one_sided_slopes
    >>> def central_twice(func, a, delta):
    ...     slope = deriv(func, a, delta)
    ...     return slope, slope
    >>> check_one_sided_slopes(central_twice)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    chainrule.exercises.WrongAnswer: one_sided_slopes(func, a, delta) gave a wrong left slope
      for func = relu, a = 0.0, delta = 0.001
      expected 0.0
      got      0.5
    Hint: ...
    """
    _check_callable(func, _ONE_SIDED, "check_one_sided_slopes")
    for function, a, delta in _one_sided_cases():
        inputs = {"func": function, "a": a, "delta": delta}
        expected = _one_sided_expected(function, a, delta)
        _check_answers(_ONE_SIDED, inputs, expected, _call(func, _ONE_SIDED, inputs))


# -- longer chain page: chain_deriv for any length --------------------------------------

_CHAIN = _Task(
    name="chain_deriv",
    params=("chain", "x"),
    outputs=("derivative",),
    hints=(
        "each function's slope belongs at the value that went into that "
        "function, so those values are needed before any slope. Does your "
        "function work for a chain of one function, and of five?",
    ),
    shape_hint="the derivative has one element per element of x, in the shape of x.",
    returns="return the derivative",
)


def _chain_cases() -> list[tuple[list[ArrayFunction], object]]:
    return [
        ([square], 1.5),
        ([sigmoid, square], np.array([-1.0, 0.0, 2.0])),
        ([leaky_relu, sigmoid, square], np.array([[-1.5, -0.5], [0.5, 1.5]])),
        ([square, sigmoid, square, sigmoid], _normal(11, 5)),
        ([sigmoid, leaky_relu, square, sigmoid, square], np.array([-2.0, 1.0, 0.3])),
    ]


def _chain_expected(chain: list[ArrayFunction], x: object) -> ndarray:
    def whole_chain(u: ndarray) -> ndarray:
        return chain_forward(chain, u)[-1]

    return deriv(whole_chain, np.asarray(x, dtype=np.float64))


@_checker
def check_chain_deriv(func: Callable[..., object]) -> None:
    """Check ``chain_deriv(chain, x)``, the derivative of a chain of any length.

    The function must return the derivative of ``f_n(...f_2(f_1(x)))`` at every
    element of ``x``, for a ``chain`` ``[f_1, f_2, ..., f_n]`` of one or more
    functions applied first to last.

    Parameters
    ----------
    func : callable
        Your ``chain_deriv(chain, x)``.

    Raises
    ------
    WrongAnswer
        If the derivative is wrong for one of the chains tried (one to five
        functions among square, sigmoid and Leaky ReLU; a number, 1-D and 2-D
        arrays), or if ``func`` cannot be called with two arguments, raises, or
        does not return an array.

    Examples
    --------
    Multiplying the slopes, each taken at ``x``, is not the chain rule:

    >>> import numpy as np
    >>> from chainrule import deriv
    >>> from chainrule.exercises import check_chain_deriv
    >>> def every_slope_at_x(chain, x):
    ...     return np.prod([deriv(f, x) for f in chain], axis=0)
    >>> check_chain_deriv(every_slope_at_x)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    chainrule.exercises.WrongAnswer: chain_deriv(chain, x) gave a wrong derivative
      for chain = [sigmoid, square], x = [-1.0, 0.0, 2.0]
    ...
    """
    _check_callable(func, _CHAIN, "check_chain_deriv")
    for chain, x in _chain_cases():
        inputs = {"chain": chain, "x": x}
        expected = [_chain_expected(chain, x)]
        _check_answers(_CHAIN, inputs, expected, _call(func, _CHAIN, inputs))


# -- multiple inputs page: the chapter's exercise, sigma(x * y) ---------------------------

_MULTIPLY = _Task(
    name="multiple_inputs_multiply_backward",
    params=("x", "y", "sigma"),
    outputs=("dL/dx", "dL/dy"),
    hints=(
        "sigma's slope at the product is only part of dL/dx: also ask how much "
        "x * y moves when x moves a little and y stays put.",
        "sigma's slope at the product is only part of dL/dy: also ask how much "
        "x * y moves when y moves a little and x stays put.",
    ),
    shape_hint="each derivative has one element per element of x and y, in their "
    "shape.",
    returns="return dLdx, dLdy",
)


def _multiply_cases() -> list[tuple[object, object, ArrayFunction]]:
    return [
        (2.0, 3.0, square),
        (np.array([0.5, -1.0, 2.0]), np.array([1.5, 0.3, -0.7]), sigmoid),
        (
            np.array([[1.0, -2.0, 0.5], [3.0, -0.25, 1.5]]),
            np.array([[0.5, 1.0, -2.0], [-1.0, -3.0, 0.4]]),
            leaky_relu,
        ),
        (_normal(21, 4, 1), _normal(22, 4, 1), sigmoid),
        (np.array([-1.5, 0.5]), np.array([2.0, -0.8]), square),
    ]


def _multiply_expected(
    x: object, y: object, sigma: ArrayFunction
) -> tuple[ndarray, ndarray]:
    x_ = np.asarray(x, dtype=np.float64)
    y_ = np.asarray(y, dtype=np.float64)

    def moving_x(u: ndarray) -> ndarray:
        return sigma(np.multiply(u, y_))

    def moving_y(v: ndarray) -> ndarray:
        return sigma(np.multiply(x_, v))

    return deriv(moving_x, x_), deriv(moving_y, y_)


@_checker
def check_multiple_inputs_multiply_backward(func: Callable[..., object]) -> None:
    """Check the chapter's exercise: the backward pass of :math:`\\sigma(x y)`.

    ``func(x, y, sigma)`` must return ``(dLdx, dLdy)``, the partial derivatives
    of :math:`L = \\sigma(x \\times y)` with respect to ``x`` and to ``y``, element
    by element, for inputs ``x`` and ``y`` of the same shape.

    Parameters
    ----------
    func : callable
        Your ``multiple_inputs_multiply_backward(x, y, sigma)``.

    Raises
    ------
    WrongAnswer
        If a derivative is wrong for one of the inputs tried (numbers, 1-D and
        2-D arrays; ``sigma`` the sigmoid, the square or Leaky ReLU), if the two
        come back swapped, or if ``func`` cannot be called with three arguments,
        raises, or does not return two arrays.

    Examples
    --------
    The slope of ``sigma`` alone is not the answer:

    >>> from chainrule import deriv
    >>> from chainrule.exercises import check_multiple_inputs_multiply_backward
    >>> def outer_slope_only(x, y, sigma):
    ...     slope = deriv(sigma, x * y)
    ...     return slope, slope
    >>> check_multiple_inputs_multiply_backward(outer_slope_only)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    chainrule.exercises.WrongAnswer: multiple_inputs_multiply_backward(x, y, sigma) gave a wrong dL/dx
      for x = 2.0, y = 3.0, sigma = square
      expected 36.0
      got      12.0
    Hint: ...
    """
    _check_callable(func, _MULTIPLY, "check_multiple_inputs_multiply_backward")
    for x, y, sigma in _multiply_cases():
        inputs = {"x": x, "y": y, "sigma": sigma}
        expected = _multiply_expected(x, y, sigma)
        _check_answers(_MULTIPLY, inputs, expected, _call(func, _MULTIPLY, inputs))


# -- multiple inputs page: x * sigma(x), a variable used twice ------------------------------

_USED_TWICE = _Task(
    name="x_times_sigma_deriv",
    params=("x", "sigma"),
    outputs=("df/dx",),
    hints=(
        "x reaches f along two paths: through sigma, and straight into the "
        "product. Work out what each path contributes on its own, then ask how "
        "the contributions of two paths combine.",
    ),
    shape_hint="df/dx has one element per element of x, in the shape of x.",
    returns="return dfdx",
)


def _used_twice_cases() -> list[tuple[object, ArrayFunction]]:
    return [
        (0.7, sigmoid),
        (np.array([-2.0, -0.5, 1.0, 3.0]), sigmoid),
        (np.array([[1.5, -1.0], [0.5, 2.0]]), square),
        (np.array([-1.5, -0.3, 0.4, 2.0]), leaky_relu),
        (_normal(31, 3, 4), sigmoid),
    ]


def _used_twice_expected(x: object, sigma: ArrayFunction) -> ndarray:
    def f(u: ndarray) -> ndarray:
        value: ndarray = np.multiply(u, sigma(u))
        return value

    return deriv(f, np.asarray(x, dtype=np.float64))


@_checker
def check_x_times_sigma_deriv(func: Callable[..., object]) -> None:
    """Check ``x_times_sigma_deriv(x, sigma)``: the derivative of :math:`x \\sigma(x)`.

    The function must return :math:`df/dx` for :math:`f(x) = x \\times
    \\sigma(x)` at every element of ``x``: a function in which ``x`` is used
    twice.

    Parameters
    ----------
    func : callable
        Your ``x_times_sigma_deriv(x, sigma)``.

    Raises
    ------
    WrongAnswer
        If the derivative is wrong for one of the inputs tried (a number, 1-D and
        2-D arrays; ``sigma`` the sigmoid, the square or Leaky ReLU), or if
        ``func`` cannot be called with two arguments, raises, or does not return
        an array.

    Examples
    --------
    Following only the path through ``sigma`` misses the other one:

    >>> from chainrule import deriv
    >>> from chainrule.exercises import check_x_times_sigma_deriv
    >>> def one_path(x, sigma):
    ...     return x * deriv(sigma, x)
    >>> check_x_times_sigma_deriv(one_path)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    chainrule.exercises.WrongAnswer: x_times_sigma_deriv(x, sigma) gave a wrong df/dx
      for x = 0.7, sigma = sigmoid
    ...
    """
    _check_callable(func, _USED_TWICE, "check_x_times_sigma_deriv")
    for x, sigma in _used_twice_cases():
        inputs = {"x": x, "sigma": sigma}
        expected = [_used_twice_expected(x, sigma)]
        _check_answers(_USED_TWICE, inputs, expected, _call(func, _USED_TWICE, inputs))


# -- matrix page: the shapes of the gradients -----------------------------------------------

_SHAPES = _Task(
    name="gradient_shapes",
    params=("X_shape", "W_shape"),
    outputs=("dL/dN", "dL/dX", "dL/dW"),
    hints=(
        "how many rows and columns does the product N = X @ W have? L is one "
        "number, and its gradient with respect to N says how much L moves for a "
        "nudge of each element of N.",
        "L is one number; its gradient with respect to X says how much L moves "
        "for a nudge of each element of X.",
        "L is one number; its gradient with respect to W says how much L moves "
        "for a nudge of each element of W.",
    ),
    shape_hint="a shape is a tuple of whole numbers, like X.shape.",
    returns="return dLdN_shape, dLdX_shape, dLdW_shape",
)


def _shape_cases() -> list[tuple[tuple[int, int], tuple[int, int]]]:
    return [((4, 3), (3, 5)), ((3, 3), (3, 2)), ((1, 3), (3, 1)), ((2, 6), (6, 1))]


def _shapes_expected(
    X_shape: tuple[int, int], W_shape: tuple[int, int]
) -> list[tuple[int, ...]]:
    X, W = np.ones(X_shape), np.ones(W_shape)

    def L_of_N(N: ndarray) -> float:
        return float(np.sum(sigmoid(N)))

    (dLdN,) = numerical_gradient(L_of_N, matmul_forward(X, W))
    _, dLdX, dLdW = matrix_function_forward_backward_sum(X, W, sigmoid)
    return [dLdN.shape, dLdX.shape, dLdW.shape]


def _as_shape(
    value: object, task: _Task, label: str, inputs: Mapping[str, object]
) -> tuple[int, ...]:
    if isinstance(value, (tuple, list)) and all(
        isinstance(n, (int, np.integer)) and not isinstance(n, bool) for n in value
    ):
        return tuple(int(n) for n in value)
    shown = repr(value)
    what = f"{describe(value)} {shown}" if len(shown) <= 40 else describe(value)
    raise _fail(
        task,
        f"returned {what} for the shape of {label}, not a tuple of whole numbers",
        inputs,
        "",
        task.shape_hint,
    )


@_checker
def check_gradient_shapes(func: Callable[..., object]) -> None:
    """Check ``gradient_shapes(X_shape, W_shape)``: the shapes of the gradients.

    For :math:`N = X W`, :math:`S = \\sigma(N)` and :math:`L = \\sum S`, the
    function must return the shapes of :math:`\\partial L / \\partial N`,
    :math:`\\partial L / \\partial X` and :math:`\\partial L / \\partial W`, as
    three tuples, given the shapes of ``X`` and ``W``.

    Parameters
    ----------
    func : callable
        Your ``gradient_shapes(X_shape, W_shape)``.

    Raises
    ------
    WrongAnswer
        If a shape is wrong for one of the pairs tried (4 x 3 and 3 x 5, the
        book's 3 x 3 and 3 x 2, a row and a column, ...), or if ``func``
        cannot be called with two arguments, raises, or does not return three
        tuples of whole numbers.

    Examples
    --------
    The shape of ``N`` is not the shape of every gradient:

    >>> from chainrule.exercises import check_gradient_shapes
    >>> def all_like_N(X_shape, W_shape):
    ...     N_shape = (X_shape[0], W_shape[1])
    ...     return N_shape, N_shape, N_shape
    >>> check_gradient_shapes(all_like_N)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    chainrule.exercises.WrongAnswer: gradient_shapes(X_shape, W_shape) gave a wrong shape for dL/dX
      for X_shape = (4, 3), W_shape = (3, 5)
      expected (4, 3), got (4, 5)
    Hint: ...
    """
    task = _SHAPES
    _check_callable(func, task, "check_gradient_shapes")
    for X_shape, W_shape in _shape_cases():
        inputs = {"X_shape": X_shape, "W_shape": W_shape}
        expected = _shapes_expected(X_shape, W_shape)
        results = _call(func, task, inputs)
        for label, hint, want, value in zip(
            task.outputs, task.hints, expected, results, strict=True
        ):
            got = _as_shape(value, task, label, inputs)
            if got != want:
                raise _fail(
                    task,
                    f"gave a wrong shape for {label}",
                    inputs,
                    f"  expected {want}, got {got}",
                    hint,
                )


# -- matrix page: dL/dW before the page derives it -------------------------------------------

_DLDW = _Task(
    name="matrix_function_backward_sum_2",
    params=("X", "W", "sigma"),
    outputs=("dL/dW",),
    hints=(
        "every weight in W feeds a whole column of N. Go through the backward "
        "pass one step at a time (dL/dS, then dS/dN, then the matrix product) "
        "and compare each step with numerical_gradient on a small example.",
    ),
    shape_hint="dL/dW has one element per weight, in the shape of W. W is the "
    "right-hand factor of X @ W: that decides on which side its partner goes in "
    "the product.",
    returns="return dLdW",
)


def _dldw_cases() -> list[tuple[ndarray, ndarray, ArrayFunction]]:
    return [
        (*_book_matrices(190204, (3, 3), (3, 2)), sigmoid),
        (_normal(41, 4, 3), _normal(42, 3, 5), square),
        (*_book_matrices(190203, (1, 3), (3, 1)), sigmoid),
        (*_leaky_matrices(), leaky_relu),
        (_normal(43, 5, 2), _normal(44, 2, 1), sigmoid),
    ]


def _dldw_expected(X: ndarray, W: ndarray, sigma: ArrayFunction) -> ndarray:
    def L_of_W(W_: ndarray) -> float:
        return matrix_function_forward_sum(X, W_, sigma)

    (dLdW,) = numerical_gradient(L_of_W, W)
    return dLdW


@_checker
def check_matrix_function_backward_sum_2(func: Callable[..., object]) -> None:
    """Check ``matrix_function_backward_sum_2(X, W, sigma)``: :math:`\\partial L / \\partial W`.

    For :math:`L = \\sum \\sigma(X W)`, the function must return the gradient of
    :math:`L` with respect to ``W``, in the shape of ``W``.

    Parameters
    ----------
    func : callable
        Your ``matrix_function_backward_sum_2(X, W, sigma)``.

    Raises
    ------
    WrongAnswer
        If the gradient is wrong for one of the inputs tried (the book's 3 x 3
        and 3 x 2 matrices, 4 x 3 and 3 x 5, a row and a column, ...; ``sigma``
        the sigmoid, the square or Leaky ReLU), or if ``func`` cannot be called
        with three arguments, raises, or does not return an array.

    Examples
    --------
    Forgetting :math:`\\partial S / \\partial N` leaves a matrix product of the
    right shape but the wrong values:

    >>> import numpy as np
    >>> from chainrule.exercises import check_matrix_function_backward_sum_2
    >>> def no_sigma_slope(X, W, sigma):
    ...     N = np.dot(X, W)
    ...     return np.dot(np.transpose(X, (1, 0)), np.ones_like(N))
    >>> check_matrix_function_backward_sum_2(no_sigma_slope)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    chainrule.exercises.WrongAnswer: matrix_function_backward_sum_2(X, W, sigma) gave a wrong dL/dW
      for X = an array of shape (3, 3), W = [[...]], sigma = sigmoid (all of them are in the error's .inputs)
    ...
    """
    task = _DLDW
    _check_callable(func, task, "check_matrix_function_backward_sum_2")
    for X, W, sigma in _dldw_cases():
        inputs = {"X": X, "W": W, "sigma": sigma}
        expected = [_dldw_expected(X, W, sigma)]
        _check_answers(task, inputs, expected, _call(func, task, inputs))


# -- matrix page: a weighted sum, where dL/dS is not all ones ----------------------------------

_WEIGHTED = _Task(
    name="weighted_sum_backward",
    params=("X", "W", "C", "sigma"),
    outputs=("dL/dX", "dL/dW"),
    hints=(
        "with L = sum(C * S), a nudge of one element of S moves L by that "
        "element's weight in C, not by 1: look at the step where dL/dS enters "
        "the backward pass, before the product with W.",
        "with L = sum(C * S), a nudge of one element of S moves L by that "
        "element's weight in C, not by 1: look at the step where dL/dS enters "
        "the backward pass, before the product with X.",
    ),
    shape_hint="dL/dX has the shape of X and dL/dW the shape of W.",
    returns="return dLdX, dLdW",
)


def _weighted_cases() -> list[tuple[ndarray, ndarray, ndarray, ArrayFunction]]:
    return [
        (
            *_book_matrices(190204, (3, 3), (3, 2)),
            np.array([[1.0, 2.0], [-1.0, 0.5], [3.0, -2.0]]),
            sigmoid,
        ),
        (_normal(51, 4, 3), _normal(52, 3, 5), _normal(53, 4, 5), square),
        (_normal(54, 2, 3), _normal(55, 3, 1), np.ones((2, 1)), sigmoid),
        (*_leaky_matrices(), _normal(56, 3, 4), leaky_relu),
    ]


def _weighted_expected(
    X: ndarray, W: ndarray, C: ndarray, sigma: ArrayFunction
) -> tuple[ndarray, ...]:
    def L_of(X_: ndarray, W_: ndarray) -> float:
        return float(np.sum(C * sigma(matmul_forward(X_, W_))))

    return numerical_gradient(L_of, X, W)


@_checker
def check_weighted_sum_backward(func: Callable[..., object]) -> None:
    """Check ``weighted_sum_backward(X, W, C, sigma)``, for a loss that is not a plain sum.

    For :math:`N = X W`, :math:`S = \\sigma(N)` and :math:`L = \\sum_{ij} C_{ij}
    S_{ij}`, with weights ``C`` in the shape of ``N``, the function must return
    ``(dLdX, dLdW)``. Here :math:`\\partial L / \\partial S = C` is not all
    ones, which is where the book's ``dSdN`` in place of ``dLdN`` goes wrong.

    Parameters
    ----------
    func : callable
        Your ``weighted_sum_backward(X, W, C, sigma)``.

    Raises
    ------
    WrongAnswer
        If a gradient is wrong for one of the inputs tried (the book's matrices
        and other shapes; ``C`` all ones once; ``sigma`` the sigmoid, the
        square or Leaky ReLU), or if ``func`` cannot be called with four
        arguments, raises, or does not return two arrays.

    Examples
    --------
    The book's ``np.dot(dSdN, dNdX)`` is right for a plain sum only:

    >>> import numpy as np
    >>> from chainrule import deriv
    >>> from chainrule.exercises import check_weighted_sum_backward
    >>> def book_formula(X, W, C, sigma):
    ...     N = np.dot(X, W)
    ...     dSdN = deriv(sigma, N)
    ...     dLdX = np.dot(dSdN, np.transpose(W, (1, 0)))
    ...     dLdW = np.dot(np.transpose(X, (1, 0)), dSdN)
    ...     return dLdX, dLdW
    >>> check_weighted_sum_backward(book_formula)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    chainrule.exercises.WrongAnswer: weighted_sum_backward(X, W, C, sigma) gave a wrong dL/dX
    ...
    """
    task = _WEIGHTED
    _check_callable(func, task, "check_weighted_sum_backward")
    for X, W, C, sigma in _weighted_cases():
        inputs = {"X": X, "W": W, "C": C, "sigma": sigma}
        expected = _weighted_expected(X, W, C, sigma)
        _check_answers(task, inputs, expected, _call(func, task, inputs))
