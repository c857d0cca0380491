"""The errors users see, each one line: every error class of the package lives here.

Hierarchy (all print as one line in a notebook too: IPython shows ``_render_traceback_()`` instead of
a traceback from deep inside the code)::

    OneLineError                      the project's base: the message says everything
    ├── ReportError                   one input file cannot be used: ``<file>: <problem>``
    ├── ParameterError (ValueError)   a notebook or command-line parameter: ``<name> = <value>: <problem>``
    ├── ThemeDictionaryError (ValueError)  a theme dictionary or theme-word file (``data/dictionaries/``)
    ├── IndexListError (ValueError)   a word list of a policy-attention index (``data/dictionaries/indices/``)
    ├── UnknownNameError (KeyError)   a name no registry knows: an analysis, an output, a corpus table, a function
    ├── FontNotFoundError (RuntimeError)   no CJK font: figures would show tofu boxes
    ├── DependencyError (RuntimeError)     an installed package no longer works as the code expects (itables'
    │                                      offline set-up changed: update the pattern the message names)
    └── NotebookError (RuntimeError)       a notebook failed in a render: ``<notebook>: <error>``

The ``RuntimeError`` ones stay ``RuntimeError`` for code that catches that.

The one check that outputs never go into ``data/raw/`` is :func:`helpers.paths.refuse_raw_output`.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterable


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


class ThemeDictionaryError(OneLineError, ValueError):
    """A theme dictionary that cannot be used, with the file and the problem in one line."""


class IndexListError(OneLineError, ValueError):
    """A word list of an index that cannot be used (one line naming the file)."""


class FontNotFoundError(OneLineError, RuntimeError):
    """No CJK font could be found: figures would show tofu boxes."""


class DependencyError(OneLineError, RuntimeError):
    """An installed package no longer works as the code expects (a new version set itself up otherwise)."""


class NotebookError(OneLineError, RuntimeError):
    """A notebook failed in a render: ``<notebook>: <error>``, the error's last informative line."""


class UnknownNameError(OneLineError, KeyError):
    """A name a registry does not know (an analysis, an output, a figure, a corpus table, a function named as
    ``"module:function"``): ``unknown <kind> '<name>'; known: a, b`` on one line."""

    def __init__(self, kind: str, name: str, known: Iterable[str] = (), problem: str = "") -> None:
        self.kind, self.name = kind, name
        known = list(known)
        super().__init__(f"unknown {kind} {name!r}" + (f": {problem}" if problem else "")
                         + (f"; known: {', '.join(known)}" if known else ""))

    def __str__(self) -> str:  # as any one-line error (a KeyError would show its message quoted)
        return str(self.args[0])
