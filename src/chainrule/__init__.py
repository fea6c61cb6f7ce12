"""chainrule: Chapter 1 of *Deep Learning from Scratch*, as a tested library.

Functions, derivatives, the chain rule, functions of several inputs and the
backward pass through a matrix product, under the book's own names.

>>> import numpy as np
>>> from chainrule import chain_deriv, sigmoid, square
>>> chain_deriv([square, sigmoid], np.array([0.0, 1.0])).round(4)
array([0.    , 0.3932])

Only the drawing functions need Matplotlib, so ``import chainrule`` does not
load it: :mod:`chainrule.diagrams` and :mod:`chainrule.plotting` are imported
the first time one of their functions is asked for.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from chainrule.chains import (
    Chain,
    chain_deriv,
    chain_deriv_2,
    chain_deriv_3,
    chain_forward,
    chain_length_2,
    chain_length_3,
    composite_name,
)
from chainrule.derivatives import (
    deriv,
    exact_derivative,
    leaky_relu_derivative,
    relu_derivative,
    sigmoid_derivative,
    square_derivative,
)
from chainrule.functions import (
    Array_Function,
    ArrayFunction,
    function_name,
    leaky_relu,
    relu,
    sigmoid,
    square,
)
from chainrule.gradcheck import max_relative_error, numerical_gradient
from chainrule.matrices import (
    matmul_backward_first,
    matmul_backward_second,
    matmul_forward,
    matrix_forward_extra,
    matrix_function_backward,
    matrix_function_backward_1,
    matrix_function_backward_2,
    matrix_function_backward_sum_1,
    matrix_function_backward_sum_2,
    matrix_function_forward_backward_sum,
    matrix_function_forward_sum,
)
from chainrule.multiple_inputs import (
    multiple_inputs_add,
    multiple_inputs_add_backward,
    multiple_inputs_multiply,
    multiple_inputs_multiply_backward,
)

if TYPE_CHECKING:  # type checkers see the drawing functions; Python loads them lazily
    from chainrule.diagrams import (
        describe_plot,
        draw_array_axes,
        draw_chain,
        draw_derivative_nudge,
        draw_dot_product,
        draw_function_box,
        draw_gradient_check,
        draw_matrix_graph,
        draw_multiple_inputs_graph,
    )
    from chainrule.plotting import plot_chain, plot_chain_deriv

__version__ = "0.1.0"

__all__ = [
    "ArrayFunction",
    "Array_Function",
    "Chain",
    "chain_deriv",
    "chain_deriv_2",
    "chain_deriv_3",
    "chain_forward",
    "chain_length_2",
    "chain_length_3",
    "composite_name",
    "deriv",
    "describe_plot",
    "draw_array_axes",
    "draw_chain",
    "draw_derivative_nudge",
    "draw_dot_product",
    "draw_function_box",
    "draw_gradient_check",
    "draw_matrix_graph",
    "draw_multiple_inputs_graph",
    "exact_derivative",
    "function_name",
    "leaky_relu",
    "leaky_relu_derivative",
    "matmul_backward_first",
    "matmul_backward_second",
    "matmul_forward",
    "matrix_forward_extra",
    "matrix_function_backward",
    "matrix_function_backward_1",
    "matrix_function_backward_2",
    "matrix_function_backward_sum_1",
    "matrix_function_backward_sum_2",
    "matrix_function_forward_backward_sum",
    "matrix_function_forward_sum",
    "max_relative_error",
    "multiple_inputs_add",
    "multiple_inputs_add_backward",
    "multiple_inputs_multiply",
    "multiple_inputs_multiply_backward",
    "numerical_gradient",
    "plot_chain",
    "plot_chain_deriv",
    "relu",
    "relu_derivative",
    "sigmoid",
    "sigmoid_derivative",
    "square",
    "square_derivative",
]

#: The functions that need Matplotlib, and the module each one lives in.
_DRAWING = {
    **dict.fromkeys(
        [
            "describe_plot",
            "draw_array_axes",
            "draw_chain",
            "draw_derivative_nudge",
            "draw_dot_product",
            "draw_function_box",
            "draw_gradient_check",
            "draw_matrix_graph",
            "draw_multiple_inputs_graph",
        ],
        "chainrule.diagrams",
    ),
    **dict.fromkeys(["plot_chain", "plot_chain_deriv"], "chainrule.plotting"),
}


def __getattr__(name: str) -> object:
    """Import a drawing function's module the first time the function is used."""
    if name not in _DRAWING:
        raise AttributeError(f"module 'chainrule' has no attribute {name!r}")
    value = getattr(importlib.import_module(_DRAWING[name]), name)
    globals()[name] = value  # found directly from now on
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
