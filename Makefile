# Wspólnie: `make run` serves the demo site, `make test` runs the whole suite.
PY ?= python3
VENV := .venv
PYTHON := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
CHROMIUM ?= /usr/bin/chromium
# Links in e-mails point at the address `make run` serves.
SITE_URL ?= http://$(HOST):$(PORT)
export CHROMIUM SITE_URL

.PHONY: run test install install-dev chromium lint migrate seed messages check-deploy clean

$(VENV)/bin/python:
	@$(PY) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Wspólnie needs Python 3.11 or newer (PY=python3.x make ...)")'
	$(PY) -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --upgrade pip

# The jury extra (sortition-algorithms, for citizen jury draws) comes with both.
$(VENV)/.installed: $(VENV)/bin/python pyproject.toml
	$(PYTHON) -m pip install --quiet -e ".[jury]"
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed pyproject.toml
	$(PYTHON) -m pip install --quiet -e ".[dev,jury]"
	@touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

migrate: install
	$(PYTHON) manage.py migrate --noinput

seed: migrate
	$(PYTHON) manage.py seed_demo

# A task worker (e-mails, search index) polls the database queue beside Daphne.
# One shell line, so its traps stop the worker however Daphne ends (Ctrl-C too).
run: seed
	@echo ""
	@echo "  Wspólnie is running at http://$(HOST):$(PORT)/"
	@echo "  Demo logins (password: wspolnie-demo):"
	@echo "    resident@example.org  ngo@example.org  official@example.org"
	@echo "    moderator@example.org  facilitator@example.org  editor@example.org"
	@echo "  Admin: http://$(HOST):$(PORT)/admin/ (editor@example.org)"
	@echo "  E-mails (verification links) are printed in this terminal."
	@echo "  A task worker runs beside the server; Ctrl-C stops both."
	@echo ""
	@$(PYTHON) manage.py db_worker --no-reload --interval 2 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; \
	trap 'exit 130' INT TERM; \
	$(VENV)/bin/daphne -b $(HOST) -p $(PORT) cms.asgi:application

# Browser tests need Debian's Chromium; install it when we may, never skip silently.
chromium:
	@if [ -x "$(CHROMIUM)" ]; then exit 0; fi; \
	if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
		echo "Installing Debian's chromium for the browser tests..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
		echo "Browser tests need Chromium: run 'sudo apt-get install chromium' (or set CHROMIUM=/path/to/chromium)."; \
		exit 1; \
	fi; \
	[ -x "$(CHROMIUM)" ] || { echo "Chromium is still missing at $(CHROMIUM): set CHROMIUM=/path/to/chromium."; exit 1; }

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

test: install-dev chromium
	$(VENV)/bin/ruff check .
	DJANGO_SETTINGS_MODULE=cms.settings.test $(PYTHON) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest $(PYTEST_ARGS)

check-deploy: install
	DJANGO_SETTINGS_MODULE=cms.settings.production \
	SECRET_KEY=$${SECRET_KEY:-check-deploy-0123456789abcdefghijklmnopqrstuvwxyzABCDEFGH} \
	ALLOWED_HOSTS=$${ALLOWED_HOSTS:-wspolnie.example.org} \
	$(PYTHON) manage.py check --deploy --fail-level WARNING

# Needs GNU gettext: refreshes the catalogues after changing interface strings.
# Polish is translated by hand in locale/pl; English is derived (msgstr = msgid).
messages: install
	rm -f locale/en/LC_MESSAGES/django.po
	$(PYTHON) manage.py makemessages -l pl -l en --ignore='.venv/*' --ignore='var/*' --ignore='tests/*' --no-obsolete
	msgen -o locale/en/LC_MESSAGES/django.po locale/en/LC_MESSAGES/django.po
	@msgattrib --untranslated --no-obsolete locale/pl/LC_MESSAGES/django.po | grep -q '^msgid' \
		&& echo "Untranslated Polish strings remain in locale/pl/LC_MESSAGES/django.po" || true
	$(PYTHON) manage.py compilemessages -l pl -l en --ignore='.venv/*'

clean:
	rm -rf var/test-*.sqlite3* var/test-media
