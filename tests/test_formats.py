"""Reports as people have them: PDF, Word and saved web pages give the same analysis as the plain text.

Every fixture is built here from the sample report (``data/raw/wuxi_2021.txt``), once per session:
a PDF printed by headless Chromium (running header and page numbers in CSS ``@page`` margin boxes;
skipped without Debian's chromium), a PDF drawn with matplotlib's PDF backend (a header, a footer and a page
number drawn on every page), a .docx written with python-docx whose part and section headings are
Word list numbering (一、 and （一） come from ``numbering.xml``, not from the text), and a web page with
menus, share buttons, 相关报道 and a footer around the report. Bad files of each kind are made too.
"""
from __future__ import annotations

import html
import io
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from helpers import ReportError, load_report, prepare_report
from helpers.clean import LOG_COLUMNS
from helpers.conversion import LOG_COLUMNS as FORMAT_LOG_COLUMNS
from helpers import cache
from helpers.formats import detect_format
from helpers.formats_docx import chinese_number
from helpers.paths import PROJECT_ROOT, SAMPLE_REPORT
from suite_checks import CHROMIUM_MISSING

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
COMPARED = ["value", "unit", "indicator", "year", "kind"]
RUNNING_HEADER = "无锡市人民政府工作报告（2021年）"
RUNNING_FOOTER = "无锡市人民政府办公室印发"
PART = re.compile(r"^([一二三四五六七八九十]{1,3})、(.+)$")
SECTION = re.compile(r"^[（(]([一二三四五六七八九十]{1,3})[）)]\s*(.+)$")  # the sample writes some as (二)

#: Indicator rows that may differ between a format and the plain text, with the reason (none today:
#: every format gives exactly the plain text's table). Entries are (format, value, unit, indicator).
ALLOWED_DIFFERENCES: dict[tuple[str, str, str, str], str] = {}


def sample_lines() -> list[str]:
    """The sample report's non-empty lines, as a person would paste them into a document."""
    return [line.strip() for line in SAMPLE_REPORT.read_text(encoding="utf-8").splitlines() if line.strip()]


def cjk_font() -> Path:
    from helpers.figures import find_cjk_font

    return find_cjk_font()


# --------------------------------------------------------------------------- fixtures: good files


@pytest.fixture(scope="session")
def formats_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("formats")


def _report_html(font: Path) -> str:
    body = "\n".join(f"<p>{html.escape(line)}</p>" for line in sample_lines())
    return f"""<!doctype html><html><head><meta charset="utf-8"><title>wuxi_2021</title><style>
@font-face {{ font-family: "GWR CJK"; src: url("{font.as_uri()}"); }}
@page {{ size: A4; margin: 25mm 20mm;
  @top-center {{ content: "{RUNNING_HEADER}"; font-family: "GWR CJK"; font-size: 9pt; }}
  @bottom-center {{ content: "— " counter(page) " —"; font-family: "GWR CJK"; font-size: 9pt; }} }}
body {{ font-family: "GWR CJK"; font-size: 12pt; line-height: 1.6; }}
p {{ margin: 0; text-indent: 2em; }}
</style></head><body>{body}</body></html>"""


@pytest.fixture(scope="session")
def chromium_pdf(formats_dir) -> Path:
    if CHROMIUM is None:
        pytest.skip(CHROMIUM_MISSING)
    folder = formats_dir / "chromium"
    folder.mkdir()
    page = folder / "wuxi_2021.html"
    page.write_text(_report_html(cjk_font()), encoding="utf-8")
    out = folder / "wuxi_2021.pdf"
    subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", f"--user-data-dir={folder / 'profile'}",
         f"--print-to-pdf={out}", page.as_uri()],
        capture_output=True, text=True, timeout=120,
    )
    page.unlink()
    assert out.is_file() and out.read_bytes().startswith(b"%PDF"), "chromium printed no PDF"
    return out


def _width(text: str) -> float:
    return sum(0.55 if ord(c) < 0x2000 else 1.0 for c in text)


