"""Where the per-report work runs: local processes (``executor="local"``) or a Dask cluster (``"dask"``).

Both yield results in completion order; the tables are written in file-name order afterwards.
"""
from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor, as_completed
from multiprocessing import get_context
from typing import Callable, Iterator

from ..errors import OneLineError
from .worker import ReportResult, Task

EXECUTORS = ("local", "dask")
DASK_MISSING = "--executor dask needs the optional dask extra: pip install -e '.[dask]' (or use --executor local)"


def local_map(fn: Callable[[Task], ReportResult], tasks: list[Task], jobs: int) -> Iterator[ReportResult]:
    """Run ``fn`` on ``tasks`` with ``jobs`` processes in all: ``jobs - 1`` spawned workers and this process.

    The parent would otherwise wait idle while holding its own copy of the libraries; working in it
    keeps the peak memory of the whole run at ``jobs`` processes, not ``jobs + 1``. Results come in
    completion order (the tables are written in file order afterwards).
    """
    if jobs <= 1 or len(tasks) <= 1:
        for t in tasks:
            yield fn(t)
        return
    workers = min(jobs - 1, len(tasks) - 1)
    todo = iter(tasks)
    pending: set = set()
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as pool:
        while True:
            while len(pending) < 2 * workers and (t := next(todo, None)) is not None:
                pending.add(pool.submit(fn, t))
            for fut in [f for f in pending if f.done()]:
                pending.discard(fut)
                yield fut.result()
            if (t := next(todo, None)) is not None:
                yield fn(t)  # this process takes a report too
            elif pending:
                fut = next(as_completed(pending))
                pending.discard(fut)
                yield fut.result()
            else:
                return


def dask_available() -> bool:
    """Whether ``dask.distributed`` is installed (the optional ``dask`` extra)."""
    try:
        import dask.distributed  # noqa: F401
    except ImportError:
        return False
    return True


def dask_map(fn: Callable[[Task], ReportResult], tasks: list[Task], jobs: int, scheduler: str | None,
              processes: bool = True) -> Iterator[ReportResult]:
    """Run ``fn`` on a Dask cluster: the one at ``scheduler`` (``tcp://host:8786``) or a new ``LocalCluster``."""
    if not dask_available():
        raise OneLineError(DASK_MISSING)
    from dask.distributed import Client, LocalCluster
    from dask.distributed import as_completed as dask_completed

    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(n_workers=max(1, jobs), threads_per_worker=1, processes=processes,
                               dashboard_address=None, silence_logs=40)
        client = Client(cluster)
    try:
        futures = client.map(fn, tasks, pure=False)
        for fut in dask_completed(futures):
            yield fut.result()
            fut.release()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
