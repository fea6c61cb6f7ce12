"""The site: how long `make html` takes, and how heavy its pages are.

The builds run on a copy of the sources in a temporary folder, with this venv, so
that they neither disturb ``docs/_build`` nor race with an edit of the real tree.
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("docs", "gallery", "src", "tests")
IGNORED = shutil.ignore_patterns("__pycache__", "_build", ".*_cache", ".ipynb_*")
GENERATED = ("_build", "auto_examples", "gen_modules", "jupyter_execute")
DOCUMENTS = re.compile(r"updating environment: .*?(\d+) added, (\d+) changed")
SUMMARY = re.compile(r"=+ .*\d+ (passed|failed)")  # pytest's last line
FIGURES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp")


def make(target: str) -> list[str]:
    """`make <target>` with this venv, its install marked done: never reinstall."""
    venv = Path(sys.prefix)
    old = [f"--assume-old={venv}/.installed-{x}" for x in ("docs", "docs-test")]
    return ["make", "--no-print-directory", *old, target, f"VENV={venv}"]


def timed(target: str, cwd: Path, log: Callable[[str], None]) -> dict[str, Any]:
    """Wall time, and the CPU time of all it started (steadier on a busy machine)."""
    before, start = os.times(), time.perf_counter()
    done = subprocess.run(make(target), cwd=cwd, capture_output=True, text=True)
    seconds, after = time.perf_counter() - start, os.times()
    cpu = after.children_user + after.children_system
    cpu -= before.children_user + before.children_system
    output = done.stdout + done.stderr
    if done.returncode != 0:  # the whole output kept: a kernel's error comes early
        saved = ROOT / "test-output" / f"bench-make-{target}-failed.log"
        saved.parent.mkdir(parents=True, exist_ok=True)
        saved.write_text(output, encoding="utf-8")
        log(f"make {target} failed (all of its output: {saved}):\n{output[-3000:]}")
    read = DOCUMENTS.search(output)
    return {
        "seconds": round(seconds, 3),
        "cpu_s": round(cpu, 2),
        "ok": done.returncode == 0,
        "sphinx_ran": "Running Sphinx" in output,
        "documents_read": int(read[1]) + int(read[2]) if read else 0,
        "output": output,
    }


def snapshot(workdir: Path) -> None:
    for name in SOURCES:
        shutil.copytree(ROOT / name, workdir / name, ignore=IGNORED, symlinks=True)
    for path in ROOT.iterdir():
        if path.is_file() and not path.name.startswith("."):
            shutil.copy2(path, workdir / path.name)
    for name in GENERATED:
        shutil.rmtree(workdir / "docs" / name, ignore_errors=True)


def build_times(
    workdir: Path, repeats: int, touch: str, log: Callable[[str], None]
) -> dict[str, Any]:
    """Clean builds, rebuilds with nothing changed, rebuilds after a touch."""
    snapshot(workdir)
    page = workdir / "docs" / touch
    if not page.is_file():
        raise FileNotFoundError(f"--touch: no page docs/{touch}")
    prepare = {
        "clean": lambda: timed("clean", workdir, log),
        "no_change": lambda: None,
        # a second later: some file systems keep times to the second
        "touch": lambda: (time.sleep(1.1), page.touch()),
    }
    results: dict[str, Any] = {"command": "make html", "touched_page": touch}
    for kind, before in prepare.items():
        runs = []
        for index in range(repeats):
            before()
            runs.append(timed("html", workdir, log))
            del runs[-1]["output"]
            log(f"site: {kind} build {index + 1}/{repeats}: {runs[-1]}")
        results[kind] = {
            "median_s": statistics.median(run["seconds"] for run in runs),
            "median_cpu_s": statistics.median(run["cpu_s"] for run in runs),
            "runs": runs,
        }
    results["ok"] = all(run["ok"] for kind in prepare for run in results[kind]["runs"])
    return results


def page_weight(site: Path) -> dict[str, Any]:
    """Bytes of the published site (no dot files, Sphinx's). A page weighs its HTML
    alone: the theme's shared assets in ``_static/`` load once."""
    sizes = {
        path.relative_to(site).as_posix(): path.stat().st_size
        for path in site.rglob("*")
        if path.is_file() and "/." not in "/" + path.relative_to(site).as_posix()
    }

    def ranked(suffixes: tuple[str, ...]) -> list[dict[str, Any]]:
        found = [
            {"path": path, "bytes": size}
            for path, size in sizes.items()
            if path.lower().endswith(suffixes) and not path.startswith("_static/")
        ]
        return sorted(found, key=lambda item: (-item["bytes"], item["path"]))

    pages, figures = ranked((".html",)), ranked(FIGURES)
    assets = sum(size for path, size in sizes.items() if path.startswith("_static/"))
    return {
        "site_bytes": sum(sizes.values()),
        "shared_assets_bytes": assets,
        "pages": len(pages),
        "pages_bytes": sum(page["bytes"] for page in pages),
        "figures": len(figures),
        "figures_bytes": sum(figure["bytes"] for figure in figures),
        "largest_page": pages[0] if pages else None,
        "largest_figure": figures[0] if figures else None,
        "largest_png": next((f for f in figures if f["path"].endswith(".png")), None),
        "largest_pages": pages[:5],
    }


def suite_time(log: Callable[[str], None]) -> dict[str, Any]:
    """`make test` in the real tree after `make html` (the README's order), so that
    the time is the suite's own."""
    log("suite: make html first (not timed) ...")
    timed("html", ROOT, log)
    log("suite: make test ...")
    run = timed("test", ROOT, log)
    lines = run.pop("output").splitlines()
    start = next((i for i, line in enumerate(lines) if "slowest" in line), len(lines))
    summary = [line.strip("= ") for line in lines if SUMMARY.search(line)]
    durations = [line.strip() for line in lines[start + 1 : start + 16] if line.strip()]
    log(f"suite: make test: {run['seconds']:.1f} s, {summary[-1:] or 'no summary'}")
    return run | {
        "command": "make test",
        "summary": summary[-1] if summary else "",
        "durations": durations,
    }
