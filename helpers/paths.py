"""Where the project keeps its files, and the one rule for relative paths.

**The rule.** A relative path (a report, an output folder, a dictionary) is taken from the folder you
work in: the folder where you type a command, or, for a notebook, the project folder. Jupyter starts a
notebook's kernel in ``notebooks/``; a working folder inside ``notebooks/`` therefore counts as the
project folder, so ``data/raw/wuxi_2021.txt`` and ``reports/`` mean the same thing in JupyterLab, under
nbval and in a render. Absolute paths are used as they are.
"""
from __future__ import annotations

import os
from pathlib import Path

from .errors import ParameterError, ReportError
from .input_formats import report_suffixes

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
RAW_DIR = DATA_DIR / "raw"
SAMPLE_REPORT = RAW_DIR / "wuxi_2021.txt"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
#: Where outputs go when no folder is named (a notebook's empty ``output_dir``): ``reports/`` in the project.
#: ``GWR_OUTPUT_DIR`` moves it (a relative value is taken from the project folder); the test suite points it at
#: a temporary folder, so that tests never write into your ``reports/``.
DEFAULT_OUTPUT_DIR = PROJECT_ROOT / Path(os.environ.get("GWR_OUTPUT_DIR", "").strip() or "reports").expanduser()
#: The on-disk cache; ``GWR_CACHE_DIR`` moves it (a benchmark's cold run, a shared disk for a cluster).
CACHE_DIR = Path(os.environ["GWR_CACHE_DIR"]) if os.environ.get("GWR_CACHE_DIR") else PROJECT_ROOT / ".cache"


def base_folder() -> Path:
    """The folder relative paths are taken from: the working folder, or the project inside ``notebooks/``."""
    cwd = Path.cwd().resolve()
    if cwd == NOTEBOOKS_DIR or NOTEBOOKS_DIR in cwd.parents:
        return PROJECT_ROOT
    return cwd


def resolve_path(path: str | Path) -> Path:
    """Resolve a user-given path by the rule above (``~`` is expanded)."""
    p = Path(path).expanduser()
    return p if p.is_absolute() else base_folder() / p


def as_given(path: str | Path) -> str:
    """``path`` as a table should store it: relative to :func:`base_folder` when inside it, else absolute.

    So a table made from ``data/corpus/`` says ``data/corpus/anhui_2025.txt`` on every machine, not a
    temporary or machine-specific absolute path.
    """
    p = resolve_path(path)
    try:
        return p.resolve().relative_to(base_folder()).as_posix()
    except ValueError:
        return str(p)


#: The files a folder of reports may hold: every suffix of the registry :data:`helpers.input_formats.INPUT_FORMATS`
#: (text, PDF, Word and saved web pages, ``.xhtml`` and ``.shtml`` among them).
REPORT_SUFFIXES = report_suffixes()


def report_files(folder: str | Path) -> list[Path]:
    """The report files in ``folder`` (by suffix, read from the registry of input formats), sorted by name; none for a non-folder."""
    root = resolve_path(folder)
    if not root.is_dir():
        return []
    suffixes = report_suffixes()
    return sorted((f for f in root.iterdir() if f.is_file() and f.suffix.lower() in suffixes), key=lambda f: f.name)


def report_name(path: str | Path) -> str:
    """A short name for a report, used for its output folder: the file name without its suffix."""
    return Path(path).stem


def is_inside_raw(path: str | Path) -> bool:
    """True when ``path`` is ``data/raw/`` or inside it (raw data is read-only to the code)."""
    p = resolve_path(path).resolve()
    raw = RAW_DIR.resolve()
    return p == raw or raw in p.parents


def report_output_dir(report_path: str | Path, output_dir: str | Path = "") -> Path:
    """The output folder of one report: ``output_dir`` if given, else ``reports/<report name>/``."""
    return resolve_path(output_dir) if str(output_dir).strip() else DEFAULT_OUTPUT_DIR / report_name(report_path)


#: Why an output inside ``data/raw/`` is refused (the one message, :func:`refuse_raw_output`).
RAW_IS_READ_ONLY = "outputs never go into data/raw/ (raw data is read-only)"


def refuse_raw_output(path: str | Path, given: object = None, parameter: str | None = None) -> None:
    """The one check that an output is not ``data/raw/`` or inside it (raw data is read-only to the code).

    Raises :class:`~helpers.errors.ParameterError` naming ``parameter`` when one is given (a notebook's
    ``output_dir``), else :class:`~helpers.errors.ReportError` naming the path; ``given`` is the value as the
    user wrote it (default: ``path``).
    """
    if is_inside_raw(path):
        shown = path if given is None else given
        if parameter:
            raise ParameterError(parameter, shown, RAW_IS_READ_ONLY)
        raise ReportError(str(shown), RAW_IS_READ_ONLY)
