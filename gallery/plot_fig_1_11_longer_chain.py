"""
Figure 1-11: a chain of three functions
=======================================

With three nested functions the chain rule multiplies three local derivatives,
each taken at the value that flowed into its function on the way forward.
This example checks :func:`chainrule.chain_deriv_3` on two chains made of
:func:`chainrule.leaky_relu`, :func:`chainrule.sigmoid` and
:func:`chainrule.square`, in two different orders, by drawing each nested
function next to its derivative.

To run it yourself, install chainrule from this site's package index (NumPy
and Matplotlib come from PyPI):

.. code-block:: shell

    pip install --extra-index-url http://127.0.0.1:8000/simple/ chainrule
"""

# %%
# The two chains
# --------------
#
# ``[leaky_relu, sigmoid, square]`` is :math:`\sigma(\text{LeakyReLU}(x))^2`;
# swapping the last two functions gives
# :math:`\sigma(\text{LeakyReLU}(x)^2)`, a different function with a
# different derivative.

import matplotlib.pyplot as plt
import numpy as np

from chainrule import (
    chain_deriv,
    chain_deriv_3,
    composite_name,
    deriv,
    function_name,
    leaky_relu,
    plot_chain,
    plot_chain_deriv,
    sigmoid,
    square,
)

PLOT_RANGE = np.arange(-3, 3, 0.01)

chain_1 = [leaky_relu, sigmoid, square]
chain_2 = [leaky_relu, square, sigmoid]

# %%
# The library's ``plot_chain_deriv`` uses :func:`chainrule.chain_deriv`, which
# handles chains of any length; for three functions it must agree with
# ``chain_deriv_3``, the chapter's version for exactly three.

for chain in (chain_1, chain_2):
    by_chain_deriv_3 = chain_deriv_3(chain, PLOT_RANGE)
    gap = np.max(np.abs(by_chain_deriv_3 - chain_deriv(chain, PLOT_RANGE)))
    print(f"{composite_name(chain)}: chain_deriv_3 and chain_deriv differ by {gap:.1e}")
    for point in (-2.0, -0.5, 0.5, 2.0):
        slope = chain_deriv_3(chain, np.array([point]))[0]
        print(f"    derivative at x = {point:4.1f}: {slope:8.4f}")

# %%
# Leaky ReLU has a corner at :math:`x = 0`, where it has no derivative. The
# grid passes within a hair of zero, and there the central difference
# straddles the corner and averages the slopes on its two sides, 0.2 and 1;
# the average is printed below. So where the first chain's derivative jumps at
# the origin, it passes through one in-between value instead of jumping
# cleanly.

nearest_zero = PLOT_RANGE[np.argmin(np.abs(PLOT_RANGE))]
print(f"grid point nearest 0: {nearest_zero:.1e}")
print(f"slope of leaky_relu there by deriv: {deriv(leaky_relu, nearest_zero):.4f}")

# %%
# Each function beside its derivative
# -----------------------------------
#
# For negative inputs Leaky ReLU multiplies by 0.2, so both curves
# change slowly on the left and their derivatives stay small; on the right
# the derivatives follow the steeper slopes of the curves.

fig, axes = plt.subplots(1, 2, figsize=(10, 4), sharey=True, layout="constrained")

for ax, chain in zip(axes, (chain_1, chain_2), strict=True):
    plot_chain(chain, PLOT_RANGE, ax=ax)
    plot_chain_deriv(chain, PLOT_RANGE, ax=ax)
    ax.set_title(f"chain = [{', '.join(map(function_name, chain))}]")
    ax.set_ylabel("value")

fig.suptitle("Figure 1-11: three functions in a row, and the slope of the whole")
plt.show()
