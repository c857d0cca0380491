"""A corpus: many reports as panel tables — per report, per term, per theme, per indicator, per index.

A corpus is any folder (or list) of report files plus a **manifest** (``file, place, level, year,
title, date, sha256, source``) built from each report's metadata (:mod:`helpers.metadata`). The
manifest can be corrected by hand: copy ``manifest.csv`` from an output folder next to the reports (or
anywhere, and pass ``--manifest``), fix a cell, run again — a non-empty corrected cell wins over what
was inferred (a corrected ``year`` or ``place`` also sets the year the report's indicators refer to).
Columns a manifest may add (``source_repo``/``source_path`` as in ``data/corpus/MANIFEST.csv``)
are read for ``source``; others are ignored.

:func:`build_corpus` (``python -m helpers corpus DIR_OR_FILES... -o OUT``) writes the tables of
:data:`helpers.outputs.CORPUS_OUTPUTS` without any Jupyter kernel. The per-report work
(:func:`analyse_report`: clean, structure, segment, keywords, themes, indicators, indices) is cached
by the file's content hash, the manifest's corrections and a fingerprint of the code and data, so a
second run reads every report from the cache and adding one report to a hundred costs one report's
work. Reports run in local processes (``executor="local"``) or on a Dask cluster
(``executor="dask"``, the optional ``dask`` extra). The tables are then written in file-name order by
streaming one cached report at a time: memory does not grow with the number of reports (tokens are
never kept; only the small indicator columns that targets-vs-results needs are).
"""
from __future__ import annotations

import csv
import ctypes
import gc
import hashlib
import os
import re
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from functools import lru_cache
from multiprocessing import get_context
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

import pandas as pd

from . import cache
from .errors import OneLineError, ParameterError, ReportError
from .growth import GrowthScore, growth_panel, read_growth, read_growth_key, score_growth_key
from .indicators import COLUMNS as INDICATOR_COLUMNS
from .indicators import extract_indicators
from .keywords import _chi2, _chi2_sf, _g2, keyword_table
from .outputs import CORPUS_DIR, CORPUS_OUTPUTS, corpus_path
from .params import RULES, check_notebook_names
from .panel import (
    canonical_name, index_counts, load_names, targets_vs_results, text_chars, word_tokens, year_targets,
)
from .paths import (
    DATA_DIR, DEFAULT_OUTPUT_DIR, PROJECT_ROOT, RAW_DIR, as_given, refuse_raw_output, report_files, resolve_path,
)
from .prepare import prepare_report
from .segment import report_tokens
from .themes import load_themes, theme_table

MANIFEST_COLUMNS = ["file", "place", "level", "year", "title", "date", "sha256", "source"]
REPORT_COLUMNS = [*MANIFEST_COLUMNS, "inferred_from", "corrected", "chars", "tokens", "keyword_tokens", "indicators",
                  "targets", "text_sha256", "duplicate_of", "warnings", "error"]
KEYWORD_COLUMNS = ["file", "place", "level", "year", "term", "count", "share", "policy_term", "discovered"]
THEME_COLUMNS = ["file", "place", "level", "year", "by", "part", "part_title", "theme", "label", "hits", "share"]
INDEX_COLUMNS = ["file", "index", "count", "per_10k_chars", "token_share", "place", "level", "year"]
CORPUS_INDICATOR_COLUMNS = ["file", "place", "level", "report_year", *INDICATOR_COLUMNS]
#: Indicator columns kept in memory for targets vs results (the sentence only for targets: ranges).
_TVR_KEEP = ["file", "indicator", "value", "unit", "value_base", "unit_base", "year", "kind", "measure", "qualifier",
             "sentence_id", "sentence"]
EXECUTORS = ("local", "dask")
CACHE_KIND = "corpus-report"
DASK_MISSING = "--executor dask needs the optional dask extra: pip install -e '.[dask]' (or use --executor local)"


# --------------------------------------------------------------------------- files and manifest


