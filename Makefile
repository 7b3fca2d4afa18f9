# The portal's everyday commands. `make run` and `make test` work on a fresh clone:
# each creates or refreshes .venv first (a no-op when requirements.txt is unchanged).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
# Two test processes (pytest-xdist): the suite waits on browsers, workers and PostgreSQL as
# much as it computes, so two share two cores well (10.5 -> 8 min here). PYTEST_ARGS= for one.
PYTEST_ARGS ?= -n 2

.PHONY: install run test lint format bench fuzz

install: $(STAMP)

# The stamp is newer than requirements.txt once its pins are installed. The .pth file puts the
# project root on the venv's path, so `.venv/bin/pytest` and `.venv/bin/celery` find `portal`.
$(STAMP): requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@$(PY) -c "import pathlib, sysconfig; pathlib.Path(sysconfig.get_paths()['purelib'], 'budget_portal.pth').write_text('$(CURDIR)\n')"
	@touch $(STAMP)

# make run is for local development: DEBUG on unless DJANGO_DEBUG says otherwise.
run: export DJANGO_DEBUG := $(or $(DJANGO_DEBUG),1)
run: install
	$(PY) manage.py migrate --no-input
	@if $(PY) manage.py help load_samples >/dev/null 2>&1; then \
		$(PY) manage.py load_samples; \
	else \
		echo "load_samples is not available yet: the portal starts empty."; \
	fi
	$(PY) -m portal.devserver

test: install
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install
	@if [ -f bench/run.py ]; then $(PY) bench/run.py; else echo "No benchmarks exist yet (bench/run.py)."; fi

# Mutated samples of every format through the budgeted parse for FUZZ_SECONDS (default 20
# minutes); crashes, hangs and peak memory are reported, findings saved under var/fuzz/.
fuzz: install
	$(PY) -m fuzz files --seconds $(or $(FUZZ_SECONDS),1200) $(if $(FUZZ_SEED),--seed $(FUZZ_SEED))
