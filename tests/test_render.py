"""End-to-end rendering: every expected file, failures reported per report, reproducible output."""
from __future__ import annotations

import filecmp

from conftest import run_render

from helpers.paths import SAMPLE_REPORT
from helpers.outputs import KEY_FIGURES, OUTPUTS
from helpers.render import pipeline_notebooks

TABLES = [o.filename for o in OUTPUTS.values()]


def test_every_expected_file(rendered):
    assert (rendered / "index.html").stat().st_size > 500
    assert (rendered / "figures" / "keyword_trends.png").stat().st_size > 1000
    assert (rendered / "assets" / "gwr-cjk.otf").stat().st_size > 10_000
    for name in ["wuxi_2021", "national_2016_gbk"]:
        folder = rendered / name
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
            assert "gwr-cjk.otf" in text and "Traceback" not in text


def test_index_links_reports_and_figures(rendered):
    index = (rendered / "index.html").read_text(encoding="utf-8")
    for name in ["wuxi_2021", "national_2016_gbk"]:
        assert f"{name}/html/01_clean_and_structure.html" in index
        assert f"{name}/figures/top_keywords.png" in index


def test_reader_pages_hide_code(rendered):
    page = (rendered / "wuxi_2021" / "html" / "02_indicators.html").read_text(encoding="utf-8")
    assert "extract_indicators(" not in page
    assert "extract_indicators" in (rendered / "wuxi_2021" / "notebooks" / "02_indicators.ipynb").read_text(encoding="utf-8")


def test_render_is_reproducible(rendered, tmp_path):
    proc = run_render([str(SAMPLE_REPORT)], tmp_path, jobs=1)
    assert proc.returncode == 0, proc.stderr
    a, b = rendered / "wuxi_2021", tmp_path / "wuxi_2021"
    for table in [t for t in TABLES if not t.endswith(".xlsx")]:
        assert filecmp.cmp(a / table, b / table, shallow=False), table
    for fig in KEY_FIGURES:
        for ext in ("png", "svg"):
            assert filecmp.cmp(a / "figures" / f"{fig}.{ext}", b / "figures" / f"{fig}.{ext}", shallow=False), f"{fig}.{ext}"


def test_bad_reports_do_not_stop_the_batch(tmp_path):
    bad = tmp_path / "broken.png"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n")
    proc = run_render([str(bad), str(tmp_path / "missing.txt")], tmp_path / "out")
    assert proc.returncode == 1
    assert "rendered 0 of 2 reports" in proc.stdout
    failures = [line for line in proc.stdout.splitlines() if line.strip().startswith("failed:")]
    assert len(failures) == 2 and any("broken.png" in f and "PNG" in f for f in failures)
    assert "failed" in (tmp_path / "out" / "index.html").read_text(encoding="utf-8")


def test_reports_with_the_same_name_are_refused(tmp_path):
    other = tmp_path / "copy" / "wuxi_2021.txt"
    other.parent.mkdir()
    other.write_bytes(b"\x89PNG")
    proc = run_render([str(tmp_path / "missing" / "x.txt"), str(other), str(other)], tmp_path / "out")
    assert proc.returncode == 1 and "same name" in proc.stdout
