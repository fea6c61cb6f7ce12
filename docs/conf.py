"""Sphinx configuration for the chainrule site.

Build with ``make html``, which runs
``sphinx-build -W --keep-going -n -j auto -b html docs docs/_build/html``:
every warning is an error, so this file keeps the build warning-free and offline.

* Pages are MyST Markdown notebooks executed by myst-nb (cached by jupyter-cache
  under ``docs/_build/.jupyter_cache``). Pages missing from the cache are run
  first, on warm kernels, while sphinx-gallery runs the examples
  (``docs/_ext/warm_pages.py``).
* ``gallery/plot_*.py`` scripts are executed by sphinx-gallery into ``auto_examples/``.
* The API reference is filled at build time from each module's ``__all__`` (see
  ``_fill_api_pages`` below): ``api.md`` lists the public modules and
  ``api/<module>.md`` documents one each, so a new public function appears
  without editing a page.
* Nothing is fetched from the network: the MathJax the pages use is copied into
  ``_static/`` from the sphinx-mathjax-offline package, and an intersphinx mapping is enabled only when its
  inventory file is shipped in ``docs/_intersphinx/`` (see ``_intersphinx_mapping``).
"""

from __future__ import annotations

import importlib
import importlib.metadata
import inspect
import json
import os
import pkgutil
import re
import sys
import typing
from pathlib import Path
from typing import Any

from sphinx.util import logging

import chainrule

logger = logging.getLogger(__name__)

DOCS = Path(__file__).resolve().parent
sys.path.insert(0, str(DOCS / "_ext"))  # gallery_order, warm_pages
BUILD = DOCS / "_build"

# Kernels started by myst-nb inherit this: a fixed hash seed keeps the printed
# order of sets (and anything hash-ordered) the same from one build to the next.
os.environ.setdefault("PYTHONHASHSEED", "0")

# -- Figures (issue 13): inline SVG that follows the light or dark theme ------------
# The pages' kernels start with the IPython profile in docs/ipython, whose startup
# file shows figures as themed inline SVG (docs/_ext/themed_figures.py); sphinx-gallery
# uses the same rendering through its scraper (image_scrapers, below).
os.environ["IPYTHONDIR"] = str(DOCS / "ipython")

# -- Project ----------------------------------------------------------------------
project = "chainrule"
author = "The chainrule developers"
copyright = "2026, The chainrule developers"  # fixed text: builds are reproducible
release = importlib.metadata.version("chainrule")
version = ".".join(release.split(".")[:2])

# -- General ----------------------------------------------------------------------
extensions = [
    "myst_nb",
    # Runs the pages on warm kernels while sphinx-gallery runs the examples: it must
    # come after myst_nb and before sphinx_gallery (see docs/_ext/warm_pages.py).
    "warm_pages",
    "sphinx.ext.autodoc",
    "numpydoc",
    "sphinx.ext.viewcode",
    "sphinx.ext.intersphinx",
    "sphinx_design",
    "sphinx_copybutton",
    "sphinx_gallery.gen_gallery",
    # MathJax comes from the sphinx-mathjax-offline package, copied by setup()
    # below (the extension itself declares no parallel safety: a warning under -j).
]

root_doc = "index"
exclude_patterns = [
    "_build",
    "_intersphinx",
    "jupyter_execute",
    ".jupyter_cache",
    "**/.jupyter_cache",
    # sphinx-gallery writes a .py, an .ipynb and a .zip beside each generated .rst:
    # only the .rst is a page (otherwise: "multiple files found for the document").
    "auto_examples/**.ipynb",
    "auto_examples/**.py",
    "**/*.zip",
    "Thumbs.db",
    ".DS_Store",
]
nitpicky = True  # same as -n: the Makefile passes it too
toc_object_entries_show_parents = "hide"

# -- MyST and myst-nb -------------------------------------------------------------
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "deflist"]
myst_heading_anchors = 3
myst_dmath_double_inline = True

nb_execution_mode = "cache"
nb_execution_cache_path = str(BUILD / ".jupyter_cache")
nb_execution_timeout = 120  # seconds per cell
nb_execution_raise_on_error = True
nb_execution_show_tb = True
nb_merge_streams = True  # one stdout block per cell, in a stable order
nb_ipywidgets_js = {}  # never add the widget scripts from a CDN

