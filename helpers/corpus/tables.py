"""The corpus tables: :func:`build_corpus` writes them, :func:`read_corpus` and :func:`keyword_counts` read them.

:func:`build_corpus` (``python -m helpers corpus DIR_OR_FILES... -o OUT``) writes the tables of
:data:`helpers.outputs.CORPUS_OUTPUTS` without any Jupyter kernel. Only reports not in the cache are
analysed (:mod:`helpers.corpus.worker`, run by :mod:`helpers.corpus.executors`). The tables are then
written in file-name order by streaming one cached report at a time: memory does not grow with the
number of reports (tokens are never kept; only the small indicator columns that targets-vs-results needs are).

Each analysis's table is written from its registry entry (:func:`helpers.analyses.corpus_analyses`: file, columns,
Parquet schema), with no code here for any one of them; the tables across reports
(:data:`helpers.analyses.CROSS_REPORT_TABLES`: reports and manifest, indices, GDP growth targets, targets vs results)
are built here.
"""
from __future__ import annotations

import csv
import hashlib
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import pandas as pd

from .. import cache
from ..analyses import corpus_analyses, resolve
from ..errors import OneLineError, ParameterError, ReportError
from ..growth import growth_panel
from ..outputs import CORPUS_OUTPUTS, corpus_path
from ..paths import as_given, resolve_path
from ..prepare import duplicate_of
from ..target_results import targets_vs_results
from . import executors, worker
from .columns import INDEX_COLUMNS, MANIFEST_COLUMNS, NUMBER_COLUMNS, REPORT_COLUMNS, TVR_KEEP, table_columns
from .discovery import corpus_files, default_manifest, read_manifest
from .worker import CACHE_KIND, ReportResult, Task, entry_path


@dataclass
class CorpusSummary:
    """What :func:`build_corpus` did: the folder, the reports, how many were computed, failures, tables."""

    output: Path
    reports: int
    computed: int
    failed: list[str]
    files: dict[str, Path]
    status: dict[str, int] = field(default_factory=dict)
    growth: dict[str, int] = field(default_factory=dict)  # growth_targets.csv rows by status


