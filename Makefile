# gwr-workbook: the verbs a user types.
#   make report   render the sample report (every notebook) into reports/
#   make test     run the whole test suite (unit tests, every notebook under nbval, a headless-browser check)
#   make check-shared  the few checks against the maintainers' ../shared (gold key, scorer, seed); CI runs it
#   make lab      start JupyterLab on the notebooks
#   make benchmark  print how long rendering takes against the cost of papermill alone, and segmentation against jieba
#   make screenshot render the sample and save a picture of its index to docs/images/report_index.png
#   make learn    rebuild the learned dictionaries (policy_terms_corpus.txt, theme_words.csv) from CORPUS
#   make corpus-benchmark  print wall time, reports/s and peak memory of the corpus tables at 100 and 500 reports
# Each target creates or refreshes the virtual environment in .venv/ first.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
REPORT ?= data/raw/wuxi_2021.txt
OUT    ?= reports
CORPUS ?= data/corpus
# Reports never learned from: the answer keys in tests/data/keys/ (held-out and development) are made on them
# (national_2016_gbk is national_2016 in another encoding).
HELD_OUT ?= national_2017,guangdong_2025,beijing_2026,national_2016_gbk,national_2022,henan_2026,shanghai_2025,sichuan_2026,zhejiang_2026,national_2023

.PHONY: report test check-shared lab venv clean browser benchmark screenshot learn corpus-benchmark

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

check-shared: $(STAMP)
	@test -d ../shared || { echo "make check-shared: ../shared is not beside the project (the maintainers' folder; nothing to check)"; exit 2; }
	GWR_SHARED_TESTS=1 $(PY) -m pytest tests/shared_material

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
	$(PY) benchmarks/keywords_benchmark.py

# The learned dictionaries: the policy terms first (the theme words are learned from its tokens).
learn: $(STAMP)
	$(PY) -m helpers learn-terms $(CORPUS) -o data/dictionaries/policy_terms_corpus.txt --exclude $(HELD_OUT)
	$(PY) -m helpers learn-themes $(CORPUS) -o data/dictionaries/theme_words.csv --exclude $(HELD_OUT)

# The README's picture of the index: the sample rendered, then headless Chromium (offline) takes the screenshot.
screenshot: $(STAMP) browser
	$(PY) -m helpers render $(REPORT) -o build/screenshot
	chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1280,1000 --virtual-time-budget=5000 \
	  --host-resolver-rules="MAP * ~NOTFOUND , EXCLUDE localhost" --user-data-dir=build/chromium-profile \
	  --screenshot=$(CURDIR)/docs/images/report_index.png file://$(CURDIR)/build/screenshot/index.html 2>/dev/null
	@echo "wrote docs/images/report_index.png"

corpus-benchmark: $(STAMP)
	$(PY) benchmarks/corpus_benchmark.py --reports 100 500
