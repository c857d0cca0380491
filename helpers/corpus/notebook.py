"""Notebook 05's parameters checked (one-line errors), the corpus tables built and read: :func:`open_corpus`."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import OneLineError, ParameterError
from ..outputs import CORPUS_DIR
from ..params import RULES, check_notebook_names
from ..paths import DEFAULT_OUTPUT_DIR, refuse_raw_output, resolve_path
from .discovery import corpus_files, default_manifest
from .tables import CorpusSummary, CorpusTables, build_corpus, read_corpus, usable_reports


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
    usable = usable_reports(tables.reports)
    return CorpusSetup(tables, usable.reset_index(drop=True), out, summary, dict(params))

