"""The errors users see, each one line: a report that cannot be used, a parameter that is wrong.

Both print as one line in a notebook too: IPython shows ``_render_traceback_()`` instead of a
traceback from deep inside the code.
"""
from __future__ import annotations

from pathlib import Path


class OneLineError(Exception):
    """An error whose message says everything: shown without a traceback in notebooks."""

    def _render_traceback_(self) -> list[str]:
        return [f"{type(self).__name__}: {self}"]


class ReportError(OneLineError):
    """A problem with one input file, reported as ``<file>: <problem>`` on one line."""

    def __init__(self, path: str | Path | None, problem: str) -> None:
        self.path = str(path) if path is not None else None
        self.problem = problem
        super().__init__(f"{self.path}: {problem}" if self.path else problem)


class ParameterError(OneLineError, ValueError):
    """A notebook or command-line parameter that cannot be used: ``<name> = <value>: <problem>``."""

    def __init__(self, name: str, value: object, problem: str) -> None:
        self.name = name
        super().__init__(f"{name} = {value!r}: {problem}")
