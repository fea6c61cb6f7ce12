"""The gallery: what each example draws, and the downloads a reader gets.

Each example's code runs twice per `make test`: once by sphinx-gallery, in the
site build, and once here, as a reader runs the script; its notebook is checked
to hold the same code after the install cell (tests/test_downloads.py runs that
cell in every page notebook). Here the script is fetched from the site
served on 127.0.0.1, by the link on its page, into an empty folder, and run there
with the Python of a reader's fresh environment, which installed chainrule from
the site's own package index (conftest.py: ``reader_env``); afterwards the same
process writes down what every figure holds (each line's points, each bar's
height, titles, labels, font sizes), and the tests check those numbers against
the library or, where the chapter prints them, against the book. The notebook the
site offers must hold the script's code, cell for cell.
"""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import book
import numpy as np
import pytest

from chainrule import (
    chain_deriv,
    chain_deriv_2,
    chain_deriv_3,
    chain_forward,
    chain_length_2,
    chain_length_3,
    composite_name,
    deriv,
    exact_derivative,
    leaky_relu,
    matrix_forward_extra,
    matrix_function_backward_1,
    matrix_function_backward_sum_1,
    matrix_function_backward_sum_2,
    matrix_function_forward_sum,
    numerical_gradient,
    relu,
    sigmoid,
    sigmoid_derivative,
    square,
)

pytestmark = pytest.mark.site

ROOT = Path(__file__).resolve().parents[1]
GALLERY = ROOT / "gallery"

#: Every example of the gallery, as sphinx-gallery finds them.
EXAMPLES = sorted(path.stem for path in GALLERY.glob("plot_*.py"))

#: The examples whose figures are checked here (plot_diagrams.py draws with
#: chainrule.diagrams, which tests/test_diagrams.py checks).
FIGURE_EXAMPLES = [
    "plot_fig_1_1_square_relu",
    "plot_fig_1_4_derivative_slope",
    "plot_fig_1_9_chain_rule",
    "plot_fig_1_11_longer_chain",
    "plot_fig_1_20_gradient_check",
    "plot_fig_1_24_L_vs_x11",
    "plot_choosing_delta",
    "plot_backward_pass_cost",
    "plot_chain_any_length",
]

#: Third-party packages a downloaded example may import; anything else would
#: fail for a reader who installed only chainrule.
ALLOWED_IMPORTS = {"chainrule", "matplotlib", "numpy"}
#: Standard-library modules an example may need besides (timing only).
EXTRA_IMPORTS = {"plot_backward_pass_cost": {"time"}}

#: The chapter's grid for Figures 1-9 and 1-11.
PLOT_RANGE = np.arange(-3, 3, 0.01)


#: Variables of an example's namespace that a test below needs.
NAMESPACE = {"plot_choosing_delta": ["x"]}

#: The numbers compared between the built page and the reader's run: three or more
#: decimals, or an exponent; measured times are masked first (they differ by nature).
NUMBER = re.compile(r"-?\d+\.\d{3,}(?:[eE][-+]?\d+)?|-?\d+\.\d+[eE][-+]?\d+")
DURATION = re.compile(
    r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?\s*"
    r"(?:ms|µs|μs|us|ns|s|sec|secs|seconds?|minutes?|min)\b"
)

# -- running an example as a reader does ----------------------------------------

#: Runs the script given as its first argument as `python script.py` would, with
#: every warning an error, then draws each figure (Matplotlib warns about layout
#: only when drawing) and writes what the figures hold as JSON to the second.
READER = r"""
import json, os, runpy, sys, warnings
script, out, names = sys.argv[1], sys.argv[2], sys.argv[3:]
sys.argv, sys.path[0] = [script], os.path.dirname(script)
warnings.simplefilter("error")
namespace = runpy.run_path(script, run_name="__main__")
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.text import Text

def floats(values):
    return np.asarray(values, dtype=float).tolist()

def axes(ax):
    return {
        "title": ax.get_title(), "xlabel": ax.get_xlabel(),
        "ylabel": ax.get_ylabel(), "xscale": ax.get_xscale(),
        "yscale": ax.get_yscale(), "xlim": floats(ax.get_xlim()),
        "legend": ax.get_legend() is not None,
        "lines": [
            {"label": line.get_label(), "x": floats(line.get_xdata()),
             "y": floats(line.get_ydata())}
            for line in ax.get_lines()
        ],
        "bars": [[bar.get_height() for bar in bars] for bars in ax.containers],
    }

figures = []
for number in plt.get_fignums():
    figure = plt.figure(number)
    figure.canvas.draw()
    figures.append({
        "layout": type(figure.get_layout_engine()).__name__,
        "suptitle": figure.get_suptitle(),
        "axes": [axes(ax) for ax in figure.axes],
        "texts": [
            [text.get_text(), text.get_fontsize()]
            for text in figure.findobj(Text)
            if text.get_visible() and text.get_text().strip()
        ],
    })
namespace = {name: floats(namespace[name]) for name in names}
with open(out, "w") as file:
    json.dump({"figures": figures, "namespace": namespace}, file)
"""


