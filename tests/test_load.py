"""Loading: encodings, line ends, and one clear error per kind of bad input."""
from __future__ import annotations

import subprocess
import sys

import pytest

from helpers import ReportError, load_report
from helpers.paths import DEFAULT_OUTPUT_DIR, PROJECT_ROOT, SAMPLE_REPORT, report_output_dir

TEXT = "各位代表：\n现在，我代表市人民政府，向大会报告工作，请予审议。\n一、过去一年工作回顾\n地区生产总值增长7%。\n"


@pytest.mark.parametrize(
    "encoding, prefix",
    [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("utf-16", b""), ("gbk", b""), ("gb18030", b""), ("utf-16-le", b"")],
)
def test_encodings_round_trip(tmp_path, encoding, prefix):
    p = tmp_path / "r.txt"
    p.write_bytes(prefix + TEXT.encode(encoding))
    report = load_report(p)
    assert report.text.lstrip("\ufeff") == TEXT
    assert report.name == "r"


def test_crlf_is_kept_for_cleaning_to_normalise(tmp_path):
    p = tmp_path / "crlf.txt"
    p.write_bytes(TEXT.replace("\n", "\r\n").encode("utf-8"))
    assert "\r\n" in load_report(p).text


def test_real_gbk_file(corpus):
    report = load_report(corpus / "national_2016_gbk.txt")
    assert report.encoding == "gb18030"
    assert "各位代表" in report.text


@pytest.mark.parametrize(
    "name, content, problem",
    [
        ("missing.txt", None, "no such file"),
        ("empty.txt", b"", "is empty"),
        ("blank.txt", b"  \n\t\n", "is empty"),
        ("image.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "PNG image"),
        ("nul.txt", b"abc\x00\x01\x02" * 50, "binary"),
        ("english.txt", b"This is an English text, not a report. " * 20, "almost no Chinese"),
        ("bad-bom.txt", b"\xef\xbb\xbf\xff\xfe\xfa", "undecodable"),
        ("latin.txt", "Ceci n'est pas un rapport du gouvernement éèà ".encode("latin-1") * 10, "almost no Chinese"),
    ],
)
def test_bad_input_gets_one_clear_line(tmp_path, name, content, problem):
    p = tmp_path / name
    if content is not None:
        p.write_bytes(content)
    with pytest.raises(ReportError) as err:
        load_report(p)
    message = str(err.value)
    assert name in message and problem in message
    assert "\n" not in message


def test_folder_is_refused(tmp_path):
    with pytest.raises(ReportError, match="is a folder"):
        load_report(tmp_path)


def test_relative_paths_follow_one_rule(monkeypatch, tmp_path):
    # from the working folder ...
    (tmp_path / "mine.txt").write_bytes(SAMPLE_REPORT.read_bytes())
    monkeypatch.chdir(tmp_path)
    assert load_report("mine.txt").path == tmp_path / "mine.txt"
    with pytest.raises(ReportError, match="no such file"):
        load_report("data/raw/wuxi_2021.txt")
    # ... and in notebooks/ (where Jupyter starts kernels) from the project folder
    monkeypatch.chdir(PROJECT_ROOT / "notebooks")
    assert load_report("data/raw/wuxi_2021.txt").path == PROJECT_ROOT / "data/raw/wuxi_2021.txt"
    assert report_output_dir("data/raw/wuxi_2021.txt") == DEFAULT_OUTPUT_DIR / "wuxi_2021"


@pytest.mark.parametrize("stage", ["clean", "structure"])
def test_cli_bad_input_exits_2_with_one_line(tmp_path, stage):
    bad = tmp_path / "picture.png"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    proc = subprocess.run(
        [sys.executable, "-m", "helpers", stage, str(bad), "-o", str(tmp_path / "out.csv")],
        capture_output=True, text=True, cwd=PROJECT_ROOT,
    )
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0
    assert "picture.png" in proc.stderr and "PNG" in proc.stderr


def test_a_folder_of_reports_holds_every_format(tmp_path):
    from helpers.paths import report_files

    for name in ["b.pdf", "a.txt", "c.docx", "d.html", "e.htm", "notes.md", "data.csv"]:
        (tmp_path / name).write_text("x", encoding="utf-8")
    (tmp_path / "sub.txt").mkdir()
    assert [p.name for p in report_files(tmp_path)] == ["a.txt", "b.pdf", "c.docx", "d.html", "e.htm"]
