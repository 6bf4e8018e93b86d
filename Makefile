# engage: common tasks. Run `make help` to list them.
SHELL := /bin/bash
PYTHON_VERSION ?= 3.12
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
# Tests run in two processes (pytest-xdist); PYTEST_ARGS="-n 0" runs them in one.
PYTEST_ARGS ?= -n 2

.DEFAULT_GOAL := help
.PHONY: help venv install install-dev migrate demo run serve worker scheduler test test-fast test-e2e test-postgres lint format check messages bench clean

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-14s\033[0m %s\n", $$1, $$2}'

$(VENV)/bin/python:
	@PYBIN=$$(command -v python$(PYTHON_VERSION) || true); \
	if [ -z "$$PYBIN" ] && command -v pyenv >/dev/null; then PYBIN="$$(pyenv root)/versions/$$(pyenv versions --bare | grep -E '^$(PYTHON_VERSION)(\.|$$)' | tail -1)/bin/python"; fi; \
	if [ -z "$$PYBIN" ] || [ ! -x "$$PYBIN" ]; then echo "Python $(PYTHON_VERSION) is needed (pyenv install $(PYTHON_VERSION))"; exit 1; fi; \
	"$$PYBIN" -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

venv: $(VENV)/bin/python ## Create the virtual environment (.venv, Python 3.12)

$(VENV)/.installed: requirements.txt | $(VENV)/bin/python
	$(PIP) install --quiet -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(PIP) install --quiet -r requirements-dev.txt
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed ## Install runtime requirements

install-dev: $(VENV)/.installed-dev ## Install runtime and development requirements

migrate: install ## Apply migrations to the database (SQLite by default)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py createcachetable

demo: migrate ## Load the demo content (idempotent)
	$(PY) manage.py load_demo

run: demo ## Set up everything, then start the site, the task worker and the scheduler
	@bash scripts/run.sh $(HOST) $(PORT)

serve: install ## Start only the development web server
	$(PY) manage.py runserver $(HOST):$(PORT)

worker: install ## Start only a task worker
	$(PY) manage.py db_worker

scheduler: install ## Start only the scheduler (periodic tasks)
	$(PY) manage.py run_scheduler

test: install-dev ## Run the whole test suite (SQLite; set DATABASE_URL for PostgreSQL)
	$(PY) -m pytest $(PYTEST_ARGS)

test-fast: install-dev ## Run the tests except the browser ones
	$(PY) -m pytest $(PYTEST_ARGS) -m "not e2e"

test-e2e: install-dev ## Run only the browser tests (needs Debian's chromium)
	$(PY) -m pytest -m e2e

test-postgres: install-dev ## Run the whole suite against the local PostgreSQL
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/engage} $(PY) -m pytest $(PYTEST_ARGS)

lint: install-dev ## Check formatting and lint with ruff
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .

format: install-dev ## Format and fix with ruff
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

check: install-dev ## Django system checks and missing migrations
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

messages: install ## Update the interface translations (locale/*/django.po), compile and check them
	$(PY) manage.py makemessages --all --no-obsolete --ignore=.venv --ignore=node_modules --ignore=static --ignore=static_collected --ignore=media --ignore=tests --ignore=bench --ignore=scripts --ignore=docs
	$(PY) manage.py compilemessages --ignore=.venv
	$(PY) manage.py check --deploy --tag translation

bench: install-dev ## Run the benchmark scripts (see bench/README.md)
	@for script in bench/*.py; do echo "== $$script"; $(PY) $$script || exit 1; done

clean: ## Remove the virtual environment, database and generated files
	rm -rf $(VENV) db.sqlite3 db.sqlite3-wal db.sqlite3-shm var static_collected
