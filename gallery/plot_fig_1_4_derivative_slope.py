"""
Figure 1-4: tangent and secant at one point
===========================================

On the graph of a function, the derivative at a point :math:`a` is the slope of
the tangent: the straight line that touches the curve at :math:`a` and runs in
its direction there. :func:`chainrule.deriv` does not find that line. It takes
two points of the curve close to :math:`a`, at :math:`a - 0.001` and
:math:`a + 0.001`, and returns the slope of the line through them, the
*secant*. This example draws both lines for :func:`chainrule.sigmoid` at
:math:`a = 1`: the tangent with the exact slope from
:func:`chainrule.sigmoid_derivative`, the secant with the slope from ``deriv``,
once over the whole curve and once in a close-up where the two points come
apart.

To run it yourself, install chainrule from this site's package index (NumPy
and Matplotlib come from PyPI):

.. code-block:: shell

    pip install --extra-index-url http://127.0.0.1:8000/simple/ chainrule
"""

# %%
# Two slopes
# ----------
#
# The secant's slope is the rise between the two nearby points divided by the
# run between them, :math:`2 \times 0.001`, which is exactly the fraction
# ``deriv`` computes. The tangent's slope comes from the sigmoid's exact
# derivative, :math:`\sigma(a)(1 - \sigma(a))`. The last line printed is how
# far apart the two slopes are.

import matplotlib.pyplot as plt
import numpy as np

from chainrule import deriv, sigmoid, sigmoid_derivative

a = 1.0
delta = 0.001

f_a = float(sigmoid(a))
points_x = np.array([a - delta, a + delta])
points_y = sigmoid(points_x)

secant_slope = float(deriv(sigmoid, a, delta))
rise_over_run = float((points_y[1] - points_y[0]) / (points_x[1] - points_x[0]))
tangent_slope = float(sigmoid_derivative(a))

print(f"sigmoid({a:g}) = {f_a:.4f}")
print(f"{'secant slope, from deriv':<36}{secant_slope:.10f}")
print(f"{'rise over run between the points':<36}{rise_over_run:.10f}")
print(f"{'tangent slope, sigmoid_derivative':<36}{tangent_slope:.10f}")
print(f"gap between the slopes: {secant_slope - tangent_slope:.1e}")

# %%
# Two straight lines
# ------------------
#
# Both lines are written as functions of :math:`x`: the secant through the two
# nearby points, the tangent through :math:`(a, \sigma(a))` itself.


def secant(x):
    """The straight line through the curve at a - delta and a + delta."""
    return points_y[0] + secant_slope * (x - points_x[0])


def tangent(x):
    """The straight line through (a, sigmoid(a)) with the exact slope there."""
    return f_a + tangent_slope * (x - a)


# %%
# How far the curve strays from its tangent
# -----------------------------------------
#
# The close-up below is a window eight thousandths wide. Inside it, the printed
# numbers measure how far apart the three are: the curve from its tangent, and
# the secant from the tangent, at the edges of the window, where the gaps are
# largest.

half_width = 0.004
x_zoom = np.linspace(a - half_width, a + half_width, 201)
curve_gap = np.max(np.abs(sigmoid(x_zoom) - tangent(x_zoom)))
line_gap = np.max(np.abs(secant(x_zoom) - tangent(x_zoom)))
print(f"in the close-up, the curve strays from the tangent by {curve_gap:.1e}")
print(f"in the close-up, the secant strays from the tangent by {line_gap:.1e}")

# %%
# Full view and close-up
# ----------------------
#
# On the left, the whole curve: the tangent grazes the sigmoid at :math:`a`
# and leaves it on either side. The grey box marks the window shown on the
# right, where the two points ``deriv`` uses come apart. The secant and the
# tangent still look like one line there, and the curve looks straight: the
# gaps printed above are far smaller than a pixel.

x_full = np.linspace(-4.0, 4.0, 401)
x_tangent = np.linspace(a - 1.5, a + 1.5, 2)

fig, (ax_full, ax_zoom) = plt.subplots(1, 2, figsize=(10, 4.2), layout="constrained")

ax_full.plot(x_full, sigmoid(x_full), color="C0", label="sigmoid(x)")
ax_full.plot(
    x_tangent,
    tangent(x_tangent),
    color="C3",
    label=f"tangent at a = {a:g}: slope {tangent_slope:.4f}",
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
    label=f"tangent (exact): slope {tangent_slope:.10f}",
)
ax_zoom.plot(
    x_zoom,
    secant(x_zoom),
    color="k",
    linestyle=":",
    linewidth=2,
    label=f"secant (deriv): slope {secant_slope:.10f}",
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

fig.suptitle("Figure 1-4: the tangent's slope and the secant's slope")
plt.show()
