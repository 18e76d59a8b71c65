# One command each: `make run` rebuilds every output in build/, `make test` checks everything.
# Both create .venv from requirements.lock on first use and reuse it afterwards.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lab lint simulate reference lock clean help peers

help:
	@echo "make run        build the whole suite into build/ (notebooks, report, figures, tables)"
	@echo "make test       lint (ruff), the layers contract (lint-imports) and pytest: unit tests, doctests, notebooks"
	@echo "make lab        JupyterLab in the project environment, opened on notebooks/"
	@echo "make simulate   regenerate data/raw/ from the seeded simulator"
	@echo "make reference  regenerate src/satisfaction/data/reference/ from vietnam-provinces and underthesea"
	@echo "make lock       re-resolve requirements.lock from pyproject.toml"

$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --no-input -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-input --no-deps -e .
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/python -m satisfaction run $(if $(STUDY),--study $(STUDY))

test: $(STAMP)
	$(BIN)/ruff check src tests notebooks scripts benchmarks
	$(BIN)/lint-imports
	$(BIN)/python -m pytest

# The kernel is the project's own .venv (ipykernel is in the lock); the notebooks' parameters cells default to
# the repository's data/ and build/, and 01_cleaning writes the processed data the later notebooks read.
lab: $(STAMP)
	$(BIN)/python -m jupyterlab --notebook-dir=notebooks

simulate: $(STAMP)
	$(BIN)/python -m satisfaction simulate

# The benchmarks' peers (svy) in their own environment, pinned in benchmarks/requirements-peers.txt.
peers:
	$(PYTHON) -m venv .peers && .peers/bin/python -m pip install --quiet -r benchmarks/requirements-peers.txt

reference: $(STAMP)
	$(BIN)/python scripts/make_reference.py

lock:
	rm -rf .lockenv && $(PYTHON) -m venv .lockenv
	.lockenv/bin/python -m pip install --quiet -e '.[dev]'
	( head -2 requirements.lock; .lockenv/bin/python -m pip freeze --all --exclude-editable | grep -v '^satisfaction\|^pip==\|^setuptools==' ) > requirements.lock.new
	mv requirements.lock.new requirements.lock && rm -rf .lockenv

clean:
	rm -rf build
