# chainrule: the two commands of the README's Quick start are `make html` and `make test`.
# Both create .venv when it is missing and install what they need into it.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip
CONSTRAINTS := constraints.txt
# -j 8 on 2 cores: Sphinx hands each reader a run of pages, 13 at -j 2 (one reader
# ran 10 notebooks in a row: clean build 60 s), 4 at -j 8 (36 to 41 s).
SPHINXOPTS ?= -W --keep-going -n -j 8
HTML_DIR := docs/_build/html

.DEFAULT_GOAL := help
.PHONY: help install package html serve test fuzz lint typecheck bench clean clean-all FORCE

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 10) and "chainrule needs Python >= 3.10")'
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

# One stamp per extra set: reinstall only when the project's requirements change.
$(VENV)/.installed-%: $(BIN)/python pyproject.toml $(CONSTRAINTS)
	$(PIP) install --quiet --constraint $(CONSTRAINTS) --editable '.[$(subst -,$(comma),$*)]'
	@touch $@

comma := ,

install: $(VENV)/.installed-docs-test  ## install the library with its docs and test extras into .venv

html: $(HTML_DIR)/.built  ## build the site into docs/_build/html (zero warnings allowed)
	@echo "The site is in $(HTML_DIR)/index.html"

# Everything the site is built from (pages include code from src/ and tests/). The
# folders are listed too, since adding or removing a file changes them. When none
# is newer than the last successful build, make skips Sphinx altogether: Sphinx
# itself needs about 4 s just to start and find that nothing changed.
SITE_SOURCES := $(shell find docs gallery src tests \( -path docs/_build \
	-o -path docs/auto_examples -o -path docs/gen_modules -o -path docs/jupyter_execute \
	-o -name __pycache__ -o -name '.*' \) -prune -o -print) pyproject.toml Makefile \
	README.md  # issue 15: the site serves the wheel and sdist, whose metadata holds it

# Rewritten only when the options change, so that other options make a new build.
BUILD_OPTIONS := $(HTML_DIR)/.sphinxopts
$(BUILD_OPTIONS): FORCE
	@mkdir -p $(@D)
	@echo '$(SPHINXOPTS)' | cmp -s - $@ || echo '$(SPHINXOPTS)' > $@

FORCE:

# The pages' outputs and the gallery's come from running the library, and the
# kernels' figure rendering (docs/ipython, docs/_ext/themed_figures.py), but the
# page cache (jupyter-cache) is keyed on a page's own code and sphinx-gallery
# re-runs a script only when the script changes: when any of that code changes,
# both are stale, so they go, with Sphinx's saved environment, and every page and
# example runs again.
LIBRARY_STAMP := $(HTML_DIR)/.library
$(LIBRARY_STAMP): $(shell find src/chainrule docs/ipython/profile_default/startup \
	-name '*.py') docs/ipython/profile_default/ipython_kernel_config.py \
	docs/_ext/themed_figures.py
	rm -rf docs/_build/.jupyter_cache docs/auto_examples $(HTML_DIR)/.doctrees
	@mkdir -p $(@D) && touch $@

# -- issue 16: a new configuration rewrites every page -------------------------------
# Sphinx notices a changed setting of conf.py, but not a changed extension in
# docs/_ext or an upgraded package, and it writes again only the pages it reads
# again; sphinx.ext.viewcode even rewrites a module's source page (_modules/) only
# when the module changed. So when conf.py, the templates, the extensions, the
# static files or the installed packages change, Sphinx's saved environment and the
# source pages go, and every page is read and written again (the page cache and the
# gallery's outputs stay: nothing runs again).
CONFIG_STAMP := $(HTML_DIR)/.configuration
$(CONFIG_STAMP): docs/conf.py $(shell find docs/_templates docs/_ext docs/_static -type f -not -path '*/__pycache__/*') $(VENV)/.installed-docs
	rm -rf $(HTML_DIR)/.doctrees $(HTML_DIR)/_modules
	@mkdir -p $(@D) && touch $@
# -- end of issue 16's block ----------------------------------------------------------

# issue 15: chainrule is not on PyPI, so the site is its PEP 503 package index
# (docs/conf.py serves this folder): the wheel and sdist, built again when what they
# are made from changes. Read the Docs runs this target too (.readthedocs.yaml).
PACKAGE_DIR := docs/_build/index/simple/chainrule
PACKAGE_STAMP := docs/_build/.package
package: $(PACKAGE_STAMP)  ## build the wheel and sdist that the site serves
$(PACKAGE_STAMP): $(VENV)/.installed-docs pyproject.toml README.md $(shell find src tests \
	-name __pycache__ -prune -o -type f -print)
	rm -rf $(PACKAGE_DIR)
	$(BIN)/python -m build --quiet --no-isolation --skip-dependency-check --sdist --wheel \
	--outdir $(PACKAGE_DIR) .
	@touch $@

