"""Word segmentation for policy text: jieba, a general policy-term dictionary, and terms found in the report.

Out of the box jieba splits most policy terms (放管服 → 放/管服, 专精特新 → 专精/特新). Three things
keep them whole:

1. the policy-term user dictionaries: ``data/dictionaries/policy_terms.txt`` (written by hand,
   editable), ``data/dictionaries/policy_terms_national.txt`` (national vocabulary compiled by hand) and
   ``data/dictionaries/policy_terms_corpus.txt`` (vocabulary learned from many reports by
   :func:`learn_policy_terms`; rebuilt with ``python -m helpers learn-terms CORPUS_DIR``),
   each term added with a frequency from jieba's ``suggest_freq`` so that it wins over jieba's own
   words (fxsjy/jieba#222);
2. terms *discovered in the report itself* (:func:`discover_terms`): phrases in Chinese quotation
   marks “…” (once is enough) and book-title marks 《…》, noun phrases of the section headings that
   recur in the text, sequences of jieba tokens repeated across the report whose neighbours vary
   (a sign of a fixed expression), and names used even once that end in a head word (…示范区,
   嵩山实验室, 海南自由贸易港: :func:`_named_terms`). Fragments are rejected: a candidate that ends in a verb or function
   word, or that is mostly part of a longer candidate;
3. longest match: after jieba has cut a sentence, every occurrence of a discovered term is made one
   token (where two overlap, the cut that covers more of the text wins: :class:`TermMatcher`), unless
   the occurrence lies inside a longer token already.

Discovery works on jieba's tokens rather than on every character n-gram, the merge works on the
tokens jieba already made, and the cutting itself is done by rjieba (jieba's Rust port, the same tokens:
:func:`_fast_cut`), so discovery and segmentation together cost about 1.4 times plain jieba
(``benchmarks/keywords_benchmark.py`` prints the ratio). Segmentation is cached on disk per report text.
Numbers, units and punctuation never become tokens of the keyword analysis (:func:`is_keyword_token`).
"""
from __future__ import annotations

import logging
import re
from array import array
from bisect import bisect_right
from collections import Counter, defaultdict
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Iterator

import jieba
import numpy as np
import pandas as pd

from . import cache
from .lexicon import (
    POLICY_TERMS, POLICY_TERMS_CORPUS, POLICY_TERMS_NATIONAL, POLICY_VERBS, STOPWORDS, TERM_HEADS, UNITS_FILE,
    corpus_policy_terms, names_a_place, policy_terms, policy_verbs, province_short_names, stopwords, term_heads,
)
from .lexicon import units as units_written
from .structure import Structure

jieba.setLogLevel(logging.WARNING)

HAN_RE = re.compile(r"[\u4e00-\u9fff]")
HAN_ONLY_RE = re.compile(r"^[\u4e00-\u9fff]+$")
QUOTED_RE = re.compile(r"“((?=[^”]*[\u4e00-\u9fff])[\u4e00-\u9fffA-Za-z0-9+]{2,10})”")
NUMERALS = "一二三四五六七八九十两百千万"
#: Numeral slogans: two to four groups of a numeral and one character (一带一路, 六稳六保, 三去一降一补).
SLOGAN_RE = re.compile(rf"(?:[{NUMERALS}]{{1,2}}[\u4e00-\u9fff](?<![{NUMERALS}])){{2,4}}")
#: A quoted list of short terms: “五统一、一开放”, “双随机、一公开”.
QUOTED_LIST_RE = re.compile(r"“([\u4e00-\u9fff]{2,10}(?:、[\u4e00-\u9fff]{2,10})+)”")
TITLE_RE = re.compile(r"《([^《》\n]{2,30})》")
#: One-character heads that end place and programme names (科创带, 示范区, 产业园 …).
PLACE_SUFFIXES = set("区园港城圈带湾链群站馆院镇村率库所")
EDGE_WORDS = set("的了和与及或在是为对把被将并从向于由而也都又还就更要不这那其之等个")
#: jieba part-of-speech tags a term may not start with (verbs, adverbs, prepositions, conjunctions …).
BAD_START_TAGS = ("v", "d", "p", "c", "u", "r", "m", "q", "f", "t", "y", "e", "o", "zg", "ad", "ud", "uj", "ul")
#: Tags a term may end with (nouns, verbal nouns, abbreviations and fixed expressions).
GOOD_END_TAGS = ("n", "vn", "j", "l", "nz", "an", "i")
MAX_TERM_CHARS = 12
DISCOVERED_COLUMNS = ["term", "source", "count"]


@lru_cache(maxsize=1)
def jieba_tags() -> dict[str, str]:
    """The part-of-speech tag of every word in jieba's own dictionary (read once per process)."""
    tags: dict[str, str] = {}
    with open(Path(jieba.__file__).with_name("dict.txt"), encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) >= 3:
                tags[parts[0]] = parts[2]
    return tags


