"""Sentences about this report, computed from its own tables: the years, periods and counts it has.

A notebook's text is written once for every report; where it would name a year or a count, it shows
one of these instead, so that a page about the 2016 national report never speaks of the sample's
2016-2020 and 2021.
"""
from __future__ import annotations

import pandas as pd

from .figures import pairs_period


def _markdown(text: str):
    try:
        from IPython.display import Markdown
    except ImportError:
        return text
    return Markdown(text)


def _period_words(kind: str, year: str) -> str:
    if "-" in year:
        a, b = year.split("-", 1)
        span = int(b) - int(a) + 1 if a.isdigit() and b.isdigit() else None
        length = f"{span}-year " if span else ""
        return f"a total or change over the {length}period {a}–{b}"
    if kind == "target":
        return f"a target for {year}"
    return f"a value reached in {year}" if year else "no year found"


def describe_periods(indicators: pd.DataFrame):
    """How this report's indicators spread over kinds and years, in words (Markdown in Jupyter)."""
    if indicators.empty:
        return _markdown("This report has no quantitative indicators.")
    counts = indicators.groupby(["kind", "year"], sort=True).size()
    lines = [f"- `{year or '—'}` ({kind}, {n} rows): {_period_words(kind, str(year))}" for (kind, year), n in counts.items()]
    kinds = indicators.kind.value_counts().sort_index()
    head = f"This report has **{len(indicators)} indicators**: " + ", ".join(f"{n} {k}" for k, n in kinds.items()) + "."
    return _markdown(head + "\n\n" + "\n".join(lines))


def describe_targets(targets: pd.DataFrame):
    """How many targets this report sets, for which year, and by measure (Markdown in Jupyter)."""
    if targets.empty:
        return _markdown("This report sets no quantitative targets.")
    years = ", ".join(sorted({str(y) for y in targets.year if str(y)})) or "no stated year"
    measures = targets.measure.value_counts()
    by = ", ".join(f"{n} {m}" for m, n in sorted(measures.items(), key=lambda kv: (-kv[1], kv[0])))
    return _markdown(f"**{len(targets)} targets** for {years}: {by}. The figure shows growth rates, shares and "
                     "every other measure (by unit) on separate axes.")


def describe_pairs(pairs: pd.DataFrame):
    """Which period this report's from → to pairs cover (Markdown in Jupyter)."""
    if pairs.empty:
        return _markdown("This report has no from → to pairs (`由…增至…`).")
    n = pairs.pair_id.nunique() if "pair_id" in pairs else len(pairs)
    return _markdown(f"**{n} pairs**, covering {pairs_period(pairs) or 'no stated period'}.")