def corpus_files(inputs: str | Path | Iterable[str | Path] = RAW_DIR) -> list[Path]:
    """The report files of a corpus: each folder's reports (text, PDF, Word, web pages) and each file given, by name.

    One-line errors: a path that does not exist, a corpus with no report, two reports with one file name.
    """
    items = [inputs] if isinstance(inputs, (str, Path)) else list(inputs)
    files: list[Path] = []
    for item in items:
        p = resolve_path(item)
        if p.is_dir():
            files.extend(report_files(p))
        elif p.is_file():
            files.append(p)
        else:
            raise ReportError(item, "no such file or folder")
    if not files:
        raise OneLineError(f"{', '.join(map(str, items))}: no report files (.txt, .pdf, .docx, .html) in the corpus")
    seen: dict[str, Path] = {}
    for f in files:
        if f.name in seen and seen[f.name].resolve() != f.resolve():
            raise ReportError(f, f"two reports are named {f.name} ({seen[f.name]}); rename one")
        seen[f.name] = f
    return sorted(seen.values(), key=lambda f: f.name)


def default_manifest(inputs: str | Path | Iterable[str | Path]) -> Path | None:
    """The manifest (named as the one :func:`build_corpus` writes) in the (first) corpus folder, when there is one."""
    items = [inputs] if isinstance(inputs, (str, Path)) else list(inputs)
    for item in items:
        p = resolve_path(item)
        if p.is_dir() and (p / CORPUS_OUTPUTS["manifest"]).is_file():
            return p / CORPUS_OUTPUTS["manifest"]
    return None