def _wrap(paragraph: str, first: float, width: float) -> list[str]:
    """Break a paragraph into lines as a typesetter would: anywhere between Chinese characters, never in a number."""
    lines, current, room = [], "", width - first
    for token in re.findall(r"[A-Za-z0-9.%_{}]+|.", paragraph):
        if current and _width(current + token) > room:
            lines.append(current)
            current, room = "", width
        current += token
    return lines + [current]


def build_matplotlib_pdf(path: Path, lines: list[str], lines_per_page: int = 40) -> Path:
    """Lay the report out on A4 pages with ``fig.text``: indented paragraphs, a header, a footer and a page number."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt
    from matplotlib.backends.backend_pdf import PdfPages
    from matplotlib.font_manager import FontProperties

    font = FontProperties(fname=str(cjk_font()))
    size, left, top, width = 11, 60, 70, 42  # points; width in characters
    visual: list[tuple[float, str]] = []
    for paragraph in lines:
        for i, line in enumerate(_wrap(paragraph, 2, width)):
            visual.append((2 if i == 0 else 0, line))
    with matplotlib.rc_context({"pdf.fonttype": 42}), PdfPages(path) as pdf:
        for number, start in enumerate(range(0, len(visual), lines_per_page), start=1):
            fig = plt.figure(figsize=(595 / 72, 842 / 72))
            fig.text(0.5, 1 - 35 / 842, RUNNING_HEADER, ha="center", fontproperties=font, fontsize=9)
            for row, (indent, line) in enumerate(visual[start : start + lines_per_page]):
                y = 1 - (top + row * size * 1.6) / 842
                fig.text((left + indent * size) / 595, y, line, fontproperties=font, fontsize=size, va="top")
            fig.text(0.5, 46 / 842, RUNNING_FOOTER, ha="center", fontproperties=font, fontsize=8)
            fig.text(0.5, 30 / 842, f"- {number} -", ha="center", fontproperties=font, fontsize=9)
            pdf.savefig(fig)
            plt.close(fig)
    return path


@pytest.fixture(scope="session")
def matplotlib_pdf(formats_dir) -> Path:
    folder = formats_dir / "matplotlib"
    folder.mkdir()
    return build_matplotlib_pdf(folder / "wuxi_2021.pdf", sample_lines())


def _add_heading_numbering(document) -> str:
    """Add a two-level Chinese list (一、 / （一）) to the document's numbering part; return its numId."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    numbering = document.part.numbering_part.element
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90"><w:multiLevelType w:val="multilevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>'
        "</w:abstractNum>"
    )
    num = parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>')
    first_num = numbering.find(num.tag)
    if first_num is not None:
        first_num.addprevious(abstract)  # abstractNum elements come before num elements
    else:
        numbering.append(abstract)
    numbering.append(num)
    return "90"


