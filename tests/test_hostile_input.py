"""Hostile arguments for every public function: a clear error or a sound result.

For each function in ``chainrule.__all__`` the test reads its signature, draws
a valid call, then replaces one or two arguments with hostile values chosen by
the parameter's kind: wrong types (str, None, dict, object(), complex, bool),
wrong ranks, mismatched shapes, empty arrays, NaN and inf, huge (1e308) and
tiny (1e-308) numbers, ragged lists, non-callables, bad steps and slopes.

The outcome must be one of:

* a ``TypeError`` or ``ValueError`` whose message starts with the function's
  name and names a replaced argument in quotes (``'delta'``, ``'chain[1]'``,
  ``'x' and 'y'``...);
* a result of the documented type and shape (NaN and inf propagate as in
  NumPy, so they may give NaN or inf, never a wrong shape);

and never another exception, a hang, or a storm of warnings.

A failing case is printed as the call itself, ``chainrule.square(x='abc')``,
ready to paste into a test of its own (the names it uses, ``np``,
``functools``, ``Fraction``, ``Opaque`` and the ``returns_*`` functions, are
this module's). ``make fuzz`` draws ten times as many cases, new on every run.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import signal
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from fractions import Fraction
from typing import Any

import book
import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from matplotlib.axes import Axes
from matplotlib.figure import Figure

import chainrule

#: A call may warn from at most this many places (a reader, under Python's
#: default filter, sees each place once). Hostile numbers can make each step of
#: a computation warn once: matrix_function_forward_backward_sum with inf in X
#: and W warns at X @ W (overflow, and inf - inf), at the sum and at both
#: gradients. A value computed twice would warn twice and exceed it. (The
#: diagrams' own bound, 2 places at 1e308, is in test_diagrams.py.) ...
MAX_WARNINGS = 5
#: ... and at most this many times in all: NumPy warns once per operation, and
#: a chain of six functions on inf input does a few operations per function.
MAX_RAW_WARNINGS = 30
#: A call still running after this many seconds is a hang.
HANG_SECONDS = 20

PUBLIC_FUNCTIONS = sorted(
    name for name in chainrule.__all__ if inspect.isfunction(getattr(chainrule, name))
)

COUNT = {"cases": 0, "errors": 0, "results": 0}


# -- valid values --------------------------------------------------------------

ELEMENTWISE = (
    chainrule.square,
    chainrule.sigmoid,
    chainrule.relu,
    chainrule.leaky_relu,
    functools.partial(chainrule.leaky_relu, alpha=0.1),
)
elementwise = st.sampled_from(ELEMENTWISE)
small = st.floats(-3, 3, allow_nan=False, allow_infinity=False)
sides = st.integers(1, 4)


def float_arrays(shape, elements=small):
    return hnp.arrays(np.float64, shape, elements=elements)


any_array = float_arrays(hnp.array_shapes(min_dims=0, max_dims=3, max_side=4))
one_number = st.one_of(small, float_arrays(()), float_arrays((1,)))


def chains(length=None):
    if length is None:
        return st.lists(elementwise, min_size=1, max_size=4)
    return st.lists(elementwise, min_size=length, max_size=length)


def sum_of_everything(*arrays):
    """A scalar function of any arrays, for numerical_gradient.

    Its own overflow (huge arrays) is not the library's warning: silenced.
    """
    with np.errstate(all="ignore"):
        return float(sum(np.sum(np.asarray(array)) for array in arrays))


# -- hostile values, by kind of parameter ------------------------------------------


class Opaque:
    """An object that is nothing in particular."""

    def __repr__(self) -> str:
        return "Opaque()"


def not_callable_values():
    return st.sampled_from(
        ["square", b"sigmoid", None, 3, 2.5, 1j, True, {}, {"f": 1}, Opaque()]
    )


special_floats = st.sampled_from(
    [np.nan, np.inf, -np.inf, 1e308, -1e308, 1e-308, -1e-308, 0.0, -0.0, 5e-324]
)
weird_elements = st.one_of(small, special_floats)

wrong_types = st.sampled_from(
    [
        "1.0",
        "",
        b"12",
        None,
        {},
        {"x": 1},
        Opaque(),
        1j,
        [1 + 2j, 3],
        np.array([1j, 2]),
        True,
        [True, False],
        np.array([True]),
        [1.0, None],
        ["a", "b"],
        [[1.0, 2.0], [3.0]],  # ragged
        [[1.0], 2.0],  # ragged
        [[[1.0, 2.0]], [[3.0]]],  # ragged, deeper
        {1.0, 2.0},
        np.array(["1", "2"]),
        np.array([1, 2], dtype=object),
        np.datetime64("2019-01-01"),
    ]
)


def hostile_arrays(min_dims=0, max_dims=3):
    """Arrays with odd shapes, empty axes, NaN, inf, huge and tiny numbers."""
    shapes = hnp.array_shapes(
        min_dims=min_dims, max_dims=max_dims, min_side=0, max_side=4
    )
    return st.one_of(
        float_arrays(shapes, weird_elements),
        hnp.arrays(np.int64, shapes, elements=st.integers(-(2**62), 2**62)),
        hnp.arrays(np.float32, shapes, elements=st.floats(-3, 3, width=32)),
        float_arrays(shapes, weird_elements).map(lambda a: a.tolist()),
        special_floats,
        st.integers(-(2**70), 2**70),  # beyond int64: numpy makes an object array
    )


def hostile_array_like():
    return st.one_of(wrong_types, hostile_arrays())


def hostile_matrix():
    return st.one_of(
        wrong_types,
        hostile_arrays(0, 1),  # 0-d and 1-d: wrong rank
        hostile_arrays(3, 3),  # 3-d: wrong rank
        hostile_arrays(2, 2),  # mismatched, empty, NaN, huge
    )


def hostile_chain():
    return st.one_of(
        not_callable_values(),
        st.just(chainrule.square),  # a function, not a list of them
        st.just([]),
        st.just(()),
        st.just(range(3)),
        st.just({chainrule.square}),
        st.just(np.array([chainrule.square, chainrule.sigmoid])),
        st.just("square"),
        st.lists(elementwise, min_size=0, max_size=6),  # wrong lengths
        st.lists(st.one_of(elementwise, not_callable_values()), min_size=1, max_size=4),
        st.lists(st.lists(elementwise, min_size=1, max_size=2), min_size=1, max_size=2),
    )


def hostile_function():
    return st.one_of(not_callable_values(), st.lists(elementwise, max_size=3))


# Callables whose value numerical_gradient cannot use.


def returns_array(*arrays):
    return np.zeros(3)


def returns_text(*arrays):
    return "1.0"


def returns_none(*arrays):
    return None


def returns_complex(*arrays):
    return 1j


def returns_nan(*arrays):
    return float("nan")


def returns_bool(*arrays):
    return True


def returns_empty(*arrays):
    return np.array([])


def bad_scalar_function():
    return st.sampled_from(
        [
            returns_array,
            returns_text,
            returns_none,
            returns_complex,
            returns_nan,
            returns_bool,
            returns_empty,
        ]
    )


steps = st.sampled_from(
    [
        0,
        0.0,
        -0.0,
        -1,
        -0.001,
        np.nan,
        np.inf,
        -np.inf,
        np.float64(np.nan),
        1e308,
        1e-308,
        5e-324,
        "0.001",
        None,
        True,
        False,
        1j,
        [0.001],
        np.array(0.001),
        Fraction(1, 1000),
        np.float32(0.001),
        np.int64(1),
    ]
)

slopes = st.sampled_from(
    [
        -0.1,
        1.5,
        2,
        np.nan,
        np.inf,
        -np.inf,
        1e308,
        1e-308,
        0,
        1,
        "0.2",
        None,
        True,
        1j,
        [0.2],
        np.array(0.2),
        np.float32(0.5),
        np.int64(0),
    ]
)

flags = st.sampled_from([0, 1, 2, "yes", "", None, 1.0, np.bool_(True), [True]])

indices = st.sampled_from(
    [-1, 99, 1.5, "0", None, True, np.float64(0), [0], np.int64(-1)]
)


def line_plot(y):
    """The Axes of a new figure with one line of ``y`` (NaN and inf allowed)."""
    _, ax = plt.subplots()
    ax.plot(y, label="y")
    return ax


plots = st.builds(
    line_plot, float_arrays(st.tuples(st.integers(1, 12)), weird_elements)
)

axes_values = st.sampled_from([None, "ax", 3, Opaque(), [None], "figure"])

#: plot_chain's ``length`` (the book's companion notebook's): never a chain's length.
lengths = st.sampled_from(
    [0, -1, 99, 2.5, "2", True, np.int64(99), [2], np.bool_(True)]
)

texts = st.one_of(st.text(max_size=5), st.sampled_from([3, None, b"x", 1.5]))


# -- the kind of every parameter, by name ------------------------------------------


@dataclass(frozen=True)
class Kind:
    valid: st.SearchStrategy[Any]
    hostile: st.SearchStrategy[Any]


KINDS: dict[str, Kind] = {
    # array-like inputs of elementwise functions
    "x": Kind(any_array, hostile_array_like()),
    "y": Kind(any_array, hostile_array_like()),
    "a": Kind(any_array, hostile_array_like()),
    "b": Kind(any_array, hostile_array_like()),
    "input_": Kind(any_array, hostile_array_like()),
    "input_range": Kind(any_array, hostile_array_like()),
    "inputs": Kind(float_arrays((3,)), hostile_array_like()),
    "output": Kind(st.none(), hostile_array_like()),
    "array": Kind(float_arrays((2, 3)), hostile_matrix()),
    # matrices
    "X": Kind(float_arrays((2, 3)), hostile_matrix()),
    "W": Kind(float_arrays((3, 2)), hostile_matrix()),
    "dLdS": Kind(float_arrays((2, 2)), hostile_matrix()),
    # functions
    "chain": Kind(chains(), hostile_chain()),
    "func": Kind(elementwise, hostile_function()),
    "sigma": Kind(elementwise, hostile_function()),
    # numbers
    "delta": Kind(st.floats(1e-4, 0.1), steps),
    "floor": Kind(st.floats(1e-12, 1e-3), steps),
    "alpha": Kind(st.floats(0, 1), slopes),
    # other
    "ax": Kind(st.none(), axes_values),
    "length": Kind(st.none(), lengths),
    "backward": Kind(st.booleans(), flags),
    "collapsed": Kind(st.booleans(), flags),
    "with_sum": Kind(st.booleans(), flags),
    "steps": Kind(st.booleans(), flags),
    "values": Kind(st.booleans(), flags),
    "index": Kind(st.just(0), indices),
    "plot": Kind(plots, axes_values),
    "variable": Kind(st.text(min_size=1, max_size=3), texts),
    "arrays": Kind(
        st.lists(any_array, min_size=1, max_size=3),
        st.lists(hostile_array_like(), min_size=0, max_size=3),
    ),
}


# -- valid calls that need more than one value per parameter -----------------------


@st.composite
def matmul_pair(draw, single_output=False, upstream=False):
    m, n, p = draw(sides), draw(sides), draw(sides)
    if single_output:
        m = p = 1
    pair = {"X": draw(float_arrays((m, n))), "W": draw(float_arrays((n, p)))}
    if upstream:  # dL/dS, in the shape of X @ W
        pair["dLdS"] = draw(float_arrays((m, p)))
    return pair


@st.composite
def small_matmul_pair(draw):
    """X and W whose product and factors have at most 9 elements each."""
    m, n, p = (draw(st.integers(1, 3)) for _ in range(3))
    return {"X": draw(float_arrays((m, n))), "W": draw(float_arrays((n, p)))}


def column_of(pair):
    return st.integers(0, pair["X"].shape[1] - 1)


@st.composite
def same_shape(draw, first, second):
    shape = draw(hnp.array_shapes(min_dims=0, max_dims=3, max_side=4))
    return {first: draw(float_arrays(shape)), second: draw(float_arrays(shape))}


def fixed(**values):
    return st.fixed_dictionaries(values)


@st.composite
def chain_and_length(draw):
    """A grid and a chain for plot_chain, with no ``length`` or the chain's own."""
    chain = draw(chains())
    return {
        "chain": chain,
        "input_range": draw(float_arrays(st.tuples(sides))),
        "length": draw(st.sampled_from([None, len(chain)])),
    }


