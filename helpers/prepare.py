"""The shared first steps of every stage: load, clean and structure a report, once.

Every notebook and command starts from :func:`prepare_report`, which returns a :class:`Prepared`
report: the loaded file, the cleaned text with its change log, the structure and the metadata.
The result is cached (:mod:`helpers.cache`) twice over:

* by the file's path, size and modification time, so a notebook of a render gets the report that
  the render already prepared without reading or decoding the file again;
* by the report's text, so the same text under another name is not cleaned twice.

Both keys include a fingerprint of the loading, cleaning and structure code and their data files.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import pandas as pd

from . import cache
from .clean import CleanResult, clean_text
from .input_formats import suffix_list
from .lexicon import CLEANING_DIR, data_files
from .load import Report, load_report
from .metadata import ReportMeta, report_metadata
from .errors import OneLineError, ReportError
from .paths import RAW_DIR, report_files, resolve_path
from .structure import Structure, parse_structure



@dataclass
class Prepared:
    """A report loaded, cleaned and parsed: everything the analysis stages start from."""

    report: Report
    cleaned: CleanResult
    structure: Structure
    #: ``year`` and ``place`` given by the user; they win over what the text says.
    overrides: dict[str, object] = field(default_factory=dict)

    @property
    def name(self) -> str:
        """The report's short name (its file name without suffix)."""
        return self.report.name

    @property
    def text(self) -> str:
        """The cleaned text, one paragraph per line."""
        return self.cleaned.text

    @property
    def log(self) -> pd.DataFrame:
        """Every change cleaning made (``rule``, ``location``, ``before``, ``after``)."""
        return self.cleaned.log

    @property
    def meta(self) -> dict[str, str]:
        """What the report's front matter says (title, meeting, date, speaker) and its file name."""
        return {"name": self.name, **self.structure.meta}

    @property
    def metadata(self) -> ReportMeta:
        """Place, level, year, title, date and speaker, each with its source (see :mod:`helpers.metadata`)."""
        meta = report_metadata(self.structure, self.name, **self.overrides)
        meta.warnings[:0] = list(self.report.warnings)  # what loading found comes first
        return meta

    @property
    def year(self) -> int | None:
        """The year the report is delivered in (an override, else inferred; ``None`` when unknown)."""
        return self.metadata.year


# What the command line's clean, structure and metadata write (the registry, helpers.analyses, names them): a prepared
# report's text, sentences or metadata, and a summary line.
def clean_stage(p: Prepared) -> tuple[str, str]:
    """The cleaned text and ``"N characters, M changes"``."""
    return p.text, f"{len(p.text)} characters, {len(p.log)} changes"


def structure_stage(p: Prepared) -> tuple[pd.DataFrame, str]:
    """One row per sentence and ``"N paragraphs, M sentences"`` (with the structure's notes)."""
    s = p.structure
    return s.sentences, f"{len(s.paragraphs)} paragraphs, {len(s.sentences)} sentences" + "".join(f"; {n}" for n in s.notes)


def metadata_stage(p: Prepared) -> tuple[pd.DataFrame, str]:
    """One row of metadata (place, level, year, title, date, speaker, sources) and ``"place, level, year"``."""
    m = p.metadata
    return pd.DataFrame([m.as_row()]), f"{m.place or 'place unknown'}, {m.level}, {m.year or 'year unknown'}"


def _data() -> list[Path]:
    """The data files a prepared report depends on (its code is derived: ``cache.entry(code=__name__)``)."""
    return data_files(CLEANING_DIR)


