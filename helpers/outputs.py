"""Every file a report's analysis writes: one table of names, and the functions that write them.

Notebooks, the command line, the render and the tests all take file names from :data:`OUTPUTS` and
:data:`FIGURES`, so a name is spelt in one place. A new stage adds its notebook to :data:`PAGES` and
its files here, and names them in its entry of the registry of analyses (:data:`helpers.analyses.ANALYSES`).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pandas is imported where a table is written: the render's process starts its kernels first
    import pandas as pd


@dataclass(frozen=True)
class Output:
    """One output file of a report: its key, file name, the notebook that writes it, and what it holds."""

    key: str
    filename: str
    notebook: str
    description: str


OUTPUTS: dict[str, Output] = {o.key: o for o in [
    Output("extracted", "extracted.txt", "01_clean_and_structure", "the text as read from the file (for PDF, Word and web pages: the conversion's output)"),
    Output("cleaned", "cleaned.txt", "01_clean_and_structure", "the cleaned text, one paragraph per line"),
    Output("cleaning_log", "cleaning_log.csv", "01_clean_and_structure", "every change cleaning made"),
    Output("paragraphs", "paragraphs.csv", "01_clean_and_structure", "one row per paragraph with part and section"),
    Output("sentences", "sentences.csv", "01_clean_and_structure", "one row per sentence with part and section"),
    Output("indicators", "indicators.csv", "02_indicators", "one row per quantitative indicator"),
    Output("indicators_xlsx", "indicators.xlsx", "02_indicators", "indicators, targets and pairs for Excel"),
    Output("keywords", "keywords.csv", "03_keywords", "term frequencies"),
    Output("tokens", "tokens.csv", "03_keywords", "every token type with count, occurrences and flags (stopword, pos, policy term, discovered)"),
    Output("keyness", "keyness.csv", "03_keywords", "terms typical of one part against the rest"),
    Output("kwic", "kwic.csv", "03_keywords", "a term in its contexts"),
    Output("discovered_terms", "discovered_terms.csv", "03_keywords", "policy terms found in the report itself"),
    Output("themes", "themes.csv", "04_themes", "theme scores per paragraph"),
    Output("theme_confusion", "theme_confusion.csv", "04_themes", "paragraph themes against section themes"),
]}

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
    return Path(folder) / OUTPUTS[key].filename


def figure_path(folder: str | Path, name: str, suffix: str = ".png") -> Path:
    """Where figure ``name`` of a report lives in its ``folder``."""
    if name not in FIGURES:
        raise KeyError(f"unknown figure {name!r}; known: {list(FIGURES)}")
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


#: The tables of a corpus (``python -m helpers corpus … -o OUT``, :mod:`helpers.corpus`), by key.
CORPUS_OUTPUTS: dict[str, str] = {
    "reports": "reports.csv",                      # one row per report: the manifest, sizes, warnings, errors
    "manifest": "manifest.csv",                    # file, place, level, year, title, date, sha256, source (edit and pass back)
    "keyword_counts": "keyword_counts.csv",        # report × term, long
    "keyword_counts_parquet": "keyword_counts.parquet",
    "themes": "theme_shares.csv",                  # theme hits and shares per report and per part
    "indicators": "indicators.csv",                # every indicator with its report's place, level and year
    "indices": "indices.csv",                      # file, index, count, per_10k_chars, token_share
    "targets_vs_results": "targets_vs_results.csv",
    "growth_targets": "growth_targets.csv",        # one row per place and year: GDP growth target, next report's result, status
}
#: The corpus page written by :mod:`helpers.corpus_page` in a corpus folder.
CORPUS_PAGE = "corpus.html"


def corpus_path(folder: str | Path, key: str) -> Path:
    """Where corpus table ``key`` of :data:`CORPUS_OUTPUTS` lives in ``folder``."""
    if key not in CORPUS_OUTPUTS:
        raise KeyError(f"unknown corpus table {key!r}; known: {list(CORPUS_OUTPUTS)}")
    return Path(folder) / CORPUS_OUTPUTS[key]