def pos_tag(token: str) -> str:
    """A token's part of speech: jieba's dictionary tag; ``nz`` for a policy term; ``m`` numbers, ``x`` others."""
    tag = jieba_tags().get(token)
    if tag:
        return tag
    if token in dictionary_terms():
        return "nz"
    if re.fullmatch(r"[0-9０-９.．%％]+", token):
        return "m"
    if HAN_ONLY_RE.match(token):
        return "nz" if len(token) > 2 else "x"
    if re.fullmatch(r"[A-Za-z0-9+]+", token):
        return "eng"
    return "x"


#: The learned dictionary set by :func:`learned_dictionary` (None: the shipped policy_terms_corpus.txt).
_learned_override: tuple[str, ...] | None = None


def learned_terms() -> tuple[str, ...]:
    """The learned dictionary in use: the shipped ``policy_terms_corpus.txt``, or the one :func:`learned_dictionary` sets."""
    return corpus_policy_terms() if _learned_override is None else _learned_override


@contextmanager
def learned_dictionary(terms: Iterable[str]) -> Iterator[None]:
    """Segment with ``terms`` as the learned dictionary instead of the shipped one, inside the ``with`` block.

    For leave-one-report-out evaluation: learn from every report but the one scored
    (:func:`learn_policy_terms`), then segment it with what was learned. Segmentations made inside the block
    are cached under that dictionary. Not thread-safe (it swaps the process's tokenizer).
    """
    global _learned_override
    previous, _learned_override = _learned_override, tuple(terms)
    _base_tokenizer.cache_clear(), _fast_cut.cache_clear(), dictionary_terms.cache_clear()
    try:
        yield
    finally:
        _learned_override = previous
        _base_tokenizer.cache_clear(), _fast_cut.cache_clear(), dictionary_terms.cache_clear()


@lru_cache(maxsize=1)
def dictionary_terms() -> frozenset[str]:
    """Every policy term of the dictionaries in use: the hand-made ones and the learned one."""
    return frozenset(policy_terms()) | frozenset(learned_terms())


@lru_cache(maxsize=2)
def _base_tokenizer(learned: bool = True) -> jieba.Tokenizer:
    tk = jieba.Tokenizer()
    tk.initialize()
    terms = list(policy_terms()) + (list(learned_terms()) if learned else [])
    for term in terms:
        tk.add_word(term, freq=max(tk.suggest_freq(term, tune=False), 10))
    return tk


def tokenizer(extra_terms: list[str] | tuple[str, ...] = ()) -> jieba.Tokenizer:
    """A jieba tokenizer with the policy dictionaries and ``extra_terms`` (the shared one is not changed)."""
    base = _base_tokenizer()
    if not extra_terms:
        return base
    tk = jieba.Tokenizer()
    tk.FREQ, tk.total, tk.initialized = dict(base.FREQ), base.total, True
    tk.user_word_tag_tab = dict(base.user_word_tag_tab)
    for term in extra_terms:
        tk.add_word(term, freq=max(tk.suggest_freq(term, tune=False), 10))
    return tk


# --------------------------------------------------------------------------- candidates


def _can_start(token: str, stops: frozenset[str], verbs: frozenset[str], tags: dict[str, str]) -> bool:
    if len(token) < 2 or not HAN_ONLY_RE.match(token) or token in stops or token in verbs:
        return False
    tag = tags.get(token, "n")
    return tag == "vn" or not tag.startswith(BAD_START_TAGS)


def _can_end(token: str, stops: frozenset[str], verbs: frozenset[str], tags: dict[str, str]) -> bool:
    if not HAN_ONLY_RE.match(token):
        return False
    if len(token) == 1:
        return token in PLACE_SUFFIXES
    if token in stops or token in verbs:
        return False
    return tags.get(token, "nz").startswith(GOOD_END_TAGS)


@dataclass
class _Grams:
    """Token n-grams of a text that have the shape of a term, with their counts and neighbours."""

    counts: Counter
    left: dict
    right: dict


def _token_grams(token_lists: Iterable[list[str]], max_tokens: int = 4) -> _Grams:
    """Sequences of 2..``max_tokens`` Chinese tokens shaped like a term (noun-final, no function word)."""
    stops, verbs, tags = stopwords(), policy_verbs(), jieba_tags()
    counts: Counter[str] = Counter()
    left: dict[str, Counter[str]] = defaultdict(Counter)
    right: dict[str, Counter[str]] = defaultdict(Counter)
    for toks in token_lists:
        n_toks = len(toks)
        for i, first in enumerate(toks):
            if not _can_start(first, stops, verbs, tags):
                continue
            length = len(first)
            for j in range(i + 1, min(i + max_tokens, n_toks)):
                tok = toks[j]
                length += len(tok)
                if length > MAX_TERM_CHARS or not HAN_ONLY_RE.match(tok) or (len(tok) == 1 and tok in EDGE_WORDS):
                    break
                if not _can_end(tok, stops, verbs, tags):
                    continue
                g = "".join(toks[i : j + 1])
                counts[g] += 1
                left[g][toks[i - 1] if i > 0 else "^"] += 1
                right[g][toks[j + 1] if j + 1 < n_toks else "$"] += 1
    return _Grams(counts, left, right)


