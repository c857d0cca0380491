"""Batch rendering: run every notebook on each report with papermill and export HTML.

``python -m helpers render REPORT... -o DIR [--jobs N]`` writes, for each report, ``DIR/<report>/``:

* ``html/`` — one page per notebook for readers (no code cells);
* ``notebooks/`` — the executed notebooks, with their code (open them in JupyterLab);
* the tables (CSV, Excel) and ``figures/`` (PNG, SVG) that the notebooks write;

and ``DIR/index.html`` linking every report with its key figures (plus, for two or more reports, a
figure of keyword trends across them). Reports run in parallel; one bad report does not stop the
others, and the summary lists each failure with its one-line reason.

The expensive steps (cleaning, structure, segmentation) are cached per report text (``.cache/``), so
each notebook after the first starts from the cache instead of recomputing them; a report's notebooks
share one kernel, with a fresh namespace for each notebook.
"""
from __future__ import annotations

import argparse
import hashlib
import html
import logging
import multiprocessing
import os
import shutil
import sys
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from .cli import stage
from .errors import ReportError
from .load import load_report, report_name
from .paths import NOTEBOOKS_DIR, resolve_input
from .pipeline import CACHE_DIR

#: Figures shown on the index page for each report, in order, if the notebooks wrote them.
KEY_FIGURES = ["top_keywords", "theme_shares", "indicator_pairs", "targets"]
PAGE_TITLES = {
    "01_clean_and_structure": "清洗与结构 Cleaning & structure",
    "02_indicators": "量化指标 Indicators",
    "03_keywords": "关键词 Keywords",
    "04_themes": "主题 Themes",
}


@dataclass
class RenderResult:
    """What rendering one report produced, or why it failed."""

    report: str
    name: str
    output_dir: Path
    pages: list[Path] = field(default_factory=list)
    error: str = ""


def pipeline_notebooks(folder: Path = NOTEBOOKS_DIR) -> list[Path]:
    """The numbered pipeline notebooks (``01_…``, ``02_…``) in order."""
    return sorted(folder.glob("[0-9][0-9]_*.ipynb"))


def _one_line(exc: BaseException) -> str:
    """The last informative line of an error (papermill errors carry a whole traceback)."""
    lines = [line.strip() for line in str(exc).strip().splitlines() if line.strip() and not set(line.strip()) <= set("-")]
    return lines[-1][:300] if lines else type(exc).__name__


ENGINE = "gwr-shared-kernel"
#: Run before each notebook in the shared kernel: a fresh namespace, no open figures, counts from 1.
RESET_CODE = (
    "get_ipython().run_line_magic('reset', '-f')\n"
    "import matplotlib.pyplot as _plt; _plt.close('all'); del _plt\n"
    "get_ipython().execution_count = 1"
)


def _register_engine() -> None:
    """A papermill engine that runs a report's notebooks one after another in one kernel.

    Starting a kernel and importing pandas, matplotlib and the helpers costs more than most
    notebooks' own work, so each report gets one kernel; before each notebook its namespace is
    reset (``%reset -f``), so no notebook sees another's variables (only imported modules and their
    caches are shared, as within one notebook).
    """
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines
    from papermill.utils import merge_kwargs, remove_args

    if ENGINE in papermill_engines._engines:
        return

    class FreshNamespaceClient(PapermillNotebookClient):
        def papermill_execute_cells(self) -> None:
            self.wait_for_reply(self.kc.execute(RESET_CODE, silent=True, store_history=False))
            super().papermill_execute_cells()

    class SharedKernelEngine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False, stdout_file=None, stderr_file=None,
                                     start_timeout=60, execution_timeout=None, **kwargs):
            kwargs = remove_args(["input_path", "timeout", "startup_timeout"], **kwargs)
            final = merge_kwargs(kwargs, timeout=execution_timeout, startup_timeout=start_timeout, kernel_name=kernel_name,
                                 log_output=log_output, stdout_file=stdout_file, stderr_file=stderr_file)
            return FreshNamespaceClient(nb_man, **final).execute()

    papermill_engines.register(ENGINE, SharedKernelEngine)


def warm_caches(report_path: str | Path) -> None:
    """Compute and cache what the notebooks share: the prepared report and its segmentation.

    Errors are left to the notebooks, which report them in context.
    """
    try:
        from .keywords import report_tokens
        from .pipeline import prepare_report

        report_tokens(prepare_report(report_path).structure)
    except Exception:  # noqa: BLE001 - a cache miss only costs time
        pass


