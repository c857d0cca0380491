"""Quantitative indicators: every measured quantity in a report as one tidy, audited row.

:func:`extract_indicators` reads the structured report sentence by sentence and returns a table
with, for each quantity, the indicator's name, the value and unit as written, the value in its
base unit, the year or period it refers to, whether it is an ``actual`` (reviewed) or a
``target`` (planned) value, what kind of measure it is, the qualifier as written (超, 以上, 近 …),
and where it came from (part, section, paragraph, sentence).

The rules are general, not tuned to one report, and live in small modules:

* :mod:`.vocabulary` — units and context words from ``data/indicators/``, the quantity pattern;
* :mod:`.quantities` — finding numbers with units and their qualifiers;
* :mod:`.names` — naming a quantity from the words around it;
* :mod:`.periods` — the year and kind of a part or paragraph (回顾 looks back, 主要工作 ahead);
* :mod:`.sentences` — one sentence: names, measures, levels, years, 由…增至… pairs, 分别 lists;
* :mod:`.tables` — the report's tables: :func:`extract_indicators`, :func:`extract_quantities`,
  :func:`indicator_targets`, :func:`indicator_pairs`.
"""
from .periods import Context, five_year_plan, paragraph_context, part_context, report_year
from .quantities import Quantity, find_quantities
from .names import clean_name
from .tables import (
    COLUMNS, QUANTITY_COLUMNS, extract_indicators, extract_quantities, indicator_pairs, indicator_targets,
)
from .vocabulary import vocabulary

__all__ = [
    "COLUMNS", "QUANTITY_COLUMNS", "Context", "Quantity", "clean_name", "extract_indicators", "extract_quantities",
    "find_quantities", "five_year_plan", "indicator_pairs", "indicator_targets", "paragraph_context",
    "part_context", "report_year", "vocabulary",
]
