"""Functions of two inputs, forward and backward, with addition and multiplication."""

from __future__ import annotations

import inspect
import typing

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from chainrule import (
    exact_derivative,
    multiple_inputs_add,
    multiple_inputs_add_backward,
    multiple_inputs_multiply,
    multiple_inputs_multiply_backward,
    numerical_gradient,
    sigmoid,
    square,
)

FORWARD_BACKWARD = [
    (multiple_inputs_add, multiple_inputs_add_backward),
    (multiple_inputs_multiply, multiple_inputs_multiply_backward),
]
pairs = hnp.array_shapes(max_dims=2, max_side=4).flatmap(
    lambda shape: st.tuples(
        hnp.arrays(np.float64, shape, elements=st.floats(-2, 2)),
        hnp.arrays(np.float64, shape, elements=st.floats(-2, 2)),
    )
)


@pytest.mark.parametrize(("forward", "backward"), FORWARD_BACKWARD)
@pytest.mark.parametrize("sigma", [sigmoid, square])
@given(xy=pairs)
def test_backward_matches_numerical_gradient_of_the_sum(forward, backward, sigma, xy):
    x, y = xy
    dsdx, dsdy = backward(x, y, sigma)
    num_x, num_y = numerical_gradient(lambda a, b: np.sum(forward(a, b, sigma)), x, y)
    np.testing.assert_allclose(dsdx, num_x, rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(dsdy, num_y, rtol=1e-6, atol=1e-8)


def test_add_backward_is_sigma_prime_for_both_inputs():
    x, y = np.array([0.5, -1.0]), np.array([0.25, 3.0])
    dsdx, dsdy = multiple_inputs_add_backward(x, y, sigmoid)
    expected = exact_derivative(sigmoid)(x + y)
    np.testing.assert_allclose(dsdx, expected, rtol=1e-6)
    np.testing.assert_array_equal(dsdx, dsdy)


def test_multiply_backward_swaps_the_inputs():
    x, y = np.array([2.0]), np.array([3.0])
    dsdx, dsdy = multiple_inputs_multiply_backward(x, y, square)
    # s = (xy)^2: ds/dx = 2xy * y, ds/dy = 2xy * x
    np.testing.assert_allclose(dsdx, 2 * x * y * y, rtol=1e-9)
    np.testing.assert_allclose(dsdy, 2 * x * y * x, rtol=1e-9)


@pytest.mark.parametrize("func", [f for pair in FORWARD_BACKWARD for f in pair])
def test_mismatched_shapes_raise_with_both_shapes(func):
    with pytest.raises(ValueError, match=r"x.shape=\(2,\) and y.shape=\(3,\)"):
        func(np.zeros(2), np.zeros(3), sigmoid)


@pytest.mark.parametrize("func", [f for pair in FORWARD_BACKWARD for f in pair])
def test_sigma_must_be_callable(func):
    with pytest.raises(TypeError, match=rf"{func.__name__}: 'sigma'"):
        func([1.0], [2.0], "sigmoid")


def test_lists_are_accepted():
    np.testing.assert_allclose(multiple_inputs_add([1, 2], [3, 4], square), [16, 36])


def test_backward_functions_have_docstrings():
    """The book's backward function is delimited by `...`: a syntax error."""
    for func in (multiple_inputs_add_backward, multiple_inputs_multiply_backward):
        doc = inspect.getdoc(func)
        assert doc is not None and "Returns" in doc


def test_return_annotations_match_results():
    """The book annotates these `-> float` though they return arrays."""
    x, y = np.array([1.0]), np.array([2.0])
    for forward, backward in FORWARD_BACKWARD:
        assert typing.get_type_hints(forward)["return"] is np.ndarray
        assert isinstance(forward(x, y, sigmoid), np.ndarray)
        hint = typing.get_type_hints(backward)["return"]
        assert typing.get_origin(hint) is tuple
        result = backward(x, y, sigmoid)
        assert isinstance(result, tuple) and len(result) == len(typing.get_args(hint))
        assert all(isinstance(part, np.ndarray) for part in result)


def test_sigma_must_be_differentiable_not_only_continuous():
    """Erratum: the book lets sigma be 'any continuous function'. abs is continuous;
    at x + y = 0 the backward pass returns 0, yet a nudge of x by eps of either sign
    raises s by |eps|: no slope describes that, since abs has no derivative there."""
    x, y = np.array([1.0]), np.array([-1.0])
    dsdx, _ = multiple_inputs_add_backward(x, y, np.abs)
    assert dsdx[0] == 0.0
    s = multiple_inputs_add(x, y, np.abs)
    for eps in (1e-3, -1e-3):
        change = multiple_inputs_add(x + eps, y, np.abs) - s
        assert change[0] == pytest.approx(abs(eps))
        assert change[0] != pytest.approx(dsdx[0] * eps)