#: Valid values drawn jointly, for functions whose parameters depend on each other.
COUPLED: dict[str, st.SearchStrategy[dict[str, Any]]] = {
    "chain_length_2": fixed(chain=chains(2)),
    "chain_length_3": fixed(chain=chains(3)),
    "chain_deriv_2": fixed(chain=chains(2)),
    "chain_deriv_3": fixed(chain=chains(3)),
    "matrix_function_backward": matmul_pair(upstream=True),
    "matrix_function_backward_1": matmul_pair(single_output=True),
    "matrix_function_backward_2": matmul_pair(single_output=True),
    "multiple_inputs_add": same_shape("x", "y"),
    "multiple_inputs_add_backward": same_shape("x", "y"),
    "multiple_inputs_multiply": same_shape("x", "y"),
    "multiple_inputs_multiply_backward": same_shape("x", "y"),
    "max_relative_error": same_shape("a", "b"),
    "numerical_gradient": fixed(
        func=st.just(sum_of_everything),
        arrays=st.lists(
            float_arrays(hnp.array_shapes(min_dims=0, max_dims=2, max_side=3)),
            min_size=1,
            max_size=3,
        ),
    ),
    "plot_chain": chain_and_length(),
    "plot_chain_deriv": chain_and_length(),
    # the diagrams draw single numbers, up to eight samples, small grids
    # a valid value-and-gradient graph: a chain of at most 4, not collapsed
    "draw_chain": st.one_of(
        fixed(input_=one_number, steps=st.just(False)),
        fixed(input_=one_number, steps=st.just(True), collapsed=st.just(False)),
    ),
    "draw_derivative_nudge": fixed(a=one_number),
    "draw_multiple_inputs_graph": fixed(x=one_number, y=one_number),
    "draw_function_box": fixed(
        func=st.one_of(elementwise, st.lists(elementwise, min_size=1, max_size=2)),
        inputs=float_arrays(st.tuples(st.integers(1, 8))),
    ),
    "draw_matrix_graph": st.one_of(
        matmul_pair().map(lambda d: {**d, "with_sum": True, "steps": False}),
        small_matmul_pair().map(
            lambda d: {**d, "with_sum": True, "steps": True, "collapsed": False}
        ),
    ),
    "draw_dot_product": matmul_pair(single_output=True),
    "draw_gradient_check": matmul_pair(single_output=True).flatmap(
        lambda d: fixed(**{k: st.just(v) for k, v in d.items()}, index=column_of(d))
    ),
}

