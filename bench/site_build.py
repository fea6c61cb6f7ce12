"""The site: how long `make html` takes, and how heavy its pages are.

The builds run on a copy of the sources (``docs/``, ``gallery/``, ``src/``,
``tests/`` and the top-level files) in a temporary folder, with this
environment's venv, so they neither disturb ``docs/_build`` nor race with an edit
of the real tree. A clean build there is ``make clean`` then ``make html``.
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
#: What a build leaves beside the sources (make clean removes these too).
GENERATED = ("_build", "auto_examples", "gen_modules", "jupyter_execute")
DOCUMENTS = re.compile(r"updating environment: .*?(\d+) added, (\d+) changed")
FIGURES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp")


def make(target: str, workdir: Path, **variables: str) -> list[str]:
    """`make <target>` in ``workdir`` with this venv, its install marked as done
    (``-o``): the benchmark must never reinstall into the environment it runs in."""
    venv = Path(sys.prefix)
    command = ["make", "--no-print-directory", "-o", str(venv / ".installed-docs")]
    command += ["-o", str(venv / ".installed-docs-test"), target, f"VENV={venv}"]
    return command + [f"{name}={value}" for name, value in variables.items()]


def timed(command: list[str], cwd: Path) -> dict[str, Any]:
    """Run ``command``; its wall time, the CPU time of everything it started
    (hardly changed by other jobs on the machine, unlike wall time), its output."""
    before = os.times()
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    after = os.times()
    cpu = (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )
    output = done.stdout + done.stderr
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


def touch_later(path: Path) -> None:
    time.sleep(1.1)
    path.touch()


def build_times(
    workdir: Path, repeats: int, touch: str, log: Callable[[str], None]
) -> dict[str, Any]:
    """Clean builds, rebuilds with nothing changed, rebuilds after a touch."""
    snapshot(workdir)
    page = workdir / "docs" / touch
    if not page.is_file():
        raise FileNotFoundError(f"--touch: no page docs/{touch}")
    kinds = {
        "clean": ("clean build", lambda: timed(make("clean", workdir), workdir)),
        "no_change": ("rebuild with nothing changed", lambda: None),
        # a second later: make compares times to the second on some file systems
        "touch": (f"rebuild after touching docs/{touch}", lambda: touch_later(page)),
    }
    results: dict[str, Any] = {"command": "make html", "touched_page": touch}
    for kind, (label, prepare) in kinds.items():
        runs = []
        for index in range(repeats):
            prepare()
            run = timed(make("html", workdir), workdir)
            output = run.pop("output")
            log(
                f"site: {label} {index + 1}/{repeats}: {run['seconds']:.2f} s "
                f"({run['cpu_s']:.1f} CPU s, {run['documents_read']} documents read)"
            )
            if not run["ok"]:
                log("site: the build failed:\n" + output[-3000:])
            runs.append(run)
        results[kind] = {
            "median_s": statistics.median(run["seconds"] for run in runs),
            "median_cpu_s": statistics.median(run["cpu_s"] for run in runs),
            "runs": runs,
        }
    results["ok"] = all(run["ok"] for kind in kinds for run in results[kind]["runs"])
    return results


def page_weight(site: Path) -> dict[str, Any]:
    """Sizes in bytes of the published site: Sphinx's bookkeeping (``.doctrees``,
    dot files) left out. A page's weight is its HTML alone; the theme's shared
    assets in ``_static/`` are downloaded once and counted in the whole site."""
    files = [
        path
        for path in site.rglob("*")
        if path.is_file()
        and not any(part.startswith(".") for part in path.relative_to(site).parts)
    ]

    def ranked(keep: Callable[[Path], bool]) -> list[dict[str, Any]]:
        sizes = [
            {"path": path.relative_to(site).as_posix(), "bytes": path.stat().st_size}
            for path in files
            if keep(path) and path.relative_to(site).parts[0] != "_static"
        ]
        return sorted(sizes, key=lambda item: (-item["bytes"], item["path"]))

    pages = ranked(lambda path: path.suffix == ".html")
    figures = ranked(lambda path: path.suffix.lower() in FIGURES)
    pngs = [figure for figure in figures if figure["path"].endswith(".png")]
    return {
        "site_bytes": sum(path.stat().st_size for path in files),
        "shared_assets_bytes": sum(
            path.stat().st_size
            for path in files
            if path.relative_to(site).parts[0] == "_static"
        ),
        "pages": len(pages),
        "pages_bytes": sum(page["bytes"] for page in pages),
        "figures": len(figures),
        "figures_bytes": sum(figure["bytes"] for figure in figures),
        "largest_page": pages[0] if pages else None,
        "largest_figure": figures[0] if figures else None,
        "largest_png": pngs[0] if pngs else None,
        "largest_pages": pages[:5],
    }


def suite_time(log: Callable[[str], None]) -> dict[str, Any]:
    """`make test` in the real tree, after `make html` (the README's order): the
    site is then up to date, and the time is the suite's own."""
    log("suite: make html first (not timed) ...")
    html = timed(make("html", ROOT), ROOT)
    if not html["ok"]:
        log("suite: make html failed:\n" + html["output"][-3000:])
    log("suite: make test ...")
    run = timed(make("test", ROOT), ROOT)
    output = run.pop("output")
    lines = output.splitlines()
    start = next((i for i, line in enumerate(lines) if "slowest" in line), None)
    durations = [] if start is None else lines[start + 1 : start + 16]
    summary = [line for line in lines if re.search(r"=+ .*\d+ (passed|failed)", line)]
    log(f"suite: make test: {run['seconds']:.1f} s, {summary[-1:] or 'no summary'}")
    if not run["ok"]:
        log("suite: make test failed:\n" + output[-3000:])
    return {
        **run,
        "command": "make test",
        "summary": summary[-1].strip("= ") if summary else "",
        "durations": [line.strip() for line in durations if line.strip()],
    }
