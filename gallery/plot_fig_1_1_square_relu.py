"""
Figure 1-1: square and ReLU
===========================

The chapter opens with two functions of one number, :math:`f_1(x) = x^2` and
:math:`f_2(x) = \\max(x, 0)`, drawn as curves on the :math:`x`-:math:`y` plane.
This example draws both with :func:`chainrule.square` and :func:`chainrule.relu`
over :math:`[-3, 3]`. When the chapter turns the formulas into NumPy, though,
its second function is Leaky ReLU, :math:`\\max(0.2x, x)`, so the ReLU panel
also shows :func:`chainrule.leaky_relu` for comparison.

To run it yourself, install chainrule from this site's package index (NumPy
and Matplotlib come from PyPI):

.. code-block:: shell

    pip install --extra-index-url http://127.0.0.1:8000/simple/ chainrule
"""

# %%
# Evaluate the functions on a grid
# --------------------------------
#
# Each function takes a whole array and works element by element, so one call
# per function fills in every point of the curve.

import matplotlib.pyplot as plt
import numpy as np

from chainrule import leaky_relu, relu, square

x = np.linspace(-3.0, 3.0, 601)
y_square = square(x)
y_relu = relu(x)
y_leaky = leaky_relu(x)

# %%
# A few values make the difference concrete: ReLU sends every negative input
# to zero, while Leaky ReLU keeps a fifth of it.

for point in (-2.0, -0.5, 0.0, 1.5):
    print(
        f"x = {point:7.4f}   square = {square(point):7.4f}   "
        f"relu = {relu(point):7.4f}   leaky_relu = {leaky_relu(point):7.4f}"
    )

# %%
# Draw the two functions side by side
# -----------------------------------
#
# Neither curve has a gap. The parabola bends smoothly everywhere, while ReLU
# turns a sharp corner at zero: its slope is 0 on the left and 1 on the right,
# and at the corner itself it has none. A function with no slope at a few
# isolated points only is what the book calls "mostly differentiable". Leaky
# ReLU turns the same corner, from a slope of 0.2 instead of 0.

fig, (ax_square, ax_relu) = plt.subplots(
    1, 2, figsize=(9, 4), sharex=True, layout="constrained"
)

ax_square.plot(x, y_square, color="C0", label="square(x) = $x^2$")
ax_square.set_title("$f_1(x) = x^2$")
ax_square.set_xlabel("x")
ax_square.set_ylabel("f(x)")
ax_square.legend(loc="upper center")

ax_relu.plot(x, y_relu, color="C1", linewidth=2.5, label="relu(x) = max(x, 0)")
ax_relu.plot(
    x,
    y_leaky,
    color="C2",
    linestyle="--",
    label="leaky_relu(x) = max(0.2x, x)\n(the chapter's NumPy code)",
)
ax_relu.set_title("$f_2(x) = \\max(x, 0)$, and Leaky ReLU")
ax_relu.set_xlabel("x")
ax_relu.set_ylabel("f(x)")
ax_relu.legend(loc="upper left")

for ax in (ax_square, ax_relu):
    ax.axhline(0.0, color="0.7", linewidth=0.8, zorder=0)
    ax.axvline(0.0, color="0.7", linewidth=0.8, zorder=0)

fig.suptitle("Figure 1-1: square, ReLU and the chapter's Leaky ReLU")
plt.show()