#: Extra hostile values for one function's parameter.
EXTRA_HOSTILE: dict[tuple[str, str], st.SearchStrategy[Any]] = {
    ("numerical_gradient", "func"): bad_scalar_function(),
    ("plot_chain", "input_range"): hostile_arrays(2, 3),
    ("plot_chain_deriv", "input_range"): hostile_arrays(2, 3),
    ("draw_matrix_graph", "sigma"): st.none(),
    ("draw_array_axes", "array"): float_arrays(
        st.tuples(st.integers(7, 10), st.integers(1, 10))
    ),
    ("draw_function_box", "inputs"): float_arrays(st.tuples(st.integers(0, 10))),
}


# -- what a result must look like ---------------------------------------------------


def shape_of(value):
    return np.shape(np.asarray(value, dtype=np.float64))


def is_array_of(result, shape):
    assert isinstance(result, (np.ndarray, np.floating)), type(result)
    assert result.dtype.kind == "f", result.dtype
    assert np.shape(result) == shape, f"shape {np.shape(result)}, expected {shape}"


def is_number(result):
    assert isinstance(result, float), type(result)


def elementwise_result(arg):
    return lambda result, args: is_array_of(result, shape_of(args[arg]))


def matrix_result(rows_of, cols_of):
    def check(result, args):
        rows = shape_of(args[rows_of[0]])[rows_of[1]]
        cols = shape_of(args[cols_of[0]])[cols_of[1]]
        is_array_of(result, (rows, cols))

    return check


