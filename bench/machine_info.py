"""What the benchmarks ran on: CPU, memory, Python, NumPy and its BLAS.

Everything here is read, never changed: in particular the OpenBLAS variables
(``OPENBLAS_CORETYPE``, ``OPENBLAS_L2_SIZE``, thread counts) are reported as
found in the environment, because older OpenBLAS builds need them on some
machines.
"""

from __future__ import annotations

import contextlib
import ctypes
import datetime
import importlib.metadata
import os
import platform
import subprocess
from pathlib import Path
from typing import Any

import numpy as np

#: Environment variables that change how NumPy's BLAS runs.
BLAS_VARIABLES = (
    "OPENBLAS_CORETYPE",
    "OPENBLAS_L2_SIZE",
    "OPENBLAS_NUM_THREADS",
    "OMP_NUM_THREADS",
    "MKL_NUM_THREADS",
)

#: Versions worth knowing when comparing two runs.
PACKAGES = (
    "numpy",
    "autograd",
    "sphinx",
    "myst-nb",
    "sphinx-gallery",
    "numpydoc",
    "sphinx-book-theme",
    "matplotlib",
)


def _cpuinfo_field(name: str) -> str | None:
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            key, _, value = line.partition(":")
            if key.strip() == name:
                return value.strip()
    return None


def _memory_gib() -> float | None:
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 2**20, 1)
    return None


def _blas_build() -> dict[str, Any]:
    """The BLAS NumPy was built against, from ``numpy.show_config``."""
    with contextlib.suppress(Exception):
        config: Any = np.show_config(mode="dicts")
        blas = config["Build Dependencies"]["blas"]
        return {
            "name": blas.get("name"),
            "version": blas.get("version"),
            "configuration": blas.get("openblas configuration"),
        }
    return {}


def _openblas_runtime() -> dict[str, Any]:
    """The OpenBLAS core and thread count in use, as threadpoolctl reports them.

    Without threadpoolctl, the same two facts are asked of the OpenBLAS library
    NumPy has loaded (found in ``/proc/self/maps``).
    """
    with contextlib.suppress(ImportError):
        from threadpoolctl import threadpool_info

        for pool in threadpool_info():
            if pool.get("user_api") == "blas":
                return {
                    "source": "threadpoolctl",
                    "internal_api": pool.get("internal_api"),
                    "architecture": pool.get("architecture"),
                    "threads": pool.get("num_threads"),
                    "library": pool.get("filepath"),
                }
    path = None
    with contextlib.suppress(OSError):
        for line in Path("/proc/self/maps").read_text().splitlines():
            if "openblas" in line.lower() and ".so" in line:
                path = line.split()[-1]
                break
    if path is None:
        return {}
    info: dict[str, Any] = {"source": "OpenBLAS library", "library": path}
    with contextlib.suppress(OSError):
        lib = ctypes.CDLL(path)
        for prefix, suffix in (
            ("scipy_", "64_"),
            ("scipy_", ""),
            ("", "64_"),
            ("", ""),
        ):
            corename = getattr(lib, f"{prefix}openblas_get_corename{suffix}", None)
            threads = getattr(lib, f"{prefix}openblas_get_num_threads{suffix}", None)
            if corename is None or threads is None:
                continue
            corename.restype = ctypes.c_char_p
            threads.restype = ctypes.c_int
            info["architecture"] = corename().decode()
            info["threads"] = int(threads())
            break
    return info


def _git() -> dict[str, Any]:
    root = Path(__file__).resolve().parent.parent
    with contextlib.suppress(OSError, subprocess.CalledProcessError):
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        status = subprocess.run(
            ["git", "status", "--porcelain"],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        return {"commit": commit, "uncommitted_changes": bool(status.strip())}
    return {}


def _versions() -> dict[str, str | None]:
    versions: dict[str, str | None] = {}
    for name in PACKAGES:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = None
    return versions


def load_average() -> list[float] | None:
    """The 1, 5 and 15 minute load averages (a busy machine times slower)."""
    with contextlib.suppress(OSError):
        return [round(x, 2) for x in os.getloadavg()]
    return None


def machine_info() -> dict[str, Any]:
    """Everything the report says about the machine, as JSON-ready values."""
    affinity = getattr(os, "sched_getaffinity", None)
    return {
        "date_utc": datetime.datetime.now(datetime.timezone.utc).strftime(
            "%Y-%m-%d %H:%M UTC"
        ),
        "cpu_model": _cpuinfo_field("model name") or platform.processor() or None,
        "logical_cpus": os.cpu_count(),
        "usable_cpus": len(affinity(0)) if affinity else os.cpu_count(),
        "memory_gib": _memory_gib(),
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "python_implementation": platform.python_implementation(),
        "numpy": np.__version__,
        "blas_build": _blas_build(),
        "blas_runtime": _openblas_runtime(),
        "blas_environment": {name: os.environ.get(name) for name in BLAS_VARIABLES},
        "packages": _versions(),
        "git": _git(),
        "load_average_at_start": load_average(),
    }


def describe_machine(info: dict[str, Any]) -> list[str]:
    """Lines for the printed report."""
    blas = info.get("blas_build", {})
    runtime = info.get("blas_runtime", {})
    env = ", ".join(
        f"{name}={value if value is not None else '(unset)'}"
        for name, value in info.get("blas_environment", {}).items()
    )
    return [
        f"CPU      : {info['cpu_model']}, {info['usable_cpus']} usable of "
        f"{info['logical_cpus']} logical CPUs, {info['memory_gib']} GiB",
        f"Python   : {info['python']} ({info['python_implementation']}), {info['os']}",
        f"NumPy    : {info['numpy']}; BLAS {blas.get('name')} {blas.get('version')}"
        f" (core {runtime.get('architecture')}, {runtime.get('threads')} threads)",
        f"BLAS env : {env}",
        f"Load avg : {info.get('load_average_at_start')} at start",
    ]
