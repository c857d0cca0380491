"""Policy-attention indices (helpers.indices): word lists with their source, counted leftmost-longest."""
from __future__ import annotations

import pytest

from helpers.errors import IndexListError
from helpers.indices import IndexList, index_counts, load_indices, read_index_list


def test_environment_index_counts_a_tiny_text():
    env = load_indices()["environment"]
    assert {"环境保护", "PM2.5", "二氧化硫"} <= set(env.words) and "陈诗一" in env.source
    text = "加强环境保护和环保督察，推动绿色低碳发展，改善生态环境，PM2.5浓度下降，深入推进节能减排。"
    # 环境保护, 环保, 绿色, 低碳, 生态 (in 生态环境), PM2.5, 减排 (in 节能减排): 7
    table = index_counts(text, n_tokens=20, indices={"environment": env}).iloc[0]
    chars = len(text)
    assert table["count"] == 7
    assert table.per_10k_chars == pytest.approx(7 * 10_000 / chars)
    assert table.token_share == pytest.approx(7 / 20)


def test_overlapping_words_count_once_longest_first():
    ix = IndexList("t", "t", "test", ("环境", "环境保护", "保护"))
    # 环境保护 is one match (not 环境 + 保护); then 环境 alone; 保护 alone
    assert index_counts("环境保护，环境，保护", 10, {"t": ix})["count"].tolist() == [3]
    assert index_counts("环境保护", 10, {"t": ix})["count"].tolist() == [1]


def test_an_index_list_without_source_is_refused(tmp_path):
    bad = tmp_path / "mine.txt"
    bad.write_text("# index: mine\n创新\n", encoding="utf-8")
    with pytest.raises(IndexListError, match=r"mine\.txt: no '# source:' line"):
        read_index_list(bad)
