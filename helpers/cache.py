"""One on-disk cache for every expensive step: prepared reports, segmentations, font subsets.

An entry is keyed by what it was computed from (the input text, or a file's path, size and time) and
by a fingerprint of the code and data files it depends on, so it is dropped when either changes.
Every entry is written with a checksum and verified on read: a damaged entry (a changed byte, a
truncated file) is deleted and recomputed, never loaded. Writes are atomic, so parallel renders can
share the cache.

:data:`STATS` counts hits and misses per kind, so tests can check that work was not done twice.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import platform
import sys
from collections import Counter
from pathlib import Path
from typing import Callable, TypeVar

from .paths import CACHE_DIR

T = TypeVar("T")
MAGIC = b"GWR-CACHE-2\n"
#: Hits and misses per kind (``("segmentation", "hit")`` …) in this process.
STATS: Counter[tuple[str, str]] = Counter()


def _versions() -> str:
    """Library versions an entry depends on: pickles of pandas objects are not portable across them."""
    import pandas

    return f"{sys.version_info[:2]}|{platform.machine()}|pandas {pandas.__version__}"


def fingerprint(paths: list[Path] | tuple[Path, ...]) -> str:
    """A hash of source and data files (and library versions), so entries are dropped when they change."""
    h = hashlib.sha256(_versions().encode())
    for p in sorted(paths):
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


def entry(kind: str, key: str, depends: list[Path] | tuple[Path, ...] = ()) -> Path:
    """Where the entry of ``kind`` for ``key`` lives (``.cache/<kind>/<key hash>-<fingerprint>``)."""
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]
    return CACHE_DIR / kind / f"{digest}-{fingerprint(depends)}.bin"


def read_bytes(path: Path) -> bytes | None:
    """The payload of an entry, or ``None`` when it is missing or damaged (a damaged one is deleted)."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    head = len(MAGIC) + 32
    if data[: len(MAGIC)] == MAGIC and len(data) >= head and hashlib.sha256(data[head:]).digest() == data[len(MAGIC) : head]:
        return data[head:]
    try:
        path.unlink()
    except OSError:
        pass
    return None


def write_bytes(path: Path, payload: bytes) -> None:
    """Store a payload with its checksum, atomically; a read-only checkout still works, only slower."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(MAGIC + hashlib.sha256(payload).digest() + payload)
        tmp.replace(path)
    except OSError:
        pass


def read(path: Path) -> object | None:
    """A cached object, or ``None`` when the entry is missing, damaged or unreadable."""
    payload = read_bytes(path)
    if payload is None:
        return None
    try:
        return pickle.loads(payload)
    except Exception:  # noqa: BLE001 - a class that moved or changed: recompute
        return None


def write(path: Path, value: object) -> None:
    """Store an object (see :func:`write_bytes`)."""
    write_bytes(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


def cached(kind: str, key: str, depends: list[Path] | tuple[Path, ...], compute: Callable[[], T],
           valid: type | tuple[type, ...] = object, use_cache: bool = True) -> T:
    """The cached value of ``compute()`` for ``key``, computing and storing it on a miss."""
    if not use_cache:
        return compute()
    path = entry(kind, key, depends)
    value = read(path)
    if value is not None and isinstance(value, valid):
        STATS[(kind, "hit")] += 1
        return value  # type: ignore[return-value]
    STATS[(kind, "miss")] += 1
    value = compute()
    write(path, value)
    return value
