"""Batch scoring of a folder: parallel, resumable, every input file accounted for.

Each input file becomes exactly one JSONL line in ``results.jsonl``: a scored report or
an error record with the reason. Lines are written whole and flushed one at a time, so a
killed run leaves only complete records (a torn last line is cut off on the next run),
and a re-run skips files whose content hash and pipeline version were already scored.
"""

from __future__ import annotations

import csv
import hashlib
import json
import logging
import os
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from notes_analyzer import PIPELINE_VERSION
from notes_analyzer.records import ErrorRecord, NoteReport, from_dict, to_dict

log = logging.getLogger(__name__)

__all__ = ["BatchItem", "BatchOutcome", "BatchSummary", "ResultsLog", "file_hash", "plan_batch", "run_batch"]

RESULTS_FILE = "results.jsonl"
SUMMARY_FILE = "summary.csv"
HASH_CHUNK = 1 << 20

record = dataclass(frozen=True, slots=True, kw_only=True)


@record
class BatchItem:
    path: Path
    file_hash: str


@record
class BatchOutcome:
    """One JSONL line: the report of one input file, or why it failed."""

    path: str
    file_hash: str
    pipeline_version: str
    status: Literal["ok", "error"]
    seconds: float = 0.0
    stage_seconds: dict[str, float] = field(default_factory=dict)
    report: NoteReport | None = None
    error: ErrorRecord | None = None


@dataclass(slots=True)
class BatchSummary:
    total: int = 0
    scored: int = 0
    skipped: int = 0
    failed: int = 0
    seconds: float = 0.0
    stage_seconds: dict[str, float] = field(default_factory=dict)
    results_path: Path | None = None
    summary_path: Path | None = None
    interrupted: bool = False


