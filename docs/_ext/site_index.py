"""The site's address (READTHEDOCS_CANONICAL_URL on Read the Docs, else LOCAL_SITE_URL),
the install command naming its package index (docs/conf.py), and its sitemap."""

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

LOCAL_SITE_URL = "http://127.0.0.1:8000/"  # `make serve`: its SERVE_HOST, SERVE_PORT
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
    app.connect("build-finished", write_sitemap)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
