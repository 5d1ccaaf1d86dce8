# crmlab: two commands on a fresh machine with Python 3.11+.
#   make lab    create .venv, install the course, open JupyterLab on it
#   make test   same set-up plus test tools, then the whole test suite
#   make site   build the course website into build/site/html (offline)
#   make check  the fast loop while you work: lint, unit and property tests, doctests

PYTHON ?= python3
VENV   := .venv
BIN    := $(CURDIR)/$(VENV)/bin
# nbgrader calls `alembic` and JupyterLab starts kernels by name: both must
# find the venv's programs first.
export PATH := $(BIN):$(PATH)
export PIP_DISABLE_PIP_VERSION_CHECK := 1

# JupyterLab refuses to run as root (CI, containers) without --allow-root.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root,)
# Two workers: notebooks and nbgrader batches spend most of their time in kernels.
# Whole files go to one worker, because their tests share module fixtures (one
# JupyterLab server, one autograde batch per assignment) that must run once.
PYTEST_ARGS ?= -n 2 --dist loadfile --durations=10

LAB_STAMP  := $(VENV)/.installed-lab
TEST_STAMP := $(VENV)/.installed-test
SITE_STAMP := $(VENV)/.installed-site

# Tests that start kernels, nbgrader or a browser, or take long, carry these markers.
SLOW_MARKERS := notebooks or grading or browser or slow or site or hub

.PHONY: lab test check test-browser test-hub install install-test python-check browser lint format benchmark \
        assignments datasets site clean

lab: $(LAB_STAMP)
	@mkdir -p grading/exchange
	$(BIN)/jupyter lab --notebook-dir="$(CURDIR)" $(ALLOW_ROOT)

test: $(TEST_STAMP) browser
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest $(PYTEST_ARGS)

# The contributor's loop: ruff, the unit and property tests and the doctests,
# without notebooks, nbgrader, the browser or slow tests. It installs nothing
# beyond the test extras (no Chromium). `make test` stays the full suite CI runs.
check: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest -n 2 -q -m "not ($(SLOW_MARKERS))"

install: $(LAB_STAMP)
install-test: $(TEST_STAMP)

python-check:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
	  echo "crmlab needs Python 3.11 or newer, but '$(PYTHON)' is: $$($(PYTHON) --version 2>&1)."; \
	  echo "Install Python 3.11+ and run again, e.g. 'make lab PYTHON=python3.12'."; \
	  exit 1; }

$(VENV)/bin/python: | python-check
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Re-installs only when the package metadata changes; the install is editable,
# so edits to crmlab/ need no re-install.
$(LAB_STAMP): pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install --quiet -e '.[grading]'
	@touch $@

# The test suite builds the course website too (tests/test_site.py).
$(TEST_STAMP): pyproject.toml $(LAB_STAMP)
	$(BIN)/pip install --quiet -e '.[test,site]'
	@touch $@

$(SITE_STAMP): pyproject.toml $(LAB_STAMP)
	$(BIN)/pip install --quiet -e '.[site]'
	@touch $@

# The browser test drives Debian's Chromium (Playwright's own browser download
# cannot work offline), with a Chinese font so the course's Chinese terms render.
# Install them where we can; without Chromium the test skips with a message.
browser:
	@if [ -x /usr/bin/chromium ] && fc-list :lang=zh 2>/dev/null | grep -q .; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing Debian's chromium and a Chinese font for the browser test..."; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	     chromium fonts-wqy-microhei >/dev/null) \
	    || echo "Could not install chromium: the browser test will be skipped."; \
	elif [ -x /usr/bin/chromium ]; then \
	  echo "No Chinese font: Chinese terms show as boxes in the browser test's screenshots."; \
	  echo "Install one with: sudo apt-get install fonts-wqy-microhei"; \
	else \
	  echo "No /usr/bin/chromium and no root to install it: the browser test will be skipped."; \
	  echo "Install it with: sudo apt-get install chromium fonts-wqy-microhei"; \
	fi

# Only the browser test (JupyterLab in Chromium; about 2-3 minutes).
test-browser: $(TEST_STAMP) browser
	$(BIN)/pytest -m browser

# Only the JupyterHub test (as root: real system users; about 1.5 minutes, plus
# 1-2 minutes the first time, when deploy/setup.sh builds the hub's Python
# environment in /var/tmp/crmlab-hub-test/env and installs configurable-http-proxy
# from npm). `make test` runs it too; it skips with a message where it cannot run.
test-hub: $(TEST_STAMP) browser
	$(BIN)/pytest -m hub

lint: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(TEST_STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

benchmark: $(TEST_STAMP)
	$(BIN)/python benchmarks/bench_import.py
	$(BIN)/python benchmarks/bench_core.py
	$(BIN)/python benchmarks/bench_notebooks.py
	$(BIN)/python benchmarks/bench_autograde.py
	$(BIN)/python benchmarks/bench_clv_models.py
	$(BIN)/python benchmarks/bench_site.py

# The course website in English and Chinese (build/site/html/zh): every notebook
# executed (cached in build/site/cache-*, so a rebuild runs only the notebooks
# whose code changed), searchable, offline.
site: $(SITE_STAMP)
	$(BIN)/python scripts/build_site.py

# Regenerate the student release from the nbgrader source notebooks.
assignments: $(LAB_STAMP)
	$(BIN)/python scripts/release_assignments.py

# Regenerate the synthetic datasets from their seeded generators.
datasets: $(LAB_STAMP)
	$(BIN)/python scripts/make_datasets.py
	$(BIN)/python -m crmlab.datasets._schema

clean:
	rm -rf $(VENV) grading artifacts .pytest_cache .ruff_cache build dist
