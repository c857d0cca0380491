"""gwr-workbook helpers: load, clean, structure and analyse Chinese government work reports.

The package is built in floors; a module imports only from its own floor or the floors below it. The
floors are defined once, by the exhaustive import-linter contract in ``pyproject.toml`` (checked by the
test suite); this table shows them, and ``tests/test_layers.py`` checks that it names the same modules:

============  ===============================================================================
floor         modules
============  ===============================================================================
top           :mod:`.__main__` (``python -m helpers``), :mod:`.cli` (the command line, one table of subcommands),
              :mod:`.render` (papermill engine, batch, atomic swap of each report's folder), :mod:`.index_page` (``index.html`` from
              every report folder present), :mod:`.corpus_page` (the corpus page of a render), :mod:`.pages`
              (offline reader pages, ``render.json``)
corpus        :mod:`.corpus_figures` (every corpus figure, one function each, for notebook 05 and the corpus page),
              :mod:`.corpus` (a package: files and manifest, cached per-report worker, local or Dask executors,
              panel tables, group comparison)
presentation  :mod:`.prose` (sentences from a report's own tables), :mod:`.figures`, :mod:`.explore`
              (widgets), :mod:`.outputs` (every output's name and writer), :mod:`.params` (checking
              notebook parameters), :mod:`.display` (searchable tables, itables offline)
analyses      :mod:`.segment` (tokens), :mod:`.keywords`, :mod:`.themes`, :mod:`.indicators` (a package),
              :mod:`.indices` (policy-attention word lists and counts), :mod:`.target_results` (targets of
              year Y against results of Y+1: indicator names, the status rule), :mod:`.growth`
              (GDP growth target and result of each report, the growth panel, its key scorer),
              :mod:`.sentence_lengths`
text          :mod:`.load` (with :mod:`.formats`, :mod:`.formats_pdf`, :mod:`.formats_docx`,
              :mod:`.formats_html` and :mod:`.conversion` for PDF, Word and web pages), :mod:`.clean`,
              :mod:`.structure`, :mod:`.metadata`, :mod:`.prepare` (all of them, once)
base          :mod:`.paths`, :mod:`.input_formats` (every input format: suffixes, detector, converter),
              :mod:`.errors`, :mod:`.cache`, :mod:`.lexicon` (every file under ``data/``), :mod:`.analyses` (every
              analysis of a report: subcommand, function, outputs, notebook, corpus table; and every corpus
              table; functions named as ``"module:function"``, so it imports none)
============  ===============================================================================

Names follow one scheme, so a user can guess them (as quanteda's ``tokens_*``, ``dfm_*``):

- ``load_*`` reads a file (:func:`load_report`, :func:`load_themes`); :func:`prepare_report` loads,
  cleans and structures one, cached; :func:`clean_text`, :func:`parse_structure` do one step each;
- ``extract_*`` finds things in the text: one row per thing found (:func:`extract_indicators`,
  :func:`extract_quantities`); :func:`report_tokens` cuts the report into tokens;
- ``*_table`` summarises: one row per unit (:func:`keyword_table` per term, :func:`token_table` per token
  type with flags, :func:`theme_table` per paragraph); :func:`corpus_frequency` counts over many reports;
- ``learn_*`` builds a shipped data file from a folder of reports (:func:`learn_policy_terms`,
  :func:`learn_theme_words`; ``make learn``); :func:`evaluate_leave_one_out` (themes) and
  :func:`evaluate_policy_terms` score a report without learning from it; ``indicator_*`` are views of the
  indicator table (:func:`indicator_targets`,
  :func:`indicator_pairs`); :func:`keyness`, :func:`kwic` and :func:`cooccurrence` as in quanteda;
- a grouping argument is always ``by`` (``"sentence"``, ``"paragraph"``, ``"section"``, ``"part"``).

Command line: ``python -m helpers <stage> REPORT -o OUT`` (``python -m helpers --help``).
Every name is imported on first use (``_LAZY``: each analysis's names from its registry entry, then those of the
other modules), so ``import helpers`` stays quick (pandas is not imported with it: the render's process starts its
kernels before that).
"""
from importlib import import_module

from .analyses import ANALYSES

#: Names imported on first use, by module: each analysis's from the registry (its entry's ``exports``), then those of
#: modules that are not one analysis.
_LAZY = {name: a.module for a in ANALYSES.values() for name in a.exports} | {
    name: f"helpers.{module}" for module, names in {
        "clean": ("RULES", "clean_text", "list_rules"),
        "errors": ("ParameterError", "ReportError"),
        "load": ("Report", "load_report"),
        "prepare": ("Prepared", "prepare_report", "prepare_corpus", "prepare_reports", "corpus_files"),
        "structure": ("Structure", "parse_structure", "split_sentences"),
        "segment": ("report_tokens", "learn_policy_terms", "evaluate_policy_terms"),
        "params": ("open_report",),
        "corpus": ("build_corpus", "read_corpus", "open_corpus"),
        "indices": ("index_counts",),
        "target_results": ("targets_vs_results",),
        "growth": ("read_growth", "growth_panel", "score_growth_key"),
    }.items() for name in names}

__all__ = [*_LAZY]


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'helpers' has no attribute {name!r}")
