"""Structure parsing: the sample's parts and sections, and reports without markers."""
from __future__ import annotations

from helpers import clean_text, parse_structure, split_sentences


def test_sample_front_matter(sample):
    meta = sample.structure.meta
    assert meta["title"] == "2021年江苏省无锡市人民政府工作报告"
    assert meta["date"] == "2021-01-19"
    assert meta["speaker"] == "杜小刚" and meta["speaker_role"] == "市长"


def test_sample_parts_and_sections(sample):
    s = sample.structure
    parts = s.parts.set_index("part")
    assert list(parts.index) == [0, 1, 2, 3]
    assert parts.loc[3, "part_title"] == "2021年主要工作"
    assert parts.loc[3, "sections"] == 10
    sections = s.sections
    assert list(sections[sections.part == 3].section) == list(range(1, 11))
    assert sections.iloc[0].section_title == "着力抢占创新驱动发展新赛道"
    assert not s.notes


def test_sample_every_paragraph_assigned(sample):
    p = sample.structure.paragraphs
    assert p.paragraph_id.is_unique and p.paragraph_id.str.fullmatch(r"p\d{4}").all()
    assert (p.part >= 0).all() and p.text.str.len().gt(0).all()
    # paragraphs in part 3 after the introduction all sit in a section
    assert (p[(p.part == 3)].section > 0).sum() >= 40
    assert 70 <= len(p) <= 100
    s = sample.structure.sentences
    assert s.sentence_id.is_unique and set(s.paragraph_id) == set(p.paragraph_id)


def test_items_are_numbered(sample):
    p = sample.structure.paragraphs
    items = p[p.item > 0]
    assert list(items.item) == [1, 2, 3, 4, 5, 6]
    assert items.iloc[0].text.startswith("一是精准施策筑底线")


def test_split_sentences_keeps_closing_quotes():
    assert split_sentences("各位代表！“十四五”开局。我们说：“好！”然后") == ["各位代表！", "“十四五”开局。", "我们说：“好！”", "然后"]


def test_report_without_markers_one_sentence_per_line():
    text = "\n".join(["全市经济平稳增长。", "新增就业10万人。", "空气质量持续改善。"])
    s = parse_structure(clean_text(text).text)
    assert len(s.paragraphs) == 3 and len(s.sentences) == 3
    assert any("no parts" in n for n in s.notes)


def test_report_on_one_huge_line():
    text = "各位代表： " + " ".join(["过去一年，经济运行稳中有进，全市生产总值增长6%。"] * 60)
    s = parse_structure(clean_text(text).text)
    assert len(s.paragraphs) == 61
    assert any("no parts" in n for n in s.notes)


def test_national_style_section_lines_are_title_and_paragraph():
    text = "\n".join(
        [
            "各位代表：",
            "一、2015年工作回顾",
            "（一）坚持稳中求进工作总基调，着力创新宏观调控。在财政收支矛盾较大情况下，我们实施积极的财政政策。",
            "加强和改善宏观调控。",
        ]
    )
    s = parse_structure(text)
    p = s.paragraphs
    assert p.heading.tolist() == [False, True, False, False] and p.text.iloc[1] == "一、2015年工作回顾"
    assert p.section.tolist() == [0, 0, 1, 1]
    assert p.section_title.iloc[2] == "坚持稳中求进工作总基调，着力创新宏观调控"
