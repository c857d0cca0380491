"""Word reports (.docx): paragraphs and tables in document order, with Word's list numbering as text.

A heading numbered by Word (a list level whose format is Chinese counting, ``一、`` or ``（一）``) has no
number in its text: python-docx gives ``“十三五”时期工作回顾`` where the page shows
``一、“十三五”时期工作回顾``. The numbers are computed here from the document's numbering definitions
(``word/numbering.xml``: format, level text, start, restarts) and written back in front of the
paragraph, each one logged (rule ``docx_list_number``, location ``paragraph N``), so that the structure
parser finds parts and sections. Empty paragraphs are dropped; table rows become one line each.
"""
from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from .errors import ReportError
from .conversion import Conversion, make_log, short

_DIGITS = "零一二三四五六七八九"
_TRAD_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_IDEOGRAPH_TRADITIONAL = "甲乙丙丁戊己庚辛壬癸"


def chinese_number(n: int, digits: str = _DIGITS) -> str:
    """A number in Chinese counting (1 → 一, 12 → 十二, 20 → 二十, 105 → 一百零五)."""
    if n <= 0:
        return str(n)
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n % 10] if n % 10 else "")
    if n < 100:
        return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")
    rest = n % 100
    tail = "" if rest == 0 else ("零" + digits[rest] if rest < 10 else chinese_number(rest, digits) if rest >= 20 else digits[1] + chinese_number(rest, digits))
    return digits[n // 100] + "百" + tail


def format_number(n: int, fmt: str) -> str:
    """Format a list counter as Word does for the common ``w:numFmt`` values."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "taiwaneseCounting", "taiwaneseCountingThousand",
               "ideographDigital", "japaneseCounting"):
        return chinese_number(n)
    if fmt in ("chineseLegalSimplified", "ideographLegalTraditional"):
        return chinese_number(n, _TRAD_DIGITS)
    if fmt == "decimalEnclosedCircle" or fmt == "decimalEnclosedCircleChinese":
        return _CIRCLED[n - 1] if 0 < n <= len(_CIRCLED) else str(n)
    if fmt == "ideographTraditional":
        return _IDEOGRAPH_TRADITIONAL[(n - 1) % 10]
    if fmt in ("lowerLetter", "upperLetter"):
        s = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return s.upper() if fmt == "upperLetter" else s
    if fmt in ("lowerRoman", "upperRoman"):
        vals = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
                (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
        out, k = "", n
        for v, r in vals:
            while k >= v:
                out, k = out + r, k - v
        return out.upper() if fmt == "upperRoman" else out
    if fmt in ("none", "bullet"):
        return ""
    return str(n)  # decimal, decimalZero, decimalFullWidth… as digits


class _Numbering:
    """Word's numbering definitions, and the running counters of each list as paragraphs go by."""

    def __init__(self, document) -> None:
        from docx.oxml.ns import qn

        self.qn = qn
        self.levels: dict[tuple[str, int], tuple[str, str, int]] = {}  # (numId, ilvl) -> (numFmt, lvlText, start)
        self.abstract_of: dict[str, str] = {}
        self.counters: dict[str, dict[int, int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for an in root.findall(qn("w:abstractNum")):
            abstract[an.get(qn("w:abstractNumId"))] = {int(lvl.get(qn("w:ilvl"))): self._level(lvl) for lvl in an.findall(qn("w:lvl"))}
        for num in root.findall(qn("w:num")):
            num_id = num.get(qn("w:numId"))
            ref = num.find(qn("w:abstractNumId"))
            if ref is None:
                continue
            aid = ref.get(qn("w:val"))
            self.abstract_of[num_id] = aid
            levels = dict(abstract.get(aid, {}))
            for override in num.findall(qn("w:lvlOverride")):
                ilvl = int(override.get(qn("w:ilvl")))
                lvl = override.find(qn("w:lvl"))
                start = override.find(qn("w:startOverride"))
                if lvl is not None:
                    levels[ilvl] = self._level(lvl)
                elif start is not None and ilvl in levels:
                    fmt, text, _ = levels[ilvl]
                    levels[ilvl] = (fmt, text, int(start.get(qn("w:val"))))
            for ilvl, spec in levels.items():
                self.levels[(num_id, ilvl)] = spec

    def _level(self, lvl) -> tuple[str, str, int]:
        qn = self.qn

        def val(tag: str, default: str) -> str:
            el = lvl.find(qn(tag))
            return el.get(qn("w:val"), default) if el is not None else default

        return val("w:numFmt", "decimal"), val("w:lvlText", ""), int(val("w:start", "1"))

    def label(self, num_id: str, ilvl: int) -> str:
        """Advance the counter of ``(num_id, ilvl)`` and return the paragraph's number as Word shows it."""
        if (num_id, ilvl) not in self.levels or num_id == "0":
            return ""
        key = self.abstract_of.get(num_id, num_id)  # lists sharing an abstract definition count on
        counters = self.counters.setdefault(key, {})
        fmt, text, start = self.levels[(num_id, ilvl)]
        counters[ilvl] = counters.get(ilvl, start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        if fmt == "bullet":
            return ""

        def level_value(m: re.Match[str]) -> str:
            level = int(m.group(1)) - 1
            lvl_fmt, _, lvl_start = self.levels.get((num_id, level), ("decimal", "", 1))
            return format_number(counters.get(level, lvl_start), lvl_fmt)

        return re.sub(r"%([1-9])", level_value, text)


def _num_pr(paragraph, styles: dict) -> tuple[str, int] | None:
    """The paragraph's list (numId, level): its own w:numPr, else its style's (heading styles often carry one)."""
    from docx.oxml.ns import qn

    ppr = paragraph._p.pPr
    elements = [ppr]
    style_id = ppr.find(qn("w:pStyle")).get(qn("w:val")) if ppr is not None and ppr.find(qn("w:pStyle")) is not None else None
    for _ in range(10):  # the style, the style it is based on, …
        style = styles.get(style_id)
        if style is None:
            break
        elements.append(style.find(qn("w:pPr")))
        based = style.find(qn("w:basedOn"))
        style_id = based.get(qn("w:val")) if based is not None else None
    for element in elements:
        if element is None:
            continue
        num_pr = element.find(qn("w:numPr"))
        if num_pr is None:
            continue
        num_id = num_pr.find(qn("w:numId"))
        ilvl = num_pr.find(qn("w:ilvl"))
        if num_id is None:
            continue
        return num_id.get(qn("w:val")), int(ilvl.get(qn("w:val"))) if ilvl is not None else 0
    return None


def convert_docx(data: bytes, path: str | Path = "<bytes>") -> Conversion:
    """Extract a Word report's text (see the module docstring); raises :class:`ReportError`."""
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ReportError(path, f"is a damaged Word file ({type(exc).__name__}: {short(str(exc), 80)})") from None
    except Exception as exc:  # lxml's XMLSyntaxError and friends: a broken document.xml
        raise ReportError(path, f"is a damaged Word file ({type(exc).__name__}: {short(str(exc), 80)})") from None
    numbering = _Numbering(document)
    from docx.oxml.ns import qn

    styles = {el.get(qn("w:styleId")): el for el in document.styles.element.findall(qn("w:style"))}
    lines: list[str] = []
    rows: list[tuple[str, str, str, str]] = []
    n_paragraph = 0
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            n_paragraph += 1
            text = block.text.strip()
            num = _num_pr(block, styles)
            label = numbering.label(*num) if num else ""
            if not text:
                continue
            if label and not text.startswith(label.strip()):
                rows.append(("docx_list_number", f"paragraph {n_paragraph}", short(text, 40), short(label + text, 40)))
                text = label + text
            lines.append(text)
        elif isinstance(block, Table):
            for r, row in enumerate(block.rows, start=1):
                cells: list[str] = []
                for cell in row.cells:
                    value = " ".join(cell.text.split())
                    if value and (not cells or cells[-1] != value):  # merged cells repeat their text
                        cells.append(value)
                if cells:
                    lines.append(" ".join(cells))
                    rows.append(("docx_table_row", f"table row {r}", "", short(lines[-1], 40)))
    meta = {}
    props = document.core_properties
    if props.title:
        meta["title"] = props.title
    if props.created:
        meta["created"] = props.created.date().isoformat()
    return Conversion(text="\n".join(lines) + "\n", log=make_log(rows), meta=meta, encoding="utf-8")