# jupyter_client#154 (open): a page's kernel dies before it replies to kernel_info
# when a kernel that another reader started at the same moment took one of its
# ports (here 1 start in 200, so 1 clean build in 15). The page cache keeps the
# pages that ran: Sphinx runs once more, after that error only. (The log file: a
# pipe's status is tee's in POSIX sh.)
KERNEL_DIED := Kernel died before replying to kernel_info
# tests/test_make_html.py points SPHINX_SOURCE at a one-page project of its own
SPHINX_SOURCE ?= docs
SPHINX_BUILD = $(BIN)/sphinx-build $(SPHINXOPTS) -w $(HTML_DIR)/.warnings -b html $(SPHINX_SOURCE) $(HTML_DIR)
$(HTML_DIR)/.built: $(VENV)/.installed-docs $(SITE_SOURCES) $(BUILD_OPTIONS) $(LIBRARY_STAMP) $(CONFIG_STAMP) $(PACKAGE_STAMP)
	@rm -f $(HTML_DIR)/.failed; echo '$(SPHINX_BUILD)'
	@{ $(SPHINX_BUILD) 2>&1 || touch $(HTML_DIR)/.failed; } | tee $(HTML_DIR)/.log
	@if [ -f $(HTML_DIR)/.failed ]; then grep -q '$(KERNEL_DIED)' $(HTML_DIR)/.log || exit 1; \
	echo "make: a page's kernel died as it started (jupyter_client#154): Sphinx once more"; \
	$(SPHINX_BUILD); fi
	@touch $@


# issue 15: the site, with the package index inside it, where its install commands
# say it is (docs/_ext/site_index.py: LOCAL_SITE_URL). Stop it with Ctrl-C.
SERVE_HOST := 127.0.0.1
SERVE_PORT := 8000
serve: html  ## serve the built site, and its package index, on http://127.0.0.1:8000/
	@echo "Serving $(HTML_DIR) on http://$(SERVE_HOST):$(SERVE_PORT)/ (Ctrl-C stops)"
	$(BIN)/python -m http.server $(SERVE_PORT) --bind $(SERVE_HOST) --directory $(HTML_DIR)

lint: $(VENV)/.installed-docs-test  ## ruff (lint and format) and mypy
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# -- issue 16: the npm packages of the site's checks (package.json, package-lock.json) --
# The tests need axe-core and the Nu Html Checker (its jar runs on the system's Java),
# the npm "dependencies"; make bench also needs Lighthouse, a devDependency of about
# 100 MB more. No install script runs (--ignore-scripts): vnu-jar's would download a
# Java of its own when the system has none.
NPM_CI := npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
node_modules/.installed-test: package.json package-lock.json
	$(NPM_CI) --omit=dev
	@touch $@

node_modules/.installed-bench: package.json package-lock.json
	$(NPM_CI)
	@touch $@ node_modules/.installed-test
# -- end of issue 16's block ----------------------------------------------------------

# The site tests check the site `make html` built (and brings up to date). The test
# files run side by side, one worker per core (pytest-xdist); a file stays on one
# worker, so each module fixture (the browser, the reader's runs) is made once.
PYTEST_WORKERS ?= auto
test: $(VENV)/.installed-docs-test node_modules/.installed-test lint html  ## the whole suite, with coverage of src/
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist loadfile --cov --cov-report=term --durations=15 $(PYTEST_ARGS)

# Every property test (pytest's "hypothesis" marker) with new random cases on each
# run and ten times the examples; `make test` draws the same cases every time.
fuzz: $(VENV)/.installed-docs-test  ## property tests with random seeds and ten times the examples
	$(BIN)/python -m pytest -m hypothesis --hypothesis-profile=fuzz $(PYTEST_ARGS)

bench: $(VENV)/.installed-docs-test node_modules/.installed-bench  ## benchmarks: build times, page weight, gradient cost, suite time, Lighthouse
	$(BIN)/python bench/run.py $(BENCH_ARGS)

clean:  ## remove build outputs (keeps .venv)
	rm -rf docs/_build docs/api docs/auto_examples docs/jupyter_execute docs/sg_execution_times.rst docs/gen_modules .jupyter_cache dist build .coverage htmlcov

clean-all: clean  ## also remove .venv and node_modules
	rm -rf $(VENV) node_modules
