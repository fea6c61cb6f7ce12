"""The chapter's elementwise functions."""

from __future__ import annotations

import functools
import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from chainrule import (
    Array_Function,
    ArrayFunction,
    function_name,
    leaky_relu,
    relu,
    sigmoid,
    square,
)

finite = st.floats(-1e3, 1e3, allow_nan=False)
arrays = hnp.arrays(
    np.float64, hnp.array_shapes(max_dims=3, max_side=5), elements=finite
)


def test_book_spelling_is_an_alias():
    assert Array_Function is ArrayFunction


@given(arrays)
def test_square_matches_multiplication(x):
    np.testing.assert_array_equal(square(x), x * x)
    assert square(x).shape == x.shape


def test_square_of_integers_is_float_and_does_not_overflow():
    result = square(np.array([2**40], dtype=np.int64))
    assert result.dtype == np.float64
    assert result[0] == float(2**80)


def test_relu_and_leaky_relu_differ_below_zero():
    """The book plots ReLU but defines only Leaky ReLU; both exist here."""
    x = np.array([-2.0, -0.5, 0.0, 0.5, 2.0])
    np.testing.assert_array_equal(relu(x), [0.0, 0.0, 0.0, 0.5, 2.0])
    np.testing.assert_allclose(leaky_relu(x), [-0.4, -0.1, 0.0, 0.5, 2.0])
    assert np.all(relu(x[x < 0]) != leaky_relu(x[x < 0]))


def test_leaky_relu_slope_is_configurable_and_checked():
    np.testing.assert_allclose(leaky_relu([-1.0], alpha=0.0), [0.0])
    np.testing.assert_allclose(leaky_relu([-1.0], alpha=1.0), [-1.0])
    with pytest.raises(
        ValueError, match=r"leaky_relu: 'alpha' must be between 0 and 1"
    ):
        leaky_relu([1.0], alpha=1.5)
    with pytest.raises(TypeError, match=r"leaky_relu: 'alpha' must be a number"):
        leaky_relu([1.0], alpha="0.2")


@given(arrays)
def test_sigmoid_is_between_zero_and_one_and_symmetric(x):
    s = sigmoid(x)
    assert np.all((s >= 0) & (s <= 1))
    np.testing.assert_allclose(s + sigmoid(-x), 1.0, atol=1e-15)


def test_sigmoid_matches_the_textbook_formula_where_it_does_not_overflow():
    x = np.linspace(-30, 30, 121)
    np.testing.assert_allclose(sigmoid(x), 1 / (1 + np.exp(-x)), rtol=1e-15)


def test_sigmoid_is_quiet_at_extremes():
    """The book's 1 / (1 + exp(-x)) warns of overflow at x = -1000."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = sigmoid(np.array([-1000.0, 1000.0]))
    np.testing.assert_array_equal(result, [0.0, 1.0])
    with pytest.warns(RuntimeWarning, match="overflow"):
        1 / (1 + np.exp(-np.array([-1000.0])))


def test_nan_propagates_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for func in (square, relu, leaky_relu, sigmoid):
            assert np.isnan(func(np.array([np.nan]))[0]), function_name(func)


@pytest.mark.parametrize("func", [square, relu, leaky_relu, sigmoid])
def test_bad_input_names_the_function_and_argument(func):
    with pytest.raises(TypeError, match=rf"{func.__name__}: 'x' must be"):
        func("not a number")


def test_function_name():
    assert function_name(sigmoid) == "sigmoid"
    assert function_name(functools.partial(leaky_relu, alpha=0.1)) == (
        "leaky_relu(alpha=0.1)"
    )
    assert function_name(functools.partial(square)) == "square"

    class Doubler:
        def __call__(self, x):
            return 2 * x

    assert function_name(Doubler()) == "Doubler"
    with pytest.raises(TypeError, match="function_name: 'func'"):
        function_name(1)
