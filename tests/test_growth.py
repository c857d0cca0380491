"""Issue 19: targets against results that a researcher can cite — one test per failure the issue names
(a range split in two, the nation's GDP called 地区生产总值, a level taken for a growth rate, no place
without a title line), the status rule as data, the GDP growth panel and its figure."""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from matplotlib.collections import PathCollection

from helpers import cache
from helpers.corpus import build_corpus
from helpers.corpus_figures import plot_growth_targets
from helpers.errors import OneLineError
from helpers.growth import read_growth
from helpers.metadata import report_metadata
from helpers.structure import parse_structure
from helpers.target_results import judge, load_status_rules

from conftest import CORPUS

# Short reports written for these tests: a title or meeting line, a review paragraph, a targets paragraph.
NATIONAL_2019 = """政府工作报告
——2019年3月5日在第十三届全国人民代表大会第二次会议上
国务院总理　李克强
各位代表：
一、2018年工作回顾
过去一年，国内生产总值增长6.6%，总量突破90万亿元，城镇新增就业1361万人。
二、2019年经济社会发展总体要求和政策取向
今年经济社会发展的主要预期目标是：国内生产总值增长6%－6.5%；城镇新增就业1100万人以上，城镇调查失业率5.5%左右；居民消费价格涨幅3%左右。
"""
NATIONAL_2020 = """政府工作报告
——2020年5月22日在第十三届全国人民代表大会第三次会议上
国务院总理　李克强
各位代表：
一、2019年工作回顾
过去一年，我国经济运行总体平稳，国内生产总值达到99.1万亿元，增长6.1%，城镇新增就业1352万人，居民消费价格上涨2.9%。
二、2020年发展主要目标任务
今年我们没有提出全年经济增速具体目标，主要因为全球疫情和经贸形势不确定性很大。
"""
GUIZHOU_2025 = """贵州省2025年政府工作报告
——2025年1月15日在贵州省第十四届人民代表大会第四次会议上
各位代表：
一、2024年工作回顾
过去一年，全省地区生产总值增长5.3%，规模以上工业增加值增长6.5%。
二、2025年主要目标任务
今年全省经济社会发展的主要预期目标是：地区生产总值增长5.5%左右，城镇新增就业60万人以上，居民消费价格涨幅2%左右。
"""
GUIZHOU_2026 = """贵州省2026年政府工作报告
——2026年1月26日在贵州省第十四届人民代表大会第五次会议上
各位代表：
一、2025年工作回顾
过去一年，全省地区生产总值达到2.0万亿元、增长4.9%，城镇新增就业62.3万人，居民消费价格上涨0.3%。
二、2026年主要目标任务
今年全省经济社会发展的主要预期目标是：地区生产总值增长5%左右。
"""
XIZANG_2025 = """西藏自治区政府工作报告
——2025年1月12日在西藏自治区第十二届人民代表大会第三次会议上
各位代表：
一、2024年工作回顾
一年来，全区经济持续向好，地区生产总值增长6.3%。
二、2025年工作安排
综合考虑各方面因素，今年全区经济社会发展的主要预期目标为：经济增长7%左右，城镇调查失业率控制在5.5%以内。
"""
XIZANG_2026 = """西藏自治区政府工作报告
——2026年1月18日在西藏自治区第十二届人民代表大会第四次会议上
各位代表：
一、2025年工作回顾
过去一年，全区地区生产总值突破2800亿元，比上年增长7.0%，城镇新增就业5.1万人。
二、2026年工作安排
今年全区经济社会发展的主要预期目标为：地区生产总值增长6.5%左右。
"""
# no title, date or meeting line; the speaker's office and the city named throughout
UNTITLED_SHANGHAI = """上海市市长　龚正
各位代表：
现在，我代表上海市人民政府，向大会报告工作，请予审议。
一、2021年工作回顾
过去一年，上海全市生产总值增长8.1%，上海国际经济中心建设取得新进展，上海科技创新中心建设加快推进。
上海城市数字化转型全面推进，上海浦东新区建设引领区开局良好，上海人民生活持续改善。
二、2022年主要任务
建议今年全市经济社会发展的主要预期目标是：全市生产总值增长5.5%左右。上海要当好全国改革开放排头兵，上海要加快建设具有世界影响力的社会主义现代化国际大都市。
"""


