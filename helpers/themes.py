"""Theme analysis: which policy areas each paragraph, section and part is about.

The dictionary ``data/dictionaries/themes.yml`` lists themes (an ``id``, a Chinese ``label`` and seed
``keywords``). The seeds are expanded with words learned from many reports, Newsmap-style
(Watanabe 2018): across a corpus, section titles that contain a theme's seed words label their
paragraphs (weak labels); a word's weight for a theme is the smoothed log ratio of its frequency in
that theme's paragraphs against all other labelled paragraphs (:func:`learn_theme_words`). The learned
words are shipped as ``data/dictionaries/theme_words.csv`` and rebuilt from a folder of reports by
``python -m helpers learn-themes CORPUS_DIR -o data/dictionaries/theme_words.csv`` (``make learn``).

A paragraph's score for a theme is the sum of the weights of its words (seed words weigh at least
:data:`SEED_WEIGHT`), matched on the text longest word first (so ``科技创新`` counts once, not also as
``创新``); its ``theme`` is the highest-scoring one, or ``mixed`` when the runner-up comes within
:data:`MIXED_MARGIN` of it (``theme_top`` and ``theme2`` keep the two best either way); no match
leaves it empty. :func:`theme_scores` still gives the plain seed-word counts.

Validation (:func:`validate_themes`) follows the standard check of a content-analysis dictionary:
where a report lays out its tasks in numbered sections, each section has a theme (from its title,
or given by hand), and a paragraph's top theme should match its section's.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from .errors import ThemeDictionaryError
from .lexicon import THEME_WORDS_FILE, THEMES_FILE, names_a_place, read_table, read_yaml_mapping
from .paths import resolve_path
from .segment import report_tokens
from .structure import Structure

if TYPE_CHECKING:
    from .prepare import Prepared

#: The least weight a seed word has (learned weights of seeds that are higher are kept).
SEED_WEIGHT = 4.0
#: ``mixed`` when the runner-up's score is at least this share of the top score.
MIXED_MARGIN = 0.9
#: Key labels of paragraphs with no policy topic (left out of the paragraph accuracy).
NON_TOPICAL = ("closing", "overview")
#: The columns of a report's rows in the corpus table of theme shares (:func:`theme_share_rows`).
THEME_SHARE_COLUMNS = ["by", "part", "part_title", "theme", "label", "hits", "share"]
THEME_WORD_COLUMNS = ["theme", "term", "weight", "count", "reports"]

ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")


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
    #: The theme that a paragraph made of figures counts for (``figures:`` in themes.yml; "" = off), and how much
    #: each percentage counts (:func:`model_scores`).
    figures_theme: str = ""
    figures_weight: float = 0.0

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
    data = read_yaml_mapping(p, "a top-level 'themes:' list", ThemeDictionaryError)
    if not isinstance(data.get("themes"), list) or not data["themes"]:
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
    figures = data.get("figures") or {}
    if not isinstance(figures, dict) or (figures and (figures.get("theme") not in seen
                                                       or not isinstance(figures.get("weight"), (int, float)))):
        raise ThemeDictionaryError(f"{p}: 'figures:' needs a theme id of this file and a number, "
                                   f"e.g. {{theme: macro, weight: 4}}")
    return ThemeDictionary(tuple(themes), source=str(p), figures_theme=figures.get("theme", ""),
                           figures_weight=float(figures.get("weight", 0.0)))


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


@dataclass(frozen=True)
class ThemeModel:
    """Word weights per theme: the seed words of a :class:`ThemeDictionary` and the words learned from a corpus."""

    themes: ThemeDictionary
    weights: dict[str, dict[str, float]]

    def pattern(self) -> re.Pattern[str] | None:
        words = sorted(self.weights, key=lambda w: (-len(w), w))
        return re.compile("|".join(re.escape(w) for w in words)) if words else None


def load_theme_words(path: str | Path | None = None) -> pd.DataFrame:
    """The learned theme words (default ``data/dictionaries/theme_words.csv``; empty when the file is absent)."""
    p = resolve_path(path) if path else THEME_WORDS_FILE
    if not p.is_file():
        if path:
            raise ThemeDictionaryError(f"{p}: no such file")
        return pd.DataFrame(columns=THEME_WORD_COLUMNS)
    table = read_table(p)
    missing = {"theme", "term", "weight"} - set(table.columns)
    if missing:
        raise ThemeDictionaryError(f"{p}: missing column(s) {sorted(missing)}")
    return table


def theme_model(themes: ThemeDictionary | None = None, words: pd.DataFrame | None = None) -> ThemeModel:
    """Seeds of ``themes`` plus learned ``words`` (default: the shipped theme_words.csv) of the same theme ids."""
    themes = themes or load_themes()
    words = load_theme_words() if words is None else words
    weights: dict[str, dict[str, float]] = {}
    for row in words.itertuples(index=False):
        if row.theme in themes.ids:
            weights.setdefault(str(row.term), {})[row.theme] = float(row.weight)
    for word, tid in themes.keyword_owner().items():
        entry = weights.setdefault(word, {})
        entry[tid] = max(entry.get(tid, 0.0), SEED_WEIGHT)
    return ThemeModel(themes, weights)


#: A paragraph "made of figures" has at least this many percentages, and at least FIGURES_DENSITY per 100 characters.
FIGURES_MIN, FIGURES_DENSITY = 3, 1.0
PERCENT_RE = re.compile(r"[0-9.]+[%％]")


def model_scores(texts: pd.Series, model: ThemeModel) -> pd.DataFrame:
    """Summed word weights per theme for each text (columns = theme ids, in dictionary order).

    A paragraph made of figures (:data:`FIGURES_MIN` percentages or more, :data:`FIGURES_DENSITY` per 100
    characters) reviews economic performance as a whole: each percentage adds the dictionary's
    ``figures_weight`` to its ``figures_theme`` (``macro`` by default), so 消费增长5%、投资增长3%、进出口增长2%
    is not read as a paragraph about demand only.
    """
    ids = model.themes.ids
    rx = model.pattern()
    figures_theme, figures_weight = model.themes.figures_theme, model.themes.figures_weight
    rows = []
    for text in texts:
        scores = dict.fromkeys(ids, 0.0)
        if rx is not None:
            for m in rx.finditer(text):
                for tid, w in model.weights[m.group(0)].items():
                    scores[tid] += w
        if figures_theme:
            n = len(PERCENT_RE.findall(text))
            if n >= FIGURES_MIN and n * 100 >= FIGURES_DENSITY * len(text):
                scores[figures_theme] += figures_weight * n
        rows.append(scores)
    return pd.DataFrame(rows, columns=ids, index=texts.index, dtype=float)


def decide(scores: pd.DataFrame, margin: float = MIXED_MARGIN) -> pd.DataFrame:
    """``theme_top``, ``theme2`` (runner-up, empty when it scores 0) and ``theme`` (``mixed`` on a near-tie).

    Ties are broken by dictionary order, so the result is deterministic.
    """
    values = scores.to_numpy()
    ids = list(scores.columns)
    top, second, label = [], [], []
    for row in values:
        order = sorted(range(len(ids)), key=lambda i: (-row[i], i))
        best = order[0] if len(order) and row[order[0]] > 0 else None
        runner = order[1] if best is not None and len(order) > 1 and row[order[1]] > 0 else None
        top.append(ids[best] if best is not None else "")
        second.append(ids[runner] if runner is not None else "")
        mixed = runner is not None and row[runner] >= margin * row[best]
        label.append("mixed" if mixed else top[-1])
    return pd.DataFrame({"theme": label, "theme_top": top, "theme2": second}, index=scores.index)


def theme_table(structure: Structure, themes: ThemeDictionary | None = None, model: ThemeModel | None = None) -> pd.DataFrame:
    """One row per paragraph: ``part``, ``section``, ``section_title``, ``paragraph_id``, ``text``,
    ``theme`` (top theme id, ``mixed`` on a near-tie, or empty), ``theme_top``, ``theme2``, ``theme_label``,
    ``top_score``, ``share`` (the top theme's share of the paragraph's scores) and one score column per theme id.

    ``model`` defaults to the seeds of ``themes`` plus the shipped learned words (:func:`theme_model`).
    """
    themes = themes or (model.themes if model else load_themes())
    model = model or theme_model(themes)
    p = structure.paragraphs
    scores = model_scores(p.text, model).round(4)
    out = p[["part", "section", "section_title", "paragraph_id", "text"]].copy()
    out = pd.concat([out, decide(scores)], axis=1)
    labels = {**themes.labels, "mixed": "多主题"}
    out["theme_label"] = out.theme.map(labels).fillna("")
    out["top_score"] = scores.max(axis=1)
    total = scores.sum(axis=1)
    out["share"] = (out.top_score / total.where(total > 0, 1)).round(3)
    return pd.concat([out, scores], axis=1).reset_index(drop=True)


def themes_stage(p: Prepared) -> tuple[pd.DataFrame, str]:
    """The command line's ``themes``: :func:`theme_table` of a prepared report and a summary line."""
    table = theme_table(p.structure)
    return table, f"{len(table)} paragraphs, {int((table.theme != '').sum())} with a theme"


