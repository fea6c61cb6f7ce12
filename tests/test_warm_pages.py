"""docs/_ext/warm_pages.py: pages run on a warm kernel show what a fresh kernel shows.

The site runs its pages one after another on a few long-lived kernels, resetting
the kernel before each page. These tests hold that promise to account: every page
of the site, run after all the others on a single kernel (the most state one page
could leave to the next), must give exactly the outputs it gives in a kernel of its
own, as myst-nb would run it and as a reader running the page would see.
"""

from __future__ import annotations

import copy
import json
import re
import runpy
import sys
import textwrap
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.site

nbclient = pytest.importorskip("nbclient")
myst_config = pytest.importorskip("myst_parser.config.main")
nb_config_module = pytest.importorskip("myst_nb.core.config")

DOCS = Path(__file__).resolve().parent.parent / "docs"
sys.path.insert(0, str(DOCS / "_ext"))
import warm_pages  # noqa: E402

NB_CONFIG = nb_config_module.NbParserConfig(execution_mode="cache")
#: Markdown read as the site reads it (docs/conf.py's MyST extensions).
MD_CONFIG = myst_config.MdParserConfig(
    enable_extensions=set(
        runpy.run_path(str(DOCS / "conf.py"))["myst_enable_extensions"]
    )
)
TIMEOUT = 120
#: Timings a page prints ("nudging    2.42 ms") differ from run to run, and so
#: does the padding a fixed-width format puts before them.
TIMING = re.compile(r" *\d+(\.\d+)?(?= m?s\b)")


def read(path: Path) -> warm_pages.Page | None:
    page = warm_pages.read_page(path.stem, path, MD_CONFIG, NB_CONFIG)
    if page is None or not warm_pages._runs_here(page.notebook, NB_CONFIG):
        return None
    return page


def site_pages() -> list[warm_pages.Page]:
    pages = (read(path) for path in sorted(DOCS.glob("*.md")))
    return [page for page in pages if page is not None]


def run_fresh(notebook: Any, cwd: Path) -> Any:
    """Execute as myst-nb does: a kernel of its own, started in the page's folder."""
    client = nbclient.NotebookClient(
        notebook,
        timeout=TIMEOUT,
        allow_errors=False,
        record_timing=False,
        resources={"metadata": {"path": str(cwd)}},
    )
    return client.execute()


def comparable(cell: Any) -> dict[str, Any]:
    """A code cell's count and outputs, with printed text merged into one output
    per stream (as the site shows it: nb_merge_streams) and timings masked."""
    outputs: list[dict[str, Any]] = []
    for output in json.loads(json.dumps(cell.outputs)):
        previous = outputs[-1] if outputs else {}
        if output["output_type"] == "stream" and previous.get("name") == output["name"]:
            previous["text"] += output["text"]
        else:
            outputs.append(output)
    for output in outputs:
        if output["output_type"] == "stream":
            output["text"] = TIMING.sub(" <t>", output["text"])
    return {"execution_count": cell.execution_count, "outputs": outputs}


def page_from_text(tmp_path: Path, name: str, cells: list[str]) -> warm_pages.Page:
    header = "---\nfile_format: mystnb\nkernelspec:\n  name: python3\n"
    header += "  display_name: Python 3\n---\n\n# A page\n"
    body = "".join(f"\n```{{code-cell}} ipython3\n{code}\n```\n" for code in cells)
    path = tmp_path / f"{name}.md"
    path.write_text(header + body, encoding="utf-8")
    page = read(path)
    assert page is not None
    return page


def test_every_page_with_code_is_found():
    with_code = {p.stem for p in DOCS.glob("*.md") if "```{code-cell}" in p.read_text()}
    found = {page.docname for page in site_pages()}
    # performance.md re-runs on every build (execution_mode: force): myst-nb's job.
    assert found == with_code - {"performance"}
    assert {"functions", "chain_rule", "matrix_graph"} <= found


def test_a_warm_kernel_gives_every_page_the_outputs_of_a_fresh_one():
    pages = site_pages()
    fresh = {page.docname: copy.deepcopy(page.notebook) for page in pages}
    outcomes = warm_pages.execute_pages(pages, kernels=1, timeout=TIMEOUT)
    assert [o.error for o in outcomes] == [None] * len(pages)
    assert sorted(o.page.docname for o in outcomes) == sorted(fresh)
    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(lambda nb: run_fresh(nb, DOCS), fresh.values()))
    for page in pages:
        warm_cells = [c for c in page.notebook.cells if c.cell_type == "code"]
        fresh_cells = [c for c in fresh[page.docname].cells if c.cell_type == "code"]
        assert any(c.outputs for c in warm_cells), page.docname
        for index, (warm, alone) in enumerate(
            zip(warm_cells, fresh_cells, strict=True)
        ):
            assert comparable(warm) == comparable(alone), (
                f"{page.docname}, cell {index}"
            )


def test_no_state_crosses_from_one_page_to_the_next(tmp_path):
    leaves_state = page_from_text(
        tmp_path,
        "first",
        [
            textwrap.dedent("""\
                import numpy as np, matplotlib, warnings
                np.set_printoptions(precision=2)
                np.seterr(all="raise")
                matplotlib.rcParams["lines.linewidth"] = 9.0
                warnings.simplefilter("ignore")
                left_behind = 42
                %xmode Minimal"""),
        ],
    )
    checks = page_from_text(
        tmp_path,
        "second",
        [
            textwrap.dedent("""\
                import numpy as np, matplotlib, warnings, os
                print(np.get_printoptions()["precision"], np.geterr()["over"])
                print(matplotlib.rcParams["lines.linewidth"])
                print("left_behind" in globals(), warnings.filters[0][0])
                print(get_ipython().InteractiveTB.mode, os.getcwd())"""),
        ],
    )
    expected = run_fresh(copy.deepcopy(checks.notebook), tmp_path)
    outcomes = warm_pages.execute_pages([leaves_state, checks], kernels=1, timeout=60)
    assert [o.error for o in outcomes] == [None, None]
    warm_cell, fresh_cell = checks.notebook.cells[1], expected.cells[1]
    assert comparable(warm_cell) == comparable(fresh_cell)
    assert warm_cell.execution_count == 1
    assert "False" in warm_cell.outputs[0]["text"]  # left_behind is gone


def test_a_failing_page_is_reported_and_the_next_still_runs(tmp_path):
    failing = page_from_text(tmp_path, "failing", ["raise ValueError('on purpose')"])
    fine = page_from_text(tmp_path, "fine", ["print(6 * 7)"])
    outcomes = {
        o.page.docname: o
        for o in warm_pages.execute_pages([failing, fine], kernels=1, timeout=60)
    }
    assert "on purpose" in (outcomes["failing"].error or "")
    assert outcomes["fine"].error is None
    assert fine.notebook.cells[1].outputs[0]["text"] == "42\n"
