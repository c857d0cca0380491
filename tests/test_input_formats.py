"""The one registry of input formats (helpers/input_formats.py): folders, detection and every message read it."""
from __future__ import annotations

import html

import pytest

from helpers import cli, input_formats
from helpers.formats import detect_format
from helpers.input_formats import INPUT_FORMATS, InputFormat, format_list, report_suffixes, suffix_list
from helpers.paths import PROJECT_ROOT, SAMPLE_REPORT, report_files
from helpers.prepare import prepare_corpus


def _page(text: str, title: str) -> str:
    body = "".join(f"<p>{html.escape(line)}</p>\n" for line in text.splitlines() if line.strip())
    return (f"<!DOCTYPE html><html xmlns='http://www.w3.org/1999/xhtml'><head><meta charset='utf-8'/><title>{title}</title>"
            f"</head><body><div class='content'>{body}</div></body></html>")


def test_a_folder_of_xhtml_and_shtml_pages_is_listed_and_prepared(tmp_path):
    text = SAMPLE_REPORT.read_text(encoding="utf-8")
    half = text.splitlines()
    (tmp_path / "a_2021.xhtml").write_text(_page(text, "无锡"), encoding="utf-8")
    (tmp_path / "b_2021.SHTML").write_text(_page("\n".join(half[: len(half) // 2]), "无锡"), encoding="utf-8")
    (tmp_path / "notes.md").write_text("x", encoding="utf-8")
    assert [f.name for f in report_files(tmp_path)] == ["a_2021.xhtml", "b_2021.SHTML"]
    corpus = prepare_corpus(tmp_path)
    assert sorted(corpus) == ["a_2021", "b_2021"]
    assert {p.report.format for p in corpus.values()} == {"html"}
    assert "无锡" in corpus["a_2021"].text and len(corpus["a_2021"].structure.paragraphs) > 20


def test_every_suffix_of_the_registry_is_picked_up_and_detected_as_its_format(tmp_path):
    assert set(report_suffixes()) >= {".txt", ".pdf", ".docx", ".html", ".htm", ".xhtml", ".shtml"}
    for i, suffix in enumerate(report_suffixes()):
        (tmp_path / f"r{i}{suffix}").write_text("x", encoding="utf-8")
    assert len(report_files(tmp_path)) == len(report_suffixes())
    page = b"<html><body><p>\xe6\x8a\xa5\xe5\x91\x8a</p></body></html>"
    for suffix in INPUT_FORMATS["html"].suffixes:
        assert detect_format(page, f"x{suffix}") == "html"
    assert detect_format(b"<div><p>text</p></div>", "x.xhtml") == "html"  # tags alone count for a web page's name
    assert detect_format(b"<div><p>text</p></div>", "x.txt") == "text"


def test_messages_name_the_formats_of_the_registry(monkeypatch, tmp_path):
    # today's messages, byte for byte
    assert format_list() == "text, PDF, .docx or .html"
    assert format_list(long=True) == "text (UTF-8, UTF-16 or GBK), PDF, Word (.docx) or a saved web page"
    assert suffix_list() == ".txt, .pdf, .docx, .html"
    # a format added to the registry appears in every message and is picked up from a folder
    fake = InputFormat("epub", (".epub",), "EPUB", "an EPUB book", lambda data, named: False, "helpers.formats_epub:convert_epub")
    monkeypatch.setitem(INPUT_FORMATS, "epub", fake)
    assert format_list() == "text, PDF, .docx, .html or EPUB"
    assert suffix_list(" and ") == ".txt, .pdf, .docx, .html and .epub"
    (tmp_path / "book.epub").write_text("x", encoding="utf-8")
    assert [f.name for f in report_files(tmp_path)] == ["book.epub"]
    helps = []
    for action in cli.build_parser()._subparsers._group_actions[0].choices.values():  # every subcommand's arguments
        helps += [a.help or "" for a in action._actions]
    format_helps = [h for h in helps if "PDF" in h or ".pdf" in h]
    assert len(format_helps) >= 5 and all("EPUB" in h or ".epub" in h for h in format_helps)
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(FileNotFoundError, match=r"\.epub"):
        prepare_corpus(empty)


def test_no_message_types_the_list_of_formats_by_hand():
    typed = [".txt, .pdf", "PDF, .docx", "PDF, Word (.docx) or", ".docx and .html"]
    for path in sorted((PROJECT_ROOT / "helpers").rglob("*.py")):
        if path.name == "input_formats.py":
            continue
        text = path.read_text(encoding="utf-8")
        assert not [t for t in typed if t in text], path.name


def test_the_registry_sits_on_the_base_floor():
    # paths (base) reads it, so it imports nothing of the package; formats imports each converter by its name
    source = (PROJECT_ROOT / "helpers" / "input_formats.py").read_text(encoding="utf-8")
    assert "from ." not in source and "import helpers" not in source
    assert input_formats.INPUT_FORMATS["html"].converter == "helpers.formats_html:convert_html"


def test_convert_refuses_a_format_without_converter_in_one_line():
    """Plain text has no converter (helpers.load decodes it): a one-line ParameterError, still a ValueError."""
    from helpers.errors import ParameterError
    from helpers.formats import convert

    with pytest.raises(ParameterError, match=r"^fmt = 'txt': no converter") as info:
        convert(b"abc", "txt")
    assert isinstance(info.value, ValueError) and "\n" not in str(info.value)
