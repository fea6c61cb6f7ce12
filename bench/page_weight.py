"""How heavy the built site is: each HTML page, each figure, the whole site.

A page's weight here is its HTML file alone; the theme's shared assets under
``_static/`` are downloaded once and cached, so they are counted only in the
whole site's size. Sphinx's own bookkeeping (``.doctrees``, ``.buildinfo``) is
not part of the published site and is left out.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

#: Not published: Sphinx's pickled doctrees and build stamp.
NOT_PUBLISHED = (".doctrees", ".buildinfo")
#: Shared theme and extension assets (CSS, JavaScript, fonts, MathJax).
SHARED_ASSETS = "_static"
FIGURE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp")


def _published_files(site: Path) -> list[Path]:
    files = []
    for path in site.rglob("*"):
        parts = path.relative_to(site).parts
        if path.is_file() and not any(part in NOT_PUBLISHED for part in parts):
            files.append(path)
    return files


def page_weight(site: Path, largest: int = 5) -> dict[str, Any]:
    """Sizes in bytes: every page and figure, the totals, and the largest ones."""
    files = _published_files(site)

    def rel(path: Path) -> str:
        return path.relative_to(site).as_posix()

    def outside_assets(path: Path) -> bool:
        return path.relative_to(site).parts[0] != SHARED_ASSETS

    pages = {
        rel(p): p.stat().st_size
        for p in files
        if p.suffix == ".html" and outside_assets(p)
    }
    figures = {
        rel(p): p.stat().st_size
        for p in files
        if p.suffix.lower() in FIGURE_SUFFIXES and outside_assets(p)
    }
    assets = sum(p.stat().st_size for p in files if not outside_assets(p))
    total = sum(p.stat().st_size for p in files)

    def ranked(sizes: dict[str, int]) -> list[dict[str, Any]]:
        order = sorted(sizes.items(), key=lambda item: (-item[1], item[0]))
        return [{"path": path, "bytes": size} for path, size in order]

    page_list, figure_list = ranked(pages), ranked(figures)
    return {
        "site_bytes": total,
        "shared_assets_bytes": assets,
        "files": len(files),
        "pages": len(page_list),
        "pages_bytes": sum(pages.values()),
        "figures": len(figure_list),
        "figures_bytes": sum(figures.values()),
        "largest_page": page_list[0] if page_list else None,
        "largest_figure": figure_list[0] if figure_list else None,
        "largest_pages": page_list[:largest],
        "largest_figures": figure_list[:largest],
        "all_pages": page_list,
        "all_figures": figure_list,
    }
