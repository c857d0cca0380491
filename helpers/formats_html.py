"""Web pages saved from a government site (.html/.htm): the report without the page around it.

Beautiful Soup (with Python's own ``html.parser``) reads the page. Then:

1. Scripts, styles, forms and page furniture are dropped, each logged with its element: navigation
   and menus (``html_navigation``: ``<nav>``, ``<header>``, breadcrumbs, "menu"/"nav" classes), share
   and print buttons (``html_share``), related links (``html_related``: 相关报道/相关链接/相关新闻…),
   footers (``html_footer``) and hidden elements.
2. The report body is the element with the most Chinese text in its paragraphs (a known content
   container such as ``#zoom``, ``.pages_content``, ``#UCAP-CONTENT`` or ``<article>`` wins ties).
   Block elements (``<p>``, ``<div>``, ``<br>``, headings, list items, table rows) become lines.
3. The title (``<h1>``, the ``ArticleTitle`` meta tag or ``<title>``), the publication date and the
   source line (来源：…) are kept as metadata; the title also opens the text when the body lacks it,
   since it names the report's year and place.

A page with no report in it (no block of Chinese text) gets one line saying so.
"""
from __future__ import annotations

import re
from pathlib import Path

from .errors import ReportError
from .conversion import Conversion, count_han, make_log, short

_DROP_TAGS = ("script", "style", "noscript", "template", "iframe", "form", "button", "select", "input", "textarea",
              "svg", "canvas", "object", "embed", "link", "meta")
_FURNITURE = [
    ("html_navigation", ("nav", "header", "menu"), re.compile(r"(^|[-_ ])(nav|navbar|menu|breadcrumb|crumb|topbar|top-bar|header|head|banner|mainnav|subnav|sitemap|position|location|dqwz|skip)([-_ ]|\d|$)", re.I)),
    ("html_share", (), re.compile(r"(share|bdshare|social|fenxiang|print|fontsize|font-size|zihao|wechat|weibo|qrcode|toolbar|tools)", re.I)),
    ("html_related", (), re.compile(r"(related|relate|xgbd|xgxw|xglj|recommend|more-?news|hot-?news|sidebar|aside)", re.I)),
    ("html_footer", ("footer",), re.compile(r"(^|[-_ ])(footer|foot|copyright|bottom|site-?info)([-_ ]|\d|$)", re.I)),
]
_RELATED_HEADINGS = re.compile(r"^\s*[【\[]?\s*(相关报道|相关链接|相关新闻|相关阅读|相关文章|相关稿件|延伸阅读|推荐阅读|热点推荐|专题链接)\s*[】\]]?\s*[:：]?\s*$")
_SHARE_TEXT = re.compile(r"^\s*(分享到|分享：|【?打印(本页)?】?|【?关闭(窗口)?】?|【?字号|字体[:：]|扫一扫|收藏|返回顶部)")
_CONTENT_HINTS = re.compile(r"^(zoom|pages?_content|ucap-content|article|content|article-?content|art_con|trs_editor|main-?text|text|detail|con_text|wzcon)$", re.I)
_BLOCKS = {"p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "table", "section", "article", "blockquote",
           "pre", "ul", "ol", "dl", "dt", "dd", "hr", "center", "main", "td", "th"}
_INLINE_PARAGRAPHS = {"p", "span", "font", "strong", "b", "em", "a", "pre", "blockquote", "h2", "h3", "h4"}
_DATE = re.compile(r"(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})\s*日?")
_SOURCE = re.compile(r"来源[:：]\s*([^\s|｜]+)")
_HAN = re.compile(r"[\u4e00-\u9fff]")
MIN_REPORT_CHARS = 200


