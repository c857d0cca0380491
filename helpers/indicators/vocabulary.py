"""The extractor's vocabulary: units and context words from ``data/indicators/``, and the quantity pattern."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..lexicon import context_words, unit_names, units

CLAUSE_BREAK = "，。；：！？,;:!?"
YEAR_RE = re.compile(r"(?<![0-9])((?:19|20)\d{2})年")
CN_DIGITS = "零一二两三四五六七八九十百千"
FIVE_YEAR_NAMES = "一二三四五六七八九十"


@dataclass(frozen=True)
class Vocabulary:
    """Units and context words, read from ``data/indicators/``."""

    units: dict[str, tuple[str, float, str]]
    words: dict[str, list[str]]
    unit_re: str

    def unit_info(self, unit: str) -> tuple[str, float, str]:
        """(base unit, factor, measure) of a unit as written; 万/亿 before a classifier scale it."""
        if unit in self.units:
            return self.units[unit]
        factor = {"万": 1e4, "亿": 1e8}.get(unit[0], 1.0) if len(unit) > 1 else 1.0
        base = unit[1:] if factor != 1.0 else unit
        return base, factor, "count"


@lru_cache(maxsize=None)
def vocabulary() -> Vocabulary:
    """Units and context words (cached)."""
    unit_re = "|".join(re.escape(u) for u in sorted(unit_names(), key=lambda u: (-len(u), u)))
    return Vocabulary(units=units(), words=context_words(), unit_re=unit_re)


@lru_cache(maxsize=None)
def quantity_re() -> re.Pattern[str]:
    """A number (digits or Chinese with 百/千), an optional range end, 余/多, and a unit."""
    v = vocabulary()
    num = r"\d+(?:,\d{3})*(?:\.\d+)?"
    cn = rf"[{CN_DIGITS}]+"
    return re.compile(
        rf"(?P<num>(?<![A-Za-z0-9.\-_/])(?<!第){num}|(?<![{CN_DIGITS}第]){cn})"
        rf"(?:(?P<dash>[-—–~至到])(?P<num2>{num}))?"
        rf"(?P<mid>余|多)?(?P<unit>{v.unit_re})"
        rf"(?![A-Za-z])"
    )


def has_any(text: str, words: list[str]) -> bool:
    """True when ``text`` contains one of ``words``."""
    return any(w in text for w in words)
