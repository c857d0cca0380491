"""Finding quantities: every number with a unit in a sentence, with its qualifier (超, 以上, 左右 …).

A *quantity* is a number followed by a unit from ``data/indicators/units.yml``; numbers inside quotation
marks or book titles (“惠企20条”, 《…》), ordinals (第14年), numbers glued to Latin letters (5G, S1线,
PM2.5) and years are not quantities. Small Chinese numerals (两条, 八个方面) are formula counts, not
quantities; Chinese numerals with 百/千 are.
"""
from __future__ import annotations

import re
from dataclasses import dataclass


from ..lexicon import unit_grammar
from ..segment import tokenizer
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
    span: tuple[int, int] = (0, 0)  # the years the value's time covers (first, last), set with ``year``


def _quoted_spans(sentence: str) -> list[tuple[int, int]]:
    spans = []
    for open_, close in (("“", "”"), ("《", "》"), ("\"", "\""), ("「", "」")):
        for m in re.finditer(rf"{re.escape(open_)}[^{re.escape(close)}]*{re.escape(close)}", sentence):
            spans.append((m.start(), m.end()))
    return spans


def _to_number(text: str) -> float | None:
    text = text.replace(",", "")
    if text in ("百", "千"):  # 突破千列: a round hundred or thousand
        return 100.0 if text == "百" else 1000.0
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return float(text)
    if not re.search("[百千]", text):
        return None  # small Chinese numerals (两条, 八个方面) are formula counts, not indicators
    import cn2an  # on first use: importing it takes 0.2 s

    try:
        return float(cn2an.cn2an(text, "smart"))
    except (ValueError, KeyError):
        return None


def _glued(sentence: str, i: int) -> bool:
    """True when the classifier at ``i`` is the first character of a word (``台阶``, ``个体``), not a classifier."""
    first = tokenizer().lcut(sentence[i : i + 4], HMM=False)[0]
    return len(first) > 1


def _counted_noun(rest: str) -> str:
    """人 or 户 when a people or household noun follows a bare scale (``60万无电地区人口``), else ""."""
    g = unit_grammar()
    for suffix, nouns in (("人", g["people_nouns"]), ("户", g["household_nouns"])):
        if re.match(rf"[\u4e00-\u9fff“”]{{0,8}}?(?:{'|'.join(map(re.escape, nouns))})", rest):
            return suffix
    return ""


def _unit(m: re.Match[str], sentence: str) -> tuple[str, int, str] | None:
    """The unit of a match as written, where it ends, and a qualifier found inside it (万多名); None to skip."""
    if m.group("years"):
        return ("年", m.end(), "") if "." in m.group("num") else None
    if m.group("cls"):
        return m.group("scale") + m.group("cls"), m.end(), m.group("mid2")
    if m.group("latin"):
        return m.group("lscale") + m.group("latin"), m.end(), ""
    unit = m.group("unit") or m.group("bare")
    scales = unit_grammar()["scales"]
    scale = next((s for s in sorted(scales, key=len, reverse=True) if unit.startswith(s)), "")
    rest = unit[len(scale):]
    start = m.start("unit") if m.group("unit") else m.start("bare")
    if scale and len(rest) == 1 and unit not in vocabulary().units and _glued(sentence, start + len(scale)):
        unit, rest = scale, ""  # 1200亿台阶, 900多万个体工商户: the scale alone, before a noun
    if scale and not rest:
        end = start + len(scale)
        return unit + _counted_noun(sentence[end:]), end, ""
    return unit, m.end(), ""


def find_quantities(sentence: str) -> list[Quantity]:
    """Every number-with-unit in ``sentence``, with its qualifier; ranges give both ends."""
    quoted = _quoted_spans(sentence)
    words = vocabulary().words
    out: list[Quantity] = []
    skip_until = -1
    for m in quantity_re().finditer(sentence):
        if m.start() < skip_until or any(a <= m.start() < b for a, b in quoted):
            continue
        found = _unit(m, sentence)
        if found is None:
            continue
        unit, unit_end, inner = found
        num_text = m.group("num")
        if num_text in ("百", "千") and not _IMPLICIT_RE.search(sentence[max(0, m.start() - 2) : m.start()] + "万"):
            continue  # a round 百/千 counts only after a verb of reaching (突破千列), not in 千亿级 or 千人计划
        value = _to_number(num_text)
        if value is None:
            if unit[0] in "万亿" and re.fullmatch(rf"[{CN_DIGITS}]+", num_text) and len(num_text) <= 2:
                import cn2an

                try:
                    value = float(cn2an.cn2an(num_text, "smart"))
                except (ValueError, KeyError):
                    continue
            else:
                continue
        before = sentence[max(0, m.start() - 3) : m.start()]
        after = sentence[unit_end : unit_end + 3]
        qualifier = next((q for q in words["qualifiers_before"] if before.endswith(q)), "")
        if m.group("mid") or inner:
            qualifier = m.group("mid") or inner
        post = next((q for q in words["qualifiers_after"] if after.startswith(q)), "")
        if post and not qualifier:
            qualifier = post
        end = unit_end + len(post)
        if m.group("num2"):
            # 6%-7% is written "6-7%" or "6%-7%": both ends, the first with the shared unit
            first = Quantity(m.start(), m.start() + len(num_text), value, num_text, unit, qualifier)
            second_text = m.group("num2")
            out.append(first)
            out.append(Quantity(m.start("num2"), end, float(second_text.replace(",", "")), second_text, unit, qualifier))
            continue
        if r := re.match(rf"[-—–~至到](\d+(?:\.\d+)?){re.escape(unit)}", sentence[unit_end:]):
            # "6%-7%": a quantity, a dash and another of the same unit is a range: both ends
            out.append(Quantity(m.start(), unit_end, value, num_text, unit, qualifier))
            second_end = unit_end + r.end()
            post = next((q for q in words["qualifiers_after"] if sentence[second_end:].startswith(q)), "")
            out.append(Quantity(unit_end + 1, second_end + len(post), float(r.group(1)), r.group(1), unit, qualifier or post))
            skip_until = second_end
            continue
        out.append(Quantity(m.start(), end, value, num_text, unit, qualifier))
    out.extend(_implicit_ones(sentence, out, quoted))
    return sorted(out, key=lambda q: q.start)


_IMPLICIT_RE = re.compile(r"(?P<verb>突破|超过|达到|跨上|迈上|站上|跃上|超|达|逾)(?P<scale>万亿|亿|万)")


def _implicit_ones(sentence: str, found: list[Quantity], quoted: list[tuple[int, int]]) -> list[Quantity]:
    """A scale with no number after a verb of reaching: ``进出口总额突破万亿元`` is 1 万亿元 (qualifier 突破)."""
    out = []
    for m in _IMPLICIT_RE.finditer(sentence):
        start = m.start("scale")
        if any(q.start <= start < q.end for q in found) or any(a <= start < b for a, b in quoted):
            continue
        text = "1" + sentence[start:]
        match = quantity_re().match(text)
        if match is None or match.group("num2") or (found_unit := _unit(match, text)) is None:
            continue
        unit, unit_end, _ = found_unit
        out.append(Quantity(start, start + unit_end - 1, 1.0, "1", unit, m.group("verb")))
    return out