def pair_result(first, second):
    def check(result, args):
        assert isinstance(result, tuple) and len(result) == 2, type(result)
        is_array_of(result[0], shape_of(args[first]))
        is_array_of(result[1], shape_of(args[second]))

    return check


def chain_forward_result(result, args):
    assert isinstance(result, list), type(result)
    assert len(result) == len(args["chain"]) + 1
    for value in result:
        is_array_of(value, shape_of(args["input_"]))


def forward_backward_result(result, args):
    assert isinstance(result, tuple) and len(result) == 3, type(result)
    is_number(result[0])
    is_array_of(result[1], shape_of(args["X"]))
    is_array_of(result[2], shape_of(args["W"]))


def numerical_gradient_result(result, args):
    assert isinstance(result, tuple), type(result)
    assert len(result) == len(args["arrays"])
    for gradient, array in zip(result, args["arrays"], strict=True):
        is_array_of(gradient, shape_of(array))


def axes_result(result, args):
    assert isinstance(result, Axes), type(result)
    if args.get("ax") is not None:
        assert result is args["ax"]


def figure_result(result, args):
    assert isinstance(result, Figure), type(result)
    assert isinstance(result.get_label(), str) and result.get_label()


def text_result(result, args):
    assert isinstance(result, str), type(result)


def callable_result(result, args):
    assert callable(result), type(result)


