"""Derivatives: the central difference, and the exact ones to check it against.

The derivative of :math:`f` at :math:`a` is the limit

.. math::

    \\frac{df}{du}(a) = \\lim_{\\Delta \\to 0}
    \\frac{f(a + \\Delta) - f(a - \\Delta)}{2 \\Delta},

and :func:`~chainrule.deriv` evaluates the fraction for one small :math:`\\Delta`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import numpy as np
from numpy import ndarray
from numpy.typing import ArrayLike

from chainrule.functions import (
    LEAKY_RELU_SLOPE,
    ArrayFunction,
    check_slope,
    function_name,
    leaky_relu,
    relu,
    sigmoid,
    square,
)
from chainrule.validation import as_float_array, check_callable, check_delta

__all__ = [
    "deriv",
    "exact_derivative",
    "leaky_relu_derivative",
    "relu_derivative",
    "sigmoid_derivative",
    "square_derivative",
]


def deriv(func: ArrayFunction, input_: ArrayLike, delta: float = 0.001) -> ndarray:
    """Central-difference derivative of ``func`` at every element of ``input_``.

    Computes :math:`(f(a + \\Delta) - f(a - \\Delta)) / (2\\Delta)` for each
    element ``a``. The error shrinks like :math:`\\Delta^2` until round-off
    takes over (below about ``1e-5`` for float64).

    Parameters
    ----------
    func : callable
        An elementwise function of one array, such as :func:`sigmoid`.
    input_ : array_like
        Where to take the derivative: a number, a list, or an array of any
        shape. Integers are converted to floats.
    delta : float, default 0.001
        The half-width of the difference; a positive, finite number.

    Returns
    -------
    numpy.ndarray
        The slopes, in the shape of ``func(input_)``.

    Raises
    ------
    TypeError
        If ``func`` is not callable, ``input_`` is not made of real numbers, or
        ``delta`` is not a number.
    ValueError
        If ``delta`` is not positive and finite, or ``input_`` is ragged.

    Examples
    --------
    >>> import numpy as np
    >>> from chainrule import deriv, sigmoid, square
    >>> deriv(square, [1, 2, 3])
    array([2., 4., 6.])
    >>> with np.printoptions(precision=4):
    ...     print(deriv(sigmoid, [-1.0, 0.0, 1.0]))
    [0.1966 0.25   0.1966]
    """
    check_callable(func, "func", "deriv")
    step = check_delta(delta, "deriv")
    points = as_float_array(input_, "input_", "deriv")
    return (func(points + step) - func(points - step)) / (2 * step)


def square_derivative(x: ArrayLike) -> ndarray:
    """Exact derivative of :func:`square`: :math:`2x`.

    Parameters
    ----------
    x : array_like
        Where to evaluate it.

    Returns
    -------
    numpy.ndarray
        ``2 * x``.

    Raises
    ------
    TypeError
        If ``x`` is not made of real numbers.

    Examples
    --------
    >>> from chainrule import square_derivative
    >>> square_derivative([1, -2])
    array([ 2., -4.])
    """
    return 2.0 * as_float_array(x, "x", "square_derivative")


def relu_derivative(x: ArrayLike) -> ndarray:
    """Exact derivative of :func:`relu`: 1 for :math:`x > 0`, else 0.

    At the kink, :math:`x = 0`, the derivative does not exist; like most
    libraries we use 0 there.

    Parameters
    ----------
    x : array_like
        Where to evaluate it.

    Returns
    -------
    numpy.ndarray
        Ones where ``x > 0``, zeros elsewhere.

    Raises
    ------
    TypeError
        If ``x`` is not made of real numbers.

    Examples
    --------
    >>> from chainrule import relu_derivative
    >>> relu_derivative([-1, 0, 2])
    array([0., 0., 1.])
    """
    values = as_float_array(x, "x", "relu_derivative")
    return np.where(values > 0, 1.0, 0.0)


def leaky_relu_derivative(x: ArrayLike, alpha: float = LEAKY_RELU_SLOPE) -> ndarray:
    """Exact derivative of :func:`leaky_relu`: 1 for :math:`x > 0`, else alpha.

    At :math:`x = 0` the derivative does not exist; we use ``alpha`` there.

    Parameters
    ----------
    x : array_like
        Where to evaluate it.
    alpha : float, default 0.2
        The slope for negative inputs, as given to :func:`leaky_relu`.

    Returns
    -------
    numpy.ndarray
        Ones where ``x > 0``, ``alpha`` elsewhere.

    Raises
    ------
    TypeError
        If ``x`` is not made of real numbers, or ``alpha`` is not a number.
    ValueError
        If ``alpha`` is not between 0 and 1.

    Examples
    --------
    >>> from chainrule import leaky_relu_derivative
    >>> leaky_relu_derivative([-1, 2])
    array([0.2, 1. ])
    """
    slope = check_slope(alpha, "leaky_relu_derivative")
    values = as_float_array(x, "x", "leaky_relu_derivative")
    return np.where(values > 0, 1.0, slope)


def sigmoid_derivative(x: ArrayLike) -> ndarray:
    """Exact derivative of :func:`sigmoid`: :math:`\\sigma(x)(1 - \\sigma(x))`.

    Parameters
    ----------
    x : array_like
        Where to evaluate it.

    Returns
    -------
    numpy.ndarray
        Values between 0 and 0.25.

    Raises
    ------
    TypeError
        If ``x`` is not made of real numbers.

    Examples
    --------
    >>> from chainrule import sigmoid_derivative
    >>> sigmoid_derivative([0, 1000])
    array([0.25, 0.  ])
    """
    s = sigmoid(as_float_array(x, "x", "sigmoid_derivative"))
    return s * (1.0 - s)


_EXACT: dict[Callable[..., ndarray], Callable[..., ndarray]] = {
    square: square_derivative,
    relu: relu_derivative,
    leaky_relu: leaky_relu_derivative,
    sigmoid: sigmoid_derivative,
}


def exact_derivative(func: ArrayFunction) -> ArrayFunction:
    """The exact derivative of one of the chapter's functions.

    Parameters
    ----------
    func : callable
        :func:`square`, :func:`relu`, :func:`leaky_relu` (also as a
        :func:`functools.partial` with another ``alpha``) or :func:`sigmoid`.

    Returns
    -------
    callable
        The matching ``*_derivative`` function.

    Raises
    ------
    TypeError
        If ``func`` is not callable.
    ValueError
        If no exact derivative of ``func`` is known; :func:`deriv` still
        gives a numerical one.

    Examples
    --------
    >>> import functools
    >>> from chainrule import exact_derivative, leaky_relu, sigmoid
    >>> exact_derivative(sigmoid).__name__
    'sigmoid_derivative'
    >>> gentle = functools.partial(leaky_relu, alpha=0.1)
    >>> exact_derivative(gentle)([-1.0, 1.0])
    array([0.1, 1. ])
    >>> exact_derivative(abs)
    Traceback (most recent call last):
    ...
    ValueError: exact_derivative: no exact derivative is known for 'func' = abs; known: square, relu, leaky_relu, sigmoid. Use deriv(func, x) for a numerical one.
    """
    check_callable(func, "func", "exact_derivative")
    if (
        isinstance(func, functools.partial)
        and func.func is leaky_relu
        and not func.args
        and set(func.keywords) <= {"alpha"}
    ):
        return functools.partial(leaky_relu_derivative, **func.keywords)
    for known_function, derivative in _EXACT.items():
        if func is known_function:
            return derivative
    known = ", ".join(function_name(f) for f in _EXACT)
    raise ValueError(
        f"exact_derivative: no exact derivative is known for 'func' = "
        f"{function_name(func)}; known: {known}. "
        "Use deriv(func, x) for a numerical one."
    )
