"""One sentence at a time: name each quantity, tell its measure, year and kind, link pairs and 分别 lists.

:func:`analyse_sentence` runs the steps in order; each step is a small function:

* :func:`name_quantity` — the indicator's name (before the number, or after a count);
* :func:`classify_measure` — growth rate, share, change, multiple, count or level;
* :func:`is_level` — a level reached at the end of the period (``升至``, ``总数``) or a total over it;
* :func:`assign_years` — the year or period, from the context or a year written in the clause;
* :func:`link_pairs` — ``由A增至B``: two linked rows, the base year and the end year;
* :func:`assign_respectively` — ``A、B分别增长X、Y``: each value gets its own name.
"""
from __future__ import annotations

import re

from .names import clean_name, name_after
from .periods import Context
from .quantities import Quantity, find_quantities
from .vocabulary import CLAUSE_BREAK, YEAR_RE, has_any, vocabulary

FROM_RE = re.compile(r"(由|从)((?:19|20)\d{2}年(底|末)?的?)?$")


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


def name_quantity(sentence: str, qs: list[Quantity], i: int, segment: str, measure: str, last_name: str) -> tuple[str, int]:
    """The name of quantity ``qs[i]`` and where its name ends (after a count's noun).

    ``segment`` is the clause text before the number; a clause without its own subject inherits
    ``last_name`` (``同比增长71%``).
    """
    q = qs[i]
    consumed = q.end
    follows_noun = measure == "count" and re.match(r"[\u4e00-\u9fff“]", sentence[q.end : q.end + 1] or "x")
    name = clean_name(re.sub(r"^[、，和及与]+", "", segment))
    if i + 1 < len(qs) and qs[i + 1].start == q.end and measure == "count":
        name = name_after(sentence, q)  # 10件45项为民办实事项目: both name what follows
    elif follows_noun:
        after_name = name_after(sentence, q)
        if len(after_name) >= 2:
            name = after_name
            consumed = q.end + len(after_name)
    if len(name) < 2:
        name = last_name
    return name, consumed


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


def is_level(segment: str, name: str, tail: str) -> bool:
    """A level reached at the end of the period (``升至59.5%``, ``…总数``) rather than a total over it."""
    w = vocabulary().words
    growth = has_any(tail, w["growth_words"]) and not any(tail.endswith(m) for m in w["level_markers"])
    qualifiers = "|".join(w["qualifiers_before"])
    stripped = re.sub(rf"({qualifiers})$", "", segment)
    return (
        any(stripped.endswith(m) or segment.endswith(m) for m in w["level_markers"])
        or any(name.endswith(n) for n in w["level_nouns"]) and not growth
    )


def assign_years(sentence: str, qs: list[Quantity], ctx: Context, year: int) -> None:
    """Year and kind of each quantity: a year written in its clause, ``近三年``, or the context."""
    for q in qs:
        clause = sentence[clause_start(sentence, q.start) : q.start]
        explicit = [m for m in YEAR_RE.finditer(clause) if not re.search(r"(较|比|由|从|与|同)$", clause[: m.start()])]
        q.kind = ctx.kind
        if explicit and abs(int(explicit[-1].group(1)) - year) <= 15 and not clause.endswith("年的"):
            q.year = explicit[-1].group(1)
            continue
        near = re.search(r"近(三|两|五)年", clause)
        if near and ctx.kind == "actual":
            n = {"两": 2, "三": 3, "五": 5}[near.group(1)]
            q.year = f"{ctx.end - n + 1}-{ctx.end}"
            continue
        if ctx.is_period:
            q.year = str(ctx.end) if q.level else ctx.label()
        else:
            q.year = ctx.label()


def link_pairs(sentence: str, qs: list[Quantity], ctx: Context) -> None:
    """``由A增至B`` (or ``25家…整合至20家``): link A and B, A at the base year (actual), B at the end year."""
    markers = vocabulary().words["pair_markers"]
    pair_n = 0
    for a, b in zip(qs, qs[1:]):
        between = sentence[a.end : b.start]
        if re.search("[，。；、]", between) or not any(between.endswith(m) for m in markers) or a.unit_base != b.unit_base:
            continue
        head = sentence[clause_start(sentence, a.start) : a.start]
        from_marker = FROM_RE.search(head)
        if from_marker or name_after(sentence, a):
            pair_n += 1
            a.pair_id = b.pair_id = f"{pair_n}"
            b.name = a.name = a.name or b.name
            if not from_marker and len(between) > 4:
                a.name = b.name = clean_name(between) or a.name
            explicit = re.search(r"((?:19|20)\d{2})年(底|末)?的?$", head)
            a.year = explicit.group(1) if explicit else str(ctx.start - 1)
            a.kind = "actual"  # the base of a change is a value already reached, even in a plan
            b.year = str(ctx.end)


def assign_respectively(sentence: str, qs: list[Quantity]) -> None:
    """``A、B分别增长X、Y``: when the names before 分别 match the values after it one to one, each gets its own."""
    idx = sentence.find("分别")
    if idx < 0:
        return
    stop = re.search(r"[，。；]", sentence[idx:])
    limit = idx + stop.start() if stop else len(sentence)
    group = [q for q in qs if idx < q.start < limit and q.role == "indicator"]
    if len(group) < 2:
        return
    clause = sentence[clause_start(sentence, idx) : idx]
    clause = re.sub(r"(较|比|由|从)((?:19|20)\d{2}年|上年)?$", "", clause)
    names = [clean_name(n) for n in re.split(r"[、和及与]", clause) if n.strip()]
    names = [n for n in names if n]
    if len(names) == len(group):
        for q, n in zip(group, names):
            q.name, q.measure = n, group[0].measure


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
        q.level = is_level(segment, name, tail)
        q.name = name
        if q.role == "indicator" and name:
            last_name = name
        if q.role == "indicator":  # a threshold stays part of the next name: 50亿元以上项目33个
            prev_end = max(q.end, consumed)
    assign_years(sentence, qs, ctx, year)
    link_pairs(sentence, qs, ctx)
    assign_respectively(sentence, qs)
    return qs
