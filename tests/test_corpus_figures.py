"""Corpus figures are drawn one way: one function per figure, used by notebook 05 and the corpus page alike."""
from __future__ import annotations

import ast
import json
import logging
import warnings

import matplotlib
import matplotlib.pyplot as plt
import pytest

from helpers.corpus import build_corpus, read_corpus
from helpers.corpus_figures import CORPUS_FIGURES, corpus_figure, page_figures
from helpers.corpus_page import write_page
from helpers.errors import ParameterError
from helpers.figures import save_figure, setup_fonts
from helpers.paths import NOTEBOOKS_DIR

from conftest import CORPUS

NOTEBOOK = NOTEBOOKS_DIR / "05_compare_reports.ipynb"
PARAMS = {"terms": ["创新", "生态"], "indicator": "地区生产总值", "indices": None}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    out = tmp_path_factory.mktemp("corpus")
    files = [CORPUS / f for f in ("national_2023.txt", "national_2024.txt", "anhui_2025.txt", "anhui_2026.txt")]
    summary = build_corpus(files, out, jobs=1, progress=False)
    tables = read_corpus(out)
    reports = tables.reports[(tables.reports.error == "") & (tables.reports.duplicate_of == "")]
    return summary, tables, reports


def _needs(name: str) -> dict:
    figure = CORPUS_FIGURES[name]
    return {k: PARAMS[k] for k in figure.needs}


def test_every_corpus_figure_draws_its_chinese_in_the_cjk_font(corpus, caplog):
    _, tables, reports = corpus
    family = setup_fonts()
    assert "Noto Sans CJK" in family
    with caplog.at_level(logging.WARNING, logger="matplotlib.font_manager"), warnings.catch_warnings():
        warnings.filterwarnings("error", message=".*[Gg]lyph.*missing.*")
        warnings.filterwarnings("error", message=".*missing from font.*")
        for name in CORPUS_FIGURES:
            fig = corpus_figure(name, tables, reports, **_needs(name))
            fig.canvas.draw()  # rendering is where missing glyphs are reported
            texts = [t for t in fig.findobj(matplotlib.text.Text) if t.get_text()]
            assert any(any("\u4e00" <= c <= "\u9fff" for c in t.get_text()) for t in texts), name
            fonts = {matplotlib.font_manager.findfont(t.get_fontproperties()) for t in texts}
            assert all("NotoSansCJK" in f.replace(" ", "") for f in fonts), (name, fonts)
            plt.close(fig)
    assert not [r.getMessage() for r in caplog.records if r.name.startswith("matplotlib.font_manager")]


def test_an_unknown_figure_gets_one_line(corpus):
    _, tables, reports = corpus
    with pytest.raises(ParameterError, match=r"^figure = 'pie': not a corpus figure; the figures are theme_heatmap"):
        corpus_figure("pie", tables, reports)


def test_the_corpus_page_shows_the_figures_notebook_05_draws(corpus, tmp_path):
    summary, tables, reports = corpus
    assert page_figures() == [n for n, f in CORPUS_FIGURES.items() if not f.needs]
    assert {"theme_heatmap", "index_trends", "targets_vs_results", "growth_targets"} <= set(page_figures())
    page = write_page(summary)
    text = page.read_text(encoding="utf-8")
    for name in page_figures():
        assert f"<h2>{CORPUS_FIGURES[name].heading}</h2><img src='figures/{name}.png'" in text, name
        # the page's picture is the one the registry's function draws: byte for byte
        fig = corpus_figure(name, tables, reports)
        mine = save_figure(fig, tmp_path, name)[0]
        plt.close(fig)
        assert mine.read_bytes() == (summary.output / "figures" / f"{name}.png").read_bytes(), name


def test_notebook_05_draws_every_corpus_figure_through_the_registry():
    code = "\n".join("".join(c["source"]) for c in json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
                     if c["cell_type"] == "code" and "parameters" not in c.get("metadata", {}).get("tags", []))
    drawn = []
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "corpus_figure":
            drawn.append(node.args[0].value)
        if isinstance(node, ast.ImportFrom) and node.module == "helpers.corpus_figures":
            assert not [a.name for a in node.names if a.name.startswith("plot_")], "a figure drawn another way"
    assert drawn == list(CORPUS_FIGURES)


def test_heat_map_colour_bar_label_fits_beside_the_bar_for_two_reports():
    """A corpus of two reports: the colour bar's vertical label is no taller than the bar (it was, and ran off it)."""
    import pandas as pd

    from helpers.corpus_figures import plot_theme_heatmap

    shares = pd.DataFrame([[0.1, 0.2, 0.3], [0.2, 0.1, 0.1]], index=["a_2025", "a_2026"], columns=["创新", "民生", "生态"])
    fig = plot_theme_heatmap(shares)
    try:
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        bar = next(a for a in fig.axes if a.get_label() == "<colorbar>")
        label = bar.yaxis.label.get_window_extent(renderer)
        assert label.height <= bar.get_window_extent(renderer).height * 1.02
        assert fig.bbox.contains(label.x0, label.y0) and fig.bbox.contains(label.x1, label.y1)
    finally:
        plt.close(fig)
