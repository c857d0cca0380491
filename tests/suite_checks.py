"""Rules of the test suite itself, as pytest hooks (imported by ``conftest.py``).

**A skip fails the suite.** On a clone with what the README installs, every test runs: a skipped test
is reported as a failure naming its reason, unless an allowance of :data:`ALLOWED_SKIPS` applies.
There is one: the browser tests may be skipped when Debian's ``chromium`` is missing *and* the suite
does not run as root (``make test`` installs chromium only as root, as in CI). An expected failure
(``xfail``) is not a skip and is left alone.

**The user's** ``reports/`` **stays untouched.** The tests write their outputs under a temporary folder
(``GWR_OUTPUT_DIR``, :func:`use_temporary_output_dir`, called by ``conftest.py`` before ``helpers`` is
imported, so every notebook that nbval runs inherits it); at the end of the session the project's
``reports/`` is compared with what it held at the start, and any file or folder created, changed or
removed there fails the run.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parent.parent
USER_REPORTS = PROJECT_ROOT / "reports"

#: The reason the browser tests give when Debian's chromium is missing.
CHROMIUM_MISSING = "Debian's chromium is not installed (make test installs it as root)"


def chromium() -> str | None:
    """The chromium executable on PATH, if any."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


def is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def _chromium_may_be_missing() -> bool:
    return chromium() is None and not is_root()


#: Skip reasons that do not fail the suite, each with the condition under which it is allowed.
ALLOWED_SKIPS = {CHROMIUM_MISSING: _chromium_may_be_missing}

_OUTPUT_PREFIX = "gwr-test-outputs-"
_owned_output_dir: Path | None = None
_reports_before: dict[str, tuple[int, int]] | None = None


def use_temporary_output_dir() -> None:
    """Point ``GWR_OUTPUT_DIR`` at a new temporary folder (once, in the controlling process; workers inherit it)."""
    global _owned_output_dir
    if "PYTEST_XDIST_WORKER" in os.environ:
        return
    _owned_output_dir = Path(tempfile.mkdtemp(prefix=_OUTPUT_PREFIX))
    os.environ["GWR_OUTPUT_DIR"] = str(_owned_output_dir)


def _skip_reason(longrepr) -> str:
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        reason = str(longrepr[2])
    else:
        reason = str(longrepr or "")
    return reason.removeprefix("Skipped: ").strip()


def _refused(reason: str) -> str | None:
    """Why this skip fails the suite, or None when an allowance applies."""
    allowed = ALLOWED_SKIPS.get(reason)
    if allowed is not None and allowed():
        return None
    if allowed is not None:
        return (f"skipped: {reason} — allowed only when chromium is missing and the suite does not run as root; "
                "install it (make test does, as root; or apt-get install chromium)")
    return (f"skipped: {reason} — on a clone with what the README installs every test runs, so a skip fails the "
            "suite (the allowed skips are listed in tests/suite_checks.py)")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.skipped and not hasattr(report, "wasxfail"):
        refused = _refused(_skip_reason(report.longrepr))
        if refused:
            report.outcome = "failed"
            report.longrepr = refused


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector):
    """A whole module skipped at collection (``pytest.skip(..., allow_module_level=True)``) fails the same way."""
    outcome = yield
    report = outcome.get_result()
    if report.skipped:
        refused = _refused(_skip_reason(report.longrepr))
        if refused:
            report.outcome = "failed"
            report.longrepr = refused


def snapshot(folder: Path) -> dict[str, tuple[int, int]] | None:
    """Every file and folder under ``folder`` (named from its parent: ``reports/…``) with its size and modification
    time; None when it does not exist."""
    if not folder.exists():
        return None
    found: dict[str, tuple[int, int]] = {}
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = Path(root) / name
            st = path.lstat()
            is_dir = name in dirs
            found[path.relative_to(folder.parent).as_posix()] = (0, 0) if is_dir else (st.st_size, st.st_mtime_ns)
    return found


def reports_changes(before: dict[str, tuple[int, int]] | None, after: dict[str, tuple[int, int]] | None) -> list[str]:
    """What differs between two snapshots of ``reports/``, one phrase per path (created, changed, removed)."""
    if before is None and after is None:
        return []
    if before is None:
        return ["created reports/", *(f"created {p}" for p in sorted(after or {}))]
    if after is None:
        return ["removed reports/"]
    changes = [f"created {p}" for p in sorted(set(after) - set(before))]
    changes += [f"removed {p}" for p in sorted(set(before) - set(after))]
    changes += [f"changed {p}" for p in sorted(set(before) & set(after)) if before[p] != after[p]]
    return changes


def _controller(session) -> bool:
    return not hasattr(session.config, "workerinput")


@pytest.hookimpl(tryfirst=True)
def pytest_sessionstart(session):
    global _reports_before
    if _controller(session):
        _reports_before = snapshot(USER_REPORTS)


def pytest_sessionfinish(session, exitstatus):
    if not _controller(session):
        return
    if _owned_output_dir is not None:
        shutil.rmtree(_owned_output_dir, ignore_errors=True)
    changes = reports_changes(_reports_before, snapshot(USER_REPORTS))
    if changes:
        shown = "; ".join(changes[:6]) + (f"; and {len(changes) - 6} more" if len(changes) > 6 else "")
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        message = (f"FAILED: the tests wrote into the user's reports/ ({shown}); tests must write under a temporary "
                   "folder (GWR_OUTPUT_DIR, or tmp_path)")
        if reporter is not None:
            reporter.write("\n")
            reporter.write_sep("=", "reports/ changed", red=True)
            reporter.write_line(message, red=True, bold=True)
        else:
            print(message)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
