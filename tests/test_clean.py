"""Every cleaning rule on real snippets, and the change log."""
from __future__ import annotations

import re

import pytest

from helpers import clean, lexicon
from helpers.clean import RULES, clean_text


def run(rule, text):
    new, changes = rule(text)
    return new, changes


def test_normalize_newlines():
    assert run(clean.normalize_newlines, "一\r\n二\r三\n")[0] == "一\n二\n三\n"


def test_remove_invisible():
    text, changes = run(clean.remove_invisible, "高质量\u200b发展\ufeff，\u200d营商环境")
    assert text == "高质量发展，营商环境" and len(changes) == 3


def test_normalize_spaces_and_strip_lines():
    text = run(clean.normalize_spaces, "\u3000\u3000现在，我代表\u00a0国务院\t")[0]
    assert text == " 现在，我代表 国务院 "
    assert run(clean.strip_lines, "    现在，我代表国务院 \n  一、回顾")[0] == "现在，我代表国务院\n一、回顾"


def test_split_run_on_lines_splits_one_line_report():
    paragraph = "过去一年，全市经济运行稳中有进。全市生产总值增长6%。"
    one_line = "上海市市长 龚 正 各位代表： 现在，我代表上海市人民政府，向大会报告工作。 一、2021年工作回顾 " + " ".join(
        [paragraph] * 40
    )
    text, changes = run(clean.split_run_on_lines, one_line)
    lines = text.split("\n")
    assert lines[:4] == ["上海市市长 龚 正", "各位代表：", "现在，我代表上海市人民政府，向大会报告工作。", "一、2021年工作回顾"]
    assert len(lines) == 44 and len(changes) == 43


def test_split_run_on_lines_leaves_ordinary_lines():
    line = "全市地区生产总值由 2015 年的 8681 亿元增至 12370 亿元。"
    assert run(clean.split_run_on_lines, line) == (line, [])


def test_fullwidth_alphanumerics():
    assert run(clean.fullwidth_alphanumerics, "１９９０年ＧＤＰ增长７．５％")[0] == "1990年GDP增长7.5%"


def test_fix_subscripts():
    assert run(clean.fix_subscripts, "PM_{2.5} 平均浓度，CO_{2}排放，PM 2.5浓度")[0] == "PM2.5 平均浓度，CO2排放，PM2.5浓度"


def test_repair_stray_english_logs_repairs():
    text, changes = run(clean.repair_stray_english, "与“十四五”发展目标 and 高质量发展要求相匹配")
    assert text == "与“十四五”发展目标和高质量发展要求相匹配"
    assert changes[0][1].strip() == "and" and changes[0][2] == "和"
    # English between Latin words is left alone
    assert run(clean.repair_stray_english, "Made in China and Chinese")[0] == "Made in China and Chinese"


def test_unify_roman_numerals():
    assert run(clean.unify_roman_numerals, "国考断面水质优 III 比例")[0] == "国考断面水质优Ⅲ比例"
    assert run(clean.unify_roman_numerals, "RCEP和IPv6应用")[0] == "RCEP和IPv6应用"


def test_remove_spaces_in_chinese():
    text = run(clean.remove_spaces_in_chinese, "由 2015 年的 8681 亿元增至 12370 亿元，科技进步贡献率由 63% 升至 66%，A 股")[0]
    assert text == "由2015年的8681亿元增至12370亿元，科技进步贡献率由63%升至66%，A股"
    assert run(clean.remove_spaces_in_chinese, "Made in China")[0] == "Made in China"


def test_unify_punctuation():
    text = run(clean.unify_punctuation, "(二)着力打造现代产业，建成国家超算(无锡)中心。各位代表!你好?")[0]
    assert text == "（二）着力打造现代产业，建成国家超算（无锡）中心。各位代表！你好？"
    # numbers and Latin text keep their marks
    assert run(clean.unify_punctuation, "1,000 and 07:41 (RCEP)")[0] == "1,000 and 07:41 (RCEP)"


