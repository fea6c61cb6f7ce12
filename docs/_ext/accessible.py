"""Small fixes to the HTML the theme and the extensions write, each named.

Each fix answers one finding of the Nu Html Checker or axe-core that no setting
of the theme or extension removes (``tests/test_accessibility.py`` checks them).
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform


class OneIdPerElement(SphinxPostTransform):
    """Duplicate ids: Furo wraps each table and display equation in a container
    (for sideways scrolling) that copies the element's ids; the id stays on the
    element alone, where equation references point."""

    default_priority = 501  # just after Furo's wrapping transform (500)
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        for container in self.document.findall(nodes.container):
            if {"math-wrapper", "table-wrapper"} & set(container["classes"]):
                container["ids"] = []


def setup(app: Any) -> dict[str, Any]:
    app.add_post_transform(OneIdPerElement)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
