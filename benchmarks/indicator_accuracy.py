"""Indicator accuracy on every hand-made answer key: prints a Markdown table.

Keys: the sample's (``../shared/gold/``, the training set the rules were developed on) and the project's
own (``tests/data/keys/*_indicators.csv``, each made by reading a report before any tuning on it; see
the ``.md`` beside each key for its provenance and whether it was later used for development).
Scores with the maintainers' scorer ``../shared/eval/score_indicators.py``.

    .venv/bin/python benchmarks/indicator_accuracy.py
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from helpers import prepare_report  # noqa: E402
from helpers.indicators import extract_indicators  # noqa: E402
from helpers.paths import PROJECT_ROOT, SAMPLE_REPORT  # noqa: E402

SHARED = PROJECT_ROOT.parent / "shared"
#: Keys whose failures were read while the rules were written (development), and those never read (held out).
ROLE = {"wuxi_2021": "training (shared gold)", "national_2012": "development", "anhui_2026": "development",
        "shanghai_2022": "development", "national_2024": "held out", "jiangsu_2025": "held out"}


def main() -> int:
    keys = [(SAMPLE_REPORT, SHARED / "gold" / "wuxi_2021_indicators.csv")]
    keys += [(SHARED / "corpus" / k.name.replace("_indicators.csv", ".txt"), k)
             for k in sorted((PROJECT_ROOT / "tests" / "data" / "keys").glob("*_indicators.csv"))]
    print("| report | key | rows | recall | precision | name | year | kind |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    with tempfile.TemporaryDirectory() as tmp:
        for report, key in keys:
            p = prepare_report(report)
            pred = Path(tmp) / f"{p.name}.csv"
            table = extract_indicators(p.structure, year=p.year)
            table.to_csv(pred, index=False)
            out = subprocess.run([sys.executable, str(SHARED / "eval" / "score_indicators.py"), str(key), str(pred)],
                                 capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1]
            f = dict(part.split("=") for part in out.split())
            print(f"| {p.name} | {ROLE.get(p.name, 'held out')} | {len(table)} | {f['recall']} | {f['precision']} | "
                  f"{f['name']} | {f['year']} | {f['kind']} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
