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
from functools import lru_cache
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib import font_manager
from matplotlib.figure import Figure

from . import cache

PALETTE = ["#1f4e79", "#c0392b", "#2e8b57", "#d68910", "#6c3483", "#117a65", "#b03a2e", "#2874a6", "#7d6608", "#5d6d7e"]
SOURCE_PREFIX = "来源："


class FontNotFoundError(RuntimeError):
    """No CJK font could be found: figures would show tofu boxes."""


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
    from fontTools import subset

    codepoints = sorted({ord(c) for c in chars if ord(c) > 0x7F})
    source = find_cjk_font()
    path = cache.entry("fonts", f"{source}:{source.stat().st_size}:{codepoints}")
    if (data := cache.read_bytes(path)) is not None:
        return data
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


def _finish(fig: Figure, title: str, source: str) -> Figure:
    fig.suptitle(title, x=0.01, ha="left", fontsize=15)
    if source:
        fig.text(0.01, 0.005, f"{SOURCE_PREFIX}{source}", fontsize=8, color="#555555", ha="left", va="bottom")
    fig.tight_layout(rect=(0, 0.03, 1, 0.95))
    return fig


def _empty(title: str, source: str, message: str) -> Figure:
    """A small figure that says there is nothing to plot (instead of failing on empty data)."""
    fig, ax = plt.subplots(figsize=(6, 2.5))
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes)
    ax.set_axis_off()
    return _finish(fig, title, source)


