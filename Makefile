# Two promises: `make run` and `make test` each install what they need, then do their job.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
export LITELLM_LOCAL_MODEL_COST_MAP ?= True

.PHONY: install run test lint format bench clean browser spreadsheet

$(STAMP): pyproject.toml
	@echo "Installing into $(VENV) (details in $(VENV)/install.log)..."
	@$(PYTHON) -m venv $(VENV)
	@{ $(PY) -m pip install --upgrade pip && $(PY) -m pip install -e '.[dev]'; } \
	  > $(VENV)/install.log 2>&1 || { tail -n 30 $(VENV)/install.log; exit 1; }
	@touch $(STAMP)

install: $(STAMP)

run: install
	@$(VENV)/bin/scorecard serve --port $${PORT:-5000}

# The browser tests drive Debian's Chromium; install it when missing and we may (root, apt).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Debian's chromium for the browser tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium not found: the browser tests will be skipped (apt-get install chromium)"; fi; }

# The workbook tests recalculate exports in LibreOffice; install its headless Calc when we may.
spreadsheet:
	@command -v soffice >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing LibreOffice Calc (headless) for the workbook tests"; \
	    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libreoffice-calc-nogui >/dev/null; } \
	      || echo "LibreOffice could not be installed: its workbook tests will be skipped"; \
	  else echo "soffice not found: the LibreOffice workbook tests will be skipped"; fi; }

test: install browser spreadsheet
	$(PY) -m pytest

lint: install
	$(VENV)/bin/ruff check generator web tests benchmarks
	$(VENV)/bin/ruff format --check generator web tests benchmarks
	$(VENV)/bin/mypy

format: install
	$(VENV)/bin/ruff format generator web tests benchmarks
	$(VENV)/bin/ruff check --fix generator web tests benchmarks

bench: install
	$(PY) benchmarks/offline_engine.py
	$(PY) benchmarks/quality.py
	$(PY) benchmarks/llm_pipeline.py
	$(PY) benchmarks/web_throughput.py
	$(PY) benchmarks/review_save.py
	$(PY) benchmarks/review_diff.py
	$(PY) benchmarks/fairness_check.py
	$(PY) benchmarks/panel_ranking.py
	$(PY) benchmarks/scoring_api.py
	$(PY) benchmarks/job_pickup.py
	$(PY) benchmarks/upload_bombs.py
	$(PY) benchmarks/abuse.py

clean:
	rm -rf $(VENV) build *.egg-info
