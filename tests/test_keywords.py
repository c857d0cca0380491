"""Segmentation, term discovery, keyword tables, keyness on a hand-checked example, KWIC, co-occurrence."""
from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from helpers import parse_structure
from helpers.errors import ParameterError
from helpers.keywords import _chi2, _g2, cooccurrence, cooccurrence_pairs, keyness, keyword_table, keyword_table_by, kwic, report_tokens, token_table
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
    with pytest.raises(ParameterError, match=r"^measure = 'pmi': must be 'lr' or 'chi2'$") as err:
        keyness(tokens, mask, measure="pmi")
    assert isinstance(err.value, ValueError) and err.value._render_traceback_() == [f"ParameterError: {err.value}"]


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
    ("national_2019", "data/corpus/national_2019.txt"),
    ("zhejiang_2025", "data/corpus/zhejiang_2025.txt"),
])
def test_policy_terms_come_out_whole(name, path, corpus):
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


# ---------------------------------------------------------------- issue 11: keywords that line up with the standard tools

KEYS = Path(__file__).parent / "data" / "keys"
#: Term lists never tuned on (tests/data/keys/README_keyword_theme_keys.md): two sets, made before and after the work.
HELD_OUT_TERMS = ["national_2017", "guangdong_2025", "beijing_2026", "sichuan_2026", "zhejiang_2026", "national_2023"]
DEVELOPMENT_TERMS = ["national_2022", "henan_2026", "shanghai_2025"]
#: Reports with hand-made keys: never learned from by the shipped dictionaries (HELD_OUT in the Makefile).
KEYED_REPORTS = HELD_OUT_TERMS + DEVELOPMENT_TERMS


def test_token_table_keeps_every_token_with_flags(sample):
    from helpers.keywords import token_table

    seg = report_tokens(sample.structure)
    text = "\n".join(sample.structure.sentences.text)
    table = token_table(seg.tokens, text, discovered=seg.discovered).set_index("term")
    assert list(table.reset_index().columns) == ["term", "count", "occurrences", "stopword", "pos", "policy_term", "discovered",
                                                 "nested", "nested_in"]
    assert table.loc["建设", "count"] > 0 and table.loc["推进", "count"] > 0, "verbs are kept (flagged by pos)"
    assert table.loc["的", "stopword"] and not table.loc["高质量发展", "stopword"]
    assert table.loc["高质量发展", "policy_term"] and table.loc["推进", "pos"].startswith("v")
    assert (table.occurrences >= table["count"]).all()
    # occurrences count the string inside longer tokens too, as kwic does
    assert table.loc["创新", "occurrences"] == text.count("创新") == len(kwic(sample.structure, "创新"))


def test_keyword_table_can_keep_stopwords(sample):
    tokens = report_tokens(sample.structure).tokens
    assert "工作" not in set(keyword_table(tokens).term)
    assert "工作" in set(keyword_table(tokens, keep_stopwords=True).term)


def test_cli_all(tmp_path):
    out = tmp_path / "all.csv"
    subprocess.run([sys.executable, "-m", "helpers", "keywords", "data/raw/wuxi_2021.txt", "-o", str(out), "--all"],
                   check=True, cwd=PROJECT_ROOT, capture_output=True)
    df = pd.read_csv(out, keep_default_na=False)
    assert list(df.columns) == ["term", "count", "occurrences", "stopword", "pos", "policy_term", "discovered", "nested",
                                "nested_in"]
    assert {"发展", "建设", "工作"} <= set(df.term)
    # issue 20: a policy term the cut only ever holds inside a longer unit still has its row
    row = df.set_index("term").loc["营商环境"]
    assert row["count"] == 0 and row["occurrences"] > 0 and row["nested"] in (True, "True") and row["nested_in"]


