"""Practice and closure (issue 14), checked on the built site and the MyST sources.

* **Chapter pages**: each ends with a "Summary" section (3 to 5 points) and then a
  "Check your understanding" section: 2 to 4 questions, each answered in a
  sphinx-design dropdown (a ``<details>`` with its ``<summary>``, which the keyboard
  opens). An answer types no number of its own: every number in it is either in
  its question or glued from the page's cells, and every page glues some.
* **Conclusion**: after the matrix page in the table of contents; its gradient
  descent makes L fall, the very L that descent with autograd's gradients gives
  for the page's data and learning rate; its gradients agree with autograd's.
* **Beyond**: a value used twice (the two paths add up to the nudged slope) and a
  loss that is not a sum (the book's ``dSdN @ W.T`` is wrong, ``dLdN @ W.T`` is
  right, both beside ``numerical_gradient``), linking the Errata.

The pages' cells are run by tests/test_pages.py (the copied-cells test picks up
every page with visible cells, the Conclusion included); this file only reads.
"""

from __future__ import annotations

import ast
import itertools
import re
from pathlib import Path

import pytest
import test_pages as pages_checks
from test_pages import CHAPTER_PAGES, Element, article, notebook, parse

pytestmark = pytest.mark.site

DOCS = Path(__file__).resolve().parent.parent / "docs"
#: A number as the answers would type it: 3, 0.2489, 1e-8 (digits in words aside).
NUMBER = re.compile(r"(?<![\w-])\d+(?:\.\d+)?(?:e[-+]?\d+)?")
#: A MyST role, such as {glue:text}`key:.4f` or {ref}`ex-dldw`.
ROLE = re.compile(r"\{[\w:-]+\}`[^`]*`")
GLUE = re.compile(r"\{glue(?::text)?\}`[^`]*`")


def own_text(element: Element) -> str:
    """An element's text without its permalink."""
    return "".join(
        child if isinstance(child, str) else own_text(child)
        for child in element.children
        if isinstance(child, str) or "headerlink" not in child.classes
    ).strip()


def children(element: Element, tag: str) -> list[Element]:
    return [c for c in element.children if isinstance(c, Element) and c.tag == tag]


def sections(root: Element) -> list[tuple[str, Element]]:
    """The page's second-level sections, in order, with their titles."""
    (page_section,) = children(root, "section")
    return [
        (own_text(children(section, "h2")[0]), section)
        for section in children(page_section, "section")
    ]


@pytest.fixture(scope="module")
def chapter(site_html) -> dict[str, Element]:
    return {page: article(site_html, page) for page in CHAPTER_PAGES}


@pytest.mark.parametrize("page", CHAPTER_PAGES)
def test_each_chapter_page_ends_with_a_summary_and_questions(chapter, page):
    found = sections(chapter[page])
    titles = [title for title, _ in found]
    assert titles[-2:] == ["Summary", "Check your understanding"], titles
    (summary,) = children(found[-2][1], "ul")
    assert 3 <= len(children(summary, "li")) <= 5
    (questions,) = children(found[-1][1], "ol")
    items = children(questions, "li")
    assert 2 <= len(items) <= 4, f"{page}: {len(items)} questions"
    for number, item in enumerate(items, 1):
        (question,) = children(item, "p")[:1]
        assert "?" in question.text(), f"{page}, {number}: not a question"
        (answer,) = children(item, "details")
        assert "sd-dropdown" in answer.classes, f"{page}, {number}"
        (title,) = children(answer, "summary")
        assert "Answer" in title.text(), f"{page}, {number}: {title.text()!r}"
        assert answer.text().strip() != title.text().strip(), f"{page}: empty answer"


def questions_and_answers(page: str) -> list[tuple[str, str]]:
    """Each question of the page's source with the source of its dropdown."""
    source = (DOCS / f"{page}.md").read_text(encoding="utf-8")
    _, section = source.split("\n## Check your understanding\n")
    items = re.split(r"^\d+\. ", section, flags=re.M)[1:]
    found = []
    for item in items:
        question, rest = item.split(":::{dropdown}", 1)
        answer = rest.split("\n", 1)[1].split("\n   :::", 1)[0]
        found.append((question, answer))
    return found


