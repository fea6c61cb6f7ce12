"""Order the gallery as the chapter runs: the book's figures first, then ours.

sphinx-gallery sorts examples with ``within_subsection_order``; it needs a class it
can import by name (a callable defined in conf.py cannot be pickled for -j builds).
"""

from __future__ import annotations

from pathlib import Path

CHAPTER_ORDER = (
    "plot_fig_1_1_square_relu",
    "plot_fig_1_4_derivative_slope",
    "plot_fig_1_9_chain_rule",
    "plot_fig_1_11_longer_chain",
    "plot_fig_1_20_gradient_check",
    "plot_fig_1_24_L_vs_x11",
    "plot_diagrams",
    "plot_chain_any_length",
    "plot_choosing_delta",
    "plot_backward_pass_cost",
)


class ChapterOrder:
    """Sort key: a script's place in CHAPTER_ORDER; unlisted scripts last, by name."""

    def __init__(self, src_dir: str) -> None:
        self.src_dir = src_dir

    def __call__(self, filename: str) -> tuple[int, str]:
        stem = Path(filename).stem
        if stem in CHAPTER_ORDER:
            return CHAPTER_ORDER.index(stem), stem
        return len(CHAPTER_ORDER), stem

    def __repr__(self) -> str:  # sphinx-gallery compares configs by repr
        return f"<{type(self).__name__}>"
