"""Matrix products: the book's numbers, gradients against numerical ones, errors."""

from __future__ import annotations

import typing

import book
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from chainrule import (
    deriv,
    exact_derivative,
    leaky_relu,
    matmul_backward_first,
    matmul_backward_second,
    matmul_forward,
    matrix_forward_extra,
    matrix_function_backward,
    matrix_function_backward_1,
    matrix_function_backward_2,
    matrix_function_backward_sum_1,
    matrix_function_backward_sum_2,
    matrix_function_forward_backward_sum,
    matrix_function_forward_sum,
    max_relative_error,
    numerical_gradient,
    relu,
    sigmoid,
    square,
)
from chainrule.derivatives import derivative_of


def rounded(array):
    return np.round(array, 4).tolist()


def test_book_vector_example_prints_the_books_numbers():
    X, W = book.vector_example()
    assert rounded(X) == [[0.4723, 0.6151, -1.7262]]
    assert rounded(matrix_function_backward_1(X, W, sigmoid)) == [
        [0.0852, -0.0557, -0.1121]
    ]


def test_book_matrix_example_prints_the_books_numbers():
    X, W = book.matrix_example()
    assert rounded(X) == [
        [-1.5775, -0.6664, 0.6391],
        [-0.5615, 0.7373, -1.4231],
        [-1.4435, -0.3913, 0.1539],
    ]
    assert round(matrix_function_forward_sum(X, W, sigmoid), 4) == 2.3755
    assert rounded(matrix_function_backward_sum_1(X, W, sigmoid)) == [
        [0.2489, -0.3748, 0.0112],
        [0.126, -0.2781, -0.1395],
        [0.2299, -0.3662, -0.0225],
    ]


def test_nudging_x3_matches_the_gradient():
    """Raising x3 by 0.01 changes s by about 0.01 x (-0.1121), a decrease."""
    X, W = book.vector_example()
    gradient = matrix_function_backward_1(X, W, sigmoid)[0, 2]
    nudged = X.copy()
    nudged[0, 2] += 0.01
    change = (
        matrix_forward_extra(nudged, W, sigmoid) - matrix_forward_extra(X, W, sigmoid)
    )[0, 0]
    assert change < 0
    assert change == pytest.approx(0.01 * gradient, rel=0.01)


def test_nudging_x11_matches_the_gradient():
    """Raising x11 by 0.001 (not 0.01) raises L by 0.001 x 0.2489."""
    X, W = book.matrix_example()
    nudged = X.copy()
    nudged[0, 0] += 0.001
    rise = matrix_function_forward_sum(
        nudged, W, sigmoid
    ) - matrix_function_forward_sum(X, W, sigmoid)
    gradient = matrix_function_backward_sum_1(X, W, sigmoid)[0, 0]
    assert round(rise / 0.001, 4) == round(gradient, 4) == 0.2489
    assert rise == pytest.approx(0.001 * gradient, rel=1e-3)
    assert rise != pytest.approx(0.01 * gradient, rel=0.5)


def test_matmul_forward_is_the_dot_product():
    X, W = book.vector_example()
    assert matmul_forward(X, W)[0, 0] == pytest.approx(float(np.sum(X[0] * W[:, 0])))


def test_matmul_backward_first_is_gradient_of_N():
    """dN/dX holds dN/dx_i for each x_i: the gradient of N with respect to X."""
    X, W = book.vector_example()
    (numerical,) = numerical_gradient(lambda X_: matmul_forward(X_, W)[0, 0], X)
    np.testing.assert_allclose(matmul_backward_first(X, W), numerical, rtol=1e-9)
    (numerical_w,) = numerical_gradient(lambda W_: matmul_forward(X, W_)[0, 0], W)
    np.testing.assert_allclose(matmul_backward_second(X, W), numerical_w, rtol=1e-9)


def matrix_pairs(single_output=False):
    sides = st.integers(1, 6)

    def build(n, k, m):
        elements = st.floats(-2, 2)
        return st.tuples(
            hnp.arrays(np.float64, (n, k), elements=elements),
            hnp.arrays(np.float64, (k, m), elements=elements),
        )

    if single_output:
        return sides.flatmap(lambda k: build(1, k, 1))
    return st.tuples(sides, sides, sides).flatmap(lambda s: build(*s))


SIGMAS = [sigmoid, square]


