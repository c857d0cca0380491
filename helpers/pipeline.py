"""The shared first steps of every stage: load, clean and structure a report, cached per text.

Every notebook and command starts from :func:`prepare_report`. Its result is cached on disk under
``.cache/`` keyed by the report's bytes and the cleaning/structure code and data, so the second
notebook of a render does not redo the first one's work.
"""
from __future__ import annotations

import hashlib
import pickle
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .clean import CLEANING_DIR, CleanResult, clean_text
from .load import Report, load_report
from .paths import PROJECT_ROOT
from .structure import Structure, parse_structure

CACHE_DIR = PROJECT_ROOT / ".cache"
_CODE = [Path(__file__).with_name(n) for n in ("clean.py", "structure.py", "load.py", "pipeline.py")]


@dataclass
class Prepared:
    """A report loaded, cleaned and parsed: everything the analysis stages start from."""

    report: Report
    cleaned: CleanResult
    structure: Structure

    @property
    def name(self) -> str:
        return self.report.name

    @property
    def text(self) -> str:
        """The cleaned text, one paragraph per line."""
        return self.cleaned.text


def code_fingerprint(paths: list[Path]) -> str:
    """A hash of source and data files, so cached results are dropped when the code changes."""
    h = hashlib.sha256()
    for p in sorted(paths):
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


def cache_path(kind: str, key_text: str, extra: list[Path]) -> Path:
    """Where a cached result of ``kind`` for ``key_text`` lives."""
    key = hashlib.sha256(key_text.encode("utf-8")).hexdigest()[:24]
    return CACHE_DIR / kind / f"{key}-{code_fingerprint(extra)}.pkl"


def read_cache(path: Path) -> object | None:
    """Load a pickled cache entry, or ``None`` when it is missing or unreadable."""
    try:
        with path.open("rb") as f:
            return pickle.load(f)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        return None


def write_cache(path: Path, value: object) -> None:
    """Store a cache entry atomically (parallel renders may write the same entry)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{id(value)}.tmp")
        with tmp.open("wb") as f:
            pickle.dump(value, f)
        tmp.replace(path)
    except OSError:
        pass  # a read-only checkout still works, only slower


def prepare_report(path: str | Path, use_cache: bool = True) -> Prepared:
    """Load, clean and structure the report at ``path`` (cached on disk unless ``use_cache=False``)."""
    report = load_report(path)
    extra = _CODE + sorted(CLEANING_DIR.glob("*"))
    cp = cache_path("prepared", report.text, extra)
    if use_cache and isinstance(cached := read_cache(cp), tuple):
        cleaned, structure = cached
    else:
        cleaned = clean_text(report.text)
        structure = parse_structure(cleaned.text)
        if use_cache:
            write_cache(cp, (cleaned, structure))
    if report.extraction_log is not None and len(report.extraction_log):
        # what the PDF/Word/HTML conversion removed comes first in the log (location: page or element)
        logs = [log for log in (report.extraction_log, cleaned.log) if len(log)]
        cleaned = CleanResult(cleaned.text, pd.concat(logs, ignore_index=True))
    return Prepared(report=report, cleaned=cleaned, structure=structure)
