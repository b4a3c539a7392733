"""The batch machinery: resume keys, torn lines, every item accounted for across processes."""

from __future__ import annotations

from pathlib import Path

from notes_analyzer import PIPELINE_VERSION
from notes_analyzer.batch import (
    BatchItem,
    BatchOutcome,
    ResultsLog,
    error_outcome,
    file_hash,
    plan_batch,
    run_batch,
    write_summary_csv,
)


def _ok(item: BatchItem, context: object = None) -> BatchOutcome:
    if item.path.name.startswith("bad"):
        return error_outcome(item, "extract", "no main text")
    if item.path.name.startswith("crash"):
        raise RuntimeError("worker blew up")
    return BatchOutcome(path=str(item.path), file_hash=item.file_hash, pipeline_version=PIPELINE_VERSION,
                        status="ok", seconds=0.01)


def _files(tmp_path: Path, names: list[str]) -> list[Path]:
    paths = []
    for name in names:
        path = tmp_path / name
        path.write_text(f"content of {name}")
        paths.append(path)
    return paths


def test_torn_last_line_is_dropped_and_complete_records_kept(tmp_path):
    log = ResultsLog(tmp_path / "out")
    item = BatchItem(path=tmp_path / "a.txt", file_hash="h")
    log.append(_ok(item))
    with log.path.open("a") as handle:
        handle.write('{"path": "b.txt", "file_ha')  # a kill mid-write
    records = log.read()
    assert [r.path for r in records] == [str(item.path)]
    assert log.path.read_text().endswith("\n")
    log.append(_ok(BatchItem(path=tmp_path / "c.txt", file_hash="h2")))
    assert len(log.read()) == 2


def test_plan_skips_same_hash_and_version_but_rescores_changes_errors_and_force(tmp_path):
    a, b, c = _files(tmp_path, ["a.txt", "b.txt", "c.txt"])
    done = {
        str(a): _ok(BatchItem(path=a, file_hash=file_hash(a))),
        str(b): _ok(BatchItem(path=b, file_hash="stale-hash")),
        str(c): error_outcome(BatchItem(path=c, file_hash=file_hash(c)), "extract", "empty"),
    }
    todo, kept = plan_batch([a, b, c], done)
    assert [i.path for i in todo] == [b, c]
    assert [o.path for o in kept] == [str(a)]
    todo, kept = plan_batch([a, b, c], done, force=True)
    assert len(todo) == 3 and not kept


def test_every_item_accounted_for_with_processes_even_when_a_worker_crashes(tmp_path):
    paths = _files(tmp_path, [f"n{i}.txt" for i in range(6)] + ["bad1.txt", "crash1.txt"])
    items = [BatchItem(path=p, file_hash=file_hash(p)) for p in paths]
    outcomes = list(run_batch(items, _ok, workers=2))
    assert sorted(o.path for o in outcomes) == sorted(str(p) for p in paths)
    by_name = {Path(o.path).name: o for o in outcomes}
    assert by_name["bad1.txt"].status == "error" and by_name["bad1.txt"].error.stage == "extract"
    assert by_name["crash1.txt"].status == "error" and "worker blew up" in by_name["crash1.txt"].error.reason
    assert sum(o.status == "ok" for o in outcomes) == 6


def test_summary_csv_has_one_row_per_file(tmp_path):
    paths = _files(tmp_path, ["a.txt", "bad.txt"])
    outcomes = [_ok(BatchItem(path=p, file_hash="h")) for p in paths]
    out = write_summary_csv(outcomes, tmp_path / "summary.csv")
    lines = out.read_text().splitlines()
    assert len(lines) == 3 and lines[0].startswith("path,status")
    assert "no main text" in lines[1] + lines[2]


def _hostile(item: BatchItem, context: object = None) -> BatchOutcome:
    """A worker that a file can break in every way a real one breaks."""
    import os
    import signal
    import time

    name = item.path.name
    if name.startswith("exit"):
        os._exit(3)
    if name.startswith("sigkill"):
        os.kill(os.getpid(), signal.SIGKILL)
    if name.startswith("slow"):
        time.sleep(60)
    if name.startswith("hog"):
        bytearray(3 << 30)  # more than the worker's address-space budget: MemoryError
    if name.startswith("creep"):
        hoard = []
        while True:  # touches every page, so the resident set grows until the parent stops it (fast enough
            hoard.append(bytearray(b"x" * (32 << 20)))  # to pass the memory limit long before the time limit,
            time.sleep(0.005)  # even on a loaded machine)
    return _ok(item)


