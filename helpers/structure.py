"""Parsing a cleaned report into its structure: front matter, parts, sections, items, paragraphs, sentences.

Government work reports follow a house style: a title, a line with the date and meeting
(``——2021年1月19日在…会议上``), the speaker (``…市长 杜小刚``), the salutation ``各位代表：``, then
parts headed ``一、…``, sections headed ``（一）…``, and numbered items opening paragraphs (``一是…``).
:func:`parse_structure` finds what is there and says what is not; a report without any markers
still yields paragraphs and sentences.

IDs are stable for a given cleaned text: paragraphs ``p0001``, ``p0002``… in reading order, and
sentences ``p0001.s01``…; ``part`` and ``section`` are numbers (0 = before the first part / outside
any section).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

NUMERAL = "一二三四五六七八九十"
PART_RE = re.compile(rf"^([{NUMERAL}]{{1,3}})、(.+)$")
SECTION_RE = re.compile(rf"^（([{NUMERAL}]{{1,3}})）(.+)$")
ITEM_RE = re.compile(rf"^([{NUMERAL}]{{1,3}})是")
SALUTATION_RE = re.compile(r"^各位代表[：:，,！!]?$|^各位代表[：:]")
ROLE_RE = re.compile(r"(国务院总理|代?省长|代?市长|总理)\s*([\u4e00-\u9fff](?:\s?[\u4e00-\u9fff]){1,2}?)?(?=同志|作|$)")
DATE_RE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
SENTENCE_RE = re.compile(r"[^。！？!?]+(?:[。！？!?]+[”’」』）)]*|$)|[。！？!?]+")

PARAGRAPH_COLUMNS = [
    "paragraph_id", "part", "part_title", "section", "section_title", "item", "text", "n_chars", "n_sentences",
    "heading", "closing",
]
SENTENCE_COLUMNS = [
    "sentence_id", "paragraph_id", "part", "part_title", "section", "section_title", "item", "sentence_no", "text",
    "heading", "closing",
]
CLOSING_RE = re.compile(r"^各位代表")


@dataclass
class Structure:
    """A parsed report: its front matter (``meta``), ``paragraphs`` and ``sentences`` tables, and notes."""

    meta: dict[str, str]
    paragraphs: pd.DataFrame
    sentences: pd.DataFrame
    notes: list[str] = field(default_factory=list)

    @property
    def parts(self) -> pd.DataFrame:
        """One row per part: its number, title, and how many sections and paragraphs it has."""
        g = self.paragraphs.groupby(["part", "part_title"], sort=True)
        return g.agg(sections=("section", lambda s: int((s.unique() > 0).sum())), paragraphs=("paragraph_id", "size")).reset_index()

    @property
    def sections(self) -> pd.DataFrame:
        """One row per numbered section with its part, title and number of paragraphs."""
        p = self.paragraphs[self.paragraphs.section > 0]
        return (
            p.groupby(["part", "section", "section_title"], sort=True)
            .agg(paragraphs=("paragraph_id", "size"))
            .reset_index()
        )

    def main_part(self) -> int:
        """The part that lays out the tasks: the one with most numbered sections (else most characters; 0 if none)."""
        secs = self.sections
        if len(secs):
            return int(secs.part.value_counts().idxmax())
        parts = self.paragraphs[self.paragraphs.part > 0]
        return int(parts.groupby("part").n_chars.sum().idxmax()) if len(parts) else 0

    def stats(self) -> pd.DataFrame:
        """Characters, paragraphs and sentences per part, and each part's share of the characters."""
        g = self.paragraphs.groupby(["part", "part_title"], sort=True)
        stats = g.agg(
            characters=("n_chars", "sum"), paragraphs=("paragraph_id", "size"), sentences=("n_sentences", "sum")
        ).reset_index()
        stats["share_of_characters"] = (stats.characters / max(1, stats.characters.sum())).round(3)
        return stats


def numeral(text: str) -> int:
    """The value of a small Chinese numeral (``十二`` → 12)."""
    import cn2an  # here, not at the top: importing it takes 0.2 s, and most reports never need it

    return int(cn2an.cn2an(text, "smart"))


def split_sentences(text: str) -> list[str]:
    """Split a paragraph into sentences at 。！？ (closing quotes stay with their sentence)."""
    return [s.strip() for s in SENTENCE_RE.findall(text) if s.strip()]


def _is_heading(line: str) -> bool:
    return len(line) <= 60 and "。" not in line[:-1]


def _is_bare_heading(line: str) -> bool:
    return len(line) <= 25 and not re.search(r"[，。；：！？,;:!?]", line) and not SALUTATION_RE.match(line)


def _front_matter(lines: list[str]) -> tuple[dict[str, str], int]:
    """Title, meeting, date and speaker from the lines before the salutation; returns (meta, first body line)."""
    meta: dict[str, str] = {"title": "", "meeting": "", "date": "", "speaker": "", "speaker_role": ""}
    salutation = next((i for i, line in enumerate(lines[:15]) if SALUTATION_RE.match(line)), None)
    head = lines[:salutation] if salutation is not None else lines[:4]
    consumed = 0
    for i, line in enumerate(head):
        if len(line) > 80:
            break
        used = False
        if not meta["title"] and "报告" in line and "会议" not in line:
            meta["title"], used = line, True
        if not meta["meeting"] and "会议" in line:
            meta["meeting"], used = line.lstrip("—-－ "), True
            if m := DATE_RE.search(line):
                meta["date"] = f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
        if not meta["speaker"] and (m := ROLE_RE.search(line)):
            meta["speaker_role"] = m.group(1)
            meta["speaker"] = (m.group(2) or "").replace(" ", "")
            used = True
            if not meta["speaker"] and i + 1 < len(head) and len(head[i + 1]) <= 4:
                meta["speaker"] = head[i + 1].replace(" ", "")
        if used or salutation is not None:
            consumed = i + 1
    if salutation is not None:
        consumed = salutation
    return meta, consumed


