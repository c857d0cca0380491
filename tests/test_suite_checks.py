"""The suite's own rules (``suite_checks.py``): a skip fails the suite unless allowed, and the tests'
outputs go to a temporary folder, never into the user's ``reports/``."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import suite_checks
from helpers.paths import DEFAULT_OUTPUT_DIR, PROJECT_ROOT

TESTS = Path(__file__).resolve().parent


def test_tests_write_their_outputs_under_a_temporary_folder():
    assert os.environ["GWR_OUTPUT_DIR"] and DEFAULT_OUTPUT_DIR == Path(os.environ["GWR_OUTPUT_DIR"])
    assert PROJECT_ROOT not in DEFAULT_OUTPUT_DIR.parents and DEFAULT_OUTPUT_DIR.name.startswith("gwr-test-outputs-")


@pytest.mark.parametrize("value, expected", [
    ("", PROJECT_ROOT / "reports"),                       # unset: the project's reports/
    ("build/out", PROJECT_ROOT / "build" / "out"),        # relative: from the project folder
    ("/srv/gwr/out", Path("/srv/gwr/out")),               # absolute: as it is
])
def test_the_default_output_folder_follows_gwr_output_dir(value, expected, tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "GWR_OUTPUT_DIR"}
    if value:
        env["GWR_OUTPUT_DIR"] = value
    proc = subprocess.run([sys.executable, "-c", "from helpers.paths import DEFAULT_OUTPUT_DIR, report_output_dir; "
                           "print(DEFAULT_OUTPUT_DIR); print(report_output_dir('data/raw/wuxi_2021.txt'))"],
                          cwd=tmp_path, env=env, capture_output=True, text=True, check=True)
    assert proc.stdout.split("\n")[:2] == [str(expected), str(expected / "wuxi_2021")]


def test_changes_to_reports_are_found(tmp_path):
    reports = tmp_path / "reports"
    assert suite_checks.snapshot(reports) is None
    assert suite_checks.reports_changes(None, None) == []
    (reports / "wuxi_2021").mkdir(parents=True)
    (reports / "wuxi_2021" / "indicators.csv").write_text("a\n", encoding="utf-8")
    (reports / "index.html").write_text("<p>", encoding="utf-8")
    before = suite_checks.snapshot(reports)
    assert suite_checks.reports_changes(None, before)[0] == "created reports/"
    assert suite_checks.reports_changes(before, suite_checks.snapshot(reports)) == []
    (reports / "wuxi_2021" / "indicators.csv").write_text("a,b\n", encoding="utf-8")   # rewritten
    (reports / "solutions").mkdir()                                                    # an empty folder
    (reports / "index.html").unlink()
    assert suite_checks.reports_changes(before, suite_checks.snapshot(reports)) == [
        "created reports/solutions", "removed reports/index.html", "changed reports/wuxi_2021/indicators.csv"]
    assert suite_checks.reports_changes(before, None) == ["removed reports/"]


SUB_CONFTEST = """
import sys
sys.path.insert(0, {tests!r})
import suite_checks
from suite_checks import pytest_make_collect_report, pytest_runtest_makereport
suite_checks.chromium = lambda: None          # chromium missing
suite_checks.is_root = lambda: {root}
"""
SUB_TESTS = """
import pytest
from suite_checks import CHROMIUM_MISSING

def test_runs():
    pass

def test_skips_for_another_reason():
    pytest.skip("../shared is not beside the project")

@pytest.mark.skipif(True, reason=CHROMIUM_MISSING)
def test_needs_a_browser():
    pass

@pytest.mark.xfail(reason="a known bug", strict=True)
def test_known_bug():
    assert False
"""
SUB_MODULE_SKIP = """
import pytest
pytest.skip("not on this machine", allow_module_level=True)
"""


def _sub_run(tmp_path: Path, root: bool) -> subprocess.CompletedProcess:
    (tmp_path / "conftest.py").write_text(SUB_CONFTEST.format(tests=str(TESTS), root=root), encoding="utf-8")
    (tmp_path / "test_sub.py").write_text(SUB_TESTS, encoding="utf-8")
    (tmp_path / "test_module_skip.py").write_text(SUB_MODULE_SKIP, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-rfEs", "-p", "no:cacheprovider", "-p", "no:xdist",
                           "--continue-on-collection-errors", "--rootdir", str(tmp_path), str(tmp_path)],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)


def _summary(out: str) -> dict[str, int]:
    last = out.strip().splitlines()[-1]
    return {kind: int(n) for n, kind in re.findall(r"(\d+) (\w+)", last)}


def test_a_skip_fails_the_suite_and_chromium_is_allowed_to_be_missing_only_when_not_root(tmp_path):
    proc = _sub_run(tmp_path, root=False)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    assert _summary(out) == {"failed": 1, "passed": 1, "skipped": 1, "xfailed": 1, "error": 1}, out
    assert "skipped: ../shared is not beside the project — on a clone with what the README installs" in out
    assert "skipped: not on this machine" in out                       # a module skipped at collection
    assert re.search(rf"SKIPPED \[1\] test_sub.py:\d+: {re.escape(suite_checks.CHROMIUM_MISSING)}", out), out  # shown


def test_as_root_a_missing_chromium_fails_the_suite_too(tmp_path):
    proc = _sub_run(tmp_path, root=True)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    assert _summary(out) == {"failed": 1, "passed": 1, "xfailed": 1, "errors": 2}, out
    assert f"skipped: {suite_checks.CHROMIUM_MISSING} — allowed only when chromium is missing and the suite does not" in out
