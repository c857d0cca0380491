"""The one registry of input formats: which files are reports, how their content is recognised, who converts them.

Each :class:`InputFormat` entry says everything the package needs to know about one kind of file:

- ``suffixes``: the file names picked up from a folder of reports (:func:`helpers.paths.report_files`);
  the first one is the one messages show;
- ``detect``: a test of the file's bytes (magic bytes, markup), so a misnamed file is still recognised
  (:func:`helpers.formats.detect_format` asks each entry in order; text is what is left);
- ``converter``: the function ``(bytes, path) -> Conversion`` that turns the file into text, named as
  ``"module:function"`` and imported by :func:`helpers.formats.convert` on first use (this module sits on the
  base floor, below the converters), with the library whose version enters the conversion's cache key;
- ``label`` and ``long_label``: how help texts and error messages name the format.

Adding a format is one converter module (``helpers/formats_<name>.py``) and one entry in :data:`INPUT_FORMATS`.
Every list of formats in a message is built here (:func:`format_list`, :func:`suffix_list`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

_HTML_START = re.compile(rb"^(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|meta|title|body)\b", re.I | re.S)
_HTML_TAGS = re.compile(rb"<(?:html|head|body|div|p|meta|title|table|span)\b[^>]*>", re.I)


def sniff(data: bytes) -> bytes:
    """The start of the file as ASCII-compatible bytes, for looking at markup (UTF-16 is re-encoded)."""
    head = data[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head.decode("utf-16", errors="ignore").encode("utf-8", errors="ignore")
    elif b"\x00" in head[:200]:
        for enc in ("utf-16-le", "utf-16-be"):
            decoded = head.decode(enc, errors="ignore")
            if decoded.lstrip().startswith("<"):
                head = decoded.encode("utf-8", errors="ignore")
                break
    return head.removeprefix(b"\xef\xbb\xbf").lstrip()


def is_pdf(data: bytes, named: bool) -> bool:
    """``%PDF-`` in the first kilobyte."""
    return b"%PDF-" in data[:1024]


def is_zip(data: bytes, named: bool) -> bool:
    """A ZIP archive (a Word file is one; :func:`helpers.formats.detect_format` looks inside)."""
    return data.startswith(b"PK\x03\x04")


def is_html(data: bytes, named: bool) -> bool:
    """A leading ``<!doctype html>``/``<html>``/``<head>`` (after a BOM, XML declaration or comment), or, for a
    file named as a web page (``named``), any of the usual tags."""
    head = sniff(data)
    return bool(_HTML_START.match(head) or (named and _HTML_TAGS.search(head)))


@dataclass(frozen=True)
class InputFormat:
    """One kind of report file: its suffixes, how its bytes are recognised, and its converter."""

    name: str
    suffixes: tuple[str, ...]
    label: str  # short, in lists: "PDF", ".docx"
    long_label: str  # in a sentence: "Word (.docx)", "a saved web page"
    detect: Callable[[bytes, bool], bool] | None = None  # (bytes, named with one of suffixes) -> is this format
    converter: str = ""  # "helpers.formats_pdf:convert_pdf"; empty for text (decoded by helpers.load)
    library: str = ""  # the distribution whose version enters the conversion's cache key
    misnamed: str = ""  # the error for a file named with a suffix of this format whose bytes are not


#: Every format a report may come in, in the order detection tries them (text, the fallback, first for messages).
INPUT_FORMATS: dict[str, InputFormat] = {f.name: f for f in [
    InputFormat("text", (".txt",), "text", "text (UTF-8, UTF-16 or GBK)"),
    InputFormat("pdf", (".pdf",), "PDF", "PDF", is_pdf, "helpers.formats_pdf:convert_pdf", "pdfminer.six",
                "is named .pdf but is not a PDF file (no %PDF header; damaged or renamed?)"),
    InputFormat("docx", (".docx",), ".docx", "Word (.docx)", is_zip, "helpers.formats_docx:convert_docx", "python-docx",
                "is named .docx but is not a Word file (not a ZIP archive; damaged or renamed?)"),
    InputFormat("html", (".html", ".htm", ".xhtml", ".shtml"), ".html", "a saved web page", is_html,
                "helpers.formats_html:convert_html", "beautifulsoup4"),
]}


def report_suffixes() -> tuple[str, ...]:
    """Every suffix of a report file, lower case (a folder's files with one of them are its reports)."""
    return tuple(s for f in INPUT_FORMATS.values() for s in f.suffixes)


def format_of_suffix(suffix: str) -> InputFormat | None:
    """The format whose suffixes hold ``suffix`` (any case), or ``None``."""
    return next((f for f in INPUT_FORMATS.values() if suffix.lower() in f.suffixes), None)


def _join(items: list[str], last: str) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])}{last}{items[-1]}"


def format_list(long: bool = False) -> str:
    """The formats for a message: ``"text, PDF, .docx or .html"`` (``long``: ``"text (UTF-8, …), PDF, Word (.docx) or …"``)."""
    return _join([f.long_label if long else f.label for f in INPUT_FORMATS.values()], " or ")


def suffix_list(last: str = ", ") -> str:
    """Each format's main suffix for a message: ``".txt, .pdf, .docx, .html"`` (``last=" and "``: ``"…, .docx and .html"``)."""
    return _join([f.suffixes[0] for f in INPUT_FORMATS.values()], last)
