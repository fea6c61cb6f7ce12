"""Each notebook page offers itself for download as a Jupyter notebook.

The notebook a reader downloads is the page as it runs on its own: first a cell
that installs chainrule from the site (``page_notebook_first_cell``), then the
page's Markdown and its visible code cells, each with the outputs the build gave
it. Cells the page does not show are left out: those tagged ``remove-cell``,
those tagged ``remove-input`` whose only outputs are glue records, and glue
records wherever they are. So a notebook that runs as downloaded is also the
proof that the page's visible cells run without its hidden ones.

myst-nb's own ``{nb-download}`` role offers the page's executed notebook, but
that holds the hidden cells, has no install cell and, in cache mode, no outputs;
hence this small extension. The outputs come from jupyter-cache, where myst-nb
keeps them (``nb_execution_cache_path``). Each page gets a box under its title
with the download link (``page_notebook_skip`` lists the pages that do not).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

import nbformat
from docutils import nodes
from jupyter_cache import get_cache
from myst_nb.core.read import is_myst_markdown_notebook, myst_nb_reader_plugin
from sphinx import addnodes
from sphinx.util import logging

logger = logging.getLogger(__name__)

#: Tags of cells, or of outputs, that the page does not show.
REMOVED_CELL = "remove-cell"
REMOVED_INPUT = "remove-input"
REMOVED_OUTPUT = "remove-output"
REMOVED_STREAMS = {"remove-stdout": "stdout", "remove-stderr": "stderr"}


def is_glue(output: Any) -> bool:
    """myst-nb's ``glue(...)`` records a value as an output marked "scrapbook"."""
    return "scrapbook" in output.get("metadata", {})


def shown_outputs(cell: Any) -> list[Any]:
    """The outputs of a code cell that its page shows."""
    tags = set(cell.metadata.get("tags", []))
    if REMOVED_OUTPUT in tags:
        return []
    hidden = {stream for tag, stream in REMOVED_STREAMS.items() if tag in tags}
    return [
        output
        for output in cell.get("outputs", [])
        if not is_glue(output)
        and not (output.get("output_type") == "stream" and output.name in hidden)
    ]


def reader_notebook(executed: Any, first_cell: str) -> Any:
    """The notebook a reader downloads: ``first_cell``, then the page's Markdown
    and visible code cells of the executed notebook, with their outputs."""
    cells = [nbformat.v4.new_code_cell(first_cell, id="install")]
    for cell in executed.cells:
        tags = list(cell.metadata.get("tags", []))
        metadata: dict[str, Any] = {"tags": tags} if tags else {}
        number = f"cell-{len(cells)}"
        if cell.cell_type == "markdown":
            if cells[-1].cell_type == "markdown":  # a hidden cell stood between them
                cells[-1].source += "\n\n" + cell.source
            else:
                cells.append(nbformat.v4.new_markdown_cell(cell.source, id=number))
            continue
        if cell.cell_type != "code" or REMOVED_CELL in tags:
            continue
        outputs = shown_outputs(cell)
        if REMOVED_INPUT in tags:
            if not outputs:
                continue  # a hidden cell that only glues values into the text
            metadata["jupyter"] = {"source_hidden": True}  # as the page shows it
        code = nbformat.v4.new_code_cell(cell.source, id=number, metadata=metadata)
        code.outputs = outputs
        code.execution_count = cell.get("execution_count")
        cells.append(code)
    metadata = {
        key: executed.metadata[key]
        for key in ("kernelspec", "language_info")
        if key in executed.metadata
    }
    return nbformat.v4.new_notebook(cells=cells, metadata=metadata)


def notebook_box(reference: nodes.Node) -> nodes.admonition:
    """The box under the page's title that offers the notebook."""
    paragraph = nodes.paragraph()
    paragraph += nodes.Text("Download this page as a Jupyter notebook, ")
    paragraph += reference
    paragraph += nodes.Text(
        ". Its first cell installs chainrule from this site; the page's code cells "
        "follow, with the outputs shown here."
    )
    title = nodes.title("", "Run this page yourself")
    return nodes.admonition("", title, paragraph, classes=["page-notebook"])


def add_notebook(app: Any, doctree: nodes.document) -> None:
    """Write the page's notebook and put the box that offers it under its title."""
    env = app.env
    docname = env.docname
    source = Path(env.doc2path(docname))
    if docname in app.config.page_notebook_skip or source.suffix != ".md":
        return
    if not is_myst_markdown_notebook(source.read_text(encoding="utf-8")):
        return
    notebook = myst_nb_reader_plugin(str(source))
    if not any(cell.cell_type == "code" for cell in notebook.cells):
        return
    cache_path = app.config.nb_execution_cache_path or str(
        Path(app.outdir).parent / ".jupyter_cache"
    )
    try:
        _, executed = get_cache(cache_path).merge_match_into_notebook(notebook)
    except KeyError:
        logger.warning(
            "%s: no executed copy in jupyter-cache, so no notebook to download",
            docname,
            location=docname,
        )
        return
    text = nbformat.writes(
        reader_notebook(executed, app.config.page_notebook_first_cell)
    )
    path = Path(app.outdir).parent / "page_notebooks" / f"{docname}.ipynb"
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    sections = list(doctree.findall(nodes.section))
    if not sections:
        return
    reference = addnodes.download_reference(
        "", "", reftarget="/" + os.path.relpath(path, app.srcdir), refdoc=docname
    )
    reference += nodes.literal(path.name, path.name, classes=["xref", "download"])
    sections[0].insert(1, notebook_box(reference))


def setup(app: Any) -> dict[str, Any]:
    app.setup_extension("myst_nb")  # declares nb_execution_cache_path
    app.add_config_value("page_notebook_first_cell", "", "env", str)
    app.add_config_value("page_notebook_skip", [], "env", list)
    # Before Sphinx's own download collector (priority 500) records the files.
    app.connect("doctree-read", add_notebook, priority=400)
    # The notebooks are written when a page is read: a new version of this file
    # makes Sphinx read every page again (a new env_version does that).
    version = int(hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:8], 16)
    return {
        "env_version": version,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
