"""The held-out growth key scored through the corpus pipeline: :func:`growth_key_files`, :func:`score_growth_folder`."""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from ..errors import OneLineError
from ..growth import GrowthScore, read_growth_key, score_growth_key
from ..outputs import corpus_path
from ..paths import DATA_DIR
from .tables import build_corpus


def growth_key_files(key_dir: str | Path, corpus_dir: str | Path = DATA_DIR / "corpus") -> list[Path]:
    """The reports a growth key is scored on: its ``excerpts/*.txt``, and the corpus files its sources name.

    A source is a file name, maybe with a line number (``national_2019.txt:57``); names found in the excerpts
    folder are taken from there, others from ``corpus_dir`` when they are there.
    """
    key_dir = Path(key_dir)
    files = {f.name: f for f in sorted((key_dir / "excerpts").glob("*.txt"))}
    key = read_growth_key(key_dir / "growth_key.csv")
    for col in ("target_source", "result_source"):
        for source in key.get(col, pd.Series(dtype=str)).astype(str):
            name = re.split(r"[:#\s]", Path(source.strip()).name)[0] if source.strip() else ""
            if name and name not in files and (Path(corpus_dir) / name).is_file():
                files[name] = Path(corpus_dir) / name
    return [files[n] for n in sorted(files)]


def score_growth_folder(key_dir: str | Path, output: str | Path, jobs: int | None = 1) -> tuple[GrowthScore, pd.DataFrame]:
    """Run the corpus pipeline on a growth key's reports (:func:`growth_key_files`) into ``output`` and score
    its ``growth_targets.csv`` against ``growth_key.csv`` (:func:`helpers.growth.score_growth_key`)."""
    key_dir = Path(key_dir)
    key = read_growth_key(key_dir / "growth_key.csv")
    files = growth_key_files(key_dir)
    if not files:
        raise OneLineError(f"{key_dir}: no excerpts/*.txt and no corpus file named in growth_key.csv")
    build_corpus(files, output, jobs=jobs, progress=False)
    panel = pd.read_csv(corpus_path(output, "growth_targets"), keep_default_na=False, na_values=[""])
    return score_growth_key(key, panel), panel

