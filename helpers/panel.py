"""Panel measures across reports: policy-attention indices, and targets set against results.

**Indices** (:func:`load_indices`, :func:`index_counts`): word lists kept as data files
(``data/dictionaries/indices/*.txt``, each with its ``source``), counted in a report's cleaned text
leftmost-longest and non-overlapping (the rule is spelt out in that folder's ``README.md``), and given
per 10,000 characters and as a share of the report's tokens — the measure of policy attention used
in panel studies of 政府工作报告 (陈诗一、陈登科 2018, 经济研究).

**Targets vs results** (:func:`targets_vs_results`): each target a report of year Y sets for Y is
matched to the figure the same place's report of Y+1 gives for Y (kind ``actual``), after name
normalisation (:func:`canonical_name`, from ``data/panel/indicator_names.yml``: GDP = 国内生产总值 =
地区生产总值). The target's qualifier (左右, 以上, a range …) and the indicator's direction decide the
status: ``met``, ``missed``, ``not comparable`` (units or measures differ, a qualifier that sets no
bound) or ``no result`` (no report of Y+1 in the corpus, or no such figure in it). Every target gets a
row: unmatched targets are listed, not dropped.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .errors import OneLineError
from .indicators import indicator_targets
from .lexicon import DICTIONARY_DIR, read_yaml
from .paths import DATA_DIR

INDEX_DIR = DICTIONARY_DIR / "indices"
NAMES_FILE = DATA_DIR / "panel" / "indicator_names.yml"
WORD_RE = re.compile(r"[\u4e00-\u9fffA-Za-z]")

STATUSES = ("met", "missed", "not comparable", "no result")
TVR_COLUMNS = [
    "indicator", "year", "target_value", "target_unit", "qualifier", "result_value", "result_unit", "status",
    "target_file", "result_file", "place", "target_name", "result_name", "direction", "note",
]

#: Qualifiers of a target, by the bound they set.
ABOUT = ("左右", "约", "上下", "大约", "接近", "近", "保持在")
AT_LEAST = ("以上", "超过", "超", "突破", "不低于", "不少于", "高于", "力争", "多", "达到", "达", "逾")
AT_MOST = ("以内", "以下", "不超过", "控制在", "低于", "不高于")


class IndexListError(OneLineError, ValueError):
    """A word list of an index that cannot be used (one line naming the file)."""


# --------------------------------------------------------------------------- indices


@dataclass(frozen=True)
class IndexList:
    """One policy-attention word list: its id, label, source and words (longest first for matching)."""

    id: str
    label: str
    source: str
    words: tuple[str, ...]
    path: str = ""

    def pattern(self) -> re.Pattern[str]:
        """The leftmost-longest matcher: an alternation of the words, longest first."""
        return re.compile("|".join(re.escape(w) for w in sorted(self.words, key=lambda w: (-len(w), w))))


def read_index_list(path: str | Path) -> IndexList:
    """Read one index file: ``# index:``, ``# label:``, ``# source:`` header lines, then one word a line."""
    p = Path(path)
    header: dict[str, str] = {}
    words: list[str] = []
    for line in p.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line:
            continue
        if line.startswith("#"):
            if m := re.match(r"#\s*(index|label|source)\s*:\s*(.+)", line):
                header[m.group(1)] = m.group(2).strip()
            continue
        words.append(line.split()[0])
    if not words:
        raise IndexListError(f"{p}: no words (one word a line, # for comments)")
    if not header.get("source"):
        raise IndexListError(f"{p}: no '# source:' line (say where the list comes from)")
    if len(set(words)) != len(words):
        dup = sorted({w for w in words if words.count(w) > 1})[0]
        raise IndexListError(f"{p}: the word {dup!r} is listed twice")
    return IndexList(header.get("index", p.stem), header.get("label", p.stem), header["source"], tuple(words), str(p))


@lru_cache(maxsize=4)
def _load_indices(folder: str) -> tuple[IndexList, ...]:
    files = sorted(Path(folder).glob("*.txt"))
    if not files:
        raise IndexListError(f"{folder}: no index word lists (*.txt)")
    return tuple(read_index_list(f) for f in files)


def load_indices(folder: str | Path | None = None) -> dict[str, IndexList]:
    """Every index of ``folder`` (default ``data/dictionaries/indices/``) by id, in file-name order."""
    return {i.id: i for i in _load_indices(str(folder or INDEX_DIR))}


def index_files(folder: str | Path | None = None) -> list[Path]:
    """The files the indices are read from (for cache fingerprints)."""
    return sorted(Path(folder or INDEX_DIR).glob("*"))


