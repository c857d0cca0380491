"""The one registry of analyses of a single report: each entry is a command line subcommand, its function,
the files a render writes for it, its notebook and its corpus table.

An :class:`Analysis` entry says:

- ``name``: the subcommand (``python -m helpers NAME REPORT -o OUT``) and ``help`` its one-line help;
- ``run``: ``(prepared report, **options) -> (table or text, summary line)``, what the subcommand writes to
  ``OUT`` (a text is written with the cleaning log beside it); ``options`` its extra command line arguments;
- ``outputs`` and ``notebook``: the keys of :data:`helpers.outputs.OUTPUTS` its notebook writes in a render;
- ``corpus_table``: the corpus table the report's rows go to (a key of :data:`helpers.outputs.CORPUS_OUTPUTS`
  for the tables :mod:`helpers.corpus` builds itself); with ``corpus_rows`` (``prepared -> rows``) and
  ``corpus_columns``, :mod:`helpers.corpus` computes the rows in its per-report worker, prefixes each with the
  report's ``file, place, level, year`` and writes ``<corpus_table>.csv`` with no other code.

:mod:`helpers.cli` reads this table for its per-report subcommands and their help; adding an analysis is one
module (such as :mod:`helpers.sentence_lengths`) and one entry here.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

import pandas as pd

from .indicators import extract_indicators
from .keywords import keyword_table, token_table
from .prepare import Prepared
from .segment import report_tokens
from .sentence_lengths import COLUMNS as SENTENCE_LENGTH_COLUMNS
from .sentence_lengths import sentence_length_table, sentence_lengths
from .themes import theme_table

Result = tuple[pd.DataFrame | str, str]


@dataclass(frozen=True)
class Option:
    """An extra command line argument of an analysis: argparse's flags and keyword arguments."""

    flags: tuple[str, ...]
    kwargs: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Analysis:
    """One analysis of a report: subcommand, function, render outputs, notebook and corpus table (module docstring)."""

    name: str
    help: str
    run: Callable[..., Result]
    outputs: tuple[str, ...] = ()
    notebook: str = ""
    corpus_table: str = ""
    corpus_rows: Callable[[Prepared], pd.DataFrame] | None = None
    corpus_columns: tuple[str, ...] = ()
    options: tuple[Option, ...] = ()


def _clean(p: Prepared) -> Result:
    return p.text, f"{len(p.text)} characters, {len(p.log)} changes"


def _structure(p: Prepared) -> Result:
    s = p.structure
    return s.sentences, f"{len(s.paragraphs)} paragraphs, {len(s.sentences)} sentences" + "".join(f"; {n}" for n in s.notes)


def _metadata(p: Prepared) -> Result:
    m = p.metadata
    return pd.DataFrame([m.as_row()]), f"{m.place or 'place unknown'}, {m.level}, {m.year or 'year unknown'}"


def _indicators(p: Prepared) -> Result:
    table = extract_indicators(p.structure, year=p.year)
    return table, f"{len(table)} indicators ({(table.kind == 'target').sum()} targets)"


def _keywords(p: Prepared, all_tokens: bool = False) -> Result:
    seg = report_tokens(p.structure)
    if all_tokens:
        table = token_table(seg.tokens, "\n".join(p.structure.sentences.text), discovered=seg.discovered)
        return table, f"{len(table)} token types (every token, with flags); {len(seg.discovered)} terms discovered"
    table = keyword_table(seg.tokens, discovered=seg.discovered)
    return table, f"{len(table)} terms; {len(seg.discovered)} terms discovered in the report"


def _themes(p: Prepared) -> Result:
    table = theme_table(p.structure)
    return table, f"{len(table)} paragraphs, {int((table.theme != '').sum())} with a theme"


#: Every analysis of one report, in the order of the command line's help.
ANALYSES: dict[str, Analysis] = {a.name: a for a in [
    Analysis("clean", "clean a report: write the cleaned text to OUT and the change log to OUT's name + .changes.csv",
             _clean, ("extracted", "cleaned", "cleaning_log"), "01_clean_and_structure"),
    Analysis("structure", "parse a report's structure: write one row per sentence (with part/section/paragraph) to OUT.csv",
             _structure, ("paragraphs", "sentences"), "01_clean_and_structure"),
    Analysis("metadata", "what the report is: write place, level, year, title, date, speaker and their sources to OUT.csv",
             _metadata, corpus_table="reports"),
    Analysis("indicators", "extract the quantitative indicators: write one row per indicator to OUT.csv (UTF-8)",
             _indicators, ("indicators", "indicators_xlsx"), "02_indicators", corpus_table="indicators"),
    Analysis("keywords", "keyword frequencies: write term, count, share, doc_freq (sections), policy_term, discovered to OUT.csv; "
             "with --all every token type (and every policy term in the text, nested ones too) with term, count, "
             "occurrences, stopword, pos, policy_term, discovered, nested, nested_in",
             _keywords, ("keywords", "tokens", "keyness", "kwic", "discovered_terms"), "03_keywords",
             corpus_table="keyword_counts",
             options=(Option(("--all",), {"action": "store_true", "dest": "all_tokens",
                                          "help": "every token type, and every policy term in the text (nested ones too), "
                                                  "with flags (term, count, occurrences, stopword, pos, policy_term, "
                                                  "discovered, nested, nested_in)"}),)),
    Analysis("themes", "theme scores: one row per paragraph (part, section, paragraph_id, text, theme, a score per theme) to OUT.csv",
             _themes, ("themes", "theme_confusion"), "04_themes", corpus_table="themes"),
    Analysis("sentence-lengths", "sentence lengths: number of sentences and their mean, median, 90th percentile and longest "
             "length in characters, for the report and each part, to OUT.csv",
             sentence_lengths, corpus_table="sentence_lengths",
             corpus_rows=lambda p: sentence_length_table(p.structure), corpus_columns=tuple(SENTENCE_LENGTH_COLUMNS)),
]}


def analysis(name: str) -> Analysis:
    """The analysis named ``name``; a one-line ``KeyError`` naming the known ones otherwise."""
    if name not in ANALYSES:
        raise KeyError(f"unknown analysis {name!r}; known: {', '.join(ANALYSES)}")
    return ANALYSES[name]


def corpus_analyses() -> list[Analysis]:
    """The analyses whose corpus table is computed from the registry (``corpus_rows``), in registry order."""
    return [a for a in ANALYSES.values() if a.corpus_rows is not None]
