"""Benchmarks for chainrule: site build times, page weight, gradient cost.

Run with ``make bench`` (or ``.venv/bin/python bench/run.py``). It prints a
table and writes it as JSON to ``docs/_static/benchmarks.json``, which the
Performance page renders at build time. Nothing here asserts a timing: targets
are reported as met or missed, and the exit status is 0 either way (it is 1
only when a benchmark could not run, for example a site build that crashed).

Options:

``--quick``
    Skip the site builds and page weights (minutes), time only the gradients;
    the JSON is then written only when ``--output`` is given, so the committed
    file always holds a complete run.
``--repeats N``
    Builds of each kind (default 3; the median is reported).
``--diagnose``
    Also time one clean build with each costly step switched off (notebook
    execution, gallery examples, parallel reading), to see where time goes.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from gradient_cost import gradient_cost, numerical_cost  # noqa: E402
from machine_info import describe_machine, load_average, machine_info  # noqa: E402
from page_weight import page_weight  # noqa: E402
from quiet import foreign_cpu, wait_for_quiet  # noqa: E402
from site_build import site_build_times  # noqa: E402

ROOT = BENCH.parent
DEFAULT_OUTPUT = ROOT / "docs" / "_static" / "benchmarks.json"
SCHEMA = 1
KB = 1000  # page and figure sizes are reported in kB and MB (powers of 1000)
MB = 1000 * KB

#: The issue's targets for the 2-core reference machine: (key, label, limit, unit).
TARGETS = (
    ("clean_build_s", "clean build of the site", 30.0, "s"),
    ("no_change_rebuild_s", "rebuild with nothing changed", 2.0, "s"),
    ("touch_rebuild_s", "rebuild after touching one page", 8.0, "s"),
    ("largest_page_bytes", "largest HTML page", 250 * KB, "B"),
    ("largest_png_bytes", "largest figure PNG", 120 * KB, "B"),
    ("site_bytes", "whole site", 20 * MB, "B"),
    ("ratio_backward_sum_1_n1000", "backward_sum_1 / forward at n = 1000", 2.2, "x"),
    ("ratio_fused_n1000", "fused / forward at n = 1000", 3.3, "x"),
)
#: Where the ratios cannot go below: one product forward, one more per gradient.
FLOORS = {"ratio_backward_sum_1": 2.0, "ratio_fused": 3.0}

_START = time.monotonic()


def log(message: str) -> None:
    """One progress line, with the time since the start."""
    elapsed = time.monotonic() - _START
    prefix = f"[{int(elapsed // 60):02d}:{elapsed % 60:04.1f}]"
    for line in message.splitlines() or [""]:
        print(f"{prefix} {line}", flush=True)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Benchmark the chainrule site build and gradient code.",
    )
    parser.add_argument(
        "--quick", action="store_true", help="skip the site builds and page weights"
    )
    parser.add_argument(
        "--repeats", type=int, default=3, help="builds of each kind (default 3)"
    )
    parser.add_argument(
        "--diagnose",
        action="store_true",
        help="also time clean builds with notebooks, gallery or -j auto switched off",
    )
    parser.add_argument(
        "--touch",
        metavar="PAGE",
        help="the page to touch, relative to docs/ (default: the first chapter page)",
    )
    parser.add_argument(
        "--sizes",
        type=lambda text: tuple(int(n) for n in text.split(",")),
        default=(100, 200, 500, 1000),
        help="matrix sizes for the gradient cost, comma-separated",
    )
    parser.add_argument(
        "--output",
        type=Path,
        help=f"JSON file to write (default {DEFAULT_OUTPUT.relative_to(ROOT)}, "
        "not written by --quick unless given)",
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the build folder for inspection"
    )
    parser.add_argument(
        "--max-wait",
        type=float,
        default=300.0,
        help="seconds to wait for other processes to leave the CPUs (default 300)",
    )
    args = parser.parse_args(argv)
    if args.repeats < 1:
        parser.error("--repeats must be at least 1")
    if args.output is None and not args.quick:
        args.output = DEFAULT_OUTPUT
    return args


def _measure_gradients(args: argparse.Namespace) -> dict[str, Any]:
    wait_for_quiet(log, timeout_s=args.max_wait)
    with foreign_cpu() as share:
        rows = gradient_cost(
            tuple(args.sizes),
            log=log,
            before_each=lambda: wait_for_quiet(log, timeout_s=min(args.max_wait, 120)),
        )
        forward_100 = next(
            (row["seconds"]["forward"] for row in rows if row["n"] == 100), None
        )
        numerical = numerical_cost(forward_at_target_s=forward_100, log=log)
    return {
        "sigma": "sigmoid",
        "inputs": "X standard normal, W standard normal / sqrt(n), both n x n",
        "floors": FLOORS,
        "rows": rows,
        "numerical": numerical,
        "foreign_cpu_share": share.foreign_share,
    }


def _measure_site(args: argparse.Namespace) -> tuple[dict[str, Any], dict[str, Any]]:
    workdir = Path(tempfile.mkdtemp(prefix="chainrule-bench-"))
    try:
        wait_for_quiet(log, timeout_s=args.max_wait)
        results, html = site_build_times(
            workdir, args.repeats, log, touch=args.touch, diagnose=args.diagnose
        )
        log("page weight: measuring the built site ...")
        weight = page_weight(html)
        return results, weight
    finally:
        if args.keep:
            log(f"site: kept the build folder {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


def evaluate_targets(report: dict[str, Any]) -> list[dict[str, Any]]:
    """Each target with the measured value and whether it is met."""
    values: dict[str, float | None] = {}
    site = report.get("site")
    if site:
        values["clean_build_s"] = site["clean"]["median_s"]
        values["no_change_rebuild_s"] = site["no_change"]["median_s"]
        values["touch_rebuild_s"] = site["touch"]["median_s"]
    weight = report.get("page_weight")
    if weight:
        largest_page = weight["largest_page"]
        pngs = [f for f in weight["all_figures"] if f["path"].endswith(".png")]
        values["largest_page_bytes"] = largest_page["bytes"] if largest_page else 0
        values["largest_png_bytes"] = pngs[0]["bytes"] if pngs else 0
        values["site_bytes"] = weight["site_bytes"]
    for row in report["gradients"]["rows"]:
        if row["n"] == 1000:
            values["ratio_backward_sum_1_n1000"] = row["ratio_backward_sum_1"]
            values["ratio_fused_n1000"] = row["ratio_fused"]
    targets = []
    for key, label, limit, unit in TARGETS:
        value = values.get(key)
        targets.append(
            {
                "key": key,
                "label": label,
                "limit": limit,
                "unit": unit,
                "value": value,
                "met": None if value is None else bool(value <= limit),
            }
        )
    return targets


def _size(nbytes: float) -> str:
    return f"{nbytes / MB:.2f} MB" if nbytes >= MB else f"{nbytes / KB:.1f} kB"


def _value(value: float | None, unit: str) -> str:
    if value is None:
        return "not measured"
    if unit == "B":
        return _size(value)
    if unit == "x":
        return f"{value:.2f}x"
    return f"{value:.2f} s"


def format_table(report: dict[str, Any]) -> list[str]:
    """The printed report, as lines."""
    lines = ["", "Machine"]
    lines += ["  " + line for line in describe_machine(report["machine"])]

    gradients = report["gradients"]
    lines += [
        "",
        "Gradient cost: time / time of one forward pass (median, same run)",
        "  sigma = sigmoid, X and W n x n; floors: 2 for one gradient, 3 for "
        "the value and both",
        "      n   forward   backward_sum_1   fused (L, dLdX, dLdW)   autograd"
        "   matmul share   others' CPU",
    ]
    for row in gradients["rows"]:
        lines.append(
            f"  {row['n']:5d}  {row['seconds']['forward'] * 1e3:7.2f} ms"
            f"  {row['ratio_backward_sum_1']:9.2f}x  {row['ratio_fused']:17.2f}x"
            f"  {row['ratio_autograd']:13.2f}x  {row['matmul_share_of_forward']:10.0%}"
            f"  {row.get('foreign_cpu_share') or 0.0:12.0%}"
        )
    numerical = gradients["numerical"]
    lines += [
        "",
        "Numerical gradient (central differences over every element of X and W)",
        "      n   forward passes      seconds",
    ]
    for row in numerical["rows"]:
        lines.append(
            f"  {row['n']:5d}  {row['evaluations']:15d}  {row['seconds']:11.3f}"
        )
    if "extrapolated_s" in numerical:
        lines.append(
            f"  {numerical['target_n']:5d}  {numerical['target_evaluations']:15d}"
            f"  {numerical['extrapolated_s']:11.1f}   (extrapolated: "
            f"{numerical['extrapolated_ratio_to_forward']:,.0f} forward passes' time)"
        )

    site = report.get("site")
    if site:
        lines += [
            "",
            f"Site build: {site['command']} (median of {site['repeats']})",
        ]
        for key, label in (
            ("clean", "clean build"),
            ("no_change", "rebuild, nothing changed"),
            ("sphinx_no_change", "sphinx-build itself, nothing changed"),
            ("touch", f"rebuild after touching {site['touched_page']}"),
        ):
            if key not in site:
                continue
            runs = ", ".join(f"{run['seconds']:.1f}" for run in site[key]["runs"])
            busiest = max(run["foreign_cpu_share"] or 0.0 for run in site[key]["runs"])
            cpu = site[key]["median_cpu_s"]
            lines.append(
                f"  {label:42s} {site[key]['median_s']:7.2f} s  ({runs}); "
                f"{cpu} CPU s; others used up to {busiest:.0%} CPU"
            )
        phases = ", ".join(f"{k} {v:.1f}" for k, v in site["clean_phases_s"].items())
        lines.append(f"  clean build phases (s): {phases}")
        if site["notebook_execution_s"]:
            total = sum(site["notebook_execution_s"].values())
            lines.append(
                f"  notebooks executed: {len(site['notebook_execution_s'])}, "
                f"{total:.1f} s in total (kernel start included)"
            )
        if site["gallery_example_s"]:
            total = sum(site["gallery_example_s"].values())
            lines.append(
                f"  gallery examples run: {len(site['gallery_example_s'])}, "
                f"{total:.1f} s in total"
            )
        lines.append(
            "  documents read on a no-change rebuild: "
            + (", ".join(site["no_change_documents_read"]) or "none")
        )
        for item in site.get("diagnosis", []):
            lines.append(f"  diagnosis, {item['variant']}: {item['seconds']:.2f} s")

    weight = report.get("page_weight")
    if weight:
        page, figure = weight["largest_page"], weight["largest_figure"]
        lines += [
            "",
            "Page weight",
            f"  pages: {weight['pages']}, {_size(weight['pages_bytes'])}; "
            f"figures: {weight['figures']}, {_size(weight['figures_bytes'])}; "
            f"whole site: {_size(weight['site_bytes'])} "
            f"(theme assets {_size(weight['shared_assets_bytes'])})",
        ]
        if page:
            lines.append(f"  largest page:   {page['path']} ({_size(page['bytes'])})")
        if figure:
            lines.append(
                f"  largest figure: {figure['path']} ({_size(figure['bytes'])})"
            )

    lines += ["", "Targets (2-core reference machine)"]
    for target in report["targets"]:
        state = {True: "met", False: "MISSED", None: "-"}[target["met"]]
        lines.append(
            f"  {target['label']:40s} {_value(target['value'], target['unit']):>14s}"
            f"   <= {_value(target['limit'], target['unit']):>9s}   {state}"
        )
    return lines


def write_json(report: dict[str, Any], path: Path) -> None:
    """Write atomically: the docs build never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(report, indent=1, sort_keys=False) + "\n"
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        os.chmod(temporary, 0o644)  # mkstemp makes it private; this one is published
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _stop_on_sigterm(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)  # runs the `finally` blocks: temp folders go


def main(argv: list[str] | None = None) -> int:
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    args = parse_args(argv)
    log("machine: reading CPU, memory, NumPy and BLAS information ...")
    report: dict[str, Any] = {
        "schema": SCHEMA,
        "command": "make bench" + (" (--quick)" if args.quick else ""),
        "machine": machine_info(),
    }
    for line in describe_machine(report["machine"]):
        log(f"machine: {line}")

    report["gradients"] = _measure_gradients(args)
    if not args.quick:
        report["site"], report["page_weight"] = _measure_site(args)
    report["machine"]["load_average_at_end"] = load_average()
    report["targets"] = evaluate_targets(report)
    report["seconds"] = round(time.monotonic() - _START, 1)

    lines = format_table(report)
    print("\n".join(lines), flush=True)
    if args.output:
        write_json(report, args.output)
        log(f"wrote {args.output}")
    site = report.get("site", {})
    if not site.get("ok", True):
        log(
            "warning: sphinx-build reported warnings (-W makes them errors); the "
            "times are of complete builds, but `make html` fails until they are fixed"
        )
    if not site.get("complete", True):
        log("error: a site build did not finish; its times mean nothing")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
