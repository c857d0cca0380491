"""``python -m helpers render`` starts its kernels early only when the reports render in its own process."""
from __future__ import annotations

import pytest

from helpers import render
from helpers.paths import SAMPLE_REPORT
from conftest import CORPUS


@pytest.fixture
def started(monkeypatch):
    """The kernel counts :func:`helpers.render.start_early` asked for (no kernel is started)."""
    calls: list[int] = []
    monkeypatch.setattr(render, "process_kernels", calls.append)
    return calls


def test_one_report_starts_its_kernels(started):
    render.start_early([str(SAMPLE_REPORT), "-o", "out"])
    assert started == [render.kernels_per_report(1)]


def test_a_batch_in_one_process_starts_them_too(started):
    other = str(sorted(CORPUS.glob("*.txt"))[0])
    render.start_early([str(SAMPLE_REPORT), other, "--jobs", "1", "--output", "out"])
    assert started == [render.kernels_per_report(1)]


@pytest.mark.parametrize("argv", [
    ["SAMPLE", "CORPUS0", "--jobs", "2"],  # a batch's workers start their own kernels
    ["no_such_report.txt"],  # the command line reports the missing file
    ["SAMPLE", "--jobs", "many"],  # arguments that do not parse
    ["SAMPLE", "--unknown"],
    [],
])
def test_nothing_starts_otherwise(started, argv):
    names = {"SAMPLE": str(SAMPLE_REPORT), "CORPUS0": str(sorted(CORPUS.glob("*.txt"))[0])}
    render.start_early([names.get(a, a) for a in argv])
    assert started == []
