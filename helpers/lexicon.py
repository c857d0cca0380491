"""Every word list, pattern list and dictionary under ``data/``, read in one place.

The files are plain text (one entry per line, ``#`` comments) or YAML, documented in ``data/README.md``,
so a teacher can edit them without touching code. Each reader is cached for the process; the cache
of results (:mod:`helpers.cache`) is keyed by :func:`data_files`, so an edited list takes effect on the
next run.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from .errors import OneLineError
from .paths import DATA_DIR

if TYPE_CHECKING:
    import pandas as pd

CLEANING_DIR = DATA_DIR / "cleaning"
DICTIONARY_DIR = DATA_DIR / "dictionaries"
INDICATOR_DIR = DATA_DIR / "indicators"
POLICY_TERMS = DICTIONARY_DIR / "policy_terms.txt"
POLICY_TERMS_NATIONAL = DICTIONARY_DIR / "policy_terms_national.txt"
POLICY_TERMS_CORPUS = DICTIONARY_DIR / "policy_terms_corpus.txt"
THEME_WORDS_FILE = DICTIONARY_DIR / "theme_words.csv"
TERM_HEADS = DICTIONARY_DIR / "term_heads.txt"
STOPWORDS = DICTIONARY_DIR / "stopwords.txt"
POLICY_VERBS = DICTIONARY_DIR / "policy_verbs.txt"
THEMES_FILE = DICTIONARY_DIR / "themes.yml"
UNITS_FILE = INDICATOR_DIR / "units.yml"
CONTEXT_WORDS_FILE = INDICATOR_DIR / "context_words.yml"


def data_files(*folders: Path) -> list[Path]:
    """The files in ``folders`` (for cache fingerprints)."""
    return sorted(p for folder in folders for p in folder.glob("*") if p.is_file())


def read_word_list(path: Path) -> list[str]:
    """Words from a list file: one per line (first field), ``#`` comments and blank lines skipped."""
    words = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            words.append(line.split()[0])
    return words


def read_yaml(path: Path) -> object:
    """A YAML file's content."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def read_yaml_mapping(path: Path, expected: str, error: type[OneLineError] = OneLineError) -> dict:
    """A YAML data file that must hold a mapping; ``error`` (one line naming the file) when it is missing, not
    valid YAML, or not a mapping (``expected`` says what it should hold)."""
    try:
        data = read_yaml(path)
    except FileNotFoundError:
        raise error(f"{path}: no such file") from None
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line = f" (line {where.line + 1})" if where else ""
        raise error(f"{path}: not valid YAML{line}: {getattr(exc, 'problem', exc)}") from None
    if not isinstance(data, dict):
        raise error(f"{path}: expected {expected}")
    return data


def read_headed_word_list(path: Path, keys: tuple[str, ...]) -> tuple[dict[str, str], list[str]]:
    """A word list with ``# key: value`` header lines (only ``keys`` are kept) and its words (first field of a line)."""
    header: dict[str, str] = {}
    words: list[str] = []
    head = re.compile(rf"#\s*({'|'.join(map(re.escape, keys))})\s*:\s*(.+)")
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line:
            continue
        if line.startswith("#"):
            if m := head.match(line):
                header[m.group(1)] = m.group(2).strip()
            continue
        words.append(line.split()[0])
    return header, words


def read_table(path: Path) -> "pd.DataFrame":
    """A CSV data file (``#`` comment lines skipped, empty cells kept as empty strings)."""
    import pandas as pd

    return pd.read_csv(path, comment="#", keep_default_na=False)


def _read_patterns(path: Path) -> tuple[re.Pattern[str], ...]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return tuple(re.compile(line.strip()) for line in lines if line.strip() and not line.lstrip().startswith("#"))


# --------------------------------------------------------------------------- cleaning


@lru_cache(maxsize=None)
def furniture_patterns() -> tuple[re.Pattern[str], ...]:
    """Whole-line patterns of web-page furniture (``data/cleaning/web_furniture.txt``)."""
    return _read_patterns(CLEANING_DIR / "web_furniture.txt")


@lru_cache(maxsize=None)
def appendix_patterns() -> tuple[re.Pattern[str], ...]:
    """Whole-line patterns that start an appendix or footer (``data/cleaning/appendix_markers.txt``)."""
    return _read_patterns(CLEANING_DIR / "appendix_markers.txt")


@lru_cache(maxsize=None)
def stray_english_words() -> dict[str, str]:
    """English words and their Chinese replacements (``data/cleaning/stray_english.yml``)."""
    data = read_yaml(CLEANING_DIR / "stray_english.yml") or {}
    return {str(k): str(v) for k, v in data.items()}


# --------------------------------------------------------------------------- dictionaries


@lru_cache(maxsize=None)
def stopwords() -> frozenset[str]:
    """Function words and report boilerplate (``data/dictionaries/stopwords.txt``)."""
    return frozenset(read_word_list(STOPWORDS))


