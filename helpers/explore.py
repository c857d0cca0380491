"""Interactive explorers for JupyterLab, with a plain-table fallback everywhere else.

:func:`kwic_explorer` (type a term, see every occurrence, filter by part/section) and
:func:`theme_explorer` (pick a theme, see which of its words matched where) return ipywidgets in
JupyterLab. Rendered reports (papermill, nbval, HTML export) cannot run widgets, so there — when
``GWR_STATIC`` is set in the environment, as ``python -m helpers render`` and the test suite do, or
when ipywidgets is missing — they return the same content as a plain table.
"""
from __future__ import annotations

import os

import pandas as pd

from .keywords import kwic
from .structure import Structure
from .themes import ThemeDictionary


def static_mode() -> bool:
    """True when widgets cannot be shown: ``GWR_STATIC`` is set, or ipywidgets is not installed."""
    if os.environ.get("GWR_STATIC"):
        return True
    try:
        import ipywidgets  # noqa: F401
    except ImportError:
        return True
    return False


def _filter(df: pd.DataFrame, part: int, section: int) -> pd.DataFrame:
    if part:
        df = df[df.part == part]
    if section:
        df = df[df.section == section]
    return df


def kwic_explorer(structure: Structure, term: str = "高质量发展", window: int = 15):
    """Keyword in context, interactively: a term box, part and section filters, and the concordance."""
    if static_mode():
        return kwic(structure, term, window=window)
    import ipywidgets as w
    from IPython.display import display

    parts = [("全部 all", 0)] + [(f"{p} {t[:12]}", int(p)) for p, t in structure.parts[["part", "part_title"]].values if p > 0]
    term_box = w.Text(value=term, description="词 term")
    part_box = w.Dropdown(options=parts, value=0, description="部分 part")
    section_box = w.BoundedIntText(value=0, min=0, max=50, description="章节 section")
    window_box = w.IntSlider(value=window, min=5, max=60, description="上下文")
    out = w.Output()

    def update(*_: object) -> None:
        out.clear_output()
        with out:
            if not term_box.value.strip():
                print("输入一个词 / type a term")
                return
            rows = _filter(kwic(structure, term_box.value.strip(), window=window_box.value), part_box.value, section_box.value)
            print(f"{len(rows)} 处 / occurrences")
            display(rows)

    for box in (term_box, part_box, section_box, window_box):
        box.observe(update, names="value")
    update()
    return w.VBox([w.HBox([term_box, part_box]), w.HBox([section_box, window_box]), out])


def theme_matches(structure: Structure, themes: ThemeDictionary, theme: str) -> pd.DataFrame:
    """Every match of one theme's keywords: ``paragraph_id``, ``part``, ``section``, ``keyword``, ``context``."""
    themes.check_ids([theme])
    rx, owner = themes.pattern(), themes.keyword_owner()
    rows = []
    for p in structure.paragraphs.itertuples(index=False):
        for m in rx.finditer(p.text):
            if owner[m.group(0)] == theme:
                rows.append({"paragraph_id": p.paragraph_id, "part": p.part, "section": p.section, "keyword": m.group(0),
                             "context": p.text[max(0, m.start() - 12) : m.end() + 12]})
    return pd.DataFrame(rows, columns=["paragraph_id", "part", "section", "keyword", "context"])


def theme_explorer(structure: Structure, themes: ThemeDictionary, theme: str | None = None):
    """Pick a theme and see its matched keywords (counts) and where they occur."""
    theme = theme or themes.ids[0]
    if static_mode():
        return theme_matches(structure, themes, theme)
    import ipywidgets as w
    from IPython.display import display

    theme_box = w.Dropdown(options=[(f"{t.label} ({t.id})", t.id) for t in themes.themes], value=theme, description="主题")
    part_box = w.Dropdown(options=[("全部 all", 0)] + [(str(p), int(p)) for p in structure.parts.part if p > 0], value=0, description="部分 part")
    out = w.Output()

    def update(*_: object) -> None:
        out.clear_output()
        with out:
            matches = _filter(theme_matches(structure, themes, theme_box.value), part_box.value, 0)
            display(matches.keyword.value_counts().rename("count").to_frame().T)
            display(matches)

    theme_box.observe(update, names="value")
    part_box.observe(update, names="value")
    update()
    return w.VBox([w.HBox([theme_box, part_box]), out])
