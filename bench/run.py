"""Benchmarks for chainrule: gradient cost, site build, page weight, Lighthouse, suite.

``make bench`` (options through ``BENCH_ARGS="..."``) logs each measurement, then
each target, met or missed, and writes ``docs/_static/benchmarks.json``, which the
Performance page renders. The exit status is 1 only when a build or the suite failed.
A new measurement: a section of the report, its ``TARGETS``, a Performance section.
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
SIDE = "gradients.side_by_side."

#: (label, path of the value in the report, limit, unit) for the 2-core machine.
TARGETS = (
    ("clean build of the site", "site.clean.median_s", 30.0, "s"),
    ("rebuild with nothing changed", "site.no_change.median_s", 2.0, "s"),
    ("rebuild after touching one page", "site.touch.median_s", 8.0, "s"),
    ("largest HTML page", "page_weight.largest_page.bytes", 250 * KB, "B"),
    ("largest figure PNG", "page_weight.largest_png.bytes", 120 * KB, "B"),
    ("whole site", "page_weight.site_bytes", 20 * MB, "B"),
    ("backward_sum_1 / forward at n = 1000", "gradients.ratio_1000", 3.0, "x"),
    ("fused / plain NumPy at n = 1000", SIDE + "ratio_fused_to_numpy", 1.1, "x"),
    ("fused / autograd at n = 1000", SIDE + "ratio_fused_to_autograd", 1.0, "x"),
    ("make test (after make html)", "suite.seconds", 150.0, "s"),
    ("chain_rule.html's first view, gzip", "audit.chapter_first_view", 350 * KB, "B"),
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
    now = datetime.datetime.now(datetime.timezone.utc)
    return {
        "date_utc": now.strftime("%Y-%m-%d %H:%M UTC"),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "blas": [
            {key: pool.get(key) for key in ("internal_api", "version", "architecture")}
            | {"threads": pool.get("num_threads")}
            for pool in threadpool_info()
        ],
        "packages": {name: importlib.metadata.version(name) for name in PACKAGES},
    }


def measure_site(args: argparse.Namespace) -> dict[str, Any]:
    """Builds, page weight and browser audit of one copy of the sources."""
    workdir = Path(tempfile.mkdtemp(prefix="chainrule-bench-"))
    try:
        site = site_build.build_times(workdir, args.repeats, args.touch, log)
        html = workdir / "docs" / "_build" / "html"
        weight = site_build.page_weight(html)
        log(f"page weight: {weight}")
        return {"site": site, "page_weight": weight, "audit": audit.measure(html, log)}
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def lookup(report: dict[str, Any], path: str) -> Any:
    value: Any = report
    for key in path.split("."):
        value = value.get(key) if isinstance(value, dict) else None
    return value


def targets(report: dict[str, Any]) -> list[dict[str, Any]]:
    """Each target with its value and whether it was met, logged."""
    found = []
    for label, path, limit, unit in TARGETS:
        value = lookup(report, path)
        met = None if value is None else bool(value <= limit)
        if value is not None and unit == "at least":
            met = bool(value >= limit)
        if met and path.startswith("suite.") and not report["suite"]["ok"]:
            met = False  # a failing suite misses its target however fast it was
        state = {True: "met", False: "MISSED", None: "-"}[met]
        sign = ">=" if unit == "at least" else "<="
        log(f"{label:41} {show(value, unit):>12} {sign} {show(limit, unit):>8} {state}")
        found.append(
            dict(label=label, key=path, limit=limit, unit=unit, value=value, met=met)
        )
    return found


def show(value: float | None, unit: str) -> str:
    if value is None:
        return "not measured"
    if unit == "B":
        return f"{value / MB:.2f} MB" if value >= MB else f"{value / KB:.1f} kB"
    units = {"s": f"{value:.1f} s", "x": f"{value:.2f}x", "ms": f"{value:.0f} ms"}
    return units.get(unit, f"{value:.3g}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="gradients only")
    parser.add_argument("--no-suite", action="store_true", help="skip `make test`")
    parser.add_argument("--repeats", type=int, default=3, help="builds of each kind")
    parser.add_argument("--touch", default="functions.md", help="page to touch")
    parser.add_argument("--output", type=Path, help=f"default {OUTPUT} (full runs)")
    parser.add_argument("--audit-only", action="store_true", help="browser audit only")
    args = parser.parse_args(argv)
    full = args.audit_only or not (args.quick or args.no_suite)
    output = args.output or (OUTPUT if full else None)

    if args.audit_only:
        report = json.loads(OUTPUT.read_text(encoding="utf-8"))
        report["audit"] = audit.measure(ROOT / "docs" / "_build" / "html", log)
    else:
        report = {"schema": SCHEMA, "machine": machine()}
        log(f"machine: {report['machine']}")
        report["gradients"] = gradients.measure(log)
        if not args.quick:
            report |= measure_site(args)
        if not (args.quick or args.no_suite):
            report["suite"] = site_build.suite_time(log)
    report["targets"] = targets(report)
    report["seconds"] = round(time.monotonic() - _START, 1)
    if output:
        output.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
        log(f"wrote {output}")
    ok = [report.get(name, {}).get("ok", True) for name in ("site", "suite")]
    return 0 if all(ok) else 1


if __name__ == "__main__":
    sys.exit(main())
