"""Command line: ``python -m helpers <stage> REPORT -o OUT``.

Each stage loads, cleans and structures the report, runs its own step and writes one output.
Bad input ends with one line naming the file and the problem, and exit code 2.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Callable

from .errors import ReportError

Stage = Callable[[argparse.Namespace], int]
STAGES: dict[str, tuple[str, Stage]] = {}


def stage(name: str, help_text: str) -> Callable[[Stage], Stage]:
    """Register a command-line stage."""

    def register(func: Stage) -> Stage:
        STAGES[name] = (help_text, func)
        return func

    return register


def _out(path: str) -> Path:
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    return p


def table_stage(name: str, help_text: str) -> Callable[[Callable], Callable]:
    """Register a stage from a function ``prepared report -> (table, summary)``; the table is written as UTF-8 CSV."""

    def register(func: Callable) -> Callable:
        def run(args: argparse.Namespace) -> int:
            from .pipeline import prepare_report

            table, summary = func(prepare_report(args.report))
            out = _out(args.output)
            table.to_csv(out, index=False, encoding="utf-8")
            print(f"{out}: {summary}")
            return 0

        STAGES[name] = (help_text, run)
        return func

    return register


@stage("clean", "clean a report: write the cleaned text to OUT and the change log to OUT's name + .changes.csv")
def _clean(args: argparse.Namespace) -> int:
    from .pipeline import prepare_report

    prepared = prepare_report(args.report)
    out = _out(args.output)
    out.write_text(prepared.text + "\n", encoding="utf-8")
    log_path = out.with_name(out.stem + ".changes.csv")
    prepared.cleaned.log.to_csv(log_path, index=False, encoding="utf-8")
    print(f"{out} ({len(prepared.text)} characters), {log_path} ({len(prepared.cleaned.log)} changes)")
    return 0


@table_stage("structure", "parse a report's structure: write one row per sentence (with part/section/paragraph) to OUT.csv")
def _structure(prepared):
    s = prepared.structure
    return s.sentences, f"{len(s.paragraphs)} paragraphs, {len(s.sentences)} sentences" + "".join(f"; {n}" for n in s.notes)


def build_parser() -> argparse.ArgumentParser:
    from . import render  # noqa: F401  (registers the render stage)

    for module in ("indicators", "keywords", "themes"):
        try:
            __import__(f"{__package__}.{module}")
        except ModuleNotFoundError as exc:  # a stage not built yet
            if exc.name != f"{__package__}.{module}":
                raise
    parser = argparse.ArgumentParser(prog="python -m helpers", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="stage", required=True, metavar="STAGE")
    for name, (help_text, func) in STAGES.items():
        p = sub.add_parser(name, help=help_text, description=help_text)
        if name == "render":
            p.add_argument("reports", nargs="+", metavar="REPORT", help="report files (text, PDF, .docx or .html)")
            p.add_argument("-o", "--output", default="reports", help="output folder (default: reports)")
            p.add_argument("--jobs", type=int, default=None, help="reports rendered in parallel (default: cores)")
        else:
            p.add_argument("report", metavar="REPORT", help="a report: text (UTF-8, UTF-16 or GBK), PDF, Word (.docx) or a saved web page (.html)")
            p.add_argument("-o", "--output", required=True, help="output file")
        p.set_defaults(func=func)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except ReportError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"error: {exc.filename or ''}: {exc.strerror}", file=sys.stderr)
        return 2
