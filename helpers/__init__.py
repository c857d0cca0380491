"""gwr-workbook helpers: load, clean, structure and analyse Chinese government work reports.

One module per stage, named for what it does (as quanteda names its verbs):

- :mod:`helpers.load` — :func:`load_report` (encodings, one clear error per bad file)
- :mod:`helpers.formats` — PDF, Word and saved web pages turned into text for :func:`load_report`
- :mod:`helpers.clean` — :func:`clean_text` (named rules with a change log)
- :mod:`helpers.structure` — :func:`parse_structure` (parts, sections, paragraphs, sentences)
- :mod:`helpers.pipeline` — :func:`prepare_report` (the three above, cached)
- :mod:`helpers.indicators` — :func:`extract_indicators`, :func:`targets_table`, :func:`pairs_table`
- :mod:`helpers.segment` — jieba with the policy dictionary and term discovery
- :mod:`helpers.keywords` — :func:`keyword_table`, :func:`keyness`, :func:`kwic`, :func:`cooccurrence`
- :mod:`helpers.themes` — :func:`load_themes`, :func:`theme_table`, :func:`validate_themes`
- :mod:`helpers.figures` — plotting with Chinese fonts; :mod:`helpers.explore` — widgets
- :mod:`helpers.render` — batch rendering of every notebook

Command line: ``python -m helpers <stage> REPORT -o OUT`` (``python -m helpers --help``).
The analysis functions are imported on first use, so ``import helpers`` stays quick.
"""
from importlib import import_module

from .clean import RULES, clean_text, list_rules
from .errors import ReportError
from .load import Report, load_report
from .pipeline import Prepared, prepare_report
from .structure import Structure, parse_structure, split_sentences

_LAZY = {
    "extract_indicators": "indicators", "extract_quantities": "indicators", "targets_table": "indicators",
    "pairs_table": "indicators", "keyword_table": "keywords", "keyword_table_by": "keywords", "keyness": "keywords",
    "kwic": "keywords", "cooccurrence": "keywords", "report_tokens": "keywords", "load_themes": "themes",
    "theme_table": "themes", "theme_shares": "themes", "validate_themes": "themes",
}

__all__ = [
    "RULES", "Prepared", "Report", "ReportError", "Structure", "clean_text", "list_rules", "load_report",
    "parse_structure", "prepare_report", "split_sentences", *_LAZY,
]


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module 'helpers' has no attribute {name!r}")
