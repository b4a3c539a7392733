"""Reliability benchmark: a batch of ordinary notes plus hostile files, scored in one run.

Prints files scored, error records by stage, peak resident memory per worker, wall time and the
exit code of ``notes-analyzer score --workers 2``. The hostile kinds are those of
``tests/hostile_files.py`` (multi-MB single line, 20 MB page, gzip/zlib bombs, 20k-deep nesting,
UTF-16/cp1252, NUL bytes, truncated and fake PDFs, a symlink loop, odd names, future dates,
broken front matter, script injection …), made at run time.

    python scripts/bench_reliability.py [--notes 900] [--hostile 101] [--workers 2] [--store PATH]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from hostile_files import write_hostile_batch  # noqa: E402


def sample_children(pid: int, peak: dict[int, int], stop: threading.Event) -> None:
    parent = psutil.Process(pid)
    while not stop.is_set():
        try:
            for child in parent.children(recursive=True):
                peak[child.pid] = max(peak.get(child.pid, 0), child.memory_info().rss)
        except psutil.Error:
            pass
        time.sleep(0.1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=900)
    parser.add_argument("--hostile", type=int, default=101)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--store", type=Path, default=None, help="a market store to copy (default: import CSVs)")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="bench-reliability-"))
    try:
        written = write_hostile_batch(work / "notes", args.notes, args.hostile)
        store = work / "market.duckdb"
        cmd = [sys.executable, "-m", "notes_analyzer", "-q", "score", str(work / "notes"), "--out", str(work / "out"),
               "--store", str(store), "--workers", str(args.workers)]
        if args.store:
            shutil.copy(args.store, store)
        else:
            cmd += ["--market-data", str(ROOT.parent / "shared" / "market-data")]
        started = time.perf_counter()
        run = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        peak: dict[int, int] = {}
        stop = threading.Event()
        watcher = threading.Thread(target=sample_children, args=(run.pid, peak, stop), daemon=True)
        watcher.start()
        _, stderr = run.communicate()
        wall = time.perf_counter() - started
        stop.set()
        watcher.join()
        records = {}
        for line in (work / "out" / "results.jsonl").read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            records[record["path"]] = record
        stages = Counter(r["error"]["stage"] for r in records.values() if r["status"] == "error")
        hostile = sum(1 for k in written.values() if k)
        print(f"files: {len(written)} ({hostile} hostile, {hostile / len(written):.0%}); exit code {run.returncode}")
        scored = sum(r["status"] == "ok" for r in records.values())
        print(f"accounted for: {len(records)} / {len(written)}; scored {scored}")
        print("error records by stage: " + (", ".join(f"{s} {n}" for s, n in sorted(stages.items())) or "none"))
        workers = sorted(peak.values(), reverse=True)
        print(f"peak RSS per worker process (MB): {[round(v / 2**20) for v in workers[:8]]} "
              f"({len(workers)} worker processes seen)")
        print(f"wall time: {wall:.1f} s ({len(written) / wall:.1f} files/s)")
        if run.returncode:
            print(stderr, file=sys.stderr)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
