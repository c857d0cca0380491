"""The rendered report in a real browser: headless Chromium loads the pages with their images and CJK font.

Chromium comes from Debian's ``chromium`` package, which ``make test`` installs when it can (as root);
without it the test is skipped with that reason.
"""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars"]
CHECKER = """<!doctype html><html><body><iframe id="f" src="{page}" style="width:1200px;height:900px"></iframe>
<script>
document.getElementById('f').onload = function () {{
  setTimeout(function () {{
    var d = document.getElementById('f').contentDocument;
    var imgs = Array.prototype.slice.call(d.images);
    var ok = imgs.filter(function (i) {{ return i.complete && i.naturalWidth > 0; }}).length;
    var cjk = d.fonts.check("16px 'GWR CJK'", "政府工作报告");
    document.body.setAttribute('data-result', ok + '/' + imgs.length + ' font=' + cjk + ' title=' + d.title);
  }}, 500);
}};
</script></body></html>"""

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (make test installs it as root)")


def chromium(tmp_path: Path, *args: str) -> str:
    proc = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", *args],
                          capture_output=True, text=True, timeout=120)
    return proc.stdout


def page_check(rendered: Path, page: str, tmp_path: Path) -> tuple[int, int, bool, str]:
    checker = rendered / f"check_{Path(page).stem}.html"
    checker.write_text(CHECKER.format(page=page), encoding="utf-8")
    dom = chromium(tmp_path, "--allow-file-access-from-files", "--virtual-time-budget=10000", "--dump-dom", checker.as_uri())
    m = re.search(r'data-result="(\d+)/(\d+) font=(\w+) title=([^"]*)"', dom)
    assert m, dom[-500:]
    return int(m.group(1)), int(m.group(2)), m.group(3) == "true", m.group(4)


@pytest.mark.parametrize("page, min_images", [("index.html", 9), ("wuxi_2021/html/04_themes.html", 1)])
def test_page_loads_with_images_and_font(rendered, tmp_path, page, min_images):
    loaded, total, font_ok, title = page_check(rendered, page, tmp_path)
    assert total >= min_images and loaded == total, f"{loaded} of {total} images loaded"
    assert font_ok, "the embedded CJK font did not load"
    assert title


def test_screenshot(rendered, tmp_path):
    shot = tmp_path / "index.png"
    chromium(tmp_path, "--window-size=1280,1000", "--virtual-time-budget=5000", f"--screenshot={shot}", (rendered / "index.html").as_uri())
    assert shot.stat().st_size > 20_000