def prepare_report(path: str | Path, use_cache: bool = True, year: int | None = None, place: str | None = None) -> Prepared:
    """Load, clean and structure the report at ``path`` (cached on disk unless ``use_cache=False``).

    ``year`` and ``place`` override what the report's text says about itself (see :mod:`helpers.metadata`).

    Raises :class:`helpers.errors.ReportError` (one line naming the file) for a file that cannot be used.
    """
    data = _data()
    file_key = ""
    p = resolve_path(path)
    if use_cache and p.is_file():
        st = p.stat()
        file_key = f"{p.resolve()}|{st.st_size}|{st.st_mtime_ns}"
        hit = cache.read(cache.entry("prepared-file", file_key, code=__name__, data=data))
        if isinstance(hit, Prepared):
            cache.STATS[("prepared-file", "hit")] += 1
            hit.overrides = _overrides(year, place)
            return hit
        cache.STATS[("prepared-file", "miss")] += 1
    report = load_report(path)

    def compute() -> tuple[CleanResult, Structure]:
        cleaned = clean_text(report.text)
        return cleaned, parse_structure(cleaned.text)

    cleaned, structure = cache.cached("prepared", report.text, [], compute, valid=tuple, use_cache=use_cache,
                                      code=__name__, data=data)
    if report.extraction_log is not None and len(report.extraction_log):
        # what the PDF/Word/HTML conversion removed comes first in the log (location: page or element)
        logs = [log for log in (report.extraction_log, cleaned.log) if len(log)]
        cleaned = CleanResult(cleaned.text, pd.concat(logs, ignore_index=True))
    prepared = Prepared(report=report, cleaned=cleaned, structure=structure)
    if file_key:
        cache.write(cache.entry("prepared-file", file_key, code=__name__, data=data), prepared)
    prepared.overrides = _overrides(year, place)
    return prepared


def _overrides(year: int | None, place: str | None) -> dict[str, object]:
    return {k: v for k, v in (("year", year), ("place", place)) if v}


def corpus_files(inputs: str | Path | Iterable[str | Path] = RAW_DIR) -> list[Path]:
    """The report files of a corpus: each folder's reports (every suffix of :mod:`helpers.input_formats`) and each
    file given, sorted by name — the one way to list many reports (``corpus``, ``frequency``, ``learn-*``, ``evaluate``).

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
        raise OneLineError(f"{', '.join(map(str, items))}: no report files ({suffix_list()}) in the corpus")
    seen: dict[str, Path] = {}
    for f in files:
        if f.name in seen and seen[f.name].resolve() != f.resolve():
            raise ReportError(f, f"two reports are named {f.name} ({seen[f.name]}); rename one")
        seen[f.name] = f
    return sorted(seen.values(), key=lambda f: f.name)


def duplicate_of(names: Iterable[str], texts: Iterable[str]) -> list[str]:
    """The one duplicate rule: for each report, the name of the first earlier report with the same cleaned text
    (the same report in another encoding or format), else ``""``. A duplicate is reported and counted once."""
    first: dict[str, str] = {}
    out = []
    for name, text in zip(names, texts):
        out.append(first.get(text, "") if text else "")
        if text:
            first.setdefault(text, name)
    return out


def prepare_corpus(folder: str | Path, exclude: tuple[str, ...] | list[str] = (),
                   duplicates: dict[str, str] | None = None) -> dict[str, Prepared]:
    """Every report in ``folder`` (:func:`corpus_files`), prepared, by name, less the names in ``exclude``.

    A report whose cleaned text is the same as an earlier one's (:func:`duplicate_of`: the same report in another
    encoding) is left out, so no text counts twice, and named in ``duplicates`` (``{name: name of the first}``) when
    a dict is given. Raises :class:`FileNotFoundError` naming the folder as given when
    it does not exist, is a file, or holds no report (the command line prints it as one line).
    """
    root = resolve_path(folder)
    if not root.exists():
        raise FileNotFoundError(2, "no such folder", str(folder))
    if not root.is_dir():
        raise FileNotFoundError(2, "is a file, not a folder of reports", str(folder))
    if not report_files(root):
        raise FileNotFoundError(2, f"no report files ({suffix_list()}) in this folder", str(folder))
    return prepare_reports(root, exclude, duplicates)


def prepare_reports(inputs: str | Path | Iterable[str | Path], exclude: tuple[str, ...] | list[str] = (),
                    duplicates: dict[str, str] | None = None) -> dict[str, Prepared]:
    """The reports of :func:`corpus_files` (folders and files), prepared, by name, less ``exclude`` and less the
    duplicates of :func:`duplicate_of`, which are named in ``duplicates`` when a dict is given."""
    prepared = {f.stem: prepare_report(f) for f in corpus_files(inputs) if f.stem not in exclude}
    out: dict[str, Prepared] = {}
    for (name, p), dup in zip(prepared.items(), duplicate_of(prepared, (p.text for p in prepared.values()))):
        if dup:
            if duplicates is not None:
                duplicates[name] = dup
            continue
        out[name] = p
    return out
