"""One sentence at a time: name each quantity, tell its measure, year and kind, link pairs and 分别 lists.

:func:`analyse_sentence` runs the steps in order; each step is a small function:

* :func:`name_quantity` — the indicator's name (before the number, or after a count);
* :func:`classify_measure` — growth rate, share, change, multiple, count or level;
* :func:`is_level` — a level reached at the end of the period (``升至``, ``总数``) or a total over it;
* :func:`assign_years` — the year or period, from the sentence's time words or the context;
* :func:`link_pairs` — ``由A增至B``: two linked rows, the base year and the end year;
* :func:`assign_respectively` — ``A、B分别增长X、Y``: each value gets its own name.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from ..segment import tokenizer
from .names import clean_name, name_after
from .periods import Context, sentence_time
from .quantities import Quantity, find_quantities
from .vocabulary import CLAUSE_BREAK, has_any, vocabulary

if TYPE_CHECKING:
    import jieba.posseg

#: The start of a from→to pair: 由/从, a year, and a few words of measure (由每人每年120元提高到200元).
FROM_RE = re.compile(r"(由|从)((?:19|20)\d{2}年(底|末)?的?)?[^，。；、由从\d]{0,6}$")


def clause_start(sentence: str, pos: int) -> int:
    """Where the clause holding position ``pos`` starts (after the last ，。；： before it)."""
    i = pos
    while i > 0 and sentence[i - 1] not in CLAUSE_BREAK:
        i -= 1
    return i


def is_threshold(sentence: str, q: Quantity, measure: str) -> bool:
    """A money amount heading a category name (``10亿元以上产业项目``) is a threshold."""
    if measure != "money":
        return False
    after = sentence[q.end :]
    after = after[2:] if after.startswith(("以上", "以下")) else after
    return any(after.startswith(h) for h in vocabulary().words["threshold_heads"])


def is_verbal(name: str) -> bool:
    """True when ``name`` is only verbs, adverbs and function words (``筹措``, ``同时发行``): no noun to name by."""
    flags = [w.flag for w in _pos().lcut(name, HMM=False)]
    return bool(flags) and all(f[0] in "vadpcuDr" and f not in ("vn", "an") for f in flags)


@lru_cache(maxsize=1)
def _pos() -> jieba.posseg.POSTokenizer:
    """jieba's part-of-speech tagger on the project's tokenizer, imported on first use (the import reads jieba's
    tag dictionary: 0.3 s, which a render's processes, finding the indicators in the cache, do not need)."""
    import jieba.posseg

    return jieba.posseg.POSTokenizer(tokenizer())


def _up_to_verb(name: str) -> str:
    """A noun phrase ends at its first verb: ``中央财政资金纳入直达机制`` → ``中央财政资金`` (a leading verb stays)."""
    length = 0
    for w in _pos().lcut(name, HMM=False):
        if w.flag.startswith("v") and w.flag != "vn" and length >= 2:
            return name[:length]
        length += len(w.word)
    return name


def name_quantity(sentence: str, qs: list[Quantity], i: int, segment: str, measure: str, last_name: str) -> tuple[str, int]:
    """The name of quantity ``qs[i]`` and where its name ends (after a noun that follows the number).

    ``segment`` is the clause text before the number. The name is the noun phrase before the number;
    a count followed by its noun (``45个重点道桥项目``) is named by what follows, and so is any number
    whose clause has no noun before it (``将2.8万亿元中央财政资金纳入…``, ``2200多万人完成全程接种``);
    a clause without any name inherits ``last_name`` (``同比增长71%``).
    """
    q = qs[i]
    consumed = q.end
    follows_noun = measure == "count" and re.match(r"[\u4e00-\u9fff“]", sentence[q.end : q.end + 1] or "x")
    before = re.sub(r"^[、，和及与]+", "", segment)
    name = clean_name(before)
    if i + 1 < len(qs) and qs[i + 1].start == q.end and measure == "count":
        name = name_after(sentence, q)  # 10件45项为民办实事项目: both name what follows
    elif follows_noun:
        after_name = name_after(sentence, q)
        if len(after_name) >= 2:
            # a bare head noun keeps the modifier written before the number: 实施稳经济30项举措 → 稳经济举措
            name = name + after_name if len(after_name) == 2 and is_modifier(name) else after_name
            consumed = q.end + len(after_name)
    elif (share := share_of_what(sentence, q, measure, name)):
        name = share  # 90%的县医院达到三级医院服务能力水平: the share of those that do what the clause says
        consumed = q.end + 1 + len(share)
    elif (not name or is_verbal(name)) and re.match(r"[\u4e00-\u9fff“]", sentence[q.end : q.end + 1] or "x"):
        clause_opens = not before.strip("、，和及与 ")  # 2200多万人完成全程接种: named by the predicate
        after_name = name_after(sentence, q, verb_start=clause_opens)
        after_name = after_name if clause_opens else _up_to_verb(after_name)
        if clause_opens and len(after_name) == 2:  # 1334万人参保: whose 参保? the previous clause's topic
            after_name = clause_subject(sentence, clause_start(sentence, q.start), numbers=True) + after_name
        if len(after_name) >= 2:
            name = after_name
            consumed = q.end + len(after_name)
    start = clause_start(sentence, q.start)
    parallel = start > 0 and find_quantities(sentence[clause_start(sentence, start - 1) : start])
    if (len(name) >= 2 and name == clean_name(before) and is_verbal(name) and not re.search("[由从]", before)
            and not name.startswith("连续") and parallel):
        # 全年城镇保障性住房基本建成432万套，新开工建设1043万套: a parallel clause's subject was built
        subject = clause_subject(sentence, start, numbers=True)
        name = subject + re.sub(rf"({'|'.join(vocabulary().words['qualifiers_before'])})$", "", before) if subject else name
    if name in vocabulary().words["level_nouns"] and last_name:  # 新增上市公司62家，总数186家
        name = last_name + name
    if len(name) < 2:
        name = last_name or clause_subject(sentence, clause_start(sentence, q.start))
    return name, consumed


def is_modifier(name: str) -> bool:
    """A short noun modifier (``稳经济``, ``民营经济``): at most five characters, no verb but a verbal noun."""
    flags = [w.flag for w in _pos().lcut(name, HMM=False)]
    return 2 <= len(name) <= 5 and bool(flags) and not any(f.startswith(("v", "p", "d", "m", "t")) and f != "vn" for f in flags)


def share_of_what(sentence: str, q: Quantity, measure: str, name: str) -> str:
    """``90%的县医院达到三级医院服务能力水平``: a percentage of a group, written before the group and what it does,
    is named by the rest of its clause (when nothing names it before the number)."""
    if measure != "percent" or sentence[q.end : q.end + 1] != "的" or (name and not is_verbal(name)):
        return ""
    rest = re.split(r"[，。；：！？]", sentence[q.end + 1 :], maxsplit=1)[0]
    target = re.match(r"(预期|年度|年初|全年)?目标", rest)  # 低于13%左右的预期目标: the indicator's own target
    return rest if 4 <= len(rest) <= 24 and not find_quantities(rest) and not target else ""


_NOUNISH = ("n", "vn", "j", "b", "l", "an", "f", "s", "x")


def _noun_run(words: list) -> str:
    """The words from the start that form a noun phrase: nouns, verbal nouns, attributes, abbreviations,
    an ordinal word (首届), and a verb between two nouns (企业/退休/人员: jieba tags 退休 a verb)."""
    run: list[str] = []
    for i, w in enumerate(words):
        nounish = w.flag.startswith(_NOUNISH) or w.word in "“”" or (w.flag == "m" and not re.search(r"\d", w.word))
        inner_verb = (w.flag.startswith("v") and len(w.word) >= 2 and run and i + 1 < len(words)
                      and words[i + 1].flag.startswith(_NOUNISH))
        if not (nounish or inner_verb):
            break
        run.append(w.word)
    return "".join(run)


def clause_subject(sentence: str, end: int, numbers: bool = False) -> str:
    """The noun phrase a clause without a name refers to: the subject of the clause before ``end``
    (``地区生产总值连跨两个万亿元台阶，年均增长5.7%``), else the object of its first verb
    (``提高企业退休人员基本养老金，全年人均增加1680元``). A clause with numbers of its own only counts
    when ``numbers`` is set."""
    if end <= 0:
        return ""
    previous = sentence[clause_start(sentence, end - 1) : end - 1]
    if not numbers and find_quantities(previous):
        return ""  # a clause with its own numbers names them, not this one
    words = _pos().lcut(previous, HMM=False)
    subject = _noun_run(words)
    if len(subject) < 2:
        first_verb = next((i for i, w in enumerate(words) if w.flag[0] == "v" and w.flag != "vn"), None)
        subject = _noun_run(words[first_verb + 1 :]) if first_verb is not None else ""
    subject = clean_name(subject)
    return subject if 2 <= len(subject) <= 20 else ""


def classify_measure(measure: str, name: str, tail: str) -> str:
    """The kind of measure from the unit's measure, the name and the words between them (``tail``)."""
    w = vocabulary().words
    at_level = any(tail.endswith(m) for m in w["level_markers"])
    growth = has_any(tail, w["growth_words"]) and not at_level
    if measure == "percent":
        return "growth rate" if growth or name.endswith(("涨幅", "增速", "增幅", "降幅")) else "share"
    if measure == "points":
        return "change"
    if measure in ("multiple", "count"):
        return measure
    return "change" if growth else "level"


def is_steady(segment: str) -> bool:
    """A value held through the period (``稳定在``, ``连年``, ``每年``: ``steady_markers``), not reached at its end."""
    w = vocabulary().words
    stripped = re.sub(rf"({'|'.join(w['qualifiers_before'])})$", "", segment)
    steady = w["steady_markers"]
    return any(stripped.endswith(m) for m in steady) or has_any(segment, [m for m in steady if not m.endswith("在")])


def is_share_level(sentence: str, q: Quantity, segment: str) -> bool:
    """A share (``可再生能源装机占比超过55%``) is a level at the end of a period; not a share of an amount written just
    before it (``民生支出超4155亿元，占一般公共预算支出79.2%``: of the period's total), nor one held through the
    period (``稳定在``), nor a rate of change (``年均增长5%—5.5%``)."""
    clause = sentence[clause_start(sentence, q.start) : q.start]
    return (q.measure == "share" and not clause.startswith("占") and not is_steady(segment)
            and not has_any(clause, vocabulary().words["growth_words"]))


def is_level(segment: str, name: str, tail: str, amount: bool = False) -> bool:
    """A level reached at the end of the period (``升至59.5%``, ``…总数``) rather than a total over it; never a value
    held through the period (:func:`is_steady`). An ``amount`` (not a rate) named as a year's amount (``营收``,
    ``产值``: ``annual_nouns``) is the level of the period's last year."""
    w = vocabulary().words
    growth = has_any(tail, w["growth_words"]) and not any(tail.endswith(m) for m in w["level_markers"])
    qualifiers = "|".join(w["qualifiers_before"])
    stripped = re.sub(rf"({qualifiers})$", "", segment)
    if is_steady(segment):
        return False  # 稳定在800亿斤以上, 每年都保持在: held through the period
    if re.search(r"[两三四五六七八九十]年(来|间)?(累计|合计)", segment):
        return False  # 实际使用外资五年累计达到1030亿美元: a sum over the years (累计达到891家 alone is a stock)
    annual = amount and any(name.endswith(n) for n in w["annual_nouns"]) and not re.search(r"累计|合计|[五两三]年", segment)
    return (
        any(stripped.endswith(m) or segment.endswith(m) for m in w["level_markers"])
        or any(name.endswith(n) for n in w["level_nouns"] + w["annual_nouns"] * annual) and not growth
    )


def assign_years(sentence: str, qs: list[Quantity], ctx: Context, year: int) -> None:
    """Year and kind of each quantity: the sentence's last time word before it (:func:`.periods.sentence_time`:
    ``去年``, ``今年``, ``2025年``, ``“十四五”时期``, ``近三年``), else the paragraph's context.

    Over a period, a level (``升至``, ``总数``) or a value at an end point (``去年底``) takes the period's last year.
    """
    for q in qs:
        clause = sentence[clause_start(sentence, q.start) : q.start]
        if ctx.kind == "target" and re.search(r"(目前|现有|已经|截至|截止|已(达|有|设|建成|开工|超|突破))[^，。；]*$", clause):
            q.kind, q.year, q.span = "actual", str(year - 1), (year - 1, year - 1)  # a fact already reached, in a plan
            continue
        c, end_point = sentence_time(sentence[: q.start], year, ctx) or (ctx, False)
        q.kind = c.kind
        q.year = str(c.end) if c.is_period and (q.level or end_point) else c.label()
        q.span = (c.start, c.end)
        if re.match(r"(左右|以上|以内)?的(预期|年度|年初|全年)?目标", sentence[q.end :]):
            q.kind = "target"  # 广义货币M2增长11.3%，低于13%左右的预期目标: the year's target, quoted in a review


#: A base year written before the first value of a pair: ``由2015年的``, ``从2007年底的``, ``由去年的``.
_PAIR_BASE = re.compile(r"(?:((?:19|20)\d{2})年|(去年|上年))(底|末)?的?$")


def link_pairs(sentence: str, qs: list[Quantity], year: int) -> None:
    """``由A增至B`` (or ``25家…整合至20家``): link A and B, A at the base year (actual), B at the end year.

    B's year is the end of its own time (:func:`assign_years`: ``降到去年的1.5%`` is last year's); A's is the year
    written before it, else the year before B's time began (and never later than last year).
    """
    markers = vocabulary().words["pair_markers"]
    pair_n = 0
    for a, b in zip(qs, qs[1:]):
        between = sentence[a.end : b.start]
        between_core = re.sub(r"((?:19|20)\d{2}年|去年|上年|现在|目前)(底|末)?的$", "", between)
        between_core = re.sub(rf"({'|'.join(vocabulary().words['qualifiers_before'])})$", "", between_core)  # 增加到近3000
        if re.search("[，。；、]", between) or not any(between_core.endswith(m) for m in markers) or a.unit_base != b.unit_base:
            continue
        head = sentence[clause_start(sentence, a.start) : a.start]
        from_marker = FROM_RE.search(head)
        if from_marker or name_after(sentence, a):
            pair_n += 1
            a.pair_id = b.pair_id = f"{pair_n}"
            b.name = a.name = a.name or b.name
            if not from_marker and len(between) > 4:
                a.name = b.name = clean_name(between_core) or a.name
            base = _PAIR_BASE.search(head)
            written = from_marker and re.match(r"(?:19|20)\d{2}", from_marker.group(2) or "")  # 从2004年人均每月700元
            a.year = ((base.group(1) or str(year - 1)) if base else written.group() if written
                      else str(min(b.span[0] - 1, year - 1)))
            a.kind = "actual"  # the base of a change is a value already reached, even in a plan
            b.year = str(b.span[1])


def assign_respectively(sentence: str, qs: list[Quantity]) -> None:
    """``A、B分别增长X、Y``: when the names before 分别 match the values after it one to one, each gets its own.

    Every 分别 of the sentence counts (``货物和集装箱吞吐量分别增长4%、11.3%，…，机场旅客和国际货邮吞吐量分别增长…``).
    When the clause of 分别 names fewer items than it has values, the previous clause may list them
    (``清理规范节庆、论坛、展会，数量分别压减75%、95%、73%``).
    """
    for found in re.finditer("分别", sentence):
        idx = found.start()
        stop = re.search(r"[，。；]", sentence[idx:])
        limit = idx + stop.start() if stop else len(sentence)
        group = [q for q in qs if idx < q.start < limit and q.role == "indicator"]
        if len(group) < 2:
            continue
        start = clause_start(sentence, idx)
        names = _listed_names(sentence[start:idx])
        if len(names) != len(group) and all(len(n) <= 2 for n in names) and start > 0:  # 数量分别…: no names here
            previous = sentence[clause_start(sentence, start - 1) : start - 1]
            listed = _listed_names(previous) if not find_quantities(previous) else []
            names = [n[-6:] if len(n) > 6 else n for n in listed]  # 清理规范节庆 → its last words
            names = [clean_name(n) for n in names]
        if len(names) == len(group) and all(names):
            for q, n in zip(group, share_head(names)):
                q.name, q.measure = n, group[0].measure


def _listed_names(clause: str) -> list[str]:
    clause = re.sub(r"(较|比|由|从)((?:19|20)\d{2}年|上年)?$", "", clause)
    names = [clean_name(n) for n in re.split(r"[、和及与]", clause) if n.strip()]
    return [n for n in names if n]


def share_head(names: list[str]) -> list[str]:
    """Give short modifiers the head noun of the last name: ``城镇、农村常住居民人均可支配收入`` →
    ``城镇常住居民人均可支配收入``, ``原煤、原油、天然气产量`` → ``原煤产量`` … (a modifier is a Chinese name no
    longer than the last name's first word, plus one character). A longer name that lacks the last name's measure
    word (…量, …额, …率, …数) takes it: ``新能源汽车、集成电路、工业机器人产量`` → ``新能源汽车产量``; a name that
    already ends with the last name's last word keeps its own (``通办事项和业务流程再造事项``)."""
    words = tokenizer().lcut(names[-1], HMM=False)
    if len(names) < 2 or len(words) < 2:
        return names
    head, last = "".join(words[1:]), words[-1]
    measure = len(last) >= 2 and last[-1] in "量额率数值"
    inner = [w for w in tokenizer().lcut(last, cut_all=True) if 3 <= len(w) < len(last) and last.endswith(w)]
    last = max(inner, key=len) if measure and len(last) >= 5 and inner else last  # 货邮吞吐量 → 吞吐量: the measure word alone

    def headed(n: str) -> str:
        if not re.fullmatch(r"[\u4e00-\u9fff]+", n) or n.endswith(last):
            return n
        if len(n) <= len(words[0]) + 1 and not n.endswith(head):
            return n + head
        return n + last if measure and n[-1] not in "量额率数值" else n  # 生产安全事故起数 has its own measure

    return [headed(n) for n in names[:-1]] + names[-1:]


def analyse_sentence(sentence: str, ctx: Context, year: int) -> list[Quantity]:
    """Every quantity of ``sentence`` with its name, measure, level, year, kind, pair and role."""
    v = vocabulary()
    qs = find_quantities(sentence)
    last_name = ""
    prev_end = 0
    for i, q in enumerate(qs):
        q.unit_base, q.factor, measure = v.unit_info(q.unit)
        segment = sentence[max(clause_start(sentence, q.start), prev_end) : q.start]
        if is_threshold(sentence, q, measure):
            q.role = "threshold"
        name, consumed = name_quantity(sentence, qs, i, segment, measure, last_name)
        raw_before = re.sub(r"^[、，和及与]+", "", segment)
        tail = raw_before[raw_before.rfind(name) + len(name) :] if name and name in raw_before else raw_before[-6:]
        q.measure = classify_measure(measure, name, tail)
        q.level = is_level(segment, name, tail, q.measure in ("level", "count")) or is_share_level(sentence, q, segment)
        q.name = name
        if q.role == "indicator" and name:
            last_name = name
        if q.role == "indicator":  # a threshold stays part of the next name: 50亿元以上项目33个
            prev_end = max(q.end, consumed)
    assign_years(sentence, qs, ctx, year)
    link_pairs(sentence, qs, year)
    assign_respectively(sentence, qs)
    return qs
