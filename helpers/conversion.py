"""What a converter of PDF, Word or web pages returns, and the small helpers the converters share."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

#: The cleaning log's columns (:data:`helpers.clean.LOG_COLUMNS`; a test checks they agree).
LOG_COLUMNS = ["rule", "location", "before", "after"]

@dataclass
class Conversion:
    """A converted report: its text, what the converter removed or changed, and metadata."""

    text: str
    log: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=LOG_COLUMNS))
    meta: dict[str, str] = field(default_factory=dict)
    encoding: str = "utf-8"
    pages: int | None = None


def make_log(rows: list[tuple[str, str, str, str]]) -> pd.DataFrame:
    """A conversion log from ``(rule, location, before, after)`` rows."""
    return pd.DataFrame(rows, columns=LOG_COLUMNS).astype({"location": "object"})


HAN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


def count_han(text: str) -> int:
    """How many Chinese characters ``text`` has."""
    return len(HAN_RE.findall(text))


def short(text: str, limit: int = 120) -> str:
    """``text`` on one line, cut to ``limit`` characters, for the log."""
    one = re.sub(r"\s+", " ", text).strip()
    return one if len(one) <= limit else one[: limit - 1] + "…"
