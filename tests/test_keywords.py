"""Segmentation, term discovery, keyword tables, keyness on a hand-checked example, KWIC, co-occurrence."""
from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from helpers import parse_structure
from helpers.keywords import _chi2, _g2, cooccurrence, keyness, keyword_table, keyword_table_by, kwic, report_tokens
from helpers.paths import PROJECT_ROOT
from helpers import cache
from helpers.lexicon import read_word_list
from helpers.segment import discover_terms, is_keyword_token, single_token_rate, tokenizer

FIXTURES = Path(__file__).parent / "fixtures"


def test_policy_dictionary_keeps_terms_whole():
    tk = tokenizer()
    for term in ["放管服", "专精特新", "供给侧结构性改革", "营商环境", "六稳六保"]:
        assert term in tk.lcut(f"深化{term}工作")


def test_plain_jieba_splits_them():
    import jieba

    plain = jieba.Tokenizer()
    assert "专精特新" not in plain.lcut("培育专精特新企业")


def test_discover_quoted_titles_and_repeated_terms():
    text = "\n".join(
        ["打响“无难事、悉心办”品牌，开通“灵锡”“惠企通”服务新平台。", "纳入《长三角科技创新共同体建设发展规划》。"]
        + [f"推进{x}太湖湾科创带{y}。" for x, y in [("全面", "建设"), ("加快", "发展"), ("着力", "规划")]]
    )
    found = discover_terms(text)
    by_source = found.groupby("source").term.apply(set).to_dict()
    assert "惠企通" in by_source["quoted"] and "灵锡" in by_source["quoted"]
    assert "长三角科技创新共同体建设发展规划" in by_source["book title"]
    assert "太湖湾科创带" in by_source["repeated n-gram"]


def test_discovered_terms_stay_whole_in_segmentation():
    s = parse_structure("各位代表：\n建设“太湖湾科创带”。推进太湖湾科创带建设。支持太湖湾科创带发展。")
    seg = report_tokens(s)
    assert (seg.tokens.token == "太湖湾科创带").sum() == 3


@pytest.mark.parametrize("token, ok", [("高质量发展", True), ("12370", False), ("亿元", True), ("7%", False), ("，", False), ("和", False), ("5G", False)])
def test_keyword_tokens(token, ok):
    assert is_keyword_token(token) is ok


def test_numbers_units_and_stopwords_never_keywords(sample):
    tokens = report_tokens(sample.structure).tokens
    kw = set(tokens[tokens.keyword].token)
    assert not {"亿元", "万人", "个百分点", "的", "各位代表", "进一步"} & kw
    assert not any(ch.isdigit() for t in kw for ch in t)


def test_segmentation_is_cached(sample, monkeypatch):
    report_tokens(sample.structure)
    calls = []
    monkeypatch.setattr("helpers.segment._segment", lambda *a: calls.append(a))
    hits = cache.STATS[("segmentation", "hit")]
    again = report_tokens(sample.structure)
    assert calls == [] and cache.STATS[("segmentation", "hit")] == hits + 1
    assert len(again.tokens) > 1000


def test_keyword_table_columns_and_order(sample):
    seg = report_tokens(sample.structure)
    table = keyword_table(seg.tokens, discovered=seg.discovered)
    assert list(table.columns[:4]) == ["term", "count", "share", "doc_freq"]
    assert table["count"].is_monotonic_decreasing
    assert math.isclose(table.share.sum(), 1.0)
    assert "推进" not in set(table.term)  # a policy verb, dropped by default
    assert "推进" in set(keyword_table(seg.tokens, drop_policy_verbs=False).term)


def test_keyword_table_by_part(sample):
    by = keyword_table_by(report_tokens(sample.structure).tokens, by="part", top=5)
    assert set(by.part) >= {1, 2, 3}
    assert by.groupby("part")["rank"].max().max() == 5


