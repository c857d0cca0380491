"""Place names stay out of learned words, by one rule (data/metadata/places.yml, helpers.lexicon.names_a_place)."""
from __future__ import annotations

import pandas as pd

from helpers.lexicon import (
    POLICY_TERMS, POLICY_TERMS_CORPUS, THEME_WORDS_FILE, names_a_place, place_names, read_word_list,
)
from helpers.themes import learn_theme_words, load_themes


def test_a_place_name_or_a_word_containing_one_names_a_place():
    assert names_a_place("浦东") and names_a_place("浦东新区法规") and names_a_place("苏州河") and names_a_place("健康上海")
    assert names_a_place("江苏省") and names_a_place("广西")
    # national strategies named after regions, and slogans holding a place-like syllable, are not places
    assert not any(names_a_place(w) for w in ("长三角一体化发展", "京津冀协同发展", "绿水青山就是金山银山", "大兴调查研究", "科技领军企业"))


def test_the_shipped_learned_files_hold_no_place_name():
    # make learn applies the rule: rebuilt files never carry a place into every report
    themes = pd.read_csv(THEME_WORDS_FILE, comment="#", keep_default_na=False)
    assert sorted(w for w in themes.term if names_a_place(w)) == []
    assert sorted(w for w in read_word_list(POLICY_TERMS_CORPUS) if names_a_place(w)) == []


def test_learn_theme_words_leaves_a_place_out_even_when_every_report_names_it(monkeypatch):
    from helpers import themes

    ids = load_themes().ids
    counts = {ids[0]: {"浦东": 9, "改革创新": 9, "浦东新区法规": 9}, ids[1]: {"科技": 9}}
    monkeypatch.setattr(themes, "_report_counts", lambda structure, th: counts)
    words = learn_theme_words({f"r{i}": None for i in range(4)}, load_themes(), min_count=1, min_reports=2, min_ratio=0.0)
    assert "改革创新" in set(words.term) and not any("浦东" in w for w in words.term)


def test_a_slogan_of_one_place_names_its_place():
    # the rule for slogans in policy_terms.txt: national ones first; one place's ("强富美高 江苏") say which place
    lines = POLICY_TERMS.read_text(encoding="utf-8").splitlines()
    start = lines.index("# slogans of one place: term, then the place it belongs to")
    section = [line.split() for line in lines[start + 1:] if line.strip()]
    section = section[: next(i for i, f in enumerate(section) if f[0].startswith("#"))]
    assert section and all(len(f) == 2 and f[1] in place_names() for f in section)
    general = lines[: start]
    assert "强富美高" not in [line.strip() for line in general]