def number_result(result, args):
    is_number(result)


CONTRACTS: dict[str, Callable[[Any, dict[str, Any]], None]] = {
    "square": elementwise_result("x"),
    "relu": elementwise_result("x"),
    "leaky_relu": elementwise_result("x"),
    "sigmoid": elementwise_result("x"),
    "square_derivative": elementwise_result("x"),
    "relu_derivative": elementwise_result("x"),
    "leaky_relu_derivative": elementwise_result("x"),
    "sigmoid_derivative": elementwise_result("x"),
    "deriv": elementwise_result("input_"),
    "exact_derivative": callable_result,
    "function_name": text_result,
    "composite_name": text_result,
    "chain_length_2": elementwise_result("a"),
    "chain_length_3": elementwise_result("a"),
    "chain_deriv_2": elementwise_result("input_range"),
    "chain_deriv_3": elementwise_result("input_range"),
    "chain_deriv": elementwise_result("input_"),
    "chain_forward": chain_forward_result,
    "multiple_inputs_add": elementwise_result("x"),
    "multiple_inputs_multiply": elementwise_result("x"),
    "multiple_inputs_add_backward": pair_result("x", "y"),
    "multiple_inputs_multiply_backward": pair_result("x", "y"),
    "matmul_forward": matrix_result(("X", 0), ("W", 1)),
    "matmul_backward_first": matrix_result(("W", 1), ("W", 0)),
    "matmul_backward_second": matrix_result(("X", 1), ("X", 0)),
    "matrix_forward_extra": matrix_result(("X", 0), ("W", 1)),
    "matrix_function_backward": pair_result("X", "W"),
    "matrix_function_backward_1": elementwise_result("X"),
    "matrix_function_backward_2": elementwise_result("W"),
    "matrix_function_backward_sum_1": elementwise_result("X"),
    "matrix_function_backward_sum_2": elementwise_result("W"),
    "matrix_function_forward_sum": number_result,
    "matrix_function_forward_backward_sum": forward_backward_result,
    "max_relative_error": number_result,
    "numerical_gradient": numerical_gradient_result,
    "plot_chain": axes_result,
    "plot_chain_deriv": axes_result,
    "draw_array_axes": figure_result,
    "draw_chain": figure_result,
    "draw_derivative_nudge": figure_result,
    "draw_function_box": figure_result,
    "draw_matrix_graph": figure_result,
    "draw_multiple_inputs_graph": figure_result,
    "draw_dot_product": figure_result,
    "draw_gradient_check": figure_result,
    "describe_plot": text_result,
}

#: Drawing a figure is slow: fewer examples for the functions that draw.
DRAWING = {
    name for name in CONTRACTS if name.startswith(("draw_", "plot_", "describe_"))
}


# -- making and judging a call -----------------------------------------------------


