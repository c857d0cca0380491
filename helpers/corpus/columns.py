"""The columns of the corpus tables (manifest, reports, keyword counts, theme shares, indices, indicators)."""
from __future__ import annotations

from ..indicators import COLUMNS as INDICATOR_COLUMNS

MANIFEST_COLUMNS = ["file", "place", "level", "year", "title", "date", "sha256", "source"]
REPORT_COLUMNS = [*MANIFEST_COLUMNS, "inferred_from", "corrected", "chars", "tokens", "keyword_tokens", "indicators",
                  "targets", "text_sha256", "duplicate_of", "warnings", "error"]
KEYWORD_COLUMNS = ["file", "place", "level", "year", "term", "count", "share", "policy_term", "discovered"]
THEME_COLUMNS = ["file", "place", "level", "year", "by", "part", "part_title", "theme", "label", "hits", "share"]
INDEX_COLUMNS = ["file", "index", "count", "per_10k_chars", "token_share", "place", "level", "year"]
CORPUS_INDICATOR_COLUMNS = ["file", "place", "level", "report_year", *INDICATOR_COLUMNS]
#: Indicator columns kept in memory for targets vs results (the sentence only for targets: ranges).
TVR_KEEP = ["file", "indicator", "value", "unit", "value_base", "unit_base", "year", "kind", "measure", "qualifier",
            "sentence_id", "sentence"]


def keyword_schema():
    """The Arrow schema of ``keyword_counts.parquet`` (built on first use: pyarrow is imported lazily)."""
    import pyarrow as pa

    return pa.schema([("file", pa.string()), ("place", pa.string()), ("level", pa.string()), ("year", pa.int64()),
                      ("term", pa.string()), ("count", pa.int64()), ("share", pa.float64()),
                      ("policy_term", pa.bool_()), ("discovered", pa.bool_())])