def _is_fragment(count: int, neighbours: Counter) -> bool:
    """True when one noun neighbour follows (or precedes) most occurrences: the gram is part of a longer term."""
    if count < 2 or not neighbours:
        return False
    word, n = max(neighbours.items(), key=lambda kv: (kv[1], kv[0]))
    if n < 0.6 * count or len(word) < 2 or not HAN_ONLY_RE.match(word) or word in stopwords() or word in policy_verbs():
        return False
    return jieba_tags().get(word, "n").startswith(("n", "vn", "j"))


#: Tags of the tokens inside a named term (nouns, verbal nouns, abbreviations, distinguishing words,
#: place words, fixed expressions).
NOUNISH_TAGS = ("n", "vn", "j", "b", "an", "s", "l")
#: One-character heads a name may end in when jieba leaves them alone (海南自由贸易/港, 宏观杠杆/率, 海外/仓).
SUFFIX_HEADS = PLACE_SUFFIXES | set("县仓岛谷户债")
#: One-character results of a verb (做/好, 办/好): never the first word of a name.
RESULT_COMPLEMENTS = set("好完成到住强")
#: Stopwords that may open a name (全国林长制改革示范区); other noun stopwords (方面, 关系) only go inside one.
SCOPE_WORDS = {"全国", "全省", "全市", "全面"}
#: One-character affixes that make a word of the one before (紧密/型, 渐进/式, 国家/级): inside a name only.
AFFIXES = set("型式级化性")
CHINESE_NUMERAL_RE = re.compile(rf"^[{NUMERALS}]+[年大项个类轮批级件]?$")
#: The longest named term (东方枢纽国际商务合作区先行启动区 has 17 characters).
MAX_NAME_CHARS = 18


