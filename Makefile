# Two commands are the contract: `make demo` and `make test` (see README.md).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
VAR := var
HOST ?= 127.0.0.1
PORT ?= 8000
# The suite runs on SQLite, and also on PostgreSQL when this URL is set (.ci/run sets it).
# The PostgreSQL pass runs only the tests that use the database (tests/conftest.py leaves
# the others out: they ran in the SQLite pass and cannot depend on the engine).
TEST_POSTGRES_URL ?=
PYTEST_ARGS ?= --durations=15
# Two workers on CI's two cores; idle workers take queued tests from the busy one.
PYTEST_WORKERS ?= -n 2 --dist worksteal
# The django-stubs plugin imports the settings, which need a secret key unless over plain http.
MYPY := KUNSKAPSNOD_HTTPS=0 $(BIN)/mypy

.PHONY: demo test install install-test serve lint typecheck bench bench-tiny clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

$(VAR)/secret_key:
	mkdir -p $(VAR)
	$(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))" > $@
	chmod 600 $@

# The local demo serves plain http on loopback, so the HTTPS-only hardening is off; its
# statistics (public Kolada data) are readable without login.
DEMO_ENV = KUNSKAPSNOD_HTTPS=0 KUNSKAPSNOD_PUBLIC_STATISTICS=1 KUNSKAPSNOD_SECRET_KEY="$$(cat $(VAR)/secret_key)" KUNSKAPSNOD_YOUTH=1

# The youth module's keys for the demo (docs/youth.md): a Fernet key and an HMAC key,
# generated here and never committed; settings.py reads them when the variables are unset.
$(VAR)/youth_keys: | install
	mkdir -p $(VAR)
	$(BIN)/python -c "from cryptography.fernet import Fernet; import secrets; print(Fernet.generate_key().decode(), secrets.token_urlsafe(32))" > $@
	chmod 600 $@

# Static files are collected (hashed and compressed) again only when one of them changed or
# the installed packages did (the API docs' bundles come from django-ninja): a second
# `make demo` starts in seconds.
STATIC_SOURCES := $(shell find src/kunskapsnod -path '*/static/*' -type f 2>/dev/null)
$(VAR)/static/staticfiles.json: $(STATIC_SOURCES) $(VENV)/.installed | $(VAR)/secret_key
	@echo "== collecting static files (once; again only when they change) =="
	$(DEMO_ENV) $(BIN)/kunskapsnod collectstatic --no-input -v 0
	touch $@

demo: install $(VAR)/secret_key $(VAR)/youth_keys $(VAR)/static/staticfiles.json
	@echo "== migrating the database ($(VAR)/kunskapsnod.sqlite3) =="
	$(DEMO_ENV) $(BIN)/kunskapsnod migrate --no-input -v 0
	@echo "== loading the real data and the demo accounts (idempotent) =="
	$(DEMO_ENV) $(BIN)/kunskapsnod setup_demo
	$(MAKE) --no-print-directory serve

# Serve what `make demo` set up, without setting it up again.
serve: install $(VAR)/secret_key $(VAR)/youth_keys $(VAR)/static/staticfiles.json
	@echo "Kunskapsnod is served on http://$(HOST):$(PORT)/ (stop with Ctrl-C)"
	$(DEMO_ENV) $(BIN)/gunicorn kunskapsnod.asgi --worker-class uvicorn_worker.UvicornWorker --bind $(HOST):$(PORT) --workers 2 --access-logfile -

test: install-test
	$(BIN)/ruff check src tests bench
	$(MYPY)
	$(BIN)/kunskapsnod makemigrations --check --dry-run -v 1 --settings pytest_settings --pythonpath tests
	@echo "== the suite on SQLite =="
	@start=$$(date +%s); $(BIN)/pytest $(PYTEST_WORKERS) $(PYTEST_ARGS); status=$$?; \
		echo "== SQLite pass: $$(( $$(date +%s) - start )) s (load average $$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)) =="; \
		exit $$status
	@if [ -n "$(TEST_POSTGRES_URL)" ]; then \
		echo "== the tests that use the database, on PostgreSQL =="; \
		start=$$(date +%s); DATABASE_URL="$(TEST_POSTGRES_URL)" $(BIN)/pytest $(PYTEST_WORKERS) $(PYTEST_ARGS); status=$$?; \
		echo "== PostgreSQL pass: $$(( $$(date +%s) - start )) s (load average $$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)) =="; \
		exit $$status; \
	else \
		echo "TEST_POSTGRES_URL is not set: the PostgreSQL run was skipped (.ci/run sets it)."; \
	fi

lint: install-test
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(MYPY)

# Services and APIs (the files are listed in pyproject.toml, [tool.mypy]).
typecheck: install-test
	$(MYPY)

bench: install-test
	for script in bench/[!_]*.py; do echo "== $$script =="; $(BIN)/python $$script || exit 1; done

# Every bench at a size of seconds (make test does this too, in tests/test_benches.py).
bench-tiny: install-test
	for script in bench/[!_]*.py; do echo "== $$script --tiny =="; $(BIN)/python $$script --tiny || exit 1; done

clean:
	rm -rf $(VENV) $(VAR) .pytest_cache .mypy_cache
