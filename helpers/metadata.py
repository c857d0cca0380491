"""What a report is: its place, level, year, title, date and speaker — each with where it came from.

The year is the one the report is delivered in; every period of the indicator table follows from it
(the year reviewed, 十四五/十五五, 今后五年). It comes from the first source that has one:

1. the date, title or meeting line (``——2021年1月19日在无锡市第十六届人民代表大会…``);
2. the part headings (``一、2020年工作回顾`` → 2021, ``三、2021年主要任务`` → 2021);
3. the file name (``shanghai_2021.txt``);
4. else it is unknown (a warning says so, and ``--year`` / ``report_year`` set it).

Sources that disagree give a one-line warning; an override (``year=``, ``place=``) always wins.
The place comes from the title or meeting line (``江苏省无锡市``, ``全国人民代表大会``), a province's
pinyin in the file name (``data/metadata/places.yml``), the report's own words when neither says it
(:func:`place_from_content`: ``我代表上海市人民政府`` / ``我代表国务院``, else a provincial-level unit
named far more often than any other — 上海 dozens of times), or the speaker's role (国务院总理 →
national); the level (national, provincial, municipal, county) from the place and the speaker's role.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from .lexicon import places, province_short_names
from .structure import Structure

YEAR = r"((?:19|20)\d{2})"
_REVIEW_RE = re.compile(r"回顾|成就|总结|过去")
_PLAN_RE = re.compile(
    YEAR + r"年(?:的)?(?:经济社会发展)?(?:主要任务|重点工作|工作安排|主要工作|工作任务|政府工作任务|工作总体部署|总体要求|"
    r"目标任务|工作建议|安排建议|的工作|工作)"
)
_PLACE_RE = re.compile(r"([\u4e00-\u9fff]{2,12}?(?:省|自治区|特别行政区|市|州|盟|县|区|旗))")
#: A suffix without a name (在自治区第十四届人民代表大会…): no place.
_NO_NAME = frozenset({"自治区", "特别行政区"})


@dataclass
class ReportMeta:
    """A report's metadata; ``sources`` says where each field came from, ``warnings`` what disagreed."""

    name: str = ""
    place: str = ""
    level: str = "unknown"
    year: int | None = None
    title: str = ""
    date: str = ""
    speaker: str = ""
    speaker_role: str = ""
    sources: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def as_row(self) -> dict[str, object]:
        """One flat row (for a manifest): the fields and their sources."""
        row = {k: v for k, v in asdict(self).items() if k not in ("sources", "warnings")}
        row.update({f"{k}_source": v for k, v in self.sources.items()})
        row["warnings"] = " | ".join(self.warnings)
        return row


def _year_from_lines(meta: dict[str, str]) -> tuple[int | None, str]:
    for key, label in (("date", "date line"), ("meeting", "meeting line"), ("title", "title")):
        if m := re.search(YEAR, meta.get(key, "")):
            return int(m.group(1)), label
    return None, ""


def year_from_headings(titles: list[str]) -> int | None:
    """The report year from part headings: a review of year Y means Y+1, a plan for year Y means Y."""
    votes: list[int] = []
    for title in titles:
        years = [int(y) for y in re.findall(YEAR, title)]
        if not years:
            continue
        if _REVIEW_RE.search(title):
            votes.append(max(years) + 1)
        elif (m := _PLAN_RE.search(title)) is not None:
            votes.append(int(m.group(1)))
    return max(votes, key=votes.count) if votes else None


def _year_from_name(name: str) -> int | None:
    m = re.search(r"(?<!\d)((?:19|20)\d{2})(?!\d)", name)
    return int(m.group(1)) if m else None


def _place_from_text(meta: dict[str, str]) -> tuple[str, str]:
    meeting, title = meta.get("meeting", ""), meta.get("title", "")
    if "全国人民代表大会" in meeting or "国务院" in title or "中华人民共和国" in title:
        return places()["national"]["name"], "meeting line" if "全国" in meeting else "title"
    for text, label in ((meeting, "meeting line"), (title, "title")):
        text = re.sub(r"^.*?在", "", text) if label == "meeting line" else re.sub(YEAR + "年", "", text)
        text = text.split("人民代表大会")[0].split("政府工作报告")[0].split("人民政府")[0]
        found = [f for f in _PLACE_RE.findall(re.sub(r"第[一二三四五六七八九十]+届.*$", "", text)) if f not in _NO_NAME]
        if found:
            return found[-1], label  # 江苏省无锡市 → 无锡市
    return "", ""


def _place_from_name(name: str) -> str:
    stem = name.lower()
    data = places()
    if any(stem.startswith(p) for p in data["national"]["pinyin"]):
        return data["national"]["name"]
    for province in data["provinces"]:
        if re.match(rf"{province['pinyin']}(?![a-z])", stem):
            return province["name"]
    return ""


_ON_BEHALF_RE = re.compile(r"我代表(国务院|[\u4e00-\u9fff]{2,12}?人民政府)")


