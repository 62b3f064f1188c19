# The two commands a newcomer needs: `make run` and `make test`.
SHELL := /bin/bash
# Installs come from the lock files requirements.txt and requirements-dev.txt (exact versions with hashes), never from whatever
# the package index serves that day; `make lock` writes them from pyproject.toml, `make upgrade` moves them on.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
PIP_INSTALL := $(BIN)/python -m pip install --quiet --require-hashes --no-deps
UV_COMPILE := $(BIN)/uv pip compile pyproject.toml --quiet --universal --python-version 3.11 --generate-hashes

.PHONY: run test test-stack install install-dev lint check lock lock-check upgrade bench e2e prod clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(PIP_INSTALL) -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt | $(BIN)/python
	$(PIP_INSTALL) -r requirements-dev.txt
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

## make run: install, migrate, seed the demo data when the database is empty, serve on 127.0.0.1:8000
run: install
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo
	$(MANAGE) runserver 127.0.0.1:8000

## make lock: write requirements.txt and requirements-dev.txt from pyproject.toml, keeping the versions already locked
lock: install-dev
	$(UV_COMPILE) -o requirements.txt
	$(UV_COMPILE) --extra dev -o requirements-dev.txt
	$(PIP_INSTALL) -r requirements-dev.txt
	touch $(VENV)/.installed-dev $(VENV)/.installed

## make lock-check: the lock still matches pyproject.toml and the venv (offline; CI runs it in `make test`)
lock-check: install-dev
	$(BIN)/python scripts/check_lock.py

## make upgrade: every package to its newest allowed version, installed and tested; shows what changed
upgrade: install-dev
	cp requirements-dev.txt $(VENV)/dev.before.txt
	$(UV_COMPILE) --upgrade -o requirements.txt
	$(UV_COMPILE) --upgrade --extra dev -o requirements-dev.txt
	$(PIP_INSTALL) -r requirements-dev.txt
	touch $(VENV)/.installed-dev $(VENV)/.installed
	@echo "Changed versions:"
	@diff <(grep -E '^[A-Za-z0-9]' $(VENV)/dev.before.txt) <(grep -E '^[A-Za-z0-9]' requirements-dev.txt) \
		| grep -E '^[<>]' | sed -e 's/ \\$$//' -e 's/^</  was/' -e 's/^>/  now/' || echo "  none"
	$(MAKE) test

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

check: install-dev
	$(MANAGE) check --fail-level WARNING
	$(MANAGE) makemigrations --check --dry-run

## make test: install the dev extra, check the lock, lint, Django checks, the whole pytest suite
## (but the multi-process tests of tests/multi, which need PostgreSQL and Redis: make test-stack)
test: lock-check lint check
	$(BIN)/pytest -n 2 --dist loadfile -m "not stack"

## make test-stack: several processes on PostgreSQL and Redis (two app servers, faults, backup); tests/stack.py
test-stack: install-dev
	$(BIN)/pytest tests/multi -m stack -p no:xdist -s

## make prod: the production set-up on loopback: two app servers (:8001, :8002), the worker and the scheduler
prod: install-dev
	scripts/prod.sh

e2e: install-dev
	$(BIN)/pytest tests/e2e -p no:xdist

## make bench: benchmark every page against the framework floor (see README)
bench: install-dev
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 tests/e2e/artifacts
