"""The one registry of analyses (helpers/analyses.py): the command line, the outputs and the corpus read it."""
from __future__ import annotations

import pandas as pd
import pytest

from helpers import cli
from helpers.analyses import ANALYSES, Analysis, analysis
from helpers.outputs import CORPUS_OUTPUTS, OUTPUTS, PAGES
from helpers.paths import SAMPLE_REPORT
from helpers.prepare import prepare_report
from helpers.sentence_lengths import COLUMNS, sentence_length_table
from helpers.structure import parse_structure


def test_every_subcommand_comes_from_the_one_table():
    parser = cli.build_parser()
    choices = parser._subparsers._group_actions[0].choices
    assert list(choices) == list(cli.COMMANDS)
    assert list(cli.COMMANDS)[: len(ANALYSES)] == list(ANALYSES)
    assert {"frequency", "learn-terms", "learn-themes", "evaluate", "score-indicators", "corpus", "render"} <= set(cli.COMMANDS)


def test_an_analysis_added_to_the_registry_is_a_subcommand(monkeypatch, tmp_path, capsys):
    extra = Analysis("paragraph-count", "count paragraphs to OUT.csv",
                     lambda p: (pd.DataFrame({"paragraphs": [len(p.structure.paragraphs)]}), "counted"))
    monkeypatch.setitem(ANALYSES, extra.name, extra)
    monkeypatch.setitem(cli.COMMANDS, extra.name, cli._stage_command(extra))
    out = tmp_path / "n.csv"
    assert cli.main(["paragraph-count", str(SAMPLE_REPORT), "-o", str(out)]) == 0
    assert int(pd.read_csv(out).paragraphs[0]) == len(prepare_report(SAMPLE_REPORT).structure.paragraphs)
    assert "counted" in capsys.readouterr().out


def test_the_registry_names_every_output_of_a_report_once():
    claimed = [key for a in ANALYSES.values() for key in a.outputs]
    assert sorted(claimed) == sorted(OUTPUTS)
    for a in ANALYSES.values():
        assert all(OUTPUTS[key].notebook == a.notebook for key in a.outputs), a.name
        assert not a.notebook or a.notebook in PAGES
        assert a.corpus_table in CORPUS_OUTPUTS or a.corpus_rows is not None or not a.corpus_table, a.name
    with pytest.raises(KeyError, match="known: clean, structure"):
        analysis("nope")


def test_sentence_lengths_of_a_small_report():
    text = ("一、过去一年的工作\n我们完成了任务。经济增长百分之五。\n二、今年的工作\n"
            "稳定就业是头等大事，要千方百计扩大就业。\n")
    table = sentence_length_table(parse_structure(text))
    assert list(table.columns) == COLUMNS
    whole = table.iloc[0]
    assert whole.by == "report" and whole.sentences == 3  # headings are not sentences counted
    assert whole.max_chars == len("稳定就业是头等大事，要千方百计扩大就业。")
    parts = table[table.by == "part"]
    assert parts.sentences.tolist() == [2, 1] and parts.part_title.tolist() == ["过去一年的工作", "今年的工作"]


def test_sentence_lengths_subcommand(tmp_path):
    out = tmp_path / "lengths.csv"
    assert cli.main(["sentence-lengths", str(SAMPLE_REPORT), "-o", str(out)]) == 0
    table = pd.read_csv(out, keep_default_na=False)
    assert table.by.tolist()[0] == "report" and table.sentences[0] == table.sentences[1:].sum()


def test_the_corpus_writes_the_table_of_a_registry_analysis(tmp_path):
    from helpers.corpus import build_corpus

    summary = build_corpus([SAMPLE_REPORT], tmp_path / "corpus", jobs=1, progress=False)
    assert summary.files["sentence_lengths"] == tmp_path / "corpus" / "sentence_lengths.csv"
    table = pd.read_csv(summary.files["sentence_lengths"], keep_default_na=False)
    assert list(table.columns) == ["file", "place", "level", "year", *COLUMNS]
    alone = sentence_length_table(prepare_report(SAMPLE_REPORT).structure)
    assert table.file.unique().tolist() == [SAMPLE_REPORT.name] and table.year.unique().tolist() == [2021]
    assert table.sentences.tolist() == alone.sentences.tolist() and table.max_chars.tolist() == alone.max_chars.tolist()
