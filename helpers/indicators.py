"""Quantitative indicators: every measured quantity in a report as one tidy, audited row.

:func:`extract_indicators` reads the structured report sentence by sentence and returns a table
with, for each quantity, the indicator's name, the value and unit as written, the value in its
base unit, the year or period it refers to, whether it is an ``actual`` (reviewed) or a
``target`` (planned) value, what kind of measure it is, the qualifier as written (超, 以上, 近 …),
and where it came from (part, section, paragraph, sentence).

The rules are general, not tuned to one report:

* a *quantity* is a number followed by a unit from ``data/indicators/units.yml``; numbers inside
  quotation marks or book titles (“惠企20条”, 《…》), ordinals (第14年), numbers glued to Latin
  letters (5G, S1线, PM2.5) and years or dates are not quantities;
* a money amount that heads a category (``10亿元以上产业项目``) is a *threshold*, not an indicator;
* the *name* is the noun phrase before the number in its clause (or after a count such as
  ``45个重点道桥项目``), trimmed of verbs, scopes and qualifiers (``data/indicators/context_words.yml``);
  a clause without its own subject (``同比增长71%``) inherits the previous one's;
* the *year and kind* come from the part (``…工作回顾`` looks back, ``…主要工作`` looks ahead) and
  the paragraph (``五年来`` a five-year period, ``刚刚过去的2020年`` one year); levels reached
  (``升至``, ``达``, ``总数``, ``…率``) belong to the period's last year, totals and changes to the
  whole period; ``由…增至…`` pairs give two linked rows (base and end year).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import cn2an
import pandas as pd
import yaml

from .cli import table_stage
from .paths import DATA_DIR
from .structure import Structure

INDICATOR_DIR = DATA_DIR / "indicators"
COLUMNS = [
    "indicator", "value", "unit", "value_base", "unit_base", "year", "kind", "measure", "qualifier", "pair_id",
    "part", "section", "paragraph_id", "sentence_id", "sentence",
]
QUANTITY_COLUMNS = COLUMNS + ["role"]

PRE_QUALIFIERS = ["超过", "超出", "突破", "不少于", "不低于", "接近", "超", "近", "约", "逾"]
POST_QUALIFIERS = ["以上", "以下", "以内", "左右", "多"]
CLAUSE_BREAK = "，。；：！？,;:!?"
YEAR_RE = re.compile(r"(?<![0-9])((?:19|20)\d{2})年")
CN_DIGITS = "零一二两三四五六七八九十百千"
FIVE_YEAR_NAMES = "一二三四五六七八九十"


# --------------------------------------------------------------------------- vocabularies


@dataclass(frozen=True)
class Vocabulary:
    """Units and context words, read from ``data/indicators/``."""

    units: dict[str, tuple[str, float, str]]
    words: dict[str, list[str]]
    unit_re: str

    def unit_info(self, unit: str) -> tuple[str, float, str]:
        if unit in self.units:
            return self.units[unit]
        factor = {"万": 1e4, "亿": 1e8}.get(unit[0], 1.0) if len(unit) > 1 else 1.0
        base = unit[1:] if factor != 1.0 else unit
        return base, factor, "count"


@lru_cache(maxsize=None)
def vocabulary() -> Vocabulary:
    """Load ``units.yml`` and ``context_words.yml`` (cached)."""
    data = yaml.safe_load((INDICATOR_DIR / "units.yml").read_text(encoding="utf-8"))
    units = {str(k): (str(v[0]), float(v[1]), str(v[2])) for k, v in data["units"].items()}
    classifiers = [str(c) for c in data["classifiers"]]
    names = list(units) + [p + c for c in classifiers for p in ("万", "亿", "")]
    unit_re = "|".join(re.escape(u) for u in sorted(set(names), key=len, reverse=True))
    words = yaml.safe_load((INDICATOR_DIR / "context_words.yml").read_text(encoding="utf-8"))
    words = {k: sorted((str(w) for w in v), key=len, reverse=True) for k, v in words.items()}
    return Vocabulary(units=units, words=words, unit_re=unit_re)


@lru_cache(maxsize=None)
def _quantity_re() -> re.Pattern[str]:
    v = vocabulary()
    num = r"\d+(?:,\d{3})*(?:\.\d+)?"
    cn = rf"[{CN_DIGITS}]+"
    return re.compile(
        rf"(?P<num>(?<![A-Za-z0-9.\-_/])(?<!第){num}|(?<![{CN_DIGITS}第]){cn})"
        rf"(?:(?P<dash>[-—–~至到])(?P<num2>{num}))?"
        rf"(?P<mid>余|多)?(?P<unit>{v.unit_re})"
        rf"(?![A-Za-z])"
    )


# --------------------------------------------------------------------------- context


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


_PLAN_YEAR_RE = re.compile(r"((?:19|20)\d{2})年(?:主要任务|重点工作|工作安排|主要工作|工作任务|工作总体部署|经济社会发展)")


def report_year(structure: Structure, text: str) -> int:
    """The year the report is delivered in.

    From its date, title or meeting line; else the latest year it plans for (``2023年主要任务``);
    else the year after the one it reviews (``2022年工作回顾``); else the year after the one it
    mentions most.
    """
    for key in ("date", "title", "meeting"):
        if m := re.search(r"((?:19|20)\d{2})", structure.meta.get(key, "")):
            return int(m.group(1))
    if planned := [int(y) for y in _PLAN_YEAR_RE.findall(text)]:
        return max(planned)
    if reviewed := [int(y) for y in re.findall(r"((?:19|20)\d{2})年工作回顾", text)]:
        return max(reviewed) + 1
    years = [int(y) for y in YEAR_RE.findall(text)]
    return max(set(years), key=years.count) + 1 if years else 0


def _has(text: str, words: list[str]) -> bool:
    return any(w in text for w in words)


def part_context(title: str, year: int) -> Context:
    """The default context of a part from its title (``“十三五”时期工作回顾`` → actual 2016–2020)."""
    words = vocabulary().words
    explicit = [int(y) for y in YEAR_RE.findall(title)]
    period = _plan_period(title)
    review = (
        _has(title, words["review_markers"]) or "回顾" in title or "成就" in title or not title
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


def paragraph_context(first_sentence: str, year: int, current: Context) -> Context:
    """A paragraph that opens with ``五年来``, ``刚刚过去的2020年``, ``“十五五”时期`` or ``今后五年`` changes the context."""
    head = first_sentence[:40]
    if re.search(r"过去的?五年|五年来|这五年", head):
        if (p := _plan_period(head)) is not None and p[1] == year - 1:
            return Context("actual", *p)
        return Context("actual", year - 5, year - 1)
    if m := re.search(rf"“十([{FIVE_YEAR_NAMES}]?)五”(时期|期间|以来)", head):
        s, e = five_year_plan("十" + m.group(1))
        if e < year and current.kind == "actual":
            return Context("actual", s, e)
        if s >= year:  # “十五五”时期是…: the coming plan's goals, even inside a part that looks back
            return Context("target", s, e)
    if re.search(r"今后五年|未来五年", head):
        return Context("target", year, year + 4)
    if m := re.search(r"(刚刚)?过去的((?:19|20)\d{2})年", head):
        y = int(m.group(2))
        return Context("actual", y, y)
    if (m := re.match(r"((?:19|20)\d{2})年(是|，)", head)) and int(m.group(1)) < year:  # 2025年是极不平凡的一年
        y = int(m.group(1))
        return Context("actual", y, y)
    if re.match(r"^(过去一年|一年来)", head):
        return Context("actual", year - 1, year - 1)
    if re.search(r"今年|预期目标", head[:20]) and current.kind == "target":
        return Context("target", year, year)
    return current


# --------------------------------------------------------------------------- quantities


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
    out: list[Quantity] = []
    skip_until = -1
    for m in _quantity_re().finditer(sentence):
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
        qualifier = next((q for q in PRE_QUALIFIERS if before.endswith(q)), "")
        if m.group("mid"):
            qualifier = "余" if m.group("mid") == "余" else "多"
        post = next((q for q in POST_QUALIFIERS if after.startswith(q)), "")
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
            post = next((q for q in POST_QUALIFIERS if sentence[second_end:].startswith(q)), "")
            out.append(Quantity(m.end() + 1, second_end + len(post), float(r.group(1)), r.group(1), unit, qualifier or post))
            skip_until = second_end
            continue
        out.append(Quantity(m.start(), end, value, num_text, unit, qualifier))
    return out


# --------------------------------------------------------------------------- names


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
    text = re.sub(r"(较|比|与|同)((?:19|20)\d{2}年|上年|去年|上年末|省定目标|全国平均)[^，。；]*$", "", text)
    text = re.sub(r"(由|从)((?:19|20)\d{2}年(底|末)?的?)?[^由从，]{0,5}$", "", text)
    text = re.sub(r"((?:19|20)\d{2}年(底|末)?的?)$", "", text)
    for _ in range(3):
        text = _strip_words(text, w["trailing_verbs"], leading=False).strip("、，和及与的 ")
    if m := re.search(r"(、[^、]{1,12}|[”）])等(?=.)", text):  # 推进闻泰半导体、健适医疗器械等…项目
        text = text[m.end() :]
    text = re.sub(r"^(到|至|在|从|由)?((?:19|20)\d{2}年(底|末)?)[，,]?", "", text)
    text = re.sub(rf"^“?十[{FIVE_YEAR_NAMES}]?五”?(时期|期间|末)?", "", text)
    for _ in range(3):
        text = _strip_words(text, w["scope_prefixes"], leading=True)
        text = _strip_words(text, w["leading_verbs"], leading=True)
    if text in w["scope_prefixes"] or text in w["trailing_verbs"]:
        return ""
    if any(text.startswith(c) for c in w["comparisons"]) and len(text) <= 6:  # 高于全国: whose rate?
        return ""
    cuts = [text.rindex(v) + len(v) for v in w["cut_verbs"] if v in text and len(text) - text.rindex(v) - len(v) >= 2]
    if cuts:
        text = text[max(cuts):]
    return text.strip("、，和及与的 ")


_AFTER_STOP = re.compile(
    r"[，。；：！？、]|全面|全部|实行|实施|提档|初见|完成|建成|实现|进驻|支援|入选|在锡|在|新设立|取得|达到|达|增至|升至|整合至|"
    r"获评|创成|通过|参加|参与|受益|覆盖"
)


def _name_after(sentence: str, q: Quantity) -> str:
    """The noun phrase right after a count (``45个重点道桥项目`` → ``重点道桥项目``)."""
    rest = sentence[q.end :]
    if (nxt := _quantity_re().match(rest)) is not None:  # 10件45项为民办实事项目
        rest = rest[nxt.end() :]
    if (later := _quantity_re().search(rest)) is not None:
        rest = re.sub(r"[和及与、]$", "", rest[: later.start()])
    m = _AFTER_STOP.search(rest)
    name = rest[: m.start()] if m else rest
    if len(name) <= 2:  # a bare head noun (企业) needs its predicate: 企业入选江苏国际知名品牌
        m2 = re.search(r"[，。；：！？]", rest)
        name = rest[: m2.start()] if m2 else rest
    return name.strip("“”《》 ")


# --------------------------------------------------------------------------- per sentence


def _clause_start(sentence: str, pos: int) -> int:
    i = pos
    while i > 0 and sentence[i - 1] not in CLAUSE_BREAK:
        i -= 1
    return i


def _is_threshold(sentence: str, q: Quantity, measure: str) -> bool:
    """A money amount heading a category name (``10亿元以上产业项目``) is a threshold."""
    if measure != "money":
        return False
    after = sentence[q.end :]
    after = after[2:] if after.startswith(("以上", "以下")) else after
    return any(after.startswith(h) for h in vocabulary().words["threshold_heads"])


FROM_RE = re.compile(r"(由|从)((?:19|20)\d{2}年(底|末)?的?)?$")
_PAIR_MARKERS = ("增至", "增加到", "增加至", "提高到", "提高至", "提升至", "提升到", "升至", "上升到", "降至", "降到",
                 "下降到", "下降至", "减少到", "减少至", "整合至", "整合为", "压减至", "扩大到", "扩大至", "增长到", "缩小至")


def _analyse_sentence(sentence: str, ctx: Context, year: int) -> list[Quantity]:
    v = vocabulary()
    w = v.words
    qs = find_quantities(sentence)
    last_name = ""
    prev_end = 0
    pair_n = 0
    for i, q in enumerate(qs):
        consumed = q.end
        q.unit_base, q.factor, measure = v.unit_info(q.unit)
        segment = sentence[max(_clause_start(sentence, q.start), prev_end) : q.start]
        if _is_threshold(sentence, q, measure):
            q.role = "threshold"
        # --- name
        follows_noun = measure == "count" and re.match(r"[\u4e00-\u9fff“]", sentence[q.end : q.end + 1] or "x")
        raw_before = re.sub(r"^[、，和及与]+", "", segment)
        name = clean_name(raw_before)
        if i + 1 < len(qs) and qs[i + 1].start == q.end and measure == "count":
            name = _name_after(sentence, q)  # 10件45项为民办实事项目: both name what follows
        elif follows_noun:
            after_name = _name_after(sentence, q)
            if len(after_name) >= 2:
                name = after_name
                consumed = q.end + len(after_name)
        if len(name) < 2:
            name = last_name
        # --- measure
        tail = raw_before[raw_before.rfind(name) + len(name) :] if name and name in raw_before else raw_before[-6:]
        at_level = any(tail.endswith(m) for m in w["level_markers"])
        growth = _has(tail, w["growth_words"]) and not at_level
        if measure == "percent":
            q.measure = "growth rate" if growth or name.endswith(("涨幅", "增速", "增幅", "降幅")) else "share"
        elif measure == "points":
            q.measure = "change"
        elif measure == "multiple":
            q.measure = "multiple"
        elif measure == "count":
            q.measure = "count"
        else:
            q.measure = "change" if growth else "level"
        # --- level at end of period, or total over the period
        stripped = re.sub(rf"({'|'.join(PRE_QUALIFIERS)})$", "", segment)
        q.level = (
            any(stripped.endswith(m) or segment.endswith(m) for m in w["level_markers"])
            or any(name.endswith(n) for n in w["level_nouns"]) and not growth
        )
        q.name = name
        if q.role == "indicator" and name:
            last_name = name
        if q.role == "indicator":  # a threshold stays part of the next name: 50亿元以上项目33个
            prev_end = max(q.end, consumed)
    _assign_years(sentence, qs, ctx, year)
    # --- 由A增至B pairs
    for a, b in zip(qs, qs[1:]):
        between = sentence[a.end : b.start]
        if not re.search("[，。；、]", between) and any(between.endswith(m) for m in _PAIR_MARKERS) and a.unit_base == b.unit_base:
            head = sentence[_clause_start(sentence, a.start) : a.start]
            from_marker = FROM_RE.search(head)
            if from_marker or _name_after(sentence, a):  # 由A增至B, or 25家燃煤电厂整合至20家
                pair_n += 1
                a.pair_id = b.pair_id = f"{pair_n}"
                b.name = a.name = a.name or b.name
                if not from_marker and len(between) > 4:
                    a.name = b.name = clean_name(between) or a.name
                explicit = re.search(r"((?:19|20)\d{2})年(底|末)?的?$", head)
                a.year = explicit.group(1) if explicit else str(ctx.start - 1)
                a.kind = "actual"  # the base of a change is a value already reached, even in a plan
                b.year = str(ctx.end)
    # --- 分别: "A、B分别增长X、Y"
    _assign_respectively(sentence, qs)
    return qs


def _assign_years(sentence: str, qs: list[Quantity], ctx: Context, year: int) -> None:
    for q in qs:
        clause = sentence[_clause_start(sentence, q.start) : q.start]
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


def _assign_respectively(sentence: str, qs: list[Quantity]) -> None:
    idx = sentence.find("分别")
    if idx < 0:
        return
    stop = re.search(r"[，。；]", sentence[idx:])
    limit = idx + stop.start() if stop else len(sentence)
    group = [q for q in qs if idx < q.start < limit and q.role == "indicator"]
    if len(group) < 2:
        return
    clause = sentence[_clause_start(sentence, idx) : idx]
    clause = re.sub(r"(较|比|由|从)((?:19|20)\d{2}年|上年)?$", "", clause)
    names = [clean_name(n) for n in re.split(r"[、和及与]", clause) if n.strip()]
    names = [n for n in names if n]
    if len(names) == len(group):
        for q, n in zip(group, names):
            q.name, q.measure = n, group[0].measure


# --------------------------------------------------------------------------- tables


def extract_quantities(structure: Structure, year: int | None = None) -> pd.DataFrame:
    """Every quantity in the report with its ``role``: ``indicator`` or ``threshold``."""
    p = structure.paragraphs
    text = "\n".join([*p.part_title.unique(), *p.section_title.unique(), *p.text])
    year = year or report_year(structure, text)
    rows: list[dict[str, object]] = []
    part_ctx: dict[int, Context] = {}
    ctx = Context("actual", year - 1, year - 1)
    current_para = None
    paragraph_text = dict(zip(structure.paragraphs.paragraph_id, structure.paragraphs.text))
    for s in structure.sentences.itertuples(index=False):
        if s.part not in part_ctx:
            part_ctx[s.part] = part_context(s.part_title, year) if s.part > 0 else Context("actual", year - 1, year - 1)
            ctx = part_ctx[s.part]
        if s.paragraph_id != current_para:
            current_para = s.paragraph_id
            ctx = paragraph_context(paragraph_text.get(s.paragraph_id, s.text), year, ctx)
        sentence_ctx = ctx
        if re.search(r"主要预期目标|预期目标是", s.text):
            sentence_ctx = Context("target", year, year) if not ctx.is_period or ctx.kind == "actual" else ctx
        for q in _analyse_sentence(s.text, sentence_ctx, year):
            rows.append(
                {
                    "indicator": q.name, "value": _fmt(q.value), "unit": q.unit,
                    "value_base": q.value * q.factor, "unit_base": q.unit_base,
                    "year": q.year, "kind": q.kind, "measure": q.measure, "qualifier": q.qualifier,
                    "pair_id": f"{s.sentence_id}#{q.pair_id}" if q.pair_id else "",
                    "part": s.part, "section": s.section, "paragraph_id": s.paragraph_id,
                    "sentence_id": s.sentence_id, "sentence": s.text, "role": q.role,
                }
            )
    return pd.DataFrame(rows, columns=QUANTITY_COLUMNS)


def _fmt(value: float) -> str:
    return str(int(value)) if value == int(value) else repr(value)


def extract_indicators(structure: Structure, year: int | None = None) -> pd.DataFrame:
    """The report's quantitative indicators, one row each (thresholds left out).

    Columns: ``indicator``, ``value`` and ``unit`` (as written), ``value_base`` and ``unit_base``
    (亿元 → 元 …), ``year`` (``2020`` or a period ``2016-2020``), ``kind`` (``actual``/``target``),
    ``measure``, ``qualifier``, ``pair_id`` (links the two ends of 由…增至…), and the source:
    ``part``, ``section``, ``paragraph_id``, ``sentence_id``, ``sentence``.
    ``year`` defaults to the year the report was delivered in (its date or title).
    """
    q = extract_quantities(structure, year)
    return q[q.role == "indicator"][COLUMNS].reset_index(drop=True)


def targets_table(indicators: pd.DataFrame, year: int | None = None) -> pd.DataFrame:
    """The coming year's targets: ``kind == 'target'`` rows for one year (default: the earliest single year)."""
    t = indicators[(indicators.kind == "target") & ~indicators.year.str.contains("-")]
    if t.empty:
        return t
    year_ = str(year) if year else min(t.year)
    return t[t.year == year_].reset_index(drop=True)


def pairs_table(indicators: pd.DataFrame) -> pd.DataFrame:
    """``由…增至…`` pairs side by side: indicator, unit, from (year, value), to (year, value)."""
    p = indicators[indicators.pair_id != ""]
    rows = []
    for pair_id, g in p.groupby("pair_id", sort=False):
        if len(g) != 2:
            continue
        a, b = g.iloc[0], g.iloc[1]
        rows.append(
            {"indicator": b.indicator or a.indicator, "unit": b.unit, "from_year": a.year, "from_value": float(a.value),
             "to_year": b.year, "to_value": float(b.value), "kind": b.kind, "pair_id": pair_id}
        )
    return pd.DataFrame(rows, columns=["indicator", "unit", "from_year", "from_value", "to_year", "to_value", "kind", "pair_id"])


@table_stage("indicators", "extract the quantitative indicators: write one row per indicator to OUT.csv (UTF-8)")
def _indicators_cli(prepared):
    table = extract_indicators(prepared.structure)
    return table, f"{len(table)} indicators ({(table.kind == 'target').sum()} targets)"