def literal(value: Any) -> str:
    """Python source for ``value``, to paste into a test of this module.

    ``repr`` is that for most values, but not for arrays (``array([nan])``),
    NaN and inf (``nan``), NumPy scalars holding them, or functions.
    """
    if isinstance(value, np.ndarray):
        text = f"np.array({literal(value.tolist())}, dtype={value.dtype.str!r})"
        return text + f".reshape({value.shape})" if value.size == 0 else text
    if isinstance(value, np.datetime64):
        return f"np.datetime64({str(value)!r})"
    if isinstance(value, np.generic):
        return f"np.{type(value).__name__}({literal(value.item())})"
    if isinstance(value, float) and not np.isfinite(value):
        return "np.nan" if np.isnan(value) else ("np.inf" if value > 0 else "-np.inf")
    if isinstance(value, list):
        return "[" + ", ".join(literal(item) for item in value) + "]"
    if isinstance(value, tuple):
        return "(" + "".join(literal(item) + ", " for item in value) + ")"
    if isinstance(value, dict):
        items = ", ".join(f"{literal(k)}: {literal(v)}" for k, v in value.items())
        return "{" + items + "}"
    if isinstance(value, set):
        return "{" + ", ".join(map(literal, value)) + "}" if value else "set()"
    if isinstance(value, functools.partial):
        parts = [literal(value.func), *map(literal, value.args)]
        parts += [f"{k}={literal(v)}" for k, v in value.keywords.items()]
        return f"functools.partial({', '.join(parts)})"
    if inspect.isfunction(value):
        public = getattr(chainrule, value.__name__, None) is value
        return f"chainrule.{value.__name__}" if public else value.__name__
    return repr(value)


@dataclass
class Call:
    name: str
    args: dict[str, Any]
    hostile: list[str] = field(default_factory=list)

    def __repr__(self) -> str:
        """The call as Python source: ``chainrule.square(x='abc')``."""
        positional, keywords = self.arguments()
        shown = [literal(v) for v in positional]
        shown += [f"{k}={literal(v)}" for k, v in keywords.items()]
        return f"chainrule.{self.name}({', '.join(shown)})"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        """Hypothesis prints a failing case with this (IPython's protocol)."""
        printer.text(repr(self))

    def arguments(self) -> tuple[list[Any], dict[str, Any]]:
        """The arguments: by keyword, except for ``*arrays`` and those before it."""
        signature = inspect.signature(getattr(chainrule, self.name))
        has_varargs = any(
            p.kind is p.VAR_POSITIONAL for p in signature.parameters.values()
        )
        positional, keywords = [], {}
        for parameter in signature.parameters.values():
            if parameter.name not in self.args:
                continue
            value = self.args[parameter.name]
            if parameter.kind is parameter.VAR_POSITIONAL:
                positional.extend(value)
            elif has_varargs and parameter.kind is parameter.POSITIONAL_OR_KEYWORD:
                positional.append(value)
            else:
                keywords[parameter.name] = value
        return positional, keywords

    def run(self):
        positional, keywords = self.arguments()
        return getattr(chainrule, self.name)(*positional, **keywords)

    def described(self) -> str:
        """For a failure message: the call, and which arguments are hostile."""
        return f"call: {self!r}\nhostile: {', '.join(self.hostile)}"


def parameters_of(name):
    return list(inspect.signature(getattr(chainrule, name)).parameters.values())


@st.composite
def hostile_calls(draw, name):
    """A valid call of ``name`` with one or two of its arguments made hostile."""
    parameters = parameters_of(name)
    coupled = draw(COUPLED.get(name, st.just({})))
    args = {}
    for parameter in parameters:
        if parameter.name in coupled:
            args[parameter.name] = coupled[parameter.name]
        elif parameter.default is not parameter.empty and draw(st.booleans()):
            continue  # leave the default in place
        else:
            args[parameter.name] = draw(KINDS[parameter.name].valid)
    names = [p.name for p in parameters]
    chosen = draw(st.lists(st.sampled_from(names), min_size=1, max_size=2, unique=True))
    for parameter in chosen:
        strategy = KINDS[parameter].hostile
        if (name, parameter) in EXTRA_HOSTILE:
            strategy = st.one_of(strategy, EXTRA_HOSTILE[(name, parameter)])
        args[parameter] = draw(strategy)
    return Call(name, args, chosen)


