"""Render benchmark: how close is a full render to the cost of just running notebooks?

Prints, in one run on this machine (with the load average beside the figures: timings on a shared
machine are only as good as its load):

(i) the goal of issue 20: a warm render of the sample, as a user runs it — the whole process
    ``python -m helpers render data/raw/wuxi_2021.txt -o DIR`` — against ONE bare papermill run of one
    trivial notebook, also a whole process (``papermill trivial.ipynb out.ipynb -p …``); ``--runs`` runs
    of each (5), alternating, after one untimed run of each (so the cache is warm), medians. Goal:
    <= 2.5 x. Beside it the CPU seconds of both (every process, the kernels included: the work done,
    which the load disturbs less than the wall time), and where the render's wall time goes, from
    papermill's own timings in the executed notebooks;
(a) the project's earlier floor: papermill executing as many trivial notebooks as the render uses, one
    after another in one process (median of three runs);
(b) a full render of the sample in this process: once with an empty cache, then the median of three warm
    runs, against (a) — the project's earlier figure, kept for comparison;
(c) a render of every report in data/corpus with --jobs 2, against the sum of the single-report
    render times divided by 2 (perfect use of two cores);
(d) with --batch [N]: the batch figure of issue 20 alone, as a user runs it — the whole process
    ``python -m helpers render R1 … RN -o DIR --jobs 2`` on the first N reports of data/corpus (8; 0 or
    --batch all: all 34), once untimed (the cache is warm from there on) and then timed, in seconds per report.

It also prints the weight of what a render writes (issue 23): each reader page of the sample, the assets its
output folder shares once (font, DataTables code, style sheet), and the whole folder; with --weight-only, that
alone (one render, no timing).

Goals: (i) <= 2.5 (issue 20); (c) <= 1.3 x (sum of singles / 2). Figures only: nothing here asserts a time.
Usage:

    .venv/bin/python benchmarks/render_benchmark.py [--runs N] [--corpus DIR] [--limit N] [--sample-only] [--issue-only] [--batch [N|all]] [--weight-only [REPORT ...]]
"""
from __future__ import annotations

import argparse
import logging
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from helpers.paths import PROJECT_ROOT, SAMPLE_REPORT  # noqa: E402
from helpers.paths import CACHE_DIR  # noqa: E402
from helpers.render import pipeline_notebooks, render  # noqa: E402

#: The goal of issue 20: a warm render of the sample within this many bare papermill runs of one trivial notebook.
GOAL = 2.5


def trivial_notebook(path: Path) -> None:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    params = nbformat.v4.new_code_cell("report_path = ''\noutput_dir = ''")
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params, nbformat.v4.new_code_cell("x = 1")]
    nbformat.write(nb, path)


def load() -> str:
    """The machine's load averages (1, 5, 15 minutes) and its number of cores."""
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


