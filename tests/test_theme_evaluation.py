"""Leave-one-report-out evaluation of the themes against the hand-made paragraph keys (tests/data/keys/).

Three keys are held out (made before any tuning, only their scores read), three are development keys.
For each keyed report the theme words are learned from every *other* report of data/corpus, then
the report is scored: a paragraph is right when the prediction is the key's theme or theme2; closing and
overview rows (no policy topic) are left out. Sections are checked against the themes their titles name
and against hand labels of the titles (section_titles.csv). Everything they need is in the repository.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

KEYS = Path(__file__).parent / "data" / "keys"
HELD_OUT = ["national_2017", "guangdong_2025", "beijing_2026"]
DEVELOPMENT = ["national_2022", "henan_2026", "shanghai_2025"]
PARAGRAPH_GOAL = 0.85


@pytest.fixture(scope="module")
def evaluation(corpus) -> pd.DataFrame:
    from helpers.prepare import prepare_corpus
    from helpers.themes import evaluate_leave_one_out

    corpus = prepare_corpus(corpus, exclude=("national_2016_gbk",))
    keys = {n: pd.read_csv(KEYS / f"{n}_themes.csv", keep_default_na=False) for n in HELD_OUT + DEVELOPMENT}
    titles = pd.read_csv(KEYS / "section_titles.csv", keep_default_na=False)
    return evaluate_leave_one_out({n: p.structure for n, p in corpus.items()}, keys, title_keys=titles).set_index("report")


@pytest.mark.parametrize("name", HELD_OUT + DEVELOPMENT)
def test_paragraphs_against_hand_labels(evaluation, name):
    row = evaluation.loc[name]
    assert row.paragraphs >= 55, "most key rows are matched to a paragraph and scored"
    assert row.paragraph_accuracy >= PARAGRAPH_GOAL, evaluation.to_string()


@pytest.mark.parametrize("name", HELD_OUT + DEVELOPMENT)
def test_section_majority_is_reported(evaluation, name):
    """What is reached (README): 0.89-1.00 against the titles' themes, 0.78-1.00 against hand labels."""
    row = evaluation.loc[name]
    assert row.sections >= 8 and row.section_majority >= 0.85, evaluation.to_string()
    assert row.sections_keyed >= 8 and row.section_majority_hand >= 0.75, evaluation.to_string()


@pytest.mark.xfail(strict=True, reason="goal of issue 11 (section majority >= 0.95 on held-out reports) not reached yet")
def test_section_majority_goal(evaluation):
    held_out = evaluation.loc[HELD_OUT]
    assert (held_out.section_majority >= 0.95).all() and (held_out.section_majority_hand >= 0.95).all()


def test_the_scored_report_is_never_learned_from(corpus, monkeypatch):
    """The learner is called without the report being scored (a spy on learn_theme_words)."""
    from helpers import themes
    from helpers.prepare import prepare_corpus

    corpus = prepare_corpus(corpus, exclude=("national_2016_gbk",))
    seen: list[set[str]] = []
    real = themes.learn_theme_words
    monkeypatch.setattr(themes, "learn_theme_words", lambda train, th: seen.append(set(train)) or real(train, th))
    key = pd.read_csv(KEYS / "beijing_2026_themes.csv", keep_default_na=False)
    themes.evaluate_leave_one_out({n: p.structure for n, p in corpus.items()}, {"beijing_2026": key})
    assert seen and all("beijing_2026" not in s for s in seen) and len(seen[0]) == len(corpus) - 1
