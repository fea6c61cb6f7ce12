"""The chainrule site: MyST pages run by myst-nb (cached, in parallel), the gallery by
sphinx-gallery, the API by autosummary, Furo's theme; built with -W -n (the Makefile)."""

import hashlib
import importlib.metadata
import os
import sys
from importlib.util import find_spec
from pathlib import Path

from jupyter_cache import get_cache
from sphinx.pycode import ModuleAnalyzer
from sphinx_gallery.sorting import ExplicitOrder

DOCS = Path(__file__).resolve().parent
sys.path.insert(0, str(DOCS / "_ext"))
import site_index  # docs/_ext

os.environ.setdefault("PYTHONHASHSEED", "0")  # the kernels print sets in one order
# issue 13: the kernels' profile shows figures as themed inline SVG (themed_figures.py)
os.environ["IPYTHONDIR"] = str(DOCS / "ipython")

project = "chainrule"
author = "The chainrule developers"
copyright = "2026, The chainrule developers"  # fixed text: builds are reproducible
release = importlib.metadata.version("chainrule")

extensions = [  # the last line: docs/_ext
    "myst_nb", "sphinx.ext.autodoc", "sphinx.ext.autosummary", "numpydoc",
    "sphinx.ext.viewcode", "sphinx_design", "sphinx_copybutton", "sphinxext.opengraph",
    "sphinx_gallery.gen_gallery",
    "listing", "accessible", "site_index", "page_notebooks", "mathml",
]  # fmt: skip
templates_path = ["_templates"]
# the gallery's notebooks are downloads (else: "multiple files found for the document")
exclude_patterns = ["_build", "_templates", "auto_examples/**.ipynb"]
nitpicky = True
# names the API pages link to that the site does not document (as in "alias of ...")
NOT_OURS = r"collections\.abc\.Callable|numpy\.ndarray|matplotlib\.figure\.Figure"
nitpick_ignore_regex = [("py:class", NOT_OURS), ("py:func", r"functools\.partial")]
toc_object_entries = False  # each API entry has its own section in the contents

# -- issue 15: the site's address (html_baseurl), which every install line names, and
# its PEP 503 package index, simple/ (_templates/simple.html), of the wheel and sdist
# `make package` builds into PACKAGE ------------------------------------------------
html_baseurl = ogp_site_url = site_index.site_url()
if html_baseurl == site_index.LOCAL_SITE_URL:
    tags.add("local_site")  # noqa: F821 (Sphinx's): index.md says where it is served
PACKAGE = DOCS / "_build" / "index"
html_additional_pages = {"simple/index": "simple.html"}
html_additional_pages["simple/chainrule/index"] = "simple.html"
DISTS = sorted(PACKAGE.glob("simple/chainrule/chainrule-*"))  # the wheel, the sdist
html_context = {  # each with its hash
    "dists": [(p.name, hashlib.sha256(p.read_bytes()).hexdigest()) for p in DISTS],
    "requires_python": importlib.metadata.metadata("chainrule")["Requires-Python"],
}

myst_enable_extensions = ["dollarmath", "colon_fence", "substitution"]
INSTALL = site_index.install_command(html_baseurl)
myst_substitutions = {"install_command": f"```shell\n{INSTALL}\n```"}  # index.md
myst_heading_anchors = 3
nb_execution_mode = "cache"
nb_execution_cache_path = str(DOCS / "_build" / ".jupyter_cache")
# made here, before Sphinx forks its readers: else two may race to create its tables
get_cache(nb_execution_cache_path).list_cache_records()
nb_execution_timeout = 120  # seconds per cell
nb_execution_raise_on_error = True
nb_execution_show_tb = True
nb_merge_streams = True  # one stdout block per cell, in a stable order
nb_ipywidgets_js = {}  # never add the widget scripts from a CDN

