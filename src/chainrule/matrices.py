"""Matrix products in a computational graph, forward and backward.

The chapter's notation: :math:`N = \\nu(X, W) = X W`, :math:`S = \\sigma(N)`
elementwise, and :math:`L = \\Lambda(S) = \\sum_{ij} S_{ij}`. The backward
pass multiplies local derivatives from :math:`L` back to the inputs:

.. math::

    \\frac{\\partial L}{\\partial X} = \\left(\\frac{\\partial L}{\\partial S}
    \\odot \\frac{\\partial S}{\\partial N}\\right) W^T, \\qquad
    \\frac{\\partial L}{\\partial W} = X^T \\left(\\frac{\\partial L}{\\partial S}
    \\odot \\frac{\\partial S}{\\partial N}\\right),

where :math:`\\odot` multiplies elementwise and the other products are matrix
products.
"""

from __future__ import annotations

import numpy as np
from numpy import ndarray
from numpy.typing import ArrayLike

from chainrule.derivatives import deriv, exact_derivative
from chainrule.functions import ArrayFunction, sigmoid
from chainrule.validation import as_float_array, check_callable, check_matmul_shapes

__all__ = [
    "matmul_backward_first",
    "matmul_backward_second",
    "matmul_forward",
    "matrix_forward_extra",
    "matrix_function_backward_1",
    "matrix_function_backward_2",
    "matrix_function_backward_sum_1",
    "matrix_function_backward_sum_2",
    "matrix_function_forward_backward_sum",
    "matrix_function_forward_sum",
]


def matmul_forward(X: ArrayLike, W: ArrayLike) -> ndarray:
    """Forward pass of a matrix product: :math:`N = \\nu(X, W) = X W`.

    For one row ``X`` and one column ``W`` this is the dot product
    :math:`x_1 w_1 + \\dots + x_n w_n`, a weighted sum of features.

    Parameters
    ----------
    X : array_like
        A 2-D array: observations as rows, features as columns.
    W : array_like
        A 2-D array with as many rows as ``X`` has columns.

    Returns
    -------
    numpy.ndarray
        ``X @ W``, of shape ``(X.shape[0], W.shape[1])``.

    Raises
    ------
    TypeError
        If ``X`` or ``W`` is not numeric.
    ValueError
        If either is not 2-D, or ``X.shape[1] != W.shape[0]``.

    Examples
    --------
    >>> from chainrule import matmul_forward
    >>> matmul_forward([[1, 2, 3]], [[4], [5], [6]])
    array([[32.]])
    """
    X_, W_ = _check_matrices(X, W, "matmul_forward")
    N: ndarray = np.dot(X_, W_)
    return N


def matmul_backward_first(X: ArrayLike, W: ArrayLike) -> ndarray:
    """Derivative of :math:`N = X W` with respect to its first input: :math:`W^T`.

    For one row ``X`` and one column ``W``, element ``i`` of the result is
    :math:`\\partial N / \\partial x_i = w_i`.

    Parameters
    ----------
    X, W : array_like
        The factors of the product, 2-D with ``X.shape[1] == W.shape[0]``.

    Returns
    -------
    numpy.ndarray
        ``W`` transposed.

    Raises
    ------
    TypeError
        If ``X`` or ``W`` is not numeric.
    ValueError
        If either is not 2-D, or ``X.shape[1] != W.shape[0]``.

    Examples
    --------
    >>> from chainrule import matmul_backward_first
    >>> matmul_backward_first([[1, 2, 3]], [[4], [5], [6]])
    array([[4., 5., 6.]])
    """
    _, W_ = _check_matrices(X, W, "matmul_backward_first")
    dNdX = np.transpose(W_, (1, 0))
    return dNdX


def matmul_backward_second(X: ArrayLike, W: ArrayLike) -> ndarray:
    """Derivative of :math:`N = X W` with respect to its second input: :math:`X^T`.

    Parameters
    ----------
    X, W : array_like
        The factors of the product, 2-D with ``X.shape[1] == W.shape[0]``.

    Returns
    -------
    numpy.ndarray
        ``X`` transposed.

    Raises
    ------
    TypeError
        If ``X`` or ``W`` is not numeric.
    ValueError
        If either is not 2-D, or ``X.shape[1] != W.shape[0]``.

    Examples
    --------
    >>> from chainrule import matmul_backward_second
    >>> matmul_backward_second([[1, 2, 3]], [[4], [5], [6]])
    array([[1.],
           [2.],
           [3.]])
    """
    X_, _ = _check_matrices(X, W, "matmul_backward_second")
    dNdW = np.transpose(X_, (1, 0))
    return dNdW


