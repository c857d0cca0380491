"""Issue 19: the year and kind of an indicator from the time words of its part, paragraph and sentence.

Each rule is checked on a short sentence written for it, in the style of a government work report.
"""
from __future__ import annotations

import pandas as pd

from helpers import parse_structure
from helpers.indicators import Context, clean_name, extract_indicators, paragraph_context


def table(*paragraphs: str, title: str, year: int) -> pd.DataFrame:
    return extract_indicators(parse_structure("\n".join(["各位代表：", title, *paragraphs])), year=year)


def years(df: pd.DataFrame) -> list[tuple[str, str, str]]:
    return list(df[["value", "year", "kind"]].itertuples(index=False, name=None))


# --------------------------------------------------------------------------- paragraphs


def test_a_look_back_inside_a_clause_does_not_change_the_paragraph():
    plan = Context("target", 2013, 2013)
    assert paragraph_context("党的十八大科学总结了过去五年的工作，确定了奋斗目标。", 2013, plan) == plan
    assert paragraph_context("2015年是收官之年。过去五年，我国发展成就举世瞩目。", 2016, Context("actual", 2015, 2015)) \
        == Context("actual", 2011, 2015)
    assert paragraph_context("回顾过去五年，成绩来之不易。", 2018, Context("actual", 2017, 2017)) == Context("actual", 2013, 2017)


def test_a_look_back_inside_a_plan_holds_for_its_paragraph_only():
    df = table("一年来，我们大力发展公益性文化事业，新建乡镇综合文化站2000个。",
               "千方百计扩大就业。中央财政拟投入433亿元用于促进就业。",
               title="二、2010年主要任务", year=2010)
    assert years(df) == [("2000", "2009", "actual"), ("433", "2010", "target")]


# --------------------------------------------------------------------------- sentences


def test_last_year_in_a_plan_is_an_actual_of_last_year():
    df = table("去年居民消费价格涨幅回落到2.6%，今年要控制在3%左右。", title="二、2013年主要任务", year=2013)
    assert years(df) == [("2.6", "2012", "actual"), ("3", "2013", "target")]
    assert df.indicator[0] == "居民消费价格涨幅"


def test_a_comparison_with_last_year_does_not_date_the_value():
    df = table("今年拟安排财政赤字1.2万亿元，比去年预算增加4000亿元。", title="二、2013年主要任务", year=2013)
    assert years(df) == [("1.2", "2013", "target"), ("4000", "2013", "target")]


def test_end_of_last_year_in_a_five_year_review_is_the_last_year():
    df = table("五年来，市场主体快速增长。去年底企业数量超过5200万户、个体工商户超过1.1亿户，市场主体总量超过1.6亿户。"
               "新建改建农村公路125万公里。", title="一、过去五年工作回顾", year=2023)
    assert years(df) == [("5200", "2022", "actual"), ("1.1", "2022", "actual"), ("1.6", "2022", "actual"),
                         ("125", "2018-2022", "actual")]
    assert df.indicator[0] == "企业数量"


def test_a_time_word_inside_a_later_clause_stays_in_its_clause():
    df = table("五年来，资本充足率从2007年底的8.4%提升到去年底的13.3%，不良贷款率由6.1%下降到0.95%。",
               title="一、过去五年工作回顾", year=2013)
    assert years(df) == [("8.4", "2007", "actual"), ("13.3", "2012", "actual"), ("6.1", "2007", "actual"),
                         ("0.95", "2012", "actual")]
    assert set(df.indicator[:2]) == {"资本充足率"}


def test_a_pair_ending_at_a_written_year_links_its_two_values():
    df = table("财政投入从2006年的18亿元增加到2010年的306亿元。", title="一、“十一五”时期的回顾", year=2011)
    assert years(df) == [("18", "2006", "actual"), ("306", "2010", "actual")]
    assert df.pair_id[0] == df.pair_id[1] != ""


def test_years_in_asides_and_attributes_do_not_date_the_value():
    df = table("部署启动面向2030年的科技创新重大项目，新设6个国家自主创新示范区。",
               "将农民人均纯收入2300元（2010年不变价）作为新的扶贫标准，比2009年提高92%。",
               title="一、2016年工作回顾", year=2017)
    assert years(df) == [("6", "2016", "actual"), ("2300", "2016", "actual"), ("92", "2016", "actual")]


