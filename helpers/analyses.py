"""The one registry of analyses of a single report, and of the tables of a corpus.

An :class:`Analysis` entry says everything the package needs to know about one analysis:

- ``name``: the subcommand (``python -m helpers NAME REPORT -o OUT``) and ``help`` its one-line help;
- ``run``: the function ``(prepared report, **options) -> (table or text, summary line)``, what the subcommand
  writes to ``OUT`` (a text is written with the cleaning log beside it); ``options`` its extra command line arguments;
- ``outputs`` and ``notebook``: the files its notebook writes in a render (:data:`helpers.outputs.OUTPUTS` is built
  from them);
- ``corpus``: its table in a corpus folder (:class:`CorpusTable`): the rows of each report are the subcommand's table
  (or those of the table's own ``rows`` function), computed in the cached per-report worker of :mod:`helpers.corpus`,
  each led by the report's ``file, place, level, year`` and written to the table's file, with no other code;
- ``exports``: the names of ``run``'s module that ``import helpers`` offers (imported on first use).

Functions are named as ``"helpers.module:function"`` strings and imported on use (:func:`resolve`), so this module
imports no analysis and sits on the base floor: :mod:`helpers.outputs`, ``helpers/__init__.py`` (its lazy names),
:mod:`helpers.cli` and :mod:`helpers.corpus` all read it. A module named in such a string is part of the code
fingerprint of a cache entry that depends on this registry (:func:`helpers.cache.code_files`).

The tables of a corpus no single analysis owns (the manifest, and the tables across reports: indices, targets
against results, GDP growth targets) are named here too, in :data:`CROSS_REPORT_TABLES`; :mod:`helpers.corpus`
computes them itself.

Adding an analysis is one module (such as :mod:`helpers.sentence_lengths`) and one entry in :data:`ANALYSES`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

from .errors import UnknownNameError

#: The report's own columns that lead each row of an analysis's corpus table (its ``year`` column may be renamed).
REPORT_KEYS = ("file", "place", "level", "year")


@dataclass(frozen=True)
class Option:
    """An extra command line argument of an analysis: argparse's flags and keyword arguments."""

    flags: tuple[str, ...]
    kwargs: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Output:
    """One output file of a report: its key, file name, what it holds and the notebook that writes it.

    In the registry an analysis lists its outputs without ``notebook`` (the entry's notebook is theirs):
    :data:`helpers.outputs.OUTPUTS` fills it in.
    """

    key: str
    filename: str
    description: str
    notebook: str = ""


@dataclass(frozen=True)
class CorpusTable:
    """One table of a corpus folder (``python -m helpers corpus … -o OUT``).

    ``columns`` names the list of the columns of each report's rows (``"module:NAME"``); an analysis's table is
    written with the report's ``file, place, level`` and ``year`` (named ``year_column``) before them. ``rows``
    (``"module:function"``, ``prepared -> DataFrame``) computes a report's rows when they are not the subcommand's
    table. ``total`` adds a column to ``reports.csv``: ``(name, column)``, the sum of the rows' ``column``, or their
    number when ``column`` is empty. ``parquet`` names the Arrow schema (``"module:function"``) when the table is
    also written as Parquet (the same name, ``.parquet``).
    """

    key: str
    filename: str
    description: str
    columns: str = ""
    rows: str = ""
    year_column: str = "year"
    total: tuple[str, ...] = ()
    parquet: str = ""

    @property
    def parquet_filename(self) -> str:
        """The Parquet file's name (``keyword_counts.csv`` → ``keyword_counts.parquet``)."""
        return self.filename.rsplit(".", 1)[0] + ".parquet"


