"""The ``listing`` directive: a library function shown by the lines that teach.

Why our own: ``literalinclude`` with ``:pyobject:`` shows the whole function, and
cutting out the docstring and the argument checks that sit between the signature
and the body would need line numbers that drift with every docstring edit.

``listing chainrule.square`` reads the function's source (the tested source, by
``inspect``), leaves out its docstring and its argument checks, and shows the
rest as a Python code block, with a caption linking to the full entry in the API
reference. An argument check is a top-level statement of the body, before the
library's ``# the math`` marker line (anywhere, in a function without one), that

* calls a function of ``chainrule.validation`` or one named ``check_*``, alone or
  assigned to a name (``x = as_float_array(x, "x", "square")``), or
* is an ``if`` whose body only raises.

The marker line goes too; everything else is shown as written, comments included.
"""

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
VALIDATION_MODULE = "chainrule.validation"


def _called(statement: ast.stmt) -> str | None:
    """The name of the function a statement calls: ``f(...)`` or ``x = f(...)``."""
    if isinstance(statement, (ast.Expr, ast.Assign, ast.AnnAssign)):
        value = statement.value
        if isinstance(value, ast.Call) and isinstance(value.func, ast.Name):
            return value.func.id
    return None


def is_check(statement: ast.stmt, namespace: dict[str, Any]) -> bool:
    """Whether a statement of a function's body only checks the arguments."""
    if isinstance(statement, ast.If) and not statement.orelse:
        return all(isinstance(inner, ast.Raise) for inner in statement.body)
    name = _called(statement)
    if name is None:
        return False
    module = getattr(namespace.get(name), "__module__", "")
    return name.startswith("check_") or module == VALIDATION_MODULE


def teaching_lines(func: Any) -> list[str]:
    """The lines of ``func``'s source that teach: its signature and its body,
    without the docstring, the argument checks and the marker line."""
    source = textwrap.dedent(inspect.getsource(func))
    lines = source.splitlines()
    definition = ast.parse(source).body[0]
    if not isinstance(definition, ast.FunctionDef):
        raise TypeError(f"listing: {func!r} is not a function defined with def")
    body = definition.body
    marker = next((i for i, line in enumerate(lines) if line.strip() == MARKER), None)
    dropped = set() if marker is None else {marker}
    for index, statement in enumerate(body):
        first, last = statement.lineno - 1, statement.end_lineno or statement.lineno
        if marker is not None and first > marker:
            break
        docstring = (
            index == 0
            and isinstance(statement, ast.Expr)
            and isinstance(statement.value, ast.Constant)
            and isinstance(statement.value.value, str)
        )
        if docstring or is_check(statement, func.__globals__):
            dropped.update(range(first, last))
    kept: list[str] = []
    for number, line in enumerate(
        lines[definition.lineno - 1 :], definition.lineno - 1
    ):
        blank_after = not line.strip() and (not kept or not kept[-1].strip())
        if number not in dropped and not blank_after:
            kept.append(line)
    signature_end = body[0].lineno - 1 - (definition.lineno - 1)
    # no blank line between the signature and the first line shown of the body
    while len(kept) > signature_end and not kept[signature_end].strip():
        del kept[signature_end]
    return kept


class Listing(SphinxDirective):
    """``listing <dotted name of a function>``: its teaching lines, captioned."""

    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        target = self.arguments[0]
        modname, _, name = target.rpartition(".")
        try:
            func = getattr(import_module(modname), name)
            code = "\n".join(teaching_lines(func))
        except (ImportError, AttributeError, TypeError, OSError) as error:
            raise self.error(f"listing {target}: {error}") from error
        self.env.note_dependency(inspect.getsourcefile(func))
        literal = nodes.literal_block(code, code, language="python")
        literal["classes"].append("listing")
        self.set_source_info(literal)
        reference = addnodes.pending_xref(
            "",
            nodes.literal(name, name),
            refdomain="py",
            reftype="func",
            reftarget=target,
            refexplicit=True,
            refwarn=True,
        )
        caption = nodes.caption("", "", reference)
        caption += nodes.Text(
            f" from {func.__module__}, without its docstring and argument checks"
            " (the API entry has the whole function)"
        )
        caption.source, caption.line = literal.source, literal.line
        # the node tree Sphinx's own code-block makes for a captioned block
        wrapper = nodes.container("", literal_block=True)
        wrapper["classes"].append("literal-block-wrapper")
        wrapper += [caption, literal]
        return [wrapper]


def setup(app: Any) -> dict[str, Any]:
    app.add_directive("listing", Listing)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
