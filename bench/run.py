"""Benchmarks for chainrule: gradient cost, site build, page weight, Lighthouse, suite.

Run with ``make bench`` (options through ``BENCH_ARGS="..."``). It prints each
measurement and each target with its limit, met or missed, and writes the report
to ``docs/_static/benchmarks.json``, which the Performance page renders. Nothing
asserts a timing: the exit status is 1 only when a build or the suite failed.

To add a measurement: a function that takes
``log`` and returns a JSON-able dict, an entry in ``measurements`` (``main``), its targets in
``TARGETS`` (a value is read from the report by its path), and a section on the
Performance page reading ``report["<name>"]``.
"""

from __future__ import annotations

import argparse
import datetime
import importlib.metadata
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import audit
import gradients
import site_build
from threadpoolctl import threadpool_info

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "docs" / "_static" / "benchmarks.json"
SCHEMA = 2
KB, MB = 1000, 1000 * 1000
PACKAGES = ("numpy", "autograd", "sphinx", "myst-nb", "sphinx-gallery", "matplotlib")

#: (label, path of the value in the report, limit, unit) for the 2-core machine.
TARGETS = (
    ("clean build of the site", "site.clean.median_s", 30.0, "s"),
    ("rebuild with nothing changed", "site.no_change.median_s", 2.0, "s"),
    ("rebuild after touching one page", "site.touch.median_s", 8.0, "s"),
    ("largest HTML page", "page_weight.largest_page.bytes", 250 * KB, "B"),
    ("largest figure PNG", "page_weight.largest_png.bytes", 120 * KB, "B"),
    ("whole site", "page_weight.site_bytes", 20 * MB, "B"),
    ("backward_sum_1 / forward at n = 1000", "gradients.ratio_1000", 3.0, "x"),
    (
        "fused / plain NumPy at n = 1000",
        "gradients.side_by_side.ratio_fused_to_numpy",
        1.1,
        "x",
    ),
    (
        "fused / autograd at n = 1000",
        "gradients.side_by_side.ratio_fused_to_autograd",
        1.0,
        "x",
    ),
    ("make test (after make html)", "suite.seconds", 150.0, "s"),
    (
        "chain_rule.html's first view, compressed",
        "audit.chapter_first_view",
        350 * KB,
        "B",
    ),
    ("lowest Lighthouse score, any page", "audit.lowest_score", 95, "at least"),
    ("worst layout shift (Lighthouse, mobile)", "audit.worst_cls", 0.02, ""),
    ("worst blocking time (Lighthouse, mobile)", "audit.worst_tbt_ms", 100, "ms"),
)

_START = time.monotonic()


def log(message: str) -> None:
    elapsed = time.monotonic() - _START
    for line in message.splitlines() or [""]:
        print(f"[{int(elapsed // 60):02d}:{elapsed % 60:04.1f}] {line}", flush=True)


def machine() -> dict[str, Any]:
    """What the numbers depend on: the CPUs, NumPy's BLAS, the versions."""
    return {
        "date_utc": datetime.datetime.now(datetime.timezone.utc).strftime(
            "%Y-%m-%d %H:%M UTC"
        ),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "blas": [
            {key: pool.get(key) for key in ("internal_api", "version", "architecture")}
            | {"threads": pool.get("num_threads")}
            for pool in threadpool_info()
        ],
        "packages": {name: importlib.metadata.version(name) for name in PACKAGES},
    }


def measure_site(args: argparse.Namespace) -> tuple[dict[str, Any], ...]:
    workdir = Path(tempfile.mkdtemp(prefix="chainrule-bench-"))
    try:
        site = site_build.build_times(workdir, args.repeats, args.touch, log)
        html = workdir / "docs" / "_build" / "html"
        return site, site_build.page_weight(html), audit.measure(html, log)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def lookup(report: dict[str, Any], path: str) -> float | None:
    value: Any = report
    for key in path.split("."):
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return value


def targets(report: dict[str, Any]) -> list[dict[str, Any]]:
    found = []
    for label, path, limit, unit in TARGETS:
        value = lookup(report, path)
        met = None if value is None else bool(value <= limit)
        met = (value >= limit) if unit == "at least" and value is not None else met
        if (
            value is not None
            and path.startswith("suite.")
            and not report["suite"]["ok"]
        ):
            met = False  # a failing suite misses its target however fast it was
        found.append(
            {"label": label, "key": path, "limit": limit, "unit": unit}
            | {"value": value, "met": met}
        )
    return found


def show(value: float | None, unit: str) -> str:
    if value is None:
        return "not measured"
    if unit == "B":
        return f"{value / MB:.2f} MB" if value >= MB else f"{value / KB:.1f} kB"
    if unit in ("at least", "ms", ""):
        return f"{value:.0f} ms" if unit == "ms" else f"{value:.3g}"
    return f"{value:.2f}x" if unit == "x" else f"{value:.1f} s"


