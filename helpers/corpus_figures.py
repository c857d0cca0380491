"""Every figure of a corpus, drawn one way: for notebook 05 and the corpus page alike.

:data:`CORPUS_FIGURES` maps each figure's name (its file name in ``figures/``) to one function that draws it
from the corpus tables (:class:`helpers.corpus.CorpusTables`) and the reports chosen; :func:`corpus_figure`
calls it. ``notebooks/05_compare_reports.ipynb`` shows every one of them, and the corpus page
(:mod:`helpers.corpus_page`) every one that needs no notebook parameter (``needs``), under its ``heading``.

The ``plot_*`` functions below them draw from one prepared table each (:func:`plot_year_trends` also
draws the keyword trends of the index page). Like :mod:`helpers.figures`, every function returns a
matplotlib ``Figure`` with a Chinese title, labelled axes and a source line, with Chinese rendered in the
project's CJK font (:func:`helpers.figures.setup_fonts`). A series is one place (or level): a year axis with
gaps (2010–2019, then 2022–2025) keeps the gap. :func:`explain_corpus` is the line both put above them.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable

import pandas as pd

from .corpus import CorpusTables, indicator_across, term_trends, theme_matrix
from .errors import ParameterError
from .figures import PALETTE, empty_figure, finish_figure, pyplot, setup_fonts
from .indices import load_indices

if TYPE_CHECKING:
    from matplotlib.figure import Figure

STATUS_COLORS = {"met": "#2e8b57", "missed": "#c0392b", "not comparable": "#d68910", "no result": "#aab7b8"}


def plot_year_trends(table: pd.DataFrame, value: str, facet: str, series: str = "place", title: str = "",
                     ylabel: str = "", source: str = "") -> Figure:
    """One panel per ``facet`` value (a term or an index), one line per ``series`` (place), x = the report year.

    ``table`` needs ``year``, ``value``, ``facet`` and ``series`` columns; rows without a year are left out.
    """
    t = table.dropna(subset=["year"])
    if t.empty:
        return empty_figure(title, source, "没有带年份的报告 (no report with a year)")
    setup_fonts()
    facets = list(dict.fromkeys(t[facet]))
    cols = min(3, len(facets))
    rows = -(-len(facets) // cols)
    fig, axes = pyplot().subplots(rows, cols, figsize=(4.2 * cols, 3.0 * rows + 0.6), squeeze=False, sharex=True)
    names = sorted(t[series].fillna("").astype(str).unique())
    markers = "os^Dv<>p"
    styles = {n: (PALETTE[i % len(PALETTE)], markers[(i // len(PALETTE)) % len(markers)]) for i, n in enumerate(names)}
    for ax, f in zip(axes.flat, facets):
        sub = t[t[facet] == f]
        for name, g in sub.groupby(sub[series].fillna("").astype(str), sort=True):
            g = g.sort_values("year")
            years = g.year.astype(int).tolist()
            # a gap of more than one year is drawn as a gap, not a line across it
            xs, ys = [], []
            for i, (x, y) in enumerate(zip(years, g[value])):
                if i and x - years[i - 1] > 1:
                    xs.append(float("nan"))
                    ys.append(float("nan"))
                xs.append(x)
                ys.append(y)
            color, marker = styles[name]
            ax.plot(xs, ys, marker=marker, ms=3.5, lw=1.4, color=color, label=name)
        ax.set_title(str(f), fontsize=11)
        ax.set_xlabel("年份")
        ax.set_ylabel(ylabel)
        ax.set_ylim(bottom=0)  # rates and counts: the axis starts at zero, so a small change is not magnified
        ax.xaxis.get_major_locator().set_params(integer=True)
    for ax in list(axes.flat)[len(facets):]:
        ax.set_axis_off()
    handles, labels = axes.flat[0].get_legend_handles_labels()
    legend_rows = 0
    if len(names) > 1:
        ncol = min(8, len(names))
        legend_rows = -(-len(names) // ncol)
        fig.legend(handles, labels, fontsize=8, ncol=ncol, loc="lower center", bbox_to_anchor=(0.5, 0.03), frameon=False)
    return finish_figure(fig, title, source, bottom=0.03 + 0.06 * legend_rows * 3.6 / fig.get_figheight())


def plot_theme_heatmap(shares: pd.DataFrame, title: str = "各报告的主题分布", source: str = "") -> Figure:
    """A heat map of theme shares: one row per report (index), one column per theme (label)."""
    if shares.empty:
        return empty_figure(title, source, "没有主题数据 (no theme data)")
    setup_fonts()
    # at least 3.6 inches high: the colour bar's label (vertical) fits beside it for a corpus of two reports too
    fig, ax = pyplot().subplots(figsize=(1.0 * len(shares.columns) + 3, max(3.6, 0.32 * len(shares) + 1.8)))
    im = ax.imshow(shares.to_numpy(dtype=float), aspect="auto", cmap="Blues", vmin=0)
    ax.set_xticks(range(len(shares.columns)), labels=list(shares.columns), rotation=35, ha="right", fontsize=9)
    ax.set_yticks(range(len(shares)), labels=[str(i) for i in shares.index], fontsize=8)
    fig.colorbar(im, ax=ax, shrink=0.9).set_label("主题词占比 (share of theme hits)", fontsize=8)
    return finish_figure(fig, title, source)


def plot_targets_vs_results(table: pd.DataFrame, title: str = "目标与完成情况", source: str = "") -> Figure:
    """Stacked bars: per place and year, how many targets were met, missed, not comparable or without a result.

    Only years whose next report is in the corpus are drawn (the others can only be ``no result``; the table
    keeps them).
    """
    table = table[table.result_file.fillna("").astype(str) != ""]
    if table.empty:
        return empty_figure(title, source, "没有目标 (no targets: the corpus needs a report of year Y and one of Y+1 of the same place)")
    setup_fonts()
    counts = table.groupby([table.place.astype(str) + " " + table.year.astype(str), "status"]).size().unstack(fill_value=0)
    counts = counts.reindex(columns=list(STATUS_COLORS), fill_value=0).sort_index()
    fig, ax = pyplot().subplots(figsize=(7.5, 0.38 * len(counts) + 1.6))
    left = pd.Series(0, index=counts.index)
    for status, color in STATUS_COLORS.items():
        ax.barh(range(len(counts)), counts[status], left=left, color=color, label=status)
        left = left + counts[status]
    ax.set_yticks(range(len(counts)), labels=list(counts.index), fontsize=9)
    ax.invert_yaxis()
    ax.set_xlabel("目标个数 (targets)")
    # one row under the plot, above the source line: never over a bar
    height = fig.get_figheight()
    fig.legend(*ax.get_legend_handles_labels(), fontsize=8, ncol=4, loc="lower center", bbox_to_anchor=(0.5, 0.2 / height),
               frameon=False)
    return finish_figure(fig, title, source, bottom=0.55 / height)


GROWTH_COLORS = {"met": "#2e8b57", "missed": "#c0392b", "not comparable": "#d68910"}


def plot_growth_targets(panel: pd.DataFrame, title: str = "经济增长目标与实际增长", source: str = "growth_targets.csv") -> Figure:
    """Targets against results: one dot per place and year with both (x = target, y = realised growth), the 45° line.

    ``panel`` is ``growth_targets.csv`` (:func:`helpers.growth.growth_panel`). A range is drawn at its low end with a
    bar to its high end; dots above the line beat the target. Each dot is labelled ``place year`` (dots on one spot share
    a label; places sorted, so the figure is the same on every run). The dots are stored on the figure as ``fig.growth_points`` (place, year)
    for checks.
    """
    pairs = panel[panel.target_low.notna() & panel.result.notna()].sort_values(["place", "year"]).reset_index(drop=True)
    if pairs.empty:
        return empty_figure(title, source, "没有可比较的目标与结果 (no place has a target and the next report's result)")
    setup_fonts()
    fig, ax = pyplot().subplots(figsize=(7.2, 6.4))
    lo = float(min(pairs.target_low.min(), pairs.result.min())) - 0.5
    hi = float(max(pairs.target_high.max(), pairs.result.max())) + 0.5
    ax.plot([lo, hi], [lo, hi], color="#7f8c8d", lw=1, ls="--", label="45° 线：实际 = 目标")
    for status, color in GROWTH_COLORS.items():
        g = pairs[pairs.status == status]
        if g.empty:
            continue
        ranged = g[g.target_high > g.target_low]
        ax.hlines(ranged.result, ranged.target_low, ranged.target_high, color=color, lw=2, alpha=0.5)
        label = {"met": "完成 met", "missed": "未完成 missed", "not comparable": "不可比 not comparable"}[status]
        ax.scatter(g.target_low, g.result, s=36, color=color, edgecolor="white", linewidth=0.6, zorder=3,
                   label=f"{label} ({len(g)})")
    # one label per position (dots on one spot share it), moved down past labels already placed near it, with a
    # thin line to its dot when moved: nothing random, so the figure is the same on every run
    step = (hi - lo) / 42
    placed: list[tuple[float, float]] = []
    for (x, y), g in sorted(pairs.groupby(["target_low", "result"], sort=True), key=lambda kv: (-kv[0][1], kv[0][0])):
        names = [f"{p} {int(yr)}" for p, yr in zip(g.place, g.year)]
        label = "、".join(names) if len(names) <= 2 else f"{names[0]} 等 {len(names)} 个"
        ly = y
        while any(abs(x - px) < (hi - lo) / 6 and abs(ly - py) < step for px, py in placed):
            ly -= step
        placed.append((x, ly))
        moved = abs(ly - y) > 1e-9
        ax.annotate(label, (x, y), xytext=(x + step / 2, ly + step / 4), textcoords="data", fontsize=7, color="#34495e",
                    arrowprops={"arrowstyle": "-", "color": "#bdc3c7", "lw": 0.5} if moved else None)
    ax.set_xlim(lo, hi)
    ax.set_ylim(lo, hi)
    ax.set_aspect("equal")
    ax.set_xlabel("增长目标（%，区间取下限）")
    ax.set_ylabel("实际增长（%，下一年报告）")
    ax.legend(fontsize=8, loc="upper left")
    fig.growth_points = list(zip(pairs.place.astype(str), pairs.year.astype(int)))  # type: ignore[attr-defined]
    return finish_figure(fig, title, source)


def plot_indicator_across(rows: pd.DataFrame, title: str = "", source: str = "") -> Figure:
    """One indicator across reports: value by year, a line per place; targets hollow, actual values filled."""
    if rows.empty:
        return empty_figure(title, source, "没有这个指标 (the indicator is in no report)")
    setup_fonts()
    fig, ax = pyplot().subplots(figsize=(7.5, 3.8))
    places = sorted(rows.place.astype(str).unique())
    for i, place in enumerate(places):
        color = PALETTE[i % len(PALETTE)]
        for kind, face in (("actual", color), ("target", "white")):
            g = rows[(rows.place.astype(str) == place) & (rows.kind == kind)].sort_values("year")
            if g.empty:
                continue
            ax.plot(g.year.astype(int), g.value.astype(float), marker="o", ls="-" if kind == "actual" else ":",
                    color=color, markerfacecolor=face, label=f"{place} {'实际' if kind == 'actual' else '目标'}")
    ax.set_xlabel("年份（指标所指的年份）")
    unit = rows.unit.mode().iat[0] if not rows.unit.mode().empty else ""
    ax.set_ylabel(unit)
    if (rows.value.astype(float) >= 0).all():
        ax.set_ylim(bottom=0)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.legend(fontsize=8, ncol=2)
    return finish_figure(fig, title, source)


# --------------------------------------------------------------------------- the figures of a corpus, one function each


def theme_heatmap_figure(tables: CorpusTables, reports: pd.DataFrame) -> Figure:
    """Theme shares of whole reports (:func:`helpers.corpus.theme_matrix`): a row per report, a column per theme."""
    return plot_theme_heatmap(theme_matrix(tables.themes, reports), source=f"{len(reports)} 份报告")


def index_trends_figure(tables: CorpusTables, reports: pd.DataFrame, indices: list[str] | None = None) -> Figure:
    """The policy-attention indices per 10,000 characters on a year axis, a panel per index (``indices``: which;
    ``None``: all), titled with the index's label and id."""
    labels = {i.id: f"{i.label} ({i.id})" for i in load_indices().values()}
    attention = tables.indices[tables.indices.file.isin(reports.file)]
    if indices is not None:
        attention = attention[attention["index"].isin(indices)]
    attention = attention.assign(index=attention["index"].map(lambda i: labels.get(i, i)))
    return plot_year_trends(attention, "per_10k_chars", facet="index", title="政策注意力指数（每万字）", ylabel="每万字出现次数",
                            source="data/dictionaries/indices/")


