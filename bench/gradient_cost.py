"""What a gradient costs, in forward passes.

For square matrices ``X`` and ``W`` (``n x n``) and ``sigma = sigmoid``, the
forward pass :math:`L = \\sum \\sigma(X W)` costs one matrix product plus
elementwise work. Each gradient needs one more product, so the floors are
about 2 forward passes for one gradient and 3 for the value and both
gradients. Every ratio below divides two medians measured in the same run,
round-robin, so a machine that slows down halfway slows both alike.
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
from quiet import foreign_cpu

from chainrule import (
    matrix_function_backward_sum_1,
    matrix_function_backward_sum_2,
    matrix_function_forward_backward_sum,
    matrix_function_forward_sum,
    numerical_gradient,
    sigmoid,
)

Log = Callable[[str], None]

#: The sizes of the gradient-cost table (X and W are n x n).
SIZES = (100, 200, 500, 1000)
#: The sizes at which the numerical gradient is timed (it needs 4 n^2 + 1 passes).
NUMERICAL_SIZES = (5, 10, 20, 50)
#: Where the numerical gradient's cost is extrapolated to.
NUMERICAL_TARGET_SIZE = 100
#: A size timed while other processes used more than this share of the CPUs
#: is timed again, up to BUSY_RETRIES more times: sharing two cores with another
#: job stalls the BLAS threads and distorts the ratios.
BUSY_SHARE = 0.25
BUSY_RETRIES = 2
#: Each timed sample lasts at least this long (short calls are looped).
MIN_SAMPLE_S = 0.005


def _autograd_loss(X: Any, W: Any) -> Any:
    return anp.sum(1.0 / (1.0 + anp.exp(-anp.dot(X, W))))


#: Value and gradients with respect to (X, W), by reverse-mode autodiff.
autograd_value_and_grad = autograd.value_and_grad(_autograd_loss, argnum=(0, 1))


def _sample(func: Callable[[], object], number: int) -> float:
    """Seconds per call, averaged over ``number`` back-to-back calls."""
    start = time.perf_counter()
    for _ in range(number):
        func()
    return (time.perf_counter() - start) / number


def _loops_for(func: Callable[[], object]) -> int:
    """How many calls make one sample last at least ``MIN_SAMPLE_S``."""
    once = _sample(func, 1)
    return max(1, math.ceil(MIN_SAMPLE_S / max(once, 1e-9)))


def time_round_robin(
    cases: dict[str, Callable[[], object]],
    budget_s: float,
    min_rounds: int = 7,
    max_rounds: int = 101,
) -> dict[str, dict[str, float]]:
    """Median seconds per call of each case, the cases taking turns.

    Each case is warmed up twice, then every round times each case once (in an
    order that rotates from round to round). The number of rounds fills
    ``budget_s``, within ``[min_rounds, max_rounds]``.
    """
    for func in cases.values():  # warm-up: caches, BLAS threads, autograd tracing
        func()
        func()
    loops = {name: _loops_for(func) for name, func in cases.items()}
    round_s = sum(
        _sample(func, loops[name]) * loops[name] for name, func in cases.items()
    )
    rounds = min(max_rounds, max(min_rounds, int(budget_s / max(round_s, 1e-9))))
    samples: dict[str, list[float]] = {name: [] for name in cases}
    names = list(cases)
    gc_was_enabled = gc.isenabled()
    try:
        for index in range(rounds):
            gc.collect()
            gc.disable()
            shift = index % len(names)
            for name in names[shift:] + names[:shift]:
                samples[name].append(_sample(cases[name], loops[name]))
            if gc_was_enabled:
                gc.enable()
    finally:
        if gc_was_enabled:
            gc.enable()
    return {
        name: {
            "median_s": statistics.median(values),
            "min_s": min(values),
            "rounds": len(values),
            "loops": loops[name],
        }
        for name, values in samples.items()
    }


def matrices(n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Standard normal ``X`` and ``W / sqrt(n)``, so that ``X @ W`` stays near 1."""
    rng = np.random.default_rng(seed + n)
    X = rng.standard_normal((n, n))
    W = rng.standard_normal((n, n)) / math.sqrt(n)
    return X, W


def _check_agreement(X: np.ndarray, W: np.ndarray) -> float:
    """Largest relative difference between chainrule's gradients and autograd's."""
    loss, dLdX, dLdW = matrix_function_forward_backward_sum(X, W, sigmoid)
    value, (gX, gW) = autograd_value_and_grad(X, W)
    scale = max(np.abs(gX).max(), np.abs(gW).max(), 1.0)
    differences = [
        abs(loss - float(value)) / max(abs(float(value)), 1.0),
        float(np.abs(dLdX - gX).max()) / scale,
        float(np.abs(dLdW - gW).max()) / scale,
    ]
    return float(max(differences))