def _named_terms(token_lists: Iterable[list[str]], max_tokens: int = 8) -> Counter:
    """Runs of 2..``max_tokens`` noun-like tokens ending in a term head, seen once or more.

    A programme or institution name is a run of nouns ending in a head word (工程, 示范区, 机制, 失业率 …,
    ``term_heads.txt``; or a one-character place head such as 区, 港, 县 standing alone or ending a word
    jieba does not know, 综试区); such names are often used once, so repetition cannot find them.
    Inside the run: nouns (a stopword only when it is a noun, 关系), one-character adjectives (西部陆海新通道),
    numeral words (长江十年禁渔 has 十年), place and time words that jieba tags so (湿地, 现代: 沿黄湿地生态保护修复带,
    现代设施农业片区), fixed expressions and quantity words made of nouns (土壤污染源头防控行动, 全方位…枢纽), verbs in a
    group right before a verbal head (研发费用加计扣除, 国企改革深化提升行动). A verb before a noun reads as a clause
    (完成/国企改革, 党建/引领/基层高效能治理): such a run is kept only when the report repeats it, or when a policy verb
    governs it before a verbal head (开展/拖欠企业账款专项清理行动: the programme is the policy verb's object).
    The first token is a noun (not a stopword, but 全国), a numeral word (六大), a one-character adjective not
    glued to a verb (长/租房市场, not 用/好) or
    a two-character one before an affix or a province (紧密/型, 美好/安徽); after punctuation a one-character
    adjective opens a run of three words or more (高/价值/发明专利拥有量, not 稳/企业); never a verb or a short word
    that opens or closes with one (继续执行, 扩大出口; a word jieba lists as a noun is not opened by a verb:
    知识产权金融生态综合试点, 公立医院病房改造提升行动). Function words end the run.
    """
    heads, stops, verbs, tags, dictionary = term_heads(), stopwords(), policy_verbs(), jieba_tags(), dictionary_terms()
    slogan_places = province_short_names() | {"中国"}

    def role(tok: str) -> str:
        """N (noun), S (a noun only inside), A (numeral word), a (adjective, affix), V (verb) or "" (ends the run)."""
        if not HAN_ONLY_RE.match(tok) or tok in EDGE_WORDS:
            return ""
        if tok in heads:
            return "N"  # 协定, 采购: a head word is a noun inside a name too
        if tok in verbs:
            return "V"
        tag = tags.get(tok, "nz")
        if tok in stops:  # a stopword that is a noun (关系, 方面) goes inside a name; only a scope word opens one
            return ("N" if tok in SCOPE_WORDS else "S") if tags.get(tok, "").startswith("n") else ""
        if CHINESE_NUMERAL_RE.match(tok) and len(tok) >= 2:
            return "A"
        if len(tok) == 1:
            return "a" if tag.startswith("a") or tok in AFFIXES else ""  # 新, 大, 型
        if tok not in tags and tok not in dictionary and (
                tok[0] in EDGE_WORDS or tags.get(tok[0], "").startswith(("d", "p", "c"))):
            return ""  # a function word glued to the next word (对受, 再添)
        if tok not in tags and tags.get(tok[0], "").startswith("v") and tags.get(tok[1:], "").startswith("a"):
            return "V"  # a verb and its result that jieba glued (做强, 建优)
        if tag.startswith(NOUNISH_TAGS) or (tag == "f" and len(tok) == 2) or tag in ("t", "z") or noun_compound(tok, tag):
            return "N"
        if tag == "a" and len(tok) == 2:
            return "a"  # 重要, 丰富: inside a name, never first (丰富/巨灾保险 is a verb and its object)
        return "V" if tag == "v" else ""

    def noun_compound(tok: str, tag: str) -> bool:
        """A fixed expression or quantity word made of words jieba knows as nouns: a modifier inside a name
        (土壤/污染 in 土壤污染源头防控行动, 安全/隐患 in 电动自行车安全隐患全链条整治行动, 全/方位 in
        全方位门户复合型国际航空枢纽), not an adverbial idiom (千方百计, 全力以赴) nor a count (首批, 多项)."""
        if tag == "i" and len(tok) == 4:
            return all(tags.get(w, "").startswith(("n", "vn", "an")) for w in (tok[:2], tok[2:]))
        return tag == "m" and len(tok) >= 3 and tags.get(tok[-2:], "").startswith("n")

    def verb_edge(tok: str) -> bool:
        """A short word that opens or closes with a verb (继续执行, 建立健全, 扩大出口): not the first word of a name."""
        if len(tok) > 4 or tok in dictionary:
            return False
        # a word jieba lists as a noun is a verb's phrase when it ends in a verb (充分发挥, 全面推行), not when jieba
        # only tags its first half a verb (知识/产权, 公立/医院, 牵引/性): there a policy verb or a stopword counts
        noun = tags.get(tok, "").startswith("n")
        return any(w in verbs or (tags.get(w, "") == "v" and not (noun and w == tok[:2]))
                   or (w in stops and not tags.get(w, "").startswith("n"))
                   for w in {tok[:2], tok[-2:]} if len(tok) > 2)

    def can_start(i: int, j: int, toks: list[str], roles: list[str]) -> bool:
        r = roles[i]
        if r in ("N", "A"):
            return not verb_edge(toks[i]) and (toks[i][0] not in "万亿" or toks[i] in dictionary)  # not 亿斤…
        # a one-character adjective (发展/长/租房市场), not a verb's result (用/好, 做/强) nor an affix
        if r != "a" or toks[i] in AFFIXES or toks[i] in RESULT_COMPLEMENTS:
            return False
        if len(toks[i]) > 1:  # an adjective opens a name with an affix after it (紧密/型) or a place (美好/安徽),
            return toks[i + 1] in AFFIXES or (i + 1 == j and toks[j] in slogan_places)  # not 丰富/巨灾保险
        if i > 0 and len(toks[i - 1]) == 1 and HAN_ONLY_RE.match(toks[i - 1]):
            return False  # a verb's result (用/好, 做/强)
        # after punctuation, a one-character adjective opens a name of three words or more (高/价值/发明专利拥有量,
        # 全/链条/治理), not a two-word phrase (稳/企业, 大/企业: a slogan's piece, a common phrase)
        return i == 0 or HAN_ONLY_RE.match(toks[i - 1]) is not None or j - i >= 2

    def is_head(tok: str) -> bool:
        if not HAN_ONLY_RE.match(tok):
            return False
        if tok in slogan_places:
            return True  # 美好/安徽, 数字/中国
        if len(tok) == 1:
            return tok in SUFFIX_HEADS
        if any(tok[-k:] in heads for k in range(1, min(4, len(tok)) + 1)):
            return True
        return tok[-1] in SUFFIX_HEADS and tok not in tags  # a word jieba does not know: 综试区, 农高区

    found: Counter[str] = Counter()
    inner_verb: Counter[str] = Counter()  # a verb between nouns: a name only when the report repeats it
    for toks in token_lists:
        roles = [role(t) for t in toks]
        for j, tok in enumerate(toks):
            if not is_head(tok):
                continue
            # a verbal head (行动, 采购) or a place head (…区, …港) takes a verb group before it (自动驾驶示范区)
            verbal_head, place_head = tags.get(tok, "n") in ("v", "vn"), tok[-1] in SUFFIX_HEADS
            length, clause = len(tok), False
            for i in range(j - 1, max(-1, j - max_tokens), -1):
                length += len(toks[i])
                r = roles[i]
                if length > MAX_NAME_CHARS or not r:
                    break
                if r == "V":
                    # a verb before a noun makes a clause (完成/国企改革, 党建/引领/基层治理): kept only when
                    # the report repeats it; a verb group before a verbal head is a name (国企改革/深化/提升/行动),
                    # before a place head only without a policy verb (集聚/区, not 打造/国家公园)
                    takes_verbs = verbal_head or (place_head and toks[i] not in verbs)
                    nxt = roles[i + 1] if i + 1 < j else ("V" if takes_verbs else "N")
                    clause = clause or nxt != "V"
                    if (verbal_head and i > 0 and toks[i - 1] in verbs and toks[i] not in verbs and i + 1 < j
                            and roles[i + 1] == "N" and len(toks[i]) >= 2):
                        found["".join(toks[i : j + 1])] += 1  # 开展/打击/非法集资/专项行动: the object of a policy verb
                    continue
                if toks[j] in slogan_places and length > len(toks[j]) + 3:
                    break  # a province takes a short modifier (美好/安徽, 海上/新/广东), not a phrase (中国式现代化/广东)
                if not can_start(i, j, toks, roles):
                    continue
                (inner_verb if clause else found)["".join(toks[i : j + 1])] += 1
    found.update({g: c for g, c in inner_verb.items() if c >= 2})
    return found


