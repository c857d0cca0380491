"""Batch rendering: run every notebook on each report with papermill and export HTML.

``python -m helpers render REPORT... -o DIR [--jobs N]`` writes, for each report, ``DIR/<report>/``:

* ``html/`` — one page per notebook for readers (no code cells);
* ``notebooks/`` — the executed notebooks, with their code (open them in JupyterLab);
* the tables (CSV, Excel) and ``figures/`` (PNG, SVG) that the notebooks write (:mod:`helpers.outputs`);

and ``DIR/index.html`` (:mod:`helpers.index_page`). Reports run in parallel; one bad report does not
stop the others, and the summary lists each failure with its one-line reason.

The report is read and prepared once, here, before the kernel starts; the notebooks then get the
prepared report (and its segmentation) from the cache (:mod:`helpers.cache`). A report's notebooks
share one kernel, with a fresh namespace for each notebook.
"""
from __future__ import annotations

import logging
import multiprocessing
import os
import sys
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor, as_completed
from pathlib import Path

from .errors import ReportError
from .index_page import RenderResult, embed_cjk_font, keyword_trends, write_index
from .outputs import HTML_DIR, NOTEBOOK_DIR, PAGES
from .paths import NOTEBOOKS_DIR, report_name, resolve_path
from .prepare import prepare_report
from .segment import report_tokens


def pipeline_notebooks(folder: Path = NOTEBOOKS_DIR) -> list[Path]:
    """The pipeline notebooks (:data:`helpers.outputs.PAGES`) in order."""
    return [folder / f"{stem}.ipynb" for stem in PAGES]


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
    """Segment the prepared report, so the keyword and theme notebooks find it in the cache.

    Errors are left to the notebooks, which report them in context.
    """
    try:
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
        path = resolve_path(report_path).resolve()
        prepare_report(path)  # read once, fail fast with one clear line, and leave it in the cache
        for sub in (NOTEBOOK_DIR, HTML_DIR):
            (out / sub).mkdir(parents=True, exist_ok=True)
        # While the kernel starts and imports, segment the report in this process: the parent only
        # waits for the kernel otherwise.
        warming = ThreadPoolExecutor(max_workers=1)
        warm = warming.submit(warm_caches, path)
        readers = HTMLExporter(exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True)
        _register_engine()
        km = AsyncKernelManager(kernel_name="python3")
        try:
            for nb in pipeline_notebooks():
                executed = out / NOTEBOOK_DIR / nb.name
                pm.execute_notebook(
                    str(nb), str(executed),
                    parameters={"report_path": str(path), "output_dir": str(out)},
                    progress_bar=False, cwd=str(NOTEBOOKS_DIR), kernel_name="python3", engine_name=ENGINE, km=km,
                    request_save_on_cell_execute=False,  # written once at the end, not after every cell
                )
                body, _ = readers.from_filename(str(executed))
                page = out / HTML_DIR / f"{nb.stem}.html"
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
