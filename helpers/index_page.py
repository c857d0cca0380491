"""The rendered folder's front page: ``index.html`` made from every report folder present.

The index is rebuilt from what is on disk after every render, so a second render into the same folder
adds its reports to the index instead of replacing it. Each report folder's record (``render.json``,
:mod:`helpers.pages`) tells whether it is complete, failed, or from an earlier run whose source file or
workbook version has changed since. For each report the index shows its summary numbers (date, speaker,
paragraphs, indicators, targets, headline targets), links to every page and table (CSV, Excel), and its
key figures at a readable size with their titles as captions (each opens full size, as SVG, on click; a figure
with nothing to show is one line of text). For two or more complete reports a figure of keyword trends across
them is added, on a year axis, one line per place.

The index writes the folder's shared assets (:func:`write_site`): the CJK font, cut down to every character of
every page in the folder, and the DataTables code; it loads nothing from outside the folder.
"""
from __future__ import annotations

import html
import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .corpus_figures import plot_year_trends
from .figures import figure_info, save_figure
from .indices import text_chars
from .keywords import keyword_rates
from .outputs import (
    CORPUS_DIR, CORPUS_PAGE, FIGURE_DIR, FONT_ASSET, INDEX_PAGE, KEYWORD_TRENDS, KEYWORD_TRENDS_TABLE, OUTPUTS, PAGES,
    RECORD, output_path,
)
from .pages import (
    Record, RenderResult, embed_font, file_sha256, head_style, pages_characters, read_record, workbook_version,
    write_table_code,
)

__all__ = ["RenderResult", "ReportEntry", "keyword_trends", "report_entries", "write_index", "write_site"]

#: Folders of a rendered folder that are not reports.
SITE_FOLDERS = {"assets", FIGURE_DIR}


@dataclass
class ReportEntry:
    """One report folder as the index shows it: its record and what state it is in."""

    name: str
    folder: Path
    record: Record | None
    state: str  # complete, stale, failed, unknown
    note: str  # one line for the reader


def _state(name: str, folder: Path, record: Record | None, this_run: dict[str, RenderResult], version: str) -> tuple[str, str]:
    run = this_run.get(name)
    if record is None:
        return "unknown", "没有渲染记录：可能不完整，或由旧版本生成 (no render record: incomplete, or made by an older version)"
    if record.status != "complete":
        return "failed", f"渲染失败 failed: {record.error}"
    if run is not None and run.error:
        return "stale", f"本次渲染失败，下面是上一次完整的结果 (this run failed: {run.error}; showing the earlier complete render)"
    if run is None:
        if record.last_error:
            return "stale", f"上一次渲染失败，下面是更早的完整结果 (the last render failed: {record.last_error}; showing an earlier complete render)"
        if record.source and Path(record.source).is_file() and file_sha256(record.source) != record.source_sha256:
            return "stale", "较早的渲染：源文件已更改 (earlier run; the source file has changed since)"
        if record.workbook != version:
            return "stale", "较早的渲染：由旧版本工作簿生成 (earlier run, made by an older version of the workbook)"
        return "complete", "完整 · 较早的渲染 (complete, earlier run)"
    return "complete", "完整 · 本次渲染 (complete, this run)"


def report_entries(output_dir: Path, results: list[RenderResult] = ()) -> list[ReportEntry]:
    """Every report folder in ``output_dir`` (and every report of this run), sorted by name."""
    this_run: dict[str, RenderResult] = {}
    for r in results:  # a report refused for a clashing name must not hide the one rendered under that name
        if r.name not in this_run or this_run[r.name].error:
            this_run[r.name] = r
    version = workbook_version()
    names = {r.name for r in results}
    for folder in output_dir.iterdir():
        if folder.is_dir() and not folder.name.startswith(".") and folder.name not in SITE_FOLDERS:
            if (folder / RECORD).is_file() or (folder / "html").is_dir():
                names.add(folder.name)
    entries = []
    for name in sorted(names):
        folder = output_dir / name
        record = read_record(folder) if folder.is_dir() else None
        if record is None and name in this_run and this_run[name].error:
            record = Record(name=name, status="failed", source=this_run[name].report, error=this_run[name].error)
        state, note = _state(name, folder, record, this_run, version)
        entries.append(ReportEntry(name, folder, record, state, note))
    return entries


