# make book   — set up .venv, build the three editions into _build/site
# make test   — unit tests, every notebook in every language, a full build, checks on the site
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
EDITION ?=
export PATH := $(abspath $(VENV))/bin:$(PATH)
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: book data test unit notebooks site-tests catalogs clean

$(STAMP): requirements.txt pyproject.toml
	@test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps -e .
	@touch $@

book: $(STAMP)
	$(PY) -m ctdc_story.build $(if $(EDITION),--lang $(EDITION))

data: $(STAMP)
	$(PY) -m ctdc_story.fetch

catalogs: $(STAMP)
	$(PY) -m ctdc_story.catalogs

test: unit notebooks book site-tests

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

# axe-core (pinned in package-lock.json) for the accessibility checks; npm ci installs exactly
# the locked version into node_modules/ (git-ignored).
$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm is needed for the accessibility tests: apt-get install nodejs npm (see README)"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

site-tests: $(STAMP) $(NODE_STAMP)
	$(PY) -m pytest -m site

clean:
	rm -rf _build node_modules