def _number_paragraph(paragraph, num_id: str, level: int) -> None:
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    paragraph._p.get_or_add_pPr().append(
        parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'))


def build_docx(path: Path, lines: list[str]) -> Path:
    """A .docx of the report whose part and section numbers are Word list numbering, not text."""
    import docx

    document = docx.Document()
    document.core_properties.title = lines[0][:200]  # Word caps properties at 255 characters
    num_id = _add_heading_numbering(document)
    part = section = 0
    for line in lines:
        m_part, m_section = PART.match(line), SECTION.match(line)
        if m_part and m_part.group(1) == chinese_number(part + 1):
            part, section = part + 1, 0
            _number_paragraph(document.add_paragraph(m_part.group(2), style="Heading 1"), num_id, 0)
        elif m_section and m_section.group(1) == chinese_number(section + 1):
            section += 1
            _number_paragraph(document.add_paragraph(m_section.group(2), style="Heading 2"), num_id, 1)
        else:
            document.add_paragraph(line)
        document.add_paragraph("")  # empty paragraphs as spacing, as people type them
    document.save(path)
    return path


@pytest.fixture(scope="session")
def word_docx(formats_dir) -> Path:
    folder = formats_dir / "docx"
    folder.mkdir()
    return build_docx(folder / "wuxi_2021.docx", sample_lines())


def build_html(path: Path, lines: list[str], encoding: str = "utf-8") -> Path:
    """A saved government web page: menus, breadcrumbs, share buttons, 相关报道 and a footer around the report."""
    title = lines[0].replace(" ", "") if lines else "政府信息公开"
    body = "\n".join(f"<p>{html.escape(line)}</p>" for line in lines)
    page = f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta http-equiv="Content-Type" content="text/html; charset={encoding}">
<title>{title}_无锡市人民政府</title>
<meta name="ArticleTitle" content="{title}"><meta name="PubDate" content="2021-01-25 09:30">
<meta name="ContentSource" content="无锡日报">
<script>var _hmt = _hmt || []; document.write("统计代码");</script><style>.nav li {{ float: left; }}</style>
</head><body>
<div class="top-bar"><a href="/">无锡市人民政府</a> | <a href="/en">English</a> | <a href="/login">登录</a></div>
<div id="nav" class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li>
<li><a href="/zmhd">政民互动</a></li><li><a href="/bsfw">办事服务</a></li><li><a href="/zjwx">走进无锡</a></li></ul></div>
<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; 政府工作报告</div>
<div class="article">
<h1>{title}</h1>
<div class="info">来源：无锡日报　发布时间：2021-01-25 09:30　浏览次数：12345　【字号：大 中 小】【打印】【关闭】</div>
<div class="share bdsharebuttonbox">分享到：<a class="bds_weixin">微信</a><a class="bds_tsina">新浪微博</a><a class="bds_qzone">QQ空间</a></div>
<div id="zoom" class="pages_content">
{body}
</div>
<div class="xgbd"><h3>相关报道</h3><ul>
<li><a href="/a1">市十六届人大五次会议开幕 杜小刚作政府工作报告，代表们认真审议并提出意见建议</a></li>
<li><a href="/a2">图解：2021年无锡市政府工作报告，一图读懂今年全市经济社会发展主要目标任务</a></li>
<li><a href="/a3">代表委员热议政府工作报告：奋力谱写“强富美高”新无锡现代化建设新篇章</a></li></ul></div>
</div>
<div class="footer"><p>主办：无锡市人民政府办公室 承办：无锡市大数据管理局</p>
<p>版权所有：无锡市人民政府 苏ICP备05012345号 网站标识码：3202000001</p><p>联系电话：0510-12345678 地址：无锡市观山路1号</p></div>
</body></html>"""
    path.write_bytes(page.encode(encoding))
    return path


@pytest.fixture(scope="session")
def web_page(formats_dir) -> Path:
    folder = formats_dir / "html"
    folder.mkdir()
    return build_html(folder / "wuxi_2021.html", sample_lines())


@pytest.fixture(scope="session")
def text_indicators() -> pd.DataFrame:
    from helpers.indicators import extract_indicators

    return extract_indicators(prepare_report(SAMPLE_REPORT).structure)


# --------------------------------------------------------------------------- fixtures: bad files


def build_scanned_pdf(path: Path) -> Path:
    """A PDF page that is only an image (a scan): no text layer at all."""
    import matplotlib

    matplotlib.use("Agg")
    import numpy as np
    from matplotlib import pyplot as plt

    fig = plt.figure(figsize=(595 / 72, 842 / 72))
    ax = fig.add_axes([0, 0, 1, 1])
    ax.imshow(np.random.default_rng(0).random((60, 40)), cmap="gray")
    ax.set_axis_off()
    fig.savefig(path, format="pdf")
    plt.close(fig)
    return path


def build_encrypted_pdf(path: Path) -> Path:
    """A PDF encrypted with a user password (standard security handler, RC4 40-bit): no text without it."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 5 0 R >>",
        b"<< /Filter /Standard /V 1 /R 2 /Length 40 /P -44 /O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> >>",
        b"<< /Length 8 >>\nstream\n\x8a\x12\x9b\x07\x01\x55\xc3\x44\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + obj + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Encrypt 4 0 R /ID [<{'ab' * 16}> <{'ab' * 16}>] >>\n"
            f"startxref\n{xref}\n%%EOF\n").encode()
    path.write_bytes(bytes(out))
    return path


