"""A hostile batch of 1,000+ files (over 10% hostile) finishes in one run with exit 0 and every file
accounted for, worker memory stays under the ceiling, a second run on the same store is refused
plainly, and a run whose main process is SIGKILLed leaves no worker behind and resumes to the same
records as an uninterrupted run."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil
import pytest
from hostile_files import KINDS, write_hostile_batch

NOTES = 900
HOSTILE = 101
AS_OF = "2026-11-24"
KILL_AFTER_RECORDS = 300
WORKER_MEMORY_MB = 2048


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[Path, str]]:
    folder = tmp_path_factory.mktemp("hostile-batch")
    return folder, write_hostile_batch(folder, NOTES, HOSTILE)


def _score_cmd(folder: Path, out: Path, store: Path) -> list[str]:
    return [sys.executable, "-m", "notes_analyzer", "-q", "score", str(folder), "--out", str(out),
            "--store", str(store), "--workers", "2", "--as-of", AS_OF, "--worker-memory", str(WORKER_MEMORY_MB)]


def _latest(out: Path) -> dict[str, dict]:
    records = {}
    for line in (out / "results.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        records[record["path"]] = record
    return records


def _essence(record: dict) -> tuple:
    """What must not depend on how the run went: status, reason, verdicts, score."""
    if record["status"] == "error":
        return ("error", record["error"]["stage"], record["error"]["reason"])
    report = record["report"]
    return ("ok", report["support"]["score"], tuple(v["label"] for v in report["verdicts"]),
            tuple(c["text"] for c in report["analysis"]["claims"]))


def _store_rows(store: Path) -> int:
    from notes_analyzer.market.store import open_store

    with open_store(store, read_only=True) as opened:
        return opened.connection.execute("SELECT count(*) FROM results").fetchone()[0]


class _PeakRss:
    """Samples the resident memory of a process's children (the workers) while it runs."""

    def __init__(self, pid: int) -> None:
        self.process = psutil.Process(pid)
        self.peak: dict[int, int] = {}
        self.children: set[int] = set()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                for child in self.process.children(recursive=True):
                    self.children.add(child.pid)
                    rss = child.memory_info().rss
                    self.peak[child.pid] = max(self.peak.get(child.pid, 0), rss)
            except psutil.Error:
                pass
            time.sleep(0.1)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return max(self.peak.values(), default=0)


def test_hostile_batch_completes_is_refused_twice_and_resumes_after_sigkill(batch, market_store_path, tmp_path):
    folder, written = batch
    hostile = {p: k for p, k in written.items() if k}
    assert len(written) >= 1000 and len(hostile) >= 0.1 * len(written)
    store_a, store_b = tmp_path / "a.duckdb", tmp_path / "b.duckdb"
    shutil.copy(market_store_path, store_a)
    shutil.copy(market_store_path, store_b)

    # 1. one uninterrupted run: exit 0, every file accounted for, workers under the memory ceiling
    clean = subprocess.Popen(_score_cmd(folder, tmp_path / "a", store_a), stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    sampler = _PeakRss(clean.pid)
    stdout, stderr = clean.communicate(timeout=1800)
    peak = sampler.stop()
    assert clean.returncode == 0, stderr
    assert "with error records" in stderr  # the summary line says how many notes failed
    expected = _latest(tmp_path / "a")
    assert sorted(expected) == sorted(str(p) for p in written)
    for path, kind in written.items():
        record = expected[str(path)]
        want = KINDS[kind][2] if kind else "ok"
        if want != "any":
            assert record["status"] == want, (path.name, record.get("error"))
        if record["status"] == "error":
            assert record["error"]["reason"] and record["error"]["stage"]
    assert 0 < peak < WORKER_MEMORY_MB << 20, f"peak worker RSS {peak / 2**20:.0f} MB"

    # 2. a run killed with SIGKILL (main process only): no worker survives; a second run meanwhile is refused
    killed = subprocess.Popen(_score_cmd(folder, tmp_path / "b", store_b), stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    watcher = _PeakRss(killed.pid)
    results = tmp_path / "b" / "results.jsonl"
    deadline = time.monotonic() + 900
    while time.monotonic() < deadline and killed.poll() is None:
        if results.exists() and results.read_bytes().count(b"\n") >= KILL_AFTER_RECORDS:
            break
        time.sleep(0.2)
    assert killed.poll() is None, "the run finished before it could be killed"
    second = subprocess.run(_score_cmd(folder, tmp_path / "c", store_b), capture_output=True, text=True, timeout=120)
    assert second.returncode == 1 and f"another score run, PID {killed.pid}, is using this store" in second.stderr
    workers = set(watcher.children)
    watcher.stop()
    assert workers, "no worker processes were seen"
    os.kill(killed.pid, signal.SIGKILL)
    killed.wait()
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and any(_alive(pid) for pid in workers):
        time.sleep(0.2)
    assert not [pid for pid in workers if _alive(pid)], "workers outlived their run"
    partial = results.read_bytes().count(b"\n")
    assert KILL_AFTER_RECORDS <= partial < len(written)

    resumed = subprocess.run(_score_cmd(folder, tmp_path / "b", store_b), capture_output=True, text=True, timeout=1800)
    assert resumed.returncode == 0, resumed.stderr
    final = _latest(tmp_path / "b")
    assert sorted(final) == sorted(expected)
    assert {p: _essence(r) for p, r in final.items()} == {p: _essence(r) for p, r in expected.items()}
    scored = sum(r["status"] == "ok" for r in expected.values())
    assert _store_rows(store_a) == _store_rows(store_b) == scored


def _alive(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False
