"""Targets of year Y against results of Y+1: indicator names, the status rule, the targets-vs-results table.

:func:`targets_vs_results`: each target a report of year Y sets for Y is
matched to the figure the same place's report of Y+1 gives for Y (kind ``actual``), after name
normalisation (:func:`canonical_name`, from ``data/panel/indicator_names.yml``: GDP = 国内生产总值 =
地区生产总值; the panel key is ``canonical_name``, the national rows say 国内生产总值 in ``indicator``
and the report's own wording stays in ``target_name``/``result_name``). A range (``6%-6.5%``) is one
target, ``target_low``–``target_high``. A result of the same measure is preferred (growth rate with
growth rate, share with share, level with level), then one in the same unit; a result only in
another unit is ``not comparable``, with both units in the note. The status rule is data
(``data/panel/status_rules.yml``, :func:`load_status_rules`, :func:`judge`): ``met``, ``missed``, ``not comparable``
(units differ, a qualifier that sets no bound) or ``no result`` (no report of Y+1 in the corpus, or
no such figure in it; the note says which). Every target gets a row: unmatched targets are listed,
not dropped. :func:`year_targets` is the one count of a report's targets (index, corpus table, this table);
:func:`status_counts` sums the table by place and year.

The policy-attention indices, the other panel measure, are :mod:`helpers.indices`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .errors import OneLineError
from .indicators import indicator_targets
from .lexicon import read_yaml_mapping
from .paths import DATA_DIR

NAMES_FILE = DATA_DIR / "panel" / "indicator_names.yml"
RULES_FILE = DATA_DIR / "panel" / "status_rules.yml"

STATUSES = ("met", "missed", "not comparable", "no result")
TVR_COLUMNS = [
    "indicator", "year", "target_value", "target_unit", "qualifier", "result_value", "result_unit", "status",
    "target_file", "result_file", "place", "target_name", "result_name", "direction", "note",
]
#: Columns added after the first ones (kept in place for old readers): the range as one target, the panel key.
TVR_EXTRA_COLUMNS = ["target_value_high", "target_low", "target_high", "canonical_name"]

RULE_KINDS = ("floor", "about_floor", "ceiling", "about_ceiling", "range_low", "range_high", "range_inside", "no_bound")
BOUNDS = ("exact", "at_least", "about", "at_most", "range")


# --------------------------------------------------------------------------- indicator names


@dataclass(frozen=True)
class NameTable:
    """Aliases → canonical names, each canonical name's direction and national name, and the tolerance of 左右."""

    canonical: dict[str, str]
    direction: dict[str, str]
    about_tolerance: float
    national: dict[str, str] = field(default_factory=dict)

    def display(self, canon: str, level: str = "") -> str:
        """The name a row shows: the national name (国内生产总值) on national rows, else the canonical name."""
        return self.national.get(canon, canon) if level == "national" else canon


def load_names(path: str | Path | None = None) -> NameTable:
    """Read ``data/panel/indicator_names.yml`` (or ``path``); one-line error naming the file when it is wrong.

    ``about_tolerance`` comes from ``data/panel/status_rules.yml`` (an ``about_tolerance`` in the names
    file, as older copies have, still wins).
    """
    p = Path(path or NAMES_FILE)
    data = read_yaml_mapping(p, "an 'indicators:' list")
    if not isinstance(data.get("indicators"), list):
        raise OneLineError(f"{p}: expected an 'indicators:' list")
    canonical: dict[str, str] = {}
    direction: dict[str, str] = {}
    national: dict[str, str] = {}
    for i, item in enumerate(data["indicators"], start=1):
        if not isinstance(item, dict) or not item.get("name"):
            raise OneLineError(f"{p}: indicator #{i} has no name")
        name, d = str(item["name"]), str(item.get("direction", "higher"))
        if d not in ("higher", "lower"):
            raise OneLineError(f"{p}: indicator {name!r} has direction {d!r}; use higher or lower")
        direction[name] = d
        if item.get("national_name"):
            national[name] = str(item["national_name"])
        for alias in [name, *item.get("aliases", [])]:
            canonical[_strip(str(alias))] = name
    tolerance = float(data["about_tolerance"]) if "about_tolerance" in data else load_status_rules().about_tolerance
    return NameTable(canonical, direction, tolerance, national)


