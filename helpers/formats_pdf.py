"""PDF reports: the text layer in reading order, without running headers, footers and page numbers.

pdfminer.six lays out each page into text lines with positions. Then, page by page:

1. Lines in the top or bottom margin (the two outermost lines) that look like a page number
   (``3``, ``— 3 —``, ``第3页``, ``3/17``, ``Page 3``) are removed (rule ``pdf_page_number``); margin lines
   that repeat, digits aside, on at least half of the pages are removed as running headers or
   footers (``pdf_running_header``, ``pdf_running_footer``). Each removal is logged with its page.
2. Visual lines are joined into paragraphs from the layout: a line that reaches the right margin
   continues into the next one unless that is indented or set apart. Page breaks stay line breaks,
   so a word split at a page end is re-joined, and logged, by cleaning's ``rejoin_broken_lines``.
   Only where the text cannot tell and the layout can (the page before ends full, this page's first
   line is not indented although its paragraphs are) is the page break joined here, and logged
   (``pdf_page_break``): when the new page starts with what looks like a heading (``一、城乡一体``)
   or the old one ends with a full stop.
3. Characters that PDF producers map wrongly are repaired and logged once per kind
   (``pdf_character_map``): Kangxi and supplementary radicals (⽆, ⻓) that fonts share with the
   ideographs (无, 长), the two-em dash ⸺ (——), and control codes standing for spaces.

A PDF with no text layer (a scan) gets one line saying so; no OCR is done.
"""
from __future__ import annotations

import io
import logging
import re
import statistics
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from .errors import ReportError
from .conversion import Conversion, count_han, make_log, short

#: CJK Radicals Supplement characters and the ideographs that fonts draw with the same glyph.
_RADICALS = dict(zip(
    "⺂⺅⺉⺐⺒⺓⺔⺖⺘⺙⺛⺞⺟⺠⺡⺣⺦⺨⺭⺯⺰⺱⺹⺺⺿⻂⻅⻈⻉⻋⻎⻐⻑⻒⻓⻔⻖⻙⻚⻛⻜⻠⻢⻥⻦⻧⻨⻪⻫⻬⻮⻯⻰⻳",
    "乛亻刂尢巳幺彑忄扌攵旡歺母民氵灬丬犭礻糹纟罓耂肀艹衤见讠贝车辶钅長镸长门阝韦页风飞饣马鱼鸟卤麦黾斉齐齿竜龙龟",
))
_SPECIAL = {"\u2e3a": "——", "\u2e3b": "———"}
_ODD_CHARS = re.compile("[\u2e80-\u2eff\u2f00-\u2fdf\uf900-\ufaff\u2e3a\u2e3b\x00-\x08\x0b-\x1f\x7f]")

_PAGE_NUMBER = re.compile(
    r"[-—–―－~·•\s]*(?:第\s*)?\d{1,4}\s*(?:页)?(?:\s*(?:/|of|共)\s*\d{1,4}\s*页?)?[-—–―－~·•\s]*"
    r"|(?:page|p\.)\s*\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?"
    r"|[-—–―－\s]*[ivxlc]{1,6}[-—–―－\s]*",
    re.I,
)
_PARAGRAPH_ENDS = "。！？；：!?;:”’」』）)》】…"
#: What a heading line opens with (as :data:`helpers.clean.HEADING`).
_HEADING = re.compile(r"^([一二三四五六七八九十]{1,3}、|（[一二三四五六七八九十]{1,3}）|[0-9]{1,2}[.．、](?![0-9])|第[一二三四五六七八九十]+[部章节])")
_MARGIN_LINES = 2  # how many lines at the top and at the bottom of a page may be running heads/feet
_HEADER_SHARE = 0.5  # a margin line repeated on this share of pages (at least two) is a running head/foot


@dataclass
class _Line:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def size(self) -> float:
        return self.y1 - self.y0


@dataclass
class _Page:
    number: int
    lines: list[_Line]
    has_image: bool


def _repair_chars(text: str, counts: Counter) -> str:
    def fix(m: re.Match[str]) -> str:
        ch = m.group(0)
        if ch in _SPECIAL:
            new = _SPECIAL[ch]
        elif ch in _RADICALS:
            new = _RADICALS[ch]
        elif ord(ch) < 0x20 or ch == "\x7f":
            new = " "
        else:
            new = unicodedata.normalize("NFKC", ch)
        counts[(ch, new)] += 1
        return new

    return _ODD_CHARS.sub(fix, text)