# -- HTML -------------------------------------------------------------------------
html_theme = "sphinx_book_theme"
html_title = "chainrule"
html_static_path = ["_static"] if (DOCS / "_static").is_dir() else []
html_css_files = ["custom.css"] if (DOCS / "_static" / "custom.css").is_file() else []
html_last_updated_fmt = None
# pydata-sphinx-theme reads the default light/dark mode from the context; without it a
# first visit (nothing in localStorage) logs "Got invalid theme mode" to the console.
html_context = {"default_mode": "auto"}
html_theme_options = {
    "use_repository_button": False,  # no public repository URL yet
    "use_download_button": True,
    "use_fullscreen_button": True,
    "home_page_in_toc": True,
    "show_navbar_depth": 2,
    "show_toc_level": 2,
    "navigation_with_keys": False,
}

# -- Math: MathJax served from _static/mathjax (copied from sphinx-mathjax-offline) --------
mathjax_path = "mathjax/tex-chtml.js"

# -- autodoc and numpydoc ------------------------------------------------------------
autodoc_typehints = "signature"
autodoc_typehints_format = "short"
autodoc_member_order = "bysource"
autodoc_preserve_defaults = True
# Resolved names in signatures print short: ArrayFunction, not chainrule.ArrayFunction.
python_use_unqualified_type_names = True
# Show type aliases by name: ``x: ArrayLike`` rather than NumPy's expansion of it
# (``_Buffer | _SupportsArray[dtype[Any]] | ...``), and ``chain: Chain`` rather than
# ``list[Callable[[ndarray], ndarray]]``. Works because the modules use
# ``from __future__ import annotations`` (annotations stay strings).
autodoc_type_aliases = {
    "ArrayLike": "numpy.typing.ArrayLike",
    "NDArray": "numpy.typing.NDArray",
    **{
        name: f"chainrule.{name}"
        for name in getattr(chainrule, "__all__", ())
        if typing.get_origin(getattr(chainrule, name)) is not None
    },
}

numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_attributes_as_param_list = False
numpydoc_xref_param_type = True
# Link only the names listed in numpydoc_xref_aliases; any other word of a type
# ("of", "shape", "optional", ...) stays plain text instead of a broken reference.
numpydoc_xref_ignore = "all"

# -- Cross-references to Python, NumPy and Matplotlib (offline) ---------------------
# An inventory is used only when its file is shipped in docs/_intersphinx/ (for
# instance docs/_intersphinx/numpy.inv, saved from https://numpy.org/doc/stable/objects.inv
# on a machine with network). Without it the mapping is skipped and the names render as
# plain text: the build never reaches the network and never warns about it.
_INTERSPHINX_SITES = {
    "python": "https://docs.python.org/3/",
    "numpy": "https://numpy.org/doc/stable/",
    "matplotlib": "https://matplotlib.org/stable/",
}


def _intersphinx_mapping() -> dict[str, tuple[str, str]]:
    mapping = {}
    for name, url in _INTERSPHINX_SITES.items():
        inventory = DOCS / "_intersphinx" / f"{name}.inv"
        if inventory.is_file():
            mapping[name] = (url, str(inventory))
    return mapping


intersphinx_mapping = _intersphinx_mapping()

# numpydoc's default aliases point some words at labels and glossary terms of other
# sites (":term:`numpy:array_like`", ":ref:`python:bltin-boolean-values`", ...). Those
# warn even without -n when the inventory is absent, so every alias is a Python
# object name here: it links when an inventory is present and is plain text otherwise.
numpydoc_xref_aliases = {
    "None": "None",
    "bool": "bool",
    "boolean": "bool",
    "True": "True",
    "False": "False",
    "int": "int",
    "float": "float",
    "complex": "complex",
    "str": "str",
    "string": "str",
    "list": "list",
    "tuple": "tuple",
    "dict": "dict",
    "callable": "collections.abc.Callable",
    "Callable": "collections.abc.Callable",
    "iterable": "collections.abc.Iterable",
    "sequence": "collections.abc.Sequence",
    "generator": "collections.abc.Generator",
    "contextmanager": "contextlib.contextmanager",
    "namedtuple": "collections.namedtuple",
    "array": "numpy.ndarray",
    "ndarray": "numpy.ndarray",
    "np.ndarray": "numpy.ndarray",
    "numpy.ndarray": "numpy.ndarray",
    "array-like": "numpy.typing.ArrayLike",
    "array_like": "numpy.typing.ArrayLike",
    "ArrayLike": "numpy.typing.ArrayLike",
    "NDArray": "numpy.typing.NDArray",
    "scalar": "numpy.generic",
    "dtype": "numpy.dtype",
    "RandomState": "numpy.random.RandomState",
    "np.random.RandomState": "numpy.random.RandomState",
    "Generator": "numpy.random.Generator",
    "np.random.Generator": "numpy.random.Generator",
    "numpy.random.Generator": "numpy.random.Generator",
    "np.inf": "numpy.inf",
    "np.nan": "numpy.nan",
    "numpy": "numpy",
    "Axes": "matplotlib.axes.Axes",
    "matplotlib.axes.Axes": "matplotlib.axes.Axes",
    "Figure": "matplotlib.figure.Figure",
    "matplotlib.figure.Figure": "matplotlib.figure.Figure",
}
# chainrule's own public names link to their API entries (never ignored below).
numpydoc_xref_aliases.update(
    {name: f"chainrule.{name}" for name in getattr(chainrule, "__all__", ())}
)

