# Thin wrappers; every target sets up .venv first when it is missing or stale.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
JOBS   ?= 2
# nbgrader creates a gradebook by calling `alembic` from PATH; kernels must be the venv's.
export PATH := $(abspath $(BIN)):$(PATH)
export JUPYTER_PREFER_ENV_PATH := 1
export PYDEVD_DISABLE_FILE_VALIDATION := 1

.PHONY: setup course student test test-ui test-fast lint grade bench clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	# CPU torch first and alone, so nothing can resolve it to a CUDA build.
	$(BIN)/python -m pip install --quiet "torch==2.13.0"
	$(BIN)/python -m pip install --quiet -e ".[test,ui]"
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (dl-course)" > /dev/null
	touch $(STAMP)

## regenerate release/ and solutions/ from source/ and check both directions
course: setup
	$(BIN)/course build --jobs $(JOBS)

## the student edition: build/student/ (a folder ready to be its own repository) and build/student.zip
student: setup
	$(BIN)/course publish build/student

## the whole test suite but the browser test: tests/, and every notebook in solutions/ and notebooks/ via nbmake
test: setup
	$(BIN)/python -m pytest -n $(JOBS) --dist loadgroup --nbmake --nbmake-timeout=300 -m "not ui" tests solutions notebooks

## the student's path in a real browser (Debian's chromium + Playwright); screenshots in build/ui-shots/
test-ui: setup
	$(BIN)/python -m pytest -m ui tests/test_ui.py

## everything but notebook execution and nbgrader runs
test-fast: setup
	$(BIN)/python -m pytest -m "not slow and not ui"

lint: setup
	$(BIN)/ruff check .

## grade a class: make grade A=01_computation_graph SUB=path/to/submissions OUT=grading/01
grade: setup
	$(BIN)/course grade $(A) --submissions $(SUB) --out $(OUT)

bench: setup
	$(BIN)/course bench
	$(BIN)/course bench --validate

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache gradebook.db submitted autograded feedback
