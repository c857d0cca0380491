"""End-to-end rendering: every expected file, failures reported per report, reproducible output, no mixes."""
from __future__ import annotations

import filecmp
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time

import pandas as pd
from conftest import run_render

from helpers.index_page import report_entries, write_site
from helpers.pages import Record, workbook_version
from helpers.outputs import KEY_FIGURES, OUTPUTS, RECORD
from helpers.paths import PROJECT_ROOT, SAMPLE_REPORT
from helpers.render import clean_leftovers, pipeline_notebooks

TABLES = [o.filename for o in OUTPUTS.values()]


def test_every_expected_file(rendered):
    assert (rendered / "index.html").stat().st_size > 500
    assert (rendered / "figures" / "keyword_trends.png").stat().st_size > 1000
    assert (rendered / "assets" / "gwr-cjk.otf").stat().st_size > 10_000
    for name in ["wuxi_2021", "national_2016_gbk"]:
        folder = rendered / name
        assert (folder / "assets" / "gwr-cjk.otf").stat().st_size > 10_000
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
            assert "gwr-cjk.otf" in text and "Traceback" not in text
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
    assert filecmp.cmp(a / "assets" / "gwr-cjk.otf", b / "assets" / "gwr-cjk.otf", shallow=False)


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


def _start_render(report, out) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "helpers", "render", str(report), "-o", str(out), "--jobs", "1"],
                            cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)


def test_two_renders_merge_and_a_killed_render_leaves_no_mix(tmp_path):
    """Two separate renders into one folder are both indexed; a killed re-render leaves the earlier one whole."""
    out = tmp_path / "out"
    first, second = tmp_path / "first_report.txt", tmp_path / "second_report.txt"
    shutil.copyfile(SAMPLE_REPORT, first)
    shutil.copyfile(SAMPLE_REPORT, second)
    assert run_render([str(first)], out, jobs=1).returncode == 0
    assert run_render([str(second)], out, jobs=1).returncode == 0
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "first_report/html/02_indicators.html" in index and "second_report/html/02_indicators.html" in index
    assert "2 / 2" in index and "earlier run" in index and "this run" in index
    before = {p.name: p.read_bytes() for p in (out / "first_report").iterdir() if p.is_file()}

    # change the report, start a re-render and kill it (and its kernel) while its notebooks run
    first.write_text(SAMPLE_REPORT.read_text(encoding="utf-8").replace("无锡", "锡城"), encoding="utf-8")
    proc = _start_render(first, out)
    deadline = time.monotonic() + 60
    while not list(out.glob(".rendering-first_report.*/notebooks")) and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(2.0)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    after = {p.name: p.read_bytes() for p in (out / "first_report").iterdir() if p.is_file()}
    assert after == before, "the killed render changed the complete folder"
    states = {e.name: e.state for e in report_entries(out)}
    assert states == {"first_report": "stale", "second_report": "complete"}  # the source changed since

    # the next render clears the leftovers, renders in full and indexes both as complete
    assert run_render([str(first)], out, jobs=1).returncode == 0
    assert not list(out.glob(".re*")), list(out.glob(".re*"))
    assert "锡城" in (out / "first_report" / "cleaned.txt").read_text(encoding="utf-8")
    record = json.loads((out / "first_report" / RECORD).read_text(encoding="utf-8"))
    assert record["source_sha256"] == hashlib.sha256(first.read_bytes()).hexdigest()  # every file from the new text
    write_site(out)
    assert {e.name: e.state for e in report_entries(out)} == {"first_report": "complete", "second_report": "complete"}


def test_leftovers_of_a_killed_swap_are_restored(tmp_path):
    (tmp_path / ".replaced-r.999999999").mkdir()
    (tmp_path / ".replaced-r.999999999" / RECORD).write_text("{}", encoding="utf-8")
    (tmp_path / ".rendering-s.999999999").mkdir()
    done = clean_leftovers(tmp_path)
    assert len(done) == 2 and (tmp_path / "r" / RECORD).is_file() and not (tmp_path / ".rendering-s.999999999").exists()


def test_index_says_when_the_last_render_failed(tmp_path):
    folder = tmp_path / "r"
    folder.mkdir()
    Record(name="r", status="complete", workbook=workbook_version(), last_error="r.txt: 02_indicators: KeyError: 'x'").write(folder)
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "html").mkdir()  # a folder from before render.json: shown, marked as unrecorded
    entries = {e.name: e for e in report_entries(tmp_path)}
    assert entries["r"].state == "stale" and "KeyError" in entries["r"].note
    assert entries["old"].state == "unknown"
    index = write_site(tmp_path).read_text(encoding="utf-8")
    assert "0 / 2" in index and "KeyError" in index
