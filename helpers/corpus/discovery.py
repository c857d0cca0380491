"""Which reports a corpus holds: its files (a folder, files given, or both) and the manifest's hand corrections.

A corpus is any folder (or list) of report files plus a **manifest** (``file, place, level, year,
title, date, sha256, source``) built from each report's metadata (:mod:`helpers.metadata`). The
manifest can be corrected by hand: copy ``manifest.csv`` from an output folder next to the reports (or
anywhere, and pass ``--manifest``), fix a cell, run again — a non-empty corrected cell wins over what
was inferred (a corrected ``year`` or ``place`` also sets the year the report's indicators refer to).
Columns a manifest may add (``source_repo``/``source_path`` as in ``data/corpus/MANIFEST.csv``)
are read for ``source``; others are ignored.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterable

import pandas as pd

from ..errors import ReportError
from ..outputs import CORPUS_OUTPUTS
from ..paths import PROJECT_ROOT, resolve_path
from ..prepare import corpus_files  # noqa: F401 - the one way to list reports, re-exported by helpers.corpus
from .columns import MANIFEST_COLUMNS


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


def relative_to_project(path: Path) -> str:
    """``path`` relative to the project folder when inside it (for messages), else as it is."""
    try:
        return str(path.resolve().relative_to(PROJECT_ROOT))
    except ValueError:
        return str(path)