def theme_share_rows(p: Prepared) -> pd.DataFrame:
    """A report's rows of the corpus table of theme shares: each theme's keyword hits (whole hits of its weighted
    scores) and share of all hits (:func:`theme_shares`, as notebook 04 shows them), for the whole report
    (``by="report"``) and each part (``by="part"``, with its title); :data:`THEME_SHARE_COLUMNS`."""
    structure = p.structure
    themes = load_themes()
    table = theme_table(structure, themes)
    titles = dict(zip(structure.parts.part, structure.parts.part_title)) if "part_title" in structure.parts else {}
    by_part = theme_shares(table, themes, by="part", labels=False)
    groups = [("report", None, table, theme_shares(table, themes, by="report", labels=False).iloc[0])]
    groups += [("part", int(part), g, by_part.loc[part]) for part, g in table.groupby("part", sort=True)]
    rows = []
    for by, part, g, shares in groups:
        hits = g[themes.ids].sum()
        for tid in themes.ids:
            rows.append({"by": by, "part": "" if part is None else part, "part_title": "" if part is None else titles.get(part, ""),
                         "theme": tid, "label": themes.labels[tid], "hits": int(hits[tid]), "share": float(shares[tid])})
    return pd.DataFrame(rows, columns=THEME_SHARE_COLUMNS)


