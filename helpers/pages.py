"""A rendered report's pages and its record: offline HTML pages with navigation, and ``render.json``.

Each rendered report folder holds (names in :mod:`helpers.outputs`):

* ``html/<notebook>.html`` — reader pages exported with the ``gwr`` nbconvert template
  (``helpers/nbconvert-templates/gwr``): the JupyterLab look, no code, and nothing loaded from outside the output
  folder (no require.js, MathJax, mermaid or widget manager from a CDN); a navigation bar links the
  report's pages and the index; the parameters a page was made with are listed under its
  "Parameters" heading;
* ``assets/gwr-cjk.otf`` — the CJK font cut down to the characters the pages use (:func:`embed_font`);
* ``render.json`` — the record the index is made from (:class:`Record`): complete or failed, the source
  file and its checksum, the workbook version, the summary numbers, the pages, tables and figures.

The record is written last, inside the temporary folder that :mod:`helpers.render` swaps in whole, so
a folder with a complete record is a complete render.
"""
from __future__ import annotations

import ast
import hashlib
import html
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pandas as pd

from .cache import fingerprint
from .figures import cjk_font_subset
from .indicators import indicator_targets
from .outputs import (
    FIGURES, FONT_ASSET, HTML_DIR, INDEX_PAGE, OUTPUTS, PAGES, RECORD, figure_path, output_path,
)
from .paths import DATA_DIR, NOTEBOOKS_DIR, PROJECT_ROOT
from .prepare import Prepared

TEMPLATE_DIR = Path(__file__).with_name("nbconvert-templates")
TEMPLATE = "gwr"
#: Headline targets shown on the index: the targets of the first paragraph that sets any (the report's
#: list of main targets for the year), at most this many.
HEADLINE_TARGETS = 5


@dataclass
class RenderResult:
    """What rendering one report produced in this run, or why it failed."""

    report: str
    name: str
    output_dir: Path
    pages: list[Path] = field(default_factory=list)
    error: str = ""


