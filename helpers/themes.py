"""Theme analysis with a dictionary: which policy areas each paragraph, section and part is about.

The dictionary ``data/dictionaries/themes.yml`` lists themes (an ``id``, a Chinese ``label`` and
``keywords``). A paragraph's score for a theme is the number of its keyword occurrences, matched on
the text longest keyword first (so ``科技创新`` counts once, not also as ``创新``); its top theme is the
one with the highest score (ties go to the theme listed first; no match leaves it empty).

Validation (:func:`validate_themes`) follows the standard check of a content-analysis dictionary:
where a report lays out its tasks in numbered sections, each section has a theme (from its title,
or given by hand), and a paragraph's top theme should match its section's.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml

from .errors import OneLineError
from .lexicon import THEMES_FILE, read_yaml
from .paths import resolve_path
from .structure import Structure

ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")


class ThemeDictionaryError(OneLineError, ValueError):
    """A theme dictionary that cannot be used, with the file and the problem in one line."""


@dataclass(frozen=True)
class Theme:
    id: str
    label: str
    keywords: tuple[str, ...]


@dataclass(frozen=True)
class ThemeDictionary:
    """Themes in file order, with a matcher over all their keywords."""

    themes: tuple[Theme, ...]
    source: str = ""

    @property
    def ids(self) -> list[str]:
        return [t.id for t in self.themes]

    @property
    def labels(self) -> dict[str, str]:
        return {t.id: t.label for t in self.themes}

    def check_ids(self, ids: list[str] | set[str]) -> None:
        """Raise :class:`ThemeDictionaryError` for an id that is not a theme of this dictionary."""
        unknown = sorted(set(ids) - set(self.ids))
        if unknown:
            raise ThemeDictionaryError(f"{self.source or 'themes'}: unknown theme id(s) {unknown}; known: {self.ids}")

    def keyword_owner(self) -> dict[str, str]:
        owner: dict[str, str] = {}
        for t in self.themes:
            for k in t.keywords:
                owner.setdefault(k, t.id)  # a keyword listed twice counts for the first theme
        return owner

    def pattern(self) -> re.Pattern[str]:
        words = sorted(self.keyword_owner(), key=lambda w: (-len(w), w))
        return re.compile("|".join(re.escape(w) for w in words))


def load_themes(path: str | Path | None = None) -> ThemeDictionary:
    """Load and check a theme dictionary (default ``data/dictionaries/themes.yml``).

    Raises :class:`ThemeDictionaryError` with the file name for invalid YAML, a missing ``themes``
    list, a theme without an id, label or keywords, an id that is not lower-case ``snake_case``,
    or an id used twice.
    """
    p = resolve_path(path) if path else THEMES_FILE
    try:
        data = read_yaml(p)
    except FileNotFoundError:
        raise ThemeDictionaryError(f"{p}: no such file") from None
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line = f" (line {where.line + 1})" if where else ""
        raise ThemeDictionaryError(f"{p}: not valid YAML{line}: {getattr(exc, 'problem', exc)}") from None
    if not isinstance(data, dict) or not isinstance(data.get("themes"), list) or not data["themes"]:
        raise ThemeDictionaryError(f"{p}: expected a top-level 'themes:' list")
    themes, seen = [], set()
    for i, item in enumerate(data["themes"], start=1):
        if not isinstance(item, dict):
            raise ThemeDictionaryError(f"{p}: theme #{i} is not a mapping with id, label and keywords")
        tid, label, keywords = item.get("id"), item.get("label"), item.get("keywords")
        if not isinstance(tid, str) or not ID_RE.match(tid):
            raise ThemeDictionaryError(f"{p}: theme #{i} has an invalid id {tid!r} (use lower-case letters, digits, _)")
        if tid in seen:
            raise ThemeDictionaryError(f"{p}: theme id {tid!r} is used twice")
        if not isinstance(label, str) or not label.strip():
            raise ThemeDictionaryError(f"{p}: theme {tid!r} has no label")
        if not isinstance(keywords, list) or not [k for k in keywords if str(k).strip()]:
            raise ThemeDictionaryError(f"{p}: theme {tid!r} has an empty keyword list")
        seen.add(tid)
        themes.append(Theme(tid, label.strip(), tuple(str(k).strip() for k in keywords if str(k).strip())))
    return ThemeDictionary(tuple(themes), source=str(p))


def theme_scores(texts: pd.Series, themes: ThemeDictionary) -> pd.DataFrame:
    """Keyword counts per theme for each text (columns = theme ids, in dictionary order)."""
    rx, owner = themes.pattern(), themes.keyword_owner()
    rows = []
    for text in texts:
        counts = dict.fromkeys(themes.ids, 0)
        for m in rx.finditer(text):
            counts[owner[m.group(0)]] += 1
        rows.append(counts)
    return pd.DataFrame(rows, columns=themes.ids, index=texts.index)


def top_theme(scores: pd.DataFrame) -> pd.Series:
    """The highest-scoring theme id of each row (first listed wins ties; empty when all are zero)."""
    best = scores.idxmax(axis=1)
    return best.where(scores.max(axis=1) > 0, "")


def theme_table(structure: Structure, themes: ThemeDictionary | None = None) -> pd.DataFrame:
    """One row per paragraph: ``part``, ``section``, ``section_title``, ``paragraph_id``, ``text``,
    ``theme`` (top theme id or empty), ``theme_label``, ``top_score`` and one score column per theme id."""
    themes = themes or load_themes()
    p = structure.paragraphs
    scores = theme_scores(p.text, themes)
    out = p[["part", "section", "section_title", "paragraph_id", "text"]].copy()
    out["theme"] = top_theme(scores)
    out["theme_label"] = out.theme.map(themes.labels).fillna("")
    out["top_score"] = scores.max(axis=1)
    return pd.concat([out, scores], axis=1).reset_index(drop=True)


def theme_shares(table: pd.DataFrame, themes: ThemeDictionary, by: str = "section", labels: bool = True) -> pd.DataFrame:
    """Share of each theme's keyword hits per report (``by="report"``), part, section or paragraph."""
    keys = {"report": [], "part": ["part"], "section": ["part", "section"], "paragraph": ["paragraph_id"]}[by]
    scores = table[keys + themes.ids] if keys else table[themes.ids]
    sums = scores.groupby(keys).sum() if keys else scores.sum().to_frame("report").T
    shares = sums.div(sums.sum(axis=1).where(lambda s: s > 0, 1), axis=0)
    if labels:
        shares = shares.rename(columns=themes.labels)
    return shares


