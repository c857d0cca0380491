"""Cleaning a report's text: a list of named, documented rules, each logging every change.

Real reports come damaged from PDF and web extraction. Each rule below takes the text and returns
the cleaned text plus the changes it made; :func:`clean_text` runs them in order and returns the
final text and one change log (a DataFrame with columns ``rule``, ``location``, ``before``,
``after``) so that a researcher can audit every change. ``location`` is the 1-based line number in
the text as that rule received it.

Word lists and patterns live in ``data/cleaning/`` so they can be edited without touching code.
"""
from __future__ import annotations

import bisect
import re
import unicodedata
from functools import lru_cache
from dataclasses import dataclass, field
from typing import Callable

import opencc
import pandas as pd

from .lexicon import appendix_patterns, furniture_patterns, stray_english_words
LOG_COLUMNS = ["rule", "location", "before", "after"]

HAN = "\u3400-\u4dbf\u4e00-\u9fff"
#: Chinese (full-width) punctuation that counts as "Chinese context".
CN_PUNCT = "，。、；：！？（）“”‘’《》【】—…·"
CN = HAN + CN_PUNCT
TERMINAL = "。！？!?；;：:…"
CLOSERS = "”’」』）)》】"

Change = tuple[int, str, str]  # (offset in the input text, before, after)


@dataclass
class CleanResult:
    """The cleaned text and the change log of every rule that ran."""

    text: str
    log: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=LOG_COLUMNS))

    def summary(self) -> pd.DataFrame:
        """How many changes each rule made."""
        return self.log.groupby("rule", sort=False).size().rename("changes").reset_index()


@dataclass(frozen=True)
class Rule:
    """One cleaning rule: a name, what it does, and the function that does it."""

    name: str
    description: str
    apply: Callable[[str], tuple[str, list[Change]]]


# --------------------------------------------------------------------------- helpers


def _line_of(text: str) -> Callable[[int], int]:
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    return lambda offset: bisect.bisect_right(starts, offset)


def _sub(pattern: re.Pattern[str], repl: Callable[[re.Match[str]], str] | str, text: str) -> tuple[str, list[Change]]:
    """``re.sub`` that records each replacement that changes the text."""
    changes: list[Change] = []

    def _repl(m: re.Match[str]) -> str:
        new = repl(m) if callable(repl) else m.expand(repl)
        if new != m.group(0):
            changes.append((m.start(), m.group(0), new))
        return new

    return pattern.sub(_repl, text), changes


# --------------------------------------------------------------------------- rules


def normalize_newlines(text: str) -> tuple[str, list[Change]]:
    """Turn Windows (CRLF) and old Mac (CR) line ends into LF."""
    return _sub(re.compile(r"\r\n?"), "\n", text)


_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f\u202a-\u202e]+")


def remove_invisible(text: str) -> tuple[str, list[Change]]:
    """Remove zero-width spaces and joiners, byte-order marks, soft hyphens and direction marks."""
    return _sub(_INVISIBLE, "", text)


#: Share of Chinese characters that must change before a text counts as Traditional Chinese.
TRADITIONAL_SHARE = 0.01


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> tuple[str, list[Change]]:
    """Convert a report in Traditional Chinese to Simplified (OpenCC ``t2s``), one log row per changed line.

    Runs only when at least 1% of the Chinese characters change, so a Simplified report that quotes a
    traditional character is left alone.
    """
    converted = _t2s().convert(text)
    if converted == text:
        return text, []
    han = len(re.findall(f"[{HAN}]", text)) or 1
    changed = sum(a != b for a, b in zip(text, converted)) if len(converted) == len(text) else han
    if changed / han < TRADITIONAL_SHARE:
        return text, []
    changes: list[Change] = []
    offset = 0
    out = []
    for line in text.split("\n"):
        new = _t2s().convert(line)
        if new != line:
            changes.append((offset, line[:60], new[:60]))
        out.append(new)
        offset += len(line) + 1
    return "\n".join(out), changes


_ODD_SPACE = re.compile("[\u3000\u00a0\u2002-\u200a\u202f\u205f\t\f\v]+")


