# make book   — set up .venv, build the three editions into _build/site
# make briefs — reprint only the country briefs (PDF) into the existing site
# make test   — lint and types, unit tests, every notebook in every language, a full build, checks on the site
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
# The bundle the site serves: a stamp without it (node_modules removed or half installed) is stale.
NODE_BUNDLE := node_modules/plotly.js-cartesian-dist-min/plotly-cartesian.min.js
EDITION ?=
export PATH := $(abspath $(VENV))/bin:$(PATH)
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: book briefs data dataset test lint unit notebooks site-tests audit faults small-build bench review catalogs clean FORCE

$(STAMP): requirements.txt pyproject.toml
	@test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps -e .
	@touch $@

book: $(STAMP) $(NODE_STAMP) dataset
	$(PY) -m ctdc_story.build $(if $(EDITION),--lang $(EDITION))

briefs: $(STAMP) $(NODE_STAMP) dataset
	$(PY) -m ctdc_story.publication.briefs

data: $(STAMP)
	$(PY) -m ctdc_story.tools.fetch

# The dataset, fetched (sha256 verified) only when neither CTDC_DATA nor data/raw/ holds it; offline,
# a message says how to place the file.
dataset: $(STAMP)
	@$(PY) -m ctdc_story.tools.fetch --if-missing

catalogs: $(STAMP)
	$(PY) -m ctdc_story.tools.catalogs

test: lint unit notebooks book site-tests audit faults small-build

# Style and types (pyproject.toml): the same checks the pre-commit hooks run; then the proofing of
# the French and Arabic catalogs (text.proofing), which the build also runs before it starts.
lint: $(STAMP)
	$(PY) -m ruff check ctdc_story tests
	$(PY) -m ruff format --check ctdc_story tests
	$(PY) -m mypy
	$(PY) -m ctdc_story.tools.proof

unit: $(STAMP) $(NODE_STAMP) dataset
	$(PY) -m pytest -m "not site and not faults" -n auto --dist worksteal

# Every chapter, executed in every language through nbval (MyST -> ipynb with jupytext).
notebooks: $(STAMP) dataset
	@rm -rf _build/nbval && mkdir -p _build/nbval
	@for nb in notebooks/*.md book/about.md book/key_findings.md book/intro.md; do \
	  $(VENV)/bin/jupytext --quiet --to ipynb --output _build/nbval/$$(basename $${nb%.md}).ipynb $$nb || exit 1; \
	done
	@for lang in en fr ar; do \
	  echo "== notebooks in $$lang"; \
	  CTDC_LANG=$$lang $(PY) -m pytest --nbval-lax --nbval-current-env -p no:cacheprovider -q _build/nbval || exit 1; \
	done

# Front-end assets the site serves (plotly.js cartesian bundle) and axe-core for the accessibility
# checks, pinned in package-lock.json; npm ci installs exactly those into node_modules/ (git-ignored).
ifeq ($(wildcard $(NODE_BUNDLE)),)
$(NODE_STAMP): FORCE
endif
$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm is needed: apt-get install nodejs npm (see README)"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# On as many workers as the machine has cores (pytest-xdist, as the unit tests); worksteal evens out
# the long browser tests.
site-tests: $(STAMP) $(NODE_STAMP) dataset
	$(PY) -m pytest -m site -n auto --dist worksteal --durations=25

# Disclosure audit of every published file (pages, chart data, downloads, PDFs).
audit: $(STAMP) dataset
	$(PY) -m ctdc_story.tools.audit _build/site

# The whole book (every edition) built from a file derived from the dataset in which several groups
# have exactly SMALL_SIZE records (9: shown as "<10"; 10 and 11 probe the edge), then audited. The
# generated file is a row-level copy: it lives under _build only. Its pages, CSV files and briefs must
# name that file and its sha256 (tests/site/test_provenance.py).
SMALL_SIZE ?= 9
SMALL_BUILD := $(abspath _build/small)
SMALL_DATA := $(abspath _build/small-data)/CTDC_smallgroups_$(SMALL_SIZE).csv
small-build: $(STAMP) $(NODE_STAMP) dataset
	$(PY) -m ctdc_story.tools.smallgroups --size $(SMALL_SIZE) $(SMALL_DATA)
	CTDC_BUILD_DIR=$(SMALL_BUILD) CTDC_DATA=$(SMALL_DATA) $(PY) -m ctdc_story.build
	CTDC_BUILD_DIR=$(SMALL_BUILD) CTDC_DATA=$(SMALL_DATA) $(PY) -m ctdc_story.tools.audit $(SMALL_BUILD)/site
	CTDC_BUILD_DIR=$(SMALL_BUILD) CTDC_DATA=$(SMALL_DATA) $(PY) -m pytest -m site -q tests/site/test_provenance.py

# Fault injection (tests/faults): builds killed at named points, a full disk, a killed Chromium,
# SIGTERM, two builds at once. One edition, in a temporary build folder seeded with _build/cache.
faults: $(STAMP) $(NODE_STAMP)
	$(PY) -m pytest -m faults --durations=0 tests/faults


# A first visit on a slow phone connection (bytes, first text, first chart under Chromium's
# throttling) for this tree, today's build and the naive one, all three built here, and the build
# times (prints a table; not a test). On built sites: make bench BENCH_ARGS="--site DIR --baseline DIR".
bench: $(STAMP) $(NODE_STAMP)
	$(PY) -m ctdc_story.tools.bench $(BENCH_ARGS)

# Screenshots of the landing page and a country page (phone and desktop, first screen and whole) and
# chapter 5 on a phone, in each edition, this build ("after") beside the book before issue 13
# ("before", built once from that commit), in _build/review/ (index.html shows them side by side).
# Needs make book first.
REVIEW_BEFORE ?= af2c1aa
review: $(STAMP) $(NODE_STAMP) dataset
	$(PY) -m ctdc_story.tools.review --before-commit $(REVIEW_BEFORE)

FORCE:

clean:
	rm -rf _build node_modules