@pytest.mark.parametrize("sigma", SIGMAS, ids=lambda f: f.__name__)
@settings(max_examples=book.examples(60), deadline=None)
@given(XW=matrix_pairs())
def test_backward_sum_matches_numerical_gradient(sigma, XW):
    X, W = XW
    num_X, num_W = numerical_gradient(
        lambda X_, W_: matrix_function_forward_sum(X_, W_, sigma), X, W
    )
    assert (
        book.relative_error(matrix_function_backward_sum_1(X, W, sigma), num_X) < 1e-6
    )
    assert (
        book.relative_error(matrix_function_backward_sum_2(X, W, sigma), num_W) < 1e-6
    )


@pytest.mark.parametrize("sigma", SIGMAS, ids=lambda f: f.__name__)
@settings(max_examples=book.examples(40), deadline=None)
@given(XW=matrix_pairs(single_output=True))
def test_backward_single_output_matches_numerical_gradient(sigma, XW):
    X, W = XW
    num_X, num_W = numerical_gradient(
        lambda X_, W_: matrix_forward_extra(X_, W_, sigma)[0, 0], X, W
    )
    assert book.relative_error(matrix_function_backward_1(X, W, sigma), num_X) < 1e-6
    assert book.relative_error(matrix_function_backward_2(X, W, sigma), num_W) < 1e-6


def test_backward_sum_with_leaky_relu_away_from_the_kink():
    X, W = book.matrix_example()
    assert np.abs(X @ W).min() > 0.01
    num_X, num_W = numerical_gradient(
        lambda X_, W_: matrix_function_forward_sum(X_, W_, leaky_relu), X, W
    )
    assert (
        max_relative_error(matrix_function_backward_sum_1(X, W, leaky_relu), num_X)
        < 1e-6
    )
    assert (
        max_relative_error(matrix_function_backward_sum_2(X, W, leaky_relu), num_W)
        < 1e-6
    )


def test_backward_sum_1_matches_numerical_gradient():
    X, W = book.matrix_example()
    (num_X,) = numerical_gradient(
        lambda X_: matrix_function_forward_sum(X_, W, sigmoid), X
    )
    assert (
        max_relative_error(matrix_function_backward_sum_1(X, W, sigmoid), num_X) < 1e-6
    )


def test_backward_uses_dLdN_not_dSdN():
    """The book multiplies dSdN by W^T; the chain rule wants dLdN = dLdS * dSdN.

    For the chapter's sum, dL/dS is all ones and the two agree. For a loss whose
    dL/dS is not all ones, L = sum((S - T)**2), only dLdN @ W^T is the gradient.
    """
    X, W = book.matrix_example()
    T = np.linspace(-1.0, 1.0, 6).reshape(3, 2)  # a target for S

    def loss(X_, W_):
        return float(np.sum((sigmoid(X_ @ W_) - T) ** 2))

    S = sigmoid(X @ W)
    dLdS = 2 * (S - T)
    num_X, num_W = numerical_gradient(loss, X, W)
    dLdX, dLdW = matrix_function_backward(X, W, sigmoid, dLdS)
    assert book.relative_error(dLdX, num_X) < 1e-6
    assert book.relative_error(dLdW, num_W) < 1e-6

    books_dLdX = deriv(sigmoid, X @ W) @ W.T  # the book's np.dot(dSdN, dNdX)
    assert book.relative_error(books_dLdX, num_X) > 0.1


def test_backward_with_ones_upstream_is_the_gradient_of_the_sum():
    X, W = book.matrix_example()
    dLdX, dLdW = matrix_function_backward(X, W, sigmoid, np.ones((3, 2)))
    _, fused_X, fused_W = matrix_function_forward_backward_sum(X, W, sigmoid)
    np.testing.assert_allclose(dLdX, fused_X, rtol=1e-14)
    np.testing.assert_allclose(dLdW, fused_W, rtol=1e-14)
    assert rounded(dLdX) == rounded(matrix_function_backward_sum_1(X, W, sigmoid))


def test_backward_falls_back_to_deriv_for_a_function_without_a_derivative():
    X, W = book.matrix_example()
    dLdS = np.arange(6.0).reshape(3, 2)
    dLdX, dLdW = matrix_function_backward(X, W, np.tanh, dLdS)
    dLdN = dLdS * deriv(np.tanh, X @ W)
    np.testing.assert_allclose(dLdX, dLdN @ W.T, rtol=1e-12)
    np.testing.assert_allclose(dLdW, X.T @ dLdN, rtol=1e-12)


