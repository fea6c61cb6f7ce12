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

from chainrule.derivatives import deriv, local_derivative
from chainrule.functions import ArrayFunction
from chainrule.validation import (
    as_float_array,
    check_callable,
    check_matmul_shapes,
    check_single_output,
    check_upstream_shape,
)

__all__ = [
    "matmul_backward_first",
    "matmul_backward_second",
    "matmul_forward",
    "matrix_forward_extra",
    "matrix_function_backward",
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
    :math:`x_1 w_1 + \\cdots + x_n w_n`, a weighted sum of features.

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
    X = as_float_array(X, "X", "matmul_forward")
    W = as_float_array(W, "W", "matmul_forward")
    check_matmul_shapes(X, W, "matmul_forward")
    # the math
    N: ndarray = np.dot(X, W)
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
    X = as_float_array(X, "X", "matmul_backward_first")
    W = as_float_array(W, "W", "matmul_backward_first")
    check_matmul_shapes(X, W, "matmul_backward_first")
    # the math
    dNdX = np.transpose(W, (1, 0))
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
    X = as_float_array(X, "X", "matmul_backward_second")
    W = as_float_array(W, "W", "matmul_backward_second")
    check_matmul_shapes(X, W, "matmul_backward_second")
    # the math
    dNdW = np.transpose(X, (1, 0))
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
    X = as_float_array(X, "X", "matrix_forward_extra")
    W = as_float_array(W, "W", "matrix_forward_extra")
    check_matmul_shapes(X, W, "matrix_forward_extra")
    check_callable(sigma, "sigma", "matrix_forward_extra")
    # the math
    N = np.dot(X, W)
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
    X = as_float_array(X, "X", "matrix_function_backward_1")
    W = as_float_array(W, "W", "matrix_function_backward_1")
    check_matmul_shapes(X, W, "matrix_function_backward_1")
    check_callable(sigma, "sigma", "matrix_function_backward_1")
    check_single_output(X, W, "matrix_function_backward_1")
    # the math
    # forward pass
    N = np.dot(X, W)

    # backward pass
    dSdN = deriv(sigma, N)
    dNdX = np.transpose(W, (1, 0))
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
    X = as_float_array(X, "X", "matrix_function_backward_2")
    W = as_float_array(W, "W", "matrix_function_backward_2")
    check_matmul_shapes(X, W, "matrix_function_backward_2")
    check_callable(sigma, "sigma", "matrix_function_backward_2")
    check_single_output(X, W, "matrix_function_backward_2")
    # the math
    # forward pass
    N = np.dot(X, W)

    # backward pass
    dSdN = deriv(sigma, N)
    dNdW = np.transpose(X, (1, 0))
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
    X = as_float_array(X, "X", "matrix_function_forward_sum")
    W = as_float_array(W, "W", "matrix_function_forward_sum")
    check_matmul_shapes(X, W, "matrix_function_forward_sum")
    check_callable(sigma, "sigma", "matrix_function_forward_sum")
    # the math
    N = np.dot(X, W)
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
    X = as_float_array(X, "X", "matrix_function_backward_sum_1")
    W = as_float_array(W, "W", "matrix_function_backward_sum_1")
    check_matmul_shapes(X, W, "matrix_function_backward_sum_1")
    check_callable(sigma, "sigma", "matrix_function_backward_sum_1")
    # the math
    # forward pass
    N = np.dot(X, W)
    S = sigma(N)

    # backward pass
    dLdS = np.ones_like(S)  # L is a plain sum: each element of S counts once
    dSdN = deriv(sigma, N)
    dLdN = dLdS * dSdN
    dNdX = np.transpose(W, (1, 0))
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
    X = as_float_array(X, "X", "matrix_function_backward_sum_2")
    W = as_float_array(W, "W", "matrix_function_backward_sum_2")
    check_matmul_shapes(X, W, "matrix_function_backward_sum_2")
    check_callable(sigma, "sigma", "matrix_function_backward_sum_2")
    # the math
    # forward pass
    N = np.dot(X, W)
    S = sigma(N)

    # backward pass
    dLdS = np.ones_like(S)  # L is a plain sum: each element of S counts once
    dSdN = deriv(sigma, N)
    dLdN = dLdS * dSdN
    dNdW = np.transpose(X, (1, 0))
    dLdW: ndarray = np.dot(dNdW, dLdN)
    return dLdW


def matrix_function_backward(
    X: ArrayLike, W: ArrayLike, sigma: ArrayFunction, dLdS: ArrayLike
) -> tuple[ndarray, ndarray]:
    """Gradients with respect to ``X`` and ``W`` of any loss of :math:`S = \\sigma(X W)`.

    The backward pass of :math:`S = \\sigma(X W)` for an upstream gradient
    :math:`\\partial L / \\partial S` of your own: for the chapter's sum it is
    all ones, for a squared error :math:`L = \\sum (S - T)^2` it is
    :math:`2 (S - T)`. Then :math:`\\partial L / \\partial N =
    \\partial L / \\partial S \\odot \\partial S / \\partial N`, and

    .. math::

        \\frac{\\partial L}{\\partial X} = \\frac{\\partial L}{\\partial N} W^T,
        \\qquad
        \\frac{\\partial L}{\\partial W} = X^T \\frac{\\partial L}{\\partial N}.

    :math:`\\partial S / \\partial N` is the exact derivative attached to
    ``sigma`` (see :func:`~chainrule.exact_derivative`), or :func:`deriv`'s
    central difference for a function without one.

    Parameters
    ----------
    X, W : array_like
        2-D arrays with ``X.shape[1] == W.shape[0]``.
    sigma : callable
        An elementwise function.
    dLdS : array_like
        :math:`\\partial L / \\partial S`, in the shape of ``X @ W``.

    Returns
    -------
    dLdX : numpy.ndarray
        :math:`\\partial L / \\partial X`, in the shape of ``X``.
    dLdW : numpy.ndarray
        :math:`\\partial L / \\partial W`, in the shape of ``W``.

    Raises
    ------
    TypeError
        If ``X``, ``W`` or ``dLdS`` is not numeric, or ``sigma`` is not
        callable.
    ValueError
        If ``X`` or ``W`` is not 2-D, ``X.shape[1] != W.shape[0]``, or
        ``dLdS`` is not shaped like ``X @ W``.

    Examples
    --------
    With all ones upstream, the chapter's gradient of the sum:

    >>> import numpy as np
    >>> from chainrule import matrix_function_backward, sigmoid
    >>> np.random.seed(190204)
    >>> X = np.random.randn(3, 3)
    >>> W = np.random.randn(3, 2)
    >>> dLdX, dLdW = matrix_function_backward(X, W, sigmoid, np.ones((3, 2)))
    >>> print(round(float(dLdX[0, 0]), 4))
    0.2489
    """
    X = as_float_array(X, "X", "matrix_function_backward")
    W = as_float_array(W, "W", "matrix_function_backward")
    check_matmul_shapes(X, W, "matrix_function_backward")
    check_callable(sigma, "sigma", "matrix_function_backward")
    dLdS = as_float_array(dLdS, "dLdS", "matrix_function_backward")
    check_upstream_shape(dLdS, X, W, "matrix_function_backward")
    # the math
    # forward pass
    N = np.dot(X, W)

    # backward pass
    dSdN = local_derivative(sigma, N)
    dLdN = dLdS * dSdN
    dLdX: ndarray = np.dot(dLdN, np.transpose(W, (1, 0)))
    dLdW: ndarray = np.dot(np.transpose(X, (1, 0)), dLdN)
    return dLdX, dLdW


def matrix_function_forward_backward_sum(
    X: ArrayLike, W: ArrayLike, sigma: ArrayFunction
) -> tuple[float, ndarray, ndarray]:
    """Value and both gradients of :math:`L = \\sum \\sigma(X W)`, in one pass.

    :func:`matrix_function_forward_sum`, :func:`matrix_function_backward_sum_1`
    and :func:`matrix_function_backward_sum_2` each redo the forward pass, so
    asking for all three costs three products :math:`X W` and several calls of
    ``sigma``. Here the forward pass runs once and the backward pass reuses
    its values: one product for :math:`N`, one call of ``sigma``, then one
    product per gradient.

    :math:`\\partial S / \\partial N` is the exact derivative attached to
    ``sigma`` (see :func:`exact_derivative`), handed the forward pass's
    :math:`S`: for :func:`sigmoid` that makes it :math:`S (1 - S)`, without
    calling ``sigma`` again. For a function without one it is :func:`deriv`'s
    central difference, as in the book, which calls ``sigma`` twice more.

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
    X = as_float_array(X, "X", "matrix_function_forward_backward_sum")
    W = as_float_array(W, "W", "matrix_function_forward_backward_sum")
    check_matmul_shapes(X, W, "matrix_function_forward_backward_sum")
    check_callable(sigma, "sigma", "matrix_function_forward_backward_sum")
    # the math
    # forward pass, once
    N = np.dot(X, W)
    S = sigma(N)
    L = np.sum(S)

    # backward pass, reusing N and S; dL/dS is all ones for a sum, so
    # dL/dN = dL/dS * dS/dN is dS/dN itself
    dLdN = local_derivative(sigma, N, output=S)
    dLdX: ndarray = np.dot(dLdN, W.T)
    dLdW: ndarray = np.dot(X.T, dLdN)
    return float(L), dLdX, dLdW
