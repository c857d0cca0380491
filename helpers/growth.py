"""GDP growth targets against results: the provincial panel that growth-target papers compile by hand.

For every report of year Y, :func:`read_growth` reads two figures from its text:

- the **target**: the GDP growth it sets for Y — a number with its qualifier (``5%左右``, ``5.5%以上``) or a
  range (``6%－6.5%``: ``target_low`` 6, ``target_high`` 6.5) — from a growth phrase that follows a target
  word in its sentence (``主要预期目标是：地区生产总值增长5%左右``), or that holds one (``增长目标为5%左右``);
- the **result**: the realised growth of Y−1, the first other growth phrase of the report that is one
  year's growth (not ``年均``, ``累计``, a quarter, growth since a base year, or a year other than Y−1).

A growth phrase is a GDP name, then a growth verb and a percentage, with at most two short clauses
between (``全省地区生产总值5.3万亿元、增长5.5%``); words that make the name another measure (``人均``,
``单位``, ``海洋``, ``占``) rule it out. The words are data (``data/panel/growth_terms.yml``).

:func:`growth_panel` then gives one row per place and year: the target of the year's report against the
result of the next year's report of the same place, judged by the status rule of
``data/panel/status_rules.yml`` (:func:`helpers.target_results.judge`; GDP growth is more-is-better). A row says
why when a figure is missing (``no result``: no report of Y+1, or it gives GDP only as a level; ``no
target``: no report of Y, or no numeric target in it). :func:`score_growth_key` scores such a table
against a hand-made key (``tests/data/keys/growth_targets/``).
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .errors import OneLineError
from .lexicon import places, read_yaml_mapping
from .paths import DATA_DIR
from .target_results import judge, load_names, load_status_rules, qualifier_bound

TERMS_FILE = DATA_DIR / "panel" / "growth_terms.yml"
#: The columns of ``growth_targets.csv``: one row per place and year.
GROWTH_COLUMNS = [
    "place", "level", "year", "target_low", "target_high", "target_text", "result", "result_text", "status",
    "target_file", "result_file", "qualifier", "target_kind", "gap", "pinyin", "note", "target_sentence",
    "result_sentence",
]
_DASHES = "-—–~～至到﹣‐‑‒―"
#: Full-width digits and signs made half-width before reading (Chinese punctuation is kept).
_HALF = str.maketrans({**{chr(0xFF10 + i): str(i) for i in range(10)}, "．": ".", "％": "%", "－": "-", "～": "~", "﹪": "%"})
_NUM = r"-?\d+(?:\.\d+)?"


@dataclass(frozen=True)
class GrowthTerms:
    """The word lists of ``data/panel/growth_terms.yml`` and the qualifier words of the status rule."""

    names: tuple[str, ...]
    economy_after: tuple[str, ...]
    not_after: tuple[str, ...]
    verbs: tuple[str, ...]
    fall_verbs: tuple[str, ...]
    not_one_year: tuple[str, ...]
    target_words: tuple[str, ...]
    done_before_target: tuple[str, ...]
    done_after_target: tuple[str, ...]
    review_words: tuple[str, ...]
    this_year_words: tuple[str, ...]
    qualifiers: tuple[str, ...]

    def phrase_re(self) -> re.Pattern[str]:
        """A GDP name, up to two short clauses, a growth verb, a percentage or a range, a qualifier."""
        alt = lambda words: "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))  # noqa: E731
        names = [n for n in self.names if n != "经济"]
        clause = rf"(?:(?!{alt(names)})[^，,、。；;！？!?：:增降长]){{0,22}}"
        verbs = alt(self.verbs + self.fall_verbs)
        quals = alt(self.qualifiers)
        economy = "|经济" if "经济" in self.names else ""
        return re.compile(
            rf"(?P<own>全省|全市|全区|全州|全盟|全国|我省|我市|我区|我国)?"
            rf"(?:(?P<name>{alt(names)})(?:[（(]GDP[)）])?(?P<gap>(?:{clause}[，,、])?(?:{clause}[，,、])?{clause}){economy})"
            rf"(?P<verb>{verbs})(?:率)?(?P<conn>(?:预期)?(?:目标)?(?:值)?(?:为|是|定为|确定为|设定为|达到|达|保持在|在|了|实现)?)"
            rf"(?P<pre>{quals})?"
            rf"(?P<low>{_NUM})\s*(?P<pct1>%)?"
            rf"(?:\s*[{re.escape(_DASHES)}]\s*(?P<high>{_NUM})\s*%)?"
            rf"(?P<qual>{quals})?"
        )


@lru_cache(maxsize=4)
def _load_terms(path: str) -> GrowthTerms:
    p = Path(path)
    keys = ("names", "economy_after", "not_after", "verbs", "fall_verbs", "not_one_year", "target_words",
            "done_before_target", "done_after_target", "review_words", "this_year_words")
    data = read_yaml_mapping(p, f"the lists {', '.join(keys)}")
    for key in keys:
        if not isinstance(data.get(key), list) or not data[key]:
            raise OneLineError(f"{p}: '{key}:' must be a non-empty list of words")
    rules = load_status_rules()
    qualifiers = tuple(w for ws in rules.qualifiers.values() for w in ws)
    return GrowthTerms(*(tuple(str(w) for w in data[k]) for k in keys), qualifiers)


def terms_of(terms: GrowthTerms | None) -> GrowthTerms:
    """``terms``, or the shipped word lists."""
    return terms or load_growth_terms()


def load_growth_terms(path: str | Path | None = None) -> GrowthTerms:
    """Read ``data/panel/growth_terms.yml`` (or ``path``); one-line error naming the file when it is wrong."""
    return _load_terms(str(path or TERMS_FILE))


# --------------------------------------------------------------------------- one report


@dataclass
class GrowthFigure:
    """One growth figure read from a report: ``low`` (the value; negative for a fall), ``high`` (a range's end)."""

    kind: str            # "target" or "result"
    low: float
    high: float | None
    qualifier: str
    text: str            # the phrase, as written (full-width forms made half-width)
    sentence: str
    position: int        # the phrase's order among the report's sentences


@dataclass
class GrowthReading:
    """What :func:`read_growth` found in one report, and why a figure is missing."""

    target: GrowthFigure | None
    result: GrowthFigure | None
    target_why: str = ""
    result_why: str = ""

    def as_row(self) -> dict[str, object]:
        """A flat row (kept per report in the corpus cache)."""
        row: dict[str, object] = {"target_why": self.target_why, "result_why": self.result_why}
        for kind in ("target", "result"):
            fig = getattr(self, kind)
            for key, value in (asdict(fig) if fig else {}).items():
                if key != "kind":
                    row[f"{kind}_{key}"] = value
        return row


def _sentences(paragraphs: list[str]) -> list[tuple[int, str]]:
    """``(paragraph number, sentence)`` in order; sentences end in 。！？ (not in ；, which joins a list of targets)."""
    out = []
    for i, para in enumerate(paragraphs):
        for s in re.findall(r"[^。！？!?]+[。！？!?]?", para):
            if s.strip():
                out.append((i, s.strip()))
    return out


def _is_list_head(sentence: str, terms: GrowthTerms) -> bool:
    tail = sentence.rstrip("。 ")
    return tail.endswith(("：", ":")) and _target_word_in(tail, terms)


def _target_word_in(text: str, terms: GrowthTerms) -> bool:
    """Whether ``text`` names this year's targets: a target word neither just after 实现/完成/年初确定的 … nor
    followed by 完成/实现 … (主要预期目标全面完成 closes a review)."""
    for word in terms.target_words:
        for m in re.finditer(re.escape(word), text):
            if any(w in text[max(0, m.start() - 8):m.start()] for w in terms.done_before_target):
                continue
            if any(w in text[m.end():] for w in terms.done_after_target):
                continue
            return True
    return False


def _year_mentions(text: str) -> list[int]:
    return [int(y) for y in re.findall(r"(?<!\d)((?:19|20)\d{2})(?:年|$)", text)]


@dataclass
class GrowthPhrase:
    """A growth phrase found by :func:`find_growth_phrases`: its figure, whether it is a target, and why skipped."""

    figure: GrowthFigure
    is_target: bool
    own_name: bool       # 地区生产总值/生产总值/GDP/经济 (not 国内生产总值 in a regional report)
    skip: str            # why it is not one year's growth ("" when it is)


def find_growth_phrases(paragraphs: list[str], year: int | None = None, national: bool = False,
                        terms: GrowthTerms | None = None) -> list[GrowthPhrase]:
    """Every GDP growth phrase of a report, in order, marked target or not and with why it is skipped (if so)."""
    terms = terms or load_growth_terms()
    pattern = terms.phrase_re()
    norm = [str(p).translate(_HALF) for p in paragraphs]
    sents = _sentences(norm)
    found: list[GrowthPhrase] = []
    for n, (pno, sentence) in enumerate(sents):
        prev_head = n > 0 and (_is_list_head(sents[n - 1][1], terms)
                               or (sents[n - 1][0] == pno - 1 and _is_list_head(norm[pno - 1], terms)))
        for m in pattern.finditer(sentence):
            name, gap = m.group("name") or "经济", m.group("gap") or ""
            if m.group("high") is None and m.group("pct1") is None:
                continue  # a number without % (增长5倍, 增长1200亿元)
            before = sentence[: m.start()]
            if name == "经济":
                if before and not re.search(r"[，,。；;：:、（(\s]$", before) and not before.endswith(terms.economy_after):
                    continue
            elif before.endswith(terms.not_after):
                continue
            phrase = m.group(0)
            window = before[-12:] + phrase
            skip = next((w for w in terms.not_one_year if w in window), "")
            base = re.search(r"比((?:19|20)\d{2})年", gap)
            if not skip and base and not (year and int(base.group(1)) == year - 2):
                skip = "growth since a base year"
            after = sentence[m.end():m.end() + 6]
            named_target = re.match(r"(?:的)?(?:年度)?(?:预期)?(?:增长)?目标", after) is not None
            clause = re.split(r"[，,；;。]", before)[-1] + gap
            years = _year_mentions(re.sub(r"比(?:19|20)\d{2}年", "", clause))  # a base year is checked above
            low = float(m.group("low"))
            if m.group("verb") in terms.fall_verbs:
                low = -low
            high = float(m.group("high")) if m.group("high") is not None else None
            if high is not None and high <= abs(low):
                high = None
            qualifier = m.group("qual") or m.group("pre") or ""
            head = before
            target_word_before = _target_word_in(head, terms)
            review_before = any(w in head for w in terms.review_words)
            in_phrase = "目标" in m.group("conn") or "目标" in gap
            this_year = any(w in head for w in terms.this_year_words) and (qualifier or high is not None)
            if named_target and review_before:
                skip = skip or "last year's target named in the review"
            is_target = (named_target or in_phrase or prev_head
                         or (not review_before and (target_word_before or this_year)))
            if years and year:
                want = year if is_target else year - 1
                if any(y != want for y in years):
                    skip = skip or f"about {years[0]}"
            figure = GrowthFigure("target" if is_target else "result", low, high, qualifier, phrase, sentence, n)
            own = national or (name != "国内生产总值" and m.group("own") not in ("全国", "我国"))
            found.append(GrowthPhrase(figure, is_target, own, skip))
    return found


def read_growth(paragraphs: list[str] | str, year: int | None = None, national: bool = False,
                terms: GrowthTerms | None = None) -> GrowthReading:
    """The GDP growth target for ``year`` and the realised growth of ``year - 1`` in one report (module docstring).

    ``paragraphs``: the report's paragraphs (or its text, one paragraph a line); ``national``: a national
    report (where 国内生产总值 is the report's own GDP; elsewhere a regional name is preferred).
    """
    if isinstance(paragraphs, str):
        paragraphs = paragraphs.splitlines()
    phrases = find_growth_phrases(paragraphs, year, national, terms)
    usable = [p for p in phrases if not p.skip]
    targets = sorted((p for p in usable if p.is_target), key=lambda p: (not p.own_name, p.figure.position))
    results = sorted((p for p in usable if not p.is_target), key=lambda p: (not p.own_name, p.figure.position))
    if not targets and results:
        # no target word: a later phrase that reads as a promise (a qualifier or a range, no review word, no 预计)
        # after the year's result is the target (a list of targets whose heading is not in the text)
        promise = [p for p in results[1:] if p.own_name and p.figure.position > results[0].figure.position
                   and (p.figure.high is not None or qualifier_bound(p.figure.qualifier) in ("about", "at least"))
                   and not any(w in p.figure.sentence for w in (*terms_of(terms).review_words, "预计"))]
        if promise:
            promise[0].figure.kind = "target"
            targets, results = [promise[0]], [p for p in results if p is not promise[0]]
    reading = GrowthReading(targets[0].figure if targets else None, results[0].figure if results else None)
    if reading.target is None:
        skipped = [p for p in phrases if p.is_target]
        reading.target_why = (f"the only growth targets are not for the year ({skipped[0].skip}: {skipped[0].figure.text})"
                              if skipped else "no GDP growth target with a number")
    if reading.result is None:
        skipped = [p for p in phrases if not p.is_target]
        reading.result_why = (f"its GDP growth figures are not one year's ({skipped[0].skip}: {skipped[0].figure.text})"
                              if skipped else "no GDP growth figure (GDP given only as a level, or not at all)")
    return reading


# --------------------------------------------------------------------------- the panel


def _pinyin(place: str) -> str:
    data = places()
    if place == data["national"]["name"]:
        return "national"
    return next((p["pinyin"] for p in data["provinces"] if p["name"] == place), "")


def _target_kind(qualifier: str, high: object) -> str:
    if high is not None and high == high:
        return "range"
    return qualifier_bound(qualifier)


def growth_panel(readings: pd.DataFrame, reports: pd.DataFrame) -> pd.DataFrame:
    """One row per place and year (:data:`GROWTH_COLUMNS`): the target of year Y's report against the result of Y+1's.

    ``readings``: one row per report file (``file`` and the columns of :meth:`GrowthReading.as_row`);
    ``reports``: ``file, place, level, year`` (one report per place and year is used: the first file name).
    A year appears when the place has a report of that year or of the next; rows sorted by level, place, year.
    """
    names = load_names()
    direction = names.direction.get("地区生产总值", "higher")
    reps = reports.dropna(subset=["year"]).copy()
    reps = reps[reps.place.fillna("").astype(str) != ""]
    reps["year"] = reps.year.astype(int)
    reps = reps.sort_values(["place", "year", "file"]).drop_duplicates(["place", "year"])
    read = {str(r["file"]): r for r in readings.to_dict("records")}
    by_place_year = {(p, y): (f, lv) for p, y, f, lv in zip(reps.place, reps.year, reps.file, reps.level.fillna(""))}
    keys = sorted({k for k in by_place_year} | {(p, y - 1) for p, y in by_place_year})
    rows = []
    for place, year in keys:
        tfile, tlevel = by_place_year.get((place, year), ("", ""))
        rfile, rlevel = by_place_year.get((place, year + 1), ("", ""))
        t, r = read.get(tfile, {}), read.get(rfile, {})
        low = t.get("target_low")
        has_target = low is not None and low == low
        result = r.get("result_low")
        has_result = result is not None and result == result
        high = t.get("target_high") if has_target else None
        high = high if high is not None and high == high else None
        row = {"place": place, "level": tlevel or rlevel, "year": year, "target_low": low if has_target else None,
               "target_high": (high if high is not None else low) if has_target else None,
               "target_text": t.get("target_text", "") if has_target else "", "result": result if has_result else None,
               "result_text": r.get("result_text", "") if has_result else "", "status": "", "target_file": tfile,
               "result_file": rfile, "qualifier": t.get("target_qualifier", "") if has_target else "",
               "target_kind": _target_kind(str(t.get("target_qualifier", "")), high) if has_target else "",
               "gap": round(float(result) - float(low), 4) if has_target and has_result else None,
               "pinyin": _pinyin(place), "note": "",
               "target_sentence": t.get("target_sentence", "") if has_target else "",
               "result_sentence": r.get("result_sentence", "") if has_result else ""}
        if not has_target:
            row["status"] = "no target"
            row["note"] = (f"no report of {place} for {year} in the corpus" if not tfile
                           else f"{tfile}: {t.get('target_why') or 'no GDP growth target'}")
            if not has_result:
                row["note"] += f"; {rfile}: {r.get('result_why') or 'no GDP growth figure'}" if rfile else ""
        elif not has_result:
            row["status"] = "no result"
            row["note"] = (f"no report of {place} for {year + 1} in the corpus" if not rfile
                           else f"{rfile}: {r.get('result_why') or 'no GDP growth figure for ' + str(year)}")
        else:
            target = (float(low), float(high)) if high is not None else float(low)
            row["status"], row["note"] = judge(target, float(result), str(row["qualifier"]), direction)
        rows.append(row)
    table = pd.DataFrame(rows, columns=GROWTH_COLUMNS)
    for col in ("target_low", "target_high", "result", "gap"):
        table[col] = pd.to_numeric(table[col], errors="coerce")
    level_order = {"national": 0, "provincial": 1, "municipal": 2, "county": 3}
    table["_lv"] = table.level.map(level_order).fillna(4)
    table = table.sort_values(["_lv", "place", "year"], kind="stable").drop(columns="_lv")
    return table.reset_index(drop=True)


# --------------------------------------------------------------------------- scoring against a key

KEY_COLUMNS = ["place", "level", "pinyin", "target_year", "target_low", "target_high", "target_text", "target_source",
               "result", "result_text", "result_source", "status", "required", "notes"]


@dataclass
class GrowthScore:
    """Shares of key rows found: targets (low and high match), results (value matches), met/missed agreement.

    A share is ``nan`` when the key has no row to score it on.
    """

    targets: float
    results: float
    status: float
    n_targets: int
    n_results: int
    n_status: int
    misses: pd.DataFrame
    hits: tuple[int, int, int] = (0, 0, 0)

    def lines(self) -> list[str]:
        """The figures as printable lines."""
        rows = (("targets found", self.targets, self.hits[0], self.n_targets, "", 0.97),
                ("results found", self.results, self.hits[1], self.n_results, "", 0.95),
                ("met/missed", self.status, self.hits[2], self.n_status, " rows both known", 0.95))
        return [f"{label:15s} {share:.3f} ({hit}/{n}{what}; goal ≥ {goal})" for label, share, hit, n, what, goal in rows]


def read_growth_key(path: str | Path) -> pd.DataFrame:
    """Read a growth key CSV (:data:`KEY_COLUMNS`); one-line error naming the file when a column is missing."""
    p = Path(path)
    try:
        key = pd.read_csv(p, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise OneLineError(f"{p}: not a readable UTF-8 CSV ({str(exc).splitlines()[0]})") from None
    missing = [c for c in ("place", "target_year", "target_low", "target_high", "result", "status") if c not in key.columns]
    if missing:
        raise OneLineError(f"{p}: the key has no column {missing[0]!r} (columns: {', '.join(KEY_COLUMNS)})")
    for col in ("target_low", "target_high", "result"):
        key[col] = pd.to_numeric(key[col].str.replace("%", "", regex=False), errors="coerce")
    key["target_year"] = pd.to_numeric(key.target_year, errors="coerce").astype("Int64")
    return key


def _required(value: object) -> bool:
    return str(value).strip().lower() not in ("no", "n", "false", "0", "optional")


def _same(a: object, b: object) -> bool:
    a_na, b_na = a is None or a != a, b is None or b != b
    if a_na or b_na:
        return a_na and b_na
    return abs(float(a) - float(b)) < 1e-6


def score_growth_key(key: pd.DataFrame, panel: pd.DataFrame) -> GrowthScore:
    """Score a growth panel (:func:`growth_panel`) against a key (:func:`read_growth_key`).

    Rows are matched by place and year. **Targets found**: the share of key rows with a target whose low and
    high ends both match (a key without ``target_high`` means high = low). **Results found**: the share of
    key rows with a result whose value matches. **Met/missed**: agreement on the rows where the key and the
    panel both say met or missed. Key rows whose ``required`` says no (``no``, ``false``, ``0``) are left out.
    """
    key = key[[_required(v) for v in key.get("required", pd.Series([""] * len(key)))]] if "required" in key else key
    mine = {(str(p), int(y)): r for p, y, r in zip(panel.place, panel.year, panel.to_dict("records"))}
    hits_t = hits_r = hits_s = n_t = n_r = n_s = 0
    misses = []
    for k in key.to_dict("records"):
        if k["target_year"] is pd.NA:
            continue
        got = mine.get((str(k["place"]), int(k["target_year"])), {})
        if k["target_low"] == k["target_low"]:
            n_t += 1
            high = k["target_high"] if k["target_high"] == k["target_high"] else k["target_low"]
            ok = _same(got.get("target_low"), k["target_low"]) and _same(got.get("target_high"), high)
            hits_t += ok
            if not ok:
                misses.append({"place": k["place"], "year": k["target_year"], "what": "target",
                               "key": f"{k['target_low']:g}–{high:g}", "got": f"{got.get('target_low')}–{got.get('target_high')}",
                               "note": got.get("note", "no row")})
        if k["result"] == k["result"]:
            n_r += 1
            ok = _same(got.get("result"), k["result"])
            hits_r += ok
            if not ok:
                misses.append({"place": k["place"], "year": k["target_year"], "what": "result", "key": f"{k['result']:g}",
                               "got": str(got.get("result")), "note": got.get("note", "no row")})
        if str(k["status"]).strip() in ("met", "missed") and got.get("status") in ("met", "missed"):
            n_s += 1
            ok = got["status"] == str(k["status"]).strip()
            hits_s += ok
            if not ok:
                misses.append({"place": k["place"], "year": k["target_year"], "what": "status", "key": k["status"],
                               "got": got["status"], "note": got.get("note", "")})
    share = lambda hit, n: hit / n if n else float("nan")  # noqa: E731
    return GrowthScore(share(hits_t, n_t), share(hits_r, n_r), share(hits_s, n_s), n_t, n_r, n_s,
                       pd.DataFrame(misses, columns=["place", "year", "what", "key", "got", "note"]), (hits_t, hits_r, hits_s))
