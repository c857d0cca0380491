"""Checks against the maintainers' material in ``../shared`` (not part of the project).

Run by ``make check-shared`` (CI runs it after ``make test``); ``make test`` does not collect this folder,
so a clone without ``../shared`` runs every test it holds and skips none.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from helpers.indicators import extract_indicators
from helpers.indicators.scoring import score_indicators
from helpers.paths import PROJECT_ROOT, SAMPLE_REPORT

SHARED = PROJECT_ROOT.parent / "shared"
SCORER = SHARED / "eval" / "score_indicators.py"
GOLD = SHARED / "gold" / "wuxi_2021_indicators.csv"
KEYS = PROJECT_ROOT / "tests" / "data" / "keys"
CORPUS = PROJECT_ROOT / "data" / "corpus"


def _maintainers_score(key: Path, predicted: Path) -> dict[str, float]:
    out = subprocess.run([sys.executable, str(SCORER), str(key), str(predicted)], capture_output=True, text=True,
                         check=True).stdout.strip().splitlines()[-1]
    return {k: float(v) for k, v in (part.split("=") for part in out.split())}


def test_shared_is_beside_the_project():
    assert SHARED.is_dir(), "make check-shared needs ../shared beside the project"


def test_sample_is_byte_copy_of_seed():
    assert SAMPLE_REPORT.read_bytes() == (SHARED / "seed" / "wuxi_2021.txt").read_bytes()


def test_corpus_is_a_byte_copy_of_the_shared_corpus():
    ours = {p.name: p.read_bytes() for p in (CORPUS).iterdir()}
    theirs = {p.name: p.read_bytes() for p in (SHARED / "corpus").iterdir()}
    assert {n: b for n, b in ours.items() if n in theirs} == theirs


def test_sample_scores_meet_goals(sample, tmp_path):
    out = tmp_path / "indicators.csv"
    subprocess.run([sys.executable, "-m", "helpers", "indicators", str(SAMPLE_REPORT), "-o", str(out)],
                   check=True, cwd=PROJECT_ROOT, capture_output=True)
    proc = subprocess.run(
        [sys.executable, str(SCORER), str(GOLD), str(out),
         "--min-recall", "0.97", "--min-precision", "0.95", "--min-name", "0.90", "--min-year", "0.90", "--min-kind", "0.97"],
        capture_output=True, text=True,
    )
    assert proc.returncode == 0, proc.stdout


@pytest.mark.parametrize("key", [GOLD, *sorted(KEYS.glob("*_indicators.csv"))], ids=lambda p: p.stem)
def test_project_scorer_agrees_with_the_maintainers(key, tmp_path):
    """helpers.indicators.scoring gives the figures ../shared/eval/score_indicators.py gives, on every key."""
    from helpers import prepare_report

    report = SAMPLE_REPORT if key == GOLD else CORPUS / key.name.replace("_indicators.csv", ".txt")
    p = prepare_report(report)
    predicted = tmp_path / "pred.csv"
    extract_indicators(p.structure, year=p.year).to_csv(predicted, index=False)
    ours = score_indicators(key, predicted).figures
    theirs = _maintainers_score(key, predicted)
    assert {k: round(v, 3) for k, v in ours.items()} == theirs
