"""Theme dictionary loading (with clear errors), scoring, shares and validation."""
from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

from helpers import parse_structure
from helpers.explore import theme_matches
from helpers.paths import PROJECT_ROOT
from helpers.themes import (
    ThemeDictionaryError, label_sections, load_themes, theme_scores, theme_shares, theme_table, validate_themes,
)

DEFAULT_IDS = ["innovation", "industry", "demand_opening", "reform", "regional", "environment", "culture", "livelihood",
               "governance", "government"]


def write(tmp_path, text):
    p = tmp_path / "themes.yml"
    p.write_text(text, encoding="utf-8")
    return p


def test_default_dictionary():
    th = load_themes()
    assert th.ids == DEFAULT_IDS
    assert th.labels["innovation"] == "科技创新与人才" and th.labels["government"] == "政府自身建设"


@pytest.mark.parametrize(
    "text, problem",
    [
        ("themes: [id: a", "not valid YAML"),
        ("topics: []", "top-level 'themes:'"),
        ("themes:\n  - id: Innovation!\n    label: 创新\n    keywords: [创新]", "invalid id"),
        ("themes:\n  - id: a\n    label: 甲\n    keywords: [创新]\n  - id: a\n    label: 乙\n    keywords: [改革]", "used twice"),
        ("themes:\n  - id: a\n    label: 甲\n    keywords: []", "empty keyword list"),
        ("themes:\n  - id: a\n    keywords: [创新]", "no label"),
    ],
)
def test_bad_dictionaries_give_one_clear_error(tmp_path, text, problem):
    p = write(tmp_path, text)
    with pytest.raises(ThemeDictionaryError) as err:
        load_themes(p)
    assert problem in str(err.value) and str(p) in str(err.value) and "\n" not in str(err.value)


def test_unknown_theme_id(tmp_path):
    th = load_themes()
    with pytest.raises(ThemeDictionaryError, match="unknown theme id"):
        th.check_ids(["innovation", "space_travel"])
    s = parse_structure("各位代表：\n一、2021年主要工作\n（一）着力创新\n科技创新。")
    with pytest.raises(ThemeDictionaryError, match="space_travel"):
        label_sections(s, th, manual={"1.1": "space_travel"})


def test_longest_keyword_counts_once(tmp_path):
    th = load_themes(write(tmp_path, "themes:\n  - id: a\n    label: 甲\n    keywords: [创新, 科技创新]\n  - id: b\n    label: 乙\n    keywords: [科技]"))
    scores = theme_scores(pd.Series(["推动科技创新和制度创新"]), th)
    assert scores.iloc[0].to_dict() == {"a": 2, "b": 0}


def test_theme_table_and_shares(sample):
    th = load_themes()
    table = theme_table(sample.structure, th)
    assert {"part", "section", "paragraph_id", "text", "theme", *DEFAULT_IDS} <= set(table.columns)
    assert len(table) == len(sample.structure.paragraphs)
    shares = theme_shares(table, th, by="section")
    sums = shares.sum(axis=1)
    assert (sums > 0).any(), "some section has theme words"
    assert (((sums - 1).abs() < 1e-9) | (sums == 0)).all(), "each section's shares sum to 1 (or 0 without theme words)"
    no_theme = table[table[DEFAULT_IDS].sum(axis=1) == 0]
    assert (no_theme.theme == "").all()


def test_sample_validation_accuracy(sample):
    th = load_themes()
    table = theme_table(sample.structure, th)
    secs = label_sections(sample.structure, th)
    assert (secs[secs.part == 3].theme != "").all(), "every section of part 3 gets a theme from its title"
    v = validate_themes(table, secs, th, part=3)
    assert v.n >= 40 and v.accuracy >= 0.85
    assert v.confusion.to_numpy().sum() == v.n


def test_theme_matches(sample):
    m = theme_matches(sample.structure, load_themes(), "culture")
    assert len(m) > 10 and set(m.columns) == {"paragraph_id", "part", "section", "keyword", "context"}


def test_cli(tmp_path):
    out = tmp_path / "themes.csv"
    subprocess.run([sys.executable, "-m", "helpers", "themes", "data/raw/wuxi_2021.txt", "-o", str(out)],
                   check=True, cwd=PROJECT_ROOT, capture_output=True)
    df = pd.read_csv(out, keep_default_na=False)
    assert {"part", "section", "paragraph_id", "text", "theme", *DEFAULT_IDS} <= set(df.columns)
    assert set(df.theme) <= set(DEFAULT_IDS) | {""}
