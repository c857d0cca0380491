"""Keyword analysis: frequencies, grouped counts, keyness, keyword-in-context and co-occurrence.

Named after quanteda's verbs: :func:`keyword_table` (``textstat_frequency``), :func:`keyness`
(``textstat_keyness``), :func:`kwic` (``kwic``), :func:`cooccurrence` (``fcm``). All work on the
token table of :func:`helpers.segment.report_tokens` (one row per token with its sentence,
paragraph, part and section). Ties are broken by term, so tables are deterministic. Every function
that groups takes the grouping as ``by`` (``"sentence"``, ``"paragraph"``, ``"section"``, ``"part"``).
"""
from __future__ import annotations

import math
import re

import pandas as pd

from .lexicon import policy_terms, policy_verbs
from .segment import report_tokens  # noqa: F401  (the tokens every function here starts from)
from .structure import Structure


def _keywords(tokens: pd.DataFrame, drop_policy_verbs: bool) -> pd.DataFrame:
    kw = tokens[tokens.keyword]
    if drop_policy_verbs:
        kw = kw[~kw.token.isin(policy_verbs())]
    return kw


def keyword_table(
    tokens: pd.DataFrame, drop_policy_verbs: bool = True, discovered: pd.DataFrame | None = None, by: str = "section"
) -> pd.DataFrame:
    """Term frequencies: ``term``, ``count``, ``share`` (of all keyword tokens), ``doc_freq``.

    ``doc_freq`` is the number of sections (``by="section"``; parts with no sections count as one
    unit each), paragraphs (``"paragraph"``) or parts (``"part"``) the term occurs in; ``doc_share`` the same as a share.
    ``policy_term`` marks terms from the general dictionary, ``discovered`` those found in this report.
    Sorted by count (descending), then term.
    """
    kw = _keywords(tokens, drop_policy_verbs)
    units = _unit_ids(kw, by)
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


def _unit_ids(tokens: pd.DataFrame, by: str) -> pd.Series:
    if by == "sentence":
        return tokens.sentence_id
    if by == "paragraph":
        return tokens.paragraph_id
    if by == "section":
        return tokens.part.astype(str) + "." + tokens.section.astype(str)
    if by == "part":
        return tokens.part.astype(str)
    raise ValueError(f"by must be 'sentence', 'paragraph', 'section' or 'part', not {by!r}")


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


def cooccurrence(tokens: pd.DataFrame, terms: list[str], by: str = "sentence") -> pd.DataFrame:
    """How many sentences (or paragraphs, sections, parts: ``by``) contain both terms, for each pair of ``terms``.

    The diagonal holds the number of units containing the term.
    """
    found = tokens[tokens.token.isin(terms)]
    present = found.token.groupby(_unit_ids(found, by)).apply(lambda s: set(s))
    matrix = pd.DataFrame(0, index=terms, columns=terms, dtype=int)
    for found in present:
        for a in found:
            for b in found:
                matrix.loc[a, b] += 1
    return matrix


def keyword_rates(tables: dict[str, pd.DataFrame], characters: dict[str, int], n_terms: int = 6) -> pd.DataFrame:
    """Across reports: the ``n_terms`` terms with the highest mean rate, per 10,000 characters of each report.

    ``tables`` maps report names to their :func:`keyword_table`; ``characters`` to their cleaned length.
    Rows are reports (sorted by name), columns the terms (ties broken by term order of first appearance).
    """
    rates = {name: tables[name].set_index("term")["count"] * 10000 / max(1, characters[name]) for name in sorted(tables)}
    table = pd.DataFrame(rates).T.fillna(0.0)
    top = table.mean().sort_values(ascending=False, kind="mergesort").head(n_terms).index
    return table[top]