# --------------------------------------------------------------------------- learning from a corpus


def closing_paragraphs(structure: Structure) -> set:
    """Paragraph ids of the closing block (structure's ``closing`` column: after a part's last numbered
    section, from its first 各位代表…, and the report's final appeal).

    Reports close their last part with a call to the deputies followed by defence, Hong Kong and Macao,
    foreign affairs; a parser that carried the last heading down would put them in the last numbered
    section, where they do not belong. A 各位代表 in the middle of a part (an appeal between two sections)
    does not close it.
    """
    p = structure.paragraphs
    if "closing" not in p:
        return set()
    return set(p.paragraph_id[p.closing.astype(bool)])


def weak_labels(structure: Structure, themes: ThemeDictionary) -> pd.DataFrame:
    """Paragraphs of numbered sections whose title names one theme: ``paragraph_id``, ``theme``.

    The closing block (:func:`closing_paragraphs`) is left out.
    """
    secs = label_sections(structure, themes)
    secs = secs[secs.theme != ""]
    truth = dict(zip(zip(secs.part, secs.section), secs.theme))
    p = structure.paragraphs
    keys = list(zip(p.part, p.section))
    labels = [truth.get(k, "") for k in keys]
    out = pd.DataFrame({"paragraph_id": p.paragraph_id, "theme": labels})
    closing = closing_paragraphs(structure)
    keep = (out.theme != "") & (p.section.to_numpy() > 0) & ~out.paragraph_id.isin(closing)
    return out[keep].reset_index(drop=True)


