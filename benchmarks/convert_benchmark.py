"""Conversion benchmark: how long does turning a PDF, Word file or web page into text take, per page?

Builds the sample report (data/raw/wuxi_2021.txt) in each format with the same builders as
tests/test_formats.py (a Chromium-printed PDF when Debian's chromium is installed, a matplotlib PDF,
a python-docx file, a saved web page), then times reading each as :func:`helpers.load.load_report` does,
without the conversion cache (median of ``--repeat`` runs, after one warm-up run that pays for
imports). "Per page" divides by the page count of the Chromium PDF (else the matplotlib PDF) of the
same text, so the formats compare like for like; the plain-text load is shown for reference. Figures only: nothing here asserts a time. Usage:

    .venv/bin/python benchmarks/convert_benchmark.py [--repeat N]
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
from helpers.formats import convert, detect_format  # noqa: E402
from helpers.load import load_report  # noqa: E402
from helpers.paths import SAMPLE_REPORT  # noqa: E402
from test_formats import CHROMIUM, _report_html, build_docx, build_html, build_matplotlib_pdf, cjk_font, sample_lines  # noqa: E402


def chromium_pdf(work: Path) -> Path | None:
    if CHROMIUM is None:
        return None
    page = work / "page.html"
    page.write_text(_report_html(cjk_font()), encoding="utf-8")
    out = work / "chromium.pdf"
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    f"--user-data-dir={work / 'profile'}", f"--print-to-pdf={out}", page.as_uri()],
                   capture_output=True, timeout=120)
    return out if out.is_file() else None


def timed(path: Path, repeat: int) -> tuple[float, object]:
    """Median seconds to read ``path`` as load_report does, without the conversion cache."""
    data = path.read_bytes()
    fmt = detect_format(data, path)

    def read():
        return load_report(path) if fmt == "text" else convert(data, fmt, path, use_cache=False)

    result = read()  # warm-up: imports and font parsing
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        read()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per format (median shown)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="gwr-convert-"))
    try:
        lines = sample_lines()
        files = {
            "text (reference)": SAMPLE_REPORT,
            "pdf (chromium)": chromium_pdf(work),
            "pdf (matplotlib)": build_matplotlib_pdf(work / "matplotlib.pdf", lines),
            "docx": build_docx(work / "report.docx", lines),
            "html": build_html(work / "report.html", lines),
        }
        results = {}
        for label, path in files.items():
            if path is None:
                print(f"{label:18s} skipped: Debian's chromium is not installed")
                continue
            results[label] = timed(path, args.repeat)
        pdf_pages = next(int(r.meta["pages"]) for label, (_, r) in results.items() if label.startswith("pdf"))
        chars = len(results["text (reference)"][1].text)
        print(f"sample report: {chars:,} characters; {pdf_pages} pages when printed (per-page figures use this)")
        print(f"{'format':18s} {'total':>9s} {'per page':>10s} {'pages':>6s}  log rows")
        for label, (seconds, report) in results.items():
            pages = int(report.meta.get("pages", pdf_pages))
            log = getattr(report, "extraction_log", None)
            log = report.log if log is None and hasattr(report, "log") else log
            rows = 0 if log is None else len(log)
            print(f"{label:18s} {seconds * 1000:7.0f}ms {seconds * 1000 / pages:8.1f}ms {pages:6d}  {rows}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
