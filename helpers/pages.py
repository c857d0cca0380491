"""A rendered report's pages and its record: offline HTML pages with navigation, and ``render.json``.

Each rendered report folder holds (names in :mod:`helpers.outputs`):

* ``html/<notebook>.html`` — reader pages exported with the ``gwr`` nbconvert template
  (``helpers/nbconvert-templates/gwr``): the JupyterLab look, no code, and nothing loaded from outside the output
  folder (no require.js, MathJax, mermaid or widget manager from a CDN); a navigation bar links the
  report's pages and the index; the parameters a page was made with are listed under its
  "Parameters" heading;
* ``render.json`` — the record the index is made from (:class:`Record`): complete or failed, the source
  file and its checksum, the workbook version, the summary numbers, the pages, tables and figures.

Files every page of an output folder shares sit once in the folder's ``assets/``, not in each page: the CJK font
cut down to every character of every page's data in the folder (``gwr-cjk.otf``, :func:`embed_font`: table cells
beyond a table's first screen included), itables' DataTables code (``itables.js``, :func:`write_table_code`, about
1 MB that each page would otherwise carry) and the template's style sheet (``lab-<hash>.css``,
:func:`share_page_style`). Figures are linked from ``figures/``, not copied into the page (:func:`link_figures`).

The record is written last, inside the temporary folder that :mod:`helpers.render` swaps in whole, so
a folder with a complete record is a complete render.
"""
from __future__ import annotations

import ast
import base64
import hashlib
import html
import json
import os
import re
from dataclasses import asdict, dataclass, field
from functools import partial
from pathlib import Path

import pandas as pd

from .cache import fingerprint
from .errors import DependencyError
from .figures import cjk_font_subset
from .indicators import indicator_targets
from .indices import text_chars
from .outputs import (
    ASSET_DIR, FIGURE_DIR, FIGURES, FONT_ASSET, HTML_DIR, INDEX_PAGE, OUTPUTS, PAGES, RECORD, TABLES_SCRIPT, figure_path,
    output_path,
)
from .paths import DATA_DIR, NOTEBOOKS_DIR, PROJECT_ROOT
from .prepare import Prepared
from .target_results import year_targets

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
    characters: str = ""  # every non-ASCII character of the pages, for the folder's shared font
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
        "place": prepared.metadata.place, "year": prepared.year, "paragraphs": len(prepared.structure.paragraphs),
        "characters": text_chars(prepared.text), "indicators": None, "targets": None, "headline_targets": [],
    }
    if output_path(folder, "indicators").is_file():
        table = pd.read_csv(output_path(folder, "indicators"), keep_default_na=False, dtype=str)
        targets = indicator_targets(table, prepared.year) if len(table) else table
        summary["indicators"], summary["targets"] = len(table), len(year_targets(table, prepared.year)) if len(table) else 0
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
#: The shared font holds no ASCII (``unicode-range``), so Latin letters and digits keep each element's own font
#: (code stays monospaced) while every Chinese character, in text, code, inputs and buttons, comes from it.
HEAD_STYLE = (
    "<style>@font-face{{font-family:'{family}';src:url('{font}') format('opentype');unicode-range:U+0080-10FFFF;}}"
    "body,table,h1,h2,h3,p,li,td,th,input,select,textarea,button,.jp-RenderedHTMLCommon"
    "{{font-family:'{family}',sans-serif !important;}}"
    "code,pre,kbd,samp,.jp-RenderedText pre{{font-family:'{family}','DejaVu Sans Mono',monospace !important;}}"
    ".gwr-nav{{padding:8px 12px;margin:0 0 12px;background:#f3f6fa;border-bottom:1px solid #d0d7de;font-size:14px}}"
    ".gwr-nav a{{color:#1f4e79}} .gwr-nav .here{{font-weight:bold}}</style>"
)


def head_style(font_href: str) -> str:
    """The ``<style>`` every page carries: the folder's shared CJK font (``font_href``) and the navigation bar."""
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


