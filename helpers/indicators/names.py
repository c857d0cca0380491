"""Naming a quantity: the noun phrase before the number in its clause, or after a count.

``全市地区生产总值由2015年的8681亿元增至12370亿元`` names ``地区生产总值``: the clause fragment before
the number is trimmed of verbs, scopes and qualifiers (``data/indicators/context_words.yml``).
A count followed by its noun (``45个重点道桥项目``) is named by what follows it.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..segment import tokenizer
from .vocabulary import FIVE_YEAR_NAMES, quantity_re, vocabulary
from .quantities import Quantity, find_quantities

#: Scopes at the start of a name written with a general pattern: a validity or plan period
#: (有效期内, 规划期内) and a level of government's own budget (市本级, 省本级).
LEADING_SCOPE_RE = re.compile(r"^([\u4e00-\u9fff]{0,3}期内|[省市县区]本级)")


def _strip_words(text: str, words: list[str], leading: bool) -> str:
    changed = True
    while changed and text:
        changed = False
        for w in words:
            if leading and text.startswith(w) and len(text) > len(w):
                text, changed = text[len(w):], True
                break
            if not leading and text.endswith(w):
                text, changed = text[: -len(w)], True
                break
    return text


def clean_name(raw: str) -> str:
    """Trim a clause fragment to an indicator name (``全市地区生产总值由2015年的`` → ``地区生产总值``)."""
    w = vocabulary().words
    text = raw.strip("、，和及与 ")
    text = re.sub(r"(较|比|与|同)((?:19|20)\d{2}年|上年|去年|上年末|[\u4e00-\u9fff]{0,2}目标|全国平均)[^，。；]*$", "", text)
    text = re.sub(r"(由|从)((?:19|20)\d{2}年(底|末)?的?)?[^由从，]{0,5}$", "", text)
    text = re.sub(r"((?:19|20)\d{2}年(底|末)?的?)$", "", text)
    for _ in range(3):
        text = _strip_words(text, w["trailing_verbs"], leading=False).strip("、，和及与的 ")
        text = re.sub(r"连续[0-9一二两三四五六七八九十]+年$", "", text)  # 粮食总产量连续9年稳定在…
        text = re.sub(r"(?<=[\u4e00-\u9fff]{2})(?<![个前这])(近|过去)?[两三四五六七八九十]年(来|间)?$", "", text)  # 居民收入五年增长30%
    if m := re.search(r"(、[^、]{1,12}|[”）])等(?=.)", text):  # 推进闻泰半导体、健适医疗器械等…项目
        text = text[m.end() :]
    text = re.sub(r"^(到|至|在|从|由)?((?:19|20)\d{2}年(底|末)?)[，,]?", "", text)
    text = re.sub(rf"^“?十[{FIVE_YEAR_NAMES}]?五”?(时期|期间|末)?", "", text)
    for _ in range(3):
        text = _strip_words(text, w["scope_prefixes"], leading=True)
        text = _strip_words(text, w["leading_verbs"], leading=True)
        text = LEADING_SCOPE_RE.sub("", text) if len(text) > 4 else text
    if text in w["scope_prefixes"] or text in w["trailing_verbs"]:
        return ""
    if any(text.startswith(c) for c in w["comparisons"]) and len(text) <= 6:  # 高于全国: whose rate?
        return ""
    cuts = [text.rindex(v) + len(v) for v in w["cut_verbs"] if v in text and len(text) - text.rindex(v) - len(v) >= 2]
    if cuts:
        text = text[max(cuts):]
    return text.strip("、，和及与的 ")


@lru_cache(maxsize=None)
def _after_stop() -> re.Pattern[str]:
    """Where the noun phrase after a count ends: punctuation or a word of ``name_stops``."""
    words = "|".join(re.escape(w) for w in vocabulary().words["name_stops"])
    return re.compile(rf"[，。；：！？、]|{words}")


def _verb_starts() -> tuple[str, ...]:
    w = vocabulary().words
    return tuple(v for v in w["trailing_verbs"] + w["level_markers"] + w["pair_markers"] + w["growth_words"] if len(v) >= 2)


def _token_starts(text: str) -> set[int]:
    """Where the words of ``text`` start: a stop word counts only as a word (婴幼儿所在家庭 has no 在)."""
    starts, i = set(), 0
    for w in tokenizer().lcut(text, HMM=False):
        starts.add(i)
        i += len(w)
    return starts


def name_after(sentence: str, q: Quantity, verb_start: bool = False) -> str:
    """The noun phrase right after a quantity (``45个重点道桥项目`` → ``重点道桥项目``), or "".

    Nothing when a conjunction follows (``1052件和市政协提案937件``: another item), nor a verb
    (``从80户增加到810户``) unless ``verb_start`` (a clause that opens with its number names it by its
    predicate: ``2200多万人完成全程接种``). An enumeration comma inside brackets (``县（市、区）``) does
    not end the name.
    """
    rest = sentence[q.end :]
    if (nxt := quantity_re().match(rest)) is not None:  # 10件45项为民办实事项目
        rest = rest[nxt.end() :]
    rest = rest.lstrip("的")
    if rest[:1] in tuple("和及与、，。；：！？,;:!?在到从向于把被将由") or (not verb_start and rest.startswith(_verb_starts())):
        return ""
    if later := find_quantities(rest):
        rest = re.sub(r"[和及与、]$", "", rest[: later[0].start])
    bounds = _token_starts(rest)
    stop = next((m for m in _after_stop().finditer(rest)
                 if not (m.group(0) == "、" and rest[: m.start()].count("（") > rest[: m.start()].count("）"))
                 and (m.start() in bounds or not re.match(r"[\u4e00-\u9fff]", m.group(0)))), None)
    name = rest[: stop.start()] if stop else rest
    if len(name) <= 2:  # a bare head noun (企业) needs its predicate: 企业入选江苏国际知名品牌
        m2 = re.search(r"[，。；：！？]", rest)
        name = rest[: m2.start()] if m2 else rest
    name = name.strip("“”《》 ")
    return "" if re.match(r"[0-9万亿千百]", name) else name  # 万亿元台阶 is a unit, not a name
