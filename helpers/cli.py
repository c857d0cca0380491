"""Command line: ``python -m helpers <stage> REPORT -o OUT`` (``python -m helpers --help``).

One table of subcommands (:data:`COMMANDS`), each with its arguments and run function; the per-report ones
come from the registry of analyses (:data:`helpers.analyses.ANALYSES`): each prepares the report, runs its
analysis and writes one output. Bad input ends with one line naming the file and the problem, and exit code 2. Relative paths
are taken from the working folder (:mod:`helpers.paths`).
"""
from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import pandas as pd

from .analyses import ANALYSES, Analysis, analysis, corpus_tables, resolve
from .corpus import EXECUTORS, build_corpus, relative_to_project
from .errors import OneLineError, ReportError
from .input_formats import format_list, suffix_list
from .indicators import extract_indicators
from .indicators.scoring import METRICS, score_indicators
from .keywords import corpus_frequency
from .paths import refuse_raw_output, resolve_path
from .prepare import duplicate_of, prepare_corpus, prepare_report
from .render import render
from .lexicon import read_word_list
from .segment import evaluate_policy_terms, heading_lines, learn_policy_terms
from .themes import evaluate_leave_one_out, learn_theme_words, load_themes


#: The corpus subcommand's help names every table it writes, from the registry (:func:`helpers.analyses.corpus_tables`).
CORPUS_HELP = "panel tables of many reports, without notebooks, in the folder OUT: " + ", ".join(
    t.filename + (f" (and {t.parquet_filename})" if t.parquet else "") for t in corpus_tables().values())
RENDER_HELP = "run every notebook on each REPORT and write HTML pages, tables and figures to OUT/<report>/"


def _output(path: str, inputs: list[str]) -> Path:
    """The output path, refused inside ``data/raw/`` or when it is one of the inputs; its folder is created."""
    out = resolve_path(path)
    refuse_raw_output(out, path)
    if any(out.resolve() == resolve_path(i).resolve() for i in inputs):
        raise OneLineError(f"{path}: is an input of this command; choose another output")
    out.parent.mkdir(parents=True, exist_ok=True)
    return out


def run_stage(name: str, report: str, output: str, year: int | None = None, place: str | None = None,
              **options: Any) -> int:
    """Run the analysis ``name`` of :data:`helpers.analyses.ANALYSES` on ``report`` and write its output to ``output``.

    ``year`` and ``place`` override what the report says about itself; warnings (sources of the year
    that disagree, a report that seems cut off) go to stderr, one line each. ``options`` are the analysis's
    own (the keywords stage's ``--all`` is ``all_tokens``).
    """
    out = _output(output, [report])
    prepared = prepare_report(report, year=year, place=place)
    for warning in prepared.metadata.warnings + [n for n in prepared.structure.notes if n.startswith("warning")]:
        print(warning if warning.startswith("warning") else f"warning: {warning}", file=sys.stderr)
    result, summary = resolve(analysis(name).run)(prepared, **options)
    if isinstance(result, str):
        out.write_text(result + "\n", encoding="utf-8")
        log_path = out.with_name(out.stem + ".changes.csv")
        prepared.log.to_csv(log_path, index=False, encoding="utf-8")
        print(f"{out} ({summary}), {log_path}")
    else:
        result.to_csv(out, index=False, encoding="utf-8")
        print(f"{out}: {summary}")
    return 0


def run_render(reports: list[str], output: str, jobs: int | None) -> int:
    """Render ``reports`` into the folder ``output``; exit 1 when any report failed."""
    out = _output(output, reports)
    results = render(reports, out, jobs)
    failed = [r for r in results if r.error]
    print(f"rendered {len(results) - len(failed)} of {len(results)} reports into {out.resolve()}")
    for r in failed:
        print(f"  failed: {r.error}")
    print(f"open {out.resolve() / 'index.html'}")
    return 1 if failed else 0


