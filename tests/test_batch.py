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
