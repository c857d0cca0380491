"""Theme dictionary loading (with clear errors), scoring, shares and validation."""
from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

from helpers import parse_structure
from helpers.explore import theme_matches
from helpers.paths import PROJECT_ROOT
from helpers.themes import (
    ThemeDictionaryError, label_sections, load_themes, theme_scores, theme_shares, theme_table, validate_themes,
)

DEFAULT_IDS = ["innovation", "industry", "digital", "demand_opening", "macro", "reform", "regional", "environment",
               "culture", "livelihood", "governance", "government", "external_security"]
TEN_IDS = ["innovation", "industry", "demand_opening", "reform", "regional", "environment", "culture", "livelihood",
           "governance", "government"]


def write(tmp_path, text):
    p = tmp_path / "themes.yml"
    p.write_text(text, encoding="utf-8")
    return p


def test_default_dictionary():
    th = load_themes()
    assert th.ids == DEFAULT_IDS and set(TEN_IDS) <= set(th.ids)
    assert th.labels["innovation"] == "科技创新与人才" and th.labels["government"] == "政府自身建设"


@pytest.mark.parametrize(
    "text, problem",
    [
        ("themes: [id: a", "not valid YAML"),
        ("topics: []", "top-level 'themes:'"),
        ("themes:\n  - id: Innovation!\n    label: 创新\n    keywords: [创新]", "invalid id"),
        ("themes:\n  - id: a\n    label: 甲\n    keywords: [创新]\n  - id: a\n    label: 乙\n    keywords: [改革]", "used twice"),
        ("themes:\n  - id: a\n    label: 甲\n    keywords: []", "empty keyword list"),
        ("themes:\n  - id: a\n    keywords: [创新]", "no label"),
    ],
)
def test_bad_dictionaries_give_one_clear_error(tmp_path, text, problem):
    p = write(tmp_path, text)
    with pytest.raises(ThemeDictionaryError) as err:
        load_themes(p)
    assert problem in str(err.value) and str(p) in str(err.value) and "\n" not in str(err.value)


def test_unknown_theme_id(tmp_path):
    th = load_themes()
    with pytest.raises(ThemeDictionaryError, match="unknown theme id"):
        th.check_ids(["innovation", "space_travel"])
    s = parse_structure("各位代表：\n一、2021年主要工作\n（一）着力创新\n科技创新。")
    with pytest.raises(ThemeDictionaryError, match="space_travel"):
        label_sections(s, th, manual={"1.1": "space_travel"})


def test_longest_keyword_counts_once(tmp_path):
    th = load_themes(write(tmp_path, "themes:\n  - id: a\n    label: 甲\n    keywords: [创新, 科技创新]\n  - id: b\n    label: 乙\n    keywords: [科技]"))
    scores = theme_scores(pd.Series(["推动科技创新和制度创新"]), th)
    assert scores.iloc[0].to_dict() == {"a": 2, "b": 0}


def test_theme_table_and_shares(sample):
    th = load_themes()
    table = theme_table(sample.structure, th)
    assert {"part", "section", "paragraph_id", "text", "theme", *DEFAULT_IDS} <= set(table.columns)
    assert len(table) == len(sample.structure.paragraphs)
    shares = theme_shares(table, th, by="section")
    sums = shares.sum(axis=1)
    assert (sums > 0).any(), "some section has theme words"
    assert (((sums - 1).abs() < 1e-9) | (sums == 0)).all(), "each section's shares sum to 1 (or 0 without theme words)"
    no_theme = table[table[DEFAULT_IDS].sum(axis=1) == 0]
    assert set(table.theme) <= set(DEFAULT_IDS) | {"", "mixed"}
    assert (no_theme.theme == "").all()


def test_sample_validation_accuracy(sample):
    th = load_themes()
    table = theme_table(sample.structure, th)
    secs = label_sections(sample.structure, th)
    assert (secs[secs.part == 3].theme != "").sum() >= 8, "most sections of part 3 get a theme from their titles' seed words"
    v = validate_themes(table, secs, th, part=3)
    assert v.n >= 30 and v.accuracy >= 0.85
    assert v.confusion.to_numpy().sum() == v.n