def text_chars(text: str) -> int:
    """Characters of ``text`` without whitespace (the denominator of ``per_10k_chars``)."""
    return len(re.sub(r"\s", "", text))


def word_tokens(tokens: pd.Series | list[str]) -> int:
    """Tokens that are words: contain a Chinese character or a Latin letter (the denominator of ``token_share``)."""
    return sum(1 for t in tokens if WORD_RE.search(str(t)))


def index_counts(text: str, n_tokens: int, indices: dict[str, IndexList] | None = None) -> pd.DataFrame:
    """Each index's ``count``, ``per_10k_chars`` and ``token_share`` in ``text`` (see the module docstring).

    ``n_tokens`` is the report's number of word tokens (:func:`word_tokens`). Rows in index order.
    """
    indices = indices if indices is not None else load_indices()
    chars = text_chars(text)
    rows = []
    for ix in indices.values():
        n = sum(1 for _ in ix.pattern().finditer(text))
        rows.append({"index": ix.id, "count": n, "per_10k_chars": n * 10_000 / chars if chars else 0.0,
                     "token_share": n / n_tokens if n_tokens else 0.0})
    return pd.DataFrame(rows, columns=["index", "count", "per_10k_chars", "token_share"])


# --------------------------------------------------------------------------- indicator names


@dataclass(frozen=True)
class NameTable:
    """Aliases → canonical names, each canonical name's direction, and the tolerance of 左右."""

    canonical: dict[str, str]
    direction: dict[str, str]
    about_tolerance: float


def load_names(path: str | Path | None = None) -> NameTable:
    """Read ``data/panel/indicator_names.yml`` (or ``path``); one-line error naming the file when it is wrong."""
    p = Path(path or NAMES_FILE)
    try:
        data = read_yaml(p)
    except FileNotFoundError:
        raise OneLineError(f"{p}: no such file") from None
    if not isinstance(data, dict) or not isinstance(data.get("indicators"), list):
        raise OneLineError(f"{p}: expected an 'indicators:' list")
    canonical: dict[str, str] = {}
    direction: dict[str, str] = {}
    for i, item in enumerate(data["indicators"], start=1):
        if not isinstance(item, dict) or not item.get("name"):
            raise OneLineError(f"{p}: indicator #{i} has no name")
        name, d = str(item["name"]), str(item.get("direction", "higher"))
        if d not in ("higher", "lower"):
            raise OneLineError(f"{p}: indicator {name!r} has direction {d!r}; use higher or lower")
        direction[name] = d
        for alias in [name, *item.get("aliases", [])]:
            canonical[_strip(str(alias))] = name
    return NameTable(canonical, direction, float(data.get("about_tolerance", 0.05)))


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


# --------------------------------------------------------------------------- targets vs results


def qualifier_bound(qualifier: str) -> str:
    """The bound a qualifier sets: ``about``, ``at least``, ``at most``, ``exact`` (none) or ``none`` (unknown)."""
    q = str(qualifier or "").strip()
    if not q:
        return "exact"
    words = [(w, kind) for kind, ws in (("at most", AT_MOST), ("about", ABOUT), ("at least", AT_LEAST)) for w in ws]
    for word, kind in sorted(words, key=lambda wk: -len(wk[0])):  # 不低于 before 低于
        if word in q:
            return kind
    return "none"


def judge(target: float | tuple[float, float], result: float, qualifier: str, direction: str, tolerance: float,
          scale: float = 1.0) -> tuple[str, str]:
    """``(status, note)`` for one target against its result.

    ``target`` is a number or a ``(low, high)`` range. For ``direction="higher"`` a target is a floor
    (``以上``/none: result ≥ target; ``左右``: result ≥ target × (1 − tolerance); a range: result ≥ low);
    for ``"lower"`` a ceiling (mirror image). A qualifier that bounds the wrong side (``以内`` on a
    more-is-better indicator is a ceiling, so it is judged as one) or no side at all is ``not comparable``.
    The note states the rule applied, in the target's unit (values are divided by ``scale``).
    """
    if isinstance(target, tuple):
        low, high = target
        ok = result >= low if direction == "higher" else result <= high
        return ("met" if ok else "missed"), f"range {low / scale:g}–{high / scale:g}"
    bound = qualifier_bound(qualifier)
    if bound == "none":
        return "not comparable", f"the qualifier {qualifier!r} sets no bound"
    slack = tolerance * abs(target) if bound == "about" else 0.0
    if bound == "at most" or (direction == "lower" and bound != "at least"):
        ok = result <= target + slack
        rule = f"ceiling {(target + slack) / scale:g}"
    elif direction == "lower" and bound == "at least":
        return "not comparable", f"a floor ({qualifier}) on a less-is-better indicator"
    else:
        ok = result >= target - slack
        rule = f"floor {(target - slack) / scale:g}"
    return ("met" if ok else "missed"), rule


