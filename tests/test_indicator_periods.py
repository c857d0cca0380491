"""Issue 19: the year and kind of an indicator from the time words of its part, paragraph and sentence.

Each rule is checked on a short sentence written for it, in the style of a government work report.
"""
from __future__ import annotations

import pandas as pd

from helpers import parse_structure
from helpers.indicators import Context, extract_indicators, paragraph_context


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
