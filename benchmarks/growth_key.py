"""Score the GDP growth panel against a growth key folder and print the figures.

    .venv/bin/python benchmarks/growth_key.py tests/data/keys/growth_targets [-o OUT] [--misses]

KEYDIR holds ``growth_key.csv`` (place, level, pinyin, target_year, target_low, target_high, target_text,
target_source, result, result_text, result_source, status, required, notes) and ``excerpts/{pinyin}_{year}.txt``;
national rows may name files of ``data/corpus/`` as sources. The corpus pipeline (``python -m helpers corpus``)
runs on those reports into OUT (default: a temporary folder) and its ``growth_targets.csv`` is scored: targets
found (low and high match), results found, met/missed agreement where both are known. Goals: 0.97, 0.95, 0.95.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from helpers.corpus import score_growth_folder  # noqa: E402
from helpers.errors import OneLineError  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("key_dir", metavar="KEYDIR")
    parser.add_argument("-o", "--output", help="where the corpus tables go (default: a temporary folder)")
    parser.add_argument("--misses", action="store_true", help="list every key row missed")
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args(argv)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            score, panel = score_growth_folder(args.key_dir, args.output or tmp, jobs=args.jobs)
    except OneLineError as exc:
        print(exc, file=sys.stderr)
        return 2
    print(f"growth key {args.key_dir}: {len(panel)} place-years in the panel")
    for line in score.lines():
        print(line)
    if args.misses and not score.misses.empty:
        print(score.misses.to_string(index=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
