# The two commands: `make run` (set up and serve) and `make test` (set up and run every check).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
export REDTALENTOS_PG_PORT ?= 54329
# Processes that share the test suite (pytest-xdist, one test database each): the suite's budget
# is 20 minutes on 2 cores, which one process alone no longer keeps.
TEST_WORKERS ?= 2

.PHONY: run test db stop venv tools setup messages translations demo lock check-deploy lint mutation
.PHONY: bench bench-directory bench-accounts bench-uploads bench-certificates bench-jornadas \
	bench-internships bench-mentoring bench-projects bench-committees bench-statistics

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
	$(PY) -m pytest -n $(TEST_WORKERS)
	$(MAKE) mutation
	$(MAKE) lint
	$(MANAGE) makemigrations --check --dry-run
	$(MAKE) check-deploy

# Mutation testing of the access rules (scripts/mutation.py): fails below 90% of mutants killed or
# when a mutant survives in a consent, role or visibility condition. Work files in mutants/.
mutation: export DJANGO_ENV = test
mutation: venv db messages
	$(PY) scripts/mutation.py

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
	$(MANAGE) compilemessages --ignore=.venv --ignore=.pgdata --ignore=node_modules --ignore=mutants -v 0

# After adding or changing user-facing strings: refresh the English catalogue, then translate it.
translations: venv
	$(MANAGE) makemessages -l en --no-obsolete --ignore=tests/* --ignore=staticfiles/* --ignore=media/* --ignore=mutants/*

db:
	@scripts/pg.sh start

# Every part of the benchmark; each part also runs alone (make bench-<part>).
bench: bench-directory bench-accounts bench-uploads bench-certificates bench-jornadas \
	bench-internships bench-mentoring bench-projects bench-committees bench-statistics

# The directory at a million profiles (issue 4): builds the benchmark database the first time
# (seed_demo only adds who is missing), then measures; figures go to $$BENCH_OUT.
BENCH_DB ?= redtalentos_bench
BENCH_MEMBERS ?= 1000000
bench-directory: export DJANGO_ENV = development
bench-directory: export DEBUG = 0
bench-directory: export DATABASE_URL = postgres://postgres@127.0.0.1:$(REDTALENTOS_PG_PORT)/$(BENCH_DB)
bench-directory: venv messages
	@REDTALENTOS_PG_DB=$(BENCH_DB) scripts/pg.sh start
	$(MANAGE) migrate --no-input -v 0
	$(MANAGE) createcachetable
	$(MANAGE) seed_demo --members $(BENCH_MEMBERS)
	$(MANAGE) run_benchmark

# Sign-up timed for new and for registered addresses with the production password hasher: the two
# medians must match, or the page tells which addresses have an account (issue 12). Any database.
bench-accounts: export DJANGO_ENV = development
bench-accounts: export DEBUG = 0
bench-accounts: setup
	$(MANAGE) bench_accounts

# Peak memory of each picture upload (profile photo, news picture), one fresh process per upload:
# no accepted file may raise a worker by more than 150 MB (issue 12). Needs no database.
bench-uploads: export DJANGO_ENV = development
bench-uploads: export DEBUG = 0
bench-uploads: venv messages
	$(MANAGE) bench_uploads

# 5,000 certificates issued in bulk and rendered to PDF: at most 2 minutes, memory flat (issue 13).
# Any database: it deletes the accounts and certificates it creates.
bench-certificates: export DJANGO_ENV = development
bench-certificates: export DEBUG = 0
bench-certificates: setup
	$(MANAGE) bench_certificates

# An edition with 5,000 registrations and 200 sessions: its page and a personal agenda p95 ≤ 50 ms;
# registrations from 16 clients to gunicorn ≥ 100/s, none oversold (issue 13). Any database: it
# deletes the accounts and editions it creates.
bench-jornadas: export DJANGO_ENV = development
bench-jornadas: export DEBUG = 0
bench-jornadas: setup
	$(MANAGE) bench_jornadas

# A cycle with 2,000 postings and 20,000 applications: its matching ≤ 5 s; the public postings
# list with filters p95 ≤ 50 ms (issue 14). Any database: it deletes the accounts, cycle and
# postings it creates.
bench-internships: export DJANGO_ENV = development
bench-internships: export DEBUG = 0
bench-internships: setup
	$(MANAGE) bench_internships

# Mentor suggestions for 200 requests among a million profiles with 50,000 mentors: p95 ≤ 100 ms
# (issue 15). On the directory's benchmark database (built the first time, as bench-directory
# does); it deletes the offers, accounts and requests it creates.
bench-mentoring: export DJANGO_ENV = development
bench-mentoring: export DEBUG = 0
bench-mentoring: export DATABASE_URL = postgres://postgres@127.0.0.1:$(REDTALENTOS_PG_PORT)/$(BENCH_DB)
bench-mentoring: venv messages
	@REDTALENTOS_PG_DB=$(BENCH_DB) scripts/pg.sh start
	$(MANAGE) migrate --no-input -v 0
	$(MANAGE) createcachetable
	$(MANAGE) seed_demo --members $(BENCH_MEMBERS)
	$(MANAGE) bench_mentoring

# 100,000 opportunities: the board with filters and search p95 ≤ 50 ms; the weekly digest for
# 100,000 members ≤ 2 minutes with flat memory (issue 16). Any database of the project's cluster:
# it deletes the accounts it creates and all that hangs from them.
bench-projects: export DJANGO_ENV = development
bench-projects: export DEBUG = 0
bench-projects: setup
	$(MANAGE) bench_projects

# A call with 1,000 proposals and a committee of 300 experts: conflicts detected and assignment
# proposed ≤ 10 s (issue 17). On the directory's benchmark database (built the first time, as
# bench-directory does); the call, its proposals and committee are built once and kept.
bench-committees: export DJANGO_ENV = development
bench-committees: export DEBUG = 0
bench-committees: export DATABASE_URL = postgres://postgres@127.0.0.1:$(REDTALENTOS_PG_PORT)/$(BENCH_DB)
bench-committees: venv messages
	@REDTALENTOS_PG_DB=$(BENCH_DB) scripts/pg.sh start
	$(MANAGE) migrate --no-input -v 0
	$(MANAGE) createcachetable
	$(MANAGE) seed_demo --members $(BENCH_MEMBERS)
	$(MANAGE) bench_committees

# The statistics page at a million members p95 ≤ 100 ms and the news feeds p95 ≤ 50 ms (issue 18),
# with the time refresh_statistics takes to recompute the figures. On the directory's benchmark
# database (built the first time, as bench-directory does); its news items are built once and kept.
bench-statistics: export DJANGO_ENV = development
bench-statistics: export DEBUG = 0
bench-statistics: export DATABASE_URL = postgres://postgres@127.0.0.1:$(REDTALENTOS_PG_PORT)/$(BENCH_DB)
bench-statistics: venv messages
	@REDTALENTOS_PG_DB=$(BENCH_DB) scripts/pg.sh start
	$(MANAGE) migrate --no-input -v 0
	$(MANAGE) createcachetable
	$(MANAGE) seed_demo --members $(BENCH_MEMBERS)
	$(MANAGE) bench_statistics

stop:
	@scripts/pg.sh stop

demo: export DJANGO_ENV = development
demo: setup
	$(MANAGE) seed_demo

# Re-lock dependencies after editing pyproject.toml.
lock:
	scripts/lock.sh
