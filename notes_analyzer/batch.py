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
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol

from notes_analyzer import PIPELINE_VERSION
from notes_analyzer.config import CheckOptions, NlpOptions, ScoreOptions
from notes_analyzer.errors import ConfigError, NotesAnalyzerError
from notes_analyzer.records import ErrorRecord, NoteReport, from_dict, record, to_dict

if TYPE_CHECKING:
    from notes_analyzer.api import Analyzer
    from notes_analyzer.models import Models

log = logging.getLogger(__name__)

__all__ = [
    "BatchItem", "BatchOutcome", "BatchRunError", "BatchSummary", "Engine", "ProcessEngine", "ResultsLog",
    "WorkerLimits", "batch_engine", "file_hash", "plan_batch", "run_batch", "run_isolated", "score_folder",
]

RESULTS_FILE = "results.jsonl"
SUMMARY_FILE = "summary.csv"
HASH_CHUNK = 1 << 20



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
    errors_by_stage: dict[str, int] = field(default_factory=dict)


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


#: ``worker(item, context)``: ``context`` is what the initializer returned (None without one).
Worker = Callable[[BatchItem, Any], BatchOutcome]


def run_batch(items: list[BatchItem], worker: Worker, *, workers: int = 1,
              initializer: Callable[..., Any] | None = None, initargs: tuple = (),
              limits: WorkerLimits | None = None) -> Iterator[BatchOutcome]:
    """Yield one outcome per item, in completion order.

    In-process when ``workers <= 1`` and no ``limits`` are given (a library call on a few notes);
    otherwise in isolated worker processes (``run_isolated``): each runs ``initializer(*initargs)``
    once, scores one file at a time, and a file that breaks its worker costs only that file.
    """
    if workers <= 1 and limits is None:
        context = initializer(*initargs) if initializer else None
        try:
            for item in items:
                yield worker(item, context)
        finally:
            _close(context)
        return
    yield from run_isolated(items, worker, workers=workers, initializer=initializer, initargs=initargs,
                            limits=limits)


def error_outcome(item: BatchItem, stage: str, reason: str, seconds: float = 0.0) -> BatchOutcome:
    return BatchOutcome(
        path=str(item.path), file_hash=item.file_hash, pipeline_version=PIPELINE_VERSION, status="error",
        seconds=seconds, error=ErrorRecord(input=str(item.path), stage=stage, reason=reason),
    )


# --------------------------------------------------------------------------- isolated workers

@record
class WorkerLimits:
    """What one worker may use: resident memory (bytes) and seconds per file.

    ``memory_bytes`` caps the worker's resident memory: the worker's address space may grow by
    at most that much beyond what its models took (``RLIMIT_AS``), and the parent kills a worker
    whose resident set passes it. ``note_seconds`` is the wall-clock limit for one file.
    """

    memory_bytes: int = 2 << 30
    note_seconds: float = 120.0


class BatchRunError(NotesAnalyzerError):
    """The run itself failed (a worker could not start): not one note's fault."""


#: How often the parent looks at its workers' memory and clocks (seconds).
WATCH_INTERVAL = 0.25
_PR_SET_PDEATHSIG = 1


def _die_with_parent(parent: int) -> None:
    """Make this process die when ``parent`` does: PR_SET_PDEATHSIG on Linux, a watchdog thread anyway."""
    import ctypes
    import signal
    import threading

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: the watchdog below does it
        pass
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="parent-watchdog", daemon=True).start()