@dataclass
class Record:
    """``render.json``: what a report folder holds and whether it is complete (see the module docstring)."""

    name: str
    status: str  # "complete" or "failed"
    source: str = ""
    source_sha256: str = ""
    workbook: str = ""
    summary: dict = field(default_factory=dict)
    pages: list[str] = field(default_factory=list)
    tables: list[str] = field(default_factory=list)
    figures: list[str] = field(default_factory=list)
    error: str = ""
    last_error: str = ""  # a later render of this report failed; the folder still holds this complete one

    def write(self, folder: Path) -> Path:
        """Write the record into ``folder`` atomically (sorted keys, no timestamps)."""
        path = folder / RECORD
        tmp = path.with_name(f".{RECORD}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(asdict(self), ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        tmp.replace(path)
        return path


def read_record(folder: Path) -> Record | None:
    """The record of a report folder, or ``None`` when it has none or it cannot be read."""
    try:
        data = json.loads((folder / RECORD).read_text(encoding="utf-8"))
        return Record(**{k: v for k, v in data.items() if k in Record.__dataclass_fields__})
    except (OSError, ValueError, TypeError):
        return None


def file_sha256(path: str | Path) -> str:
    """The SHA-256 of a file's bytes ("" when it cannot be read)."""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return ""


def workbook_version() -> str:
    """A fingerprint of the code, notebooks and data files a render depends on."""
    files = [p for p in (PROJECT_ROOT / "helpers").rglob("*") if p.is_file() and p.suffix in {".py", ".j2", ".json"}]
    files += sorted(NOTEBOOKS_DIR.glob("*.ipynb")) + [p for p in DATA_DIR.rglob("*") if p.is_file() and "raw" not in p.parts]
    return fingerprint(sorted(files))


def report_summary(prepared: Prepared, folder: Path) -> dict:
    """The numbers the index shows for one report, computed from its prepared text and its tables."""
    meta = prepared.meta
    summary: dict = {
        "title": meta.get("title", ""), "date": meta.get("date", ""), "speaker": meta.get("speaker", ""),
        "year": prepared.year, "paragraphs": len(prepared.structure.paragraphs),
        "characters": len(prepared.text), "indicators": None, "targets": None, "headline_targets": [],
    }
    if output_path(folder, "indicators").is_file():
        table = pd.read_csv(output_path(folder, "indicators"), keep_default_na=False, dtype=str)
        targets = indicator_targets(table, prepared.year) if len(table) else table
        summary["indicators"], summary["targets"] = len(table), len(targets)
        if len(targets):
            first = targets.paragraph_id.iloc[0]
            head = targets[targets.paragraph_id == first].head(HEADLINE_TARGETS)
            summary["headline_targets"] = [f"{r.indicator} {r.value.removesuffix('.0')}{r.unit}{r.qualifier}".strip()
                                           for r in head.itertuples()]
    return summary


def _rel(path: Path, folder: Path) -> str:
    return path.relative_to(folder).as_posix()


def report_outputs(folder: Path) -> tuple[list[str], list[str], list[str]]:
    """The pages, tables and figures (PNG) present in a report folder, relative to it, in the house order."""
    pages = [f"{HTML_DIR}/{stem}.html" for stem in PAGES if (folder / HTML_DIR / f"{stem}.html").is_file()]
    tables = [o.filename for o in OUTPUTS.values() if output_path(folder, o.key).is_file()]
    figures = [_rel(figure_path(folder, k), folder) for k in FIGURES if figure_path(folder, k).is_file()]
    return pages, tables, figures


def navigation(name: str, current: str, pages: list[str]) -> str:
    """The navigation bar of a report page: the index, then each of the report's pages."""
    esc = html.escape
    links = [f"<a href='../../{INDEX_PAGE}'>← 全部报告 index</a>", f"<b>{esc(name)}</b>"]
    for stem in pages:
        title = esc(PAGES.get(stem, stem))
        links.append(f"<span class='here'>{title}</span>" if stem == current else f"<a href='{esc(stem)}.html'>{title}</a>")
    links.append("<a href='../'>文件 files</a>")
    return f"<nav class='gwr-nav'>{' · '.join(links)}</nav>"


FONT_FAMILY = "GWR CJK"
HEAD_STYLE = (
    "<style>@font-face{{font-family:'{family}';src:url('{font}') format('opentype');}}"
    "body,table,h1,h2,h3,p,li,td,th,.jp-RenderedHTMLCommon{{font-family:'{family}',sans-serif !important;}}"
    "code,pre,kbd,samp{{font-family:'DejaVu Sans Mono','{family}',monospace !important;}}"
    ".gwr-nav{{padding:8px 12px;margin:0 0 12px;background:#f3f6fa;border-bottom:1px solid #d0d7de;font-size:14px}}"
    ".gwr-nav a{{color:#1f4e79}} .gwr-nav .here{{font-weight:bold}}</style>"
)


def head_style(font_href: str) -> str:
    """The ``<style>`` every page carries: the embedded CJK font (``font_href``) and the navigation bar."""
    return HEAD_STYLE.format(family=FONT_FAMILY, font=font_href)


def _parameter_values(nb) -> list[tuple[str, str]]:
    """The parameters a notebook ran with: its ``parameters`` cell, overridden by papermill's injected cell."""
    values: dict[str, str] = {}
    for tag in ("parameters", "injected-parameters"):
        for cell in nb.cells:
            if cell.cell_type == "code" and tag in cell.get("metadata", {}).get("tags", []):
                try:
                    tree = ast.parse(cell.source)
                except SyntaxError:
                    continue
                for node in tree.body:
                    if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
                        values[node.targets[0].id] = ast.get_source_segment(cell.source, node.value) or ""
    return list(values.items())


def list_parameters(nb, name: str) -> None:
    """Under a page's "Parameters" heading, list the values it ran with (``name`` is the report's name).

    The code cells are hidden on reader pages, so without this the heading would stand over nothing.
    Paths are shown by their last part: the report file's name, and this report's folder.
    """
    import nbformat

    rows = []
    for key, value in _parameter_values(nb):
        if key == "report_path":
            try:
                value = repr(Path(str(ast.literal_eval(value))).name)
            except (ValueError, SyntaxError):
                pass
        elif key == "output_dir":
            value = repr(f"{name}/")
        rows.append(f"| `{key}` | `{value.replace('|', '/').replace('`', '')}` |")
    if not rows:
        return
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown" and cell.source.lstrip().startswith("## Parameters"):
            table = "This page was made with:\n\n| parameter | value |\n| --- | --- |\n" + "\n".join(rows)
            nb.cells.insert(i + 1, nbformat.v4.new_markdown_cell(table))
            return


def reader_exporter():
    """The nbconvert exporter of reader pages: the ``gwr`` template, code and prompts hidden."""
    from nbconvert import HTMLExporter

    return HTMLExporter(template_name=TEMPLATE, extra_template_basedirs=[str(TEMPLATE_DIR)], exclude_input=True,
                        exclude_input_prompt=True, exclude_output_prompt=True)


def export_page(exporter, nb, folder: Path, name: str, stem: str, stems: list[str]) -> Path:
    """Write the reader page of executed notebook ``nb`` to ``folder/html/<stem>.html``."""
    list_parameters(nb, name)
    font = os.path.relpath(folder / FONT_ASSET, folder / HTML_DIR).replace(os.sep, "/")
    resources = {"metadata": {"name": f"{PAGES.get(stem, stem)} · {name}"}, "gwr_head": head_style(font),
                 "gwr_nav": navigation(name, stem, stems)}
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    page = folder / HTML_DIR / f"{stem}.html"
    page.write_text(body, encoding="utf-8")
    return page


def embed_font(folder: Path, pages: list[Path]) -> Path:
    """Write the CJK font subset for ``pages`` (only the characters they use) to ``folder/assets/``.

    Pages link it with an ``@font-face`` rule, so Chinese shows without tofu even where no Chinese font is
    installed. The font is SIL OFL, so it may be shared.
    """
    chars: set[str] = set()
    for page in pages:
        chars |= set(page.read_text(encoding="utf-8"))
    asset = folder / FONT_ASSET
    asset.parent.mkdir(parents=True, exist_ok=True)
    tmp = asset.with_name(f".{asset.name}.{os.getpid()}.tmp")
    tmp.write_bytes(cjk_font_subset(chars))
    tmp.replace(asset)
    return asset

