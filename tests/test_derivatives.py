"""deriv against the exact derivatives, and exact_derivative itself."""

from __future__ import annotations

import functools

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from chainrule import (
    deriv,
    exact_derivative,
    leaky_relu,
    leaky_relu_derivative,
    relu,
    relu_derivative,
    sigmoid,
    sigmoid_derivative,
    square,
    square_derivative,
)
from chainrule.derivatives import derivative_of
from chainrule.functions import LEAKY_RELU_SLOPE

PAIRS = [
    (square, square_derivative),
    (relu, relu_derivative),
    (leaky_relu, leaky_relu_derivative),
    (sigmoid, sigmoid_derivative),
]

#: Many points, but none within delta of ReLU's kink at 0.
POINTS = np.concatenate([np.linspace(-5, -0.01, 200), np.linspace(0.01, 5, 200)])


@pytest.mark.parametrize(("func", "exact"), PAIRS, ids=lambda f: f.__name__)
def test_deriv_matches_exact_derivative_away_from_kinks(func, exact):
    np.testing.assert_allclose(deriv(func, POINTS), exact(POINTS), rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("func", [relu, leaky_relu], ids=lambda f: f.__name__)
def test_deriv_across_the_kink_averages_the_two_slopes(func):
    left = exact_derivative(func)(-1.0)
    right = exact_derivative(func)(1.0)
    np.testing.assert_allclose(deriv(func, 0.0), (left + right) / 2)


def test_deriv_error_shrinks_like_delta_squared():
    x = np.array([0.7])
    errors = [
        abs(deriv(sigmoid, x, d)[0] - sigmoid_derivative(x)[0]) for d in (1e-1, 1e-2)
    ]
    assert 50 < errors[0] / errors[1] < 200


@given(
    hnp.arrays(
        np.float64, hnp.array_shapes(max_dims=3, max_side=4), elements=st.floats(-3, 3)
    )
)
def test_deriv_keeps_any_shape(x):
    assert deriv(sigmoid, x).shape == x.shape


def test_deriv_of_integers_is_float():
    result = deriv(square, np.array([1, 2, 3]))
    assert result.dtype == np.float64
    np.testing.assert_allclose(result, [2.0, 4.0, 6.0])


def test_deriv_of_a_scalar():
    assert float(deriv(square, 3)) == pytest.approx(6.0)


def test_deriv_validates_its_arguments():
    with pytest.raises(TypeError, match=r"deriv: 'func'"):
        deriv("square", 1.0)
    with pytest.raises(ValueError, match=r"deriv: 'delta'.*got -0.1"):
        deriv(square, 1.0, delta=-0.1)
    with pytest.raises(TypeError, match=r"deriv: 'input_'"):
        deriv(square, "1.0")


def test_deriv_propagates_nan_and_inf():
    result = deriv(square, np.array([np.nan, 1.0]))
    assert np.isnan(result[0]) and result[1] == pytest.approx(2.0)


def test_exact_derivative_knows_the_chapter_functions():
    for func, exact in PAIRS:
        assert exact_derivative(func) is exact


@pytest.mark.parametrize(
    "func",
    [
        np.tanh,
        lambda x: x**3,
        functools.partial(square),
        functools.partial(leaky_relu, 0.1),
        functools.partial(leaky_relu, alpha=0.05),
    ],
    ids=["tanh", "lambda", "partial(square)", "partial(leaky_relu, 0.1)", "alpha"],
)
def test_exact_derivative_refuses_functions_that_carry_none(func):
    with pytest.raises(ValueError, match="no exact derivative is attached to 'func'"):
        exact_derivative(func)


def test_a_partial_leaky_relu_pairs_with_a_partial_derivative():
    """No exact derivative follows a partial; the derivative takes alpha too."""
    gentle = functools.partial(leaky_relu, alpha=0.05)
    exact = functools.partial(leaky_relu_derivative, alpha=0.05)
    np.testing.assert_allclose(exact([-2.0, 2.0]), [0.05, 1.0])
    np.testing.assert_allclose(deriv(gentle, [-2.0, 2.0]), exact([-2.0, 2.0]))


def test_any_function_can_carry_its_derivative():
    """derivative_of attaches a derivative to a function of the reader's own."""

    def cube(x):
        return np.asarray(x, dtype=float) ** 3

    @derivative_of(cube)
    def cube_derivative(x, *, output=None):
        return 3 * np.asarray(x, dtype=float) ** 2

    assert exact_derivative(cube) is cube_derivative
    np.testing.assert_allclose(deriv(cube, POINTS), cube_derivative(POINTS), atol=2e-6)


@pytest.mark.parametrize(("func", "exact"), PAIRS, ids=lambda f: f.__name__)
def test_each_derivative_accepts_the_functions_output(func, exact):
    np.testing.assert_array_equal(exact(POINTS, output=func(POINTS)), exact(POINTS))


def test_sigmoid_derivative_takes_the_sigmoid_from_its_output():
    """Given sigmoid(x), it computes s(1 - s) from that, not the sigmoid again."""
    assert sigmoid_derivative(3.0, output=0.5) == 0.25
    s = sigmoid(POINTS)
    np.testing.assert_array_equal(sigmoid_derivative(POINTS, output=s), s * (1 - s))


@pytest.mark.parametrize("exact", [e for _, e in PAIRS], ids=lambda f: f.__name__)
def test_an_output_of_another_shape_is_refused(exact):
    with pytest.raises(
        ValueError, match=rf"{exact.__name__}: 'output' must have the shape of 'x'"
    ):
        exact(np.zeros(3), output=np.zeros(2))
    with pytest.raises(TypeError, match=rf"{exact.__name__}: 'output' must be"):
        exact(np.zeros(3), output="s")


def test_exact_derivative_refuses_non_callables():
    with pytest.raises(TypeError, match="exact_derivative: 'func'"):
        exact_derivative(2)


def test_sigmoid_derivative_is_quiet_far_out():
    np.testing.assert_array_equal(sigmoid_derivative([-1000.0, 1000.0]), [0.0, 0.0])


def test_exact_derivative_values_at_the_kinks():
    assert relu_derivative(0.0) == 0.0
    assert leaky_relu_derivative(0.0) == pytest.approx(0.2)


@pytest.mark.parametrize("delta", [1e-1, 1e-3, 1e-6])
def test_the_symmetric_limit_exists_where_no_derivative_does(delta):
    """Erratum: the book defines the derivative as the limit of the central
    difference. At Leaky ReLU's corner that limit is the average of the two slopes,
    for every delta, while the one-sided ratios of the definition keep apart: there
    is no derivative, and the symmetric limit does not show it."""
    right = (leaky_relu(delta) - leaky_relu(0.0)) / delta
    left = (leaky_relu(0.0) - leaky_relu(-delta)) / delta
    assert float(right) == pytest.approx(1.0)
    assert float(left) == pytest.approx(LEAKY_RELU_SLOPE)
    assert float(deriv(leaky_relu, 0.0, delta)) == pytest.approx((right + left) / 2)
