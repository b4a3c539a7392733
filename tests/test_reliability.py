"""A hostile batch: 200 notes + 10% hostile files, every file accounted for; a run killed midway
and restarted ends with the same results as an uninterrupted run."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
from gen_corpus import generate  # noqa: E402

NOTES = 200
HOSTILE_SHARE = 0.1
AS_OF = "2026-11-24"
KILL_AFTER_RECORDS = 60


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path]]:
    folder = tmp_path_factory.mktemp("batch")
    return folder, generate(folder, NOTES, words=120, hostile=HOSTILE_SHARE, seed=11)


def _score_cmd(folder: Path, out: Path, store: Path) -> list[str]:
    return [sys.executable, "-m", "notes_analyzer", "-q", "score", str(folder), "--out", str(out),
            "--store", str(store), "--workers", "2", "--as-of", AS_OF]


def _latest(out: Path) -> dict[str, dict]:
    records = {}
    for line in (out / "results.jsonl").read_text().splitlines():
        record = json.loads(line)
        records[record["path"]] = record
    return records


def _essence(record: dict) -> tuple:
    """What must not depend on how the run went: status, reason, verdicts, score."""
    if record["status"] == "error":
        return ("error", record["error"]["reason"])
    report = record["report"]
    return ("ok", report["support"]["score"], tuple(v["label"] for v in report["verdicts"]),
            tuple(c["text"] for c in report["analysis"]["claims"]))


def _store_rows(store: Path) -> int:
    from notes_analyzer.market.store import open_store

    with open_store(store, read_only=True) as opened:
        return opened.connection.execute("SELECT count(*) FROM results").fetchone()[0]


def test_hostile_batch_killed_and_resumed_matches_uninterrupted_run(batch, market_store_path, tmp_path) -> None:
    folder, files = batch
    hostile = [p for p in files if p.name.startswith("hostile")]
    assert len(files) >= 220 and len(hostile) >= 0.09 * len(files)
    store_a, store_b = tmp_path / "a.duckdb", tmp_path / "b.duckdb"
    shutil.copy(market_store_path, store_a)
    shutil.copy(market_store_path, store_b)

    clean = subprocess.run(_score_cmd(folder, tmp_path / "a", store_a), capture_output=True, text=True, timeout=900)
    assert clean.returncode == 1, clean.stderr  # hostile files failed: exit 1, run completed
    expected = _latest(tmp_path / "a")
    assert sorted(expected) == sorted(str(p) for p in files)  # every file accounted for
    errors = {Path(p).name for p, r in expected.items() if r["status"] == "error"}
    assert errors == {p.name for p in hostile}
    assert all(r["error"]["reason"] for p, r in expected.items() if r["status"] == "error")

    killed = subprocess.Popen(_score_cmd(folder, tmp_path / "b", store_b), start_new_session=True,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    results = tmp_path / "b" / "results.jsonl"
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline and killed.poll() is None:
        if results.exists() and results.read_bytes().count(b"\n") >= KILL_AFTER_RECORDS:
            break
        time.sleep(0.2)
    assert killed.poll() is None, "the run finished before it could be killed"
    os.killpg(killed.pid, signal.SIGKILL)
    killed.wait()
    partial = results.read_bytes().count(b"\n")
    assert KILL_AFTER_RECORDS <= partial < len(files)

    resumed = subprocess.run(_score_cmd(folder, tmp_path / "b", store_b), capture_output=True, text=True, timeout=900)
    assert resumed.returncode == 1, resumed.stderr
    final = _latest(tmp_path / "b")
    assert sorted(final) == sorted(expected)
    assert {p: _essence(r) for p, r in final.items()} == {p: _essence(r) for p, r in expected.items()}
    assert _store_rows(store_a) == _store_rows(store_b) == NOTES
