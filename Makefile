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

.PHONY: run test setup lint typecheck check bench clean services

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
	$(VENV)/bin/honcho start --port $${PORT:-8000} web worker beat

test: setup
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: $(VENV)/.synced
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: $(VENV)/.synced
	$(VENV)/bin/mypy .

check: lint typecheck test

bench: setup
	$(PY) bench/run_all.py

clean:
	rm -rf $(VENV) $(TOOLS) staticfiles .pytest_cache .mypy_cache .ruff_cache
