"""The checkers of chainrule.exercises, run on the Exercises page's own code.

Each checker must accept the solution printed on docs/exercises.md (read from the
page, so page and test cannot drift apart) and an exact answer, and reject the
page's starter and typical wrong answers with a WrongAnswer that names the call,
the input, what was expected and what came back. Whatever a bad function does, the
checker raises WrongAnswer and nothing else.
"""

from __future__ import annotations

import inspect
import itertools
import re
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from myst_nb.core.read import read_myst_markdown_notebook

from chainrule import (
    chain_forward,
    deriv,
    exact_derivative,
    exercises,
    matrix_function_backward_sum_1,
    matrix_function_forward_backward_sum,
    multiple_inputs_add_backward,
    numerical_gradient,
)
from chainrule.exercises import RTOL, WrongAnswer

PAGE = Path(__file__).resolve().parent.parent / "docs" / "exercises.md"
CHECKERS = sorted(name for name in exercises.__all__ if name.startswith("check_"))


def page_cells() -> list[tuple[list[str], str]]:
    """``(tags, source)`` of every code cell of the page, in order."""
    notebook = read_myst_markdown_notebook(PAGE.read_text(encoding="utf-8"))
    return [
        (list(cell.metadata.get("tags", [])), cell.source)
        for cell in notebook.cells
        if cell.cell_type == "code"
    ]


def functions_defined_by(source: str) -> dict[str, Callable[..., object]]:
    """Run one cell in a fresh namespace; the functions it defines, by name."""
    namespace: dict[str, object] = {}
    exec(compile(source, str(PAGE), "exec"), namespace)
    names = re.findall(r"^def (\w+)\(", source, flags=re.M)
    return {name: namespace[name] for name in names}


def page_solutions() -> dict[str, Callable[..., object]]:
    """The page's solutions (cells tagged ``solution``), by the checker they answer."""
    found: dict[str, Callable[..., object]] = {}
    for tags, source in page_cells():
        if "solution" not in tags:
            continue
        functions = functions_defined_by(source)
        assert len(functions) == 1, f"a solution cell defines {sorted(functions)}"
        ((name, func),) = functions.items()
        assert f"check_{name}" not in found, f"two solutions for check_{name}"
        found[f"check_{name}"] = func
    return found


SOLUTIONS = page_solutions()


def checker(name: str) -> Callable[[Callable[..., object]], None]:
    return getattr(exercises, name)


# -- the page and the module agree --------------------------------------------------


def test_every_checker_has_one_solution_on_the_page():
    assert sorted(SOLUTIONS) == CHECKERS
    assert len(CHECKERS) >= 6


def test_solutions_are_folded_away_and_nothing_else_is_hidden():
    for tags, source in page_cells():
        if "solution" in tags:
            assert "hide-input" in tags, source
        elif "remove-cell" in tags:  # only a display setting may be left out
            code = [line for line in source.splitlines() if line[:1] not in "#"]
            assert code == ["%xmode Minimal"], source
        else:
            assert not {"hide-input", "hide-cell"} & set(tags), source


@pytest.mark.parametrize("name", CHECKERS)
def test_the_checker_accepts_the_solution_on_the_page(name):
    checker(name)(SOLUTIONS[name])


def starters_and_checks() -> list[tuple[str, str, str]]:
    """``(checker, starter source, check source)`` for every raises-exception cell:
    the cell before it is the starter it runs the checker on."""
    cells = page_cells()
    pairs = []
    for (_, starter), (tags, check) in itertools.pairwise(cells):
        if "raises-exception" in tags:
            (name,) = re.findall(r"^(check_\w+)\(", check, flags=re.M)
            pairs.append((name, starter, check))
    return pairs


def test_every_checker_is_shown_failing_on_its_starter():
    assert sorted(name for name, _, _ in starters_and_checks()) == CHECKERS


@pytest.mark.parametrize(
    ("name", "starter", "check"),
    starters_and_checks(),
    ids=[name for name, _, _ in starters_and_checks()],
)
def test_the_checker_rejects_the_starter_on_the_page(name, starter, check):
    namespace: dict[str, object] = {}
    exec(compile(starter, str(PAGE), "exec"), namespace)
    with pytest.raises(WrongAnswer, match=r"\n  for "):
        exec(compile(check, str(PAGE), "exec"), namespace)


# -- exact answers pass too: the tolerance fits both -----------------------------------


def exact_chain_deriv(chain, x):
    values = chain_forward(chain, x)
    slope = np.ones_like(values[0])
    for f, value in zip(chain, values, strict=False):
        slope = slope * exact_derivative(f)(value)
    return slope


