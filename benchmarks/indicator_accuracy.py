"""Indicator accuracy on every hand-made answer key: prints a Markdown table.

Keys: the project's own (``tests/data/keys/*_indicators.csv`` on ``data/corpus``, each made by reading a report
before any tuning on it; see the ``.md`` beside each key for its provenance and whether it was later used for
development), and the sample's (``../shared/gold/``, the training set the rules were first written on) when the
maintainers' folder is beside the project (``--shared DIR`` points elsewhere). Scores with the project's scorer
:func:`helpers.indicators.scoring.score_indicators` (the maintainers' rules; ``make check-shared`` checks the two
agree).

    .venv/bin/python benchmarks/indicator_accuracy.py [--shared ../shared]
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from helpers import prepare_report  # noqa: E402
from helpers.indicators import extract_indicators  # noqa: E402
from helpers.indicators.scoring import score_indicators  # noqa: E402
from helpers.paths import PROJECT_ROOT, SAMPLE_REPORT  # noqa: E402

CORPUS = PROJECT_ROOT / "data" / "corpus"
KEYS = PROJECT_ROOT / "tests" / "data" / "keys"
#: Keys whose failures were read while the rules were written (development), and those never read (held out).
ROLE = {"wuxi_2021": "training (shared gold)", "national_2012": "development", "anhui_2026": "development",
        "shanghai_2022": "development", "national_2024": "held out", "jiangsu_2025": "held out"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=PROJECT_ROOT.parent / "shared",
                        help="the maintainers' folder holding gold/wuxi_2021_indicators.csv (default: ../shared)")
    args = parser.parse_args(argv)
    keys = []
    if (gold := args.shared / "gold" / "wuxi_2021_indicators.csv").is_file():
        keys.append((SAMPLE_REPORT, gold))
    keys += [(CORPUS / k.name.replace("_indicators.csv", ".txt"), k) for k in sorted(KEYS.glob("*_indicators.csv"))]
    print("| report | key | rows | recall | precision | name | year | kind |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for report, key in keys:
        p = prepare_report(report)
        table = extract_indicators(p.structure, year=p.year)
        f = score_indicators(key, table).figures
        print(f"| {p.name} | {ROLE.get(p.name, 'held out')} | {len(table)} | {f['recall']:.3f} | {f['precision']:.3f} | "
              f"{f['name']:.3f} | {f['year']:.3f} | {f['kind']:.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
