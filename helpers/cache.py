"""One on-disk cache for every expensive step: prepared reports, segmentations, font subsets.

An entry is keyed by what it was computed from (the input text, or a file's path, size and time) and
by a fingerprint of the code and data files it depends on, so it is dropped when either changes. The
code is never listed by hand: ``code=`` names the module (or a function of it) that computes the entry,
and :func:`code_files` derives its source and that of every ``helpers`` module it imports, transitively
(read from the import statements, sorted), so a new module a cached function imports is in the key.
Every entry is written with a checksum and verified on read: a damaged entry (a changed byte, a
truncated file) is deleted and recomputed, never loaded. Writes are atomic, so parallel renders can
share the cache.

:data:`STATS` counts hits and misses per kind, so tests can check that work was not done twice.
"""
from __future__ import annotations

import ast
import hashlib
import os
import pickle
import platform
import re
import sys
from collections import Counter
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from typing import Callable, TypeVar

from .paths import CACHE_DIR, PROJECT_ROOT

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
        st = p.stat()
        h.update(_file_digest(p, st.st_size, st.st_mtime_ns))
    return h.hexdigest()[:16]


@lru_cache(maxsize=4096)
def _file_digest(path: Path, size: int, mtime_ns: int) -> bytes:
    """One file's hash, remembered while its size and time stay the same (a corpus asks for the same
    fingerprint once per report)."""
    return hashlib.sha256(path.read_bytes()).digest()


#: What ``code=`` may name: a module, a function or class of one, or a dotted module name (``"helpers.prepare"``).
Code = ModuleType | Callable | str | None


def _module_name(code: ModuleType | Callable | str) -> str:
    if isinstance(code, str):
        return code
    if isinstance(code, ModuleType):
        return code.__name__
    return code.__module__


def _module_file(name: str, root: Path) -> Path | None:
    """The source file of dotted module ``name`` under ``root`` (a module or a package's ``__init__.py``)."""
    base = root.joinpath(*name.split("."))
    for path in (base.with_suffix(".py"), base / "__init__.py"):
        if path.is_file():
            return path
    return None


#: A module named in a string, as a registry names a function it imports on first use: ``"pkg.module:function"``.
_NAMED_MODULE = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+:[A-Za-z_]\w*")


def _imported_modules(name: str, path: Path, root: Path) -> set[str]:
    """The dotted names of the ``helpers`` modules that module ``name`` (at ``path``) imports (not under
    ``if TYPE_CHECKING:``), or names in a string ``"helpers.module:function"``; a package's import reaches its
    ``__init__``."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    top = name.split(".")[0]
    found: set[str] = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = list(tree.body)
    while nodes:
        node = nodes.pop()
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            nodes.extend(node.orelse)
            continue
        if isinstance(node, (ast.If, ast.Try)):
            nodes.extend(node.body + node.orelse + getattr(node, "finalbody", []))
            nodes.extend(b for h in getattr(node, "handlers", []) for b in h.body)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == top}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")
                parts = parts[: len(parts) - node.level + 1]
                module = ".".join(parts + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            if module.split(".")[0] != top:
                continue
            submodules = {f"{module}.{a.name}" for a in node.names if _module_file(f"{module}.{a.name}", root)}
            found |= submodules
            if len(submodules) < len(node.names):  # a name defined in the module itself (or its __init__)
                found.add(module)
    # a registry that names a module in a string ("helpers.formats_pdf:convert_pdf", imported on first use) depends
    # on it as on an import
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and _NAMED_MODULE.fullmatch(node.value):
            if node.value.split(".")[0] == top:
                found.add(node.value.split(":")[0])
    # a package's __init__ counts only when a name is taken from it: importing helpers.x runs helpers/__init__
    # too, but the entry's code does not depend on what that file re-exports
    return {m for m in found if _module_file(m, root)}


def code_files(code: ModuleType | Callable | str, root: Path = PROJECT_ROOT) -> list[Path]:
    """The source files a cached computation depends on: the module of ``code`` and every module of its package
    it imports, transitively (read from the import statements, so nothing is listed by hand), sorted.

    The import graph is read once per process (the files' bytes are hashed on every use, by :func:`fingerprint`).
    """
    return list(_code_files(_module_name(code), root))


@lru_cache(maxsize=None)
def _code_files(start: str, root: Path) -> tuple[Path, ...]:
    seen: set[str] = set()
    todo = [start]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        path = _module_file(name, root)
        if path is not None:
            todo.extend(_imported_modules(name, path, root) - seen)
    return tuple(sorted(p for p in (_module_file(m, root) for m in seen) if p is not None))


def entry(kind: str, key: str, depends: list[Path] | tuple[Path, ...] = (), code: Code = None,
          data: list[Path] | tuple[Path, ...] = ()) -> Path:
    """Where the entry of ``kind`` for ``key`` lives (``.cache/<kind>/<key hash>-<fingerprint>``).

    The fingerprint covers ``code`` (see :func:`code_files`), the ``data`` files and any further ``depends``.
    """
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]
    files = [*depends, *data, *(code_files(code) if code is not None else ())]
    return CACHE_DIR / kind / f"{digest}-{fingerprint(sorted(set(files)))}.bin"


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
           valid: type | tuple[type, ...] = object, use_cache: bool = True, code: Code = None,
           data: list[Path] | tuple[Path, ...] = ()) -> T:
    """The cached value of ``compute()`` for ``key``, computing and storing it on a miss.

    ``code`` (the module or function that computes, see :func:`code_files`) and ``data`` (data files) make the
    fingerprint; ``depends`` lists any other file (a library's dictionary), ``[]`` when there is none.
    """
    if not use_cache:
        return compute()
    path = entry(kind, key, depends, code, data)
    value = read(path)
    if value is not None and isinstance(value, valid):
        STATS[(kind, "hit")] += 1
        return value  # type: ignore[return-value]
    STATS[(kind, "miss")] += 1
    value = compute()
    write(path, value)
    return value
