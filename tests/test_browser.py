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

from helpers.outputs import PAGES, RECORD
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