@pytest.mark.parametrize(
    ("dLdS", "error", "message"),
    [
        (
            np.ones((2, 3)),
            ValueError,
            r"'dLdS' must have the shape of X @ W, .*\(3, 2\)",
        ),
        (np.ones(6), ValueError, r"got dLdS.shape=\(6,\)"),
        ("ones", TypeError, r"'dLdS' must be a number or an array"),
    ],
)
def test_backward_refuses_a_bad_upstream_gradient(dLdS, error, message):
    X, W = book.matrix_example()
    with pytest.raises(error, match=rf"matrix_function_backward: .*{message}"):
        matrix_function_backward(X, W, sigmoid, dLdS)


def test_backward_sum_2_puts_X_transpose_on_the_left():
    X, W = book.matrix_example()
    dLdN = deriv(sigmoid, X @ W)
    np.testing.assert_allclose(
        matrix_function_backward_sum_2(X, W, sigmoid), X.T @ dLdN
    )


def test_forward_sum_returns_a_float():
    X, W = book.matrix_example()
    assert typing.get_type_hints(matrix_function_forward_sum)["return"] is float
    assert type(matrix_function_forward_sum(X, W, sigmoid)) is float


ALL_MATRIX_FUNCTIONS = [
    (matmul_forward, False),
    (matmul_backward_first, False),
    (matmul_backward_second, False),
    (matrix_forward_extra, True),
    (matrix_function_backward_1, True),
    (matrix_function_backward_2, True),
    (matrix_function_forward_sum, True),
    (matrix_function_backward_sum_1, True),
    (matrix_function_backward_sum_2, True),
]


def call(func, needs_sigma, X, W, sigma=sigmoid):
    return func(X, W, sigma) if needs_sigma else func(X, W)


@pytest.mark.parametrize(("func", "needs_sigma"), ALL_MATRIX_FUNCTIONS)
def test_mismatched_inner_dimensions_raise_with_both_shapes(func, needs_sigma):
    with pytest.raises(
        ValueError, match=r"X.shape=\(1, 3\) and W.shape=\(2, 1\)"
    ) as info:
        call(func, needs_sigma, np.zeros((1, 3)), np.zeros((2, 1)))
    assert func.__name__ in str(info.value)


@pytest.mark.parametrize(("func", "needs_sigma"), ALL_MATRIX_FUNCTIONS)
def test_one_dimensional_arrays_are_refused(func, needs_sigma):
    with pytest.raises(ValueError, match=r"'X' must be a 2-D array"):
        call(func, needs_sigma, np.zeros(3), np.zeros((3, 1)))


@pytest.mark.parametrize(("func", "needs_sigma"), ALL_MATRIX_FUNCTIONS)
def test_strings_are_refused(func, needs_sigma):
    with pytest.raises(TypeError, match=r"'W' must be a number or an array"):
        call(func, needs_sigma, np.zeros((1, 3)), "W")


@pytest.mark.parametrize(
    ("func", "needs_sigma"), [p for p in ALL_MATRIX_FUNCTIONS if p[1]]
)
def test_sigma_must_be_callable(func, needs_sigma):
    with pytest.raises(TypeError, match="'sigma' must be a function"):
        call(func, needs_sigma, np.zeros((1, 3)), np.zeros((3, 1)), sigma=None)


@pytest.mark.parametrize(
    "func", [matrix_function_backward_1, matrix_function_backward_2]
)
def test_single_output_gradients_refuse_matrix_outputs(func):
    X, W = book.matrix_example()
    with pytest.raises(ValueError, match="matrix_function_backward_sum_"):
        func(X, W, sigmoid)


def test_lists_of_lists_work():
    np.testing.assert_allclose(matmul_forward([[1, 2]], [[3], [4]]), [[11.0]])


def test_nan_propagates_through_the_backward_pass():
    X, W = book.matrix_example()
    X = X.copy()
    X[1, 1] = np.nan
    gradient = matrix_function_backward_sum_1(X, W, sigmoid)
    assert np.isnan(gradient[1]).all() and np.isfinite(gradient[[0, 2]]).all()


