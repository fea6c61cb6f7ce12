"""IPython settings of the kernels that run the site's pages.

docs/conf.py points IPYTHONDIR here, so myst-nb's and jupyter-cache's kernels (and
the test that runs each page's visible cells, tests/test_pages.py) read this file.
A page then needs no hidden set-up cell for them.
"""

c = get_config()  # noqa: F821 (IPython's config loader defines it)

# An error shows as its type and message, one line, as a reader acts on it: no
# traceback through the library, and no path of the machine that built the site.
c.InteractiveShell.xmode = "Minimal"
# Nothing written into this folder while the pages run.
c.HistoryManager.enabled = False