def _rss_bytes(pid: int) -> int:
    """Resident set size of a process (Linux /proc; 0 where unavailable)."""
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _cap_address_space(memory_bytes: int) -> None:
    """RLIMIT_AS = what is mapped now + the memory budget, so a runaway allocation fails in this worker."""
    import resource

    try:
        with open("/proc/self/statm", encoding="ascii") as handle:
            mapped = int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return
    limit = mapped + memory_bytes
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _worker_main(conn: Any, parent: int, worker: Worker, initializer: Callable[..., Any] | None,
                 initargs: tuple, limits: WorkerLimits) -> None:
    """A worker process: initialise once, then score the items the parent sends, one at a time."""
    _die_with_parent(parent)
    try:
        context = initializer(*initargs) if initializer else None
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, which stops the run
        conn.send(("init_error", f"{type(exc).__name__}: {exc}"))
        return
    _cap_address_space(limits.memory_bytes)
    conn.send(("ready", None))
    while True:
        try:
            item = conn.recv()
        except (EOFError, OSError):
            return
        if item is None:
            _close(context)
            return
        outcome, retire = score_guarded(worker, item, context, limits)
        conn.send(("last" if retire else "done", outcome))
        if retire:
            return  # a worker that ran out of memory is replaced, not trusted


def score_guarded(worker: Worker, item: BatchItem, context: Any, limits: WorkerLimits) -> tuple[BatchOutcome, bool]:
    """Score one item inside a worker: ``(outcome, retire)``; an exception becomes an error record.

    ``retire`` is True after a MemoryError: the worker must take no more work and be replaced.
    """
    try:
        return worker(item, context), False
    except MemoryError:  # answered below, once the traceback (and what it holds) is gone
        pass
    except Exception as exc:  # noqa: BLE001 - the batch must account for every file
        return error_outcome(item, "internal", f"{type(exc).__name__}: {exc}"), False
    return error_outcome(item, "resources", _memory_reason(limits)), True


def _close(context: Any) -> None:
    close = getattr(context, "close", None)
    if callable(close):
        close()


def _memory_reason(limits: WorkerLimits) -> str:
    return f"memory limit: the note needed more than the worker's {limits.memory_bytes / 2**30:.1f} GiB"


class _Slot:
    """One worker process, its pipe, and the item it is working on."""

    def __init__(self, context: Any, target_args: tuple) -> None:
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_worker_main, args=(child, *target_args), daemon=True)
        self.process.start()
        child.close()
        self.ready = False
        self.eof = False  # the worker's end of the pipe is closed: it has died
        self.retiring = False  # it said its last outcome and exits
        self.item: BatchItem | None = None
        self.started = 0.0

    def give(self, item: BatchItem) -> bool:
        """Hand the worker an item; False when it has died in between (the item was never received)."""
        try:
            self.conn.send(item)
        except OSError:
            return False
        self.item, self.started = item, time.monotonic()
        return True

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except OSError:
            pass
        self.process.join(5)
        self.kill()


def run_isolated(items: list[BatchItem], worker: Worker, *, workers: int = 1,
                 initializer: Callable[..., Any] | None = None, initargs: tuple = (),
                 limits: WorkerLimits | None = None) -> Iterator[BatchOutcome]:
    """Yield one outcome per item from worker processes that a bad file cannot take down with it.

    A file that makes its worker die, exceed its memory or run past its time limit becomes an
    error record (``stage: resources``) for that file alone; the worker is replaced and the batch
    goes on. Workers die with this process (``PR_SET_PDEATHSIG``). A worker that cannot start
    raises ``BatchRunError``.
    """
    import multiprocessing
    from multiprocessing.connection import wait as wait_ready

    limits = limits or WorkerLimits()
    context = multiprocessing.get_context("spawn")
    target_args = (os.getpid(), worker, initializer, initargs, limits)
    queue = list(reversed(items))
    slots = [_Slot(context, target_args) for _ in range(max(1, min(workers, len(items))))]
    try:
        while queue or any(s.item is not None for s in slots):
            for slot in slots:
                if slot.ready and not slot.retiring and slot.item is None and queue and slot.give(queue[-1]):
                    queue.pop()  # (a worker that died between two items never got it: replaced below)
            waitables = [s.conn for s in slots] + [s.process.sentinel for s in slots]
            wait_ready(waitables, timeout=WATCH_INTERVAL)
            for index, slot in enumerate(slots):
                outcome = _poll(slot, limits)
                if outcome is not None:
                    yield outcome
                if not slot.process.is_alive() and not _has_message(slot):
                    if not slot.ready:
                        raise BatchRunError(f"a worker process could not start (exit code {slot.process.exitcode})")
                    died = _poll(slot, limits)  # it died after the poll above: its file's record, never lost
                    if died is not None:
                        yield died
                    slot.kill()
                    slots[index] = _Slot(context, target_args)
    finally:
        for slot in slots:
            slot.stop()


