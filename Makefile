# Two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint format clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/evharness demo

test: $(STAMP)
	$(BIN)/ruff check csms simulator conformance tests loadtests
	$(BIN)/ruff format --check csms simulator conformance tests loadtests
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check csms simulator conformance tests loadtests
	$(BIN)/ruff format --check csms simulator conformance tests loadtests

format: $(STAMP)
	$(BIN)/ruff format csms simulator conformance tests loadtests
	$(BIN)/ruff check --fix csms simulator conformance tests loadtests

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis evharness.db*
