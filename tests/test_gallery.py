"""The gallery: what each example draws, and the downloads a reader gets.

The first part runs every script of ``gallery/`` in this process and checks
the numbers behind its figure against the library (or, where the chapter
prints them, against the book). The second part (marked ``site``) takes the
``.py`` and ``.ipynb`` files the built site offers for download and runs them
as a reader would: in an empty folder, with only the installed library.
"""

from __future__ import annotations

import ast
import contextlib
import io
import os
import re
import runpy
import subprocess
import sys
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.text import Text

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

ROOT = Path(__file__).resolve().parents[1]
GALLERY = ROOT / "gallery"

#: Every example of the gallery, as sphinx-gallery finds them.
EXAMPLES = sorted(path.stem for path in GALLERY.glob("plot_*.py"))

#: The examples tested here in detail (plot_diagrams.py has its own tests).
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


# -- running an example in this process -------------------------------------------


@dataclass
class Ran:
    """One example, run in this process: its figures, namespace and output."""

    figures: list[Figure]
    namespace: dict[str, object]
    stdout: str


_RUNS: dict[str, Ran] = {}


def run_example(name: str) -> Ran:
    """Run ``gallery/<name>.py`` once per session; every warning is an error.

    Each figure is drawn inside the same guard, so a layout warning (which
    Matplotlib emits only when drawing) fails too. NumPy's global random state
    is restored afterwards, since the book's examples seed it.
    """
    if name not in _RUNS:
        plt.close("all")
        random_state = np.random.get_state()
        out = io.StringIO()
        try:
            with warnings.catch_warnings(), contextlib.redirect_stdout(out):
                warnings.simplefilter("error")
                namespace = runpy.run_path(
                    str(GALLERY / f"{name}.py"), run_name="__main__"
                )
                figures = [plt.figure(number) for number in plt.get_fignums()]
                for figure in figures:
                    figure.canvas.draw()
        finally:
            np.random.set_state(random_state)
        _RUNS[name] = Ran(figures, namespace, out.getvalue())
    return _RUNS[name]


def only_figure(name: str) -> Figure:
    figures = run_example(name).figures
    assert len(figures) == 1, f"{name} draws {len(figures)} figures, expected 1"
    return figures[0]


def labelled_lines(ax: Axes) -> dict[str, Line2D]:
    """The lines of ``ax`` that appear in its legend, by label."""
    return {
        line.get_label(): line
        for line in ax.get_lines()
        if not line.get_label().startswith("_")
    }


def line_starting(ax: Axes, prefix: str) -> Line2D:
    matches = [
        line for label, line in labelled_lines(ax).items() if label.startswith(prefix)
    ]
    assert len(matches) == 1, (
        f"expected one line labelled {prefix!r}...; got {list(labelled_lines(ax))}"
    )
    return matches[0]


def slope_and_value_at(line: Line2D, x0: float) -> tuple[float, float]:
    """Slope of a straight ``line``, and its height at ``x0``."""
    x, y = line.get_xdata(), line.get_ydata()
    slopes = np.diff(y) / np.diff(x)
    np.testing.assert_allclose(slopes, slopes[0], rtol=1e-6)  # a straight line
    return float(slopes[0]), float(y[0] + slopes[0] * (x0 - x[0]))


# -- every example: format, imports, readable figures -------------------------------


@pytest.mark.parametrize("name", FIGURE_EXAMPLES)
def test_example_exists(name):
    assert (GALLERY / f"{name}.py").is_file()


def test_placeholder_is_gone():
    assert not (GALLERY / "plot_smoke.py").exists()


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
def test_example_randomness_is_seeded(name):
    source = (GALLERY / f"{name}.py").read_text(encoding="utf-8")
    uses_random = re.search(r"np\.random\.(randn|rand|normal|standard_normal)", source)
    if uses_random:
        assert "np.random.seed(" in source
    if "default_rng(" in source:
        assert re.search(r"default_rng\(\d+\)", source), "default_rng needs a seed"


