"""The documentation site, built exactly as `make html` builds it."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

from chainrule import (
    matrix_function_backward_1,
    matrix_function_backward_sum_1,
    matrix_function_forward_sum,
    sigmoid,
)

pytestmark = pytest.mark.site

DOCS = Path(__file__).resolve().parent.parent / "docs"

CHAPTER_PAGES = [
    "index",
    "functions",
    "derivatives",
    "nested_functions",
    "chain_rule",
    "longer_chain",
    "multiple_inputs",
    "vector_inputs",
    "vector_functions",
    "matrix_graph",
    "beyond",
    "exercises",
    "errata",
    "api",
    "performance",
    "auto_examples/index",
]


def book_results() -> dict[str, list[str]]:
    """The chapter's printed results, computed here, as the 4-decimal strings a
    page must show, keyed by the page that shows them."""
    np.random.seed(190203)
    X1, W1 = np.random.randn(1, 3), np.random.randn(3, 1)
    np.random.seed(190204)
    X, W = np.random.randn(3, 3), np.random.randn(3, 2)

    def strings(array):
        return [f"{v:.4f}".rstrip("0") for v in np.ravel(array)]

    return {
        "vector_functions": strings(X1)
        + strings(matrix_function_backward_1(X1, W1, sigmoid)),
        "matrix_graph": [
            *strings(X),
            f"{matrix_function_forward_sum(X, W, sigmoid):.4f}",
            *strings(matrix_function_backward_sum_1(X, W, sigmoid)),
        ],
    }


def test_build_has_zero_warnings(built_site):
    assert built_site.returncode == 0, built_site.log[-5000:]
    assert built_site.warnings.strip() == "", built_site.warnings


@pytest.mark.parametrize("page", CHAPTER_PAGES)
def test_every_page_exists(built_site, page):
    assert (built_site.html / f"{page}.html").is_file()


@pytest.mark.parametrize(("page", "values"), sorted(book_results().items()))
def test_pages_show_the_books_numbers(built_site, page, values):
    text = (built_site.html / f"{page}.html").read_text()
    missing = [v for v in values if v not in text]
    assert not missing, f"{page}.html does not show {missing}"


def test_mathjax_is_served_by_the_site_itself(built_site):
    page = (built_site.html / "chain_rule.html").read_text()
    scripts = re.findall(r'<script[^>]*src="([^"]*mathjax[^"]*)"', page, re.I)
    assert scripts, "no MathJax script on a page with math"
    for src in scripts:
        assert not src.startswith(("http:", "https:", "//")), src
        assert (built_site.html / src.split("?")[0]).is_file(), src


def prose_of(markdown: str) -> str:
    """The page's text outside code cells and code blocks."""
    return re.sub(r"^(`{3,}).*?^\1\s*$", "", markdown, flags=re.S | re.M)


def test_no_result_is_typed_into_prose():
    typed = {
        value.lstrip("-")
        for values in book_results().values()
        for value in values
        if len(value.lstrip("-0.")) >= 3
    }
    offenders = []
    for path in sorted(DOCS.glob("*.md")):
        prose = prose_of(path.read_text())
        offenders += [f"{path.name}: {v}" for v in typed if v in prose]
    assert not offenders, "type these through glue instead: " + ", ".join(offenders)


def test_prose_filter_removes_code_cells():
    sample = "a 2.3755\n```{code-cell} ipython3\nprint(0.2489)\n```\nb"
    assert "0.2489" not in prose_of(sample)
    assert "2.3755" in prose_of(sample)


# -- the API reference: an overview, and one page per public module ----------------


@pytest.fixture(scope="module")
def docs_conf() -> ModuleType:
    """docs/conf.py, loaded as a module, to ask it which modules are public."""
    spec = importlib.util.spec_from_file_location("docs_conf", DOCS / "conf.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def api_pages(docs_conf: ModuleType) -> dict[str, str | None]:
    """``{docname: module its marker line names}`` for every page in docs/api/."""
    folder = DOCS / docs_conf.API_FOLDER
    return {
        f"{docs_conf.API_FOLDER}/{path.stem}": docs_conf._marked_module(
            path.read_text(encoding="utf-8")
        )
        for path in sorted(folder.glob("*.md"))
    }


def test_every_public_module_has_an_api_page(docs_conf):
    pages = api_pages(docs_conf)
    missing = []
    for modname in docs_conf._api_modules():
        docname = docs_conf._api_docname(modname)
        if pages.get(docname) != modname:
            missing.append(
                f"docs/{docname}.md should hold the line "
                f"'{docs_conf.API_MARKER} {modname}'"
            )
    assert not missing, "\n".join(missing)


def test_every_api_page_documents_a_public_module(docs_conf):
    public = {docs_conf._api_docname(m): m for m in docs_conf._api_modules()}
    strays = [
        f"docs/{docname}.md names {modname or 'no module'}, not "
        + public.get(docname, "a public module")
        for docname, modname in api_pages(docs_conf).items()
        if public.get(docname) != modname
    ]
    assert not strays, "\n".join(strays)


def test_each_module_page_documents_every_name_of_its_module(built_site, docs_conf):
    overview = (built_site.html / "api.html").read_text(encoding="utf-8")
    problems = []
    for modname, names in docs_conf._api_modules().items():
        docname = docs_conf._api_docname(modname)
        page = built_site.html / f"{docname}.html"
        if f'href="{docname}.html"' not in overview:
            problems.append(f"api.html does not link to {docname}.html")
        if not page.is_file():
            problems.append(f"{docname}.html was not built")
            continue
        text = page.read_text(encoding="utf-8")
        documented = [docs_conf._documented_name(modname, name) for name in names]
        problems += [
            f"{docname}.html has no entry for {name}"
            for name in documented
            if f'id="{name}"' not in text
        ]
    assert not problems, "\n".join(problems)
