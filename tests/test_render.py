"""End-to-end rendering: every expected file, failures reported per report, reproducible and quiet output."""
from __future__ import annotations

import filecmp
import json
import re

from pathlib import Path

import pandas as pd
import pytest
from conftest import CORPUS, run_render

from helpers.errors import NotebookError
from helpers.outputs import KEY_FIGURES, OUTPUTS, RECORD
from helpers.paths import PROJECT_ROOT, SAMPLE_REPORT
from helpers.render import _run_lane, pipeline_notebooks

TABLES = [o.filename for o in OUTPUTS.values()]


def test_every_expected_file(rendered):
    assert (rendered / "index.html").stat().st_size > 500
    assert (rendered / "figures" / "keyword_trends.png").stat().st_size > 1000
    assert (rendered / "assets" / "gwr-cjk.otf").stat().st_size > 10_000
    assert (rendered / "assets" / "itables.js").stat().st_size > 500_000
    assert len(list((rendered / "assets").glob("lab-*.css"))) == 1
    for name in ["wuxi_2021", "national_2016_gbk"]:
        folder = rendered / name
        assert not (folder / "assets").exists(), "the shared assets are once per output folder, not per report"
        record = json.loads((folder / RECORD).read_text(encoding="utf-8"))
        assert record["status"] == "complete" and record["summary"]["indicators"] > 50
        for table in TABLES:
            assert (folder / table).stat().st_size > 0, f"{name}/{table}"
        for fig in KEY_FIGURES:
            for ext in ("png", "svg"):
                assert (folder / "figures" / f"{fig}.{ext}").stat().st_size > 1000, f"{name}/{fig}.{ext}"
        for nb in pipeline_notebooks():
            assert (folder / "notebooks" / nb.name).stat().st_size > 0
            page = folder / "html" / f"{nb.stem}.html"
            assert page.stat().st_size > 1000
            text = page.read_text(encoding="utf-8")
            assert "../../assets/gwr-cjk.otf" in text and "Traceback" not in text
            assert '<script src="../../assets/itables.js">' in text and "injectCSS" not in text
            assert "data:image/png;base64" not in text, "figures are linked from figures/, not copied in"
            assert page.stat().st_size < 600_000, f"{name}/{nb.stem}: {page.stat().st_size:,} bytes"
            assert "../../index.html" in text, "every page links back to the index"
            for cdn in ("require.js", "mathjax", "mermaid", "cdnjs", "unpkg.com/@jupyter-widgets"):
                assert cdn not in text.lower(), f"{name}/{nb.stem} loads {cdn}"
    assert not list(rendered.glob(".re*")), "no temporary folder is left behind"


def test_index_links_reports_tables_and_figures(rendered):
    index = (rendered / "index.html").read_text(encoding="utf-8")
    for name in ["wuxi_2021", "national_2016_gbk"]:
        assert f"{name}/html/01_clean_and_structure.html" in index
        assert f"{name}/figures/top_keywords.png" in index and f"{name}/figures/top_keywords.svg" in index
        assert f"{name}/indicators.csv" in index and f"{name}/indicators.xlsx" in index
    assert "2021-01-19" in index and "杜小刚" in index  # the sample's date and speaker
    assert "2 / 2" in index


def test_pages_state_their_own_report(rendered):
    # the national 2016 report's page names its own periods and counts, not the sample's
    record = json.loads((rendered / "national_2016_gbk" / RECORD).read_text(encoding="utf-8"))
    page = (rendered / "national_2016_gbk" / "html" / "02_indicators.html").read_text(encoding="utf-8")
    assert f"{record['summary']['indicators']} indicators" in page
    table = pd.read_csv(rendered / "national_2016_gbk" / "indicators.csv", keep_default_na=False, dtype=str)
    for (kind, year), n in table.groupby(["kind", "year"]).size().items():
        assert f"<code>{year}</code> ({kind}, {n} rows)" in page, (kind, year, n)
    assert "This page was made with" in page and "national_2016_gbk.txt" in page


def test_reader_pages_hide_code(rendered):
    page = (rendered / "wuxi_2021" / "html" / "02_indicators.html").read_text(encoding="utf-8")
    assert "extract_indicators(" not in page
    assert "extract_indicators" in (rendered / "wuxi_2021" / "notebooks" / "02_indicators.ipynb").read_text(encoding="utf-8")


