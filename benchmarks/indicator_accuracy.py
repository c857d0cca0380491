"""Indicator accuracy on every hand-made answer key: prints a Markdown table.

Keys: the project's own (``tests/data/keys/*_indicators.csv``, each made by reading a report of
``data/corpus/`` before any tuning on it; the ``.md`` beside each key gives its provenance and whether it
was later used for development), and the sample's, which the maintainers keep (``../shared/gold/``, the
training set the rules were first written on): its row is printed only when ``../shared`` is beside the
project, and one line says so otherwise (``make check-shared`` checks it there).
Scored with the project's scorer (``helpers/indicators/scoring.py``; the maintainers' rules, and
``make check-shared`` checks that both give the same figures); ``python -m helpers score-indicators KEY REPORT``
scores one key.

    .venv/bin/python benchmarks/indicator_accuracy.py
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from helpers import prepare_report  # noqa: E402
from helpers.indicators import extract_indicators  # noqa: E402
from helpers.indicators.scoring import score_indicators  # noqa: E402
from helpers.paths import DATA_DIR, PROJECT_ROOT, SAMPLE_REPORT  # noqa: E402

CORPUS = DATA_DIR / "corpus"
KEYS = PROJECT_ROOT / "tests" / "data" / "keys"
#: The sample's key, kept by the maintainers beside the project (not in the repository).
GOLD = PROJECT_ROOT.parent / "shared" / "gold" / "wuxi_2021_indicators.csv"
#: Keys whose failures were read while the rules were written (development), and those never read (held out).
ROLE = {"wuxi_2021": "training (maintainers' key)", "national_2012": "development", "anhui_2026": "development",
        "shanghai_2022": "development", "national_2024": "held out", "jiangsu_2025": "held out",
        "zhejiang_2025": "development (held out, scored once)", "henan_2025": "held out", "national_2018": "held out",
        "beijing_2025": "held out"}


def main() -> int:
    keys = [(SAMPLE_REPORT, GOLD)] if GOLD.is_file() else []
    keys += [(CORPUS / k.name.replace("_indicators.csv", ".txt"), k) for k in sorted(KEYS.glob("*_indicators.csv"))]
    print("| report | key | rows | recall | precision | name | year | kind |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for report, key in keys:
        p = prepare_report(report)
        table = extract_indicators(p.structure, year=p.year)
        f = score_indicators(key, table).figures
        print(f"| {p.name} | {ROLE.get(p.name, 'held out')} | {len(table)} | {f['recall']:.3f} | {f['precision']:.3f} | "
              f"{f['name']:.3f} | {f['year']:.3f} | {f['kind']:.3f} |")
    if not GOLD.is_file():
        print("(wuxi_2021, the sample: its key is kept by the maintainers in ../shared/gold/, which is not beside this "
              "project, so its row is left out; make check-shared scores it there)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
