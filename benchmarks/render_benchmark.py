"""Render benchmark: how close is a full render to the cost of just running notebooks?

Prints, in one run on this machine:

(a) the floor: papermill executing as many trivial notebooks as the render uses, one after another
    (median of three runs: a kernel start varies from run to run);
(b) a full render of the sample report: once with an empty cache, then the median of three warm runs;
(c) a render of every report in data/corpus with --jobs 2, against the sum of the single-report
    render times divided by 2 (perfect use of two cores).

It also prints the weight of what a render writes (issue 23): each reader page of the sample, the assets its
output folder shares once (font, DataTables code, style sheet), and the whole folder; with --weight-only, that
alone (one render, no timing).

Goals: (b) warm <= 2.5 x (a) (issue 13); (c) <= 1.3 x (sum of singles / 2). For (b) it also prints where
the time goes, from papermill's own timings in the executed notebooks: the notebooks' cells (the analysis and
its figures), the kernel (start, imports, papermill's per-notebook work) and what the render does around them
(reader pages not overlapped with the kernel, font subset, record, index).
Figures only: nothing here asserts a time. Usage:

    .venv/bin/python benchmarks/render_benchmark.py [--corpus DIR] [--limit N] [--sample-only] [--weight-only]
"""
from __future__ import annotations

import argparse
import logging
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import papermill as pm

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from helpers.paths import PROJECT_ROOT, SAMPLE_REPORT  # noqa: E402
from helpers.paths import CACHE_DIR  # noqa: E402
from helpers.render import pipeline_notebooks, render  # noqa: E402


def trivial_notebook(path: Path) -> None:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    params = nbformat.v4.new_code_cell("report_path = ''\noutput_dir = ''")
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params, nbformat.v4.new_code_cell("x = 1")]
    nbformat.write(nb, path)


def floor(n: int, work: Path) -> float:
    nb = work / "trivial.ipynb"
    trivial_notebook(nb)
    start = time.perf_counter()
    for i in range(n):
        pm.execute_notebook(str(nb), str(work / f"trivial_out_{i}.ipynb"), parameters={"report_path": "x", "output_dir": "y"},
                            progress_bar=False, kernel_name="python3")
    return time.perf_counter() - start


