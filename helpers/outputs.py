"""Every file a report's analysis writes: one table of names, and the functions that write them.

Notebooks, the command line, the render and the tests all take file names from :data:`OUTPUTS` and
:data:`FIGURES`, so a name is spelt in one place. :data:`OUTPUTS` (which files a render writes, per notebook) and
:data:`CORPUS_OUTPUTS` (the tables of a corpus) are read from the registry of analyses
(:data:`helpers.analyses.ANALYSES`): a new analysis lists its files in its entry there, and its notebook in
:data:`PAGES` here.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pandas is imported where a table is written: the render's process starts its kernels first
    import pandas as pd

from .analyses import ANALYSES, Output, corpus_tables
from .errors import UnknownNameError

#: Every output file of a report, by key, in registry order; each with the notebook of the analysis that lists it.
OUTPUTS: dict[str, Output] = {o.key: replace(o, notebook=a.notebook) for a in ANALYSES.values() for o in a.outputs}

#: Figures (PNG and SVG in ``figures/``), in the order the index page shows them.
FIGURES: dict[str, str] = {
    "top_keywords": "03_keywords",
    "theme_shares": "04_themes",
    "indicator_pairs": "02_indicators",
    "targets": "02_indicators",
}
KEY_FIGURES = list(FIGURES)
FIGURE_DIR = "figures"

#: The pipeline notebooks and their page titles, in order.
PAGES: dict[str, str] = {
    "01_clean_and_structure": "清洗与结构 Cleaning & structure",
    "02_indicators": "量化指标 Indicators",
    "03_keywords": "关键词 Keywords",
    "04_themes": "主题 Themes",
}

#: Notebooks over many reports (not run per report by the render), and their page titles.
CORPUS_NOTEBOOKS: dict[str, str] = {
    "05_compare_reports": "比较报告 Compare reports",
}
#: A corpus notebook's default output folder (under ``reports/``).
CORPUS_DIR = "corpus"


def output_path(folder: str | Path, key: str) -> Path:
    """Where output ``key`` of a report lives in its ``folder``."""
    if key not in OUTPUTS:
        raise UnknownNameError("output", key, OUTPUTS)
    return Path(folder) / OUTPUTS[key].filename


def figure_path(folder: str | Path, name: str, suffix: str = ".png") -> Path:
    """Where figure ``name`` of a report lives in its ``folder``."""
    if name not in FIGURES:
        raise UnknownNameError("figure", name, FIGURES)
    return Path(folder) / FIGURE_DIR / f"{name}{suffix}"


def save_table(table: pd.DataFrame, folder: str | Path, key: str, index: bool = False) -> Path:
    """Write a table as UTF-8 CSV under its output name; returns the path."""
    path = output_path(folder, key)
    table.to_csv(path, index=index, encoding="utf-8")
    return path


def save_text(text: str, folder: str | Path, key: str) -> Path:
    """Write a text output (UTF-8, ending in a newline); returns the path."""
    path = output_path(folder, key)
    path.write_text(text + "\n", encoding="utf-8")
    return path


def save_excel(sheets: dict[str, pd.DataFrame], folder: str | Path, key: str) -> Path:
    """Write tables as the sheets of one Excel file; returns the path."""
    import pandas as pd

    path = output_path(folder, key)
    with pd.ExcelWriter(path, engine="openpyxl") as xl:
        for name, table in sheets.items():
            table.to_excel(xl, sheet_name=name, index=False)
    return path


def written(folder: str | Path, notebook: str) -> list[str]:
    """The names of the files ``notebook`` has written to ``folder`` (for a notebook's last cell)."""
    names = [o.filename for o in OUTPUTS.values() if o.notebook == notebook]
    return sorted(n for n in names if (Path(folder) / n).is_file())


#: Files of a rendered folder of reports (beside the reports' own folders). The ``assets/`` are shared by every
#: page of the folder, the reports' pages included: the CJK font and itables' DataTables code, once each.
INDEX_PAGE = "index.html"
ASSET_DIR = "assets"
FONT_ASSET = f"{ASSET_DIR}/gwr-cjk.otf"
TABLES_SCRIPT = f"{ASSET_DIR}/itables.js"
KEYWORD_TRENDS = "keyword_trends"
KEYWORD_TRENDS_TABLE = "keyword_trends.csv"
#: Inside each report's folder: the executed notebooks, the reader's HTML pages, and the render's record
#: (complete or failed, the summary numbers; see :mod:`helpers.pages`).
NOTEBOOK_DIR = "notebooks"
HTML_DIR = "html"
RECORD = "render.json"


#: The files of a corpus (``python -m helpers corpus … -o OUT``, :mod:`helpers.corpus`), by key: every table of
#: :func:`helpers.analyses.corpus_tables` (one written as Parquet too, as ``<key>_parquet``).
CORPUS_OUTPUTS: dict[str, str] = {
    k: f for t in corpus_tables().values()
    for k, f in [(t.key, t.filename)] + ([(f"{t.key}_parquet", t.parquet_filename)] if t.parquet else [])
}
#: The corpus page written by :mod:`helpers.corpus_page` in a corpus folder.
CORPUS_PAGE = "corpus.html"


def corpus_path(folder: str | Path, key: str) -> Path:
    """Where corpus table ``key`` of :data:`CORPUS_OUTPUTS` lives in ``folder``."""
    if key not in CORPUS_OUTPUTS:
        raise UnknownNameError("corpus table", key, CORPUS_OUTPUTS)
    return Path(folder) / CORPUS_OUTPUTS[key]
