"""Corpus benchmark: the panel tables of many reports, cold (empty cache) and warm (everything cached).

Makes a corpus of N reports in a temporary folder from the real reports in data/corpus, repeated
under distinct names (``national_2024_r017.txt``). By default each copy also gets one distinct last line,
so that its content hash differs and a cold run really analyses N reports (``--identical`` keeps the
copies byte-identical: then a cold run cleans and segments only the 34 distinct texts). The cache is a
fresh temporary folder (``GWR_CACHE_DIR``); the project's ``.cache/`` is not touched.

For each N it runs ``python -m helpers corpus DIR -o OUT --jobs J`` twice and prints wall time,
reports per second, and peak memory: the largest single process and the whole process tree (the
command and its workers, sampled from /proc every 0.1 s). Figures only: nothing here asserts a time.

    .venv/bin/python benchmarks/corpus_benchmark.py [--reports 100 500] [--jobs 2] [--corpus DIR] [--identical]
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _rss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _children(root: int) -> list[int]:
    parents: dict[int, int] = {}
    for p in Path("/proc").iterdir():
        if p.name.isdigit():
            try:
                fields = (p / "stat").read_text().rsplit(")", 1)[1].split()
                parents[int(p.name)] = int(fields[1])
            except (OSError, IndexError, ValueError):
                continue
    tree, frontier = {root}, [root]
    while frontier:
        pid = frontier.pop()
        for child, parent in parents.items():
            if parent == pid and child not in tree:
                tree.add(child)
                frontier.append(child)
    return sorted(tree)


def run_measured(cmd: list[str], env: dict[str, str]) -> tuple[float, int, int, subprocess.CompletedProcess]:
    """Run ``cmd``; return wall seconds, peak tree RSS and peak single-process RSS (KiB), and the result."""
    peak_tree = peak_one = 0
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=PROJECT_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    done = threading.Event()

    def sample() -> None:
        nonlocal peak_tree, peak_one
        while not done.is_set():
            sizes = [_rss_kib(pid) for pid in _children(proc.pid)]
            peak_tree = max(peak_tree, sum(sizes))
            peak_one = max([peak_one, *sizes])
            done.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    return wall, peak_tree, peak_one, subprocess.CompletedProcess(cmd, proc.returncode, out, err)


def make_corpus(source: Path, folder: Path, n: int, identical: bool) -> None:
    """``n`` reports in ``folder``: the source reports repeated under distinct names (distinct content unless ``identical``)."""
    files = sorted(source.glob("*.txt"))
    for i in range(n):
        src = files[i % len(files)]
        dst = folder / f"{src.stem}_r{i:03d}.txt"
        if identical or "gbk" in src.name:  # keep a GBK file's bytes as they are
            shutil.copyfile(src, dst)
        else:
            dst.write_text(src.read_text(encoding="utf-8-sig") + f"\n（基准测试副本 {i}）\n", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reports", type=int, nargs="+", default=[500], help="corpus sizes (default: 500)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="worker processes (default: cores)")
    parser.add_argument("--corpus", default=str(PROJECT_ROOT / "data" / "corpus"),
                        help="the real reports (default: data/corpus)")
    parser.add_argument("--identical", action="store_true", help="byte-identical copies (content-hash caching shares work)")
    args = parser.parse_args()
    source = Path(args.corpus)
    if not source.is_dir():
        print(f"{source}: no such folder (the project's reports are in data/corpus)", file=sys.stderr)
        return 2
    print(f"corpus benchmark: {os.cpu_count()} cores, --jobs {args.jobs}, copies {'identical' if args.identical else 'distinct'}")
    print(f"{'reports':>7}  {'run':<5} {'wall s':>8} {'reports/s':>9} {'peak tree MiB':>13} {'peak process MiB':>16}")
    for n in args.reports:
        with tempfile.TemporaryDirectory(prefix="gwr-corpus-bench-") as tmp:
            tmp_path = Path(tmp)
            (tmp_path / "reports").mkdir()
            make_corpus(source, tmp_path / "reports", n, args.identical)
            env = {**os.environ, "GWR_CACHE_DIR": str(tmp_path / "cache")}
            cmd = [sys.executable, "-m", "helpers", "corpus", str(tmp_path / "reports"), "-o", str(tmp_path / "out"),
                   "--jobs", str(args.jobs)]
            for run in ("cold", "warm"):
                wall, tree, one, result = run_measured(cmd, env)
                if result.returncode not in (0, 1):
                    print(result.stderr, file=sys.stderr)
                    return result.returncode
                print(f"{n:>7}  {run:<5} {wall:>8.1f} {n / wall:>9.2f} {tree / 1024:>13.0f} {one / 1024:>16.0f}", flush=True)
            print(f"         {result.stdout.strip().splitlines()[-1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
