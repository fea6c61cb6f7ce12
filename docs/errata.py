"""The chapter's defects that chainrule fixes: the data of the Errata page.

Each entry says where the chapter goes wrong, whether in its ``"code"`` or its
``"text"``, what the book has, what is right (and what the library does), and the
pytest node id of the test that fails on the book's version.

docs/errata.md loads this file into a cell of its own (so that a change here
executes the page again) and renders one section per entry;
tests/test_errata.py checks that every test named here exists.
"""

ERRATA = [
    {
        "where": "Nested functions: chain_length_2",
        "kind": "code",
        "book": (
            "The function's argument is named `a`, but it returns `f2(f1(x))`; `x` is"
            " not defined, so the call raises NameError (or silently uses a global "
            "`x`)."
        ),
        "fix": "Apply the chain to the argument it was given: `f2(f1(a))`.",
        "test": "tests/test_chains.py::test_chain_length_2_uses_its_argument",
    },
    {
        "where": (
            "Derivatives of functions with multiple inputs: "
            "multiple_inputs_add_backward"
        ),
        "kind": "code",
        "book": (
            "The docstring is delimited by `...` instead of triple quotes, so the "
            "function is a syntax error."
        ),
        "fix": "A real docstring; the function runs and documents itself.",
        "test": (
            "tests/test_multiple_inputs.py::test_backward_functions_have_docstrings"
        ),
    },
    {
        "where": (
            "Computational graph with two 2D matrix inputs: "
            "matrix_function_backward_sum_1"
        ),
        "kind": "code",
        "book": (
            "`dLdX = np.dot(dSdN, dNdX)` multiplies the derivative of S by W^T. It "
            "computes `dLdN = dLdS * dSdN` and then does not use it; the result is "
            "right only because dL/dS is all ones for a plain sum."
        ),
        "fix": "Multiply `dLdN` by W^T, so the chain rule holds for any dL/dS.",
        "test": "tests/test_matrices.py::test_backward_uses_dLdN_not_dSdN",
    },
    {
        "where": "multiple_inputs_add, multiple_inputs_add_backward",
        "kind": "code",
        "book": "Annotated `-> float`, but they return an array and a pair of arrays.",
        "fix": (
            "Annotated `-> ndarray` and `-> tuple[ndarray, ndarray]`; mypy checks the"
            " library in strict mode."
        ),
        "test": "tests/test_multiple_inputs.py::test_return_annotations_match_results",
    },
    {
        "where": "The chain rule: chain_deriv_2",
        "kind": "code",
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
        "where": "Functions: relu",
        "kind": "code",
        "book": (
            "The text plots and names `relu` (max(x, 0)) but the code defines only "
            "`leaky_relu`, then refers to 'the preceding relu function'."
        ),
        "fix": "Both `relu` and `leaky_relu` are defined, with exact derivatives.",
        "test": "tests/test_functions.py::test_relu_and_leaky_relu_differ_below_zero",
    },
    {
        "where": "The chain rule: sigmoid",
        "kind": "code",
        "book": (
            "`1 / (1 + np.exp(-x))` overflows for large negative x: `sigmoid(-1000)` "
            "warns 'overflow encountered in exp'."
        ),
        "fix": (
            "The same formula with that overflow expected and silenced: exp(1000) is "
            "inf and 1 / (1 + inf) is exactly 0, with no warning."
        ),
        "test": "tests/test_functions.py::test_sigmoid_is_quiet_at_extremes",
    },
    {
        "where": "Validation throughout",
        "kind": "code",
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
    {
        "where": "Computational graph with two 2D matrix inputs, the check of dL/dx11",
        "kind": "text",
        "book": "'increasing x11 by 0.001 should increase L by 0.01 x 0.2489'.",
        "fix": "By 0.001 x 0.2489: the nudge is 0.001, as the code that follows uses.",
        "test": "tests/test_matrices.py::test_nudging_x11_matches_the_gradient",
    },
    {
        "where": "Vector functions: Is this right?",
        "kind": "text",
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
        "where": (
            "Derivatives of functions with multiple vector inputs: "
            "matmul_backward_first"
        ),
        "kind": "text",
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
        "where": "Computational graph with two 2D matrix inputs: dLdX",
        "kind": "text",
        "book": "'dLdX represents the gradient of X with respect to L'.",
        "fix": "The gradient of L with respect to X.",
        "test": (
            "tests/test_matrices.py::test_backward_sum_1_matches_numerical_gradient"
        ),
    },
    {
        "where": "Nested functions and the chain rule: notation",
        "kind": "text",
        "book": "The composite of 'first f1, then f2' is written f1 f2 and f1 o f2.",
        "fix": (
            "In standard notation it is f2 o f1, read right to left: (f2 o f1)(x) = "
            "f2(f1(x))."
        ),
        "test": "tests/test_chains.py::test_composite_name_reads_inside_out",
    },
]