def test_nested_policy_terms_get_a_row_with_their_occurrences(sample):
    """Issue 20: 营商环境 occurs only inside 营商环境城市 (乡村振兴 inside 乡村振兴战略 …): each has a row, with the
    string's count in the text (what kwic finds), marked nested, with the longer unit the cut chose."""
    from helpers.keywords import token_table
    from helpers.segment import dictionary_terms

    seg = report_tokens(sample.structure)
    text = "\n".join(sample.structure.sentences.text)
    table = token_table(seg.tokens, text, discovered=seg.discovered).set_index("term")
    tokens = set(seg.tokens.token)
    for term, longer in [("营商环境", "营商环境城市"), ("乡村振兴", "乡村振兴战略"), ("长三角一体化", "长三角一体化发展"),
                         ("生物医药", "生物医药产业")]:
        assert term not in tokens and longer in tokens, "the sample's cut chose the longer unit"
        row = table.loc[term]
        assert row["count"] == 0 and row["nested"] and row["nested_in"] == longer
        assert row["occurrences"] == text.count(term) == len(kwic(sample.structure, term)) > 0
        assert row["policy_term"]
    # every policy term of the report has a row: dictionary terms in the text and the discovered ones
    present = {t for t in dictionary_terms() | set(seg.discovered.term) if len(t) >= 2 and t in text}
    assert present <= set(table.index)
    # a token that is also held by longer ones counts both: its own tokens and the nested occurrences
    row = table.loc["发展"]
    assert row["nested"] and row["occurrences"] == text.count("发展") > row["count"] > 0
    assert not table.loc[table["count"] == table.occurrences, "nested"].any()


def test_nested_in_names_the_longer_unit_that_holds_most():
    from helpers.keywords import token_table

    tokens = pd.DataFrame({"token": ["优化", "营商环境城市", "和", "营商环境城市", "营商环境指数"], "keyword": True})
    table = token_table(tokens, "优化营商环境城市和营商环境城市营商环境指数").set_index("term")
    assert table.loc["营商环境", "occurrences"] == 3 and table.loc["营商环境", "count"] == 0
    assert table.loc["营商环境", "nested_in"] == "营商环境城市"
    assert not table.loc["优化", "nested"] and table.loc["优化", "nested_in"] == ""


def test_corpus_frequency_is_one_call_over_many_reports(sample):
    from helpers.keywords import corpus_frequency

    one = corpus_frequency([sample], jieba_only=True).set_index("term")
    two = corpus_frequency([sample, sample], jieba_only=True).set_index("term")
    assert two.loc["发展", "count"] == 2 * one.loc["发展", "count"] and two.loc["发展", "docfreq"] == 2
    assert one.loc["经济", "occurrences"] >= one.loc["经济", "count"]


def test_longest_match_joins_overlapping_terms():
    from helpers.segment import _join_crossing

    assert _join_crossing(["打好", "精准", "脱贫攻坚战"], {"精准脱贫", "脱贫攻坚战"}) == ["打好", "精准脱贫攻坚战"]
    assert _join_crossing(["推进", "长三角一体化", "发展"], {"长三角一体化发展", "长三角一体化"}) == ["推进", "长三角一体化发展"]
    assert _join_crossing(["加强", "营商环境"], {"营商环境"}) == ["加强", "营商环境"]


def test_merge_cuts_a_token_that_straddles_a_term():
    from helpers.segment import _merge, _term_pattern

    assert _merge(["专精", "特新企业"], "专精特新企业", _term_pattern(["专精特新"])) == ["专精特新", "企业"]
    assert _merge(["科技创新"], "科技创新", _term_pattern(["创新"])) == ["科技创新"], "already inside a longer token"


def test_terms_quoted_once_and_heading_terms_are_discovered_fragments_are_not():
    text = "\n".join(
        ["开通“宁好办”服务。", "推进城镇调查失业率下降。城镇调查失业率保持稳定。"]
        + [f"完善基本养老保险{x}。" for x in "甲乙丙"] + [f"发展基本养老服务{x}。" for x in "甲乙"]
    )
    found = discover_terms(text, headings=["（一）稳定城镇调查失业率"])
    terms = dict(zip(found.term, found.source))
    assert terms.get("宁好办") == "quoted"
    assert terms.get("城镇调查失业率") in {"heading", None}  # None when a dictionary already keeps it whole
    assert "基本养老" not in terms


