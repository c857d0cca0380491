"""Indicator extraction: each pattern and each exclusion on real sentences, and the sample's score."""
from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

from helpers import parse_structure
from helpers.indicators import (
    Context, clean_name, extract_indicators, extract_quantities, find_quantities, five_year_plan, indicator_pairs, indicator_targets,
    paragraph_context, part_context, report_year,
)
from helpers.paths import PROJECT_ROOT, SAMPLE_REPORT


def table(*paragraphs: str, title: str = "三、2021年主要工作", year: int = 2021) -> pd.DataFrame:
    text = "\n".join(["各位代表：", f"一、{title}" if not title.startswith(("一", "二", "三")) else title, *paragraphs])
    return extract_indicators(parse_structure(text), year=year)


def rows(df: pd.DataFrame) -> list[tuple]:
    return list(df[["indicator", "value", "unit", "year", "kind"]].itertuples(index=False, name=None))


def test_targets_of_the_coming_year():
    df = table("全市经济社会发展主要预期目标是：地区生产总值增长7%；规模以上工业增加值增长8%；实际使用外资38亿美元；城镇新增就业13.5万人。")
    assert rows(df) == [
        ("地区生产总值", "7", "%", "2021", "target"),
        ("规模以上工业增加值", "8", "%", "2021", "target"),
        ("实际使用外资", "38", "亿美元", "2021", "target"),
        ("城镇新增就业", "13.5", "万人", "2021", "target"),
    ]
    assert list(df.measure) == ["growth rate", "growth rate", "level", "level"]


def test_from_to_pair_gives_two_linked_rows():
    df = table("五年来，我们稳妥应对风险挑战。全市地区生产总值由2015年的8681亿元增至12370亿元。", title="一、“十三五”时期工作回顾")
    assert rows(df) == [
        ("地区生产总值", "8681", "亿元", "2015", "actual"),
        ("地区生产总值", "12370", "亿元", "2020", "actual"),
    ]
    assert df.pair_id.iloc[0] == df.pair_id.iloc[1] != ""
    assert df.value_base.tolist() == [8681e8, 12370e8] and set(df.unit_base) == {"元"}
    pairs = indicator_pairs(df)
    assert pairs.iloc[0][["from_year", "from_value", "to_year", "to_value"]].tolist() == ["2015", 8681.0, "2020", 12370.0]


def test_five_year_totals_levels_and_changes():
    df = table(
        "五年来，我们切实加强社会建设。城镇新增就业77.4万人，林木覆盖率升至27.7%，较2015年提高57.1个百分点。规上工业增加值年均增长7.5%。",
        title="一、“十三五”时期工作回顾",
    )
    assert rows(df) == [
        ("城镇新增就业", "77.4", "万人", "2016-2020", "actual"),
        ("林木覆盖率", "27.7", "%", "2020", "actual"),
        ("林木覆盖率", "57.1", "个百分点", "2016-2020", "actual"),
        ("规上工业增加值", "7.5", "%", "2016-2020", "actual"),
    ]
    assert list(df.measure) == ["level", "share", "change", "growth rate"]


def test_single_year_review_and_subject_carry_over():
    df = table(
        "刚刚过去的2020年，是极不平凡的一年。",
        "一是稳中求进促发展。新增地方政府债券额度246.3亿元，同比增长71%。",
        title="一、“十三五”时期工作回顾",
    )
    assert rows(df) == [
        ("新增地方政府债券额度", "246.3", "亿元", "2020", "actual"),
        ("新增地方政府债券额度", "71", "%", "2020", "actual"),
    ]


def test_counts_name_the_noun_that_follows():
    df = table("市区完成45个重点道桥项目，完成124条道路出新和227条背街小巷整治。扎实办好10件45项为民办实事项目。")
    assert list(df.indicator) == ["重点道桥项目", "道路出新", "背街小巷整治", "为民办实事项目", "为民办实事项目"]
    assert list(df.value) == ["45", "124", "227", "10", "45"]


def test_respectively_assigns_names_in_order():
    df = table("居民最低生活保障、特困供养标准分别提至每人每月1010元和1525元。安全事故起数及死亡人数分别下降67.2%、68.7%。")
    assert list(df.indicator) == ["居民最低生活保障", "特困供养标准", "安全事故起数", "死亡人数"]


def test_qualifiers_as_written():
    df = table("新增减税降费超过315亿元，举办惠民消费活动500余场，新增5G基站4000个以上，居民消费价格涨幅3%左右，发放消费券近1亿元。")
    assert list(df.qualifier) == ["超过", "余", "以上", "左右", "近"]


def test_ranges_give_both_ends():
    df = table("国内生产总值增长6.5%-7%，就业人数增加10-15万人。")
    assert list(zip(df.value, df.unit)) == [("6.5", "%"), ("7", "%"), ("10", "万人"), ("15", "万人")]


def test_chinese_numerals_with_magnitude_count():
    df = table("易地扶贫搬迁三千万人，新增耕地两万亩。")
    assert list(zip(df.value, df.unit, df.value_base)) == [("3000", "万人", 3e7), ("2", "万亩", 2e4)]


