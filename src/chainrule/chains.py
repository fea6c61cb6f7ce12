"""Nested functions ("chains") and the chain rule.

A chain ``[f1, f2, f3]`` stands for the composite :math:`f_3(f_2(f_1(x)))`:
the first function in the list is applied first. Its derivative is the
product of each function's derivative, taken at that function's own input:

.. math::

    \\frac{d(f_3 \\circ f_2 \\circ f_1)}{du}(x) = \\frac{df_3}{du}(f_2(f_1(x)))
    \\times \\frac{df_2}{du}(f_1(x)) \\times \\frac{df_1}{du}(x).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from numpy import ndarray
from numpy.typing import ArrayLike

from chainrule.derivatives import deriv
from chainrule.functions import ArrayFunction, function_name
from chainrule.validation import as_float_array, check_chain, check_delta

__all__ = [
    "Chain",
    "chain_deriv",
    "chain_deriv_2",
    "chain_deriv_3",
    "chain_forward",
    "chain_length_2",
    "chain_length_3",
    "composite_name",
]

#: A list of functions, applied first to last.
Chain = list[ArrayFunction]


def chain_length_2(chain: Chain, a: ArrayLike) -> ndarray:
    """Evaluate a chain of two functions: :math:`f_2(f_1(a))`.

    Parameters
    ----------
    chain : list of callable
        Exactly two functions ``[f1, f2]``; ``f1`` is applied first.
    a : array_like
        The input: a number, a list or an array of any shape.

    Returns
    -------
    numpy.ndarray
        ``f2(f1(a))``.

    Raises
    ------
    TypeError
        If ``chain`` is not a list of callables, or ``a`` is not numeric.
    ValueError
        If ``chain`` does not hold exactly two functions.

    Examples
    --------
    >>> from chainrule import chain_length_2, sigmoid, square
    >>> chain_length_2([square, sigmoid], [0.0, 2.0]).round(4)
    array([0.5  , 0.982])
    """
    check_chain(chain, "chain_length_2", length=2)
    a = as_float_array(a, "a", "chain_length_2")
    # the math
    f1, f2 = chain
    return f2(f1(a))


def chain_length_3(chain: Chain, a: ArrayLike) -> ndarray:
    """Evaluate a chain of three functions: :math:`f_3(f_2(f_1(a)))`.

    Parameters
    ----------
    chain : list of callable
        Exactly three functions ``[f1, f2, f3]``; ``f1`` is applied first.
    a : array_like
        The input: a number, a list or an array of any shape.

    Returns
    -------
    numpy.ndarray
        ``f3(f2(f1(a)))``.

    Raises
    ------
    TypeError
        If ``chain`` is not a list of callables, or ``a`` is not numeric.
    ValueError
        If ``chain`` does not hold exactly three functions.

    Examples
    --------
    >>> from chainrule import chain_length_3, leaky_relu, sigmoid, square
    >>> chain_length_3([leaky_relu, sigmoid, square], [-1.0, 1.0]).round(4)
    array([0.2026, 0.5344])
    """
    check_chain(chain, "chain_length_3", length=3)
    a = as_float_array(a, "a", "chain_length_3")
    # the math
    f1, f2, f3 = chain
    return f3(f2(f1(a)))


def chain_deriv_2(chain: Chain, input_range: ArrayLike) -> ndarray:
    """Derivative of a chain of two functions by the chain rule.

    :math:`(f_2 \\circ f_1)'(x) = f_2'(f_1(x)) \\times f_1'(x)`, with each
    local derivative from :func:`deriv`. ``f1(x)`` is computed once, on the
    forward pass, and reused on the backward pass.

    Parameters
    ----------
    chain : list of callable
        Exactly two functions ``[f1, f2]``.
    input_range : array_like
        The points at which to take the derivative (any shape).

    Returns
    -------
    numpy.ndarray
        The derivative of ``f2(f1(x))`` at every point.

    Raises
    ------
    TypeError
        If ``chain`` is not a list of callables, or ``input_range`` is not
        numeric.
    ValueError
        If ``chain`` does not hold exactly two functions.

    Examples
    --------
    >>> from chainrule import chain_deriv_2, sigmoid, square
    >>> chain_deriv_2([square, sigmoid], [-1.0, 0.0, 1.0]).round(4)
    array([-0.3932,  0.    ,  0.3932])
    """
    check_chain(chain, "chain_deriv_2", length=2)
    input_range = as_float_array(input_range, "input_range", "chain_deriv_2")
    # the math
    f1, f2 = chain

    # forward pass
    f1_of_x = f1(input_range)

    # backward pass: each local derivative at its own input
    df1dx = deriv(f1, input_range)
    df2du = deriv(f2, f1_of_x)
    df2dx: ndarray = df1dx * df2du
    return df2dx


def chain_deriv_3(chain: Chain, input_range: ArrayLike) -> ndarray:
    """Derivative of a chain of three functions by the chain rule.

    :math:`f_3'(f_2(f_1(x))) \\times f_2'(f_1(x)) \\times f_1'(x)`: a forward
    pass stores ``f1(x)`` and ``f2(f1(x))``, then a backward pass takes each
    local derivative at the stored input and multiplies them.

    Parameters
    ----------
    chain : list of callable
        Exactly three functions ``[f1, f2, f3]``.
    input_range : array_like
        The points at which to take the derivative (any shape).

    Returns
    -------
    numpy.ndarray
        The derivative of ``f3(f2(f1(x)))`` at every point.

    Raises
    ------
    TypeError
        If ``chain`` is not a list of callables, or ``input_range`` is not
        numeric.
    ValueError
        If ``chain`` does not hold exactly three functions.

    Examples
    --------
    >>> from chainrule import chain_deriv_3, leaky_relu, sigmoid, square
    >>> chain_deriv_3([leaky_relu, sigmoid, square], [-1.0, 1.0]).round(4)
    array([0.0446, 0.2875])
    """
    check_chain(chain, "chain_deriv_3", length=3)
    input_range = as_float_array(input_range, "input_range", "chain_deriv_3")
    # the math
    f1, f2, f3 = chain

    # forward pass
    f1_of_x = f1(input_range)
    f2_of_x = f2(f1_of_x)

    # backward pass: each local derivative at its own input
    df3du = deriv(f3, f2_of_x)
    df2du = deriv(f2, f1_of_x)
    df1dx = deriv(f1, input_range)
    df3dx: ndarray = df1dx * df2du * df3du
    return df3dx


def chain_forward(chain: Sequence[ArrayFunction], input_: ArrayLike) -> list[ndarray]:
    """The forward pass of a chain of any length, keeping every value.

    Parameters
    ----------
    chain : list of callable
        One or more functions, applied first to last.
    input_ : array_like
        The input: a number, a list or an array of any shape.

    Returns
    -------
    list of numpy.ndarray
        ``[x, f1(x), f2(f1(x)), ...]``: the input followed by each function's
        output, so the last item is the chain's output and item ``i`` is the
        input of function ``i``.

    Raises
    ------
    TypeError
        If ``chain`` is not a list of callables, or ``input_`` is not numeric.
    ValueError
        If ``chain`` is empty.

    Examples
    --------
    >>> from chainrule import chain_forward, sigmoid, square
    >>> [v.round(4) for v in chain_forward([square, sigmoid], [2.0])]
    [array([2.]), array([4.]), array([0.982])]
    """
    check_chain(chain, "chain_forward")
    input_ = as_float_array(input_, "input_", "chain_forward")
    # the math
    values = [input_]
    for func in chain:
        values.append(np.asarray(func(values[-1]), dtype=np.float64))
    return values


def chain_deriv(
    chain: Sequence[ArrayFunction], input_: ArrayLike, delta: float = 0.001
) -> ndarray:
    """Derivative of a chain of any length: a forward pass, then a backward one.

    The forward pass keeps every intermediate value (:func:`chain_forward`).
    The backward pass walks the chain from the last function to the first,
    multiplying the running gradient by each function's derivative at the
    value that went into it.

    Parameters
    ----------
    chain : list of callable
        One or more functions, applied first to last.
    input_ : array_like
        The points at which to take the derivative (any shape).
    delta : float, default 0.001
        The step :func:`deriv` uses for each local derivative.

    Returns
    -------
    numpy.ndarray
        The derivative of the whole chain at every point.

    Raises
    ------
    TypeError
        If ``chain`` is not a list of callables, ``input_`` is not numeric or
        ``delta`` is not a number.
    ValueError
        If ``chain`` is empty or ``delta`` is not positive and finite.

    Examples
    --------
    >>> from chainrule import chain_deriv, leaky_relu, sigmoid, square
    >>> chain_deriv([leaky_relu, sigmoid, square], [-1.0, 1.0]).round(4)
    array([0.0446, 0.2875])
    >>> chain_deriv([square] * 3, [1.0, 2.0]).round(4)
    array([   8., 1024.])
    """
    check_chain(chain, "chain_deriv")
    delta = check_delta(delta, "chain_deriv")
    input_ = as_float_array(input_, "input_", "chain_deriv")
    # the math
    values = chain_forward(chain, input_)  # values[i] is the input of chain[i]

    gradient = np.ones_like(input_)
    for func, value_in in zip(reversed(chain), reversed(values[:-1]), strict=True):
        gradient = gradient * deriv(func, value_in, delta)
    return gradient


def composite_name(chain: Sequence[Callable[..., object]], variable: str = "x") -> str:
    """Write a chain as the nested call a reader would write by hand.

    Parameters
    ----------
    chain : list of callable
        One or more functions, applied first to last.
    variable : str, default "x"
        The name of the input.

    Returns
    -------
    str
        For ``[square, sigmoid]``, ``"sigmoid(square(x))"``.

    Raises
    ------
    TypeError
        If ``chain`` is not a list of callables.
    ValueError
        If ``chain`` is empty.

    Examples
    --------
    >>> from chainrule import composite_name, leaky_relu, sigmoid, square
    >>> composite_name([leaky_relu, sigmoid, square])
    'square(sigmoid(leaky_relu(x)))'
    """
    check_chain(chain, "composite_name")
    text = variable
    for func in chain:
        text = f"{function_name(func)}({text})"
    return text