@pytest.mark.parametrize("name", FIGURE_EXAMPLES)
def test_example_figures_are_readable(name):
    ran = run_example(name)
    assert ran.figures, f"{name} draws no figure"
    assert ran.stdout.strip(), f"{name} prints none of the numbers it shows"
    for figure in ran.figures:
        assert figure.get_layout_engine().__class__.__name__ == (
            "ConstrainedLayoutEngine"
        )
        for ax in figure.axes:
            has_title = ax.get_title() or figure.get_suptitle()
            assert has_title, f"{name}: an Axes without a title"
            assert ax.get_ylabel(), f"{name}: an Axes without a y label"
            assert ax.get_legend() is not None, f"{name}: an Axes without a legend"
        assert any(ax.get_xlabel() for ax in figure.axes)
        for text in figure.findobj(Text):
            if text.get_visible() and text.get_text().strip():
                assert text.get_fontsize() >= 10, (
                    f"{name}: {text.get_text()!r} is set in {text.get_fontsize()} pt"
                )


# -- Figure 1-1 ------------------------------------------------------------------


def test_fig_1_1_draws_square_relu_and_leaky_relu():
    figure = only_figure("plot_fig_1_1_square_relu")
    ax_square, ax_relu = figure.axes
    squared = line_starting(ax_square, "square(x)")
    x = squared.get_xdata()
    assert x.min() == pytest.approx(-3.0) and x.max() == pytest.approx(3.0)
    np.testing.assert_allclose(squared.get_ydata(), square(x))

    relu_line = line_starting(ax_relu, "relu(x)")
    np.testing.assert_allclose(relu_line.get_ydata(), relu(relu_line.get_xdata()))
    leaky = line_starting(ax_relu, "leaky_relu(x)")
    np.testing.assert_allclose(leaky.get_ydata(), leaky_relu(leaky.get_xdata()))
    assert "chapter" in leaky.get_label(), "say that the chapter's code uses it"
    assert relu_line.get_ydata().min() == 0  # ReLU never goes below zero
    assert leaky.get_ydata().min() < 0  # Leaky ReLU does


# -- Figure 1-4 ------------------------------------------------------------------


def test_fig_1_4_draws_the_secant_and_the_tangent_of_deriv():
    figure = only_figure("plot_fig_1_4_derivative_slope")
    ax_full, ax_zoom = figure.axes
    ((a, f_a),) = line_starting(ax_full, "(a, sigmoid(a))").get_xydata()
    assert f_a == pytest.approx(float(sigmoid(a)), abs=1e-15)

    for ax in (ax_full, ax_zoom):
        slope, height = slope_and_value_at(line_starting(ax, "tangent"), a)
        # Tight enough to tell deriv's slope from the exact one (3e-8 apart).
        assert slope == pytest.approx(float(deriv(sigmoid, a)), rel=1e-9)
        assert height == pytest.approx(f_a, abs=1e-12)

    points = line_starting(ax_zoom, "a - 0.001 and a + 0.001").get_xydata()
    np.testing.assert_allclose(points[:, 0], [a - 0.001, a + 0.001])
    np.testing.assert_allclose(points[:, 1], sigmoid(points[:, 0]))
    secant = line_starting(ax_zoom, "secant")
    for px, py in points:
        _, height = slope_and_value_at(secant, px)
        assert height == pytest.approx(py, abs=1e-13)
    # The close-up is narrow enough to show the two points apart.
    low, high = ax_zoom.get_xlim()
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
    name, chains, forward, derivative
):
    figure = only_figure(name)
    assert len(figure.axes) == 2
    for ax, chain in zip(figure.axes, chains, strict=True):
        label = composite_name(chain)
        function = labelled_lines(ax)[label]
        slope = labelled_lines(ax)[f"d/dx {label}"]
        np.testing.assert_allclose(function.get_xdata(), PLOT_RANGE)
        np.testing.assert_allclose(slope.get_xdata(), PLOT_RANGE)
        np.testing.assert_allclose(function.get_ydata(), forward(chain, PLOT_RANGE))
        np.testing.assert_allclose(
            slope.get_ydata(), derivative(chain, PLOT_RANGE), rtol=1e-12, atol=1e-15
        )
        assert ax.get_title()


# -- Figure 1-20 -----------------------------------------------------------------


def book_1x3():
    np.random.seed(190203)
    X = np.random.randn(1, 3)
    W = np.random.randn(3, 1)
    return X, W


def test_fig_1_20_bars_are_gradient_predictions_and_observed_changes():
    figure = only_figure("plot_fig_1_20_gradient_check")
    (ax,) = figure.axes
    predicted_bars, observed_bars = ax.containers
    predicted = np.array([bar.get_height() for bar in predicted_bars])
    observed = np.array([bar.get_height() for bar in observed_bars])

    state = np.random.get_state()
    X, W = book_1x3()
    np.random.set_state(state)
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
    out = run_example("plot_fig_1_20_gradient_check").stdout
    assert "-0.001121" in out and "-0.001126" in out