def test_names_seen_once_are_found_by_their_heads():
    """Issue 11: one-off programme and institution names (no quotes, no repetition) end in a head word."""
    from helpers.segment import _named_terms

    def names(*sentences):
        return set(_named_terms([s.split("/") for s in sentences]))

    assert "海南自由贸易港" in names("推进/海南/自由贸易/港/建设")  # a one-character place head
    assert "长租房市场" in names("加快/发展/长/租房/市场")  # a one-character adjective opens it
    assert "国企改革深化提升行动" in names("加快/实施/国企改革/深化/提升/行动")  # verbs before a verbal head
    assert not names("高质量/完成/国企改革/。"), "a verb and its object is not a name"
    assert not names("做/好/超长期/特别/国债"), "好 completes the verb before it"
    assert "丰富巨灾保险" not in names("丰富/巨灾/保险/保障/形式"), "an adjective-verb and its object"
    assert not names("高标准/打造/国家公园"), "a policy verb before a place head"
    assert "美好安徽" in names("推进/美好/安徽/建设") and "紧密型城市医疗集团" in names("建成/紧密/型/城市/医疗/集团")
    assert "中国式现代化广东" not in names("谱写/中国式现代化/广东/实践"), "a province takes a short modifier only"
    meeting = names("召开/中央/经济/工作会议")
    assert "中央经济工作会议" in meeting and "中央经济" not in meeting, "经济 is not a head: 中央经济 would cut the meeting"
    # a verb between nouns (党建/引领/基层治理) reads as a clause: a name only when the report repeats it
    once = "突出/党建/引领/基层/高效能/治理/，"
    assert "党建引领基层高效能治理" not in names(once)
    assert "党建引领基层高效能治理" in names(once, "加强/党建/引领/基层/高效能/治理")


def test_names_are_not_cut_at_their_first_words():
    """Issue 20: names kept only in part (源头防控行动 for 土壤污染源头防控行动) — real sentences of the corpus, cut as
    the reports are cut. Each rule extends the name to its first word rather than dropping it."""
    from helpers.segment import _fast_cut, _named_terms

    def names(sentence):
        return set(_named_terms([_fast_cut()(sentence)]))

    # a word jieba lists as a noun opens a name although jieba tags its first half a verb (知识/v, 公立/v)
    assert "知识产权金融生态综合试点" in names("扎实开展知识产权金融生态综合试点。")  # sichuan_2026
    assert "公立医院病房改造提升行动" in names("实施公立医院病房改造提升行动，")  # guangdong_2025
    assert not any(n.startswith("全面推行") for n in names("全面推行居住证制度，")), "a word ending in a verb opens none"
    # after punctuation a one-character adjective opens a name of three words or more, not a two-word phrase
    assert "高价值发明专利拥有量" in names("全面推行职务科技成果赋权及资产单列管理改革，高价值发明专利拥有量增长。")
    assert not names("多措并举稳就业、稳企业、稳市场、稳预期，"), "稳/企业 is a slogan's piece"
    # place and time words (湿地/z, 现代/t), fixed expressions and quantity words made of nouns
    assert "沿黄湿地生态保护修复带" in names("建设沿黄湿地生态保护修复带。")  # henan_2026
    assert "现代设施农业片区" in names("12个现代设施农业片区启动建设，")  # shanghai_2025
    assert "土壤污染源头防控行动" in names("深入实施土壤污染源头防控行动，")  # guangdong_2025
    assert "全方位门户复合型国际航空枢纽" in names("支持成都打造全方位门户复合型国际航空枢纽，")  # sichuan_2026
    assert not any(n.startswith("千方百计") for n in names("（一）千方百计稳就业稳企业稳市场稳预期。")), "an adverbial idiom"
    # a verb and its object before a verbal head, governed by a policy verb: the programme is that verb's object
    assert "拖欠企业账款专项清理行动" in names("持续开展拖欠企业账款专项清理行动，")  # henan_2026
    assert "高质量完成国企改革" not in names("高质量完成国企改革。")