def asset_href(folder: Path, asset: str) -> str:
    """The link from a report's pages (``folder/html/``) to a file of the output folder's shared ``assets/``.

    ``folder`` may be the temporary folder of a render (``DIR/.rendering-…``): it sits beside the final one, so the
    link is the same.
    """
    return os.path.relpath(folder.parent / asset, folder / HTML_DIR).replace(os.sep, "/")


#: itables' offline set-up as it appears in a page: the whole DataTables bundle (CSS and JavaScript, base64) in
#: one inline script, about 1 MB.
_INLINE_TABLE_CODE = re.compile(r"<script>\s*function injectCSS\(base64CSS\).*?</script>", re.S)
#: A table's data in a page: a JSON text inside a JSON string, every Chinese character escaped twice (``\\u4e2d``).
_TABLE_DATA = re.compile(r'("data_json": ")((?:[^"\\]|\\.)*)(")')


def table_code() -> str:
    """The DataTables code of itables' offline mode, as a classic script that every page of a folder can share.

    It is itables' own inline set-up (:func:`itables.javascript.generate_init_offline_itables_html`) moved to a
    file: the same code, run from ``<script src=…>`` (a file page may load a classic script, not a module).
    """
    import itables.options as opt
    from itables.javascript import generate_init_offline_itables_html

    html_text = generate_init_offline_itables_html(opt.dt_bundle)
    m = _INLINE_TABLE_CODE.search(html_text)
    if m is None:  # a new itables that sets itself up otherwise
        raise DependencyError("itables' offline set-up has changed: update helpers.pages._INLINE_TABLE_CODE")
    body = m.group(0)
    return body[body.index(">") + 1: body.rindex("</script>")].strip() + "\n"


def share_table_code(page: str, href: str) -> str:
    """``page`` with itables' inline DataTables code replaced by a link to the shared copy at ``href``."""
    return _INLINE_TABLE_CODE.sub(lambda _: f'<script src="{html.escape(href)}"></script>', page)


def compact_table_data(page: str) -> str:
    """``page`` with its tables' data written in UTF-8 instead of ``\\uXXXX`` escapes (the same data, a third the size).

    Each table's data is a JSON text inside a JSON string; both are parsed and written again without ASCII
    escapes (``</`` stays escaped, so no cell can close the script). A string that does not parse is left as it is.
    """
    def rewrite(m: re.Match) -> str:
        try:
            data = json.loads(json.loads(f'"{m.group(2)}"'))
        except ValueError:
            return m.group(0)
        inner = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        return m.group(1) + json.dumps(inner, ensure_ascii=False)[1:-1].replace("</", "<\\/") + m.group(3)

    return _TABLE_DATA.sub(rewrite, page)


_ESCAPED_PAIR = re.compile(r"\\+u(d[89ab][0-9a-f]{2})\\+u(d[c-f][0-9a-f]{2})", re.I)
_ESCAPED = re.compile(r"\\+u([0-9a-f]{4})", re.I)


def page_characters(page: str) -> set[str]:
    """Every non-ASCII character a page can show: its text, and characters written as ``\\uXXXX`` escapes
    (the data of a table beyond its first screen, in pages made before :func:`compact_table_data`)."""
    chars = {c for c in page if ord(c) > 0x7F}
    for hi, lo in _ESCAPED_PAIR.findall(page):
        chars.add(chr(0x10000 + ((int(hi, 16) - 0xD800) << 10) + int(lo, 16) - 0xDC00))
    chars |= {chr(cp) for cp in (int(h, 16) for h in _ESCAPED.findall(page)) if cp > 0x7F and not 0xD800 <= cp < 0xE000}
    return chars


def pages_characters(pages: list[Path]) -> str:
    """Every non-ASCII character of ``pages`` (:func:`page_characters`), sorted, as one string (for the record)."""
    chars: set[str] = set()
    for page in pages:
        chars |= page_characters(page.read_text(encoding="utf-8"))
    return "".join(sorted(chars))


_HEAD_STYLE = re.compile(r'<style type="text/css">.*?</style>\s*', re.S)