def _ranges(targets: pd.DataFrame) -> pd.DataFrame:
    """Join the two ends of a written range (``6%-6.5%``: two rows of one sentence) into one row with ``high``."""
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
            same = n.sentence_id == r.sentence_id and n.indicator == r.indicator and n.unit == r.unit
            if same and re.search(rf"{re.escape(a)}\D{{0,2}}[-—–~～至到]{re.escape(b)}", str(r.sentence)):
                row["high"] = float(n.value_base)
                skip.add(i + 1)
        rows.append(row)
    return pd.DataFrame(rows, columns=[*t.columns, "high"])


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


def targets_vs_results(indicators: pd.DataFrame, reports: pd.DataFrame, names: NameTable | None = None) -> pd.DataFrame:
    """Every target of every report against the next year's report of the same place (see the module docstring).

    ``indicators`` is the corpus indicator table (the columns of :func:`helpers.indicators.extract_indicators`
    plus ``file``); ``reports`` has ``file``, ``place`` and ``year`` (one report per place and year is used:
    the first file name; duplicates are skipped). Columns: :data:`TVR_COLUMNS`. Rows sorted by place,
    year, target file and the target's order in its report.
    """
    names = names or load_names()
    reps = reports.dropna(subset=["year"]).copy()
    reps = reps[reps.place.astype(str) != ""]
    reps["year"] = reps.year.astype(int)
    reps = reps.sort_values(["place", "year", "file"]).drop_duplicates(["place", "year"])
    by_place_year = {(p, y): f for p, y, f in zip(reps.place, reps.year, reps.file)}
    ind = indicators.copy()
    ind["year_s"] = ind.year.astype(str)
    ind["canon"] = [canonical_name(n, names) for n in ind.indicator.astype(str)]
    out: list[dict[str, object]] = []
    for (place, year), tfile in sorted(by_place_year.items()):
        targets = year_targets(ind[ind.file == tfile], year, names)
        if targets.empty:
            continue
        rfile = by_place_year.get((place, year + 1))
        results = ind[(ind.file == rfile) & (ind.kind == "actual") & (ind.year_s == str(year))] if rfile else ind.iloc[0:0]
        for t in targets.itertuples(index=False):
            direction = names.direction.get(t.canon, "higher")
            row = {"indicator": t.canon, "year": year, "target_value": float(t.value), "target_unit": t.unit,
                   "qualifier": t.qualifier, "result_value": None, "result_unit": "", "status": "no result",
                   "target_file": tfile, "result_file": rfile or "", "place": place, "target_name": t.indicator,
                   "result_name": "", "direction": direction, "note": ""}
            if t.high is not None and t.high == t.high:
                row["target_value_high"] = t.high
            if not rfile:
                row["note"] = f"no report of {place} for {year + 1} in the corpus"
                out.append(row)
                continue
            same = results[results.canon == t.canon]
            if same.empty:
                row["note"] = f"{rfile} gives no figure for {t.canon} in {year}"
                out.append(row)
                continue
            fit = same[(same.unit_base == t.unit_base) & (same.measure == t.measure)]
            if fit.empty:
                fit = same[same.unit_base == t.unit_base]
            r = (fit if not fit.empty else same).iloc[0]
            row.update(result_value=float(r.value), result_unit=r.unit, result_name=r.indicator)
            if fit.empty:
                row.update(status="not comparable", note=f"the result is in {r.unit_base or r.unit}, the target in {t.unit_base or t.unit}")
            else:
                scale = float(t.value_base) / float(t.value) if float(t.value) else 1.0
                target = (float(t.value_base), float(t.high)) if t.high is not None and t.high == t.high else float(t.value_base)
                result = float(r.value_base)
                status, note = judge(target, result, str(t.qualifier), direction, names.about_tolerance, scale or 1.0)
                if r.measure != t.measure:
                    note += f"; measures differ ({t.measure} / {r.measure})"
                row.update(status=status, note=note)
            out.append(row)
    table = pd.DataFrame(out, columns=[*TVR_COLUMNS, "target_value_high"])
    table["target_value_high"] = pd.to_numeric(table["target_value_high"], errors="coerce")
    return table.reset_index(drop=True)


def status_counts(table: pd.DataFrame) -> pd.DataFrame:
    """How many targets of each place and year were met, missed, not comparable or without a result."""
    counts = table.groupby(["place", "year", "status"]).size().unstack("status", fill_value=0)
    return counts.reindex(columns=list(STATUSES), fill_value=0).reset_index()
