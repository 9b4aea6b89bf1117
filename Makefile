# Two commands do everything: `make lab` opens the kit, `make test` runs every check and test.
# Both create the virtual environment in .venv first if it is missing or out of date:
# `make lab` installs only what a student needs, `make test` adds the test, type-check and lint tools.
# Installs use uv (pinned below, itself installed from PyPI into .venv) and fall back to pip when uv
# cannot be had. KIT_INSTALLER=pip forces pip; KIT_INSTALLER=uv fails rather than fall back.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
UV_VERSION := 0.13.8
KIT_INSTALLER ?= auto
# uv only: `--resolution lowest-direct` installs the lowest versions pyproject.toml allows (make test-lowest).
RESOLUTION ?=
LAB_STAMP := $(VENV)/.kit-lab
STAMP  := $(VENV)/.kit-installed
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)
export KIT_INSTALLER

.PHONY: lab test test-fast test-lowest typecheck coverage mutation lint format validate doctor release \
	benchmark bench-setup wheel clean

# $(call install,SPEC): create $(VENV) if missing, then install SPEC (for example `-e .`) with uv, else pip.
# The log is shown only when the install fails. A second run finds the stamp and installs nothing.
define install
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@echo "Installing $(1) into $(VENV) (first time: about 15 s with uv, a minute or two with pip)..."
	@: > $(VENV)/install.log
	@if [ "$(KIT_INSTALLER)" != pip ] && { $(VENV)/bin/uv --version 2>/dev/null | grep -qx "uv $(UV_VERSION)" \
		|| $(PY) -m pip install --quiet "uv==$(UV_VERSION)" >> $(VENV)/install.log 2>&1; }; then \
		echo "  with uv $(UV_VERSION)"; \
		$(VENV)/bin/uv pip install --python $(PY) $(if $(RESOLUTION),--resolution $(RESOLUTION)) $(1) \
			>> $(VENV)/install.log 2>&1 || { cat $(VENV)/install.log; exit 1; }; \
	elif [ "$(KIT_INSTALLER)" = uv ] || [ -n "$(RESOLUTION)" ]; then \
		cat $(VENV)/install.log; echo "uv $(UV_VERSION) could not be installed from PyPI (see above)." >&2; exit 1; \
	else \
		echo "  with pip (uv could not be installed)"; \
		$(PY) -m pip install --quiet $(1) >> $(VENV)/install.log 2>&1 || { cat $(VENV)/install.log; exit 1; }; \
	fi
endef

# What a student needs: the kit and its runtime dependencies.
$(LAB_STAMP): pyproject.toml
	$(call install,--editable .)
	@$(PY) -m kit.classroom.labsettings $(VENV)
	@touch $@

# What `make test` needs besides: the pinned test, type-check and lint tools (the dev extras).
$(STAMP): pyproject.toml
	$(call install,--editable ".[dev]")
	@$(PY) -m kit.classroom.labsettings $(VENV)
	@touch $@ $(LAB_STAMP)

lab: $(LAB_STAMP)  ## open JupyterLab on the first notebook
	$(VENV)/bin/jupyter lab $(ROOT_FLAG) notebooks/00_start_here.ipynb

test: $(STAMP)  ## lint, type-check, check the data, run every test (the browser suite too: it needs Chromium) under coverage
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(PY) -m kit validate seeds
	bash scripts/ensure_chromium.sh
	bash scripts/ensure_proxy.sh $(VENV)
	@$(VENV)/bin/coverage erase
	$(PY) -m pytest --cov --cov-report=term-missing:skip-covered

test-fast: $(STAMP)  ## every test except the browser suite and the real-hub test
	$(PY) -m pytest -m "not browser and not hub"

# The suite against the lowest versions pyproject.toml allows, in a venv of its own (needs uv).
test-lowest:  ## every test except the browser suite, on the lowest supported dependency versions
	$(MAKE) VENV=.venv-lowest RESOLUTION=lowest-direct KIT_INSTALLER=uv test-fast

typecheck: $(STAMP)
	$(VENV)/bin/mypy

coverage: $(STAMP)  ## the non-browser suite under coverage, with an HTML report in artifacts/coverage/
	@$(VENV)/bin/coverage erase
	$(PY) -m pytest -m "not browser" --cov --cov-fail-under=0 --cov-report=html:artifacts/coverage \
		--cov-report=term-missing:skip-covered

# Mutation testing of the core modules (slow: minutes; not part of `make test`). Prints the score and survivors.
mutation: $(STAMP)  ## mutation score of the core modules, with the surviving mutants
	$(PY) benchmarks/mutation.py

doctor: $(LAB_STAMP)
	$(PY) -m kit doctor

lint: $(STAMP)
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff format . && $(VENV)/bin/ruff check --fix .

validate: $(LAB_STAMP)
	$(PY) -m kit validate seeds

benchmark: $(STAMP)
	$(PY) benchmarks/bench_data.py
	$(PY) benchmarks/bench_notebooks.py
	$(PY) benchmarks/bench_grading.py
	$(PY) benchmarks/bench_exercises.py
	bash scripts/ensure_proxy.sh $(VENV)
	$(PY) benchmarks/bench_hub.py

bench-setup:  ## cold and warm set-up times, uv against pip (several minutes; uses the network)
	$(PYTHON) benchmarks/bench_setup.py

wheel: $(STAMP)  ## build dist/*.whl (the case data and exercise bank inside)
	$(PY) -m build --wheel --outdir dist .

clean:
	rm -rf $(VENV) .venv-lowest .pytest_cache .ruff_cache .mypy_cache .coverage .coverage.* mutants artifacts