# With -n every unresolved reference warns. Only names of *other* projects are
# listed here; a reference to a chainrule.* name that does not resolve is a real
# error in our docs and must keep failing the build.
_EXTERNAL_NAMES = {
    "python": [
        "True",
        "False",
        "collections.abc.Callable",
        "collections.abc.Iterable",
        "collections.abc.Iterator",
        "collections.abc.Sequence",
        "collections.abc.Mapping",
        "collections.abc.Generator",
        "contextlib.contextmanager",
        "collections.namedtuple",
        "Callable",
        "Iterable",
        "Iterator",
        "Sequence",
        "Mapping",
        "functools.partial",
        "optional",
    ],
    "numpy": [
        "numpy",
        "ndarray",
        "numpy.ndarray",
        "numpy.dtype",
        "numpy.generic",
        "numpy.floating",
        "numpy.float64",
        "numpy.int64",
        "numpy.inf",
        "numpy.nan",
        "numpy.random.Generator",
        "numpy.random.RandomState",
        "numpy.typing.ArrayLike",
        "numpy.typing.NDArray",
        "ArrayLike",
        "NDArray",
        "np.ndarray",
        "np.float64",
        "np.floating",
    ],
    "matplotlib": [
        "matplotlib.pyplot.figure",
        "matplotlib.pyplot.subplots",
        "matplotlib.axes.Axes",
        "matplotlib.axes._axes.Axes",
        "matplotlib.figure.Figure",
        "matplotlib.lines.Line2D",
        "matplotlib.artist.Artist",
        "Axes",
        "Figure",
    ],
}
# Listed whether or not an inventory is present: an entry only silences a reference
# that stays unresolved, and some do even with the inventory (NumPy files ArrayLike
# as py:data, while a type hint asks for py:class).
nitpick_ignore = [
    (f"py:{role}", name)
    for names in _EXTERNAL_NAMES.values()
    for name in names
    for role in ("class", "obj", "data", "func", "mod")
]
nitpick_ignore_regex = [
    # NumPy's private and generic typing helpers that appear inside expanded hints,
    # e.g. numpy.dtype[numpy.float64] or numpy._typing._array_like._ScalarT.
    (r"py:(class|obj)", r"(numpy|np)\._.*"),
    (r"py:(class|obj)", r"numpy\._typing\..*"),
]

# -- sphinx-copybutton ----------------------------------------------------------
copybutton_prompt_text = r">>> |\.\.\. "
copybutton_prompt_is_regexp = True
copybutton_only_copy_prompt_lines = True  # skip doctest output lines
copybutton_remove_prompts = True
# Only line numbers are excluded: the prompts (.gp) must stay visible to the button
# so that it can tell code lines from doctest output lines and drop the latter.
copybutton_exclude = ".linenos"