def test_isolated_workers_survive_files_that_exhaust_memory_time_out_or_kill_their_worker(tmp_path):
    from notes_analyzer.batch import WorkerLimits, run_isolated

    names = ([f"n{i}.txt" for i in range(8)] + ["exit1.txt", "sigkill1.txt", "slow1.txt", "hog1.txt", "creep1.txt",
                                                "crash1.txt", "bad1.txt"])
    paths = _files(tmp_path, names)
    items = [BatchItem(path=p, file_hash=file_hash(p)) for p in paths]
    limits = WorkerLimits(memory_bytes=400 << 20, note_seconds=4)
    outcomes = list(run_isolated(items, _hostile, workers=2, limits=limits))
    by_name = {Path(o.path).name: o for o in outcomes}
    assert sorted(by_name) == sorted(names) and len(outcomes) == len(names)  # each once, none lost
    assert all(by_name[f"n{i}.txt"].status == "ok" for i in range(8))
    for name, words in (("exit1.txt", "exited with code 3"), ("sigkill1.txt", "SIGKILL"),
                        ("slow1.txt", "time limit"), ("hog1.txt", "memory limit"), ("creep1.txt", "memory limit")):
        error = by_name[name].error
        assert by_name[name].status == "error" and error is not None and error.stage == "resources", name
        assert words in error.reason, (name, error.reason)
    assert by_name["crash1.txt"].error.stage == "internal" and "worker blew up" in by_name["crash1.txt"].error.reason
    assert by_name["bad1.txt"].error.stage == "extract"


def _failing_init() -> None:
    raise RuntimeError("models missing")


def test_a_worker_that_cannot_start_fails_the_run_plainly(tmp_path):
    import pytest

    from notes_analyzer.batch import BatchRunError, WorkerLimits, run_isolated

    items = [BatchItem(path=p, file_hash="h") for p in _files(tmp_path, ["a.txt", "b.txt"])]
    with pytest.raises(BatchRunError, match="could not start: RuntimeError: models missing"):
        list(run_isolated(items, _ok, workers=2, initializer=_failing_init, limits=WorkerLimits()))


def test_store_run_lock_names_the_run_that_holds_it(tmp_path):
    import subprocess
    import sys

    import pytest

    from notes_analyzer.errors import StoreError
    from notes_analyzer.market.store import store_run_lock

    store = tmp_path / "market.duckdb"
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sys, time; from pathlib import Path; from notes_analyzer.market.store import store_run_lock\n"
        f"with store_run_lock(Path({str(store)!r})):\n    print('held', flush=True); time.sleep(30)")],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(StoreError, match=f"another score run, PID {holder.pid}, is using this store"):
            with store_run_lock(store):
                pass
    finally:
        holder.kill()
        holder.wait()
    with store_run_lock(store):  # a killed holder leaves no stale lock
        pass


def test_engine_ray_without_ray_installed_says_which_extra_in_one_line(tmp_path, monkeypatch):
    import sys

    from typer.testing import CliRunner

    from notes_analyzer.cli import app

    monkeypatch.setitem(sys.modules, "ray", None)  # what `import ray` meets where the extra is not installed
    monkeypatch.delitem(sys.modules, "notes_analyzer.batch_ray", raising=False)
    result = CliRunner().invoke(app, ["score", str(tmp_path), "--engine", "ray", "--store", str(tmp_path / "m.duckdb")])
    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert "--engine ray needs Ray" in result.stderr and "pip install 'notes-analyzer[ray]'" in result.stderr


def test_a_ray_address_without_the_ray_engine_is_refused(tmp_path):
    from typer.testing import CliRunner

    from notes_analyzer.cli import app

    result = CliRunner().invoke(app, ["score", str(tmp_path), "--ray-address", "10.0.0.1:6379"])
    assert result.exit_code == 1 and "needs --engine ray" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
