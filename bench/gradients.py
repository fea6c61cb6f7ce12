"""What a gradient costs, for n x n matrices and sigma = sigmoid: the book's backward
pass against the forward pass at each size; at the largest, the fused function beside
plain NumPy and HIPS autograd, each returning L and both gradients."""

from __future__ import annotations

import gc
import math
import statistics
import time
from collections.abc import Callable
from functools import partial
from typing import Any

import autograd
import autograd.numpy as anp
import numpy as np

from chainrule import (
    matrix_function_backward_sum_1,
    matrix_function_forward_backward_sum,
    matrix_function_forward_sum,
    numerical_gradient,
    sigmoid,
)

SIZES = (100, 200, 500, 1000)
NUMERICAL_SIZES = (5, 10, 20)  # numerical_gradient needs 4 n^2 + 1 forward passes
MIN_SAMPLE_S = 0.005  # shorter calls are looped to last this long


def plain_numpy(X: np.ndarray, W: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
    """L, dL/dX and dL/dW in the shortest plain NumPy."""
    S = 1 / (1 + np.exp(-(X @ W)))
    G = S * (1 - S)
    return S.sum(), G @ W.T, X.T @ G


autograd_value_and_grad = autograd.value_and_grad(
    lambda X, W: anp.sum(1 / (1 + anp.exp(-anp.dot(X, W)))), argnum=(0, 1)
)


def matrices(n: int) -> tuple[np.ndarray, np.ndarray]:
    """Standard normal ``X`` and ``W / sqrt(n)``, so that ``X @ W`` stays near 1."""
    rng = np.random.default_rng(n)
    return rng.standard_normal((n, n)), rng.standard_normal((n, n)) / math.sqrt(n)


def _sample(func: Callable[[], object], loops: int) -> float:
    start = time.perf_counter()
    for _ in range(loops):
        func()
    return (time.perf_counter() - start) / loops


def in_turns(cases: dict[str, Callable], budget_s: float) -> dict[str, float]:
    """Median seconds per call of each case; the order of the cases rotates each
    round, so that a machine slowing down slows them all alike."""
    loops = {}
    for name, func in cases.items():
        func()  # warm-up: caches, BLAS threads, autograd tracing
        loops[name] = math.ceil(MIN_SAMPLE_S / max(_sample(func, 1), 1e-9))
    samples: dict[str, list[float]] = {name: [] for name in cases}
    names = list(cases)
    deadline = time.perf_counter() + budget_s
    for index in range(101):  # 7 rounds at least, whatever the budget
        if index >= 7 and time.perf_counter() > deadline:
            break
        gc.collect()
        gc.disable()
        for name in names[index % len(names) :] + names[: index % len(names)]:
            samples[name].append(_sample(cases[name], loops[name]))
        gc.enable()
    return {name: statistics.median(values) for name, values in samples.items()}


def largest_difference(first: tuple[Any, ...], *others: tuple[Any, ...]) -> float:
    """Largest difference between the results, relative to the largest entry."""
    return max(
        float(np.abs(np.subtract(mine, theirs)).max() / max(np.abs(mine).max(), 1.0))
        for other in others
        for mine, theirs in zip(first, other, strict=True)
    )


def measure(log: Callable[[str], None], sizes: tuple[int, ...] = SIZES) -> dict:
    rows = []
    for n in sizes:
        X, W = matrices(n)
        forward = partial(matrix_function_forward_sum, X, W, sigmoid)
        backward = partial(matrix_function_backward_sum_1, X, W, sigmoid)
        seconds = in_turns({"forward": forward, "backward_sum_1": backward}, 4.0)
        ratio = seconds["backward_sum_1"] / seconds["forward"]
        rows.append({"n": n, "seconds": seconds, "ratio_backward_sum_1": ratio})
        log(f"gradients: n = {n}: backward_sum_1 / forward {ratio:.2f}x, {seconds}")

    n = max(sizes)
    X, W = matrices(n)
    cases = {
        "fused": partial(matrix_function_forward_backward_sum, X, W, sigmoid),
        "numpy": partial(plain_numpy, X, W),
        "autograd": partial(autograd_value_and_grad, X, W),
    }
    seconds = in_turns(cases, 8.0)
    value, grads = autograd_value_and_grad(X, W)
    difference = largest_difference(cases["fused"](), cases["numpy"](), (value, *grads))
    side_by_side = {
        "n": n,
        "seconds": seconds,
        "ratio_fused_to_numpy": seconds["fused"] / seconds["numpy"],
        "ratio_fused_to_autograd": seconds["fused"] / seconds["autograd"],
        "largest_difference": difference,
    }
    log(f"gradients: side by side at n = {n}: {side_by_side}")
    return {
        "rows": rows,
        "side_by_side": side_by_side,
        "numerical": numerical(log),
        "ratio_1000": {row["n"]: row["ratio_backward_sum_1"] for row in rows}.get(1000),
    }


def numerical(log: Callable[[str], None]) -> list[dict[str, Any]]:
    """Seconds for numerical_gradient of L with respect to X and W."""
    rows = []
    for n in NUMERICAL_SIZES:
        X, W = matrices(n)
        start = time.perf_counter()
        numerical_gradient(partial(matrix_function_forward_sum, sigma=sigmoid), X, W)
        seconds = time.perf_counter() - start
        rows.append({"n": n, "evaluations": 1 + 4 * n * n, "seconds": seconds})
        log(f"gradients: numerical_gradient at n = {n}: {seconds:.3f} s")
    return rows
