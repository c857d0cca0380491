"""Batch rendering: run every notebook on each report with papermill and export HTML.

``python -m helpers render REPORT... -o DIR [--jobs N]`` writes, for each report, ``DIR/<report>/``:

* ``html/`` — one page per notebook for readers (no code cells), fully offline (:mod:`helpers.pages`);
* ``notebooks/`` — the executed notebooks, with their code (open them in JupyterLab);
* the tables (CSV, Excel) and ``figures/`` (PNG, SVG) that the notebooks write (:mod:`helpers.outputs`);
* ``render.json`` — the record of the render (complete or failed, summary numbers);

and ``DIR/index.html`` (:mod:`helpers.index_page`), made from every report folder in ``DIR``, so a second
render into the same folder adds to the index instead of replacing it.

**Never a mix.** A report is rendered into a temporary folder beside its final one
(``DIR/.rendering-<report>.<pid>``) and swapped in whole with one atomic rename only when every page,
table and figure is written. A render that is killed leaves the earlier complete folder untouched (and a
temporary folder that the next render removes); a report that fails keeps its earlier complete folder,
and the index says that the last attempt failed.

Reports run in parallel; one bad report does not stop the others, and the summary lists each failure
with its one-line reason. The report is read and prepared once, here, before the kernel starts; the
notebooks then get the prepared report (and its segmentation) from the cache (:mod:`helpers.cache`).
A process keeps its kernels for all the reports it renders (:class:`Kernel`), with a fresh namespace for
each notebook and a fresh start for each report; where cores are left over (one report on two cores),
a report's notebooks run in two kernels side by side (:func:`kernels_per_report`). ``python -m helpers render``
starts those kernels before it imports the command line (:func:`start_early`).
"""
from __future__ import annotations

import ctypes
import logging
import multiprocessing
import multiprocessing.util
import os
import shutil
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor, as_completed
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import NotebookError, ReportError
from .outputs import CORPUS_DIR, HTML_DIR, NOTEBOOK_DIR, PAGES
from .paths import NOTEBOOKS_DIR, report_name, resolve_path

if TYPE_CHECKING:
    from .pages import RenderResult

# The pages, the index, the corpus page and the analyses are imported where they are used, not here: so
# ``python -m helpers render`` can start its kernels (:func:`start_early`) before it imports them.

#: Temporary folders beside the final ones: a report being rendered, and a replaced one being removed.
RENDERING, REPLACED = ".rendering-", ".replaced-"


def pipeline_notebooks(folder: Path = NOTEBOOKS_DIR) -> list[Path]:
    """The pipeline notebooks (:data:`helpers.outputs.PAGES`) in order."""
    return [folder / f"{stem}.ipynb" for stem in PAGES]


def _one_line(exc: BaseException) -> str:
    """The last informative line of an error (papermill errors carry a whole traceback): ``Error: message``."""
    if getattr(exc, "ename", None):  # a cell raised: papermill keeps the exception's name and message
        evalue = " ".join(str(getattr(exc, "evalue", "")).split())[:300]
        return f"{exc.ename}: {evalue}" if evalue else str(exc.ename)
    lines = [line.strip() for line in str(exc).strip().splitlines() if line.strip() and not set(line.strip()) <= set("-")]
    return lines[-1][:300] if lines else type(exc).__name__


ENGINE = "gwr-shared-kernel"
#: Run before each notebook in the shared kernel: a fresh namespace, no open figures, counts from 1.
RESET_CODE = (
    "get_ipython().run_line_magic('reset', '-f')\n"
    "import matplotlib.pyplot as _plt; _plt.close('all'); del _plt\n"
    "get_ipython().execution_count = 1"
)