def _drop_fragments(found: dict[str, int], share: float = 0.7) -> list[str]:
    """Keep maximal candidates: drop one that mostly occurs inside a longer kept candidate."""
    kept: list[str] = []
    for g in sorted(found, key=lambda g: (-len(g), g)):
        if not any(g in k and found[k] >= share * found[g] for k in kept):
            kept.append(g)
    return sorted(kept)


@lru_cache(maxsize=2)
def _fast_cut(learned: bool = True) -> Callable[[str], list[str]]:
    """``jieba.lcut(HMM=True)`` with the policy dictionaries, done by rjieba (jieba's Rust port) when installed.

    rjieba is given the same dictionary entries with the frequencies jieba computed for them, so its
    tokens are jieba's: over the 34 corpus reports 24 of 300,876 tokens differ, all inside Latin and
    number runs (jieba cuts 5G/-/A, PM/_/2.5 and 2011/-/2020, rjieba keeps them whole), which never become
    keywords; the discovered terms are the same. It cuts about 13 times faster. Without rjieba, jieba
    itself cuts.
    """
    tk = _base_tokenizer(learned)
    try:
        import rjieba
    except ImportError:  # pragma: no cover - rjieba is a pinned dependency; the fallback gives the same tokens
        return lambda line: tk.lcut(line, HMM=True)
    fast = rjieba.Jieba()
    for term in list(policy_terms()) + (list(learned_terms()) if learned else []):
        fast.add_word(term, tk.FREQ[term], None)
    return lambda line: fast.cut(line, hmm=True)


def _cut_lines(lines: Iterable[str], learned: bool = True) -> list[list[str]]:
    cut = _fast_cut(learned)
    return [cut(line) for line in lines]


def discover_terms(
    text: str, min_count: int = 3, headings: Iterable[str] = (), token_lists: list[list[str]] | None = None
) -> pd.DataFrame:
    """Policy terms found in ``text`` itself, with where each came from.

    Returns a table with ``term``, ``source`` and ``count`` (occurrences in the text). Sources:

    * ``quoted``: in Chinese quotation marks “…” (2–10 characters; once is enough);
    * ``book title``: in 《…》;
    * ``numeral slogan``: groups of a numeral and one character (三城一区, 六稳六保, 三去一降一补);
    * ``named term``: noun-like tokens ending in a head of ``term_heads.txt`` (…示范区, …工程), seen once or more;
    * ``heading``: a noun phrase of a heading (``headings``) that occurs again in the text;
    * ``repeated n-gram``: a sequence of jieba tokens repeated ``min_count`` times or more whose left and
      right neighbours vary (three different ones each).

    Terms that the tokenizer already keeps whole (dictionary terms, jieba's own words) are left out;
    so are fragments (a candidate mostly inside a longer one). ``token_lists`` (the text's lines cut by
    the base tokenizer) may be passed to save cutting them again.
    """
    tk = _base_tokenizer()
    if token_lists is None:
        token_lists = _cut_lines(text.split("\n"))
    rows: dict[str, str] = {}
    for m in QUOTED_RE.finditer(text):
        rows.setdefault(m.group(1), "quoted")
    for m in QUOTED_LIST_RE.finditer(text):
        for part in m.group(1).split("、"):
            if len(part) >= 3:
                rows.setdefault(part, "quoted")
    bounds, pos = set(), 0  # token boundaries in text: a slogan may not start or end inside a word (长/三角一体/化)
    for toks in token_lists:
        bounds.add(pos)
        for t in toks:
            pos += len(t)
            bounds.add(pos)
        pos += 1  # the line break
    for m in SLOGAN_RE.finditer(text):
        if m.start() in bounds and m.end() in bounds:
            rows.setdefault(m.group(0), "numeral slogan")
    for m in TITLE_RE.finditer(text):
        if HAN_RE.search(m.group(1)):
            rows.setdefault(m.group(1), "book title")
    grams = _token_grams(token_lists)
    heading_grams = _token_grams(_cut_lines(headings)).counts if headings else Counter()
    repeated = {g: c for g, c in grams.counts.items()
                if c >= min_count and len(grams.left[g]) >= 3 and len(grams.right[g]) >= 3
                and not _is_fragment(c, grams.right[g]) and not _is_fragment(c, grams.left[g])}
    from_headings = {g: grams.counts[g] for g in heading_grams if grams.counts.get(g, 0) >= 2}
    for g in _drop_fragments({**repeated, **from_headings}):
        rows.setdefault(g, "heading" if g in from_headings else "repeated n-gram")
    for g in _drop_fragments(dict(_named_terms(token_lists))):
        rows.setdefault(g, "named term")
    known = dictionary_terms()
    out = [{"term": t, "source": s, "count": text.count(t)} for t, s in rows.items()
           if t not in known and not tk.FREQ.get(t)]
    df = pd.DataFrame(out, columns=DISCOVERED_COLUMNS)
    return df.sort_values(["source", "count", "term"], ascending=[True, False, True]).reset_index(drop=True)


