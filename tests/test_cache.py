"""The cache: checksummed entries, verified on read, rebuilt when damaged."""
from __future__ import annotations

import random

from helpers import cache


def test_round_trip_and_damage_is_never_loaded(tmp_path, monkeypatch):
    monkeypatch.setattr(cache, "CACHE_DIR", tmp_path)
    path = cache.entry("demo", "key")
    value = {"text": "都市圈", "n": 3}
    cache.write(path, value)
    assert cache.read(path) == value
    rng = random.Random(7)
    data = path.read_bytes()
    for _ in range(200):
        damaged = bytearray(data)
        for _ in range(rng.randint(1, 5)):
            i = rng.randrange(len(damaged))
            damaged[i] ^= rng.randint(1, 255)
        path.write_bytes(bytes(damaged))
        assert cache.read(path) is None and not path.exists()
    path.write_bytes(data[: len(data) // 2])  # truncated
    assert cache.read(path) is None


def test_cached_computes_once(tmp_path, monkeypatch):
    monkeypatch.setattr(cache, "CACHE_DIR", tmp_path)
    calls = []

    def compute():
        calls.append(1)
        return [1, 2, 3]

    assert cache.cached("demo", "k", [], compute) == [1, 2, 3]
    assert cache.cached("demo", "k", [], compute) == [1, 2, 3]
    assert calls == [1]
    assert cache.cached("demo", "k", [], compute, use_cache=False) == [1, 2, 3] and len(calls) == 2