def matrix_forward_extra(X: ArrayLike, W: ArrayLike, sigma: ArrayFunction) -> ndarray:
    """Forward pass of :math:`S = \\sigma(X W)`: a product, then a function.

    Parameters
    ----------
    X, W : array_like
        2-D arrays with ``X.shape[1] == W.shape[0]``.
    sigma : callable
        An elementwise function.

    Returns
    -------
    numpy.ndarray
        ``sigma(X @ W)``.

    Raises
    ------
    TypeError
        If ``X`` or ``W`` is not numeric, or ``sigma`` is not callable.
    ValueError
        If either is not 2-D, or ``X.shape[1] != W.shape[0]``.

    Examples
    --------
    >>> import numpy as np
    >>> from chainrule import matrix_forward_extra, sigmoid
    >>> np.random.seed(190203)
    >>> X = np.random.randn(1, 3)
    >>> W = np.random.randn(3, 1)
    >>> with np.printoptions(precision=4):
    ...     print(X)
    ...     print(matrix_forward_extra(X, W, sigmoid))
    [[ 0.4723  0.6151 -1.7262]]
    [[0.8978]]
    """
    X_, W_ = _check_matrices(X, W, "matrix_forward_extra")
    check_callable(sigma, "sigma", "matrix_forward_extra")

    N = np.dot(X_, W_)
    S = sigma(N)
    return S


def matrix_function_backward_1(
    X: ArrayLike, W: ArrayLike, sigma: ArrayFunction
) -> ndarray:
    """Gradient of :math:`s = \\sigma(X W)` with respect to ``X``.

    Here ``X`` is one observation (a row) and ``W`` one column of weights, so
    :math:`s` is a single number and its gradient has the shape of ``X``:
    :math:`\\sigma'(N) \\times W^T`.

    Parameters
    ----------
    X : array_like
        A row of shape ``(1, n)``.
    W : array_like
        A column of shape ``(n, 1)``.
    sigma : callable
        An elementwise function.

    Returns
    -------
    numpy.ndarray
        :math:`\\partial s / \\partial X`, of shape ``(1, n)``.

    Raises
    ------
    TypeError
        If ``X`` or ``W`` is not numeric, or ``sigma`` is not callable.
    ValueError
        If the shapes do not give a single output; for a larger product use
        :func:`matrix_function_backward_sum_1`, the gradient of the sum.

    Examples
    --------
    The book's example: a gradient of -0.1121 for :math:`x_3` predicts that
    raising :math:`x_3` by 0.01 changes :math:`s` by about
    :math:`0.01 \\times (-0.1121) = -0.001121`; the observed change is close.

    >>> import numpy as np
    >>> from chainrule import matrix_forward_extra, matrix_function_backward_1, sigmoid
    >>> np.random.seed(190203)
    >>> X = np.random.randn(1, 3)
    >>> W = np.random.randn(3, 1)
    >>> with np.printoptions(precision=4):
    ...     print(matrix_function_backward_1(X, W, sigmoid))
    [[ 0.0852 -0.0557 -0.1121]]
    >>> X_nudged = X.copy()
    >>> X_nudged[0, 2] += 0.01
    >>> before = matrix_forward_extra(X, W, sigmoid)[0, 0]
    >>> after = matrix_forward_extra(X_nudged, W, sigmoid)[0, 0]
    >>> print(round(0.01 * -0.1121, 6), round(float(after - before), 6))
    -0.001121 -0.001126
    """
    X_, W_ = _check_single_output(X, W, sigma, "matrix_function_backward_1")

    # forward pass
    N = np.dot(X_, W_)

    # backward pass
    dSdN = deriv(sigma, N)
    dNdX = np.transpose(W_, (1, 0))
    dSdX: ndarray = np.dot(dSdN, dNdX)
    return dSdX


