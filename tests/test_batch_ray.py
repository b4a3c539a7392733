"""The Ray engine: the process pool's results, resumable, every file accounted for when actors die.

The first tests let the engine start (and stop) a local Ray itself, or fail to join a cluster, as
``score --engine ray`` does; the others share one local Ray for the module (2 CPUs, no dashboard).
"""

from __future__ import annotations

import json
import logging
import shutil
import signal
import tempfile
from pathlib import Path

import pytest

ray = pytest.importorskip("ray")

import psutil  # noqa: E402
import test_batch  # noqa: E402 - its hostile workers are reused here
from typer.testing import CliRunner  # noqa: E402

from notes_analyzer.batch import BatchItem, BatchRunError, WorkerLimits, file_hash, score_folder  # noqa: E402
from notes_analyzer.batch_ray import RayEngine  # noqa: E402
from notes_analyzer.cli import app  # noqa: E402
from notes_analyzer.config import CheckOptions, ScoreOptions  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus" / "notes"
AS_OF = "2026-11-24"


@pytest.fixture
def store(writable_store: Path) -> Path:
    return writable_store


@pytest.fixture
def notes(tmp_path: Path) -> Path:
    folder = tmp_path / "notes"
    shutil.copytree(CORPUS, folder)
    return folder


@pytest.fixture(scope="module")
def local_ray():
    """One local Ray for the tests below; the test module's workers travel by value (it is not installed)."""
    ray.cloudpickle.register_pickle_by_value(test_batch)
    ray.init(address="local", num_cpus=2, include_dashboard=False, logging_level=logging.ERROR,
             log_to_driver=False, object_store_memory=256 << 20)
    yield
    ray.shutdown()


def _comparable(out: Path) -> set[str]:
    """results.jsonl lines without what differs between two runs of the same notes: timings, scored_at."""
    lines = set()
    for line in (out / "results.jsonl").read_text().splitlines():
        record = json.loads(line)
        del record["seconds"], record["stage_seconds"]
        if record["report"]:
            record["report"].pop("scored_at")
        lines.add(json.dumps(record, sort_keys=True))
    return lines


def test_ray_scores_a_folder_exactly_like_the_process_pool_and_resumes(notes: Path, store: Path,
                                                                       tmp_path: Path) -> None:
    files = sorted(str(p) for p in notes.rglob("*") if p.is_file())
    pool = score_folder(notes, out_dir=tmp_path / "pool", store_path=store, score_options=ScoreOptions(workers=2),
                        check_options=CheckOptions(as_of=AS_OF))
    assert pool.scored == len(files) and pool.failed == 0

    started_here = not ray.is_initialized()
    args = ["score", str(notes), "--out", str(tmp_path / "ray"), "--store", str(store), "--as-of", AS_OF,
            "--workers", "2", "--engine", "ray"]
    first = CliRunner().invoke(app, args)
    assert first.exit_code == 0, first.output
    assert f"{len(files)} scored, 0 already scored" in first.stderr
    if started_here:
        assert not ray.is_initialized(), "a Ray the run started is shut down with it"
    by_ray = _comparable(tmp_path / "ray")
    assert len(by_ray) == len(files)
    assert by_ray == _comparable(tmp_path / "pool")

    again = CliRunner().invoke(app, args)
    assert again.exit_code == 0, again.output
    assert f"0 scored, {len(files)} already scored" in again.stderr
    assert _comparable(tmp_path / "ray") == by_ray


def test_joining_a_cluster_that_is_not_there_fails_plainly(notes: Path, store: Path, tmp_path: Path) -> None:
    import socket

    with socket.socket() as probe:  # a port nothing listens on once closed
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = CliRunner().invoke(app, ["score", str(notes), "--out", str(tmp_path / "out"), "--store", str(store),
                                      "--engine", "ray", "--ray-address", f"127.0.0.1:{port}"])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [f"error: cannot reach the Ray cluster at 127.0.0.1:{port}: "
                                                  "Connection refused"]


def _actor_processes() -> list[psutil.Process]:
    found = []
    for process in psutil.Process().children(recursive=True):
        try:
            if process.cmdline()[:1] and process.cmdline()[0].startswith("ray::NoteScorer"):
                found.append(process)
        except psutil.Error:
            continue
    return found


