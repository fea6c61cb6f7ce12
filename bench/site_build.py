"""Wall time of building the site: clean, with nothing changed, after touching a page.

The build runs on a snapshot of the sources (``docs/``, ``gallery/``, ``src/``,
``tests/``, which pages include, and the top-level files) copied into a temporary
folder, so it has its own
jupyter-cache, ``auto_examples/``, ``gen_modules/`` and output folder. A clean
build there is exactly a clean ``make html`` (the same ``sphinx-build`` command
and options), and it neither disturbs ``docs/_build`` nor races with somebody
editing or building the real tree meanwhile.
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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quiet import foreign_cpu, wait_for_no_other_sphinx

Log = Callable[[str], None]

ROOT = Path(__file__).resolve().parent.parent

#: The options `make html` passes (the Makefile's SPHINXOPTS).
SPHINX_OPTIONS = ("-W", "--keep-going", "-n", "-j", "auto")

#: A build during which other processes used more than this share of the CPUs
#: is repeated (up to ``repeats`` extra builds of each kind).
BUSY_SHARE = 0.25

#: What a clean build removes first (relative to docs/): where docs/conf.py puts
#: the myst-nb cache (_build/.jupyter_cache) and what sphinx-gallery and myst-nb
#: generate beside the sources.
GENERATED = (
    "_build",
    "auto_examples",
    "gen_modules",
    "jupyter_execute",
    "sg_execution_times.rst",
    ".jupyter_cache",
)

#: Top-level folders the docs build reads (pages include code from src/ and tests/).
SOURCE_DIRS = ("docs", "gallery", "src", "tests")
_IGNORED = ("__pycache__", ".ipynb_checkpoints", ".pytest_cache", ".mypy_cache")

#: Lines of Sphinx's output that start a phase of the build, in order.
PHASES = (
    ("gallery", re.compile(r"^generating gallery")),
    ("read", re.compile(r"^(updating environment|reading sources)")),
    ("resolve", re.compile(r"^(looking for now-outdated|pickling environment)")),
    ("write", re.compile(r"^(copying assets|writing output\.\.\. \[)")),
    ("finish", re.compile(r"^(generating indices|highlighting module|dumping)")),
)
_ENV_UPDATE = re.compile(
    r"updating environment: .*?(\d+) added, (\d+) changed, (\d+) removed"
)
_WARNING = re.compile(
    r"\b(WARNING|ERROR|CRITICAL): |^(Extension error|Exception occurred)"
)
_EXECUTED = re.compile(r"^(\S+?): Executed notebook in ([\d.]+) seconds")
_READING = re.compile(r"^reading sources\.\.\. \[\s*\d+%\] (.+)$")


def sphinx_build_command() -> list[str]:
    script = Path(sys.executable).with_name("sphinx-build")
    return [str(script)] if script.exists() else [sys.executable, "-m", "sphinx"]


def make_html_command(out: Path, extra: tuple[str, ...] = ()) -> list[str] | None:
    """`make html` in the snapshot, building into ``out`` with this environment.

    The Makefile's install step is marked as done (``-o``): the benchmark measures
    the build, and must never reinstall into the environment it runs in. None when
    make, or a Makefile-made environment with sphinx-build, is not there.
    """
    venv = Path(sys.prefix)
    if shutil.which("make") is None or not (venv / "bin" / "sphinx-build").exists():
        return None
    options = " ".join([*SPHINX_OPTIONS, *extra])
    return [
        "make",
        "--no-print-directory",
        "-o",
        str(venv / ".installed-docs"),
        "html",
        f"VENV={venv}",
        f"HTML_DIR={out}",
        f"SPHINXOPTS={options}",
    ]


@dataclass
class BuildRun:
    """One sphinx-build run: its wall time and what it printed."""

    kind: str
    seconds: float
    returncode: int
    phases: dict[str, float] = field(default_factory=dict)
    reread: list[str] = field(default_factory=list)
    changed: tuple[int, int, int] | None = None
    foreign_cpu_share: float | None = None
    cpu_seconds: float | None = None
    tail: str = ""
    warnings: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list, repr=False)
    complete: bool = False

    def as_json(self) -> dict[str, Any]:
        return {
            "seconds": round(self.seconds, 3),
            "ok": self.returncode == 0,
            "complete": self.complete,
            "phases_s": {k: round(v, 3) for k, v in self.phases.items()},
            "documents_read": sum(self.changed[:2]) if self.changed else 0,
            "foreign_cpu_share": self.foreign_cpu_share,
            "cpu_s": None if self.cpu_seconds is None else round(self.cpu_seconds, 2),
            "warnings": len(self.warnings),
        }


class SiteWorkspace:
    """A snapshot of the sources in ``workdir``, built into ``workdir/html``."""

    def __init__(self, workdir: Path, log: Log) -> None:
        self.workdir = workdir
        self.docs = workdir / "docs"
        self.out = workdir / "html"
        self.log = log
        self.runs: list[BuildRun] = []

    def snapshot(self) -> None:
        """Copy the sources, leaving every generated folder behind."""
        ignore_generated = shutil.ignore_patterns(*_IGNORED)
        for name in SOURCE_DIRS:
            source = ROOT / name
            if source.is_dir():
                shutil.copytree(
                    source,
                    self.workdir / name,
                    ignore=ignore_generated,
                    symlinks=True,
                )
        for path in ROOT.iterdir():
            if path.is_file() and not path.name.startswith("."):
                shutil.copy2(path, self.workdir / path.name)
        self.clean()

    def clean(self) -> None:
        """Remove the output folder and everything the build generates."""
        for name in GENERATED:
            target = self.docs / name
            if target.is_dir():
                shutil.rmtree(target)
            elif target.exists():
                target.unlink()
        shutil.rmtree(self.out, ignore_errors=True)

    def build(
        self, kind: str, extra: tuple[str, ...] = (), via_make: bool = True
    ) -> BuildRun:
        """Build as `make html` does (or with sphinx-build itself: ``via_make=False``)."""
        wait_for_no_other_sphinx(self.log)
        command = make_html_command(self.out, extra) if via_make else None
        if command is None:
            command = [
                *sphinx_build_command(),
                *SPHINX_OPTIONS,
                *extra,
                "-b",
                "html",
                str(self.docs),
                str(self.out),
            ]
        env = dict(os.environ, PYTHONUNBUFFERED="1")
        marks: dict[str, float] = {}
        reread: list[str] = []
        changed = None
        lines: list[str] = []
        stamped: list[str] = []  # the same lines, with the time they arrived
        children_before = _children_cpu_seconds()
        with foreign_cpu() as share:
            start = time.perf_counter()
            process = subprocess.Popen(
                command,
                cwd=self.workdir,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                bufsize=1,
            )
            assert process.stdout is not None
            for line in process.stdout:
                now = time.perf_counter() - start
                lines.append(line.rstrip())
                stamped.append(f"[{now:7.2f}] {line.rstrip()}")
                text = line.strip()
                for phase, pattern in PHASES:
                    if phase not in marks and pattern.search(text):
                        marks[phase] = now
                if match := _ENV_UPDATE.search(text):
                    changed = (int(match[1]), int(match[2]), int(match[3]))
                if match := _READING.search(text):
                    reread.append(match[1])
            returncode = process.wait()
            seconds = time.perf_counter() - start
        run = BuildRun(
            kind=kind,
            seconds=seconds,
            returncode=returncode,
            phases=_phase_durations(marks, seconds),
            reread=reread,
            changed=changed,
            foreign_cpu_share=share.foreign_share,
            cpu_seconds=_children_cpu_seconds() - children_before,
            tail="\n".join(lines[-25:]),
            warnings=[line for line in lines if _WARNING.search(line)],
            lines=lines,
            complete=(self.out / "index.html").is_file(),
        )
        self.runs.append(run)
        logs = self.workdir / "logs"
        logs.mkdir(exist_ok=True)
        log_file = logs / f"{len(self.runs):02d}-{kind}.log"
        log_file.write_text("\n".join(stamped) + "\n", encoding="utf-8")
        return run

    def notebook_seconds(self, run: BuildRun) -> dict[str, float]:
        """Execution time of each page's notebook, as myst-nb reported it in
        ``run`` (kernel start included; pages executed in any mode)."""
        seconds = {}
        for line in run.lines:
            if match := _EXECUTED.search(line):
                path = Path(match[1])
                name = (
                    path.relative_to(self.docs).as_posix()
                    if path.is_relative_to(self.docs)
                    else path.name
                )
                seconds[name] = float(match[2])
        return dict(sorted(seconds.items()))

    def gallery_seconds(self) -> dict[str, float]:
        """Running time of each gallery example, as sphinx-gallery wrote it."""
        pattern = re.compile(
            r"Total running time of the script:\*\*\s*\(\s*(\d+) minutes\s+([\d.]+) seconds"
        )
        seconds = {}
        for rst in sorted((self.docs / "auto_examples").rglob("plot_*.rst")):
            if match := pattern.search(rst.read_text(encoding="utf-8")):
                name = rst.relative_to(self.docs).with_suffix("").as_posix()
                seconds[name] = round(int(match[1]) * 60 + float(match[2]), 3)
        return seconds


def _children_cpu_seconds() -> float:
    """CPU seconds used by finished child processes (the build, its workers and
    its kernels): unlike wall time, hardly changed by other jobs on the machine."""
    times = os.times()
    return times.children_user + times.children_system


def _phase_durations(marks: dict[str, float], total: float) -> dict[str, float]:
    """Seconds spent in each phase, from the time each one started."""
    points = [("startup", 0.0)]
    points += sorted(marks.items(), key=lambda item: item[1])
    durations = {}
    for (name, begin), (_, end) in zip(
        points, [*points[1:], ("end", total)], strict=True
    ):
        durations[name] = end - begin
    return durations


def pick_page(docs: Path) -> Path:
    """A chapter page to touch: the first executed page that is not the home page,
    the API reference or this benchmark's own page."""
    skip = {"index.md", "api.md", "performance.md"}
    pages = sorted(p for p in docs.glob("*.md") if p.name not in skip)
    chapters = [p for p in pages if not p.name.startswith("tmp")]
    for group in (chapters, pages):
        for page in group:
            if "{code-cell}" in page.read_text(encoding="utf-8"):
                return page
    if chapters or pages:
        return (chapters or pages)[0]
    return docs / "index.md"