def parse_structure(text: str) -> Structure:
    """Parse cleaned report text (one paragraph per line) into a :class:`Structure`.

    Headings (parts ``一、…`` and sections ``（一）…``) become the ``part_title`` and
    ``section_title`` of the paragraphs below them, and stay in the tables as paragraphs of their
    own (``heading`` is True), so no text is lost. A section line that carries a whole paragraph
    (``（一）坚持…。深入实施…。``, the national reports' style) is both the section's title (its
    first sentence) and its first paragraph.

    What follows the task list — from the first paragraph opening with ``各位代表`` after the last
    numbered section of a part, and the final ``各位代表…`` appeal of the report — is the closing:
    ``closing`` is True, ``section`` 0. Notes warn of a report that seems cut off (no closing appeal)
    or pasted twice (paragraphs that occur more than once).
    """
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    meta, start = _front_matter(lines)
    notes: list[str] = []
    part, part_title, section, section_title = 0, "", 0, ""
    rows: list[dict[str, object]] = []
    body = lines[start:]
    numbered_parts = any(PART_RE.match(line) and _is_heading(line) for line in body)
    if not numbered_parts and any(_is_bare_heading(line) for line in body):
        notes.append("no numbered parts (一、…): short unpunctuated lines were taken as part headings")

    def add(line: str, heading: bool = False) -> None:
        item_m = ITEM_RE.match(line)
        sentences = split_sentences(line)
        rows.append(
            {
                "part": part, "part_title": part_title, "section": section, "section_title": section_title,
                "item": numeral(item_m.group(1)) if item_m and not heading else 0, "text": line,
                "n_chars": len(line), "n_sentences": len(sentences), "heading": heading, "closing": False,
                "_sentences": sentences,
            }
        )

    for line in body:
        if (m := PART_RE.match(line)) and _is_heading(line):
            part, part_title, section, section_title = numeral(m.group(1)), m.group(2).strip(), 0, ""
            add(line, heading=True)
            continue
        if not numbered_parts and _is_bare_heading(line):
            part, part_title, section, section_title = part + 1, line, 0, ""
            add(line, heading=True)
            continue
        m = SECTION_RE.match(line)
        if m and (part > 0 or _is_heading(line)):
            section = numeral(m.group(1))
            rest = m.group(2).strip()
            first = split_sentences(rest)[0] if rest else ""
            section_title = first.rstrip("。；;")
            if _is_heading(line) and len(rest) <= len(first) + 1:
                add(line, heading=True)  # a heading only
                continue
        add(line)
    _mark_closing(rows)
    for i, row in enumerate(rows, start=1):
        row["paragraph_id"] = f"p{i:04d}"
    sentence_rows = [
        {
            "sentence_id": f"{row['paragraph_id']}.s{j:02d}", "paragraph_id": row["paragraph_id"],
            "part": row["part"], "part_title": row["part_title"], "section": row["section"],
            "section_title": row["section_title"], "item": row["item"], "sentence_no": j, "text": s,
            "heading": row["heading"], "closing": row["closing"],
        }
        for row in rows
        for j, s in enumerate(row["_sentences"], start=1)
    ]
    paragraphs = pd.DataFrame(rows, columns=PARAGRAPH_COLUMNS)
    sentences = pd.DataFrame(sentence_rows, columns=SENTENCE_COLUMNS)
    if paragraphs.empty or (paragraphs.part == 0).all() and not numbered_parts:
        notes.append("no parts (一、…) were found: all paragraphs are in part 0")
    if paragraphs.empty or (paragraphs.section == 0).all():
        notes.append("no numbered sections (（一）…) were found")
    if not meta["title"]:
        notes.append("no title line was found")
    notes.extend(_warnings(paragraphs))
    return Structure(meta=meta, paragraphs=paragraphs, sentences=sentences, notes=notes)


def _mark_closing(rows: list[dict[str, object]]) -> None:
    """Mark the closing: after a part's last numbered section, from its first ``各位代表…``; and the report's final appeal."""
    if not rows:
        return
    for part in sorted({r["part"] for r in rows}):
        in_part = [r for r in rows if r["part"] == part]
        numbered = [r["section"] for r in in_part if r["section"]]
        start = None
        if numbered:  # from the start of the part's last section, the first 各位代表… begins the closing
            last_start = next(i for i, r in enumerate(in_part) if r["section"] == numbered[-1])
            start = next((i for i in range(last_start, len(in_part)) if CLOSING_RE.match(str(in_part[i]["text"]))), None)
        if part == rows[-1]["part"]:  # the report's final appeal
            last_appeal = max((i for i, r in enumerate(in_part) if CLOSING_RE.match(str(r["text"]))), default=None)
            if last_appeal is not None and (start is None or last_appeal < start):
                start = last_appeal
        if start is None:
            continue
        for r in in_part[start:]:
            r.update(section=0, section_title="", closing=True)


def _warnings(paragraphs: pd.DataFrame) -> list[str]:
    """Warnings for a report that seems cut off or pasted more than once."""
    out = []
    body = paragraphs[~paragraphs.heading]
    if len(body) >= 10 and not body.closing.any() and not str(body.text.iloc[-1]).rstrip().endswith(("！", "!")):
        out.append("warning: the report may be cut off: it has no closing appeal (各位代表…) at its end")
    long = body[body.n_chars >= 20].text
    repeated = int(long.duplicated().sum())
    if repeated >= 3 or (len(long) and repeated >= 0.1 * len(long) and repeated):
        out.append(f"warning: {repeated} paragraphs occur more than once: the text may be pasted twice")
    return out
