"""Word segmentation for policy text: jieba, a policy-term dictionary, and terms found in the report.

Out of the box jieba splits most policy terms (放管服 → 放/管服, 专精特新 → 专精/特新). Three things
keep them whole:

1. the policy-term user dictionary ``data/dictionaries/policy_terms.txt`` (editable);
2. terms *discovered in the report itself* (:func:`discover_terms`): phrases in Chinese quotation
   marks “…” and book-title marks 《…》, and n-grams repeated across the report whose neighbours
   vary (a sign of a fixed expression);
3. frequencies computed by jieba's ``suggest_freq`` for every added term, so that a term is kept whole
   rather than given a low count that loses to jieba's own words (fxsjy/jieba#222).

Segmentation is cached on disk per report text, so a second run is instant. Numbers, units and
punctuation never become tokens of the keyword analysis (:func:`is_keyword_token`).
"""
from __future__ import annotations

import logging
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import jieba
import jieba.posseg
import pandas as pd

from . import cache
from .lexicon import POLICY_TERMS, POLICY_VERBS, STOPWORDS, UNITS_FILE, policy_terms, policy_verbs, stopwords
from .lexicon import units as units_written
from .structure import Structure

jieba.setLogLevel(logging.WARNING)

HAN_RE = re.compile(r"[\u4e00-\u9fff]")
QUOTED_RE = re.compile(r"“((?=[^”]*[\u4e00-\u9fff])[\u4e00-\u9fffA-Za-z0-9+]{2,10})”")
TITLE_RE = re.compile(r"《([^《》\n]{2,30})》")
#: One-character heads that end place and programme names (科创带, 示范区, 产业园 …).
PLACE_SUFFIXES = set("区园港城圈带湾链群站馆院镇村")
EDGE_WORDS = set("的了和与及或在是为对把被将并从向于由而也都又还就更要不这那其之等个")


@lru_cache(maxsize=1)
def _base_tokenizer() -> jieba.Tokenizer:
    tk = jieba.Tokenizer()
    tk.initialize()
    for term in policy_terms():
        tk.add_word(term, freq=max(tk.suggest_freq(term, tune=False), 10))
    return tk


def tokenizer(extra_terms: list[str] | tuple[str, ...] = ()) -> jieba.Tokenizer:
    """A jieba tokenizer with the policy dictionary and ``extra_terms`` (the shared one is not changed)."""
    base = _base_tokenizer()
    if not extra_terms:
        return base
    tk = jieba.Tokenizer()
    tk.FREQ, tk.total, tk.initialized = dict(base.FREQ), base.total, True
    tk.user_word_tag_tab = dict(base.user_word_tag_tab)
    for term in extra_terms:
        tk.add_word(term, freq=max(tk.suggest_freq(term, tune=False), 10))
    return tk


def _ngram_candidates(text: str, tk: jieba.Tokenizer, min_count: int = 3) -> list[str]:
    """Repeated n-grams (3–8 characters) that jieba splits, whose left and right neighbours vary."""
    runs = re.findall(r"[\u4e00-\u9fff]+", text)
    counts: Counter[str] = Counter()
    left: dict[str, set[str]] = defaultdict(set)
    right: dict[str, set[str]] = defaultdict(set)
    for run in runs:
        for n in range(3, 9):
            for i in range(len(run) - n + 1):
                g = run[i : i + n]
                counts[g] += 1
                left[g].add(run[i - 1] if i > 0 else "^")
                right[g].add(run[i + n] if i + n < len(run) else "$")
    stops, verbs = stopwords(), policy_verbs()
    pos = jieba.posseg.POSTokenizer(tk)
    found = []
    for g, c in counts.items():
        if c < min_count or g[0] in EDGE_WORDS or g[-1] in EDGE_WORDS:
            continue
        if len(left[g]) < 3 or len(right[g]) < 3:
            continue
        parts = tk.lcut(g, HMM=False)
        suffix = len(parts[-1]) == 1 and parts[-1] in PLACE_SUFFIXES  # 太湖湾科创/带, 示范/区
        if len(parts) < 2 or len(parts[0]) == 1 or (len(parts[-1]) == 1 and not suffix):
            continue
        if parts[0] in stops or parts[0] in verbs or parts[-1] in stops or parts[-1] in verbs:
            continue
        if any(ch in g[1:-1] for ch in "和与及的或"):
            continue
        tags = [w.flag for w in pos.lcut(g, HMM=False)]
        if not (suffix or tags[-1].startswith(("n", "vn"))) or tags[0].startswith(("v", "d", "p", "c", "u", "r")) and tags[0] != "vn":
            continue  # a policy term ends in a noun and does not start with a verb or function word
        found.append(g)
    # keep maximal candidates: drop one inside a longer candidate that occurs as often
    found.sort(key=lambda g: (-len(g), g))
    kept: list[str] = []
    for g in found:
        if not any(g in k and counts[k] >= counts[g] for k in kept):
            kept.append(g)
    return sorted(kept)