def _summary(runs: list[BuildRun]) -> dict[str, Any]:
    cpu = [run.cpu_seconds for run in runs if run.cpu_seconds is not None]
    return {
        "median_s": round(statistics.median(run.seconds for run in runs), 3),
        "median_cpu_s": round(statistics.median(cpu), 2) if cpu else None,
        "runs": [run.as_json() for run in runs],
    }


def site_build_times(
    workdir: Path,
    repeats: int,
    log: Log,
    touch: str | None = None,
    diagnose: bool = False,
) -> tuple[dict[str, Any], Path]:
    """Time clean builds, no-change rebuilds and touch-one-page rebuilds.

    Returns the results and the output folder of the last clean build's site
    (rebuilt incrementally since, with the same content).
    """
    site = SiteWorkspace(workdir, log)
    log(f"site: copying the sources into {workdir}")
    site.snapshot()
    page = site.docs / touch if touch else pick_page(site.docs)
    if not page.is_file():
        raise FileNotFoundError(
            f"--touch: no page {page.relative_to(site.docs)} in docs/"
        )
    sphinx_command = " ".join(
        ["sphinx-build", *SPHINX_OPTIONS, "-b", "html", "docs", "<out>"]
    )
    command = "make html" if make_html_command(site.out) else sphinx_command

    def report(run: BuildRun, label: str) -> None:
        if run.returncode == 0:
            state = "ok"
        elif run.complete:
            state = f"site built, but sphinx-build exited {run.returncode} (warnings)"
        else:
            state = f"FAILED (exit {run.returncode}, no site)"
        read = f", {sum(run.changed[:2])} documents read" if run.changed else ""
        busy = (
            f", other processes used {run.foreign_cpu_share:.0%} CPU"
            if run.foreign_cpu_share
            else ""
        )
        cpu = f" ({run.cpu_seconds:.1f} CPU s)" if run.cpu_seconds is not None else ""
        log(f"site: {label}: {run.seconds:.2f} s{cpu}, {state}{read}{busy}")
        if run.returncode != 0:
            shown = run.warnings[:12] or run.tail.splitlines()
            log("site: what the build reported:\n" + "\n".join(shown))

    relative_page = page.relative_to(site.docs).as_posix()
    kinds = (
        ("clean", "clean build", site.clean, True),
        ("no-change", "rebuild with nothing changed", lambda: None, True),
        ("sphinx-no-change", "sphinx-build with nothing changed", lambda: None, False),
        ("touch", f"rebuild after touching {relative_page}", page.touch, True),
    )
    measured: dict[str, list[BuildRun]] = {}
    discarded = 0
    notebooks: dict[str, float] = {}
    gallery: dict[str, float] = {}
    for kind, label, prepare, via_make in kinds:
        measured[kind] = []
        retries = repeats  # a build slowed by another job is redone, up to this often
        while len(measured[kind]) < repeats:
            index = len(measured[kind]) + 1
            prepare()
            log(f"site: {label} {index}/{repeats} ...")
            run = site.build(kind, via_make=via_make)
            report(run, f"{label} {index}/{repeats}")
            busy = (run.foreign_cpu_share or 0.0) > BUSY_SHARE
            if busy and retries > 0:
                retries -= 1
                discarded += 1
                log("site: the machine was busy during that build; repeating it")
                continue
            measured[kind].append(run)
        if kind == "clean":
            notebooks = site.notebook_seconds(measured[kind][-1])
            gallery = site.gallery_seconds()
    clean_runs, nochange_runs, touch_runs = (
        measured["clean"],
        measured["no-change"],
        measured["touch"],
    )

    results: dict[str, Any] = {
        "command": command,
        "repeats": repeats,
        "touched_page": relative_page,
        "ok": all(run.returncode == 0 for run in site.runs),
        "complete": all(run.complete for run in site.runs),
        "busy_runs_discarded": discarded,
        "clean": _summary(clean_runs),
        "no_change": _summary(nochange_runs),
        "sphinx_no_change": _summary(measured["sphinx-no-change"]),
        "sphinx_command": sphinx_command,
        "touch": _summary(touch_runs),
        "clean_phases_s": _median_phases(clean_runs),
        "no_change_documents_read": sorted(
            set(measured["sphinx-no-change"][-1].reread)
        ),
        "touch_documents_read": sorted(set(touch_runs[-1].reread)),
        "notebook_execution_s": notebooks,
        "gallery_example_s": gallery,
    }
    if diagnose:
        results["diagnosis"] = _diagnose(site, log)
        # the diagnosis rebuilt the site in other ways: build it as made for weighing
        site.clean()
        log("site: clean build for the page weights ...")
        report(site.build("clean"), "clean build for the page weights")
    return results, site.out


def _median_phases(runs: list[BuildRun]) -> dict[str, float]:
    order = ["startup", *(name for name, _ in PHASES)]
    seen = {name for run in runs for name in run.phases}
    return {
        name: round(statistics.median(run.phases.get(name, 0.0) for run in runs), 3)
        for name in order
        if name in seen
    }


#: Variants of the clean build that each switch one costly step off.
DIAGNOSES = (
    ("notebooks not executed", ("-D", "nb_execution_mode=off")),
    ("gallery examples not run", ("-D", "plot_gallery=0")),
    ("serial build (-j 1 after -j auto)", ("-j", "1")),
)


def _diagnose(site: SiteWorkspace, log: Log) -> list[dict[str, Any]]:
    """One clean build per variant: how much each step costs."""
    found = []
    for label, extra in DIAGNOSES:
        site.clean()
        log(f"site: diagnosis, clean build with {label} ...")
        run = site.build("diagnosis", extra)
        log(f"site: diagnosis, {label}: {run.seconds:.2f} s")
        found.append({"variant": label, "options": " ".join(extra), **run.as_json()})
    return found