_PREFIX_RE = re.compile(r"^(?:全国|全省|全市|全区|全州|全县|全年|今年|预计)")
_SUFFIX_RE = re.compile(r"(?:增长率|增长|增速|涨幅|增幅|降幅|下降|降低|拟按|的)$")


def _strip(name: str) -> str:
    name = re.sub(r"\s", "", name)
    for _ in range(2):
        name = _SUFFIX_RE.sub("", _PREFIX_RE.sub("", name))
    return name


def canonical_name(name: str, names: NameTable | None = None) -> str:
    """The indicator's canonical name: normalised (prefixes/suffixes dropped), then looked up in the alias table."""
    names = names or load_names()
    stripped = _strip(str(name))
    return names.canonical.get(stripped, stripped)


# --------------------------------------------------------------------------- the status rule


@dataclass(frozen=True)
class StatusRules:
    """The status rule (``data/panel/status_rules.yml``): qualifier words by bound, the rule by direction and bound."""

    about_tolerance: float
    qualifiers: dict[str, tuple[str, ...]]
    rules: dict[str, dict[str, str]]
    path: str = ""


@lru_cache(maxsize=4)
def _load_status_rules(path: str) -> StatusRules:
    p = Path(path)
    data = read_yaml_mapping(p, "about_tolerance, qualifiers and rules")
    try:
        tolerance = float(data.get("about_tolerance", 0.05))
    except (TypeError, ValueError):
        raise OneLineError(f"{p}: about_tolerance {data.get('about_tolerance')!r} is not a number such as 0.05") from None
    quals = data.get("qualifiers") or {}
    if not isinstance(quals, dict) or set(quals) - {"about", "at_least", "at_most"}:
        raise OneLineError(f"{p}: qualifiers must list words under about, at_least and at_most")
    rules = data.get("rules") or {}
    for direction in ("higher", "lower"):
        table = rules.get(direction) if isinstance(rules, dict) else None
        if not isinstance(table, dict):
            raise OneLineError(f"{p}: rules has no '{direction}:' table")
        for bound in BOUNDS:
            allowed = [k for k in RULE_KINDS if k.startswith("range") == (bound == "range") or k == "no_bound"]
            if table.get(bound) not in allowed:
                raise OneLineError(f"{p}: rules.{direction}.{bound} is {table.get(bound)!r}; use one of {', '.join(allowed)}")
    return StatusRules(tolerance, {k: tuple(str(w) for w in v) for k, v in quals.items()},
                       {d: dict(rules[d]) for d in ("higher", "lower")}, str(p))


def load_status_rules(path: str | Path | None = None) -> StatusRules:
    """Read ``data/panel/status_rules.yml`` (or ``path``); one-line error naming the file when it is wrong."""
    return _load_status_rules(str(path or RULES_FILE))


def qualifier_bound(qualifier: str, rules: StatusRules | None = None) -> str:
    """The bound a qualifier sets: ``about``, ``at least``, ``at most``, ``exact`` (none) or ``none`` (unknown)."""
    q = str(qualifier or "").strip()
    if not q:
        return "exact"
    rules = rules or load_status_rules()
    words = [(w, kind.replace("_", " ")) for kind in ("at_most", "about", "at_least") for w in rules.qualifiers.get(kind, ())]
    for word, kind in sorted(words, key=lambda wk: -len(wk[0])):  # 不低于 before 低于
        if word in q:
            return kind
    return "none"