def keyword_trends(entries: list[ReportEntry], output_dir: Path, n_terms: int = 6) -> Path | None:
    """For two or more complete reports, a figure of the top terms' frequency (per 10,000 characters) by year.

    One panel per term, one line per place (:func:`helpers.corpus_figures.plot_year_trends`): a line joins only the
    reports of one place, and a place with one report is a point. Characters are counted as in the corpus
    table (white space not counted), so the rates agree with it.
    """
    ok = [e for e in entries if e.state in {"complete", "stale"} and output_path(e.folder, "keywords").is_file()
          and output_path(e.folder, "cleaned").is_file()]
    if len(ok) < 2:
        return None
    tables = {e.name: pd.read_csv(output_path(e.folder, "keywords"), keep_default_na=False) for e in ok}
    chars = {e.name: (e.record.summary.get("characters") if e.record else None)
             or text_chars(output_path(e.folder, "cleaned").read_text(encoding="utf-8")) for e in ok}
    summary = {e.name: e.record.summary if e.record else {} for e in ok}
    table = keyword_rates(tables, chars, n_terms)
    # a report whose place is not known is a series of its own: never joined to another report
    places = {n: summary[n].get("place") or n for n in table.index}
    years = {n: summary[n].get("year") for n in table.index}
    long = table.rename_axis("report").reset_index().melt(id_vars="report", var_name="term", value_name="per_10k_chars")
    long = long.assign(place=long.report.map(places), year=pd.array(long.report.map(years), dtype="Int64"))
    fig = plot_year_trends(long, "per_10k_chars", facet="term", title="高频关键词在各报告中的变化（每万字）",
                           ylabel="每万字出现次数", source="、".join(table.index[:4]) + ("等" if len(table) > 4 else ""))
    table.round(3).to_csv(output_dir / KEYWORD_TRENDS_TABLE, encoding="utf-8")
    return save_figure(fig, output_dir / FIGURE_DIR, KEYWORD_TRENDS)[0]


def _summary_rows(summary: dict) -> str:
    esc = html.escape
    fields = [("日期 date", summary.get("date") or "—"), ("报告人 speaker", summary.get("speaker") or "—"),
              ("段落 paragraphs", summary.get("paragraphs")), ("指标 indicators", summary.get("indicators")),
              ("目标 targets", summary.get("targets"))]
    cells = "".join(f"<tr><th>{esc(k)}</th><td>{esc(str('—' if v is None else v))}</td></tr>" for k, v in fields)
    heads = summary.get("headline_targets") or []
    if heads:
        cells += f"<tr><th>主要目标 headline targets</th><td>{'；'.join(esc(h) for h in heads)}</td></tr>"
    return f"<table class='summary'>{cells}</table>"


def _entry_html(e: ReportEntry, output_dir: Path) -> str:
    esc = html.escape
    rel = e.folder.relative_to(output_dir).as_posix()
    title = esc(e.record.summary.get("title", "") if e.record else "")
    head = f"<h2 id='{esc(e.name)}'>{esc(e.name)} <small>{title}</small></h2><p class='state {e.state}'>{esc(e.note)}</p>"
    if e.record is None or e.record.status != "complete":
        return f"<section class='report {e.state}'>{head}</section>"
    r = e.record
    pages = " · ".join(f"<a href='{esc(rel)}/{esc(p)}'>{esc(PAGES.get(Path(p).stem, Path(p).stem))}</a>" for p in r.pages)
    described = {o.filename: o.description for o in OUTPUTS.values()}
    tables = " · ".join(f"<a href='{esc(rel)}/{esc(t)}' title='{esc(described.get(t, ''))}'>{esc(t)}</a>" for t in r.tables)
    figs, empty = [], []
    for f in r.figures:
        stem = Path(f).stem
        title, nothing = figure_info(e.folder / f)
        caption = f"{title} ({stem})" if title else stem
        if nothing:  # a figure with nothing to show is one line of text, not a picture of blank space
            empty.append(f"<li>{esc(caption)}: {esc(nothing)}</li>")
            continue
        svg = Path(f).with_suffix(".svg").as_posix()
        full = svg if (e.folder / svg).is_file() else f
        figs.append(f"<figure><a href='{esc(rel)}/{esc(full)}' title='全尺寸 full size'><img src='{esc(rel)}/{esc(f)}' "
                    f"alt='{esc(caption)}' loading='lazy'></a><figcaption>{esc(caption)}</figcaption></figure>")
    return (f"<section class='report {e.state}'>{head}{_summary_rows(r.summary)}"
            f"<p>页面 pages: {pages}</p><p>表格 tables: {tables} · <a href='{esc(rel)}/'>全部文件 all files</a></p>"
            f"<div class='figs'>{''.join(figs)}</div>"
            + (f"<ul class='empty-figs'>{''.join(empty)}</ul>" if empty else "") + "</section>")


