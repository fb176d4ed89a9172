# Two commands: `make run` (set up and serve) and `make test` (install test deps and run everything).
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
FLASK := $(VENV)/bin/flask --app infotocka
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: run test screenshots setup db translations messages browser clean bench quality load

$(PY):
	python3 -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(STAMP): $(PY) setup.cfg
	$(PIP) install --quiet -e .
	touch $@

$(TEST_STAMP): $(STAMP) setup.cfg
	$(PIP) install --quiet -e ".[test]"
	touch $@

translations: $(STAMP)
	$(VENV)/bin/pybabel --quiet compile -d translations

messages: $(STAMP)
	$(VENV)/bin/pybabel --quiet extract -F babel.cfg -k _l -k lazy_gettext -k _plural:1,2 -o translations/messages.pot \
		--ignore-dirs=".* __pycache__" --no-location --sort-output --project Infotočka infotocka templates
	$(VENV)/bin/pybabel --quiet update -i translations/messages.pot -d translations --no-fuzzy-matching

db: $(STAMP) translations
	$(FLASK) db upgrade
	$(FLASK) seed
	$(FLASK) import --if-empty data/sample-directory.json
	$(FLASK) reindex --if-needed --no-embed

setup: db

run: setup
	$(FLASK) run --host 127.0.0.1 --port 5000

browser:
	@sh tools/ensure-chromium.sh

# Tests run on every core: each has its own SQLite database and index, and on PostgreSQL each worker has
# its own database on the server (<name>_gw0, …; tests/conftest.py). WORKERS=0 runs them in one process.
WORKERS ?= auto

test: $(TEST_STAMP) translations browser
	$(PY) -m pytest -n $(WORKERS) $(PYTEST_ARGS)

# The browser tests again, saving their screenshots to test-artifacts/ for people to look at (`make test` saves none).
screenshots: $(TEST_STAMP) translations browser
	INFOTOCKA_SCREENSHOTS=1 $(PY) -m pytest -n $(WORKERS) tests/browser $(PYTEST_ARGS)

bench: $(STAMP)
	$(PY) tools/benchmark.py

load: $(STAMP) translations
	$(PY) tools/load.py --baseline

quality: $(STAMP)
	$(PY) tools/search_quality.py

clean:
	rm -rf $(VENV) instance/*.db instance/index
