# The two commands of the README: `make run` (the shop) and `make test` (the suite).
SHELL := /bin/bash
PYTHON ?= python3
UV_VERSION := 0.13.8
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
PY := $(VENV)/bin/python
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: run test setup lint typecheck check bench clean messages

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet uv==$(UV_VERSION)

$(VENV)/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --python $$(command -v $(PYTHON))
	touch $@

setup: $(VENV)/.synced
	$(PY) scripts/ensure_database.py

run: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py saleor_check
	$(PY) manage.py saleor_bootstrap
	$(PY) manage.py ocop_sync catalog_sync/sample/ocop-sample.csv || [ $$? -eq 1 ]
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(VENV)/bin/honcho start --port $${PORT:-8000} web worker beat

test: setup
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: $(VENV)/.synced
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

typecheck: $(VENV)/.synced
	$(VENV)/bin/mypy .

check: lint typecheck test

# Benchmarks print figures; the Saleor ones need SALEOR_API_URL/SALEOR_APP_TOKEN (a dev Saleor).
bench: setup
	$(PY) bench/bench_feed_parse.py
	$(PY) bench/bench_rerun.py
	$(PY) bench/bench_search.py
	@if [ -n "$$SALEOR_API_URL" ]; then $(PY) bench/bench_saleor_import.py --rows 1000 && $(PY) bench/fill_saleor.py --rows 1000 && $(PY) bench/bench_storefront.py; \
	else echo "SALEOR_API_URL not set: skipping the Saleor import and storefront benchmarks"; fi

# After changing UI strings: update the .po files, translate, then compile (.mo files are committed).
messages: $(VENV)/.synced
	$(PY) manage.py makemessages -l vi -l fr -l en -l zh_Hans -l ko -l ja --ignore '.venv/*' --ignore '.tools/*' --ignore 'tests/*'
	$(PY) manage.py compilemessages --ignore '.venv/*' --ignore '.tools/*'

clean:
	rm -rf $(VENV) $(TOOLS) staticfiles .pytest_cache .mypy_cache .ruff_cache .import_linter_cache
