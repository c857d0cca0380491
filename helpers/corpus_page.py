"""The corpus page of a rendered folder: the panel tables of several reports and their figures, in one HTML page.

:func:`write_corpus_page` builds the corpus tables (:func:`helpers.corpus.build_corpus`, cached per report)
for a list of reports into a folder and writes ``corpus.html`` there, with the figures of
:data:`helpers.corpus_figures.CORPUS_FIGURES` that need no notebook parameter, drawn by the same functions as
in notebook 05 (the theme heat map, the policy-attention indices on a year axis, the targets-vs-results counts,
GDP growth targets against results: one dot per province-year, the 45° line), the growth and target tables, and
links to every table. It runs no notebook. A render of several reports calls it and links the page from
``index.html``.
"""
from __future__ import annotations

import html
from pathlib import Path

import matplotlib.pyplot as plt

from .corpus import CorpusSummary, build_corpus, read_corpus, usable_reports
from .corpus_figures import CORPUS_FIGURES, corpus_figure, explain_corpus, page_figures
from .figures import save_figure
from .indices import load_indices
from .outputs import CORPUS_OUTPUTS, CORPUS_PAGE, FIGURE_DIR, FONT_ASSET, INDEX_PAGE
from .pages import embed_font, head_style, pages_characters
from .target_results import status_counts


def write_corpus_page(reports: list[str | Path], output_dir: str | Path, jobs: int | None = None,
                      manifest: str | Path | None = None, executor: str = "local", in_site: bool = False) -> Path:
    """Build the corpus tables of ``reports`` in ``output_dir`` and write its ``corpus.html``; returns the page's path.

    ``reports`` are report files (as given to ``render``); ``manifest`` an optional CSV of hand corrections.
    Failed reports are listed on the page, not raised. ``in_site``: the folder is the ``corpus/`` of a rendered
    folder (see :func:`write_page`).
    """
    out = Path(output_dir)
    summary = build_corpus(reports, out, manifest=manifest, executor=executor, jobs=jobs, progress=False)
    return write_page(summary, in_site=in_site)


def write_page(summary: CorpusSummary, in_site: bool = False) -> Path:
    """Write ``corpus.html`` for corpus tables already built (``summary`` from :func:`helpers.corpus.build_corpus`).

    ``in_site``: the page sits in the ``corpus/`` folder of a rendered folder: it links back to the index and uses
    the folder's shared font (which the index writes, covering this page too); otherwise it has a font of its own
    in ``assets/`` beside it.
    """
    out = summary.output
    tables = read_corpus(out)
    reports = usable_reports(tables.reports)
    shown = []
    for name in page_figures():
        fig = corpus_figure(name, tables, reports)
        shown.append((CORPUS_FIGURES[name].heading, save_figure(fig, out / FIGURE_DIR, name)[0]))
        plt.close(fig)
    tvr, growth = tables.targets_vs_results, tables.growth_targets
    esc = html.escape
    rows = reports[["file", "place", "level", "year", "chars", "indicators", "targets"]].to_html(index=False, border=0)
    counts = status_counts(tvr).to_html(index=False, border=0) if not tvr.empty else "<p>没有目标 (no targets)</p>"
    growth_cols = ["place", "year", "target_text", "target_low", "target_high", "result", "result_text", "status", "gap", "note"]
    growth_rows = (growth[growth_cols].to_html(index=False, border=0, na_rep="") if not growth.empty
                   else "<p>没有经济增长目标 (no GDP growth targets)</p>")
    sources = "".join(f"<li><b>{esc(i.id)}</b> ({esc(i.label)}): {esc(i.source)}</li>" for i in load_indices().values())
    links = " · ".join(f"<a href='{esc(name)}'>{esc(name)}</a>" for name in CORPUS_OUTPUTS.values() if (out / name).is_file())
    failed = "".join(f"<li>{esc(e)}</li>" for e in summary.failed)
    figs = "".join(f"<h2>{esc(title)}</h2><img src='{esc(p.relative_to(out).as_posix())}' alt='{esc(p.stem)}'>" for title, p in shown)
    intro = esc(explain_corpus(reports)).replace("**", "")
    page = out / CORPUS_PAGE
    font = f"../{FONT_ASSET}" if in_site else FONT_ASSET
    back = (f"<nav class='gwr-nav'><a href='../{INDEX_PAGE}'>← 全部报告 index</a> · <b>报告比较 Corpus</b> · "
            f"<a href='./'>文件 files</a></nav>") if in_site else ""
    page.write_text(
        "<!doctype html>\n<html lang='zh-CN'><head><meta charset='utf-8'><title>报告比较 Corpus · gwr-workbook</title>"
        + head_style(font) +
        "<style>body{margin:2em;max-width:1200px}img{max-width:100%;border:1px solid #ddd}"
        "table{border-collapse:collapse;font-size:90%}td,th{padding:2px 8px;border-bottom:1px solid #eee}.failed{color:#a00}</style></head>"
        f"<body>{back}<h1>报告比较 Corpus</h1><p>{intro}</p><p>表格 Tables: {links}</p>"
        + (f"<ul class='failed'>{failed}</ul>" if failed else "")
        + figs + f"<h2>经济增长目标 GDP growth targets by place and year</h2>{growth_rows}"
        f"<h2>目标完成 Targets by place and year</h2>{counts}<h2>报告 Reports</h2>{rows}"
        f"<h2>指数词表来源 Index word lists</h2><ul>{sources}</ul>{back}</body></html>\n",
        encoding="utf-8",
    )
    if not in_site:
        embed_font(out, pages_characters([page]))
    return page