def term_trends_figure(tables: CorpusTables, reports: pd.DataFrame, terms: list[str]) -> Figure:
    """Each of ``terms`` per 10,000 characters on a year axis (:func:`helpers.corpus.term_trends`), a panel per term."""
    return plot_year_trends(term_trends(tables.folder, reports, terms), "per_10k_chars", facet="term",
                            title="关键词的变化（每万字）", ylabel="每万字出现次数", source="keyword_counts")


def targets_vs_results_figure(tables: CorpusTables, reports: pd.DataFrame) -> Figure:
    """How many targets of each place and year set by ``reports`` were met, missed, … (:func:`plot_targets_vs_results`)."""
    tvr = tables.targets_vs_results
    return plot_targets_vs_results(tvr[tvr.target_file.isin(reports.file)])


def growth_targets_figure(tables: CorpusTables, reports: pd.DataFrame) -> Figure:
    """GDP growth targets against results of the places of ``reports`` (:func:`plot_growth_targets`)."""
    growth = tables.growth_targets
    return plot_growth_targets(growth[growth.place.isin(reports.place)] if "place" in growth else growth)


def indicator_across_figure(tables: CorpusTables, reports: pd.DataFrame, indicator: str) -> Figure:
    """One indicator across ``reports`` (:func:`helpers.corpus.indicator_across`): targets and actual values by year."""
    return plot_indicator_across(indicator_across(tables.indicators, reports, indicator), title=f"{indicator}：目标与实际")