# -- Figure 1-24 -----------------------------------------------------------------


def test_fig_1_24_plots_L_and_the_tangent_of_the_backward_pass():
    figure = only_figure("plot_fig_1_24_L_vs_x11")
    (ax,) = figure.axes

    state = np.random.get_state()
    np.random.seed(190204)
    X = np.random.randn(3, 3)
    W = np.random.randn(3, 2)
    np.random.set_state(state)
    x11 = X[0, 0]
    L = matrix_function_forward_sum(X, W, sigmoid)
    slope = matrix_function_backward_sum_1(X, W, sigmoid)[0, 0]

    curve = line_starting(ax, "L ")
    xs, ys = curve.get_xdata(), curve.get_ydata()
    assert xs.min() == pytest.approx(x11 - 1) and xs.max() == pytest.approx(x11 + 1)
    for value, drawn in zip(xs, ys, strict=True):
        varied = X.copy()
        varied[0, 0] = value
        assert drawn == pytest.approx(matrix_function_forward_sum(varied, W, sigmoid))

    tangent = line_starting(ax, "tangent")
    drawn_slope, height = slope_and_value_at(tangent, x11)
    assert drawn_slope == pytest.approx(slope, rel=1e-9)
    assert height == pytest.approx(L, rel=1e-12)
    assert f"{slope:.4f}" in tangent.get_label()
    assert "0.2489" in tangent.get_label()  # the book's number


# -- choosing delta --------------------------------------------------------------


def test_choosing_delta_measures_the_error_of_deriv():
    ran = run_example("plot_choosing_delta")
    (ax,) = ran.figures[0].axes
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"

    errors = line_starting(ax, "worst error")
    deltas, drawn = errors.get_xdata(), errors.get_ydata()
    assert deltas.max() == pytest.approx(1e-1) and deltas.min() == pytest.approx(1e-12)
    steps = np.diff(np.log10(deltas))
    np.testing.assert_allclose(steps, steps[0])  # log-spaced
    x = ran.namespace["x"]
    exact = sigmoid_derivative(x)
    expected = [np.max(np.abs(deriv(sigmoid, x, d) - exact)) for d in deltas]
    np.testing.assert_allclose(drawn, expected)

    ((best_delta, best_error),) = line_starting(ax, "best delta").get_xydata()
    assert best_delta == deltas[np.argmin(drawn)] and best_error == drawn.min()
    assert 1e-7 < best_delta < 1e-3

    book = line_starting(ax, "the book's delta")
    assert set(book.get_xdata()) == {0.001}

    truncation = line_starting(ax, "truncation error")
    round_off = line_starting(ax, "round-off error")
    assert float(truncation.get_label().rsplit(" ", 1)[1]) == pytest.approx(2, abs=0.1)
    assert float(round_off.get_label().rsplit(" ", 1)[1]) == pytest.approx(-1, abs=0.2)


# -- the cost of a backward pass -------------------------------------------------


