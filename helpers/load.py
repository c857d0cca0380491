"""Loading a report from disk: encoding detection and clear errors for unusable files.

Text files are decoded here; PDF, Word (.docx) and saved web pages are recognised by their content
and converted to text by :mod:`helpers.formats`.
"""
from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import opencc
import pandas as pd
from charset_normalizer import from_bytes

from .errors import ReportError
from .formats import convert, detect_format
from .paths import report_name, resolve_path

_CJK = re.compile(r"[\u4e00-\u9fff]")
_BINARY_MAGIC = {
    b"\x89PNG": "a PNG image",
    b"%PDF": "a PDF file (extract its text first, e.g. with pdftotext)",
    b"PK\x03\x04": "a ZIP/Office file (save it as plain text first)",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\xd0\xcf\x11\xe0": "an old Office file (save it as .docx or plain text first)",
}
MIN_CHINESE_SHARE = 0.3
MIN_CHINESE_CHARS = 20
#: Real Chinese prose is written mostly in the 3,755 common characters (GB2312 level 1); decoded noise is not.
MIN_COMMON_SHARE = 0.6
#: Reports larger than this are refused (a report is 20–200 KB); ``GWR_MAX_REPORT_MB`` changes it.
MAX_REPORT_MB = 20
#: At most this many damaged bytes in a UTF-8 file are replaced (with a warning) instead of refused.
MAX_BAD_UTF8_BYTES = 3


@dataclass(frozen=True)
class Report:
    """A loaded report: its text (newlines normalised to LF later, by cleaning) and provenance.

    For a PDF, Word file or web page, ``text`` is the text extracted from it (kept for audit),
    ``format`` says which, ``extraction_log`` lists what the conversion removed or changed (the
    cleaning log's columns) and ``meta`` holds what a web page says about itself (title, date, source).
    """

    path: Path
    name: str
    text: str
    encoding: str
    format: str = "text"
    extraction_log: pd.DataFrame | None = field(default=None, compare=False)
    meta: dict[str, str] = field(default_factory=dict, compare=False)
    #: One-line warnings about the file (a damaged byte that was replaced).
    warnings: tuple[str, ...] = ()


def decode_report_bytes(data: bytes, path: str | Path = "<bytes>") -> tuple[str, str]:
    """Decode report bytes, returning ``(text, encoding)``.

    Order: a byte-order mark (UTF-8, UTF-16 LE/BE), strict UTF-8, strict GB18030 (a superset of
    GBK and GB2312), then charset-normalizer's best guess. Raises :class:`ReportError`.
    """
    for magic, what in _BINARY_MAGIC.items():
        if data.startswith(magic):
            raise ReportError(path, f"is {what}, not a text report")
    if data.startswith(b"\xef\xbb\xbf"):
        return _strict(data[3:], "utf-8", path), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _strict(data, "utf-16", path), "utf-16"
    if b"\x00" in data[:4096]:
        # UTF-16 without a BOM has a NUL in every other byte of ASCII text.
        for enc in ("utf-16-le", "utf-16-be"):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                continue
            if _CJK.search(text) and ("，" in text or "。" in text):
                return text, enc
        raise ReportError(path, "is a binary file (it contains NUL bytes), not a text report")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        replaced = data.decode("utf-8", errors="replace")
        bad = replaced.count("\ufffd")
        if _mostly_utf8(replaced, bad):
            if bad > MAX_BAD_UTF8_BYTES:
                raise ReportError(path, f"is UTF-8 text with {bad} undecodable bytes, the first at offset {exc.start}") from None
            return replaced, f"utf-8 (bad byte at offset {exc.start} replaced)"
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None:
        raise ReportError(path, "cannot be decoded: not UTF-8, UTF-16 or GB18030/GBK text")
    return str(best), best.encoding


