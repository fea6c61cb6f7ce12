"""Sphinx configuration for the chainrule site.

``make html`` runs ``sphinx-build -W --keep-going -n -j auto -b html docs
docs/_build/html``: every warning is an error and every reference must resolve.

* Pages are MyST Markdown notebooks, executed by myst-nb in its cache mode
  (``docs/_build/.jupyter_cache``), in parallel as Sphinx reads them (-j auto);
  sphinx-gallery runs the ``gallery/plot_*.py`` examples in parallel too.
* The API reference is ``sphinx.ext.autosummary``: ``api.md`` lists the public
  modules, and ``_templates/autosummary/module.rst`` writes one page per module.
* Math is MathML, converted from TeX when the site is built
  (``docs/_ext/mathml.py``): no script typesets it in the reader's browser, and
  nothing is fetched from the network.
"""

from __future__ import annotations

import importlib.metadata
import os
import sys
from importlib import import_module
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from sphinx.pycode import ModuleAnalyzer

DOCS = Path(__file__).resolve().parent
sys.path.insert(0, str(DOCS / "_ext"))

# Kernels inherit the environment: a fixed hash seed keeps the printed order of
# sets (and anything hash-ordered) the same from one build to the next.
os.environ.setdefault("PYTHONHASHSEED", "0")

# -- Figures (issue 13): inline SVG that follows the light or dark theme ------------
# The pages' kernels start with the IPython profile in docs/ipython, whose startup
# file shows figures as themed inline SVG (docs/_ext/themed_figures.py), and whose
# config shows an error in one line; sphinx-gallery uses the same figure rendering.
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
    "listing",  # docs/_ext: a library function without its docstring and checks
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "numpydoc",
    "sphinx.ext.viewcode",
    "sphinx_design",
    "sphinx_copybutton",
    "sphinx_gallery.gen_gallery",
    "accessible",  # docs/_ext: small fixes to the theme's HTML, each named
    # issue 15: the site as a package index, page notebooks, metadata
    "site_index",  # docs/_ext: wheel, sdist and PEP 503 index; install commands
    "page_notebooks",  # docs/_ext: each page as a notebook a reader can run
    "sphinxext.opengraph",
    "site_meta",  # docs/_ext: the same tags for the pages Sphinx generates
    "sphinx_sitemap",
    "mathml",  # docs/_ext: math as MathML, converted at build time
]

templates_path = ["_templates"]
# sphinx-gallery writes an .ipynb beside each generated .rst: only the .rst is a
# page (otherwise: "multiple files found for the document").
exclude_patterns = ["_build", "_templates", "auto_examples/**.ipynb"]
nitpicky = True  # as -n: every reference must resolve
# The only names the API pages link to that this site does not document: in
# docstrings, and in autodoc's "alias of Callable[[ndarray], ndarray]".
nitpick_ignore = [
    ("py:class", "collections.abc.Callable"),
    ("py:class", "numpy.ndarray"),
    ("py:class", "matplotlib.figure.Figure"),
    ("py:func", "functools.partial"),
]
# The API pages give each function its own section: listing the entry again
# under its section in the page's table of contents would say everything twice.
toc_object_entries = False

# -- The site's address and its install command (issue 15) -------------------------
# On Read the Docs the site learns its address from READTHEDOCS_CANONICAL_URL; a
# local build is served by `make serve` on LOCAL_SITE_URL. Every install
# instruction (landing page, notebooks' first cells, gallery headers) names the
# package index inside this site: docs/_ext/site_index.py.
import site_index  # (its functions by module: sphinx-sitemap has a "site_url" setting)

SITE_URL = site_index.site_url()
site_index_url = SITE_URL
html_baseurl = SITE_URL  # canonical links, OpenGraph URLs and the sitemap
INSTALL_CELL = site_index.notebook_install_cell(SITE_URL)

# Each notebook page offered as a notebook (docs/_ext/page_notebooks.py), but for
# the two pages that read the project's own files (errata.py, benchmarks.json).
page_notebook_first_cell = INSTALL_CELL
page_notebook_skip = ["errata", "performance"]

# -- MyST and myst-nb -------------------------------------------------------------
myst_enable_extensions = ["dollarmath", "colon_fence"]
myst_heading_anchors = 3

nb_execution_mode = "cache"
nb_execution_cache_path = str(DOCS / "_build" / ".jupyter_cache")
nb_execution_timeout = 120  # seconds per cell
nb_execution_raise_on_error = True
nb_execution_show_tb = True
nb_merge_streams = True  # one stdout block per cell, in a stable order
nb_ipywidgets_js = {}  # never add the widget scripts from a CDN