INDEX_STYLE = (
    "body{margin:2em auto;max-width:1280px;padding:0 1em;color:#222}"
    "h2 small{font-weight:normal;color:#555;font-size:60%}"
    ".state{margin:.2em 0 .6em}.state.complete{color:#2e7d32}.state.stale,.state.unknown{color:#b26a00}"
    ".state.failed{color:#a00}"
    "table.summary{border-collapse:collapse;margin:.4em 0}table.summary th,table.summary td{border:1px solid #ddd;"
    "padding:3px 8px;text-align:left;vertical-align:top}table.summary th{background:#f6f8fa;font-weight:normal}"
    ".figs{display:grid;grid-template-columns:repeat(auto-fill,minmax(560px,1fr));gap:12px}"
    ".figs figure{margin:0}.figs img{width:100%;border:1px solid #ddd}figcaption{font-size:12px;color:#555}"
    "section.report{border-top:1px solid #ccc;padding-top:.5em}.wide{max-width:100%}"
)


def write_index(entries: list[ReportEntry], output_dir: Path, trends: Path | None = None) -> Path:
    """Write ``index.html`` (atomically): every report with its state, summary, pages, tables and figures."""
    esc = html.escape
    complete = sum(e.state == "complete" for e in entries)
    counts = f"{complete} / {len(entries)} 份报告完整 reports complete"
    others = [f"{sum(e.state == s for e in entries)} {label}" for s, label in
              [("stale", "较早或部分过期 earlier/stale"), ("failed", "失败 failed"), ("unknown", "无记录 unrecorded")]
              if any(e.state == s for e in entries)]
    toc = " · ".join(f"<a href='#{esc(e.name)}'>{esc(e.name)}</a>" for e in entries)
    trend_html = ""
    if trends is not None:
        rel = trends.relative_to(output_dir).as_posix()
        svg = Path(rel).with_suffix(".svg").as_posix()
        trend_html = (f"<section><h2>跨报告 Across reports</h2><a href='{esc(svg)}'><img class='wide' src='{esc(rel)}' "
                      f"alt='keyword trends'></a><p><a href='{esc(KEYWORD_TRENDS_TABLE)}'>{esc(KEYWORD_TRENDS_TABLE)}</a></p></section>")
    if (output_dir / CORPUS_DIR / CORPUS_PAGE).is_file():
        corpus = f"{CORPUS_DIR}/{CORPUS_PAGE}"
        trend_html += (f"<section><h2>报告比较 Comparing the reports</h2><p><a href='{esc(corpus)}'>{esc(corpus)}</a>: theme "
                       "shares, policy-attention indices and keyword trends on a year axis, targets against results, and "
                       f"the panel tables (CSV) in <a href='{esc(CORPUS_DIR)}/'>{esc(CORPUS_DIR)}/</a>.</p></section>")
    page = (
        "<!doctype html>\n<html lang='zh-CN'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        "<title>政府工作报告分析 · gwr-workbook</title>" + head_style(FONT_ASSET) + f"<style>{INDEX_STYLE}</style></head>"
        "<body><h1>政府工作报告分析 · gwr-workbook</h1>"
        f"<p>{esc(counts)}{'；' + esc('；'.join(others)) if others else ''}.</p><p>{toc}</p>"
        + trend_html + "\n".join(_entry_html(e, output_dir) for e in entries) + "</body></html>\n"
    )
    index = output_dir / INDEX_PAGE
    tmp = index.with_name(f".{INDEX_PAGE}.{os.getpid()}.tmp")
    tmp.write_text(page, encoding="utf-8")
    tmp.replace(index)
    return index


def folder_characters(entries: list[ReportEntry], pages: list[Path]) -> set[str]:
    """Every non-ASCII character the folder's pages show: each report's (from its record, or from its pages
    when the record is older than that field) and those of ``pages`` (the index, the corpus page)."""
    chars = set(pages_characters(pages))
    for e in entries:
        if e.record is not None and e.record.characters:
            chars |= set(e.record.characters)
        elif e.folder.is_dir():
            chars |= set(pages_characters(sorted((e.folder / "html").glob("*.html"))))
    return chars


def write_site(output_dir: Path, results: list[RenderResult] = (), extra_pages: list[Path] = ()) -> Path:
    """Rebuild the folder's front page from every report folder present: trends figure, index, and the shared
    assets: the DataTables code and one font for every page in the folder (``extra_pages`` too, such as the
    corpus page)."""
    entries = report_entries(output_dir, list(results))
    trends = keyword_trends(entries, output_dir)
    index = write_index(entries, output_dir, trends)
    write_table_code(output_dir)
    embed_font(output_dir, folder_characters(entries, [index, *extra_pages]))
    return index
