"""Keywords benchmark: term discovery and segmentation against plain jieba on the same text.

For each report: plain jieba (its own dictionary, ``lcut`` of every sentence) against the workbook's
segmentation (policy dictionaries, discovery of the report's own terms, longest match, the token table),
without the on-disk cache; median of ``--repeat`` runs each, after one warm-up (dictionaries loaded once
per process, as in a render). Goal (issue 11): the workbook's at most 3 times plain jieba. Figures only:
nothing here asserts a time. Usage:

    .venv/bin/python benchmarks/keywords_benchmark.py [--corpus DIR] [--limit N] [--repeat N]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from helpers import prepare_report  # noqa: E402
from helpers.segment import _base_tokenizer, _plain_tokenizer, _segment, heading_lines, jieba_tags  # noqa: E402


def _median(fn, repeat: int) -> float:
    fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", default=str(ROOT / "data" / "corpus"), help="folder of reports (default: data/corpus)")
    parser.add_argument("--limit", type=int, default=12, help="reports from the folder (default 12)")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per report (median)")
    args = parser.parse_args()
    if not Path(args.corpus).is_dir():
        print(f"{args.corpus}: no such folder (give a folder of reports with --corpus)", file=sys.stderr)
        return 2
    files = [ROOT / "data" / "raw" / "wuxi_2021.txt"] + sorted(Path(args.corpus).glob("*.txt"))[: args.limit]
    plain = _plain_tokenizer()
    _base_tokenizer(), jieba_tags()  # load the dictionaries once, as a render does
    total_j = total_w = 0.0
    print(f"{'report':<22}{'chars':>8}{'jieba s':>10}{'workbook s':>12}{'ratio':>8}")
    for f in files:
        structure = prepare_report(f).structure
        sentences = structure.sentences
        text = "\n".join(sentences.text)
        headings = heading_lines(structure)
        t_j = _median(lambda: [plain.lcut(s) for s in sentences.text], args.repeat)
        t_w = _median(lambda: _segment(sentences, text, True, headings), args.repeat)
        total_j, total_w = total_j + t_j, total_w + t_w
        print(f"{f.stem:<22}{len(text):>8}{t_j:>10.3f}{t_w:>12.3f}{t_w / t_j:>8.2f}")
    print(f"{'all':<22}{'':>8}{total_j:>10.3f}{total_w:>12.3f}{total_w / total_j:>8.2f}   (goal: <= 3.00)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
