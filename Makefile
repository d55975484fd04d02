# govcx: `make demo` serves a demo agency on http://127.0.0.1:8000; `make test` runs the suite
# on SQLite and on PostgreSQL. Both set up everything they need on a fresh machine.

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
POSTGRES_TEST_URL ?= postgres://postgres@127.0.0.1:5432/test
DEMO_RESPONSES ?= 20000
PYTEST_ARGS ?=

.PHONY: demo serve test test-sqlite test-postgres lint format install assets system-packages postgres redis bench-ingest bench-insights bench-reporting bench-comments evaluate-comments clean

$(BIN)/govcx: pyproject.toml requirements/dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements/dev.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

install: $(BIN)/govcx

static/vendor/uswds/css/uswds.min.css: package.json package-lock.json
	npm ci --no-fund --no-audit --loglevel=error
	rm -rf static/vendor/uswds && mkdir -p static/vendor/uswds
	cp -r node_modules/@uswds/uswds/dist/css node_modules/@uswds/uswds/dist/js \
	      node_modules/@uswds/uswds/dist/img node_modules/@uswds/uswds/dist/fonts static/vendor/uswds/
	touch $@

assets: static/vendor/uswds/css/uswds.min.css

system-packages:
	scripts/system-packages.sh

postgres:
	scripts/ensure-postgres.sh

redis:
	scripts/ensure-redis.sh

demo: install assets
	$(BIN)/govcx migrate --noinput
	$(BIN)/govcx seed-demo --if-empty --responses $(DEMO_RESPONSES)
	scripts/demo-serve.sh $(BIN)

serve: install assets
	$(BIN)/govcx migrate --noinput
	$(BIN)/govcx runserver 127.0.0.1:8000

test: install assets system-packages postgres redis
	@echo "== govcx test suite on SQLite"
	DATABASE_URL=sqlite:///$(CURDIR)/var/test.sqlite3 $(BIN)/pytest $(PYTEST_ARGS)
	@echo "== govcx test suite on PostgreSQL"
	DATABASE_URL=$(POSTGRES_TEST_URL) $(BIN)/pytest $(PYTEST_ARGS)

test-sqlite: install assets system-packages redis
	DATABASE_URL=sqlite:///$(CURDIR)/var/test.sqlite3 $(BIN)/pytest $(PYTEST_ARGS)

test-postgres: install assets system-packages postgres redis
	DATABASE_URL=$(POSTGRES_TEST_URL) $(BIN)/pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy govcx tests bench

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) node_modules static/vendor var/test.sqlite3

bench-ingest: install
	DATABASE_URL=postgres://postgres@127.0.0.1:5432/govcx_ingest_bench $(BIN)/python bench/ingest.py

bench-insights: install
	DATABASE_URL=postgres://postgres@127.0.0.1:5432/insights10m_bench $(BIN)/python bench/insights.py

bench-reporting: install
	DATABASE_URL=postgres://postgres@127.0.0.1:5432/govcx_reporting_bench $(BIN)/python bench/reporting.py

# Redaction, sentiment and theme assignment of a million comments; discovery on 100,000;
# the analysis job over a million stored responses in PostgreSQL.
bench-comments: install
	$(BIN)/python bench/comments.py
	$(BIN)/python bench/themes_discovery.py
	DATABASE_URL=postgres://postgres@127.0.0.1:5432/govcx_comments_bench $(BIN)/python bench/comments_job.py

# Sentiment and discovered themes against the labelled public feedback in ../shared/data.
evaluate-comments: install
	$(BIN)/python bench/evaluate_sentiment.py
	$(BIN)/python bench/evaluate_themes.py