def normalize_spaces(text: str) -> tuple[str, list[Change]]:
    """Turn ideographic spaces (U+3000), no-break spaces, tabs and other wide spaces into one ASCII space."""
    return _sub(_ODD_SPACE, " ", text)


_SENTENCE_GAP = re.compile(r"(?<=[。！？：；!?]) +(?=\S)")
_CN_GAP = re.compile(rf"(?<=[{CN}0-9%]) +(?=[{CN}])")


def split_run_on_lines(text: str) -> tuple[str, list[Change]]:
    """Split a report stored as one huge line (paragraphs separated only by spaces) into lines.

    A line of 1,000+ characters with five or more sentence ends followed by spaces is taken to be
    run-on paragraphs; it is split at every run of spaces that has Chinese on both sides.
    """
    changes: list[Change] = []
    out: list[str] = []
    offset = 0
    for line in text.split("\n"):
        if len(line) >= 1000 and len(_SENTENCE_GAP.findall(line)) >= 5:
            pieces: list[str] = []
            start = 0
            for gap in _CN_GAP.finditer(line):
                piece = line[start : gap.start()]
                if len(piece) <= 2 and pieces:  # a name written with a space (龚 正) is not a paragraph
                    pieces[-1] += " " + piece
                else:
                    if pieces:
                        changes.append((offset + start - 1, " ", "⏎"))
                    pieces.append(piece)
                start = gap.end()
            tail = line[start:]
            if len(tail) <= 2 and pieces:
                pieces[-1] += " " + tail
            else:
                if pieces:
                    changes.append((offset + start - 1, " ", "⏎"))
                pieces.append(tail)
            line = "\n".join(pieces)
        out.append(line)
        offset += len(line) + 1
    return "\n".join(out), changes


def strip_lines(text: str) -> tuple[str, list[Change]]:
    """Strip indentation and trailing spaces from every line."""
    return _sub(re.compile(r"^ +| +$", re.M), "", text)


_FULLWIDTH = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uff05\uff0e]+")


def fullwidth_alphanumerics(text: str) -> tuple[str, list[Change]]:
    """Turn full-width digits, Latin letters, ％ and ． (``１９９０``, ＧＤＰ) into ASCII."""
    return _sub(_FULLWIDTH, lambda m: unicodedata.normalize("NFKC", m.group(0)), text)


_SUBSCRIPT = re.compile(r"([A-Za-z])\s*_\{\s*([0-9.]+)\s*\}|(?<![A-Za-z])(PM) +(2\.5|10)(?![0-9])|(?<![A-Za-z])(PM2)\. (5)")


def fix_subscripts(text: str) -> tuple[str, list[Change]]:
    """Repair formula subscripts left by PDF extraction: ``PM_{2.5}`` → ``PM2.5``, ``CO_{2}`` → ``CO2``."""
    return _sub(_SUBSCRIPT, lambda m: "".join(g for g in m.groups() if g), text)


def repair_stray_english(text: str) -> tuple[str, list[Change]]:
    """Replace stray English words between Chinese words (``目标 and 高质量发展`` → ``目标和高质量发展``)."""
    words = stray_english_words()
    if not words:
        return text, []
    alternatives = "|".join(sorted(map(re.escape, words), key=len, reverse=True))
    pattern = re.compile(rf"(?<=[{HAN}]) *(?<![A-Za-z])({alternatives})(?![A-Za-z]) *(?=[{HAN}])", re.I)
    return _sub(pattern, lambda m: words.get(m.group(1), words.get(m.group(1).lower(), m.group(0))), text)


_ROMAN = {"I": "Ⅰ", "II": "Ⅱ", "III": "Ⅲ", "IV": "Ⅳ", "VI": "Ⅵ"}
_ROMAN_RE = re.compile(rf"(?<=[{HAN}]) ?(III|II|IV|VI|I) ?(?=[{HAN}])")


def unify_roman_numerals(text: str) -> tuple[str, list[Change]]:
    """Write Latin-letter Roman numerals inside Chinese as Roman numeral characters (``优 III 比例`` → ``优Ⅲ比例``)."""
    return _sub(_ROMAN_RE, lambda m: _ROMAN[m.group(1)], text)


