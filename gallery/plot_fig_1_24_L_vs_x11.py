"""
Figure 1-24: L as a function of one element of X
================================================

The chapter's last computational graph takes two matrices, multiplies them,
applies the sigmoid to every element and adds everything up into one number
:math:`L`. However many steps that takes, :math:`L` is still an ordinary
function of any single input once the others are held fixed. This example
slides the top-left element :math:`x_{11}` of :math:`X` through a range of
values, records :math:`L` with :func:`chainrule.matrix_function_forward_sum`,
and draws the tangent whose slope is the partial derivative
:math:`\\partial L / \\partial x_{11}` from the backward pass,
:func:`chainrule.matrix_function_backward_sum_1`.

To run it yourself, install chainrule from this site's package index (NumPy
and Matplotlib come from PyPI):

.. code-block:: shell

    pip install --extra-index-url http://127.0.0.1:8000/simple/ chainrule
"""

# %%
# The book's matrices
# -------------------
#
# Seeding NumPy as the chapter does gives the same :math:`3 \times 3` input
# and :math:`3 \times 2` weights.

import matplotlib.pyplot as plt
import numpy as np

from chainrule import (
    matrix_function_backward_sum_1,
    matrix_function_forward_sum,
    sigmoid,
)

np.random.seed(190204)
X = np.random.randn(3, 3)
W = np.random.randn(3, 2)

with np.printoptions(precision=4):
    print("X =")
    print(X)

x11 = X[0, 0]
L_now = matrix_function_forward_sum(X, W, sigmoid)
print(f"x11 = {x11:.4f}, L = {L_now:.4f}")

# %%
# The slope from the backward pass
# --------------------------------
#
# One backward pass gives the partial derivative of :math:`L` with respect to
# every element of :math:`X` at once; the top-left one is the slope we want.

dLdX = matrix_function_backward_sum_1(X, W, sigmoid)
slope = dLdX[0, 0]
print(f"dL/dx11 = {slope:.4f}")

# %%
# L along a line through x11
# --------------------------
#
# Copy :math:`X`, overwrite only its top-left element with each value of a
# grid running one unit either side of the current value, and evaluate the
# forward pass for each copy.

x11_values = np.linspace(x11 - 1.0, x11 + 1.0, 201)
L_values = np.empty_like(x11_values)
for k, value in enumerate(x11_values):
    X_varied = X.copy()
    X_varied[0, 0] = value
    L_values[k] = matrix_function_forward_sum(X_varied, W, sigmoid)

rise = L_values[-1] - L_values[0]
print(
    f"over x11 in [{x11_values[0]:.4f}, {x11_values[-1]:.4f}], L goes from "
    f"{L_values[0]:.4f} to {L_values[-1]:.4f}: average slope {rise / 2.0:.4f}"
)

# %%
# The curve and its tangent
# -------------------------
#
# Near the current value the curve and the tangent are hard to tell apart,
# which is the meaning of the slope. Farther away the curve bends, because
# the sigmoids inside :math:`L` bend; its average slope over the whole window,
# printed above, is still close to the tangent's.

tangent_x = x11_values[[0, -1]]
tangent_y = L_now + slope * (tangent_x - x11)

fig, ax = plt.subplots(figsize=(7, 4.5), layout="constrained")
ax.plot(x11_values, L_values, color="C0", linewidth=2, label="L with only x11 varied")
ax.plot(
    tangent_x,
    tangent_y,
    color="C3",
    linestyle="--",
    label=f"tangent, slope dL/dx11 = {slope:.4f}",
)
ax.plot([x11], [L_now], "o", color="k", label=f"current x11 = {x11:.4f}")
ax.set_xlabel("x11 = X[0, 0]")
ax.set_ylabel("L = sum(sigmoid(X W))")
ax.set_title("Figure 1-24: how L responds to x11 alone")
ax.legend(loc="upper left")
plt.show()
