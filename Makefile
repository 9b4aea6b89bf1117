# Two commands do everything: `make lab` opens the kit, `make test` runs every test.
# Both create the virtual environment in .venv first if it is missing or out of date.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.kit-installed
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: lab test test-fast lint format validate doctor release benchmark wheel clean

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@echo "Installing the kit and its dependencies into $(VENV) (first time: about 2 minutes)..."
	@$(PY) -m pip install --quiet --upgrade pip > $(VENV)/install.log 2>&1 || (cat $(VENV)/install.log; exit 1)
	@$(PY) -m pip install --quiet --editable ".[dev]" >> $(VENV)/install.log 2>&1 || (cat $(VENV)/install.log; exit 1)
	@$(PY) -m kit.classroom.labsettings $(VENV)
	@touch $(STAMP)

lab: $(STAMP)  ## open JupyterLab on the first notebook
	$(VENV)/bin/jupyter lab $(ROOT_FLAG) notebooks/00_start_here.ipynb

test: $(STAMP)  ## lint, check the data, run every test (the browser suite too: it needs Chromium)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) -m kit validate seeds
	bash scripts/ensure_chromium.sh
	bash scripts/ensure_proxy.sh $(VENV)
	$(PY) -m pytest

test-fast: $(STAMP)  ## every test except the browser suite and the real-hub test
	$(PY) -m pytest -m "not browser and not hub"

doctor: $(STAMP)
	$(PY) -m kit doctor

lint: $(STAMP)
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff format . && $(VENV)/bin/ruff check --fix .

validate: $(STAMP)
	$(PY) -m kit validate seeds

benchmark: $(STAMP)
	$(PY) benchmarks/bench_data.py
	$(PY) benchmarks/bench_notebooks.py
	$(PY) benchmarks/bench_grading.py
	bash scripts/ensure_proxy.sh $(VENV)
	$(PY) benchmarks/bench_hub.py

wheel: $(STAMP)  ## build dist/*.whl (the case data and exercise bank inside)
	$(PY) -m build --wheel --outdir dist .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache artifacts
