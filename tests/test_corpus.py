"""Every real report in data/corpus loads, cleans and structures."""
from __future__ import annotations

import pytest

from helpers import prepare_report

from conftest import corpus_files


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: p.name)
def test_corpus_report_prepares(path):
    prepared = prepare_report(path, use_cache=False)
    s = prepared.structure
    assert len(s.paragraphs) >= 40, "a whole report has dozens of paragraphs"
    assert len(s.sentences) >= 200
    assert "各位代表" in prepared.text
    # no web furniture or licence footer survives
    lines = prepared.text.split("\n")
    for junk in ["【字号", "相关报道", "本作品是中华人民共和国", "打印本页", "名词解释", "下载", "来源："]:
        assert not [line for line in lines if line.startswith(junk)]
    assert s.parts.part.max() >= 2


def test_corpus_is_there(corpus):
    assert len(corpus_files()) == 34
