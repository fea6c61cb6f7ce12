"""An independent witness for every gradient: HIPS autograd.

Each forward function of the chapter is restated here in ``autograd.numpy``
(never by calling chainrule), autograd differentiates the restatement, and the
result must agree with chainrule's backward functions:

* within finite-difference accuracy where chainrule takes central differences
  (``max|a - b| / max(max|b|, 1) < 1e-6`` at the default ``delta = 0.001``);
* within ``1e-12`` where chainrule uses exact derivatives.

Finite differences are only derivatives where the function is smooth and the
numbers are small enough for round-off not to swamp the step, so the inputs
keep every Leaky ReLU / ReLU pre-activation at least 0.01 away from the kink
and every value a derivative is taken at below ``MAX_FD_INPUT`` in size.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import autograd.numpy as anp
import book
import numpy as np
import pytest
from autograd import elementwise_grad, grad
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import chainrule

#: Agreement required of a central difference at the default delta.
FD_TOLERANCE = 1e-6
#: Agreement required of an exact derivative.
EXACT_TOLERANCE = 1e-12
#: A pre-activation of a kinked function must be at least this far from 0.
KINK_MARGIN = 0.01
#: Largest value a finite difference is taken at: beyond it the rounding of
#: ``v + delta`` (about ``|v| * 2e-16``) is no longer small next to delta.
MAX_FD_INPUT = 1e4

SETTINGS = settings(
    max_examples=book.examples(60),
    deadline=None,  # autograd's first trace is slow; nothing here can hang
    suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow],
)

COUNT = {"gradients": 0}


# -- the test's own restatement of each forward function, in autograd.numpy ---


def anp_square(x):
    return x**2


def anp_sigmoid(x):
    return 1.0 / (1.0 + anp.exp(-x))


def anp_leaky_relu(x, alpha=0.2):
    return anp.maximum(alpha * x, x)


def anp_relu(x):
    return anp.maximum(x, 0.0)


@dataclass(frozen=True)
class Sigma:
    name: str
    ours: Callable[..., Any]
    witness: Callable[..., Any]
    kinked: bool

    def __repr__(self) -> str:
        return self.name


SIGMAS = (
    Sigma("square", chainrule.square, anp_square, kinked=False),
    Sigma("sigmoid", chainrule.sigmoid, anp_sigmoid, kinked=False),
    Sigma("leaky_relu", chainrule.leaky_relu, anp_leaky_relu, kinked=True),
)
sigmas = st.sampled_from(SIGMAS)


# -- strategies ---------------------------------------------------------------

elements = st.floats(-3, 3, allow_nan=False, allow_infinity=False)


def arrays(shape):
    return hnp.arrays(np.float64, shape, elements=elements)


any_shape = hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=6)
sides = st.integers(1, 6)


@st.composite
def same_shape_pair(draw):
    shape = draw(any_shape)
    return draw(arrays(shape)), draw(arrays(shape))


@st.composite
def matrices(draw, single_output=False):
    """``X`` of shape (m, n) and ``W`` of shape (n, p); m = p = 1 if asked."""
    m, n, p = draw(sides), draw(sides), draw(sides)
    if single_output:
        m = p = 1
    return draw(arrays((m, n))), draw(arrays((n, p)))


# -- comparison ---------------------------------------------------------------


def agree(ours, witness, tolerance, what):
    """Assert ``ours`` matches autograd's ``witness`` and count the comparison."""
    ours = np.asarray(ours)
    witness = np.asarray(witness, dtype=np.float64)
    assert ours.shape == witness.shape, (
        f"{what}: shape {ours.shape}, autograd says {witness.shape}"
    )
    assert np.all(np.isfinite(witness)), f"{what}: autograd itself is not finite"
    scale = max(float(np.max(np.abs(witness), initial=0.0)), 1.0)
    error = float(np.max(np.abs(ours - witness), initial=0.0)) / scale
    assert error < tolerance, (
        f"{what}: relative error {error:.3g} >= {tolerance:g}\n"
        f"chainrule:\n{ours}\nautograd:\n{witness}"
    )
    COUNT["gradients"] += 1


def away_from_kink(sigma, pre_activation):
    if sigma.kinked:
        assume(np.all(np.abs(pre_activation) >= KINK_MARGIN))


def small_enough(value):
    assume(np.all(np.abs(value) <= MAX_FD_INPUT))


@pytest.fixture(scope="module", autouse=True)
def _report_count(summary_line):
    yield
    summary_line(f"autodiff: {COUNT['gradients']} gradients compared")


# -- the restatements are the same functions ------------------------------------


