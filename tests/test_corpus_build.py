"""Issue 12: the corpus (helpers.corpus) — manifest, cache, the Dask executor, notebook parameters, the corpus page.

Indices and targets vs results have their own tests: test_indices.py, test_target_results.py.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from helpers import cache
from helpers.corpus import build_corpus, compare_groups, executors, open_corpus, read_corpus, select_reports, worker
from helpers.errors import OneLineError, ParameterError
from helpers.keywords import KEYNESS_COLUMNS, _g2

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
    from helpers.corpus_figures import page_figures
    from helpers.corpus_page import write_corpus_page

    page = write_corpus_page(sorted(small.glob("*.txt")), tmp_path / "corpus", jobs=1)
    text = page.read_text(encoding="utf-8")
    assert page.name == "corpus.html" and "targets_vs_results.csv" in text and "陈诗一" in text
    for img in page_figures():
        assert (tmp_path / "corpus" / "figures" / f"{img}.png").is_file()
