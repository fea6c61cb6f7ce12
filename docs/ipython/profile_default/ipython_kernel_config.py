"""IPython settings of the kernels that run the site's pages (docs/conf.py points
IPYTHONDIR here; tests/test_pages.py runs the copied cells with it too)."""

c = get_config()  # noqa: F821 (IPython's config loader defines it)

# An error shows as its type and message, one line, as a reader acts on it: no
# traceback through the library, and no path of the machine that built the site.
c.InteractiveShell.xmode = "Minimal"
# Nothing written into this folder while the pages run.
c.HistoryManager.enabled = False
# No PNG of each figure beside its themed SVG (startup/figures.py): no page shows
# it, and drawing it was a third of the kernels' CPU time (clean build, issue 11).
c.InlineBackend.figure_formats = set()