def test_theme_matches(sample):
    m = theme_matches(sample.structure, load_themes(), "culture")
    assert len(m) > 10 and set(m.columns) == {"paragraph_id", "part", "section", "keyword", "context"}


def test_cli(tmp_path):
    out = tmp_path / "themes.csv"
    subprocess.run([sys.executable, "-m", "helpers", "themes", "data/raw/wuxi_2021.txt", "-o", str(out)],
                   check=True, cwd=PROJECT_ROOT, capture_output=True)
    df = pd.read_csv(out, keep_default_na=False)
    assert {"part", "section", "paragraph_id", "text", "theme", *DEFAULT_IDS} <= set(df.columns)
    assert set(df.theme) <= set(DEFAULT_IDS) | {"", "mixed"}


# ---------------------------------------------------------------- issue 11: themes learned from many reports


def test_seed_words_are_general():
    """No theme word of one report's places (锡剧, 古运河, 蓝藻 … were in the old, sample-made dictionary)."""
    words = {w for t in load_themes().themes for w in t.keywords}
    assert not {"锡剧", "古运河", "蓝藻", "南北挂钩", "科技创新券", "太湖"} & words


def test_housing_and_transport_sit_where_the_keys_put_them():
    owner = load_themes().keyword_owner()
    assert owner["房地产"] == "environment" and owner["交通"] == "environment" and owner["物业"] == "environment"
    assert owner["保障性住房"] == "livelihood"


@pytest.mark.parametrize("text, theme", [
    ("实施积极的财政政策和稳健的货币政策，赤字率拟按3%安排，合理扩大地方政府专项债券规模。", "macro"),
    ("加强国防动员和后备力量建设，巩固军政军民团结。坚持一国两制，推进祖国统一。", "external_security"),
    ("加快发展数字经济，推动数据要素市场化配置，推进人工智能、大数据、云计算应用。", "digital"),
])
def test_new_themes_score_what_used_to_score_zero(text, theme):
    from helpers.themes import decide, model_scores, theme_model

    scores = model_scores(pd.Series([text]), theme_model())
    assert decide(scores).theme_top.iloc[0] == theme


def test_mixed_when_no_theme_dominates():
    from helpers.themes import decide

    scores = pd.DataFrame({"a": [5.0, 5.0, 0.0], "b": [4.8, 1.0, 0.0]})
    d = decide(scores)
    assert d.theme.tolist() == ["mixed", "a", ""] and d.theme_top.tolist() == ["a", "a", ""]
    assert d.theme2.tolist() == ["b", "b", ""]


def test_learned_words_ship_with_the_repository_and_load():
    from helpers.themes import load_theme_words, theme_model

    words = load_theme_words()
    assert len(words) > 500 and set(words.theme) <= set(DEFAULT_IDS)
    assert (words.reports >= 3).all(), "a learned word occurs in three reports or more"
    model = theme_model()
    assert model.weights["财政政策"]["macro"] >= 4.0  # a seed word


def test_learning_needs_many_reports_and_is_deterministic(sample):
    from helpers.themes import learn_theme_words

    one = learn_theme_words({"wuxi": sample.structure}, min_reports=1, min_count=2)
    assert len(one) > 0 and one.equals(learn_theme_words({"wuxi": sample.structure}, min_reports=1, min_count=2))
    assert learn_theme_words({"wuxi": sample.structure}).empty, "one report never passes min_reports=3"


def test_report_without_sections_cannot_be_validated_by_structure():
    from helpers.themes import validate_structure

    s = parse_structure("各位代表：\n一年来，我们推进科技创新。\n加强生态环境保护。")
    th = load_themes()
    check = validate_structure(theme_table(s, th), s, th)
    assert check.n_sections == 0 and "cannot be validated by structure" in check.summary()
    assert "0.0%" not in check.summary()