_SPACE_IN_CN = re.compile(
    rf"(?<=[{CN}]) +(?=[{CN}0-9A-Za-z%(])"
    rf"|(?<=[{CN}0-9A-Za-z%)]) +(?=[{CN}])"
    r"|(?<=[0-9]) +(?=%)"
)


def remove_spaces_in_chinese(text: str) -> tuple[str, list[Change]]:
    """Remove spaces next to Chinese characters (``2015 年`` → ``2015年``, ``33 微克`` → ``33微克``).

    Spaces between two Latin words (``Made in China``) are kept.
    """
    return _sub(_SPACE_IN_CN, "", text)


_HALF_PAREN = re.compile(r"\(([^()\n]{0,60})\)")
_HALF_PUNCT = re.compile(rf"(?<=[{CN}])([,;:!?])|([,;!?])(?=[{HAN}])")
_STRAIGHT_QUOTES = re.compile(rf'"([^"\n]{{0,40}}[{HAN}][^"\n]{{0,40}})"')
_FULL = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？"}


def unify_punctuation(text: str) -> tuple[str, list[Change]]:
    """Use full-width punctuation in Chinese context: ``(二)`` → ``（二）``, ``代表!`` → ``代表！``.

    Parentheses become full-width when what they enclose, or the character before them, is
    Chinese; straight double quotes around Chinese become “…”; commas, colons, semicolons, exclamation and question marks when they follow Chinese.
    Half-width marks between digits and Latin text (``1,000``, ``07:41``, ``Wi-Fi``) are kept.
    """

    def paren(m: re.Match[str]) -> str:
        before = m.string[m.start() - 1] if m.start() else ""
        if re.search(f"[{HAN}]", m.group(1)) or re.fullmatch(f"[{CN}]", before or "x"):
            return f"（{m.group(1)}）"
        return m.group(0)

    text, changes = _sub(_HALF_PAREN, paren, text)
    text, quotes = _sub(_STRAIGHT_QUOTES, lambda m: f"“{m.group(1)}”", text)
    changes += quotes
    text, more = _sub(_HALF_PUNCT, lambda m: _FULL[m.group(1) or m.group(2)], text)
    return text, changes + more


def _drop_lines(text: str, keep: Callable[[int, str, list[str]], bool]) -> tuple[str, list[Change]]:
    lines = text.split("\n")
    changes: list[Change] = []
    out: list[str] = []
    offset = 0
    for i, line in enumerate(lines):
        if line.strip() and not keep(i, line, lines):
            changes.append((offset, line, ""))
        else:
            out.append(line)
        offset += len(line) + 1
    return "\n".join(out), changes


def strip_web_furniture(text: str) -> tuple[str, list[Change]]:
    """Remove web-page furniture lines (下载/打印/【字号, 来源：…, 时间：…; ``data/cleaning/web_furniture.txt``)."""
    patterns = furniture_patterns()
    return _drop_lines(text, lambda i, line, lines: not any(p.fullmatch(line.strip()) for p in patterns))


def strip_appendix(text: str) -> tuple[str, list[Change]]:
    """Remove appendices and footers at the end: glossaries (名词解释), attachments (附件), related links,
    licence footers. The first matching line in the second half of the text starts the cut
    (``data/cleaning/appendix_markers.txt``)."""
    patterns = appendix_patterns()
    lines = text.split("\n")
    half = len(text) // 2
    offset = 0
    for i, line in enumerate(lines):
        if offset >= half and any(p.fullmatch(line.strip()) for p in patterns):
            cut = i
            break
        offset += len(line) + 1
    else:
        return text, []
    changes = [(offset, "\n".join(x for x in lines[cut:] if x.strip()), "")]
    return "\n".join(lines[:cut]), changes


_FOOTNOTE = re.compile(rf"(?<=[{HAN}”）)》])(?:[［\[〔]\d{{1,2}}[］\]〕]|[¹²³⁴⁵⁶⁷⁸⁹⁰]+)")


def strip_footnote_markers(text: str) -> tuple[str, list[Change]]:
    """Remove inline footnote markers after Chinese text (``四大主导产业［2］`` → ``四大主导产业``, ``…¹``).

    The notes themselves (a glossary, 注释, 名词解释 at the end) are cut by :func:`strip_appendix`.
    """
    return _sub(_FOOTNOTE, "", text)


