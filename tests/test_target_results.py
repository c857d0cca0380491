"""Targets of year Y against results of Y+1 (helpers.target_results): names, the status rule, a real pair."""
from __future__ import annotations

import subprocess
import sys

import pandas as pd

from helpers.paths import PROJECT_ROOT
from helpers.target_results import canonical_name, judge, qualifier_bound, targets_vs_results

from conftest import CORPUS


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