def run_corpus(inputs: list[str], output: str, manifest: str | None, executor: str, jobs: int | None,
               scheduler: str | None) -> int:
    """Write the corpus tables of ``inputs`` (folders or files) to the folder ``output``; exit 1 when a report failed."""
    out = _output(output, inputs)
    if out.exists() and not out.is_dir():
        raise OneLineError(f"{output}: is a file; the corpus tables need a folder")
    summary = build_corpus(inputs, out, manifest=manifest, executor=executor, jobs=jobs, scheduler=scheduler)
    ok = summary.reports - len(summary.failed)
    status = ", ".join(f"{v} {k}" for k, v in sorted(summary.status.items())) or "no targets"
    print(f"{ok} of {summary.reports} reports ({summary.computed} computed, {summary.reports - summary.computed} from the cache) "
          f"into {relative_to_project(out)}; targets vs results: {status}")
    growth = ", ".join(f"{v} {k}" for k, v in sorted(summary.growth.items())) or "none"
    print(f"GDP growth targets (one row per place and year): {growth}")
    for error in summary.failed:
        print(f"  failed: {error}")
    return 1 if summary.failed else 0


def _year(text: str) -> int:
    if not re.fullmatch(r"(19|20)\d{2}", text):
        raise argparse.ArgumentTypeError(f"{text!r} is not a year such as 2021")
    return int(text)


def run_frequency(reports: list[str], output: str, jieba_only: bool) -> int:
    """Token frequencies over many reports in one table (quanteda's ``textstat_frequency`` over a corpus)."""
    out = _output(output, reports)
    prepared = [prepare_report(r) for r in reports]  # one report file each (a folder is refused by name)
    dups = duplicate_of(reports, (p.text for p in prepared))
    _say_duplicates({r: d for r, d in zip(reports, dups) if d})
    corpus = [p for p, d in zip(prepared, dups) if not d]
    table = corpus_frequency(corpus, jieba_only=jieba_only)
    table.to_csv(out, index=False, encoding="utf-8")
    print(f"{out}: {len(table)} token types over {len(corpus)} reports; top 10: {' '.join(table.term.head(10))}")
    return 0


def _say_duplicates(duplicates: dict[str, str]) -> None:
    for name, first in duplicates.items():
        print(f"{name}: the same text as {first}; counted once", file=sys.stderr)


def _prepared_folder(folder: str, exclude: str) -> dict:
    duplicates: dict[str, str] = {}
    corpus = prepare_corpus(folder, _excluded(exclude), duplicates)
    _say_duplicates(duplicates)
    return corpus


def _excluded(exclude: str) -> tuple[str, ...]:
    return tuple(x.strip() for x in exclude.split(",") if x.strip())


def run_learn_terms(folder: str, output: str, exclude: str) -> int:
    """Learn the general policy-term dictionary from a folder of reports (see :func:`learn_policy_terms`)."""
    out = _output(output, [])
    corpus = _prepared_folder(folder, exclude)
    texts = {n: "\n".join(p.structure.sentences.text) for n, p in corpus.items()}
    heads = {n: heading_lines(p.structure) for n, p in corpus.items()}
    table = learn_policy_terms(texts, heads)
    header = [
        "# Policy terms learned from many reports (national vocabulary): GENERATED, do not edit by hand;",
        "# add your own terms to policy_terms.txt instead. Rebuild: make learn (or python -m helpers learn-terms",
        f"# CORPUS_DIR -o {Path(output).as_posix()} --exclude NAMES). Learned from {len(corpus)} reports: "
        + ", ".join(sorted(corpus)),
        "# A term is kept when it is discovered in two reports or more, or has a term's shape and recurs across",
        "# reports with varied neighbours (helpers/segment.py, learn_policy_terms). Columns: term, reports, count.",
    ]
    lines = [f"{r.term} {r.reports} {r['count']}" for _, r in table.iterrows()]
    out.write_text("\n".join(header + lines) + "\n", encoding="utf-8")
    print(f"{out}: {len(table)} terms from {len(corpus)} reports")
    return 0


