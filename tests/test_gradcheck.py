"""numerical_gradient and max_relative_error."""

from __future__ import annotations

import numpy as np
import pytest

from chainrule import max_relative_error, numerical_gradient


def test_gradient_of_a_quadratic_is_exact():
    a = np.array([[1.0, -2.0], [0.5, 3.0]])
    b = np.array([4.0, -1.0, 2.0])
    grad_a, grad_b = numerical_gradient(lambda a, b: np.sum(a**2) + np.sum(3 * b), a, b)
    np.testing.assert_allclose(grad_a, 2 * a, rtol=1e-9)
    np.testing.assert_allclose(grad_b, np.full(3, 3.0), rtol=1e-9)


def test_inputs_are_left_unchanged():
    x = np.array([1.0, 2.0])
    numerical_gradient(lambda x: float(np.prod(x)), x)
    np.testing.assert_array_equal(x, [1.0, 2.0])


def test_one_array_gives_a_one_tuple_and_lists_work():
    result = numerical_gradient(lambda x: float(np.sum(np.sin(x))), [0.0, 1.0])
    assert isinstance(result, tuple) and len(result) == 1
    np.testing.assert_allclose(result[0], np.cos([0.0, 1.0]), rtol=1e-6)


def test_counts_two_calls_per_element_plus_one():
    calls = []

    def func(x, y):
        calls.append(1)
        return float(np.sum(x) + np.sum(y))

    numerical_gradient(func, np.zeros((2, 3)), np.zeros(4))
    assert len(calls) == 2 * (6 + 4) + 1


def test_non_scalar_output_is_refused_with_advice():
    with pytest.raises(ValueError, match=r"single number.*shape \(3,\).*np.sum"):
        numerical_gradient(lambda x: x * 2, np.zeros(3))


def test_validation():
    with pytest.raises(TypeError, match="at least one array"):
        numerical_gradient(np.sum)
    with pytest.raises(TypeError, match="numerical_gradient: 'func'"):
        numerical_gradient("f", np.zeros(2))
    with pytest.raises(ValueError, match="numerical_gradient: 'delta'"):
        numerical_gradient(np.sum, np.zeros(2), delta=-1)
    with pytest.raises(TypeError, match=r"'arrays\[1\]'"):
        numerical_gradient(lambda a, b: 0.0, np.zeros(2), "b")


def test_empty_arrays_give_empty_gradients():
    (grad,) = numerical_gradient(lambda x: float(np.sum(x)), np.zeros((0, 3)))
    assert grad.shape == (0, 3)


def test_max_relative_error():
    assert max_relative_error([1.0, 2.0], [1.0, 2.0]) == 0.0
    assert max_relative_error([1.0, -2.0], [1.0, -1.0]) == pytest.approx(0.5)
    assert max_relative_error([0.0], [1e-12]) == pytest.approx(1e-4)
    assert max_relative_error([0.0], [1e-12], floor=1e-12) == pytest.approx(1.0)
    assert np.isnan(max_relative_error([np.nan], [1.0]))
    assert max_relative_error(np.zeros(0), np.zeros(0)) == 0.0


def test_max_relative_error_validation():
    with pytest.raises(ValueError, match=r"a.shape=\(2,\) and b.shape=\(3,\)"):
        max_relative_error(np.zeros(2), np.zeros(3))
    with pytest.raises(ValueError, match="max_relative_error: 'floor'"):
        max_relative_error([1.0], [1.0], floor=0)