# --------------------------------------------------------------------------- longest match


class TermMatcher:
    """Non-overlapping matches of many terms in a text that cover the most of it (faster than a regex alternation).

    Where matches overlap, the choice covers the most characters, then uses the fewest terms, then the
    leftmost: 郑州全国/要素市场化配置综合改革试点 keeps the 13-character programme over the 11-character
    郑州全国要素市场化配置 that starts earlier; 东方枢纽国际商务合作区 + 先行启动区 beats the one term
    枢纽国际商务合作区先行启动区 that would leave 东方 alone.
    """

    def __init__(self, terms: Iterable[str]) -> None:
        self.by_prefix: dict[str, list[str]] = defaultdict(list)
        for t in sorted({t for t in terms if len(t) >= 2}, key=lambda w: (-len(w), w)):
            self.by_prefix[t[:2]].append(t)

    def spans(self, text: str) -> list[tuple[int, int]]:
        table, found = self.by_prefix, []
        for i in range(len(text) - 1):
            for t in table.get(text[i : i + 2], ()):
                if text.startswith(t, i):
                    found.append((i, i + len(t)))
        if len(found) < 2:
            return found
        # weighted interval scheduling: best[k] = (covered, -terms) over the first k spans by end
        found.sort(key=lambda ab: (ab[1], ab[0]))
        ends = [b for _, b in found]
        best: list[tuple[int, int]] = [(0, 0)]
        choice: list[bool] = []
        for a, b in found:
            prev = bisect_right(ends, a, 0, len(choice))  # spans ending at or before a
            take = (best[prev][0] + b - a, best[prev][1] - 1)
            choice.append(take > best[-1])
            best.append(max(take, best[-1]))
        out, k = [], len(found)
        while k > 0:
            if choice[k - 1]:
                a, b = found[k - 1]
                out.append((a, b))
                k = bisect_right(ends, a, 0, k - 1)
            else:
                k -= 1
        return sorted(out)


def _merge(tokens: list[str], text: str, matcher: TermMatcher | None) -> list[str]:
    """Make each match of ``matcher`` in ``text`` one token, unless it lies inside a longer token already.

    A token that straddles a match's edge is cut there (the term wins over jieba's guess).
    """
    if matcher is None:
        return tokens
    matches = matcher.spans(text)
    if not matches:
        return tokens
    starts, pos = [], 0
    for t in tokens:
        starts.append(pos)
        pos += len(t)
    bounds = set(starts) | {pos}
    changed = False
    for a, b in matches:
        k = bisect_right(starts, a) - 1
        if starts[k] + len(tokens[k]) >= b and len(tokens[k]) > b - a:
            continue  # inside a longer token: already whole
        inner = {p for p in range(a + 1, b) if p in bounds}
        if inner or a not in bounds or b not in bounds:
            bounds -= inner
            bounds |= {a, b}
            changed = True
    if not changed:
        return tokens
    cuts = sorted(bounds)
    return [text[x:y] for x, y in zip(cuts, cuts[1:])]


def _join_crossing(tokens: list[str], terms: frozenset[str] | set[str]) -> list[str]:
    """Join two neighbouring tokens when a policy term crosses the boundary between them.

    jieba keeps one of two overlapping dictionary terms (精准脱贫 | 脱贫攻坚战 in 精准脱贫攻坚战) and
    cuts the other; the longest match is the two together, so they become one token (at most
    :data:`MAX_TERM_CHARS` characters). Only pairs where one token is a policy term are looked at.
    """
    out: list[str] = []
    for tok in tokens:
        if out and (tok in terms or out[-1] in terms):
            prev = out[-1]
            joined = prev + tok
            cut = len(prev)
            if len(joined) <= MAX_TERM_CHARS and HAN_ONLY_RE.match(joined) and any(
                joined[x:y] in terms for x in range(cut) for y in range(cut + 1, len(joined) + 1)
                if y - x >= 3
            ):
                out[-1] = joined
                continue
        out.append(tok)
    return out


