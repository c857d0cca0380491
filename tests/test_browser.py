"""The rendered reports in a real browser, offline: headless Chromium with the network blocked.

Every page of the index and of each report is loaded in turn; a script in the page checks that its
images loaded, that the embedded CJK font was loaded and used, that every resource the page fetched
came from the output folder (``file:``, ``data:`` or ``blob:``), and reads the interactive table's own
count of rows. Chromium's log is checked for failed requests too. Chromium comes from Debian's
``chromium`` package, which ``make test`` installs when it can (as root); without it the tests are
skipped with that reason, which fails the suite unless it does not run as root (``suite_checks.py``).
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from helpers.outputs import FONT_ASSET, PAGES, RECORD
from suite_checks import CHROMIUM_MISSING

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
#: No network: every host name fails to resolve, and any proxy request goes to a closed port.
OFFLINE = ["--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost", "--proxy-server=http://127.0.0.1:9",
           "--proxy-bypass-list=<-loopback>"]
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-extensions",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
         "--enable-logging=stderr", "--v=0", *OFFLINE]
CHECKER = """<!doctype html><html><body><iframe id="f" style="width:1280px;height:900px"></iframe>
<script>
var pages = %s, results = [], frame = document.getElementById('f');
function check(page) {
  var d = frame.contentDocument, w = frame.contentWindow;
  var imgs = Array.prototype.slice.call(d.images);
  var faces = []; d.fonts.forEach(function (f) { faces.push(f.family.replace(/["']/g, '') + ':' + f.status); });
  var family = w.getComputedStyle(d.body).fontFamily;
  var fetched = w.performance.getEntriesByType('resource').map(function (e) { return e.name; });
  var info = Array.prototype.map.call(d.querySelectorAll('.dt-info, .dataTables_info'), function (e) { return e.textContent; });
  results.push({page: page, title: d.title, images: imgs.length,
    loaded: imgs.filter(function (i) { return i.complete && i.naturalWidth > 0; }).length,
    faces: faces, family: family, fetched: fetched, tables: info,
    links: Array.prototype.map.call(d.querySelectorAll('a[href]'), function (a) { return a.getAttribute('href'); })});
}
function next(i) {
  if (i >= pages.length) { document.body.setAttribute('data-result', JSON.stringify(results)); return; }
  frame.onload = function () { setTimeout(function () { check(pages[i]); next(i + 1); }, 1500); };
  frame.src = pages[i];
}
next(0);
</script></body></html>"""

CONTROL = ("<!doctype html><html><head><title>control</title><script src='https://cdn.example.com/lib.js'></script>"
           "</head><body><img src='https://example.com/a.png'></body></html>")

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason=CHROMIUM_MISSING)


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", *args],
                          capture_output=True, text=True, timeout=180)


@pytest.fixture(scope="module")
def browsed(rendered, tmp_path_factory):
    """Every page of the rendered folder, loaded once in an offline Chromium: (results per page, Chromium's log)."""
    tmp = tmp_path_factory.mktemp("browser")
    pages = ["index.html"] + [f"{name}/html/{stem}.html" for name in ("wuxi_2021", "national_2016_gbk") for stem in PAGES]
    # a control page that asks for outside resources: the check must see its requests
    (rendered / "check_control.html").write_text(CONTROL, encoding="utf-8")
    checker = rendered / "check_pages.html"
    checker.write_text(CHECKER % json.dumps(pages + ["check_control.html"]), encoding="utf-8")
    proc = chromium(tmp, "--allow-file-access-from-files", f"--virtual-time-budget={3000 * len(pages)}", "--dump-dom",
                    checker.as_uri())
    m = re.search(r'data-result="([^"]*)"', proc.stdout)
    assert m, proc.stdout[-500:] + proc.stderr[-2000:]
    results = json.loads(m.group(1).replace("&quot;", '"').replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">"))
    return {r["page"]: r for r in results}, proc.stderr


def test_every_page_loads_offline_with_images_and_font(browsed):
    results, log = browsed
    control = results.pop("check_control.html")
    assert any("example.com" in u for u in control["fetched"]), "the check does not see outside requests"
    assert len(results) == 1 + 2 * len(PAGES)
    for page, r in results.items():
        assert r["title"], page
        assert r["loaded"] == r["images"], f"{page}: {r['loaded']} of {r['images']} images loaded"
        assert "GWR CJK:loaded" in r["faces"], f"{page}: the embedded CJK font was not loaded ({r['faces']})"
        assert "GWR CJK" in r["family"], f"{page}: body font is {r['family']}"
        outside = [u for u in r["fetched"] if not u.startswith(("file:", "data:", "blob:"))]
        assert not outside, f"{page} fetched {outside}"
    assert results["index.html"]["images"] >= 9
    failed = [line for line in log.splitlines() if "net::ERR" in line and "example.com" not in line]
    assert not failed, failed[:5]


def test_navigation_links_pages_and_index(browsed):
    results, _ = browsed
    page = results["wuxi_2021/html/03_keywords.html"]
    assert "../../index.html" in page["links"] and "02_indicators.html" in page["links"]
    assert "wuxi_2021/indicators.csv" in results["index.html"]["links"]


def test_the_full_indicator_table_is_reachable(browsed, rendered):
    results, _ = browsed
    for name in ("wuxi_2021", "national_2016_gbk"):
        n = json.loads((rendered / name / RECORD).read_text(encoding="utf-8"))["summary"]["indicators"]
        tables = results[f"{name}/html/02_indicators.html"]["tables"]
        assert any(re.search(rf"of {n} entries", t) for t in tables), (n, tables)


def test_screenshot(rendered, tmp_path):
    shot = tmp_path / "index.png"
    chromium(tmp_path, "--window-size=1280,1000", "--virtual-time-budget=5000", f"--screenshot={shot}", (rendered / "index.html").as_uri())
    assert shot.stat().st_size > 20_000


EXERCISE = """<!doctype html><html><body><iframe id="f" style="width:1280px;height:900px"></iframe>
<script>
var pages = %s, results = [], frame = document.getElementById('f');
function shown(el) { return el ? el.innerText : ''; }
function exercise(page) {
  var d = frame.contentDocument, w = frame.contentWindow, out = {page: page, tables: []};
  d.querySelectorAll('.dt-container').forEach(function (box) {
    var body = function () { return box.querySelector('table.dataTable tbody'); };
    var t = {first: shown(body()), later: [], term: '', searched: '', info: '',
             count: shown(box.querySelector('.dt-info'))};
    for (var guard = 0; guard < 1000; guard++) {  // page through the whole table
      var next = box.querySelector('.dt-paging-button.next');
      if (!next || next.classList.contains('disabled')) break;
      next.click();
      t.later.push(shown(body()));
    }
    var input = box.querySelector('.dt-search input'), cell = box.querySelector('tbody tr:last-child td');
    var term = (shown(cell).match(/[^\\x00-\\x7f]{2,4}/) || [''])[0];
    if (input && term) {  // type a term of the last page into the search box
      input.value = term;
      input.dispatchEvent(new Event('input', {bubbles: true}));
      t.term = term; t.searched = shown(body());
      t.info = shown(box.querySelector('.dt-info'));
      t.inputFont = w.getComputedStyle(input).fontFamily;
    }
    out.tables.push(t);
  });
  var code = d.querySelector('code');
  out.codeFont = code ? w.getComputedStyle(code).fontFamily : '';
  out.text = d.body.innerText;
  results.push(out);
}
function next(i) {
  if (i >= pages.length) { document.body.setAttribute('data-result', JSON.stringify(results)); return; }
  frame.onload = function () { setTimeout(function () { exercise(pages[i]); next(i + 1); }, 1500); };
  frame.src = pages[i];
}
next(0);
</script></body></html>"""


@pytest.fixture(scope="module")
def exercised(rendered, tmp_path_factory):
    """The sample's pages in an offline Chromium, every table paged through to its end and searched for a term of
    its last page: what the reader saw, per page."""
    tmp = tmp_path_factory.mktemp("exercise")
    pages = [f"wuxi_2021/html/{stem}.html" for stem in PAGES]
    checker = rendered / "exercise_pages.html"
    checker.write_text(EXERCISE % json.dumps(pages), encoding="utf-8")
    proc = chromium(tmp, "--allow-file-access-from-files", f"--virtual-time-budget={4000 * len(pages)}", "--dump-dom",
                    checker.as_uri())
    m = re.search(r'data-result="([^"]*)"', proc.stdout)
    assert m, proc.stdout[-500:] + proc.stderr[-2000:]
    return json.loads(m.group(1).replace("&quot;", '"').replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">"))


def test_paging_and_searching_show_no_missing_glyph(exercised, rendered):
    """Every character shown after paging and searching is in the folder's font: no tofu on a machine without a
    Chinese font (this one has none). The characters of later pages are not all on the first one, so the check
    reaches past the first screen, where a font cut to the first screen had failed."""
    from fontTools.ttLib import TTFont

    cmap = TTFont(rendered / FONT_ASSET).getBestCmap()
    beyond_first = set()
    for page in exercised:
        assert page["tables"], f"{page['page']}: no interactive table"
        seen = set(page["text"])
        for t in page["tables"]:
            later = set("".join(t["later"]) + t["searched"])
            beyond_first |= {c for c in later - set(t["first"]) if ord(c) > 0x7F}
            seen |= later
            if t["term"]:
                assert t["term"] in t["searched"], (page["page"], t["term"], t["info"])
                assert "GWR CJK" in t["inputFont"], f"{page['page']}: the search box's font is {t['inputFont']}"
        missing = sorted(c for c in seen if ord(c) > 0x7F and ord(c) not in cmap)
        assert not missing, f"{page['page']}: no glyph for {''.join(missing[:40])} ({len(missing)} characters)"
        assert page["codeFont"].startswith('"GWR CJK"'), f"{page['page']}: code font {page['codeFont']}"
    assert len(beyond_first) > 100, "the tables' later pages hold characters that their first pages do not"


def test_every_table_is_whole_or_says_what_it_leaves_out(exercised, rendered):
    """A table shows all its rows (DataTables counts them), or a line before it says how many it shows of how many."""
    import pandas as pd

    by_page = {p["page"].split("/")[-1]: p for p in exercised}
    counts = {name: " | ".join(t["count"] for t in p["tables"]) for name, p in by_page.items()}
    paragraphs = len(pd.read_csv(rendered / "wuxi_2021" / "themes.csv"))
    assert f"of {paragraphs} entries" in counts["04_themes.html"]  # the per-paragraph theme table: every paragraph
    log = len(pd.read_csv(rendered / "wuxi_2021" / "cleaning_log.csv"))
    assert f"of {log} entries" in counts["01_clean_and_structure.html"]
    tokens = len(pd.read_csv(rendered / "wuxi_2021" / "tokens.csv"))
    assert f"of {tokens:,} entries" in counts["03_keywords.html"]
    keywords = by_page["03_keywords.html"]["text"]
    assert re.search(r"Showing 20 of [\d,]+ rows \(the most frequent.*keywords\.csv", keywords)
