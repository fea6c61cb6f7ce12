"""Fixes no setting, template or style can make (the others: page.html), each for a Nu
Html Checker (Nu) finding or a layout shift; tests/test_browser.py checks them."""

import re
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.images import get_image_size

TOOLTIP = re.compile(r'\s+tooltip="[^"]*"')  # sphinx-gallery's thumbnails


class Fixes(SphinxPostTransform):
    default_priority = 501  # after Furo's wrappers (500)
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        # Nu, duplicate ids: Furo's scrolling wrapper of a table or equation copies its ids
        for node in self.document.findall(nodes.container):
            if {"math-wrapper", "table-wrapper"} & set(node["classes"]):
                node["ids"] = []
        # Nu: HTML has no ``tooltip``, which sphinx-gallery puts on its thumbnails.
        for raw in list(self.document.findall(nodes.raw)):
            if 'tooltip="' in raw.astext():
                text = TOOLTIP.sub("", raw.astext())
                raw.replace_self(nodes.raw("", text, format="html"))
        # Layout shift: each image gets its file's size (the styles scale it down); the
        # gallery's thumbnails, at a page's foot, load when near.
        for image in self.document.findall(nodes.image):
            size = get_image_size(Path(self.app.srcdir, image["uri"]))
            if size and not {"width", "height", "scale"} & set(image.attributes):
                image["width"], image["height"] = (str(value) for value in size)
                image["classes"].append("no-scaled-link")  # no link to itself
            if "/images/thumb/sphx_glr_" in image["uri"]:
                image["loading"] = "lazy"


def setup(app: Any) -> dict[str, Any]:
    app.add_post_transform(Fixes)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