def test_the_answers_are_read_from_the_source():
    """The split above finds every dropdown, and nothing else."""
    for page in CHAPTER_PAGES:
        pairs = questions_and_answers(page)
        source = (DOCS / f"{page}.md").read_text(encoding="utf-8")
        tail = source.split("\n## Check your understanding\n")[1]
        assert len(pairs) == tail.count(":::{dropdown}") >= 2
        assert all("dropdown" not in answer for _, answer in pairs)


@pytest.mark.parametrize("page", CHAPTER_PAGES)
def test_answers_type_no_number_the_page_does_not_glue(page):
    glued_answers = 0
    for question, answer in questions_and_answers(page):
        asked = set(NUMBER.findall(ROLE.sub(" ", question)))
        typed = set(NUMBER.findall(ROLE.sub(" ", answer))) - asked
        assert not typed, f"{page}: typed {sorted(typed)} in the answer to{question}"
        glued_answers += bool(GLUE.search(answer))
    assert glued_answers, f"{page}: no answer quotes a number the page computed"


def test_the_number_filter_sees_typed_numbers():
    answer = "It returns 0.5, or {glue:text}`q_relu_across:.4f`, at x = 0 (1e-8)."
    assert set(NUMBER.findall(ROLE.sub(" ", answer))) == {"0.5", "0", "1e-8"}


# -- the Conclusion ----------------------------------------------------------------


def toctree_links(site_html: Path) -> list[str]:
    index = parse(site_html / "index.html")
    return [
        a.attrs["href"]
        for wrapper in index.find_all(cls="toctree-wrapper")
        for a in wrapper.find_all("a")
        if "reference" in a.classes
    ]


def test_the_conclusion_follows_the_matrix_page(site_html):
    links = toctree_links(site_html)
    assert links.index("conclusion.html") == links.index("matrix_graph.html") + 1
    matrix_page = parse(site_html / "matrix_graph.html")
    assert any(
        a.attrs.get("href") == "conclusion.html" for a in matrix_page.find_all("a")
    ), "the matrix page's 'next' does not lead to the Conclusion"


def cell_outputs(root: Element) -> list[str]:
    return [" ".join(e.text().split()) for e in root.find_all(cls="cell_output")]


def printed(outputs: list[str], pattern: str) -> list[float]:
    (match,) = [m for text in outputs if (m := re.search(pattern, text))]
    return [float(group) for group in match.groups()]


def visible_assignment(page: str, name: str) -> object:
    """The value a visible cell of the page assigns to ``name`` (a literal)."""
    for cell in notebook(page).cells:
        if pages_checks.is_visible(cell):
            for node in ast.walk(ast.parse(cell.source)):
                if isinstance(node, ast.Assign) and any(
                    isinstance(t, ast.Name) and t.id == name for t in node.targets
                ):
                    return ast.literal_eval(node.value)
    raise LookupError(f"{page} assigns no {name}")


def autograd_descent(learning_rate: float, steps: int) -> list[float]:
    """L along gradient descent on W for the Conclusion's data, with autograd's
    gradient: the library plays no part."""
    import autograd.numpy as anp
    import numpy as np
    from autograd import grad

    np.random.seed(190204)
    X = np.random.randn(3, 3)
    W = np.random.randn(3, 2)
    T = np.random.rand(3, 2)

    def loss(W):
        return anp.sum((1 / (1 + anp.exp(-anp.dot(X, W))) - T) ** 2)

    losses = [float(loss(W))]
    for _ in range(steps):
        W = W - learning_rate * grad(loss)(W)
        losses.append(float(loss(W)))
    return losses


