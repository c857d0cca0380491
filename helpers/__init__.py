"""gwr-workbook helpers: load, clean, structure and analyse Chinese government work reports.

One module per stage, named for what it does:

- :mod:`helpers.load` — :func:`load_report` (encodings, clear errors)
- :mod:`helpers.clean` — :func:`clean_text` (named rules with a change log)
- :mod:`helpers.structure` — :func:`parse_structure` (parts, sections, paragraphs, sentences)
- :mod:`helpers.pipeline` — :func:`prepare_report` (the three above, cached)

Command line: ``python -m helpers <stage> REPORT -o OUT`` (``python -m helpers --help``).
"""
from .clean import RULES, clean_text, list_rules
from .errors import ReportError
from .load import Report, load_report
from .pipeline import Prepared, prepare_report
from .structure import Structure, parse_structure, split_sentences

__all__ = [
    "RULES", "Prepared", "Report", "ReportError", "Structure", "clean_text", "list_rules", "load_report",
    "parse_structure", "prepare_report", "split_sentences",
]
