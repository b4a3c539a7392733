"""End-to-end throughput of ``score``: notes/s with 1 and 2 workers, peak RSS per worker, time per stage.

    python scripts/bench.py [--notes 200] [--words 1000] [--shared ../shared] [--engine ray]

Generates a corpus of notes of about ``--words`` words (scripts/gen_corpus.py), imports the
shared market data into a fresh store, then scores the corpus from scratch once per worker
count. Targets (issue 6): >= 5 notes/s with 2 workers, <= 1.5 GB per worker. With ``--engine ray``
each worker count is also scored by Ray actors (a local Ray, started within the run), on the same
notes, and printed beside the process pool.
Report generation for a week of 500 notes is measured by scripts/bench_report.py.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))
from gen_corpus import generate  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
TARGET_NOTES_PER_S = 5.0
TARGET_RSS_GB = 1.5


class PeakRss:
    """Polls the RSS of this process and its children (those ``keep`` accepts); keeps each process's peak."""

    def __init__(self, interval: float = 0.2, keep: Callable[[psutil.Process], bool] | None = None) -> None:
        self.interval, self.peaks, self._stop = interval, {}, threading.Event()
        self.keep = keep or (lambda proc: True)
        self._thread = threading.Thread(target=self._poll, daemon=True)

    def _poll(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            for proc in [me, *me.children(recursive=True)]:
                try:
                    if proc.pid != me.pid and not self.keep(proc):
                        continue
                    rss = proc.memory_info().rss
                except psutil.Error:
                    continue
                self.peaks[proc.pid] = max(self.peaks.get(proc.pid, 0), rss)
            time.sleep(self.interval)

    def __enter__(self) -> PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def _is_ray_actor(proc: psutil.Process) -> bool:
    """A Ray actor of the batch (its process title), not Ray's own daemons."""
    return proc.cmdline()[:1] != [] and proc.cmdline()[0].startswith("ray::NoteScorer")


def run(folder: Path, store: Path, workers: int, out: Path, engine: str = "process") -> None:
    from notes_analyzer.batch import score_folder
    from notes_analyzer.config import CheckOptions, ScoreOptions

    first_done: list[float] = []

    def on_outcome(outcome, done: int, total: int) -> None:
        if done == 1:
            first_done.append(time.perf_counter())

    started = time.perf_counter()
    with PeakRss(keep=_is_ray_actor if engine == "ray" else None) as rss:
        summary = score_folder(folder, out_dir=out, store_path=store,
                               score_options=ScoreOptions(workers=workers, engine=engine),
                               check_options=CheckOptions(as_of="2026-11-24"), on_outcome=on_outcome)
    wall = time.perf_counter() - started
    n = summary.scored + summary.failed
    steady = (n - 1) / (wall - (first_done[0] - started)) if first_done and n > 1 else float("nan")
    worker_peaks = [v for pid, v in rss.peaks.items() if pid != os.getpid()] or [rss.peaks[os.getpid()]]
    stages = summary.stage_seconds
    total = sum(stages.values()) or 1.0
    label, start = ("workers", "model load") if engine == "process" else ("ray actors", "Ray start, model load")
    print(f"{label}={workers}: {n} notes in {wall:.1f} s = {n / wall:.2f} notes/s end to end "
          f"(incl. {start}); {steady:.2f} notes/s after the first note "
          f"(target >= {TARGET_NOTES_PER_S} with 2 workers); failed {summary.failed}")
    print(f"  peak RSS per worker: {max(worker_peaks) / 2**30:.2f} GB max over {len(worker_peaks)} process(es) "
          f"(target <= {TARGET_RSS_GB} GB)")
    print("  time per stage (summed over workers): "
          + ", ".join(f"{k} {v:.1f} s ({v / total:.0%})" for k, v in sorted(stages.items(), key=lambda kv: -kv[1])))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=200)
    parser.add_argument("--words", type=int, default=1000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--engine", choices=["process", "ray"], default="process",
                        help="ray: score the same notes with Ray actors too, beside the process pool")
    default_shared = Path(os.environ.get("NOTES_ANALYZER_SHARED", REPO.parent / "shared"))
    parser.add_argument("--shared", type=Path, default=default_shared)
    args = parser.parse_args()

    from notes_analyzer.market.importers import import_paths
    from notes_analyzer.market.store import open_store

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        files = generate(tmp / "notes", args.notes, words=args.words)
        words = sum(len(p.read_text(encoding="utf-8").split()) for p in files) / len(files)
        print(f"corpus: {len(files)} notes, {words:.0f} words each on average; {os.cpu_count()} CPU cores")
        store = tmp / "market.duckdb"
        with open_store(store) as opened:
            import_paths(opened, [args.shared / "market-data"])
        engines = ["process", "ray"] if args.engine == "ray" else ["process"]
        for workers in args.workers:
            for engine in engines:
                run_store = tmp / f"market-{engine}-{workers}.duckdb"
                shutil.copy(store, run_store)
                run(tmp / "notes", run_store, workers, tmp / f"out-{engine}-{workers}", engine)


if __name__ == "__main__":
    main()
