"""Chains: evaluation, the chain rule for 2, 3 and any number of functions."""

from __future__ import annotations

import functools

import numpy as np
import pytest

from chainrule import (
    chain_deriv,
    chain_deriv_2,
    chain_deriv_3,
    chain_forward,
    chain_length_2,
    chain_length_3,
    composite_name,
    deriv,
    exact_derivative,
    leaky_relu,
    relu,
    sigmoid,
    square,
)

X = np.arange(-3, 3, 0.01)
FUNCTIONS = [square, sigmoid, leaky_relu, relu]


def exact_chain_derivative(chain, x):
    """The chain rule with exact local derivatives: the independent expectation."""
    total = np.ones_like(x)
    value = x
    for func in chain:
        total = total * exact_derivative(func)(value)
        value = func(value)
    return total


def away_from_kinks(chain, x, margin=0.01):
    """Points where no function of the chain gets an input within margin of 0."""
    keep = np.ones_like(x, dtype=bool)
    value = x
    for func in chain:
        if func in (relu, leaky_relu):
            keep &= np.abs(value) > margin
        value = func(value)
    return x[keep]


def test_chain_length_2_uses_its_argument():
    """The book returns f2(f1(x)) with `x` undefined: a NameError."""
    np.testing.assert_allclose(chain_length_2([square, sigmoid], 2.0), sigmoid(4.0))


def test_chain_length_3_applies_first_to_last():
    np.testing.assert_allclose(
        chain_length_3([leaky_relu, square, sigmoid], X),
        sigmoid(square(leaky_relu(X))),
    )


@pytest.mark.parametrize(
    ("func", "length"),
    [(chain_length_2, 2), (chain_length_3, 3), (chain_deriv_2, 2), (chain_deriv_3, 3)],
)
def test_fixed_length_functions_refuse_other_lengths(func, length):
    with pytest.raises(ValueError, match=f"exactly {length} functions; got 4"):
        func([square] * 4, X)
    with pytest.raises(TypeError, match=r"'chain\[0\]' must be a function"):
        func(["square"] * length, X)


@pytest.mark.parametrize("chain", [[square, sigmoid], [sigmoid, square]])
def test_chain_deriv_2_matches_exact(chain):
    np.testing.assert_allclose(
        chain_deriv_2(chain, X), exact_chain_derivative(chain, X), rtol=1e-6, atol=1e-9
    )


@pytest.mark.parametrize(
    "chain", [[leaky_relu, sigmoid, square], [leaky_relu, square, sigmoid]]
)
def test_chain_deriv_3_matches_exact_away_from_the_kink(chain):
    x = away_from_kinks(chain, X)
    np.testing.assert_allclose(
        chain_deriv_3(chain, x), exact_chain_derivative(chain, x), rtol=1e-6, atol=1e-9
    )


def test_chain_deriv_2_runs_f1_once_on_the_forward_pass():
    """The book calls f1 on the input twice; deriv needs two more calls."""
    calls = []

    def f1(x):
        calls.append(x)
        return square(x)

    chain_deriv_2([f1, sigmoid], X)
    assert len(calls) == 3  # one forward, two inside deriv(f1, x)


@pytest.mark.parametrize("length", range(1, 7))
def test_chain_deriv_of_any_length_matches_exact(length, rng):
    chain = [FUNCTIONS[i] for i in rng.integers(0, len(FUNCTIONS), size=length)]
    x = away_from_kinks(chain, np.linspace(-2, 2, 401))
    np.testing.assert_allclose(
        chain_deriv(chain, x), exact_chain_derivative(chain, x), rtol=1e-5, atol=1e-8
    )


def test_chain_deriv_agrees_with_the_fixed_length_versions():
    np.testing.assert_allclose(
        chain_deriv([square, sigmoid], X), chain_deriv_2([square, sigmoid], X)
    )
    chain = [leaky_relu, sigmoid, square]
    np.testing.assert_allclose(chain_deriv(chain, X), chain_deriv_3(chain, X))


def test_chain_forward_keeps_every_value():
    values = chain_forward([square, sigmoid, leaky_relu], X)
    assert len(values) == 4
    np.testing.assert_array_equal(values[0], X)
    np.testing.assert_allclose(values[3], leaky_relu(sigmoid(square(X))))


def test_chain_deriv_passes_delta_to_every_local_derivative():
    coarse = chain_deriv([sigmoid, sigmoid], X, delta=0.5)
    fine = chain_deriv([sigmoid, sigmoid], X)
    exact = exact_chain_derivative([sigmoid, sigmoid], X)
    assert np.abs(coarse - exact).max() > 100 * np.abs(fine - exact).max()


def test_chain_deriv_validates():
    with pytest.raises(ValueError, match="chain_deriv: 'chain' must hold at least one"):
        chain_deriv([], X)
    with pytest.raises(ValueError, match="chain_deriv: 'delta'"):
        chain_deriv([square], X, delta=0.0)
    with pytest.raises(TypeError, match="chain_deriv: 'input_'"):
        chain_deriv([square], "x")
    with pytest.raises(TypeError, match="chain_forward: 'chain'"):
        chain_forward(square, X)


def test_chains_accept_lists_and_scalars():
    assert chain_deriv_2([square, sigmoid], [1.0, 2.0]).shape == (2,)
    assert np.ndim(chain_deriv([square], 3.0)) == 0


def test_composite_name_reads_inside_out():
    """f1 applied first is innermost: (f2 o f1)(x) = f2(f1(x))."""
    assert composite_name([square, sigmoid]) == "sigmoid(square(x))"
    assert composite_name([functools.partial(leaky_relu, alpha=0.1)], "u") == (
        "leaky_relu(alpha=0.1)(u)"
    )


def test_the_chain_rules_left_side_is_the_composites_derivative():
    """Erratum: the book writes the chain rule as df2/du(x) = df2/du(f1(x)) x
    df1/du(x). Read literally its left side is f2's own slope at x; the right side
    is the slope of the composite f2 o f1, and the two differ."""
    x = np.linspace(-2, 2, 41)
    right_side = deriv(sigmoid, square(x)) * deriv(square, x)
    composite = deriv(lambda v: sigmoid(square(v)), x)  # measured on f2(f1(x))
    np.testing.assert_allclose(right_side, composite, rtol=1e-5, atol=1e-9)
    np.testing.assert_allclose(chain_deriv_2([square, sigmoid], x), right_side)
    books_left_side = deriv(sigmoid, x)
    assert np.max(np.abs(books_left_side - right_side)) > 0.1