def exact_multiply_backward(x, y, sigma):
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    slope = exact_derivative(sigma)(x * y)
    return slope * y, slope * x


def exact_x_times_sigma_deriv(x, sigma):
    x = np.asarray(x, dtype=float)
    return sigma(x) + x * exact_derivative(sigma)(x)


def exact_backward_sum_2(X, W, sigma):
    return matrix_function_forward_backward_sum(X, W, sigma)[2]


def exact_weighted_sum_backward(X, W, C, sigma):
    dLdN = C * exact_derivative(sigma)(X @ W)
    return dLdN @ W.T, X.T @ dLdN


EXACT = {
    "check_chain_deriv": exact_chain_deriv,
    "check_multiple_inputs_multiply_backward": exact_multiply_backward,
    "check_x_times_sigma_deriv": exact_x_times_sigma_deriv,
    "check_matrix_function_backward_sum_2": exact_backward_sum_2,
    "check_weighted_sum_backward": exact_weighted_sum_backward,
}


@pytest.mark.parametrize("name", sorted(EXACT))
def test_the_checker_accepts_an_exact_answer(name):
    checker(name)(EXACT[name])


def scaled(func, factor):
    """``func`` with every returned array multiplied by ``factor``."""

    def wrong(*args):
        result = func(*args)
        if isinstance(result, tuple):
            return tuple(np.asarray(r) * factor for r in result)
        return np.asarray(result) * factor

    return wrong


@pytest.mark.parametrize("name", sorted(set(CHECKERS) - {"check_gradient_shapes"}))
def test_an_answer_off_by_a_thousandth_is_rejected(name):
    # A thousandth is the size of the error of a one-sided difference with the
    # chapter's delta: the tolerance must be tighter than that.
    with pytest.raises(WrongAnswer, match="gave a wrong"):
        checker(name)(scaled(SOLUTIONS[name], 1.001))


# -- typical wrong answers ---------------------------------------------------------------


def central_twice(func, a, delta):
    slope = deriv(func, a, delta)
    return slope, slope


def over_two_deltas(func, a, delta):
    a = np.asarray(a, dtype=float)
    return (func(a) - func(a - delta)) / (2 * delta), (func(a + delta) - func(a)) / (
        2 * delta
    )


def every_slope_at_x(chain, x):
    return np.prod([deriv(f, x) for f in chain], axis=0)


def slopes_at_outputs(chain, x):
    values = chain_forward(chain, x)
    slope = np.ones_like(values[0])
    for f, value in zip(chain, values[1:], strict=True):
        slope = slope * deriv(f, value)
    return slope


def chain_reversed(chain, x):
    return SOLUTIONS["check_chain_deriv"](list(reversed(chain)), x)


def outer_slope_only(x, y, sigma):
    slope = deriv(sigma, np.multiply(x, y))
    return slope, slope


def other_input_swapped(x, y, sigma):
    slope = deriv(sigma, np.multiply(x, y))
    return slope * np.asarray(x), slope * np.asarray(y)


def one_path_through_sigma(x, sigma):
    return np.asarray(x) * deriv(sigma, x)


def one_path_straight_in(x, sigma):
    return sigma(x)


def paths_multiplied(x, sigma):
    return sigma(x) * np.asarray(x) * deriv(sigma, x)


def all_like_N(X_shape, W_shape):
    N_shape = (X_shape[0], W_shape[1])
    return N_shape, N_shape, N_shape


def transposed_shapes(X_shape, W_shape):
    return (W_shape[1], X_shape[0]), tuple(X_shape[::-1]), tuple(W_shape[::-1])


def forgot_dSdN(X, W, sigma):
    return X.T @ np.ones((X.shape[0], W.shape[1]))


def product_transposed(X, W, sigma):
    return (X.T @ deriv(sigma, X @ W)).T


def book_weighted(X, W, C, sigma):
    dSdN = deriv(sigma, X @ W)
    return dSdN @ W.T, X.T @ dSdN


def weights_added(X, W, C, sigma):
    dLdN = C + deriv(sigma, X @ W)
    return dLdN @ W.T, X.T @ dLdN