def _read_pages(data: bytes, path: str | Path) -> list[_Page]:
    from pdfminer.layout import LAParams, LTFigure, LTImage, LTTextContainer, LTTextLine
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.high_level import extract_pages

    def images(obj) -> bool:
        if isinstance(obj, LTImage):
            return True
        return isinstance(obj, LTFigure) and any(images(o) for o in obj)

    def text_lines(obj):
        if isinstance(obj, LTTextLine):
            yield obj
        elif isinstance(obj, (LTTextContainer, LTFigure)):
            for child in obj:
                yield from text_lines(child)

    pages: list[_Page] = []
    quiet = logging.getLogger("pdfminer")
    level = quiet.level
    quiet.setLevel(logging.ERROR)  # pdfminer warns about every font descriptor it finds odd
    try:
        for number, layout in enumerate(extract_pages(io.BytesIO(data), laparams=LAParams()), start=1):
            lines = [
                _Line(line.get_text().strip("\n"), line.x0, line.y0, line.x1, line.y1)
                for element in layout
                for line in text_lines(element)
                if line.get_text().strip()
            ]
            pages.append(_Page(number, lines, any(images(e) for e in layout)))
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise ReportError(path, "is a password-protected (encrypted) PDF; remove the password first") from None
    except PDFSyntaxError as exc:
        raise ReportError(path, f"is a damaged PDF file ({short(str(exc), 80) or 'syntax error'})") from None
    except Exception as exc:  # pdfminer raises many kinds of errors on broken files
        if "password" in str(exc).lower() or "encrypt" in str(exc).lower():
            raise ReportError(path, "is a password-protected (encrypted) PDF; remove the password first") from None
        raise ReportError(path, f"is a damaged PDF file ({type(exc).__name__}: {short(str(exc), 80)})") from None
    finally:
        quiet.setLevel(level)
    return pages


