"""``listing chainrule.name``: a function's signature and the lines after its
``# the math`` marker, from the tested source (literalinclude would need line
numbers that drift with every docstring edit): no docstring, no argument checks."""

from __future__ import annotations

import ast
import inspect
import textwrap
from importlib import import_module
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.util.docutils import SphinxDirective

MARKER = "# the math"


def teaching_lines(func: Any) -> list[str]:
    """The signature of ``func``, then the lines after its marker."""
    lines = textwrap.dedent(inspect.getsource(func)).splitlines()
    definition = ast.parse("\n".join(lines)).body[0]
    stripped = [line.strip() for line in lines]
    if not isinstance(definition, ast.FunctionDef) or MARKER not in stripped:
        raise TypeError(f"not a function with a {MARKER!r} line")
    signature = lines[definition.lineno - 1 : definition.body[0].lineno - 1]
    return signature + lines[stripped.index(MARKER) + 1 :]


class Listing(SphinxDirective):
    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        target = self.arguments[0]
        modname, _, name = target.rpartition(".")
        try:
            func = getattr(import_module(modname), name)
            code = "\n".join(teaching_lines(func)).rstrip()
        except (ImportError, AttributeError, TypeError, OSError) as error:
            raise self.error(f"listing {target}: {error}") from error
        self.env.note_dependency(inspect.getsourcefile(func))
        literal = nodes.literal_block(
            code, code, language="python", classes=["listing"]
        )
        self.set_source_info(literal)
        link = addnodes.pending_xref(
            "", nodes.literal(name, name), refdomain="py", reftype="func",
            reftarget=target, refexplicit=True, refwarn=True,
        )  # fmt: skip
        caption = nodes.caption("", "", link)
        caption += nodes.Text(
            f" from {func.__module__}, without its docstring and argument checks"
            " (the API entry has the whole function)"
        )
        caption.source, caption.line = literal.source, literal.line
        # the node tree Sphinx's own code-block makes for a captioned block
        wrapper = nodes.container("", caption, literal, literal_block=True)
        wrapper["classes"].append("literal-block-wrapper")
        return [wrapper]


def setup(app: Any) -> dict[str, Any]:
    app.add_directive("listing", Listing)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