# -- sphinx-gallery -----------------------------------------------------------------
sphinx_gallery_conf = {
    "examples_dirs": "../gallery",
    "gallery_dirs": "auto_examples",
    "filename_pattern": r"/plot_",  # execute every plot_*.py
    "ignore_pattern": r"__init__\.py",
    "download_all_examples": True,
    "backreferences_dir": "gen_modules/backreferences",
    "doc_module": ("chainrule",),
    "matplotlib_animations": False,
    "image_scrapers": ("themed_figures.scraper",),  # docs/_ext; see Figures above
    "within_subsection_order": "gallery_order.ChapterOrder",  # docs/_ext
    "remove_config_comments": True,
    "min_reported_time": 0,
    "show_memory": False,
    "capture_repr": (),
    "abort_on_example_error": False,  # report every failing example, as warnings
    "only_warn_on_example_error": False,
    # sg_execution_times pages load DataTables and jQuery from CDNs, and their
    # timings differ on every build: not written (times still show per example).
    "write_computation_times": False,
}

# -- API reference generated from __all__ --------------------------------------------
# api.md, the overview, holds API_OVERVIEW_MARKER; each module's page
# api/<module>.md holds API_MARKER followed by the module's name. The hook
# _fill_api_pages replaces the marker lines with text generated from __all__.
# A new public module needs such a page (tests/test_site.py checks that each has one).
API_OVERVIEW_MARKER = "% chainrule:api-overview"
API_MARKER = "% chainrule:api-reference"
API_PAGE_MARKER = re.compile(
    rf"^{re.escape(API_MARKER)}[ \t]+(\S+)[ \t]*$", re.MULTILINE
)
API_FOLDER = "api"
# Chapter order. A module is listed when it is named here or when the package
# re-exports one of its names; the others (helpers such as chainrule.validation)
# are not part of the public API. Unlisted public modules follow alphabetically.
API_MODULE_ORDER = (
    "functions",
    "derivatives",
    "chains",
    "multiple_inputs",
    "matrices",
    "gradcheck",
    "plotting",
    "diagrams",
)
BACKREFERENCES_JSON = (
    DOCS / sphinx_gallery_conf["backreferences_dir"] / "backreferences_all.json"
)


def _api_modules() -> dict[str, list[str]]:
    """``{"chainrule.<module>": names in its __all__}`` for the public modules, in order."""
    exported = set(getattr(chainrule, "__all__", ()))
    found: dict[str, list[str]] = {}
    for info in pkgutil.iter_modules(chainrule.__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"chainrule.{info.name}")
        names = list(getattr(module, "__all__", ()))
        if info.name in API_MODULE_ORDER or exported.intersection(names):
            found[info.name] = names
    order = [m for m in API_MODULE_ORDER if m in found]
    order += sorted(set(found) - set(order))
    return {f"chainrule.{m}": found[m] for m in order}


def _api_docname(modname: str) -> str:
    """The page of a module: ``chainrule.functions`` is documented in ``api/functions``."""
    return f"{API_FOLDER}/{modname.removeprefix('chainrule.')}"


def _marked_module(text: str) -> str | None:
    """The module a page's marker line names, or None when it has no such line."""
    match = API_PAGE_MARKER.search(text)
    return match.group(1) if match else None


def _defining_module(name: str) -> str | None:
    for modname, names in _api_modules().items():
        if name in names:
            return modname
    return None


def _documented_name(modname: str, name: str) -> str:
    """``chainrule.<name>`` when the package re-exports it, else ``<module>.<name>``."""
    module = importlib.import_module(modname)
    if name in getattr(chainrule, "__all__", ()) and (
        getattr(chainrule, name, None) is getattr(module, name)
    ):
        return f"chainrule.{name}"
    return f"{modname}.{name}"


def _auto_directive(obj: Any) -> str:
    if typing.get_origin(obj) is not None:  # list[...] passes for a class
        return "autodata"
    if inspect.isclass(obj):
        return "autoclass"
    if inspect.isroutine(obj):
        return "autofunction"
    return "autodata"  # constants and type aliases such as ArrayFunction


def _module_reference(modname: str, names: list[str]) -> str:
    """MyST text of a module's page: its docstring, then one entry per name."""
    module = importlib.import_module(modname)
    rst = [f".. automodule:: {modname}", "   :no-members:", ""]
    for name in names:
        directive = _auto_directive(getattr(module, name))
        rst += [f".. {directive}:: {_documented_name(modname, name)}", ""]
    return "```{eval-rst}\n" + "\n".join(rst) + "```\n"


def _summary(modname: str) -> str:
    """The first line of a module's docstring."""
    doc = inspect.getdoc(importlib.import_module(modname)) or ""
    return doc.partition("\n")[0]


