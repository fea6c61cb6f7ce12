"""The chapter's elementwise functions, and the NumPy they are built on.

Python lists and NumPy arrays answer ``+`` and ``*`` differently: lists join
and refuse to multiply, arrays work element by element.

>>> import numpy as np
>>> [1, 2, 3] + [4, 5, 6]
[1, 2, 3, 4, 5, 6]
>>> [1, 2, 3] * [4, 5, 6]
Traceback (most recent call last):
...
TypeError: can't multiply sequence by non-int of type 'list'
>>> print(np.array([1, 2, 3]) + np.array([4, 5, 6]))
[5 7 9]
>>> print(np.array([1, 2, 3]) * np.array([4, 5, 6]))
[ 4 10 18]

A 2-D array has two axes: summing over axis 0 collapses the rows (one total
per column), summing over axis 1 collapses the columns (one total per row).

>>> a = np.array([[1, 2], [3, 4]])
>>> print(a.sum(axis=0), a.sum(axis=1))
[4 6] [3 7]

A 1-D array is added to every row of a 2-D array whose rows are as long:

>>> print(np.array([[1, 2, 3], [4, 5, 6]]) + np.array([10, 20, 30]))
[[11 22 33]
 [14 25 36]]
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import numpy as np
from numpy import ndarray
from numpy.typing import ArrayLike

from chainrule.validation import as_float_array, check_callable, describe

__all__ = [
    "ArrayFunction",
    "Array_Function",
    "function_name",
    "leaky_relu",
    "relu",
    "sigmoid",
    "square",
]

#: A function that takes an array and returns an array of the same shape.
ArrayFunction = Callable[[ndarray], ndarray]

#: The book's spelling of :data:`ArrayFunction`.
Array_Function = ArrayFunction

LEAKY_RELU_SLOPE = 0.2


def square(x: ArrayLike) -> ndarray:
    """Square every element: :math:`f(x) = x^2`.

    Parameters
    ----------
    x : array_like
        Numbers, a list of numbers, or an array of any shape.

    Returns
    -------
    numpy.ndarray
        ``x ** 2``, as floats, in the shape of ``x``.

    Raises
    ------
    TypeError
        If ``x`` is not made of real numbers.

    Examples
    --------
    >>> from chainrule import square
    >>> square([-2, 0.5, 3])
    array([4.  , 0.25, 9.  ])
    """
    x = as_float_array(x, "x", "square")
    # the math
    return np.power(x, 2)


def relu(x: ArrayLike) -> ndarray:
    """Rectified linear unit: :math:`f(x) = \\max(x, 0)`, elementwise.

    Parameters
    ----------
    x : array_like
        Numbers, a list of numbers, or an array of any shape.

    Returns
    -------
    numpy.ndarray
        ``x`` where it is positive, 0 elsewhere.

    Raises
    ------
    TypeError
        If ``x`` is not made of real numbers.

    Examples
    --------
    >>> from chainrule import relu
    >>> relu([-2, 0, 3])
    array([0., 0., 3.])
    """
    x = as_float_array(x, "x", "relu")
    # the math
    return np.maximum(x, 0)


def leaky_relu(x: ArrayLike, alpha: float = LEAKY_RELU_SLOPE) -> ndarray:
    """Leaky ReLU: :math:`f(x) = \\max(\\alpha x, x)`, elementwise.

    Unlike :func:`relu`, negative inputs keep a small slope ``alpha``, so the
    derivative is never zero.

    Parameters
    ----------
    x : array_like
        Numbers, a list of numbers, or an array of any shape.
    alpha : float, default 0.2
        The slope for negative inputs (the book's 0.2); between 0 and 1.

    Returns
    -------
    numpy.ndarray
        ``x`` where it is positive, ``alpha * x`` elsewhere.

    Raises
    ------
    TypeError
        If ``x`` is not made of real numbers, or ``alpha`` is not a number.
    ValueError
        If ``alpha`` is not between 0 and 1.

    Examples
    --------
    >>> from chainrule import leaky_relu
    >>> leaky_relu([-2, 0, 3])
    array([-0.4,  0. ,  3. ])
    >>> leaky_relu([-2, 0, 3], alpha=0.1)
    array([-0.2,  0. ,  3. ])
    """
    alpha = check_slope(alpha, "leaky_relu")
    x = as_float_array(x, "x", "leaky_relu")
    # the math
    return np.maximum(alpha * x, x)


def check_slope(alpha: object, where: str) -> float:
    """Check Leaky ReLU's ``alpha``: a real number from 0 to 1.

    Parameters
    ----------
    alpha : object
        The slope for negative inputs.
    where : str
        The public function doing the check.

    Returns
    -------
    float
        ``alpha`` as a float.

    Raises
    ------
    TypeError
        If ``alpha`` is not a real number.
    ValueError
        If ``alpha`` is outside [0, 1] or NaN.

    Examples
    --------
    >>> from chainrule.functions import check_slope
    >>> check_slope(2, "leaky_relu")
    Traceback (most recent call last):
    ...
    ValueError: leaky_relu: 'alpha' must be between 0 and 1; got 2
    """
    if isinstance(alpha, bool) or not isinstance(alpha, (int, float, np.floating)):
        raise TypeError(f"{where}: 'alpha' must be a number; got {describe(alpha)}")
    if not 0 <= alpha <= 1:
        raise ValueError(f"{where}: 'alpha' must be between 0 and 1; got {alpha!r}")
    return float(alpha)


def sigmoid(x: ArrayLike) -> ndarray:
    """The logistic sigmoid: :math:`\\sigma(x) = 1 / (1 + e^{-x})`, elementwise.

    Computed with exactly this formula. For ``x`` below about -709,
    :math:`e^{-x}` overflows to infinity and the result is exactly 0, which is
    the right answer: that overflow is expected, so it does not warn. At
    ``x = 1000`` the result is exactly 1, and NaN stays NaN.

    Parameters
    ----------
    x : array_like
        Numbers, a list of numbers, or an array of any shape.

    Returns
    -------
    numpy.ndarray
        Values between 0 and 1, in the shape of ``x``.

    Raises
    ------
    TypeError
        If ``x`` is not made of real numbers.

    Examples
    --------
    >>> from chainrule import sigmoid
    >>> sigmoid([-1000, 0, 1000])
    array([0. , 0.5, 1. ])
    """
    x = as_float_array(x, "x", "sigmoid")
    # the math
    with np.errstate(over="ignore"):  # exp(1000) is inf, and 1 / inf is 0: right
        return 1 / (1 + np.exp(-x))


def function_name(func: Callable[..., object]) -> str:
    """The name a reader knows a function by, for labels and messages.

    Parameters
    ----------
    func : callable
        A function, a :func:`functools.partial` of one, or any callable.

    Returns
    -------
    str
        ``func.__name__``; for a partial, the wrapped name with its keyword
        arguments.

    Raises
    ------
    TypeError
        If ``func`` is not callable.

    Examples
    --------
    >>> import functools
    >>> from chainrule import function_name, leaky_relu, square
    >>> function_name(square)
    'square'
    >>> function_name(functools.partial(leaky_relu, alpha=0.1))
    'leaky_relu(alpha=0.1)'
    """
    check_callable(func, "func", "function_name")
    if isinstance(func, functools.partial):
        options = ", ".join(f"{key}={value!r}" for key, value in func.keywords.items())
        inner = function_name(func.func)
        return f"{inner}({options})" if options else inner
    name = getattr(func, "__name__", None)
    return name if isinstance(name, str) else type(func).__name__
