"""The extractor's vocabulary: units and context words from ``data/indicators/``, and the quantity pattern."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..lexicon import classifiers, context_words, unit_grammar, unit_names, units

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
        """(base unit, factor, measure) of a unit as written, by the grammar of ``units.yml``.

        ``万亿斤`` → (斤, 1e12, weight); ``万户次`` → (户次, 1e4, count); ``万套（间）`` → (套, 1e4, count);
        ``元/月`` → (元/月, 1, money); a bare ``万`` → ("", 1e4, count).
        """
        if unit in self.units:
            return self.units[unit]
        unit = re.sub(r"（[^（）]*）$", "", unit)
        if "/" in unit:
            head, per = unit.split("/", 1)
            base, factor, measure = self.unit_info(head)
            return f"{base}/{per}", factor, measure
        scales = unit_grammar()["scales"]
        for scale in sorted(scales, key=len, reverse=True):
            if unit.startswith(scale):
                rest = unit[len(scale):]
                if not rest:
                    return "", scales[scale], "count"
                base, factor, measure = self.unit_info(rest)
                return base, factor * scales[scale], measure
        if unit == "年":
            return "年", 1.0, "time"
        return unit, 1.0, "count"


@lru_cache(maxsize=None)
def vocabulary() -> Vocabulary:
    """Units and context words (cached)."""
    unit_re = "|".join(re.escape(u) for u in sorted(unit_names(), key=lambda u: (-len(u), u)))
    return Vocabulary(units=units(), words=context_words(), unit_re=unit_re)


@lru_cache(maxsize=None)
def quantity_re() -> re.Pattern[str]:
    """A number (digits or Chinese with 百/千), an optional range end, 余/多, and a unit (see ``units.yml``).

    Unit forms, tried in this order: a unit or classifier with its scale (``万亿斤``, ``万户次``) and an
    optional alternative in brackets (``套（间）``); a scale, 余/多 and a classifier (``万多名``); a scale
    and a Latin unit (``万P``); a decimal number of years (``11.3年``, filtered in the finder); a bare scale.
    """
    v = vocabulary()
    num = r"\d+(?:,\d{3})*(?:\.\d+)?"
    cn = rf"[{CN_DIGITS}]+"
    scales = "|".join(sorted(unit_grammar()["scales"], key=len, reverse=True))
    cls = "|".join(sorted(classifiers(), key=len, reverse=True))
    return re.compile(
        rf"(?P<num>(?<![A-Za-z0-9.\-_/])(?<!第){num}|(?<![{CN_DIGITS}第]){cn})"
        rf"(?:(?P<dash>[-—–~至到])(?P<num2>{num}))?"
        rf"(?P<mid>余|多)?"
        rf"(?:(?P<unit>(?:{v.unit_re})(?:（(?:{cls})）)?)"
        rf"|(?P<scale>{scales})(?P<mid2>余|多)(?P<cls>{cls})"
        rf"|(?P<lscale>{scales})(?P<latin>[A-Z][A-Za-z]{{0,2}})"
        rf"|(?P<years>年)"
        rf"|(?P<bare>{scales}))"
        rf"(?![A-Za-z])"
    )


def has_any(text: str, words: list[str]) -> bool:
    """True when ``text`` contains one of ``words``."""
    return any(w in text for w in words)
