"""Reports compared across a corpus: groups of reports, keyness between groups, term trends, theme and indicator views."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..errors import ParameterError
from ..keywords import KEYNESS_COLUMNS, keyness_counts, keyword_rates
from ..target_results import canonical_name, load_names
from .tables import keyword_counts, usable_reports

_GROUP_RE = re.compile(r"^(?P<who>[^:\d][^:]*)?(?::)?(?P<from>(?:19|20)\d{2})?(?:-(?P<to>(?:19|20)\d{2}))?$")


def select_reports(reports: pd.DataFrame, spec: str | list[str]) -> pd.DataFrame:
    """The reports a group names: a list of file names, or ``"LEVEL_OR_PLACE:YEAR-YEAR"`` (either part optional).

    ``"national:2010-2019"``, ``"安徽省"``, ``"provincial:2025"``, ``"2022-2025"``. Duplicated texts are left out.
    """
    r = usable_reports(reports)
    if isinstance(spec, list):
        return r[r.file.isin(spec)]
    m = _GROUP_RE.match(str(spec).strip())
    if not m or not spec.strip():
        raise ParameterError("group", spec, "is not LEVEL_OR_PLACE:YEAR-YEAR (e.g. national:2010-2019)")
    who, y0, y1 = m.group("who"), m.group("from"), m.group("to")
    if who:
        r = r[(r.level == who) | (r.place == who)]
    if y0:
        years = r.year.astype("Int64")
        r = r[(years >= int(y0)) & (years <= int(y1 or y0))]
    return r


def group_keyness(folder: str | Path, files_a: list[str], files_b: list[str], measure: str = "lr",
                  min_count: int = 5) -> pd.DataFrame:
    """Terms typical of group A against group B of reports: :func:`helpers.keywords.keyness` on summed keyword counts.

    Columns as :func:`helpers.keywords.keyness` (``target`` is the count in A, ``reference`` in B; signed G² or
    chi², ``log_ratio``, ``p``, Benjamini–Hochberg ``p_adjusted``, ``significant``, ``measure``); sorted by
    statistic (descending), then term.
    """
    if measure not in ("lr", "chi2"):
        raise ParameterError("measure", measure, "must be 'lr' or 'chi2'")
    counts = keyword_counts(folder, files=list(files_a) + list(files_b))
    a = counts[counts.file.isin(files_a)].groupby("term")["count"].sum()
    b = counts[counts.file.isin(files_b)].groupby("term")["count"].sum()
    return keyness_counts(a, b, measure, min_count)


def term_trends(folder: str | Path, reports: pd.DataFrame, terms: list[str]) -> pd.DataFrame:
    """Each term per 10,000 characters in each report (:func:`helpers.keywords.keyword_rates` on the corpus's keyword
    counts), long: ``file, place, level, year, chars, term, count, per_10k_chars``, sorted by term, year, place, file."""
    counts = keyword_counts(folder, files=list(reports.file), terms=list(terms))[["file", "term", "count"]]
    by_file = {f: counts[counts.file == f] for f in reports.file}
    rates = keyword_rates(by_file, dict(zip(reports.file, reports.chars)), terms=list(terms))
    long = rates.rename_axis("file").reset_index().melt(id_vars="file", var_name="term", value_name="per_10k_chars")
    grid = reports[["file", "place", "level", "year", "chars"]].merge(long, on="file")
    grid = grid.merge(counts, on=["file", "term"], how="left").fillna({"count": 0})
    grid["count"] = grid["count"].astype(int)
    columns = ["file", "place", "level", "year", "chars", "term", "count", "per_10k_chars"]
    return grid[columns].sort_values(["term", "year", "place", "file"]).reset_index(drop=True)


def theme_matrix(themes: pd.DataFrame, reports: pd.DataFrame) -> pd.DataFrame:
    """Theme shares of whole reports: one row per report (labelled ``place year``), one column per theme label."""
    t = themes[(themes.by == "report") & themes.file.isin(reports.file)]
    labels = {f: f"{p} {y}" if pd.notna(y) else f"{p or f}" for f, p, y in zip(reports.file, reports.place, reports.year)}
    order = reports.sort_values(["level", "place", "year", "file"]).file
    m = t.pivot_table(index="file", columns="label", values="share", sort=False).reindex(order.tolist()).dropna(how="all")
    m.index = [labels[f] for f in m.index]
    return m[list(dict.fromkeys(t.label))]


def indicator_across(indicators: pd.DataFrame, reports: pd.DataFrame, name: str) -> pd.DataFrame:
    """One indicator (by canonical name, :func:`helpers.target_results.canonical_name`) across the ``reports``.

    One row per report, year, kind and unit (the first figure of each), single years only: ``file``, ``place``,
    ``report_year``, ``year``, ``kind``, ``indicator`` (as written), ``value``, ``unit``, ``qualifier``.
    """
    names = load_names()
    want = canonical_name(name, names)
    ind = indicators[indicators.file.isin(reports.file) & indicators.year.astype(str).str.fullmatch(r"\d{4}")]
    ind = ind[[canonical_name(n, names) == want for n in ind.indicator.astype(str)]]
    if not ind.empty:
        main_unit = ind.unit.value_counts().index[0]
        ind = ind[ind.unit == main_unit]
    cols = ["file", "place", "report_year", "year", "kind", "indicator", "value", "unit", "qualifier"]
    out = ind.drop_duplicates(["file", "year", "kind"])[cols].copy()
    out["year"] = out.year.astype(int)
    return out.sort_values(["place", "year", "kind", "file"]).reset_index(drop=True)


@dataclass
class GroupComparison:
    """Keyness of group A against group B, the reports in each, and a note when a group is empty."""

    table: pd.DataFrame
    a: pd.DataFrame
    b: pd.DataFrame
    note: str


def compare_groups(folder: str | Path, reports: pd.DataFrame, group_a: str | list[str], group_b: str | list[str],
                   measure: str = "lr", min_count: int = 5) -> GroupComparison:
    """Keyness between two groups of reports (see :func:`select_reports`, :func:`group_keyness`)."""
    a, b = select_reports(reports, group_a), select_reports(reports, group_b)
    if a.empty or b.empty:
        empty = "group_a" if a.empty else "group_b"
        spec = group_a if a.empty else group_b
        note = (f"{empty} = {spec!r} matches no report of this corpus, so there is nothing to compare; "
                "add reports to the corpus folder (see above) or choose groups from reports.csv")
        return GroupComparison(pd.DataFrame(columns=KEYNESS_COLUMNS), a, b, note)
    table = group_keyness(folder, list(a.file), list(b.file), measure, min_count)
    note = f"A: {len(a)} reports ({', '.join(a.file[:4])}{' …' if len(a) > 4 else ''}); B: {len(b)} reports ({', '.join(b.file[:4])}{' …' if len(b) > 4 else ''})"
    return GroupComparison(table, a, b, note)