def matrix_function_backward_2(
    X: ArrayLike, W: ArrayLike, sigma: ArrayFunction
) -> ndarray:
    """Gradient of :math:`s = \\sigma(X W)` with respect to ``W``.

    The mirror image of :func:`matrix_function_backward_1`:
    :math:`X^T \\times \\sigma'(N)`, in the shape of ``W``.

    Parameters
    ----------
    X : array_like
        A row of shape ``(1, n)``.
    W : array_like
        A column of shape ``(n, 1)``.
    sigma : callable
        An elementwise function.

    Returns
    -------
    numpy.ndarray
        :math:`\\partial s / \\partial W`, of shape ``(n, 1)``.

    Raises
    ------
    TypeError
        If ``X`` or ``W`` is not numeric, or ``sigma`` is not callable.
    ValueError
        If the shapes do not give a single output; for a larger product use
        :func:`matrix_function_backward_sum_2`.

    Examples
    --------
    >>> import numpy as np
    >>> from chainrule import matrix_function_backward_2, sigmoid
    >>> np.random.seed(190203)
    >>> X = np.random.randn(1, 3)
    >>> W = np.random.randn(3, 1)
    >>> with np.printoptions(precision=4):
    ...     print(matrix_function_backward_2(X, W, sigmoid))
    [[ 0.0433]
     [ 0.0564]
     [-0.1584]]
    """
    X_, W_ = _check_single_output(X, W, sigma, "matrix_function_backward_2")

    # forward pass
    N = np.dot(X_, W_)

    # backward pass
    dSdN = deriv(sigma, N)
    dNdW = np.transpose(X_, (1, 0))
    dSdW: ndarray = np.dot(dNdW, dSdN)
    return dSdW


def matrix_function_forward_sum(
    X: ArrayLike, W: ArrayLike, sigma: ArrayFunction
) -> float:
    """Forward pass of :math:`L = \\Lambda(\\sigma(X W))`, the sum of every element.

    Summing makes the output a single number, so that "the gradient of the
    output with respect to each element of ``X``" has a meaning.

    Parameters
    ----------
    X, W : array_like
        2-D arrays with ``X.shape[1] == W.shape[0]``.
    sigma : callable
        An elementwise function.

    Returns
    -------
    float
        :math:`L`.

    Raises
    ------
    TypeError
        If ``X`` or ``W`` is not numeric, or ``sigma`` is not callable.
    ValueError
        If either is not 2-D, or ``X.shape[1] != W.shape[0]``.

    Examples
    --------
    >>> import numpy as np
    >>> from chainrule import matrix_function_forward_sum, sigmoid
    >>> np.random.seed(190204)
    >>> X = np.random.randn(3, 3)
    >>> W = np.random.randn(3, 2)
    >>> with np.printoptions(precision=4):
    ...     print(X)
    [[-1.5775 -0.6664  0.6391]
     [-0.5615  0.7373 -1.4231]
     [-1.4435 -0.3913  0.1539]]
    >>> print(round(matrix_function_forward_sum(X, W, sigmoid), 4))
    2.3755
    """
    X_, W_ = _check_matrices(X, W, "matrix_function_forward_sum")
    check_callable(sigma, "sigma", "matrix_function_forward_sum")

    N = np.dot(X_, W_)
    S = sigma(N)
    L = np.sum(S)
    return float(L)