@pytest.mark.parametrize(
    "sentence",
    [
        "在全国同类城市中率先出台5G产业发展规划，锡澄城际轨道S1线加快建设。",
        "出台“惠企20条”等政策，构建“24小时不打烊、360度无死角”服务体系。",
        "推进312国道改造提升，积极参与G42沪宁沿线人才创新走廊建设。",
        "2020中国企业500强入围企业数居全省第一，以优异成绩庆祝建党100周年。",
        "地铁4号线一期建成投运，确保太湖连续第14年实现安全度夏。",
        "落实“十四五”每年开工两条新线的目标，统筹划定三条控制线，排查八个方面问题。",
        "将11月1日设为“无锡企业家日”，推动“10分钟体育健身圈”提档升级。",
        "实行PM2.5和臭氧协同控制，推进IPv6应用扩面升级。",
    ],
)
def test_exclusions(sentence):
    assert table(sentence).empty


def test_thresholds_are_flagged_not_reported():
    text = "\n".join(["各位代表：", "三、2021年主要工作", "新引进10亿元以上产业项目67个，新引进超10亿元重大产业项目50个以上。"])
    q = extract_quantities(parse_structure(text), year=2021)
    assert list(zip(q.value, q.role)) == [("10", "threshold"), ("67", "indicator"), ("10", "threshold"), ("50", "indicator")]
    assert list(extract_indicators(parse_structure(text), year=2021).value) == ["67", "50"]


def test_find_quantities_units():
    qs = find_quantities("PM2.5平均浓度33微克/立方米，施工许可审批时限压缩至80个工作日内，城乡居民收入比缩小至1.84：1。")
    assert [(q.value, q.unit) for q in qs] == [(33.0, "微克/立方米"), (80.0, "个工作日")]


def test_clean_name():
    assert clean_name("全市地区生产总值由2015年的") == "地区生产总值"
    assert clean_name("累计引进50亿元以上项目") == "50亿元以上项目"
    assert clean_name("举办“锡惠有你”等惠民消费活动") == "惠民消费活动"
    assert clean_name("江阴、宜兴、新吴各确保招引超百亿元产业项目") == "超百亿元产业项目"


def test_contexts():
    assert five_year_plan("十三") == (2016, 2020) and five_year_plan("十五") == (2026, 2030)
    assert part_context("“十三五”时期工作回顾", 2021) == Context("actual", 2016, 2020)
    assert part_context("2024年工作回顾", 2025) == Context("actual", 2024, 2024)
    assert part_context("2025年主要工作和“十四五”发展成就", 2026).kind == "actual"
    assert part_context("2021年主要工作", 2021) == Context("target", 2021, 2021)
    assert part_context("“十五五”时期的主要目标任务", 2026) == Context("target", 2026, 2030)
    assert part_context("今后五年工作的总体要求和主要目标", 2023) == Context("target", 2023, 2027)
    looking_back = part_context("“十四五”时期发展成就和“十五五”时期主要目标任务", 2026)
    assert looking_back == Context("actual", 2021, 2025)
    assert paragraph_context("“十五五”时期是基本实现社会主义现代化的关键时期。", 2026, looking_back) == Context("target", 2026, 2030)
    assert paragraph_context("这五年，我们牢记嘱托。", 2026, looking_back) == Context("actual", 2021, 2025)
    assert paragraph_context("刚刚过去的2020年，是极不平凡的一年。", 2021, looking_back) == Context("actual", 2020, 2020)
    assert paragraph_context("2025年是极不平凡的一年。", 2026, looking_back) == Context("actual", 2025, 2025)
    assert paragraph_context("过去的五年极不寻常。", 2026, Context("actual", 2025, 2025)) == Context("actual", 2021, 2025)


def test_report_year_from_titles_when_no_date():
    s = parse_structure("各位代表：\n一、2024年工作回顾\n过去一年，经济增长5%。\n二、2025年经济社会发展总体要求和政策取向\n今年增长5%左右。")
    assert report_year(s, "\n".join(["2024年工作回顾", "2025年经济社会发展总体要求和政策取向"])) == 2025


def test_sample_targets_table(sample):
    ind = extract_indicators(sample.structure)
    t = indicator_targets(ind)
    assert set(t.year) == {"2021"} and (t.kind == "target").all() and len(t) >= 40


def test_cli_columns(tmp_path):
    out = tmp_path / "ind.csv"
    subprocess.run([sys.executable, "-m", "helpers", "indicators", "data/raw/wuxi_2021.txt", "-o", str(out)],
                   check=True, cwd=PROJECT_ROOT, capture_output=True)
    df = pd.read_csv(out, dtype=str, keep_default_na=False)
    for col in ["indicator", "value", "unit", "value_base", "unit_base", "year", "kind", "measure", "qualifier",
                "pair_id", "part", "section", "paragraph_id", "sentence_id", "sentence"]:
        assert col in df.columns
    assert set(df.kind) == {"actual", "target"}