def test_score_against_key_counts_theme_or_theme2_and_leaves_out_closing():
    from helpers.themes import score_against_key

    table = pd.DataFrame({"text": ["各位代表，现在我代表", "实施积极的财政政策", "推进科技创新"], "theme": ["", "macro", "industry"]})
    key = pd.DataFrame({"text_start": ["各位代表，现在我代表", "实施积极的财政政策", "推进科技创新"],
                        "theme": ["closing", "reform", "innovation"], "theme2": ["", "macro", ""]})
    scored = score_against_key(table, key)
    assert scored.scored.tolist() == [False, True, True] and scored.correct.tolist() == [False, True, False]


REPORT_WITH_MID_APPEAL = """各位代表：
一、今年主要任务
（一）加快科技创新。推进科技创新，加强基础研究和关键核心技术攻关。
各位代表，创新是第一动力，我们要把科技创新之火燃得更旺。
（二）深化改革扩大开放。深化国有企业改革，优化营商环境，扩大高水平对外开放，稳外贸稳外资。
推进自贸试验区建设，扩大进出口，吸引外资。
各位代表！让我们更加紧密地团结起来，为实现今年目标任务而努力奋斗！
"""


def test_an_appeal_between_sections_does_not_close_the_part():
    """shanghai_2022 calls on the deputies after its third task section: the sections after it still count."""
    from helpers.themes import closing_paragraphs

    s = parse_structure(REPORT_WITH_MID_APPEAL)
    closing = s.paragraphs[s.paragraphs.paragraph_id.isin(closing_paragraphs(s))]
    assert list(closing.text.str[:4]) == ["各位代表"] and "团结起来" in closing.text.iloc[0]
    assert (s.paragraphs.section == 2).sum() == 2, "the paragraphs of section 2 keep their section"


def test_a_title_naming_two_themes_agrees_with_either():
    from helpers.themes import title_themes, validate_structure

    th = load_themes()
    assert title_themes("深化改革扩大开放", th) == ["reform", "demand_opening"]
    s = parse_structure(REPORT_WITH_MID_APPEAL)
    table = theme_table(s, th)
    auto = validate_structure(table, s, th).sections.set_index("key")
    assert auto.loc["1.2", "title_themes"] == "reform|demand_opening" and auto.loc["1.2", "agrees"]
    # a hand label is one theme: the majority must be that one
    hand = validate_structure(table, s, th, manual={"1.2": "macro"}).sections.set_index("key")
    assert hand.loc["1.2", "title_themes"] == "macro" and not hand.loc["1.2", "agrees"]


def test_hand_labels_of_titles_are_matched_to_sections():
    from helpers.themes import hand_section_themes

    s = parse_structure(REPORT_WITH_MID_APPEAL)
    key = pd.DataFrame({"section_title": ["加快科技创新", "深化改革、扩大开放", "不在报告里的标题"],
                        "theme": ["innovation", "reform", "macro"]})
    assert hand_section_themes(s, key) == {"1.1": "innovation", "1.2": "reform"}


def test_a_paragraph_of_figures_reviews_the_economy(tmp_path):
    """The key's rule: reviews of economic performance built on aggregate numbers are macro, not demand."""
    from helpers.themes import model_scores, theme_model

    text = "社会消费品零售总额增长5.5%，固定资产投资增长4.2%，进出口总额增长6.1%，实际使用外资增长3%。"
    th = load_themes()
    assert th.figures_theme == "macro" and th.figures_weight > 0
    with_rule = model_scores(pd.Series([text]), theme_model(th)).iloc[0]
    assert with_rule.idxmax() == "macro"
    off = write(tmp_path, (PROJECT_ROOT / "data/dictionaries/themes.yml").read_text(encoding="utf-8")
                .replace("figures: {theme: macro, weight: 4}\n", ""))
    th_off = load_themes(off)
    assert model_scores(pd.Series([text]), theme_model(th_off)).iloc[0].idxmax() == "demand_opening"
    bad = write(tmp_path, "figures: {theme: nosuch, weight: 4}\nthemes:\n  - {id: a, label: A, keywords: [x]}\n")
    with pytest.raises(ThemeDictionaryError, match="figures"):
        load_themes(bad)
