"""Which year or period a number refers to, and whether it is an actual value or a target.

A report looks back in some parts (``…工作回顾``: actual values of last year or the last plan period)
and ahead in others (``…主要任务``: this year's targets, the next plan's goals). :func:`part_context`
reads a part's title, :func:`paragraph_context` a paragraph's opening words (``五年来``,
``“十五五”时期``); :func:`report_year` finds the year the report is delivered in.
"""
from __future__ import annotations

import re
from dataclasses import dataclass


from ..metadata import report_metadata
from ..structure import Structure
from .vocabulary import FIVE_YEAR_NAMES, YEAR_RE, has_any, vocabulary


@dataclass
class Context:
    """What a stretch of text talks about: ``kind`` and the year or period (``start``–``end``)."""

    kind: str
    start: int
    end: int

    @property
    def is_period(self) -> bool:
        return self.end > self.start

    def label(self) -> str:
        return str(self.end) if not self.is_period else f"{self.start}-{self.end}"


def five_year_plan(numeral_text: str) -> tuple[int, int]:
    """The years of the n-th five-year plan (``十三五`` → 2016–2020)."""
    import cn2an  # on first use: importing it takes 0.2 s

    n = int(cn2an.cn2an(numeral_text, "smart"))
    start = 1966 + 5 * (n - 3)
    return start, start + 4


_PLAN_PATTERNS = [
    re.compile(rf"“十([{FIVE_YEAR_NAMES}]?)五”"),
    re.compile(rf"十([{FIVE_YEAR_NAMES}]?)五(?:时期|规划|期间|末|以来|开局|收官)"),
    re.compile(rf"第([{FIVE_YEAR_NAMES}]+)个五年规划"),
]


def _plan_period(text: str) -> tuple[int, int] | None:
    """The years of the five-year plan a text names (“十三五”, 第十五个五年规划), if any."""
    for i, pattern in enumerate(_PLAN_PATTERNS):
        if m := pattern.search(text):
            return five_year_plan(m.group(1) if i == 2 else "十" + m.group(1))
    return None


def report_year(structure: Structure, text: str = "") -> int:
    """The year the report is delivered in (:func:`helpers.metadata.report_metadata`).

    When the report does not say (no date, title or dated headings, and no year in a file name), the
    year after the one ``text`` mentions most is a last guess; the metadata carries a warning then.
    """
    if (year := report_metadata(structure).year) is not None:
        return year
    years = [int(y) for y in YEAR_RE.findall(text)]
    return max(set(years), key=lambda y: (years.count(y), y)) + 1 if years else 0


def part_context(title: str, year: int) -> Context:
    """The default context of a part from its title (``“十三五”时期工作回顾`` → actual 2016–2020)."""
    words = vocabulary().words
    explicit = [int(y) for y in YEAR_RE.findall(title)]
    period = _plan_period(title)
    review = (
        has_any(title, words["review_markers"]) or "回顾" in title or "成就" in title or not title
        or bool(explicit and min(explicit) < year) or bool(period and period[1] < year)
    )
    if review:
        if period is not None and period[1] < year:  # “十四五”时期和2025年工作回顾: the period first
            return Context("actual", *period)
        if "五年" in title:
            return Context("actual", year - 5, year - 1)
        y = explicit[0] if explicit else year - 1
        return Context("actual", y, y)
    if period is not None:
        return Context("target", *period)
    if "今后五年" in title or "五年" in title:
        return Context("target", year, year + 4)
    y = explicit[0] if explicit else year
    return Context("target", y, y)


#: Where a paragraph's time phrase may stand: at its start or a sentence's (``……收官之年。过去五年，``), after
#: ``各位代表`` or a verb of looking (回顾过去五年) — not inside a clause (``党的十八大总结了过去五年的工作``).
_OPENS = r"(?:^|(?<=[。！；])|(?<=——)|(?<=各位代表[，！、])|(?<=回顾|回首|回望|展望))"


