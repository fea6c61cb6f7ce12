"""Each notebook page offers itself as a notebook that runs as downloaded: an install
cell, then the Markdown and code cells the page shows, with the build's outputs (myst-nb's
{nb-download}: hidden cells too, no install cell, no outputs in cache mode)."""

import os
from pathlib import Path
from typing import Any

import nbformat
from docutils import nodes
from jupyter_cache import get_cache
from myst_nb.core.read import is_myst_markdown_notebook, myst_nb_reader_plugin
from site_index import notebook_install_cell
from sphinx import addnodes


def reader_notebook(executed: Any, first_cell: str) -> Any:
    """The cells the page shows: none tagged remove-cell, no glue record (an output
    marked "scrapbook"), no remove-input cell whose only outputs were glue."""
    cells = [nbformat.v4.new_code_cell(first_cell, id="install")]
    for cell in executed.cells:
        tags, number = cell.metadata.get("tags", []), f"cell-{len(cells)}"
        if cell.cell_type == "markdown" and cells[-1].cell_type == "markdown":
            cells[-1].source += "\n\n" + cell.source  # a hidden cell stood between
        elif cell.cell_type == "markdown":
            cells.append(nbformat.v4.new_markdown_cell(cell.source, id=number))
        if cell.cell_type != "code" or "remove-cell" in tags:
            continue
        cell.outputs = [
            o for o in cell.outputs if "scrapbook" not in o.get("metadata", {})
        ]
        if "remove-input" in tags and not cell.outputs:
            continue
        if "remove-input" in tags:
            cell.metadata["jupyter"] = {"source_hidden": True}  # as the page shows it
        cell.id = number
        cells.append(cell)
    metadata = {key: executed.metadata[key] for key in ("kernelspec", "language_info")}
    return nbformat.v4.new_notebook(cells=cells, metadata=metadata)


def add_notebook(app: Any, doctree: nodes.document) -> None:
    """Write the page's notebook; put the box that offers it under its title."""
    config, docname = app.config, app.env.docname
    source = Path(app.env.doc2path(docname))
    if not is_myst_markdown_notebook(source.read_text(encoding="utf-8")):
        return
    notebook = myst_nb_reader_plugin(str(source))
    code = any(cell.cell_type == "code" for cell in notebook.cells)
    if not code or not notebook.metadata.get("page_notebook", True):
        return  # a page's front matter can say page_notebook: false
    cache = get_cache(config.nb_execution_cache_path)
    _, executed = cache.merge_match_into_notebook(notebook)
    also = notebook.metadata.get("page_notebook_also_installs", "")
    first = notebook_install_cell(config.html_baseurl) + also
    path = Path(app.outdir).parent / "page_notebooks" / f"{docname}.ipynb"
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(reader_notebook(executed, first), path)  # copied when it changed
    link = addnodes.download_reference(
        "", "", reftarget="/" + os.path.relpath(path, app.srcdir), refdoc=docname
    )
    link += nodes.literal(path.name, path.name, classes=["xref", "download"])
    paragraph = nodes.paragraph("", "Download this page as a Jupyter notebook, ", link)
    paragraph += nodes.Text(
        ". Its first cell installs chainrule from this site; the page's code cells "
        "follow, with the outputs shown here."
    )
    title = nodes.title("", "Run this page yourself")
    box = nodes.admonition("", title, paragraph, classes=["page-notebook"])
    next(doctree.findall(nodes.section)).insert(1, box)


def setup(app: Any) -> dict[str, Any]:
    app.connect("doctree-read", add_notebook, priority=400)  # before downloads (500)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