_SPACED_DIGITS = re.compile(r"(?<![\d.])\d(?: \d)+(?:\.\d+)?(?= ?[%\u4e00-\u9fff])|(?<![\d.])\d+(?: \.|\. )\d+(?= ?[%\u4e00-\u9fff])")


def join_spaced_digits(text: str) -> tuple[str, list[Change]]:
    """Join a number whose digits extraction spaced out (``7 4 7 7 2亿元`` → ``74772亿元``, ``8 .8%`` → ``8.8%``).

    Only runs of single digits (or a spaced decimal point) right before a unit or Chinese are joined,
    so two numbers written side by side (``2020 2021``) are left alone.
    """
    return _sub(_SPACED_DIGITS, lambda m: m.group(0).replace(" ", ""), text)


_ONE_SENTENCE = re.compile(r"^[^。！？!?]+[。！？!?][”’」』）)]*$")


def merge_sentence_lines(text: str) -> tuple[str, list[Change]]:
    """Join a report laid out one sentence per line back into paragraphs (blank lines separate paragraphs).

    Applies only when most lines (70%+) hold exactly one sentence and blank lines mark at least five
    paragraphs; headings (一、…, （一）…) stay on their own lines.
    """
    lines = text.split("\n")
    body = [line.strip() for line in lines if line.strip()]
    groups = len(re.findall(r"\S\n[ \t]*\n+(?=[ \t]*\S)", text))
    if len(body) < 20 or groups < 5 or sum(bool(_ONE_SENTENCE.match(line)) for line in body) < 0.7 * len(body):
        return text, []
    out: list[str] = []
    changes: list[Change] = []
    offset = 0
    for line in lines:
        prev = out[-1] if out else ""
        if (_ONE_SENTENCE.match(line.strip()) and re.search(r"[。！？!?][”’」』）)]*$", prev.strip())
                and not HEADING.match(line.strip()) and not HEADING.match(prev.strip())):
            changes.append((offset - 1, f"{prev[-8:]}⏎{line[:8]}", f"{prev[-8:]}{line[:8]}"))
            out[-1] = prev.rstrip() + line.strip()
        else:
            out.append(line)
        offset += len(line) + 1
    return "\n".join(out), changes


def remove_blank_lines(text: str) -> tuple[str, list[Change]]:
    """Keep one paragraph per line: drop empty lines between paragraphs (logged once per run)."""
    text2, changes = _sub(re.compile(r"\n{2,}"), "\n", text.strip("\n"))
    return text2, [(o, "⏎" * len(b), "⏎") for o, b, _ in changes]


#: A heading line: parts (一、), sections (（一）), numbered lines (1.), chapter-like titles.
HEADING = re.compile(r"^([一二三四五六七八九十]{1,3}、|（[一二三四五六七八九十]{1,3}）|[0-9]{1,2}[.．、](?![0-9])|第[一二三四五六七八九十]+[部章节])")


def _is_prose(line: str) -> bool:
    return bool(re.search("[，。；]", line)) and len(line) >= 15


def rejoin_broken_lines(text: str) -> tuple[str, list[Change]]:
    """Re-join sentences broken across page or line breaks (``完善公`` + ``共卫生应急机制`` → ``完善公共卫生应急机制``).

    A line is joined to the next when it is prose (has Chinese commas or stops and 15+ characters)
    but does not end a sentence (。！？；： or a closing quote/bracket), is not itself a heading, and
    the next line is neither a heading nor the salutation (各位代表); or when it opens a quotation
    mark that it does not close. A line that starts with closing punctuation (``）浓度…``) always
    continues the previous one, and a date line broken before ``…会议上`` is joined too. Real paragraphs, headings and short title lines are left alone.
    """
    lines = text.split("\n")
    out: list[str] = []
    changes: list[Change] = []
    offset = 0
    for line in lines:
        if out:
            prev = out[-1]
            prev_open = prev.count("“") > prev.count("”")
            ends_sentence = prev.rstrip()[-1:] in TERMINAL + CLOSERS if prev.strip() else True
            broken = (
                line.strip()
                and prev.strip()
                and not HEADING.match(line)
                and not line.startswith("各位代表")
                and (
                    (not ends_sentence and ((_is_prose(prev) and not (HEADING.match(prev) and "。" not in prev)) or prev_open))
                    or line[0] in "）)」』”，。、；：！？"  # a line cannot start with closing punctuation
                    or (prev.startswith("——") and line.endswith("会议上") and not prev.endswith("上"))
                )
            )
            if broken:
                changes.append((offset - 1, f"{prev[-8:]}⏎{line[:8]}", f"{prev[-8:]}{line[:8]}"))
                out[-1] = prev + line
                offset += len(line) + 1
                continue
        out.append(line)
        offset += len(line) + 1
    return "\n".join(out), changes


