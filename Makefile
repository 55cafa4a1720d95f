# The documented entry points: `make run`, `make test`, `make bench`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app survey_app
HOST ?= 127.0.0.1
PORT ?= 5000
DEMO_HOUSEHOLDS ?= 3800
DEMO_BUSINESSES ?= 50
DEMO_SEED ?= 1
TRANSLATIONS := survey_app/translations
# Debian packages the test suite drives: the browser, its driver, PDF-to-text/PNG,
# and what WeasyPrint and Vietnamese text need.
TEST_DEBS := chromium chromium-driver poppler-utils fonts-dejavu-core \
	libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0

.PHONY: run test bench install install-test translations translations-update system-deps postgres clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed translations
install-test: $(VENV)/.installed-test translations

# Compiles the catalogues (.mo files are not in git); a broken catalogue stops the build.
# pybabel compile would accept a string missing its closing quote, truncated.
translations: | $(VENV)/.installed
	$(BIN)/python -m survey_app.catalogues --compile

# Re-extracts every marked string and merges it into each catalogue: new strings
# then show as untranslated in the .po files (see docs/i18n.md).
translations-update: | $(VENV)/.installed
	$(BIN)/pybabel extract --no-location --sort-output -F survey_app/babel.cfg \
		--ignore-dirs ".* __pycache__" --project survey-app --copyright-holder "the survey-app authors" \
		-k _l -k lazy_gettext -o $(TRANSLATIONS)/messages.pot survey_app
	$(BIN)/pybabel update --no-fuzzy-matching --ignore-obsolete -d $(TRANSLATIONS) -D messages \
		-i $(TRANSLATIONS)/messages.pot
	$(BIN)/pybabel update --no-fuzzy-matching --ignore-obsolete -d $(TRANSLATIONS) -D wtforms -l vi \
		-i $$($(BIN)/python -c 'from wtforms.i18n import messages_path; print(messages_path())')/wtforms.pot
	@$(BIN)/python -m survey_app.catalogues

run: install
	$(FLASK) db upgrade
	$(FLASK) reference load --if-empty
	$(FLASK) demo load --households $(DEMO_HOUSEHOLDS) --businesses $(DEMO_BUSINESSES) \
		--seed $(DEMO_SEED) --if-empty
	$(FLASK) demo accounts
	@echo "Serving on http://$(HOST):$(PORT)/ (Ctrl+C to stop); plans and Excel exports are made by the job worker beside it"
	$(BIN)/huey_consumer survey_app.worker.huey --workers 1 --quiet & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/gunicorn --bind $(HOST):$(PORT) --workers 1 --threads 4 --access-logfile - "survey_app:create_app()"

system-deps:
	@missing=""; for p in $(TEST_DEBS); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			echo "Installing Debian packages:$$missing"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
		else \
			echo "Missing Debian packages:$$missing (run: sudo apt-get install -y$$missing)"; exit 1; \
		fi; \
	fi

postgres:
	@if ! pg_isready -q -h 127.0.0.1 -p 5432; then \
		echo "Starting PostgreSQL"; \
		pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start; \
		for i in $$(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done; \
	fi; \
	pg_isready -h 127.0.0.1 -p 5432

# Test files are shared out among one worker per core (pytest-xdist), each with its own
# PostgreSQL database; a file's tests stay together, as some share a module's data.
TEST_WORKERS ?= auto
test: install-test system-deps postgres
	$(BIN)/ruff check .
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile

bench: install
	@for script in bench/*.py; do [ -e "$$script" ] && $(BIN)/python "$$script"; done; true

clean:
	rm -rf $(VENV) .pytest_cache
