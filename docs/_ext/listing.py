"""``listing chainrule.name``: a function's signature and the lines after its ``# the
math`` marker, from the tested source, as a captioned code-block (literalinclude would
need line numbers that drift with every docstring edit). In MyST pages."""

import ast
import inspect
import textwrap
from importlib import import_module
from typing import Any

from docutils import nodes
from sphinx.util.docutils import SphinxDirective


class Listing(SphinxDirective):
    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        target = self.arguments[0]
        modname, _, name = target.rpartition(".")
        try:
            func = getattr(import_module(modname), name)
            lines = textwrap.dedent(inspect.getsource(func)).splitlines()
            definition = ast.parse("\n".join(lines)).body[0]
            start, end = definition.lineno - 1, definition.body[0].lineno - 1  # a def
            marker = [line.strip() for line in lines].index("# the math")
        except (ImportError, AttributeError, ValueError, OSError) as error:
            raise self.error(f"listing {target}: {error!r}") from error
        self.env.note_dependency(inspect.getsourcefile(func))
        code = "\n".join(lines[start:end] + lines[marker + 1 :]).rstrip()
        caption = f"{{py:func}}`{name} <{target}>` from {func.__module__}, without its"
        caption += " docstring and argument checks (its API entry has them)"
        fence = f"````{{code-block}} python\n:caption: {caption}\n:class: listing\n\n"
        return self.parse_text_to_nodes(f"{fence}{code}\n````\n")


def setup(app: Any) -> dict[str, Any]:
    app.add_directive("listing", Listing)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
