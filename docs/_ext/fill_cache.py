"""Fill myst-nb's execution cache in parallel while sphinx-gallery runs the examples.

myst-nb executes a page only when Sphinx reads it, after sphinx-gallery has run
every example, and each reading process runs its pages one after another. This
extension starts jupyter-cache's own parallel executor (``local-parallel``: each
page in a fresh kernel of its own, as myst-nb would run it) in a separate process
before sphinx-gallery starts, and waits for it before Sphinx reads the pages;
myst-nb then finds their outputs in the cache. jupyter-cache itself decides which
pages need running: those whose code is not in the cache yet.

Pages it does not run are left to myst-nb: pages that set their own execution
options, and pages that fail (myst-nb runs them again and reports the error).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from sphinx.project import Project
from sphinx.util import logging

logger = logging.getLogger(__name__)

#: How myst-nb asks jupyter-cache to read a MyST Markdown page.
READER = {"type": "plugin", "name": "myst_nb_md"}


def start(app: Any) -> None:
    """Start executing the site's pages in the background, as early as possible."""
    config = app.config  # conf.py's values, readable once myst-nb has declared them
    if config.nb_execution_mode != "cache":
        return
    project = Project(app.srcdir, {".md": "myst-nb"})
    found = project.discover(config.exclude_patterns, config.include_patterns)
    command = [sys.executable, __file__, config.nb_execution_cache_path]
    command += [str(config.nb_execution_timeout)]
    command += [str(project.doc2path(name, absolute=True)) for name in sorted(found)]
    # Into a file, which (unlike a pipe) cannot fill up and block the executor.
    log = Path(config.nb_execution_cache_path).with_suffix(".log")
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("w", encoding="utf-8") as output:
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)

    def finish(app: Any, env: Any, docnames: list[str]) -> None:
        """Before Sphinx reads the pages: wait for them, and say which ones ran."""
        process.wait()
        lines = log.read_text(encoding="utf-8").splitlines() or [""]
        try:
            result = json.loads(lines[-1])
        except json.JSONDecodeError:
            logger.info("jupyter-cache stopped (%s); myst-nb runs the pages", log)
            return
        # The words myst-nb logs, so that a reader of the log (bench/) finds them.
        for page, seconds in result["executed"].items():
            message = f"{page}: Executed notebook in {seconds:.2f} seconds"
            logger.info("%s [jupyter-cache]", message)
        for page in result["failed"]:
            logger.info("%s: failed in jupyter-cache; myst-nb runs it again", page)

    app.connect("env-before-read-docs", finish)
    app.connect("build-finished", lambda app, exception: process.kill())


def main(cache_path: str, timeout: str, *pages: str) -> None:
    """Add the site's notebook pages to the cache's project and run the outdated ones."""
    from jupyter_cache import get_cache
    from jupyter_cache.executors import load_executor
    from myst_nb.core.read import is_myst_markdown_notebook, myst_nb_reader_plugin

    cache = get_cache(cache_path)
    uris = []
    for page in pages:
        if not is_myst_markdown_notebook(Path(page).read_text(encoding="utf-8")):
            continue
        options = myst_nb_reader_plugin(page).metadata.get("mystnb", {})
        if any(key.startswith("execution_") for key in options):
            continue  # myst-nb applies a page's own options: it runs the page
        cache.add_nb_to_project(page, read_data=READER)
        uris.append(page)
    executor = load_executor("local-parallel", cache)
    result = executor.run_and_cache(filter_uris=uris, timeout=int(timeout))
    executed = {
        page: cache.get_cached_project_nb(page).data["execution_seconds"]
        for page in result.succeeded
    }
    failed = result.excepted + result.errored
    print(json.dumps({"executed": executed, "failed": failed}), flush=True)


def setup(app: Any) -> dict[str, Any]:
    # At once, not on an event: the pages then execute while Sphinx starts up and
    # sphinx-gallery runs the examples, both in one process.
    app.setup_extension("myst_nb")  # declares the nb_execution_* settings
    start(app)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


if __name__ == "__main__":
    main(*sys.argv[1:])
