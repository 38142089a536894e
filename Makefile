# Watchfloor developer and CI tasks. `make help` lists them.
#
# Choose another interpreter for the virtual environment with `make venv PY=python3.12` (3.11 or newer).
# Pass console options to `make run` with ARGS, e.g. `make run ARGS="--db /tmp/floor.db --lang zh_CN"` (a file
# named with --db must exist: `.venv/bin/watchfloor db create /tmp/floor.db` makes one; only the embedded
# default is made when missing), and pytest options to `make test` with PYTEST_ARGS, e.g. `make test PYTEST_ARGS="-x -k incidents"`.

PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
ARGS ?=
PYTEST_ARGS ?=

# Rebuilt when pyproject.toml changes; lives inside the venv, so deleting .venv forgets it too.
STAMP := $(VENV)/.watchfloor-installed

TS_FILES := $(wildcard translations/*.ts)
QM_FILES := $(patsubst translations/%.ts,ui/locale/%.qm,$(TS_FILES))

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

.PHONY: help venv run test lint translations qm freeze screenshot bench clean

help:
	@echo "make venv          create $(VENV) with $(PY) (>= 3.11) and install watchfloor[dev] editable"
	@echo "make run           demo floor (if empty) + simulator in the background + the console"
	@echo "make test          ruff, mypy, import contracts, then the whole pytest suite"
	@echo "make lint          ruff, mypy and import contracts only"
	@echo "make translations  pyside6-lupdate console/ and ui/ into translations/*.ts, then compile .qm"
	@echo "make freeze        PyInstaller one-folder build in dist/watchfloor + smoke test of the binary"
	@echo "make screenshot    docs/screenshot.png"
	@echo "make bench         start-up and change-to-screen latency, as JSON"
	@echo "make clean         remove build outputs (keeps $(VENV); rm -rf $(VENV) for a new one)"

venv: $(STAMP)

$(STAMP): pyproject.toml
	@$(PY) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "watchfloor needs Python >= 3.11, $(PY) is " + sys.version.split()[0] + ": try make venv PY=python3.11")'
	@if [ -x $(BIN)/python ] && ! $(BIN)/python -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then \
		echo "$(VENV) has an old Python: recreating it"; rm -rf $(VENV); fi
	@[ -x $(BIN)/python ] || { echo "creating $(VENV) with $$($(PY) --version)"; $(PY) -m venv $(VENV); }
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --progress-bar off -e ".[dev]"
	@touch $@

# Compiled translations (.qm, never committed). The editable install compiles them once; this keeps them fresh.
qm: $(QM_FILES)

ui/locale/%.qm: translations/%.ts | $(STAMP)
	@mkdir -p ui/locale
	$(BIN)/pyside6-lrelease -silent $< -qm $@

translations: venv
	$(BIN)/pyside6-lupdate -extensions py -locations relative -no-obsolete console ui \
		-ts translations/watchfloor_zh_CN.ts
	@$(MAKE) --no-print-directory qm

# The simulator and the timer worker run in the background and are stopped however the console exits (close,
# Ctrl+C, crash).
run: venv qm
	$(BIN)/watchfloor $(ARGS) demo --if-empty
	@$(BIN)/watchfloor $(ARGS) simulate & sim=$$!; \
	$(BIN)/watchfloor $(ARGS) worker & work=$$!; \
	trap 'kill $$sim $$work 2>/dev/null || true; wait $$sim $$work 2>/dev/null || true' EXIT INT TERM; \
	$(BIN)/watchfloor $(ARGS)

# The static checks, as one shell snippet so `test` can run them and pytest and report all failures at once.
LINT = rc=0; \
	echo "== ruff check console ui tests"; $(BIN)/ruff check console ui tests || rc=1; \
	echo "== mypy"; $(BIN)/mypy || rc=1; \
	echo "== lint-imports"; $(BIN)/lint-imports || rc=1

lint: venv
	@$(LINT); exit $$rc

# pytest runs even when a static check failed (one CI run reports everything); any failure fails the target.
# pytest's exit 5 ("no tests collected", e.g. a -k that matches nothing) is reported, not counted as a failure.
test: venv qm
	@$(LINT); \
	echo "== pytest $(PYTEST_ARGS)"; prc=0; $(BIN)/pytest $(PYTEST_ARGS) || prc=$$?; \
	if [ $$prc -eq 5 ]; then echo "pytest collected no tests (exit 5): nothing was tested"; prc=0; fi; \
	if [ $$rc -ne 0 ]; then echo "make test: a static check failed (see above)"; fi; \
	[ $$rc -eq 0 ] && [ $$prc -eq 0 ]

freeze: venv qm
	bash packaging/freeze.sh

screenshot: venv qm
	@mkdir -p docs
	$(BIN)/python -m ui.screenshot docs/screenshot.png

bench: venv qm
	$(BIN)/watchfloor $(ARGS) bench --json

clean:
	rm -rf build dist ui/locale/*.qm .pytest_cache .mypy_cache .ruff_cache .import_linter_cache
	find console ui tests packaging -name __pycache__ -type d -prune -exec rm -rf {} +