def matrix_function_backward_sum_1(
    X: ArrayLike, W: ArrayLike, sigma: ArrayFunction
) -> ndarray:
    """Gradient of :math:`L = \\sum \\sigma(X W)` with respect to ``X``.

    :math:`\\partial L / \\partial X = (\\partial L / \\partial S \\odot
    \\partial S / \\partial N) \\, W^T`. The book multiplies ``dSdN`` by
    :math:`W^T`; that is right only because :math:`\\partial L / \\partial S`
    is all ones for a sum. Here the full ``dLdN`` is used.

    Parameters
    ----------
    X, W : array_like
        2-D arrays with ``X.shape[1] == W.shape[0]``.
    sigma : callable
        An elementwise function.

    Returns
    -------
    numpy.ndarray
        ``dLdX``, in the shape of ``X``.

    Raises
    ------
    TypeError
        If ``X`` or ``W`` is not numeric, or ``sigma`` is not callable.
    ValueError
        If either is not 2-D, or ``X.shape[1] != W.shape[0]``.

    Examples
    --------
    >>> import numpy as np
    >>> from chainrule import (matrix_function_backward_sum_1,
    ...     matrix_function_forward_sum, sigmoid)
    >>> np.random.seed(190204)
    >>> X = np.random.randn(3, 3)
    >>> W = np.random.randn(3, 2)
    >>> with np.printoptions(precision=4):
    ...     print(matrix_function_backward_sum_1(X, W, sigmoid))
    [[ 0.2489 -0.3748  0.0112]
     [ 0.126  -0.2781 -0.1395]
     [ 0.2299 -0.3662 -0.0225]]

    Raising :math:`x_{11}` by 0.001 raises :math:`L` by about 0.001 times
    that top-left gradient:

    >>> X1 = X.copy()
    >>> X1[0, 0] += 0.001
    >>> L = matrix_function_forward_sum(X, W, sigmoid)
    >>> L1 = matrix_function_forward_sum(X1, W, sigmoid)
    >>> print(round((L1 - L) / 0.001, 4))
    0.2489
    """
    X_, W_ = _check_matrices(X, W, "matrix_function_backward_sum_1")
    check_callable(sigma, "sigma", "matrix_function_backward_sum_1")

    # forward pass (S itself is not needed: L is a plain sum of it)
    N = np.dot(X_, W_)

    # backward pass
    # dL/dS is 1 for every element of S; as a read-only view of a single 1.0 it
    # has S's shape without filling an n x n array with ones
    dLdS = np.broadcast_to(1.0, N.shape)
    dSdN = deriv(sigma, N)
    dLdN = dLdS * dSdN
    dNdX = np.transpose(W_, (1, 0))
    dLdX: ndarray = np.dot(dLdN, dNdX)
    return dLdX


def matrix_function_backward_sum_2(
    X: ArrayLike, W: ArrayLike, sigma: ArrayFunction
) -> ndarray:
    """Gradient of :math:`L = \\sum \\sigma(X W)` with respect to ``W``.

    :math:`\\partial L / \\partial W = X^T (\\partial L / \\partial S \\odot
    \\partial S / \\partial N)`: :math:`X^T` stands on the left because ``W``
    is the right-hand factor of the product.

    Parameters
    ----------
    X, W : array_like
        2-D arrays with ``X.shape[1] == W.shape[0]``.
    sigma : callable
        An elementwise function.

    Returns
    -------
    numpy.ndarray
        ``dLdW``, in the shape of ``W``.

    Raises
    ------
    TypeError
        If ``X`` or ``W`` is not numeric, or ``sigma`` is not callable.
    ValueError
        If either is not 2-D, or ``X.shape[1] != W.shape[0]``.

    Examples
    --------
    >>> import numpy as np
    >>> from chainrule import matrix_function_backward_sum_2, sigmoid
    >>> np.random.seed(190204)
    >>> X = np.random.randn(3, 3)
    >>> W = np.random.randn(3, 2)
    >>> with np.printoptions(precision=4):
    ...     print(matrix_function_backward_sum_2(X, W, sigmoid))
    [[-0.7578 -0.8726]
     [-0.1868 -0.0853]
     [ 0.0679 -0.1414]]
    """
    X_, W_ = _check_matrices(X, W, "matrix_function_backward_sum_2")
    check_callable(sigma, "sigma", "matrix_function_backward_sum_2")

    # forward pass
    N = np.dot(X_, W_)

    # backward pass
    # dL/dS is 1 for every element of S; as a read-only view of a single 1.0 it
    # has S's shape without filling an n x n array with ones
    dLdS = np.broadcast_to(1.0, N.shape)
    dSdN = deriv(sigma, N)
    dLdN = dLdS * dSdN
    dNdW = np.transpose(X_, (1, 0))
    dLdW: ndarray = np.dot(dNdW, dLdN)
    return dLdW


