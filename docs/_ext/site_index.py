"""The site is also a package index: it serves chainrule's own wheel and sdist.

chainrule is not on PyPI. The Sphinx build itself (Read the Docs runs only
``sphinx-build``) builds the wheel and the sdist of the project it documents and
writes a PEP 503 "simple" index beside the pages::

    simple/index.html                    links to chainrule/
    simple/chainrule/index.html          links to each file, with #sha256=
    simple/chainrule/chainrule-*.whl     and the sdist, chainrule-*.tar.gz

so that ``pip install --extra-index-url <site>/simple/ chainrule`` installs the
library from the hosted site alone, NumPy and Matplotlib coming from PyPI. No
Sphinx extension serves a package index, hence this small one.

The site's address is ``READTHEDOCS_CANONICAL_URL`` on Read the Docs, and
otherwise the one ``make serve`` serves the local build on (``LOCAL_SITE_URL``).
Every install instruction is made here, from that address: the ``install-command``
directive of the landing page, the first cell of every downloadable notebook, and
the install line of each gallery example's header (``bake_gallery``).
"""

from __future__ import annotations

import hashlib
import html
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Mapping
from email.parser import HeaderParser
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

logger = logging.getLogger(__name__)

#: The project: this file is docs/_ext/site_index.py.
ROOT = Path(__file__).resolve().parents[2]
#: Where `make serve` serves docs/_build/html (the Makefile's SERVE_* variables).
LOCAL_SITE_URL = "http://127.0.0.1:8000/"
#: The distribution's name, normalised as PEP 503 asks.
PROJECT = "chainrule"
#: What the wheel and the sdist are made from (pyproject.toml's [tool.hatch.build]).
SOURCES = ("src", "tests", "pyproject.toml", "README.md")


def site_url(environ: Mapping[str, str] = os.environ) -> str:
    """The address the site is served on, ending in a slash."""
    canonical = environ.get("READTHEDOCS_CANONICAL_URL", "").strip()
    return canonical.rstrip("/") + "/" if canonical else LOCAL_SITE_URL


def install_command(url: str) -> str:
    """The command that installs chainrule from the site at ``url``."""
    return f"pip install --extra-index-url {url}simple/ {PROJECT}"


def notebook_install_cell(url: str) -> str:
    """The first cell of every notebook the site offers."""
    return (
        "# Install chainrule from the site this notebook comes from; NumPy and\n"
        "# Matplotlib come from PyPI. (Already installed? pip says so and stops.)\n"
        f"%{install_command(url)}"
    )


# -- the gallery's headers ------------------------------------------------------


