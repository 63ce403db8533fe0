# watchfloor — two commands: `make demo` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test install install-dev bench clean views-venv

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(STAMP): pyproject.toml package-lock.json | $(BIN)/python
	$(BIN)/pip install -q -e '.[dev]'
	npm ci --no-audit --no-fund --silent
	mkdir -p watchfloor/web/static/vendor/leaflet
	cp -R node_modules/leaflet/dist/. watchfloor/web/static/vendor/leaflet/
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/watchfloor demo

test: $(STAMP)
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/pip install -q -e '.[dev,bench]'
	$(BIN)/python bench/ingest.py

clean:
	rm -rf out .pytest_cache
