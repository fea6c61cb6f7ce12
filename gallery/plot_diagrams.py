"""
Diagrams from code
==================

The box-and-arrow figures of Chapter 1, drawn by :mod:`chainrule.diagrams`
from live numbers: every value, derivative and shape in them is computed by
the library, so they always agree with the code beside them.

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
# :func:`~chainrule.square` and :func:`~chainrule.relu` at five inputs. Each
# figure also describes itself in one sentence, its label, which serves as
# its alt text.

import numpy as np

from chainrule import (
    draw_array_axes,
    draw_chain,
    draw_derivative_nudge,
    draw_function_box,
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
# Pull the input of :math:`f(x) = x^2` up by a small :math:`\Delta` at
# :math:`a = 2`: the output moves by about four times as much, because the
# derivative there is 4.

fig = draw_derivative_nudge(square, 2.0)

# %%
# Figure 1-6: nested functions
# ----------------------------
#
# The output of the first box is the input of the second. The values on the
# arrows are a real forward pass of :math:`\sigma(x^2)` at :math:`x = 1`.

chain = [square, sigmoid]
fig = draw_chain(chain, 1.0)

# %%
# Figure 1-7: a chain is just another function
# --------------------------------------------
#
# The same two boxes, seen from outside as a single one.

fig = draw_chain(chain, 1.0, collapsed=True)

# %%
# Figure 1-8: the chain rule
# --------------------------
#
# Going backward, each arrow carries one function's derivative, taken at the
# value that went into that function; their product, written at the input,
# is the derivative of the whole chain.

fig = draw_chain(chain, 1.0, backward=True)

# %%
# Figure 1-10: three nested functions
# -----------------------------------
#
# The book's chain of three, Leaky ReLU, sigmoid and square, at
# :math:`x = -1`: three local derivatives, one product.

fig = draw_chain([leaky_relu, sigmoid, square], -1.0, backward=True)

# %%
# Figure 1-12: a function of two inputs
# -------------------------------------
#
# :math:`x` and :math:`y` are added by :math:`\alpha`, and the sum
# :math:`a` goes through :math:`\sigma`.

fig = draw_multiple_inputs_graph(1.0, 2.0, sigmoid)

# %%
# Figure 1-13: going backward with two inputs
# -------------------------------------------
#
# Addition passes the gradient through unchanged
# (:math:`\partial \alpha / \partial x = \partial \alpha / \partial y = 1`),
# so both inputs get :math:`d\sigma/du` at :math:`a`.

fig = draw_multiple_inputs_graph(1.0, 2.0, sigmoid, backward=True)

# %%
# Figures 1-14 and 1-17: a dot product, forward and backward
# ----------------------------------------------------------
#
# With one row :math:`X` and one column :math:`W`, :math:`\nu(X, W) = XW` is
# a single number, and its gradient with respect to :math:`X` is
# :math:`W^T` (with respect to :math:`W`, :math:`X^T`).

np.random.seed(190203)
X = np.random.randn(1, 3)
W = np.random.randn(3, 1)
fig = draw_matrix_graph(X, W, None, with_sum=False, backward=True)

# %%
# Figure 1-18: a function after the product
# -----------------------------------------
#
# The same graph with :math:`\sigma` tacked onto the end.

fig = draw_matrix_graph(X, W, sigmoid, with_sum=False)

# %%
# Figure 1-19: the backward pass through both
# -------------------------------------------
#
# One more local derivative, :math:`\partial S / \partial N`, multiplies
# :math:`W^T`; the gradient at :math:`X` is the book's
# ``[[ 0.0852 -0.0557 -0.1121]]``.

fig = draw_matrix_graph(X, W, sigmoid, with_sum=False, backward=True)
print(matrix_function_backward_1(X, W, sigmoid).round(4))

# %%
# Figure 1-21: two matrices, a function and a sum
# -----------------------------------------------
#
# Now :math:`X` is 3 by 3 and :math:`W` 3 by 2. :math:`N` and :math:`S` are
# 3 by 2 matrices, and :math:`\Lambda` sums :math:`S` into the single number
# :math:`L`; the shape of each array is written on its edge.

np.random.seed(190204)
X = np.random.randn(3, 3)
W = np.random.randn(3, 2)
fig = draw_matrix_graph(X, W, sigmoid)

# %%
# Figure 1-22: the backward pass through the matrix graph
# -------------------------------------------------------
#
# :math:`\partial L / \partial S` is all ones, :math:`\partial S / \partial N`
# is :math:`\sigma'` at every element of :math:`N`, and multiplying by
# :math:`W^T` gives the gradient at :math:`X`, whose top-left element is the
# book's 0.2489.

fig = draw_matrix_graph(X, W, sigmoid, backward=True)
print(matrix_function_backward_sum_1(X, W, sigmoid).round(4))

# %%
# Figure 1-23: the whole graph as one function, "WNSL"
# ----------------------------------------------------
#
# Seen from outside, :math:`L = \Lambda(\sigma(\nu(X, W)))` is one
# differentiable function of :math:`X` and :math:`W`.

fig = draw_matrix_graph(X, W, sigmoid, backward=True, collapsed=True)

# sphinx_gallery_thumbnail_number = 3
