"""Reader pages that share their assets: table data in UTF-8, the DataTables code and style sheet once per folder,
figures linked, every character of a page's data found for the font; numbers from one source; tables that say
what they leave out."""
from __future__ import annotations

import base64
import json
import re

import pandas as pd
import pytest
from itables import to_html_datatable

from helpers import pages
from helpers.corpus_figures import plot_year_trends
from helpers.display import ends_of, part_of
from helpers.errors import DependencyError
from helpers.figures import empty_figure, figure_info, save_figure
from helpers.index_page import ReportEntry, keyword_trends
from helpers.pages import (
    Record, compact_table_data, link_figures, page_characters, share_page_style, share_table_code, table_code,
)
from helpers.paths import as_given
from helpers.target_results import year_targets


def test_table_data_is_written_in_utf8_and_reads_back_the_same():
    df = pd.DataFrame({"text": ["施工图审批时限", 'a "quoted" \\ back</script>', "𠮷野家"], "n": [1, 2, 3]})
    page = f"<html><body>{to_html_datatable(df, connected=False)}</body></html>"
    escaped = re.search(r'"data_json": ("(?:[^"\\]|\\.)*")', page).group(1)
    compact = compact_table_data(page)
    again = re.search(r'"data_json": ("(?:[^"\\]|\\.)*")', compact).group(1)
    assert json.loads(json.loads(again)) == json.loads(json.loads(escaped))
    assert "施工图审批时限" in compact and "\\\\u65bd" not in compact and "</script>" not in again
    assert len(compact.encode("utf-8")) < len(page.encode("utf-8"))
    # every character of the data is found, from the escaped page as from the compact one
    wanted = set("施工图审批时限𠮷野家")
    assert wanted <= page_characters(page) and wanted <= page_characters(compact)
    assert not any(c in page_characters(page) for c in "\ud842\udfb7")  # no lone surrogate


def test_the_datatables_code_is_linked_not_copied():
    import itables.options as opt
    from itables.javascript import generate_init_offline_itables_html

    inline = generate_init_offline_itables_html(opt.dt_bundle)
    page = f"<html><head></head><body><p>x</p>{inline}<p>y</p></body></html>"
    shared = share_table_code(page, "../../assets/itables.js")
    assert '<script src="../../assets/itables.js"></script>' in shared and "injectCSS" not in shared
    assert len(shared) < 10_000 < 500_000 < len(page)
    code = table_code()
    assert "injectModule" in code and "<script" not in code and "window._itables_" in code


def test_the_template_style_sheet_is_one_shared_file(tmp_path):
    page = ('<html><head><style>.gwr{}</style><style type="text/css">pre{a:b}</style>\n'
            '<style type="text/css">body{c:d}</style></head><body><style type="text/css">.in-body{}</style></body></html>')
    shared = share_page_style(page, tmp_path, lambda asset: f"../../{asset}")
    css = list((tmp_path / "assets").glob("lab-*.css"))
    assert len(css) == 1 and css[0].read_text() == "pre{a:b}\nbody{c:d}"
    assert f'href="../../assets/{css[0].name}"' in shared and "<style>.gwr{}</style>" in shared
    assert ".in-body" in shared and "pre{a:b}" not in shared  # only the head's sheets move
    assert share_page_style(page, tmp_path, lambda a: a).count("<link") == 1  # same content: the same file


def test_figures_are_linked_to_their_files(tmp_path):
    (tmp_path / "figures").mkdir()
    png = save_figure(empty_figure("目标", "", "没有目标"), tmp_path / "figures", "targets")[0]
    data = base64.b64encode(png.read_bytes()).decode()
    other = base64.b64encode(b"\x89PNG not a saved figure").decode()
    page = f"<img src='data:image/png;base64,{data}\n'><img src='data:image/png;base64,{other}'>"
    linked = link_figures(page, tmp_path)
    assert "<img src='../figures/targets.png'>" in linked and other in linked


def test_an_empty_figure_is_small_and_says_so(tmp_path):
    fig = empty_figure("2021年预期目标", "x", "本报告没有数值形式的目标")
    assert fig.get_figheight() <= 1.5
    png = save_figure(fig, tmp_path, "targets")[0]
    assert figure_info(png) == ("2021年预期目标", "本报告没有数值形式的目标")
    trend = pd.DataFrame({"place": ["甲"], "year": [2020], "term": ["创新"], "v": [1.0]})
    assert figure_info(save_figure(plot_year_trends(trend, "v", facet="term", title="趋势"), tmp_path, "t")[0]) == ("趋势", "")


def _report(folder, name, place, year, counts, chars=10_000):
    folder.mkdir(parents=True)
    pd.DataFrame({"term": list(counts), "count": list(counts.values())}).to_csv(folder / "keywords.csv", index=False)
    (folder / "cleaned.txt").write_text("字" * chars, encoding="utf-8")
    record = Record(name=name, status="complete", summary={"place": place, "year": year, "characters": chars})
    return ReportEntry(name, folder, record, "complete", "")


