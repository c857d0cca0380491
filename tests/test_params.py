"""Notebook parameters are checked first, each failure one line naming the parameter."""
from __future__ import annotations

import pytest

from helpers import cache, prepare
from helpers.errors import ParameterError, ReportError
from helpers.params import open_report
from helpers.paths import DEFAULT_OUTPUT_DIR, PROJECT_ROOT, SAMPLE_REPORT


@pytest.mark.parametrize("params, message", [
    ({"top_n": -1}, "top_n = -1: must be between 1 and 200"),
    ({"top_n": 100000}, "top_n = 100000: must be between 1 and 200"),
    ({"top_n": "20"}, "top_n = '20': must be a whole number"),
    ({"keyness_part": 99}, "keyness_part = 99: this report has no part 99; its parts are 1, 2, 3"),
    ({"validation_part": 7}, "validation_part = 7: this report has no part 7"),
    ({"keyness_measure": "tf-idf"}, "keyness_measure = 'tf-idf': must be one of 'lr', 'chi2'"),
    ({"kwic_term": ""}, "kwic_term = '': must be a non-empty text"),
    ({"theme": "nosuchtheme"}, "theme = 'nosuchtheme': not a theme of themes.yml"),
    ({"section_themes": {"9.9": "innovation"}}, "section_themes = {'9.9': 'innovation'}: this report has no section '9.9'"),
    ({"section_themes": {"3.1": "space"}}, "'space' is not a theme"),
    ({"themes_path": "nowhere.yml"}, "themes_path = 'nowhere.yml': no such file"),
    ({"reprot_path": "x.txt"}, "reprot_path = 'x.txt': unknown parameter"),
    ({"keep_stopwords": "yes"}, "keep_stopwords = 'yes': must be True or False"),
    ({"reference_reports": "a.txt"}, "reference_reports = 'a.txt': must be a list of report files"),
    ({"reference_reports": ["nowhere.txt"]}, "nowhere.txt: no such file"),
    ({"cooccurrence_window": 0}, "cooccurrence_window = 0: must be between 1 and 50"),
    ({"cooccurrence_measure": "dice"}, "cooccurrence_measure = 'dice': must be one of 'count', 'logdice', 'pmi'"),
    ({"theme_words_path": "nowhere.csv"}, "theme_words_path = 'nowhere.csv': no such file"),
])
def test_bad_parameters_name_themselves(params, message):
    with pytest.raises(ParameterError) as err:
        open_report(SAMPLE_REPORT, "", **params)
    assert message in str(err.value) and "\n" not in str(err.value)
    assert err.value._render_traceback_() == [f"ParameterError: {err.value}"]  # one line in a notebook


def test_report_path_and_output_dir(tmp_path):
    with pytest.raises(ParameterError, match="report_path = 'missing.txt': no such file"):
        open_report("missing.txt")
    with pytest.raises(ParameterError, match="report_path = '': give the path"):
        open_report("")
    with pytest.raises(ParameterError, match="is a folder"):
        open_report(tmp_path)
    a_file = tmp_path / "taken"
    a_file.write_text("x")
    with pytest.raises(ParameterError, match="output_dir = .*: is a file, not a folder"):
        open_report(SAMPLE_REPORT, a_file)
    with pytest.raises(ParameterError, match="outputs never go into data/raw/"):
        open_report(SAMPLE_REPORT, PROJECT_ROOT / "data" / "raw")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n")
    with pytest.raises(ReportError, match="bad.txt: is a PNG image"):
        open_report(bad, tmp_path / "out")


def test_good_parameters_and_default_output_dir(tmp_path):
    setup = open_report(SAMPLE_REPORT, tmp_path / "out", top_n=20, keyness_part=3, keyness_measure="chi2",
                        kwic_term="高质量发展", kwic_window=15, drop_policy_verbs=True, theme="livelihood",
                        section_themes={"3.1": "innovation"}, validation_part=0)
    assert setup.output_dir == (tmp_path / "out").resolve() and setup.output_dir.is_dir()
    assert setup.prepared.name == "wuxi_2021"
    # empty: the default output folder (reports/, moved to a temporary folder for the tests: GWR_OUTPUT_DIR)
    assert open_report(SAMPLE_REPORT).output_dir == DEFAULT_OUTPUT_DIR / "wuxi_2021"


def test_part_zero_means_the_part_with_the_tasks():
    setup = open_report(SAMPLE_REPORT, "", keyness_part=0, validation_part=0)
    assert setup.params == {"keyness_part": 3, "validation_part": 3}
    assert open_report(SAMPLE_REPORT, "", keyness_part=1).params["keyness_part"] == 1


def test_prepared_report_comes_from_the_cache_without_reading_the_file(monkeypatch):
    prepare.prepare_report(SAMPLE_REPORT)  # as the render does, once

    def no_reading(path):
        raise AssertionError("the report was read again")

    monkeypatch.setattr(prepare, "load_report", no_reading)
    hits = cache.STATS[("prepared-file", "hit")]
    again = prepare.prepare_report(SAMPLE_REPORT)
    assert cache.STATS[("prepared-file", "hit")] == hits + 1
    assert again.name == "wuxi_2021" and len(again.structure.paragraphs) > 50