html_theme = "furo"
html_title = "chainrule"
html_static_path = ["_static"]
html_css_files = ["custom.css", "views.css"]
html_favicon = "_static/favicon.svg"
html_extra_path = ["_static/favicon.ico", str(PACKAGE)]  # /favicon.ico, and simple/
# axe (scrollable-region-focusable): a sideways-scrolling block takes the focus
html_js_files = [("scrollable.js", {"defer": "defer"})]
# axe (region): no "view"/"edit" icons (and the site has no public repository yet)
html_theme_options = {"top_of_page_buttons": []}
html_math_renderer = "mathml"  # docs/_ext/mathml.py
ogp_social_cards = {"enable": False}  # no image drawn for every page on every build

# -- API reference: autosummary, autodoc and numpydoc ------------------------------
autosummary_ignore_module_all = False  # a module's page documents its __all__
# documented under its own path, as the package does not re-export its names
autosummary_context = {"standalone_modules": ["chainrule.exercises"]}
autosummary_filename_map = {
    f"chainrule.{path.stem}": path.stem
    for path in Path(find_spec("chainrule").origin).parent.glob("[!_]*.py")
}  # api/functions.html, not api/chainrule.functions.html
autodoc_typehints = "none"  # the types are in numpydoc's Parameters
autodoc_preserve_defaults = True  # defaults as written: floor=1e-8, not 1e-08


DATA = {}  # chainrule's data (Chain, ArrayFunction): name: (its module, its #: comment)
for mod in autosummary_filename_map:
    for (_, name), doc in ModuleAnalyzer.for_module(mod).find_attr_docs().items():
        DATA[name] = (mod, list(doc))


def setup(app):
    # autodoc reads chainrule.Chain's comment in chainrule/__init__.py only, then shows
    # list's docstring: the comment where Chain is defined instead.
    def data_doc_comment(app, what, name, obj, options, lines):
        if what == "data" and name.startswith("chainrule."):
            lines[:] = DATA.get(name.rpartition(".")[2], ("", lines))[1]

    # data has no signature: numpydoc (500) would give Chain list's, autodoc rejects it
    def no_signature_for_data(app, what, *args):
        return (None, None) if what == "data" else None

    app.connect("autodoc-process-docstring", data_doc_comment)
    app.connect("autodoc-process-signature", no_signature_for_data, priority=400)
    # viewcode: ArrayFunction's source is in chainrule, not in collections.abc
    app.connect("viewcode-follow-imported", lambda a, m, n: DATA.get(n, [None])[0])


# the doctest prompts: the button copies the lines they start, not the output lines
copybutton_prompt_text = r">>> |\.\.\. "
copybutton_prompt_is_regexp = True

# -- sphinx-gallery: the book's figures first, then ours (each must be listed) -------
CHAPTER_ORDER = [
    "fig_1_1_square_relu", "fig_1_4_derivative_slope", "fig_1_9_chain_rule",
    "fig_1_11_longer_chain", "fig_1_20_gradient_check", "fig_1_24_L_vs_x11",
    "diagrams", "chain_any_length", "choosing_delta", "backward_pass_cost",
]  # fmt: skip
sphinx_gallery_conf = {
    "examples_dirs": "../gallery",
    "gallery_dirs": "auto_examples",
    "backreferences_dir": "gen_modules/backreferences",  # for the mini-galleries
    "doc_module": ("chainrule",),
    "image_scrapers": ("themed_figures.scraper",),  # docs/_ext
    "within_subsection_order": ExplicitOrder(f"plot_{n}.py" for n in CHAPTER_ORDER),
    "remove_config_comments": True,
    "parallel": 2,  # two at once (joblib): each more worker costs its imports, 1.5 s CPU
    "capture_repr": (),  # the value of a block's last expression is not shown
    # sg_execution_times loads scripts from CDNs and differs on every build
    "write_computation_times": False,
    "first_notebook_cell": site_index.notebook_install_cell(html_baseurl),
}
# issue 15: a site served elsewhere builds its gallery from a copy naming its index
if html_baseurl != site_index.LOCAL_SITE_URL:
    baked = DOCS / "_build" / "gallery"
    site_index.bake_gallery(DOCS.parent / "gallery", baked, html_baseurl)
    sphinx_gallery_conf["examples_dirs"] = str(baked)
