"""The rendered folder's front page: ``index.html`` with every report, its pages and key figures.

Also what every page needs to show Chinese on any machine: a subset of the CJK font (only the
characters the pages use) in ``assets/``, linked from each page with an ``@font-face`` rule.
"""
from __future__ import annotations

import html
import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .figures import cjk_font_subset, plot_keyword_trends, save_figure
from .keywords import keyword_rates
from .outputs import (
    FIGURE_DIR, FONT_ASSET, INDEX_PAGE, KEY_FIGURES, KEYWORD_TRENDS, KEYWORD_TRENDS_TABLE, PAGES, figure_path, output_path,
)


@dataclass
class RenderResult:
    """What rendering one report produced, or why it failed."""

    report: str
    name: str
    output_dir: Path
    pages: list[Path] = field(default_factory=list)
    error: str = ""


def keyword_trends(results: list[RenderResult], output_dir: Path, n_terms: int = 6) -> Path | None:
    """For two or more rendered reports, a figure of the top terms' frequency (per 10,000 characters)."""
    ok = [r for r in results if not r.error and output_path(r.output_dir, "keywords").is_file()]
    if len(ok) < 2:
        return None
    tables = {r.name: pd.read_csv(output_path(r.output_dir, "keywords"), keep_default_na=False) for r in ok}
    chars = {r.name: len(output_path(r.output_dir, "cleaned").read_text(encoding="utf-8")) for r in ok}
    table = keyword_rates(tables, chars, n_terms)
    fig = plot_keyword_trends(table, title="高频关键词在各报告中的变化", source="、".join(table.index[:4]) + ("等" if len(table) > 4 else ""))
    table.round(3).to_csv(output_dir / KEYWORD_TRENDS_TABLE, encoding="utf-8")
    return save_figure(fig, output_dir / FIGURE_DIR, KEYWORD_TRENDS)[0]


def write_index(results: list[RenderResult], output_dir: Path, trends: Path | None = None) -> Path:
    """Write ``index.html``: every report with links to its pages and its key figures."""
    esc = html.escape
    blocks = []
    for r in sorted(results, key=lambda r: r.name):
        if r.error:
            blocks.append(f"<section class='failed'><h2>{esc(r.name)}</h2><p>渲染失败 failed: {esc(r.error)}</p></section>")
            continue
        links = " · ".join(
            f"<a href='{esc(p.relative_to(output_dir).as_posix())}'>{esc(PAGES.get(p.stem, p.stem))}</a>" for p in r.pages
        )
        figs = "".join(
            f"<a href='{esc(f.relative_to(output_dir).as_posix())}'><img src='{esc(f.relative_to(output_dir).as_posix())}' alt='{esc(f.stem)}'></a>"
            for f in (figure_path(r.output_dir, k) for k in KEY_FIGURES) if f.is_file()
        )
        blocks.append(f"<section><h2>{esc(r.name)}</h2><p>{links}</p><div class='figs'>{figs}</div></section>")
    trend_html = ""
    if trends is not None:
        rel = trends.relative_to(output_dir).as_posix()
        trend_html = f"<section><h2>跨报告 Across reports</h2><img class='wide' src='{esc(rel)}' alt='keyword trends'></section>"
    index = output_dir / INDEX_PAGE
    index.write_text(
        "<!doctype html>\n<html lang='zh-CN'><head><meta charset='utf-8'><title>政府工作报告分析 · gwr-workbook</title>"
        "<style>body{font-family:'Noto Sans CJK SC','Noto Sans CJK TC',sans-serif;margin:2em;max-width:1200px}"
        ".figs img{height:220px;margin:4px;border:1px solid #ddd}.wide{max-width:100%}.failed{color:#a00}</style></head>"
        "<body><h1>政府工作报告分析 · gwr-workbook</h1>"
        f"<p>{sum(not r.error for r in results)} / {len(results)} 份报告 reports rendered.</p>"
        + trend_html + "\n".join(blocks) + "</body></html>\n",
        encoding="utf-8",
    )
    return index


FONT_MARKER = "<!-- gwr-cjk-font -->"


def embed_cjk_font(output_dir: Path) -> Path:
    """Make the HTML pages show Chinese on any machine: a subset of the CJK font, linked from each page.

    The subset (only the characters the pages use, via fontTools) is written to
    ``assets/gwr-cjk.otf`` and every page gets an ``@font-face`` rule pointing to it, so pages render
    without tofu even where no Chinese font is installed. The font is SIL OFL, so it may be shared.
    """
    pages = sorted(output_dir.rglob("*.html"))
    chars = set().union(*(set(p.read_text(encoding="utf-8")) for p in pages)) if pages else set()
    asset = output_dir / FONT_ASSET
    asset.parent.mkdir(parents=True, exist_ok=True)
    asset.write_bytes(cjk_font_subset(chars))
    for page in pages:
        text = page.read_text(encoding="utf-8")
        if FONT_MARKER in text:
            continue
        rel = os.path.relpath(asset, page.parent).replace(os.sep, "/")
        style = (
            f"{FONT_MARKER}<style>@font-face{{font-family:'GWR CJK';src:url('{rel}') format('opentype');}}"
            "body,table,h1,h2,h3,p,li,td,th,.jp-RenderedHTMLCommon{font-family:'GWR CJK',sans-serif !important;}"
            "code,pre,kbd,samp{font-family:'DejaVu Sans Mono','GWR CJK',monospace !important;}</style>"
        )
        page.write_text(text.replace("</head>", style + "</head>", 1), encoding="utf-8")
    return asset