def read_manifest(path: str | Path | None) -> dict[str, dict[str, Any]]:
    """Hand corrections by file name: the non-empty cells of a manifest CSV (``file`` column required)."""
    if path is None:
        return {}
    p = resolve_path(path)
    if not p.is_file():
        raise ReportError(path, "no such manifest file")
    try:
        table = pd.read_csv(p, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise ReportError(path, f"not a UTF-8 CSV manifest ({str(exc).splitlines()[0]})") from None
    if "file" not in table.columns:
        raise ReportError(path, f"a manifest needs a 'file' column; it has {', '.join(table.columns)}")
    out: dict[str, dict[str, Any]] = {}
    for i, row in enumerate(table.to_dict("records"), start=2):
        fix = {k: str(v).strip() for k, v in row.items() if k in MANIFEST_COLUMNS and k not in ("file", "sha256") and str(v).strip()}
        if "source" not in fix and row.get("source_repo"):
            fix["source"] = f"{row['source_repo']}/{row.get('source_path', '')}".rstrip("/")
        if "year" in fix:
            if not re.fullmatch(r"(19|20)\d{2}", fix["year"]):
                raise ReportError(path, f"line {i}: year {fix['year']!r} is not a year such as 2021")
            fix["year"] = int(fix["year"])
        if "level" in fix and fix["level"] not in ("national", "provincial", "municipal", "county", "unknown"):
            raise ReportError(path, f"line {i}: level {fix['level']!r} is not national, provincial, municipal or county")
        out[Path(str(row["file"])).name] = fix
    return out


# --------------------------------------------------------------------------- the per-report worker


@dataclass
class ReportResult:
    """What one report contributes to the corpus tables (small: no tokens)."""

    file: str
    row: dict[str, Any]
    keywords: pd.DataFrame = field(default_factory=pd.DataFrame)
    themes: pd.DataFrame = field(default_factory=pd.DataFrame)
    indicators: pd.DataFrame = field(default_factory=pd.DataFrame)
    indices: pd.DataFrame = field(default_factory=pd.DataFrame)
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


#: Modules the per-report work never runs (presentation and top floors): editing them keeps the cache.
_NOT_WORKER = {"__main__.py", "cli.py", "render.py", "index_page.py", "corpus_page.py", "compare.py", "figures.py",
               "explore.py", "params.py", "outputs.py"}


def _code_and_data() -> list[Path]:
    helpers = Path(__file__).parent
    files = sorted(p for p in helpers.glob("*.py") if p.name not in _NOT_WORKER) + sorted((helpers / "indicators").glob("*.py"))
    data = [p for p in sorted(DATA_DIR.rglob("*")) if p.is_file() and RAW_DIR not in p.parents]
    return files + data


@lru_cache(maxsize=1)
def _fingerprint() -> str:
    return cache.fingerprint(_code_and_data())


def entry_path(task: Task) -> Path:
    """Where the cached result of ``task`` lives (by content hash, corrections and code/data fingerprint)."""
    digest = hashlib.sha256(task.key.encode("utf-8")).hexdigest()[:24]
    return cache.CACHE_DIR / CACHE_KIND / f"{digest}-{_fingerprint()}.bin"


def analyse_report(task: Task) -> ReportResult:
    """The per-report work: prepare, segment, keywords, themes by part, indicators and indices of one report.

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
    seg = report_tokens(prepared.structure)
    tokens = seg.tokens
    n_words = word_tokens(tokens.token)
    kw = keyword_table(tokens, discovered=seg.discovered)
    n_kw = int(kw["count"].sum())
    keywords = kw[["term", "count", "share", "policy_term", "discovered"]].reset_index(drop=True)
    themes = _theme_rows(prepared.structure)
    indicators = extract_indicators(prepared.structure, year=meta.year)
    indices = index_counts(prepared.text, n_words)
    growth = read_growth(prepared.structure.paragraphs.text.tolist(), meta.year, meta.level == "national").as_row()
    sources = "; ".join(f"{k}: {v}" for k, v in meta.sources.items() if k in ("place", "level", "year", "title", "date"))
    row = {"file": task.file, "place": meta.place, "level": meta.level, "year": meta.year, "title": meta.title,
           "date": meta.date, "sha256": task.sha256, "source": task.path, "inferred_from": sources,
           "chars": text_chars(prepared.text), "tokens": n_words, "keyword_tokens": n_kw,
           "indicators": len(indicators), "targets": len(year_targets(indicators, meta.year)),
           "text_sha256": hashlib.sha256(prepared.text.encode("utf-8")).hexdigest(),
           "warnings": " | ".join(meta.warnings), "error": ""}
    return ReportResult(task.file, row, keywords, themes, indicators, indices, growth)


def _theme_rows(structure) -> pd.DataFrame:
    themes = load_themes()
    table = theme_table(structure, themes)
    titles = dict(zip(structure.parts.part, structure.parts.part_title)) if "part_title" in structure.parts else {}
    rows = []
    groups = [("report", None, table)] + [("part", int(p), g) for p, g in table.groupby("part", sort=True)]
    for by, part, g in groups:
        hits = g[themes.ids].sum()
        total = int(hits.sum())
        for tid in themes.ids:
            rows.append({"by": by, "part": "" if part is None else part, "part_title": "" if part is None else titles.get(part, ""),
                         "theme": tid, "label": themes.labels[tid], "hits": int(hits[tid]),
                         "share": float(hits[tid]) / total if total else 0.0})
    return pd.DataFrame(rows, columns=THEME_COLUMNS[4:])


# --------------------------------------------------------------------------- executors


def _local_map(fn: Callable[[Task], ReportResult], tasks: list[Task], jobs: int) -> Iterator[ReportResult]:
    """Run ``fn`` on ``tasks`` with ``jobs`` processes in all: ``jobs - 1`` spawned workers and this process.

    The parent would otherwise wait idle while holding its own copy of the libraries; working in it
    keeps the peak memory of the whole run at ``jobs`` processes, not ``jobs + 1``. Results come in
    completion order (the tables are written in file order afterwards).
    """
    if jobs <= 1 or len(tasks) <= 1:
        for t in tasks:
            yield fn(t)
        return
    workers = min(jobs - 1, len(tasks) - 1)
    todo = iter(tasks)
    pending: set = set()
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as pool:
        while True:
            while len(pending) < 2 * workers and (t := next(todo, None)) is not None:
                pending.add(pool.submit(fn, t))
            for fut in [f for f in pending if f.done()]:
                pending.discard(fut)
                yield fut.result()
            if (t := next(todo, None)) is not None:
                yield fn(t)  # this process takes a report too
            elif pending:
                fut = next(as_completed(pending))
                pending.discard(fut)
                yield fut.result()
            else:
                return


def _release_memory() -> None:
    """Give the memory of a finished report back to the system (glibc keeps freed blocks otherwise)."""
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def dask_available() -> bool:
    """Whether ``dask.distributed`` is installed (the optional ``dask`` extra)."""
    try:
        import dask.distributed  # noqa: F401
    except ImportError:
        return False
    return True


def _dask_map(fn: Callable[[Task], ReportResult], tasks: list[Task], jobs: int, scheduler: str | None,
              processes: bool = True) -> Iterator[ReportResult]:
    """Run ``fn`` on a Dask cluster: the one at ``scheduler`` (``tcp://host:8786``) or a new ``LocalCluster``."""
    if not dask_available():
        raise OneLineError(DASK_MISSING)
    from dask.distributed import Client, LocalCluster
    from dask.distributed import as_completed as dask_completed

    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(n_workers=max(1, jobs), threads_per_worker=1, processes=processes,
                               dashboard_address=None, silence_logs=40)
        client = Client(cluster)
    try:
        futures = client.map(fn, tasks, pure=False)
        for fut in dask_completed(futures):
            yield fut.result()
            fut.release()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


# --------------------------------------------------------------------------- the corpus tables


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
    """Appends tables to a CSV (and optionally a Parquet file) one report at a time."""

    def __init__(self, path: Path, columns: list[str], parquet: Path | None = None) -> None:
        self.path, self.columns, self.parquet = path, columns, parquet
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
        arrow = pa.Table.from_pandas(batch, preserve_index=False, schema=_KEYWORD_SCHEMA())
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

                pq.write_table(_KEYWORD_SCHEMA().empty_table(), str(self.parquet))
            else:
                self.pq_writer.close()


def _KEYWORD_SCHEMA():  # noqa: N802 - a constant built on first use (pyarrow is imported lazily)
    import pyarrow as pa

    return pa.schema([("file", pa.string()), ("place", pa.string()), ("level", pa.string()), ("year", pa.int64()),
                      ("term", pa.string()), ("count", pa.int64()), ("share", pa.float64()),
                      ("policy_term", pa.bool_()), ("discovered", pa.bool_())])


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
    if executor not in EXECUTORS:
        raise ParameterError("executor", executor, f"must be one of {', '.join(EXECUTORS)}")
    if executor == "dask" and not dask_available():
        raise OneLineError(DASK_MISSING)
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
        results = _dask_map(analyse_report, todo, jobs, scheduler, dask_processes) if executor == "dask" else _local_map(analyse_report, todo, jobs)
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
    res = analyse_report(task)  # a damaged entry: computed again here
    if not res.row.get("error"):
        cache.write(entry_path(task), res)
    return res


def _write_tables(tasks: list[Task], corrections: dict[str, dict[str, Any]], kept: dict[str, ReportResult],
                  out: Path, computed: int) -> CorpusSummary:
    names = {k: corpus_path(out, k) for k in CORPUS_OUTPUTS}
    kw = _Writer(names["keyword_counts"], KEYWORD_COLUMNS, names["keyword_counts_parquet"])
    th = _Writer(names["themes"], THEME_COLUMNS)
    ind = _Writer(names["indicators"], CORPUS_INDICATOR_COLUMNS)
    ix = _Writer(names["indices"], INDEX_COLUMNS)
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
            meta = {"file": task.file, "place": row["place"], "level": row["level"], "year": row["year"]}
            kw.write(res.keywords.assign(**meta))
            th.write(res.themes.assign(**meta))
            ix.write(res.indices.assign(**meta))
            ind.write(res.indicators.assign(file=task.file, place=row["place"], level=row["level"], report_year=row["year"]))
            keep = res.indicators[res.indicators.kind.isin(["target", "actual"])].assign(file=task.file)[_TVR_KEEP]
            keep.loc[keep.kind != "target", "sentence"] = ""
            small.append(keep)
            growth.append({"file": task.file, **res.growth})
    finally:
        for w in (kw, th, ind, ix):
            w.close()
    reports = pd.DataFrame(rows).reindex(columns=REPORT_COLUMNS)
    reports["year"] = pd.array(reports["year"], dtype="Int64")
    first = {}
    dup = []
    for f, h in zip(reports.file, reports.text_sha256):
        dup.append(first.get(h, "") if isinstance(h, str) and h else "")
        if isinstance(h, str) and h:
            first.setdefault(h, f)
    reports["duplicate_of"] = dup
    reports = reports.fillna({c: "" for c in REPORT_COLUMNS if c not in ("year", "chars", "tokens", "keyword_tokens", "indicators", "targets")})
    reports.to_csv(names["reports"], index=False, encoding="utf-8")
    reports[MANIFEST_COLUMNS].to_csv(names["manifest"], index=False, encoding="utf-8")
    indicator_rows = pd.concat(small, ignore_index=True) if small else pd.DataFrame(columns=_TVR_KEEP)
    usable = reports[(reports.error == "") & (reports.duplicate_of == "")]
    panel = growth_panel(pd.DataFrame(growth, columns=["file"] if not growth else None), usable)
    panel.to_csv(names["growth_targets"], index=False, encoding="utf-8")
    tvr = targets_vs_results(indicator_rows, usable, growth=panel)
    tvr.to_csv(names["targets_vs_results"], index=False, encoding="utf-8")
    status = tvr.status.value_counts().to_dict()
    return CorpusSummary(out, len(tasks), computed, failed, names, {k: int(v) for k, v in status.items()},
                         {k: int(v) for k, v in panel.status.value_counts().items()})


# --------------------------------------------------------------------------- reading the tables back


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


_GROUP_RE = re.compile(r"^(?P<who>[^:\d][^:]*)?(?::)?(?P<from>(?:19|20)\d{2})?(?:-(?P<to>(?:19|20)\d{2}))?$")


def select_reports(reports: pd.DataFrame, spec: str | list[str]) -> pd.DataFrame:
    """The reports a group names: a list of file names, or ``"LEVEL_OR_PLACE:YEAR-YEAR"`` (either part optional).

    ``"national:2010-2019"``, ``"安徽省"``, ``"provincial:2025"``, ``"2022-2025"``. Duplicated texts are left out.
    """
    r = reports[(reports.error.fillna("") == "") & (reports.duplicate_of.fillna("") == "")]
    if isinstance(spec, list):
        return r[r.file.isin(spec)]
    m = _GROUP_RE.match(str(spec).strip())
    if not m or not spec.strip():
        raise ValueError(f"{spec!r} is not LEVEL_OR_PLACE:YEAR-YEAR (e.g. national:2010-2019)")
    who, y0, y1 = m.group("who"), m.group("from"), m.group("to")
    if who:
        r = r[(r.level == who) | (r.place == who)]
    if y0:
        years = r.year.astype("Int64")
        r = r[(years >= int(y0)) & (years <= int(y1 or y0))]
    return r


def group_keyness(folder: str | Path, files_a: list[str], files_b: list[str], measure: str = "lr",
                  min_count: int = 5) -> pd.DataFrame:
    """Terms typical of group A against group B of reports (summed keyword counts; G² or chi², signed).

    Columns: ``term``, ``target`` (count in A), ``reference`` (count in B), ``statistic``, ``p``; sorted
    by statistic (descending), then term — as :func:`helpers.keywords.keyness` within one report.
    """
    if measure not in ("lr", "chi2"):
        raise ValueError(f"measure must be 'lr' or 'chi2', not {measure!r}")
    counts = keyword_counts(folder, files=list(files_a) + list(files_b))
    a = counts[counts.file.isin(files_a)].groupby("term")["count"].sum()
    b = counts[counts.file.isin(files_b)].groupby("term")["count"].sum()
    n_a, n_b = int(a.sum()), int(b.sum())
    both = pd.concat([a.rename("target"), b.rename("reference")], axis=1).fillna(0).astype(int)
    both = both[both.target + both.reference >= min_count]
    rows = []
    for term, (x, y) in both.iterrows():
        stat = _g2(x, y, n_a, n_b) if measure == "lr" else _chi2(x, y, n_a, n_b)
        sign = 1 if x / max(1, n_a) >= y / max(1, n_b) else -1
        rows.append({"term": term, "target": x, "reference": y, "statistic": sign * stat, "p": _chi2_sf(stat)})
    out = pd.DataFrame(rows, columns=["term", "target", "reference", "statistic", "p"])
    return out.sort_values(["statistic", "term"], ascending=[False, True]).reset_index(drop=True)


def term_trends(folder: str | Path, reports: pd.DataFrame, terms: list[str]) -> pd.DataFrame:
    """Each term per 10,000 characters in each report: ``file, place, level, year, term, count, per_10k_chars``."""
    counts = keyword_counts(folder, files=list(reports.file), terms=list(terms))
    grid = reports[["file", "place", "level", "year", "chars"]].merge(pd.DataFrame({"term": list(terms)}), how="cross")
    grid = grid.merge(counts[["file", "term", "count"]], on=["file", "term"], how="left").fillna({"count": 0})
    grid["count"] = grid["count"].astype(int)
    grid["per_10k_chars"] = grid["count"] * 10_000 / grid["chars"].astype(float)
    return grid.sort_values(["term", "year", "place", "file"]).reset_index(drop=True)


def theme_matrix(themes: pd.DataFrame, reports: pd.DataFrame) -> pd.DataFrame:
    """Theme shares of whole reports: one row per report (labelled ``place year``), one column per theme label."""
    t = themes[(themes.by == "report") & themes.file.isin(reports.file)]
    labels = {f: f"{p} {y}" if pd.notna(y) else f"{p or f}" for f, p, y in zip(reports.file, reports.place, reports.year)}
    order = reports.sort_values(["level", "place", "year", "file"]).file
    m = t.pivot_table(index="file", columns="label", values="share", sort=False).reindex(order.tolist()).dropna(how="all")
    m.index = [labels[f] for f in m.index]
    return m[list(dict.fromkeys(t.label))]


def indicator_across(indicators: pd.DataFrame, reports: pd.DataFrame, name: str) -> pd.DataFrame:
    """One indicator (by canonical name, :func:`helpers.panel.canonical_name`) across the ``reports``.

    One row per report, year, kind and unit (the first figure of each), single years only: ``file``, ``place``,
    ``report_year``, ``year``, ``kind``, ``indicator`` (as written), ``value``, ``unit``, ``qualifier``.
    """
    names = load_names()
    want = canonical_name(name, names)
    ind = indicators[indicators.file.isin(reports.file) & indicators.year.astype(str).str.fullmatch(r"\d{4}")]
    ind = ind[[canonical_name(n, names) == want for n in ind.indicator.astype(str)]]
    if not ind.empty:
        main_unit = ind.unit.value_counts().index[0]
        ind = ind[ind.unit == main_unit]
    cols = ["file", "place", "report_year", "year", "kind", "indicator", "value", "unit", "qualifier"]
    out = ind.drop_duplicates(["file", "year", "kind"])[cols].copy()
    out["year"] = out.year.astype(int)
    return out.sort_values(["place", "year", "kind", "file"]).reset_index(drop=True)


@dataclass
class GroupComparison:
    """Keyness of group A against group B, the reports in each, and a note when a group is empty."""

    table: pd.DataFrame
    a: pd.DataFrame
    b: pd.DataFrame
    note: str


def compare_groups(folder: str | Path, reports: pd.DataFrame, group_a: str | list[str], group_b: str | list[str],
                   measure: str = "lr", min_count: int = 5) -> GroupComparison:
    """Keyness between two groups of reports (see :func:`select_reports`, :func:`group_keyness`)."""
    a, b = select_reports(reports, group_a), select_reports(reports, group_b)
    if a.empty or b.empty:
        empty = "group_a" if a.empty else "group_b"
        spec = group_a if a.empty else group_b
        note = (f"{empty} = {spec!r} matches no report of this corpus, so there is nothing to compare; "
                "add reports to the corpus folder (see above) or choose groups from reports.csv")
        return GroupComparison(pd.DataFrame(columns=["term", "target", "reference", "statistic", "p"]), a, b, note)
    table = group_keyness(folder, list(a.file), list(b.file), measure, min_count)
    note = f"A: {len(a)} reports ({', '.join(a.file[:4])}{' …' if len(a) > 4 else ''}); B: {len(b)} reports ({', '.join(b.file[:4])}{' …' if len(b) > 4 else ''})"
    return GroupComparison(table, a, b, note)


@dataclass
class CorpusSetup:
    """What the corpus notebook works with once its parameters are checked and the tables are built."""

    tables: CorpusTables
    reports: pd.DataFrame
    output_dir: Path
    summary: CorpusSummary
    params: dict[str, Any] = field(default_factory=dict)


def open_corpus(corpus_path: Any, output_dir: Any = "", jobs: int | None = None, **params: Any) -> CorpusSetup:
    """Check the corpus notebook's parameters (one-line errors), build or update the corpus tables, read them.

    ``corpus_path``: a folder of reports or a list of report files (default in the notebook: ``data/raw``);
    ``output_dir``: where the tables go (empty: ``reports/corpus/``). The other parameters follow
    :data:`helpers.params.RULES`; ``reports`` (file names, ``[]`` for all) selects reports of the corpus.
    """
    unknown = sorted(set(params) - set(RULES))
    if unknown:
        raise ParameterError(unknown[0], params[unknown[0]], "unknown parameter of the corpus notebook")
    check_notebook_names()
    if isinstance(corpus_path, (str, Path)) and not str(corpus_path).strip() or isinstance(corpus_path, list) and not corpus_path:
        raise ParameterError("corpus_path", corpus_path, "give a folder of reports (e.g. data/raw) or a list of report files")
    if not isinstance(corpus_path, (str, Path, list)):
        raise ParameterError("corpus_path", corpus_path, "must be a folder path or a list of report files")
    try:
        files = corpus_files(corpus_path)
    except OneLineError as exc:
        raise ParameterError("corpus_path", corpus_path, str(exc)) from None
    if not isinstance(output_dir, (str, Path)):
        raise ParameterError("output_dir", output_dir, "must be a folder path, or empty for reports/corpus/")
    out = (resolve_path(output_dir) if str(output_dir).strip() else DEFAULT_OUTPUT_DIR / CORPUS_DIR).resolve()
    refuse_raw_output(out, output_dir, "output_dir")
    if out.exists() and not out.is_dir():
        raise ParameterError("output_dir", output_dir, "is a file, not a folder")
    for name in RULES:
        if name in params:
            RULES[name](name, params[name], None)  # type: ignore[arg-type]
    chosen = params.get("reports") or []
    if missing := [r for r in chosen if r not in {f.name for f in files}]:
        raise ParameterError("reports", chosen, f"{missing[0]!r} is not a report of {corpus_path}; its reports are {', '.join(f.name for f in files[:8])}{' …' if len(files) > 8 else ''}")
    files = [f for f in files if not chosen or f.name in chosen]
    manifest = default_manifest(corpus_path) if not isinstance(corpus_path, list) else None
    summary = build_corpus(files, out, manifest=manifest, jobs=jobs, progress=False)
    tables = read_corpus(out)
    usable = tables.reports[(tables.reports.error == "") & (tables.reports.duplicate_of == "")]
    return CorpusSetup(tables, usable.reset_index(drop=True), out, summary, dict(params))


def growth_key_files(key_dir: str | Path, corpus_dir: str | Path = DATA_DIR / "corpus") -> list[Path]:
    """The reports a growth key is scored on: its ``excerpts/*.txt``, and the corpus files its sources name.

    A source is a file name, maybe with a line number (``national_2019.txt:57``); names found in the excerpts
    folder are taken from there, others from ``corpus_dir`` when they are there.
    """
    key_dir = Path(key_dir)
    files = {f.name: f for f in sorted((key_dir / "excerpts").glob("*.txt"))}
    key = read_growth_key(key_dir / "growth_key.csv")
    for col in ("target_source", "result_source"):
        for source in key.get(col, pd.Series(dtype=str)).astype(str):
            name = re.split(r"[:#\s]", Path(source.strip()).name)[0] if source.strip() else ""
            if name and name not in files and (Path(corpus_dir) / name).is_file():
                files[name] = Path(corpus_dir) / name
    return [files[n] for n in sorted(files)]


def score_growth_folder(key_dir: str | Path, output: str | Path, jobs: int | None = 1) -> tuple[GrowthScore, pd.DataFrame]:
    """Run the corpus pipeline on a growth key's reports (:func:`growth_key_files`) into ``output`` and score
    its ``growth_targets.csv`` against ``growth_key.csv`` (:func:`helpers.growth.score_growth_key`)."""
    key_dir = Path(key_dir)
    key = read_growth_key(key_dir / "growth_key.csv")
    files = growth_key_files(key_dir)
    if not files:
        raise OneLineError(f"{key_dir}: no excerpts/*.txt and no corpus file named in growth_key.csv")
    build_corpus(files, output, jobs=jobs, progress=False)
    panel = pd.read_csv(corpus_path(output, "growth_targets"), keep_default_na=False, na_values=[""])
    return score_growth_key(key, panel), panel


def relative_to_project(path: Path) -> str:
    """``path`` relative to the project folder when inside it (for messages), else as it is."""
    try:
        return str(path.resolve().relative_to(PROJECT_ROOT))
    except ValueError:
        return str(path)


__all__ = [
    "CorpusSummary", "CorpusTables", "ReportResult", "Task", "analyse_report", "build_corpus", "compare_groups",
    "corpus_files", "group_keyness", "indicator_across", "keyword_counts", "open_corpus", "read_corpus", "read_manifest",
    "select_reports", "term_trends", "theme_matrix",
]
