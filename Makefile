# The two commands of the README:
#   make run   set up everything and run the portal with demo data on http://127.0.0.1:8000
#   make test  set up everything for testing and run lint, checks and the whole test suite
# Database and broker follow DATABASE_URL / REDIS_URL; unset means SQLite and an embedded broker.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PYTEST_ARGS ?=
# The suite runs in one process per core (pytest-xdist; an idle process takes tests queued for
# another, so the slow browser tests do not leave one core waiting at the end); TEST_WORKERS=0
# runs it in this process.
TEST_WORKERS ?= auto

# `make run` serves as production does, with DEBUG off (the portal's own error pages, static
# files through WhiteNoise) unless DEBUG is given: `make run DEBUG=true` shows Django's debug pages.
RUN_DEBUG := $(if $(filter undefined,$(origin DEBUG)),false,$(DEBUG))
# The other targets (tests, set-up, benchmarks) run with DEBUG on unless told otherwise.
export DEBUG ?= true

.PHONY: bench bench-load bench-statistics run test install install-test system-deps system-deps-test assets migrate demo lint check clean

# The demo signs in with username and password alone: no role must use two-factor authentication
# unless told, e.g. `make run TWO_FACTOR_REQUIRED_ROLES=prosecutor,coordinator` (README, "Security").
run: export TWO_FACTOR_REQUIRED_ROLES ?=
run: install migrate demo
	$(PY) manage.py collectstatic --noinput -v0
	DEBUG=$(RUN_DEBUG) ./scripts/serve-dev.sh

test: install-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py check --fail-level WARNING
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest -n $(TEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

install: system-deps $(VENV)/.run-installed assets

install-test: system-deps-test $(VENV)/.test-installed assets

system-deps:
	./scripts/system-deps.sh run

system-deps-test:
	./scripts/system-deps.sh test

$(VENV)/bin/python:
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 or newer is needed"'
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip

$(VENV)/.run-installed: pyproject.toml | $(VENV)/bin/python
	$(VENV)/bin/pip install --quiet -e .
	touch $@

$(VENV)/.test-installed: pyproject.toml | $(VENV)/bin/python
	$(VENV)/bin/pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.run-installed

assets: node_modules/.installed
	$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v0

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Benchmarks print their figures; they use their own database under var/bench.
bench: install
	VAR_DIR=var/bench $(PY) bench/pdf_render.py
	$(PY) bench/matching.py
	@if [ -n "$$DATABASE_URL" ]; then $(PY) bench/sweep.py && $(PY) bench/persons.py; \
	else echo "bench/sweep.py and bench/persons.py need PostgreSQL: make bench DATABASE_URL=postgres://…/portal_bench"; fi

# The load benchmark (bench/load.py): PostgreSQL databases portal_bench_1000 / portal_bench_100000
# filled by seed_scale (kept between runs), gunicorn with DEBUG off, wrk. BENCH_DATABASE_URL names
# the server (default postgres://postgres@127.0.0.1:5432). BENCH_ARGS="--reseed" refills.
BENCH_ARGS ?=
bench-load: install
	./scripts/system-deps.sh bench
	$(PY) bench/load.py $(BENCH_ARGS)

# Statistics at national scale (bench/statistics.py): every figure's p50/p95 on the load
# benchmark's database of 100,000 cases (portal_bench_100000, filled once by seed_scale); fails
# when a figure's p95 is over 500 ms. STATS_BENCH_ARGS="--reseed" refills.
STATS_BENCH_ARGS ?=
bench-statistics: install
	$(PY) bench/statistics.py $(STATS_BENCH_ARGS)

migrate:
	$(PY) manage.py migrate --noinput

demo:
	$(PY) manage.py seed_demo

clean:
	rm -rf $(VENV) node_modules var