def _has_message(slot: _Slot) -> bool:
    if slot.eof:
        return False
    try:
        return slot.conn.poll()
    except (OSError, EOFError):
        slot.eof = True
        return False


def _poll(slot: _Slot, limits: WorkerLimits) -> BatchOutcome | None:
    """The outcome a worker sent, or the error record of the file that broke it, or None."""
    if _has_message(slot):
        try:
            kind, payload = slot.conn.recv()
        except (EOFError, OSError):
            slot.eof = True
            kind, payload = "died", None
        if kind == "ready":
            slot.ready = True
            return None
        if kind == "init_error":
            raise BatchRunError(f"a worker process could not start: {payload}")
        if kind in ("done", "last"):
            slot.item = None
            slot.retiring = kind == "last"  # it exits now: give it nothing more
            return payload
    item = slot.item
    if item is None:
        return None
    if not slot.process.is_alive():
        slot.item = None
        return error_outcome(item, "resources", _death_reason(slot.process.exitcode), time.monotonic() - slot.started)
    elapsed = time.monotonic() - slot.started
    if elapsed > limits.note_seconds:
        slot.process.kill()
        slot.item, slot.retiring = None, True  # killed: it takes no more work, and is replaced once reaped
        return error_outcome(item, "resources", f"time limit: still running after {limits.note_seconds:g} s; "
                             "the worker was stopped", elapsed)
    rss = _rss_bytes(slot.process.pid)
    if rss > limits.memory_bytes:
        slot.process.kill()
        slot.item, slot.retiring = None, True
        return error_outcome(item, "resources", _memory_reason(limits) + f" (resident {rss / 2**30:.1f} GiB)", elapsed)
    return None


def _death_reason(exitcode: int | None) -> str:
    import signal

    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        hint = " (killed: out of memory?)" if name == "SIGKILL" else ""
        return f"the worker scoring this file died from {name}{hint}; the file was not retried"
    return f"the worker scoring this file exited with code {exitcode}; the file was not retried"


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


# --------------------------------------------------------------------------- engines


class Engine(Protocol):
    """Where the workers of a batch run. The driver (``score_folder``) alone plans, writes and stores."""

    def worker_init(self, store_path: Path, nlp_options: NlpOptions | None,
                    check_options: CheckOptions | None) -> tuple[Callable[..., Any], tuple]:
        """The initializer each worker runs once (loading the models and the store), and its arguments."""
        ...

    def run(self, items: list[BatchItem], worker: Worker, *, workers: int,
            initializer: Callable[..., Any] | None, initargs: tuple,
            limits: WorkerLimits) -> Iterator[BatchOutcome]:
        """Yield one outcome per item, in completion order; a file that breaks its worker costs only that file."""
        ...


class ProcessEngine:
    """Isolated worker processes on this machine (``run_isolated``)."""

    def worker_init(self, store_path: Path, nlp_options: NlpOptions | None,
                    check_options: CheckOptions | None) -> tuple[Callable[..., Any], tuple]:
        return open_worker, (store_path, nlp_options, check_options)

    def run(self, items: list[BatchItem], worker: Worker, *, workers: int,
            initializer: Callable[..., Any] | None, initargs: tuple,
            limits: WorkerLimits) -> Iterator[BatchOutcome]:
        return run_batch(items, worker, workers=workers, initializer=initializer, initargs=initargs, limits=limits)