def _decode(data: bytes) -> tuple[str, str]:
    """Decode a page: its BOM, its declared charset (GB2312/GBK read as GB18030), else UTF-8, else GB18030."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "utf-16"
    declared = re.search(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)""", data[:4096], re.I)
    candidates = []
    if declared:
        name = declared.group(1).decode("ascii", "ignore").lower()
        candidates.append("gb18030" if name in ("gb2312", "gbk", "gb18030", "x-gbk") else name)
    candidates += ["utf-8", "gb18030"]
    for enc in candidates:
        try:
            return data.decode(enc), enc
        except (UnicodeDecodeError, LookupError):
            continue
    from bs4 import UnicodeDammit

    dammit = UnicodeDammit(data, ["utf-8", "gb18030"])
    return dammit.unicode_markup or data.decode("utf-8", errors="replace"), dammit.original_encoding or "utf-8"


def _describe(el) -> str:
    ident = f"#{el.get('id')}" if el.get("id") else ""
    classes = "".join(f".{c}" for c in (el.get("class") or []))
    return f"<{el.name}{ident}{classes}>"


def _classify(el) -> str | None:
    """The furniture rule an element falls under, or None."""
    attrs = " ".join([el.get("id") or "", *(el.get("class") or []), el.get("role") or ""])
    for rule, tags, pattern in _FURNITURE:
        if el.name in tags or (attrs.strip() and pattern.search(attrs)):
            return rule
    if el.get("role") in ("navigation", "banner", "contentinfo"):
        return {"navigation": "html_navigation", "banner": "html_navigation", "contentinfo": "html_footer"}[el.get("role")]
    style = (el.get("style") or "").replace(" ", "").lower()
    if "display:none" in style or el.has_attr("hidden"):
        return "html_hidden"
    return None


def _text_lines(root) -> list[str]:
    """The text of ``root`` with block elements as line breaks and HTML whitespace collapsed."""
    from bs4 import NavigableString, Tag
    from bs4.element import Comment, Declaration, Doctype, ProcessingInstruction

    parts: list[str] = []

    def walk(node) -> None:
        for child in node.children:
            if isinstance(child, (Comment, Doctype, Declaration, ProcessingInstruction)):
                continue
            if isinstance(child, NavigableString):
                parts.append(re.sub(r"[ \t\r\n\f]+", " ", str(child)))
            elif isinstance(child, Tag):
                block = child.name in _BLOCKS
                if block:
                    parts.append("\n")
                walk(child)
                if block:
                    parts.append("\n")

    walk(root)
    return [line.strip() for line in "".join(parts).split("\n") if line.strip()]


def _content_root(soup):
    """The element holding the report: most Chinese text in its own paragraphs, known containers first."""
    best, best_score = None, 0
    for el in soup.find_all(True):
        if el.name in ("html", "body"):
            continue
        own = 0  # Chinese characters in the element's own paragraphs (not in nested containers)
        for child in el.children:
            if isinstance(child, str):
                own += len(_HAN.findall(child))
            elif child.name in _INLINE_PARAGRAPHS or (child.name in ("div", "section") and child.find(_BLOCKS - {"br"}) is None):
                own += len(_HAN.findall(child.get_text()))
        hint = any(_CONTENT_HINTS.match(v or "") for v in [el.get("id"), *(el.get("class") or [])])
        score = own * (1.2 if hint else 1.0)
        if score > best_score:
            best, best_score = el, score
    while best is not None:  # a wrapper whose one child holds (nearly) all the text: take the child
        total = count_han(best.get_text())
        inner = max(best.find_all(True, recursive=False), key=lambda c: count_han(c.get_text()), default=None)
        if inner is None or inner.name in _INLINE_PARAGRAPHS or count_han(inner.get_text()) < 0.9 * total:
            break
        best = inner
    return best, best_score