def _api_overview() -> str:
    """MyST text of the overview: a table of the public modules, and their toctree."""
    table = [".. list-table::", "   :header-rows: 1", ""]
    table += ["   * - Module", "     - What it holds"]
    toctree = ["```{toctree}", ":hidden:", ""]
    for modname in _api_modules():
        page = _api_docname(modname)
        table += [f"   * - :doc:`{modname} </{page}>`", f"     - {_summary(modname)}"]
        toctree.append(f"/{page}")
    eval_rst = "```{eval-rst}\n" + "\n".join(table) + "\n```\n"
    return eval_rst + "\n" + "\n".join(toctree) + "\n```\n"


def _module_page_text(text: str, modname: str, docname: str) -> str:
    """A module's page with its marker line replaced by the module's reference."""
    modules = _api_modules()
    if modname not in modules:
        logger.warning(
            "%s names %s, which is not a public module (public: %s)",
            API_MARKER,
            modname,
            ", ".join(modules),
            location=docname,
        )
        return text
    reference = _module_reference(modname, modules[modname])
    return API_PAGE_MARKER.sub(lambda _: reference, text)


def _fill_api_pages(app: Any, docname: str, source: list[str]) -> None:
    text = source[0]
    if API_OVERVIEW_MARKER in text:
        source[0] = text.replace(API_OVERVIEW_MARKER, _api_overview())
    elif (modname := _marked_module(text)) is not None:
        source[0] = _module_page_text(text, modname, docname)
    else:
        return
    # Re-read the page whenever a module of the package changes (e.g. a new name in
    # an __all__), not only the modules autodoc happened to import for it.
    for path in sorted(Path(chainrule.__path__[0]).glob("*.py")):
        app.env.note_dependency(str(path))


def _data_doc_comment(
    app: Any, what: str, name: str, obj: Any, options: Any, lines: list[str]
) -> None:
    """Give ``chainrule.X`` data the ``#:`` comment written where X is defined.

    autodoc looks for the comment in the module it documents (``chainrule``), but
    a re-exported constant or type alias is defined and commented in its own module.
    """
    if what != "data" or lines or not name.startswith("chainrule."):
        return
    short = name.rsplit(".", 1)[-1]
    modname = _defining_module(short)
    if modname is None:
        return
    from sphinx.pycode import ModuleAnalyzer

    analyzer = ModuleAnalyzer.for_module(modname)
    lines.extend(analyzer.find_attr_docs().get(("", short), []))


def _no_signature_for_data(
    app: Any, what: str, name: str, obj: Any, options: Any, sig: Any, retann: Any
) -> tuple[None, None] | None:
    """Keep numpydoc from giving a type alias such as ``Chain`` a signature.

    ``list[ArrayFunction]`` is callable, so numpydoc reports the signature of
    ``list`` for it, and Sphinx 9 then fails ("error while formatting signature")
    because data has no signature to replace. Answering first with a non-signature
    stops numpydoc's answer from being used.
    """
    if what in ("data", "attribute", "module"):
        return (None, None)
    return None


def _examples_using(name: str) -> list[Any]:
    if not BACKREFERENCES_JSON.is_file():
        return []
    backrefs = json.loads(BACKREFERENCES_JSON.read_text(encoding="utf-8"))
    return backrefs.get(name) or []


def _append_minigallery(
    app: Any, what: str, name: str, obj: Any, options: Any, lines: list[str]
) -> None:
    """End each chainrule entry with the gallery examples that use it, if any.

    Entries without examples get nothing (no empty heading). The dependency on the
    backreferences file re-reads the page when an example starts using a function.
    """
    if what not in ("function", "class") or not name.startswith("chainrule."):
        return
    app.env.note_dependency(str(BACKREFERENCES_JSON))
    if not _examples_using(name):
        return
    lines += [
        "",
        ".. rubric:: Gallery examples",
        "",
        f".. minigallery:: {name}",
        "",
    ]


