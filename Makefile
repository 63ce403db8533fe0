# watchfloor — two commands: `make demo` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test install install-dev bench clean views-venv system-deps

# Debian packages the tests use, as command:package (postgresql: the tests start a throwaway cluster of their
# own). `make test` installs the missing ones when it runs as root (a fresh CI machine or container) and
# otherwise stops at once with the command to run.
SYSTEM_PACKAGES ?= chromium:chromium pdftoppm:poppler-utils openssl:openssl pg_ctlcluster:postgresql

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(STAMP): pyproject.toml package-lock.json | $(BIN)/python
	$(BIN)/pip install -q -e '.[dev,nlp]'
	npm ci --ignore-scripts --no-audit --no-fund --silent
	mkdir -p watchfloor/web/static/vendor/leaflet watchfloor/web/static/vendor/swagger-ui
	cp -R node_modules/leaflet/dist/. watchfloor/web/static/vendor/leaflet/
	cp node_modules/swagger-ui-dist/swagger-ui-bundle.js node_modules/swagger-ui-dist/swagger-ui.css watchfloor/web/static/vendor/swagger-ui/
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/watchfloor demo

system-deps:
	@missing=""; \
	for pair in $(SYSTEM_PACKAGES); do \
	  command -v "$${pair%%:*}" >/dev/null 2>&1 || missing="$$missing $${pair#*:}"; \
	done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then \
	  echo "make test: the tests need the Debian package(s)$$missing, which are not installed." >&2; \
	  echo "Run as root:  apt-get update -qq && apt-get install -y$$missing" >&2; \
	  echo "(or: sudo apt-get update -qq && sudo apt-get install -y$$missing), then make test again." >&2; \
	  exit 1; \
	fi; \
	echo "make test: installing$$missing (apt-get)"; \
	export DEBIAN_FRONTEND=noninteractive; \
	apt-get update -qq && apt-get install -y$$missing

test: system-deps $(STAMP)
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/pip install -q -e '.[dev,bench]'
	$(BIN)/python bench/ingest.py

clean:
	rm -rf out .pytest_cache

# The published ViEWS baseline and evaluation packages, in their own venv (they need numpy < 2), for
# bench/vs_views.py. --no-deps: views-baseline declares views-pipeline-core, which only its
# pipeline manager imports (not used here) and which would pull the ViEWS data-fetching stack.
VIEWS_VENV := .venv-views
$(VIEWS_VENV)/.installed:
	$(PY) -m venv $(VIEWS_VENV)
	$(VIEWS_VENV)/bin/pip install -q "numpy==1.26.4" "pandas==2.2.3" "scipy==1.13.1" "pyarrow==19.0.1"
	$(VIEWS_VENV)/bin/pip install -q --no-deps "views-baseline==1.0.2" "views-evaluation==2.0.0" "views-frames==1.11.0"
	touch $@

views-venv: $(VIEWS_VENV)/.installed