def _report_counts(structure: Structure, themes: ThemeDictionary) -> dict[str, dict[str, int]]:
    """Keyword-token counts per theme of a report's weakly labelled paragraphs."""
    labels = weak_labels(structure, themes)
    if labels.empty:
        return {}
    tokens = report_tokens(structure).tokens
    tokens = tokens[tokens.keyword]
    merged = tokens.merge(labels, on="paragraph_id")
    counts = merged.groupby(["theme", "token"]).size()
    out: dict[str, dict[str, int]] = {}
    for (tid, tok), n in counts.items():
        out.setdefault(tid, {})[tok] = int(n)
    return out


def learn_theme_words(structures: dict[str, Structure], themes: ThemeDictionary | None = None, top: int = 300,
                      min_count: int = 4, min_reports: int = 3, min_ratio: float = 1.0,
                      alpha: float = 1.0) -> pd.DataFrame:
    """Words typical of each theme across many reports (Newsmap-style expansion of the seed words).

    For each report in ``structures`` (name → structure), paragraphs of sections whose title contains
    a theme's seed words are labelled with that theme. For word ``w`` and theme ``c`` with ``n_cw`` its
    count in ``c``'s paragraphs, the weight is ``log((n_cw + α)/(N_c + αV)) − log((n_¬c,w + α)/(N_¬c + αV))``
    (natural log; ``V`` the vocabulary). A word is kept for a theme when it occurs ``min_count`` times
    there, in ``min_reports`` reports or more, with a weight of at least ``min_ratio``, and when it is not a
    place name and contains none (:func:`helpers.lexicon.names_a_place`: 浦东, 苏州河 and 健康上海 belong to a
    place, not a theme); the ``top`` highest weights per theme are kept. Returns
    ``theme, term, weight, count, reports``, sorted by theme order, weight (descending), term.
    """
    themes = themes or load_themes()
    per_report = {name: _report_counts(structures[name], themes) for name in sorted(structures)}
    n: dict[str, dict[str, int]] = {t: {} for t in themes.ids}
    reports: dict[tuple[str, str], int] = {}
    for counts in per_report.values():
        for tid, words in counts.items():
            for w, c in words.items():
                n[tid][w] = n[tid].get(w, 0) + c
                reports[(tid, w)] = reports.get((tid, w), 0) + 1
    vocab = {w for words in n.values() for w in words}
    total_w = {w: sum(n[t].get(w, 0) for t in themes.ids) for w in vocab}
    sizes = {t: sum(n[t].values()) for t in themes.ids}
    all_size = sum(sizes.values())
    v = max(1, len(vocab))
    rows = []
    for tid in themes.ids:
        if not sizes[tid]:
            continue
        theme_rows = []
        for w, c in n[tid].items():
            if c < min_count or reports[(tid, w)] < min_reports or names_a_place(w):
                continue
            rest = total_w[w] - c
            weight = math.log((c + alpha) / (sizes[tid] + alpha * v)) - math.log((rest + alpha) / (all_size - sizes[tid] + alpha * v))
            if weight >= min_ratio:
                theme_rows.append({"theme": tid, "term": w, "weight": round(weight, 4), "count": c, "reports": reports[(tid, w)]})
        theme_rows.sort(key=lambda r: (-r["weight"], r["term"]))
        rows.extend(theme_rows[:top])
    return pd.DataFrame(rows, columns=THEME_WORD_COLUMNS)


# --------------------------------------------------------------------------- validation against hand labels and structure