def share_page_style(page: str, out: Path, href_of) -> str:
    """``page`` with the template's style sheets (JupyterLab's theme, about 260 KB, the same in every page) moved
    to one file of ``out/assets/`` named by its content, and linked (``href_of(asset)`` gives the link)."""
    head_end = page.find("</head>")
    blocks = list(_HEAD_STYLE.finditer(page, 0, head_end))
    if not blocks:
        return page
    css = "\n".join(m.group(0).strip()[len('<style type="text/css">'):-len("</style>")] for m in blocks)
    asset = f"{ASSET_DIR}/lab-{hashlib.sha256(css.encode('utf-8')).hexdigest()[:12]}.css"
    _write_if_changed(out / asset, css.encode("utf-8"))
    link = f'<link rel="stylesheet" href="{html.escape(href_of(asset))}">\n'
    first, last = blocks[0].start(), blocks[-1].end()
    kept = "".join(page[a.end():b.start()] for a, b in zip(blocks, blocks[1:]))  # anything between the blocks
    return page[:first] + link + kept + page[last:]


_INLINE_PNG = re.compile(r"data:image/png;base64,([A-Za-z0-9+/=\s]+)")


def link_figures(page: str, folder: Path) -> str:
    """``page`` with each figure that is also a file in ``folder/figures/`` linked (``../figures/x.png``) instead of
    written into the page in base64 (the notebooks show the saved PNG, so the bytes are the same)."""
    files = {hashlib.sha256(p.read_bytes()).digest(): p.name for p in sorted((folder / FIGURE_DIR).glob("*.png"))}

    def link(m: re.Match) -> str:
        try:
            data = base64.b64decode("".join(m.group(1).split()), validate=True)
        except ValueError:
            return m.group(0)
        name = files.get(hashlib.sha256(data).digest())
        return f"../{FIGURE_DIR}/{name}" if name else m.group(0)

    return _INLINE_PNG.sub(link, page) if files else page


def export_page(exporter, nb, folder: Path, name: str, stem: str, stems: list[str]) -> Path:
    """Write the reader page of executed notebook ``nb`` to ``folder/html/<stem>.html``.

    The page links what every page of the output folder shares (the font, the DataTables code, the template's
    style sheet, in ``assets/``) and the report's figure files, instead of carrying copies of them.
    """
    list_parameters(nb, name)
    href = partial(asset_href, folder)
    resources = {"metadata": {"name": f"{PAGES.get(stem, stem)} · {name}"},
                 "gwr_head": head_style(href(FONT_ASSET)), "gwr_nav": navigation(name, stem, stems)}
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    body = share_page_style(share_table_code(body, href(TABLES_SCRIPT)), folder.parent, href)
    body = compact_table_data(link_figures(body, folder))
    page = folder / HTML_DIR / f"{stem}.html"
    page.write_text(body, encoding="utf-8")
    return page


def _write_if_changed(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically, unless it already holds exactly that (parallel renders share it)."""
    try:
        if path.read_bytes() == data:
            return path
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
    return path


def write_table_code(out: Path) -> Path:
    """Write the shared DataTables code (:func:`table_code`) into the output folder ``out``'s ``assets/``."""
    return _write_if_changed(out / TABLES_SCRIPT, table_code().encode("utf-8"))


#: Characters the tables' controls draw that are in no page's text: DataTables' paging buttons and sort arrows.
TABLE_UI_CHARACTERS = "«»‹›…▲▼"


def embed_font(out: Path, characters: set[str] | str) -> Path:
    """Write the CJK font cut down to ``characters`` (every character of every page in ``out``, and
    :data:`TABLE_UI_CHARACTERS`) to ``out/assets/``.

    Pages link it with an ``@font-face`` rule, so Chinese shows without tofu even where no Chinese font is
    installed. The font is SIL OFL, so it may be shared.
    """
    return _write_if_changed(out / FONT_ASSET, cjk_font_subset(set(characters) | set(TABLE_UI_CHARACTERS)))