@dataclass
class Line:
    label: str
    x: np.ndarray
    y: np.ndarray

    def xy(self) -> np.ndarray:
        return np.column_stack([self.x, self.y])


@dataclass
class Axes:
    title: str
    xlabel: str
    ylabel: str
    xscale: str
    yscale: str
    xlim: list[float]
    legend: bool
    lines: list[Line]
    bars: list[list[float]]


@dataclass
class Figure:
    layout: str
    suptitle: str
    axes: list[Axes]
    texts: list[tuple[str, float]]


@dataclass
class ReaderRun:
    """One downloaded example, run as a reader runs it: what it printed and drew."""

    returncode: int
    stdout: str
    stderr: str
    left_behind: list[str]  # files the script wrote in the reader's folder
    figures: list[Figure]
    namespace: dict[str, np.ndarray]


def figure_from(data: dict) -> Figure:
    axes = []
    for ax in data["axes"]:
        lines = [
            Line(line["label"], np.array(line["x"]), np.array(line["y"]))
            for line in ax.pop("lines")
        ]
        axes.append(Axes(**ax, lines=lines))
    return Figure(data["layout"], data["suptitle"], axes, data["texts"])


def run_as_reader(reader, script: Path, out: Path) -> ReaderRun:
    """Run ``script``, alone in its folder, in the ``reader``'s environment; what
    it drew goes to ``out``."""
    names = NAMESPACE.get(script.stem, [])
    done = subprocess.run(
        [str(reader.python), "-c", READER, str(script), str(out), *names],
        cwd=script.parent,
        env=reader.environ,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    drawn = json.loads(out.read_text()) if done.returncode == 0 else {}
    return ReaderRun(
        done.returncode,
        done.stdout,
        done.stderr,
        sorted(path.name for path in script.parent.iterdir() if path != script),
        [figure_from(figure) for figure in drawn.get("figures", [])],
        {name: np.array(v) for name, v in drawn.get("namespace", {}).items()},
    )


@pytest.fixture(scope="module")
def reader_runs(reader_env, fetch_download, tmp_path_factory) -> dict[str, ReaderRun]:
    """Every example's script, fetched from its page on the served site into an
    empty folder and run there in a reader's environment (two at a time)."""
    out = tmp_path_factory.mktemp("drawn")

    def run(name: str) -> ReaderRun:
        folder = tmp_path_factory.mktemp(f"reader-{name}")
        script = fetch_download(f"auto_examples/{name}.html", f"{name}.py", folder)
        return run_as_reader(reader_env, script, out / f"{name}.json")

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        return dict(zip(EXAMPLES, pool.map(run, EXAMPLES), strict=True))


@pytest.fixture(scope="module")
def ran(reader_runs):
    """``ran(name)``: the reader's run of an example, which must have succeeded."""

    def get(name: str) -> ReaderRun:
        run = reader_runs[name]
        assert run.returncode == 0, f"{name} failed as a reader runs it:\n{run.stderr}"
        return run

    return get


def only_figure(run: ReaderRun) -> Figure:
    assert len(run.figures) == 1, f"{len(run.figures)} figures drawn, expected 1"
    return run.figures[0]


def labelled_lines(ax: Axes) -> dict[str, Line]:
    """The lines of ``ax`` that appear in its legend, by label."""
    return {line.label: line for line in ax.lines if not line.label.startswith("_")}


def line_starting(ax: Axes, prefix: str) -> Line:
    matches = [
        line for label, line in labelled_lines(ax).items() if label.startswith(prefix)
    ]
    assert len(matches) == 1, (
        f"expected one line labelled {prefix!r}...; got {list(labelled_lines(ax))}"
    )
    return matches[0]


def slope_and_value_at(line: Line, x0: float) -> tuple[float, float]:
    """Slope of a straight ``line``, and its height at ``x0``."""
    x, y = line.x, line.y
    slopes = np.diff(y) / np.diff(x)
    np.testing.assert_allclose(slopes, slopes[0], rtol=1e-6)  # a straight line
    return float(slopes[0]), float(y[0] + slopes[0] * (x0 - x[0]))


# -- every example: format, imports, readable figures -------------------------------


@pytest.mark.parametrize("name", FIGURE_EXAMPLES)
def test_example_is_a_gallery_script(name):
    source = (GALLERY / f"{name}.py").read_text(encoding="utf-8")
    tree = ast.parse(source)
    docstring = ast.get_docstring(tree, clean=False)
    assert docstring, "a reST module docstring gives the page its title"
    lines = docstring.strip("\n").splitlines()
    title, underline = lines[0], lines[1]
    assert title and set(underline) == {"="} and len(underline) == len(title)
    intro = " ".join(lines[2:]).strip()
    assert len(intro.split()) >= 20, "the title is followed by an intro paragraph"
    cells = source.count("\n# %%\n")
    assert cells >= 3, f"{name} has {cells} text cells; prose belongs between code"


@pytest.mark.parametrize("name", FIGURE_EXAMPLES)
def test_example_imports_only_what_a_reader_has(name):
    tree = ast.parse((GALLERY / f"{name}.py").read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            imported.add((node.module or "").split(".")[0])
    allowed = ALLOWED_IMPORTS | EXTRA_IMPORTS.get(name, set())
    assert imported <= allowed, f"{name} imports {sorted(imported - allowed)}"
    assert "chainrule" in imported


@pytest.mark.parametrize("name", FIGURE_EXAMPLES)
def test_example_figures_are_readable(ran, name):
    run = ran(name)
    assert run.figures, f"{name} draws no figure"
    assert run.stdout.strip(), f"{name} prints none of the numbers it shows"
    for figure in run.figures:
        assert figure.layout == "ConstrainedLayoutEngine"
        for ax in figure.axes:
            assert ax.title or figure.suptitle, f"{name}: an Axes without a title"
            assert ax.ylabel, f"{name}: an Axes without a y label"
            assert ax.legend, f"{name}: an Axes without a legend"
        assert any(ax.xlabel for ax in figure.axes)
        for text, size in figure.texts:
            assert size >= 10, f"{name}: {text!r} is set in {size} pt"


# -- Figure 1-1 ------------------------------------------------------------------


def test_fig_1_1_draws_square_relu_and_leaky_relu(ran):
    figure = only_figure(ran("plot_fig_1_1_square_relu"))
    ax_square, ax_relu = figure.axes
    squared = line_starting(ax_square, "square(x)")
    x = squared.x
    assert x.min() == pytest.approx(-3.0) and x.max() == pytest.approx(3.0)
    np.testing.assert_allclose(squared.y, square(x))

    relu_line = line_starting(ax_relu, "relu(x)")
    np.testing.assert_allclose(relu_line.y, relu(relu_line.x))
    leaky = line_starting(ax_relu, "leaky_relu(x)")
    np.testing.assert_allclose(leaky.y, leaky_relu(leaky.x))
    assert "chapter" in leaky.label, "say that the chapter's code uses it"
    assert relu_line.y.min() == 0  # ReLU never goes below zero
    assert leaky.y.min() < 0  # Leaky ReLU does


# -- Figure 1-4 ------------------------------------------------------------------


def test_fig_1_4_draws_the_exact_tangent_and_the_secant_of_deriv(ran):
    run = ran("plot_fig_1_4_derivative_slope")
    figure = only_figure(run)
    ax_full, ax_zoom = figure.axes
    ((a, f_a),) = line_starting(ax_full, "(a, sigmoid(a))").xy()
    assert f_a == pytest.approx(float(sigmoid(a)), abs=1e-15)

    exact = float(sigmoid_derivative(a))
    for ax in (ax_full, ax_zoom):
        slope, height = slope_and_value_at(line_starting(ax, "tangent"), a)
        assert slope == pytest.approx(exact, rel=1e-9)
        assert height == pytest.approx(f_a, abs=1e-12)

    points = line_starting(ax_zoom, "a - 0.001 and a + 0.001").xy()
    np.testing.assert_allclose(points[:, 0], [a - 0.001, a + 0.001])
    np.testing.assert_allclose(points[:, 1], sigmoid(points[:, 0]))
    secant = line_starting(ax_zoom, "secant")
    secant_slope, _ = slope_and_value_at(secant, a)
    # Tight enough to tell deriv's slope from the exact one (6e-9 apart at a = 1).
    assert secant_slope == pytest.approx(float(deriv(sigmoid, a)), rel=1e-9)
    assert secant_slope != pytest.approx(exact, rel=1e-9)
    for px, py in points:
        _, height = slope_and_value_at(secant, px)
        assert height == pytest.approx(py, abs=1e-13)
    # The gap between the two slopes is measured and printed, not asserted.
    gap = float(deriv(sigmoid, a)) - exact
    assert f"gap between the slopes: {gap:.1e}" in run.stdout
    # The close-up is narrow enough to show the two points apart.
    low, high = ax_zoom.xlim
    assert high - low < 0.02


# -- Figures 1-9 and 1-11 ----------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "chains", "forward", "derivative"),
    [
        (
            "plot_fig_1_9_chain_rule",
            [[square, sigmoid], [sigmoid, square]],
            chain_length_2,
            chain_deriv_2,
        ),
        (
            "plot_fig_1_11_longer_chain",
            [[leaky_relu, sigmoid, square], [leaky_relu, square, sigmoid]],
            chain_length_3,
            chain_deriv_3,
        ),
    ],
)
def test_chain_figures_draw_each_chain_and_its_derivative(
    ran, name, chains, forward, derivative
):
    figure = only_figure(ran(name))
    assert len(figure.axes) == 2
    for ax, chain in zip(figure.axes, chains, strict=True):
        label = composite_name(chain)
        function = labelled_lines(ax)[label]
        slope = labelled_lines(ax)[f"d/dx {label}"]
        np.testing.assert_allclose(function.x, PLOT_RANGE)
        np.testing.assert_allclose(slope.x, PLOT_RANGE)
        np.testing.assert_allclose(function.y, forward(chain, PLOT_RANGE))
        np.testing.assert_allclose(
            slope.y, derivative(chain, PLOT_RANGE), rtol=1e-12, atol=1e-15
        )
        assert ax.title


# -- Figure 1-20 -----------------------------------------------------------------


def test_fig_1_20_bars_are_gradient_predictions_and_observed_changes(ran):
    run = ran("plot_fig_1_20_gradient_check")
    (ax,) = only_figure(run).axes
    predicted, observed = (np.array(heights) for heights in ax.bars)

    X, W = book.vector_example()
    gradient = matrix_function_backward_1(X, W, sigmoid)[0]
    np.testing.assert_allclose(predicted, gradient * 0.01)
    before = matrix_forward_extra(X, W, sigmoid)[0, 0]
    for j in range(3):
        nudged = X.copy()
        nudged[0, j] += 0.01
        after = matrix_forward_extra(nudged, W, sigmoid)[0, 0]
        assert observed[j] == pytest.approx(after - before, abs=1e-15)

    # The chapter's printed numbers for x3.
    assert round(gradient[2], 4) == -0.1121
    assert round(predicted[2], 6) == -0.001121
    assert round(observed[2], 6) == -0.001126
    assert "-0.001121" in run.stdout and "-0.001126" in run.stdout


# -- Figure 1-24 -----------------------------------------------------------------


def test_fig_1_24_plots_L_and_the_tangent_of_the_backward_pass(ran):
    (ax,) = only_figure(ran("plot_fig_1_24_L_vs_x11")).axes

    X, W = book.matrix_example()
    x11 = X[0, 0]
    L = matrix_function_forward_sum(X, W, sigmoid)
    slope = matrix_function_backward_sum_1(X, W, sigmoid)[0, 0]

    curve = line_starting(ax, "L ")
    assert curve.x.min() == pytest.approx(x11 - 1)
    assert curve.x.max() == pytest.approx(x11 + 1)
    for value, drawn in zip(curve.x, curve.y, strict=True):
        varied = X.copy()
        varied[0, 0] = value
        assert drawn == pytest.approx(matrix_function_forward_sum(varied, W, sigmoid))

    tangent = line_starting(ax, "tangent")
    drawn_slope, height = slope_and_value_at(tangent, x11)
    assert drawn_slope == pytest.approx(slope, rel=1e-9)
    assert height == pytest.approx(L, rel=1e-12)
    assert f"{slope:.4f}" in tangent.label
    assert "0.2489" in tangent.label  # the book's number


# -- choosing delta --------------------------------------------------------------


def test_choosing_delta_measures_the_error_of_deriv(ran):
    run = ran("plot_choosing_delta")
    (ax,) = run.figures[0].axes
    assert ax.xscale == "log" and ax.yscale == "log"

    errors = line_starting(ax, "worst error")
    deltas, drawn = errors.x, errors.y
    assert deltas.max() == pytest.approx(1e-1) and deltas.min() == pytest.approx(1e-12)
    steps = np.diff(np.log10(deltas))
    np.testing.assert_allclose(steps, steps[0])  # log-spaced
    x = run.namespace["x"]
    exact = sigmoid_derivative(x)
    expected = [np.max(np.abs(deriv(sigmoid, x, d) - exact)) for d in deltas]
    np.testing.assert_allclose(drawn, expected)

    ((best_delta, best_error),) = line_starting(ax, "best delta").xy()
    assert best_delta == deltas[np.argmin(drawn)] and best_error == drawn.min()
    assert 1e-7 < best_delta < 1e-3

    books_delta = line_starting(ax, "the book's delta")
    assert set(books_delta.x) == {0.001}

    truncation = line_starting(ax, "truncation error")
    round_off = line_starting(ax, "round-off error")
    assert float(truncation.label.rsplit(" ", 1)[1]) == pytest.approx(2, abs=0.1)
    assert float(round_off.label.rsplit(" ", 1)[1]) == pytest.approx(-1, abs=0.2)


# -- the cost of a backward pass -------------------------------------------------


def test_backward_pass_cost_counts_evaluations_exactly(ran):
    figure = only_figure(ran("plot_backward_pass_cost"))
    ax_calls, ax_time = figure.axes
    nudging = line_starting(ax_calls, "numerical_gradient")
    backward = line_starting(ax_calls, "backward_sum_1 + backward_sum_2")
    sizes = nudging.x.astype(int)
    assert list(sizes) == list(backward.x)
    assert len(sizes) >= 4

    rng = np.random.default_rng(0)
    for n, nudge_calls, backward_calls in zip(
        sizes, nudging.y, backward.y, strict=True
    ):
        X, W = rng.standard_normal((n, n)), rng.standard_normal((n, n))
        calls = []

        def counted_L(X, W, calls=calls):
            calls.append(1)
            return matrix_function_forward_sum(X, W, sigmoid)

        numerical_gradient(counted_L, X, W)
        assert nudge_calls == len(calls)

        sigma_calls = []

        def counted_sigma(x, sigma_calls=sigma_calls):
            sigma_calls.append(1)
            return sigmoid(x)

        matrix_function_backward_sum_1(X, W, counted_sigma)
        matrix_function_backward_sum_2(X, W, counted_sigma)
        assert backward_calls == len(sigma_calls)

    for ax in (ax_calls, ax_time):
        assert ax.xscale == "log" and ax.yscale == "log"
        for line in labelled_lines(ax).values():
            drawn = float(line.label.rsplit(" ", 1)[1])
            fitted = np.polyfit(np.log(line.x), np.log(line.y), 1)
            assert drawn == pytest.approx(fitted[0], abs=0.006)
            assert np.all(line.y > 0)


# -- a chain of any length -------------------------------------------------------


def test_chain_any_length_matches_the_exact_derivative(ran):
    figure = only_figure(ran("plot_chain_any_length"))
    ax_chain, ax_deriv, ax_diff = figure.axes
    chain = [leaky_relu, sigmoid, square, sigmoid, leaky_relu]
    label = composite_name(chain)

    output = labelled_lines(ax_chain)[label]
    x = output.x
    values = chain_forward(chain, x)
    np.testing.assert_allclose(output.y, values[-1])

    exact = np.ones_like(x)
    for func, value_in in zip(chain, values[:-1], strict=True):
        exact *= exact_derivative(func)(value_in)
    numerical = labelled_lines(ax_deriv)[f"d/dx {label}"]
    np.testing.assert_allclose(numerical.y, chain_deriv(chain, x))
    np.testing.assert_allclose(line_starting(ax_deriv, "exact").y, exact)

    difference = line_starting(ax_diff, "chain_deriv - exact").y
    np.testing.assert_allclose(difference, chain_deriv(chain, x) - exact, atol=1e-15)
    assert np.max(np.abs(difference)) < 1e-6


# -- the downloads, as a reader gets them ----------------------------------------


def downloads(built_site, suffix: str) -> dict[str, Path]:
    found: dict[str, Path] = {}
    for path in sorted((built_site.html / "_downloads").rglob(f"plot_*{suffix}")):
        assert path.stem not in found, f"{path.name} is offered twice"
        found[path.stem] = path
    return found


def test_the_gallery_adds_no_warning(built_site):
    noisy = [
        line
        for line in built_site.warnings.splitlines()
        if "gallery" in line or "auto_examples" in line
    ]
    assert not noisy, "\n".join(noisy)


@pytest.mark.parametrize("suffix", [".py", ".ipynb"])
def test_every_example_is_offered_for_download(built_site, suffix):
    assert sorted(downloads(built_site, suffix)) == EXAMPLES


@pytest.mark.parametrize(
    ("archive", "suffix"),
    [("auto_examples_python.zip", ".py"), ("auto_examples_jupyter.zip", ".ipynb")],
)
def test_gallery_zip_holds_every_example(built_site, archive, suffix):
    (path,) = (built_site.html / "_downloads").rglob(archive)
    with zipfile.ZipFile(path) as zipped:
        names = {Path(name).name for name in zipped.namelist()}
    assert {f"{name}{suffix}" for name in EXAMPLES} <= names


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_page_links_downloads_and_shows_the_figure(built_site, name):
    page = built_site.html / "auto_examples" / f"{name}.html"
    html_text = page.read_text(encoding="utf-8")
    for suffix in (".py", ".ipynb"):
        assert re.search(
            rf'href="[^"]*_downloads/[^"]*/{name}{re.escape(suffix)}"', html_text
        )
    images = re.findall(rf'<img[^>]+src="([^"]*sphx_glr_{name}_\d+\.png)"', html_text)
    # or inline SVG that follows the theme (issue 13: docs/_ext/themed_figures.py)
    inline = html_text.count('<svg class="chainrule-figure"')
    assert images or inline, f"{name}.html shows no figure"
    for src in images:
        assert (page.parent / src).resolve().is_file()


@pytest.mark.parametrize("name", EXAMPLES)
def test_downloaded_script_is_the_example(built_site, name):
    offered = downloads(built_site, ".py")[name].read_bytes()
    assert offered == (GALLERY / f"{name}.py").read_bytes(), "a stale download"


@pytest.mark.parametrize("name", EXAMPLES)
def test_downloaded_script_runs_as_is(reader_runs, name):
    """Alone in a folder, with only what a reader installed: it prints what it
    shows, writes no file and warns about nothing (a warning is an error)."""
    run = reader_runs[name]
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip()
    assert run.stderr == ""
    assert run.left_behind == []


def printed_numbers(text: str) -> list[str]:
    return NUMBER.findall(DURATION.sub(" ", text))


@pytest.mark.parametrize("name", EXAMPLES)
def test_the_page_prints_what_a_reader_gets(built_site, reader_runs, name):
    """The build ran the example once and the reader's run once more: the numbers
    on the page are the numbers the reader sees (measured times aside)."""
    shown = book.gallery_output(built_site.html, name)
    assert printed_numbers(shown), f"{name}.html shows no printed number"
    assert printed_numbers(shown) == printed_numbers(reader_runs[name].stdout)


def code_blocks(script: str) -> list[str]:
    """The code of a sphinx-gallery script, block by block: what follows the
    docstring and each ``# %%`` text block (its comment lines), less the
    ``# sphinx_gallery_`` configuration comments the site leaves out."""
    docstring_end = ast.parse(script).body[0].end_lineno
    lines = script.splitlines()[docstring_end:]
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line.strip() == "# %%":
            blocks.append([])
        elif line.startswith("#") and not any(part.strip() for part in blocks[-1]):
            continue  # the text block: comments before the first line of code
        elif not line.lstrip().startswith("# sphinx_gallery_"):
            blocks[-1].append(line)
    code = ("\n".join(block).strip() for block in blocks)
    return [text for text in code if text]


@pytest.mark.parametrize("name", EXAMPLES)
def test_downloaded_notebook_holds_the_scripts_code(built_site, name):
    nbformat = pytest.importorskip("nbformat")
    notebook = nbformat.read(downloads(built_site, ".ipynb")[name], as_version=4)
    nbformat.validate(notebook)
    assert notebook.metadata.kernelspec.name == "python3"
    cells = [cell.source.strip() for cell in notebook.cells if cell.cell_type == "code"]
    script = (GALLERY / f"{name}.py").read_text(encoding="utf-8")
    # First the cell that installs chainrule (tests/test_downloads.py checks it).
    assert cells[0].splitlines()[-1].startswith("%pip install ")
    assert cells[1:] == code_blocks(script)
