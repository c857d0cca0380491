"""The indicator tables: every quantity of a report as one tidy row, and views of those rows."""
from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from .. import cache
from ..lexicon import DICTIONARY_DIR, INDICATOR_DIR, data_files
from ..structure import Structure
from .periods import Context, paragraph_context, part_context, report_year, sentence_context
from .sentences import analyse_sentence

if TYPE_CHECKING:
    from ..prepare import Prepared

COLUMNS = [
    "indicator", "value", "unit", "value_base", "unit_base", "year", "kind", "measure", "qualifier", "pair_id",
    "part", "section", "paragraph_id", "sentence_id", "sentence",
]
QUANTITY_COLUMNS = COLUMNS + ["role"]


def extract_quantities(structure: Structure, year: int | None = None) -> pd.DataFrame:
    """Every quantity in the report with its ``role``: ``indicator`` or ``threshold``.

    Cached (:mod:`helpers.cache`) by the report's sentences and year and by the extractor's code and data,
    so a notebook finds the table its render already made.
    """
    p = structure.paragraphs
    text = "\n".join([*p.part_title.unique(), *p.section_title.unique(), *p.text])
    year = year or report_year(structure, text)
    key = f"{year}\n" + "\n".join(f"{s.sentence_id}|{s.part}|{s.part_title}|{s.paragraph_id}|{s.text}"
                                   for s in structure.sentences.itertuples(index=False))
    return cache.cached("indicators", key, [], lambda: _extract(structure, year), valid=pd.DataFrame, code=__name__,
                        data=data_files(INDICATOR_DIR, DICTIONARY_DIR)).copy()


def _extract(structure: Structure, year: int) -> pd.DataFrame:
    rows: list[dict[str, object]] = []
    part_ctx: dict[int, Context] = {}
    ctx = carried = opening = Context("actual", year - 1, year - 1)
    current_para = None
    paragraph_text = dict(zip(structure.paragraphs.paragraph_id, structure.paragraphs.text))
    for s in structure.sentences.itertuples(index=False):
        if s.part not in part_ctx:
            part_ctx[s.part] = part_context(s.part_title, year) if s.part > 0 else Context("actual", year - 1, year - 1)
            ctx = carried = part_ctx[s.part]
        if s.paragraph_id != current_para:
            current_para = s.paragraph_id
            ctx = paragraph_context(paragraph_text.get(s.paragraph_id, s.text), year, carried)
            if not (part_ctx[s.part].kind == "target" and ctx.kind == "actual"):
                carried = ctx  # a look back inside a plan (一年来，我们…) is that paragraph's only
            opening = ctx
        else:
            ctx = sentence_context(s.text, year, ctx, opening)  # ……开局之年。过去一年，我们…: from here on
        sentence_ctx = ctx
        if re.search(r"主要预期目标|预期目标是", s.text):
            sentence_ctx = Context("target", year, year) if not ctx.is_period or ctx.kind == "actual" else ctx
        for q in analyse_sentence(s.text, sentence_ctx, year):
            rows.append(
                {
                    "indicator": q.name, "value": _fmt(q.value), "unit": q.unit,
                    "value_base": q.value * q.factor, "unit_base": q.unit_base,
                    "year": q.year, "kind": q.kind, "measure": q.measure, "qualifier": q.qualifier,
                    "pair_id": f"{s.sentence_id}#{q.pair_id}" if q.pair_id else "",
                    "part": s.part, "section": s.section, "paragraph_id": s.paragraph_id,
                    "sentence_id": s.sentence_id, "sentence": s.text, "role": q.role,
                }
            )
    return pd.DataFrame(rows, columns=QUANTITY_COLUMNS)


def _fmt(value: float) -> str:
    return str(int(value)) if value == int(value) else repr(value)


def extract_indicators(structure: Structure, year: int | None = None) -> pd.DataFrame:
    """The report's quantitative indicators, one row each (thresholds left out).

    Columns: ``indicator``, ``value`` and ``unit`` (as written), ``value_base`` and ``unit_base``
    (亿元 → 元 …), ``year`` (``2020`` or a period ``2016-2020``), ``kind`` (``actual``/``target``),
    ``measure``, ``qualifier``, ``pair_id`` (links the two ends of 由…增至…), and the source:
    ``part``, ``section``, ``paragraph_id``, ``sentence_id``, ``sentence``.
    ``year`` defaults to the year the report was delivered in (its date or title).
    """
    q = extract_quantities(structure, year)
    return q[q.role == "indicator"][COLUMNS].reset_index(drop=True)


def indicators_stage(p: Prepared) -> tuple[pd.DataFrame, str]:
    """The command line's ``indicators``: :func:`extract_indicators` of a prepared report (for its year) and a
    summary line."""
    table = extract_indicators(p.structure, year=p.year)
    return table, f"{len(table)} indicators ({(table.kind == 'target').sum()} targets)"


def indicator_targets(indicators: pd.DataFrame, year: int | None = None) -> pd.DataFrame:
    """The targets of the year the report plans for: ``kind == 'target'`` rows of one single year.

    ``year`` is the report's year (``prepared.year``); without it, the single year most targets are set
    for (ties: the later year), so a report cut off before its targets list gives an empty table, not
    a wrong one.
    """
    t = indicators[(indicators.kind == "target") & ~indicators.year.astype(str).str.contains("-")]
    if t.empty:
        return t.reset_index(drop=True)
    if year is None:
        counts = t.year.astype(str).value_counts()
        year = int(max(counts.index, key=lambda y: (counts[y], y)))
    return t[t.year.astype(str) == str(year)].reset_index(drop=True)


def indicator_pairs(indicators: pd.DataFrame) -> pd.DataFrame:
    """``由…增至…`` pairs side by side: indicator, unit, from (year, value), to (year, value)."""
    p = indicators[indicators.pair_id != ""]
    rows = []
    for pair_id, g in p.groupby("pair_id", sort=False):
        if len(g) != 2:
            continue
        a, b = g.iloc[0], g.iloc[1]
        rows.append(
            {"indicator": b.indicator or a.indicator, "unit": b.unit, "from_year": a.year, "from_value": float(a.value),
             "to_year": b.year, "to_value": float(b.value), "kind": b.kind, "pair_id": pair_id}
        )
    return pd.DataFrame(rows, columns=["indicator", "unit", "from_year", "from_value", "to_year", "to_value", "kind", "pair_id"])