def run_learn_themes(folder: str, output: str, exclude: str) -> int:
    """Learn the theme words from a folder of reports (see :func:`learn_theme_words`)."""
    out = _output(output, [])
    corpus = _prepared_folder(folder, exclude)
    table = learn_theme_words({n: p.structure for n, p in corpus.items()}, load_themes())
    header = ("# Theme words learned from section titles across many reports: GENERATED, do not edit by hand;\n"
              "# edit the seed words in themes.yml and rebuild: make learn (or python -m helpers learn-themes CORPUS_DIR\n"
              f"# -o {Path(output).as_posix()} --exclude NAMES). Learned from {len(corpus)} reports: {', '.join(sorted(corpus))}\n")
    out.write_text(header + table.to_csv(index=False), encoding="utf-8")
    print(f"{out}: {len(table)} words for {table.theme.nunique()} themes from {len(corpus)} reports")
    return 0


def run_evaluate(folder: str, keys: str, exclude: str) -> int:
    """Print the leave-one-report-out theme evaluation and the policy terms kept whole, for every key in ``keys``."""
    key_dir = resolve_path(keys)
    if not key_dir.is_dir():
        raise OneLineError(f"{keys}: no such folder of keys")
    if not any(key_dir.glob("*_themes.csv")) and not any(key_dir.glob("*_policy_terms.txt")):
        raise OneLineError(f"{keys}: no keys in this folder (*_themes.csv, *_policy_terms.txt)")
    corpus = _prepared_folder(folder, exclude)
    theme_keys = {p.name[: -len("_themes.csv")]: pd.read_csv(p, keep_default_na=False) for p in sorted(key_dir.glob("*_themes.csv"))}
    theme_keys = {n: k for n, k in theme_keys.items() if n in corpus}
    term_keys = {p.name[: -len("_policy_terms.txt")]: p for p in sorted(key_dir.glob("*_policy_terms.txt"))}
    term_keys = {n: read_word_list(p) for n, p in term_keys.items() if n in corpus}
    if not theme_keys and not term_keys:
        raise OneLineError(f"{folder}: none of its reports has a key in {keys}")
    titles = key_dir / "section_titles.csv"
    title_keys = pd.read_csv(titles, keep_default_na=False) if titles.is_file() else None
    result = evaluate_leave_one_out({n: p.structure for n, p in corpus.items()}, theme_keys, title_keys=title_keys)
    print("themes, leave-one-report-out (a paragraph is right when it is the key's theme or theme2; closing/overview rows left out;\n"
          "section_majority: against the themes each title names; section_majority_hand: against hand labels of the titles):")
    print(result.drop(columns=["note"]).to_string(index=False))
    terms = evaluate_policy_terms({n: p.structure for n, p in corpus.items()}, term_keys)
    print("policy terms kept whole, leave-one-report-out (the dictionary learned from every other report; rows: a row of\n"
          "their own in keywords --all, whole or nested):")
    print(terms.to_string(index=False))
    return 0


KEY_COLUMNS = ("value", "unit", "indicator", "year", "kind", "required")
PREDICTED_COLUMNS = ("indicator", "value", "unit", "year", "kind")
SCORE_HELP = ("score an indicator table against a hand-made answer key: recall, precision, f1 and, of the rows found, "
              "name, year and kind agreement (helpers/indicators/scoring.py)")