WRONG = [
    ("check_one_sided_slopes", central_twice, "gave a wrong left slope"),
    ("check_one_sided_slopes", over_two_deltas, "gave a wrong right slope"),
    (
        "check_one_sided_slopes",
        lambda func, a, delta: SOLUTIONS["check_one_sided_slopes"](func, a, delta)[
            ::-1
        ],
        "in the wrong order",
    ),
    ("check_chain_deriv", every_slope_at_x, "gave a wrong derivative"),
    ("check_chain_deriv", slopes_at_outputs, "gave a wrong derivative"),
    ("check_chain_deriv", chain_reversed, "gave a wrong derivative"),
    ("check_multiple_inputs_multiply_backward", outer_slope_only, "wrong dL/dx"),
    ("check_multiple_inputs_multiply_backward", other_input_swapped, "wrong order"),
    (
        "check_multiple_inputs_multiply_backward",
        multiple_inputs_add_backward,
        "wrong dL/dx",
    ),
    ("check_x_times_sigma_deriv", one_path_through_sigma, "wrong df/dx"),
    ("check_x_times_sigma_deriv", one_path_straight_in, "wrong df/dx"),
    ("check_x_times_sigma_deriv", paths_multiplied, "wrong df/dx"),
    ("check_gradient_shapes", all_like_N, "wrong shape for dL/dX"),
    ("check_gradient_shapes", transposed_shapes, "wrong shape for dL/dN"),
    ("check_matrix_function_backward_sum_2", forgot_dSdN, "wrong dL/dW"),
    ("check_matrix_function_backward_sum_2", product_transposed, "wrong shape"),
    (
        "check_matrix_function_backward_sum_2",
        matrix_function_backward_sum_1,
        "wrong shape",
    ),
    ("check_weighted_sum_backward", book_weighted, "wrong dL/dX"),
    ("check_weighted_sum_backward", weights_added, "wrong dL/dX"),
]


def test_at_least_two_typical_wrong_answers_per_checker():
    counts = {name: 0 for name in CHECKERS}
    for name, _, _ in WRONG:
        counts[name] += 1
    assert min(counts.values()) >= 2, counts


def as_arrays(result: object) -> list[np.ndarray]:
    """A function's results as a list of arrays (shapes become 1-D arrays)."""
    values = result if isinstance(result, tuple) else (result,)
    return [np.asarray(value, dtype=float) for value in values]


def differs(got: list[np.ndarray], want: list[np.ndarray]) -> bool:
    return any(
        g.shape != w.shape or not np.allclose(g, w, rtol=RTOL)
        for g, w in zip(got, want, strict=True)
    )


def exercises_call(name: str) -> str:
    """The call a checker's messages start with, e.g. ``chain_deriv(chain, x)``."""
    solution = SOLUTIONS[name]
    params = ", ".join(inspect.signature(solution).parameters)
    return f"{solution.__name__}({params})"


@pytest.mark.parametrize(
    ("name", "wrong", "what"),
    WRONG,
    ids=[f"{name}-{getattr(wrong, '__name__', 'lambda')}" for name, wrong, _ in WRONG],
)
def test_the_checker_rejects_a_typical_wrong_answer(name, wrong, what):
    with pytest.raises(WrongAnswer) as caught:
        checker(name)(wrong)
    message = str(caught.value)
    first, for_line, *rest = message.splitlines()
    call = exercises_call(name)
    assert first.startswith(call), message
    assert what in first, message
    # the input: every argument named, and kept for the reader to repeat the call
    inputs = caught.value.inputs
    assert for_line.startswith("  for "), message
    for param in inputs:
        assert f"{param} = " in for_line, message
    assert any(line.startswith("Hint: ") for line in rest), message
    # expected and got: for a wrong value or shape, both are printed
    if "wrong order" not in first:
        assert "expected" in message and "got" in message, message
    # and the verdict is right: at that input the wrong answer and the page's
    # solution disagree
    solution = SOLUTIONS[name]
    assert differs(
        as_arrays(wrong(*inputs.values())), as_arrays(solution(*inputs.values()))
    )


def test_a_wrong_value_message_shows_expected_and_got_values():
    with pytest.raises(WrongAnswer) as caught:
        exercises.check_multiple_inputs_multiply_backward(outer_slope_only)
    inputs = caught.value.inputs
    x, y, sigma = inputs["x"], inputs["y"], inputs["sigma"]
    (want,) = numerical_gradient(lambda u: sigma(u * y), x)
    got, _ = outer_slope_only(x, y, sigma)
    lines = str(caught.value).splitlines()
    expected_line = next(line for line in lines if line.startswith("  expected"))
    got_line = next(line for line in lines if line.startswith("  got"))
    assert float(expected_line.split()[-1]) == pytest.approx(float(want), abs=1e-4)
    assert float(got_line.split()[-1]) == pytest.approx(float(got), abs=1e-4)


def test_a_wrong_shape_message_shows_both_shapes():
    with pytest.raises(WrongAnswer, match="wrong shape") as caught:
        exercises.check_matrix_function_backward_sum_2(matrix_function_backward_sum_1)
    X, W = caught.value.inputs["X"], caught.value.inputs["W"]
    assert f"expected shape {W.shape}, got shape {X.shape}" in str(caught.value)