@SETTINGS
@given(x=arrays(any_shape))
def test_the_autograd_restatements_compute_the_same_functions(x):
    for ours, witness in [
        (chainrule.square, anp_square),
        (chainrule.sigmoid, anp_sigmoid),
        (chainrule.leaky_relu, anp_leaky_relu),
        (chainrule.relu, anp_relu),
    ]:
        np.testing.assert_allclose(ours(x), witness(x), rtol=1e-14, atol=1e-15)


# -- exact derivatives: within 1e-12 -----------------------------------------------


@SETTINGS
@given(x=arrays(any_shape), alpha=st.floats(0, 1))
def test_exact_derivatives_match_autograd(x, alpha):
    assume(np.all(np.abs(x) >= KINK_MARGIN))
    cases = [
        ("square", chainrule.square_derivative, anp_square),
        ("sigmoid", chainrule.sigmoid_derivative, anp_sigmoid),
        ("leaky_relu", chainrule.leaky_relu_derivative, anp_leaky_relu),
        ("relu", chainrule.relu_derivative, anp_relu),
    ]
    for name, derivative, witness in cases:
        agree(derivative(x), elementwise_grad(witness)(x), EXACT_TOLERANCE, name)
    # handed the function's output, as a forward pass hands it over
    for func, witness in [
        (chainrule.square, anp_square),
        (chainrule.sigmoid, anp_sigmoid),
        (chainrule.leaky_relu, anp_leaky_relu),
        (chainrule.relu, anp_relu),
    ]:
        agree(
            chainrule.exact_derivative(func)(x, output=func(x)),
            elementwise_grad(witness)(x),
            EXACT_TOLERANCE,
            f"exact_derivative({chainrule.function_name(func)}), given the output",
        )
    # another slope: the derivative takes alpha as leaky_relu does
    agree(
        chainrule.leaky_relu_derivative(x, alpha=alpha),
        elementwise_grad(functools.partial(anp_leaky_relu, alpha=alpha))(x),
        EXACT_TOLERANCE,
        f"leaky_relu_derivative(alpha={alpha})",
    )


# -- chains -------------------------------------------------------------------------


def chain_witness(chain):
    def composite(x):
        for sigma in chain:
            x = sigma.witness(x)
        return x

    return composite


def check_chain_inputs(chain, x):
    """Keep every function's input where a finite difference is a derivative."""
    value = x
    for sigma in chain:
        small_enough(value)
        away_from_kink(sigma, value)
        value = sigma.witness(value)


@SETTINGS
@given(chain=st.lists(sigmas, min_size=2, max_size=2), x=arrays(any_shape))
def test_chain_deriv_2(chain, x):
    check_chain_inputs(chain, x)
    ours = chainrule.chain_deriv_2([s.ours for s in chain], x)
    witness = elementwise_grad(chain_witness(chain))(x)
    agree(ours, witness, FD_TOLERANCE, f"chain_deriv_2({chain})")


@SETTINGS
@given(chain=st.lists(sigmas, min_size=3, max_size=3), x=arrays(any_shape))
def test_chain_deriv_3(chain, x):
    check_chain_inputs(chain, x)
    ours = chainrule.chain_deriv_3([s.ours for s in chain], x)
    witness = elementwise_grad(chain_witness(chain))(x)
    agree(ours, witness, FD_TOLERANCE, f"chain_deriv_3({chain})")


@settings(SETTINGS, max_examples=book.examples(150))
@given(chain=st.lists(sigmas, min_size=1, max_size=6), x=arrays(any_shape))
def test_chain_deriv_any_length(chain, x):
    check_chain_inputs(chain, x)
    ours = chainrule.chain_deriv([s.ours for s in chain], x)
    witness = elementwise_grad(chain_witness(chain))(x)
    agree(ours, witness, FD_TOLERANCE, f"chain_deriv({chain})")


# -- functions of two inputs --------------------------------------------------------


@SETTINGS
@given(sigma=sigmas, xy=same_shape_pair())
def test_multiple_inputs_add_backward(sigma, xy):
    x, y = xy
    away_from_kink(sigma, x + y)

    def loss(x, y):
        return anp.sum(sigma.witness(x + y))

    dsdx, dsdy = chainrule.multiple_inputs_add_backward(x, y, sigma.ours)
    agree(dsdx, grad(loss, 0)(x, y), FD_TOLERANCE, f"add d/dx, {sigma}")
    agree(dsdy, grad(loss, 1)(x, y), FD_TOLERANCE, f"add d/dy, {sigma}")


# -- matrices -----------------------------------------------------------------------


def matrix_loss(sigma):
    def loss(X, W):
        return anp.sum(sigma.witness(anp.dot(X, W)))

    return loss