class _Writer:
    """Appends tables to a CSV (and optionally a Parquet file of the Arrow ``schema()``) one report at a time."""

    def __init__(self, path: Path, columns: list[str], parquet: Path | None = None, schema: Any = None) -> None:
        self.path, self.columns, self.parquet, self.schema = path, columns, parquet, schema
        self.handle = path.open("w", encoding="utf-8", newline="")
        csv.writer(self.handle).writerow(columns)
        self.pq_writer = None
        self.buffer: list[pd.DataFrame] = []
        self.buffered = 0

    def write(self, table: pd.DataFrame) -> None:
        if table.empty:
            return
        table = table[self.columns]
        table.to_csv(self.handle, header=False, index=False)
        if self.parquet is not None:
            self.buffer.append(table)
            self.buffered += len(table)
            if self.buffered >= 200_000:
                self._flush()

    def _flush(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        if not self.buffer:
            return
        batch = pd.concat(self.buffer, ignore_index=True)
        batch["year"] = pd.array(batch["year"], dtype="Int64")
        arrow = pa.Table.from_pandas(batch, preserve_index=False, schema=self.schema())
        if self.pq_writer is None:
            self.pq_writer = pq.ParquetWriter(str(self.parquet), arrow.schema)
        self.pq_writer.write_table(arrow)
        self.buffer, self.buffered = [], 0

    def close(self) -> None:
        self.handle.close()
        if self.parquet is not None:
            self._flush()
            if self.pq_writer is None:  # no rows at all: an empty file with the schema
                import pyarrow.parquet as pq

                pq.write_table(self.schema().empty_table(), str(self.parquet))
            else:
                self.pq_writer.close()


def _tasks(files: list[Path], corrections: dict[str, dict[str, Any]], send_data: bool) -> list[Task]:
    tasks = []
    for f in files:
        data = f.read_bytes()
        fix = corrections.get(f.name, {})
        tasks.append(Task(f.name, str(f.resolve()), hashlib.sha256(data).hexdigest(), fix.get("year"), fix.get("place"),
                          data if send_data else None))
    return tasks


def _apply_corrections(row: dict[str, Any], fix: dict[str, Any], sha256: str) -> dict[str, Any]:
    row = {**row, "sha256": sha256}
    for key, value in fix.items():
        row[key] = value
    row["corrected"] = ", ".join(k for k in MANIFEST_COLUMNS if k in fix)
    return row


def build_corpus(inputs: str | Path | Iterable[str | Path], output: str | Path, manifest: str | Path | None = None,
                 executor: str = "local", jobs: int | None = None, scheduler: str | None = None,
                 progress: bool = True, dask_processes: bool = True) -> CorpusSummary:
    """Write the corpus tables of the reports in ``inputs`` to the folder ``output`` (see the module docstring).

    ``manifest``: a CSV of hand corrections (default: ``manifest.csv`` in the corpus folder, if any).
    ``executor``: ``"local"`` (processes on this machine, ``jobs`` of them, default: the cores) or
    ``"dask"`` (``scheduler`` an address such as ``tcp://10.0.0.5:8786``; without one a ``LocalCluster``
    of ``jobs`` workers). Only reports not in the cache are computed.
    """
    if executor not in executors.EXECUTORS:
        raise ParameterError("executor", executor, f"must be one of {', '.join(executors.EXECUTORS)}")
    if executor == "dask" and not executors.dask_available():
        raise OneLineError(executors.DASK_MISSING)
    files = corpus_files(inputs)
    corrections = read_manifest(manifest if manifest is not None else default_manifest(inputs))
    out = resolve_path(output)
    out.mkdir(parents=True, exist_ok=True)
    jobs = jobs or os.cpu_count() or 1
    tasks = _tasks(files, corrections, send_data=executor == "dask" and bool(scheduler))
    todo = [t for t in tasks if not entry_path(t).is_file()]
    cache.STATS[(CACHE_KIND, "hit")] += len(tasks) - len(todo)
    cache.STATS[(CACHE_KIND, "miss")] += len(todo)
    kept: dict[str, ReportResult] = {}  # only when the cache cannot be written (a read-only checkout)
    if todo:
        results = executors.dask_map(worker.analyse_report, todo, jobs, scheduler, dask_processes) if executor == "dask" else executors.local_map(worker.analyse_report, todo, jobs)
        bar = _progress(len(todo), progress)
        by_file = {t.file: t for t in todo}
        for res in results:
            path = entry_path(by_file[res.file])
            if not res.row.get("error"):
                cache.write(path, res)
            if res.row.get("error") or not path.is_file():
                kept[res.file] = res
            bar.update(1)
        bar.close()
    return _write_tables(tasks, corrections, kept, out, len(todo))


def _progress(total: int, show: bool):
    from tqdm.auto import tqdm

    return tqdm(total=total, desc="reports", unit="report", disable=not show or total < 2, file=sys.stderr)


def _result(task: Task, kept: dict[str, ReportResult]) -> ReportResult:
    if task.file in kept:
        return kept[task.file]
    hit = cache.read(entry_path(task))
    if isinstance(hit, ReportResult):
        return hit
    res = worker.analyse_report(task)  # a damaged entry: computed again here
    if not res.row.get("error"):
        cache.write(entry_path(task), res)
    return res


def _write_tables(tasks: list[Task], corrections: dict[str, dict[str, Any]], kept: dict[str, ReportResult],
                  out: Path, computed: int) -> CorpusSummary:
    names = {k: corpus_path(out, k) for k in CORPUS_OUTPUTS}
    # the tables written report by report: every analysis's (from the registry), and the indices
    tables = [a.corpus for a in corpus_analyses()]
    writers = {t.key: _Writer(names[t.key], table_columns(t), names.get(f"{t.key}_parquet"),
                              resolve(t.parquet) if t.parquet else None) for t in tables}
    writers["indices"] = _Writer(names["indices"], INDEX_COLUMNS)
    years = {t.key: t.year_column for t in tables}
    rows: list[dict[str, Any]] = []
    small: list[pd.DataFrame] = []
    growth: list[dict[str, Any]] = []
    failed: list[str] = []
    try:
        for task in tasks:
            res = _result(task, kept)
            # the path as given (relative to the working folder), not the absolute one the workers read
            given = {**res.row, "source": as_given(task.path)}
            row = _apply_corrections(given, corrections.get(task.file, {}), task.sha256)
            rows.append(row)
            if row.get("error"):
                failed.append(row["error"])
                continue
            for key, writer in writers.items():
                writer.write(res.tables.get(key, pd.DataFrame()).assign(
                    file=task.file, place=row["place"], level=row["level"], **{years.get(key, "year"): row["year"]}))
            # targets vs results, across reports: the targets and results among the report's indicators
            indicators = res.tables["indicators"]
            keep = indicators[indicators.kind.isin(["target", "actual"])].assign(file=task.file)[TVR_KEEP]
            keep.loc[keep.kind != "target", "sentence"] = ""
            small.append(keep)
            growth.append({"file": task.file, **res.growth})
    finally:
        for w in writers.values():
            w.close()
    reports = pd.DataFrame(rows).reindex(columns=REPORT_COLUMNS)
    reports["year"] = pd.array(reports["year"], dtype="Int64")
    reports["duplicate_of"] = duplicate_of(reports.file, (h if isinstance(h, str) else "" for h in reports.text_sha256))
    reports = reports.fillna({c: "" for c in REPORT_COLUMNS if c != "year" and c not in NUMBER_COLUMNS})
    reports.to_csv(names["reports"], index=False, encoding="utf-8")
    reports[MANIFEST_COLUMNS].to_csv(names["manifest"], index=False, encoding="utf-8")
    indicator_rows = pd.concat(small, ignore_index=True) if small else pd.DataFrame(columns=TVR_KEEP)
    usable = reports[(reports.error == "") & (reports.duplicate_of == "")]
    panel = growth_panel(pd.DataFrame(growth, columns=["file"] if not growth else None), usable)
    panel.to_csv(names["growth_targets"], index=False, encoding="utf-8")
    tvr = targets_vs_results(indicator_rows, usable, growth=panel)
    tvr.to_csv(names["targets_vs_results"], index=False, encoding="utf-8")
    status = tvr.status.value_counts().to_dict()
    return CorpusSummary(out, len(tasks), computed, failed, names, {k: int(v) for k, v in status.items()},
                         {k: int(v) for k, v in panel.status.value_counts().items()})


@dataclass
class CorpusTables:
    """The tables of a corpus folder, read back (keyword counts stay on disk: :func:`keyword_counts`)."""

    folder: Path
    reports: pd.DataFrame
    themes: pd.DataFrame
    indicators: pd.DataFrame
    indices: pd.DataFrame
    targets_vs_results: pd.DataFrame
    growth_targets: pd.DataFrame = field(default_factory=pd.DataFrame)


def usable_reports(reports: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``reports.csv`` that comparisons use: read without error and not a duplicate of another text."""
    return reports[(reports.error.fillna("") == "") & (reports.duplicate_of.fillna("") == "")]


def read_corpus(folder: str | Path) -> CorpusTables:
    """Read the tables :func:`build_corpus` wrote to ``folder`` (one-line error when one is missing)."""
    folder = resolve_path(folder)
    tables = {}
    for key in ("reports", "themes", "indicators", "indices", "targets_vs_results"):
        p = corpus_path(folder, key)
        if not p.is_file():
            raise ReportError(p, "missing: run python -m helpers corpus first")
        tables[key] = pd.read_csv(p, dtype={"value": str, "year": str} if key == "indicators" else None,
                                  keep_default_na=key == "targets_vs_results")
    growth = corpus_path(folder, "growth_targets")  # absent from corpus folders written before it existed
    tables["growth_targets"] = pd.read_csv(growth, keep_default_na=False, na_values=[""]) if growth.is_file() else pd.DataFrame()
    tables["reports"]["year"] = pd.to_numeric(tables["reports"]["year"], errors="coerce").astype("Int64")
    for key in ("themes", "indices"):
        tables[key]["year"] = pd.to_numeric(tables[key]["year"], errors="coerce").astype("Int64")
    return CorpusTables(folder, **tables)


def keyword_counts(folder: str | Path, files: list[str] | None = None, terms: list[str] | None = None) -> pd.DataFrame:
    """Keyword counts (report × term, long) from the Parquet file, only the ``files`` and ``terms`` asked for."""
    import pyarrow.parquet as pq

    filters = []
    if files is not None:
        filters.append(("file", "in", list(files)))
    if terms is not None:
        filters.append(("term", "in", list(terms)))
    table = pq.read_table(str(corpus_path(folder, "keyword_counts_parquet")), filters=filters or None)
    return table.to_pandas()