def test_rjieba_cuts_as_jieba_does(sample):
    """The fast cutter (rjieba with the same dictionary) gives jieba's tokens on every Chinese word."""
    from helpers.segment import _base_tokenizer, _fast_cut

    fast, slow = _fast_cut(), _base_tokenizer()
    lines = list(sample.structure.sentences.text)
    han = [[t for t in fast(line) if is_keyword_token(t)] for line in lines]
    assert han == [[t for t in slow.lcut(line, HMM=True) if is_keyword_token(t)] for line in lines]
    assert fast("推进放管服改革，建设海南自由贸易港") == slow.lcut("推进放管服改革，建设海南自由贸易港", HMM=True)


def test_numeral_slogans_do_not_start_or_end_inside_a_word():
    found = set(discover_terms("构建一极两带发展格局。推进长三角一体化发展。建设一区三中心。").term)
    assert "一极两带" in found and "三角一体" not in found and "一区三中" not in found


def test_overlapping_terms_the_cut_that_covers_most_wins():
    from helpers.segment import TermMatcher

    def cut(text, terms):
        return [text[a:b] for a, b in TermMatcher(terms).spans(text)]

    assert cut("郑州全国要素市场化配置综合改革试点获批", ["郑州全国要素市场化配置", "要素市场化配置综合改革试点"]) == [
        "要素市场化配置综合改革试点"], "the longer programme wins although the other starts first"
    assert cut("完成东方枢纽国际商务合作区先行启动区验收", ["东方枢纽国际商务合作区", "枢纽国际商务合作区先行启动区", "先行启动区"]) == [
        "东方枢纽国际商务合作区", "先行启动区"], "two terms that cover more beat one that leaves 东方 alone"
    assert cut("营商环境保护", ["营商环境", "环境保护"]) == ["营商环境"], "equal cover: the leftmost"


def test_keyness_against_a_reference_with_log_ratio_and_bh():
    from helpers.keywords import benjamini_hochberg

    tokens, mask = _toy_tokens({"创新": 10, "改革": 10}, {"创新": 10, "民生": 70})
    ref = tokens[~mask].reset_index(drop=True)
    key = keyness(tokens[mask].reset_index(drop=True), reference=ref, drop_policy_verbs=False).set_index("term")
    # 创新: 10/20 in target, 10/80 in reference: log2(0.5 / 0.125) = 2
    assert math.isclose(key.loc["创新", "log_ratio"], 2.0)
    assert {"p", "p_adjusted", "significant", "log_ratio"} <= set(key.columns)
    # BH by hand: p = .01 .04 .03 .20 -> sorted .01 .03 .04 .20, times 4/rank = .04 .06 .0533 .20, cumulative min from the top
    adj = benjamini_hochberg(pd.Series([0.01, 0.04, 0.03, 0.20]))
    assert [round(x, 4) for x in adj] == [0.04, 0.0533, 0.0533, 0.2]


def test_cooccurrence_window_and_logdice():
    tokens = pd.DataFrame({"sentence_id": ["a"] * 5 + ["b"] * 3, "paragraph_id": ["p"] * 8, "part": 1, "section": 0,
                           "token": ["经济", "体制", "改革", "的", "创新", "经济", "改革", "创新"], "keyword": True})
    m = cooccurrence(tokens, ["经济", "改革", "创新"], window=2)
    assert m.loc["经济", "改革"] == 2 and m.loc["经济", "创新"] == 1 and m.loc["改革", "改革"] == 2
    d = cooccurrence(tokens, ["经济", "改革", "创新"], window=2, measure="logdice")
    assert math.isclose(d.loc["经济", "改革"], 14 + math.log2(2 * 2 / (2 + 2)))
    with pytest.raises(ValueError, match="measure"):
        cooccurrence(tokens, ["经济"], measure="dice")