@pytest.fixture(scope="session")
def bad_files(formats_dir, matplotlib_pdf, word_docx) -> dict[str, tuple[Path, str]]:
    """Bad files of each kind, each with a word its one-line error must contain."""
    folder = formats_dir / "bad"
    folder.mkdir()
    docx_bytes = word_docx.read_bytes()
    files = {
        "scanned.pdf": (build_scanned_pdf(folder / "scanned.pdf"), "scanned PDF with no text layer"),
        "encrypted.pdf": (build_encrypted_pdf(folder / "encrypted.pdf"), "password-protected"),
        "corrupt.pdf": (folder / "corrupt.pdf", "damaged PDF"),
        "not_a_zip.docx": (folder / "not_a_zip.docx", "not a Word file"),
        "truncated.docx": (folder / "truncated.docx", "damaged"),
        "menus_only.html": (folder / "menus_only.html", "no report in it"),
    }
    (folder / "corrupt.pdf").write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 9 0 R\n" + bytes(range(256)) * 8)
    (folder / "not_a_zip.docx").write_bytes(b"This was meant to be a Word file, but it is not one.\n" * 5)
    (folder / "truncated.docx").write_bytes(docx_bytes[: len(docx_bytes) // 2])
    build_html(folder / "menus_only.html", [])
    return files


# --------------------------------------------------------------------------- detection


def test_log_columns_match_cleaning():
    assert FORMAT_LOG_COLUMNS == LOG_COLUMNS


def test_format_is_chosen_by_content_not_name(tmp_path, matplotlib_pdf, word_docx, web_page):
    for source, fmt in [(matplotlib_pdf, "pdf"), (word_docx, "docx"), (web_page, "html")]:
        renamed = tmp_path / f"{fmt}_saved_as.txt"
        renamed.write_bytes(source.read_bytes())
        assert detect_format(renamed.read_bytes(), renamed) == fmt
        report = load_report(renamed)
        assert report.format == fmt and "各位代表" in report.text
    assert detect_format(SAMPLE_REPORT.read_bytes(), SAMPLE_REPORT) == "text"
    text = load_report(SAMPLE_REPORT)
    assert (text.format, text.extraction_log, text.meta) == ("text", None, {})


def test_html_in_gbk_with_declared_charset(tmp_path):
    page = build_html(tmp_path / "gbk_page.htm", sample_lines(), encoding="gbk")
    report = load_report(page)
    assert report.format == "html" and report.encoding == "gb18030"
    assert "各位代表" in report.text and report.meta["source"] == "无锡日报"


# --------------------------------------------------------------------------- same indicators as the text


def _compare(fmt: str, path: Path, expected: pd.DataFrame) -> None:
    from helpers.indicators import extract_indicators

    got = extract_indicators(prepare_report(path).structure)
    a = expected[COMPARED].astype(str).reset_index(drop=True)
    b = got[COMPARED].astype(str).reset_index(drop=True)
    merged = a.merge(b, how="outer", indicator=True)
    diff = merged[merged["_merge"] != "both"]
    unexplained = [r for r in diff.itertuples() if (fmt, r.value, r.unit, r.indicator) not in ALLOWED_DIFFERENCES]
    assert not unexplained, f"{fmt}: indicators differ from the plain text:\n{diff.to_string()}"
    assert len(a) == len(b)


def test_chromium_pdf_gives_the_same_indicators(chromium_pdf, text_indicators):
    _compare("pdf", chromium_pdf, text_indicators)


def test_matplotlib_pdf_gives_the_same_indicators(matplotlib_pdf, text_indicators):
    _compare("pdf", matplotlib_pdf, text_indicators)


def test_docx_gives_the_same_indicators(word_docx, text_indicators):
    _compare("docx", word_docx, text_indicators)


def test_html_gives_the_same_indicators(web_page, text_indicators):
    _compare("html", web_page, text_indicators)


@pytest.mark.parametrize("fixture", ["chromium_pdf", "matplotlib_pdf", "word_docx", "web_page"])
def test_structure_matches_the_text(request, fixture, sample):
    prepared = prepare_report(request.getfixturevalue(fixture))
    assert prepared.structure.parts[["part", "part_title"]].equals(sample.structure.parts[["part", "part_title"]])
    assert prepared.structure.sections[["part", "section", "section_title"]].equals(
        sample.structure.sections[["part", "section", "section_title"]])
    assert prepared.structure.meta == sample.structure.meta


# --------------------------------------------------------------------------- what each converter logs


@pytest.mark.parametrize("fixture", ["chromium_pdf", "matplotlib_pdf"])
def test_pdf_running_headers_and_page_numbers_are_removed_and_logged(request, fixture):
    report = load_report(request.getfixturevalue(fixture))
    log = report.extraction_log
    assert list(log.columns) == LOG_COLUMNS
    pages = len(log[log.rule == "pdf_page_number"])
    assert pages >= 10
    headers = log[log.rule == "pdf_running_header"]
    assert len(headers) == pages and set(headers.before) == {RUNNING_HEADER}
    assert list(log[log.rule == "pdf_page_number"].location) == [f"page {n}" for n in range(1, pages + 1)]
    assert RUNNING_HEADER not in report.text
    assert not re.search(r"^[-—\s]*\d+[-—\s]*$", report.text, re.M), "a page number was left in the text"
    assert not re.search("[\u2e80-\u2fdf\x00-\x08]", report.text), "radicals or control codes left in the text"


def test_pdf_running_footer_is_removed_and_logged(matplotlib_pdf):
    report = load_report(matplotlib_pdf)
    footers = report.extraction_log[report.extraction_log.rule == "pdf_running_footer"]
    assert set(footers.before) == {RUNNING_FOOTER} and len(footers) == int(report.meta["pages"])
    assert RUNNING_FOOTER not in report.text


def test_words_split_at_a_page_end_are_rejoined_by_cleaning(matplotlib_pdf, sample):
    prepared = prepare_report(matplotlib_pdf)
    log = prepared.cleaned.log
    assert log.rule.iloc[0].startswith("pdf_"), "the extraction log comes first in the cleaning log"
    assert (log.rule == "rejoin_broken_lines").sum() > (sample.cleaned.log.rule == "rejoin_broken_lines").sum()
    assert len(prepared.structure.paragraphs) == len(sample.structure.paragraphs)


def test_docx_list_numbering_becomes_text(word_docx):
    report = load_report(word_docx)
    numbered = report.extraction_log[report.extraction_log.rule == "docx_list_number"]
    assert list(numbered.after.str.extract(r"^(\S+?、|（\S+?）)")[0]) == [
        "一、", "二、", "三、", *(f"（{chinese_number(n)}）" for n in range(1, 11))]
    assert "\n三、2021 年主要工作\n" in report.text and "\n（十）" in report.text
    assert report.meta["title"].startswith("2021")


def test_html_furniture_is_removed_and_metadata_kept(web_page):
    report = load_report(web_page)
    log = report.extraction_log
    assert {"html_navigation", "html_share", "html_related", "html_footer"} <= set(log.rule)
    for furniture in ["首页", "走进无锡", "办事服务", "分享到", "相关报道", "版权所有", "当前位置", "【字号", "浏览次数", "统计代码"]:
        assert furniture not in report.text, furniture
    assert report.meta == {"title": "2021年江苏省无锡市人民政府工作报告", "date": "2021-01-25", "source": "无锡日报"}
    assert report.text.startswith("2021 年江苏省无锡市人民政府工作报告\n")


# --------------------------------------------------------------------------- bad files


def test_bad_files_get_one_line(bad_files):
    for name, (path, problem) in bad_files.items():
        with pytest.raises(ReportError) as err:
            load_report(path)
        message = str(err.value)
        assert message.startswith(f"{path}: ") and problem in message and "\n" not in message, message


@pytest.mark.parametrize("name", ["scanned.pdf", "corrupt.pdf", "not_a_zip.docx", "menus_only.html"])
def test_cli_bad_file_exits_2_with_one_line(bad_files, tmp_path, name):
    path, problem = bad_files[name]
    proc = subprocess.run([sys.executable, "-m", "helpers", "indicators", str(path), "-o", str(tmp_path / "out.csv")],
                          capture_output=True, text=True, cwd=PROJECT_ROOT)
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0 and name in proc.stderr and problem in proc.stderr, proc.stderr
    assert not (tmp_path / "out.csv").exists()


def test_other_office_files_are_named(tmp_path):
    xlsx = tmp_path / "table.xlsx"
    with zipfile.ZipFile(xlsx, "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(ReportError, match="Excel workbook"):
        load_report(xlsx)
    encrypted = tmp_path / "locked.docx"
    encrypted.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500) + "EncryptedPackage".encode("utf-16-le"))
    with pytest.raises(ReportError, match="password-protected Office file"):
        load_report(encrypted)


def test_raw_file_is_left_untouched(word_docx):
    before = word_docx.read_bytes()
    load_report(word_docx)
    assert word_docx.read_bytes() == before
    assert zipfile.ZipFile(io.BytesIO(before)).testzip() is None


def test_docx_numbering_carried_by_heading_styles(tmp_path):
    """Word often numbers headings through the heading style's list, not the paragraph's own."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    num_id = _add_heading_numbering(document)
    for style, level in (("Heading 1", 0), ("Heading 2", 1)):
        document.styles[style].element.get_or_add_pPr().append(
            parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'))
    lines = sample_lines()
    for line in lines[:5]:
        document.add_paragraph(line)
    for part in ("过去一年工作回顾", "今年主要工作"):
        document.add_paragraph(part, style="Heading 1")
        for section in ("着力稳增长", "着力促改革"):
            document.add_paragraph(section, style="Heading 2")
            document.add_paragraph("地区生产总值增长6%左右，一般公共预算收入增长5%，居民人均可支配收入与经济增长同步。")
    document.save(tmp_path / "styles.docx")
    prepared = prepare_report(tmp_path / "styles.docx")
    assert "\n一、过去一年工作回顾\n（一）着力稳增长\n" in prepared.report.text
    assert "\n二、今年主要工作\n（一）着力稳增长\n" in prepared.report.text  # sections restart under each part
    assert list(prepared.structure.parts.part_title) == ["", "过去一年工作回顾", "今年主要工作"]
    assert len(prepared.structure.sections) == 4


def test_conversions_are_cached_by_content(web_page):
    from helpers.formats import convert

    data = web_page.read_bytes()
    fresh = convert(data, "html", web_page, use_cache=False)
    convert(data, "html", web_page)  # stored (or already there)
    hits = cache.STATS[("converted", "hit")]
    cached = convert(data, "html", web_page)
    assert cache.STATS[("converted", "hit")] == hits + 1
    assert cached.text == fresh.text and cached.meta == fresh.meta and cached.log.equals(fresh.log)


def test_pdf_of_a_page_of_short_paragraphs(corpus, tmp_path):
    """A first page of one-line paragraphs (title, menus, salutation) is all indented lines: the left margin
    is still found, so a heading that follows a full line is not glued to it."""
    from helpers.indicators import extract_indicators

    source = prepare_report(corpus / "anhui_2026.txt")
    lines = [line.strip() for line in source.report.text.splitlines() if line.strip()]
    pdf = build_matplotlib_pdf(tmp_path / "anhui_2026.pdf", lines)
    prepared = prepare_report(pdf)
    assert prepared.structure.paragraphs.text.tolist() == source.structure.paragraphs.text.tolist()
    a = extract_indicators(source.structure)[COMPARED].astype(str).reset_index(drop=True)
    assert a.equals(extract_indicators(prepared.structure)[COMPARED].astype(str).reset_index(drop=True))