def _term_pattern(terms: Iterable[str]) -> TermMatcher | None:
    terms = [t for t in terms if t]
    return TermMatcher(terms) if terms else None


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
    headings = heading_lines(structure)
    data = [POLICY_TERMS, POLICY_TERMS_NATIONAL, POLICY_TERMS_CORPUS, STOPWORDS, POLICY_VERBS, UNITS_FILE, TERM_HEADS]
    key = text + f"\n#discover={discover}\n#headings=" + "|".join(headings)
    if _learned_override is not None:
        key += "\n#learned=" + "|".join(_learned_override)
    return cache.cached("segmentation", key, [],
                        lambda: _segment(sentences, text, discover, headings), valid=Segmentation, code=__name__, data=data)


def heading_lines(structure: Structure) -> list[str]:
    """The report's section and part titles (where :func:`discover_terms` looks for heading terms)."""
    titles = list(structure.sections.section_title) if "section_title" in structure.sections else []
    titles += list(structure.parts.part_title) if "part_title" in structure.parts else []
    return [str(t) for t in titles if isinstance(t, str) and t.strip()]


def _segment(sentences: pd.DataFrame, text: str, discover: bool, headings: Iterable[str] = ()) -> Segmentation:
    cut = _cut_lines(sentences.text)
    if discover:
        discovered = discover_terms(text, headings=headings, token_lists=cut)
        rx = _term_pattern(discovered.term)
        cut = [_merge(toks, s, rx) for toks, s in zip(cut, sentences.text)]
        terms = dictionary_terms() | set(discovered.term)
    else:
        terms = dictionary_terms()
        discovered = pd.DataFrame(columns=DISCOVERED_COLUMNS)
    stops = stopwords()
    units = set(units_written()) | {"万", "亿"}
    # One token type is one string: rows refer to it by number, so a long report's tokens take pointers,
    # not one string object each (a 20 MB report has ten million tokens).
    vocabulary: dict[str, int] = {}
    codes, rows_of, positions = array("i"), array("i"), array("i")
    for i, toks in enumerate(cut):
        for pos, token in enumerate(_join_crossing(toks, terms)):
            if token.strip():
                codes.append(vocabulary.setdefault(token, len(vocabulary)))
                rows_of.append(i)
                positions.append(pos)
        cut[i] = []  # free the sentence's strings as soon as they are counted
    types = np.array(list(vocabulary), dtype=object)
    is_keyword = np.array([is_keyword_token(t) and t not in stops and t not in units for t in types], dtype=bool)
    code_arr, row_arr = np.frombuffer(codes, dtype=np.int32), np.frombuffer(rows_of, dtype=np.int32)
    tokens = pd.DataFrame({
        "sentence_id": sentences.sentence_id.to_numpy(dtype=object)[row_arr],
        "paragraph_id": sentences.paragraph_id.to_numpy(dtype=object)[row_arr],
        "part": sentences.part.to_numpy()[row_arr],
        "section": sentences.section.to_numpy()[row_arr],
        "token": types[code_arr] if len(types) else np.array([], dtype=object),
        "position": np.frombuffer(positions, dtype=np.int32).astype(np.int64),
        "keyword": is_keyword[code_arr] if len(types) else np.array([], dtype=bool),
    })
    return Segmentation(tokens=tokens, discovered=discovered)


def plain_tokens(texts: Iterable[str]) -> list[list[str]]:
    """Texts cut by plain jieba (its own dictionary only, as a reader of quanteda-style studies would)."""
    tk = _plain_tokenizer()
    return [[t for t in tk.lcut(x, HMM=True) if t.strip()] for x in texts]


@lru_cache(maxsize=1)
def _plain_tokenizer() -> jieba.Tokenizer:
    tk = jieba.Tokenizer()
    tk.initialize()
    return tk


def table_terms(tokens: pd.DataFrame, text: str, discovered: pd.DataFrame | None = None) -> set[str]:
    """Every term the full keyword table (``keywords --all``) has a row for: each token type, and each policy term
    (dictionary or ``discovered``) of two characters or more that occurs in ``text``, also when the cut only holds
    it inside a longer token (营商环境 inside 营商环境城市)."""
    found = set(discovered.term) if discovered is not None else set()
    return set(tokens.token) | {t for t in dictionary_terms() | found if len(t) >= 2 and t in text}


def single_token_rate(terms: list[str], tokens: pd.DataFrame, text: str,
                      discovered: pd.DataFrame | None = None) -> pd.DataFrame:
    """For each policy term a reader would list, whether segmentation kept it as one token.

    A term counts as kept whole when every occurrence in ``text`` lies inside one token (the term
    itself or a longer term containing it); terms absent from the text have ``in_text=False``. ``row``:
    the term has a row of its own in the full keyword table (:func:`table_terms`, with the report's
    ``discovered`` terms), whole or nested.
    """
    counts = tokens.token.value_counts()
    listed = table_terms(tokens, text, discovered)
    rows = []
    for term in terms:
        n_text = text.count(term)
        # occurrences that sit inside one token (the term itself or a longer term containing it)
        inside = sum(t.count(term) * int(c) for t, c in counts.items() if term in t)
        rows.append({"term": term, "in_text": n_text > 0, "occurrences": n_text, "inside_a_token": inside,
                     "whole": n_text > 0 and inside >= n_text, "row": n_text > 0 and term in listed})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- learning the general dictionary


