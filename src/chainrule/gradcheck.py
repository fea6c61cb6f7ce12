"""Gradient checking: nudge every input, watch the output, compare.

A backward pass is trusted when its gradients agree with the slopes found by
nudging each input element up and down by a small ``delta``. That costs two
evaluations of the function per element, which is why nobody trains a network
this way, and why it is the best witness a backward pass can have.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy import ndarray
from numpy.typing import ArrayLike

from chainrule.validation import (
    as_float_array,
    check_callable,
    check_delta,
    describe,
)

__all__ = ["max_relative_error", "numerical_gradient"]


def numerical_gradient(
    func: Callable[..., object], *arrays: ArrayLike, delta: float = 0.001
) -> tuple[ndarray, ...]:
    """Central-difference gradient of a scalar function of several arrays.

    For every element of every array, evaluates ``func`` with that element
    raised and lowered by ``delta`` (all else held fixed) and takes the
    slope. This costs ``2 * total_size`` calls of ``func``.

    Parameters
    ----------
    func : callable
        ``func(*arrays)`` must return a single number.
    *arrays : array_like
        The inputs, one or more, of any shapes.
    delta : float, default 0.001
        The nudge; a positive, finite number.

    Returns
    -------
    tuple of numpy.ndarray
        One gradient per input array, each in that array's shape.

    Raises
    ------
    TypeError
        If ``func`` is not callable, an array is not numeric, ``delta`` is not
        a number, or no array is given.
    ValueError
        If ``delta`` is not positive and finite, or ``func`` does not return
        a single number.

    Examples
    --------
    >>> import numpy as np
    >>> from chainrule import (matrix_function_backward_sum_1,
    ...     matrix_function_forward_sum, numerical_gradient, sigmoid)
    >>> np.random.seed(190204)
    >>> X = np.random.randn(3, 3)
    >>> W = np.random.randn(3, 2)
    >>> dLdX, dLdW = numerical_gradient(
    ...     lambda X, W: matrix_function_forward_sum(X, W, sigmoid), X, W)
    >>> print(round(float(dLdX[0, 0]), 4))
    0.2489
    >>> bool(np.allclose(dLdX, matrix_function_backward_sum_1(X, W, sigmoid)))
    True
    """
    check_callable(func, "func", "numerical_gradient")
    delta = check_delta(delta, "numerical_gradient")
    if not arrays:
        raise TypeError(
            "numerical_gradient: give at least one array after 'func'; got none"
        )
    inputs = [
        as_float_array(array, f"arrays[{index}]", "numerical_gradient").copy()
        for index, array in enumerate(arrays)
    ]

    def evaluate() -> float:
        return _as_scalar(func(*inputs))

    evaluate()  # fail early, with a clear message, if func is not scalar
    # the math
    gradients = []
    for array in inputs:
        gradient = np.empty_like(array)
        flat, flat_gradient = array.reshape(-1), gradient.reshape(-1)
        for index in range(flat.size):
            original = flat[index]
            flat[index] = original + delta
            above = evaluate()
            flat[index] = original - delta
            below = evaluate()
            flat[index] = original
            flat_gradient[index] = (above - below) / (2 * delta)
        gradients.append(gradient)
    return tuple(gradients)


def max_relative_error(a: ArrayLike, b: ArrayLike, floor: float = 1e-8) -> float:
    """The largest elementwise relative difference between two gradients.

    For each element, :math:`|a - b| / \\max(|a|, |b|, \\text{floor})`; the
    floor keeps two near-zero values from looking far apart.

    Parameters
    ----------
    a, b : array_like
        Two arrays of the same shape.
    floor : float, default 1e-8
        The smallest denominator; a positive, finite number.

    Returns
    -------
    float
        0 for identical arrays; NaN if either holds NaN.

    Raises
    ------
    TypeError
        If ``a`` or ``b`` is not numeric.
    ValueError
        If the shapes differ.

    Examples
    --------
    >>> from chainrule import max_relative_error
    >>> round(max_relative_error([1.0, 2.0], [1.0, 2.002]), 6)
    0.000999
    """
    a = as_float_array(a, "a", "max_relative_error")
    b = as_float_array(b, "b", "max_relative_error")
    floor = check_delta(floor, "max_relative_error", name="floor")
    if a.shape != b.shape:
        raise ValueError(
            "max_relative_error: 'a' and 'b' must have the same shape; "
            f"got a.shape={a.shape} and b.shape={b.shape}"
        )
    # the math
    if a.size == 0:
        return 0.0
    scale = np.maximum(np.maximum(np.abs(a), np.abs(b)), floor)
    return float(np.max(np.abs(a - b) / scale))


def _as_scalar(value: object) -> float:
    array = np.asarray(value)
    if array.size != 1 or array.dtype.kind not in "iuf":
        raise ValueError(
            "numerical_gradient: 'func' must return a single number; "
            f"it returned {describe(array if array.ndim else value)}. "
            "Wrap an array-valued function in np.sum to check the gradient "
            "of its sum."
        )
    return float(array.reshape(-1)[0])