def paragraph_context(first_sentence: str, year: int, current: Context) -> Context:
    """A paragraph that opens with ``五年来``, ``刚刚过去的2020年``, ``“十五五”时期`` or ``今后五年`` changes the context.

    The phrase counts where it opens the paragraph or one of its sentences (``_OPENS``), not inside a clause.
    """
    head = first_sentence[:40]
    if re.search(rf"{_OPENS}(过去的?五年|五年来|这五年)", head):
        if (p := _plan_period(head)) is not None and p[1] == year - 1:
            return Context("actual", *p)
        return Context("actual", year - 5, year - 1)
    if m := re.search(rf"{_OPENS}“十([{FIVE_YEAR_NAMES}]?)五”(时期|期间|以来)", head):
        s, e = five_year_plan("十" + m.group(1))
        if e < year:  # “十四五”时期，上海发展历程极不寻常: a look back, even inside the next plan's part
            return Context("actual", s, e)
        if s >= year:  # “十五五”时期是…: the coming plan's goals, even inside a part that looks back
            return Context("target", s, e)
    if re.search(rf"{_OPENS}(今后五年|未来五年)", head):
        return Context("target", year, year + 4)
    if m := re.search(rf"{_OPENS}(刚刚)?过去的((?:19|20)\d{{2}})年", head):
        y = int(m.group(2))
        return Context("actual", y, y)
    if (m := re.match(r"((?:19|20)\d{2})年(是|，)", head)) and int(m.group(1)) < year:  # 2025年是极不平凡的一年
        y = int(m.group(1))
        return Context("actual", y, y)
    if re.match(r"^(过去一年|一年来)", head):
        return Context("actual", year - 1, year - 1)
    if re.match(r"^(今年以来|年初以来|今年)", head) and current.kind == "actual":  # 2019年和今年以来工作回顾
        return Context("actual", year, year)
    if re.search(r"今年|预期目标", head[:20]) and current.kind == "target":
        return Context("target", year, year)
    return current


def sentence_context(sentence: str, year: int, current: Context, paragraph: Context) -> Context:
    """A sentence inside a paragraph that opens with a time phrase and a comma changes the context from there on.

    ``2011年，是“十二五”开局之年。过去一年，我们的各项工作取得了很大成绩。国内生产总值增长10.3%`` — the numbers
    after ``过去一年，`` are last year's actual values, though the paragraph (``paragraph``: its context) opened in the
    plan. The phrases are a look back (``过去一年``, ``一年来``, ``去年``, ``过去五年``, ``五年来``, an earlier year
    ``2020年，``) or ``今年，``, which in a paragraph of this year's plan returns to it. A time phrase not followed
    by a comma (``去年全省生产总值…``) scopes its own clause only (:func:`sentence_time`).
    """
    if re.match(r"(过去一年|一年来|去年|过去的一年|刚刚过去的一年)[，,]", sentence):
        return Context("actual", year - 1, year - 1)
    if re.match(r"(过去的?五年|五年来|这五年)[，,]", sentence):
        return Context("actual", year - 5, year - 1)
    if (m := re.match(r"(?:刚刚过去的)?((?:19|20)\d{2})年[，,]", sentence)) and year - 5 < int(m.group(1)) < year:
        return Context("actual", int(m.group(1)), int(m.group(1)))
    if re.match(r"今年[，,]", sentence) and paragraph.kind == "target":
        return paragraph
    return current


#: Before a time word, these make it the base of a comparison (比上年, 较2020年, 与去年同期), not the time of the value.
_COMPARED = re.compile(r"(比|较|与|同|于|由|从|是|为|相当于|基础上)$")
_CN_YEARS = {"两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_TIME_WORDS = re.compile(
    rf"(?P<plan>“?十(?P<plan_n>[{FIVE_YEAR_NAMES}]?)五”?(?:时期|期间|以来|末))"
    r"|(?P<since>(?:19|20)\d{2})年以来"
    r"|(?:到|至|截至|截止)?(?P<explicit>(?:19|20)\d{2})年(?P<explicit_end>底|末)?"
    r"|(?P<last>(?<![过失离除])去年|(?<![\u4e00-\u9fff])上年)(?P<last_end>底|末)?"
    r"|(?P<this>今年)(?!以来)"
    r"|(?P<span_head>近|过去|今后|未来)(?P<span_n>[两三四五六七八九十]|\d{1,2})年(?:来|间|以来)?"
    r"|(?<![连续第\d])(?P<span_n2>[两三四五六七八九十]|\d{1,2})年(?:来|间|以来)"
    r"|(?<![连续第\d近过今未])(?P<span_n3>[两三四五六七八九十])年(?=年均|累计|合计|共|增加|增长|下降|提高|翻|近?\d)"
)