@dataclass(frozen=True)
class Analysis:
    """One analysis of a report: subcommand, function, render outputs, notebook and corpus table (module docstring)."""

    name: str
    help: str
    run: str
    outputs: tuple[Output, ...] = ()
    notebook: str = ""
    corpus: CorpusTable | None = None
    options: tuple[Option, ...] = ()
    exports: tuple[str, ...] = ()

    @property
    def module(self) -> str:
        """The dotted name of the module of ``run`` (where :attr:`exports` are taken from)."""
        return self.run.partition(":")[0]


#: Every analysis of one report, in the order of the command line's help.
ANALYSES: dict[str, Analysis] = {a.name: a for a in [
    Analysis("clean", "clean a report: write the cleaned text to OUT and the change log to OUT's name + .changes.csv",
             "helpers.prepare:clean_stage", (
                 Output("extracted", "extracted.txt", "the text as read from the file (for PDF, Word and web pages: the conversion's output)"),
                 Output("cleaned", "cleaned.txt", "the cleaned text, one paragraph per line"),
                 Output("cleaning_log", "cleaning_log.csv", "every change cleaning made"),
             ), "01_clean_and_structure"),
    Analysis("structure", "parse a report's structure: write one row per sentence (with part/section/paragraph) to OUT.csv",
             "helpers.prepare:structure_stage", (
                 Output("paragraphs", "paragraphs.csv", "one row per paragraph with part and section"),
                 Output("sentences", "sentences.csv", "one row per sentence with part and section"),
             ), "01_clean_and_structure"),
    Analysis("metadata", "what the report is: write place, level, year, title, date, speaker and their sources to OUT.csv",
             "helpers.prepare:metadata_stage"),
    Analysis("indicators", "extract the quantitative indicators: write one row per indicator to OUT.csv (UTF-8)",
             "helpers.indicators.tables:indicators_stage", (
                 Output("indicators", "indicators.csv", "one row per quantitative indicator"),
                 Output("indicators_xlsx", "indicators.xlsx", "indicators, targets and pairs for Excel"),
             ), "02_indicators",
             CorpusTable("indicators", "indicators.csv", "every indicator with its report's place, level and year",
                         "helpers.indicators.tables:COLUMNS", year_column="report_year", total=("indicators", "")),
             exports=("extract_indicators", "extract_quantities", "indicator_targets", "indicator_pairs")),
    Analysis("keywords", "keyword frequencies: write term, count, share, doc_freq (sections), policy_term, discovered to OUT.csv; "
             "with --all every token type (and every policy term in the text, nested ones too) with term, count, "
             "occurrences, stopword, pos, policy_term, discovered, nested, nested_in",
             "helpers.keywords:keywords_stage", (
                 Output("keywords", "keywords.csv", "term frequencies"),
                 Output("tokens", "tokens.csv", "every token type with count, occurrences and flags (stopword, pos, policy term, discovered)"),
                 Output("keyness", "keyness.csv", "terms typical of one part against the rest"),
                 Output("kwic", "kwic.csv", "a term in its contexts"),
                 Output("discovered_terms", "discovered_terms.csv", "policy terms found in the report itself"),
             ), "03_keywords",
             CorpusTable("keyword_counts", "keyword_counts.csv", "report × term, long (also as Parquet)",
                         "helpers.keywords:KEYWORD_COUNT_COLUMNS", total=("keyword_tokens", "count"),
                         parquet="helpers.corpus.columns:keyword_schema"),
             options=(Option(("--all",), {"action": "store_true", "dest": "all_tokens",
                                          "help": "every token type, and every policy term in the text (nested ones too), "
                                                  "with flags (term, count, occurrences, stopword, pos, policy_term, "
                                                  "discovered, nested, nested_in)"}),),
             exports=("keyword_table", "keyword_table_by", "keyness", "kwic", "cooccurrence", "cooccurrence_pairs",
                      "token_table", "corpus_frequency")),
    Analysis("themes", "theme scores: one row per paragraph (part, section, paragraph_id, text, theme, a score per theme) to OUT.csv",
             "helpers.themes:themes_stage", (
                 Output("themes", "themes.csv", "theme scores per paragraph"),
                 Output("theme_confusion", "theme_confusion.csv", "paragraph themes against section themes"),
             ), "04_themes",
             CorpusTable("themes", "theme_shares.csv", "theme hits and shares per report and per part",
                         "helpers.themes:THEME_SHARE_COLUMNS", rows="helpers.themes:theme_share_rows"),
             exports=("load_themes", "theme_table", "theme_model", "learn_theme_words", "theme_shares", "validate_themes",
                      "validate_structure", "evaluate_leave_one_out")),
    Analysis("sentence-lengths", "sentence lengths: number of sentences and their mean, median, 90th percentile and longest "
             "length in characters, for the report and each part, to OUT.csv",
             "helpers.sentence_lengths:sentence_lengths",
             corpus=CorpusTable("sentence_lengths", "sentence_lengths.csv", "sentence counts and lengths per report and part",
                                "helpers.sentence_lengths:COLUMNS"),
             exports=("sentence_length_table",)),
]}