#: Sent to a report's kernel the moment it starts, while this process still imports papermill and nbconvert:
#: what every notebook imports (pandas, matplotlib and the CJK font, jieba's dictionaries), so the notebooks
#: find it loaded. Then ``gc.freeze()``: the collector stops walking these long-lived objects, which makes
#: the namespace reset before each notebook (two full collections) cheap. A failure here is silent: the
#: notebook that imports the module reports it, in context.
PRELOAD_CODE = """\
import gc
import sys
try:
    if "jieba" not in sys.modules and "pkg_resources" not in sys.modules:  # see _import_jieba
        sys.modules["pkg_resources"] = None
        try:
            import jieba._compat
        finally:
            del sys.modules["pkg_resources"]
    import matplotlib.pyplot
    import helpers.explore, helpers.figures, helpers.indicators, helpers.keywords, helpers.outputs, helpers.params
    import helpers.prose, helpers.segment, helpers.themes
    helpers.figures.setup_fonts()
    helpers.segment.jieba_tags()
finally:
    gc.freeze()
"""
#: The line of :data:`PRELOAD_CODE` that reads jieba's tag dictionary (0.2 s): only the keyword notebook needs it, so
#: the kernel that runs the first notebooks beside a second kernel (:func:`lanes`: 01–02) leaves it out.
JIEBA_TAGS_LINE = "    helpers.segment.jieba_tags()\n"
#: Run before the first notebook of each report: as a new kernel would be, pandas' display options too (a
#: notebook's ``pd.set_option`` holds for the notebooks after it in the same report, never for the next report).
REPORT_RESET_CODE = RESET_CODE + "\nimport pandas as _pd; _pd.reset_option('display'); del _pd"
#: The kernel's arguments as nbclient would give them (no history file).
KERNEL_ARGS = ["--HistoryManager.hist_file=:memory:"]
#: The environment a render's kernels get on top of this process's: explorers render as tables (no widgets,
#: which a rendered page cannot run). Given to every kernel when it starts, so also to kernels started before
#: :func:`render_report` sets it in this process (:func:`start_early`).
STATIC_ENV = {"GWR_STATIC": "1"}


def start_kernel(km, preload: str = PRELOAD_CODE):
    """Start the kernel of ``km`` in the notebooks' folder and send it ``preload`` (:data:`PRELOAD_CODE`) without waiting.

    Returns the (blocking) client that sent it, shell channel only, and the request's id.
    """
    from jupyter_core.utils import run_sync

    run_sync(km.start_kernel)(cwd=str(NOTEBOOKS_DIR), extra_arguments=KERNEL_ARGS, env={**os.environ, **STATIC_ENV})
    kc = km.blocking_client()
    kc.start_channels(shell=True, iopub=False, stdin=False, hb=False, control=False)
    return kc, kc.execute(preload, silent=True, store_history=False)


class Kernel:
    """A started and preloaded kernel on private IPC sockets, kept by its process from one report to the next.

    Starting a kernel and loading pandas, matplotlib and jieba costs about as much as a short report's
    notebooks, so a process that renders several reports (``--jobs 1``, or each worker of a batch) starts
    one kernel and reuses it; every report starts as in a new kernel (:data:`REPORT_RESET_CODE`). A report
    that fails closes the kernel, so the next one gets a new kernel.
    """

    def __init__(self, preload: str = PRELOAD_CODE) -> None:
        from jupyter_client.manager import AsyncKernelManager

        # IPC sockets in a private folder: no network port, and no "running over TCP" warning from the kernel
        self.ipc = tempfile.mkdtemp(prefix="gwr-kernel-")
        self.km = AsyncKernelManager(kernel_name="python3", transport="ipc", ip=os.path.join(self.ipc, "kernel"))
        self.preloader = None
        try:
            self.preloader, self.preload_id = start_kernel(self.km, preload)
        except BaseException:
            self.close()
            raise

    def alive(self) -> bool:
        from jupyter_core.utils import run_sync

        return self.km.has_kernel and run_sync(self.km.is_alive)()

    def wait_preloaded(self) -> None:
        """Wait until the kernel has run :data:`PRELOAD_CODE` (or has died: the notebook then says so).

        Without a time limit: on a busy machine the preload may take longer than papermill's wait for a
        kernel to start, which then only waits for the kernel's reply.
        """
        from queue import Empty

        while self.preloader is not None:
            try:
                msg = self.preloader.get_shell_msg(timeout=1)
            except Empty:
                if not self.alive():
                    break
                continue
            if msg.get("parent_header", {}).get("msg_id") == self.preload_id:
                break
        if self.preloader is not None:
            self.preloader.stop_channels()
            self.preloader = None

    def close(self) -> None:
        from jupyter_core.utils import run_sync

        if self.preloader is not None:
            self.preloader.stop_channels()
            self.preloader = None
        if self.km.has_kernel:
            run_sync(self.km.shutdown_kernel)(now=True)
        shutil.rmtree(self.ipc, ignore_errors=True)


