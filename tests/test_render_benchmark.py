"""The render benchmark runs and prints the figures issue 20 names: the ratio, and a batch's seconds per report
(figures only: no timing is asserted)."""
from __future__ import annotations

import re
import subprocess
import sys

from helpers.paths import PROJECT_ROOT


def test_render_benchmark_prints_the_issue_ratio():
    proc = subprocess.run([sys.executable, "benchmarks/render_benchmark.py", "--runs", "1", "--issue-only"],
                          cwd=PROJECT_ROOT, capture_output=True, text=True, check=True)
    out = proc.stdout
    ratio = re.search(r"ratio, medians of 1 alternating runs: ([\d.]+) x \(goal: <= 2\.5\)", out)
    assert ratio and float(ratio.group(1)) > 0, out
    render = re.search(r"warm render of the sample, whole process: ([\d.]+) s", out)
    papermill = re.search(r"one bare papermill run of one trivial notebook, whole process: ([\d.]+) s", out)
    assert render and papermill, out
    assert abs(float(render.group(1)) / float(papermill.group(1)) - float(ratio.group(1))) < 0.02, out
    assert re.search(r"CPU seconds, every process: render [\d.]+ s, papermill [\d.]+ s", out), out
    assert out.count("load average") >= 2, out
    for stem in ("01_clean_and_structure", "02_indicators", "03_keywords", "04_themes"):
        assert f"      {stem}: " in out, out


def test_render_benchmark_prints_the_batch_seconds_per_report():
    proc = subprocess.run([sys.executable, "benchmarks/render_benchmark.py", "--batch", "2"],
                          cwd=PROJECT_ROOT, capture_output=True, text=True, check=True)
    out = proc.stdout
    assert "(d) batch: 2 reports of corpus/ with --jobs 2, whole process" in out, out
    per_report = re.search(r"warm run ([\d.]+) s: ([\d.]+) s per report", out)
    assert per_report and abs(float(per_report.group(1)) / 2 - float(per_report.group(2))) < 0.06, out
    assert out.count("load average") >= 2, out
