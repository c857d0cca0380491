"""The answer keys' provenance (headers of ``tests/data/keys/*``): paths relative to the project, sources that
exist in ``data/corpus/`` and still have the checksum the key was made on."""
from __future__ import annotations

import hashlib
import re

import pytest

from helpers.paths import PROJECT_ROOT

KEYS = PROJECT_ROOT / "tests" / "data" / "keys"
FILES = sorted(p for p in KEYS.iterdir() if p.suffix in (".md", ".txt", ".csv", ".tsv", ".py"))
#: An absolute path: a slash at the start of a word (after a space, quote, bracket or table bar), then a folder.
ABSOLUTE = re.compile(r"(?:^|[\s`(|\"'])(/[A-Za-z_][\w.-]*/\S*)", re.M)


@pytest.mark.parametrize("key", FILES, ids=lambda p: p.name)
def test_provenance_names_relative_paths_only(key):
    text = key.read_text(encoding="utf-8")
    assert not ABSOLUTE.findall(text), f"{key.name}: absolute machine paths; write data/corpus/X.txt or ../shared/…"
    for name in re.findall(r"data/corpus/([\w.-]+\.txt)", text):
        assert (PROJECT_ROOT / "data" / "corpus" / name).is_file(), f"{key.name} names data/corpus/{name}, not in the corpus"


def test_sources_have_the_checksum_the_keys_were_made_on():
    checked = 0
    for key in FILES:
        for line in key.read_text(encoding="utf-8").splitlines():
            if m := re.search(r"data/corpus/([\w.-]+\.txt)\b.*?\b([0-9a-f]{64})\b", line):
                digest = hashlib.sha256((PROJECT_ROOT / "data" / "corpus" / m.group(1)).read_bytes()).hexdigest()
                assert digest == m.group(2), f"{key.name}: data/corpus/{m.group(1)} changed since the key was made"
                checked += 1
    assert checked >= 17   # every policy-term key and the notes that give a checksum


def test_the_absolute_path_check_finds_one():
    assert ABSOLUTE.findall("Source: `/work/shared/corpus/national_2012.txt` (UTF-8)") == ["/work/shared/corpus/national_2012.txt`"]
    assert not ABSOLUTE.findall("data/corpus/x.txt, ../shared/gold/wuxi_2021_indicators.csv, 万元/人, km/h")
