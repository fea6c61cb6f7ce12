"""Functions of two inputs: combine ``x`` and ``y``, then apply ``sigma``.

With :math:`a = \\alpha(x, y)` and :math:`s = \\sigma(a)`, the chain rule gives
:math:`\\partial s / \\partial x = \\sigma'(a) \\times \\partial \\alpha / \\partial x`,
and the same for :math:`y`. For addition both partials of :math:`\\alpha` are 1;
for multiplication (the chapter's exercise) they are :math:`y` and :math:`x`.
"""

from __future__ import annotations

from numpy import ndarray
from numpy.typing import ArrayLike

from chainrule.derivatives import deriv
from chainrule.functions import ArrayFunction
from chainrule.validation import as_float_array, check_callable, check_same_shape

__all__ = [
    "multiple_inputs_add",
    "multiple_inputs_add_backward",
    "multiple_inputs_multiply",
]


def multiple_inputs_add(x: ArrayLike, y: ArrayLike, sigma: ArrayFunction) -> ndarray:
    """Forward pass of :math:`f(x, y) = \\sigma(x + y)`.

    Parameters
    ----------
    x, y : array_like
        Two inputs of the same shape.
    sigma : callable
        An elementwise function, such as :func:`~chainrule.sigmoid`.

    Returns
    -------
    numpy.ndarray
        ``sigma(x + y)``, in the shape of ``x``.

    Raises
    ------
    TypeError
        If ``x`` or ``y`` is not numeric, or ``sigma`` is not callable.
    ValueError
        If ``x`` and ``y`` differ in shape.

    Examples
    --------
    >>> from chainrule import multiple_inputs_add, square
    >>> multiple_inputs_add([1, 2], [3, 4], square)
    array([16., 36.])
    """
    x = as_float_array(x, "x", "multiple_inputs_add")
    y = as_float_array(y, "y", "multiple_inputs_add")
    check_same_shape(x, y, "multiple_inputs_add")
    check_callable(sigma, "sigma", "multiple_inputs_add")
    # the math
    a = x + y
    return sigma(a)


def multiple_inputs_add_backward(
    x: ArrayLike, y: ArrayLike, sigma: ArrayFunction
) -> tuple[ndarray, ndarray]:
    """Both partial derivatives of :math:`\\sigma(x + y)`.

    Parameters
    ----------
    x, y : array_like
        Two inputs of the same shape.
    sigma : callable
        An elementwise function.

    Returns
    -------
    dsdx, dsdy : numpy.ndarray
        :math:`\\sigma'(x + y) \\times 1` for each input (they are equal).

    Raises
    ------
    TypeError
        If ``x`` or ``y`` is not numeric, or ``sigma`` is not callable.
    ValueError
        If ``x`` and ``y`` differ in shape.

    Examples
    --------
    >>> from chainrule import multiple_inputs_add_backward, sigmoid
    >>> dsdx, dsdy = multiple_inputs_add_backward([0.0], [1.0], sigmoid)
    >>> dsdx.round(4), dsdy.round(4)
    (array([0.1966]), array([0.1966]))
    """
    x = as_float_array(x, "x", "multiple_inputs_add_backward")
    y = as_float_array(y, "y", "multiple_inputs_add_backward")
    check_same_shape(x, y, "multiple_inputs_add_backward")
    check_callable(sigma, "sigma", "multiple_inputs_add_backward")
    # the math
    # forward pass
    a = x + y

    # backward pass
    dsda = deriv(sigma, a)
    dadx, dady = 1, 1
    return dsda * dadx, dsda * dady


def multiple_inputs_multiply(
    x: ArrayLike, y: ArrayLike, sigma: ArrayFunction
) -> ndarray:
    """Forward pass of :math:`f(x, y) = \\sigma(x \\times y)` (the exercise).

    Parameters
    ----------
    x, y : array_like
        Two inputs of the same shape.
    sigma : callable
        An elementwise function.

    Returns
    -------
    numpy.ndarray
        ``sigma(x * y)``, in the shape of ``x``.

    Raises
    ------
    TypeError
        If ``x`` or ``y`` is not numeric, or ``sigma`` is not callable.
    ValueError
        If ``x`` and ``y`` differ in shape.

    Examples
    --------
    >>> from chainrule import multiple_inputs_multiply, square
    >>> multiple_inputs_multiply([1, 2], [3, 4], square)
    array([ 9., 64.])
    """
    x = as_float_array(x, "x", "multiple_inputs_multiply")
    y = as_float_array(y, "y", "multiple_inputs_multiply")
    check_same_shape(x, y, "multiple_inputs_multiply")
    check_callable(sigma, "sigma", "multiple_inputs_multiply")
    # the math
    a = x * y
    return sigma(a)
