# gwr-workbook: the verbs a user types.
#   make report   render the sample report (every notebook) into reports/
#   make test     run the whole test suite (unit tests, every notebook under nbval, a headless-browser check)
#   make lab      start JupyterLab on the notebooks
#   make benchmark  print how long rendering takes against the cost of papermill alone
#   make corpus-benchmark  print wall time, reports/s and peak memory of the corpus tables at 100 and 500 reports
# Each target creates or refreshes the virtual environment in .venv/ first.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
REPORT ?= data/raw/wuxi_2021.txt
OUT    ?= reports

.PHONY: report test lab venv clean browser benchmark corpus-benchmark

venv: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade "pip==26.3"
	$(PY) -m pip install --quiet --disable-pip-version-check -e ".[dev]"
	@# keep notebook outputs out of git (the filter is named in .gitattributes)
	@if git rev-parse --git-dir >/dev/null 2>&1; then $(VENV)/bin/nbstripout --install --attributes .gitattributes; fi
	@touch $(STAMP)

report: $(STAMP)
	$(PY) -m helpers render $(REPORT) -o $(OUT)

test: $(STAMP) browser
	$(PY) -m pytest -n 2 --dist loadscope

# Debian's chromium for the browser test; installed when missing and we are root (as in CI).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing Debian's chromium for the browser test"; \
	    DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium is not installed and we are not root: the browser test will be skipped"; fi; }

lab: $(STAMP)
	$(VENV)/bin/jupyter lab --ServerApp.root_dir=notebooks $(if $(filter 0,$(shell id -u)),--allow-root,)

clean:
	rm -rf $(OUT) .cache

benchmark: $(STAMP)
	$(PY) benchmarks/render_benchmark.py

corpus-benchmark: $(STAMP)
	$(PY) benchmarks/corpus_benchmark.py --reports 100 500
