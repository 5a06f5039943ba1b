# Two commands on a fresh machine with Python 3.11+: `make site` and `make test`.
# Both create .venv/ and install the package (with its dev tools) into it first.
PYTHON ?= python3
# the engine that turns build/docs into site/: mkdocs (MkDocs + Material) or zensical
ENGINE ?= mkdocs
export NO_MKDOCS_2_WARNING := 1
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# axe-core, pinned by tests/js/package-lock.json, injected into pages by the accessibility test
AXE := tests/js/node_modules/axe-core/axe.min.js

.PHONY: site test lint check serve clean golden bench

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

$(AXE): tests/js/package.json tests/js/package-lock.json
	npm ci --prefix tests/js --no-audit --no-fund --loglevel=error
	touch $(AXE)

site: $(STAMP)
	$(BIN)/digest build
	$(BIN)/digest publish --engine $(ENGINE)
	$(BIN)/digest index --site site

check: $(STAMP)
	$(BIN)/digest check

serve: $(STAMP)
	$(BIN)/digest serve

lint: $(STAMP)
	$(BIN)/ruff check generator tests benchmarks tools
	$(BIN)/ruff format --check generator tests benchmarks tools
	$(BIN)/mypy

test: lint $(AXE)
	$(BIN)/pytest

golden: $(STAMP)
	DIGEST_UPDATE_GOLDEN=1 $(BIN)/pytest tests/site/test_golden.py tests/site/test_hostile.py -k "golden or refuses"

bench: $(STAMP)
	$(BIN)/python -m benchmarks.run

clean:
	rm -rf build site .pytest_cache .mypy_cache .ruff_cache tests/js/node_modules
