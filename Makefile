# A newcomer needs only: make demo, make test.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install native demo test lint typecheck bench clean

install: $(STAMP) native

# constraints.txt pins every package (see its header to regenerate it)
$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev]"
	touch $(STAMP)

# the extraction modules compiled with mypyc where a C compiler is found, rebuilt when their sources
# change (docs/decisions.md, "Compiled extraction"); a no-op when current, the sources run without it
native: $(STAMP)
	$(BIN)/python scripts/build_native.py --if-possible

demo: $(STAMP) native
	rm -rf out/demo-store
	$(BIN)/govgraph demo --store out/demo-store

test: $(STAMP) native lint typecheck
	$(BIN)/python -m pytest

typecheck: $(STAMP)
	$(BIN)/mypy

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

bench: $(STAMP) native
	$(BIN)/python benchmarks/extract.py

clean:
	test ! -x $(BIN)/python || $(BIN)/python scripts/build_native.py --clean
	rm -rf $(VENV) out govgraph-store .pytest_cache