def file_hash(path: Path) -> str:
    """sha256 of a file's bytes (the resume key, with the pipeline version)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


class ResultsLog:
    """The append-only ``results.jsonl`` of an output folder."""

    def __init__(self, out_dir: Path) -> None:
        self.path = out_dir / RESULTS_FILE
        out_dir.mkdir(parents=True, exist_ok=True)

    def read(self) -> list[BatchOutcome]:
        """All complete records; a torn last line (from a killed run) is cut off the file."""
        if not self.path.exists():
            return []
        raw = self.path.read_bytes()
        if raw and not raw.endswith(b"\n"):
            keep = raw.rfind(b"\n") + 1
            log.warning("%s: dropping an incomplete last record left by an interrupted run", self.path)
            with self.path.open("r+b") as handle:
                handle.truncate(keep)
            raw = raw[:keep]
        return [from_dict(BatchOutcome, json.loads(line)) for line in raw.decode("utf-8").splitlines() if line]

    def latest(self) -> dict[str, BatchOutcome]:
        """The last record per input path."""
        return {outcome.path: outcome for outcome in self.read()}

    def append(self, outcome: BatchOutcome) -> None:
        line = json.dumps(to_dict(outcome), ensure_ascii=False) + "\n"
        with self.path.open("a", encoding="utf-8") as handle:
            handle.write(line)
            handle.flush()
            os.fsync(handle.fileno())


def plan_batch(paths: Iterable[Path], done: dict[str, BatchOutcome], *, force: bool = False
               ) -> tuple[list[BatchItem], list[BatchOutcome]]:
    """Split input files into those to score and the already-scored outcomes to keep."""
    todo: list[BatchItem] = []
    kept: list[BatchOutcome] = []
    for path in paths:
        try:
            digest = file_hash(path)
        except OSError as exc:
            digest = f"unreadable:{exc.strerror}"
        previous = done.get(str(path))
        if (not force and previous is not None and previous.status == "ok"
                and previous.file_hash == digest and previous.pipeline_version == PIPELINE_VERSION):
            kept.append(previous)
        else:
            todo.append(BatchItem(path=path, file_hash=digest))
    return todo, kept


Worker = Callable[[BatchItem], BatchOutcome]


def run_batch(items: list[BatchItem], worker: Worker, *, workers: int = 1,
              initializer: Callable[..., Any] | None = None, initargs: tuple = ()) -> Iterator[BatchOutcome]:
    """Yield one outcome per item, in completion order; ``workers > 1`` uses processes.

    With processes, each worker runs ``initializer(*initargs)`` once (load models, open the
    store read-only) and at most ``2 × workers`` items are in flight, so an interrupt loses
    little work and memory stays flat.
    """
    if workers <= 1 or len(items) <= 1:
        if initializer:
            initializer(*initargs)
        for item in items:
            yield worker(item)
        return
    pending: dict[Future, BatchItem] = {}
    queue = iter(items)
    with ProcessPoolExecutor(max_workers=workers, initializer=initializer, initargs=initargs) as pool:
        try:
            for item in _take(queue, 2 * workers):
                pending[pool.submit(worker, item)] = item
            while pending:
                finished, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in finished:
                    item = pending.pop(future)
                    yield _result_or_error(future, item)
                    for nxt in _take(queue, 1):
                        pending[pool.submit(worker, nxt)] = nxt
        except BaseException:
            for future in pending:
                future.cancel()
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def _take(iterator: Iterator[BatchItem], n: int) -> list[BatchItem]:
    out = []
    for _ in range(n):
        try:
            out.append(next(iterator))
        except StopIteration:
            break
    return out


def _result_or_error(future: Future, item: BatchItem) -> BatchOutcome:
    """A crashed worker (not a note error: those are outcomes already) still yields a record."""
    try:
        return future.result()
    except Exception as exc:  # noqa: BLE001 - the batch must account for every file
        log.error("%s: worker failed: %s", item.path, exc)
        return error_outcome(item, "internal", f"{type(exc).__name__}: {exc}")


def error_outcome(item: BatchItem, stage: str, reason: str, seconds: float = 0.0) -> BatchOutcome:
    return BatchOutcome(
        path=str(item.path), file_hash=item.file_hash, pipeline_version=PIPELINE_VERSION, status="error",
        seconds=seconds, error=ErrorRecord(input=str(item.path), stage=stage, reason=reason),
    )


SUMMARY_COLUMNS = (
    "path", "status", "title", "source", "published", "support_score", "coverage", "claims",
    "supported", "contradicted", "imprecise", "unverifiable", "pending", "not_checkable",
    "note_sentiment", "error",
)


def write_summary_csv(outcomes: Iterable[BatchOutcome], path: Path) -> Path:
    """One row per input file: the support score, counts per verdict, or the error."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=SUMMARY_COLUMNS)
        writer.writeheader()
        for outcome in sorted(outcomes, key=lambda o: o.path):
            writer.writerow(_summary_row(outcome))
    return path


def _summary_row(outcome: BatchOutcome) -> dict[str, Any]:
    row: dict[str, Any] = {"path": outcome.path, "status": outcome.status}
    if outcome.error is not None:
        row["error"] = f"{outcome.error.stage}: {outcome.error.reason}"
    report = outcome.report
    if report is None:
        return row
    support = report.support
    counts = support.counts if support else {}
    row.update(
        title=report.note.title or "",
        source=report.note.source or "",
        published=report.note.published.date().isoformat() if report.note.published else "",
        support_score="" if not support or support.score is None else round(support.score, 3),
        coverage="" if not support else round(support.coverage, 3),
        claims=len(report.analysis.claims),
        note_sentiment=round(report.analysis.note_sentiment, 3),
        **{label: counts.get(label, 0) for label in
           ("supported", "contradicted", "imprecise", "unverifiable", "pending", "not_checkable")},
    )
    return row


def timed(stage_seconds: dict[str, float], stage: str):
    """Context manager adding the elapsed time of a block to ``stage_seconds[stage]``."""
    return _Timer(stage_seconds, stage)


class _Timer:
    def __init__(self, sink: dict[str, float], stage: str) -> None:
        self.sink, self.stage = sink, stage

    def __enter__(self) -> None:
        self.start = time.perf_counter()

    def __exit__(self, *exc: object) -> None:
        self.sink[self.stage] = self.sink.get(self.stage, 0.0) + time.perf_counter() - self.start
