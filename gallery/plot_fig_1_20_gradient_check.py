"""
Figure 1-20: a gradient's prediction, put to the test
=====================================================

A gradient is a prediction: if an input grows by a small amount, the output
should grow by that amount times the input's partial derivative. The chapter
checks the gradient of :math:`S = \\sigma(X W)` for one observation with
three features by raising :math:`x_3` by 0.01. This example makes that check
for each of :math:`x_1`, :math:`x_2` and :math:`x_3`, with the gradient from
:func:`chainrule.matrix_function_backward_1` and the actual outputs from
:func:`chainrule.matrix_forward_extra`.

To run it yourself, install chainrule from this site's package index (NumPy
and Matplotlib come from PyPI):

.. code-block:: shell

    pip install --extra-index-url http://127.0.0.1:8000/simple/ chainrule
"""

# %%
# The book's observation and weights
# ----------------------------------
#
# The same seed as the chapter gives the same row :math:`X` and column
# :math:`W`; the function applied after the matrix product is the sigmoid.

import matplotlib.pyplot as plt
import numpy as np

from chainrule import matrix_forward_extra, matrix_function_backward_1, sigmoid

np.random.seed(190203)
X = np.random.randn(1, 3)
W = np.random.randn(3, 1)
sigma = sigmoid

with np.printoptions(precision=4):
    print("X =", X)
    print("W =", W.T, "(transposed)")

s_before = matrix_forward_extra(X, W, sigma)[0, 0]
gradient = matrix_function_backward_1(X, W, sigma)
print(f"S = sigma(X W) = {s_before:.4f}")
with np.printoptions(precision=4):
    print("dS/dX =", gradient)

# %%
# Predicted and observed changes
# ------------------------------
#
# For each feature in turn, raise it by ``nudge`` while the others stay put,
# run the forward pass again, and record how much :math:`S` moved. The
# prediction is the matching element of the gradient times ``nudge``.

nudge = 0.01
names = ["x1", "x2", "x3"]
predicted = gradient[0] * nudge
observed = np.empty(3)
for j in range(3):
    X_nudged = X.copy()
    X_nudged[0, j] += nudge
    observed[j] = matrix_forward_extra(X_nudged, W, sigma)[0, 0] - s_before

for name, guess, seen in zip(names, predicted, observed, strict=True):
    print(
        f"raise {name} by {nudge}: predicted change {guess:+.6f}, "
        f"observed {seen:+.6f}, gap {seen - guess:+.1e} "
        f"({abs(seen - guess) / abs(guess):.1%} of the prediction)"
    )

# %%
# The comparison in one picture
# -----------------------------
#
# Each pair of bars agrees closely: the gaps, printed above as a share of each
# prediction, are small. They are not errors in the gradient: a gradient
# describes the straight line touching the curve, and over a step of 0.01 the
# sigmoid has already begun to bend away from it. The change printed for
# :math:`x_3` is the one the chapter reports.

x_pos = np.arange(3)
width = 0.34
offset = 0.19

fig, ax = plt.subplots(figsize=(9, 4.5), layout="constrained")
bars_predicted = ax.bar(
    x_pos - offset,
    predicted,
    width,
    color="C0",
    label=f"predicted: gradient times {nudge}",
)
bars_observed = ax.bar(
    x_pos + offset,
    observed,
    width,
    color="C1",
    label="observed: change of matrix_forward_extra",
)
ax.bar_label(bars_predicted, fmt="%+.6f", padding=3, fontsize=10)
ax.bar_label(bars_observed, fmt="%+.6f", padding=3, fontsize=10)
ax.axhline(0.0, color="0.4", linewidth=0.8)
ax.set_xticks(x_pos, names)
ax.set_xlabel(f"input raised by {nudge}, the other two held fixed")
ax.set_ylabel("change in S = sigma(X W)")
ax.margins(y=0.2)
ax.legend(loc="lower left")
ax.set_title("Figure 1-20: the gradient predicts how the output moves")
plt.show()
