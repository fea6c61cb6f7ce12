# The site's page kernels (docs/conf.py points IPYTHONDIR here): figures go on the
# page as inline SVG that follows the light or dark theme (docs/_ext/themed_figures.py).
# The inline backend resets the figure formatters when it starts, on the first figure:
# so it starts here first, and the themed formatter is added after it.
import sys
from pathlib import Path

import matplotlib.pyplot as plt

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "_ext"))
import themed_figures

plt.close(plt.figure())
themed_figures.register(get_ipython())  # noqa: F821
del sys, Path, plt, themed_figures
