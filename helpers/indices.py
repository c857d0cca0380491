"""Policy-attention indices: word lists kept as data, counted in a report's text.

:func:`load_indices` reads the word lists (``data/dictionaries/indices/*.txt``, each with its ``source``;
:func:`read_index_list` one of them), and :func:`index_counts` counts them in a report's cleaned text
leftmost-longest and non-overlapping (the rule is spelt out in that folder's ``README.md``), given
per 10,000 characters (:func:`text_chars`) and as a share of the report's word tokens (:func:`word_tokens`) —
the measure of policy attention used in panel studies of 政府工作报告 (陈诗一、陈登科 2018, 经济研究).

Targets set against results, the other panel measure, are :mod:`helpers.target_results`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .errors import IndexListError
from .lexicon import DICTIONARY_DIR, read_headed_word_list

INDEX_DIR = DICTIONARY_DIR / "indices"
WORD_RE = re.compile(r"[\u4e00-\u9fffA-Za-z]")


@dataclass(frozen=True)
class IndexList:
    """One policy-attention word list: its id, label, source and words (longest first for matching)."""

    id: str
    label: str
    source: str
    words: tuple[str, ...]
    path: str = ""

    def pattern(self) -> re.Pattern[str]:
        """The leftmost-longest matcher: an alternation of the words, longest first."""
        return re.compile("|".join(re.escape(w) for w in sorted(self.words, key=lambda w: (-len(w), w))))


def read_index_list(path: str | Path) -> IndexList:
    """Read one index file: ``# index:``, ``# label:``, ``# source:`` header lines, then one word a line."""
    p = Path(path)
    header, words = read_headed_word_list(p, ("index", "label", "source"))
    if not words:
        raise IndexListError(f"{p}: no words (one word a line, # for comments)")
    if not header.get("source"):
        raise IndexListError(f"{p}: no '# source:' line (say where the list comes from)")
    if len(set(words)) != len(words):
        dup = sorted({w for w in words if words.count(w) > 1})[0]
        raise IndexListError(f"{p}: the word {dup!r} is listed twice")
    return IndexList(header.get("index", p.stem), header.get("label", p.stem), header["source"], tuple(words), str(p))


@lru_cache(maxsize=4)
def _load_indices(folder: str) -> tuple[IndexList, ...]:
    files = sorted(Path(folder).glob("*.txt"))
    if not files:
        raise IndexListError(f"{folder}: no index word lists (*.txt)")
    return tuple(read_index_list(f) for f in files)


def load_indices(folder: str | Path | None = None) -> dict[str, IndexList]:
    """Every index of ``folder`` (default ``data/dictionaries/indices/``) by id, in file-name order."""
    return {i.id: i for i in _load_indices(str(folder or INDEX_DIR))}


def text_chars(text: str) -> int:
    """Characters of ``text`` without whitespace (the denominator of ``per_10k_chars``)."""
    return len(re.sub(r"\s", "", text))


def word_tokens(tokens: pd.Series | list[str]) -> int:
    """Tokens that are words: contain a Chinese character or a Latin letter (the denominator of ``token_share``)."""
    return sum(1 for t in tokens if WORD_RE.search(str(t)))


def index_counts(text: str, n_tokens: int, indices: dict[str, IndexList] | None = None) -> pd.DataFrame:
    """Each index's ``count``, ``per_10k_chars`` and ``token_share`` in ``text`` (see the module docstring).

    ``n_tokens`` is the report's number of word tokens (:func:`word_tokens`). Rows in index order.
    """
    indices = indices if indices is not None else load_indices()
    chars = text_chars(text)
    rows = []
    for ix in indices.values():
        n = sum(1 for _ in ix.pattern().finditer(text))
        rows.append({"index": ix.id, "count": n, "per_10k_chars": n * 10_000 / chars if chars else 0.0,
                     "token_share": n / n_tokens if n_tokens else 0.0})
    return pd.DataFrame(rows, columns=["index", "count", "per_10k_chars", "token_share"])