# -- HTML -------------------------------------------------------------------------
html_theme = "furo"  # light and dark (the reader's system setting, or its toggle)
html_title = "chainrule"
html_static_path = ["_static"]
html_css_files = ["custom.css", "views.css"]
# issue 15: the favicon, drawn for the site; browsers also ask for /favicon.ico.
html_favicon = "_static/favicon.svg"
html_extra_path = ["_static/favicon.ico"]
# A wide code block, table or equation that scrolls sideways takes the keyboard
# focus, so that its arrow keys scroll it (axe: scrollable-region-focusable).
html_js_files = [("scrollable.js", {"defer": "defer"})]
html_theme_options = {
    # No "view this page" and "edit" icons: the site has no public repository yet,
    # and they stood outside every landmark of the page (axe: region).
    "top_of_page_buttons": [],
}
html_math_renderer = "mathml"  # docs/_ext/mathml.py

# -- API reference: autosummary, autodoc and numpydoc -------------------------------
autosummary_generate = True
autosummary_ignore_module_all = False  # a module's page documents its __all__
# Modules whose names the package does not re-export: documented under their own
# path (the exercises' checkers are imported from chainrule.exercises).
autosummary_context = {"standalone_modules": ["chainrule.exercises"]}
# api/functions.html, not api/chainrule.functions.html.
autosummary_filename_map = {
    f"chainrule.{path.stem}": path.stem
    for path in Path(find_spec("chainrule").origin).parent.glob("[!_]*.py")
}
# Signatures show names and defaults; the types are in numpydoc's Parameters.
autodoc_typehints = "none"
autodoc_preserve_defaults = True  # defaults as written: floor=1e-8, not 1e-08


def _written_in(name: str) -> tuple[str, list[str]]:
    """The module that defines chainrule's constant or alias ``name``, and the
    ``#:`` comment written above it there."""
    for modname in autosummary_filename_map:
        comment = ModuleAnalyzer.for_module(modname).find_attr_docs().get(("", name))
        if comment:
            return modname, list(comment)
    return "chainrule", []


def _data_doc_comment(
    app: Any, what: str, name: str, obj: Any, options: Any, lines: list[str]
) -> None:
    """Document ``chainrule.Chain`` with the comment written where it is defined:
    autodoc looks only in ``chainrule/__init__.py``, then shows ``list``'s docstring."""
    if what == "data" and name.startswith("chainrule."):
        lines[:] = _written_in(name.rpartition(".")[2])[1] or lines


def _no_signature_for_data(
    app: Any, what: str, name: str, obj: Any, options: Any, sig: Any, retann: Any
) -> tuple[None, None] | None:
    """Answer before numpydoc (priority 500) that data has no signature: numpydoc
    gives ``Chain = list[...]`` the signature of ``list``, which autodoc rejects."""
    return (None, None) if what == "data" else None


def _source_module(app: Any, modname: str, attribute: str) -> str:
    """viewcode: where the source of a re-exported name is; always inside chainrule.

    An alias such as ``ArrayFunction = Callable[...]`` names collections.abc as its
    module, whose source viewcode would then publish.
    """
    module = getattr(getattr(import_module(modname), attribute, None), "__module__", "")
    if str(module).startswith("chainrule"):
        return str(module)
    return _written_in(attribute)[0]


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
    "backreferences_dir": "gen_modules/backreferences",  # for the mini-galleries
    "doc_module": ("chainrule",),
    "image_scrapers": ("themed_figures.scraper",),  # docs/_ext; see Figures above
    "within_subsection_order": "gallery_order.ChapterOrder",  # docs/_ext
    "remove_config_comments": True,
    "parallel": True,  # as many examples at once as Sphinx's -j (joblib)
    "capture_repr": (),  # the value of a block's last expression is not shown
    # sg_execution_times pages load DataTables and jQuery from CDNs, and their
    # timings differ on every build: not written (times still show per example).
    "write_computation_times": False,
    # issue 15: a downloaded notebook installs chainrule first (default: %matplotlib)
    "first_notebook_cell": INSTALL_CELL,
}
# issue 15: a site served elsewhere than the local build builds its gallery from a
# copy whose install lines name its own index (the scripts name the local one).
if SITE_URL != site_index.LOCAL_SITE_URL:
    sphinx_gallery_conf["examples_dirs"] = str(
        site_index.bake_gallery(
            DOCS.parent / "gallery", DOCS / "_build" / "gallery", SITE_URL
        )
    )

# -- Page metadata: OpenGraph tags, descriptions and the sitemap (issue 15) ----------
# sphinxext-opengraph: og:* tags and <meta name="description"> from each page's
# first paragraph (its front matter's og:description, if any, wins); no social
# card images (they would be drawn for every page on every build).
ogp_site_url = SITE_URL
ogp_site_name = project
ogp_social_cards = {"enable": False}
# sphinx-sitemap: every content page; html_baseurl already holds the version's
# address on Read the Docs, so a page's URL is that plus its link. (It lists only
# the pages a build writes; docs/_ext/site_meta.py adds the others.)
sitemap_url_scheme = "{link}"
sitemap_excludes = ["search.html", "genindex.html", "py-modindex.html", "_modules/*"]


def setup(app: Any) -> None:
    app.connect("viewcode-follow-imported", _source_module)
    app.connect("autodoc-process-signature", _no_signature_for_data, priority=400)
    app.connect("autodoc-process-docstring", _data_doc_comment)
