"""Keyword analysis: frequencies, grouped counts, keyness, keyword-in-context and co-occurrence.

Named after quanteda's verbs: :func:`keyword_table` (``textstat_frequency``), :func:`keyness`
(``textstat_keyness``), :func:`kwic` (``kwic``), :func:`cooccurrence` (``fcm``). All work on the
token table of :func:`helpers.segment.segment_sentences` (one row per token with its sentence,
paragraph, part and section). Ties are broken by term, so tables are deterministic.
"""
from __future__ import annotations

import math
import re

import pandas as pd

from .cli import table_stage
from .segment import Segmentation, policy_terms, policy_verbs, segment_sentences
from .structure import Structure


def report_tokens(structure: Structure, discover: bool = True) -> Segmentation:
    """Segment a structured report (cached); see :func:`helpers.segment.segment_sentences`."""
    return segment_sentences(structure.sentences, discover=discover)


def _keywords(tokens: pd.DataFrame, drop_policy_verbs: bool) -> pd.DataFrame:
    kw = tokens[tokens.keyword]
    if drop_policy_verbs:
        kw = kw[~kw.token.isin(policy_verbs())]
    return kw


def keyword_table(
    tokens: pd.DataFrame, drop_policy_verbs: bool = True, discovered: pd.DataFrame | None = None, by_unit: str = "section"
) -> pd.DataFrame:
    """Term frequencies: ``term``, ``count``, ``share`` (of all keyword tokens), ``doc_freq``.

    ``doc_freq`` is the number of sections (``by_unit="section"``; parts with no sections count as one
    unit each) or paragraphs (``"paragraph"``) the term occurs in; ``doc_share`` the same as a share.
    ``policy_term`` marks terms from the general dictionary, ``discovered`` those found in this report.
    Sorted by count (descending), then term.
    """
    kw = _keywords(tokens, drop_policy_verbs)
    units = _unit_ids(kw, by_unit)
    counts = kw.token.value_counts()
    doc = pd.Series(units.values, index=kw.index).groupby(kw.token).nunique()
    n_units = max(1, units.nunique())
    table = pd.DataFrame({"term": counts.index, "count": counts.to_numpy()})
    table["share"] = table["count"] / max(1, len(kw))
    table["doc_freq"] = table.term.map(doc).fillna(0).astype(int)
    table["doc_share"] = table.doc_freq / n_units
    dictionary = set(policy_terms())
    found = set(discovered.term) if discovered is not None else set()
    table["policy_term"] = table.term.isin(dictionary)
    table["discovered"] = table.term.isin(found)
    return table.sort_values(["count", "term"], ascending=[False, True]).reset_index(drop=True)


def _unit_ids(tokens: pd.DataFrame, by_unit: str) -> pd.Series:
    if by_unit == "paragraph":
        return tokens.paragraph_id
    if by_unit == "section":
        return tokens.part.astype(str) + "." + tokens.section.astype(str)
    if by_unit == "part":
        return tokens.part.astype(str)
    raise ValueError(f"by_unit must be 'part', 'section' or 'paragraph', not {by_unit!r}")


def keyword_table_by(tokens: pd.DataFrame, by: str = "part", top: int = 10, drop_policy_verbs: bool = True) -> pd.DataFrame:
    """The ``top`` terms of each part (``by="part"``) or section (``by="section"``), with counts and shares."""
    kw = _keywords(tokens, drop_policy_verbs)
    keys = ["part"] if by == "part" else ["part", "section"]
    counts = kw.groupby(keys + ["token"]).size().rename("count").reset_index().rename(columns={"token": "term"})
    counts["share"] = counts["count"] / counts.groupby(keys)["count"].transform("sum")
    counts = counts.sort_values(keys + ["count", "term"], ascending=[True] * len(keys) + [False, True])
    counts["rank"] = counts.groupby(keys).cumcount() + 1
    return counts[counts["rank"] <= top].reset_index(drop=True)


