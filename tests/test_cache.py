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


# --------------------------------------------------------------------------- the code fingerprint is derived


def _write(root, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_a_new_module_imported_by_a_cached_function_changes_its_fingerprint(tmp_path):
    from helpers import cache

    _write(tmp_path, {"pkg/__init__.py": "", "pkg/low.py": "X = 1\n", "pkg/work.py": "from .low import X\n",
                      "pkg/page.py": "from .work import X\n"})
    before = cache.code_files("pkg.work", tmp_path)
    assert [p.name for p in before] == ["low.py", "work.py"], "the module and what it imports, not what imports it"
    fp = cache.fingerprint(before)
    _write(tmp_path, {"pkg/new.py": "Y = 2\n", "pkg/work.py": "from .low import X\nfrom . import new\n"})
    cache._code_files.cache_clear()
    after = cache.code_files("pkg.work", tmp_path)
    assert [p.name for p in after] == ["low.py", "new.py", "work.py"]
    fp_after = cache.fingerprint(after)
    assert fp_after != fp
    _write(tmp_path, {"pkg/new.py": "Y = 3\n"})  # an edit two imports down counts too
    assert cache.fingerprint(cache.code_files("pkg.work", tmp_path)) != fp_after


def test_editing_a_presentation_module_keeps_the_workers_fingerprints(tmp_path):
    import shutil

    from helpers import cache
    from helpers.paths import PROJECT_ROOT

    shutil.copytree(PROJECT_ROOT / "helpers", tmp_path / "helpers", ignore=shutil.ignore_patterns("__pycache__"))
    workers = ("helpers.prepare", "helpers.segment", "helpers.indicators.tables", "helpers.formats")
    fps = {w: cache.fingerprint(cache.code_files(w, tmp_path)) for w in workers}
    for presentation in ("figures.py", "outputs.py", "params.py", "render.py", "cli.py"):
        (tmp_path / "helpers" / presentation).write_text("# edited\n", encoding="utf-8")
    assert {w: cache.fingerprint(cache.code_files(w, tmp_path)) for w in workers} == fps
    (tmp_path / "helpers" / "structure.py").write_text("# edited\n", encoding="utf-8")  # below every worker
    assert all(cache.fingerprint(cache.code_files(w, tmp_path)) != fps[w] for w in workers if w != "helpers.formats")


def test_a_module_a_registry_names_in_a_string_is_in_the_fingerprint():
    # the input-format registry names each converter as "helpers.formats_pdf:convert_pdf" (imported on first use):
    # a prepared report's code, and the corpus worker's, cover the converters without a list by hand
    for start in ("helpers.prepare", "helpers.corpus.worker", "helpers.formats"):
        names = {p.name for p in cache.code_files(start)}
        assert {"formats_pdf.py", "formats_docx.py", "formats_html.py", "input_formats.py"} <= names, start
