"""What a gradient costs: medians of calls timed in turns, in the same run.

For ``n x n`` matrices ``X`` and ``W`` and ``sigma = sigmoid``, the book's
``matrix_function_backward_sum_1`` is timed against the forward pass at each
size; at the largest size the fused ``matrix_function_forward_backward_sum``
is timed beside the same three results in the shortest plain NumPy and beside
HIPS autograd's value and both gradients.
"""

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
#: Sizes at which numerical_gradient is timed (it needs 4 n^2 + 1 forward passes).
NUMERICAL_SIZES = (5, 10, 20)
#: Each sample lasts at least this long (short calls are looped).
MIN_SAMPLE_S = 0.005


def plain_numpy(X: np.ndarray, W: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
    """L, dL/dX and dL/dW in the shortest plain NumPy."""
    S = 1 / (1 + np.exp(-(X @ W)))
    G = S * (1 - S)
    return S.sum(), G @ W.T, X.T @ G


def _autograd_loss(X: Any, W: Any) -> Any:
    return anp.sum(1 / (1 + anp.exp(-anp.dot(X, W))))


autograd_value_and_grad = autograd.value_and_grad(_autograd_loss, argnum=(0, 1))


def matrices(n: int) -> tuple[np.ndarray, np.ndarray]:
    """Standard normal ``X`` and ``W / sqrt(n)``, so that ``X @ W`` stays near 1."""
    rng = np.random.default_rng(n)
    return rng.standard_normal((n, n)), rng.standard_normal((n, n)) / math.sqrt(n)


def _sample(func: Callable[[], object], loops: int) -> float:
    start = time.perf_counter()
    for _ in range(loops):
        func()
    return (time.perf_counter() - start) / loops


def in_turns(
    cases: dict[str, Callable[[], object]], budget_s: float, min_rounds: int = 7
) -> dict[str, float]:
    """Median seconds per call of each case, the cases taking turns in an order
    that rotates each round, so that a machine slowing down slows all alike."""
    for func in cases.values():  # warm-up: caches, BLAS threads, autograd tracing
        func()
    loops = {
        name: max(1, math.ceil(MIN_SAMPLE_S / max(_sample(func, 1), 1e-9)))
        for name, func in cases.items()
    }
    round_s = sum(_sample(f, loops[k]) * loops[k] for k, f in cases.items())
    rounds = min(101, max(min_rounds, int(budget_s / max(round_s, 1e-9))))
    samples: dict[str, list[float]] = {name: [] for name in cases}
    names = list(cases)
    deadline = time.perf_counter() + 2 * budget_s  # a busy machine: fewer rounds
    for index in range(rounds):
        if index >= min_rounds and time.perf_counter() > deadline:
            break
        gc.collect()
        gc.disable()
        try:
            for name in names[index % len(names) :] + names[: index % len(names)]:
                samples[name].append(_sample(cases[name], loops[name]))
        finally:
            gc.enable()
    return {name: statistics.median(values) for name, values in samples.items()}


def largest_difference(*results: tuple[Any, Any, Any]) -> float:
    """Largest difference between the results, relative to the largest entry."""
    first = [np.asarray(part, dtype=float) for part in results[0]]
    worst = 0.0
    for other in results[1:]:
        for mine, theirs in zip(first, other, strict=True):
            scale = max(float(np.abs(mine).max()), 1.0)
            difference = np.abs(mine - np.asarray(theirs, dtype=float)).max()
            worst = max(worst, float(difference) / scale)
    return worst


def measure(log: Callable[[str], None], sizes: tuple[int, ...] = SIZES) -> dict:
    rows = []
    for n in sizes:
        X, W = matrices(n)
        log(f"gradients: n = {n}: forward and backward_sum_1, in turns ...")
        seconds = in_turns(
            {
                "forward": partial(matrix_function_forward_sum, X, W, sigmoid),
                "backward_sum_1": partial(
                    matrix_function_backward_sum_1, X, W, sigmoid
                ),
            },
            budget_s=4.0,
        )
        ratio = seconds["backward_sum_1"] / seconds["forward"]
        rows.append({"n": n, "seconds": seconds, "ratio_backward_sum_1": ratio})

    n = max(sizes)
    X, W = matrices(n)
    log(f"gradients: n = {n}: fused, plain NumPy and autograd side by side ...")
    seconds = in_turns(
        {
            "fused": partial(matrix_function_forward_backward_sum, X, W, sigmoid),
            "numpy": partial(plain_numpy, X, W),
            "autograd": partial(autograd_value_and_grad, X, W),
        },
        budget_s=8.0,
    )
    value, (dX, dW) = autograd_value_and_grad(X, W)
    side_by_side = {
        "n": n,
        "seconds": seconds,
        "ratio_fused_to_numpy": seconds["fused"] / seconds["numpy"],
        "ratio_fused_to_autograd": seconds["fused"] / seconds["autograd"],
        "largest_difference": largest_difference(
            matrix_function_forward_backward_sum(X, W, sigmoid),
            plain_numpy(X, W),
            (value, dX, dW),
        ),
    }
    return {"rows": rows, "side_by_side": side_by_side, "numerical": numerical(log)}


def numerical(log: Callable[[str], None]) -> list[dict[str, Any]]:
    """Seconds for numerical_gradient of L with respect to X and W."""
    rows = []
    for n in NUMERICAL_SIZES:
        X, W = matrices(n)
        start = time.perf_counter()
        numerical_gradient(partial(matrix_function_forward_sum, sigma=sigmoid), X, W)
        rows.append(
            {
                "n": n,
                "evaluations": 1 + 4 * n * n,
                "seconds": time.perf_counter() - start,
            }
        )
        log(f"gradients: numerical_gradient at n = {n}: {rows[-1]['seconds']:.3f} s")
    return rows