def test_cooccurrence_pairs_are_a_sorted_list_without_nan():
    tokens = pd.DataFrame({"sentence_id": ["a"] * 5 + ["b"] * 3, "paragraph_id": ["p"] * 8, "part": 1, "section": 0,
                           "token": ["经济", "体制", "改革", "的", "创新", "经济", "改革", "创新"], "keyword": True})
    terms = ["经济", "改革", "创新", "人才"]  # 人才 never occurs: no row, not a row of NaN
    pairs = cooccurrence_pairs(tokens, terms, window=2, measure="logdice")
    assert list(pairs.columns) == ["term", "term2", "count", "logdice", "pmi"]
    assert not pairs.isna().any().any() and "人才" not in set(pairs.term) | set(pairs.term2)
    assert len(pairs) == len({frozenset(p) for p in zip(pairs.term, pairs.term2)}) == 3  # each pair once
    assert pairs.logdice.is_monotonic_decreasing
    matrix = cooccurrence(tokens, terms, window=2, measure="logdice")
    assert list(pairs["count"]) == [2, 2, 1]  # 经济–改革 and 改革–创新 twice, 经济–创新 once
    for r in pairs.itertuples():
        assert math.isclose(r.logdice, matrix.loc[r.term, r.term2])
    assert cooccurrence_pairs(tokens, terms, window=2, measure="count")["count"].is_monotonic_decreasing


def _kept_whole(corpus, name: str) -> float:
    """Share of a hand-made list's terms (those in the text) that the shipped segmentation keeps whole."""
    from helpers import prepare_report

    prepared = prepare_report(corpus / f"{name}.txt")
    terms = list(dict.fromkeys(read_word_list(KEYS / f"{name}_policy_terms.txt")))
    rate = single_token_rate(terms, report_tokens(prepared.structure).tokens, "\n".join(prepared.structure.sentences.text))
    assert rate.in_text.mean() >= 0.95, "the key's terms are in the report"
    return float(rate[rate.in_text].whole.mean())


@pytest.mark.parametrize("name", HELD_OUT_TERMS)
def test_held_out_policy_terms(name, corpus):
    """Held-out lists (never tuned on, never learned from): what is reached, 0.75-0.95 (README).

    The issue's goal is 0.95 on every list: ``test_held_out_policy_terms_goal`` marks it as not met yet.
    """
    assert _kept_whole(corpus, name) >= 0.7


@pytest.mark.parametrize("name", DEVELOPMENT_TERMS)
def test_development_policy_terms(name, corpus):
    """Development lists (their misses were read while building the rules and the national vocabulary)."""
    assert _kept_whole(corpus, name) >= 0.95


@pytest.mark.xfail(strict=True, reason="goal of issue 11 (policy terms whole >= 0.95 on held-out reports) not reached yet")
def test_held_out_policy_terms_goal(corpus):
    assert min(_kept_whole(corpus, name) for name in HELD_OUT_TERMS) >= 0.95


def test_policy_term_row_counts_whole_or_nested():
    """``row``: a listed term has a row of its own in keywords --all when it is a token, or a policy term (dictionary
    or discovered) held inside a longer token; a name the cut splits into pieces has none."""
    text = "优化营商环境城市建设，推进接诉即办，开展护苗行动。"
    tokens = pd.DataFrame({"token": ["优化", "营商环境城市", "建设", "，", "推进", "接诉", "即", "办", "，", "开展",
                                     "护苗行动", "。"]})
    discovered = pd.DataFrame({"term": ["护苗"], "source": ["quoted"], "count": [1]})
    rate = single_token_rate(["营商环境", "接诉即办", "护苗", "建设"], tokens, text, discovered).set_index("term")
    assert rate.row.to_dict() == {"营商环境": True, "接诉即办": False, "护苗": True, "建设": True}
    assert rate.whole.to_dict() == {"营商环境": True, "接诉即办": False, "护苗": True, "建设": True}
    assert not single_token_rate(["护苗"], tokens, text).row[0], "not discovered: no row of its own"
    table = token_table(tokens, text, discovered)
    assert {"营商环境", "护苗"} <= set(table.term) and "接诉即办" not in set(table.term), "the same rows as --all"


def test_leave_one_out_learns_without_the_report(corpus, monkeypatch):
    """evaluate_policy_terms learns the dictionary from every report but the one it scores, and segments with it."""
    from helpers import segment
    from helpers.prepare import prepare_corpus

    corpus = prepare_corpus(corpus, exclude=("national_2016_gbk",))
    structures = {n: p.structure for n, p in corpus.items() if n.startswith("national_201")}
    seen: list[set[str]] = []
    real = segment.learn_policy_terms
    monkeypatch.setattr(segment, "learn_policy_terms", lambda texts, heads: seen.append(set(texts)) or real(texts, heads))
    result = segment.evaluate_policy_terms(structures, {"national_2017": ["供给侧结构性改革", "三去一降一补"]})
    assert seen == [set(structures) - {"national_2017"}]
    assert result.loc[0, "in_text"] == 2 and result.loc[0, "learned_from"] == len(structures) - 1
    assert 0 <= result.loc[0, "rows"] <= 2 and 0 <= result.loc[0, "row_rate"] <= 1
    assert segment.learned_terms() == segment.corpus_policy_terms(), "the shipped dictionary is back after the block"


