# Two commands do everything on a fresh machine with Python 3.11:
#   make run    set up, load the document fixtures into SQLite, serve on 127.0.0.1:8000
#   make test   set up and run the whole test suite
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
FIXTURES := fixtures/geography.json fixtures/registry.json

.PHONY: run test setup migrate fixtures lint check serve clean messages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

setup: $(VENV)/.installed

migrate: setup
	$(MANAGE) migrate --noinput

# loaddata writes rows directly; populate_history gives each new record its first version.
fixtures: migrate
	$(MANAGE) loaddata $(FIXTURES)
	$(MANAGE) populate_history --auto

run: fixtures
	$(MANAGE) runserver 127.0.0.1:8000

test: setup
	$(BIN)/pytest $(PYTEST_ARGS)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

check: setup lint
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run
	$(MANAGE) spectacular --validate --fail-on-warn --file /dev/null

# Refresh the Arabic and French catalogues after changing strings; commit the .po and .mo.
messages: setup
	$(MANAGE) makemessages -l ar -l fr --no-location --no-obsolete --ignore=.venv --ignore=staticfiles --ignore=var
	$(MANAGE) compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache .ruff_cache
