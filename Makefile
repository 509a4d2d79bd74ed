# make book   — set up .venv, build the three editions into _build/site
# make briefs — reprint only the country briefs (PDF) into the existing site
# make test   — lint and types, unit tests, every notebook in every language, a full build, checks on the site
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
EDITION ?=
export PATH := $(abspath $(VENV))/bin:$(PATH)
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: book briefs data test lint unit notebooks site-tests audit bench catalogs clean

$(STAMP): requirements.txt pyproject.toml
	@test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps -e .
	@touch $@

book: $(STAMP) $(NODE_STAMP)
	$(PY) -m ctdc_story.build $(if $(EDITION),--lang $(EDITION))

briefs: $(STAMP) $(NODE_STAMP)
	$(PY) -m ctdc_story.publication.briefs

data: $(STAMP)
	$(PY) -m ctdc_story.tools.fetch

catalogs: $(STAMP)
	$(PY) -m ctdc_story.tools.catalogs

test: lint unit notebooks book site-tests audit

# Style and types (pyproject.toml): the same checks the pre-commit hooks run.
lint: $(STAMP)
	$(PY) -m ruff check ctdc_story tests
	$(PY) -m ruff format --check ctdc_story tests
	$(PY) -m mypy

unit: $(STAMP)
	$(PY) -m pytest -m "not site"

# Every chapter, executed in every language through nbval (MyST -> ipynb with jupytext).
notebooks: $(STAMP)
	@rm -rf _build/nbval && mkdir -p _build/nbval
	@for nb in notebooks/*.md book/about.md book/key_findings.md; do \
	  $(VENV)/bin/jupytext --quiet --to ipynb --output _build/nbval/$$(basename $${nb%.md}).ipynb $$nb || exit 1; \
	done
	@for lang in en fr ar; do \
	  echo "== notebooks in $$lang"; \
	  CTDC_LANG=$$lang $(PY) -m pytest --nbval-lax --nbval-current-env -p no:cacheprovider -q _build/nbval || exit 1; \
	done

# Front-end assets the site serves (plotly.js cartesian bundle) and axe-core for the accessibility
# checks, pinned in package-lock.json; npm ci installs exactly those into node_modules/ (git-ignored).
$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm is needed: apt-get install nodejs npm (see README)"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

site-tests: $(STAMP) $(NODE_STAMP)
	$(PY) -m pytest -m site

# Disclosure audit of every published file (pages, chart data, downloads, PDFs).
audit: $(STAMP)
	$(PY) -m ctdc_story.tools.audit _build/site

# A first visit on a slow phone connection (bytes, first text, first chart under Chromium's
# throttling) for this tree, today's build and the naive one, all three built here, and the build
# times (prints a table; not a test). On built sites: make bench BENCH_ARGS="--site DIR --baseline DIR".
bench: $(STAMP) $(NODE_STAMP)
	$(PY) -m ctdc_story.tools.bench $(BENCH_ARGS)

clean:
	rm -rf _build node_modules