def save_figure(fig: Figure, folder: str | Path, name: str) -> list[Path]:
    """Save ``fig`` as ``name.png`` and ``name.svg`` in ``folder`` (no timestamps); returns the paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"{name}.png", folder / f"{name}.svg"]
    fig.savefig(paths[0], metadata={"Software": None})
    fig.savefig(paths[1], metadata={"Date": None, "Creator": None})
    return paths


def show_figure(fig: Figure, folder: str | Path, name: str):
    """Save ``fig`` (PNG and SVG, see :func:`save_figure`), close it, and return the PNG for display.

    Showing the saved PNG instead of letting the notebook draw the figure a third time keeps
    rendering fast; the picture is the same file the report links to.
    """
    paths = save_figure(fig, folder, name)
    width = int(fig.get_figwidth() * 100)
    plt.close(fig)
    try:
        from IPython.display import Image
    except ImportError:  # outside Jupyter: the paths are the useful result
        return paths
    return Image(filename=str(paths[0]), width=width)


def _bars(labels: list[str], values: list[float], texts: list[str], colors: list[str], xlabel: str, ylabel: str,
          title: str, source: str) -> Figure:
    """Horizontal bars, one per label (repeated labels keep their own bars), each with its value written."""
    setup_fonts()
    fig, ax = plt.subplots(figsize=(7, max(2.5, 0.33 * len(labels) + 1.2)))
    ax.barh(range(len(labels)), values, color=colors)
    ax.set_yticks(range(len(labels)), labels=labels)
    for y, (v, t) in enumerate(zip(values, texts)):
        ax.text(v, y, t, va="center", fontsize=8)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    return _finish(fig, title, source)


def plot_top_keywords(freq: pd.DataFrame, n: int = 20, title: str = "高频关键词", source: str = "") -> Figure:
    """Horizontal bars of the ``n`` most frequent terms (``term``, ``count`` columns)."""
    top = freq.head(n).iloc[::-1]
    return _bars(list(top["term"]), list(top["count"]), [f" {v}" for v in top["count"]], [PALETTE[0]] * len(top),
                 "出现次数", "关键词", title, source)


def plot_theme_shares(shares: pd.DataFrame, title: str = "各部分的主题分布", source: str = "") -> Figure:
    """A heatmap of theme shares: rows are sections (index), columns are theme labels, values 0–1."""
    setup_fonts()
    if shares.empty:
        return _empty(title, source, "没有可比较的部分或章节")
    fig, ax = plt.subplots(figsize=(max(6, 0.75 * shares.shape[1] + 3), max(3, 0.45 * shares.shape[0] + 1.5)))
    im = ax.imshow(shares.to_numpy(dtype=float), cmap="Blues", aspect="auto", vmin=0, vmax=max(0.01, float(shares.to_numpy().max())))
    ax.set_xticks(range(shares.shape[1]), labels=list(shares.columns), rotation=40, ha="right", fontsize=9)
    ax.set_yticks(range(shares.shape[0]), labels=[str(i) for i in shares.index], fontsize=9)
    for (i, j), v in pd.DataFrame(shares.to_numpy()).stack().items():
        if v >= 0.005:
            ax.text(j, i, f"{v:.0%}", ha="center", va="center", fontsize=7, color="white" if v > 0.5 * shares.to_numpy().max() else "black")
    ax.set_xlabel("主题")
    ax.set_ylabel("部分 / 章节")
    fig.colorbar(im, ax=ax, fraction=0.03, label="主题词占比")
    return _finish(fig, title, source)


def plot_indicator_pairs(pairs: pd.DataFrame, title: str = "五年变化：从基期到末期", source: str = "") -> Figure:
    """For each ``由…增至…`` pair, base and end values as a dumbbell, scaled to the base (= 100)."""
    setup_fonts()
    if pairs.empty:
        return _empty(title, source, "本报告没有“由…增至…”形式的指标")
    fig, ax = plt.subplots(figsize=(7.5, max(2.5, 0.45 * len(pairs) + 1.2)))
    p = pairs.reset_index(drop=True)
    index = 100 * p.to_value / p.from_value.where(p.from_value != 0)
    labels = [f"{r.indicator}（{r.unit}）" for r in p.itertuples()]
    for i, (v, r) in enumerate(zip(index, p.itertuples())):
        ax.plot([100, v], [i, i], color="#999999", zorder=1)
        ax.scatter([100], [i], color=PALETTE[0], zorder=2, label="基期" if i == 0 else None)
        ax.scatter([v], [i], color=PALETTE[1], zorder=2, label="末期" if i == 0 else None)
        ax.text(v, i + 0.18, f"{r.from_value:g}→{r.to_value:g}", fontsize=8, ha="center")
    ax.set_yticks(range(len(p)), labels=labels, fontsize=9)
    ax.set_xlabel("末期值（基期 = 100）")
    ax.set_ylabel("指标")
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8, frameon=False)
    return _finish(fig, title, source)


def plot_targets(targets: pd.DataFrame, title: str = "年度预期目标", source: str = "") -> Figure:
    """Bars of the coming year's percentage targets (growth rates and shares)."""
    setup_fonts()
    pct = targets[targets.unit == "%"].copy()
    pct["value_num"] = pct.value.astype(float)
    pct = pct.drop_duplicates(["indicator", "value"]).head(25).iloc[::-1]
    if pct.empty:
        return _empty(title, source, "没有百分比形式的目标")
    colors = [PALETTE[0] if m == "growth rate" else PALETTE[2] for m in pct.measure]
    texts = [f" {v:g}%{q}" for v, q in zip(pct.value_num, pct.qualifier)]
    return _bars([str(i) for i in pct.indicator], list(pct.value_num), texts, colors,
                 "目标值（%）：蓝色为增长率，绿色为比率", "指标", title, source)


def plot_keyword_trends(counts: pd.DataFrame, title: str = "关键词在各报告中的变化", source: str = "") -> Figure:
    """Lines of keyword frequency (per 10,000 characters) across reports: index = report, columns = terms."""
    setup_fonts()
    fig, ax = plt.subplots(figsize=(7.5, 4))
    for i, term in enumerate(counts.columns):
        ax.plot(range(len(counts)), counts[term], marker="o", label=term, color=PALETTE[i % len(PALETTE)])
    ax.set_xticks(range(len(counts)), labels=[str(i) for i in counts.index], rotation=30, ha="right", fontsize=9)
    ax.set_xlabel("报告")
    ax.set_ylabel("每万字出现次数")
    ax.legend(fontsize=8, ncol=2)
    return _finish(fig, title, source)