@dataclass(frozen=True)
class CorpusFigure:
    """One figure of a corpus: its heading (on the corpus page), its function, the notebook parameters it needs.

    ``draw(tables, reports, **params)`` returns the figure; ``needs`` names the parameters it cannot do without
    (``terms``, ``indicator``); a figure that needs none is on the corpus page.
    """

    heading: str
    draw: Callable[..., Figure]
    needs: tuple[str, ...] = ()


#: Every figure of a corpus by name (its file name in ``figures/``), in the order notebook 05 and the page show them.
CORPUS_FIGURES: dict[str, CorpusFigure] = {
    "theme_heatmap": CorpusFigure("各报告的主题分布 Themes by report", theme_heatmap_figure),
    "index_trends": CorpusFigure("政策注意力指数 Policy-attention indices", index_trends_figure),
    "term_trends": CorpusFigure("关键词的变化 Keyword trends", term_trends_figure, ("terms",)),
    "targets_vs_results": CorpusFigure("目标与完成情况 Targets vs results", targets_vs_results_figure),
    "growth_targets": CorpusFigure("经济增长目标与实际 GDP growth: targets against results", growth_targets_figure),
    "indicator_across": CorpusFigure("一个指标的跨报告比较 One indicator across reports", indicator_across_figure, ("indicator",)),
}


