"""The shared input checks, and that errors survive ``python -O``."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from chainrule.validation import (
    as_float_array,
    check_callable,
    check_chain,
    check_delta,
    check_matmul_shapes,
    check_same_shape,
    describe,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(3, np.array(3.0)), ([1, 2], np.array([1.0, 2.0])), (np.int8(-4), np.array(-4.0))],
)
def test_numbers_and_lists_become_float_arrays(value, expected):
    result = as_float_array(value, "x", "square")
    assert result.dtype == np.float64
    np.testing.assert_array_equal(result, expected)


def test_float_arrays_are_not_copied():
    array = np.arange(3.0)
    assert as_float_array(array, "x", "square") is array


@pytest.mark.parametrize("bad", ["1.5", b"12", [1, "a"], None, {1: 2}, [True, False]])
def test_non_numbers_raise_type_error_naming_the_argument(bad):
    with pytest.raises(TypeError, match=r"square: 'x' must be a number or an array"):
        as_float_array(bad, "x", "square")


def test_complex_numbers_are_refused():
    with pytest.raises(TypeError, match="dtype complex128"):
        as_float_array(np.array([1 + 2j]), "x", "sigmoid")


def test_ragged_lists_raise_value_error():
    with pytest.raises(ValueError, match=r"'x'.*unequal length"):
        as_float_array([[1, 2], [3]], "x", "relu")


def test_nan_and_inf_are_accepted():
    result = as_float_array([np.nan, np.inf], "x", "square")
    assert np.isnan(result[0]) and np.isinf(result[1])


def test_check_callable():
    check_callable(len, "func", "deriv")
    with pytest.raises(TypeError, match=r"deriv: 'func' must be a function.*got list"):
        check_callable([], "func", "deriv")


@pytest.mark.parametrize("delta", [0, -0.1, float("nan"), float("inf")])
def test_bad_delta_values(delta):
    with pytest.raises(ValueError, match=r"'delta' must be a positive, finite number"):
        check_delta(delta, "deriv")


@pytest.mark.parametrize("delta", ["0.1", None, True, 1j])
def test_bad_delta_types(delta):
    with pytest.raises(TypeError, match=r"'delta' must be a positive, finite number"):
        check_delta(delta, "deriv")


def test_delta_accepts_numpy_and_int():
    assert check_delta(np.float32(0.5), "deriv") == 0.5
    assert check_delta(1, "deriv") == 1.0


def test_check_chain_rejects_non_lists_empty_and_non_callables():
    with pytest.raises(TypeError, match="'chain' must be a list of functions; got str"):
        check_chain("square", "chain_deriv")
    with pytest.raises(ValueError, match="at least one function; got 0"):
        check_chain([], "chain_deriv")
    with pytest.raises(TypeError, match=r"'chain\[1\]' must be a function.*got int"):
        check_chain([abs, 3], "chain_deriv")
    with pytest.raises(ValueError, match="exactly 3 functions; got 2"):
        check_chain([abs, abs], "chain_deriv_3", length=3)


def test_shape_checks_print_both_shapes():
    with pytest.raises(ValueError, match=r"x.shape=\(2, 2\) and y.shape=\(4,\)"):
        check_same_shape(np.zeros((2, 2)), np.zeros(4), "f")
    with pytest.raises(ValueError, match=r"'X' must be a 2-D array.*X.shape=\(3,\)"):
        check_matmul_shapes(np.zeros(3), np.zeros((3, 1)), "f")
    with pytest.raises(ValueError, match=r"'W' must be a 2-D array.*\(3, 1, 1\)"):
        check_matmul_shapes(np.zeros((1, 3)), np.zeros((3, 1, 1)), "f")


def test_describe_shortens_long_strings():
    assert describe("x" * 50) == "str 'xxxxxxxxxxxxxxxxx...'"
    assert describe(3.0) == "float"


BAD_CALLS = """
import numpy as np
import chainrule as cr
calls = [
    lambda: cr.chain_length_2([cr.square], 1.0),
    lambda: cr.deriv(cr.square, 1.0, delta=0),
    lambda: cr.matmul_forward(np.zeros((1, 3)), np.zeros((2, 1))),
    lambda: cr.multiple_inputs_add(np.zeros(2), np.zeros(3), cr.sigmoid),
    lambda: cr.chain_deriv([], 1.0),
    lambda: cr.matrix_function_backward_sum_1(np.zeros((2, 2)), np.zeros((2, 2)), 5),
]
for call in calls:
    try:
        call()
    except (TypeError, ValueError) as error:
        print(type(error).__name__)
    else:
        print("no error")
"""


def test_errors_survive_python_O():
    """The book validates with `assert`, which `python -O` strips; we do not."""
    done = subprocess.run(
        [sys.executable, "-O", "-c", BAD_CALLS],
        capture_output=True,
        text=True,
        check=True,
    )
    lines = done.stdout.split()
    assert lines == [
        "ValueError",
        "ValueError",
        "ValueError",
        "ValueError",
        "ValueError",
        "TypeError",
    ]
