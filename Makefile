# Two commands do all the set-up on a fresh machine with Python 3.11+:
#   make run   installs, migrates the embedded SQLite database, loads the demo data, serves on :8000
#   make test  installs what the tests need (system packages when run as root) and runs every test
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install system-deps node-deps messages lint wheel-check check clean mutation mutation-ci cluster cluster-down

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "motcua needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# gettext compiles the translations; Chromium drives the browser tests. Installed through apt-get
# when missing and run as root; otherwise the missing tool is named.
system-deps:
	@bash scripts/system-deps.sh

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

node-deps: node_modules/.installed

messages: install
	$(BIN)/motcua compilemessages --ignore '.venv' --ignore 'node_modules' -v 0

run: install system-deps messages
	$(BIN)/motcua migrate --no-input -v 0
	$(BIN)/motcua load-demo
	HOST=$(HOST) PORT=$(PORT) bash scripts/run.sh

test: install system-deps node-deps messages
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check src tests conftest.py
	$(BIN)/ruff format --check src tests conftest.py
	$(BIN)/mypy src tests conftest.py
	$(BIN)/lint-imports
	$(BIN)/motcua makemigrations --check --dry-run

# The product wheel alone (no motcua_dev, no tests) in a clean virtualenv with only its runtime
# dependencies, started with the production settings: `motcua check --deploy` must pass.
wheel-check: messages
	PYTHON=$(PYTHON) bash scripts/wheel-check.sh

check: lint wheel-check test

# Mutation testing of the rule modules, each with its own tests; prints a score per module and
# fails under 90% or on a survivor not listed in tests/mutation/equivalent.toml. One worker, niced.
mutation: install
	$(BIN)/python -m tests.mutation.run $(MODULES)

# The small fixed set CI runs (about a minute).
mutation-ci: install
	$(BIN)/python -m tests.mutation.run calendar.rules

# The reference deployment on loopback: HAProxy, two web nodes, two workers on RabbitMQ, Redis,
# a PostgreSQL primary and its streaming replica, a shared files folder (scripts/cluster.sh).
cluster: install messages
	bash scripts/cluster-deps.sh
	bash scripts/cluster.sh up

cluster-down:
	bash scripts/cluster.sh down

clean:
	rm -rf $(VENV) node_modules var .pytest_cache .mypy_cache .ruff_cache