def render_report(report_path: str | Path, output_dir: str | Path) -> RenderResult:
    """Run every pipeline notebook on one report (in one kernel) and export each to HTML."""
    import papermill as pm
    from jupyter_client.manager import AsyncKernelManager
    from jupyter_core.utils import run_sync
    from nbconvert import HTMLExporter

    logging.getLogger("papermill").setLevel(logging.WARNING)
    logging.getLogger("traitlets").setLevel(logging.ERROR)
    os.environ["GWR_STATIC"] = "1"  # kernels inherit it: explorers render as tables in HTML
    name = report_name(report_path)
    out = Path(output_dir).resolve() / name
    result = RenderResult(report=str(report_path), name=name, output_dir=out)
    try:
        load_report(report_path)  # fail fast, with one clear line, before starting kernels
        for sub in ("notebooks", "html"):
            (out / sub).mkdir(parents=True, exist_ok=True)
        # While the kernel starts and imports, fill the caches the notebooks read (cleaned text,
        # structure, segmentation) in this process: the parent only waits for the kernel otherwise.
        warming = ThreadPoolExecutor(max_workers=1)
        warm = warming.submit(warm_caches, report_path)
        readers = HTMLExporter(exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True)
        _register_engine()
        km = AsyncKernelManager(kernel_name="python3")
        try:
            for nb in pipeline_notebooks():
                executed = out / "notebooks" / nb.name
                pm.execute_notebook(
                    str(nb), str(executed),
                    parameters={"report_path": str(resolve_input(report_path).resolve()), "output_dir": str(out)},
                    progress_bar=False, cwd=str(NOTEBOOKS_DIR), kernel_name="python3", engine_name=ENGINE, km=km,
                    request_save_on_cell_execute=False,  # written once at the end, not after every cell
                )
                body, _ = readers.from_filename(str(executed))
                page = out / "html" / f"{nb.stem}.html"
                page.write_text(body, encoding="utf-8")
                result.pages.append(page)
        finally:
            if km.has_kernel:
                run_sync(km.shutdown_kernel)(now=True)
            warm.cancel()
            warming.shutdown(wait=True)
    except ReportError as exc:
        result.error = str(exc)
    except Exception as exc:  # one bad report must not stop the batch
        result.error = f"{report_path}: {_one_line(exc)}"
    return result


def keyword_trends(results: list[RenderResult], output_dir: Path, n_terms: int = 6) -> Path | None:
    """For two or more rendered reports, a figure of the top terms' frequency (per 10,000 characters)."""
    import pandas as pd

    from .figures import plot_keyword_trends, save_figure

    ok = [r for r in results if not r.error and (r.output_dir / "keywords.csv").is_file()]
    if len(ok) < 2:
        return None
    rates = {}
    for r in sorted(ok, key=lambda r: r.name):
        kw = pd.read_csv(r.output_dir / "keywords.csv", keep_default_na=False)
        chars = len((r.output_dir / "cleaned.txt").read_text(encoding="utf-8"))
        rates[r.name] = kw.set_index("term")["count"] * 10000 / max(1, chars)
    table = pd.DataFrame(rates).T.fillna(0.0)
    top = table.mean().sort_values(ascending=False, kind="mergesort").head(n_terms).index
    fig = plot_keyword_trends(table[top], title="高频关键词在各报告中的变化", source="、".join(table.index[:4]) + ("等" if len(table) > 4 else ""))
    table[top].round(3).to_csv(output_dir / "keyword_trends.csv", encoding="utf-8")
    return save_figure(fig, output_dir / "figures", "keyword_trends")[0]


def write_index(results: list[RenderResult], output_dir: Path, trends: Path | None = None) -> Path:
    """Write ``index.html``: every report with links to its pages and its key figures."""
    esc = html.escape
    blocks = []
    for r in sorted(results, key=lambda r: r.name):
        if r.error:
            blocks.append(f"<section class='failed'><h2>{esc(r.name)}</h2><p>渲染失败 failed: {esc(r.error)}</p></section>")
            continue
        links = " · ".join(
            f"<a href='{esc(p.relative_to(output_dir).as_posix())}'>{esc(PAGE_TITLES.get(p.stem, p.stem))}</a>" for p in r.pages
        )
        figs = "".join(
            f"<a href='{esc(f.relative_to(output_dir).as_posix())}'><img src='{esc(f.relative_to(output_dir).as_posix())}' alt='{esc(f.stem)}'></a>"
            for f in (r.output_dir / "figures" / f"{k}.png" for k in KEY_FIGURES) if f.is_file()
        )
        blocks.append(f"<section><h2>{esc(r.name)}</h2><p>{links}</p><div class='figs'>{figs}</div></section>")
    trend_html = ""
    if trends is not None:
        rel = trends.relative_to(output_dir).as_posix()
        trend_html = f"<section><h2>跨报告 Across reports</h2><img class='wide' src='{esc(rel)}' alt='keyword trends'></section>"
    index = output_dir / "index.html"
    index.write_text(
        "<!doctype html>\n<html lang='zh-CN'><head><meta charset='utf-8'><title>政府工作报告分析 · gwr-workbook</title>"
        "<style>body{font-family:'Noto Sans CJK SC','Noto Sans CJK TC',sans-serif;margin:2em;max-width:1200px}"
        ".figs img{height:220px;margin:4px;border:1px solid #ddd}.wide{max-width:100%}.failed{color:#a00}</style></head>"
        "<body><h1>政府工作报告分析 · gwr-workbook</h1>"
        f"<p>{sum(not r.error for r in results)} / {len(results)} 份报告 reports rendered.</p>"
        + trend_html + "\n".join(blocks) + "</body></html>\n",
        encoding="utf-8",
    )
    return index


