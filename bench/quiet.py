"""Keep timings honest on a shared machine.

Two helpers: wait until no other Sphinx build is running (two builds on two
cores would halve each other's speed, and they must not share output folders
anyway), and measure how much CPU *other* processes used while a benchmark ran,
so that a noisy result can be recognised as such in the report.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

Log = Callable[[str], None]

_SPHINX_MARKERS = ("sphinx-build", "sphinx-autobuild", "-m sphinx")


def _own_lineage() -> set[int]:
    """This process and its ancestors (a parent `make` also mentions bench)."""
    pids = set()
    pid = os.getpid()
    while pid > 1 and pid not in pids:
        pids.add(pid)
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            break
        pid = int(stat.rsplit(")", 1)[1].split()[1])
    return pids


def other_sphinx_builds() -> list[tuple[int, str]]:
    """``(pid, command line)`` of every running Sphinx build not started by us."""
    mine = _own_lineage()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) in mine:
            continue
        try:
            raw = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        command = raw.replace(b"\0", b" ").decode(errors="replace").strip()
        if any(marker in command for marker in _SPHINX_MARKERS):
            found.append((int(entry.name), command))
    return found


def wait_for_no_other_sphinx(log: Log, timeout_s: float = 1800.0) -> float:
    """Block until no other Sphinx build runs; return the seconds waited."""
    start = time.monotonic()
    announced: set[int] = set()
    while True:
        others = other_sphinx_builds()
        if not others:
            return time.monotonic() - start
        waited = time.monotonic() - start
        if waited > timeout_s:
            raise TimeoutError(
                f"another Sphinx build is still running after {waited:.0f} s: "
                f"{others[0][1][:120]}"
            )
        for pid, command in others:
            if pid not in announced:
                log(
                    f"waiting: another Sphinx build is running (pid {pid}: {command[:90]})"
                )
                announced.add(pid)
        time.sleep(2.0)


def _cpu_seconds_all() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine since boot, from /proc/stat."""
    fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    ticks = [int(value) for value in fields[:8]]
    idle = ticks[3] + ticks[4]  # idle + iowait
    per_second = os.sysconf("SC_CLK_TCK")
    return (sum(ticks) - idle) / per_second, sum(ticks) / per_second


def _cpu_seconds_mine() -> float:
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


@dataclass
class CpuShare:
    """What other processes used of the machine's CPUs during a ``with`` block."""

    foreign_share: float | None = None
    _start: tuple[float, float, float] = field(default=(0.0, 0.0, 0.0), repr=False)


@contextlib.contextmanager
def foreign_cpu() -> Iterator[CpuShare]:
    """Measure the share of all CPUs used by processes other than ours (and our
    children) while the block runs: 0 on a quiet machine, 0.5 when another job
    keeps one of two cores busy."""
    share = CpuShare()
    try:
        busy0, total0 = _cpu_seconds_all()
    except (OSError, ValueError, IndexError):
        yield share
        return
    mine0 = _cpu_seconds_mine()
    try:
        yield share
    finally:
        busy1, total1 = _cpu_seconds_all()
        mine1 = _cpu_seconds_mine()
        total = total1 - total0
        if total > 0:
            foreign = (busy1 - busy0) - (mine1 - mine0)
            share.foreign_share = round(min(max(foreign / total, 0.0), 1.0), 3)


def measure_foreign_share(seconds: float = 2.0) -> float | None:
    """Sample other processes' CPU share for ``seconds`` while we sleep."""
    with foreign_cpu() as share:
        time.sleep(seconds)
    return share.foreign_share


def wait_for_quiet(
    log: Log, threshold: float = 0.15, timeout_s: float = 600.0
) -> float | None:
    """Wait (up to ``timeout_s``) until other processes use under ``threshold``
    of the CPUs; return the last share measured."""
    start = time.monotonic()
    share = measure_foreign_share()
    while share is not None and share > threshold:
        if time.monotonic() - start > timeout_s:
            log(
                f"warning: the machine is still busy ({share:.0%} of the CPUs used "
                "by other processes); timings will be slower and noisier"
            )
            break
        log(f"waiting: other processes use {share:.0%} of the CPUs")
        time.sleep(5.0)
        share = measure_foreign_share()
    return share