def test_backward_pass_cost_counts_evaluations_exactly():
    figure = only_figure("plot_backward_pass_cost")
    ax_calls, ax_time = figure.axes
    nudging = line_starting(ax_calls, "numerical_gradient")
    backward = line_starting(ax_calls, "backward_sum_1 + backward_sum_2")
    sizes = nudging.get_xdata().astype(int)
    assert list(sizes) == list(backward.get_xdata())
    assert len(sizes) >= 4

    rng = np.random.default_rng(0)
    for n, nudge_calls, backward_calls in zip(
        sizes, nudging.get_ydata(), backward.get_ydata(), strict=True
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
        assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
        for line in labelled_lines(ax).values():
            drawn = float(line.get_label().rsplit(" ", 1)[1])
            fitted = np.polyfit(np.log(line.get_xdata()), np.log(line.get_ydata()), 1)
            assert drawn == pytest.approx(fitted[0], abs=0.006)
            assert np.all(line.get_ydata() > 0)


# -- a chain of any length -------------------------------------------------------


def test_chain_any_length_matches_the_exact_derivative():
    figure = only_figure("plot_chain_any_length")
    ax_chain, ax_deriv, ax_diff = figure.axes
    chain = [leaky_relu, sigmoid, square, sigmoid, leaky_relu]
    label = composite_name(chain)

    output = labelled_lines(ax_chain)[label]
    x = output.get_xdata()
    values = chain_forward(chain, x)
    np.testing.assert_allclose(output.get_ydata(), values[-1])

    exact = np.ones_like(x)
    for func, value_in in zip(chain, values[:-1], strict=True):
        exact *= exact_derivative(func)(value_in)
    numerical = labelled_lines(ax_deriv)[f"d/dx {label}"]
    np.testing.assert_allclose(numerical.get_ydata(), chain_deriv(chain, x))
    np.testing.assert_allclose(line_starting(ax_deriv, "exact").get_ydata(), exact)

    difference = line_starting(ax_diff, "chain_deriv - exact").get_ydata()
    np.testing.assert_allclose(difference, chain_deriv(chain, x) - exact, atol=1e-15)
    assert np.max(np.abs(difference)) < 1e-6


# -- the downloads, as a reader gets them (needs the built site) -----------------


def reader_env() -> dict[str, str]:
    """The environment of a reader: no repository on the path, no backend set."""
    return {
        key: value
        for key, value in os.environ.items()
        if key not in {"PYTHONPATH", "MPLBACKEND", "PYTHONSTARTUP"}
    }


def downloads(built_site, suffix: str) -> dict[str, Path]:
    found: dict[str, Path] = {}
    for path in sorted((built_site.html / "_downloads").rglob(f"plot_*{suffix}")):
        assert path.stem not in found, f"{path.name} is offered twice"
        found[path.stem] = path
    return found


@pytest.mark.site
def test_the_gallery_adds_no_warning(built_site):
    noisy = [
        line
        for line in built_site.warnings.splitlines()
        if "gallery" in line or "auto_examples" in line
    ]
    assert not noisy, "\n".join(noisy)


@pytest.mark.site
@pytest.mark.parametrize("suffix", [".py", ".ipynb"])
def test_every_example_is_offered_for_download(built_site, suffix):
    assert sorted(downloads(built_site, suffix)) == EXAMPLES


@pytest.mark.site
@pytest.mark.parametrize(
    ("archive", "suffix"),
    [("auto_examples_python.zip", ".py"), ("auto_examples_jupyter.zip", ".ipynb")],
)
def test_gallery_zip_holds_every_example(built_site, archive, suffix):
    (path,) = (built_site.html / "_downloads").rglob(archive)
    with zipfile.ZipFile(path) as zipped:
        names = {Path(name).name for name in zipped.namelist()}
    assert {f"{name}{suffix}" for name in EXAMPLES} <= names


@pytest.mark.site
@pytest.mark.parametrize("name", EXAMPLES)
def test_example_page_links_downloads_and_shows_the_figure(built_site, name):
    page = built_site.html / "auto_examples" / f"{name}.html"
    assert page.is_file()
    html = page.read_text(encoding="utf-8")
    for suffix in (".py", ".ipynb"):
        assert re.search(
            rf'href="[^"]*_downloads/[^"]*/{name}{re.escape(suffix)}"', html
        )
    images = re.findall(rf'<img[^>]+src="([^"]*sphx_glr_{name}_\d+\.png)"', html)
    assert images, f"{name}.html shows no figure"
    for src in images:
        assert (page.parent / src).resolve().is_file()


@pytest.mark.site
@pytest.mark.parametrize("name", EXAMPLES)
def test_downloaded_script_runs_as_is(built_site, name, tmp_path):
    script = downloads(built_site, ".py")[name]
    env = reader_env() | {"MPLBACKEND": "Agg"}
    done = subprocess.run(
        [sys.executable, str(script)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    if name in FIGURE_EXAMPLES:  # these print, save nothing and warn about nothing
        assert done.stdout.strip()
        assert done.stderr == ""
        assert list(tmp_path.iterdir()) == []


@pytest.mark.site
@pytest.mark.parametrize("name", EXAMPLES)
def test_downloaded_notebook_runs_as_is(built_site, name, tmp_path):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    notebook = nbformat.read(downloads(built_site, ".ipynb")[name], as_version=4)
    client = nbclient.NotebookClient(
        notebook,
        kernel_name="python3",
        timeout=300,
        resources={"metadata": {"path": str(tmp_path)}},
    )
    client.execute(env=reader_env(), cwd=str(tmp_path))

    code_cells = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code_cells
    assert all(cell.execution_count for cell in code_cells)
    outputs = [output for cell in code_cells for output in cell.outputs]
    assert not [output for output in outputs if output.output_type == "error"]
    images = [
        output
        for output in outputs
        if output.output_type in {"display_data", "execute_result"}
        and "image/png" in output.get("data", {})
    ]
    assert images, f"{name}.ipynb produced no image"
