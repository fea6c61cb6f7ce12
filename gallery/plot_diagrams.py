"""
Diagrams from code
==================

The box-and-arrow figures of Chapter 1, drawn by :mod:`chainrule.diagrams`
from live numbers: every value, derivative and shape in them is computed by
the library, so they always agree with the code beside them. Each figure
also describes itself in a sentence, ``fig.get_label()``, its alt text.

To run it yourself, install chainrule from this site's package index (NumPy
and Matplotlib come from PyPI):

.. code-block:: shell

    pip install --extra-index-url http://127.0.0.1:8000/simple/ chainrule
"""

# %%
# Figure 1-2: functions as boxes
# ------------------------------
#
# A function is a minifactory: numbers go in, numbers come out. Here are
# :func:`~chainrule.square` and :func:`~chainrule.relu` at five inputs.

import numpy as np

from chainrule import (
    draw_array_axes,
    draw_chain,
    draw_derivative_nudge,
    draw_dot_product,
    draw_function_box,
    draw_gradient_check,
    draw_matrix_graph,
    draw_multiple_inputs_graph,
    leaky_relu,
    matrix_function_backward_1,
    matrix_function_backward_sum_1,
    relu,
    sigmoid,
    square,
)

fig = draw_function_box([square, relu], [-2, -1, 0, 1, 2])
print(fig.get_label())

# %%
# Figure 1-3: the axes of a 2-D array
# -----------------------------------
#
# Axis 0 runs down the rows, axis 1 across the columns. Summing along an axis
# collapses it: one total per column for ``axis=0``, one per row for
# ``axis=1``.

a = np.array([[1, 2], [3, 4]])
fig = draw_array_axes(a)
print(a.sum(axis=0), a.sum(axis=1))

# %%
# Figure 1-5: a derivative as a pulled string
# -------------------------------------------
#
# Pull the input of :math:`f(u) = u^2` up by a small :math:`\Delta` at
# :math:`a = 2`: the output moves four times as far, because the derivative
# there is 4. Both nudges are drawn to one scale.

fig = draw_derivative_nudge(square, 2.0)

# %%
# Figures 1-6 and 1-7: nested functions, and the chain as one box
# ----------------------------------------------------------------
#
# The output of the first box is the input of the second. The values on the
# arrows are a real forward pass of :math:`\sigma(x^2)` at :math:`x = 1`;
# seen from outside, the two boxes are a single one.

chain = [square, sigmoid]
fig = draw_chain(chain, 1.0)

# %%

fig = draw_chain(chain, 1.0, collapsed=True)

# %%
# Figure 1-8: the chain rule
# --------------------------
#
# Going backward, each arrow carries one function's derivative, taken at the
# value that went into that function; their product, written under the chain,
# is the derivative of the whole chain.

fig = draw_chain(chain, 1.0, backward=True)

# %%
# The same backward pass, one step at a time
# ------------------------------------------
#
# Each value gets its gradient under its arrow as the backward pass reaches
# it: 1 at the output, then each function's local derivative times the
# gradient after it. Panels not yet reached show ``?``.

fig = draw_chain(chain, 1.0, steps=True)

# %%
# Figure 1-10: three nested functions
# -----------------------------------
#
# The book's chain of three, Leaky ReLU, sigmoid and square, at
# :math:`x = -1`: three local derivatives, one product.

fig = draw_chain([leaky_relu, sigmoid, square], -1.0, backward=True)

# %%
# Figures 1-12 and 1-13: a function of two inputs, forward and backward
# ---------------------------------------------------------------------
#
# :math:`x` and :math:`y` are added by :math:`\alpha`, and the sum
# :math:`a` goes through :math:`\sigma` (the values over the arrows, Figure
# 1-12). Addition passes the gradient back unchanged
# (:math:`\partial \alpha / \partial x = 1`), so both inputs get
# :math:`d\sigma/du(a)` (under the arrows, Figure 1-13).

fig = draw_multiple_inputs_graph(1.0, 2.0, sigmoid, backward=True)

# %%
# Figures 1-15 and 1-16: a dot product as its operations
# -------------------------------------------------------
#
# With one row :math:`X` and one column :math:`W`, :math:`\nu(X, W) = XW` is
# a single number. The one box :math:`\nu` stands for three multiplications
# and two additions, drawn out with symbols, then with the book's numbers.

state = np.random.RandomState(190203)
X, W = state.randn(1, 3), state.randn(3, 1)
fig = draw_dot_product(X, W, values=False)

# %%

fig = draw_dot_product(X, W)

# %%
# Figures 1-14, 1-17 to 1-19: the product, then a function, backward
# -------------------------------------------------------------------
#
# The product as one box, forward over the arrows (Figure 1-14) and backward
# under them (1-17), then with :math:`\sigma` after it (1-18 and 1-19).
# Going back through :math:`\nu`, the gradient is multiplied by
# :math:`W^T` on the right for :math:`X` (and by :math:`X^T` on the left for
# :math:`W`); with :math:`\sigma` after the product, by
# :math:`d\sigma/du(N)` first. The gradient at :math:`X` is the book's
# ``[[ 0.0852 -0.0557 -0.1121]]``.

fig = draw_matrix_graph(X, W, None, with_sum=False, backward=True)

# %%

fig = draw_matrix_graph(X, W, sigmoid, with_sum=False, backward=True)
print(matrix_function_backward_1(X, W, sigmoid).round(4))

# %%
# Figure 1-20: checking a gradient with a nudge
# ---------------------------------------------
#
# Raise :math:`x_3` by 0.01: the gradient predicts how much :math:`N` and
# :math:`S` move, and running the forward pass again shows how much
# :math:`S` really moves.

fig = draw_gradient_check(X, W, sigmoid, index=2)

# %%
# Figures 1-21 and 1-22: two matrices, a function and a sum
# ---------------------------------------------------------
#
# Now :math:`X` is 3 by 3 and :math:`W` 3 by 2. :math:`N` and :math:`S` are
# 3 by 2 matrices, and :math:`\Lambda` sums :math:`S` into the single number
# :math:`L`. Backward, :math:`\partial L / \partial S` is all ones, and the
# gradient at :math:`X` has the book's 0.2489 at its top left.

state = np.random.RandomState(190204)
X, W = state.randn(3, 3), state.randn(3, 2)
fig = draw_matrix_graph(X, W, sigmoid)

# %%

fig = draw_matrix_graph(X, W, sigmoid, backward=True)
print(matrix_function_backward_sum_1(X, W, sigmoid).round(4))

# %%
# The matrix backward pass, one step at a time
# --------------------------------------------
#
# Each array gets its gradient, matrix by matrix, as the pass goes back
# through :math:`\Lambda`, :math:`\sigma` and :math:`\nu`.

fig = draw_matrix_graph(X, W, sigmoid, steps=True)

# %%
# Figure 1-23: the whole graph as one function, "WNSL"
# ----------------------------------------------------
#
# Seen from outside, :math:`L = \Lambda(\sigma(\nu(X, W)))` is one
# differentiable function of :math:`X` and :math:`W`.

fig = draw_matrix_graph(X, W, sigmoid, backward=True, collapsed=True)

# sphinx_gallery_thumbnail_number = 5