def table(report: dict[str, Any]) -> list[str]:
    info = report["machine"]
    blas = ", ".join(
        f"{b['internal_api']} {b['version']} ({b['architecture']}, {b['threads']} "
        "threads)"
        for b in info["blas"]
    )
    lines = ["", f"Machine: {info['cpus']} CPUs, Python {info['python']}, {blas}"]
    grads = report["gradients"]
    lines += ["", "Gradient cost (median seconds, cases timed in turns)"]
    lines += ["      n    forward  backward_sum_1   ratio"]
    for row in grads["rows"]:
        seconds = row["seconds"]
        lines.append(
            f"  {row['n']:5d}  {seconds['forward'] * 1e3:7.2f} ms  "
            f"{seconds['backward_sum_1'] * 1e3:11.2f} ms  "
            f"{row['ratio_backward_sum_1']:5.2f}x"
        )
    side = grads["side_by_side"]
    lines.append(f"  at n = {side['n']}, side by side (largest difference ")
    lines[-1] += f"{side['largest_difference']:.0e}):"
    for name, seconds in side["seconds"].items():
        lines.append(f"    {name:10s} {seconds * 1e3:8.2f} ms")
    for row in grads["numerical"]:
        lines.append(
            f"  numerical_gradient at n = {row['n']}: {row['evaluations']} forward "
            f"passes, {row['seconds']:.3f} s"
        )
    if "site" in report:
        site, weight = report["site"], report["page_weight"]
        lines += [
            "",
            f"Site build ({site['command']}, median of {len(site['clean']['runs'])})",
        ]
        for kind in ("clean", "no_change", "touch"):
            runs = ", ".join(f"{run['seconds']:.1f}" for run in site[kind]["runs"])
            lines.append(
                f"  {kind:10s} {site[kind]['median_s']:6.2f} s ({runs}; "
                f"{site[kind]['median_cpu_s']:.1f} CPU s)"
            )
        lines += [
            f"Page weight: {weight['pages']} pages ({show(weight['pages_bytes'], 'B')}),"
            f" {weight['figures']} figures ({show(weight['figures_bytes'], 'B')}), "
            f"whole site {show(weight['site_bytes'], 'B')}",
            f"  largest page {weight['largest_page']['path']}, "
            f"largest figure {weight['largest_figure']['path']}",
        ]
    if "suite" in report:
        suite = report["suite"]
        lines += ["", f"make test: {suite['seconds']:.1f} s, {suite['summary']}"]
        lines += ["  " + line for line in suite["durations"]]
    lines += ["", "Targets (2-core machine)"]
    for target in report["targets"]:
        state = {True: "met", False: "MISSED", None: "-"}[target["met"]]
        lines.append(
            f"  {target['label']:40s} {show(target['value'], target['unit']):>12s}"
            f"  {'>=' if target['unit'] == 'at least' else '<='} "
            f"{show(target['limit'], target['unit']):>8s}  {state}"
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="gradients only")
    parser.add_argument("--no-suite", action="store_true", help="skip `make test`")
    parser.add_argument("--repeats", type=int, default=3, help="builds of each kind")
    parser.add_argument("--touch", default="functions.md", help="page to touch")
    parser.add_argument("--output", type=Path, help=f"default {OUTPUT} (full runs)")
    parser.add_argument(
        "--audit-only",
        action="store_true",
        help="Lighthouse and first "
        f"views of docs/_build/html, into the report in {OUTPUT}",
    )
    args = parser.parse_args(argv)
    output = args.output or (None if args.quick or args.no_suite else OUTPUT)

    report: dict[str, Any] = {"schema": SCHEMA, "machine": machine()}
    #: name -> what measures it; each adds one section to the report.
    measurements: dict[str, Callable[[], Any]] = {
        "gradients": lambda: gradients.measure(log),
    }
    if args.audit_only:
        report = json.loads(OUTPUT.read_text(encoding="utf-8"))
        html = ROOT / "docs" / "_build" / "html"
        measurements = {"audit": lambda: audit.measure(html, log)}
        output = OUTPUT
    elif not args.quick:
        measurements["site"] = lambda: measure_site(args)
        if not args.no_suite:
            measurements["suite"] = lambda: site_build.suite_time(log)
    for name, measure in measurements.items():
        result = measure()
        if name == "site":
            report["site"], report["page_weight"], report["audit"] = result
        else:
            report[name] = result
    rows = report["gradients"]["rows"]
    report["gradients"]["ratio_1000"] = next(
        (row["ratio_backward_sum_1"] for row in rows if row["n"] == 1000), None
    )
    report["targets"] = targets(report)
    report["seconds"] = round(time.monotonic() - _START, 1)
    print("\n".join(table(report)), flush=True)
    if output:
        output.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
        log(f"wrote {output}")
    failed = [
        name for name in ("site", "suite") if not report.get(name, {}).get("ok", True)
    ]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
