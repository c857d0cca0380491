"""The per-report work of a corpus (:func:`analyse_report`) and where its cached result lives (:func:`entry_path`).

The work — prepare the report, the rows of every analysis with a corpus table (read from the registry,
:func:`helpers.analyses.corpus_analyses`; nothing here names one), then what the tables across reports need of
it (sizes, indices, the targets set for its year, GDP growth) — is cached by the file's content hash, the
manifest's corrections and a fingerprint of the code and data, so a second run reads every report from the cache
and adding one report to a hundred costs one report's work.
"""
from __future__ import annotations

import ctypes
import gc
import hashlib
import tempfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from .. import cache
from ..analyses import corpus_analyses, corpus_rows
from ..growth import read_growth
from ..indices import index_counts, text_chars, word_tokens
from ..paths import DATA_DIR, RAW_DIR
from ..prepare import Prepared, prepare_report
from ..segment import report_tokens
from ..target_results import year_targets

CACHE_KIND = "corpus-report"


@dataclass
class ReportResult:
    """What one report contributes to the corpus tables (small: no tokens)."""

    file: str
    row: dict[str, Any]
    #: The report's rows of each table written report by report, by key: every analysis's corpus table
    #: (:func:`helpers.analyses.corpus_analyses`) and ``indices``.
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    growth: dict[str, Any] = field(default_factory=dict)  # GDP growth target and last year's growth (helpers.growth)


@dataclass(frozen=True)
class Task:
    """One report to analyse: its name, where it is, its bytes' hash and the manifest's year/place."""

    file: str
    path: str
    sha256: str
    year: int | None = None
    place: str | None = None
    data: bytes | None = None  # sent along to remote workers that may not see the file

    @property
    def key(self) -> str:
        return f"{self.sha256}|{self.file}|year={self.year}|place={self.place}"


@lru_cache(maxsize=1)
def _data() -> list[Path]:
    """The data files a report's result depends on (every file under data/ but data/raw/); its code is derived."""
    return [p for p in sorted(DATA_DIR.rglob("*")) if p.is_file() and RAW_DIR not in p.parents]


def entry_path(task: Task) -> Path:
    """Where the cached result of ``task`` lives: by content hash and corrections (``task.key``), the code of this
    worker and every helpers module it imports (derived, :func:`helpers.cache.code_files`) and the data files."""
    return cache.entry(CACHE_KIND, task.key, code=__name__, data=_data())


def analyse_report(task: Task) -> ReportResult:
    """The per-report work of one report (the module docstring).

    Never raises for a bad report: the error goes into ``row["error"]`` (one line) so one bad file does
    not stop a corpus.
    """
    try:
        path = Path(task.path)
        if path.is_file() and (task.data is None or hashlib.sha256(path.read_bytes()).hexdigest() == task.sha256):
            return _analyse(task, path, use_cache=True)
        with tempfile.TemporaryDirectory() as tmp:  # a remote worker that does not see the file
            local = Path(tmp) / task.file
            local.write_bytes(task.data or b"")
            return _analyse(task, local, use_cache=False)
    except Exception as exc:  # noqa: BLE001 - reported per report, the corpus goes on
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return ReportResult(task.file, {"file": task.file, "sha256": task.sha256, "source": task.path,
                                        "error": message if message.startswith(task.file) or "/" in message else f"{task.file}: {message}"})
    finally:
        _release_memory()


def _analyse(task: Task, path: Path, use_cache: bool) -> ReportResult:
    prepared = prepare_report(path, use_cache=use_cache, year=task.year, place=task.place)
    meta = prepared.metadata
    sources = "; ".join(f"{k}: {v}" for k, v in meta.sources.items() if k in ("place", "level", "year", "title", "date"))
    row = {"file": task.file, "place": meta.place, "level": meta.level, "year": meta.year, "title": meta.title,
           "date": meta.date, "sha256": task.sha256, "source": task.path, "inferred_from": sources,
           "text_sha256": hashlib.sha256(prepared.text.encode("utf-8")).hexdigest(),
           "warnings": " | ".join(meta.warnings), "error": ""}
    tables = {}
    for a in corpus_analyses():
        rows = tables[a.corpus.key] = corpus_rows(a, prepared)
        if a.corpus.total:  # a column of reports.csv: the number of rows, or the sum of one of their columns
            name, column = a.corpus.total
            row[name] = int(rows[column].sum()) if column else len(rows)
    growth = _across_reports(prepared, row, tables)
    return ReportResult(task.file, row, tables, growth)


def _across_reports(prepared: Prepared, row: dict[str, Any], tables: dict[str, pd.DataFrame]) -> dict[str, Any]:
    """What the tables across reports (:data:`helpers.analyses.CROSS_REPORT_TABLES`) need of one report: its size in
    characters and word tokens and the targets it sets for its year (``reports.csv``; targets vs results reads the
    ``indicators`` rows), its rows of ``indices``; returns its GDP growth target and result (``growth_targets``)."""
    meta = prepared.metadata
    n_words = word_tokens(report_tokens(prepared.structure).tokens.token)
    row.update(chars=text_chars(prepared.text), tokens=n_words, targets=len(year_targets(tables["indicators"], meta.year)))
    tables["indices"] = index_counts(prepared.text, n_words)
    return read_growth(prepared.structure.paragraphs.text.tolist(), meta.year, meta.level == "national").as_row()


def _release_memory() -> None:
    """Give the memory of a finished report back to the system (glibc keeps freed blocks otherwise)."""
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass

