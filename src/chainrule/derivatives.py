"""Derivatives: the central difference, and the exact ones to check it against.

The derivative of :math:`f` at :math:`a` is the limit

.. math::

    \\frac{df}{du}(a) = \\lim_{\\Delta \\to 0}
    \\frac{f(a + \\Delta) - f(a)}{\\Delta},

and :func:`~chainrule.deriv` approximates it by the central difference
:math:`(f(a + \\Delta) - f(a - \\Delta)) / (2 \\Delta)` for one small
:math:`\\Delta`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, TypeVar

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
from chainrule.validation import (
    as_float_array,
    check_callable,
    check_delta,
    check_output,
)

__all__ = [
    "deriv",
    "exact_derivative",
    "leaky_relu_derivative",
    "relu_derivative",
    "sigmoid_derivative",
    "square_derivative",
]


class Derivative(Protocol):
    """An exact derivative: ``derivative(x)``, or ``derivative(x, output=f(x))``.

    A caller that has the function's value at ``x`` already (a forward pass
    does) hands it over as ``output``; a derivative that is cheaper from it,
    such as the sigmoid's :math:`\\sigma (1 - \\sigma)`, uses it.
    """

    def __call__(self, x: ArrayLike, /, *, output: ArrayLike | None = None) -> ndarray:
        """The derivative at ``x``."""
        ...


D = TypeVar("D", bound=Derivative)

#: The attribute that carries a function's exact derivative.
DERIVATIVE = "derivative"


def derivative_of(func: Callable[..., ndarray]) -> Callable[[D], D]:
    """Attach the decorated function to ``func`` as its exact derivative.

    The derivative travels with the function, as its ``derivative`` attribute,
    so that any function can carry one, a reader's own too, and no table of
    known functions is needed. :func:`exact_derivative` reads it back;
    functions without one (a :func:`functools.partial`, a lambda) have none,
    and :func:`deriv` stands in.

    Parameters
    ----------
    func : callable
        The function the decorated one is the derivative of.

    Returns
    -------
    callable
        The decorator, which returns the derivative unchanged.

    Examples
    --------
    >>> from chainrule import exact_derivative, sigmoid, sigmoid_derivative
    >>> exact_derivative(sigmoid) is sigmoid_derivative
    True
    """

    def attach(derivative: D) -> D:
        setattr(func, DERIVATIVE, derivative)
        return derivative

    return attach


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
    delta = check_delta(delta, "deriv")
    input_ = as_float_array(input_, "input_", "deriv")
    # the math
    return (func(input_ + delta) - func(input_ - delta)) / (2 * delta)


@derivative_of(square)
def square_derivative(x: ArrayLike, *, output: ArrayLike | None = None) -> ndarray:
    """Exact derivative of :func:`square`: :math:`2x`.

    Parameters
    ----------
    x : array_like
        Where to evaluate it.
    output : array_like, optional
        ``square(x)``, if the caller has it; not needed, since :math:`2x`
        needs ``x`` only. Every exact derivative accepts it (see
        :func:`exact_derivative`).

    Returns
    -------
    numpy.ndarray
        ``2 * x``.

    Raises
    ------
    TypeError
        If ``x`` or ``output`` is not made of real numbers.
    ValueError
        If ``output`` is not shaped like ``x``.

    Examples
    --------
    >>> from chainrule import square_derivative
    >>> square_derivative([1, -2])
    array([ 2., -4.])
    """
    x = as_float_array(x, "x", "square_derivative")
    check_output(output, x, "square_derivative")
    # the math
    return 2 * x


@derivative_of(relu)
def relu_derivative(x: ArrayLike, *, output: ArrayLike | None = None) -> ndarray:
    """Exact derivative of :func:`relu`: 1 for :math:`x > 0`, else 0.

    At the kink, :math:`x = 0`, the derivative does not exist; like most
    libraries we use 0 there.

    Parameters
    ----------
    x : array_like
        Where to evaluate it.
    output : array_like, optional
        ``relu(x)``, if the caller has it; not needed. Every exact derivative
        accepts it (see :func:`exact_derivative`).

    Returns
    -------
    numpy.ndarray
        Ones where ``x > 0``, zeros elsewhere.

    Raises
    ------
    TypeError
        If ``x`` or ``output`` is not made of real numbers.
    ValueError
        If ``output`` is not shaped like ``x``.

    Examples
    --------
    >>> from chainrule import relu_derivative
    >>> relu_derivative([-1, 0, 2])
    array([0., 0., 1.])
    """
    x = as_float_array(x, "x", "relu_derivative")
    check_output(output, x, "relu_derivative")
    # the math
    return np.where(x > 0, 1.0, 0.0)


@derivative_of(leaky_relu)
def leaky_relu_derivative(
    x: ArrayLike, alpha: float = LEAKY_RELU_SLOPE, *, output: ArrayLike | None = None
) -> ndarray:
    """Exact derivative of :func:`leaky_relu`: 1 for :math:`x > 0`, else alpha.

    At :math:`x = 0` the derivative does not exist; we use ``alpha`` there.

    Parameters
    ----------
    x : array_like
        Where to evaluate it.
    alpha : float, default 0.2
        The slope for negative inputs, as given to :func:`leaky_relu`.
    output : array_like, optional
        ``leaky_relu(x, alpha)``, if the caller has it; not needed. Every
        exact derivative accepts it (see :func:`exact_derivative`).

    Returns
    -------
    numpy.ndarray
        Ones where ``x > 0``, ``alpha`` elsewhere.

    Raises
    ------
    TypeError
        If ``x`` or ``output`` is not made of real numbers, or ``alpha`` is
        not a number.
    ValueError
        If ``alpha`` is not between 0 and 1, or ``output`` is not shaped like
        ``x``.

    Examples
    --------
    >>> from chainrule import leaky_relu_derivative
    >>> leaky_relu_derivative([-1, 2])
    array([0.2, 1. ])
    """
    alpha = check_slope(alpha, "leaky_relu_derivative")
    x = as_float_array(x, "x", "leaky_relu_derivative")
    check_output(output, x, "leaky_relu_derivative")
    # the math
    return np.where(x > 0, 1.0, alpha)


@derivative_of(sigmoid)
def sigmoid_derivative(x: ArrayLike, *, output: ArrayLike | None = None) -> ndarray:
    """Exact derivative of :func:`sigmoid`: :math:`\\sigma(x)(1 - \\sigma(x))`.

    Parameters
    ----------
    x : array_like
        Where to evaluate it.
    output : array_like, optional
        ``sigmoid(x)``, if the caller has it already (a forward pass does):
        the derivative is then ``output * (1 - output)``, without computing
        the sigmoid a second time.

    Returns
    -------
    numpy.ndarray
        Values between 0 and 0.25.

    Raises
    ------
    TypeError
        If ``x`` or ``output`` is not made of real numbers.
    ValueError
        If ``output`` is not shaped like ``x``.

    Examples
    --------
    >>> from chainrule import sigmoid, sigmoid_derivative
    >>> sigmoid_derivative([0, 1000])
    array([0.25, 0.  ])
    >>> sigmoid_derivative([0, 1000], output=sigmoid([0, 1000]))
    array([0.25, 0.  ])
    """
    x = as_float_array(x, "x", "sigmoid_derivative")
    output = check_output(output, x, "sigmoid_derivative")
    # the math
    s = sigmoid(x) if output is None else output
    return s * (1 - s)


def exact_derivative(func: ArrayFunction) -> Callable[..., ndarray]:
    """The exact derivative attached to a function, such as :func:`sigmoid`.

    The chapter's functions carry theirs: :func:`square`, :func:`relu`,
    :func:`leaky_relu` and :func:`sigmoid`. A derivative can be called with
    the function's output at the same point as well, ``derivative(x,
    output=func(x))``, which spares the sigmoid's derivative computing the
    sigmoid again.

    Parameters
    ----------
    func : callable
        A function of one array.

    Returns
    -------
    callable
        The matching ``*_derivative`` function.

    Raises
    ------
    TypeError
        If ``func`` is not callable.
    ValueError
        If ``func`` carries no exact derivative (a lambda, a
        :func:`functools.partial`, NumPy's functions); :func:`deriv` still
        gives a numerical one.

    Examples
    --------
    >>> import functools
    >>> from chainrule import exact_derivative, leaky_relu, sigmoid
    >>> exact_derivative(sigmoid).__name__
    'sigmoid_derivative'
    >>> exact_derivative(functools.partial(leaky_relu, alpha=0.1))
    Traceback (most recent call last):
    ...
    ValueError: exact_derivative: no exact derivative is attached to 'func' = leaky_relu(alpha=0.1); the chapter's functions square, relu, leaky_relu and sigmoid carry one. Use deriv(func, x) for a numerical one.
    """
    check_callable(func, "func", "exact_derivative")
    derivative: Derivative | None = getattr(func, DERIVATIVE, None)
    if derivative is None:
        raise ValueError(
            "exact_derivative: no exact derivative is attached to 'func' = "
            f"{function_name(func)}; the chapter's functions square, relu, "
            "leaky_relu and sigmoid carry one. Use deriv(func, x) for a "
            "numerical one."
        )
    return derivative


def local_derivative(
    func: ArrayFunction, x: ndarray, output: ndarray | None = None
) -> ndarray:
    """The derivative of ``func`` at ``x``: exact when attached, else :func:`deriv`.

    Parameters
    ----------
    func : callable
        An elementwise function, already checked to be callable.
    x : numpy.ndarray
        Where to take the derivative.
    output : numpy.ndarray, optional
        ``func(x)``, if the caller has it; handed to an exact derivative.

    Returns
    -------
    numpy.ndarray
        The slopes, in the shape of ``x``.

    Examples
    --------
    >>> import numpy as np
    >>> from chainrule import sigmoid
    >>> from chainrule.derivatives import local_derivative
    >>> local_derivative(sigmoid, np.zeros(2))
    array([0.25, 0.25])
    >>> local_derivative(np.tanh, np.zeros(2)).round(6)
    array([1., 1.])
    """
    derivative: Derivative | None = getattr(func, DERIVATIVE, None)
    if derivative is None:
        return deriv(func, x)
    return derivative(x, output=output)
