"""Shared fixtures: the sample report, the shared corpus beside the project, prepared reports."""
from __future__ import annotations

from pathlib import Path

import pytest

from helpers.paths import PROJECT_ROOT, SAMPLE_REPORT

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
