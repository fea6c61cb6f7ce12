"""The site's address (READTHEDOCS_CANONICAL_URL on Read the Docs, else LOCAL_SITE_URL),
its sitemap, and its PEP 503 package index of chainrule's wheel and sdist (chainrule is
not on PyPI, and no extension serves an index), which every install command names."""

import hashlib
import importlib.metadata
import os
import shutil
import subprocess
import sys
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from sphinx.util import logging

ROOT = Path(__file__).resolve().parents[2]
LOCAL_SITE_URL = "http://127.0.0.1:8000/"  # `make serve`: its SERVE_HOST, SERVE_PORT
SOURCES = ("src", "tests", "pyproject.toml", "README.md")  # the wheel's and sdist's
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"


def site_url(environ: Mapping[str, str] = os.environ) -> str:
    canonical = environ.get("READTHEDOCS_CANONICAL_URL", "").strip()
    return canonical.rstrip("/") + "/" if canonical else LOCAL_SITE_URL


def install_command(url: str) -> str:
    return f"pip install --extra-index-url {url}simple/ chainrule"


def notebook_install_cell(url: str) -> str:
    return (
        "# Install chainrule from the site this notebook comes from; NumPy and\n"
        "# Matplotlib come from PyPI. (Already installed? pip says so and stops.)\n"
        f"%{install_command(url)}"
    )


def bake_gallery(source: Path, target: Path, url: str) -> Path:
    """A copy of the gallery whose install lines name ``url``; a file is rewritten
    only when it changes (sphinx-gallery compares sources)."""
    local, hosted = (install_command(u).encode() for u in (LOCAL_SITE_URL, url))
    for path in source.rglob("*"):
        if path.is_file() and "__pycache__" not in path.parts:
            copy, data = target / path.relative_to(source), path.read_bytes()
            data = data.replace(local, hosted) if path.suffix == ".py" else data
            if not copy.is_file() or copy.read_bytes() != data:
                copy.parent.mkdir(parents=True, exist_ok=True)
                copy.write_bytes(data)
    return target


def substitutions(url: str) -> dict[str, str]:
    """The landing page's install command, and for a local build, where its index is
    served (myst-parser's substitutions: ``{{ install_command }}``, ``{{ served }}``)."""
    served = (
        "This copy of the site was built on your machine: its package index is served "
        f"with the pages by `make serve`, on {url}. Run `make serve` in the clone "
        "first, then the command above in the environment of your choice."
    )
    return {
        "install_command": f"```shell\n{install_command(url)}\n```",
        "served": served if url == LOCAL_SITE_URL else "",
    }


def start_build(app: Any) -> None:
    """Build the wheel and the sdist into simple/chainrule/ while Sphinx writes the
    pages, unless its index page is newer than everything they are made from."""
    project, build = Path(app.outdir, "simple", "chainrule"), [sys.executable, "-m"]
    paths = [p for name in SOURCES for p in [ROOT / name, *(ROOT / name).rglob("*")]]
    newest = max(p.stat().st_mtime for p in paths if "__pycache__" not in p.parts)
    index = project / "index.html"
    if index.is_file() and index.stat().st_mtime > newest:
        return
    shutil.rmtree(project.parent, ignore_errors=True)
    build += ["build", "--no-isolation", "--skip-dependency-check", "--sdist"]
    build += ["--wheel", "--outdir", str(project), str(ROOT)]
    output = dict(stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    done = ThreadPoolExecutor(1).submit(subprocess.run, build, cwd=ROOT, **output)

    def index_pages(app: Any) -> Any:
        """The index's two pages (docs/_templates/simple.html), beside the files."""
        if done.result().returncode != 0:
            log = done.result().stdout[-3000:]
            logging.getLogger(__name__).warning("building the wheel failed:\n%s", log)
            return
        links = []
        for path in sorted(project.glob("chainrule-*")):  # .whl, .tar.gz
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            links.append((f"{path.name}#sha256={digest}", path.name))
        context = {"title": "Simple index", "links": [("chainrule/", "chainrule")]}
        yield "simple/index", context, "simple.html"
        python = importlib.metadata.metadata("chainrule")["Requires-Python"]
        context = {"title": "Links for chainrule", "links": links, "python": python}
        yield "simple/chainrule/index", context, "simple.html"

    app.connect("html-collect-pages", index_pages)


def write_sitemap(app: Any, exception: BaseException | None) -> None:
    """Every page, sorted (sphinx-sitemap lists only the pages a build writes: its #13)."""
    if exception is None and app.builder.format == "html":
        root = ElementTree.Element("urlset", xmlns=SITEMAP)
        for link in sorted(map(app.builder.get_target_uri, app.env.found_docs)):
            loc = ElementTree.SubElement(ElementTree.SubElement(root, "url"), "loc")
            loc.text = app.config.html_baseurl + link
        sitemap = ElementTree.ElementTree(root)
        sitemap.write(Path(app.outdir, "sitemap.xml"), "utf-8", xml_declaration=True)


def setup(app: Any) -> dict[str, Any]:
    app.connect("builder-inited", start_build)
    app.connect("build-finished", write_sitemap)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