def score_against_key(table: pd.DataFrame, key: pd.DataFrame) -> pd.DataFrame:
    """Line up a :func:`theme_table` with a hand-made paragraph key (``text_start``, ``theme``, ``theme2``).

    Each key row is matched to the first paragraph whose text starts with the key's ``text_start``
    (spaces removed). Rows whose key themes are all non-topical (:data:`NON_TOPICAL`, i.e. closing or
    overview with no topical second theme) are marked ``scored=False``: they have no policy topic to
    find. A prediction is ``correct`` when it equals ``theme`` or ``theme2`` (``mixed`` counts as wrong).
    Columns: ``text_start``, ``theme``, ``theme2``, ``predicted``, ``matched``, ``scored``, ``correct``.
    """
    starts = [re.sub(r"\s+", "", str(t)) for t in table.text]
    rows = []
    for k in key.itertuples(index=False):
        prefix = re.sub(r"\s+", "", str(k.text_start))
        hit = next((i for i, t in enumerate(starts) if prefix and t.startswith(prefix[:15])), None)
        expected = {t for t in (k.theme, k.theme2) if isinstance(t, str) and t and t not in NON_TOPICAL}
        predicted = table.theme.iloc[hit] if hit is not None else ""
        rows.append({"text_start": k.text_start, "theme": k.theme, "theme2": k.theme2 if isinstance(k.theme2, str) else "",
                     "predicted": predicted, "matched": hit is not None, "scored": hit is not None and bool(expected),
                     "correct": predicted in expected})
    return pd.DataFrame(rows)


@dataclass
class StructureCheck:
    """Theme predictions against a report's own structure (see :func:`validate_structure`)."""

    sections: pd.DataFrame
    section_accuracy: float
    paragraph_accuracy: float
    n_sections: int
    n_paragraphs: int
    note: str = ""

    def summary(self) -> str:
        if self.note:
            return self.note
        return (f"section majority = title theme: {self.section_accuracy:.1%} of {self.n_sections} sections; "
                f"paragraph = section theme: {self.paragraph_accuracy:.1%} of {self.n_paragraphs} paragraphs")


def validate_structure(table: pd.DataFrame, structure: Structure, themes: ThemeDictionary,
                       manual: dict[str, str] | None = None, model: ThemeModel | None = None) -> StructureCheck:
    """Each numbered section's majority theme against the theme of its title (or ``manual``).

    A title's themes are those its seed words name (:func:`title_themes`): a title that names two policy
    areas (深化改革扩大开放) agrees with a majority of either; where no seed word is in the title, the top
    theme of ``model`` (default: :func:`theme_model` of ``themes``). A section in ``manual`` (a hand label,
    ``{"3.1": "innovation"}``) agrees only with that theme.
    Only sections with a theme count; each paragraph votes with its top theme (a ``mixed`` one too: its
    leading theme is still the best guess), except those of the closing block (:func:`closing_paragraphs`). ``paragraph_accuracy`` (each paragraph's theme against its section's
    first theme) is reported, not a goal: real sections mix themes. A report without numbered sections
    cannot be validated by structure: the result says so in ``note``. The ``sections`` table has the
    section's ``theme`` (first), ``title_themes`` (all accepted, ``|``-joined), ``majority`` and ``agrees``.
    """
    secs = label_sections(structure, themes, manual)
    model = model or theme_model(themes)
    by_model = decide(model_scores(secs.section_title, model)).theme_top
    manual = manual or {}
    accepted = [([manual[k]] if manual[k] else []) if k in manual else (title_themes(title, themes) or ([m] if m else []))
                for k, title, m in zip(secs.key, secs.section_title, by_model)]
    secs = secs.assign(theme=[a[0] if a else "" for a in accepted], title_themes=["|".join(a) for a in accepted])
    secs = secs[secs.theme != ""]
    if secs.empty:
        note = ("this report has no numbered sections (（一）…) with a theme in their titles: "
                "it cannot be validated by structure")
        return StructureCheck(secs.assign(majority=[], agrees=[]), float("nan"), float("nan"), 0, 0, note)
    keyed = table.assign(key=table.part.astype(str) + "." + table.section.astype(str))
    keyed = keyed[~keyed.paragraph_id.isin(closing_paragraphs(structure))]
    majority, agrees, n_par, right = [], [], 0, 0
    for s in secs.itertuples(index=False):
        rows = keyed[keyed.key == s.key]
        votes = rows[rows.theme_top != ""].theme_top.value_counts()
        # ties between votes go to the theme with the larger summed score over the section's paragraphs
        sums = rows[[t for t in themes.ids if t in rows]].sum() if len(rows) else pd.Series(dtype=float)
        order = sorted(votes.index, key=lambda t: (-int(votes[t]), -float(sums.get(t, 0.0)), t))
        m = str(order[0]) if order else ""
        majority.append(m)
        agrees.append(m in s.title_themes.split("|"))
        n_par += len(rows)
        right += int((rows.theme == s.theme).sum())
    secs = secs.assign(majority=majority, agrees=agrees)
    return StructureCheck(secs.reset_index(drop=True), float(pd.Series(agrees).mean()), right / max(1, n_par),
                          len(secs), n_par)


