# Two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# pytest-xdist workers for `make test`: the suite mostly waits on sockets, processes and
# timers, so two workers on this project's two-core machines halve its wall time.
# `make test TEST_WORKERS=0` runs it in one process.
TEST_WORKERS ?= 2

.PHONY: demo test lint typecheck format clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/evharness demo

test: $(STAMP) typecheck
	$(BIN)/ruff check csms ocppj simulator conformance tests loadtests
	$(BIN)/ruff format --check csms ocppj simulator conformance tests loadtests
	$(BIN)/python -m pytest -q -n $(TEST_WORKERS)

lint: $(STAMP) typecheck
	$(BIN)/ruff check csms ocppj simulator conformance tests loadtests
	$(BIN)/ruff format --check csms ocppj simulator conformance tests loadtests

# The files it checks are [tool.mypy] files in pyproject.toml.
typecheck: $(STAMP)
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format csms ocppj simulator conformance tests loadtests
	$(BIN)/ruff check --fix csms ocppj simulator conformance tests loadtests

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis evharness.db*
