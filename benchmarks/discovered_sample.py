"""Draw a sample of discovered terms to judge by hand (issue 20: are the units discovery keeps whole good units?).

Terms are drawn at random with a fixed seed from the reports never learned from (HELD_OUT in the Makefile), leaving
out the terms already judged in earlier samples (``--exclude``, repeated for several files), and written as
a TSV with ``term, report, occurrences, context`` (the first sentence holding the term, at most 80 characters around
it) and an empty ``judgement`` column, after a header comment giving the seed and the command that redraws it::

    .venv/bin/python benchmarks/discovered_sample.py --seed 2022 --n 200 \\
        --exclude tests/data/keys/discovered_terms_judged.tsv \\
        --exclude tests/data/keys/discovered_terms_sample2_judged.tsv \\
        --exclude tests/data/keys/discovered_terms_sample3_judged.tsv -o /work/keys/units4/sample4.tsv

Scored against the judgements with ``benchmarks/discovered_precision.py``.
"""
from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from helpers.paths import PROJECT_ROOT  # noqa: E402
from helpers.prepare import prepare_report  # noqa: E402
from helpers.segment import report_tokens  # noqa: E402


def held_out() -> list[str]:
    """The HELD_OUT names of the Makefile (less national_2016_gbk, national_2016 in another encoding)."""
    text = (PROJECT_ROOT / "Makefile").read_text(encoding="utf-8")
    names = re.search(r"^HELD_OUT \?= (.+)$", text, re.M).group(1).split(",")
    return sorted(n.strip() for n in names if n.strip() and not n.strip().endswith("_gbk"))


def context(sentences: list[str], term: str, width: int = 80) -> str:
    for s in sentences:
        i = s.find(term)
        if i >= 0:
            if len(s) <= width:
                return s
            start = max(0, min(i - (width - len(term)) // 2, len(s) - width))
            return s[start : start + width]
    return ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, default=2020)
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--corpus", default="data/corpus")
    parser.add_argument("--exclude", action="append", default=[], help="a TSV with report and term columns already judged (repeat for several)")
    parser.add_argument("-o", "--output", required=True)
    args = parser.parse_args(argv)
    judged: set[tuple[str, str]] = set()
    for path in args.exclude:
        old = pd.read_csv(path, sep="\t", comment="#", keep_default_na=False)
        judged |= set(zip(old.report, old.term))
    pool = []
    for name in held_out():
        prepared = prepare_report(PROJECT_ROOT / args.corpus / f"{name}.txt")
        sentences = list(prepared.structure.sentences.text)
        text = "\n".join(sentences)
        for term in sorted(report_tokens(prepared.structure).discovered.term):
            if (name, term) not in judged:
                pool.append({"term": term, "report": name, "occurrences": text.count(term),
                             "context": context(sentences, term), "judgement": ""})
    sample = random.Random(args.seed).sample(pool, min(args.n, len(pool)))
    command = ("python benchmarks/discovered_sample.py --seed {} --n {} {}-o {}".format(
        args.seed, args.n, "".join(f"--exclude {p} " for p in args.exclude), args.output))
    header = (f"# {len(sample)} discovered terms drawn at random (random.Random({args.seed}).sample) from the {len(pool)} terms\n"
              f"# discovered in the reports never learned from ({', '.join(held_out())}), less those judged before.\n"
              f"# judgement: to be filled in blind (1 a good keyword-table unit, 0 not, with the reason). Redraw with:\n"
              f"# .venv/bin/{command}\n")
    out = Path(args.output)
    out.write_text(header + pd.DataFrame(sample).to_csv(sep="\t", index=False), encoding="utf-8")
    print(f"{out}: {len(sample)} of {len(pool)} terms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
