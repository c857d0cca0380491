"""Tables a reader can search, sort and page through: itables (DataTables) in its offline mode.

:func:`interactive_tables` makes every pandas table shown in a notebook interactive, in JupyterLab and
in the rendered HTML pages alike. It runs in offline mode: the DataTables code ships inside the
``itables`` package and is written into the notebook once, so pages load nothing from the network.
Every row is there to search and sort, up to :data:`MAX_TABLE_BYTES` of data per table; a larger table
(a very long report) is cut to that size with a note saying so, and its CSV file holds every row, so
pages stay readable whatever the size of the report.
"""
from __future__ import annotations

import os

#: Data per table that is written into a page; larger tables are downsampled by itables, with a note.
MAX_TABLE_BYTES = int(os.environ.get("GWR_MAX_TABLE_BYTES", 1_000_000))


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
    opt.classes = "display compact nowrap"
    opt.lengthMenu = [10, 25, 50, 100, 500]
    opt.showIndex = "auto"
    init_notebook_mode(all_interactive=True, connected=False)
    return True