def test_an_earlier_year_in_a_plan_is_an_actual_and_a_later_one_a_target():
    df = table("2025年全省粮食产量达到1300亿斤，今年要稳定在1300亿斤以上，到2030年达到1400亿斤。",
               title="三、2026年重点工作", year=2026)
    assert years(df) == [("1300", "2025", "actual"), ("1300", "2026", "target"), ("1400", "2030", "target")]


def test_plan_periods_and_spans_in_a_sentence():
    review = "一、2025年工作回顾"
    assert years(table("“十四五”时期累计新增城镇就业600万人。", title=review, year=2026)) == [("600", "2021-2025", "actual")]
    assert years(table("近三年淘汰落后产能9000多万吨。", title=review, year=2026)) == [("9000", "2023-2025", "actual")]
    assert years(table("今后三年新建保障性住房30万套。", title="三、2026年重点工作", year=2026)) \
        == [("30", "2026-2028", "target")]
    assert years(table("今后五年，经济增长预期目标是在提高质量和效益的基础上年均增长7%。",  # 基础上年均: no 上年
                       title="二、“十二五”时期的主要目标和任务", year=2011)) == [("7", "2011-2015", "target")]


def test_a_value_held_through_a_five_year_review_is_the_periods():
    df = table("五年来，粮食产量连年稳定在1.3万亿斤以上，财政赤字率一直控制在3%以内，森林覆盖率提高到24%。",
               title="一、过去五年工作回顾", year=2023)
    assert years(df) == [("1.3", "2018-2022", "actual"), ("3", "2018-2022", "actual"), ("24", "2022", "actual")]
    assert list(df.indicator[:2]) == ["粮食产量", "财政赤字率"]
    assert table("粮食总产量连续9年稳定在1300亿斤以上。", title="一、2025年工作回顾", year=2026).indicator[0] == "粮食总产量"


# --------------------------------------------------------------------------- names (the words around a number)


def names(*paragraphs: str) -> list[tuple[str, str]]:
    df = table(*paragraphs, title="一、2025年工作回顾", year=2026)
    return list(df[["indicator", "value"]].itertuples(index=False, name=None))


def test_a_share_of_a_group_is_named_by_what_the_group_does():
    assert names("90%的县医院达到三级医院服务能力水平。") == [("县医院达到三级医院服务能力水平", "90")]


def test_a_stop_word_inside_a_word_does_not_end_the_name():
    assert names("149.5万个婴幼儿所在家庭享受育儿补贴。")[0][0].startswith("婴幼儿所在家庭")


def test_a_bare_head_noun_after_a_count_keeps_its_modifier():
    assert names("实施稳经济30项举措。") == [("稳经济举措", "30")]
    assert names("实施新一轮优化营商环境改革108项措施。") == [("措施", "108")]  # a long clause is not a modifier


def test_a_verb_alone_takes_the_subject_of_its_parallel_clause():
    assert names("粮食产量1.37万亿斤，增产74亿斤。") == [("粮食产量", "1.37"), ("粮食产量增产", "74")]
    assert names("启动新的三年棚改攻坚计划，今年开工580万套。") == [("开工", "580")]  # no parallel clause


def test_the_last_plan_reviewed_inside_the_next_plans_part_is_actual():
    df = table("“十四五”时期，上海发展历程极不寻常。全市生产总值从4.16万亿元增加到5.67万亿元，PM2.5年均浓度累计下降17%。",
               "《纲要（草案）》提出，到2030年，全市生产总值达到7万亿元。",
               title="二、关于第十五个五年规划纲要（草案）的说明", year=2026)
    assert years(df) == [("4.16", "2020", "actual"), ("5.67", "2025", "actual"), ("17", "2021-2025", "actual"),
                         ("7", "2030", "target")]


def test_a_fact_already_reached_in_a_plan_is_last_years():
    df = table("全国养老机构已达2.5万个，今年新增养老床位20万张。", title="三、2019年政府工作任务", year=2019)
    assert years(df) == [("2.5", "2018", "actual"), ("20", "2019", "target")]


def test_a_target_quoted_in_a_review_is_a_target():
    df = table("广义货币M2增长11.3%，低于13%左右的预期目标。", title="一、2016年工作回顾", year=2017)
    assert years(df) == [("11.3", "2016", "actual"), ("13", "2016", "target")]
    assert list(df.indicator) == ["广义货币M2", "广义货币M2"]