def learn_policy_terms(texts: dict[str, str], headings: dict[str, list[str]] | None = None,
                       min_reports: int = 3, min_count: int = 6) -> pd.DataFrame:
    """National policy vocabulary learned from many reports: terms that recur across reports.

    ``texts`` maps report names to their cleaned text (``headings`` to their heading lines). A term is
    kept when it is discovered (:func:`discover_terms`) in two reports or more, or when it has a term's
    shape (noun-final jieba tokens, no function word), occurs in at least ``min_reports`` reports and
    ``min_count`` times in all, with three different left and right neighbours across the corpus.
    Fragments (mostly inside a longer kept term) and place names (:func:`helpers.lexicon.names_a_place`:
    浦东新区法规, 健康上海 are one place's words) are dropped. Returns ``term``, ``reports``, ``count``,
    sorted by term. Only the hand-made dictionary is used while learning, so the result does not feed
    on itself.
    """
    headings = headings or {}
    tk = _base_tokenizer(learned=False)
    known = frozenset(policy_terms())
    presence: Counter[str] = Counter()
    discovered_in: Counter[str] = Counter()
    total: Counter[str] = Counter()
    left: dict[str, Counter[str]] = defaultdict(Counter)
    right: dict[str, Counter[str]] = defaultdict(Counter)
    for name in sorted(texts):
        text = texts[name]
        cut = _cut_lines(text.split("\n"), learned=False)
        grams = _token_grams(cut)
        for g, c in grams.counts.items():
            presence[g] += 1
            total[g] += c
            left[g].update(grams.left[g])
            right[g].update(grams.right[g])
        # quoted and heading terms (not book titles: those are one report's documents)
        quoted = {m.group(1) for m in QUOTED_RE.finditer(text)}
        heads = _token_grams(_cut_lines(headings.get(name, []), learned=False)).counts
        found = {g for g, c in grams.counts.items() if (c >= 3 and len(grams.left[g]) >= 3 and len(grams.right[g]) >= 3)}
        for g in found | {q for q in quoted if HAN_ONLY_RE.match(q)} | {h for h in heads if grams.counts.get(h, 0) >= 2}:
            discovered_in[g] += 1
    keep = {g for g in presence
            if (discovered_in[g] >= 2 or (presence[g] >= min_reports and total[g] >= min_count
                                          and len(left[g]) >= 3 and len(right[g]) >= 3))
            and not _is_fragment(total[g], right[g]) and not _is_fragment(total[g], left[g])}
    keep |= {g for g in discovered_in if discovered_in[g] >= 2 and 2 < len(g) <= 10 and g not in presence}
    counts = {g: max(total[g], 1) for g in keep if g not in known and not tk.FREQ.get(g) and not names_a_place(g)}
    kept = _drop_fragments(counts)
    rows = [{"term": g, "reports": max(presence[g], discovered_in[g]), "count": total[g]} for g in kept]
    return pd.DataFrame(rows, columns=["term", "reports", "count"])


def evaluate_policy_terms(structures: dict[str, Structure], keys: dict[str, list[str]]) -> pd.DataFrame:
    """Policy terms kept whole, leave-one-report-out: for each report with a term list, learn the dictionary
    from all the other reports (:func:`learn_policy_terms`), then segment the report with it.

    ``structures`` maps report names to structures (the corpus), ``keys`` report names to hand-made term
    lists. One row per listed report: ``report``, ``terms`` (listed), ``in_text`` (found in its text),
    ``whole`` (kept whole, :func:`single_token_rate`), ``rate`` (``whole / in_text``), ``learned_from``
    (how many reports the dictionary was learned from), ``rows`` (terms with a row of their own in the full
    keyword table, whole or nested) and ``row_rate`` (``rows / in_text``).
    """
    texts = {n: "\n".join(s.sentences.text) for n, s in structures.items()}
    headings = {n: heading_lines(s) for n, s in structures.items()}
    rows = []
    for name in sorted(keys):
        if name not in structures:
            raise KeyError(f"{name}: no report of that name in the corpus")
        others = sorted(n for n in structures if n != name)
        learned = learn_policy_terms({n: texts[n] for n in others}, {n: headings[n] for n in others})
        with learned_dictionary(learned.term):
            seg = report_tokens(structures[name])
            rate = single_token_rate(list(dict.fromkeys(keys[name])), seg.tokens, texts[name], seg.discovered)
        scored = rate[rate.in_text]
        rows.append({"report": name, "terms": len(rate), "in_text": len(scored), "whole": int(scored.whole.sum()),
                     "rate": round(float(scored.whole.mean()), 3) if len(scored) else float("nan"),
                     "learned_from": len(others), "rows": int(scored.row.sum()),
                     "row_rate": round(float(scored.row.mean()), 3) if len(scored) else float("nan")})
    return pd.DataFrame(rows)