RAY_MISSING = "--engine ray needs Ray, an optional extra: pip install 'notes-analyzer[ray]'"


def batch_engine(options: ScoreOptions) -> Engine:
    """The engine ``options.engine`` names. Ray is imported only here, and only when asked for."""
    if options.engine == "process":
        return ProcessEngine()
    try:
        from notes_analyzer.batch_ray import RayEngine
    except ModuleNotFoundError as exc:
        if exc.name is None or exc.name.partition(".")[0] != "ray":
            raise
        raise ConfigError(RAY_MISSING) from None
    return RayEngine(address=options.ray_address)


# --------------------------------------------------------------------------- scoring a folder

#: Results of ``score`` go here unless ``--out`` says otherwise (hidden: never read as notes).
DEFAULT_OUT_SUBDIR = ".notes-analyzer"


def score_folder(folder: Path, *, out_dir: Path | None = None, store_path: str | Path | None = None,
                 market_data: Path | None = None, score_options: ScoreOptions | None = None,
                 nlp_options: NlpOptions | None = None, check_options: CheckOptions | None = None,
                 on_outcome: Callable[[BatchOutcome, int, int], None] | None = None) -> BatchSummary:
    """Score every note file under ``folder``; resumable, parallel, every file accounted for.

    Writes ``results.jsonl`` and ``summary.csv`` into ``out_dir`` (default ``folder/.notes-analyzer``),
    re-checks due forecasts of notes scored earlier, then stores all reports for the weekly report.
    Notes are scored by the engine ``score_options.engine`` names, under ``WorkerLimits``: isolated
    worker processes (``run_isolated``) or Ray actors (``batch_ray``); this process alone writes.
    ``on_outcome(outcome, done, total)`` is called after each file (progress display).
    """
    from notes_analyzer.api import ensure_market_data, require_store
    from notes_analyzer.config import resolve_store_path
    from notes_analyzer.ingest.folder import note_files
    from notes_analyzer.market.store import store_run_lock

    options = score_options or ScoreOptions()
    engine = batch_engine(options)  # a missing optional extra fails here, before anything is opened
    out_dir = Path(out_dir) if out_dir else Path(folder) / DEFAULT_OUT_SUBDIR
    with store_run_lock(resolve_store_path(store_path)):
        models_dir = (nlp_options or NlpOptions()).models_root()
        store = require_store(ensure_market_data(store_path, market_data, models_dir))  # fail here, not per worker
        paths = note_files(Path(folder), recursive=options.recursive)
        log_file = ResultsLog(out_dir)
        todo, kept = plan_batch(paths, log_file.latest(), force=options.force)
        summary = BatchSummary(total=len(paths), skipped=len(kept), results_path=log_file.path)
        started = time.perf_counter()
        nlp_options = nlp_options or NlpOptions()
        if options.workers > 1 and nlp_options.threads is None:
            nlp_options = replace(nlp_options, threads=1)  # one core per worker: no oversubscription
        limits = WorkerLimits(memory_bytes=options.worker_memory_mb << 20, note_seconds=options.note_seconds)
        initializer, initargs = engine.worker_init(store, nlp_options, check_options)
        try:
            for done, outcome in enumerate(engine.run(todo, score_item, workers=options.workers,
                                                      initializer=initializer, initargs=initargs,
                                                      limits=limits), 1):
                with timed(summary.stage_seconds, "write"):
                    log_file.append(outcome)
                _tally(summary, outcome)
                if on_outcome:
                    on_outcome(outcome, done, len(todo))
            summary.stage_seconds.update(_recheck_kept(kept, log_file, store, check_options, models_dir))
        except BaseException:
            summary.interrupted = True
            raise
        finally:
            summary.seconds = time.perf_counter() - started
            latest = log_file.latest()
            summary.summary_path = write_summary_csv(latest.values(), out_dir / SUMMARY_FILE)
            summary.errors_by_stage = _errors_by_stage(latest.values())
            if not summary.interrupted:
                with timed(summary.stage_seconds, "write"):
                    _store_results(store, latest.values())
    return summary