def _meta(soup, page_lines: list[str]) -> dict[str, str]:
    def meta_value(*names: str) -> str:
        for name in names:
            tag = soup.find("meta", attrs={"name": re.compile(f"^{re.escape(name)}$", re.I)}) or soup.find(
                "meta", attrs={"property": re.compile(f"^{re.escape(name)}$", re.I)})
            if tag and tag.get("content", "").strip():
                return " ".join(tag["content"].split())
        return ""

    meta: dict[str, str] = {}
    h1 = soup.find("h1")
    title = meta_value("ArticleTitle", "og:title", "title") or (" ".join(h1.get_text().split()) if h1 else "")
    if not title and soup.title:  # 2021年政府工作报告_无锡市人民政府门户网站 → 2021年政府工作报告
        title = re.split(r"\s*[_|｜]\s*|\s+[-–—]\s+", soup.title.get_text().strip())[0]
    if title:
        meta["title"] = title
    date = meta_value("PubDate", "publishdate", "article:published_time", "pubdate", "firstpublishedtime")
    source = meta_value("ContentSource", "source", "author")
    for line in page_lines:
        if not source and (m := _SOURCE.search(line)):
            source = m.group(1).strip()
        if not date and re.search(r"(时间|日期|发布)", line) and (m := _DATE.search(line)):
            date = m.group(0)
    if date:
        m = _DATE.search(date)
        meta["date"] = f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}" if m else date
    if source:
        meta["source"] = source
    return meta


def convert_html(data: bytes, path: str | Path = "<bytes>") -> Conversion:
    """Extract a report from a saved web page (see the module docstring); raises :class:`ReportError`."""
    from bs4 import BeautifulSoup, Tag

    markup, encoding = _decode(data)
    try:
        soup = BeautifulSoup(markup, "html.parser")
    except Exception as exc:  # html.parser is forgiving; this is a last resort
        raise ReportError(path, f"is a web page that cannot be parsed ({type(exc).__name__})") from None
    page_lines = _text_lines(soup.body or soup)
    meta = _meta(soup, page_lines)
    rows: list[tuple[str, str, str, str]] = []
    for el in soup.find_all(_DROP_TAGS):
        el.decompose()
    for el in list(soup.find_all(True)):
        if not isinstance(el, Tag) or el.decomposed or el.name in ("html", "body"):
            continue
        rule = _classify(el)
        if rule is None:
            text = el.get_text(" ", strip=True)
            if el.name in ("h2", "h3", "h4", "h5", "div", "p", "span", "strong", "b", "dt") and _RELATED_HEADINGS.match(text):
                parent = el.parent
                if parent is not None and parent.name not in ("body", "html") and count_han(parent.get_text()) <= MIN_REPORT_CHARS * 5:
                    rule, el = "html_related", parent
                else:  # the heading sits inside the report's container: drop it and what follows it
                    for sibling in list(el.find_next_siblings()):
                        rows.append(("html_related", _describe(sibling), short(sibling.get_text(" ", strip=True), 120), ""))
                        sibling.decompose()
                    rule = "html_related"
            elif el.name in ("div", "p", "span", "a", "li") and len(text) < 40 and _SHARE_TEXT.match(text):
                rule = "html_share"
        if rule is None or el.decomposed:
            continue
        text = el.get_text(" ", strip=True)
        if count_han(text) > MIN_REPORT_CHARS * 5 and rule != "html_hidden":
            continue  # a "content"/"main-text" container that happens to match a furniture name: keep it
        rows.append((rule, _describe(el), short(text, 120), ""))
        el.decompose()
    root, _ = _content_root(soup)
    lines = _text_lines(root) if root is not None else []
    if root is not None:
        rows.append(("html_body", _describe(root), "", f"{len(lines)} lines"))
    if count_han("".join(lines)) < MIN_REPORT_CHARS:
        raise ReportError(path, "is a web page with no report in it (no block of Chinese text after menus and footers are removed)")
    title = meta.get("title", "")
    if title and re.sub(r"\s", "", title) not in re.sub(r"\s", "", "".join(lines[:3])):
        lines.insert(0, title)
        rows.append(("html_title", "<h1>/<title>", "", title))
    return Conversion(text="\n".join(lines) + "\n", log=make_log(rows), meta=meta, encoding=encoding)