def _years(n: str) -> int:
    return int(n) if n.isdigit() else _CN_YEARS[n]


def sentence_time(before: str, year: int, current: Context) -> tuple[Context, bool] | None:
    """The time a sentence gives the number at the end of ``before`` (the sentence up to the number), or None.

    The last time word before the number counts, in the number's clause or in the sentence's opening clause: a year
    (``2025年``, ``到2030年``, ``2013年以来``), ``去年``/``上年`` (last year, actual), ``今年`` (this year: a target in a
    plan, an actual in a review), a plan period (``“十四五”时期``) or a span (``近三年``, ``十年来``, ``今后三年``).
    A time word that is the base of a comparison (``比上年``, ``较2020年``, ``由2015年的``) does not count, nor one in
    brackets (``（2010年不变价）``) or qualifying a noun (``面向2030年的项目``). The flag says the time word marks an
    end point (``去年底``, ``2025年末``, ``“十四五”末``): the value is a level at that date.
    """
    found = None
    before = re.sub(r"（[^（）]*）|\([^()]*\)", lambda b: "　" * len(b.group()), before)  # （2010年不变价）: an aside
    opening = re.search(r"[，；：]", before)
    own = max(before.rfind(c) for c in "，；：") + 1
    for m in _TIME_WORDS.finditer(before):
        if opening and opening.start() < m.start() < own:
            continue  # a time word counts in its own clause, and over the sentence when it opens it
        after = before[m.end() :]
        if _COMPARED.search(before[: m.start()]) or after[:2] in ("同期", "基础", "相比") or len(after) > 1 and after[0] == "的":
            continue  # 比上年, 去年同期; 面向2030年的科技创新项目 (a year that qualifies a noun)
        if m.group("explicit") and re.match(r"[0-9月份]", before[m.end() : m.end() + 1]):  # 2025年1月: a date
            y = int(m.group("explicit"))
            found = (Context("actual" if y < year else current.kind, y, y), True)
            continue
        found = _time_of(m, year, current)
    return found


def _time_of(m: re.Match[str], year: int, current: Context) -> tuple[Context, bool] | None:
    if m.group("plan"):
        s, e = five_year_plan("十" + m.group("plan_n"))
        end_point = m.group("plan").endswith("末")
        if e < year:
            return Context("actual", s, e), end_point
        if s >= year:
            return Context("target", s, e), end_point
        return None  # the plan the report's year belongs to: no time of its own
    if m.group("since"):
        y = int(m.group("since"))
        return (Context("actual", y, current.end), False) if y < year and current.kind == "actual" else None
    if m.group("explicit"):
        y = int(m.group("explicit"))
        if abs(y - year) > 15:
            return None
        kind = "actual" if y < year else "target" if y > year else current.kind
        return Context(kind, y, y), bool(m.group("explicit_end"))
    if m.group("last"):
        return Context("actual", year - 1, year - 1), bool(m.group("last_end"))
    if m.group("this"):
        return Context(current.kind, year, year), False
    n = _years(m.group("span_n") or m.group("span_n2") or m.group("span_n3"))  # 十年增加近70万亿元: a bare span too
    if m.group("span_head") in ("今后", "未来"):
        return Context("target", year, year + n - 1), False
    if current.kind != "actual" or n < 2:
        return None
    return Context("actual", current.end - n + 1, current.end), False
