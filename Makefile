# Locality: every task is a target here. `make` alone lists them.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help install demo serve test test-browser test-postgres bench lint format clean

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,analytics]'
	touch $@

$(NODE_STAMP): package.json package-lock.json locality/frontend/locality.scss
	npm ci --no-audit --no-fund --loglevel=error
	npm run --silent build
	touch $@

install: $(STAMP) $(NODE_STAMP) ## Make .venv and install Python and GOV.UK Frontend packages

demo: install ## Migrate, load the York demo place and serve http://$(HOST):$(PORT)
	LOCALITY_DEMO=1 $(BIN)/locality demo --host $(HOST) --port $(PORT)

serve: install ## Serve the configured database with gunicorn (no demo data)
	$(BIN)/locality serve --host $(HOST) --port $(PORT)

test: install ## Run the whole suite on SQLite (browser tests: make test-browser)
	$(BIN)/pytest -m "not browser" -q

test-postgres: install ## Run the suite on PostgreSQL (DATABASE_URL, default 127.0.0.1:5432)
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/locality} $(BIN)/pytest -m "not browser" -q

test-browser: install ## Browser journeys with axe checks (Debian's chromium via Playwright)
	$(BIN)/pytest -m browser -q

bench: install ## Run the benchmarks in benchmarks/
	$(BIN)/python benchmarks/run.py

lint: install ## ruff, ruff format --check and the import-linter contracts
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install ## Format the code with ruff
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean: ## Remove .venv, node_modules and var/
	rm -rf $(VENV) node_modules var
