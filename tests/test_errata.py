"""docs/errata.py: every erratum names a test that exists, so the Errata page never
links nowhere."""

from __future__ import annotations

import ast
import runpy
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ERRATA = runpy.run_path(str(ROOT / "docs" / "errata.py"))["ERRATA"]
FIELDS = {"where", "kind", "book", "fix", "test"}


def functions_defined_in(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}


@pytest.mark.parametrize("erratum", ERRATA, ids=lambda e: e["test"].split("::")[-1])
def test_each_erratum_points_at_an_existing_test(erratum):
    assert set(erratum) == FIELDS
    path, name = erratum["test"].split("::")
    assert name in functions_defined_in(ROOT / path)
    assert erratum["kind"] in {"code", "text"}
    assert erratum["book"] and erratum["fix"] and erratum["where"]


def test_errata_cover_every_code_defect_named_in_the_chapter_review():
    wheres = " ".join(e["where"] for e in ERRATA if e["kind"] == "code")
    for name in (
        "chain_length_2",
        "multiple_inputs_add_backward",
        "matrix_function_backward_sum_1",
        "chain_deriv_2",
    ):
        assert name in wheres
