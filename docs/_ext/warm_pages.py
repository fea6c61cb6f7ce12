"""Execute the site's pages before Sphinx reads them: in parallel, in warm kernels.

myst-nb executes a page when Sphinx reads it, each in a kernel of its own. On this
site that costs about 2 s per page before its first line runs (starting the kernel,
importing numpy, matplotlib and chainrule), and Sphinx's parallel read hands the
pages out in uneven batches.

This extension runs, while sphinx-gallery executes the examples in the main
process, every page whose outputs are not in myst-nb's cache yet, on a few kernels
that each start once and then run page after page. Before each page the kernel is
put back as a fresh one would be (the model is sphinx-gallery, which runs all its
examples in one process): the namespace and the execution count are reset, the
working folder is the page's, and numpy's print options and error handling,
matplotlib's settings and figures, and the warning filters are restored to what
they were when the kernel had just started. The outputs go into myst-nb's cache,
where myst-nb finds them when Sphinx reads the page.

Whatever this does not handle is left to myst-nb, which then runs the page itself
as before: a page that fails here (myst-nb runs it again in a kernel of its own and
reports the error), a page with another kernel or execution mode, a page whose
source a ``source-read`` hook changes. ``tests/test_warm_pages.py`` checks that
each page gives the same outputs when run on its own in a fresh kernel.
"""

from __future__ import annotations

import asyncio
import atexit
import os
import queue
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sphinx.util import logging

logger = logging.getLogger(__name__)

#: Run in each kernel once, after it starts: what every page imports anyway, and a
#: snapshot of the state that FRESH_PAGE restores before each page.
WARM_UP = """
import os, sys, types, warnings
import numpy, matplotlib, matplotlib.pyplot
import chainrule, myst_nb

# The first figure loads the inline backend, which switches matplotlib to
# interactive mode and registers the hook that shows a cell's figures: that must
# be part of the state kept, as it is in every kernel once a page makes a figure.
matplotlib.pyplot.close(matplotlib.pyplot.figure())
sys.modules["_warm_pages_start"] = types.SimpleNamespace(
    print_options=numpy.get_printoptions(),
    error_handling=numpy.geterr(),
    rc_params=matplotlib.rcParams.copy(),
    warning_filters=list(warnings.filters),
    traceback_mode=get_ipython().InteractiveTB.mode,
)
del os, sys, types, warnings, numpy, matplotlib, chainrule, myst_nb
"""

#: Run (without counting as a cell) before each page; ``{cwd}`` is the page's folder.
FRESH_PAGE = """
import os as _os, sys as _sys, warnings as _warnings
import numpy as _np, matplotlib as _mpl, matplotlib.pyplot as _plt

_start = _sys.modules["_warm_pages_start"]
_os.chdir({cwd!r})
_np.set_printoptions(**_start.print_options)
_np.seterr(**_start.error_handling)
_np.random.seed()
_plt.close("all")
dict.update(_mpl.rcParams, _start.rc_params)  # values checked once already
_warnings.filters[:] = _start.warning_filters
_warnings._filters_mutated()  # forget which warnings were already shown once
get_ipython().InteractiveTB.set_mode(_start.traceback_mode)
# Empty namespace, new history session, execution count back to 1.
get_ipython().reset(new_session=True)
"""


@dataclass
class Page:
    """A page to execute: its path and the notebook myst-nb reads from it."""

    docname: str
    path: Path
    notebook: Any  # nbformat.NotebookNode
    read_fmt: dict[str, Any] | None


@dataclass
class Outcome:
    """What became of one page: the executed notebook, or why it failed."""

    page: Page
    seconds: float
    kernel: int
    error: str | None = None


@dataclass
class Run:
    """Pages executing in the background, and their outcomes once finished."""

    pages: list[Page]
    workers: int  # no more kernels start than there are pages
    timeout: int
    outcomes: queue.Queue[Outcome] = field(default_factory=queue.Queue)
    thread: threading.Thread | None = None
    processes: list[Any] = field(default_factory=list)  # kernel Popen objects
    kernel_failures: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.workers = min(self.workers, len(self.pages))


def _source_docnames(app: Any) -> Iterator[str]:
    exclude = list(app.config.exclude_patterns)
    include = list(app.config.include_patterns)
    yield from sorted(app.project.discover(exclude, include))