def keyness(tokens: pd.DataFrame, target: pd.Series, measure: str = "lr", drop_policy_verbs: bool = True, min_count: int = 2) -> pd.DataFrame:
    """Which terms are typical of a target (a part or section) compared with the rest of the report.

    ``target`` is a boolean mask over ``tokens`` (e.g. ``tokens.part == 3``). For each term, with
    ``a``/``b`` its count in target/reference and ``c``/``d`` the other tokens there, ``measure`` is

    * ``"lr"``: the log-likelihood ratio G² (Dunning 1993), as quanteda's ``textstat_keyness(measure="lr")``;
    * ``"chi2"``: Pearson's chi² with Yates' correction, as quanteda's default.

    The statistic is signed: positive when the term is relatively more frequent in the target.
    Columns: ``term``, ``target``, ``reference``, ``statistic``, ``p`` (chi² with 1 df), ``measure``.
    """
    if measure not in {"lr", "chi2"}:
        raise ValueError(f"measure must be 'lr' or 'chi2', not {measure!r}")
    mask = target.reindex(tokens.index).fillna(False).astype(bool)
    keep = tokens.keyword & (~tokens.token.isin(policy_verbs()) if drop_policy_verbs else True)
    t_counts = tokens[keep & mask].token.value_counts()
    r_counts = tokens[keep & ~mask].token.value_counts()
    n_t, n_r = int(t_counts.sum()), int(r_counts.sum())
    rows = []
    for term in sorted(set(t_counts.index) | set(r_counts.index)):
        a, b = int(t_counts.get(term, 0)), int(r_counts.get(term, 0))
        if a + b < min_count:
            continue
        stat = _g2(a, b, n_t, n_r) if measure == "lr" else _chi2(a, b, n_t, n_r)
        sign = 1 if a / max(1, n_t) >= b / max(1, n_r) else -1
        rows.append({"term": term, "target": a, "reference": b, "statistic": sign * stat, "p": _chi2_sf(stat)})
    out = pd.DataFrame(rows, columns=["term", "target", "reference", "statistic", "p"])
    out["measure"] = "G2 (log-likelihood)" if measure == "lr" else "chi2 (Yates)"
    return out.sort_values(["statistic", "term"], ascending=[False, True]).reset_index(drop=True)


def _g2(a: int, b: int, n_t: int, n_r: int) -> float:
    c, d = n_t - a, n_r - b
    n = a + b + c + d
    total = 0.0
    for obs, row, col in ((a, a + b, a + c), (b, a + b, b + d), (c, c + d, a + c), (d, c + d, b + d)):
        exp = row * col / n if n else 0
        if obs > 0 and exp > 0:
            total += obs * math.log(obs / exp)
    return 2 * total


def _chi2(a: int, b: int, n_t: int, n_r: int) -> float:
    c, d = n_t - a, n_r - b
    n = a + b + c + d
    denom = (a + b) * (c + d) * (a + c) * (b + d)
    if denom == 0:
        return 0.0
    return n * max(0.0, abs(a * d - b * c) - n / 2) ** 2 / denom


def _chi2_sf(x: float) -> float:
    """Survival function of chi² with one degree of freedom."""
    return math.erfc(math.sqrt(max(x, 0.0) / 2))


def kwic(structure: Structure, pattern: str, window: int = 15, regex: bool = False) -> pd.DataFrame:
    """Keyword in context: every occurrence of ``pattern`` with ``window`` characters on each side.

    Searches the sentences (so a match never spans two sentences' ids); ``regex=True`` treats the
    pattern as a regular expression. Columns: ``sentence_id``, ``paragraph_id``, ``part``,
    ``section``, ``left``, ``keyword``, ``right``. Context is taken from the whole paragraph.
    """
    if not pattern:
        raise ValueError("kwic needs a non-empty pattern")
    rx = re.compile(pattern if regex else re.escape(pattern))
    paragraphs = dict(zip(structure.paragraphs.paragraph_id, structure.paragraphs.text))
    rows = []
    for s in structure.sentences.itertuples(index=False):
        para = paragraphs[s.paragraph_id]
        offset = para.find(s.text)
        for m in rx.finditer(s.text):
            start, end = offset + m.start(), offset + m.end()
            rows.append(
                {"sentence_id": s.sentence_id, "paragraph_id": s.paragraph_id, "part": s.part, "section": s.section,
                 "left": para[max(0, start - window) : start], "keyword": m.group(0), "right": para[end : end + window]}
            )
    return pd.DataFrame(rows, columns=["sentence_id", "paragraph_id", "part", "section", "left", "keyword", "right"])


def cooccurrence(tokens: pd.DataFrame, terms: list[str], unit: str = "sentence_id") -> pd.DataFrame:
    """How many sentences (or paragraphs: ``unit="paragraph_id"``) contain both terms, for each pair of ``terms``.

    The diagonal holds the number of units containing the term.
    """
    present = tokens[tokens.token.isin(terms)].groupby(unit).token.apply(lambda s: set(s))
    matrix = pd.DataFrame(0, index=terms, columns=terms, dtype=int)
    for found in present:
        for a in found:
            for b in found:
                matrix.loc[a, b] += 1
    return matrix


@table_stage("keywords", "keyword frequencies: write term, count, share, doc_freq (sections), policy_term, discovered to OUT.csv")
def _keywords_cli(prepared):
    seg = report_tokens(prepared.structure)
    table = keyword_table(seg.tokens, discovered=seg.discovered)
    return table, f"{len(table)} terms; {len(seg.discovered)} terms discovered in the report"