class Hang(BaseException):
    """Raised into a call that takes too long (BaseException: not swallowed)."""


@contextlib.contextmanager
def time_limit(seconds):
    def interrupt(signum, frame):
        raise Hang(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def names_an_argument(message, call):
    """Does the message name the function and one of the hostile arguments?"""
    if not message.startswith(f"{call.name}: "):
        return False
    for parameter in call.hostile:
        if f"'{parameter}'" in message or f"'{parameter}[" in message:
            return True
        if parameter == "arrays" and "at least one array" in message:
            return True  # numerical_gradient(func): no array at all
    return False


def judge(call):
    COUNT["cases"] += 1
    with warnings.catch_warnings(record=True) as caught, time_limit(HANG_SECONDS):
        warnings.simplefilter("always")
        try:
            result = call.run()
        except (TypeError, ValueError) as error:
            message = str(error)
            assert names_an_argument(message, call), (
                f"{type(error).__name__} does not name the function and a hostile "
                f"argument in quotes:\n  {message}\n{call.described()}"
            )
            COUNT["errors"] += 1
            result = None
        except Exception as error:
            raise AssertionError(
                f"{type(error).__name__} instead of a TypeError/ValueError: "
                f"{error}\n{call.described()}"
            ) from error
        else:
            try:
                CONTRACTS[call.name](result, call.args)
            except AssertionError as error:
                raise AssertionError(
                    f"wrong result ({error}): {result!r}\n{call.described()}"
                ) from None
            COUNT["results"] += 1
        finally:
            plt.close("all")
    places = {(str(w.message), w.filename, w.lineno) for w in caught}
    assert len(places) <= MAX_WARNINGS and len(caught) <= MAX_RAW_WARNINGS, (
        f"warning storm: {len(caught)} warnings from {len(places)} places: "
        f"{sorted(places)}\n{call.described()}"
    )


# -- the tests ----------------------------------------------------------------------


@pytest.fixture(scope="module", autouse=True)
def _report_count(summary_line):
    yield
    summary_line(
        f"hostile input: {COUNT['cases']} cases tried, "
        f"{COUNT['errors']} clear errors, {COUNT['results']} results"
    )


def test_every_public_function_is_covered():
    """A new public function needs a result contract and known parameter kinds."""
    missing = [name for name in PUBLIC_FUNCTIONS if name not in CONTRACTS]
    unknown = {
        f"{name}({p.name})"
        for name in PUBLIC_FUNCTIONS
        for p in parameters_of(name)
        if p.name not in KINDS
    }
    assert not missing, f"no result contract in CONTRACTS for: {missing}"
    assert not unknown, f"no kind in KINDS for the parameters: {sorted(unknown)}"
    assert len(PUBLIC_FUNCTIONS) >= 30


def _settings(name):
    return settings(
        max_examples=book.examples(20 if name in DRAWING else 100),
        deadline=timedelta(seconds=HANG_SECONDS),
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


@pytest.mark.hypothesis  # a property test (run inside), for `make fuzz`
@pytest.mark.parametrize("name", PUBLIC_FUNCTIONS)
def test_hostile_arguments(name):
    if name not in CONTRACTS or any(p.name not in KINDS for p in parameters_of(name)):
        pytest.fail(f"{name} is not covered: see test_every_public_function_is_covered")

    @_settings(name)
    @given(call=hostile_calls(name))
    def check(call):
        judge(call)

    check()


def outcome(call_it):
    """What a call gives: ("result", value) or ("error", type, message)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return ("result", call_it())
        except (TypeError, ValueError) as error:
            return ("error", type(error), str(error))


@settings(max_examples=book.examples(100), deadline=None)
@given(
    call=st.sampled_from(
        [name for name in PUBLIC_FUNCTIONS if name not in DRAWING]
    ).flatmap(hostile_calls)
)
def test_a_call_prints_as_python_that_makes_the_same_call(call):
    """What a failure prints can be pasted into a test: it does the same."""
    pasted = outcome(lambda: eval(repr(call), globals()))
    np.testing.assert_equal(pasted, outcome(call.run), err_msg=repr(call))
