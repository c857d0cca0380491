"""Never a mix: two renders into one folder are both indexed; a killed render leaves the earlier one whole.

Kept apart from ``test_render.py`` so that the test runner can run the two modules side by side.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time

from conftest import run_render

from helpers.index_page import report_entries, write_site
from helpers.outputs import RECORD
from helpers.pages import Record, workbook_version
from helpers.paths import PROJECT_ROOT, SAMPLE_REPORT
from helpers.render import clean_leftovers


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
    deadline = time.monotonic() + 120
    while not list(out.glob(".rendering-first_report.*/cleaned.txt")) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert proc.poll() is None, "the render ended before it could be killed"
    os.killpg(proc.pid, signal.SIGKILL)  # the new cleaned.txt is written, the old indicators.csv not yet replaced
    proc.wait()
    assert list(out.glob(".rendering-first_report.*")), "the killed render left its unfinished folder aside"
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