def discover_terms(text: str, min_count: int = 3) -> pd.DataFrame:
    """Policy terms found in ``text`` itself, with where each came from.

    Returns a table with ``term``, ``source`` (``quoted``, ``book title`` or ``repeated n-gram``) and
    ``count`` (occurrences in the text). Terms jieba already keeps whole are left out.
    """
    tk = _base_tokenizer()
    rows: dict[str, str] = {}
    for m in QUOTED_RE.finditer(text):
        rows.setdefault(m.group(1), "quoted")
    for m in TITLE_RE.finditer(text):
        title = m.group(1)
        if HAN_RE.search(title):
            rows.setdefault(title, "book title")
    for g in _ngram_candidates(text, tk, min_count):
        rows.setdefault(g, "repeated n-gram")
    out = [
        {"term": t, "source": s, "count": text.count(t)}
        for t, s in rows.items()
        if len(tk.lcut(t, HMM=False)) > 1
    ]
    df = pd.DataFrame(out, columns=["term", "source", "count"])
    return df.sort_values(["source", "count", "term"], ascending=[True, False, True]).reset_index(drop=True)


@dataclass
class Segmentation:
    """A report's sentences cut into tokens, and the report-specific terms that were added."""

    tokens: pd.DataFrame
    discovered: pd.DataFrame


def is_keyword_token(token: str) -> bool:
    """True for a token that can be a keyword: two or more characters, Chinese, no digits."""
    return len(token) >= 2 and bool(HAN_RE.search(token)) and not re.search(r"[0-9０-９%％.]", token)


def report_tokens(structure: Structure, discover: bool = True) -> Segmentation:
    """Cut every sentence of a structured report into tokens (cached on disk per text and dictionary).

    Returns a :class:`Segmentation` whose ``tokens`` table has one row per token with the sentence's
    ids (``sentence_id``, ``paragraph_id``, ``part``, ``section``), the ``token``, its ``position``
    in the sentence, and ``keyword`` (whether it can be a keyword: not a number, unit, punctuation
    or stopword). ``discover=False`` leaves out the terms found in the report itself.
    """
    sentences = structure.sentences
    text = "\n".join(sentences.text)
    depends = [Path(__file__), POLICY_TERMS, STOPWORDS, POLICY_VERBS, UNITS_FILE]
    return cache.cached("segmentation", text + f"\n#discover={discover}", depends,
                        lambda: _segment(sentences, text, discover), valid=Segmentation)


def _segment(sentences: pd.DataFrame, text: str, discover: bool) -> Segmentation:
    discovered = discover_terms(text) if discover else pd.DataFrame(columns=["term", "source", "count"])
    tk = tokenizer(tuple(discovered.term))
    stops = stopwords()
    units = set(units_written()) | {"万", "亿"}
    rows = []
    for s in sentences.itertuples(index=False):
        for pos, token in enumerate(tk.lcut(s.text, HMM=True)):
            if not token.strip():
                continue
            rows.append(
                (s.sentence_id, s.paragraph_id, s.part, s.section, token, pos,
                 is_keyword_token(token) and token not in stops and token not in units)
            )
    tokens = pd.DataFrame(rows, columns=["sentence_id", "paragraph_id", "part", "section", "token", "position", "keyword"])
    return Segmentation(tokens=tokens, discovered=discovered)


def single_token_rate(terms: list[str], tokens: pd.DataFrame, text: str) -> pd.DataFrame:
    """For each policy term a reader would list, whether segmentation kept it as one token.

    A term counts as kept whole when every occurrence in ``text`` lies inside one token (the term
    itself or a longer term containing it); terms absent from the text have ``in_text=False``.
    """
    counts = tokens.token.value_counts()
    rows = []
    for term in terms:
        n_text = text.count(term)
        # occurrences that sit inside one token (the term itself or a longer term containing it)
        inside = sum(t.count(term) * int(c) for t, c in counts.items() if term in t)
        rows.append({"term": term, "in_text": n_text > 0, "occurrences": n_text, "inside_a_token": inside,
                     "whole": n_text > 0 and inside >= n_text})
    return pd.DataFrame(rows)