def test_verbs_of_extending_end_the_name_and_link_a_pair():
    df = table("跨部门综合监管事项从39个拓展到91个，过境免签境内停留时间延长至240小时。", title="一、2025年工作回顾", year=2026)
    assert list(df.indicator) == ["跨部门综合监管事项", "跨部门综合监管事项", "过境免签境内停留时间"]
    assert years(df)[:2] == [("39", "2024", "actual"), ("91", "2025", "actual")]


def test_a_share_in_a_five_year_review_is_the_last_years_level():
    df = table("五年来，可再生能源装机占比超过55%，财政民生支出超4155亿元，占一般公共预算支出79.2%，"
               "国务院部门行政审批事项削减44%。", title="一、过去五年工作回顾", year=2023)
    assert years(df) == [("55", "2022", "actual"), ("4155", "2018-2022", "actual"), ("79.2", "2018-2022", "actual"),
                         ("44", "2018-2022", "actual")]
    assert df.indicator.iloc[-1] == "国务院部门行政审批事项"


def test_a_years_amount_in_a_five_year_review_is_the_last_years():
    df = table("五年来，规上工业企业营收超5万亿元，进出口总值9356.7亿元，五年累计完成固定资产投资25万亿元，"
               "累计实现工业产值120万亿元。", title="一、过去五年工作回顾", year=2023)
    assert years(df) == [("5", "2022", "actual"), ("9356.7", "2022", "actual"), ("25", "2018-2022", "actual"),
                         ("120", "2018-2022", "actual")]


# --------------------------------------------------------------------------- issue 19 leftovers (indicators2)


def test_a_sentence_opening_with_a_time_phrase_dates_the_rest_of_its_paragraph():
    # national_2011: 10.3% was read as a 2011 target; 过去一年， scopes the sentences after it, 今年， returns to the plan
    df = table("2011年，是“十二五”开局之年。过去一年，我们的各项工作取得了很大成绩。国内生产总值增长10.3%，"
               "城镇新增就业1168万人。今年，拟安排财政赤字9000亿元。", title="三、2011年的工作", year=2011)
    assert years(df) == [("10.3", "2010", "actual"), ("1168", "2010", "actual"), ("9000", "2011", "target")]
    # without a comma the time word scopes its own clause only: the next sentence keeps the plan
    df = table("去年居民消费价格涨幅回落到2.6%。城镇新增就业900万人以上。", title="二、2013年主要任务", year=2013)
    assert years(df) == [("2.6", "2012", "actual"), ("900", "2013", "target")]


def test_a_bare_span_before_a_change_dates_it():
    df = table("国内生产总值增加到121万亿元，五年年均增长5.2%，十年增加近70万亿元、年均增长6.2%。",
               title="一、过去五年工作回顾", year=2023)
    assert years(df) == [("121", "2022", "actual"), ("5.2", "2018-2022", "actual"), ("70", "2013-2022", "actual"),
                         ("6.2", "2013-2022", "actual")]
    assert years(table("实施职业技能提升三年行动，培训8300多万人次。", title="一、2025年工作回顾", year=2026)) \
        == [("8300", "2025", "actual")]  # 三年行动 names an action, not a span


def test_a_sum_over_the_years_is_the_periods_and_a_cumulative_stock_the_last_years():
    df = table("实际使用外资五年累计达到1030亿美元左右，跨国公司地区总部累计达到891家。",
               title="一、过去五年工作回顾", year=2023)
    assert years(df) == [("1030", "2018-2022", "actual"), ("891", "2022", "actual")]
    assert df.indicator[0] == "实际使用外资"  # the span is not part of the name


def test_a_pair_with_a_qualifier_or_words_after_its_base_year_is_linked():
    df = table("金融市场交易总额从2017年的1428.4万亿元增加到近3000万亿元。",
               "企业退休人员基本养老金从2004年人均每月700元提高到现在的1721元。", title="一、过去五年工作回顾", year=2023)
    assert years(df) == [("1428.4", "2017", "actual"), ("3000", "2022", "actual"), ("700", "2004", "actual"),
                         ("1721", "2022", "actual")]
    assert df.indicator[3] == "企业退休人员基本养老金"


def test_estimates_and_spans_are_not_part_of_a_name():
    assert clean_name("预计全社会研发投入") == "全社会研发投入"
    assert clean_name("居民人均可支配收入五年") == "居民人均可支配收入"
    assert not clean_name("上个五年").endswith("个")  # 比上个五年增长15.8%: a comparison, not a span to cut
