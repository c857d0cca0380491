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


def test_kernels_started_early_render_explorers_as_tables(monkeypatch):
    """A kernel started before the render sets ``GWR_STATIC`` in its own process still gets it: no widgets.

    (Kernels started by :func:`helpers.render.start_early` used to inherit an environment without it, and the
    explorers then returned widgets, which a rendered page cannot show and which could stall the render.)
    """
    monkeypatch.delenv("GWR_STATIC", raising=False)
    kernel = render.Kernel()
    try:
        kernel.wait_preloaded()
        kc = kernel.km.blocking_client()
        kc.start_channels(shell=True, iopub=False, stdin=False, hb=False, control=False)
        try:
            msg_id = kc.execute("", silent=False, store_history=False,
                                user_expressions={"static": "__import__('helpers.explore').explore.static_mode()"})
            reply = kc.get_shell_msg(timeout=120)
            while reply["parent_header"].get("msg_id") != msg_id:
                reply = kc.get_shell_msg(timeout=120)
        finally:
            kc.stop_channels()
    finally:
        kernel.close()
    assert reply["content"]["user_expressions"]["static"]["data"]["text/plain"] == "True"


def test_of_two_kernels_only_the_keyword_lane_preloads_jiebas_tags(monkeypatch):
    # lanes: the first kernel runs 01–02, the second 03–04 (the keyword notebook, the only reader of jieba's tags)
    started: list[str] = []
    monkeypatch.setattr(render, "Kernel", lambda preload=render.PRELOAD_CODE: started.append(preload) or preload)
    monkeypatch.setattr(render, "_KERNELS", [])
    render.process_kernels(2)
    assert render.JIEBA_TAGS_LINE in render.PRELOAD_CODE
    assert [render.JIEBA_TAGS_LINE in code for code in started] == [False, True]
    assert [[nb.stem for nb in lane] for lane in render.lanes(render.pipeline_notebooks(), 2)][1][0] == "03_keywords"
    started.clear()
    monkeypatch.setattr(render, "_KERNELS", [])
    render.process_kernels(1)
    assert started == [render.PRELOAD_CODE]
