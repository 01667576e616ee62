# Two commands: `make run` (set up, then serve with demo data) and `make test` (the whole suite).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
CHROMIUM ?= /usr/bin/chromium
HOST_PORT ?= 127.0.0.1:8000

.PHONY: setup run test lint check ci bench gunicorn-ratio chromium gettext messages worker beat backup restore load screenshots

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 $(PY) -m pip install --quiet -r requirements.txt
	touch $@

# Local development settings; production sets real environment variables instead.
.env:
	printf 'DEBUG=True\n' > .env

setup: $(VENV)/.installed .env
	$(PY) manage.py migrate --noinput
	$(PY) manage.py createcachetable
	$(PY) manage.py seed_demo
	$(PY) manage.py load_roadmap fixtures/roadmap-order-654-2020.json
	$(PY) manage.py sync_obligations
	$(PY) manage.py seed_demo_activity
	$(PY) manage.py seed_demo_monitoring

run: setup
	@echo
	@$(PY) manage.py seed_demo --logins
	@echo "Портал: http://$(HOST_PORT)/   (остановить: Ctrl+C)"
	$(PY) manage.py runserver $(HOST_PORT)

# Load test (Locust, headless) against gunicorn on 127.0.0.1 with its own PostgreSQL database
# (LOAD_DATABASE_URL, default .../portal_load, recreated): bounded to 200 users, 15 minutes.
USERS ?= 50
MINUTES ?= 3
ORGANIZATIONS ?= 600
load: $(VENV)/.installed
	$(PY) benchmarks/load.py --users $(USERS) --minutes $(MINUTES) --organizations $(ORGANIZATIONS)

# Background jobs when CELERY_BROKER_URL is set (without it jobs run inline in the web process).
worker: $(VENV)/.installed
	$(VENV)/bin/celery -A mentorship_portal worker --loglevel=INFO

# The daily reminder digest and the purge of old jobs (see mentorship_portal/engines.py).
beat: $(VENV)/.installed
	$(VENV)/bin/celery -A mentorship_portal beat --loglevel=INFO --schedule=/tmp/portal-celerybeat-schedule

# Backup: PostgreSQL (pg_dump custom format) + every stored file with its SHA-256 list.
BACKUP_DIR ?= backups/$(shell date +%Y%m%d-%H%M%S)
backup: $(VENV)/.installed
	$(PY) manage.py backup --to $(BACKUP_DIR)

# Restore drill: make restore FROM=backups/20250101-0300 TARGET=postgres://.../portal_drill MEDIA=/tmp/drill-media
# Over the live database and storage instead: make restore FROM=... YES=1
restore: $(VENV)/.installed
	@test -n "$(FROM)" || { echo "usage: make restore FROM=backups/<folder> [TARGET=postgres://…/drill MEDIA=dir | YES=1]" >&2; exit 2; }
	$(PY) manage.py restore --from $(FROM) $(if $(TARGET),--database-url $(TARGET)) $(if $(MEDIA),--media-root $(MEDIA)) $(if $(YES),--yes)

# Debian's Chromium for the e2e tests; never a browser downloaded by a test tool.
chromium:
	@if [ ! -x "$(CHROMIUM)" ]; then \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian's chromium for the browser tests..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "Chromium not found: the e2e tests will be skipped. Install it with: sudo apt-get install chromium"; \
	  fi; \
	fi

# GNU gettext (xgettext, msgfmt) for the translation catalogue and the test that keeps it current.
gettext:
	@if ! command -v xgettext >/dev/null; then \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian's gettext for the translation catalogue..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null; \
	  else \
	    echo "gettext not found: the catalogue tests will be skipped. Install it with: sudo apt-get install gettext"; \
	  fi; \
	fi

# Re-extract locale/*/LC_MESSAGES/django.po after changing interface strings (README: languages).
messages: $(VENV)/.installed gettext
	DJANGO_SETTINGS_MODULE=mentorship_portal.settings_test $(PY) manage.py update_catalogue

# axe-core for the accessibility tests, from the npm registry at the version package-lock.json pins.
node_modules/.package-lock.json: package.json package-lock.json
	@if ! command -v npm >/dev/null && [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	  echo "Installing Debian's npm for the accessibility tests..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null; \
	fi; \
	if command -v npm >/dev/null; then npm ci --no-audit --no-fund --silent; \
	else echo "npm not found: the accessibility tests will be skipped. Install it with: sudo apt-get install npm"; fi

# pytest exits 5 when it collects nothing: that is a failure here, never a pass.
test: $(VENV)/.installed chromium gettext node_modules/.package-lock.json
	@rc=0; $(PY) -m pytest $(PYTEST_ARGS) || rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests" >&2; exit 1; fi; exit $$rc

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .

check: $(VENV)/.installed
	DJANGO_SETTINGS_MODULE=mentorship_portal.settings_test $(PY) manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=mentorship_portal.settings_test $(PY) manage.py check

ci:
	bash .ci/run

# Pages at 30, 600, 20,000 and 100,000 organizations (p50/p95, queries) and memory; PostgreSQL
# figures are the ones that count: DATABASE_URL=postgres://... make bench. One scale alone:
# make bench BENCH_SCALES=100000 (the country takes about half an hour on 2 cores).
BENCH_SCALES ?= 30 600 20000 100000
bench: setup
	$(PY) benchmarks/run.py --scales $(BENCH_SCALES)

# A head's page against /healthz under gunicorn (2 workers), requests per second in one run.
gunicorn-ratio: $(VENV)/.installed
	$(PY) benchmarks/gunicorn_ratio.py --organizations $(ORGANIZATIONS)

# Screenshots for README (docs/screenshots/): the demo data, a server of its own, Chromium.
SHOTS_HOST ?= 127.0.0.1:8765
screenshots: setup
	@$(PY) manage.py runserver $(SHOTS_HOST) --noreload >/dev/null 2>&1 & server=$$!; \
	trap "kill $$server" EXIT; \
	for _ in $$(seq 1 30); do curl -sf http://$(SHOTS_HOST)/healthz >/dev/null && break; sleep 1; done; \
	$(PY) manage.py take_screenshots --base-url http://$(SHOTS_HOST) --output docs/screenshots
