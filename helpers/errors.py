"""The one error type users see: a report that cannot be used, named with its file."""
from __future__ import annotations

from pathlib import Path


class ReportError(Exception):
    """A problem with one input file, reported as ``<file>: <problem>`` on one line."""

    def __init__(self, path: str | Path | None, problem: str) -> None:
        self.path = str(path) if path is not None else None
        self.problem = problem
        super().__init__(f"{self.path}: {problem}" if self.path else problem)