@SETTINGS
@given(sigma=sigmas, XW=matrices(single_output=True))
def test_matrix_function_backward_1_and_2(sigma, XW):
    X, W = XW
    away_from_kink(sigma, X @ W)
    loss = matrix_loss(sigma)
    agree(
        chainrule.matrix_function_backward_1(X, W, sigma.ours),
        grad(loss, 0)(X, W),
        FD_TOLERANCE,
        f"matrix_function_backward_1, {sigma}",
    )
    agree(
        chainrule.matrix_function_backward_2(X, W, sigma.ours),
        grad(loss, 1)(X, W),
        FD_TOLERANCE,
        f"matrix_function_backward_2, {sigma}",
    )


@settings(SETTINGS, max_examples=book.examples(100))
@given(sigma=sigmas, XW=matrices())
def test_matrix_function_backward_sum_1_and_2(sigma, XW):
    X, W = XW
    away_from_kink(sigma, X @ W)
    loss = matrix_loss(sigma)
    agree(
        chainrule.matrix_function_backward_sum_1(X, W, sigma.ours),
        grad(loss, 0)(X, W),
        FD_TOLERANCE,
        f"matrix_function_backward_sum_1, {sigma}",
    )
    agree(
        chainrule.matrix_function_backward_sum_2(X, W, sigma.ours),
        grad(loss, 1)(X, W),
        FD_TOLERANCE,
        f"matrix_function_backward_sum_2, {sigma}",
    )


@SETTINGS
@given(sigma=sigmas, XW=matrices())
def test_numerical_gradient(sigma, XW):
    X, W = XW
    # a nudge of delta moves a pre-activation by at most 3 * delta < KINK_MARGIN
    away_from_kink(sigma, X @ W)
    loss = matrix_loss(sigma)
    dLdX, dLdW = chainrule.numerical_gradient(
        lambda X, W: chainrule.matrix_function_forward_sum(X, W, sigma.ours), X, W
    )
    agree(dLdX, grad(loss, 0)(X, W), FD_TOLERANCE, f"numerical_gradient X, {sigma}")
    agree(dLdW, grad(loss, 1)(X, W), FD_TOLERANCE, f"numerical_gradient W, {sigma}")


def plain_python(sigma):
    """``sigma`` under another name: chainrule knows no exact derivative of it."""

    def wrapped(x):
        return sigma.ours(x)

    return Sigma(f"plain {sigma.name}", wrapped, sigma.witness, sigma.kinked)


@settings(SETTINGS, max_examples=book.examples(100))
@given(sigma=sigmas, XW=matrices(), known=st.booleans())
def test_matrix_function_forward_backward_sum(sigma, XW, known):
    """Returns ``(L, dLdX, dLdW)``: exact slopes for the chapter's functions,
    central differences for any other."""
    X, W = XW
    away_from_kink(sigma, X @ W)
    if not known:
        sigma = plain_python(sigma)
    tolerance = EXACT_TOLERANCE if known else FD_TOLERANCE
    loss = matrix_loss(sigma)
    L, dLdX, dLdW = chainrule.matrix_function_forward_backward_sum(X, W, sigma.ours)
    expected_L = float(loss(X, W))
    assert abs(L - expected_L) <= 1e-12 * max(abs(expected_L), 1.0), (L, expected_L)
    agree(dLdX, grad(loss, 0)(X, W), tolerance, f"forward_backward X, {sigma}")
    agree(dLdW, grad(loss, 1)(X, W), tolerance, f"forward_backward W, {sigma}")


@settings(SETTINGS, max_examples=book.examples(100))
@given(sigma=sigmas, XW=matrices(), data=st.data(), known=st.booleans())
def test_matrix_function_backward_with_a_squared_error(sigma, XW, data, known):
    """Any upstream gradient: L = sum((S - T)**2) gives dL/dS = 2 (S - T)."""
    X, W = XW
    away_from_kink(sigma, X @ W)
    if not known:
        sigma = plain_python(sigma)
    tolerance = EXACT_TOLERANCE if known else FD_TOLERANCE
    T = data.draw(arrays((X.shape[0], W.shape[1])), label="T")

    def loss(X, W):
        return anp.sum((sigma.witness(anp.dot(X, W)) - T) ** 2)

    dLdS = 2 * (sigma.ours(X @ W) - T)
    dLdX, dLdW = chainrule.matrix_function_backward(X, W, sigma.ours, dLdS)
    agree(dLdX, grad(loss, 0)(X, W), tolerance, f"backward, squared error, X, {sigma}")
    agree(dLdW, grad(loss, 1)(X, W), tolerance, f"backward, squared error, W, {sigma}")
