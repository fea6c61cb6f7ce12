"""
Figure 1-9: two nested functions and their slopes
=================================================

Nesting two functions gives a new function, and the chain rule gives its
derivative: the derivative of the outer function, taken at the inner
function's output, times the derivative of the inner function. This example
plots two nested functions built from :func:`chainrule.square` and
:func:`chainrule.sigmoid`, in both orders, each next to the derivative
computed by :func:`chainrule.chain_deriv_2`, so that you can compare the slope
of each curve with the height of its derivative.

To run it yourself, install chainrule from this site's package index (NumPy
and Matplotlib come from PyPI):

.. code-block:: shell

    pip install --extra-index-url http://127.0.0.1:8000/simple/ chainrule
"""

# %%
# The two chains
# --------------
#
# A chain is a list of functions applied from first to last, so
# ``[square, sigmoid]`` means :math:`\sigma(x^2)` and ``[sigmoid, square]``
# means :math:`\sigma(x)^2`. Both are evaluated on the chapter's grid.

import matplotlib.pyplot as plt
import numpy as np

from chainrule import (
    chain_deriv,
    chain_deriv_2,
    composite_name,
    function_name,
    plot_chain,
    plot_chain_deriv,
    sigmoid,
    square,
)

PLOT_RANGE = np.arange(-3, 3, 0.01)

chain_1 = [square, sigmoid]
chain_2 = [sigmoid, square]

# %%
# ``plot_chain_deriv`` draws the derivative of a chain of any length with
# :func:`chainrule.chain_deriv`. For two functions that is the same
# computation as ``chain_deriv_2``, the chapter's version written out for
# exactly two functions; the check below confirms the curves agree before we
# plot them.

for chain in (chain_1, chain_2):
    by_chain_deriv_2 = chain_deriv_2(chain, PLOT_RANGE)
    gap = np.max(np.abs(by_chain_deriv_2 - chain_deriv(chain, PLOT_RANGE)))
    print(f"{composite_name(chain)}: chain_deriv_2 and chain_deriv differ by {gap:.1e}")
    for point in (-1.0, 0.0, 1.0):
        slope = chain_deriv_2(chain, np.array([point]))[0]
        print(f"    derivative at x = {point:4.1f}: {slope:8.4f}")

# %%
# Each function beside its derivative
# -----------------------------------
#
# Read each panel from left to right. Where the solid curve falls, as
# :math:`\sigma(x^2)` does for negative :math:`x`, the dashed derivative is
# below zero; at the bottom of that valley, and wherever a curve levels off,
# the derivative is zero or close to it; where a curve climbs, the derivative
# is positive, and largest where the climb is steepest.

fig, axes = plt.subplots(1, 2, figsize=(10, 4), sharey=True, layout="constrained")

for ax, chain in zip(axes, (chain_1, chain_2), strict=True):
    plot_chain(chain, PLOT_RANGE, ax=ax)
    plot_chain_deriv(chain, PLOT_RANGE, ax=ax)
    ax.set_title(f"chain = [{', '.join(map(function_name, chain))}]")
    ax.set_ylabel("value")

fig.suptitle("Figure 1-9: a function of two nested functions and its derivative")
plt.show()