def test_learned_dictionary_ships_and_is_general():
    from helpers.lexicon import corpus_policy_terms, policy_terms

    terms = corpus_policy_terms()
    assert len(terms) > 500 and "一流营商环境" in terms
    assert not set(terms) & set(policy_terms()), "the hand-made dictionaries' terms are not learned again"
    header = (PROJECT_ROOT / "data" / "dictionaries" / "policy_terms_corpus.txt").read_text(encoding="utf-8")
    learned_from = header.split("Learned from", 1)[1].split("\n", 1)[0]
    for keyed in KEYED_REPORTS:
        assert keyed not in learned_from


QUANTEDA_TOP10 = ["发展", "经济", "社会", "建设", "改革", "人民", "主义", "工作", "企业", "国家"]


def _national_frequency(corpus):
    from helpers import prepare_report
    from helpers.keywords import corpus_frequency
    from helpers.segment import pos_tag

    reports = [prepare_report(corpus / f"national_{y}.txt") for y in range(2010, 2018)]
    table = corpus_frequency(reports, jieba_only=True)
    return table, table[table.term.map(pos_tag) != "v"]


def test_quanteda_top10_over_the_national_reports(corpus):
    """The measured overlap (README): 5 of quanteda's top 10 with every token, 7 without verbs; 主义 only inside 社会主义."""
    table, no_verbs = _national_frequency(corpus)
    assert len(set(table.term.head(10)) & set(QUANTEDA_TOP10)) >= 5
    assert len(set(no_verbs.term.head(10)) & set(QUANTEDA_TOP10)) >= 7
    t = table.set_index("term")
    assert "主义" not in t.index and t.loc["经济", "occurrences"] > t.loc["经济", "count"]  # 国民经济, 经济体制改革 …


@pytest.mark.xfail(strict=True, reason="goal of issue 11 (8 of quanteda's 1954-2017 top 10) not reached on the 2010-2017 reports here")
def test_quanteda_top10_goal(corpus):
    table, _ = _national_frequency(corpus)
    assert len(set(table.term.head(10)) & set(QUANTEDA_TOP10)) >= 8


def test_keywords_benchmark_runs(tmp_path):
    """The benchmark prints the ratio to plain jieba (on the sample alone here: figures, not a timing test)."""
    proc = subprocess.run([sys.executable, "benchmarks/keywords_benchmark.py", "--corpus", str(tmp_path), "--repeat", "1"],
                          cwd=PROJECT_ROOT, capture_output=True, text=True, check=True)
    assert "wuxi_2021" in proc.stdout and "goal: <= 3.00" in proc.stdout


def test_one_keyword_rate_across_reports():
    from helpers.keywords import keyword_rates, per_10k_chars

    assert per_10k_chars(3, 6000) == 5.0 and per_10k_chars(pd.Series([2, 1]), pd.Series([4000, 0])).tolist() == [5.0, 10000.0]
    tables = {"b": pd.DataFrame({"term": ["改革"], "count": [4]}), "a": pd.DataFrame({"term": ["改革"], "count": [1]})}
    assert keyword_rates(tables, {"a": 2000, "b": 8000})["改革"].tolist() == [5.0, 5.0]
    # chosen terms instead of the top ones: a term no report uses is 0 (the corpus's term trends build on this)
    chosen = keyword_rates(tables, {"a": 2000, "b": 8000}, terms=["开放", "改革"])
    assert list(chosen.columns) == ["开放", "改革"] and chosen.index.tolist() == ["a", "b"]
    assert chosen["开放"].tolist() == [0.0, 0.0] and chosen["改革"].tolist() == [5.0, 5.0]
