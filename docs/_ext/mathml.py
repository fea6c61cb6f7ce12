"""Math as MathML made at build time (latex2mathml; no maintained extension does it): no
script, no layout shift, read by screen readers; numbered as MathJax's; leftover TeX warns."""

import html
import re
from typing import Any

from docutils import nodes
from latex2mathml.converter import convert
from sphinx.locale import _
from sphinx.util import logging
from sphinx.util.math import get_node_equation_number

# TeX passed through as text: an unknown command, or an & outside an alignment
LEFTOVER = re.compile(r">([^<]*(?:\\[A-Za-z]+|&(?![#\w]+;))[^<]*)<")


def to_mathml(tex: str, display: str, node: nodes.Element) -> str:
    try:
        mathml = convert(tex, display=display)
        left = LEFTOVER.search(mathml)
        if left is None:
            return mathml
        problem = f"{left.group(1).strip()!r} left as text"
    except Exception as error:  # latex2mathml's errors derive from Exception only
        problem = f"{type(error).__name__} {error}"
    logging.getLogger(__name__).warning("MathML: %r: %s", tex, problem, location=node)
    return f"<code>{html.escape(tex)}</code>"


def visit_math(self: Any, node: nodes.math) -> None:
    self.body.append(self.starttag(node, "span", "", CLASS="math notranslate"))
    self.body.append(to_mathml(node.astext(), "inline", node) + "</span>")
    raise nodes.SkipNode


def visit_displaymath(self: Any, node: nodes.math_block) -> None:
    self.body.append(self.starttag(node, "div", CLASS="math notranslate"))
    if node["number"]:
        self.body.append(f'<span class="eqno">({get_node_equation_number(self, node)})')
        self.add_permalink_ref(node, _("Link to this equation"))
        self.body.append("</span>")
    # as Sphinx's renderers: each paragraph an equation; line breaks, a split
    for part in filter(str.strip, node.astext().split("\n\n")):
        split = r"\\" in part and not node.get("no-wrap", node.get("nowrap"))
        tex = rf"\begin{{split}}{part}\end{{split}}" if split else part
        self.body.append(to_mathml(tex, "block", node))
    self.body.append("</div>\n")
    raise nodes.SkipNode


def setup(app: Any) -> dict[str, Any]:
    app.add_html_math_renderer("mathml", (visit_math, None), (visit_displaymath, None))
    return {"parallel_read_safe": True, "parallel_write_safe": True}
