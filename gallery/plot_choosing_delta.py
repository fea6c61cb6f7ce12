"""
Choosing the step of a numerical derivative
===========================================

The chapter estimates derivatives with a central difference and a step of
:math:`\\Delta = 0.001`. Why that value? A smaller step should make the
estimate closer to the limit that defines the derivative, but a computer
stores numbers with only about 16 significant digits, and subtracting two
nearly equal values of :math:`f` throws most of them away. This example
measures the error of :func:`chainrule.deriv` against the exact derivative of
the sigmoid for steps from :math:`10^{-1}` down to :math:`10^{-12}`, and finds
the two kinds of error that pull in opposite directions. Beside it, the
one-sided difference :math:`(f(x + \\Delta) - f(x)) / \\Delta`, the fraction
in the definition of the derivative, shows why the central one is preferred.

To run it yourself, install chainrule from this site's package index (NumPy
and Matplotlib come from PyPI):

.. code-block:: shell

    pip install --extra-index-url http://127.0.0.1:8000/simple/ chainrule
"""

# %%
# Error of deriv for every step
# -----------------------------
#
# For each step we compare ``deriv(sigmoid, x, delta)`` with the exact
# derivative :math:`\sigma(x)(1 - \sigma(x))`, returned by
# :func:`chainrule.exact_derivative`, at 601 points of :math:`[-3, 3]`, and
# keep the worst error.

import matplotlib.pyplot as plt
import numpy as np

from chainrule import deriv, exact_derivative, sigmoid

x = np.linspace(-3.0, 3.0, 601)
exact = exact_derivative(sigmoid)(x)

deltas = np.logspace(-1, -12, 45)
errors = np.array([np.max(np.abs(deriv(sigmoid, x, d) - exact)) for d in deltas])

book_delta = 0.001
book_error = np.max(np.abs(deriv(sigmoid, x, book_delta) - exact))
best = np.argmin(errors)
best_delta, best_error = deltas[best], errors[best]

print(f"worst error with delta = 1e-1:   {errors[0]:.1e}")
print(f"worst error with the book's 1e-3: {book_error:.1e}")
print(f"smallest worst error: {best_error:.1e}, at delta = {best_delta:.1e}")
print(f"worst error with delta = 1e-12:  {errors[-1]:.1e}")

# %%
# The one-sided difference, for comparison
# ----------------------------------------
#
# The same measurement for the fraction of the definition, which looks only
# to the right of :math:`x`.

one_sided_errors = np.array(
    [np.max(np.abs((sigmoid(x + d) - sigmoid(x)) / d - exact)) for d in deltas]
)
book_one_sided = np.max(
    np.abs((sigmoid(x + book_delta) - sigmoid(x)) / book_delta - exact)
)
print(f"one-sided, worst error with the book's 1e-3: {book_one_sided:.1e}")
print(f"that is {book_one_sided / book_error:.0f} times the central error")

# %%
# Two straight lines on a log-log plot
# ------------------------------------
#
# For large steps the error is *truncation error*: the central difference
# ignores the curvature terms of the Taylor series, and what is left shrinks
# like :math:`\Delta^2`, a line of slope 2 on log-log axes. For small steps
# it is *round-off error*: :math:`f(x + \Delta)` and :math:`f(x - \Delta)`
# each carry an error of about :math:`10^{-16}`, and dividing their difference
# by :math:`2\Delta` magnifies it like :math:`1 / \Delta`, a line of slope
# :math:`-1`. Fitting a line to each end of the curve measures both slopes.

truncation = deltas >= 1e-3
round_off = deltas <= 1e-9
log_delta, log_error = np.log10(deltas), np.log10(errors)
slope_truncation, shift_truncation = np.polyfit(
    log_delta[truncation], log_error[truncation], 1
)
slope_round_off, shift_round_off = np.polyfit(
    log_delta[round_off], log_error[round_off], 1
)
print(f"fitted slope for delta >= 1e-3: {slope_truncation:.2f}")
print(f"fitted slope for delta <= 1e-9: {slope_round_off:.2f}")
slope_one_sided, _ = np.polyfit(
    log_delta[truncation], np.log10(one_sided_errors[truncation]), 1
)
print(f"fitted slope of the one-sided error for delta >= 1e-3: {slope_one_sided:.2f}")

# %%
# The picture
# -----------
#
# The two errors cross at the best step printed above, where the estimate is
# most accurate. The book's :math:`10^{-3}` sits on the truncation side: its
# worst error, printed above too, is far below anything a plot or a gradient
# check can notice, and it keeps a safe distance from the round-off side,
# where the error is noisy and grows as the step shrinks. The one-sided
# difference, in grey, falls only like :math:`\Delta` (its fitted slope is
# printed above), and at the book's step its error is the multiple of the
# central one printed above.

fig, ax = plt.subplots(figsize=(7.5, 4.8), layout="constrained")
ax.loglog(
    deltas,
    errors,
    "o-",
    color="C0",
    markersize=4,
    label="worst error of deriv on [-3, 3]",
)
ax.loglog(
    deltas,
    one_sided_errors,
    "s-",
    color="0.45",
    markersize=3,
    label="one-sided difference: its worst error",
)
# Each fitted line is drawn a little past its own region, so that you can see
# where the two meet.
near_truncation = deltas >= 1e-6
near_round_off = deltas <= 1e-4
ax.loglog(
    deltas[near_truncation],
    10 ** (shift_truncation + slope_truncation * log_delta[near_truncation]),
    color="C2",
    linestyle="--",
    label=f"truncation error: fitted slope {slope_truncation:.2f}",
)
ax.loglog(
    deltas[near_round_off],
    10 ** (shift_round_off + slope_round_off * log_delta[near_round_off]),
    color="C1",
    linestyle="--",
    label=f"round-off error: fitted slope {slope_round_off:.2f}",
)
ax.axvline(book_delta, color="0.5", linestyle=":", label="the book's delta = 0.001")
ax.plot(
    [best_delta],
    [best_error],
    "*",
    color="C3",
    markersize=14,
    label=f"best delta found: {best_delta:.1e}",
)
ax.invert_xaxis()
ax.set_xlabel("delta (smaller to the right)")
ax.set_ylabel("largest |deriv - exact derivative|")
ax.set_title("Error of the central difference for sigmoid")
ax.legend(loc="upper center")
plt.show()
