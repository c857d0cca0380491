"""Keyword analysis: frequencies, grouped counts, keyness, keyword-in-context and co-occurrence.

Named after quanteda's verbs: :func:`keyword_table` (``textstat_frequency``), :func:`keyness`
(``textstat_keyness``), :func:`kwic` (``kwic``), :func:`cooccurrence` (``fcm``; :func:`cooccurrence_pairs` reads it as
a list of pairs). All work on the token table of :func:`helpers.segment.report_tokens` (one row per token with its sentence,
paragraph, part and section). Ties are broken by term, so tables are deterministic. Every function
that groups takes the grouping as ``by`` (``"sentence"``, ``"paragraph"``, ``"section"``, ``"part"``).
"""
from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from pathlib import Path

import pandas as pd

from .errors import ParameterError
from .prepare import Prepared, prepare_report
from .lexicon import policy_verbs, stopwords
from .segment import dictionary_terms, is_keyword_token, plain_tokens, pos_tag, report_tokens, table_terms
from .structure import Structure

#: The columns of a report's rows in the corpus table ``keyword_counts`` (:data:`helpers.analyses.ANALYSES`).
KEYWORD_COUNT_COLUMNS = ["term", "count", "share", "policy_term", "discovered"]
#: The columns of a keyness table (:func:`keyness`, :func:`keyness_counts`).
KEYNESS_COLUMNS = ["term", "target", "reference", "statistic", "log_ratio", "p", "p_adjusted", "significant", "measure"]
TOKEN_TABLE_COLUMNS = ["term", "count", "occurrences", "stopword", "pos", "policy_term", "discovered", "nested",
                       "nested_in"]


def _keywords(tokens: pd.DataFrame, drop_policy_verbs: bool, keep_stopwords: bool = False) -> pd.DataFrame:
    kw = tokens[tokens.keyword | (tokens.token.map(is_keyword_token) if keep_stopwords else False)]
    if drop_policy_verbs:
        kw = kw[~kw.token.isin(policy_verbs())]
    return kw


