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
	$(PY) -m pytest -q -m unit

lint: setup
	$(PY) -m ruff check .
	$(PY) -m mypy

bench: setup
	$(PY) -m bench

run: setup
	$(PY) -m local.stack

# --- Deploy to AWS (docs/DEPLOY.md). `package` needs no AWS credentials; `deploy`/`destroy` do. ----------
.PHONY: deploy destroy
STAGE ?= dev
REGION ?= $(or $(AWS_REGION),$(AWS_DEFAULT_REGION),us-east-1)
CHALICE_STAGE ?= dev
PACKAGE_DIR := build/package
PACKAGE_INPUTS := app.py requirements.txt .chalice/config.json \
	$(shell find chalicelib infra -name '*.py' -not -path '*/__pycache__/*' 2>/dev/null)

package: $(PACKAGE_DIR)/sam.json

# Rebuilt only when the app, its requirements, its config or infra/ change (Chalice caches the wheels too).
$(PACKAGE_DIR)/sam.json: $(VENV_STAMP) $(PACKAGE_INPUTS)
	rm -rf $(PACKAGE_DIR).tmp
	AWS_DEFAULT_REGION=$(REGION) $(PY) -m infra.template build/merge.json --stage $(CHALICE_STAGE)
	AWS_DEFAULT_REGION=$(REGION) .venv/bin/chalice package --stage $(CHALICE_STAGE) \
		--merge-template build/merge.json $(PACKAGE_DIR).tmp
	rm -rf $(PACKAGE_DIR) && mv $(PACKAGE_DIR).tmp $(PACKAGE_DIR)

deploy: package $(NODE_STAMP)
	.venv/bin/cfn-lint $(PACKAGE_DIR)/sam.json
	node web/build.mjs
	$(PY) -m infra.deploy deploy --stage $(STAGE) --region $(REGION) --package $(PACKAGE_DIR) \
		--mail-domain "$(MAIL_DOMAIN)" --report-address "$(REPORT_ADDRESS)" --alert-email "$(ALERT_EMAIL)" \
		--auth-domain-prefix "$(AUTH_DOMAIN_PREFIX)" --site-domain "$(SITE_DOMAIN)" \
		--certificate-arn "$(CERTIFICATE_ARN)" $(if $(REPLACE_ACTIVE_RULE_SET),--replace-active-rule-set)

destroy: $(VENV_STAMP)
	$(PY) -m infra.deploy destroy --stage $(STAGE) --region $(REGION) $(if $(DELETE_RAW_MAIL),--delete-raw-mail)
