"""Batch rendering: run every notebook on each report with papermill and export HTML.

``python -m helpers render REPORT... -o DIR [--jobs N]`` writes, for each report,
``DIR/<report-name>/`` with the executed notebooks (``notebooks/``), an HTML page per notebook
without code cells (``html/``), and the tables and figures the notebooks write; plus
``DIR/index.html`` linking every report. One bad report does not stop the others.
"""
from __future__ import annotations

import argparse
import html
import os
import sys
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from .cli import stage
from .errors import ReportError
from .load import load_report, report_name
from .paths import NOTEBOOKS_DIR


@dataclass
class RenderResult:
    """What rendering one report produced, or why it failed."""

    report: str
    name: str
    output_dir: Path
    pages: list[Path]
    error: str = ""


def pipeline_notebooks(folder: Path = NOTEBOOKS_DIR) -> list[Path]:
    """The numbered pipeline notebooks (``01_…``, ``02_…``) in order."""
    return sorted(p for p in folder.glob("[0-9][0-9]_*.ipynb"))


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    # papermill errors carry the traceback; the last line names the exception and message.
    lines = [line for line in text if line.strip()]
    return lines[-1][:300] if lines else type(exc).__name__


def render_report(report_path: str | Path, output_dir: str | Path) -> RenderResult:
    """Run every pipeline notebook on one report and export each to HTML (code cells hidden)."""
    import logging

    import papermill as pm
    from nbconvert import HTMLExporter

    logging.getLogger("papermill").setLevel(logging.WARNING)
    os.environ["GWR_STATIC"] = "1"  # kernels inherit it: explorers render as tables in HTML
    name = report_name(report_path)
    out = Path(output_dir) / name
    result = RenderResult(report=str(report_path), name=name, output_dir=out, pages=[])
    try:
        load_report(report_path)  # fail fast, with one clear line, before starting kernels
        (out / "notebooks").mkdir(parents=True, exist_ok=True)
        (out / "html").mkdir(parents=True, exist_ok=True)
        exporter = HTMLExporter(exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True)
        for nb in pipeline_notebooks():
            executed = out / "notebooks" / nb.name
            pm.execute_notebook(
                str(nb), str(executed), parameters={"report_path": str(Path(report_path).resolve()), "output_dir": str(out.resolve())},
                progress_bar=False, cwd=str(NOTEBOOKS_DIR), kernel_name="python3",
            )
            body, _ = exporter.from_filename(str(executed))
            page = out / "html" / (nb.stem + ".html")
            page.write_text(body, encoding="utf-8")
            result.pages.append(page)
    except ReportError as exc:
        result.error = str(exc)
    except Exception as exc:  # one bad report must not stop the batch
        result.error = f"{report_path}: {_one_line(exc)}"
    return result


def write_index(results: list[RenderResult], output_dir: Path) -> Path:
    """Write ``index.html`` linking every rendered report's pages."""
    rows = []
    for r in sorted(results, key=lambda r: r.name):
        if r.error:
            rows.append(f"<li><b>{html.escape(r.name)}</b>: failed — {html.escape(r.error)}</li>")
            continue
        links = " · ".join(
            f'<a href="{html.escape(p.relative_to(output_dir).as_posix())}">{html.escape(p.stem)}</a>' for p in r.pages
        )
        rows.append(f"<li><b>{html.escape(r.name)}</b>: {links}</li>")
    index = output_dir / "index.html"
    index.write_text(
        "<!doctype html><html lang='zh-CN'><head><meta charset='utf-8'><title>政府工作报告分析</title></head>"
        "<body><h1>政府工作报告分析 · gwr-workbook</h1><ul>" + "\n".join(rows) + "</ul></body></html>\n",
        encoding="utf-8",
    )
    return index


def render(reports: list[str | Path], output_dir: str | Path, jobs: int | None = None) -> list[RenderResult]:
    """Render ``reports`` into ``output_dir`` with ``jobs`` in parallel; returns one result each."""
    from tqdm import tqdm

    out = Path(output_dir)
    out.mkdir(parents=True, exist_ok=True)
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(reports)))
    results: list[RenderResult] = []
    with tqdm(total=len(reports), desc="reports", unit="report", file=sys.stderr, disable=None) as bar:
        if jobs == 1:
            for r in reports:
                results.append(render_report(r, out))
                bar.update()
        else:
            with ProcessPoolExecutor(max_workers=jobs) as pool:
                futures = [pool.submit(render_report, r, out) for r in reports]
                for f in as_completed(futures):
                    results.append(f.result())
                    bar.update()
    write_index(results, out)
    return sorted(results, key=lambda r: r.name)


@stage("render", "run every notebook on each REPORT and write HTML pages, tables and figures to OUT/<report>/")
def _render(args: argparse.Namespace) -> int:
    results = render(args.reports, args.output, args.jobs)
    failed = [r for r in results if r.error]
    out = Path(args.output).resolve()
    print(f"rendered {len(results) - len(failed)} of {len(results)} reports into {out}")
    for r in failed:
        print(f"  failed: {r.error}")
    print(f"open {out / 'index.html'}")
    return 1 if failed else 0