def test_a_function_changing_its_inputs_in_place_does_not_fool_the_checker():
    solution = SOLUTIONS["check_multiple_inputs_multiply_backward"]

    def right_then_vandal(x, y, sigma):
        answer = solution(x, y, sigma)
        for array in (x, y):
            if isinstance(array, np.ndarray):
                array *= 0.0
        return answer

    exercises.check_multiple_inputs_multiply_backward(right_then_vandal)


# -- bad functions: always a WrongAnswer, saying what is wrong ---------------------------


def output_count(name: str) -> int:
    """How many values the task's function returns (the page's solution's count)."""
    results: list[object] = []

    def spy(*args):
        results.append(SOLUTIONS[name](*args))
        return results[-1]

    checker(name)(spy)
    return len(results[0]) if isinstance(results[0], tuple) else 1


class Oddity:
    """An object that is neither a number nor an array."""


BAD_RESULTS = {
    "None": None,
    "a string": "0.5",
    "an object": Oddity(),
    "complex numbers": np.array([1j, 2j]),
    "booleans": np.array([True, False]),
    "a ragged list": [[1.0, 2.0], [3.0]],
    "a dict": {"dLdx": 1.0},
}


@pytest.mark.parametrize("name", CHECKERS)
@pytest.mark.parametrize("result", sorted(BAD_RESULTS))
def test_a_wrong_type_is_a_wrong_answer(name, result):
    value, count = BAD_RESULTS[result], output_count(name)

    def returns_the_wrong_type(*args):
        return (value,) * count if count > 1 else value

    with pytest.raises(WrongAnswer, match=r"\) returned .* not (a|the)"):
        checker(name)(returns_the_wrong_type)


@pytest.mark.parametrize("name", CHECKERS)
def test_the_wrong_number_of_values_is_a_wrong_answer(name):
    count = output_count(name)
    solution = SOLUTIONS[name]

    def one_too_many(*args):
        answer = solution(*args)
        return (*answer, answer[0]) if count > 1 else (answer, answer)

    def just_the_first(*args):
        return solution(*args)[0]

    if count == 1:  # two arrays where one is expected: a stack of the wrong shape
        with pytest.raises(WrongAnswer, match="of the wrong shape"):
            checker(name)(one_too_many)
        return
    with pytest.raises(WrongAnswer, match=f"not the {count} values"):
        checker(name)(one_too_many)
    with pytest.raises(WrongAnswer, match=f"not the {count} values"):
        checker(name)(just_the_first)


@pytest.mark.parametrize("name", CHECKERS)
def test_an_exception_in_the_function_is_reported_inside_a_wrong_answer(name):
    def fails(*args):
        raise KeyError("a bug in the reader's code")

    with pytest.raises(WrongAnswer, match=r"raised KeyError: .a bug") as caught:
        checker(name)(fails)
    assert isinstance(caught.value.__cause__, KeyError)


@pytest.mark.parametrize("name", CHECKERS)
def test_a_wrong_signature_is_a_wrong_answer(name):
    def no_arguments():
        return 0.0

    with pytest.raises(WrongAnswer, match="cannot be called with the") as caught:
        checker(name)(no_arguments)
    assert exercises_call(name) in str(caught.value)


@pytest.mark.parametrize("name", CHECKERS)
def test_something_that_is_not_a_function_is_a_wrong_answer(name):
    with pytest.raises(WrongAnswer, match=f"{name}: give it your function"):
        checker(name)(42)


@pytest.mark.parametrize("name", sorted(set(CHECKERS) - {"check_gradient_shapes"}))
def test_nan_is_a_wrong_answer(name):
    with pytest.raises(WrongAnswer, match="gave a wrong"):
        checker(name)(scaled(SOLUTIONS[name], np.nan))


def test_lists_of_numbers_are_accepted_as_answers():
    solution = SOLUTIONS["check_multiple_inputs_multiply_backward"]

    def as_lists(x, y, sigma):
        return tuple(np.asarray(r).tolist() for r in solution(x, y, sigma))

    exercises.check_multiple_inputs_multiply_backward(as_lists)


def test_checkers_and_wrong_answer_are_documented():
    assert issubclass(WrongAnswer, AssertionError)
    for name in CHECKERS:
        doc = checker(name).__doc__ or ""
        assert "Examples" in doc and ">>> " in doc and "WrongAnswer" in doc, name


def test_a_builtin_without_a_signature_is_called_and_judged():
    # inspect.signature cannot read max's arguments: the checker calls it anyway
    with pytest.raises(WrongAnswer, match="raised TypeError"):
        exercises.check_multiple_inputs_multiply_backward(max)