def _table(path: str, columns: tuple[str, ...], what: str) -> pd.DataFrame:
    """A CSV with at least ``columns``, as text; one-line errors for a missing file or column."""
    p = resolve_path(path)
    if not p.is_file():
        raise ReportError(path, "is a folder, not a file" if p.is_dir() else "no such file")
    try:
        table = pd.read_csv(p, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise ReportError(path, f"not a CSV {what} ({str(exc).splitlines()[0]})") from None
    if missing := [c for c in columns if c not in table.columns]:
        raise ReportError(path, f"not {what}: it lacks {', '.join(missing)} (of the columns {', '.join(columns)})")
    return table


def run_score_indicators(key: str, predicted: str, goals: dict[str, float], show: bool) -> int:
    """Score ``predicted`` against ``key``; exit 1 when a goal in ``goals`` (metric: minimum) is not met.

    ``predicted`` is an indicator table (a CSV as ``python -m helpers indicators`` writes) or a report,
    whose indicators are extracted first.
    """
    gold = _table(key, KEY_COLUMNS, "an answer key")
    pred_path = resolve_path(predicted)
    if pred_path.suffix.lower() == ".csv":
        table = _table(predicted, PREDICTED_COLUMNS, "an indicator table")
    else:
        prepared = prepare_report(predicted)
        table = extract_indicators(prepared.structure, year=prepared.year)
    score = score_indicators(gold, table)
    if show:
        for g in score.missed:
            print(f"MISSED  {g['value']} {g['unit']}  {g['indicator']}  {g['year']} {g['kind']}")
        for label, pairs, column in (("NAME", score.wrong_name, "indicator"), ("YEAR", score.wrong_year, "year"),
                                     ("KIND", score.wrong_kind, "kind")):
            for g, p in pairs:
                print(f"{label:<7} {g['value']} {g['unit']}  {g['indicator']}  key={g[column]}  got={p.get(column)}")
        for p in score.extra:
            print(f"EXTRA   {p.get('value')} {p.get('unit')}  {p.get('indicator')}  {p.get('year')} {p.get('kind')}")
    required = int((gold.required.str.strip() == "1").sum())
    print(f"key: {required} required rows (and {len(gold) - required} ambiguous); predicted: {len(table)} rows; "
          f"required rows found: {required - len(score.missed)}; extra rows: {len(score.extra)}")
    print(score.summary())
    below = [f"{m} {score[m]:.3f} < {v:g}" for m, v in goals.items() if score[m] < v]
    if below:
        print(f"below the goals: {', '.join(below)}")
        return 1
    return 0


@dataclass(frozen=True)
class Command:
    """One subcommand: its help, its arguments (argparse flags and keyword arguments) and its run function.

    A ``help`` given as a function is called when the parser is built (lists of formats come from the registry).
    """

    help: str
    arguments: tuple[tuple[tuple[str, ...], dict[str, Any]], ...]
    run: Callable[[argparse.Namespace], int]


def _a(*flags: str, **kwargs: Any) -> tuple[tuple[str, ...], dict[str, Any]]:
    return flags, kwargs


_OUTPUT = _a("-o", "--output", required=True, help="output file")


def _stage_command(a: Analysis) -> Command:
    arguments = (
        _a("report", metavar="REPORT", help=lambda: f"a report: {format_list(long=True)}"),
        _OUTPUT,
        _a("--year", type=_year, default=None, help="the year the report is delivered in (when its text does not say)"),
        _a("--place", default=None, help="the report's place, e.g. 上海市 (when its text does not say)"),
        *((o.flags, o.kwargs) for o in a.options),
    )
    dests = [o.kwargs.get("dest") or o.flags[-1].lstrip("-").replace("-", "_") for o in a.options]
    return Command(a.help, arguments, lambda args: run_stage(a.name, args.report, args.output, args.year, args.place,
                                                             **{d: getattr(args, d) for d in dests}))


def _run_corpus(args: argparse.Namespace) -> int:
    if args.scheduler and args.executor != "dask":
        raise OneLineError("--scheduler is for --executor dask")
    return run_corpus(args.inputs, args.output, args.manifest, args.executor, args.jobs, args.scheduler)


def _learn(what: str, run: Callable[[str, str, str], int]) -> Command:
    return Command(f"learn {what} from a folder of reports", (
        _a("corpus", metavar="CORPUS_DIR", help=lambda: f"a folder of reports ({format_list()})"),
        _OUTPUT,
        _a("--exclude", default="", help="report names to leave out, comma-separated (held-out reports)"),
    ), lambda args: run(args.corpus, args.output, args.exclude))


#: Every subcommand, in the order of ``--help``: one per analysis of :data:`helpers.analyses.ANALYSES`, then the
#: commands over many reports.
COMMANDS: dict[str, Command] = {
    **{name: _stage_command(a) for name, a in ANALYSES.items()},
    "frequency": Command("token frequencies over many reports in one table (as quanteda's textstat_frequency) to OUT.csv", (
        _a("reports", nargs="+", metavar="REPORT", help=lambda: f"report files ({format_list()})"),
        _OUTPUT,
        _a("--jieba-only", action="store_true", help="plain jieba tokens (no policy dictionary, no discovery)"),
    ), lambda args: run_frequency(args.reports, args.output, args.jieba_only)),
    "learn-terms": _learn("the general policy-term dictionary (policy_terms_corpus.txt)", run_learn_terms),
    "learn-themes": _learn("the theme words (theme_words.csv)", run_learn_themes),
    "evaluate": Command("score themes (leave-one-report-out) and policy terms against the hand-made keys in KEYS_DIR", (
        _a("corpus", metavar="CORPUS_DIR", help="a folder of reports (with the keyed reports)"),
        _a("--keys", default="tests/data/keys", help="folder of *_themes.csv and *_policy_terms.txt keys"),
        _a("--exclude", default="national_2016_gbk", help="report names to leave out, comma-separated"),
    ), lambda args: run_evaluate(args.corpus, args.keys, args.exclude)),
    "score-indicators": Command(SCORE_HELP, (
        _a("key", metavar="KEY", help="an answer key: CSV with value, unit, indicator, year, kind, required "
           "(tests/data/keys/*_indicators.csv; the .md beside each says how it was made)"),
        _a("predicted", metavar="PRED", help="an indicator table (CSV, as written by python -m helpers indicators) "
           "or a report file, whose indicators are extracted first"),
        *(_a(f"--min-{metric}", type=float, default=None, metavar="X", help=f"exit 1 when {metric} is below X")
          for metric in METRICS),
        _a("--show", action="store_true", help="list the rows missed, found with another name, year or kind, "
           "and the extra rows"),
    ), lambda args: run_score_indicators(args.key, args.predicted, {
        m: v for m in METRICS if (v := getattr(args, f"min_{m}")) is not None}, args.show)),
    "corpus": Command(CORPUS_HELP, (
        _a("inputs", nargs="+", metavar="DIR_OR_FILE",
           help=lambda: f"report folders (their {suffix_list(' and ')} files) or report files"),
        _a("-o", "--output", required=True, help="output folder for the tables"),
        _a("--manifest", default=None, help="a CSV of hand corrections (file, place, level, year, …); "
           "default: manifest.csv in the corpus folder"),
        _a("--executor", choices=EXECUTORS, default="local",
           help="local processes (default) or a Dask cluster (the optional dask extra)"),
        _a("--jobs", type=int, default=None, help="parallel workers (default: cores)"),
        _a("--scheduler", default=None, help="with --executor dask: a scheduler address such as tcp://host:8786 "
           "(default: a LocalCluster on this machine)"),
    ), _run_corpus),
    "render": Command(RENDER_HELP, (
        _a("reports", nargs="+", metavar="REPORT", help=lambda: f"report files ({format_list()})"),
        _a("-o", "--output", default="reports", help="output folder (default: reports)"),
        _a("--jobs", type=int, default=None, help="reports rendered in parallel (default: cores)"),
    ), lambda args: run_render(args.reports, args.output, args.jobs)),
}


def build_parser() -> argparse.ArgumentParser:
    """The argument parser: one sub-command per entry of :data:`COMMANDS`."""
    parser = argparse.ArgumentParser(prog="python -m helpers", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="stage", required=True, metavar="STAGE")
    for name, command in COMMANDS.items():
        p = sub.add_parser(name, help=command.help, description=command.help)
        for flags, kwargs in command.arguments:
            if callable(kwargs.get("help")):
                kwargs = {**kwargs, "help": kwargs["help"]()}
            p.add_argument(*flags, **kwargs)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.stage].run(args)
    except OneLineError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"error: {exc.filename or ''}: {exc.strerror}", file=sys.stderr)
        return 2
