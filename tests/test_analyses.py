"""The one registry of analyses (helpers/analyses.py): the command line, the outputs and the corpus read it."""
from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

from helpers import cache, cli
from helpers.analyses import ANALYSES, CROSS_REPORT_TABLES, Analysis, CorpusTable, analysis, corpus_tables, resolve
from helpers.errors import UnknownNameError
from helpers.outputs import CORPUS_OUTPUTS, OUTPUTS, PAGES, corpus_path, output_path
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


#: The columns of :func:`paragraph_count`'s table: an analysis added by a test, as a newcomer would add one.
PARAGRAPH_COLUMNS = ["paragraphs"]


def paragraph_count(p):
    return pd.DataFrame({"paragraphs": [len(p.structure.paragraphs)]}), "counted"


def test_an_analysis_added_to_the_registry_is_a_subcommand(monkeypatch, tmp_path, capsys):
    extra = Analysis("paragraph-count", "count paragraphs to OUT.csv", f"{__name__}:paragraph_count")
    monkeypatch.setitem(ANALYSES, extra.name, extra)
    monkeypatch.setitem(cli.COMMANDS, extra.name, cli._stage_command(extra))
    out = tmp_path / "n.csv"
    assert cli.main(["paragraph-count", str(SAMPLE_REPORT), "-o", str(out)]) == 0
    assert int(pd.read_csv(out).paragraphs[0]) == len(prepare_report(SAMPLE_REPORT).structure.paragraphs)
    assert "counted" in capsys.readouterr().out


def test_the_registry_names_every_output_of_a_report_once():
    claimed = [o.key for a in ANALYSES.values() for o in a.outputs]
    assert len(claimed) == len(set(claimed)) and claimed == list(OUTPUTS)
    for a in ANALYSES.values():
        assert all(OUTPUTS[o.key].notebook == a.notebook for o in a.outputs), a.name
        assert not a.notebook or a.notebook in PAGES
        assert a.corpus is None or CORPUS_OUTPUTS[a.corpus.key] == a.corpus.filename, a.name
    tables = corpus_tables()
    assert len(tables) == len(ANALYSES_WITH_TABLES()) + len(CROSS_REPORT_TABLES)
    assert list(CORPUS_OUTPUTS) == [k for t in tables.values() for k in [t.key] + ([f"{t.key}_parquet"] if t.parquet else [])]
    from helpers.corpus.columns import NUMBER_COLUMNS, REPORT_COLUMNS

    totals = [a.corpus.total[0] for a in ANALYSES_WITH_TABLES() if a.corpus.total]
    assert set(totals) <= set(NUMBER_COLUMNS) <= set(REPORT_COLUMNS)  # an analysis's total is a column of reports.csv


def ANALYSES_WITH_TABLES():
    return [a for a in ANALYSES.values() if a.corpus is not None]


def test_every_function_the_registry_names_exists():
    for a in ANALYSES.values():
        assert callable(resolve(a.run)), a.name
        assert all(hasattr(sys.modules[a.module], name) for name in a.exports), a.name
        if a.corpus is not None:
            assert isinstance(resolve(a.corpus.columns), list) and (not a.corpus.rows or callable(resolve(a.corpus.rows)))
            assert not a.corpus.parquet or callable(resolve(a.corpus.parquet))


def test_unknown_names_are_one_line_errors():
    for call, message in [
        (lambda: analysis("nope"), "unknown analysis 'nope'; known: clean, structure"),
        (lambda: resolve("helpers.keywords:nope"), "unknown function 'helpers.keywords:nope': module helpers.keywords has no 'nope'"),
        (lambda: resolve("helpers.nope:f"), "unknown function 'helpers.nope:f': no module helpers.nope"),
        (lambda: output_path(".", "nope"), "unknown output 'nope'; known: extracted, cleaned"),
        (lambda: corpus_path(".", "nope"), "unknown corpus table 'nope'; known: reports, manifest"),
    ]:
        with pytest.raises(UnknownNameError) as info:
            call()
        assert str(info.value).startswith(message) and "\n" not in str(info.value)
        assert isinstance(info.value, KeyError)  # as before the one-line family
        assert info.value._render_traceback_() == [f"UnknownNameError: {info.value}"]


