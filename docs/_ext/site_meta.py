"""Two gaps of the metadata extensions, filled.

* sphinxext-opengraph describes every page that has a source, from its first
  paragraph; the pages Sphinx makes without one (the index, the search page, the
  module index and viewcode's sources) have no paragraph to read, so this adds
  the same tags for them from a sentence of their own.
* sphinx-sitemap lists only the pages the current build writes
  (jdillard/sphinx-sitemap#13): after an incremental build the sitemap would miss
  every page left as it was. This adds them, in its own format, and sorts the
  list, so that the sitemap is the same whichever pages a build wrote.
"""

from __future__ import annotations

import fnmatch
import html
import re
from pathlib import Path
from typing import Any
from urllib.parse import urljoin
from xml.etree import ElementTree

#: What each page without a source is, by its name (viewcode's: by its folder).
DESCRIPTIONS = {
    "genindex": "Index of every function, constant and module the chainrule site documents.",
    "search": "Search the pages of the chainrule site.",
    "py-modindex": "The modules of the chainrule library, each with its API page.",
}
SOURCE_PAGES = "_modules/"


def description_of(pagename: str) -> str | None:
    if pagename in DESCRIPTIONS:
        return DESCRIPTIONS[pagename]
    if pagename.startswith(SOURCE_PAGES):
        module = pagename[len(SOURCE_PAGES) :].replace("/", ".")
        if module == "index":
            return "The source code of the chainrule library, module by module."
        return f"The source code of {module}, with links to its API documentation."
    return None


def add_tags(
    app: Any, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if doctree is not None or app.builder.format != "html":
        return
    description = description_of(pagename)
    if description is None:
        return
    title = re.sub(r"<[^>]+>", "", context.get("title") or app.config.project)
    tags = {
        "og:title": html.unescape(title),
        "og:type": app.config.ogp_type,
        "og:url": urljoin(
            app.config.ogp_site_url, app.builder.get_target_uri(pagename)
        ),
        "og:site_name": app.config.project,
        "og:description": description,
    }
    lines = [
        f'<meta property="{key}" content="{html.escape(value)}" />'
        for key, value in tags.items()
    ]
    lines.append(f'<meta name="description" content="{html.escape(description)}" />')
    context["metatags"] = context.get("metatags", "") + "\n".join(lines) + "\n"


SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"


def complete_sitemap(app: Any, exception: BaseException | None) -> None:
    """Add to sphinx-sitemap's file every page it left out, and sort it."""
    if exception is not None or app.builder.name != "html":
        return
    config = app.config
    path = Path(app.outdir) / config.sitemap_filename
    ElementTree.register_namespace("", SITEMAP)
    if path.is_file():
        root = ElementTree.parse(path).getroot()
    else:  # no page written at all: sphinx-sitemap wrote nothing
        root = ElementTree.Element(f"{{{SITEMAP}}}urlset")
    listed = {url.findtext(f"{{{SITEMAP}}}loc"): url for url in root}
    for docname in app.env.found_docs:
        link = app.builder.get_target_uri(docname)
        if any(fnmatch.fnmatch(link, pattern) for pattern in config.sitemap_excludes):
            continue
        loc = config.html_baseurl + config.sitemap_url_scheme.format(
            lang="", version="", link=link
        )
        if loc not in listed:
            url = ElementTree.Element(f"{{{SITEMAP}}}url")
            ElementTree.SubElement(url, f"{{{SITEMAP}}}loc").text = loc
            listed[loc] = url
    root[:] = [listed[loc] for loc in sorted(listed)]
    ElementTree.ElementTree(root).write(path, xml_declaration=True, encoding="utf-8")


def setup(app: Any) -> dict[str, Any]:
    app.setup_extension("sphinxext.opengraph")  # declares ogp_site_url, ogp_type
    app.setup_extension("sphinx_sitemap")  # declares the sitemap_* settings
    app.connect("html-page-context", add_tags)
    # After sphinx-sitemap has written its file (its handler has priority 500).
    app.connect("build-finished", complete_sitemap, priority=800)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