def test_the_conclusion_trains_W_and_L_falls_as_with_autograd(site_html):
    outputs = cell_outputs(article(site_html, "conclusion"))
    (before,) = printed(outputs, r"L before: (\d+\.\d+)")
    steps, after = printed(outputs, r"L after (\d+) steps: (\d+\.\d+)")
    assert after < before / 2, (before, after)
    rate = visible_assignment("conclusion", "learning_rate")
    assert steps == visible_assignment("conclusion", "steps")
    expected = autograd_descent(float(rate), int(steps))
    assert all(a > b for a, b in itertools.pairwise(expected)), "L does not fall"
    assert (before, after) == (round(expected[0], 4), round(expected[-1], 4))


def test_the_conclusion_agrees_with_autograd(site_html):
    outputs = cell_outputs(article(site_html, "conclusion"))
    count, error = printed(outputs, r"(\d+) gradients, largest relative error: (\S+)")
    steps = visible_assignment("conclusion", "steps")
    assert count == 2 * steps  # dL/dX and dL/dW at every step
    assert error < 1e-10


def test_the_conclusion_plots_L_falling_with_a_caption_and_a_description(site_html):
    page = article(site_html, "conclusion")
    (figure,) = [
        f for f in page.find_all("figure") if f.attrs.get("id") == "fig-conclusion-loss"
    ]
    caption = own_text(figure.find_all("figcaption")[0])
    assert caption.startswith("Not a figure of the book"), caption
    (svg,) = figure.find_all("svg")
    assert svg.attrs.get("role") == "img"
    (title,) = children(svg, "title")
    (description,) = children(svg, "desc")
    assert title.text().startswith("A plot of L against step"), title.text()
    # the figure rendering describes the plotted data itself (describe_plot)
    assert re.search(r"L starts at [\d.]+ .*falls to", description.text())


def test_the_conclusion_tables_what_the_chapter_built(site_html):
    page = article(site_html, "conclusion")
    first_table = page.find_all("table")[0]
    header = [own_text(th) for th in first_table.find_all("th")]
    assert header == ["Concept", "Math", "In the library"]
    rows = first_table.find_all("tbody")[0].find_all("tr")
    for row in rows:
        api = children(row, "td")[2]
        assert any(
            a.attrs.get("href", "").startswith("api/") for a in api.find_all("a")
        )
    assert len(rows) >= len(CHAPTER_PAGES)


def test_the_conclusion_cells_are_copied_and_glue_only_when_hidden():
    assert "conclusion" in pages_checks.pages_with_visible_cells()
    pages_checks.test_hidden_cells_only_glue_what_visible_cells_defined("conclusion")


# -- Beyond -------------------------------------------------------------------------


def beyond_section(site_html: Path, label: str) -> Element:
    found = [
        e for e in article(site_html, "beyond").walk() if e.attrs.get("id") == label
    ]
    assert found, f"Beyond has no section {label}"
    return found[0]


def test_beyond_adds_the_gradients_of_a_value_used_twice(site_html):
    outputs = cell_outputs(beyond_section(site_html, "beyond-used-twice"))
    (square_path,) = printed(outputs, r"through square: (-?\d+\.\d+)")
    (sigmoid_path,) = printed(outputs, r"through sigmoid: (-?\d+\.\d+)")
    (added,) = printed(outputs, r"the two added: (-?\d+\.\d+)")
    (nudged,) = printed(outputs, r"by nudging: (-?\d+\.\d+)")
    assert added == nudged
    assert abs(added - round(square_path + sigmoid_path, 4)) <= 1e-4
    assert nudged not in (square_path, sigmoid_path)


def test_beyond_shows_the_books_gradient_wrong_for_a_squared_error(site_html):
    section = beyond_section(site_html, "beyond-not-a-sum")
    outputs = cell_outputs(section)
    (books,) = printed(outputs, r"largest relative error, the book's: (\S+)")
    (right,) = printed(outputs, r"largest relative error, dLdN @ W.T: (\S+)")
    assert books > 0.1 and right < 1e-4, (books, right)
    text = " ".join(section.text().split())
    for shown in ("dSdN @ W.T, the book's:", "dLdN @ W.T:", "numerical_gradient:"):
        assert shown in text
    links = [a.attrs.get("href", "") for a in section.find_all("a")]
    assert any(link.startswith("errata.html") for link in links), links
