"""Score the discovery rules on judged samples of discovered terms (issue 20: good keyword-table units).

For each judged sample (a TSV with ``term``, ``report`` and a judgement column, ``tests/data/keys/discovered_terms*_judged.tsv``)
the terms of each report are discovered again with the rules in the code now, and the script prints per sample how
many judged rows are still discovered, the share of those judged good (precision), and how many good rows are lost.
``--show`` lists the rows still discovered that were judged bad (and the good ones lost)::

    .venv/bin/python benchmarks/discovered_precision.py tests/data/keys/discovered_terms*_judged.tsv --show
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from helpers.paths import PROJECT_ROOT  # noqa: E402
from helpers.prepare import prepare_report  # noqa: E402
from helpers.segment import discover_terms, heading_lines  # noqa: E402


def read_judged(path: str) -> pd.DataFrame:
    """``report, term, good, why`` of a judged sample (either layout: ``good`` or ``judgement`` column)."""
    df = pd.read_csv(path, sep="\t", comment="#", keep_default_na=False, dtype=str)
    good = df["good"] if "good" in df else df["judgement"]
    why = df["why"] if "why" in df else ""
    return pd.DataFrame({"report": df.report, "term": df.term, "good": good.astype(int), "why": why})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("judged", nargs="+", help="judged samples (TSV)")
    parser.add_argument("--corpus", default="data/corpus")
    parser.add_argument("--show", action="store_true", help="list bad rows still discovered and good rows lost")
    args = parser.parse_args(argv)
    samples = {p: read_judged(p) for p in args.judged}
    reports = sorted({r for df in samples.values() for r in df.report})
    found: dict[str, set[str]] = {}
    for name in reports:
        structure = prepare_report(PROJECT_ROOT / args.corpus / f"{name}.txt").structure
        text = "\n".join(structure.sentences.text)
        found[name] = set(discover_terms(text, headings=heading_lines(structure)).term)
    total_kept = total_good = 0
    for path, df in samples.items():
        kept = df[[t in found[r] for r, t in zip(df.report, df.term)]]
        lost_good = df[(df.good == 1) & ~df.index.isin(kept.index)]
        good = int(kept.good.sum())
        total_kept, total_good = total_kept + len(kept), total_good + good
        print(f"{Path(path).name}: {len(kept)} of {len(df)} still discovered, {good} good "
              f"({good / max(len(kept), 1):.1%}; judged {df.good.mean():.1%}), {len(lost_good)} good lost")
        if args.show:
            for r in kept[kept.good == 0].itertuples():
                print(f"  bad kept  {r.report}\t{r.term}\t{r.why}")
            for r in lost_good.itertuples():
                print(f"  good lost {r.report}\t{r.term}")
    print(f"all: {total_kept} still discovered, {total_good} good ({total_good / max(total_kept, 1):.1%})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