def judge(target: float | tuple[float, float], result: float, qualifier: str, direction: str,
          tolerance: float | None = None, scale: float = 1.0, rules: StatusRules | None = None) -> tuple[str, str]:
    """``(status, note)`` for one target against its result, by the rule of ``data/panel/status_rules.yml``.

    ``target`` is a number or a ``(low, high)`` range; ``direction`` is ``higher`` (more is better) or
    ``lower``. With the shipped rule, for ``higher`` a target is a floor (``以上``/none: result ≥ target;
    ``左右``: result ≥ target × (1 − tolerance); a range: result ≥ low), for ``lower`` a ceiling (mirror
    image); ``以内`` bounds the upper side either way; a floor on a less-is-better indicator, or a qualifier
    that bounds no side, is ``not comparable``. The note states the rule applied, in the target's unit
    (values are divided by ``scale``).
    """
    rules = rules or load_status_rules()
    tolerance = rules.about_tolerance if tolerance is None else tolerance
    table = rules.rules["lower" if direction == "lower" else "higher"]
    if isinstance(target, tuple):
        low, high = target
        kind = table["range"]
        span = f"range {low / scale:g}–{high / scale:g}"
        if kind == "range_low":
            return ("met" if result >= low else "missed"), f"{span}: met at or above {low / scale:g}"
        if kind == "range_high":
            return ("met" if result <= high else "missed"), f"{span}: met at or below {high / scale:g}"
        if kind == "range_inside":
            return ("met" if low <= result <= high else "missed"), f"{span}: met inside it"
        return "not comparable", f"{span}: the rule sets no bound for a range on a {direction}-is-better indicator"
    bound = qualifier_bound(qualifier, rules)
    if bound == "none":
        return "not comparable", f"the qualifier {qualifier!r} sets no bound"
    kind = table[bound.replace(" ", "_")]
    if kind == "no_bound":
        return "not comparable", f"a {bound} bound ({qualifier or 'no qualifier'}) on a {direction}-is-better indicator sets no bound that counts"
    slack = tolerance * abs(target) if kind.startswith("about") else 0.0
    if kind in ("ceiling", "about_ceiling"):
        return ("met" if result <= target + slack else "missed"), f"ceiling {(target + slack) / scale:g}"
    return ("met" if result >= target - slack else "missed"), f"floor {(target - slack) / scale:g}"


# --------------------------------------------------------------------------- targets vs results

_DASHES = "-—–~～至到－﹣‐‑‒―"


def _ranges(targets: pd.DataFrame) -> pd.DataFrame:
    """Join the two ends of a written range (``6%－6.5%``: two rows of one sentence) into one row with ``high``.

    The ends are one indicator (by canonical name) in one sentence and one unit; the second end's measure
    is not trusted (a bare ``6.5%`` reads as a share), the first end's is kept.
    """
    rows, skip = [], set()
    t = targets.reset_index(drop=True)
    for i, r in t.iterrows():
        if i in skip:
            continue
        row = r.to_dict()
        row["high"] = None
        if i + 1 < len(t):
            n = t.iloc[i + 1]
            a, b = str(r.value), str(n.value)
            same = n.sentence_id == r.sentence_id and n.canon == r.canon and n.unit == r.unit
            written = rf"(?<![\d.]){re.escape(a)}\D{{0,2}}[{re.escape(_DASHES)}]{re.escape(b)}(?![\d.])"
            if same and float(n.value_base) > float(r.value_base) and re.search(written, str(r.sentence)):
                row["high"] = float(n.value_base)
                skip.add(i + 1)
        rows.append(row)
    return pd.DataFrame(rows, columns=[*t.columns, "high"])


_MEASURE_WORDS = {"growth rate": "a growth rate", "share": "a share", "level": "a level", "count": "a count"}


def _describe(unit_base: str, unit: str, measure: str) -> str:
    return f"{unit_base or unit or 'no unit'} ({_MEASURE_WORDS.get(str(measure), str(measure) or 'unknown measure')})"