_KERNELS: list[Kernel] = []


def process_kernels(n: int) -> list[Kernel]:
    """``n`` kernels of this process: those kept from its last report that are still alive, and new ones.

    New kernels start (and preload) side by side; this returns without waiting for them.
    """
    if any(not k.alive() for k in _KERNELS):
        close_kernels()
    if not _KERNELS:
        # closed at the latest when the process ends (a batch's worker processes end without atexit)
        multiprocessing.util.Finalize(None, close_kernels, exitpriority=10)
    while len(_KERNELS) < n:  # with two lanes the first kernel runs 01–02, which do not read jieba's tags
        _KERNELS.append(Kernel(PRELOAD_CODE.replace(JIEBA_TAGS_LINE, "") if n > 1 and not _KERNELS else PRELOAD_CODE))
    return _KERNELS[:n]


def close_kernels() -> None:
    """Shut down this process's kept kernels, if any (side by side: each shutdown is mostly waiting)."""
    kernels = _KERNELS[:]
    _KERNELS.clear()
    if len(kernels) > 1:
        try:
            with ThreadPoolExecutor(max_workers=len(kernels)) as pool:
                list(pool.map(Kernel.close, kernels))
            return
        except RuntimeError:  # at interpreter shutdown (the finalizer of a command that failed) no thread starts
            pass
    for kernel in kernels:  # closing twice is harmless
        kernel.close()


def start_early(argv: list[str]) -> None:
    """Start this process's kernels for ``python -m helpers render`` ``argv`` before the command line is imported.

    Importing the command line (every stage's analyses, pandas, matplotlib, jieba) takes seconds; kernels started
    first load what the notebooks import (:data:`PRELOAD_CODE`) meanwhile, on the other core. Only when the reports
    render in this process (one job: one report, or ``--jobs 1``); a batch's workers start their own. Arguments
    that do not parse start nothing: the command line then says what is wrong.
    """
    import argparse

    parser = argparse.ArgumentParser(add_help=False, exit_on_error=False)
    parser.add_argument("reports", nargs="*")
    parser.add_argument("-o", "--output")
    parser.add_argument("--jobs", type=int)
    try:
        args, rest = parser.parse_known_args(argv)
    except (argparse.ArgumentError, SystemExit, ValueError):
        return
    _import_jieba()  # before the command line imports it
    reports = set(args.reports)
    if rest or not reports or any(not resolve_path(r).is_file() for r in reports):
        return
    jobs = max(1, min(args.jobs or os.cpu_count() or 1, len(reports)))
    if jobs == 1:
        process_kernels(kernels_per_report(jobs))