def test_render_is_reproducible_and_quiet(rendered, tmp_path):
    proc = run_render([str(SAMPLE_REPORT)], tmp_path, jobs=1)
    assert proc.returncode == 0, proc.stderr
    assert "TCP" not in proc.stderr and "WARNING" not in proc.stderr, proc.stderr
    assert len([line for line in proc.stderr.splitlines() if line.strip()]) <= 3, proc.stderr
    a, b = rendered / "wuxi_2021", tmp_path / "wuxi_2021"
    for table in [t for t in TABLES if not t.endswith(".xlsx")] + [RECORD]:
        assert filecmp.cmp(a / table, b / table, shallow=False), table
    for fig in KEY_FIGURES:
        for ext in ("png", "svg"):
            assert filecmp.cmp(a / "figures" / f"{fig}.{ext}", b / "figures" / f"{fig}.{ext}", shallow=False), f"{fig}.{ext}"
    assert filecmp.cmp(rendered / "assets" / "itables.js", tmp_path / "assets" / "itables.js", shallow=False)


def test_the_render_benchmark_prints_page_weight(rendered, capsys):
    import importlib.util

    spec = importlib.util.spec_from_file_location("render_benchmark", PROJECT_ROOT / "benchmarks" / "render_benchmark.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    bench.page_weight(rendered)
    out = capsys.readouterr().out
    for name in ["wuxi_2021", "national_2016_gbk"]:
        for nb in pipeline_notebooks():
            assert f"{name}/html/{nb.stem}.html: " in out
    assert "shared once: assets/itables.js" in out and "shared once: assets/gwr-cjk.otf" in out
    assert re.search(r"the whole folder: [\d.]+ MB", out)


def test_bad_reports_do_not_stop_the_batch(tmp_path):
    bad = tmp_path / "broken.png"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n")
    proc = run_render([str(bad), str(tmp_path / "missing.txt")], tmp_path / "out")
    assert proc.returncode == 1
    assert "rendered 0 of 2 reports" in proc.stdout
    failures = [line for line in proc.stdout.splitlines() if line.strip().startswith("failed:")]
    assert len(failures) == 2 and any("broken.png" in f and "PNG" in f for f in failures)
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "failed" in index and "broken" in index and "missing" in index


def test_reports_with_the_same_name_are_refused(tmp_path):
    other = tmp_path / "copy" / "wuxi_2021.txt"
    other.parent.mkdir()
    other.write_bytes(b"\x89PNG")
    proc = run_render([str(tmp_path / "missing" / "x.txt"), str(other), str(other)], tmp_path / "out")
    assert proc.returncode == 1 and "same name" in proc.stdout


def test_reports_rendered_in_one_kernel_match_reports_rendered_alone(rendered, tmp_path):
    """With --jobs 1 one kernel renders both reports (the sample second): the same tables and figures as the fixture's."""
    proc = run_render([str(CORPUS / "national_2016_gbk.txt"), str(SAMPLE_REPORT)], tmp_path, jobs=1)
    assert proc.returncode == 0, proc.stderr
    for name in ["national_2016_gbk", "wuxi_2021"]:
        a, b = rendered / name, tmp_path / name
        for table in [t for t in TABLES if not t.endswith(".xlsx")] + [RECORD]:
            assert filecmp.cmp(a / table, b / table, shallow=False), f"{name}/{table}"
        for fig in KEY_FIGURES:
            for ext in ("png", "svg"):
                assert filecmp.cmp(a / "figures" / f"{fig}.{ext}", b / "figures" / f"{fig}.{ext}", shallow=False), f"{name}/{fig}.{ext}"
    assert not list(tmp_path.glob(".re*"))


def test_a_failing_notebook_is_named_in_one_line_and_is_still_a_runtime_error(tmp_path):
    class CellError(Exception):  # what papermill raises: the cell's exception name and message
        ename, evalue = "KeyError", "'x'"

    class Papermill:
        def execute_notebook(self, *args, **kwargs):
            raise CellError("a whole traceback")

    class Kernel:
        km = None

        def wait_preloaded(self):
            pass

    exported = []
    with pytest.raises(NotebookError, match=r"^02_indicators: KeyError: 'x'$") as info:
        _run_lane(Papermill(), [Path("02_indicators.ipynb")], Kernel(), tmp_path / "r.txt", tmp_path,
                  lambda *a: exported.append(a))
    assert isinstance(info.value, RuntimeError) and exported == []
    assert info.value._render_traceback_() == ["NotebookError: 02_indicators: KeyError: 'x'"]

