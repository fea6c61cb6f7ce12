"""The documentation site, built exactly as `make html` builds it."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
from pathlib import Path

import book
import numpy as np
import pytest

import chainrule
from chainrule import (
    matrix_function_backward_1,
    matrix_function_backward_sum_1,
    matrix_function_forward_sum,
    sigmoid,
)

pytestmark = pytest.mark.site

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"

#: The site's own pages: the landing page, the chapter's, and the others.
CHAPTER_PAGES = [
    "index",
    *book.CHAPTER_PAGES,
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
    X1, W1 = book.vector_example()
    X, W = book.matrix_example()

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


def test_math_arrives_as_mathml_without_a_script(built_site):
    """Every formula is MathML written when the site was built (docs/_ext/mathml.py),
    and no page loads a script to typeset it (issue 16)."""
    page = (built_site.html / "chain_rule.html").read_text()
    formulas = re.findall(r'<(?:span|div) class="math notranslate"[^>]*>(.*?)</', page)
    assert formulas and all(
        f.startswith(("<math", '<span class="eqno">')) for f in formulas
    )
    for path in built_site.html.rglob("*.html"):
        assert not re.search(r"<script[^>]*mathjax", path.read_text(), re.I), path


def test_tex_that_docutils_cannot_read_warns(caplog, docs_extension):
    """docs/_ext/mathml.py: such TeX warns (-W: the build fails), and shows as code."""
    from docutils import nodes

    mathml = docs_extension("mathml")
    read = mathml.to_mathml(nodes.math_block("", r"\frac{a}{b}"))
    assert read.startswith('<math xmlns="http://www.w3.org/1998/Math/MathML"')
    assert "<mfrac><mi>a</mi><mi>b</mi></mfrac>" in read  # and no indentation
    with caplog.at_level("WARNING"):
        shown = mathml.to_mathml(nodes.math("", r"x \nosuchmacro"))
    assert shown == r"<code>x \nosuchmacro</code>"
    assert 'Unknown LaTeX command "\\nosuchmacro"' in caplog.text


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


# -- equations: each display equation has the anchor its label gives it --------------


@pytest.mark.parametrize("path", sorted(DOCS.glob("*.md")), ids=lambda p: p.stem)
def test_every_display_equation_is_labelled(built_site, path):
    """Labels make the anchors: the same on every build, unlike a generated one."""
    source = path.read_text(encoding="utf-8")
    openings = re.findall(r"^\$\$\s*$", source, flags=re.M)
    labels = re.findall(r"^\$\$ \((\S+)\)\s*$", source, flags=re.M)
    assert len(labels) == len(openings), f"{path.name}: a $$ block has no label"
    page = (built_site.html / f"{path.stem}.html").read_text(encoding="utf-8")
    blocks = re.findall(r'<div class="math(?: [^"]*)?"([^>]*)>', page)
    anchors = [re.search(r'id="([^"]*)"', attributes) for attributes in blocks]
    assert [anchor and anchor.group(1) for anchor in anchors] == [
        f"equation-{label.lower()}" for label in labels
    ]


# -- the API reference: an overview, and one page per public module ----------------


def standalone_modules() -> list[str]:
    """The public modules the package does not re-export, as conf.py names them
    for the API template (``autosummary_context``)."""
    tree = ast.parse((DOCS / "conf.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == "autosummary_context"
            for target in node.targets
        ):
            return list(ast.literal_eval(node.value)["standalone_modules"])
    return []


def public_modules() -> list[str]:
    """The modules whose names the package re-exports (chainrule.validation, say,
    is a helper: none of its names is in chainrule.__all__), and the standalone
    ones (chainrule.exercises: its checkers are imported from it)."""
    exported = set(chainrule.__all__)
    found = []
    for info in pkgutil.iter_modules(chainrule.__path__, "chainrule."):
        module = importlib.import_module(info.name)
        if exported.intersection(getattr(module, "__all__", ())):
            found.append(info.name)
    return found + [name for name in standalone_modules() if name not in found]


def listed_modules() -> list[str]:
    """The modules docs/api.md gives a page each (its autosummary table)."""
    text = (DOCS / "api.md").read_text(encoding="utf-8")
    table = text.partition(".. autosummary::")[2].partition("```")[0]
    return re.findall(r"^\s+(chainrule\.\w+)\s*$", table, flags=re.M)


def test_every_public_module_has_an_api_page():
    missing = sorted(set(public_modules()) - set(listed_modules()))
    assert not missing, f"add to the table in docs/api.md: {missing}"


def test_every_api_page_documents_a_public_module():
    listed = listed_modules()
    assert len(listed) == len(set(listed)), listed
    strays = sorted(set(listed) - set(public_modules()))
    assert not strays, f"docs/api.md lists modules that are not public: {strays}"


def page_of(modname: str) -> str:
    return f"api/{modname.removeprefix('chainrule.')}.html"


def test_each_module_page_documents_every_name_of_its_module(built_site):
    overview = (built_site.html / "api.html").read_text(encoding="utf-8")
    problems = []
    for modname in listed_modules():
        page = built_site.html / page_of(modname)
        if f'href="{page_of(modname)}' not in overview:
            problems.append(f"api.html does not link to {page_of(modname)}")
        if not page.is_file():
            problems.append(f"{page_of(modname)} was not built")
            continue
        text = page.read_text(encoding="utf-8")
        standalone = modname in standalone_modules()
        home = modname if standalone else "chainrule"
        for name in importlib.import_module(modname).__all__:
            # Each name is documented where the package re-exports it, or under
            # its own module when the package does not re-export the module.
            if not standalone and name not in chainrule.__all__:
                problems.append(f"{modname}.{name} is not in chainrule.__all__")
            if f'id="{home}.{name}"' not in text:
                problems.append(f"{page_of(modname)} has no entry {home}.{name}")
    assert not problems, "\n".join(problems)


def examples_using() -> dict[str, set[str]]:
    """``{"chainrule.square": {"plot_fig_1_1_square_relu", ...}}``: the names each
    gallery example imports from the package."""
    uses: dict[str, set[str]] = {}
    for path in sorted((ROOT / "gallery").glob("plot_*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "chainrule":
                for alias in node.names:
                    uses.setdefault(f"chainrule.{alias.name}", set()).add(path.stem)
    return uses


def test_each_entry_shows_the_examples_that_use_it(built_site):
    """After each entry, a mini-gallery of the examples using it, and its heading
    only when there are any."""
    uses = examples_using()
    assert uses, "the gallery imports nothing from chainrule?"
    problems = []
    for modname in listed_modules():
        text = (built_site.html / page_of(modname)).read_text(encoding="utf-8")
        for name in importlib.import_module(modname).__all__:
            entry = text.partition(f'id="chainrule.{name}"')[2]
            # Up to the next entry, or to the end of the page's article.
            entry = entry.partition('<dt class="sig')[0].partition("</article>")[0]
            shown = set(re.findall(r'auto_examples/(plot_\w+)\.html"', entry))
            expected = uses.get(f"chainrule.{name}", set())
            heading = "Examples using" in entry
            if shown != expected or heading != bool(expected):
                problems.append(
                    f"chainrule.{name}: shows {sorted(shown)} (heading: {heading}),"
                    f" expected {sorted(expected)}"
                )
    assert not problems, "\n".join(problems)
