"""Shared fixtures: the sample report, the project's corpus (``data/corpus``), prepared and rendered reports.

Every test runs on what a clone holds. The few checks against the maintainers' material in ``../shared``
(the sample's gold key, their scorer, the seed) live in ``tests/shared_material/`` and run with
``make check-shared`` (CI does both); ``make test`` never collects them, so it skips nothing.

The environment of the session (outputs under a temporary folder, not the user's ``reports/``; a skip
fails the suite unless allowed) is set by the project's ``conftest.py``, from ``suite_checks.py``.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpers.paths import PROJECT_ROOT, SAMPLE_REPORT

CORPUS = PROJECT_ROOT / "data" / "corpus"
#: collected only by ``make check-shared`` (GWR_SHARED_TESTS=1)
collect_ignore = [] if os.environ.get("GWR_SHARED_TESTS") else ["shared_material"]


def corpus_files() -> list[Path]:
    """The real reports in ``data/corpus`` (see its MANIFEST.csv)."""
    return sorted(CORPUS.glob("*.txt"))


@pytest.fixture(scope="session")
def corpus() -> Path:
    """The project's corpus of real reports (``data/corpus``)."""
    return CORPUS


@pytest.fixture(scope="session")
def sample():
    from helpers import prepare_report

    return prepare_report(SAMPLE_REPORT)


def run_render(reports: list[str], out: Path, jobs: int = 2) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "helpers", "render", *reports, "-o", str(out), "--jobs", str(jobs)],
        cwd=PROJECT_ROOT, capture_output=True, text=True,
    )


@pytest.fixture(scope="session")
def rendered(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("render")
    proc = run_render([str(SAMPLE_REPORT), str(CORPUS / "national_2016_gbk.txt")], out)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out