def _pages_to_run(app: Any) -> list[Page]:
    """Pages in myst-nb's cache mode whose outputs the cache does not hold."""
    from jupyter_cache import get_cache

    nb_config = app.env.mystnb_config
    if nb_config.execution_mode != "cache":
        return []
    cache = get_cache(nb_config.execution_cache_path)
    pages = []
    for docname in _source_docnames(app):
        path = Path(app.env.doc2path(docname))
        if path.suffix != ".md" or _unchanged_since_read(app.env, docname, path):
            continue
        page = read_page(docname, path, app.env.myst_config, nb_config)
        if page is None or not _runs_here(page.notebook, nb_config):
            continue
        try:
            cache.match_cache_notebook(page.notebook)
        except KeyError:
            pages.append(page)
    return pages


def _unchanged_since_read(env: Any, docname: str, path: Path) -> bool:
    """Whether Sphinx read the page after its last change (the cache then has it:
    this keeps a rebuild with nothing changed from reading every page twice)."""
    read_at = env.all_docs.get(docname)  # microseconds, as Sphinx records it
    return read_at is not None and path.stat().st_mtime_ns // 1_000 <= read_at


def read_page(docname: str, path: Path, md_config: Any, nb_config: Any) -> Page | None:
    """The page as myst-nb reads it, or None when myst-nb does not see a notebook."""
    from myst_nb.core.read import create_nb_reader

    text = path.read_text(encoding="utf-8")
    reader = create_nb_reader(str(path), md_config, nb_config, text)
    if reader is None:
        return None
    return Page(docname, path, reader.read(text), reader.read_fmt)


def _runs_here(notebook: Any, nb_config: Any) -> bool:
    """Whether myst-nb would execute this notebook from the cache, in a python3 kernel."""
    overrides = notebook.metadata.get(nb_config.metadata_key, {})
    mode = overrides.get("execution_mode", nb_config.execution_mode)
    kernel = notebook.metadata.get("kernelspec", {}).get("name")
    has_code = any(cell.cell_type == "code" for cell in notebook.cells)
    return mode == "cache" and kernel == "python3" and has_code


async def _execute(code: str, client: Any, timeout: float) -> None:
    reply = await client.execute_interactive(
        code, store_history=False, timeout=timeout, output_hook=lambda message: None
    )
    content = reply["content"]
    if content["status"] != "ok":
        raise RuntimeError(f"{content.get('ename')}: {content.get('evalue')}")


def _describe(failure: Exception) -> str:
    """``ValueError: ...`` for an error in a cell, else the exception itself."""
    name = getattr(failure, "ename", type(failure).__name__)
    value = getattr(failure, "evalue", str(failure))
    return f"{name}: {value}".splitlines()[0]


async def _kernel_worker(number: int, run: Run, todo: asyncio.Queue[Page]) -> None:
    """Start one kernel and run pages from ``todo`` on it until none are left."""
    from jupyter_client.manager import AsyncKernelManager
    from nbclient import NotebookClient

    manager = AsyncKernelManager(kernel_name="python3")
    try:
        await manager.start_kernel(cwd=str(run.pages[0].path.parent))
    except Exception as failure:  # reported; myst-nb runs the pages instead
        run.kernel_failures.append(f"kernel {number}: {_describe(failure)}")
        return
    run.processes.append(manager.provisioner.process)
    client = manager.client()
    client.start_channels()
    try:
        await client.wait_for_ready(timeout=120)
        await _execute(WARM_UP, client, timeout=120)
    except Exception as failure:  # reported; myst-nb runs the pages instead
        run.kernel_failures.append(f"kernel {number}: {_describe(failure)}")
        client.stop_channels()
        await manager.shutdown_kernel(now=True)
        return
    try:
        while not todo.empty():
            page = todo.get_nowait()
            start = time.perf_counter()
            error = None
            try:
                fresh = FRESH_PAGE.format(cwd=str(page.path.parent))
                await _execute(fresh, client, timeout=60)
                notebook_client = NotebookClient(
                    page.notebook,
                    km=manager,
                    timeout=run.timeout,
                    allow_errors=False,
                    record_timing=False,  # as myst-nb runs it
                )
                notebook_client.kc = client
                try:
                    await notebook_client.async_execute()
                finally:  # nbclient asks to shut the kernel down at exit: done below
                    atexit.unregister(notebook_client._cleanup_kernel)
            except Exception as failure:  # reported, and myst-nb runs the page again
                error = _describe(failure)
            run.outcomes.put(Outcome(page, time.perf_counter() - start, number, error))
    finally:
        client.stop_channels()
        await manager.shutdown_kernel(now=True)


