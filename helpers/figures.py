"""Figures with one consistent style, and Chinese that renders on any machine.

The CJK font is Noto Sans CJK (SIL Open Font License), installed into the project's environment
from PyPI (package ``cvttf-notosanscjk-regular``) by the README's set-up command. It is registered
with matplotlib through ``font_manager.fontManager.addfont`` (no global matplotlib files or caches
are edited); set ``GWR_CJK_FONT`` to a font file to use another. :func:`find_cjk_font` gives the same file
for anything else that draws text (e.g. ``wordcloud``'s ``font_path``): :func:`find_cjk_font`.

Every plotting function returns a matplotlib ``Figure`` with a Chinese title, labelled axes and a
source line; :func:`save_figure` writes it as PNG and SVG, reproducibly (no timestamps, fixed SVG ids).
"""
from __future__ import annotations

import io
import os
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from . import cache
from .errors import FontNotFoundError

if TYPE_CHECKING:
    from matplotlib.figure import Figure

def pyplot():
    """matplotlib's pyplot, imported on first use: a process that only reads saved figures (:func:`figure_info`) or
    subsets the font (the render's own process, whose kernels draw) does not import matplotlib (0.4 s)."""
    import matplotlib.pyplot as plt

    return plt


PALETTE = ["#1f4e79", "#c0392b", "#2e8b57", "#d68910", "#6c3483", "#117a65", "#b03a2e", "#2874a6", "#7d6608", "#5d6d7e"]
SOURCE_PREFIX = "来源："


def find_cjk_font() -> Path:
    """The CJK font file: ``$GWR_CJK_FONT`` if set, else the Noto Sans CJK installed with the project."""
    if env := os.environ.get("GWR_CJK_FONT"):
        path = Path(env)
        if not path.is_file():
            raise FontNotFoundError(f"GWR_CJK_FONT={env}: no such font file")
        return path
    try:
        import cvttf_NotoSansCJK_Regular as noto
    except ImportError:
        raise FontNotFoundError(
            "the CJK font package is not installed: run `make venv` (or pip install cvttf-notosanscjk-regular==1.0)"
        ) from None
    return Path(noto.get_TTF_path())


def cjk_font_subset(chars: set[str] | str) -> bytes:
    """The CJK font cut down to the non-ASCII ``chars`` (OpenType bytes, cached per character set).

    Web pages embed this subset so that they show Chinese on machines without a Chinese font; subsetting
    the 16 MB font takes a second or two, so each character set is subset once (fontTools).
    """
    codepoints = sorted({ord(c) for c in chars if ord(c) > 0x7F})
    source = find_cjk_font()
    path = cache.entry("fonts", f"{source}:{source.stat().st_size}:{codepoints}")
    if (data := cache.read_bytes(path)) is not None:
        return data
    from fontTools import subset  # only to subset: importing it takes 0.1 s

    options = subset.Options()
    options.layout_features, options.name_IDs, options.notdef_outline = ["*"], ["*"], True
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=codepoints)
    subsetter.subset(font)
    buffer = io.BytesIO()
    subset.save_font(font, buffer, options)
    cache.write_bytes(path, buffer.getvalue())
    return buffer.getvalue()


@lru_cache(maxsize=None)
def setup_fonts() -> str:
    """Register the CJK font with matplotlib and set the house style; returns the font family name.

    Safe to call many times. Sets ``axes.unicode_minus = False`` (the CJK font has no U+2212 minus)
    and fixed SVG ids (``svg.hashsalt``) so that the same figure gives the same file.
    """
    import matplotlib
    from matplotlib import font_manager

    path = find_cjk_font()
    font_manager.fontManager.addfont(str(path))
    family = font_manager.FontProperties(fname=str(path)).get_name()
    matplotlib.rcParams.update(
        {
            "font.family": "sans-serif",
            "font.sans-serif": [family, "DejaVu Sans"],
            "axes.unicode_minus": False,
            "svg.hashsalt": "gwr-workbook",
            "svg.fonttype": "path",
            "figure.dpi": 100,
            "savefig.dpi": 150,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.titleweight": "normal",
            "axes.titlesize": 13,
            "axes.prop_cycle": matplotlib.cycler(color=PALETTE),
        }
    )
    return family


def finish_figure(fig: Figure, title: str, source: str, bottom: float = 0.03) -> Figure:
    """The house style's last touches: the title top left, the source line at the bottom (above ``bottom``)."""
    fig.suptitle(title, x=0.01, ha="left", fontsize=15)
    if source:
        fig.text(0.01, 0.005, f"{SOURCE_PREFIX}{source}", fontsize=8, color="#555555", ha="left", va="bottom")
    fig.tight_layout(rect=(0, bottom, 1, 0.95))
    # tight_layout leaves a do-nothing placeholder layout engine behind, and with any engine set every savefig
    # first draws the whole figure once more just to run it; the layout is done, so drop it (same files).
    fig.set_layout_engine(None)
    return fig


