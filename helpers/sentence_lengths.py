"""Sentence lengths: how long a report's sentences are, for the whole report and for each part.

Long sentences are a plain measure of how dense a report's prose is (a county report of lists against a
national report of long clauses). Headings and the closing are left out; a length counts the characters
of the sentence without spaces.

This is the README's example of an analysis added by one module and one registry entry
(:data:`helpers.analyses.ANALYSES`): ``python -m helpers sentence-lengths REPORT -o OUT.csv`` and the
corpus table ``sentence_lengths.csv``.
"""
from __future__ import annotations

import pandas as pd

from .prepare import Prepared
from .structure import Structure

COLUMNS = ["by", "part", "part_title", "sentences", "mean_chars", "median_chars", "p90_chars", "max_chars"]


def sentence_length_table(structure: Structure) -> pd.DataFrame:
    """One row for the report (``by="report"``) and one per part (``by="part"``): the number of sentences and
    their mean, median, 90th-percentile and longest length in characters (spaces not counted)."""
    s = structure.sentences
    s = s[~s.heading.astype(bool) & ~s.closing.astype(bool)]
    lengths = s.text.astype(str).str.replace(r"\s+", "", regex=True).str.len()
    rows = []
    groups = [("report", "", "", lengths)] + [
        ("part", int(part), str(s.part_title[g.index[0]]), g) for part, g in lengths.groupby(s.part, sort=True)]
    for by, part, title, g in groups:
        rows.append({"by": by, "part": part, "part_title": title, "sentences": len(g),
                     "mean_chars": round(float(g.mean()), 2) if len(g) else 0.0,
                     "median_chars": float(g.median()) if len(g) else 0.0,
                     "p90_chars": float(g.quantile(0.9, interpolation="nearest")) if len(g) else 0.0,
                     "max_chars": int(g.max()) if len(g) else 0})
    return pd.DataFrame(rows, columns=COLUMNS)


def sentence_lengths(prepared: Prepared) -> tuple[pd.DataFrame, str]:
    """The command line's ``sentence-lengths``: :func:`sentence_length_table` of a prepared report and a summary line."""
    table = sentence_length_table(prepared.structure)
    whole = table.iloc[0]
    return table, f"{whole.sentences} sentences, mean {whole.mean_chars:g} characters, longest {whole.max_chars}"