def test_an_actor_killed_mid_run_costs_one_error_record_and_the_rerun_scores_that_file(
        local_ray: None, notes: Path, store: Path, tmp_path: Path) -> None:
    for extra in sorted(p for p in notes.rglob("*") if p.is_file())[8:]:  # 8 notes: 2 chunks of 2 per actor
        extra.unlink()
    files = sorted(str(p) for p in notes.rglob("*") if p.is_file())
    snapshots_before = set(Path(tempfile.gettempdir()).glob("notes-analyzer-store-*"))
    killed: list[int] = []

    def kill_an_actor(outcome, done: int, total: int) -> None:
        if done == 1:
            actors = _actor_processes()
            assert len(actors) == 2, actors
            actors[0].send_signal(signal.SIGKILL)
            killed.append(actors[0].pid)

    options = ScoreOptions(workers=2, engine="ray")
    check = CheckOptions(as_of=AS_OF)
    out = tmp_path / "out"
    first = score_folder(notes, out_dir=out, store_path=store, score_options=options, check_options=check,
                         on_outcome=kill_an_actor)
    assert killed
    records = [json.loads(line) for line in (out / "results.jsonl").read_text().splitlines()]
    assert sorted(r["path"] for r in records) == files  # every file once: none lost, none twice
    errors = [r for r in records if r["status"] == "error"]
    assert len(errors) == 1 and first.failed == 1 and first.scored == len(files) - 1
    assert errors[0]["error"]["stage"] == "resources"
    assert "Ray actor scoring this file died" in errors[0]["error"]["reason"]
    assert f"pid {killed[0]}" in errors[0]["error"]["reason"]

    rerun = score_folder(notes, out_dir=out, store_path=store, score_options=options, check_options=check)
    assert (rerun.scored, rerun.skipped, rerun.failed) == (1, len(files) - 1, 0)
    latest = {json.loads(line)["path"]: json.loads(line) for line in (out / "results.jsonl").read_text().splitlines()}
    assert sorted(latest) == files and all(r["status"] == "ok" for r in latest.values())
    assert set(Path(tempfile.gettempdir()).glob("notes-analyzer-store-*")) == snapshots_before  # none left behind


def test_ray_actors_survive_files_that_exhaust_memory_time_out_or_kill_their_actor(local_ray: None,
                                                                                 tmp_path: Path) -> None:
    hostile = ["exit1.txt", "sigkill1.txt", "slow1.txt", "hog1.txt", "creep1.txt", "crash1.txt", "bad1.txt"]
    # each hostile file right after a good one in the same chunk: the good one's outcome must not be lost with it
    names = [name for i, bad in enumerate(hostile) for name in (f"n{i}.txt", bad)] + ["n7.txt"]
    items = [BatchItem(path=p, file_hash=file_hash(p)) for p in test_batch._files(tmp_path, names)]
    limits = WorkerLimits(memory_bytes=400 << 20, note_seconds=4)
    outcomes = list(RayEngine().run(items, test_batch._hostile, workers=2, initializer=None, initargs=(),
                                    limits=limits))
    by_name = {Path(o.path).name: o for o in outcomes}
    assert sorted(by_name) == sorted(names) and len(outcomes) == len(names)  # each once, none lost
    assert all(by_name[f"n{i}.txt"].status == "ok" for i in range(8))
    for name, words in (("exit1.txt", "Ray actor scoring this file died"),
                        ("sigkill1.txt", "Ray actor scoring this file died"),
                        ("slow1.txt", "time limit: still running after 4 s"),
                        ("hog1.txt", "memory limit"), ("creep1.txt", "memory limit")):
        error = by_name[name].error
        assert by_name[name].status == "error" and error is not None and error.stage == "resources", name
        assert words in error.reason, (name, error.reason)
    assert by_name["crash1.txt"].error.stage == "internal" and "worker blew up" in by_name["crash1.txt"].error.reason
    assert by_name["bad1.txt"].error.stage == "extract"


def test_an_actor_that_cannot_start_fails_the_run_plainly(local_ray: None, tmp_path: Path) -> None:
    items = [BatchItem(path=p, file_hash="h") for p in test_batch._files(tmp_path, ["a.txt", "b.txt"])]
    with pytest.raises(BatchRunError, match="could not start: RuntimeError: models missing"):
        list(RayEngine().run(items, test_batch._ok, workers=2, initializer=test_batch._failing_init, initargs=(),
                             limits=WorkerLimits()))
