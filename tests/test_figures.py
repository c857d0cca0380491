"""Figures: the CJK font is set up, Chinese renders without missing-glyph warnings, files are written."""
from __future__ import annotations

import warnings

import matplotlib
import matplotlib.pyplot  # noqa: F401 - helpers.figures imports pyplot only when it draws; the fixture closes figures
import pandas as pd
import pytest

from helpers import figures


@pytest.fixture(autouse=True)
def _glyph_warnings_fail():
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=".*[Gg]lyph.*missing.*")
        warnings.filterwarnings("error", message=".*missing from font.*")
        yield
    matplotlib.pyplot.close("all")


def _texts(fig) -> str:
    return " ".join(t.get_text() for t in fig.findobj(matplotlib.text.Text))


@pytest.fixture(autouse=True)
def _no_font_fallback(caplog):
    yield
    fallbacks = [r.getMessage() for r in caplog.records if r.name.startswith("matplotlib.font_manager")]
    assert not fallbacks, fallbacks


def _check(fig, tmp_path, name, expect: list[str]):
    fig.canvas.draw()  # rendering is where missing glyphs are reported
    text = _texts(fig)
    for word in expect:
        assert word in text
    assert "来源：" in text
    paths = figures.save_figure(fig, tmp_path, name)
    assert [p.suffix for p in paths] == [".png", ".svg"] and all(p.stat().st_size > 1000 for p in paths)


def test_font_setup():
    family = figures.setup_fonts()
    assert "CJK" in family
    assert matplotlib.rcParams["axes.unicode_minus"] is False
    assert matplotlib.rcParams["font.sans-serif"][0] == family
    assert figures.find_cjk_font().is_file()


def test_bad_font_override(monkeypatch):
    monkeypatch.setenv("GWR_CJK_FONT", "/nonexistent/font.otf")
    with pytest.raises(figures.FontNotFoundError, match="no such font file"):
        figures.find_cjk_font()


def test_top_keywords(tmp_path):
    freq = pd.DataFrame({"term": ["高质量发展", "营商环境", "科技创新"], "count": [12, 7, 5]})
    _check(figures.plot_top_keywords(freq, source="测试"), tmp_path, "kw", ["高频关键词", "高质量发展", "出现次数"])


def test_theme_shares(tmp_path):
    shares = pd.DataFrame({"科技创新与人才": [0.5, 0.1], "民生保障": [0.2, 0.6]}, index=["（一）创新", "（八）民生"])
    _check(figures.plot_theme_shares(shares, source="测试"), tmp_path, "themes", ["民生保障", "（八）民生"])


def test_indicator_pairs_and_negative_numbers(tmp_path):
    pairs = pd.DataFrame({"indicator": ["地区生产总值", "燃煤电厂"], "unit": ["亿元", "家"], "from_year": ["2015", "2015"],
                          "from_value": [8681.0, 25.0], "to_year": ["2020", "2020"], "to_value": [12370.0, -20.0],
                          "kind": ["actual", "actual"], "pair_id": ["a", "b"]})
    fig = figures.plot_indicator_pairs(pairs, source="测试")
    _check(fig, tmp_path, "pairs", ["地区生产总值（亿元，2015→2020）", "-20", "2015—2020年的变化"])
    one_year = pairs.assign(from_year="2019")
    assert "2019—2020年的变化" in _texts(figures.plot_indicator_pairs(one_year))
    assert "五年" not in _texts(figures.plot_indicator_pairs(one_year))


def test_targets(tmp_path):
    t = pd.DataFrame({"indicator": ["地区生产总值", "覆盖率"], "value": ["7", "50"], "unit": ["%", "%"],
                      "qualifier": ["左右", ""], "measure": ["growth rate", "share"]})
    _check(figures.plot_targets(t, source="测试"), tmp_path, "targets", ["年度预期目标", "7%左右"])