def token_table(tokens: pd.DataFrame, text: str, discovered: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every token type of a report with flags, so that each view of the keywords is a filter of one table.

    Columns: ``term``, ``count`` (tokens), ``occurrences`` (the string's count in ``text``, inside longer
    tokens too: what :func:`kwic` finds, so ``occurrences >= count``), ``stopword`` (in
    ``data/dictionaries/stopwords.txt``, or not a possible keyword: numbers, units, punctuation),
    ``pos`` (jieba's part-of-speech tag; ``nz`` for policy terms), ``policy_term`` (in a policy
    dictionary), ``discovered`` (found in this report), ``nested`` (some occurrences lie inside a longer
    token: the cut chose a longer unit there) and ``nested_in`` (the longer token that holds most of them).

    Every policy term (dictionary or discovered) that occurs in ``text`` has a row, also when the cut never
    made it a token of its own: 营商环境 used only inside 营商环境城市 has ``count`` 0, its ``occurrences``,
    ``nested`` True and ``nested_in`` 营商环境城市. Sorted by count (descending), then term.
    The analyst's view is ``table[~table.stopword & (table.pos != "v")]``; the researcher's is all of it.
    """
    counts = tokens.token.value_counts()
    keyword = tokens.groupby("token").keyword.any().to_dict() if "keyword" in tokens else {}
    stops = stopwords()
    dictionary = dictionary_terms()
    found = set(discovered.term) if discovered is not None else set()
    # policy terms in the text that the cut never made a token: a row each (count 0)
    hidden = sorted(table_terms(tokens, text, discovered) - set(counts.index))
    counts = pd.concat([counts, pd.Series(0, index=hidden, dtype=counts.dtype)])
    table = pd.DataFrame({"term": counts.index.astype(str), "count": counts.to_numpy()})
    table["occurrences"] = [max(text.count(t), c) for t, c in zip(table.term, table["count"])]
    table["stopword"] = [t in stops or not bool(keyword.get(t, is_keyword_token(t))) for t in table.term]
    table["pos"] = [pos_tag(t) for t in table.term]
    table["policy_term"] = table.term.isin(dictionary)
    table["discovered"] = table.term.isin(found)
    holders = _nested_in(table.term[table.occurrences > table["count"]], counts)
    table["nested"] = table.term.isin(holders)
    table["nested_in"] = table.term.map(holders).fillna("")
    return table.sort_values(["count", "term"], ascending=[False, True]).reset_index(drop=True)[TOKEN_TABLE_COLUMNS]


def _nested_in(terms: pd.Series, counts: pd.Series) -> dict[str, str]:
    """For each term, the longer token type holding most of its occurrences (ties: the shorter, then the first
    in code-point order); terms that no longer token holds are left out."""
    wanted = set(terms)
    held: dict[str, dict[str, int]] = defaultdict(dict)
    for tok, c in counts.items():
        if c <= 0 or len(tok) < 3:
            continue
        n = len(tok)
        for a in range(n):
            for b in range(a + 2, n + 1 if a else n):  # proper substrings of two characters or more
                sub = tok[a:b]
                if sub in wanted and tok not in held[sub]:
                    held[sub][tok] = tok.count(sub) * int(c)
    return {t: min(h, key=lambda tok: (-h[tok], len(tok), tok)) for t, h in held.items()}


def corpus_frequency(reports: list, jieba_only: bool = False, min_chars: int = 2) -> pd.DataFrame:
    """Token frequencies over many reports in one call (quanteda's ``textstat_frequency`` on a corpus).

    ``reports`` are prepared reports (:func:`helpers.prepare_report`). Tokens are Chinese tokens of at
    least ``min_chars`` characters, stopwords included (quanteda counts every feature it is given).
    ``jieba_only=True`` cuts with plain jieba (no policy dictionary, no discovery), the closest to a
    standard study; otherwise the workbook's segmentation. Columns: ``term``, ``count``, ``occurrences``
    (string count in all texts, inside longer tokens too), ``docfreq`` (reports), ``rank``.
    """
    counts: dict[str, int] = {}
    docfreq: dict[str, int] = {}
    texts = []
    for r in reports:
        sentences = r.structure.sentences.text
        texts.append("\n".join(sentences))
        if jieba_only:
            toks = [t for line in plain_tokens(sentences) for t in line]
        else:
            toks = list(report_tokens(r.structure).tokens.token)
        seen = set()
        for t in toks:
            if len(t) >= min_chars and is_keyword_token(t):
                counts[t] = counts.get(t, 0) + 1
                seen.add(t)
        for t in seen:
            docfreq[t] = docfreq.get(t, 0) + 1
    table = pd.DataFrame({"term": list(counts), "count": list(counts.values())})
    table = table.sort_values(["count", "term"], ascending=[False, True]).reset_index(drop=True)
    whole = "\n".join(texts)
    table["occurrences"] = [max(whole.count(t), c) for t, c in zip(table.term, table["count"])]
    table["docfreq"] = table.term.map(docfreq).astype(int)
    table["rank"] = range(1, len(table) + 1)
    return table


def keyword_table(
    tokens: pd.DataFrame, drop_policy_verbs: bool = True, discovered: pd.DataFrame | None = None, by: str = "section",
    keep_stopwords: bool = False,
) -> pd.DataFrame:
    """Term frequencies: ``term``, ``count``, ``share`` (of all keyword tokens), ``doc_freq``.

    The analyst's view; :func:`token_table` has every token. ``drop_policy_verbs=False`` keeps the
    policy verbs (推进, 加强 …), ``keep_stopwords=True`` the stopwords (工作, 我们 …).

    ``doc_freq`` is the number of sections (``by="section"``; parts with no sections count as one
    unit each), paragraphs (``"paragraph"``) or parts (``"part"``) the term occurs in; ``doc_share`` the same as a share.
    ``policy_term`` marks terms from the general dictionary, ``discovered`` those found in this report.
    Sorted by count (descending), then term.
    """
    kw = _keywords(tokens, drop_policy_verbs, keep_stopwords)
    units = _unit_ids(kw, by)
    counts = kw.token.value_counts()
    doc = pd.Series(units.values, index=kw.index).groupby(kw.token).nunique()
    n_units = max(1, units.nunique())
    table = pd.DataFrame({"term": counts.index, "count": counts.to_numpy()})
    table["share"] = table["count"] / max(1, len(kw))
    table["doc_freq"] = table.term.map(doc).fillna(0).astype(int)
    table["doc_share"] = table.doc_freq / n_units
    dictionary = dictionary_terms()
    found = set(discovered.term) if discovered is not None else set()
    table["policy_term"] = table.term.isin(dictionary)
    table["discovered"] = table.term.isin(found)
    return table.sort_values(["count", "term"], ascending=[False, True]).reset_index(drop=True)


def keywords_stage(p: Prepared, all_tokens: bool = False) -> tuple[pd.DataFrame, str]:
    """The command line's ``keywords``: :func:`keyword_table` of a prepared report (``all_tokens``: :func:`token_table`)
    and a summary line."""
    seg = report_tokens(p.structure)
    if all_tokens:
        table = token_table(seg.tokens, "\n".join(p.structure.sentences.text), discovered=seg.discovered)
        return table, f"{len(table)} token types (every token, with flags); {len(seg.discovered)} terms discovered"
    table = keyword_table(seg.tokens, discovered=seg.discovered)
    return table, f"{len(table)} terms; {len(seg.discovered)} terms discovered in the report"


def _unit_ids(tokens: pd.DataFrame, by: str) -> pd.Series:
    if by == "sentence":
        return tokens.sentence_id
    if by == "paragraph":
        return tokens.paragraph_id
    if by == "section":
        return tokens.part.astype(str) + "." + tokens.section.astype(str)
    if by == "part":
        return tokens.part.astype(str)
    raise ParameterError("by", by, "must be 'sentence', 'paragraph', 'section' or 'part'")


def keyword_table_by(tokens: pd.DataFrame, by: str = "part", top: int = 10, drop_policy_verbs: bool = True) -> pd.DataFrame:
    """The ``top`` terms of each part (``by="part"``) or section (``by="section"``), with counts and shares."""
    kw = _keywords(tokens, drop_policy_verbs)
    keys = ["part"] if by == "part" else ["part", "section"]
    counts = kw.groupby(keys + ["token"]).size().rename("count").reset_index().rename(columns={"token": "term"})
    counts["share"] = counts["count"] / counts.groupby(keys)["count"].transform("sum")
    counts = counts.sort_values(keys + ["count", "term"], ascending=[True] * len(keys) + [False, True])
    counts["rank"] = counts.groupby(keys).cumcount() + 1
    return counts[counts["rank"] <= top].reset_index(drop=True)


def keyness(tokens: pd.DataFrame, target: pd.Series | None = None, measure: str = "lr", drop_policy_verbs: bool = True,
            min_count: int = 2, reference: pd.DataFrame | None = None, alpha: float = 0.05) -> pd.DataFrame:
    """Which terms are typical of a target compared with a reference (quanteda's ``textstat_keyness``).

    ``target`` is a boolean mask over ``tokens`` (e.g. ``tokens.part == 3``; ``None``: all of them).
    The reference is ``reference`` when given (the token table of other reports: the usual choice,
    since one part is often most of a report) and otherwise the rest of ``tokens``. For each term,
    with ``a``/``b`` its count in target/reference and ``c``/``d`` the other tokens there, ``measure`` is

    * ``"lr"``: the log-likelihood ratio G² (Dunning 1993), as quanteda's ``textstat_keyness(measure="lr")``;
    * ``"chi2"``: Pearson's chi² with Yates' correction, as quanteda's default.

    The statistic is signed: positive when the term is relatively more frequent in the target.
    ``log_ratio`` is Hardie's effect size, log2 of the ratio of relative frequencies (0.5 added to a
    zero count): +1 means twice as frequent. ``p`` is the chi² (1 df) p-value; ``p_adjusted`` corrects it
    for the many terms tested (Benjamini–Hochberg false discovery rate); ``significant`` is
    ``p_adjusted < alpha``. Columns: ``term``, ``target``, ``reference``, ``statistic``, ``log_ratio``,
    ``p``, ``p_adjusted``, ``significant``, ``measure``.
    """
    if measure not in {"lr", "chi2"}:
        raise ParameterError("measure", measure, "must be 'lr' or 'chi2'")
    mask = pd.Series(True, index=tokens.index) if target is None else target.reindex(tokens.index).fillna(False).astype(bool)
    verbs = policy_verbs()

    def keep(df: pd.DataFrame) -> pd.Series:
        return df.keyword & (~df.token.isin(verbs) if drop_policy_verbs else True)

    t_counts = tokens[keep(tokens) & mask].token.value_counts()
    if reference is not None:
        r_counts = reference[keep(reference)].token.value_counts()
    else:
        r_counts = tokens[keep(tokens) & ~mask].token.value_counts()
    return keyness_counts(t_counts, r_counts, measure, min_count, alpha)


def keyness_counts(t_counts: pd.Series, r_counts: pd.Series, measure: str = "lr", min_count: int = 2,
                   alpha: float = 0.05) -> pd.DataFrame:
    """:func:`keyness` from counts already made: term → count in the target, term → count in the reference.

    The same statistics, columns and order as :func:`keyness` (which calls it); used for groups of
    reports too (:func:`helpers.corpus.group_keyness`, summed keyword counts).
    """
    if measure not in {"lr", "chi2"}:
        raise ParameterError("measure", measure, "must be 'lr' or 'chi2'")
    n_t, n_r = int(t_counts.sum()), int(r_counts.sum())
    rows = []
    for term in sorted(set(t_counts.index) | set(r_counts.index)):
        a, b = int(t_counts.get(term, 0)), int(r_counts.get(term, 0))
        if a + b < min_count:
            continue
        stat = _g2(a, b, n_t, n_r) if measure == "lr" else _chi2(a, b, n_t, n_r)
        sign = 1 if a / max(1, n_t) >= b / max(1, n_r) else -1
        ratio = math.log2((max(a, 0.5) / max(1, n_t)) / (max(b, 0.5) / max(1, n_r)))
        rows.append({"term": term, "target": a, "reference": b, "statistic": sign * stat, "log_ratio": round(ratio, 4),
                     "p": _chi2_sf(stat)})
    out = pd.DataFrame(rows, columns=["term", "target", "reference", "statistic", "log_ratio", "p"])
    out["p_adjusted"] = benjamini_hochberg(out.p)
    out["significant"] = out.p_adjusted < alpha
    out["measure"] = "G2 (log-likelihood)" if measure == "lr" else "chi2 (Yates)"
    return out.sort_values(["statistic", "term"], ascending=[False, True]).reset_index(drop=True)


def reference_tokens(reports: list[str] | list[Path]) -> pd.DataFrame | None:
    """The token tables of other reports, one after another (a keyness reference); ``None`` for no reports."""
    if not reports:
        return None
    return pd.concat([report_tokens(prepare_report(r).structure).tokens for r in reports], ignore_index=True)


def benjamini_hochberg(p: pd.Series) -> pd.Series:
    """Benjamini–Hochberg adjusted p-values (false discovery rate), in the order of ``p``."""
    n = len(p)
    if n == 0:
        return pd.Series([], dtype=float, index=p.index)
    order = p.sort_values(kind="mergesort")
    ranked = order.to_numpy() * n / pd.RangeIndex(1, n + 1).to_numpy()
    adjusted = pd.Series(ranked[::-1]).cummin()[::-1].clip(upper=1.0).to_numpy()
    return pd.Series(adjusted, index=order.index).reindex(p.index)


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
        raise ParameterError("pattern", pattern, "kwic needs a non-empty pattern")
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


def cooccurrence(tokens: pd.DataFrame, terms: list[str] | None = None, by: str = "sentence",
                 window: int | None = None, measure: str = "count", top: int = 15) -> pd.DataFrame:
    """Co-occurrence of terms, as a term × term matrix (quanteda's ``fcm``).

    Two terms co-occur when they are in the same sentence (or paragraph, section, part: ``by``) or,
    with ``window``, when they are at most ``window`` tokens apart in one sentence. ``terms`` defaults to
    the ``top`` most frequent policy terms (dictionary terms) of the report. ``measure``:

    * ``"count"``: the number of units (or, with ``window``, of pairs) where both occur; the diagonal
      holds the number of units containing the term;
    * ``"logdice"``: 14 + log2(2·f_xy / (f_x + f_y)) (Rychlý 2008), at most 14, comparable across corpora;
    * ``"pmi"``: log2(f_xy·N / (f_x·f_y)), with N the number of units (or tokens).

    Pairs that never co-occur are 0 for ``count`` and NaN for the association measures.
    """
    if measure not in {"count", "logdice", "pmi"}:
        raise ParameterError("measure", measure, "must be 'count', 'logdice' or 'pmi'")
    pairs, freq, n = _cooccurrence_counts(tokens, terms, by, window, top)
    return pairs if measure == "count" else _association(pairs, freq, n, measure)


def _cooccurrence_counts(tokens: pd.DataFrame, terms: list[str] | None, by: str, window: int | None,
                         top: int) -> tuple[pd.DataFrame, pd.Series, int]:
    """The counts of :func:`cooccurrence` (``measure="count"``), each term's frequency and N, counted once."""
    if terms is None:
        dictionary = dictionary_terms()
        policy = tokens[tokens.token.isin(dictionary)].token.value_counts()
        terms = sorted(policy.index, key=lambda t: (-int(policy[t]), t))[:top]
    terms = list(terms)
    wanted = set(terms)
    counted: Counter = Counter()
    if window is None:
        found = tokens[tokens.token.isin(wanted)]
        present = found.token.groupby(_unit_ids(found, by)).apply(lambda s: set(s))
        for units in present:
            for a in units:
                for b in units:
                    counted[a, b] += 1
    else:
        if window < 1:
            raise ParameterError("window", window, "must be at least 1")
        sentences: dict = defaultdict(list)  # each sentence's tokens in order (as a groupby, without its cost)
        for sid, token in zip(tokens.sentence_id.tolist(), tokens.token.tolist()):
            if not pd.isna(sid):
                sentences[sid].append(token)
        for toks in sentences.values():
            for i, a in enumerate(toks):
                if a not in wanted:
                    continue
                for b in toks[i + 1 : i + 1 + window]:
                    if b in wanted and b != a:
                        counted[a, b] += 1
                        counted[b, a] += 1
    pairs = pd.DataFrame([[counted.get((a, b), 0) for b in terms] for a in terms], index=terms, columns=terms,
                         dtype=int)
    if window is None:
        freq = pd.Series({t: pairs.loc[t, t] for t in terms}, dtype=float)
        n = max(1, _unit_ids(tokens, by).nunique()) if len(tokens) else 1
    else:
        counts = tokens.token.value_counts()
        freq = pd.Series({t: float(counts.get(t, 0)) for t in terms})
        for t in terms:
            pairs.loc[t, t] = int(freq[t])
        n = max(1, len(tokens))
    return pairs, freq, n


def _association(pairs: pd.DataFrame, freq: pd.Series, n: int, measure: str) -> pd.DataFrame:
    """logDice or PMI of every pair of :func:`_cooccurrence_counts` (NaN on the diagonal and where a pair never occurs)."""
    terms = list(pairs.index)
    out = pd.DataFrame(float("nan"), index=terms, columns=terms)
    for a in terms:
        for b in terms:
            f = pairs.loc[a, b]
            if a == b or f == 0:
                continue
            if measure == "logdice":
                out.loc[a, b] = 14 + math.log2(2 * f / (freq[a] + freq[b]))
            else:
                out.loc[a, b] = math.log2(f * n / (freq[a] * freq[b]))
    return out.round(3)


def cooccurrence_pairs(tokens: pd.DataFrame, terms: list[str] | None = None, by: str = "sentence",
                       window: int | None = None, measure: str = "logdice", top: int = 15) -> pd.DataFrame:
    """The pairs of terms that co-occur, one row each, strongest first: ``term``, ``term2``, ``count``, ``logdice``, ``pmi``.

    The same counts and measures as :func:`cooccurrence` (same ``terms``, ``by``, ``window`` and ``top``), read as
    a list instead of a matrix: a pair that never co-occurs has no row, so no cell is empty or NaN. Rows are
    sorted by ``measure`` (``"count"``, ``"logdice"`` or ``"pmi"``), then by count and the two terms.
    """
    if measure not in {"count", "logdice", "pmi"}:
        raise ParameterError("measure", measure, "must be 'count', 'logdice' or 'pmi'")
    counts, freq, n = _cooccurrence_counts(tokens, terms, by, window, top)  # counted once for the three measures
    logdice = _association(counts, freq, n, "logdice")
    pmi = _association(counts, freq, n, "pmi")
    names = list(counts.index)
    rows = [{"term": a, "term2": b, "count": int(counts.loc[a, b]), "logdice": float(logdice.loc[a, b]),
             "pmi": float(pmi.loc[a, b])}
            for i, a in enumerate(names) for b in names[i + 1:] if counts.loc[a, b] > 0]
    table = pd.DataFrame(rows, columns=["term", "term2", "count", "logdice", "pmi"])
    order = [measure, "count"] if measure != "count" else ["count", "logdice"]
    return table.sort_values([*order, "term", "term2"], ascending=[False, False, True, True], kind="mergesort",
                             ignore_index=True)


def per_10k_chars(count, chars):
    """A keyword rate: ``count`` per 10,000 characters of cleaned text (numbers or Series; no characters counts as one).

    The one rate of a term across reports, used by :func:`keyword_rates` (which the index page and
    :func:`helpers.corpus.term_trends` both build on).
    """
    return count * 10000 / (chars.clip(lower=1) if isinstance(chars, pd.Series) else max(1, chars))


def keyword_rates(tables: dict[str, pd.DataFrame], characters: dict[str, int], n_terms: int = 6,
                  terms: list[str] | None = None) -> pd.DataFrame:
    """Across reports: the ``n_terms`` terms with the highest mean rate, per 10,000 characters of each report.

    ``tables`` maps report names to their term counts (``term``, ``count``: a :func:`keyword_table`, or a report's rows
    of the corpus's keyword counts); ``characters`` to their cleaned length. Rows are reports (sorted by name), columns
    the terms (ties broken by term order of first appearance); ``terms`` gives the columns instead (a term a report
    does not use is 0).
    """
    rates = {name: per_10k_chars(tables[name].set_index("term")["count"], characters[name]) for name in sorted(tables)}
    table = pd.DataFrame(rates).T.fillna(0.0)
    if terms is not None:
        return table.reindex(columns=list(terms), fill_value=0.0)
    top = table.mean().sort_values(ascending=False, kind="mergesort").head(n_terms).index
    return table[top]
