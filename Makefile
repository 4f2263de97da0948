# Ladder: `make run` serves the site, `make test` runs every check. See README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := help
.PHONY: help install port-free run dev test test-fast lint format benchmark screenshots backup restore

PORT ?= 8000
UV_VERSION := 0.13.8
export UV_PYTHON_DOWNLOADS := never
export UV_PYTHON := 3.13

# Use the uv on PATH when there is one; otherwise bootstrap a private copy into .tools/.
UV := $(or $(shell uv --version >/dev/null 2>&1 && command -v uv),.tools/bin/uv)
PY := .venv/bin/python
MANAGE := $(PY) manage.py
LOCAL := $(PY) scripts/local.py

help:
	@echo "make run    install, start the database, load demo content and serve on :$(PORT)"
	@echo "make test   ruff, migration check, mypy and the whole test suite on PostgreSQL"
	@echo "make test-fast  the suite without browser, production and subprocess tests, in parallel"
	@echo "make dev    Django's development server with DEBUG and auto-reload"
	@echo "make screenshots  write docs/screenshots/*.png afresh"
	@echo "make benchmark  page latencies over HTTP in its own database (BENCH_ARGS=\"--roles 200000 --companies 10000\")"
	@echo "                then 10,000 email alerts and a 100,000-row import preview (ALERT_BENCH_ARGS=\"--alerts 0\" skips the alerts; IMPORT_BENCH_ARGS=\"--rows 100000 --apply\")"
	@echo "                and the page cache's hit rate through a busy day (CACHE_DAY_ARGS=\"--minutes 10\")"
	@echo "make backup     dump the database to backups/ (BACKUP=path to choose the file)"
	@echo "make restore BACKUP=path  replace the database's contents with a backup"

.tools/bin/uv:
	@echo "Installing uv $(UV_VERSION) into .tools/ (once)…"
	@python3 -m venv .tools
	@.tools/bin/python -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

# uv's own progress shows what it installs; the first time takes a few minutes.
install: $(UV)
	@test -x $(PY) || echo "Installing Ladder's dependencies into .venv/ with uv (the first time takes a few minutes)…"
	@$(UV) sync --locked

# Collected (hashed, compressed) static files, redone only when a source changes. collectstatic
# reads no database: the settings only need well-formed values to load.
staticfiles/staticfiles.json: $(shell find static -type f) uv.lock | install
	@DATABASE_URL=postgresql://localhost/unused DJANGO_SECRET_KEY=collectstatic-only \
		$(MANAGE) collectstatic --noinput -v0

# Everything that needs the database runs inside scripts/local.py, which starts the embedded
# PostgreSQL when DATABASE_URL is unset and stops it when the command ends. setup_local migrates,
# loads the demo content into empty parts and makes sure the editor account exists.
SETUP := $(MANAGE) setup_local --password-file .data/editor-password

# The web server and the worker (manage.py run_worker) side by side: scripts/with_worker.py.
SITE_URL := DJANGO_SITE_URL="$${DJANGO_SITE_URL:-http://127.0.0.1:$(PORT)}"

# The port is checked first, so that a taken one is said in a second, not after the setup.
port-free:
	@python3 scripts/port_free.py $(PORT)

run: port-free install staticfiles/staticfiles.json
	@echo "Starting the database, applying migrations and loading the demo content…"
	@$(SITE_URL) $(LOCAL) bash -c '$(SETUP) && exec $(PY) scripts/with_worker.py \
		--announce http://127.0.0.1:$(PORT)/ .data/editor-password \
		.venv/bin/gunicorn --config config/gunicorn.py --bind 127.0.0.1:$(PORT)'

dev: install staticfiles/staticfiles.json
	@DJANGO_DEBUG=1 $(SITE_URL) $(LOCAL) bash -c '$(SETUP) \
		&& exec $(PY) scripts/with_worker.py $(MANAGE) runserver 127.0.0.1:$(PORT)'

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	.venv/bin/lint-imports --no-cache

format: install
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

CHROMIUM := /usr/bin/chromium

# The lanes (tests/conftest.py marks them): the fast one in parallel, then the browser,
# production and subprocess tests one at a time, since they start servers of their own.
FAST := -m "not browser and not production and not subprocess"
SLOW := -m "browser or production or subprocess"
WORKERS ?= 2

test: install lint staticfiles/staticfiles.json
	@command -v java >/dev/null || echo "Java not found: the HTML validity test will be skipped (apt-get install default-jre-headless)."
	@test -x $(CHROMIUM) || echo "Chromium not found at $(CHROMIUM): the browser tests will be skipped (apt-get install chromium)."
	@PATH="$$PATH:/usr/sbin" command -v nginx >/dev/null || echo "nginx not found: the production test (docs/deploy.md) will be skipped (apt-get install nginx)."
	@$(LOCAL) bash -c '$(MANAGE) makemigrations --check --dry-run && $(PY) scripts/check_migrations.py \
		&& $(PY) -m mypy \
		&& { $(PY) -m pytest -n $(WORKERS) --dist worksteal $(FAST) $(PYTEST_ARGS) || [ $$? = 5 ]; } \
		&& { $(PY) -m pytest -p no:xdist $(SLOW) $(PYTEST_ARGS) || [ $$? = 5 ]; }'

# The inner loop: everything but browser, production and subprocess tests, in parallel.
test-fast: install staticfiles/staticfiles.json
	@$(LOCAL) $(PY) -m pytest -n $(WORKERS) --dist worksteal $(FAST) $(PYTEST_ARGS)

# Works in a database of its own (ladder_bench_<roles>_<companies>), never make run's.
benchmark: install staticfiles/staticfiles.json
	@$(LOCAL) $(PY) scripts/benchmark.py $(BENCH_ARGS)
	@$(LOCAL) $(PY) scripts/benchmarking/alerts.py $(ALERT_BENCH_ARGS)
	@$(LOCAL) $(PY) scripts/benchmarking/imports.py $(IMPORT_BENCH_ARGS)
	@$(LOCAL) $(PY) scripts/benchmarking/cache_day.py $(BENCH_ARGS) $(CACHE_DAY_ARGS)

# Screenshots of every page type for the README, written to docs/screenshots.
screenshots: install staticfiles/staticfiles.json
	@LADDER_SCREENSHOTS=$(CURDIR)/docs/screenshots $(LOCAL) bash -c \
		'$(PY) -m pytest tests/browser/test_layout.py -k test_screenshots -q'

# Backups of the database (the embedded one, or DATABASE_URL's): see docs/operations.md.
backup: install
	@$(LOCAL) $(PY) scripts/database.py backup $(or $(BACKUP),backups/ladder-$(shell date -u +%Y%m%dT%H%M%SZ).dump)

restore: install
	@test -n "$(BACKUP)" || { echo "Say which backup: make restore BACKUP=backups/ladder-….dump"; exit 2; }
	@$(LOCAL) $(PY) scripts/database.py restore $(BACKUP)