def test_the_registry_imports_no_analysis():
    # cheap to import (the base floor): outputs and helpers/__init__ read it without importing any analysis
    # (helpers/__init__ itself loads the text floor: load, clean, structure, prepare)
    code = ("import sys, helpers.analyses, helpers.outputs; "
            "print(sorted(m for m in sys.modules if m.startswith('helpers.')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    loaded = eval(out)
    assert not {"helpers.keywords", "helpers.themes", "helpers.indicators", "helpers.sentence_lengths",
                "helpers.segment", "helpers.corpus"} & set(loaded), loaded


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


def test_an_analysis_added_with_a_corpus_table_is_written_by_the_corpus(monkeypatch, tmp_path):
    # one entry: the corpus worker and the tables need no other code (the rows are the subcommand's table)
    extra = Analysis("paragraph-count", "count paragraphs to OUT.csv", f"{__name__}:paragraph_count",
                     corpus=CorpusTable("paragraph_counts", "paragraph_counts.csv", "paragraphs per report",
                                        f"{__name__}:PARAGRAPH_COLUMNS", total=("paragraphs_counted", "paragraphs")))
    monkeypatch.setitem(ANALYSES, extra.name, extra)
    monkeypatch.setitem(CORPUS_OUTPUTS, "paragraph_counts", "paragraph_counts.csv")
    monkeypatch.setattr(cache, "CACHE_DIR", tmp_path / "cache")  # the entry is new: no cached result without it
    from helpers.corpus import build_corpus, worker

    summary = build_corpus([SAMPLE_REPORT], tmp_path / "corpus", jobs=1, progress=False)
    table = pd.read_csv(summary.files["paragraph_counts"], keep_default_na=False)
    assert list(table.columns) == ["file", "place", "level", "year", "paragraphs"]
    assert table.paragraphs.tolist() == [len(prepare_report(SAMPLE_REPORT).structure.paragraphs)]
    result = worker.analyse_report(worker.Task(SAMPLE_REPORT.name, str(SAMPLE_REPORT), "x"))
    assert result.row["paragraphs_counted"] == table.paragraphs[0]


def test_the_corpus_writes_the_table_of_a_registry_analysis(tmp_path):
    from helpers.corpus import build_corpus

    summary = build_corpus([SAMPLE_REPORT], tmp_path / "corpus", jobs=1, progress=False)
    assert summary.files["sentence_lengths"] == tmp_path / "corpus" / "sentence_lengths.csv"
    table = pd.read_csv(summary.files["sentence_lengths"], keep_default_na=False)
    assert list(table.columns) == ["file", "place", "level", "year", *COLUMNS]
    alone = sentence_length_table(prepare_report(SAMPLE_REPORT).structure)
    assert table.file.unique().tolist() == [SAMPLE_REPORT.name] and table.year.unique().tolist() == [2021]
    assert table.sentences.tolist() == alone.sentences.tolist() and table.max_chars.tolist() == alone.max_chars.tolist()


def test_the_readme_example_is_the_real_entry():
    # "How to extend" shows the sentence-lengths entry as it is in helpers/analyses.py (spaces aside)
    from helpers.paths import PROJECT_ROOT

    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    example = readme.split("**An analysis = one module")[1].split("```python\n")[1].split("```")[0]
    source = (PROJECT_ROOT / "helpers" / "analyses.py").read_text(encoding="utf-8")
    assert " ".join(example.split()) in " ".join(source.split())


def test_the_corpus_help_names_every_table_the_corpus_writes():
    from helpers.analyses import corpus_tables
    from helpers.cli import CORPUS_HELP

    files = [t.filename for t in corpus_tables().values()]
    assert "sentence_lengths.csv" in files and "keyword_counts.parquet" in CORPUS_HELP
    assert all(f in CORPUS_HELP for f in files)