def timed_process(cmd: list[str]) -> tuple[float, float]:
    """Run ``cmd`` as a whole process from the project folder; its wall time and the CPU seconds of all its processes.

    The CPU time counts every process the command waited for (a render's kernel, papermill's kernel).
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=PROJECT_ROOT, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{proc.stdout}{proc.stderr}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def issue_ratio(work: Path, runs: int) -> Path:
    """(i): whole-process warm render of the sample against one bare papermill run, alternating; returns the last render."""
    nb = work / "trivial.ipynb"
    trivial_notebook(nb)
    papermill = [str(Path(sys.executable).with_name("papermill")), str(nb), str(work / "trivial_out.ipynb"),
                 "-p", "report_path", "x", "-p", "output_dir", "y"]
    sample = SAMPLE_REPORT.relative_to(PROJECT_ROOT).as_posix()

    def render_cmd(i: int) -> list[str]:
        return [sys.executable, "-m", "helpers", "render", sample, "-o", str(work / f"i_render{i}")]

    print(f"(i) issue 20: {load()}")
    timed_process(papermill)  # untimed: the kernel spec and files read once
    timed_process(render_cmd(0))  # untimed: the cache is warm from here on
    p_runs, r_runs = [], []
    for i in range(1, runs + 1):
        p_runs.append(timed_process(papermill))
        r_runs.append(timed_process(render_cmd(i)))
    p_wall, r_wall = statistics.median(w for w, _ in p_runs), statistics.median(w for w, _ in r_runs)
    p_cpu, r_cpu = statistics.median(c for _, c in p_runs), statistics.median(c for _, c in r_runs)
    print(f"    warm render of the sample, whole process: {r_wall:.2f} s (runs {', '.join(f'{w:.2f}' for w, _ in r_runs)})")
    print(f"    one bare papermill run of one trivial notebook, whole process: {p_wall:.2f} s "
          f"(runs {', '.join(f'{w:.2f}' for w, _ in p_runs)})")
    print(f"    ratio, medians of {runs} alternating runs: {r_wall / p_wall:.2f} x (goal: <= {GOAL})")
    print(f"    CPU seconds, every process: render {r_cpu:.2f} s, papermill {p_cpu:.2f} s -> {r_cpu / p_cpu:.2f} x")
    print(f"    {load()} (after)")
    last = work / f"i_render{runs}" / SAMPLE_REPORT.stem / "notebooks"
    cells, notebooks = breakdown(last)
    span = notebooks_span(last)
    print(f"    where the last render's time goes: notebook cells {cells:.1f} s, kernel and papermill {notebooks - cells:.1f} s "
          f"(summed over the notebooks; in two kernels side by side they overlap), the notebooks span {span:.1f} s; "
          f"outside them (start, imports, waiting for the kernels' preload, last page, font, record, index) "
          f"{r_runs[-1][0] - span:.1f} s")
    for name, (nb_total, nb_cells, top) in per_notebook(last).items():
        print(f"      {name}: {nb_total:.2f} s, cells {nb_cells:.2f} s; slowest cell {top[0]:.2f} s: {top[1]}")
    return last


def batch_per_report(work: Path, corpus: Path, n: int, jobs: int = 2) -> float:
    """(d): the whole process ``python -m helpers render`` of the first ``n`` reports of ``corpus`` (0: all) with
    ``--jobs``, warm cache (one untimed run first); prints and returns the seconds per report."""
    reports = sorted(corpus.glob("*.txt"))
    reports = reports[:n] if n else reports
    if not reports:
        print(f"(d) skipped: no reports in {corpus}")
        return 0.0
    names = [r.relative_to(PROJECT_ROOT).as_posix() if r.is_relative_to(PROJECT_ROOT) else str(r) for r in reports]

    def cmd(i: int) -> list[str]:
        return [sys.executable, "-m", "helpers", "render", *names, "-o", str(work / f"d_batch{i}"), "--jobs", str(jobs)]

    print(f"(d) batch: {len(reports)} reports of {corpus.name}/ with --jobs {jobs}, whole process: {load()}")
    first, _ = timed_process(cmd(0))  # untimed for the figure: it fills the cache when it is cold
    wall, cpu = timed_process(cmd(1))
    print(f"    first run {first:.1f} s ({first / len(reports):.2f} s per report); warm run {wall:.1f} s: "
          f"{wall / len(reports):.2f} s per report (CPU seconds, every process: {cpu / len(reports):.2f} per report)")
    print(f"    {load()} (after)")
    return wall / len(reports)


def floor(n: int, work: Path) -> float:
    import papermill as pm

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


def notebooks_span(folder: Path) -> float:
    """Seconds from the start of the first notebook to the end of the last (papermill's timestamps)."""
    from datetime import datetime

    times = [nbformat.read(path, as_version=4).metadata.papermill for path in folder.glob("*.ipynb")]
    if not times:
        return 0.0
    start = min(datetime.fromisoformat(t["start_time"]) for t in times)
    return (max(datetime.fromisoformat(t["end_time"]) for t in times) - start).total_seconds()


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
    ap.add_argument("--runs", type=int, default=5, help="timed runs of each command in (i) (default 5)")
    ap.add_argument("--corpus", type=Path, default=PROJECT_ROOT / "data" / "corpus", help="folder of reports (default: data/corpus)")
    ap.add_argument("--limit", type=int, default=0, help="only the first N corpus reports (0: all)")
    ap.add_argument("--sample-only", action="store_true", help="measure (i), (a) and (b) only")
    ap.add_argument("--issue-only", action="store_true", help="measure (i) only")
    ap.add_argument("--batch", nargs="?", const="8", default=None, metavar="N",
                    help="measure (d) only: seconds per report of one --jobs 2 render of the first N corpus reports "
                         "(default 8; 'all' or 0: every report)")
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
    if args.batch is not None:
        count = 0 if args.batch.lower() == "all" else int(args.batch)
        with tempfile.TemporaryDirectory() as tmp:
            batch_per_report(Path(tmp), args.corpus, count)
        return 0
    n = len(pipeline_notebooks())
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        issue_ratio(work, max(1, args.runs))
        if args.issue_only:
            return 0

        print(f"the project's earlier figures: {load()}")
        a = statistics.median(floor(n, work) for _ in range(3))
        print(f"(a) floor: papermill, {n} trivial notebooks in a row in one process: {a:.1f} s")

        shutil.rmtree(CACHE_DIR, ignore_errors=True)
        b_cold = timed_render([SAMPLE_REPORT], work / "b_cold", jobs=1)
        warm_runs = [timed_render([SAMPLE_REPORT], work / f"b_warm{i}", jobs=1) for i in range(3)]
        b_warm = statistics.median(warm_runs)
        print(f"(b) full render of the sample in this process: {b_cold:.1f} s cold cache, {b_warm:.1f} s warm "
              f"= {b_cold / a:.2f} x / {b_warm / a:.2f} x (a)")
        last = work / f"b_warm{warm_runs.index(b_warm)}" / SAMPLE_REPORT.stem / "notebooks"
        cells, notebooks = breakdown(last)
        print(f"    where the warm time goes: notebook cells {cells:.1f} s, kernel and papermill {notebooks - cells:.1f} s "
              f"(summed), around the notebooks (pages, font, record, index) {b_warm - notebooks_span(last):.1f} s")
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
        print(f"(c) {len(reports)} reports with --jobs 2: {c:.1f} s ({c / len(reports):.2f} s per report); single renders "
              f"sum to {sum(singles):.1f} s, / 2 = {ideal:.1f} s -> {c / ideal:.2f} x (goal <= 1.3)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
