"""Issue 12: the corpus — manifest, cache, indices, targets vs results, the Dask executor, the corpus page."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from helpers import cache
from helpers.corpus import executors, worker
from helpers.keywords import KEYNESS_COLUMNS, _g2
from helpers.corpus import build_corpus, compare_groups, open_corpus, read_corpus, select_reports
from helpers.errors import OneLineError, ParameterError
from helpers.panel import (
    IndexList, IndexListError, canonical_name, index_counts, judge, load_indices, qualifier_bound, read_index_list,
    targets_vs_results,
)
from helpers.paths import PROJECT_ROOT

from conftest import CORPUS

REPORT_2025 = """2025年安徽省政府工作报告
——2025年1月14日在安徽省第十四届人民代表大会第四次会议上
各位代表：
一、2024年工作回顾
过去一年，全省生产总值增长5.8%，城镇新增就业70万人。生态环境持续改善，绿色低碳发展加快，科技创新取得新突破。
二、2025年主要目标任务
今年经济社会发展的主要预期目标是：全省生产总值增长5.5%以上，社会消费品零售总额增长5.5%左右，城镇新增就业68万人左右，居民消费价格涨幅2%左右。
我们要推进数字经济发展，加强污染防治，推动节能减排。
"""
REPORT_2026 = """2026年安徽省政府工作报告
——2026年1月20日在安徽省第十四届人民代表大会第五次会议上
各位代表：
一、2025年工作回顾
过去一年，全省生产总值增长5.6%，社会消费品零售总额增长4.2%，城镇新增就业75.7万人。
二、2026年主要目标任务
今年经济社会发展的主要预期目标是：全省生产总值增长5%以上。
"""
# no title, date or dated headings: the year comes from the file name only, the place from nowhere
UNTITLED = "各位代表：\n过去一年，我们推进生态文明建设，空气质量持续改善。\n"


@pytest.fixture()
def tmp_cache(tmp_path, monkeypatch):
    """A cache of its own, so counts of work done are exact."""
    monkeypatch.setattr(cache, "CACHE_DIR", tmp_path / "cache")
    return tmp_path / "cache"


@pytest.fixture()
def small(tmp_path) -> Path:
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "anhui_2025.txt").write_text(REPORT_2025, encoding="utf-8")
    (folder / "anhui_2026.txt").write_text(REPORT_2026, encoding="utf-8")
    (folder / "notes_2019.txt").write_text(UNTITLED, encoding="utf-8")
    return folder


def _counting(monkeypatch) -> list[str]:
    calls: list[str] = []
    real = worker.analyse_report

    def counted(task):
        calls.append(task.file)
        return real(task)

    monkeypatch.setattr(worker, "analyse_report", counted)
    return calls


# --------------------------------------------------------------------------- indices


def test_environment_index_counts_a_tiny_text():
    env = load_indices()["environment"]
    assert {"环境保护", "PM2.5", "二氧化硫"} <= set(env.words) and "陈诗一" in env.source
    text = "加强环境保护和环保督察，推动绿色低碳发展，改善生态环境，PM2.5浓度下降，深入推进节能减排。"
    # 环境保护, 环保, 绿色, 低碳, 生态 (in 生态环境), PM2.5, 减排 (in 节能减排): 7
    table = index_counts(text, n_tokens=20, indices={"environment": env}).iloc[0]
    chars = len(text)
    assert table["count"] == 7
    assert table.per_10k_chars == pytest.approx(7 * 10_000 / chars)
    assert table.token_share == pytest.approx(7 / 20)


def test_overlapping_words_count_once_longest_first():
    ix = IndexList("t", "t", "test", ("环境", "环境保护", "保护"))
    # 环境保护 is one match (not 环境 + 保护); then 环境 alone; 保护 alone
    assert index_counts("环境保护，环境，保护", 10, {"t": ix})["count"].tolist() == [3]
    assert index_counts("环境保护", 10, {"t": ix})["count"].tolist() == [1]


def test_an_index_list_without_source_is_refused(tmp_path):
    bad = tmp_path / "mine.txt"
    bad.write_text("# index: mine\n创新\n", encoding="utf-8")
    with pytest.raises(IndexListError, match=r"mine\.txt: no '# source:' line"):
        read_index_list(bad)


# --------------------------------------------------------------------------- targets vs results


def _ind(file, name, value, unit, year, kind, qualifier="", measure="growth rate", base=None, unit_base=None, sentence=""):
    return {"file": file, "indicator": name, "value": str(value), "unit": unit,
            "value_base": float(base if base is not None else value), "unit_base": unit_base or unit, "year": str(year),
            "kind": kind, "measure": measure, "qualifier": qualifier, "sentence_id": hash(sentence) % 1000, "sentence": sentence}


def test_targets_vs_results_on_hand_made_reports():
    t, r = "x_2024.txt", "x_2025.txt"
    rows = [
        _ind(t, "地区生产总值增长", 5, "%", 2024, "target", "左右"),           # floor 4.75
        _ind(r, "国内生产总值", 4.9, "%", 2024, "actual"),                     # → met (a name of GDP)
        _ind(t, "居民消费价格涨幅", 3, "%", 2024, "target", "左右"),           # ceiling 3.15 (less is better)
        _ind(r, "居民消费价格", 3.5, "%", 2024, "actual"),                     # → missed
        _ind(t, "城镇调查失业率", 5.5, "%", 2024, "target", "以内", "share"),
        _ind(r, "城镇调查失业率", 5.2, "%", 2024, "actual", "", "share"),      # → met
        _ind(t, "进出口总额", 6, "%", 2024, "target", "", sentence="进出口总额增长6%-6.5%"),
        _ind(t, "进出口总额", 6.5, "%", 2024, "target", "", sentence="进出口总额增长6%-6.5%"),
        _ind(r, "进出口总额", 5.9, "%", 2024, "actual"),                       # a range: floor 6 → missed
        _ind(t, "粮食产量", 1.3, "万亿斤", 2024, "target", "以上", "level", 1.3e12, "斤"),
        _ind(r, "粮食产量", 13500, "亿斤", 2024, "actual", "", "level", 1.35e12, "斤"),  # units differ in scale only → met
        _ind(t, "一般公共预算收入", 3, "%", 2024, "target", "同步"),
        _ind(r, "一般公共预算收入", 3.2, "%", 2024, "actual"),                 # 同步 sets no bound → not comparable
        _ind(t, "固定资产投资", 5, "%", 2024, "target", "左右"),
        _ind(r, "固定资产投资", 5000, "亿元", 2024, "actual", "", "level", 5e11, "元"),  # % against 亿元 → not comparable
        _ind(t, "新建公园", 100, "个", 2024, "target", "", "count"),           # nothing in 2025 → no result
        _ind(r, "地区生产总值", 5, "%", 2025, "actual"),                       # another year: never a result for 2024
        _ind("y_2024.txt", "地区生产总值", 6, "%", 2024, "target", "左右"),    # no 2025 report of Y
    ]
    reports = pd.DataFrame({"file": [t, r, "y_2024.txt"], "place": ["X省", "X省", "Y省"], "year": [2024, 2025, 2024]})
    tvr = targets_vs_results(pd.DataFrame(rows), reports)
    got = {(p, i): s for p, i, s in zip(tvr.place, tvr.indicator, tvr.status)}
    assert got == {
        ("X省", "地区生产总值"): "met", ("X省", "居民消费价格"): "missed", ("X省", "城镇调查失业率"): "met",
        ("X省", "进出口总额"): "missed", ("X省", "粮食产量"): "met", ("X省", "一般公共预算收入"): "not comparable",
        ("X省", "固定资产投资"): "not comparable", ("X省", "新建公园"): "no result", ("Y省", "地区生产总值"): "no result",
    }
    assert len(tvr) == 9  # every target has a row, the range is one target
    trade = tvr[tvr.indicator == "进出口总额"].iloc[0]
    assert (trade.target_value, trade.target_value_high, trade.result_value) == (6.0, 6.5, 5.9)
    assert "no report of Y省 for 2025" in tvr[tvr.place == "Y省"].note.iloc[0]
    assert set(tvr.status) <= {"met", "missed", "not comparable", "no result"}


def test_qualifiers_and_names():
    assert [qualifier_bound(q) for q in ("左右", "以上", "不低于", "以内", "", "同步")] == [
        "about", "at least", "at least", "at most", "exact", "none"]
    assert judge(5.0, 4.8, "左右", "higher", 0.05)[0] == "met"
    assert judge(5.0, 4.7, "左右", "higher", 0.05)[0] == "missed"
    assert judge(5.0, 4.99, "以上", "higher", 0.05)[0] == "missed"
    assert judge((5.0, 5.5), 5.0, "", "higher", 0.05)[0] == "met"
    assert canonical_name("GDP") == canonical_name("国内生产总值") == canonical_name("全省地区生产总值增长") == "地区生产总值"
    assert canonical_name("规上工业增加值") == canonical_name("规模以上工业增加值")


def test_real_pair_anhui_2025_targets_against_its_2026_results(tmp_path):
    """Checked by hand against the texts (data/corpus/anhui_2025.txt and anhui_2026.txt):

    2025 report: 全省地区生产总值增长5.5%以上 … 规上工业增加值增长7%左右，社会消费品零售总额增长5.5%左右，
    进出口总额增长5.5%左右，一般公共预算收入增长2%左右 … 城镇新增就业68万人左右。
    2026 report: 全省地区生产总值5.3万亿元、增长5.5%，规上工业增加值增长9.4%，社会消费品零售总额增长4.2%，
    进出口总额增长17.3%，一般公共预算收入增长2.9% … 城镇新增就业75.7万人。
    So: GDP met (5.5 ≥ 5.5), industry met, retail sales missed (4.2 < 5.5×0.95), trade met, revenue met, jobs met.
    The 2026 report's own GDP target is a range, 5%—5.5%, with no 2027 report to judge it.
    """
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "helpers", "corpus", str(CORPUS / "anhui_2025.txt"), str(CORPUS / "anhui_2026.txt"),
         "-o", str(out), "--jobs", "2"], cwd=PROJECT_ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "2 of 2 reports" in proc.stdout
    tvr = pd.read_csv(out / "targets_vs_results.csv", keep_default_na=False)
    assert list(tvr.columns[:10]) == ["indicator", "year", "target_value", "target_unit", "qualifier", "result_value",
                                      "result_unit", "status", "target_file", "result_file"]
    y25 = tvr[(tvr.target_file == "anhui_2025.txt") & (tvr.target_unit == "%")].drop_duplicates("indicator").set_index("indicator")
    expected = {"地区生产总值": (5.5, "以上", 5.5, "met"), "规模以上工业增加值": (7.0, "左右", 9.4, "met"),
                "社会消费品零售总额": (5.5, "左右", 4.2, "missed"), "进出口总额": (5.5, "左右", 17.3, "met"),
                "一般公共预算收入": (2.0, "左右", 2.9, "met")}
    for name, (target, qualifier, result, status) in expected.items():
        row = y25.loc[name]
        assert (row.target_value, row.qualifier, float(row.result_value), row.status) == (target, qualifier, result, status), name
    jobs = tvr[(tvr.target_file == "anhui_2025.txt") & (tvr.indicator == "城镇新增就业")].iloc[0]
    assert (jobs.target_value, float(jobs.result_value), jobs.status) == (68.0, 75.7, "met")
    gdp26 = tvr[(tvr.target_file == "anhui_2026.txt") & (tvr.indicator == "地区生产总值")].iloc[0]
    assert (gdp26.target_value, float(gdp26.target_value_high), gdp26.status) == (5.0, 5.5, "no result")
    reports = pd.read_csv(out / "reports.csv")
    assert reports[["file", "place", "level", "year"]].values.tolist() == [
        ["anhui_2025.txt", "安徽省", "provincial", 2025], ["anhui_2026.txt", "安徽省", "provincial", 2026]]
    indices = pd.read_csv(out / "indices.csv")
    assert list(indices.columns[:5]) == ["file", "index", "count", "per_10k_chars", "token_share"]
    assert len(pd.read_parquet(out / "keyword_counts.parquet")) == len(pd.read_csv(out / "keyword_counts.csv"))


# --------------------------------------------------------------------------- manifest and cache


def test_manifest_is_inferred_and_a_corrected_row_wins(small, tmp_path, tmp_cache):
    out = tmp_path / "out"
    build_corpus(small, out, jobs=1, progress=False)
    manifest = pd.read_csv(out / "manifest.csv", keep_default_na=False)
    assert list(manifest.columns) == ["file", "place", "level", "year", "title", "date", "sha256", "source"]
    rows = manifest.set_index("file")
    assert rows.loc["anhui_2025.txt", ["place", "level", "year", "date"]].tolist() == ["安徽省", "provincial", 2025, "2025-01-14"]
    assert rows.loc["notes_2019.txt", ["place", "level", "year"]].tolist() == ["", "unknown", 2019]  # year from the file name
    inferred = pd.read_csv(out / "reports.csv", keep_default_na=False).set_index("file")
    assert "year: file name" in inferred.loc["notes_2019.txt", "inferred_from"]
    # the user fixes the untitled report's place and year by hand (the corpus folder's manifest.csv)
    fixed = manifest[manifest.file == "notes_2019.txt"].assign(place="无锡市", level="municipal", year=2018)
    fixed[["file", "place", "level", "year"]].to_csv(small / "manifest.csv", index=False)
    build_corpus(small, out, jobs=1, progress=False)
    again = pd.read_csv(out / "reports.csv", keep_default_na=False).set_index("file")
    assert again.loc["notes_2019.txt", ["place", "level", "year", "corrected"]].tolist() == ["无锡市", "municipal", 2018, "place, level, year"]
    assert again.loc["anhui_2025.txt", "corrected"] == ""
    # the corrected year is the year the report's indicators and indices are filed under
    assert read_corpus(out).indices.set_index("file").loc["notes_2019.txt", "year"].unique().tolist() == [2018]


def test_a_bad_manifest_gets_one_line(small, tmp_path):
    bad = tmp_path / "m.csv"
    bad.write_text("file,year\nanhui_2025.txt,twenty\n", encoding="utf-8")
    with pytest.raises(OneLineError, match=r"m\.csv: line 2: year 'twenty' is not a year"):
        build_corpus(small, tmp_path / "out", manifest=bad, jobs=1)


def test_a_second_run_does_no_per_report_work_and_one_new_report_costs_one(small, tmp_path, tmp_cache, monkeypatch):
    calls = _counting(monkeypatch)
    out = tmp_path / "out"
    first = build_corpus(small, out, jobs=1, progress=False)
    assert sorted(calls) == ["anhui_2025.txt", "anhui_2026.txt", "notes_2019.txt"] and first.computed == 3
    tables = {p.name: p.read_bytes() for p in out.glob("*.csv")}
    before = cache.STATS.copy()
    calls.clear()
    second = build_corpus(small, out, jobs=1, progress=False)
    assert calls == [] and second.computed == 0
    done = cache.STATS - before
    assert done[("corpus-report", "hit")] == 3 and done[("corpus-report", "miss")] == 0
    assert not [k for k in done if k[0] in ("prepared", "prepared-file", "segmentation")]  # nothing prepared or segmented
    assert {p.name: p.read_bytes() for p in out.glob("*.csv")} == tables  # deterministic
    (small / "henan_2025.txt").write_text(REPORT_2025.replace("安徽", "河南"), encoding="utf-8")
    build_corpus(small, out, jobs=1, progress=False)
    assert calls == ["henan_2025.txt"]


def test_term_trends_are_the_keyword_rates_of_the_corpus_counts(small, tmp_path):
    from helpers.corpus import keyword_counts, term_trends
    from helpers.keywords import keyword_rates

    out = tmp_path / "out"
    build_corpus(small, out, jobs=1, progress=False)
    reports = read_corpus(out).reports
    terms = ["生态环境", "没有这个词"]
    trends = term_trends(out, reports, terms)
    assert list(trends.columns) == ["file", "place", "level", "year", "chars", "term", "count", "per_10k_chars"]
    assert len(trends) == len(reports) * len(terms) and (trends[trends.term == "没有这个词"].per_10k_chars == 0).all()
    counts = keyword_counts(out)
    rates = keyword_rates({f: counts[counts.file == f] for f in reports.file}, dict(zip(reports.file, reports.chars)), terms=terms)
    for row in trends.itertuples():
        assert row.per_10k_chars == rates.loc[row.file, row.term] == row.count * 10000 / row.chars


# --------------------------------------------------------------------------- executors


def test_dask_local_cluster_gives_the_same_tables(small, tmp_path, tmp_cache):
    pytest.importorskip("dask.distributed")
    local = build_corpus(small, tmp_path / "local", jobs=1, progress=False)
    for p in tmp_cache.rglob("*.bin"):
        p.unlink()  # the Dask run computes everything again
    dask = build_corpus(small, tmp_path / "dask", executor="dask", jobs=2, dask_processes=False, progress=False)
    assert dask.computed == 3 and local.computed == 3
    for name in ("reports.csv", "keyword_counts.csv", "indicators.csv", "indices.csv", "targets_vs_results.csv", "theme_shares.csv"):
        assert (tmp_path / "dask" / name).read_bytes() == (tmp_path / "local" / name).read_bytes(), name


def test_dask_asked_for_but_missing_gives_one_line(small, tmp_path, monkeypatch, capsys):
    from helpers.cli import main

    monkeypatch.setattr(executors, "dask_available", lambda: False)
    assert main(["corpus", str(small), "-o", str(tmp_path / "out"), "--executor", "dask"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "pip install -e '.[dask]'" in err


# --------------------------------------------------------------------------- notebook parameters, groups, page


def test_corpus_notebook_parameters_are_checked(small, tmp_path, tmp_cache):
    out = tmp_path / "out"
    with pytest.raises(ParameterError, match=r"^indices = \['climate'\]: 'climate' is not an index"):
        open_corpus(small, out, jobs=1, indices=["climate"])
    with pytest.raises(ParameterError, match=r"^group_a = 'national:20x'"):
        open_corpus(small, out, group_a="national:20x")
    with pytest.raises(ParameterError, match=r"^reports = \['nope.txt'\]: 'nope.txt' is not a report"):
        open_corpus(small, out, reports=["nope.txt"])
    with pytest.raises(ParameterError, match=r"^corpus_path = .*no such file or folder"):
        open_corpus(tmp_path / "missing", out)
    setup = open_corpus(small, out, jobs=1, reports=["anhui_2025.txt", "anhui_2026.txt"], terms=["生态"], group_a="2025", group_b="2026")
    assert setup.reports.file.tolist() == ["anhui_2025.txt", "anhui_2026.txt"]
    comp = compare_groups(out, setup.reports, "安徽省:2025", "2026", min_count=1)
    assert comp.a.file.tolist() == ["anhui_2025.txt"] and not comp.table.empty
    # the keyness of helpers.keywords on the summed counts of each group: its columns, its G², its BH correction
    assert list(comp.table.columns) == KEYNESS_COLUMNS
    n_a, n_b = int(comp.table.target.sum()), int(comp.table.reference.sum())  # min_count=1: no term left out
    top = comp.table.iloc[0]
    assert top.statistic == pytest.approx(_g2(int(top.target), int(top.reference), n_a, n_b))
    assert (comp.table.p_adjusted >= comp.table.p).all()
    assert "matches no report" in compare_groups(out, setup.reports, "national:2010-2019", "2026").note
    assert select_reports(setup.reports, "provincial:2025-2026").file.tolist() == ["anhui_2025.txt", "anhui_2026.txt"]


def test_corpus_page_for_a_list_of_reports(small, tmp_path, tmp_cache):
    from helpers.corpus_page import write_corpus_page

    page = write_corpus_page(sorted(small.glob("*.txt")), tmp_path / "corpus", jobs=1)
    text = page.read_text(encoding="utf-8")
    assert page.name == "corpus.html" and "targets_vs_results.csv" in text and "陈诗一" in text
    for img in ("theme_heatmap", "index_trends", "targets_vs_results"):
        assert (tmp_path / "corpus" / "figures" / f"{img}.png").is_file()