def _toy_tokens(target_counts: dict[str, int], reference_counts: dict[str, int]) -> tuple[pd.DataFrame, pd.Series]:
    rows = [(t, 1) for t, n in target_counts.items() for _ in range(n)] + [(t, 2) for t, n in reference_counts.items() for _ in range(n)]
    df = pd.DataFrame(rows, columns=["token", "part"])
    df["keyword"] = True
    return df, df.part == 1


def test_keyness_hand_checked():
    # target: 创新 10 of 20 tokens; reference: 创新 10 of 80 tokens
    tokens, mask = _toy_tokens({"创新": 10, "改革": 10}, {"创新": 10, "民生": 70})
    # G2 by hand: a=10 b=10 c=10 d=70, n=100; expected a: 20*20/100=4, b: 20*80/100=16, c: 80*20/100=16, d: 80*80/100=64
    g2 = 2 * (10 * math.log(10 / 4) + 10 * math.log(10 / 16) + 10 * math.log(10 / 16) + 70 * math.log(70 / 64))
    assert math.isclose(_g2(10, 10, 20, 80), g2)
    # chi2 with Yates: n (|ad-bc| - n/2)^2 / ((a+b)(c+d)(a+c)(b+d)) = 100*(|700-100|-50)^2/(20*80*20*80)
    assert math.isclose(_chi2(10, 10, 20, 80), 100 * (600 - 50) ** 2 / (20 * 80 * 20 * 80))
    lr = keyness(tokens, mask, measure="lr", drop_policy_verbs=False).set_index("term")
    assert math.isclose(lr.loc["创新", "statistic"], g2)
    assert lr.loc["民生", "statistic"] < 0 < lr.loc["改革", "statistic"]
    assert lr.measure.iloc[0] == "G2 (log-likelihood)"
    assert keyness(tokens, mask, measure="chi2", drop_policy_verbs=False).measure.iloc[0] == "chi2 (Yates)"
    with pytest.raises(ValueError, match="measure"):
        keyness(tokens, mask, measure="pmi")


def test_kwic(sample):
    conc = kwic(sample.structure, "高质量发展", window=15)
    assert len(conc) == sample.text.count("高质量发展")
    row = conc.iloc[0]
    assert row.keyword == "高质量发展" and len(row.left) <= 15 and len(row.right) <= 15
    assert list(conc.columns) == ["sentence_id", "paragraph_id", "part", "section", "left", "keyword", "right"]
    assert len(kwic(sample.structure, r"PM2\.5|臭氧", regex=True)) >= 2
    with pytest.raises(ValueError):
        kwic(sample.structure, "")


def test_cooccurrence():
    tokens = pd.DataFrame({"sentence_id": ["a", "a", "b", "c"], "token": ["创新", "人才", "创新", "人才"]})
    m = cooccurrence(tokens, ["创新", "人才"])
    assert m.loc["创新", "人才"] == 1 and m.loc["创新", "创新"] == 2


@pytest.mark.parametrize("name, path", [
    ("wuxi_2021", "data/raw/wuxi_2021.txt"),
    ("national_2019", "../shared/corpus/national_2019.txt"),
    ("zhejiang_2025", "../shared/corpus/zhejiang_2025.txt"),
])
def test_policy_terms_come_out_whole(name, path, shared):
    from helpers import prepare_report

    prepared = prepare_report(PROJECT_ROOT / path)
    seg = report_tokens(prepared.structure)
    terms = list(dict.fromkeys(read_word_list(FIXTURES / f"policy_terms_{name}.txt")))
    rate = single_token_rate(terms, seg.tokens, "\n".join(prepared.structure.sentences.text))
    scored = rate[rate.in_text]
    assert len(scored) >= 0.9 * len(rate)
    assert scored.whole.mean() >= 0.95, scored[~scored.whole].term.tolist()


def test_cli(tmp_path):
    out = tmp_path / "kw.csv"
    subprocess.run([sys.executable, "-m", "helpers", "keywords", "data/raw/wuxi_2021.txt", "-o", str(out)],
                   check=True, cwd=PROJECT_ROOT, capture_output=True)
    df = pd.read_csv(out)
    assert {"term", "count"} <= set(df.columns) and len(df) > 100
