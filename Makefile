# The two commands: `make run` (set up and serve) and `make test` (set up and run every check).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
export REDTALENTOS_PG_PORT ?= 54329

.PHONY: run test db stop venv tools setup messages translations demo lock check-deploy lint

run: export DJANGO_ENV = development
run: export DEBUG ?= 1
run: setup
	$(MANAGE) seed_demo
	@echo ""
	@echo "  Portal: http://127.0.0.1:8000/   (English: http://127.0.0.1:8000/en/)"
	@echo "  Demo logins are printed above by seed_demo."
	@echo ""
	$(MANAGE) runserver 127.0.0.1:8000

test: export DJANGO_ENV = test
test: tools setup
	$(PY) -m pytest
	$(MAKE) lint
	$(MANAGE) makemigrations --check --dry-run
	$(MAKE) check-deploy

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# Production settings must pass Django's deployment checks without a single warning.
check-deploy: venv
	DJANGO_ENV=production SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))') \
	ALLOWED_HOSTS=redtalentos.example HTTPS=1 EMAIL_URL=smtp://localhost:25 \
	$(MANAGE) check --deploy --fail-level WARNING

setup: venv db messages
	$(MANAGE) migrate --no-input
	$(MANAGE) createcachetable

venv: $(VENV)/.installed

$(VENV)/.installed: requirements-dev.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

# Debian's chromium (browser checks), Java (Nu HTML checker) and gettext (catalogues).
tools:
	@scripts/ensure-tools.sh

messages: venv
	$(MANAGE) compilemessages --ignore=.venv --ignore=.pgdata --ignore=node_modules -v 0

# After adding or changing user-facing strings: refresh the English catalogue, then translate it.
translations: venv
	$(MANAGE) makemessages -l en --no-obsolete --ignore=tests/* --ignore=staticfiles/* --ignore=media/*

db:
	@scripts/pg.sh start

stop:
	@scripts/pg.sh stop

demo: export DJANGO_ENV = development
demo: setup
	$(MANAGE) seed_demo

# Re-lock dependencies after editing pyproject.toml.
lock:
	scripts/lock.sh
