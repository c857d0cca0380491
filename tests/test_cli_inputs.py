"""The command line's folder and key inputs: one line naming what is wrong, exit 2; ``score-indicators``."""
from __future__ import annotations

import pandas as pd
import pytest

from conftest import CORPUS
from helpers.cli import main
from helpers.paths import PROJECT_ROOT

KEYS = PROJECT_ROOT / "tests" / "data" / "keys"


def _one_line_error(capsys, argv: list[str]) -> str:
    assert main(argv) == 2
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), captured.err
    assert captured.out == ""
    return lines[0]


@pytest.mark.parametrize("argv", [
    ["evaluate", "{folder}"],
    ["learn-terms", "{folder}", "-o", "{out}/terms.txt"],
    ["learn-themes", "{folder}", "-o", "{out}/words.csv"],
    ["corpus", "{folder}", "-o", "{out}/corpus"],
], ids=lambda a: a[0])
def test_a_folder_that_does_not_exist_is_named_in_one_line(capsys, tmp_path, argv):
    folder = tmp_path / "no_such_corpus"
    line = _one_line_error(capsys, [a.format(folder=folder, out=tmp_path / "out") for a in argv])
    assert line == f"error: {folder}: no such folder" or line == f"error: {folder}: no such file or folder"
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_frequency_names_the_missing_report_and_a_folder_given_for_a_report(capsys, tmp_path):
    missing = tmp_path / "no_such_corpus" / "national_201[0-7].txt"   # an unmatched glob reaches us as written
    assert _one_line_error(capsys, ["frequency", str(missing), "-o", str(tmp_path / "f.csv")]) == f"error: {missing}: no such file"
    line = _one_line_error(capsys, ["frequency", str(CORPUS), "-o", str(tmp_path / "f.csv")])
    assert line == f"error: {CORPUS}: is a folder, not a report file"


def test_learning_from_a_file_or_an_empty_folder_says_which(capsys, tmp_path):
    report = CORPUS / "national_2024.txt"
    line = _one_line_error(capsys, ["learn-terms", str(report), "-o", str(tmp_path / "t.txt")])
    assert line == f"error: {report}: is a file, not a folder of reports"
    (tmp_path / "empty").mkdir()
    line = _one_line_error(capsys, ["learn-themes", str(tmp_path / "empty"), "-o", str(tmp_path / "w.csv")])
    assert line == f"error: {tmp_path / 'empty'}: no report files (.txt, .pdf, .docx, .html) in this folder"


def test_evaluate_checks_its_keys(capsys, tmp_path):
    assert _one_line_error(capsys, ["evaluate", str(CORPUS), "--keys", str(tmp_path / "nokeys")]) == \
        f"error: {tmp_path / 'nokeys'}: no such folder of keys"
    assert _one_line_error(capsys, ["evaluate", str(CORPUS), "--keys", str(tmp_path)]) == \
        f"error: {tmp_path}: no keys in this folder (*_themes.csv, *_policy_terms.txt)"
    raw = PROJECT_ROOT / "data" / "raw"
    assert _one_line_error(capsys, ["evaluate", str(raw)]) == f"error: {raw}: none of its reports has a key in tests/data/keys"


KEY = pd.DataFrame({"value": ["5", "3", "100", "9"], "unit": ["%", "%", "亿元", "万人"],
                    "indicator": ["地区生产总值增长|GDP增长", "居民消费价格涨幅", "财政收入", "新增就业"],
                    "year": ["2025", "2025", "2024", "2025"], "kind": ["target", "target", "actual", "target"],
                    "qualifier": ["左右", "", "", ""], "required": ["1", "1", "1", "0"]})


def test_score_indicators_of_a_table(capsys, tmp_path):
    KEY.to_csv(tmp_path / "key.csv", index=False)
    pred = pd.DataFrame({"indicator": ["GDP增长", "居民消费价格", "一般公共预算收入", "新增城镇就业", "研发投入"],
                         "value": ["5", "3", "100", "9", "2.5"], "unit": ["%", "%", "亿元", "万人", "%"],
                         "year": ["2025", "2025", "2025", "2025", "2025"],
                         "kind": ["target", "target", "actual", "target", "target"]})
    pred.to_csv(tmp_path / "pred.csv", index=False)
    argv = ["score-indicators", str(tmp_path / "key.csv"), str(tmp_path / "pred.csv")]
    assert main(argv) == 0
    out = capsys.readouterr().out.splitlines()
    # 3 required rows, all found; 5 predicted, one of them the ambiguous row (neither helps nor hurts), one extra
    assert out == ["key: 3 required rows (and 1 ambiguous); predicted: 5 rows; required rows found: 3; extra rows: 1",
                   "recall=1.000 precision=0.750 f1=0.857 name=0.667 year=0.667 kind=1.000"]
    assert main([*argv, "--min-recall", "0.95", "--min-precision", "0.95", "--show"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == "below the goals: precision 0.750 < 0.95"
    assert "NAME    100 亿元  财政收入  key=财政收入  got=一般公共预算收入" in out
    assert "YEAR    100 亿元  财政收入  key=2024  got=2025" in out
    assert "EXTRA   2.5 %  研发投入  2025 target" in out


def test_score_indicators_of_a_report_gives_the_readme_figures(capsys):
    assert main(["score-indicators", str(KEYS / "national_2024_indicators.csv"), str(CORPUS / "national_2024.txt"),
                 "--min-recall", "0.95", "--min-precision", "0.95"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == \
        "recall=1.000 precision=1.000 f1=1.000 name=0.974 year=1.000 kind=1.000"


def test_score_indicators_refuses_what_is_not_a_key_or_a_table(capsys, tmp_path):
    manifest = CORPUS / "MANIFEST.csv"
    key = KEYS / "national_2024_indicators.csv"
    assert _one_line_error(capsys, ["score-indicators", str(tmp_path / "k.csv"), str(manifest)]) == \
        f"error: {tmp_path / 'k.csv'}: no such file"
    line = _one_line_error(capsys, ["score-indicators", str(manifest), str(CORPUS / "national_2024.txt")])
    assert line.startswith(f"error: {manifest}: not an answer key: it lacks value, unit, indicator, year, kind, required")
    line = _one_line_error(capsys, ["score-indicators", str(key), str(manifest)])
    assert line.startswith(f"error: {manifest}: not an indicator table: it lacks indicator, value, unit, year, kind")


def test_many_reports_share_one_duplicate_rule(capsys, tmp_path):
    # the same report twice (a copy under another name): frequency, learning and the corpus count it once and say so
    from helpers.prepare import duplicate_of, prepare_corpus

    assert duplicate_of(["a", "b", "c", "d"], ["x", "y", "x", ""]) == ["", "", "a", ""]
    folder = tmp_path / "reports"
    folder.mkdir()
    text = (CORPUS / "national_2024.txt").read_bytes()
    (folder / "a_2024.txt").write_bytes(text)
    (folder / "b_2024.txt").write_bytes(text)
    found: dict[str, str] = {}
    assert list(prepare_corpus(folder, duplicates=found)) == ["a_2024"] and found == {"b_2024": "a_2024"}
    out = tmp_path / "f.csv"
    assert main(["frequency", str(folder / "a_2024.txt"), str(folder / "b_2024.txt"), "-o", str(out), "--jieba-only"]) == 0
    err = capsys.readouterr()
    assert f"{folder / 'b_2024.txt'}: the same text as {folder / 'a_2024.txt'}; counted once" in err.err
    assert "over 1 reports" in err.out
