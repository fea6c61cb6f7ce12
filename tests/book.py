"""What the tests share: the chapter's seeded examples, one relative-error measure,
and the example budget of the property tests.

Import it as ``import book`` (pytest puts tests/ on ``sys.path``, see
``pythonpath`` in pyproject.toml). The arrays are drawn from a private
``RandomState`` with the book's seeds, which gives the same numbers as the book's
``np.random.seed(...)`` followed by ``np.random.randn(...)`` without touching
NumPy's global generator, and they are read-only, so no test can change them for
another.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import numpy as np
from hypothesis import settings

#: The site's pages of the chapter, in its order (docs/index.md's toctree).
CHAPTER_PAGES = [
    "functions",
    "derivatives",
    "nested_functions",
    "chain_rule",
    "longer_chain",
    "multiple_inputs",
    "vector_inputs",
    "vector_functions",
    "matrix_graph",
]
#: The pages that teach with the three views and the notation: the chapter's, and
#: the page that goes beyond it.
TEACHING_PAGES = [*CHAPTER_PAGES, "beyond"]


def gallery_output(site_html: Path, name: str) -> str:
    """What a gallery example's page shows as its printed output (plain text)."""
    page = (site_html / "auto_examples" / f"{name}.html").read_text("utf-8")
    blocks = re.findall(
        r'<div class="sphx-glr-script-out[^"]*"><div class="highlight"><pre>(.*?)</pre>',
        page,
        re.S,
    )
    return html.unescape(re.sub(r"<[^>]+>", "", "".join(blocks)))


#: The seed of the vector example (one observation X of 1 x 3, weights W of 3 x 1).
VECTOR_SEED = 190203
#: The seed of the matrix example (X of 3 x 3, W of 3 x 2).
MATRIX_SEED = 190204


def _draw(seed: int, x_shape: tuple[int, int], w_shape: tuple[int, int]):
    state = np.random.RandomState(seed)
    X = state.randn(*x_shape)
    W = state.randn(*w_shape)
    X.flags.writeable = False
    W.flags.writeable = False
    return X, W


def vector_example() -> tuple[np.ndarray, np.ndarray]:
    """The chapter's ``X`` (1 x 3) and ``W`` (3 x 1): Figures 1-18 to 1-20."""
    return _draw(VECTOR_SEED, (1, 3), (3, 1))


def matrix_example() -> tuple[np.ndarray, np.ndarray]:
    """The chapter's ``X`` (3 x 3) and ``W`` (3 x 2): Figures 1-21 to 1-24."""
    return _draw(MATRIX_SEED, (3, 3), (3, 2))


def relative_error(analytic, numeric) -> float:
    """The largest difference, relative to the larger of 1 and the reference's
    largest entry.

    Central differences err by about delta**2 in absolute terms, so an entry that
    is zero by cancellation cannot be matched to 1e-6 of itself; measuring against
    the whole gradient's scale avoids that.
    """
    analytic = np.asarray(analytic, dtype=np.float64)
    numeric = np.asarray(numeric, dtype=np.float64)
    if analytic.shape != numeric.shape:
        raise ValueError(f"shapes differ: {analytic.shape} and {numeric.shape}")
    if numeric.size == 0:
        return 0.0
    scale = max(float(np.abs(numeric).max()), 1.0)
    return float(np.abs(analytic - numeric).max()) / scale


def examples(n: int) -> int:
    """``max_examples`` for a property test that `make test` runs ``n`` times.

    It scales with the Hypothesis profile in force, so that the budget a test
    asks for in the project's ``chainrule`` profile (`make test`, Hypothesis's
    100 examples) grows in proportion under ``fuzz`` (`make fuzz`). Test
    modules are imported after pytest has loaded the profile, so
    ``settings.default`` is that profile here.
    """
    base = settings.get_profile("chainrule").max_examples
    return max(1, n * settings.default.max_examples // base)
