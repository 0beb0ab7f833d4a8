# Everything a fresh machine with Python 3.11 and make needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
export FLASK_APP := workfloor

TRANSLATIONS := workfloor/translations

.PHONY: install run test bench load messages clean

$(BIN)/activate: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(BIN)/activate

install: $(BIN)/activate
	$(BIN)/pybabel --quiet compile -d $(TRANSLATIONS)

# After changing UI text: refresh the English catalogue, then translate the new entries.
messages: install
	$(BIN)/pybabel --quiet extract -F $(TRANSLATIONS)/babel.cfg -k _l -k lazy_gettext -o $(TRANSLATIONS)/messages.pot .
	$(BIN)/pybabel --quiet update -i $(TRANSLATIONS)/messages.pot -d $(TRANSLATIONS)

run: install
	mkdir -p instance
	$(BIN)/flask db upgrade
	$(BIN)/flask demo-data --if-empty
	$(BIN)/flask run --host 127.0.0.1 --port $(PORT)

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: install
	$(BIN)/python -m scheduling.bench

# Mijn planning and the calendar feed under wrk, against gunicorn on PostgreSQL (not part of `make test`).
# LOAD_DATABASE_URL picks the database (default: workfloor_load on the local server; created if missing).
load: install
	command -v wrk >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq wrk)
	$(BIN)/python tools/load.py $(LOAD_ARGS)

clean:
	rm -rf $(VENV) instance .pytest_cache
