"""
Why a backward pass: the cost of every gradient
===============================================

Nudging one input at a time, as :func:`chainrule.numerical_gradient` does,
gives the gradient of :math:`L = \\sum \\sigma(X W)` with respect to every
element of :math:`X` and :math:`W`, and is the best way to check a gradient.
It is also slow: two forward evaluations per element. The chapter's backward
pass, :func:`chainrule.matrix_function_backward_sum_1` and
:func:`chainrule.matrix_function_backward_sum_2`, gets the same numbers from
one sweep through the graph. This example counts and times both as square
matrices grow from :math:`2 \\times 2` to :math:`32 \\times 32`.

To run it yourself, install chainrule from this site's package index (NumPy
and Matplotlib come from PyPI):

.. code-block:: shell

    pip install --extra-index-url http://127.0.0.1:8000/simple/ chainrule
"""

# %%
# Counting forward evaluations
# ----------------------------
#
# To count exactly rather than estimate, wrap a function in a small object
# that adds one to a tally each time it is called. The forward function
# :math:`L(X, W)` is wrapped for the nudging method. The backward functions
# never call :math:`L`; they apply :math:`\sigma` themselves, so for them we
# wrap :math:`\sigma`, which every evaluation of :math:`L` also calls exactly
# once.

import time

import matplotlib.pyplot as plt
import numpy as np

from chainrule import (
    matrix_function_backward_sum_1,
    matrix_function_backward_sum_2,
    matrix_function_forward_sum,
    max_relative_error,
    numerical_gradient,
    sigmoid,
)


class CallCounter:
    """Call ``func`` and count how many times that happened."""

    def __init__(self, func):
        self.func = func
        self.calls = 0

    def __call__(self, *args):
        self.calls += 1
        return self.func(*args)


# %%
# One size, both ways
# -------------------
#
# ``gradients_both_ways`` returns the gradients from each method, how many
# times each method called the counted function, and how long each took. The
# nudging run is timed once, counter included (one extra Python call per
# evaluation, small next to the evaluation itself); the backward pass is so
# quick that we keep the best of several runs, to damp noise from the rest of
# the machine.


def forward_L(X, W):
    """The chapter's forward function, with the sigmoid as sigma."""
    return matrix_function_forward_sum(X, W, sigmoid)


def backward_pass(X, W, sigma):
    """Both gradients of L from the chapter's backward functions."""
    return (
        matrix_function_backward_sum_1(X, W, sigma),
        matrix_function_backward_sum_2(X, W, sigma),
    )


def gradients_both_ways(X, W):
    counted_L = CallCounter(forward_L)
    start = time.perf_counter()
    by_nudging = numerical_gradient(counted_L, X, W)
    nudge_time = time.perf_counter() - start

    counted_sigma = CallCounter(sigmoid)
    by_backward = backward_pass(X, W, counted_sigma)
    backward_time = np.inf
    for _ in range(50):
        start = time.perf_counter()
        backward_pass(X, W, sigmoid)
        backward_time = min(backward_time, time.perf_counter() - start)

    calls = (counted_L.calls, counted_sigma.calls)
    return by_nudging, by_backward, calls, (nudge_time, backward_time)


# %%
# Growing matrices
# ----------------
#
# For an :math:`n \times n` input and :math:`n \times n` weights there are
# :math:`2n^2` elements, so nudging calls :math:`L` exactly
# :math:`4n^2 + 1` times (the extra call checks that :math:`L` returns a
# single number). The backward functions call :math:`\sigma` the same
# number of times whatever :math:`n` (once each for :math:`S`, and twice each
# inside ``deriv``; the count is printed below). The last column
# shows that both methods find the same gradients, to the accuracy of a
# central difference with a step of 0.001.

rng = np.random.default_rng(2019)
sizes = np.array([2, 4, 8, 16, 32])
calls = np.empty((len(sizes), 2))
seconds = np.empty((len(sizes), 2))
for i, n in enumerate(sizes):
    X = rng.standard_normal((n, n))
    W = rng.standard_normal((n, n))
    by_nudging, by_backward, calls[i], seconds[i] = gradients_both_ways(X, W)
    disagreement = max(
        max_relative_error(a, b) for a, b in zip(by_nudging, by_backward, strict=True)
    )
    print(
        f"n = {n:2d}: nudging {int(calls[i, 0]):5d} calls of L in "
        f"{seconds[i, 0] * 1e3:7.2f} ms; backward {int(calls[i, 1])} calls of "
        f"sigma in {seconds[i, 1] * 1e3:5.3f} ms; "
        f"largest relative difference {disagreement:.1e}"
    )

# %%
# Fitted growth rates
# -------------------
#
# On log-log axes a cost proportional to :math:`n^k` is a straight line of
# slope :math:`k`. The count for nudging has a slope close to 2, as the
# formula says, and the backward count does not grow at all. The times tell
# the same story less exactly: at these sizes much of every call is fixed
# Python overhead rather than arithmetic, so the backward pass's time hardly
# moves, while for large matrices each call of :math:`L` would itself grow
# dearer (its matrix product alone takes :math:`n^3` multiplications) and the
# nudging time would steepen. Timings vary from machine to machine and run to
# run; the counts do not.

log_n = np.log2(sizes)


def fitted_slope(values):
    """Slope of the least-squares line through (log n, log values)."""
    slope = np.polyfit(log_n, np.log2(values), 1)[0]
    return round(float(slope), 2) + 0.0  # + 0.0 turns -0.0 into 0.0


count_slopes = [fitted_slope(calls[:, k]) for k in range(2)]
time_slopes = [fitted_slope(seconds[:, k]) for k in range(2)]
for method, k in (("nudging", 0), ("backward pass", 1)):
    print(
        f"{method}: count grows like n^{count_slopes[k]:.2f}, "
        f"time like n^{time_slopes[k]:.2f}"
    )

fig, (ax_calls, ax_time) = plt.subplots(1, 2, figsize=(10, 4.3), layout="constrained")
methods = ("numerical_gradient", "backward_sum_1 + backward_sum_2")
for k, (method, marker) in enumerate(zip(methods, ("o", "s"), strict=True)):
    ax_calls.loglog(
        sizes,
        calls[:, k],
        marker=marker,
        color=f"C{k}",
        label=f"{method}: slope {count_slopes[k]:.2f}",
    )
    ax_time.loglog(
        sizes,
        seconds[:, k],
        marker=marker,
        color=f"C{k}",
        label=f"{method}: slope {time_slopes[k]:.2f}",
    )

ax_calls.set_title("Evaluations needed for every gradient")
ax_calls.set_ylabel("calls of L (nudging) or sigma (backward)")
ax_time.set_title("Time for every gradient")
ax_time.set_ylabel("seconds (wall clock)")
for ax in (ax_calls, ax_time):
    ax.set_xscale("log", base=2)
    ax.set_xticks(sizes, [str(n) for n in sizes])
    ax.set_xlabel("n (X and W are n x n)")
    low, high = ax.get_ylim()
    ax.set_ylim(low, high * 30)  # head room for the legend
    ax.legend(loc="upper left")
fig.suptitle("Nudging every input versus one backward pass")
plt.show()