def pick_result(target: object, candidates: pd.DataFrame) -> tuple[pd.Series | None, str]:
    """The result to set against ``target`` among ``candidates`` (one indicator, one year), and how it was chosen.

    Same measure and unit first (``"same"``), then same measure (``"same measure"``: growth rate with growth
    rate, share with share, level with level), then same unit (``"same unit"``); else the first candidate with
    ``"units differ"`` (the row is then not comparable); ``(None, "none")`` when there is no candidate.
    """
    if candidates.empty:
        return None, "none"
    same_measure = candidates.measure == getattr(target, "measure")
    same_unit = candidates.unit_base == getattr(target, "unit_base")
    for mask, how in ((same_measure & same_unit, "same"), (same_measure, "same measure"), (same_unit, "same unit")):
        if mask.any():
            return candidates[mask].iloc[0], how
    return candidates.iloc[0], "units differ"


def _no_result_note(rfile: str, canon: str, year: int, others: pd.DataFrame) -> str:
    if others.empty:
        return f"{rfile} gives no figure for {canon}"
    said = sorted({f"{y} ({k})" for y, k in zip(others.year_s, others.kind)})
    return f"{rfile} gives {canon} for {', '.join(said[:4])}, not as a result for {year}"


GROWTH_NAME = "地区生产总值"


def year_targets(indicators: pd.DataFrame, year: int | None, names: NameTable | None = None) -> pd.DataFrame:
    """The targets a report sets for its own ``year``, one row per promise: the one count of targets.

    The rows of :func:`helpers.indicators.indicator_targets`, with a written range (``6%-6.5%``) joined into one
    row (``high``) and one promise written twice (经济增长预期目标为5%左右 read as two names of GDP) kept once
    (same canonical name ``canon``, value, unit and qualifier). The index, the corpus table and targets vs
    results all count these rows, so their numbers agree.
    """
    names = names or load_names()
    targets = indicator_targets(indicators, year)
    if targets.empty:
        return targets.assign(canon=pd.Series(dtype=str), high=pd.Series(dtype=float))
    targets = targets.assign(canon=[canonical_name(n, names) for n in targets.indicator.astype(str)])
    return _ranges(targets).drop_duplicates(["canon", "value", "unit", "qualifier"]).reset_index(drop=True)