def empty_figure(title: str, source: str, message: str) -> Figure:
    """A small figure that says there is nothing to plot (instead of failing on empty data).

    It is a strip one line high, not a figure's worth of blank space; the saved files say it is empty
    (:func:`figure_info`), so the index can show the message as a line of text instead of a picture.
    """
    setup_fonts()
    fig, ax = pyplot().subplots(figsize=(6, 1.1))
    ax.text(0.0, 0.5, message, ha="left", va="center", transform=ax.transAxes, color="#555555")
    ax.set_axis_off()
    fig._gwr_empty = message  # type: ignore[attr-defined]
    return finish_figure(fig, title, "", bottom=0.0)


def save_figure(fig: Figure, folder: str | Path, name: str) -> list[Path]:
    """Save ``fig`` as ``name.png`` and ``name.svg`` in ``folder`` (no timestamps); returns the paths.

    Labels shortened by :func:`shorten` keep their full text as an SVG ``<title>`` (a tooltip in a browser).
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"{name}.png", folder / f"{name}.svg"]
    # the title and, for an empty figure, its message travel in the PNG (see figure_info)
    info = {"Title": fig.get_suptitle()} | ({"Description": f"{EMPTY}{fig._gwr_empty}"} if getattr(fig, "_gwr_empty", "") else {})
    fig.savefig(paths[0], metadata={"Software": None, **info})
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    svg = buffer.getvalue()
    for gid, full in getattr(fig, "_gwr_full_labels", {}).items():
        svg = svg.replace(f'<g id="{gid}">', f'<g id="{gid}"><title>{_xml_escape(full)}</title>', 1)
    paths[1].write_text(svg, encoding="utf-8")
    return paths


#: How a saved figure says it has nothing to show: its PNG's ``Description`` starts with this, then the message.
EMPTY = "empty: "


def figure_info(png: str | Path) -> tuple[str, str]:
    """A saved figure's title and, for a figure with nothing to show (:func:`empty_figure`), its message ("" else).

    Read from the PNG's text chunks (written by :func:`save_figure`); a PNG without them gives ``("", "")``.
    """
    from PIL import Image

    try:
        with Image.open(png) as im:
            text = dict(getattr(im, "text", {}) or {})
    except OSError:
        return "", ""
    description = text.get("Description", "")
    return text.get("Title", ""), description[len(EMPTY):] if description.startswith(EMPTY) else ""


def _xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


#: Longest label, in characters (a CJK character counts as one), before it is shortened with an ellipsis.
MAX_LABEL = 16


def shorten(label: str, limit: int = MAX_LABEL) -> str:
    """``label`` cut to ``limit`` characters with an ellipsis (…) when it is longer."""
    label = str(label)
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _tick_labels(fig: Figure, ticks: list, labels: list[str], limit: int = MAX_LABEL) -> None:
    """Shorten long tick labels and remember each full label for the SVG tooltip (see :func:`save_figure`)."""
    full = getattr(fig, "_gwr_full_labels", {})
    for tick, label in zip(ticks, labels):
        if shorten(label, limit) != label:
            gid = f"gwr-label-{len(full)}"
            tick.set_gid(gid)
            full[gid] = label
    fig._gwr_full_labels = full  # type: ignore[attr-defined]


def show_figure(fig: Figure, folder: str | Path, name: str):
    """Save ``fig`` (PNG and SVG, see :func:`save_figure`), close it, and return the PNG for display.

    Showing the saved PNG instead of letting the notebook draw the figure a third time keeps
    rendering fast; the picture is the same file the report links to.
    """
    paths = save_figure(fig, folder, name)
    width = int(fig.get_figwidth() * 100)
    pyplot().close(fig)
    try:
        from IPython.display import Image
    except ImportError:  # outside Jupyter: the paths are the useful result
        return paths
    return Image(filename=str(paths[0]), width=width)


def _bars(labels: list[str], values: list[float], texts: list[str], colors: list[str], xlabel: str, ylabel: str,
          title: str, source: str) -> Figure:
    """Horizontal bars, one per label (repeated labels keep their own bars), each with its value written.

    Long labels are shortened with an ellipsis; the full label is the SVG tooltip.
    """
    setup_fonts()
    fig, ax = pyplot().subplots(figsize=(7, max(2.5, 0.33 * len(labels) + 1.2)))
    ax.barh(range(len(labels)), values, color=colors)
    ax.set_yticks(range(len(labels)), labels=[shorten(label) for label in labels])
    _tick_labels(fig, ax.get_yticklabels(), labels)
    for y, (v, t) in enumerate(zip(values, texts)):
        ax.text(v, y, t, va="center", fontsize=8)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    return finish_figure(fig, title, source)


#: A term is generic when Chinese at large uses it at least this often (jieba's dictionary counts it in at
#: least 1 of every 3,000 words) and the report spreads it over most of its sections (:data:`GENERIC_SPREAD`).
GENERIC_RATE = 1 / 3000
GENERIC_SPREAD = 0.7


def _jieba_lexicon() -> dict[str, tuple[int, str]]:
    """jieba's own dictionary, reduced to what the keyword rule needs: place names and common words.

    ``{word: (count, part of speech)}`` for every word tagged ``ns`` (place name) or counted at least
    :data:`GENERIC_RATE` of all words; cached on disk, since reading the whole dictionary takes a second.
    """
    import jieba

    path = Path(jieba.__file__).with_name("dict.txt")

    def compute() -> dict[str, tuple[int, str]]:
        rows = [line.split() for line in path.read_text(encoding="utf-8").splitlines()]
        rows = [r for r in rows if len(r) == 3 and r[1].isdigit()]
        total = sum(int(r[1]) for r in rows)
        return {"": (total, "")} | {w: (int(f), t) for w, f, t in rows if t.startswith("ns") or int(f) >= GENERIC_RATE * total}

    return cache.cached("jieba-lexicon", str(path), [path], compute, valid=dict)


def keyword_exclusions(freq: pd.DataFrame) -> pd.DataFrame:
    """Which terms the top-keywords figure leaves out, and why (``term``, ``reason``), by two rules.

    * a place name: jieba's dictionary tags the term (or the term without a trailing 省/市/县/区) ``ns``;
    * a generic word: common in Chinese at large (:data:`GENERIC_RATE`) and spread over at least
      :data:`GENERIC_SPREAD` of the report's sections (``doc_share``), so it says little about this report.

    Policy terms and terms discovered in the report are always kept.
    """
    lexicon = _jieba_lexicon()
    total = lexicon[""][0]
    rows = []
    for r in freq.to_dict("records"):
        term = str(r["term"])
        if r.get("policy_term") is True or r.get("discovered") is True:
            continue
        stem = re.sub(r"[省市县区]$", "", term)
        if lexicon.get(term, (0, ""))[1].startswith("ns") or (stem != term and lexicon.get(stem, (0, ""))[1].startswith("ns")):
            rows.append({"term": term, "reason": "地名 place name"})
        elif lexicon.get(term, (0, ""))[0] >= GENERIC_RATE * total and float(r.get("doc_share", 1.0)) >= GENERIC_SPREAD:
            rows.append({"term": term, "reason": "泛用词 generic word"})
    return pd.DataFrame(rows, columns=["term", "reason"])


def plot_top_keywords(freq: pd.DataFrame, n: int = 20, title: str = "高频关键词", source: str = "",
                      drop_generic: bool = True) -> Figure:
    """Horizontal bars of the ``n`` most frequent terms (``term``, ``count`` columns).

    With ``drop_generic`` (the default) place names and generic words are left out by the rules of
    :func:`keyword_exclusions`, and the source line says how many were left out.
    """
    if drop_generic and len(freq):
        dropped = keyword_exclusions(freq.head(max(n * 3, 60)))
        freq = freq[~freq["term"].isin(dropped["term"])]
        if len(dropped):
            source = (source + "；" if source else "") + f"未计地名和泛用词{len(dropped)}个（{'、'.join(dropped.term.head(4))}…）"
    top = freq.head(n).iloc[::-1]
    return _bars(list(top["term"]), list(top["count"]), [f" {v}" for v in top["count"]], [PALETTE[0]] * len(top),
                 "出现次数", "关键词", title, source)


def plot_theme_shares(shares: pd.DataFrame, title: str = "各部分的主题分布", source: str = "") -> Figure:
    """A heatmap of theme shares: rows are sections (index), columns are theme labels, values 0–1."""
    setup_fonts()
    if shares.empty:
        return empty_figure(title, source, "没有可比较的部分或章节")
    fig, ax = pyplot().subplots(figsize=(max(6, 0.75 * shares.shape[1] + 3), max(3, 0.45 * shares.shape[0] + 1.5)))
    im = ax.imshow(shares.to_numpy(dtype=float), cmap="Blues", aspect="auto", vmin=0, vmax=max(0.01, float(shares.to_numpy().max())))
    rows = [str(i) for i in shares.index]
    ax.set_yticks(range(shares.shape[0]), labels=[shorten(r, 18) for r in rows], fontsize=9)
    _tick_labels(fig, ax.get_yticklabels(), rows, 18)
    cols = [str(c) for c in shares.columns]
    ax.set_xticks(range(shares.shape[1]), labels=[shorten(c, 10) for c in cols], rotation=40, ha="right", fontsize=9)
    _tick_labels(fig, ax.get_xticklabels(), cols, 10)
    for (i, j), v in pd.DataFrame(shares.to_numpy()).stack().items():
        if v >= 0.005:
            # inside its cell, so it cannot move the layout: tight_layout need not measure it (the same figure, faster)
            ax.text(j, i, f"{v:.0%}", ha="center", va="center", fontsize=7, color="white" if v > 0.5 * shares.to_numpy().max() else "black",
                    in_layout=False)
    ax.set_xlabel("主题")
    ax.set_ylabel("部分 / 章节")
    fig.colorbar(im, ax=ax, fraction=0.03, label="主题词占比")
    return finish_figure(fig, title, source)


def pairs_period(pairs: pd.DataFrame) -> str:
    """The period the ``由…增至…`` pairs cover, in words: ``2015—2020年`` or ``2019—2020年等`` (mixed periods)."""
    if pairs.empty:
        return ""
    counts = Counter((str(a), str(b)) for a, b in zip(pairs.from_year, pairs.to_year) if str(a) and str(b))
    if not counts:
        return ""
    spans = sorted(counts, key=lambda span: (-counts[span], span))  # the commonest period, ties by year
    a, b = spans[0]
    return f"{a}—{b}年" + ("等" if len(spans) > 1 else "")


def plot_indicator_pairs(pairs: pd.DataFrame, title: str = "", source: str = "") -> Figure:
    """For each ``由…增至…`` pair, base and end values as a dumbbell, scaled to the base (= 100).

    The default title states the period the pairs really cover (e.g. ``2015—2020年的变化``).
    """
    setup_fonts()
    title = title or (f"{pairs_period(pairs)}的变化：从基期到末期" if not pairs.empty else "从基期到末期的变化")
    if pairs.empty:
        return empty_figure(title, source, "本报告没有“由…增至…”形式的指标")
    fig, ax = pyplot().subplots(figsize=(7.5, max(2.5, 0.45 * len(pairs) + 1.2)))
    p = pairs.reset_index(drop=True)
    index = 100 * p.to_value / p.from_value.where(p.from_value != 0)
    labels = [f"{r.indicator or '（未命名）'}（{r.unit}，{r.from_year}→{r.to_year}）" for r in p.itertuples()]
    for i, (v, r) in enumerate(zip(index, p.itertuples())):
        ax.plot([100, v], [i, i], color="#999999", zorder=1)
        ax.scatter([100], [i], color=PALETTE[0], zorder=2, label="基期" if i == 0 else None)
        ax.scatter([v], [i], color=PALETTE[1], zorder=2, label="末期" if i == 0 else None)
        ax.text(v, i + 0.18, f"{r.from_value:g}→{r.to_value:g}", fontsize=8, ha="center")
    ax.set_yticks(range(len(p)), labels=[shorten(label, 24) for label in labels], fontsize=9)
    _tick_labels(fig, ax.get_yticklabels(), labels, 24)
    ax.set_xlabel("末期值（基期 = 100）")
    ax.set_ylabel("指标")
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8, frameon=False)
    return finish_figure(fig, title, source)


#: Panels of the targets figure: which measures share an axis, and how the axis is labelled.
TARGET_PANELS = [
    ("growth rate", "增长率目标（%）"),
    ("share", "比率目标（%）"),
    ("percentage points", "变动目标（个百分点）"),
]


def _target_label(row: dict) -> str:
    name = str(row.get("indicator") or "").strip() or str(row.get("sentence") or "")[:12] or "（未命名指标）"
    return name


def plot_targets(targets: pd.DataFrame, title: str = "", source: str = "", per_panel: int = 10,
                 max_panels: int = 4) -> Figure:
    """The coming year's targets, one panel per kind of measure, each bar labelled with its indicator and value.

    Growth rates (%) and shares (%) get panels of their own; every other measure (levels, counts …)
    is grouped by unit, one panel per unit with the most targets first, so no axis mixes units. At most
    ``per_panel`` bars per panel and ``max_panels`` panels; the source line says how many targets are
    left to the targets table. The default title names the targets' year (``2021年预期目标``).
    """
    setup_fonts()
    if not title:
        years = sorted({str(y) for y in targets.get("year", pd.Series(dtype=str)) if str(y)})
        title = f"{'、'.join(years)}年预期目标" if years else "年度预期目标"
    t = targets.copy()
    t["value_num"] = pd.to_numeric(t.value, errors="coerce")
    t = t[t.value_num.notna()].drop_duplicates(["indicator", "value", "unit"])
    if t.empty:
        return empty_figure(title, source, "本报告没有数值形式的目标")
    measure = t.get("measure", pd.Series("", index=t.index)).astype(str)
    panels: list[tuple[str, pd.DataFrame]] = []
    used = pd.Series(False, index=t.index)
    for m, label in TARGET_PANELS:
        unit = "%" if m != "percentage points" else "个百分点"
        rows = t[(measure == m) & (t.unit.astype(str) == unit)]
        if len(rows):
            panels.append((label, rows))
            used |= t.index.isin(rows.index)
    rest = t[~used]
    for unit, rows in sorted(rest.groupby(rest.unit.astype(str)), key=lambda kv: (-len(kv[1]), kv[0])):
        panels.append((f"数量目标（{unit}）", rows))
    shown = sum(min(per_panel, len(rows)) for _, rows in panels[:max_panels])
    if shown < len(t):
        source = (source + "；" if source else "") + f"另有{len(t) - shown}个目标见目标表"
    panels = panels[:max_panels]
    heights = [min(per_panel, len(rows)) for _, rows in panels]
    fig, axes = pyplot().subplots(len(panels), 1, figsize=(7.5, 1.0 + sum(0.3 * h + 0.7 for h in heights)),
                             gridspec_kw={"height_ratios": [h + 1.5 for h in heights]}, squeeze=False)
    for ax, (label, rows), color in zip(axes[:, 0], panels, PALETTE):
        rows = rows.head(per_panel).iloc[::-1]
        labels = [_target_label(r) for r in rows.to_dict("records")]
        ax.barh(range(len(rows)), rows.value_num, color=color)
        ax.set_yticks(range(len(rows)), labels=[shorten(x) for x in labels], fontsize=9)
        _tick_labels(fig, ax.get_yticklabels(), labels)
        for y, r in enumerate(rows.to_dict("records")):
            ax.text(r["value_num"], y, f" {r['value_num']:g}{r['unit']}{r.get('qualifier') or ''}", va="center", fontsize=8)
        ax.set_xlabel(label, fontsize=9)
        ax.margins(x=0.25)
    return finish_figure(fig, title, source)


def report_years(names: list[str]) -> list[int | None]:
    """The year in each report name (``national_2016_gbk`` → 2016), or ``None`` where there is none."""
    years = []
    for name in names:
        m = re.search(r"(?<!\d)(19[5-9]\d|20\d\d)(?!\d)", str(name))
        years.append(int(m.group(1)) if m else None)
    return years


def plot_keyword_trends(counts: pd.DataFrame, title: str = "关键词在各报告中的变化", source: str = "",
                        years: list[int | None] | None = None) -> Figure:
    """Lines of keyword frequency (per 10,000 characters) across reports: index = report, columns = terms.

    When every report has a year of its own (``years``, or read from the report names), the x axis is a
    true year axis (gaps between years show as gaps); otherwise the reports are evenly spaced, by name.
    """
    setup_fonts()
    fig, ax = pyplot().subplots(figsize=(7.5, 4))
    years = years if years is not None else report_years(list(counts.index))
    year_axis = len(counts) > 0 and all(y is not None for y in years) and len(set(years)) == len(years)
    if year_axis:
        order = sorted(range(len(counts)), key=lambda i: years[i])
        x = [years[i] for i in order]
        counts = counts.iloc[order]
    else:
        x = list(range(len(counts)))
    for i, term in enumerate(counts.columns):
        ax.plot(x, counts[term], marker="o", label=term, color=PALETTE[i % len(PALETTE)])
    if year_axis:
        span = range(min(x), max(x) + 1)
        step = max(1, len(span) // 12)
        ax.set_xticks(list(span)[::step], labels=[str(y) for y in list(span)[::step]], fontsize=9)
        ax.set_xlabel("年份")
    else:
        ax.set_xticks(x, labels=[shorten(str(i), 20) for i in counts.index], rotation=30, ha="right", fontsize=9)
        ax.set_xlabel("报告")
    ax.set_ylabel("每万字出现次数")
    ax.legend(fontsize=8, ncol=2)
    return finish_figure(fig, title, source)