RULES: list[Rule] = [
    Rule("normalize_newlines", "CRLF/CR line ends → LF", normalize_newlines),
    Rule("remove_invisible", "zero-width characters, BOMs, soft hyphens removed", remove_invisible),
    Rule("to_simplified", "Traditional Chinese converted to Simplified (OpenCC)", to_simplified),
    Rule("normalize_spaces", "ideographic/no-break spaces and tabs → one space", normalize_spaces),
    Rule("split_run_on_lines", "a report stored on one line is split into paragraphs", split_run_on_lines),
    Rule("strip_lines", "indentation and trailing spaces removed", strip_lines),
    Rule("fullwidth_alphanumerics", "full-width digits and letters (１９９０, ＧＤＰ) → ASCII", fullwidth_alphanumerics),
    Rule("fix_subscripts", "PM_{2.5} → PM2.5 and other formula subscripts", fix_subscripts),
    Rule("repair_stray_english", "stray English words between Chinese (and → 和)", repair_stray_english),
    Rule("unify_roman_numerals", "III inside Chinese → Ⅲ", unify_roman_numerals),
    Rule("join_spaced_digits", "digits spaced out by extraction joined (7 4 7 7 2亿元 → 74772亿元)", join_spaced_digits),
    Rule("remove_spaces_in_chinese", "spaces next to Chinese removed (2015 年 → 2015年)", remove_spaces_in_chinese),
    Rule("unify_punctuation", "half-width punctuation in Chinese context → full-width", unify_punctuation),
    Rule("strip_web_furniture", "web-page menus, source and date lines removed", strip_web_furniture),
    Rule("strip_appendix", "glossaries, attachments, related links and licence footers removed", strip_appendix),
    Rule("strip_footnote_markers", "inline footnote markers (［2］, ¹) removed", strip_footnote_markers),
    Rule("merge_sentence_lines", "a report laid out one sentence per line joined into paragraphs", merge_sentence_lines),
    Rule("remove_blank_lines", "one paragraph per line", remove_blank_lines),
    Rule("rejoin_broken_lines", "sentences broken across line/page breaks re-joined", rejoin_broken_lines),
]


def list_rules() -> pd.DataFrame:
    """The cleaning rules in the order they run, with what each does (plain text: no reStructuredText backticks)."""
    def plain(text: str) -> str:
        return text.replace("`", "")

    return pd.DataFrame(
        [{"rule": r.name, "what it does": plain(r.description), "details": plain((r.apply.__doc__ or "").split("\n")[0])}
         for r in RULES]
    )


def clean_text(text: str, rules: list[Rule] | None = None) -> CleanResult:
    """Run the cleaning rules over ``text``; return the cleaned text and the change log.

    ``rules`` defaults to :data:`RULES`; pass a subset (e.g. ``[r for r in RULES if r.name != ...]``)
    to see what one rule does to a report.
    """
    rows: list[dict[str, object]] = []
    for rule in RULES if rules is None else rules:
        line_of = _line_of(text)
        text, changes = rule.apply(text)
        rows.extend(
            {"rule": rule.name, "location": line_of(offset), "before": before, "after": after}
            for offset, before, after in changes
        )
    log = pd.DataFrame(rows, columns=LOG_COLUMNS).astype({"location": "int64"})
    return CleanResult(text=text, log=log)