@lru_cache(maxsize=None)
def policy_verbs() -> frozenset[str]:
    """Substantive policy verbs (``data/dictionaries/policy_verbs.txt``)."""
    return frozenset(read_word_list(POLICY_VERBS))


@lru_cache(maxsize=None)
def policy_terms() -> tuple[str, ...]:
    """The hand-made policy-term dictionaries: ``policy_terms.txt`` and the national vocabulary
    ``policy_terms_national.txt`` (both under ``data/dictionaries/``), each term once."""
    return tuple(dict.fromkeys(read_word_list(POLICY_TERMS) + read_word_list(POLICY_TERMS_NATIONAL)))


@lru_cache(maxsize=None)
def term_heads() -> frozenset[str]:
    """Heads of named policy terms (``data/dictionaries/term_heads.txt``)."""
    return frozenset(read_word_list(TERM_HEADS))


@lru_cache(maxsize=None)
def corpus_policy_terms() -> tuple[str, ...]:
    """Policy terms learned from many reports (``data/dictionaries/policy_terms_corpus.txt``; may be absent)."""
    return tuple(read_word_list(POLICY_TERMS_CORPUS)) if POLICY_TERMS_CORPUS.is_file() else ()


# --------------------------------------------------------------------------- indicators


@lru_cache(maxsize=None)
def units() -> dict[str, tuple[str, float, str]]:
    """Units as written → (base unit, factor, measure), from ``data/indicators/units.yml``."""
    data = read_yaml(UNITS_FILE)
    return {str(k): (str(v[0]), float(v[1]), str(v[2])) for k, v in data["units"].items()}


@lru_cache(maxsize=None)
def classifiers() -> tuple[str, ...]:
    """Counting classifiers (个, 家, 项 …) from ``data/indicators/units.yml``."""
    return tuple(str(c) for c in read_yaml(UNITS_FILE)["classifiers"])


@lru_cache(maxsize=None)
def unit_grammar() -> dict[str, object]:
    """The parts of the unit grammar in ``units.yml``: scales, per-units, people and household nouns."""
    data = read_yaml(UNITS_FILE)
    return {"scales": {str(k): float(v) for k, v in data["scales"].items()}, "per": [str(p) for p in data["per"]],
            "people_nouns": [str(n) for n in data["people_nouns"]], "household_nouns": [str(n) for n in data["household_nouns"]]}


@lru_cache(maxsize=None)
def unit_names() -> frozenset[str]:
    """Every unit as it may be written (see ``units.yml``): units, classifiers, with scales, 次, /per."""
    grammar = unit_grammar()
    scales, per = list(grammar["scales"]), grammar["per"]
    base = [u for u, (_, factor, _) in units().items() if factor == 1]
    counted = list(classifiers()) + [c + "次" for c in classifiers()]
    names = set(units()) | set(counted)
    names |= {s + u for s in scales for u in base + counted if u not in ("%", "‰")}
    names |= {u + "/" + p for u in ("元", "万元", "公斤", "吨", "千瓦时") for p in per if p != u}
    return frozenset(names)


@lru_cache(maxsize=None)
def context_words() -> dict[str, list[str]]:
    """The indicator extractor's word lists (``data/indicators/context_words.yml``), longest first."""
    words = read_yaml(CONTEXT_WORDS_FILE)
    return {k: sorted((str(w) for w in v), key=len, reverse=True) for k, v in words.items()}


# --------------------------------------------------------------------------- metadata

METADATA_DIR = DATA_DIR / "metadata"


@lru_cache(maxsize=None)
def places() -> dict[str, object]:
    """Provincial-level units and the national level (``data/metadata/places.yml``)."""
    return read_yaml(METADATA_DIR / "places.yml")


@lru_cache(maxsize=None)
def province_short_names() -> frozenset[str]:
    """Provincial-level units as a slogan names them (安徽, 广西, 内蒙古): ``places.yml`` without 省/市/自治区."""
    suffix = re.compile(r"(?:壮族|回族|维吾尔)?自治区$|特别行政区$|[省市]$")
    return frozenset(suffix.sub("", p["name"]) for p in places()["provinces"])


@lru_cache(maxsize=None)
def place_names() -> frozenset[str]:
    """Place names (``data/metadata/places.yml``): each province's full and short name, and the ``local`` places."""
    provinces = {str(p["name"]) for p in places()["provinces"]}
    return frozenset(provinces | province_short_names() | {str(n) for n in places().get("local") or ()})


@lru_cache(maxsize=None)
def _place_pattern() -> re.Pattern[str]:
    return re.compile("|".join(re.escape(n) for n in sorted(place_names(), key=lambda n: (-len(n), n))))


def names_a_place(word: str) -> bool:
    """True when ``word`` is a place name or contains one (浦东, 浦东新区法规, 健康上海): the rule that keeps
    places out of learned words (documented in ``data/metadata/places.yml``)."""
    return bool(_place_pattern().search(word))