def kernels_per_report(jobs: int) -> int:
    """Kernels that run one report's notebooks side by side: two when cores are left over by ``jobs`` processes.

    A single report on two cores runs its first notebooks in one kernel and the others in a second one;
    a batch that already keeps every core busy with a report each gets one kernel per report.
    """
    return max(1, min(2, (os.cpu_count() or 1) // max(1, jobs)))


def lanes(notebooks: list[Path], n: int) -> list[list[Path]]:
    """The notebooks split in ``n`` runs of consecutive notebooks, one per kernel, in order (01 02 | 03 04)."""
    n = max(1, min(n, len(notebooks)))
    return [notebooks[len(notebooks) * i // n: len(notebooks) * (i + 1) // n] for i in range(n)]


def _import_jieba() -> None:
    """Import jieba without ``pkg_resources`` (this process's copy of what :data:`PRELOAD_CODE` does in a kernel).

    jieba finds its dictionary files with ``pkg_resources`` when it can import it, and importing that (setuptools'
    whole distribution scan) costs about 0.7 s in every process; without it jieba opens the same files from its
    own folder. ``pkg_resources`` stays importable for anything after jieba.
    """
    if "jieba" in sys.modules or "pkg_resources" in sys.modules:
        return
    sys.modules["pkg_resources"] = None  # None: "import pkg_resources" raises ImportError
    try:
        import jieba._compat  # noqa: F401
    finally:
        del sys.modules["pkg_resources"]


def _import_papermill():
    """papermill, imported without ``rfc3987_syntax``.

    nbformat (under papermill) imports jsonschema, which imports ``rfc3987_syntax`` when it is installed
    (JupyterLab's jupyter-events brings it) only to check strings of the "iri" format, and that import
    compiles some forty grammars: about a second, the larger part of importing papermill. No notebook
    schema uses that format (nbformat's "format" is a metadata field), so the render's process goes
    without it; jsonschema leaves the check out when the module cannot be imported.
    """
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)  # None: "import rfc3987_syntax" raises ImportError
    import papermill

    return papermill


def _register_engine() -> None:
    """A papermill engine that runs notebooks one after another in a kernel that is already running.

    Starting a kernel and importing pandas, matplotlib and the helpers costs more than most
    notebooks' own work, so kernels are kept (:class:`Kernel`); before each notebook its namespace is
    reset (``%reset -f``, or the client's ``reset_code``), so no notebook sees another's variables (only
    imported modules and their caches are shared, as within one notebook).
    """
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines
    from papermill.utils import merge_kwargs, remove_args
    from traitlets import Unicode

    if ENGINE in papermill_engines._engines:
        return

    class FreshNamespaceClient(PapermillNotebookClient):
        reset_code = Unicode(RESET_CODE).tag(config=True)

        def papermill_execute_cells(self) -> None:
            self.wait_for_reply(self.kc.execute(self.reset_code, silent=True, store_history=False))
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
    """Extract the indicators and segment the prepared report, so the notebooks find both in the cache.

    Errors are left to the notebooks, which report them in context.
    """
    from .indicators import extract_indicators
    from .prepare import prepare_report
    from .segment import report_tokens

    try:
        prepared = prepare_report(report_path)
        extract_indicators(prepared.structure, year=prepared.year)
        report_tokens(prepared.structure)
    except Exception:  # noqa: BLE001 - a cache miss only costs time
        pass


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_leftovers(out: Path) -> list[str]:
    """Remove what killed renders left in ``out``; returns what was done, one line each.

    A temporary folder whose process is gone is deleted; a replaced folder whose report folder is missing
    (a render killed between the two renames of a swap) is put back.
    """
    done = []
    for tmp in sorted(out.glob(".re*-*.*")):
        prefix = RENDERING if tmp.name.startswith(RENDERING) else REPLACED if tmp.name.startswith(REPLACED) else ""
        name, _, pid = tmp.name[len(prefix):].rpartition(".")
        if not prefix or not pid.isdigit() or _alive(int(pid)):
            continue
        final = out / name
        if prefix == REPLACED and not final.exists():
            tmp.rename(final)
            done.append(f"{name}: restored the earlier render (a swap was interrupted)")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
            done.append(f"{name}: removed an unfinished render")
    return done


_AT_FDCWD, _RENAME_EXCHANGE = -100, 2


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one atomic step (Linux ``renameat2``); False where the system cannot."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    return renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0


def swap_in(work: Path, final: Path) -> None:
    """Put the finished folder ``work`` in place of ``final`` whole, then delete the folder it replaced."""
    if not final.exists():
        work.rename(final)
        return
    if _exchange(work, final):
        shutil.rmtree(work, ignore_errors=True)
        return
    replaced = final.with_name(f"{REPLACED}{final.name}.{os.getpid()}")
    final.rename(replaced)
    work.rename(final)
    shutil.rmtree(replaced, ignore_errors=True)


def record_failure(final: Path, name: str, source: str, error: str) -> None:
    """Note a failed render: on the earlier complete record if there is one (its folder stays), else in a new folder."""
    from .pages import Record, read_record

    record = read_record(final)
    if record is not None and record.status == "complete":
        record.last_error = error
    else:
        final.mkdir(parents=True, exist_ok=True)
        record = Record(name=name, status="failed", source=source, error=error)
    record.write(final)


def _save_and_export(exporter, node, work: Path, final: Path, name: str, stem: str, stems: list[str]) -> tuple[Path, str]:
    """Write an executed notebook (naming the final folder, not the temporary one) and its reader page; returns the
    page and its characters (:func:`helpers.pages.pages_characters`, for the record: found here, while the kernels
    run on, not after the last notebook)."""
    import nbformat

    from .pages import export_page, pages_characters

    for cell in node.cells:
        if "injected-parameters" in cell.get("metadata", {}).get("tags", []):
            cell.source = cell.source.replace(repr(str(work)), repr(str(final)))
    nbformat.write(node, work / NOTEBOOK_DIR / f"{stem}.ipynb")
    page = export_page(exporter, node, work, name, stem, stems)
    return page, pages_characters([page])


def _run_lane(pm, notebooks: list[Path], kernel: Kernel, path: Path, work: Path, export) -> None:
    """Run ``notebooks`` one after another in ``kernel`` (the first as in a new kernel), handing each to ``export``."""
    kernel.wait_preloaded()
    for i, nb in enumerate(notebooks):
        try:
            node = pm.execute_notebook(
                str(nb), None,
                parameters={"report_path": str(path), "output_dir": str(work)},
                progress_bar=False, cwd=str(NOTEBOOKS_DIR), kernel_name="python3", engine_name=ENGINE,
                km=kernel.km, reset_code=REPORT_RESET_CODE if i == 0 else RESET_CODE,
                request_save_on_cell_execute=False,
            )
        except Exception as exc:  # name the notebook: "02_indicators: KeyError: …"
            raise NotebookError(f"{nb.stem}: {_one_line(exc)}") from exc
        export(nb.stem, node)


def render_report(report_path: str | Path, output_dir: str | Path, kernels: int = 1) -> RenderResult:
    """Run every pipeline notebook on one report, export each to HTML, swap the folder in.

    The notebooks run in this process's kernels (:func:`process_kernels`): with ``kernels=2`` the first
    half in one and the second half in the other, side by side (:func:`lanes`).
    """
    from .pages import (
        Record, RenderResult, file_sha256, reader_exporter, report_outputs, report_summary,
        workbook_version, write_table_code,
    )
    from .prepare import prepare_report

    logging.getLogger("papermill").setLevel(logging.WARNING)
    logging.getLogger("traitlets").setLevel(logging.ERROR)
    os.environ.update(STATIC_ENV)  # and so does anything this process starts: explorers render as tables in HTML
    name = report_name(report_path)
    root = Path(output_dir).resolve()
    final = root / name
    work = root / f"{RENDERING}{name}.{os.getpid()}"
    result = RenderResult(report=str(report_path), name=name, output_dir=final)
    try:
        path = resolve_path(report_path).resolve()
        prepared = prepare_report(path)  # read once, fail fast with one clear line, and leave it in the cache
        shutil.rmtree(work, ignore_errors=True)
        for sub in (NOTEBOOK_DIR, HTML_DIR):
            (work / sub).mkdir(parents=True, exist_ok=True)
        # This process's kernels; new ones load what the notebooks import (PRELOAD_CODE) while this process
        # imports papermill, makes the exporter and segments the report.
        warming = ThreadPoolExecutor(max_workers=1)
        warm = None
        exporting = ThreadPoolExecutor(max_workers=1)
        pending: dict[str, object] = {}
        ran = False
        try:
            running = process_kernels(kernels)
            warm = warming.submit(warm_caches, path)
            pm = _import_papermill()
            _register_engine()
            stems = list(PAGES)
            exporter = reader_exporter()

            def export(stem: str, node) -> None:  # each page in a thread, while the kernels run on
                pending[stem] = exporting.submit(_save_and_export, exporter, node, work, final, name, stem, stems)

            groups = lanes(pipeline_notebooks(), len(running))
            if len(groups) == 1:
                _run_lane(pm, groups[0], running[0], path, work, export)
            else:
                with ThreadPoolExecutor(max_workers=len(groups)) as side_by_side:
                    runs = [side_by_side.submit(_run_lane, pm, g, k, path, work, export) for g, k in zip(groups, running)]
                for run in runs:  # the first failure in notebook order
                    run.result()
            ran = True
        finally:
            if not ran:  # kernels that saw a failure are not reused
                close_kernels()
            if warm is not None:
                warm.cancel()
            warming.shutdown(wait=True)
            exporting.shutdown(wait=True)
        exported = [pending[stem].result() for stem in stems if stem in pending]
        pages = [page for page, _ in exported]
        write_table_code(root)  # the pages link the folder's shared DataTables code; the index writes the font
        page_list, tables, figures = report_outputs(work)
        Record(name=name, status="complete", source=str(path), source_sha256=file_sha256(path), workbook=workbook_version(),
               summary=report_summary(prepared, work), pages=page_list, tables=tables, figures=figures,
               characters="".join(sorted(set().union(*(chars for _, chars in exported))))).write(work)
        swap_in(work, final)
        result.pages = [final / p for p in page_list]
    except ReportError as exc:
        result.error = str(exc)
    except Exception as exc:  # one bad report must not stop the batch
        result.error = f"{report_path}: {_one_line(exc)}"
    if result.error:
        shutil.rmtree(work, ignore_errors=True)
        try:
            record_failure(final, name, str(report_path), result.error)
        except OSError:
            pass
    return result


def _line(r: RenderResult) -> str:
    """One line for the console about one report."""
    if r.error:
        return f"  failed    {r.name}: {r.error}"
    return f"  rendered  {r.name}: {len(r.pages)} pages in {r.output_dir}"


def render(reports: list[str | Path], output_dir: str | Path, jobs: int | None = None) -> list[RenderResult]:
    """Render ``reports`` into ``output_dir``, ``jobs`` at a time (default: the number of cores).

    Prints a progress bar and one line per report (on standard error), then writes the index of every
    report present in ``output_dir``.
    """
    from tqdm import tqdm

    from .pages import RenderResult

    out = Path(output_dir).resolve()
    out.mkdir(parents=True, exist_ok=True)
    for line in clean_leftovers(out):
        print(f"  {line}", file=sys.stderr)
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
    try:
        with tqdm(total=len(reports), desc="reports", unit="report", file=sys.stderr, disable=None, leave=False) as bar:
            def done(result: RenderResult) -> None:
                results.append(result)
                bar.write(_line(result), file=sys.stderr)
                bar.update()

            kernels = kernels_per_report(jobs)
            if jobs == 1:  # the same kernels for all the reports
                for r in reports:
                    done(render_report(r, out, kernels))
            else:
                # spawn, not fork: a parent that has already run kernels (zmq, asyncio) must not be copied.
                # Each worker keeps its kernels for all its reports and closes them when the pool ends.
                with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn")) as pool:
                    futures = [pool.submit(render_report, r, out, kernels) for r in reports]
                    for f in as_completed(futures):
                        done(f.result())
        results.sort(key=lambda r: r.name)
        from .index_page import write_site  # here: the kernels start and the notebooks run without waiting for it

        write_site(out, results, corpus_pages(out, results, jobs))
    finally:
        close_kernels()  # after the index: shutting a kernel down is waiting, not work the index must wait for
    return results


def corpus_pages(out: Path, results: list[RenderResult], jobs: int) -> list[Path]:
    """For two or more reports rendered, the corpus tables and page (``corpus/corpus.html``), linked from the index.

    A corpus that cannot be built is reported on the console; the reports' own pages are not affected.
    """
    ok = [r.report for r in results if not r.error]
    if len(ok) < 2:
        return []
    from .corpus_page import write_corpus_page

    try:
        page = write_corpus_page(ok, out / CORPUS_DIR, jobs=jobs, in_site=True)
    except Exception as exc:  # noqa: BLE001 - one line, the render itself succeeded
        print(f"  corpus page not written: {_one_line(exc)}", file=sys.stderr)
        return []
    return [page]
