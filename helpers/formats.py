"""Reports as people have them: PDF, Word (.docx) and saved web pages, turned into text.

:func:`detect_format` looks at a file's content (magic bytes and markup), not only its name;
:func:`convert` dispatches to the converter of that format:

- PDF (:mod:`helpers.formats_pdf`, pdfminer.six): text in reading order, running headers, footers and
  page numbers removed, page breaks kept as line breaks (cleaning's ``rejoin_broken_lines`` re-joins
  words split at a page end);
- Word (:mod:`helpers.formats_docx`, python-docx): paragraphs and tables in order, Word's own list
  numbering written back as text (``一、``, ``（一）``) so the structure parser finds parts and sections;
- web page (:mod:`helpers.formats_html`, Beautiful Soup with the stdlib parser): the report's body
  without menus, share buttons, related links (相关报道) and footers; title, date and source as metadata.

Each converter returns a :class:`Conversion`: the extracted text (kept for audit), a log of what it
removed or changed with the cleaning log's columns (``rule``, ``location``, ``before``, ``after``;
``location`` names the page or element), and metadata. A file that cannot be converted raises
:class:`~helpers.errors.ReportError` with one line naming the file.

The converters load their third-party libraries on first use, so ``import helpers`` stays quick.
"""
from __future__ import annotations

import hashlib
import io
import zipfile
from importlib import import_module
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from . import cache
from .conversion import Conversion
from .errors import ParameterError, ReportError
from .input_formats import INPUT_FORMATS, format_of_suffix

#: The formats, from the registry (:data:`helpers.input_formats.INPUT_FORMATS`).
FORMATS = tuple(INPUT_FORMATS)

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_OOXML = "EncryptedPackage".encode("utf-16-le")


def detect_format(data: bytes, path: str | Path = "<bytes>") -> str:
    """The format of a report file from its content: a name of :data:`~helpers.input_formats.INPUT_FORMATS`.

    Each format's detector is asked in the registry's order (PDF by ``%PDF-`` in the first kilobyte; Word by
    a ZIP archive holding ``word/document.xml``; a web page by a leading ``<!doctype html>``/``<html>``/
    ``<head>`` after a BOM, XML declaration or comment or, for a file named as one, any of the usual tags).
    Anything else is text (for :func:`helpers.load.decode_report_bytes`). The file name only sharpens errors:
    a ``.docx`` that is not a ZIP archive, or a ``.pdf`` that has no PDF header, raises :class:`ReportError`.
    """
    suffix = Path(str(path)).suffix.lower()
    expected = format_of_suffix(suffix)
    for fmt in INPUT_FORMATS.values():
        if fmt.detect is None:
            continue
        if fmt.name == "html" and data.startswith(_OLE_MAGIC):
            if _ENCRYPTED_OOXML in data:
                raise ReportError(path, "is a password-protected Office file; remove the password and save it again")
            if expected is not None and expected.misnamed:
                raise ReportError(path, f"is named {suffix} but is an old Office (.doc/.xls) file; save it as .docx first")
            return "text"  # decode_report_bytes names old Office files
        if fmt.detect(data, expected is fmt):
            return _zip_kind(data, path) if fmt.name == "docx" else fmt.name
    if expected is not None and expected.misnamed:
        raise ReportError(path, expected.misnamed)
    return "text"


def _zip_kind(data: bytes, path: str | Path) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = set(z.namelist())
    except (zipfile.BadZipFile, EOFError, ValueError):
        raise ReportError(path, "is a damaged ZIP/Word file (the archive cannot be opened)") from None
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        raise ReportError(path, "is an Excel workbook, not a report")
    if "ppt/presentation.xml" in names:
        raise ReportError(path, "is a PowerPoint presentation, not a report")
    if "content.xml" in names and "mimetype" in names:
        raise ReportError(path, "is an OpenDocument file; save it as .docx or plain text first")
    raise ReportError(path, "is a ZIP archive, not a report (unpack it first)")


def convert(data: bytes, fmt: str, path: str | Path = "<bytes>", use_cache: bool = True) -> Conversion:
    """Convert the bytes of a ``pdf``, ``docx`` or ``html`` file to text (see the module docstring).

    Conversions are cached (:mod:`helpers.cache`, kind ``converted``) by the file's bytes, the
    converters' code and the library's version: a PDF takes a second or two. Failures are not cached.
    """
    entry = INPUT_FORMATS.get(fmt)
    if entry is None or not entry.converter:
        raise ParameterError("fmt", fmt, "no converter for this format (text is decoded by helpers.load)")
    module, function = entry.converter.split(":")
    converter = getattr(import_module(module), function)
    try:
        library = version(entry.library)
    except PackageNotFoundError:
        library = "?"
    key = f"{fmt}|{library}|{hashlib.sha256(data).hexdigest()}"
    return cache.cached("converted", key, [], lambda: converter(data, path), valid=Conversion,
                        use_cache=use_cache, code=__name__)


