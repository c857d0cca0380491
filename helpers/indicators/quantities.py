"""Finding quantities: every number with a unit in a sentence, with its qualifier (超, 以上, 左右 …).

A *quantity* is a number followed by a unit from ``data/indicators/units.yml``; numbers inside quotation
marks or book titles (“惠企20条”, 《…》), ordinals (第14年), numbers glued to Latin letters (5G, S1线,
PM2.5) and years are not quantities. Small Chinese numerals (两条, 八个方面) are formula counts, not
quantities; Chinese numerals with 百/千 are.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import cn2an

from .vocabulary import CN_DIGITS, quantity_re, vocabulary


@dataclass
class Quantity:
    """One number with its unit in a sentence."""

    start: int
    end: int
    value: float
    value_text: str
    unit: str
    qualifier: str = ""
    role: str = "indicator"
    name: str = ""
    year: str = ""
    kind: str = ""
    measure: str = ""
    pair_id: str = ""
    level: bool = False
    unit_base: str = ""
    factor: float = 1.0


def _quoted_spans(sentence: str) -> list[tuple[int, int]]:
    spans = []
    for open_, close in (("“", "”"), ("《", "》"), ("\"", "\""), ("「", "」")):
        for m in re.finditer(rf"{re.escape(open_)}[^{re.escape(close)}]*{re.escape(close)}", sentence):
            spans.append((m.start(), m.end()))
    return spans


def _to_number(text: str) -> float | None:
    text = text.replace(",", "")
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return float(text)
    if not re.search("[百千]", text):
        return None  # small Chinese numerals (两条, 八个方面) are formula counts, not indicators
    try:
        return float(cn2an.cn2an(text, "smart"))
    except (ValueError, KeyError):
        return None


def find_quantities(sentence: str) -> list[Quantity]:
    """Every number-with-unit in ``sentence``, with its qualifier; ranges give both ends."""
    quoted = _quoted_spans(sentence)
    words = vocabulary().words
    out: list[Quantity] = []
    skip_until = -1
    for m in quantity_re().finditer(sentence):
        if m.start() < skip_until or any(a <= m.start() < b for a, b in quoted):
            continue
        unit = m.group("unit")
        num_text = m.group("num")
        value = _to_number(num_text)
        if value is None:
            if unit[0] in "万亿" and re.fullmatch(rf"[{CN_DIGITS}]+", num_text) and len(num_text) <= 2:
                try:
                    value = float(cn2an.cn2an(num_text, "smart"))
                except (ValueError, KeyError):
                    continue
            else:
                continue
        before = sentence[max(0, m.start() - 3) : m.start()]
        after = sentence[m.end() : m.end() + 3]
        qualifier = next((q for q in words["qualifiers_before"] if before.endswith(q)), "")
        if m.group("mid"):
            qualifier = "余" if m.group("mid") == "余" else "多"
        post = next((q for q in words["qualifiers_after"] if after.startswith(q)), "")
        if post and not qualifier:
            qualifier = post
        end = m.end() + len(post)
        if m.group("num2"):
            # 6%-7% is written "6-7%" or "6%-7%": both ends, the first with the shared unit
            first = Quantity(m.start(), m.start() + len(num_text), value, num_text, unit, qualifier)
            second_text = m.group("num2")
            out.append(first)
            out.append(Quantity(m.start("num2"), end, float(second_text.replace(",", "")), second_text, unit, qualifier))
            continue
        if r := re.match(rf"[-—–~至到](\d+(?:\.\d+)?){re.escape(unit)}", sentence[m.end() :]):
            # "6%-7%": a quantity, a dash and another of the same unit is a range: both ends
            out.append(Quantity(m.start(), m.end(), value, num_text, unit, qualifier))
            second_end = m.end() + r.end()
            post = next((q for q in words["qualifiers_after"] if sentence[second_end:].startswith(q)), "")
            out.append(Quantity(m.end() + 1, second_end + len(post), float(r.group(1)), r.group(1), unit, qualifier or post))
            skip_until = second_end
            continue
        out.append(Quantity(m.start(), end, value, num_text, unit, qualifier))
    return out
