"""Checking a notebook's parameters before any work, each with a one-line message naming the parameter.

Every notebook calls :func:`open_report` in the cell after its parameters cell, passing every
parameter it has. Each parameter has a rule in :data:`RULES`; a wrong value stops the notebook at once
with ``ParameterError: <name> = <value>: <problem>`` (no traceback), and the command line uses the
same rules. An unknown parameter name is an error too, so a misspelt one is never silently ignored.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from .display import interactive_tables
from .errors import ParameterError
from .indices import load_indices
from .paths import refuse_raw_output, report_output_dir, resolve_path
from .prepare import Prepared, prepare_report
from .themes import ThemeDictionary, ThemeDictionaryError, load_theme_words, load_themes

MAX_TOP_N = 200
KEYNESS_MEASURES = ("lr", "chi2")
COOCCURRENCE_MEASURES = ("count", "logdice", "pmi")


@dataclass
class Setup:
    """What a notebook works with once its parameters are checked."""

    prepared: Prepared
    output_dir: Path
    themes: ThemeDictionary | None = None
    params: dict[str, Any] = field(default_factory=dict)


def _int(name: str, value: Any, low: int, high: int | None = None) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ParameterError(name, value, "must be a whole number")
    if value < low or (high is not None and value > high):
        raise ParameterError(name, value, f"must be between {low} and {high}" if high is not None else f"must be at least {low}")


def _part(name: str, value: Any, setup: Setup) -> None:
    """A part number of this report; 0 means the part that lays out the tasks (:meth:`Structure.main_part`)."""
    _int(name, value, 0)
    structure = setup.prepared.structure
    parts = sorted(int(p) for p in structure.paragraphs.part.unique() if p > 0)
    if value == 0:
        setup.params[name] = structure.main_part()
        return
    if value not in parts:
        known = ", ".join(map(str, parts)) or "none (this report has no numbered parts)"
        raise ParameterError(name, value, f"this report has no part {value}; its parts are {known}")


def _choice(name: str, value: Any, choices: tuple[str, ...]) -> None:
    if value not in choices:
        raise ParameterError(name, value, f"must be one of {', '.join(map(repr, choices))}")


def _text(name: str, value: Any) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ParameterError(name, value, "must be a non-empty text")


def _bool(name: str, value: Any) -> None:
    if not isinstance(value, bool):
        raise ParameterError(name, value, "must be True or False")


def _themes_path(name: str, value: Any, setup: Setup) -> None:
    _text(name, value)
    if not resolve_path(value).is_file():
        raise ParameterError(name, value, "no such file")
    try:
        setup.themes = load_themes(value)
    except ThemeDictionaryError as exc:
        raise ParameterError(name, value, str(exc).split(": ", 1)[-1]) from None


def _report_files(name: str, value: Any) -> None:
    """A list of report files (may be empty); each must exist."""
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, (str, Path)) and str(v).strip() for v in value):
        raise ParameterError(name, value, 'must be a list of report files, e.g. ["data/corpus/national_2019.txt"], or []')
    for v in value:
        if not resolve_path(v).is_file():
            raise ParameterError(name, value, f"{v}: no such file")


def _theme_words(name: str, value: Any, setup: Setup) -> None:
    _text(name, value)
    if not resolve_path(value).is_file():
        raise ParameterError(name, value, "no such file")
    try:
        load_theme_words(value)
    except (ThemeDictionaryError, ValueError) as exc:
        raise ParameterError(name, value, str(exc).split(": ", 1)[-1]) from None


def _theme(name: str, value: Any, setup: Setup) -> None:
    themes = setup.themes or load_themes()
    if value not in themes.ids:
        raise ParameterError(name, value, f"not a theme of {Path(themes.source).name}; known: {', '.join(themes.ids)}")


def _section_themes(name: str, value: Any, setup: Setup) -> None:
    if not isinstance(value, dict):
        raise ParameterError(name, value, 'must be a dict such as {"3.1": "innovation"}')
    themes = setup.themes or load_themes()
    sections = setup.prepared.structure.sections
    keys = {f"{p}.{s}" for p, s in zip(sections.part, sections.section)}
    for key, tid in value.items():
        if key not in keys:
            raise ParameterError(name, value, f"this report has no section {key!r}; its sections are {', '.join(sorted(keys)) or 'none'}")
        if tid and tid not in themes.ids:
            raise ParameterError(name, value, f"{tid!r} is not a theme; known: {', '.join(themes.ids)}")


def _report_year(name: str, value: Any, setup: Setup) -> None:
    if value in (0, None):
        return
    _int(name, value, 1949, 2100)


_GROUP_RE = re.compile(r"^(?:[^:\d][^:]*)?(?::)?(?:(?:19|20)\d{2}(?:-(?:19|20)\d{2})?)?$")


def _text_list(name: str, value: Any, empty_ok: bool = True) -> None:
    """A list of non-empty texts (``[]`` allowed when ``empty_ok``: all)."""
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ParameterError(name, value, 'must be a list of texts, such as ["生态", "绿色"]')
    if not value and not empty_ok:
        raise ParameterError(name, value, "must name at least one")


def _indices(name: str, value: Any) -> None:
    _text_list(name, value, empty_ok=False)
    known = load_indices()
    if unknown := [v for v in value if v not in known]:
        raise ParameterError(name, value, f"{unknown[0]!r} is not an index of data/dictionaries/indices/; known: {', '.join(known)}")


def _group(name: str, value: Any) -> None:
    """A group of reports: ``"LEVEL_OR_PLACE:YEAR-YEAR"`` (either part optional) or a list of file names."""
    if isinstance(value, list):
        _text_list(name, value, empty_ok=False)
        return
    if not isinstance(value, str) or not value.strip() or not _GROUP_RE.match(value.strip()):
        raise ParameterError(name, value, 'must be "LEVEL_OR_PLACE:YEAR-YEAR" (e.g. "national:2010-2019", "安徽省", "2025") or a list of file names')


#: The rule for each parameter a notebook may have (``report_path`` and ``output_dir`` are checked first).
RULES: dict[str, Callable[[str, Any, Setup], None]] = {
    "report_year": _report_year,
    "top_n": lambda n, v, s: _int(n, v, 1, MAX_TOP_N),
    "kwic_window": lambda n, v, s: _int(n, v, 1, 200),
    "kwic_term": lambda n, v, s: _text(n, v),
    "keyness_part": _part,
    "keyness_measure": lambda n, v, s: _choice(n, v, KEYNESS_MEASURES),
    "drop_policy_verbs": lambda n, v, s: _bool(n, v),
    "keep_stopwords": lambda n, v, s: _bool(n, v),
    "reference_reports": lambda n, v, s: _report_files(n, v),
    "cooccurrence_window": lambda n, v, s: _int(n, v, 1, 50),
    "cooccurrence_measure": lambda n, v, s: _choice(n, v, COOCCURRENCE_MEASURES),
    "themes_path": _themes_path,
    "theme_words_path": _theme_words,
    "validation_part": _part,
    "section_themes": _section_themes,
    "theme": _theme,
    # the corpus notebook (05_compare_reports; checked by helpers.corpus.open_corpus)
    "reports": lambda n, v, s: _text_list(n, v),
    "terms": lambda n, v, s: _text_list(n, v, empty_ok=False),
    "indices": lambda n, v, s: _indices(n, v),
    "group_a": lambda n, v, s: _group(n, v),
    "group_b": lambda n, v, s: _group(n, v),
    "indicator": lambda n, v, s: _text(n, v),
}


def check_report_path(report_path: Any) -> Path:
    """The report file, resolved; ``ParameterError`` when it is empty, missing or not a file."""
    if not isinstance(report_path, (str, Path)) or not str(report_path).strip():
        raise ParameterError("report_path", report_path, "give the path of a report file")
    path = resolve_path(report_path)
    if not path.exists():
        raise ParameterError("report_path", report_path, "no such file")
    if path.is_dir():
        raise ParameterError("report_path", report_path, "is a folder, not a report file")
    return path


def check_output_dir(output_dir: Any, report_path: str | Path) -> Path:
    """The output folder (``reports/<report name>/`` when empty), created; never a file or inside ``data/raw/``."""
    if not isinstance(output_dir, (str, Path)):
        raise ParameterError("output_dir", output_dir, "must be a folder path, or empty for reports/<report name>/")
    out = report_output_dir(report_path, output_dir).resolve()
    refuse_raw_output(out, output_dir, "output_dir")
    if out.exists() and not out.is_dir():
        raise ParameterError("output_dir", output_dir, "is a file, not a folder")
    out.mkdir(parents=True, exist_ok=True)
    return out


KNOWN = ("report_path", "corpus_path", "output_dir", *RULES)


def check_notebook_names(namespace: dict[str, Any] | None = None) -> None:
    """In a notebook, refuse a variable whose name is a misspelt parameter (``reprot_path``).

    papermill only warns about a parameter the notebook does not have (``-p reprot_path x``) and the
    notebook would then analyse its default report; this check stops it with a one-line message.
    """
    if namespace is None:
        try:
            from IPython import get_ipython  # only inside a kernel
        except ImportError:
            return
        shell = get_ipython()
        namespace = shell.user_ns if shell is not None else {}
    for name, value in namespace.items():
        if name.startswith("_") or name in KNOWN or not isinstance(value, (str, int, float, bool, dict)):
            continue
        close = [k for k in difflib.get_close_matches(name, KNOWN, n=1, cutoff=0.8)
                 if abs(len(k) - len(name)) <= 1 and name.rstrip("s") != k.rstrip("s")]  # a typo, not a plural
        if close:
            raise ParameterError(name, value, f"unknown parameter; did you mean {close[0]}?")


def open_report(report_path: Any, output_dir: Any = "", **params: Any) -> Setup:
    """Check every parameter, prepare the report (from the cache when a render already did) and its folder.

    Order: ``report_path``, ``output_dir``, then the others as listed in :data:`RULES` (so a theme is
    checked against the dictionary given in ``themes_path``); ``report_year`` (0: as the report says)
    overrides the year the report is delivered in. ``setup.params`` holds the values to use:
    a part number given as 0 ("choose for me") is replaced by the report's main part.

    In a Jupyter kernel it also makes the notebook's tables searchable and sortable
    (:func:`helpers.display.interactive_tables`, offline).
    """
    unknown = sorted(set(params) - set(RULES))
    if unknown:
        raise ParameterError(unknown[0], params[unknown[0]], f"unknown parameter; known: {', '.join(RULES)}")
    check_notebook_names()
    path = check_report_path(report_path)
    out = check_output_dir(output_dir, path)
    if "report_year" in params:
        _report_year("report_year", params["report_year"], Setup(None, out))  # type: ignore[arg-type]
    setup = Setup(prepared=prepare_report(path, year=params.get("report_year") or None), output_dir=out, params=dict(params))
    for name in RULES:
        if name in params:
            RULES[name](name, params[name], setup)
    interactive_tables()
    return setup