def test_the_index_trend_draws_one_line_per_place(tmp_path, monkeypatch):
    entries = [_report(tmp_path / "wuxi_2021", "wuxi_2021", "无锡市", 2021, {"创新": 5, "改革": 2}),
               _report(tmp_path / "national_2024", "national_2024", "全国", 2024, {"创新": 6, "改革": 3}),
               _report(tmp_path / "anhui_2025", "anhui_2025", "安徽省", 2025, {"创新": 7, "改革": 4}),
               _report(tmp_path / "anhui_2026", "anhui_2026", "安徽省", 2026, {"创新": 8, "改革": 1})]
    shown = {}
    monkeypatch.setattr("helpers.index_page.save_figure", lambda fig, folder, name: shown.setdefault("fig", fig) and [folder])
    keyword_trends(entries, tmp_path, n_terms=2)
    axes = [ax for ax in shown["fig"].get_axes() if ax.get_lines()]
    assert {ax.get_title() for ax in axes} == {"创新", "改革"}
    for ax in axes:
        lines = {line.get_label(): line for line in ax.get_lines()}
        assert set(lines) == {"无锡市", "全国", "安徽省"}  # one line per place, not one line through all reports
        xs = {k: [x for x in line.get_xdata() if x == x] for k, line in lines.items()}
        assert xs == {"无锡市": [2021], "全国": [2024], "安徽省": [2025, 2026]}
        assert ax.get_ylim()[0] == 0


def test_one_count_of_targets():
    rows = [  # a range written as two rows, one promise written under two names, and a target of another year
        ("地区生产总值增长", "6", "%", "2026", "target", "以上", "s1", "地区生产总值增长6%-6.5%"),
        ("地区生产总值增长", "6.5", "%", "2026", "target", "", "s1", "地区生产总值增长6%-6.5%"),
        ("GDP增长", "5", "%", "2026", "target", "左右", "s2", "经济增长预期目标为5%左右"),
        ("国内生产总值增长", "5", "%", "2026", "target", "左右", "s2", "经济增长预期目标为5%左右"),
        ("居民收入增长", "5", "%", "2026", "target", "", "s3", "居民收入增长5%"),
        ("居民收入增长", "5", "%", "2027", "target", "", "s4", "居民收入增长5%"),
        ("粮食产量", "800", "亿斤", "2025", "actual", "", "s5", "粮食产量800亿斤"),
    ]
    table = pd.DataFrame(rows, columns=["indicator", "value", "unit", "year", "kind", "qualifier", "sentence_id", "sentence"])
    table = table.assign(value_base=table.value, unit_base=table.unit, measure="growth rate", paragraph_id="p1")
    targets = year_targets(table, 2026)
    assert len(targets) == 3 and targets.high.notna().sum() == 1


def test_paths_in_tables_are_as_given(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "my_reports").mkdir()
    assert as_given(tmp_path / "my_reports" / "a.txt") == "my_reports/a.txt"
    assert as_given("my_reports/a.txt") == "my_reports/a.txt"
    assert as_given("/elsewhere/b.txt") == "/elsewhere/b.txt"


def test_a_part_of_a_table_says_what_it_leaves_out(capsys):
    table = pd.DataFrame({"term": list("abcdefghij"), "count": range(10, 0, -1)})
    assert len(part_of(table, 3, "the most frequent", "keywords.csv")) == 3
    assert capsys.readouterr().out.strip() == "Showing 3 of 10 rows (the most frequent); every row is in keywords.csv."
    assert len(part_of(table, 20, "all")) == 10 and capsys.readouterr().out == ""


def test_both_ends_of_a_ranked_table_say_what_they_leave_out(capsys):
    table = pd.DataFrame({"term": list("abcdefghij"), "statistic": range(10, 0, -1)})
    shown = ends_of(table, 2, 1, "the most typical and the most avoided terms", "keyness.csv")
    assert list(shown.term) == ["a", "b", "j"]
    assert "Showing the first 2 and the last 1 of 10 rows" in capsys.readouterr().out
    assert len(ends_of(table, 8, 5, "all")) == 10 and capsys.readouterr().out == ""


def test_a_changed_itables_set_up_is_one_line_and_still_a_runtime_error(monkeypatch):
    monkeypatch.setattr(pages, "_INLINE_TABLE_CODE", re.compile(r"<script>no such set-up</script>"))
    with pytest.raises(DependencyError, match=r"^itables' offline set-up has changed: update helpers\.pages\._INLINE_TABLE_CODE$") as info:
        table_code()
    assert isinstance(info.value, RuntimeError)
    assert info.value._render_traceback_() == [f"DependencyError: {info.value}"]