def _mostly_utf8(replaced: str, bad: int) -> bool:
    """True when bytes decoded as UTF-8 (bad ones replaced) are Chinese text with only a few bad bytes:
    the file is UTF-8, damaged (truncated, a changed byte), not another encoding."""
    han = len(_CJK.findall(replaced))
    return han >= MIN_CHINESE_CHARS and bad <= max(MAX_BAD_UTF8_BYTES, han // 100)


def _strict(data: bytes, encoding: str, path: str | Path) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ReportError(path, f"has a {encoding} byte-order mark but undecodable bytes at offset {exc.start}") from None


def load_report(path: str | Path) -> Report:
    """Load a report from ``path`` and check that it is a usable Chinese text.

    Accepts UTF-8 (with or without BOM), UTF-16 and GB18030/GBK files with any line ends, and PDF,
    Word (.docx) and HTML files, told apart by their content (see :mod:`helpers.formats`).
    Raises :class:`ReportError` (one line naming the file) for a missing file, a folder,
    an empty or binary file, undecodable bytes, a text with almost no Chinese, or a PDF/Word/HTML
    file that cannot be converted (encrypted, damaged, scanned without a text layer, no report in it).
    """
    if not str(path).strip():
        raise ReportError("(empty path)", "give the path of a report file")
    p = resolve_path(path)
    if not p.exists():
        raise ReportError(path, "no such file")
    if p.is_dir():
        raise ReportError(path, "is a folder, not a report file")
    data = _read_regular_file(p, path)
    if not data.strip():
        raise ReportError(path, "is empty")
    fmt = detect_format(data, path)
    if fmt != "text":
        converted = convert(data, fmt, path)
        check_chinese(converted.text, path)
        return Report(path=p, name=report_name(p), text=converted.text, encoding=converted.encoding,
                      format=fmt, extraction_log=converted.log, meta=converted.meta)
    text, encoding = decode_report_bytes(data, path)
    check_chinese(text, path)
    warnings = ()
    if m := re.search(r"offset (\d+)", encoding):
        warnings = (f"{path}: is UTF-8 with a damaged byte at offset {m.group(1)}; damaged bytes were replaced by \ufffd",)
    return Report(path=p, name=report_name(p), text=text, encoding=encoding.split(" ")[0], warnings=warnings)


def max_report_bytes() -> int:
    """The size limit: :data:`MAX_REPORT_MB` megabytes, or ``$GWR_MAX_REPORT_MB``."""
    try:
        return int(float(os.environ.get("GWR_MAX_REPORT_MB", MAX_REPORT_MB)) * 1024 * 1024)
    except ValueError:
        return MAX_REPORT_MB * 1024 * 1024


def _read_regular_file(p: Path, path: str | Path) -> bytes:
    """The bytes of a regular file of at most the size limit; a FIFO, a device or a huge file is refused."""
    try:
        info = p.stat()
    except OSError as exc:
        raise ReportError(path, f"cannot be read ({exc.strerror})") from None
    if not stat.S_ISREG(info.st_mode):
        kind = "a FIFO (named pipe)" if stat.S_ISFIFO(info.st_mode) else "a device" if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode) else "not a regular file"
        raise ReportError(path, f"is {kind}, not a report file")
    limit = max_report_bytes()
    if info.st_size > limit:
        raise ReportError(path, f"is {info.st_size / 1024 / 1024:.1f} MB, over the {limit / 1024 / 1024:.3g} MB limit for one report "
                                "(set GWR_MAX_REPORT_MB to raise it)")
    try:
        with p.open("rb") as f:
            return f.read(limit + 1)
    except OSError as exc:
        raise ReportError(path, f"cannot be read ({exc.strerror})") from None


@lru_cache(maxsize=1)
def common_characters() -> frozenset[str]:
    """The 3,755 most common Chinese characters (GB2312 level 1), and their traditional forms."""
    chars = "".join(bytes([a, b]).decode("gb2312") for a in range(0xB0, 0xD8) for b in range(0xA1, 0xFF)
                    if not (a == 0xD7 and b > 0xF9))
    return frozenset(chars) | frozenset(opencc.OpenCC("s2t").convert(chars))


def check_chinese(text: str, path: str | Path = "<text>") -> None:
    """Raise :class:`ReportError` unless ``text`` is mostly Chinese, and Chinese prose rather than noise.

    Prose uses the common characters (GB2312 level 1) for most of its Chinese; random bytes decoded as
    GB18030 give rare and private-use characters instead.
    """
    visible = re.sub(r"\s", "", text)
    if not visible:
        raise ReportError(path, "contains only whitespace")
    n_cjk = len(_CJK.findall(visible))
    if n_cjk < MIN_CHINESE_CHARS or n_cjk / len(visible) < MIN_CHINESE_SHARE:
        raise ReportError(
            path,
            f"has almost no Chinese text ({n_cjk} of {len(visible)} characters); is it the right file or encoding?",
        )
    sample = _CJK.findall(visible[:200_000])
    common = sum(c in common_characters() for c in sample) / len(sample)
    if common < MIN_COMMON_SHARE:
        raise ReportError(path, f"does not read as Chinese prose (only {common:.0%} of its characters are common ones); "
                                "is it the right file or encoding?")