def place_from_content(paragraphs: list[str], role: str = "") -> tuple[str, str]:
    """The place a report speaks for, from its own words: ``(place, source)`` or ``("", "")``.

    ``我代表上海市人民政府`` (or ``我代表国务院``, national) wins; else a provincial-level unit (``places.yml``,
    by its short name: 上海, 内蒙古) named at least 10 times and 3 times as often as any other and as
    我国 — a national report names many provinces a few times each, a provincial report its own dozens
    of times. A speaker whose office is a province's (``省长``, ``主席``) or a municipality's (``市长``)
    keeps the choice to those; for a ``市长`` it takes 20 mentions (a city's report may name 上海, its
    neighbour, a dozen times).
    """
    text = "\n".join(str(p) for p in paragraphs[:400])
    data = places()
    if m := _ON_BEHALF_RE.search(text):
        who = m.group(1)
        if who == "国务院":
            return data["national"]["name"], "text (我代表国务院)"
        found = _PLACE_RE.findall(who.replace("人民政府", ""))
        if found:
            return found[-1], f"text (我代表{who})"
    short = {}
    for p in data["provinces"]:
        name = p["name"]
        key = next((s for s in sorted(province_short_names(), key=len, reverse=True) if name.startswith(s)), name)
        if role.endswith("市长") and not p.get("municipality") or role.endswith(("省长", "主席")) and p.get("municipality"):
            continue
        short[name] = text.count(key)
    ranked = sorted(short.items(), key=lambda kv: (-kv[1], kv[0]))
    if not ranked:
        return "", ""
    (best, n), runner_up = ranked[0], (ranked[1][1] if len(ranked) > 1 else 0)
    if n >= (20 if role.endswith("市长") else 10) and n >= 3 * runner_up and n >= 3 * text.count("我国"):
        return best, f"text ({n} mentions)"
    return "", ""


def level_of(place: str, role: str = "") -> str:
    """national, provincial, municipal or county, from the place's name and the speaker's role."""
    data = places()
    if place == data["national"]["name"] or "总理" in role:
        return "national"
    if any(place == p["name"] for p in data["provinces"]) or role.endswith(("省长", "主席")):
        return "provincial"
    if place.endswith(("县", "区", "旗")) or role.endswith(("县长", "区长", "旗长")):
        return "county"
    if place.endswith(("市", "州", "盟")) or role.endswith(("市长", "州长", "盟长")):
        return "municipal"
    return "unknown"


def report_metadata(structure: Structure, name: str = "", year: int | None = None, place: str | None = None) -> ReportMeta:
    """Infer a report's metadata from its front matter, headings and file ``name``; ``year``/``place`` override."""
    meta = structure.meta
    out = ReportMeta(name=name, title=meta.get("title", ""), date=meta.get("date", ""), speaker=meta.get("speaker", ""),
                     speaker_role=meta.get("speaker_role", ""))
    for key in ("title", "date", "speaker"):
        out.sources[key] = "front matter" if getattr(out, key) else "unknown"
    # --- year
    candidates: list[tuple[int, str]] = []
    y, label = _year_from_lines(meta)
    if y:
        candidates.append((y, label))
    titles = [t for t in structure.paragraphs.drop_duplicates("part").part_title if t]
    if (y := year_from_headings(titles)) is not None:
        candidates.append((y, "part headings"))
    if (y := _year_from_name(name)) is not None:
        candidates.append((y, "file name"))
    if year:
        out.year, out.sources["year"] = int(year), "override"
    elif candidates:
        out.year, out.sources["year"] = candidates[0]
    else:
        out.sources["year"] = "unknown"
        out.warnings.append(f"{name or 'report'}: the report year is unknown (no date, title or dated headings); give it with --year or report_year")
    others = {v for v, _ in candidates}
    if not year and len(others) > 1:
        said = ", ".join(f"{label} {v}" for v, label in candidates)
        out.warnings.append(f"{name or 'report'}: the sources of the year disagree ({said}); using {out.year} (override with --year or report_year)")
    # --- place and level
    text_place, label = _place_from_text(meta)
    name_place = _place_from_name(name)
    if place:
        out.place, out.sources["place"] = place, "override"
    elif text_place:
        out.place, out.sources["place"] = text_place, label
    elif name_place:
        out.place, out.sources["place"] = name_place, "file name"
    elif (content := place_from_content(list(structure.paragraphs.text), out.speaker_role))[0]:
        out.place, out.sources["place"] = content
    elif "总理" in out.speaker_role:
        out.place, out.sources["place"] = places()["national"]["name"], "speaker"
    else:
        out.sources["place"] = "unknown"
    if not place and text_place and name_place and level_of(name_place) == "provincial" and level_of(text_place) == "provincial" and name_place != text_place:
        out.warnings.append(f"{name}: the file name says {name_place}, the report says {text_place}; using {text_place}")
    out.level = level_of(out.place, out.speaker_role)
    out.sources["level"] = "place" if out.level != "unknown" else "unknown"
    return out