def corpus_figure(name: str, tables: CorpusTables, reports: pd.DataFrame, **params: Any) -> Figure:
    """Draw the corpus figure ``name`` (a key of :data:`CORPUS_FIGURES`) for ``reports`` from ``tables``.

    ``params`` are the notebook parameters the figure takes (``indices``, ``terms``, ``indicator``).
    """
    if name not in CORPUS_FIGURES:
        raise ParameterError("figure", name, f"not a corpus figure; the figures are {', '.join(CORPUS_FIGURES)}")
    return CORPUS_FIGURES[name].draw(tables, reports, **params)


def page_figures() -> list[str]:
    """The corpus figures the corpus page shows: every one that needs no notebook parameter, in order."""
    return [name for name, figure in CORPUS_FIGURES.items() if not figure.needs]


def explain_corpus(reports: pd.DataFrame, corpus_path: object = "") -> str:
    """A Markdown summary of the corpus: how many reports, places and years; with one report, how to add more."""
    n = len(reports)
    places = sorted(reports.place.dropna().astype(str).unique())
    years = sorted(int(y) for y in reports.year.dropna())
    span = f"{years[0]}–{years[-1]}" if years else "unknown years"
    text = f"**{n} report{'s' if n != 1 else ''}** from {len(places)} place{'s' if len(places) != 1 else ''} ({'、'.join(places[:8])}{'…' if len(places) > 8 else ''}), {span}."
    if n < 2:
        text += (
            "\n\n**Only one report, so there is nothing to compare yet.** Comparisons need several reports: "
            "put more report files (plain text, UTF-8, UTF-16 or GBK, one report each, e.g. `beijing_2025.txt`) in one "
            "folder and set `corpus_path` to it (the sample lives in `data/raw/`, which the code only reads; use your "
            "own folder, e.g. `data/corpus/`), or give a list of files. Targets vs results need a place's reports of two "
            "consecutive years (its 2025 report sets the targets, its 2026 report gives the results). From the command line: "
            "`python -m helpers corpus FOLDER -o reports/corpus`. If place or year come out wrong, correct them in the "
            "`manifest.csv` written to the output folder, copy it into the corpus folder and run again."
        )
    return text
