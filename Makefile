# Two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# pytest-xdist workers for `make test`: the suite mostly waits on sockets, processes and
# timers, so two workers on this project's two-core machines halve its wall time.
# `make test TEST_WORKERS=0` runs it in one process.
TEST_WORKERS ?= 2
# The folders whose tests compare dates with what the CSMS computes (billing periods, invoice
# dates and numbers, invitation expiries, plans and statements). `make test-time-travel` runs
# them with the clock moved (EVH_TEST_TRAVEL, see tests/conftest.py) to a leap day and to New
# Year's Eve of other years, so a test that only passes in the month it was written fails
# here. Slow tests are left out: they mostly spawn processes, which keep the real clock.
TRAVEL_TESTS := tests/billing tests/accounts tests/behaviours tests/customers tests/reports tests/cdrs
TRAVEL_TO ?= 2028-02-29T11:00Z 2030-12-31T12:00Z

.PHONY: demo test test-fast test-time-travel lint typecheck format clean

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
	$(MAKE) test-time-travel

# The inner loop: everything but the tests marked slow (processes, conformance plans, Locust,
# storms), on two workers, on SQLite only: each PostgreSQL twin creates a database and runs
# every migration, and `make test` runs them.
test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -n 2 -m "not slow and not postgres"

test-time-travel: $(STAMP)
	for when in $(TRAVEL_TO); do \
		EVH_TEST_TRAVEL=$$when $(BIN)/python -m pytest -q -n $(TEST_WORKERS) -m "not slow" \
			$(TRAVEL_TESTS) || exit 1; \
	done

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
