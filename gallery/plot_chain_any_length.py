"""
The chain rule for a chain of any length
========================================

The chapter writes one derivative function for two nested functions and
another for three. :func:`chainrule.chain_deriv` handles any number: a
forward pass stores the value that enters each function, then a backward
pass multiplies the local derivatives from the last function to the first.
This example runs it on a chain of five functions and checks it against the
exact derivative, built from the same stored values and the exact
derivative of each function.

To run it yourself, install chainrule from this site's package index (NumPy
and Matplotlib come from PyPI):

.. code-block:: shell

    pip install --extra-index-url http://127.0.0.1:8000/simple/ chainrule
"""

# %%
# Five functions in a row
# -----------------------
#
# The chain applies Leaky ReLU, the sigmoid, the square, the sigmoid again,
# and Leaky ReLU again, in that order.

import matplotlib.pyplot as plt
import numpy as np

from chainrule import (
    chain_deriv,
    chain_forward,
    composite_name,
    deriv,
    exact_derivative,
    leaky_relu,
    leaky_relu_derivative,
    plot_chain,
    plot_chain_deriv,
    sigmoid,
    square,
)

chain = [leaky_relu, sigmoid, square, sigmoid, leaky_relu]
x = np.linspace(-3.0, 3.0, 600)
print("the chain computes", composite_name(chain))

# %%
# The exact derivative, stage by stage
# ------------------------------------
#
# :func:`chainrule.chain_forward` returns the input followed by every
# function's output, so item ``i`` of its list is what went into function
# ``i``. Multiplying each function's exact derivative, evaluated at its own
# input, gives the chain's exact derivative; ``chain_deriv`` does the same
# walk with the central difference of :func:`chainrule.deriv` for each stage.

values = chain_forward(chain, x)
exact = np.ones_like(x)
for func, value_in in zip(chain, values[:-1], strict=True):
    exact = exact * exact_derivative(func)(value_in)

numerical = chain_deriv(chain, x)
difference = numerical - exact

# %%
# Leaky ReLU has a corner at 0, where it has no derivative, and there the two
# methods part ways: the central difference straddles the corner and reports
# the average of the slopes on either side, while
# :func:`chainrule.leaky_relu_derivative` reports the left slope, alpha, by
# convention (both are printed below). Neither
# is wrong, since there is nothing to be right about. The grid above has an
# even number of points, symmetric about 0, so it steps over the corner.
# Everywhere else the two derivatives agree closely.

at_corner_deriv = float(deriv(leaky_relu, 0.0))
at_corner_exact = float(leaky_relu_derivative(0.0))
print(
    f"at the corner x = 0: deriv gives {at_corner_deriv:.4f}, "
    f"leaky_relu_derivative gives {at_corner_exact:.4f}"
)
print(f"grid point nearest 0: {x[np.argmin(np.abs(x))]:.4f}")

for point in (-2.0, -0.5, 0.5, 2.0):
    k = np.argmin(np.abs(x - point))
    print(f"x = {x[k]:6.3f}: chain_deriv {numerical[k]:.8f}, exact {exact[k]:.8f}")
print(f"largest |chain_deriv - exact| on the grid: {np.max(np.abs(difference)):.1e}")

# %%
# The chain, its derivative, and the difference
# ---------------------------------------------
#
# The top panel draws the chain itself with :func:`chainrule.plot_chain`. The
# middle one draws its derivative with :func:`chainrule.plot_chain_deriv`
# (which calls ``chain_deriv``), and the exact derivative as a thin black line
# on top: they cannot be told apart. The bottom panel shows what separates
# them: numbers no larger than the largest difference printed above, the size
# of the central difference's error for a step of 0.001. The jump at 0 is
# Leaky ReLU's corner, which the grid steps over.

fig, (ax_chain, ax_deriv, ax_diff) = plt.subplots(
    3, 1, figsize=(8, 8), sharex=True, height_ratios=(1, 1.4, 1), layout="constrained"
)
plot_chain(chain, x, ax=ax_chain)
ax_chain.set_ylabel("chain output")
ax_chain.set_title("The chain")

plot_chain_deriv(chain, x, ax=ax_deriv)
ax_deriv.plot(x, exact, color="k", linewidth=0.8, label="exact derivative")
ax_deriv.set_ylabel("derivative")
ax_deriv.set_title("Its derivative: chain_deriv and the exact one")
ax_deriv.set_ylim(0.0, 1.5 * exact.max())  # head room for the legend
ax_deriv.legend(loc="upper left")

ax_diff.plot(x, difference, color="C3", label="chain_deriv - exact derivative")
ax_diff.axhline(0.0, color="0.7", linewidth=0.8, zorder=0)
ax_diff.set_xlabel("x")
ax_diff.set_ylabel("difference")
ax_diff.set_title("What separates the two")
ax_diff.ticklabel_format(axis="y", style="sci", scilimits=(0, 0))
ax_diff.legend(loc="lower right")

for ax in (ax_chain, ax_deriv):
    ax.set_xlabel("")  # the shared x axis is labelled once, at the bottom
fig.suptitle("A chain of five functions, its derivative, and a check")
plt.show()
