"""Tables a reader can search, sort and page through: itables (DataTables) in its offline mode.

:func:`interactive_tables` makes every pandas table shown in a notebook interactive, in JupyterLab and
in the rendered HTML pages alike. It runs in offline mode: the DataTables code ships inside the
``itables`` package and is written into the notebook once (a rendered folder keeps one copy of it in
``assets/``, see :mod:`helpers.pages`), so pages load nothing from the network.
Every row is there to search and sort, up to :data:`MAX_TABLE_BYTES` of data per table; a larger table
(a very long report) is cut to that size with a note saying so, and its CSV file holds every row, so
pages stay readable whatever the size of the report. Text columns are left-aligned and wrap
(:data:`TABLE_CSS`); numbers stay right-aligned.

A notebook that shows only part of a table says so: :func:`part_of` prints what it leaves out and where
the whole table is.
"""
from __future__ import annotations

import os

import pandas as pd

#: Data per table that is written into a page; larger tables are downsampled by itables, with a note.
MAX_TABLE_BYTES = int(os.environ.get("GWR_MAX_TABLE_BYTES", 1_000_000))

#: Every interactive table: text left-aligned, top-aligned and wrapping (JupyterLab's own style right-aligns
#: table cells and the default itables classes forbid wrapping), short columns wide enough for a label and
#: headers on one line, so a long text column takes the rest of the width; numbers right-aligned, never broken.
TABLE_CSS = (
    ".dt-container table.dataTable th,.dt-container table.dataTable td{text-align:left;vertical-align:top;"
    "white-space:normal;overflow-wrap:break-word}"
    ".dt-container table.dataTable td{min-width:4.5em}.dt-container table.dataTable th{white-space:nowrap}"
    ".dt-container table.dataTable td.dt-type-numeric,.dt-container table.dataTable th.dt-type-numeric"
    "{text-align:right;white-space:nowrap;overflow-wrap:normal}"
    ".dt-container input,.dt-container select{font-family:inherit}"
)


def _in_kernel() -> bool:
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None


def interactive_tables(max_bytes: int = MAX_TABLE_BYTES) -> bool:
    """Show every pandas table in this notebook as a searchable, sortable, paged table (itables, offline).

    Does nothing outside a Jupyter kernel (plain Python, the command line) and returns whether it acted.
    """
    if not _in_kernel():
        return False
    import itables.options as opt
    from itables import init_notebook_mode

    opt.maxBytes = max_bytes
    opt.maxColumns = 0
    opt.classes = "display compact"
    opt.style = "table-layout:auto;width:auto;max-width:100%;margin:0;caption-side:bottom"
    opt.css = TABLE_CSS
    opt.lengthMenu = [10, 25, 50, 100, 500]
    opt.showIndex = "auto"
    init_notebook_mode(all_interactive=True, connected=False)
    return True


def part_of(table: pd.DataFrame, n: int, what: str, where: str = "") -> pd.DataFrame:
    """The first ``n`` rows of ``table``, after printing one line that says what is left out.

    ``what`` names the rows shown (``"the most frequent"``), ``where`` where every row is (a file name).
    A table of ``n`` rows or fewer is returned whole, with no line.
    """
    if len(table) <= n:
        return table
    place = f"; every row is in {where}" if where else ""
    print(f"Showing {n:,} of {len(table):,} rows ({what}){place}.")
    return table.head(n)


def ends_of(table: pd.DataFrame, head: int, tail: int, what: str, where: str = "") -> pd.DataFrame:
    """The first ``head`` and last ``tail`` rows of ``table`` (a ranked table: both ends matter), after printing
    one line that says what is left out. A table of ``head + tail`` rows or fewer is returned whole, with no line."""
    if len(table) <= head + tail:
        return table
    place = f"; every row is in {where}" if where else ""
    print(f"Showing the first {head} and the last {tail} of {len(table):,} rows ({what}){place}.")
    return pd.concat([table.head(head), table.tail(tail)])