def theme_shares(table: pd.DataFrame, themes: ThemeDictionary, by: str = "section", labels: bool = True) -> pd.DataFrame:
    """Share of each theme's keyword hits per report (``by="report"``), part, section or paragraph."""
    keys = {"report": [], "part": ["part"], "section": ["part", "section"], "paragraph": ["paragraph_id"]}[by]
    scores = table[keys + themes.ids] if keys else table[themes.ids]
    sums = scores.groupby(keys).sum() if keys else scores.sum().to_frame("report").T
    shares = sums.div(sums.sum(axis=1).where(lambda s: s > 0, 1), axis=0)
    if labels:
        shares = shares.rename(columns=themes.labels)
    return shares


def section_shares(table: pd.DataFrame, structure: Structure, themes: ThemeDictionary, width: int = 60) -> pd.DataFrame:
    """Theme shares per numbered section, labelled ``"3.1 <title>"``; per part when the report has no sections.

    Titles are cut to ``width`` characters; figures shorten long labels themselves, with an ellipsis and the full
    name as a tooltip.
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


def title_themes(title: str, themes: ThemeDictionary) -> list[str]:
    """Every theme a heading names, most seed words first, ties to the theme named first (a heading leads
    with its subject): 深化改革扩大开放 → ``["reform", "demand_opening"]``."""
    rx, owner = themes.pattern(), themes.keyword_owner()
    counts: dict[str, int] = {}
    first: dict[str, int] = {}
    for m in rx.finditer(str(title)):
        tid = owner[m.group(0)]
        counts[tid] = counts.get(tid, 0) + 1
        first.setdefault(tid, m.start())
    return sorted(counts, key=lambda t: (-counts[t], first[t], themes.ids.index(t)))


def title_theme(title: str, themes: ThemeDictionary) -> str:
    """The theme a heading names first (:func:`title_themes`); empty when it names none."""
    named = title_themes(title, themes)
    return named[0] if named else ""


def label_sections(structure: Structure, themes: ThemeDictionary, manual: dict[str, str] | None = None) -> pd.DataFrame:
    """The theme of each numbered section: from ``manual`` (``{"3.1": "innovation", …}``) or its title.

    A title's theme is the one with most seed words in it (:func:`title_theme`); between themes named
    equally often, the one named first (保障和改善民生，加强和创新社会治理 → livelihood). Sections whose title matches no theme word (or two
    equally) and that are not in ``manual`` get an empty theme, as do
    sections given ``""`` in ``manual`` (a subject the dictionary has no theme for); both are left out
    of :func:`validate_themes`.
    """
    manual = manual or {}
    themes.check_ids({t for t in manual.values() if t})  # "" leaves a section out of the validation
    secs = structure.sections
    secs = secs.assign(key=secs.part.astype(str) + "." + secs.section.astype(str),
                       theme=[title_theme(t, themes) for t in secs.section_title])
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
    order = themes.ids + ["mixed", "(none)"]
    confusion = pd.crosstab(
        pd.Categorical(rows.expected, categories=themes.ids), pd.Categorical(rows.predicted, categories=order),
        rownames=["section theme"], colnames=["paragraph top theme"], dropna=False,
    )
    n = len(rows)
    accuracy = float((rows.expected == rows.predicted).mean()) if n else 0.0
    cols = ["paragraph_id", "part", "section", "expected", "predicted", "top_score", "text"]
    return Validation(accuracy=accuracy, n=n, confusion=confusion, rows=rows[cols].reset_index(drop=True))


def hand_section_themes(structure: Structure, key: pd.DataFrame) -> dict[str, str]:
    """Hand labels of section titles (``section_title``, ``theme`` rows of one report) as ``{"3.1": theme}``.

    A key title is matched to the report's section whose title starts the same (first 12 characters,
    spaces and punctuation ignored), so small differences in cleaning do not matter.
    """
    norm = lambda t: re.sub(r"[\s\u3000。，、“”：:；;]", "", str(t))  # noqa: E731
    labels = [(norm(t)[:12], th) for t, th in zip(key.section_title, key.theme) if norm(t)]
    out: dict[str, str] = {}
    for sec in structure.sections.itertuples(index=False):
        title = norm(sec.section_title)
        hit = next((th for k, th in labels if title and (title.startswith(k) or k.startswith(title[:12]))), None)
        if hit:
            out[f"{sec.part}.{sec.section}"] = hit
    return out


def evaluate_leave_one_out(structures: dict[str, Structure], keys: dict[str, pd.DataFrame],
                           themes: ThemeDictionary | None = None,
                           title_keys: pd.DataFrame | None = None) -> pd.DataFrame:
    """Leave-one-report-out evaluation: for each report with a key, learn from all the others, then score it.

    ``structures`` maps report names to structures (the corpus), ``keys`` report names to hand-made
    paragraph keys (``text_start``, ``theme``, ``theme2``); ``title_keys`` (optional) holds hand labels of
    section titles (``report``, ``section_title``, ``theme``). The report scored is never learned from.
    One row per keyed report: ``report``, ``paragraphs`` (scored key rows), ``left_out`` (closing/overview
    rows), ``paragraph_accuracy`` (theme or theme2), ``mixed``, ``sections``, ``section_majority`` (the
    majority against the themes the titles name, :func:`validate_structure`), ``sections_keyed`` and
    ``section_majority_hand`` (against the hand labels of the titles), ``paragraph_vs_section`` (reported,
    not a goal), ``note``.
    """
    themes = themes or load_themes()
    rows = []
    for name in sorted(keys):
        if name not in structures:
            raise KeyError(f"{name}: no report of that name in the corpus")
        train = {n: s for n, s in structures.items() if n != name}
        model = theme_model(themes, learn_theme_words(train, themes))
        table = theme_table(structures[name], themes, model)
        scored = score_against_key(table, keys[name])
        rated = scored[scored.scored]
        check = validate_structure(table, structures[name], themes, model=model)
        hand = {}
        if title_keys is not None:
            hand = hand_section_themes(structures[name], title_keys[title_keys.report == name])
        by_hand = validate_structure(table, structures[name], themes, manual=hand, model=model) if hand else None
        hand_rows = by_hand.sections[by_hand.sections.key.isin(hand)] if by_hand else pd.DataFrame()
        rows.append({"report": name, "paragraphs": len(rated), "left_out": int((scored.matched & ~scored.scored).sum()),
                     "unmatched": int((~scored.matched).sum()),
                     "paragraph_accuracy": round(float(rated.correct.mean()), 3) if len(rated) else float("nan"),
                     "mixed": int((rated.predicted == "mixed").sum()), "sections": check.n_sections,
                     "section_majority": round(check.section_accuracy, 3),
                     "sections_keyed": len(hand_rows),
                     "section_majority_hand": round(float(hand_rows.agrees.mean()), 3) if len(hand_rows) else float("nan"),
                     "paragraph_vs_section": round(check.paragraph_accuracy, 3), "note": check.note})
    return pd.DataFrame(rows)