def gradient_cost(
    sizes: tuple[int, ...] = SIZES,
    budget_s: float = 8.0,
    log: Log = print,
    before_each: Callable[[], object] | None = None,
) -> list[dict[str, Any]]:
    """One row per size: median times and the ratios to the forward pass.

    ``before_each`` runs before each size (the benchmark waits there for the
    machine to be quiet).
    """
    rows = []
    for n in sizes:
        if before_each is not None:
            before_each()
        X, W = matrices(n)
        N = np.dot(X, W)
        cases: dict[str, Callable[[], object]] = {
            "forward": partial(matrix_function_forward_sum, X, W, sigmoid),
            "backward_sum_1": partial(matrix_function_backward_sum_1, X, W, sigmoid),
            "backward_sum_2": partial(matrix_function_backward_sum_2, X, W, sigmoid),
            "fused": partial(matrix_function_forward_backward_sum, X, W, sigmoid),
            "autograd": partial(autograd_value_and_grad, X, W),
            "matmul": partial(np.dot, X, W),
            "sigmoid": partial(sigmoid, N),
        }
        log(f"gradients: n = {n}, timing {len(cases)} cases round-robin ...")
        started = time.perf_counter()
        for attempt in range(1 + BUSY_RETRIES):
            with foreign_cpu() as share:
                timings = time_round_robin(cases, budget_s)
            if (share.foreign_share or 0.0) <= BUSY_SHARE or attempt == BUSY_RETRIES:
                break
            log(
                f"gradients: other processes used {share.foreign_share:.0%} of the "
                f"CPUs meanwhile; timing n = {n} again"
            )
            if before_each is not None:
                before_each()
        forward = timings["forward"]["median_s"]
        row = {
            "n": n,
            "seconds": {name: t["median_s"] for name, t in timings.items()},
            "min_seconds": {name: t["min_s"] for name, t in timings.items()},
            "rounds": timings["forward"]["rounds"],
            "ratio_backward_sum_1": timings["backward_sum_1"]["median_s"] / forward,
            "ratio_backward_sum_2": timings["backward_sum_2"]["median_s"] / forward,
            "ratio_fused": timings["fused"]["median_s"] / forward,
            "ratio_autograd": timings["autograd"]["median_s"] / forward,
            "matmul_share_of_forward": timings["matmul"]["median_s"] / forward,
            # the same ratios from the fastest samples: what the code costs when
            # nothing (other jobs, sleeping BLAS threads) gets in its way
            "min_ratios": {
                name: timings[name]["min_s"] / timings["forward"]["min_s"]
                for name in ("backward_sum_1", "backward_sum_2", "fused", "autograd")
            },
            "max_relative_difference_vs_autograd": _check_agreement(X, W),
            "foreign_cpu_share": share.foreign_share,
        }
        rows.append(row)
        log(
            f"gradients: n = {n} done in {time.perf_counter() - started:.1f} s: "
            f"forward {forward * 1e3:.3f} ms, backward_sum_1 "
            f"{row['ratio_backward_sum_1']:.2f}x, fused {row['ratio_fused']:.2f}x, "
            f"autograd {row['ratio_autograd']:.2f}x"
        )
    return rows


def numerical_cost(
    sizes: tuple[int, ...] = NUMERICAL_SIZES,
    target: int = NUMERICAL_TARGET_SIZE,
    forward_at_target_s: float | None = None,
    log: Log = print,
) -> dict[str, Any]:
    """Seconds for ``numerical_gradient`` of L with respect to X and W.

    It evaluates the forward pass ``1 + 2 (size(X) + size(W)) = 1 + 4 n^2``
    times. The cost at ``target`` is extrapolated as that many forward passes
    at ``target``, times the overhead per pass measured at the largest size.
    """
    rows = []
    for n in sizes:
        X, W = matrices(n)

        def loss(X_: np.ndarray, W_: np.ndarray) -> float:
            return float(matrix_function_forward_sum(X_, W_, sigmoid))

        forward = time_round_robin({"forward": partial(loss, X, W)}, 0.5)
        evaluations = 1 + 4 * n * n
        repeats = 3 if evaluations < 5000 else 1
        seconds = []
        for _ in range(repeats):
            start = time.perf_counter()
            numerical_gradient(loss, X, W)
            seconds.append(time.perf_counter() - start)
        row = {
            "n": n,
            "evaluations": evaluations,
            "seconds": statistics.median(seconds),
            "forward_s": forward["forward"]["median_s"],
        }
        row["overhead_per_evaluation"] = row["seconds"] / (
            evaluations * row["forward_s"]
        )
        rows.append(row)
        log(
            f"numerical gradient: n = {n}: {evaluations} forward passes in "
            f"{row['seconds']:.3f} s"
        )
    result: dict[str, Any] = {"rows": rows, "target_n": target}
    if forward_at_target_s is not None:
        evaluations = 1 + 4 * target * target
        overhead = rows[-1]["overhead_per_evaluation"]
        result["target_evaluations"] = evaluations
        result["extrapolated_s"] = evaluations * forward_at_target_s * overhead
        result["extrapolated_ratio_to_forward"] = evaluations * overhead
    return result