#: The corpus tables no single analysis owns, computed by :mod:`helpers.corpus` itself: the manifest, and the
#: tables across reports. :func:`corpus_tables` gives them with the analyses' tables, in the order of the files.
CROSS_REPORT_TABLES: tuple[CorpusTable, ...] = (
    CorpusTable("reports", "reports.csv", "one row per report: the manifest, sizes, warnings, errors"),
    CorpusTable("manifest", "manifest.csv", "file, place, level, year, title, date, sha256, source (edit and pass back)"),
    CorpusTable("indices", "indices.csv", "file, index, count, per_10k_chars, token_share"),
    CorpusTable("targets_vs_results", "targets_vs_results.csv", "each target matched with the next report's result"),
    CorpusTable("growth_targets", "growth_targets.csv", "one row per place and year: GDP growth target, next report's result, status"),
)


def corpus_tables() -> dict[str, CorpusTable]:
    """Every table of a corpus folder by key: the manifest (``reports``, ``manifest``), each analysis's table in
    registry order, then the tables across reports."""
    own = [a.corpus for a in ANALYSES.values() if a.corpus is not None]
    return {t.key: t for t in [*CROSS_REPORT_TABLES[:2], *own, *CROSS_REPORT_TABLES[2:]]}


def analysis(name: str) -> Analysis:
    """The analysis named ``name``; a one-line :class:`helpers.errors.UnknownNameError` naming the known ones otherwise."""
    if name not in ANALYSES:
        raise UnknownNameError("analysis", name, ANALYSES)
    return ANALYSES[name]


def corpus_analyses() -> list[Analysis]:
    """The analyses with a corpus table, in registry order."""
    return [a for a in ANALYSES.values() if a.corpus is not None]


def corpus_rows(a: Analysis, prepared: Any) -> Any:
    """The rows a prepared report gives the corpus table of analysis ``a``: those of the table's ``rows`` function, else
    the subcommand's table, in the table's own columns (without the report's; :mod:`helpers.corpus` adds them)."""
    table = a.corpus
    if table is None:
        raise UnknownNameError("analysis with a corpus table", a.name, [c.name for c in corpus_analyses()])
    rows = resolve(table.rows)(prepared) if table.rows else resolve(a.run)(prepared)[0]
    return rows[list(resolve(table.columns))].reset_index(drop=True)


def resolve(named: str) -> Any:
    """What ``"helpers.module:name"`` names, imported on first use; a one-line error when there is no such thing."""
    module, _, attr = named.partition(":")
    try:
        return getattr(import_module(module), attr)
    except (ImportError, AttributeError) as exc:
        if isinstance(exc, ImportError) and exc.name not in (None, module):
            raise  # the module exists but one of its own imports is missing: that error says more
        missing = f"no module {module}" if isinstance(exc, ImportError) else f"module {module} has no {attr!r}"
        raise UnknownNameError("function", named, (), missing) from None
