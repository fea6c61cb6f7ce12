"""docs/errata.py: every entry is well formed and names a test that exists, the list
holds the chapter's known errors and the library's differences, and the built page
shows both parts."""

from __future__ import annotations

import ast
import runpy
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ERRATA = runpy.run_path(str(ROOT / "docs" / "errata.py"))["ERRATA"]
FIELDS = {"part", "kind", "where", "book", "fix", "test"}
PARTS = {
    "error": "Errors in the book",
    "difference": "What the library does differently",
}

#: The chapter's errors the list must hold, each by the test that pins it.
ERRORS = {
    "the chain rule's left side": "test_the_chain_rules_left_side_is_the_composites_derivative",
    "the symmetric limit as the definition": (
        "test_the_symmetric_limit_exists_where_no_derivative_does"
    ),
    "'the gradient of N' where L is meant": (
        "test_backward_sum_1_matches_numerical_gradient"
    ),
    "the matrix chain rule's order": "test_the_matrix_chain_rule_puts_W_T_on_the_right",
    "'since dNdX is 1x1 here'": "test_the_order_of_the_product_in_backward_1_matters",
    "'any continuous function'": (
        "test_sigma_must_be_differentiable_not_only_continuous"
    ),
    "chain_length_2's undefined x": "test_chain_length_2_uses_its_argument",
    "dLdN computed and not used": "test_backward_uses_dLdN_not_dSdN",
}
#: What the library does differently, where the book is not wrong.
DIFFERENCES = {
    "the -> float annotations": "test_return_annotations_match_results",
    "f1 computed twice": "test_chain_deriv_2_runs_f1_once_on_the_forward_pass",
    "the overflow warning": "test_sigmoid_is_quiet_at_extremes",
    "assert for validation": "test_errors_survive_python_O",
}


def functions_defined_in(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}


def pinned_by(part: str) -> set[str]:
    return {e["test"].split("::")[1] for e in ERRATA if e["part"] == part}


@pytest.mark.parametrize("erratum", ERRATA, ids=lambda e: e["test"].split("::")[-1])
def test_each_erratum_points_at_an_existing_test(erratum):
    assert set(erratum) == FIELDS
    path, name = erratum["test"].split("::")
    assert name in functions_defined_in(ROOT / path)
    assert erratum["part"] in PARTS
    assert erratum["kind"] in {"code", "text"}
    assert erratum["book"] and erratum["fix"] and erratum["where"]


@pytest.mark.parametrize("what", sorted(ERRORS))
def test_the_errors_in_the_book_include(what):
    assert ERRORS[what] in pinned_by("error"), f"no erratum for {what}"


@pytest.mark.parametrize("what", sorted(DIFFERENCES))
def test_the_librarys_differences_include(what):
    assert DIFFERENCES[what] in pinned_by("difference"), f"no entry for {what}"


def test_improvements_are_not_listed_as_errors():
    assert not pinned_by("error") & set(DIFFERENCES.values())


def test_the_transcribed_docstring_is_not_an_erratum():
    """The chapter's `...` docstring of multiple_inputs_add_backward is how the text
    was converted; the book's companion notebook has triple quotes there."""
    assert all("docstring" not in e["test"] for e in ERRATA)
    assert all("syntax error" not in e["book"].lower() for e in ERRATA)


@pytest.mark.site
def test_the_errata_page_shows_both_parts_and_every_entry(built_site):
    page = (built_site.html / "errata.html").read_text(encoding="utf-8")
    for title in PARTS.values():
        assert f">{title}<" in page, f"errata.html has no part {title!r}"
    errors_at = page.index(f">{PARTS['error']}<")
    differences_at = page.index(f">{PARTS['difference']}<")
    for erratum in ERRATA:
        test = erratum["test"].split("::")[1]
        at = page.find(
            f'Pinned by <code class="docutils literal notranslate"><span class="pre">{test}'
        )
        assert at != -1, f"errata.html does not show the entry pinned by {test}"
        if erratum["part"] == "error":
            assert errors_at < at < differences_at, test
        else:
            assert at > differences_at, test
