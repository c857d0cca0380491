"""The columns of the corpus tables (manifest, reports, keyword counts, theme shares, indices, indicators).

The columns of an analysis's table are its entry's in the registry (:func:`table_columns`); the ones here that
name them (``KEYWORD_COLUMNS`` …) are read from it.
"""
from __future__ import annotations

from ..analyses import REPORT_KEYS, CorpusTable, analysis, corpus_analyses, resolve


def table_columns(table: CorpusTable) -> list[str]:
    """The columns of an analysis's corpus table: the report's ``file, place, level`` and year (named
    ``table.year_column``), then those of its rows (``table.columns``)."""
    return [*REPORT_KEYS[:-1], table.year_column, *resolve(table.columns)]


MANIFEST_COLUMNS = ["file", "place", "level", "year", "title", "date", "sha256", "source"]
#: The numbers of ``reports.csv``: sizes, the ``total`` of each analysis's table (``keyword_tokens``, ``indicators``
#: where they have always been; a new analysis's after them) and the targets set for the report's year.
NUMBER_COLUMNS = ["chars", "tokens", "keyword_tokens", "indicators", "targets"]
NUMBER_COLUMNS[-1:-1] = [a.corpus.total[0] for a in corpus_analyses() if a.corpus.total and a.corpus.total[0] not in NUMBER_COLUMNS]
REPORT_COLUMNS = [*MANIFEST_COLUMNS, "inferred_from", "corrected", *NUMBER_COLUMNS, "text_sha256", "duplicate_of", "warnings",
                  "error"]
KEYWORD_COLUMNS = table_columns(analysis("keywords").corpus)
THEME_COLUMNS = table_columns(analysis("themes").corpus)
INDEX_COLUMNS = ["file", "index", "count", "per_10k_chars", "token_share", "place", "level", "year"]
CORPUS_INDICATOR_COLUMNS = table_columns(analysis("indicators").corpus)
#: Indicator columns kept in memory for targets vs results (the sentence only for targets: ranges).
TVR_KEEP = ["file", "indicator", "value", "unit", "value_base", "unit_base", "year", "kind", "measure", "qualifier",
            "sentence_id", "sentence"]


def keyword_schema():
    """The Arrow schema of ``keyword_counts.parquet`` (built on first use: pyarrow is imported lazily)."""
    import pyarrow as pa

    return pa.schema([("file", pa.string()), ("place", pa.string()), ("level", pa.string()), ("year", pa.int64()),
                      ("term", pa.string()), ("count", pa.int64()), ("share", pa.float64()),
                      ("policy_term", pa.bool_()), ("discovered", pa.bool_())])
