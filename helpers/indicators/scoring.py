"""Scoring an indicator table against a hand-made answer key (recall, precision, name, year, kind).

The rules are those of the maintainers' scorer (``../shared/eval/score_indicators.py``), so figures
measured here and there agree (a test checks it when ``../shared`` is beside the project):

* a predicted row matches a key row when value and unit are equal; among candidates the one whose
  name (4 points), year (2) and kind (1) agree best is taken, required rows first;
* ``required=0`` rows are ambiguous: matching one neither helps nor hurts;
* a name agrees when it is a little shorter or longer than one of the key's ``|``-separated names, or
  shares half of its character bigrams.

    >>> from helpers.indicators.scoring import score_indicators
    >>> score_indicators("tests/data/keys/national_2024_indicators.csv", my_table)["recall"]  # doctest: +SKIP
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

_PUNCT = re.compile(r"[\s“”\"'‘’《》（）()、，,。：:；;·\-—_{}]")
METRICS = ("recall", "precision", "f1", "name", "year", "kind")


def _text(s: str) -> str:
    return _PUNCT.sub("", unicodedata.normalize("NFKC", s or "")).replace("Ⅲ", "III").lower()


def _year(y) -> str:
    y = unicodedata.normalize("NFKC", str(y or "")).strip()
    y = re.sub(r"\.0$", "", y)
    return re.sub(r"\s*[-–—~至到]\s*", "-", y).replace("年", "")


def _key(value, unit) -> tuple:
    try:
        v = round(float(unicodedata.normalize("NFKC", str(value)).replace(",", "")), 6)
    except ValueError:
        v = None
    return v, unicodedata.normalize("NFKC", unit or "").strip().replace(" ", "")


def _bigrams(s: str) -> set[str]:
    return {s[i:i + 2] for i in range(len(s) - 1)} or {s}


def name_agrees(predicted: str, names: list[str]) -> bool:
    """Whether a predicted indicator name agrees with one of a key row's names."""
    p = _text(predicted)
    if not p:
        return False
    for g in map(_text, names):
        if not g:
            continue
        if len(p) >= 2 and p in g and len(p) >= 0.5 * len(g):
            return True
        if g in p and len(p) <= 2 * len(g) + 2:
            return True
        a, b = _bigrams(p), _bigrams(g)
        if len(a & b) / len(a | b) >= 0.5:
            return True
    return False


@dataclass
class Score:
    """The figures of one scoring, and the rows behind them (for reading misses)."""

    figures: dict[str, float]
    missed: list[dict] = field(default_factory=list)
    wrong_name: list[tuple[dict, dict]] = field(default_factory=list)
    wrong_year: list[tuple[dict, dict]] = field(default_factory=list)
    wrong_kind: list[tuple[dict, dict]] = field(default_factory=list)
    extra: list[dict] = field(default_factory=list)

    def __getitem__(self, metric: str) -> float:
        return self.figures[metric]

    def summary(self) -> str:
        return " ".join(f"{m}={self.figures[m]:.3f}" for m in METRICS)


def _rows(table: pd.DataFrame | str | Path) -> list[dict]:
    if not isinstance(table, pd.DataFrame):
        table = pd.read_csv(table, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    return table.fillna("").astype(str).to_dict("records")


def score_indicators(key: pd.DataFrame | str | Path, predicted: pd.DataFrame | str | Path) -> Score:
    """Score ``predicted`` (a table or CSV with indicator, value, unit, year, kind) against ``key``."""
    gold, pred = _rows(key), _rows(predicted)
    free: dict[tuple, list[int]] = {}
    for i, r in enumerate(pred):
        free.setdefault(_key(r.get("value"), r.get("unit")), []).append(i)

    def years(g: dict) -> set[str]:
        return {_year(y) for y in g["year"].split("|")}

    def agree(g: dict, p: dict) -> tuple[bool, bool, bool]:
        return (name_agrees(p.get("indicator", ""), g["indicator"].split("|")), _year(p.get("year")) in years(g),
                (p.get("kind") or "").strip().lower() == g["kind"])

    matched: dict[int, int] = {}
    for gi in sorted(range(len(gold)), key=lambda i: gold[i]["required"] != "1"):
        cands = free.get(_key(gold[gi]["value"], gold[gi]["unit"]), [])
        if cands:
            best = max(cands, key=lambda pi: sum(w * a for w, a in zip((4, 2, 1), agree(gold[gi], pred[pi]))))
            matched[gi] = best
            cands.remove(best)
    required = [i for i, g in enumerate(gold) if g["required"] == "1"]
    hit = [i for i in required if i in matched]
    used = set(matched.values())
    scored = len(pred) - sum(1 for gi in matched if gold[gi]["required"] != "1")
    recall = len(hit) / len(required) if required else 0.0
    precision = len(hit) / scored if scored else 0.0
    checks = [agree(gold[i], pred[matched[i]]) for i in hit]
    score = Score({
        "recall": recall, "precision": precision,
        "f1": 2 * recall * precision / (recall + precision) if recall + precision else 0.0,
        **{m: (sum(c[k] for c in checks) / len(hit) if hit else 0.0) for k, m in enumerate(("name", "year", "kind"))},
    })
    score.missed = [gold[i] for i in required if i not in matched]
    for i, c in zip(hit, checks):
        for ok, bucket in zip(c, (score.wrong_name, score.wrong_year, score.wrong_kind)):
            if not ok:
                bucket.append((gold[i], pred[matched[i]]))
    score.extra = [pred[i] for i in range(len(pred)) if i not in used]
    return score