async def _run_all(run: Run) -> None:
    todo: asyncio.Queue[Page] = asyncio.Queue()
    for page in run.pages:
        todo.put_nowait(page)
    await asyncio.gather(
        *(_kernel_worker(number + 1, run, todo) for number in range(run.workers))
    )


def _kill_kernels(run: Run) -> None:
    """At interpreter exit (Ctrl-C during the gallery, say), leave no kernel behind."""
    for process in run.processes:
        if process is not None and process.poll() is None:
            process.kill()


def execute_pages(pages: list[Page], kernels: int, timeout: int) -> list[Outcome]:
    """Run ``pages`` on ``kernels`` warm kernels and wait: each page's notebook is
    executed in place. The outcomes come in the order the pages finished."""
    run = Run(pages, kernels, timeout)
    asyncio.run(_run_all(run))
    return [run.outcomes.get_nowait() for _ in range(run.outcomes.qsize())]


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


def start(app: Any) -> None:
    """builder-inited: start executing the pages the cache lacks, in the background."""
    pages = _pages_to_run(app)
    if not pages:
        return
    kernels = app.config.warm_pages_kernels or max(2, os.cpu_count() or 2)
    timeout = app.env.mystnb_config.execution_timeout
    run = Run(pages, kernels, timeout)
    run.thread = threading.Thread(
        target=asyncio.run, args=(_run_all(run),), name="warm-pages", daemon=True
    )
    atexit.register(_kill_kernels, run)
    logger.info(
        "executing %s on %s, in the background",
        _count(len(pages), "page"),
        _count(run.workers, "warm kernel"),
    )
    run.thread.start()
    app._warm_pages_run = run


def finish(app: Any, env: Any, docnames: list[str]) -> None:
    """env-before-read-docs: wait for the pages and put their outputs in the cache."""
    run: Run | None = getattr(app, "_warm_pages_run", None)
    if run is None or run.thread is None:
        return
    app._warm_pages_run = None
    run.thread.join()
    for failure in run.kernel_failures:
        logger.info(
            "a warm kernel failed to start (%s); myst-nb runs its pages", failure
        )
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    cache = get_cache(env.mystnb_config.execution_cache_path)
    while not run.outcomes.empty():
        outcome = run.outcomes.get_nowait()
        page = outcome.page
        if outcome.error is not None:
            logger.info(
                "%s: failed in a warm kernel (%s); myst-nb runs it on its own",
                page.path,
                outcome.error,
            )
            continue
        read_data = {} if page.read_fmt is None else {"read_data": page.read_fmt}
        record = cache.add_nb_to_project(str(page.path), **read_data)
        cache.cache_notebook_bundle(
            CacheBundleIn(
                page.notebook, record.uri, data={"execution_seconds": outcome.seconds}
            ),
            check_validity=False,
            overwrite=True,
        )
        logger.info(
            "%s: Executed notebook in %.2f seconds [warm kernel %d]",
            page.path,
            outcome.seconds,
            outcome.kernel,
        )


def stop(app: Any, exception: BaseException | None) -> None:
    """build-finished: if the build ended before reading (an error), stop the kernels."""
    run: Run | None = getattr(app, "_warm_pages_run", None)
    if run is not None and run.thread is not None:
        _kill_kernels(run)
        run.thread.join()


def setup(app: Any) -> dict[str, Any]:
    app.add_config_value("warm_pages_kernels", 0, "", types=(int,))
    # Listed in conf.py's extensions after myst_nb and before sphinx-gallery, so this
    # runs after myst-nb's builder-inited handler (it creates env.mystnb_config) and
    # before sphinx-gallery's, which then runs the examples while the pages execute.
    app.connect("builder-inited", start)
    app.connect("env-before-read-docs", finish)
    app.connect("build-finished", stop)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