@pytest.fixture()
def tmp_cache(tmp_path, monkeypatch):
    monkeypatch.setattr(cache, "CACHE_DIR", tmp_path / "cache")


def _corpus(tmp_path: Path, reports: dict[str, str]) -> Path:
    folder = tmp_path / "reports"
    folder.mkdir()
    for name, text in reports.items():
        (folder / name).write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    build_corpus(folder, out, jobs=1, progress=False)
    return out


def _tables(out: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    tvr = pd.read_csv(out / "targets_vs_results.csv", keep_default_na=False, na_values=[""])
    growth = pd.read_csv(out / "growth_targets.csv", keep_default_na=False, na_values=[""])
    return tvr, growth


def test_a_range_is_one_target_met_at_its_low_end_and_the_nation_says_its_own_gdp(tmp_path, tmp_cache):
    tvr, growth = _tables(_corpus(tmp_path, {"national_2019.txt": NATIONAL_2019, "national_2020.txt": NATIONAL_2020}))
    gdp = tvr[(tvr.canonical_name == "地区生产总值") & (tvr.year == 2019)]
    assert len(gdp) == 1, gdp  # one target, not two contradictory rows
    row = gdp.iloc[0]
    assert (row.target_low, row.target_high, row.target_value, row.target_value_high) == (6.0, 6.5, 6.0, 6.5)
    assert (row.result_value, row.status, row.direction) == (6.1, "met", "higher")
    assert "measures differ" not in row.note and "6.5" in row.note
    # the national rows say 国内生产总值; the panel key and the report's own words have their own columns
    assert row.indicator == "国内生产总值" and row.target_name.startswith("国内生产总值")
    assert set(tvr[tvr.canonical_name == "地区生产总值"].indicator) == {"国内生产总值"}
    g = growth.set_index("year").loc[2019]
    assert (g.place, g.level, g.target_low, g.target_high, g.result, g.status) == ("全国", "national", 6.0, 6.5, 6.1, "met")
    assert g.target_text == "国内生产总值增长6%-6.5%" and "增长6.1%" in g.result_text
    # 2020 set no number: a row that says so, not a made-up target
    y2020 = growth.set_index("year").loc[2020]
    assert y2020.status == "no target" and "no GDP growth target" in y2020.note


def test_a_growth_target_takes_the_growth_rate_not_the_level(tmp_path, tmp_cache):
    tvr, growth = _tables(_corpus(tmp_path, {"guizhou_2025.txt": GUIZHOU_2025, "guizhou_2026.txt": GUIZHOU_2026,
                                             "xizang_2025.txt": XIZANG_2025, "xizang_2026.txt": XIZANG_2026}))
    gdp = tvr[(tvr.canonical_name == "地区生产总值") & (tvr.year == 2025)].set_index("place")
    gz = gdp.loc["贵州省"]
    assert (gz.target_low, gz.result_value, gz.result_unit, gz.status) == (5.5, 4.9, "%", "missed")
    assert gz.indicator == "地区生产总值"  # a province's GDP keeps its name
    xz = gdp.loc["西藏自治区"]
    assert (xz.target_low, xz.result_value, xz.status) == (7.0, 7.0, "met")
    panel = growth[growth.year == 2025].set_index("place")
    assert panel.loc["贵州省", ["target_low", "result", "status"]].tolist() == [5.5, 4.9, "missed"]
    assert panel.loc["西藏自治区", ["target_low", "result", "status", "qualifier"]].tolist() == [7.0, 7.0, "met", "左右"]
    assert panel.loc["贵州省", "gap"] == pytest.approx(-0.6)
    # the 2026 targets have no 2027 report: no result, and the note says why
    later = growth[growth.year == 2026].set_index("place")
    assert set(later.status) == {"no result"} and "no report of 贵州省 for 2027" in later.loc["贵州省", "note"]


def test_no_result_says_why_when_the_next_report_gives_only_a_level():
    reading = read_growth(["过去一年，全市生产总值突破4万亿元大关，2022年预计达到4.45万亿元，人均生产总值达到17.8万元左右。",
                           "今年的主要预期目标是：全市生产总值增长5.5%以上。"], 2023)
    assert reading.result is None and "only as a level" in reading.result_why
    assert (reading.target.low, reading.target.qualifier) == (5.5, "以上")


def test_review_sentences_and_multi_year_figures_are_not_targets():
    reading = read_growth([
        "过去五年，全省地区生产总值年均增长5.7%，人均地区生产总值增长6%。",
        "过去一年，全面实现年初确定的主要目标，地区生产总值增长5.4%，海洋生产总值增长7%，数字经济增长15%。",
        "今年经济社会发展的主要预期目标是：",
        "——地区生产总值增长5%—5.5%，在实际工作中争取更好结果；",
    ], 2026)
    assert (reading.result.low, reading.result.text) == (5.4, "地区生产总值增长5.4%")
    assert (reading.target.low, reading.target.high) == (5.0, 5.5)
    fall = read_growth(["过去一年，全市生产总值下降0.2%。", "今年预期目标：全市生产总值增长5.5%左右。"], 2023)
    assert fall.result.low == -0.2


def test_a_target_list_whose_heading_is_left_out_and_estimates_of_last_year():
    # the targets paragraph without its heading: a qualified figure after the year's result is the target
    reading = read_growth(["全省地区生产总值增长5%，经济总量突破3万亿元。", "全省地区生产总值增长5.5%左右；城镇新增就业40万人以上。"], 2025)
    assert (reading.result.low, reading.target.low, reading.target.qualifier) == (5.0, 5.5, "左右")
    # an estimate of last year (预计…左右) is a result, never a target
    estimate = read_growth(["全市地区生产总值增长5.2%。", "预计全市地区生产总值增长5.2%左右。"], 2025)
    assert estimate.target is None and estimate.result.low == 5.2 and estimate.target_why


def test_place_from_content_without_a_title_line(tmp_path, tmp_cache):
    out = _corpus(tmp_path, {"report_a.txt": UNTITLED_SHANGHAI})
    reports = pd.read_csv(out / "reports.csv", keep_default_na=False)
    row = reports.iloc[0]
    assert (row.place, row.level, row.year) == ("上海市", "provincial", 2022)
    assert "place: text" in row.inferred_from
    growth = pd.read_csv(out / "growth_targets.csv", keep_default_na=False, na_values=[""])
    assert growth.set_index("year").loc[2022, "target_low"] == 5.5


def test_place_from_how_often_a_province_is_named():
    hunan = ("湖南省省长　毛伟明\n各位代表：\n过去一年，湖南经济稳中向好，湖南制造加快升级，湖南文旅火爆出圈，湖南人民生活改善。\n"
             "湖南要打造国家重要先进制造业高地，湖南要建设具有核心竞争力的科技创新高地，湖南要建设内陆地区改革开放高地。\n"
             "奋力谱写湖南篇章，湖南的明天更加美好，湖南各族人民团结奋斗，同长沙、上海、广东加强合作。\n")
    meta = report_metadata(parse_structure(hunan), "report_b")
    assert (meta.place, meta.level, meta.sources["place"]) == ("湖南省", "provincial", "text (10 mentions)")
    # a meeting line that names no place (在自治区第十四届人民代表大会) leaves the file name to say it
    xinjiang = "政府工作报告\n——2025年1月20日在自治区第十四届人民代表大会第三次会议上\n各位代表：\n过去一年，全区地区生产总值增长6.1%。"
    assert report_metadata(parse_structure(xinjiang), "xinjiang_2025").place == "新疆维吾尔自治区"
    # a city's report that names its neighbour 上海 a dozen times is not Shanghai's (a 市长 needs 20 mentions)
    city = "市长　某某\n各位代表：\n" + "我们主动对接上海，深化与上海的合作。" * 6
    assert report_metadata(parse_structure(city), "report_c").place == ""


def test_the_status_rule_is_data(tmp_path):
    rules = load_status_rules()
    assert rules.about_tolerance == 0.05 and "左右" in rules.qualifiers["about"]
    assert judge(5.0, 4.9, "左右", "higher")[0] == "met"
    strict = tmp_path / "rules.yml"
    text = (Path(rules.path)).read_text(encoding="utf-8").replace("about_tolerance: 0.05", "about_tolerance: 0")
    strict.write_text(text.replace("range: range_low", "range: range_inside"), encoding="utf-8")
    mine = load_status_rules(strict)
    assert judge(5.0, 4.9, "左右", "higher", rules=mine)[0] == "missed"
    assert judge((6.0, 6.5), 6.8, "", "higher", rules=mine)[0] == "missed"
    assert judge((6.0, 6.5), 6.8, "", "higher")[0] == "met"
    bad = tmp_path / "bad.yml"
    bad.write_text(text.replace("about: about_floor", "about: roughly"), encoding="utf-8")
    with pytest.raises(OneLineError, match=r"bad\.yml: rules\.higher\.about is 'roughly'"):
        load_status_rules(bad)


def test_the_figure_has_one_dot_per_place_and_year():
    rows = [("全国", "national", 2023, 5.0, 5.0, 5.2, "met"), ("全国", "national", 2024, 5.0, 5.0, 5.0, "met"),
            ("贵州省", "provincial", 2025, 5.5, 5.5, 4.9, "missed"), ("安徽省", "provincial", 2026, 5.0, 5.5, None, "no result"),
            ("上海市", "provincial", 2024, 5.0, 5.0, 5.0, "met"), ("河南省", "provincial", 2024, None, None, 5.1, "no target")]
    panel = pd.DataFrame(rows, columns=["place", "level", "year", "target_low", "target_high", "result", "status"])
    fig = plot_growth_targets(panel)
    assert sorted(fig.growth_points) == [("上海市", 2024), ("全国", 2023), ("全国", 2024), ("贵州省", 2025)]
    dots = [tuple(xy) for c in fig.axes[0].collections if isinstance(c, PathCollection) for xy in c.get_offsets()]
    assert sorted(dots) == [(5.0, 5.0), (5.0, 5.0), (5.0, 5.2), (5.5, 4.9)]  # one dot per place and year
    labels = [t.get_text() for t in fig.axes[0].texts]
    assert "全国 2024、上海市 2024" in labels or "上海市 2024、全国 2024" in labels  # one label for two dots on one spot


def _written_ranges(indicators: pd.DataFrame) -> set[tuple[str, float, float]]:
    found = set()
    for f, s in zip(indicators.file, indicators.sentence.astype(str)):
        for a, b in re.findall(r"(?<![\d.])(\d+(?:\.\d+)?)%?\s*[-—–~～－至到]\s*(\d+(?:\.\d+)?)%", s):
            if float(b) > float(a):
                found.add((f, float(a), float(b)))
    return found


def test_no_range_in_the_corpus_becomes_contradictory_rows(tmp_path):
    out = tmp_path / "corpus"
    build_corpus(CORPUS, out, jobs=2, progress=False)
    tvr, growth = _tables(out)
    ind = pd.read_csv(out / "indicators.csv", dtype=str, keep_default_na=False)
    ranges = _written_ranges(ind[ind.kind == "target"])
    assert ranges, "the corpus writes ranges (national 2016: 6.5%-7%)"
    split = []
    for (f, name, year), g in tvr.groupby(["target_file", "canonical_name", "year"]):
        lows = set(g.target_low)
        split += [(f, name, year, a, b) for rf, a, b in ranges if rf == f and a in lows and b in lows]
    assert split == []
    ranged = tvr[tvr.target_high > tvr.target_low]
    assert not ranged.empty and not ranged.note.str.contains("measures differ").any()
    # the GDP growth panel: one row per place and year, the corpus's pairs all judged
    assert not growth.duplicated(["place", "year"]).any()
    judged = growth[growth.status.isin(["met", "missed"])]
    assert len(judged) >= 20
    fig = plot_growth_targets(growth)
    assert len(fig.growth_points) == len(set(fig.growth_points)) == len(growth[growth.target_low.notna() & growth.result.notna()])
    # the two tables agree on GDP growth where both judged it
    gdp = tvr[(tvr.canonical_name == "地区生产总值") & (tvr.target_unit == "%") & tvr.status.isin(["met", "missed"])]
    both = gdp.merge(judged, on=["place", "year", "target_low"], suffixes=("", "_g"))
    assert len(both) >= 15 and (both.status == both.status_g).all()
    # a GDP growth row the growth reader reads otherwise says so (national 2011: a result read as a target)
    rows = tvr[(tvr.canonical_name == "地区生产总值") & (tvr.target_unit == "%")].merge(
        growth[growth.target_low.notna()], on=["place", "year", "target_file"], suffixes=("", "_g"))
    differ = rows[(rows.target_low != rows.target_low_g) & (rows.target_high != rows.target_high_g)]
    assert differ.note.str.contains("may be another one").all()
