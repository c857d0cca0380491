"""Shared fixtures: the sample report, the shared corpus beside the project, prepared and rendered reports.

Notebooks run under nbval (collected in the same session) cannot show widgets, so the explorers are
told to fall back to plain tables through ``GWR_STATIC``, which the kernels inherit.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpers.paths import PROJECT_ROOT, SAMPLE_REPORT

os.environ["GWR_STATIC"] = "1"

SHARED = PROJECT_ROOT.parent / "shared"
CORPUS = SHARED / "corpus"


def corpus_files() -> list[Path]:
    """The real reports in ``../shared/corpus`` (empty when the folder is not there)."""
    return sorted(CORPUS.glob("*.txt")) if CORPUS.is_dir() else []


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not beside the project")
    return SHARED


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
def rendered(tmp_path_factory, shared) -> Path:
    out = tmp_path_factory.mktemp("render")
    proc = run_render([str(SAMPLE_REPORT), str(shared / "corpus" / "national_2016_gbk.txt")], out)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out


