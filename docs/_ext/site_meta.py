"""A description and OpenGraph tags for the pages Sphinx generates.

sphinxext-opengraph describes every page that has a source, from its first
paragraph; the pages Sphinx makes without one (the index, the search page, the
module index and viewcode's sources) have no paragraph to read, so this adds
the same tags for them from a sentence of their own. A few lines, where no
option of the extension covers it.
"""

from __future__ import annotations

import html
import re
from typing import Any
from urllib.parse import urljoin

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


def setup(app: Any) -> dict[str, Any]:
    app.setup_extension("sphinxext.opengraph")  # declares ogp_site_url, ogp_type
    app.connect("html-page-context", add_tags)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