# -- matrix_function_forward_backward_sum: one forward pass, both gradients ----------

FUSED_SIGMAS = [sigmoid, square, np.tanh]


@pytest.mark.parametrize("sigma", FUSED_SIGMAS, ids=lambda f: f.__name__)
@settings(max_examples=book.examples(60), deadline=None)
@given(XW=matrix_pairs())
def test_fused_agrees_with_forward_sum_and_both_backward_sums(sigma, XW):
    X, W = XW
    loss, dLdX, dLdW = matrix_function_forward_backward_sum(X, W, sigma)
    assert loss == pytest.approx(matrix_function_forward_sum(X, W, sigma), rel=1e-12)
    assert dLdX.shape == X.shape and dLdW.shape == W.shape
    # exact derivatives (sigmoid, square) against the book's central differences
    assert book.relative_error(dLdX, matrix_function_backward_sum_1(X, W, sigma)) < 1e-6
    assert book.relative_error(dLdW, matrix_function_backward_sum_2(X, W, sigma)) < 1e-6


def test_fused_reproduces_the_books_numbers():
    X, W = book.matrix_example()
    loss, dLdX, _ = matrix_function_forward_backward_sum(X, W, sigmoid)
    assert round(loss, 4) == 2.3755
    assert round(float(dLdX[0, 0]), 4) == 0.2489
    assert rounded(dLdX) == rounded(matrix_function_backward_sum_1(X, W, sigmoid))


def test_fused_returns_a_float_and_two_arrays():
    X, W = book.matrix_example()
    hints = typing.get_type_hints(matrix_function_forward_backward_sum)
    assert hints["return"] == tuple[float, np.ndarray, np.ndarray]
    loss, dLdX, dLdW = matrix_function_forward_backward_sum(X, W, sigmoid)
    assert type(loss) is float
    assert isinstance(dLdX, np.ndarray) and isinstance(dLdW, np.ndarray)


def test_fused_sigmoid_slope_is_S_times_one_minus_S_from_the_forward_pass():
    """For sigmoid, dS/dN is S(1 - S) of the forward's S: exactly, not nearly."""
    X, W = book.matrix_example()
    S = sigmoid(X @ W)
    dSdN = S * (1.0 - S)
    _, dLdX, dLdW = matrix_function_forward_backward_sum(X, W, sigmoid)
    np.testing.assert_array_equal(dLdX, dSdN @ W.T)
    np.testing.assert_array_equal(dLdW, X.T @ dSdN)


def test_fused_square_slope_is_exact():
    X, W = book.matrix_example()
    N = X @ W
    _, dLdX, dLdW = matrix_function_forward_backward_sum(X, W, square)
    np.testing.assert_array_equal(dLdX, (2.0 * N) @ W.T)
    np.testing.assert_array_equal(dLdW, X.T @ (2.0 * N))


def counted(func, calls, with_derivative):
    """``func`` under another name, recording the shape of each call's input;
    carrying ``func``'s exact derivative when asked to."""

    def counting(x):
        calls.append(np.shape(x))
        return func(x)

    if with_derivative:
        derivative_of(counting)(exact_derivative(func))
    return counting


@pytest.mark.parametrize("sigma", [sigmoid, square, leaky_relu, relu])
def test_fused_calls_a_sigma_with_a_derivative_exactly_once(sigma):
    """dS/dN comes from the attached exact derivative, handed S: no deriv."""
    calls = []
    X, W = book.matrix_example()
    loss, dLdX, dLdW = matrix_function_forward_backward_sum(
        X, W, counted(sigma, calls, with_derivative=True)
    )
    assert calls == [(3, 2)]
    dSdN = exact_derivative(sigma)(X @ W)
    assert loss == matrix_function_forward_sum(X, W, sigma)
    np.testing.assert_array_equal(dLdX, dSdN @ W.T)
    np.testing.assert_array_equal(dLdW, X.T @ dSdN)


@pytest.mark.parametrize("sigma", [np.tanh, sigmoid])
def test_fused_calls_an_unknown_sigma_once_forward_and_twice_for_deriv(sigma):
    """Without an attached derivative (np.tanh; sigmoid under another name)."""
    calls = []
    X, W = book.matrix_example()
    loss, dLdX, dLdW = matrix_function_forward_backward_sum(
        X, W, counted(sigma, calls, with_derivative=False)
    )
    assert calls == [(3, 2)] * 3
    assert loss == matrix_function_forward_sum(X, W, sigma)
    np.testing.assert_array_equal(dLdX, matrix_function_backward_sum_1(X, W, sigma))
    np.testing.assert_array_equal(dLdW, matrix_function_backward_sum_2(X, W, sigma))


