# Two commands on a fresh machine with Python 3.11+: `make site` and `make test`.
# Both create .venv/ and install the package into it first: `make site` the package and what
# building and serving need, `make test` the development extra (`.[dev]`) as well.
PYTHON ?= python3
# the engine that turns build/docs into site/: mkdocs (MkDocs + Material) or zensical
ENGINE ?= mkdocs
export NO_MKDOCS_2_WARNING := 1
VENV := .venv
BIN := $(VENV)/bin
# One stamp per install: a venv `make site` made is upgraded by `make test` (its stamp is
# missing), and `make site` after `make test` finds its own stamp and installs nothing.
# `make site ENGINE=zensical` adds the zensical extra: a stamp per engine.
STAMP := $(VENV)/.installed-site-$(ENGINE)
DEV_STAMP := $(VENV)/.installed-dev
SITE_EXTRAS := $(if $(filter zensical,$(ENGINE)),[zensical],)
# axe-core, pinned by tests/js/package-lock.json, injected into pages by the accessibility test
AXE := tests/js/node_modules/axe-core/axe.min.js

.PHONY: site test lint check serve clean golden bench

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.$(SITE_EXTRAS)'
	touch $(STAMP)

$(DEV_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(DEV_STAMP)

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

lint: $(DEV_STAMP)
	$(BIN)/ruff check generator tests benchmarks tools
	$(BIN)/ruff format --check generator tests benchmarks tools
	$(BIN)/mypy

test: lint $(AXE)
	$(BIN)/pytest

golden: $(DEV_STAMP)
	DIGEST_UPDATE_GOLDEN=1 $(BIN)/pytest tests/site/test_golden.py tests/site/test_hostile.py -k "golden or refuses"

bench: $(DEV_STAMP)
	$(BIN)/python -m benchmarks.run

clean:
	rm -rf build site .pytest_cache .mypy_cache .ruff_cache tests/js/node_modules
