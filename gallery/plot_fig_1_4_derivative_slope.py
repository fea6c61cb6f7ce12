"""
Figure 1-4: the derivative as a slope
=====================================

The derivative of :math:`f` at a point :math:`a` is the slope of the tangent,
the straight line that touches the curve at :math:`a`. One way to find that
slope without calculus is to pick two points of the curve very close to
:math:`a`, at :math:`a - 0.001` and :math:`a + 0.001`, and take the slope of
the line through them, the *secant*. That is what :func:`chainrule.deriv`
computes. This example draws the secant and the tangent for
:func:`chainrule.sigmoid` at :math:`a = 1`, once at full scale and once
enlarged until the two points come apart.

To run it yourself, install chainrule from this site's package index (NumPy
and Matplotlib come from PyPI):

.. code-block:: shell

    pip install --extra-index-url http://127.0.0.1:8000/simple/ chainrule
"""

# %%
# The slope deriv returns
# -----------------------
#
# ``deriv`` divides the rise between the two nearby points by the distance
# between them, :math:`2 \times 0.001`. Computing the same fraction by hand
# from the two points gives the same number. The sigmoid also has an exact
# derivative, :math:`\sigma(a)(1 - \sigma(a))`, which tells us how far off
# that number is.

import matplotlib.pyplot as plt
import numpy as np

from chainrule import deriv, sigmoid, sigmoid_derivative

a = 1.0
delta = 0.001

f_a = float(sigmoid(a))
points_x = np.array([a - delta, a + delta])
points_y = sigmoid(points_x)

slope = float(deriv(sigmoid, a, delta))
rise_over_run = (points_y[1] - points_y[0]) / (points_x[1] - points_x[0])
exact = float(sigmoid_derivative(a))

print(f"sigmoid({a:g}) = {f_a:.6f}")
print(f"{'slope returned by deriv':<38}{slope:.10f}")
print(f"{'rise over run between the two points':<38}{rise_over_run:.10f}")
print(f"{'exact derivative, sigmoid_derivative':<38}{exact:.10f}")
print(f"error of deriv: {slope - exact:.1e}")

# %%
# Two straight lines
# ------------------
#
# The secant goes through the two nearby points. The tangent goes through
# :math:`(a, \sigma(a))` itself, with the slope ``deriv`` returned.


def secant(x):
    """The straight line through the two nearby points of the curve."""
    return points_y[0] + rise_over_run * (x - points_x[0])


def tangent(x):
    """The straight line through (a, sigmoid(a)) with the slope from deriv."""
    return f_a + slope * (x - a)


# %%
# Full view and close-up
# ----------------------
#
# On the left, the whole curve: the tangent grazes the sigmoid at
# :math:`a` and leaves it on either side. The grey lines lead to the close-up
# on the right, a window only eight thousandths wide, where the two points
# used by ``deriv`` come apart. Even there the secant and the tangent lie on
# top of each other, and the curve looks straight: this close to :math:`a`,
# the sigmoid *is* its tangent, to within a few billionths.

x_full = np.linspace(-4.0, 4.0, 401)
x_tangent = np.linspace(a - 1.5, a + 1.5, 2)
half_width = 0.004
x_zoom = np.linspace(a - half_width, a + half_width, 201)

fig, (ax_full, ax_zoom) = plt.subplots(1, 2, figsize=(10, 4.2), layout="constrained")

ax_full.plot(x_full, sigmoid(x_full), color="C0", label="sigmoid(x)")
ax_full.plot(
    x_tangent,
    tangent(x_tangent),
    color="C3",
    label=f"tangent at a = {a:g}: slope {slope:.4f} (deriv)",
)
ax_full.plot([a], [f_a], "o", color="k", label="(a, sigmoid(a))")
ax_full.set_title("The whole curve")
ax_full.set_xlabel("x")
ax_full.set_ylabel("sigmoid(x)")
ax_full.legend(loc="lower right")

ax_zoom.plot(
    x_zoom, sigmoid(x_zoom), color="C0", linewidth=6, alpha=0.3, label="sigmoid(x)"
)
ax_zoom.plot(
    x_zoom,
    tangent(x_zoom),
    color="C3",
    label=f"tangent: slope {slope:.9f}",
)
ax_zoom.plot(
    x_zoom,
    secant(x_zoom),
    color="k",
    linestyle=":",
    linewidth=2,
    label=f"secant: slope {rise_over_run:.9f}",
)
ax_zoom.plot(
    points_x, points_y, "s", color="C1", markersize=8, label="a - 0.001 and a + 0.001"
)
ax_zoom.plot([a], [f_a], "o", color="k")
ax_zoom.set_title(f"Close-up: {2 * half_width:g} wide around a = {a:g}")
ax_zoom.set_xlabel("x")
ax_zoom.set_ylabel("sigmoid(x)")
ax_zoom.ticklabel_format(useOffset=False)
ax_zoom.legend(loc="upper left")

zoom_bottom = float(sigmoid(a - half_width))
zoom_height = float(sigmoid(a + half_width)) - zoom_bottom
ax_full.indicate_inset(
    (a - half_width, zoom_bottom, 2 * half_width, zoom_height),
    inset_ax=ax_zoom,
    edgecolor="0.4",
)

fig.suptitle("Figure 1-4: the derivative as a slope")
plt.show()