def test_fused_mismatched_inner_dimensions_raise_with_both_shapes():
    with pytest.raises(
        ValueError,
        match=r"matrix_function_forward_backward_sum: .*"
        r"X.shape=\(1, 3\) and W.shape=\(2, 1\)",
    ):
        matrix_function_forward_backward_sum(np.zeros((1, 3)), np.zeros((2, 1)), square)


@pytest.mark.parametrize(
    ("X", "W", "error", "message"),
    [
        (np.zeros(3), np.zeros((3, 1)), ValueError, r"'X' must be a 2-D array"),
        (np.zeros((1, 3)), np.zeros((3, 1, 1)), ValueError, r"'W' must be a 2-D"),
        (np.zeros((1, 3)), "W", TypeError, r"'W' must be a number or an array"),
        ([[1j, 2]], np.zeros((2, 1)), TypeError, r"'X' must be a number or an array"),
    ],
)
def test_fused_refuses_bad_matrices(X, W, error, message):
    with pytest.raises(error, match=message) as info:
        matrix_function_forward_backward_sum(X, W, sigmoid)
    assert "matrix_function_forward_backward_sum" in str(info.value)


def test_fused_sigma_must_be_callable():
    with pytest.raises(
        TypeError,
        match=r"matrix_function_forward_backward_sum: 'sigma' must be a function",
    ):
        matrix_function_forward_backward_sum(np.zeros((1, 3)), np.zeros((3, 1)), None)


def test_fused_lists_of_lists_work():
    loss, dLdX, dLdW = matrix_function_forward_backward_sum(
        [[1, 2]], [[3], [4]], square
    )
    assert loss == 121.0
    np.testing.assert_allclose(dLdX, [[66.0, 88.0]])
    np.testing.assert_allclose(dLdW, [[22.0], [44.0]])


def test_fused_nan_propagates_through_the_backward_pass():
    X, W = book.matrix_example()
    X = X.copy()
    X[1, 1] = np.nan
    loss, dLdX, dLdW = matrix_function_forward_backward_sum(X, W, sigmoid)
    assert np.isnan(loss)
    assert np.isnan(dLdX[1]).all() and np.isfinite(dLdX[[0, 2]]).all()
    assert np.isnan(dLdW).any()


def test_the_order_of_the_product_in_backward_1_matters():
    """Erratum: the book's comment 'since dNdX is 1x1 here, order doesn't matter'.
    It is dSdN that is 1 x 1; dNdX is 1 x 3, and the other order does not run."""
    X, W = book.vector_example()
    dSdN = deriv(sigmoid, X @ W)
    dNdX = np.transpose(W, (1, 0))
    assert dSdN.shape == (1, 1)
    assert dNdX.shape == (1, 3)
    with pytest.raises(ValueError, match="not aligned"):
        np.dot(dNdX, dSdN)
    np.testing.assert_allclose(
        matrix_function_backward_1(X, W, sigmoid), np.dot(dSdN, dNdX)
    )


def test_the_matrix_chain_rule_puts_W_T_on_the_right():
    """Erratum: the book's matrix chain rule puts dnu/dX (W^T) first and writes
    dsigma/du(X) where dnu/dX is meant. With W^T on the left the product is 2 x 2,
    not the shape of X; on the right it is the gradient of L."""
    X, W = book.matrix_example()
    N = X @ W
    dLdN = np.ones_like(N) * deriv(sigmoid, N)
    dNdX = np.transpose(W, (1, 0))
    books_order = np.dot(dNdX, dLdN)
    assert books_order.shape == (2, 2) != X.shape
    (numerical,) = numerical_gradient(
        lambda X_: matrix_function_forward_sum(X_, W, sigmoid), X
    )
    assert max_relative_error(np.dot(dLdN, dNdX), numerical) < 1e-6
    np.testing.assert_allclose(
        matrix_function_backward_sum_1(X, W, sigmoid), np.dot(dLdN, dNdX)
    )
