# The README's commands. Everything is installed into .venv by these targets.
PYTHON   ?= python3
VENV     := .venv
BIN      := $(VENV)/bin
CHROMIUM := /usr/bin/chromium

.PHONY: site test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

## site: set up, then validate the corpus and build the knowledge base (build validates first)
site: $(VENV)/.installed
	$(BIN)/wildlex build

# The browser tests drive Debian's Chromium (never a downloaded one); installing it needs root.
$(CHROMIUM):
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium

## test: set up with the test extras and run the whole suite, one process per core
# (worksteal: the longest tests take half a minute; an idle process takes over the rest)
test: $(VENV)/.installed-test $(CHROMIUM)
	$(BIN)/python -m pytest -n auto --dist worksteal

## bench: the long benchmark (200 jurisdictions at 1x, 2x and 4x); prints figures
bench: $(VENV)/.installed-test
	$(BIN)/python bench/run.py

lint: $(VENV)/.installed-test
	$(BIN)/ruff check kb tests

clean:
	rm -rf build
