"""The data of the Errata page: the chapter's errors, and what the library changes.

Each entry has

* ``part``: ``"error"`` for an error in the book (its code, its math or its text),
  ``"difference"`` for something the library does differently although the book is
  not wrong;
* ``kind``: ``"code"`` or ``"text"`` (the text includes the math);
* ``where``: the chapter's section and, for code, the function;
* ``book``: what the book has;
* ``fix``: what is right, and what the library does;
* ``test``: the pytest node id of the test that pins it: for an error in the code,
  a test that fails on the book's version (it writes that version out, or checks
  what the book's code gets wrong); for an error in the text, a test of the
  statement that is right.

docs/errata.md loads this file into a cell of its own (so that a change here
executes the page again) and renders one section per entry; tests/test_errata.py
checks the entries and that every test named here exists.
"""

ERRATA = [
    # -- errors in the book: code --------------------------------------------------
    {
        "part": "error",
        "kind": "code",
        "where": "Nested functions: chain_length_2",
        "book": (
            "The printed function names its argument `a` but returns `f2(f1(x))`;"
            " `x` is not defined, so the call raises NameError (or silently uses a"
            " global `x`). The book's companion notebook names both `x`."
        ),
        "fix": "Apply the chain to the argument it was given: `f2(f1(a))`.",
        "test": "tests/test_chains.py::test_chain_length_2_uses_its_argument",
    },
    {
        "part": "error",
        "kind": "code",
        "where": "Functions: relu",
        "book": (
            "The text plots and names ReLU, max(x, 0), but the code defines only "
            "`leaky_relu`, and then refers to 'the preceding relu function'."
        ),
        "fix": "Both `relu` and `leaky_relu` are defined, with exact derivatives.",
        "test": "tests/test_functions.py::test_relu_and_leaky_relu_differ_below_zero",
    },
    {
        "part": "error",
        "kind": "code",
        "where": "Vector functions, the backward pass: matrix_function_backward_1",
        "book": (
            "The comment 'multiply them together; since dNdX is 1x1 here, order "
            "doesn't matter'. It is `dSdN` that is 1 x 1; `dNdX` is 1 x 3, and "
            "`np.dot(dNdX, dSdN)` does not even run."
        ),
        "fix": (
            "The order matters: `np.dot(dSdN, dNdX)`, the 1 x 1 derivative of sigma "
            "times the 1 x 3 row W^T, is the only one that gives the 1 x 3 gradient."
        ),
        "test": "tests/test_matrices.py::test_the_order_of_the_product_in_backward_1_matters",
    },
    {
        "part": "error",
        "kind": "code",
        "where": (
            "Computational graph with two 2D matrix inputs: "
            "matrix_function_backward_sum_1"
        ),
        "book": (
            "`dLdX = np.dot(dSdN, dNdX)` multiplies the derivative of S by W^T. It "
            "computes `dLdN = dLdS * dSdN` and then does not use it; the result is "
            "right only because dL/dS is all ones for a plain sum."
        ),
        "fix": "Multiply `dLdN` by W^T, so that the chain rule holds for any dL/dS.",
        "test": "tests/test_matrices.py::test_backward_uses_dLdN_not_dSdN",
    },
    # -- errors in the book: math and text -----------------------------------------
    {
        "part": "error",
        "kind": "text",
        "where": "Derivatives, Math",
        "book": (
            r"The derivative is defined as the limit of the central difference, "
            r"$\frac{f(a + \Delta) - f(a - \Delta)}{2 \Delta}$. That limit can "
            r"exist where the function has no derivative: at the corner of Leaky "
            r"ReLU it is 0.6, the average of the slopes 0.2 and 1 on either side."
        ),
        "fix": (
            r"The derivative is the limit of $\frac{f(a + \Delta) - f(a)}{\Delta}$"
            r" as $\Delta$ goes to 0 from both sides. The central difference is a "
            r"better approximation of it (its error shrinks like $\Delta^2$), not "
            r"its definition."
        ),
        "test": (
            "tests/test_derivatives.py::"
            "test_the_symmetric_limit_exists_where_no_derivative_does"
        ),
    },
    {
        "part": "error",
        "kind": "text",
        "where": "The chain rule, Math, and A slightly longer example",
        "book": (
            r"The chain rule is written $\frac{df_2}{du}(x) = "
            r"\frac{df_2}{du}(f_1(x)) \times \frac{df_1}{du}(x)$, and restated so "
            r"for the longer chain. Read literally, the left side is the slope of "
            r"$f_2$ at $x$: one symbol for two things."
        ),
        "fix": (
            r"The left side is the derivative of the composite, "
            r"$\frac{d(f_2 \circ f_1)}{du}(x)$, which is what `chain_deriv_2` "
            r"computes."
        ),
        "test": (
            "tests/test_chains.py::"
            "test_the_chain_rules_left_side_is_the_composites_derivative"
        ),
    },
    {
        "part": "error",
        "kind": "text",
        "where": "Functions with multiple inputs, Math",
        "book": (
            r"'$\sigma$ can be any continuous function', and later '$\sigma$ is "
            r"just a continuous function whose derivative we can evaluate at any "
            r"point'. The backward pass needs the derivative of $\sigma$, which a "
            r"continuous function need not have (the absolute value, at 0)."
        ),
        "fix": r"$\sigma$ must be differentiable where it is evaluated.",
        "test": (
            "tests/test_multiple_inputs.py::"
            "test_sigma_must_be_differentiable_not_only_continuous"
        ),
    },
    {
        "part": "error",
        "kind": "text",
        "where": "Vector functions: Is this right?",
        "book": (
            "'a decrease in the output of the function by about 0.01 x -0.1121 = "
            "-0.001121': a decrease by a negative amount."
        ),
        "fix": (
            "A change of 0.01 x (-0.1121) = -0.001121, that is, a decrease of about "
            "0.001121."
        ),
        "test": "tests/test_matrices.py::test_nudging_x3_matches_the_gradient",
    },
    {
        "part": "error",
        "kind": "text",
        "where": (
            "Derivatives of functions with multiple vector inputs: "
            "matmul_backward_first"
        ),
        "book": (
            "dNdX is called 'the partial derivative of each element of X with respect"
            " to the sum of the output N' and 'the gradient of X with respect to X'."
        ),
        "fix": (
            "It is the partial derivative of N with respect to each element of X: the"
            " gradient of N with respect to X."
        ),
        "test": "tests/test_matrices.py::test_matmul_backward_first_is_gradient_of_N",
    },
    {
        "part": "error",
        "kind": "text",
        "where": "Computational graph with two 2D matrix inputs: The Fun Part",
        "book": (
            "The backward pass is said to compute 'the gradient of N with respect to"
            " each of the elements of our input ndarrays', and footnote 3 speaks of "
            "'the gradient of N with respect to X'."
        ),
        "fix": (
            "It computes the gradient of L, the single number at the end of the "
            "graph, with respect to X (and W)."
        ),
        "test": "tests/test_matrices.py::test_backward_sum_1_matches_numerical_gradient",
    },
    {
        "part": "error",
        "kind": "text",
        "where": "Computational graph with two 2D matrix inputs, the chain rule",
        "book": (
            r"The chain rule for the matrix graph is written "
            r"$\frac{\partial \Lambda}{\partial X}(X) = "
            r"\frac{\partial \nu}{\partial X}(X, W) \times "
            r"\frac{\partial \sigma}{\partial u}(N) \times "
            r"\frac{\partial \Lambda}{\partial u}(S)$, with the factor of the "
            r"product first, and the missing factor is then called "
            r"$\frac{\partial \sigma}{\partial u}(X)$ where "
            r"$\frac{\partial \nu}{\partial X}$ is meant."
        ),
        "fix": (
            r"$\frac{\partial L}{\partial X} = \left(\frac{\partial \Lambda}"
            r"{\partial S} \odot \frac{d\sigma}{du}(N)\right) W^T$: the factor "
            r"of the product, $W^T$, stands on the right. On the left, the product "
            r"would not even have the shape of $X$."
        ),
        "test": "tests/test_matrices.py::test_the_matrix_chain_rule_puts_W_T_on_the_right",
    },
    {
        "part": "error",
        "kind": "text",
        "where": "Computational graph with two 2D matrix inputs: dLdX",
        "book": "'dLdX represents the gradient of X with respect to L'.",
        "fix": "The gradient of L with respect to X.",
        "test": (
            "tests/test_matrices.py::test_backward_sum_1_matches_numerical_gradient"
        ),
    },
    {
        "part": "error",
        "kind": "text",
        "where": "Computational graph with two 2D matrix inputs, the check of dL/dx11",
        "book": "'increasing x11 by 0.001 should increase L by 0.01 x 0.2489'.",
        "fix": "By 0.001 x 0.2489: the nudge is 0.001, as the code that follows uses.",
        "test": "tests/test_matrices.py::test_nudging_x11_matches_the_gradient",
    },
    {
        "part": "error",
        "kind": "text",
        "where": "Nested functions and the chain rule: notation",
        "book": "The composite of 'first f1, then f2' is written f1 f2 and f1 o f2.",
        "fix": (
            "In standard notation it is f2 o f1, read right to left: (f2 o f1)(x) = "
            "f2(f1(x))."
        ),
        "test": "tests/test_chains.py::test_composite_name_reads_inside_out",
    },
    # -- what the library does differently -------------------------------------------
    {
        "part": "difference",
        "kind": "code",
        "where": "multiple_inputs_add, multiple_inputs_add_backward",
        "book": "Annotated `-> float`, though they return an array and a pair of arrays.",
        "fix": (
            "Annotated `-> ndarray` and `-> tuple[ndarray, ndarray]`; mypy checks the"
            " library in strict mode."
        ),
        "test": "tests/test_multiple_inputs.py::test_return_annotations_match_results",
    },
    {
        "part": "difference",
        "kind": "code",
        "where": "The chain rule: chain_deriv_2",
        "book": (
            "Computes `f1(input_range)` twice: once stored as `f1_of_x` and then "
            "again inside `deriv(f2, f1(input_range))`."
        ),
        "fix": "One forward pass: `f1_of_x` is computed once and reused.",
        "test": (
            "tests/test_chains.py::test_chain_deriv_2_runs_f1_once_on_the_forward_pass"
        ),
    },
    {
        "part": "difference",
        "kind": "code",
        "where": "The chain rule: sigmoid",
        "book": (
            "`1 / (1 + np.exp(-x))` warns 'overflow encountered in exp' for large "
            "negative x, such as `sigmoid(-1000)`, although the result, 0, is right."
        ),
        "fix": (
            "The same formula with that expected overflow silenced: exp(1000) is inf "
            "and 1 / (1 + inf) is exactly 0, with no warning."
        ),
        "test": "tests/test_functions.py::test_sigmoid_is_quiet_at_extremes",
    },
    {
        "part": "difference",
        "kind": "code",
        "where": "Validation throughout",
        "book": (
            "Inputs are checked with `assert`, which `python -O` removes, and some "
            "functions check nothing (a 1x3 times 2x1 product fails deep in NumPy)."
        ),
        "fix": (
            "Every public function raises TypeError or ValueError naming the "
            "argument, what was expected and what came, with shapes."
        ),
        "test": "tests/test_validation.py::test_errors_survive_python_O",
    },
]
