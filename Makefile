# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py

.PHONY: run test install install-dev lint check bench e2e clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

## make run: install, migrate, seed the demo data when the database is empty, serve on 127.0.0.1:8000
run: install
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo
	$(MANAGE) runserver 127.0.0.1:8000

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

check: install-dev
	$(MANAGE) check --fail-level WARNING
	$(MANAGE) makemigrations --check --dry-run

## make test: install the dev extra, lint, Django checks, the whole pytest suite
test: lint check
	$(BIN)/pytest -n 2 --dist loadfile

e2e: install-dev
	$(BIN)/pytest tests/e2e -p no:xdist

## make bench: benchmark every page against the framework floor (see README)
bench: install-dev
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 tests/e2e/artifacts