def section_shares(table: pd.DataFrame, structure: Structure, themes: ThemeDictionary, width: int = 12) -> pd.DataFrame:
    """Theme shares per numbered section, labelled ``"3.1 <title>"``; per part when the report has no sections.

    Titles are cut to ``width`` characters for figure labels.
    """
    by_section = theme_shares(table, themes, by="section")
    by_section = by_section[by_section.index.get_level_values("section") > 0]
    if by_section.empty:  # a report without numbered sections: compare its parts instead
        part_titles = structure.parts.set_index("part").part_title
        by_part = theme_shares(table, themes, by="part")
        by_part.index = [f"{p} {part_titles.get(p, '')[:width]}" for p in by_part.index]
        return by_part
    titles = structure.sections.set_index(["part", "section"]).section_title
    by_section.index = [f"{p}.{s} {titles.get((p, s), '')[:width]}" for p, s in by_section.index]
    return by_section


def label_sections(structure: Structure, themes: ThemeDictionary, manual: dict[str, str] | None = None) -> pd.DataFrame:
    """The theme of each numbered section: from ``manual`` (``{"3.1": "innovation", …}``) or its title.

    Sections whose title matches no theme word and that are not in ``manual`` get an empty theme, as do
    sections given ``""`` in ``manual`` (a subject the dictionary has no theme for); both are left out
    of :func:`validate_themes`.
    """
    manual = manual or {}
    themes.check_ids({t for t in manual.values() if t})  # "" leaves a section out of the validation
    secs = structure.sections
    title_scores = theme_scores(secs.section_title, themes)
    secs = secs.assign(key=secs.part.astype(str) + "." + secs.section.astype(str), theme=top_theme(title_scores))
    for key, tid in manual.items():
        secs.loc[secs.key == key, "theme"] = tid
    secs["source"] = ["manual" if k in manual else ("title" if t else "") for k, t in zip(secs.key, secs.theme)]
    secs["theme"] = secs.theme.fillna("")
    return secs[["part", "section", "section_title", "key", "theme", "source"]]


@dataclass
class Validation:
    """The result of comparing paragraphs' top themes with their sections' themes."""

    accuracy: float
    n: int
    confusion: pd.DataFrame
    rows: pd.DataFrame


def validate_themes(table: pd.DataFrame, sections: pd.DataFrame, themes: ThemeDictionary, part: int | None = None) -> Validation:
    """Accuracy and confusion matrix of paragraph top themes against their section's theme.

    Only paragraphs in sections with a theme count (and in ``part`` when given). Paragraphs with no
    theme word count as wrong (``theme`` empty, shown as ``(none)``).
    """
    keyed = table.assign(key=table.part.astype(str) + "." + table.section.astype(str))
    truth = dict(zip(sections.key, sections.theme))
    rows = keyed[(keyed.section > 0) & keyed.key.map(lambda k: bool(truth.get(k)))]
    if part is not None:
        rows = rows[rows.part == part]
    rows = rows.assign(expected=rows.key.map(truth), predicted=rows.theme.replace("", "(none)"))
    order = themes.ids + ["(none)"]
    confusion = pd.crosstab(
        pd.Categorical(rows.expected, categories=themes.ids), pd.Categorical(rows.predicted, categories=order),
        rownames=["section theme"], colnames=["paragraph top theme"], dropna=False,
    )
    n = len(rows)
    accuracy = float((rows.expected == rows.predicted).mean()) if n else 0.0
    cols = ["paragraph_id", "part", "section", "expected", "predicted", "top_score", "text"]
    return Validation(accuracy=accuracy, n=n, confusion=confusion, rows=rows[cols].reset_index(drop=True))
