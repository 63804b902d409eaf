# Aligned: the two commands are `make run` and `make test`; both set themselves up.
SHELL := /bin/bash
PY := .venv/bin/python
VENV_STAMP := .venv/.installed
NODE_STAMP := node_modules/.installed
WEB_STAMP := web/dist/.built

.PHONY: setup web test test-unit lint bench run clean-local package

setup: $(VENV_STAMP) $(NODE_STAMP) $(WEB_STAMP)

$(VENV_STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || python3 -m venv .venv
	$(PY) -m pip install -q --disable-pip-version-check 'pip<26.3'
	$(PY) -m pip install -q --disable-pip-version-check -r requirements-dev.txt
	touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

web: $(WEB_STAMP)

$(WEB_STAMP): $(NODE_STAMP) web/build.mjs $(shell find web/src -type f 2>/dev/null)
	node web/build.mjs

test: setup
	bash tests/run.sh

test-unit: setup
	$(PY) -m pytest -q -m "not dynalite and not browser"

lint: setup
	$(PY) -m ruff check .
	$(PY) -m mypy

bench: setup
	$(PY) -m bench

run: setup
	$(PY) -m local.stack
