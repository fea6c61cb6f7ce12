"""Input checks shared by every public function.

Each check raises :class:`TypeError` or :class:`ValueError` with a message that
names the function, the argument, what was expected and what arrived, so a
reader can fix the call without reading the library's source. The checks never
use ``assert``, which ``python -O`` removes.

Every function with a formula starts the same way: its checks, one call per
line (a check that converts its argument gives it back under the argument's
own name), then the comment line ``# the math``, then the formula, step by
step. Everything after that line is the part a page shows.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "as_float_array",
    "check_callable",
    "check_chain",
    "check_delta",
    "check_matmul_shapes",
    "check_output",
    "check_same_shape",
    "check_single_output",
    "check_upstream_shape",
    "describe",
]

_REAL_KINDS = "iuf"


def describe(value: object) -> str:
    """Say briefly what a value is, for an error message.

    Parameters
    ----------
    value : object
        Anything a caller passed in.

    Returns
    -------
    str
        The type's name, with the shape and dtype for an array.

    Examples
    --------
    >>> import numpy as np
    >>> from chainrule.validation import describe
    >>> describe(np.zeros((2, 3)))
    'ndarray of shape (2, 3) and dtype float64'
    >>> describe("abc")
    "str 'abc'"
    """
    if isinstance(value, np.ndarray):
        return f"ndarray of shape {value.shape} and dtype {value.dtype}"
    if isinstance(value, str):
        shown = value if len(value) <= 20 else value[:17] + "..."
        return f"str {shown!r}"
    return type(value).__name__


def as_float_array(value: ArrayLike, name: str, where: str) -> NDArray[np.float64]:
    """Turn numbers, lists of numbers or arrays into a float64 array.

    Parameters
    ----------
    value : array_like
        A number, a (nested) list of numbers of equal lengths, or an array of
        integers or floats. NaN and inf are allowed and propagate.
    name : str
        The argument's name, used in error messages.
    where : str
        The public function doing the check, used in error messages.

    Returns
    -------
    numpy.ndarray
        ``value`` as an array of float64 (a copy only when a conversion is
        needed).

    Raises
    ------
    TypeError
        If ``value`` is a string, or holds something other than real numbers
        (booleans, complex numbers, objects).
    ValueError
        If ``value`` is a ragged list that cannot form an array.

    Examples
    --------
    >>> from chainrule.validation import as_float_array
    >>> as_float_array([1, 2, 3], "x", "square")
    array([1., 2., 3.])
    >>> as_float_array("12", "x", "square")
    Traceback (most recent call last):
    ...
    TypeError: square: 'x' must be a number or an array of real numbers; got str '12'
    """
    expected = f"{where}: {name!r} must be a number or an array of real numbers"
    if isinstance(value, (str, bytes)):
        raise TypeError(f"{expected}; got {describe(value)}")
    try:
        array = np.asarray(value)
    except (ValueError, TypeError) as error:
        raise ValueError(
            f"{expected}; could not make an array of the "
            f"{type(value).__name__} given (are its rows of unequal length?): {error}"
        ) from None
    if array.dtype.kind not in _REAL_KINDS:
        raise TypeError(f"{expected}; got {describe(array)}")
    return array.astype(np.float64, copy=False)


def check_callable(func: object, name: str, where: str) -> None:
    """Raise a TypeError unless ``func`` can be called.

    Parameters
    ----------
    func : object
        The value that should be a function.
    name : str
        The argument's name, used in the message.
    where : str
        The public function doing the check.

    Raises
    ------
    TypeError
        If ``func`` is not callable.

    Examples
    --------
    >>> from chainrule.validation import check_callable
    >>> check_callable(abs, "func", "deriv")
    >>> check_callable(3, "func", "deriv")
    Traceback (most recent call last):
    ...
    TypeError: deriv: 'func' must be a function of one array; got int
    """
    if not callable(func):
        raise TypeError(
            f"{where}: {name!r} must be a function of one array; got {describe(func)}"
        )


def check_chain(
    chain: object, where: str, length: int | None = None, name: str = "chain"
) -> list[Callable[..., NDArray[Any]]]:
    """Check that ``chain`` is a non-empty list of functions.

    Parameters
    ----------
    chain : object
        The value that should be a list (or tuple) of functions.
    where : str
        The public function doing the check.
    length : int, optional
        The exact number of functions required, if any.
    name : str, default "chain"
        The argument's name, used in error messages.

    Returns
    -------
    list
        The functions of the chain, as a list.

    Raises
    ------
    TypeError
        If ``chain`` is not a list or tuple, or one of its items is not
        callable.
    ValueError
        If the chain is empty or does not have ``length`` functions.

    Examples
    --------
    >>> from chainrule import sigmoid, square
    >>> from chainrule.validation import check_chain
    >>> len(check_chain([square, sigmoid], "chain_deriv_2", length=2))
    2
    >>> check_chain([square], "chain_deriv_2", length=2)
    Traceback (most recent call last):
    ...
    ValueError: chain_deriv_2: 'chain' must hold exactly 2 functions; got 1
    """
    if not isinstance(chain, Sequence) or isinstance(chain, (str, bytes)):
        raise TypeError(
            f"{where}: {name!r} must be a list of functions; got {describe(chain)}"
        )
    functions = list(chain)
    if length is not None and len(functions) != length:
        raise ValueError(
            f"{where}: {name!r} must hold exactly {length} functions; "
            f"got {len(functions)}"
        )
    if not functions:
        raise ValueError(f"{where}: {name!r} must hold at least one function; got 0")
    for index, func in enumerate(functions):
        check_callable(func, f"{name}[{index}]", where)
    return functions


def check_delta(delta: object, where: str, name: str = "delta") -> float:
    """Check that ``delta`` is a positive, finite real number.

    Parameters
    ----------
    delta : object
        The step of a finite difference.
    where : str
        The public function doing the check.
    name : str, default "delta"
        The argument's name, used in the message.

    Returns
    -------
    float
        ``delta`` as a float.

    Raises
    ------
    TypeError
        If ``delta`` is not a real number (booleans are refused).
    ValueError
        If ``delta`` is zero, negative, NaN or infinite.

    Examples
    --------
    >>> from chainrule.validation import check_delta
    >>> check_delta(0.001, "deriv")
    0.001
    >>> check_delta(0, "deriv")
    Traceback (most recent call last):
    ...
    ValueError: deriv: 'delta' must be a positive, finite number; got 0
    """
    if isinstance(delta, bool) or not isinstance(delta, numbers.Real):
        raise TypeError(
            f"{where}: {name!r} must be a positive, finite number; "
            f"got {describe(delta)}"
        )
    value = float(delta)
    if not (math.isfinite(value) and value > 0):
        raise ValueError(
            f"{where}: {name!r} must be a positive, finite number; got {delta!r}"
        )
    return value


def check_same_shape(
    x: NDArray[np.float64], y: NDArray[np.float64], where: str
) -> None:
    """Raise a ValueError unless ``x`` and ``y`` have the same shape.

    Parameters
    ----------
    x, y : numpy.ndarray
        The two inputs of an elementwise operation.
    where : str
        The public function doing the check.

    Raises
    ------
    ValueError
        If the shapes differ; the message prints both.

    Examples
    --------
    >>> import numpy as np
    >>> from chainrule.validation import check_same_shape
    >>> check_same_shape(np.zeros(3), np.zeros(2), "multiple_inputs_add")
    Traceback (most recent call last):
    ...
    ValueError: multiple_inputs_add: 'x' and 'y' must have the same shape; got x.shape=(3,) and y.shape=(2,)
    """
    if x.shape != y.shape:
        raise ValueError(
            f"{where}: 'x' and 'y' must have the same shape; "
            f"got x.shape={x.shape} and y.shape={y.shape}"
        )


def check_matmul_shapes(
    X: NDArray[np.float64], W: NDArray[np.float64], where: str
) -> None:
    """Check that ``X`` and ``W`` are 2-D and that ``X @ W`` is defined.

    Parameters
    ----------
    X, W : numpy.ndarray
        The two factors of a matrix product.
    where : str
        The public function doing the check.

    Raises
    ------
    ValueError
        If either array is not 2-D, or ``X.shape[1] != W.shape[0]``; the
        message prints both shapes.

    Examples
    --------
    >>> import numpy as np
    >>> from chainrule.validation import check_matmul_shapes
    >>> check_matmul_shapes(np.zeros((1, 3)), np.zeros((2, 1)), "matmul_forward")
    Traceback (most recent call last):
    ...
    ValueError: matmul_forward: the number of columns of 'X' must equal the number of rows of 'W'; got X.shape=(1, 3) and W.shape=(2, 1)
    """
    for name, array in (("X", X), ("W", W)):
        if array.ndim != 2:
            raise ValueError(
                f"{where}: {name!r} must be a 2-D array (rows by columns); "
                f"got {name}.shape={array.shape} ({array.ndim}-D)"
            )
    if X.shape[1] != W.shape[0]:
        raise ValueError(
            f"{where}: the number of columns of 'X' must equal the number of rows "
            f"of 'W'; got X.shape={X.shape} and W.shape={W.shape}"
        )


def check_single_output(
    X: NDArray[np.float64], W: NDArray[np.float64], where: str
) -> None:
    """Check that ``X @ W`` is a single number: ``X`` one row, ``W`` one column.

    Parameters
    ----------
    X, W : numpy.ndarray
        The two factors of a matrix product, already known to be 2-D.
    where : str
        The public function doing the check.

    Raises
    ------
    ValueError
        If ``X`` has more than one row or ``W`` more than one column; the
        message prints both shapes and names the functions for larger products.

    Examples
    --------
    >>> import numpy as np
    >>> from chainrule.validation import check_single_output
    >>> check_single_output(np.zeros((2, 3)), np.zeros((3, 1)), "f")
    Traceback (most recent call last):
    ...
    ValueError: f: 'X' must be one row and 'W' one column, so that the output is a single number; got X.shape=(2, 3) and W.shape=(3, 1). For a larger product, take the gradient of the sum with matrix_function_backward_sum_1 or matrix_function_backward_sum_2.
    """
    if X.shape[0] != 1 or W.shape[1] != 1:
        raise ValueError(
            f"{where}: 'X' must be one row and 'W' one column, so that the output "
            f"is a single number; got X.shape={X.shape} and W.shape={W.shape}. "
            "For a larger product, take the gradient of the sum with "
            "matrix_function_backward_sum_1 or matrix_function_backward_sum_2."
        )


def check_upstream_shape(
    dLdS: NDArray[np.float64],
    X: NDArray[np.float64],
    W: NDArray[np.float64],
    where: str,
) -> None:
    """Check that an upstream gradient ``dLdS`` has the shape of ``X @ W``.

    Parameters
    ----------
    dLdS : numpy.ndarray
        The gradient of the loss with respect to ``S = sigma(X @ W)``.
    X, W : numpy.ndarray
        The two factors of the product, already checked.
    where : str
        The public function doing the check.

    Raises
    ------
    ValueError
        If the shapes differ; the message prints all three.

    Examples
    --------
    >>> import numpy as np
    >>> from chainrule.validation import check_upstream_shape
    >>> check_upstream_shape(np.ones(2), np.zeros((2, 3)), np.zeros((3, 1)), "f")
    Traceback (most recent call last):
    ...
    ValueError: f: 'dLdS' must have the shape of X @ W, a row per row of 'X' and a column per column of 'W', (2, 1); got dLdS.shape=(2,) for X.shape=(2, 3) and W.shape=(3, 1)
    """
    expected = (X.shape[0], W.shape[1])
    if dLdS.shape != expected:
        raise ValueError(
            f"{where}: 'dLdS' must have the shape of X @ W, a row per row of 'X' "
            f"and a column per column of 'W', {expected}; got "
            f"dLdS.shape={dLdS.shape} for X.shape={X.shape} and W.shape={W.shape}"
        )


def check_output(
    output: ArrayLike | None, x: NDArray[np.float64], where: str
) -> NDArray[np.float64] | None:
    """Check a function's output handed to its derivative: None, or shaped like x.

    Parameters
    ----------
    output : array_like or None
        The function's value at ``x``, when the caller has it already.
    x : numpy.ndarray
        Where the derivative is taken.
    where : str
        The public function doing the check.

    Returns
    -------
    numpy.ndarray or None
        ``output`` as a float64 array, or None.

    Raises
    ------
    TypeError
        If ``output`` is not made of real numbers.
    ValueError
        If ``output`` and ``x`` differ in shape.

    Examples
    --------
    >>> import numpy as np
    >>> from chainrule.validation import check_output
    >>> check_output(np.zeros(2), np.zeros(3), "sigmoid_derivative")
    Traceback (most recent call last):
    ...
    ValueError: sigmoid_derivative: 'output' must have the shape of 'x'; got output.shape=(2,) and x.shape=(3,)
    """
    if output is None:
        return None
    values = as_float_array(output, "output", where)
    if values.shape != x.shape:
        raise ValueError(
            f"{where}: 'output' must have the shape of 'x'; "
            f"got output.shape={values.shape} and x.shape={x.shape}"
        )
    return values