def per_notebook(folder: Path) -> dict[str, tuple[float, float, tuple[float, str]]]:
    """Per executed notebook: papermill's total time, the sum of its cells' times, and its slowest cell."""
    out = {}
    for path in sorted(folder.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        cells = [(c.metadata.get("papermill", {}).get("duration") or 0.0, c.source.splitlines()[0][:60] if c.source else "")
                 for c in nb.cells if c.cell_type == "code"]
        out[path.stem] = (nb.metadata.papermill.get("duration") or 0.0, sum(d for d, _ in cells), max(cells) if cells else (0.0, ""))
    return out


def breakdown(folder: Path) -> tuple[float, float]:
    """Seconds in the notebooks' cells, and in the notebooks in all (cells plus kernel and papermill work)."""
    rows = per_notebook(folder).values()
    return sum(r[1] for r in rows), sum(r[0] for r in rows)


def timed_render(reports: list[Path], out: Path, jobs: int) -> float:
    start = time.perf_counter()
    results = render([str(r) for r in reports], out, jobs=jobs)
    elapsed = time.perf_counter() - start
    failed = [r.error for r in results if r.error]
    if failed:
        print("  failures:", *failed, sep="\n    ")
    return elapsed


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def page_weight(out: Path) -> None:
    """Print the size of every reader page in the rendered folder ``out``, of its shared assets, and of it all."""
    kb = 1024
    print(f"    page weight (rendered folder {out.name}/):")
    for page in sorted(out.glob("*/html/*.html")):
        print(f"      {page.relative_to(out)}: {page.stat().st_size / kb:,.0f} KB")
    for asset in sorted((out / "assets").glob("*")):
        print(f"      shared once: {asset.relative_to(out)}: {asset.stat().st_size / kb:,.0f} KB")
    for report in sorted(p for p in out.iterdir() if (p / "html").is_dir()):
        print(f"      {report.name}/: pages {folder_bytes(report / 'html') / kb:,.0f} KB, executed notebooks "
              f"{folder_bytes(report / 'notebooks') / kb:,.0f} KB, figures {folder_bytes(report / 'figures') / kb:,.0f} KB, "
              f"all {folder_bytes(report) / kb:,.0f} KB")
    print(f"      the whole folder: {folder_bytes(out) / kb / kb:,.1f} MB")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=PROJECT_ROOT / "data" / "corpus", help="folder of reports (default: data/corpus)")
    ap.add_argument("--limit", type=int, default=0, help="only the first N corpus reports (0: all)")
    ap.add_argument("--sample-only", action="store_true", help="measure (a) and (b) only")
    ap.add_argument("--weight-only", nargs="*", type=Path, metavar="REPORT",
                    help="only the page weight of one render of these reports (default: the sample); no timing")
    args = ap.parse_args()
    if not args.sample_only and not args.corpus.is_dir():
        print(f"{args.corpus}: no such folder (give a folder of reports with --corpus, or --sample-only)", file=sys.stderr)
        return 2
    logging.getLogger("papermill").setLevel(logging.WARNING)
    os.environ["TQDM_DISABLE"] = "1"
    if args.weight_only is not None:
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "weight"
            render([str(r) for r in args.weight_only or [SAMPLE_REPORT]], out, jobs=2)
            page_weight(out)
        return 0
    n = len(pipeline_notebooks())
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        a = statistics.median(floor(n, work) for _ in range(3))
        print(f"(a) floor: papermill, {n} trivial notebooks in a row: {a:.1f} s")

        shutil.rmtree(CACHE_DIR, ignore_errors=True)
        b_cold = timed_render([SAMPLE_REPORT], work / "b_cold", jobs=1)
        warm_runs = [timed_render([SAMPLE_REPORT], work / f"b_warm{i}", jobs=1) for i in range(3)]
        b_warm = statistics.median(warm_runs)
        print(f"(b) full render of the sample: {b_cold:.1f} s cold cache, {b_warm:.1f} s warm "
              f"= {b_cold / a:.2f} x / {b_warm / a:.2f} x the floor (goal: warm <= 2.5)")
        last = work / f"b_warm{warm_runs.index(b_warm)}" / SAMPLE_REPORT.stem / "notebooks"
        cells, notebooks = breakdown(last)
        print(f"    where the warm time goes: notebook cells {cells:.1f} s, kernel and papermill {notebooks - cells:.1f} s, "
              f"around the notebooks (pages, font, record, index) {b_warm - notebooks:.1f} s")
        for name, (nb_total, nb_cells, top) in per_notebook(last).items():
            print(f"      {name}: {nb_total:.2f} s, cells {nb_cells:.2f} s; slowest cell {top[0]:.2f} s: {top[1]}")
        page_weight(last.parent.parent)

        if args.sample_only:
            return 0
        reports = sorted(args.corpus.glob("*.txt"))
        if args.limit:
            reports = reports[: args.limit]
        if not reports:
            print(f"(c) skipped: no reports in {args.corpus}")
            return 0
        shutil.rmtree(CACHE_DIR, ignore_errors=True)
        singles = []
        for r in reports:
            singles.append(timed_render([r], work / "c_single", jobs=1))
        shutil.rmtree(CACHE_DIR, ignore_errors=True)
        c = timed_render(reports, work / "c_batch", jobs=2)
        ideal = sum(singles) / 2
        print(f"(c) {len(reports)} reports with --jobs 2: {c:.1f} s; single renders sum to {sum(singles):.1f} s, / 2 = {ideal:.1f} s "
              f"-> {c / ideal:.2f} x (goal <= 1.3)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