def bake_gallery(source: Path, target: Path, url: str) -> Path:
    """Copy the gallery into ``target`` with each example's install line naming
    the site at ``url`` instead of the local build's address; return ``target``.

    The scripts in gallery/ carry the local build's command. A site served
    elsewhere (Read the Docs) builds its gallery from this copy, so that the
    header of a downloaded example names the site it came from. Files are
    rewritten only when their text changes (sphinx-gallery compares sources).
    """
    local, hosted = install_command(LOCAL_SITE_URL), install_command(url)
    for path in sorted(source.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts:
            continue
        copy = target / path.relative_to(source)
        data = path.read_bytes()
        if path.suffix == ".py":
            data = data.replace(local.encode(), hosted.encode())
        if not copy.is_file() or copy.read_bytes() != data:
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_bytes(data)
    return target


# -- the landing page's install instructions ----------------------------------------


class InstallCommand(SphinxDirective):
    """``{install-command}``: the command that installs chainrule from this site,
    and for a local build, the sentence that says where its index is served."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        url = self.config.site_index_url
        command = install_command(url)
        block = nodes.literal_block(command, command, language="shell")
        result: list[nodes.Node] = [block]
        if url == LOCAL_SITE_URL:
            text = (
                "This copy of the site was built on your machine: its package "
                f"index is served with the pages by make serve, on {url}. "
                "Run make serve in the clone first, then the command above in the "
                "environment of your choice."
            )
            paragraph = nodes.paragraph()
            for part in text.split("make serve"):
                if paragraph.children:
                    paragraph += nodes.literal("make serve", "make serve")
                paragraph += nodes.Text(part)
            result.append(paragraph)
        return result


# -- the distributions and the index ----------------------------------------------


def newest_source() -> float:
    """The time of the last change to what the distributions are made from."""
    paths = [ROOT / name for name in SOURCES]
    files = [
        p for path in paths for p in (path.rglob("*") if path.is_dir() else [path])
    ]
    return max(p.stat().st_mtime for p in files if "__pycache__" not in p.parts)


def start_build(app: Any) -> None:
    """Start building the wheel and the sdist while Sphinx builds the pages,
    unless the index in the output folder is newer than all their sources."""
    if app.builder.name not in ("html", "dirhtml"):
        return
    index = Path(app.outdir) / "simple" / PROJECT / "index.html"
    if index.is_file() and index.stat().st_mtime > newest_source():
        return
    dist = Path(tempfile.mkdtemp(prefix="chainrule-dist-"))
    log = dist / "build.log"
    command = [sys.executable, "-m", "build", "--no-isolation"]
    command += ["--skip-dependency-check", "--sdist", "--wheel"]
    command += ["--outdir", str(dist), str(ROOT)]
    with log.open("w", encoding="utf-8") as output:
        process = subprocess.Popen(
            command, cwd=ROOT, stdout=output, stderr=subprocess.STDOUT
        )

    def finish(app: Any, exception: BaseException | None) -> None:
        try:
            if process.wait() != 0:
                tail = log.read_text(encoding="utf-8")[-3000:]
                logger.warning("building chainrule's wheel and sdist failed:\n%s", tail)
            elif exception is None:
                write_index(dist, Path(app.outdir) / "simple")
        finally:
            shutil.rmtree(dist, ignore_errors=True)

    app.connect("build-finished", finish)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def requires_python(wheel: Path) -> str:
    """The wheel's own Requires-Python, from its METADATA."""
    with zipfile.ZipFile(wheel) as archive:
        (name,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        metadata = HeaderParser().parsestr(archive.read(name).decode("utf-8"))
    return metadata.get("Requires-Python", "")


def page(title: str, links: list[tuple[str, str, dict[str, str]]]) -> str:
    """A PEP 503 page: one anchor per link, as (href, text, attributes)."""
    anchors = []
    for href, text, attributes in links:
        extra = "".join(
            f' {name}="{html.escape(value)}"' for name, value in attributes.items()
        )
        anchors.append(
            f'    <a href="{html.escape(href)}"{extra}>{html.escape(text)}</a><br>'
        )
    body = "\n".join(anchors)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n'
        "  <head>\n"
        '    <meta charset="utf-8">\n'
        '    <meta name="pypi:repository-version" content="1.0">\n'
        f"    <title>{html.escape(title)}</title>\n"
        "  </head>\n"
        "  <body>\n"
        f"    <h1>{html.escape(title)}</h1>\n"
        f"{body}\n"
        "  </body>\n"
        "</html>\n"
    )


def write_index(dist: Path, simple: Path) -> None:
    """Put the distributions in ``dist`` into a PEP 503 index at ``simple``."""
    files = sorted(dist.glob(f"{PROJECT}-*.whl")) + sorted(
        dist.glob(f"{PROJECT}-*.tar.gz")
    )
    wheels = [path for path in files if path.suffix == ".whl"]
    if len(wheels) != 1 or len(files) != 2:
        logger.warning("expected one wheel and one sdist; the build made %s", files)
        return
    shutil.rmtree(simple, ignore_errors=True)
    project = simple / PROJECT
    project.mkdir(parents=True)
    python = requires_python(wheels[0])
    links = []
    for path in files:
        shutil.copy2(path, project / path.name)
        attributes = {"data-requires-python": python} if python else {}
        links.append((f"{path.name}#sha256={sha256(path)}", path.name, attributes))
    (project / "index.html").write_text(page(f"Links for {PROJECT}", links), "utf-8")
    (simple / "index.html").write_text(
        page("Simple index", [(f"{PROJECT}/", PROJECT, {})]), "utf-8"
    )


def setup(app: Any) -> dict[str, Any]:
    app.add_config_value("site_index_url", LOCAL_SITE_URL, "env", str)
    app.add_directive("install-command", InstallCommand)
    app.connect("builder-inited", start_build)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