def _errors_by_stage(outcomes: Iterable[BatchOutcome]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for outcome in outcomes:
        if outcome.error is not None:
            counts[outcome.error.stage] = counts.get(outcome.error.stage, 0) + 1
    return dict(sorted(counts.items()))


def _tally(summary: BatchSummary, outcome: BatchOutcome) -> None:
    if outcome.status == "ok":
        summary.scored += 1
    else:
        summary.failed += 1
    for stage, seconds in outcome.stage_seconds.items():
        summary.stage_seconds[stage] = summary.stage_seconds.get(stage, 0.0) + seconds


def open_worker(store_path: Path, nlp_options: NlpOptions | None, check_options: CheckOptions | None,
                models: Models | None = None) -> Analyzer:
    """A worker's context: the models (unless given) and the read-only store, loaded once per process."""
    from notes_analyzer.api import Analyzer

    return Analyzer.open(store_path=store_path, nlp_options=nlp_options, check_options=check_options, models=models)


def score_item(item: BatchItem, analyzer: Analyzer) -> BatchOutcome:
    """One file → one outcome; a note-level failure is an error record, never an exception."""
    started, stage = time.perf_counter(), "ingest"
    stages: dict[str, float] = {}
    try:
        with timed(stages, "ingest"):
            note = analyzer.load(item.path)
        stage = "analyze"
        report = analyzer.analyze(note, stages)
    except NotesAnalyzerError as exc:
        return error_outcome(item, stage, str(exc), time.perf_counter() - started)
    except MemoryError:
        raise  # the worker is replaced; the pool records the file under stage "resources"
    except Exception as exc:  # noqa: BLE001 - one bad note must not stop the batch; it is recorded
        log.debug("%s: internal error", item.path, exc_info=True)
        return error_outcome(item, "internal", f"{type(exc).__name__}: {exc}", time.perf_counter() - started)
    return BatchOutcome(path=str(item.path), file_hash=item.file_hash, pipeline_version=PIPELINE_VERSION,
                        status="ok", seconds=time.perf_counter() - started, stage_seconds=stages, report=report)


def _recheck_kept(kept: list[BatchOutcome], log_file: ResultsLog, store_path: Path,
                  check_options: CheckOptions | None, models_dir: Path) -> dict[str, float]:
    """Forecast ledger: re-check due ``pending`` claims of notes scored on earlier runs (store only, no models)."""
    from notes_analyzer.api import Analyzer, due_pending, recheck_pending
    from notes_analyzer.market.instruments import InstrumentRegistry
    from notes_analyzer.market.store import open_store

    stages: dict[str, float] = {}
    today = (check_options or CheckOptions()).today()
    due = [o for o in kept if o.report is not None and due_pending(o.report, today)]
    if not due:
        return stages
    registry = InstrumentRegistry.load(models_dir / "instruments.yaml")
    with Analyzer(models=None, store=open_store(store_path, read_only=True), check_options=check_options,
                  registry=registry) as checker:
        with timed(stages, "recheck"):
            for outcome in due:
                assert outcome.report is not None
                report, changed = recheck_pending(outcome.report, checker)
                if changed:
                    log.info("%s: %d forecast(s) decided", outcome.path, len(changed))
                    log_file.append(replace(outcome, report=report))
    return stages


def _store_results(store_path: Path, outcomes: Iterable[BatchOutcome]) -> None:
    """Upsert every scored report into the store's results table (idempotent)."""
    from notes_analyzer.market.store import open_store
    from notes_analyzer.results import save_reports

    with open_store(store_path) as store:
        save_reports(store, [outcome.report for outcome in outcomes if outcome.report is not None])