def _resolve_public_name(app: Any, env: Any, node: Any, contnode: Any) -> Any:
    """Resolve a chainrule name written without its top-level path.

    Docstrings say :func:`sigmoid` or :func:`chainrule.functions.sigmoid`; the entry
    is ``chainrule.sigmoid``. Only names the package exports are rewritten, so a
    reference to a chainrule name that does not exist still fails the build.
    """
    if node.get("refdomain") != "py":
        return None
    target = node.get("reftarget", "").lstrip(".~")
    short = target.rsplit(".", 1)[-1]
    if short not in getattr(chainrule, "__all__", ()):
        return None
    modname = _defining_module(short)
    if target not in (short, f"{modname}.{short}"):
        return None
    domain = env.get_domain("py")
    return domain.resolve_xref(
        env,
        node["refdoc"],
        app.builder,
        node["reftype"],
        f"chainrule.{short}",
        node,
        contnode,
    )


def _stable_equation_labels() -> None:
    """Number-only amsmath environments get a uuid4 anchor from myst-parser, which
    changes on every build; derive it from the page name and position instead."""
    from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer

    if not hasattr(SphinxRenderer, "_random_label"):  # private API: skip if gone
        return

    def _label(self: Any) -> str:
        self._chainrule_equations = getattr(self, "_chainrule_equations", 0) + 1
        page = self.sphinx_env.docname.replace("/", "-")
        return f"{page}-{self._chainrule_equations}"

    SphinxRenderer._random_label = _label


def _named_type_aliases_in_generics() -> None:
    """Write ``Sequence[ArrayFunction]``, not ``Sequence[TypeAliasForwardRef(...)]``.

    Sphinx replaces an autodoc_type_aliases name by its target only at the top of
    an annotation; inside a generic it prints the placeholder's repr, which is also
    an unresolvable reference under -n. Printing the target name fixes both.
    """
    from sphinx.util import inspect as sphinx_inspect

    alias_ref = getattr(sphinx_inspect, "TypeAliasForwardRef", None)
    if alias_ref is not None:  # private API: nothing to do if it is gone
        alias_ref.__repr__ = lambda self: self.name


# The parts of sphinx-mathjax-offline's MathJax that tex-chtml.js loads: the combined
# component itself, the CHTML fonts, and the TeX extensions it autoloads on demand.
# The package ships 24 MB (SVG output, speech rules, every combined component); the
# site needs about 2 MB of it.
MATHJAX_PARTS = ("tex-chtml.js", "output/chtml/fonts/woff-v2", "input/tex/extensions")


def _copy_mathjax(app: Any, exception: BaseException | None) -> None:
    """Copy the MathJax the pages use into _static/mathjax, once per output folder."""
    if exception is not None or app.builder.format != "html":
        return
    import shutil

    package = Path(importlib.import_module("sphinx-mathjax-offline").__file__).parent
    source = package / "static" / "mathjax"
    target = Path(app.outdir) / "_static" / "mathjax"
    for part in MATHJAX_PARTS:
        origin, copy = source / part, target / part
        if copy.exists():
            continue  # a rebuild: MathJax is already there, and never changes
        copy.parent.mkdir(parents=True, exist_ok=True)
        if origin.is_dir():
            shutil.copytree(origin, copy)
        else:
            shutil.copy2(origin, copy)


def _source_module(app: Any, modname: str, attribute: str) -> str:
    """Where viewcode should look for an object's source: only inside chainrule.

    The aliases ``Chain = list[...]`` and ``ArrayFunction = Callable[...]`` report
    builtins and collections.abc as their module; following them makes viewcode
    link to pages it never writes. They stay in our module, which has no source
    lines for them, so they simply get no [source] link.
    """
    value: Any = importlib.import_module(modname)
    for part in attribute.split("."):
        value = getattr(value, part, None)
    defined_in = getattr(value, "__module__", None)
    if isinstance(defined_in, str) and defined_in.startswith("chainrule"):
        return defined_in
    return modname


def setup(app: Any) -> None:
    # MathJax comes from the sphinx-mathjax-offline package, but only the parts the
    # pages load are copied (see _copy_mathjax); mathjax_path points at them.
    app.connect("build-finished", _copy_mathjax)
    _stable_equation_labels()
    _named_type_aliases_in_generics()
    app.connect("source-read", _fill_api_pages)
    app.connect("viewcode-follow-imported", _source_module)
    app.connect("autodoc-process-signature", _no_signature_for_data, priority=400)
    app.connect("autodoc-process-docstring", _data_doc_comment, priority=400)
    # After numpydoc (priority 500) has turned the docstring into reST.
    app.connect("autodoc-process-docstring", _append_minigallery, priority=600)
    app.connect("missing-reference", _resolve_public_name)
