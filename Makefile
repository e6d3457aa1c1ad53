# Buone Pratiche — see README.md. `make run` sets everything up and serves the site;
# `make test` runs the whole suite on SQLite and on PostgreSQL.
# Compiled translations (.mo) are committed; `make messages` refreshes them.
SHELL := /bin/bash
.DEFAULT_GOAL := run
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
DEV_ENV := DJANGO_DEBUG=$${DJANGO_DEBUG:-1}

.PHONY: run setup test bench venv messages clean lock

$(VENV)/bin/python:
	@PYTHON=$$(scripts/find-python.sh) && echo "Creo $(VENV) con $$PYTHON" && $$PYTHON -m venv $(VENV)

# Installs come from the hash-pinned lock files only (`make lock` regenerates them from the
# requirements*.txt that people edit): every package, transitive ones included, must match.
PIP_INSTALL := $(PY) -m pip install --quiet --require-hashes

$(VENV)/.requirements: requirements.lock | $(VENV)/bin/python
	$(PIP_INSTALL) -r requirements.lock
	touch $@

$(VENV)/.requirements-test: requirements-test.lock | $(VENV)/bin/python
	$(PIP_INSTALL) -r requirements-test.lock
	touch $@

venv: $(VENV)/.requirements

setup: venv
	$(DEV_ENV) $(PY) manage.py migrate --noinput
	$(DEV_ENV) $(PY) manage.py bootstrap
	$(DEV_ENV) $(PY) manage.py collectstatic --noinput -v0

# The server, with the job worker and the scheduler beside it (scripts/serve-dev.sh).
run: setup
	@echo "Buone Pratiche su http://127.0.0.1:$(PORT)/ (back office: /admin/)"
	$(DEV_ENV) scripts/serve-dev.sh $(PORT)

test: $(VENV)/.requirements-test
	scripts/run-tests.sh $(PYTEST_ARGS)

$(VENV)/.requirements-bench: requirements-bench.lock | $(VENV)/bin/python
	$(PIP_INSTALL) -r requirements-bench.lock
	touch $@

# pip-tools in a venv of its own, so the project's environments hold only what they lock.
TOOLS := .venv-tools
LOCK := $(TOOLS)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url \
	--no-emit-find-links --no-emit-trusted-host

$(TOOLS)/bin/pip-compile:
	@PYTHON=$$(scripts/find-python.sh) && $$PYTHON -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet pip-tools==7.6.2

# After editing a requirements*.txt: regenerate the three lock files (reads PyPI).
lock: $(TOOLS)/bin/pip-compile
	$(LOCK) --output-file requirements.lock requirements.txt
	$(LOCK) --output-file requirements-test.lock requirements-test.txt
	$(LOCK) --output-file requirements-bench.lock requirements-bench.txt

# Not one of the two set-up commands: a long run on PostgreSQL, see docs/performance.md.
bench: $(VENV)/.requirements-bench
	$(PY) bench/run.py $(BENCH_ARGS)

messages: venv
	DJANGO_DEBUG=1 $(PY) manage.py makemessages -l en --no-obsolete --ignore=.venv --ignore=staticfiles --ignore=test-artifacts --ignore=bench
	DJANGO_DEBUG=1 $(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) $(TOOLS) staticfiles db.sqlite3
