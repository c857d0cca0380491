"""pytest's setup for the whole project: the tests in ``tests/`` and the notebooks nbval runs.

Here rather than in ``tests/conftest.py`` so that it also holds when only notebooks are run
(``pytest notebooks/``). The rules themselves are in ``tests/suite_checks.py``: the notebooks' default
output folder moves to a temporary one (``GWR_OUTPUT_DIR``, inherited by every kernel), the user's
``reports/`` must be unchanged at the end, and a skip fails the run unless an allowance listed there
applies. Notebook kernels cannot show widgets, so the explorers fall back to plain tables (``GWR_STATIC``).
"""
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "tests"))

import suite_checks  # noqa: E402
from suite_checks import (  # noqa: E402,F401  (hooks)
    pytest_make_collect_report, pytest_runtest_makereport, pytest_sessionfinish, pytest_sessionstart,
)

os.environ["GWR_STATIC"] = "1"
# one temporary output folder for the session, inherited by the xdist workers and every notebook kernel
suite_checks.use_temporary_output_dir()
