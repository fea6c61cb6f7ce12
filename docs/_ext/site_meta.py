"""sphinx-sitemap lists only the pages a build writes (jdillard/sphinx-sitemap#13, still
so in 2.9): this adds the pages an incremental build left as they were, and sorts them."""

from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from sphinx_sitemap import is_excluded

NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def complete_sitemap(app: Any, exception: BaseException | None) -> None:
    if exception is not None:
        return
    config, path = app.config, Path(app.outdir, app.config.sitemap_filename)
    locs = {loc.text for loc in ElementTree.parse(path).iter(f"{NS}loc")}
    for docname in app.env.found_docs:
        link = app.builder.get_target_uri(docname)
        if not is_excluded(link, config.sitemap_excludes):
            locs.add(config.html_baseurl + config.sitemap_url_scheme.format(link=link))
    ElementTree.register_namespace("", NS.strip("{}"))
    root = ElementTree.Element(f"{NS}urlset")
    for loc in sorted(locs):
        url = ElementTree.SubElement(root, f"{NS}url")
        ElementTree.SubElement(url, f"{NS}loc").text = loc
    ElementTree.ElementTree(root).write(path, xml_declaration=True, encoding="utf-8")


def setup(app: Any) -> dict[str, Any]:
    app.setup_extension("sphinx_sitemap")  # declares the sitemap_* settings
    app.connect("build-finished", complete_sitemap, priority=800)  # after its writer
    return {"parallel_read_safe": True, "parallel_write_safe": True}