def test_targets_by_measure_every_bar_labelled(tmp_path):
    t = pd.DataFrame({"indicator": ["地区生产总值", "覆盖率", "城镇新增就业", "", "高新技术企业"],
                      "value": ["6", "50", "13.5", "3", "4800"], "unit": ["%", "%", "万人", "%", "家"],
                      "qualifier": ["", "", "", "", ""], "measure": ["growth rate", "share", "level", "growth rate", "count"],
                      "sentence": ["", "", "", "居民消费价格涨幅3%左右", ""], "year": ["2024"] * 5})
    fig = figures.plot_targets(t, source="测试")
    axes = fig.get_axes()
    assert len(axes) == 4  # growth rates, shares, 万人, 家: never two units on one axis
    labels = [t.get_text() for ax in axes for t in ax.get_yticklabels()]
    assert all(label.strip() for label in labels) and "居民消费价格涨幅3%左右" in labels
    _check(fig, tmp_path, "targets_by_measure", ["2024年预期目标", "增长率目标（%）", "4800家"])


def test_long_labels_end_in_an_ellipsis_and_keep_the_full_name(tmp_path):
    long = "着力抢占创新驱动发展新赛道全力打造具有国际影响力的产业科技创新中心"
    fig = figures.plot_theme_shares(pd.DataFrame({"民生保障": [0.5]}, index=[f"3.1 {long}"]), source="测试")
    fig.canvas.draw()
    shown = [t.get_text() for t in fig.get_axes()[0].get_yticklabels()]
    assert shown[0].endswith("…") and len(shown[0]) <= figures.MAX_LABEL + 2
    svg = figures.save_figure(fig, tmp_path, "long")[1].read_text(encoding="utf-8")
    assert f"<title>3.1 {long}</title>" in svg


def test_top_keywords_leave_out_place_names_and_generic_words_by_rule():
    freq = pd.DataFrame({"term": ["城市", "上海", "国家", "创新", "浦东新区", "营商环境"], "count": [60, 50, 40, 30, 20, 10],
                         "doc_share": [0.9, 0.8, 0.9, 0.9, 0.3, 0.5], "policy_term": [False] * 5 + [True],
                         "discovered": [False] * 6})
    dropped = figures.keyword_exclusions(freq)
    assert {"上海", "城市"} <= set(dropped.term) and "国家" in set(dropped.term)
    assert not {"创新", "营商环境"} & set(dropped.term)
    fig = figures.plot_top_keywords(freq, n=5)
    shown = [t.get_text() for t in fig.get_axes()[0].get_yticklabels()]
    assert "上海" not in shown and "创新" in shown


def test_keyword_trends(tmp_path):
    counts = pd.DataFrame({"创新": [3.1, 4.2], "改革": [2.0, 1.5]}, index=["national_2015", "national_2016"])
    _check(figures.plot_keyword_trends(counts, source="测试"), tmp_path, "trends", ["创新", "每万字出现次数"])


def test_keyword_trends_on_a_year_axis():
    counts = pd.DataFrame({"创新": [3.1, 4.2, 5.0]}, index=["national_2019", "national_2022", "national_2023"])
    ax = figures.plot_keyword_trends(counts).get_axes()[0]
    assert list(ax.get_lines()[0].get_xdata()) == [2019, 2022, 2023]  # 2020 and 2021 are gaps, not evenly spaced
    assert ax.get_xlabel() == "年份"


def test_svg_is_reproducible(tmp_path):
    freq = pd.DataFrame({"term": ["改革"], "count": [3]})
    a = figures.save_figure(figures.plot_top_keywords(freq), tmp_path / "a", "f")
    b = figures.save_figure(figures.plot_top_keywords(freq), tmp_path / "b", "f")
    assert a[1].read_bytes() == b[1].read_bytes()
    assert a[0].read_bytes() == b[0].read_bytes()


def test_show_figure_saves_closes_and_returns_png(tmp_path):
    fig = figures.plot_top_keywords(pd.DataFrame({"term": ["改革"], "count": [3]}))
    shown = figures.show_figure(fig, tmp_path, "kw")
    assert (tmp_path / "kw.png").is_file() and (tmp_path / "kw.svg").is_file()
    assert fig.number not in matplotlib.pyplot.get_fignums()
    assert shown.data[:4] == b"\x89PNG"