def matrix_function_forward_backward_sum(
    X: ArrayLike, W: ArrayLike, sigma: ArrayFunction
) -> tuple[float, ndarray, ndarray]:
    """Value and both gradients of :math:`L = \\sum \\sigma(X W)`, in one pass.

    :func:`matrix_function_forward_sum`, :func:`matrix_function_backward_sum_1`
    and :func:`matrix_function_backward_sum_2` each redo the forward pass, so
    asking for all three costs three products :math:`X W` and several calls of
    ``sigma``. Here the forward pass runs once and the backward pass reuses
    its intermediate values: one product for :math:`N`, one call of
    ``sigma``, then one product per gradient.

    :math:`\\partial S / \\partial N` is exact when ``sigma`` has a known
    derivative (see :func:`exact_derivative`); for :func:`sigmoid` it is
    :math:`S (1 - S)`, taken from the forward pass's :math:`S` without calling
    ``sigma`` again. For any other function it is :func:`deriv`'s central
    difference, as in the book, which calls ``sigma`` twice more.

    Parameters
    ----------
    X, W : array_like
        2-D arrays with ``X.shape[1] == W.shape[0]``.
    sigma : callable
        An elementwise function.

    Returns
    -------
    L : float
        The sum of every element of :math:`\\sigma(X W)`, as
        :func:`matrix_function_forward_sum` returns it.
    dLdX : numpy.ndarray
        :math:`\\partial L / \\partial X`, in the shape of ``X``.
    dLdW : numpy.ndarray
        :math:`\\partial L / \\partial W`, in the shape of ``W``.

    Raises
    ------
    TypeError
        If ``X`` or ``W`` is not numeric, or ``sigma`` is not callable.
    ValueError
        If either is not 2-D, or ``X.shape[1] != W.shape[0]``.

    Examples
    --------
    The book's example, with the value of :math:`L` and the gradient with
    respect to ``X`` from a single call:

    >>> import numpy as np
    >>> from chainrule import matrix_function_forward_backward_sum, sigmoid
    >>> np.random.seed(190204)
    >>> X = np.random.randn(3, 3)
    >>> W = np.random.randn(3, 2)
    >>> L, dLdX, dLdW = matrix_function_forward_backward_sum(X, W, sigmoid)
    >>> print(round(L, 4))
    2.3755
    >>> with np.printoptions(precision=4):
    ...     print(dLdX)
    [[ 0.2489 -0.3748  0.0112]
     [ 0.126  -0.2781 -0.1395]
     [ 0.2299 -0.3662 -0.0225]]
    >>> dLdW.shape
    (3, 2)
    """
    X_, W_ = _check_matrices(X, W, "matrix_function_forward_backward_sum")
    check_callable(sigma, "sigma", "matrix_function_forward_backward_sum")

    # forward pass, once
    N = np.dot(X_, W_)
    S = sigma(N)
    L = np.sum(S)

    # backward pass, reusing N and S; dL/dS is all ones for a sum, so
    # dL/dN = dL/dS * dS/dN is dS/dN itself (no multiplication by ones)
    dLdN = _sigma_slope(sigma, N, S)
    dLdX: ndarray = np.dot(dLdN, W_.T)
    dLdW: ndarray = np.dot(X_.T, dLdN)
    return float(L), dLdX, dLdW


def _sigma_slope(sigma: ArrayFunction, N: ndarray, S: ndarray) -> ndarray:
    """dS/dN at ``N``, given ``S = sigma(N)``: exact when known, else ``deriv``.

    For the sigmoid the slope is written over ``N``, which the backward pass no
    longer needs: a fresh n x n array costs about as much as the arithmetic.
    """
    if sigma is sigmoid:
        slope: ndarray = np.subtract(1.0, S, out=N)
        slope *= S  # S (1 - S), exactly as written
        return slope
    try:
        derivative = exact_derivative(sigma)
    except ValueError:
        return deriv(sigma, N)
    return derivative(N)


def _check_matrices(X: ArrayLike, W: ArrayLike, where: str) -> tuple[ndarray, ndarray]:
    X_ = as_float_array(X, "X", where)
    W_ = as_float_array(W, "W", where)
    check_matmul_shapes(X_, W_, where)
    return X_, W_


def _check_single_output(
    X: ArrayLike, W: ArrayLike, sigma: object, where: str
) -> tuple[ndarray, ndarray]:
    X_, W_ = _check_matrices(X, W, where)
    check_callable(sigma, "sigma", where)
    if X_.shape[0] != 1 or W_.shape[1] != 1:
        raise ValueError(
            f"{where}: 'X' must be one row and 'W' one column, so that the output "
            f"is a single number; got X.shape={X_.shape} and W.shape={W_.shape}. "
            "For a larger product, take the gradient of the sum with "
            "matrix_function_backward_sum_1 or matrix_function_backward_sum_2."
        )
    return X_, W_