def targets_vs_results(indicators: pd.DataFrame, reports: pd.DataFrame, names: NameTable | None = None,
                       rules: StatusRules | None = None, growth: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every target of every report against the next year's report of the same place (see the module docstring).

    ``indicators`` is the corpus indicator table (the columns of :func:`helpers.indicators.extract_indicators`
    plus ``file``); ``reports`` has ``file``, ``place`` and ``year`` (and ``level``, for the national name;
    one report per place and year is used: the first file name; duplicates are skipped). Columns:
    :data:`TVR_COLUMNS`, then :data:`TVR_EXTRA_COLUMNS` (``target_value`` = ``target_low``; for a range
    ``target_high``/``target_value_high`` is its upper end, else ``target_high`` = ``target_low``). Rows sorted
    by place, year, target file and the target's order in its report.

    ``growth`` (optional): the GDP growth panel of :func:`helpers.growth.growth_panel`. A GDP growth
    target whose next report has no growth rate for it in the indicator table takes the growth panel's
    result (read from the review sentence), before any level is set against it.
    """
    names = names or load_names()
    realised, promised = {}, {}
    if growth is not None and not growth.empty:
        for g in growth[growth.result.notna()].to_dict("records"):
            realised[(g["place"], int(g["year"]))] = g
        for g in growth[growth.target_low.notna()].to_dict("records"):
            promised[(g["place"], int(g["year"]))] = g
    rules = rules or load_status_rules()
    reps = reports.dropna(subset=["year"]).copy()
    reps = reps[reps.place.astype(str) != ""]
    reps["year"] = reps.year.astype(int)
    if "level" not in reps:
        reps["level"] = ""
    reps = reps.sort_values(["place", "year", "file"]).drop_duplicates(["place", "year"])
    by_place_year = {(p, y): f for p, y, f in zip(reps.place, reps.year, reps.file)}
    level_of_file = dict(zip(reps.file, reps.level.fillna("").astype(str)))
    ind = indicators.copy()
    ind["year_s"] = ind.year.astype(str)
    ind["canon"] = [canonical_name(n, names) for n in ind.indicator.astype(str)]
    out: list[dict[str, object]] = []
    for (place, year), tfile in sorted(by_place_year.items()):
        targets = year_targets(ind[ind.file == tfile], year, names)
        if targets.empty:
            continue
        rfile = by_place_year.get((place, year + 1))
        of_result = ind[ind.file == rfile] if rfile else ind.iloc[0:0]
        results = of_result[(of_result.kind == "actual") & (of_result.year_s == str(year))]
        level = level_of_file.get(tfile, "")
        for t in targets.itertuples(index=False):
            direction = names.direction.get(t.canon, "higher")
            high = float(t.high) if t.high is not None and t.high == t.high else None
            scale = float(t.value_base) / float(t.value) if float(t.value) else 1.0
            row = {"indicator": names.display(t.canon, level), "year": year, "target_value": float(t.value),
                   "target_unit": t.unit, "qualifier": t.qualifier, "result_value": None, "result_unit": "",
                   "status": "no result", "target_file": tfile, "result_file": rfile or "", "place": place,
                   "target_name": t.indicator, "result_name": "", "direction": direction, "note": "",
                   "target_value_high": high / scale if high is not None else None, "target_low": float(t.value),
                   "target_high": high / scale if high is not None else float(t.value), "canonical_name": t.canon}
            said = promised.get((place, year)) if t.canon == GROWTH_NAME and t.measure == "growth rate" else None
            if said is not None and tfile == said.get("target_file") and not (
                    float(t.value) == said["target_low"] and (high is None or high / scale == said["target_high"])):
                row["note"] = (f"the growth target of {tfile} reads {said['target_text']} (growth_targets.csv); "
                               "this figure may be another one; ")
            if not rfile:
                row["note"] += f"no report of {place} for {year + 1} in the corpus"
                out.append(row)
                continue
            r, how = pick_result(t, results[results.canon == t.canon])
            g = realised.get((place, year)) if t.canon == GROWTH_NAME and t.measure == "growth rate" else None
            if g is not None and how not in ("same", "same measure") and g.get("result_file") == rfile:
                r = pd.Series({"value": g["result"], "value_base": g["result"], "unit": "%", "unit_base": "%",
                               "measure": "growth rate", "indicator": g["result_text"]})
                how = "same"
                row["note"] += "result from the review sentence (growth_targets.csv); "
            if r is None:
                row["note"] += _no_result_note(rfile, t.canon, year, of_result[of_result.canon == t.canon])
                out.append(row)
                continue
            row.update(result_value=float(r.value), result_unit=r.unit, result_name=r.indicator)
            if how == "units differ":
                row.update(status="not comparable",
                           note=row["note"] + f"units differ: the result is in {_describe(r.unit_base, r.unit, r.measure)}, "
                                f"the target in {_describe(t.unit_base, t.unit, t.measure)}")
            else:
                target = (float(t.value_base), high) if high is not None else float(t.value_base)
                status, note = judge(target, float(r.value_base), str(t.qualifier), direction, names.about_tolerance,
                                     scale or 1.0, rules)
                if how == "same unit":
                    note += f"; no result of the same measure, this one is {_MEASURE_WORDS.get(str(r.measure), r.measure)}"
                row.update(status=status, note=row["note"] + note)
            out.append(row)
    table = pd.DataFrame(out, columns=[*TVR_COLUMNS, *TVR_EXTRA_COLUMNS])
    for col in ("target_value_high", "target_low", "target_high"):
        table[col] = pd.to_numeric(table[col], errors="coerce")
    return table.reset_index(drop=True)


def status_counts(table: pd.DataFrame) -> pd.DataFrame:
    """How many targets of each place and year were met, missed, not comparable or without a result."""
    counts = table.groupby(["place", "year", "status"]).size().unstack("status", fill_value=0)
    return counts.reindex(columns=list(STATUSES), fill_value=0).reset_index()
