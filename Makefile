# Two promises: `make run` and `make test` each install what they need, then do their job.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
export LITELLM_LOCAL_MODEL_COST_MAP ?= True

.PHONY: install run test lint format bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: install
	$(PY) -m generator.cli generate sample_jds/customer_success_manager.md --format markdown

test: install
	$(PY) -m pytest

lint: install
	$(VENV)/bin/ruff check generator tests benchmarks
	$(VENV)/bin/ruff format --check generator tests benchmarks
	$(VENV)/bin/mypy

format: install
	$(VENV)/bin/ruff format generator tests benchmarks
	$(VENV)/bin/ruff check --fix generator tests benchmarks

bench: install
	$(PY) benchmarks/offline_engine.py

clean:
	rm -rf $(VENV) build *.egg-info