FONT_MARKER = "<!-- gwr-cjk-font -->"


def subset_cjk_font(chars: set[str]) -> tuple[Path, frozenset[int]]:
    """A subset of the CJK font with the non-ASCII ``chars`` (cached per character set); returns its path and code points."""
    from fontTools import subset

    from .figures import find_cjk_font

    codepoints = sorted(ord(c) for c in chars if ord(c) > 0x7F)
    source = find_cjk_font()
    key = hashlib.sha256(f"{source}:{source.stat().st_size}:{codepoints}".encode()).hexdigest()[:24]
    cached = CACHE_DIR / "fonts" / f"{key}.otf"
    if not cached.is_file():  # subsetting a 16 MB font takes a second or two: once per character set
        options = subset.Options()
        options.layout_features, options.name_IDs, options.notdef_outline = ["*"], ["*"], True
        font = subset.load_font(str(source), options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=codepoints)
        subsetter.subset(font)
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(f".{os.getpid()}.tmp")
        subset.save_font(font, str(tmp), options)
        tmp.replace(cached)
    return cached, frozenset(codepoints)


def embed_cjk_font(output_dir: Path) -> Path:
    """Make the HTML pages show Chinese on any machine: a subset of the CJK font, linked from each page.

    The subset (only the characters the pages use, via fontTools) is written to
    ``assets/gwr-cjk.otf`` and every page gets an ``@font-face`` rule pointing to it, so pages render
    without tofu even where no Chinese font is installed. The font is SIL OFL, so it may be shared.
    """
    pages = sorted(output_dir.rglob("*.html"))
    chars = set().union(*(set(p.read_text(encoding="utf-8")) for p in pages)) if pages else set()
    font, _ = subset_cjk_font(chars)
    asset = output_dir / "assets" / "gwr-cjk.otf"
    asset.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(font, asset)
    for page in pages:
        text = page.read_text(encoding="utf-8")
        if FONT_MARKER in text:
            continue
        rel = os.path.relpath(asset, page.parent).replace(os.sep, "/")
        style = (
            f"{FONT_MARKER}<style>@font-face{{font-family:'GWR CJK';src:url('{rel}') format('opentype');}}"
            "body,table,h1,h2,h3,p,li,td,th,.jp-RenderedHTMLCommon{font-family:'GWR CJK',sans-serif !important;}"
            "code,pre,kbd,samp{font-family:'DejaVu Sans Mono','GWR CJK',monospace !important;}</style>"
        )
        page.write_text(text.replace("</head>", style + "</head>", 1), encoding="utf-8")
    return asset


def render(reports: list[str | Path], output_dir: str | Path, jobs: int | None = None) -> list[RenderResult]:
    """Render ``reports`` into ``output_dir``, ``jobs`` at a time (default: the number of cores)."""
    from tqdm import tqdm

    out = Path(output_dir).resolve()
    out.mkdir(parents=True, exist_ok=True)
    results: list[RenderResult] = []
    seen: dict[str, str] = {}
    for r in list(reports):  # two reports with one name would write into the same folder
        name = report_name(r)
        if name in seen:
            results.append(RenderResult(str(r), name, out / name, error=f"{r}: has the same name as {seen[name]}; rename one of them"))
            reports = [x for x in reports if x is not r]
        else:
            seen[name] = str(r)
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(reports) or 1))
    with tqdm(total=len(reports), desc="reports", unit="report", file=sys.stderr, disable=None) as bar:
        if jobs == 1:
            for r in reports:
                results.append(render_report(r, out))
                bar.update()
        else:
            # spawn, not fork: a parent that has already run kernels (zmq, asyncio) must not be copied
            with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn")) as pool:
                futures = [pool.submit(render_report, r, out) for r in reports]
                for f in as_completed(futures):
                    results.append(f.result())
                    bar.update()
    results.sort(key=lambda r: r.name)
    trends = keyword_trends(results, out)
    write_index(results, out, trends)
    embed_cjk_font(out)
    return results


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
