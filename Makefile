# Buone Pratiche — see README.md. `make run` sets everything up and serves the site;
# `make test` runs the whole suite on SQLite and on PostgreSQL.
# Compiled translations (.mo) are committed; `make messages` refreshes them.
SHELL := /bin/bash
.DEFAULT_GOAL := run
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
DEV_ENV := DJANGO_DEBUG=$${DJANGO_DEBUG:-1}

.PHONY: run setup test bench venv messages clean

$(VENV)/bin/python:
	@PYTHON=$$(scripts/find-python.sh) && echo "Creo $(VENV) con $$PYTHON" && $$PYTHON -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.requirements: requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.requirements-test: requirements-test.txt requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements-test.txt
	touch $@

venv: $(VENV)/.requirements

setup: venv
	$(DEV_ENV) $(PY) manage.py migrate --noinput
	$(DEV_ENV) $(PY) manage.py bootstrap
	$(DEV_ENV) $(PY) manage.py collectstatic --noinput -v0

run: setup
	@echo "Buone Pratiche su http://127.0.0.1:$(PORT)/ (back office: /admin/)"
	$(DEV_ENV) $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: $(VENV)/.requirements-test
	scripts/run-tests.sh $(PYTEST_ARGS)

$(VENV)/.requirements-bench: requirements-bench.txt requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements-bench.txt
	touch $@

# Not one of the two set-up commands: a long run on PostgreSQL, see docs/performance.md.
bench: $(VENV)/.requirements-bench
	$(PY) bench/run.py $(BENCH_ARGS)

messages: venv
	DJANGO_DEBUG=1 $(PY) manage.py makemessages -l en --ignore=.venv --ignore=staticfiles --ignore=test-artifacts --ignore=bench
	DJANGO_DEBUG=1 $(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) staticfiles db.sqlite3