def test_strip_web_furniture():
    text = "下载\n打印\n【字号：\n加大\n】\n2026年安徽省政府工作报告\n来源：安徽日报\n时间：2026-02-11\n各位代表：\n现在，我代表省人民政府。"
    new, changes = run(clean.strip_web_furniture, text)
    assert new.split("\n") == ["2026年安徽省政府工作报告", "各位代表：", "现在，我代表省人民政府。"]
    assert [c[1] for c in changes][:2] == ["下载", "打印"]


def test_strip_appendix_cuts_glossary_in_second_half():
    body = "\n".join(["各位代表：", *["推进高质量发展，扎实推动共同富裕。"] * 20, "各位代表！让我们奋斗！"])
    text = body + "\n名词解释\n1.“两重”：国家重大战略实施和重点领域安全能力建设。"
    new, changes = run(clean.strip_appendix, text)
    assert new == body and len(changes) == 1 and changes[0][1].startswith("名词解释")
    # a marker in the first half is not an appendix
    early = "附件1\n" + body
    assert run(clean.strip_appendix, early)[0] == early


def test_rejoin_broken_lines_real_cases():
    text = "\n".join(
        [
            "（九）着力打造市域社会治理新样板",
            "毫不放松抓好常态化疫情防控。规范做好疫苗管理和使用。完善公",
            "共卫生应急机制，加强物资、人才、检测、隔离等应急保障能力建设。",
            "（十）着力展现政府自身建设新作为",
            "公共资源实现“一市",
            "一平台”交易。",
        ]
    )
    new, changes = run(clean.rejoin_broken_lines, text)
    assert new.split("\n") == [
        "（九）着力打造市域社会治理新样板",
        "毫不放松抓好常态化疫情防控。规范做好疫苗管理和使用。完善公共卫生应急机制，加强物资、人才、检测、隔离等应急保障能力建设。",
        "（十）着力展现政府自身建设新作为",
        "公共资源实现“一市一平台”交易。",
    ]
    assert len(changes) == 2


def test_rejoin_subscript_split_across_lines():
    # national_2019 (Wikisource): a subscript on its own line
    text = "污染防治得到加强，细颗粒物（PM\n2.5\n）浓度继续下降，生态文明建设成效显著。\n18.“新八级工”制度：属于国家职业技能等级制度。"
    new, changes = run(clean.rejoin_broken_lines, text)
    assert new.split("\n") == ["污染防治得到加强，细颗粒物（PM2.5）浓度继续下降，生态文明建设成效显著。", "18.“新八级工”制度：属于国家职业技能等级制度。"]
    assert len(changes) == 2


def test_rejoin_keeps_headings_and_paragraphs_apart():
    text = "\n".join(
        [
            "2021年江苏省无锡市人民政府工作报告",
            "各位代表：",
            "（一）充分发挥经济体制改革牵引作用，努力在重点领域和关键环节取得新突破",
            "全面贯彻落实中央部署。",
            "一、“十三五”时期工作回顾",
            "“十三五”时期，面对错综复杂的宏观环境。",
        ]
    )
    assert run(clean.rejoin_broken_lines, text) == (text, [])


def test_clean_text_log_columns_and_locations():
    result = clean_text("各位代表!\r\n\r\n现在，我代表 国务院。\r\n")
    assert list(result.log.columns) == ["rule", "location", "before", "after"]
    assert result.text == "各位代表！\n现在，我代表国务院。"
    assert set(result.log.rule) >= {"normalize_newlines", "unify_punctuation", "remove_spaces_in_chinese"}
    assert result.log.location.min() >= 1


def test_rules_are_documented():
    for rule in RULES:
        assert rule.apply.__doc__ and rule.description


@pytest.mark.parametrize("read", [lexicon.furniture_patterns, lexicon.appendix_patterns])
def test_pattern_files_compile(read):
    patterns = read()
    assert patterns and all(isinstance(p, re.Pattern) for p in patterns)


def test_sample_page_breaks_rejoined(sample):
    joins = sample.cleaned.log[sample.cleaned.log.rule == "rejoin_broken_lines"]
    assert len(joins) == 4
    for word in ["一市一平台", "省公共体育服务体系", "完善公共卫生", "用手脚的勤快"]:
        assert word in sample.text
    assert "PM2.5平均浓度" in sample.text and "目标和高质量发展" in sample.text
    assert "（二）着力打造现代产业发展新高地" in sample.text