def _margin_key(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def _strip_margins(pages: list[_Page]) -> list[tuple[str, str, str, str]]:
    """Remove page numbers and running heads/feet from ``pages`` (in place); return the log rows."""
    candidates: dict[tuple[str, str], set[int]] = defaultdict(set)
    for page in pages:
        ordered = sorted(page.lines, key=lambda ln: -ln.y1)
        for band, lines in (("top", ordered[:_MARGIN_LINES]), ("bottom", ordered[::-1][:_MARGIN_LINES])):
            for line in lines:
                candidates[(band, _margin_key(line.text))].add(page.number)
    threshold = max(2, _HEADER_SHARE * len(pages))
    running = {key for key, on in candidates.items() if len(pages) >= 2 and len(on) >= threshold and key[1]}
    rows: list[tuple[str, str, str, str]] = []
    for page in pages:
        ordered = sorted(page.lines, key=lambda ln: -ln.y1)
        drop: dict[int, str] = {}
        for band, lines in (("top", ordered[:_MARGIN_LINES]), ("bottom", ordered[::-1][:_MARGIN_LINES])):
            for line in lines:
                text = re.sub(r"[\x00-\x1f]", " ", line.text).strip()
                if _PAGE_NUMBER.fullmatch(text) and re.search(r"\d|^[ivxlc-]+$", text, re.I):
                    drop[id(line)] = "pdf_page_number"
                elif (band, _margin_key(line.text)) in running:
                    drop[id(line)] = "pdf_running_header" if band == "top" else "pdf_running_footer"
        for line in page.lines:
            if id(line) in drop:
                rows.append((drop[id(line)], f"page {page.number}", _repair_chars(line.text, Counter()).strip(), ""))
        page.lines = [line for line in page.lines if id(line) not in drop]
    return rows


def _join(a: str, b: str) -> str:
    return a + " " + b if re.search(r"[A-Za-z0-9]$", a) and re.match(r"[A-Za-z0-9]", b) else a + b


@dataclass
class _PageText:
    paragraphs: list[str]
    starts_flush: bool = False  # the first line is at the left margin on a page whose paragraphs are indented
    ends_full: bool = False  # the last line runs to the right margin (or nearly, mid-sentence)
    number: int = 0


def _paragraphs(page: _Page) -> _PageText:
    """Join a page's visual lines into paragraphs from their positions."""
    lines = page.lines
    if not lines:
        return _PageText([])
    size = statistics.median(ln.size for ln in lines) or 10.0
    # the left margin: the leftmost position that two lines share (on a page of short paragraphs most
    # lines are indented first lines, so the most common position would be the indent)
    starts = Counter(round(ln.x0) for ln in lines)
    left = min((x for x, n in starts.items() if n >= 2), default=min(starts))
    ends = sorted(ln.x1 for ln in lines)
    right = ends[int(0.9 * (len(ends) - 1))]  # the right margin, ignoring punctuation hanging past it

    def runs_on(line: _Line) -> bool:
        full = line.x1 >= right - 3 * size  # the line runs (about) to the right margin
        # or stops a few characters short, mid-sentence: a number or quotation that did not fit
        nearly = line.x1 >= right - 8 * size and line.text.rstrip()[-1:] not in _PARAGRAPH_ENDS
        return full or nearly

    def flush(line: _Line) -> bool:
        return line.x0 <= left + 0.6 * size and not line.text[:1].isspace() and line.text[:1] != "\u3000"

    out = [lines[0].text.strip()]
    for prev, line in zip(lines, lines[1:]):
        if runs_on(prev) and flush(line) and 0 <= prev.y0 - line.y1 <= 1.2 * size:
            out[-1] = _join(out[-1], line.text.strip())
        else:
            out.append(line.text.strip())
    indented = any(left + 1.5 * size <= ln.x0 <= left + 2.6 * size for ln in lines)
    return _PageText(out, starts_flush=indented and flush(lines[0]), ends_full=runs_on(lines[-1]))


def convert_pdf(data: bytes, path: str | Path = "<bytes>") -> Conversion:
    """Extract a PDF report's text (see the module docstring); raises :class:`ReportError`."""
    pages = _read_pages(data, path)
    if not pages:
        raise ReportError(path, "is a PDF file with no pages")
    text_chars = sum(len(re.sub(r"\s", "", ln.text)) for p in pages for ln in p.lines)
    if text_chars < 20 * len(pages) and count_han("".join(ln.text for p in pages for ln in p.lines)) < 20:
        if any(p.has_image for p in pages):
            raise ReportError(path, "is a scanned PDF with no text layer (only images); run OCR on it first, this workbook does none")
        raise ReportError(path, "is a PDF file with no text in it")
    rows = _strip_margins(pages)
    counts: Counter = Counter()
    chars_by_page: dict[tuple[str, str], list[int]] = defaultdict(list)
    paragraphs: list[str] = []
    previous: _PageText | None = None
    for page in pages:
        before = Counter(counts)
        laid = _paragraphs(page)
        laid.number = page.number
        texts = [_repair_chars(p, counts) for p in laid.paragraphs]
        for key in counts - before:
            chars_by_page[key].append(page.number)
        if (texts and paragraphs and previous and previous.ends_full and laid.starts_flush
                and (_HEADING.match(texts[0]) or paragraphs[-1][-1:] in _PARAGRAPH_ENDS)):
            # The page goes on with the paragraph of the page before (that one's last line is full, this
            # one's first line is not indented), but cleaning could not tell from the text: the new page
            # starts with what looks like a heading (大市统 | 一、城乡一体), or the old one ends a sentence.
            a, b = paragraphs[-1], texts.pop(0)
            rows.append(("pdf_page_break", f"page {previous.number}–{page.number}", f"{a[-8:]}⏎{b[:8]}", f"{a[-8:]}{b[:8]}"))
            paragraphs[-1] = _join(a, b)
        paragraphs.extend(texts)
        if laid.paragraphs:
            previous = laid
    for (ch, new), n in counts.most_common():
        on = chars_by_page[(ch, new)]
        where = f"page {on[0]}" if len(on) == 1 else f"pages {on[0]}–{on[-1]} ({len(on)} pages)"
        rows.append(("pdf_character_map", f"{where}, {n}×", repr(ch)[1:-1] if ord(ch) < 0x20 else ch, new))
    text = "\n".join(paragraphs) + "\n"
    return Conversion(text=text, log=make_log(rows), meta={"pages": str(len(pages))}, encoding="pdf", pages=len(pages))
