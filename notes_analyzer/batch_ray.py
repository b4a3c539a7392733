"""Batch scoring on Ray: the process pool's batch, run by actors on this machine or across a cluster.

``RayEngine`` is the ``batch.Engine`` behind ``score --engine ray``. Each actor loads the models
once (``open_worker``) and scores files with ``score_item``, like a pool worker. Files go out in
chunks, at most ``IN_FLIGHT_CHUNKS`` per actor (backpressure: the queue stays on the driver), and
each outcome streams back as soon as it is scored (a Ray streaming generator), so the driver
(``score_folder``) alone writes ``results.jsonl``, the CSV and the store, and resumes as for the pool.

A file whose actor dies, or that runs past its time limit, becomes one error record
(``stage: resources``); the actor is replaced and the unscored rest of its chunks is dispatched
again. The store lives on the driver only: actors check claims against a read-only copy of its bytes,
shipped once through Ray's object store.

Ray is an optional extra (``pip install 'notes-analyzer[ray]'``); ``batch.batch_engine`` imports this
module only for ``--engine ray``.
"""

from __future__ import annotations

import logging
import math
import os
import re
import shutil
import socket
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ray
from ray.actor import ActorClass, ActorHandle
from ray.exceptions import RayError

from notes_analyzer.batch import (
    WATCH_INTERVAL,
    BatchItem,
    BatchOutcome,
    BatchRunError,
    Worker,
    WorkerLimits,
    _cap_address_space,
    error_outcome,
    open_worker,
    record,
    score_guarded,
)
from notes_analyzer.config import CheckOptions, NlpOptions

if TYPE_CHECKING:
    from notes_analyzer.api import Analyzer

__all__ = ["NoteScorer", "RayEngine", "StoreSnapshot", "open_snapshot_worker"]

log = logging.getLogger(__name__)

#: Files per actor call, at most (fewer when the batch is small, so that every actor gets work).
CHUNK_FILES = 8
#: Chunks an actor holds at once: one being scored, one waiting, so that it never idles between them.
IN_FLIGHT_CHUNKS = 2
#: How long the run waits for a first actor to load its models (a cluster without a free CPU never does).
START_SECONDS = 300.0
#: How long joining a cluster may take to open a connection to its head.
CONNECT_SECONDS = 10.0
#: Object store of a local Ray started for one run (it holds the store snapshot and outcomes in flight).
LOCAL_OBJECT_STORE_BYTES = 512 << 20
_RAY_LOGGING = {"logging_level": logging.ERROR, "log_to_driver": False}


@record
class StoreSnapshot:
    """The driver's market store as bytes: what an actor on any node checks claims against.

    ``scratch`` is a folder the driver owns and removes after the run: an actor on the driver's
    machine writes its copy there, so that a copy left by an actor killed while opening it goes too.
    """

    name: str
    data: bytes
    scratch: str | None = None

    @classmethod
    def read(cls, path: Path, scratch: Path | None = None) -> StoreSnapshot:
        return cls(name=path.name, data=path.read_bytes(), scratch=str(scratch) if scratch else None)


def open_snapshot_worker(snapshot: StoreSnapshot, nlp_options: NlpOptions | None,
                         check_options: CheckOptions | None) -> Analyzer:
    """An actor's context: ``open_worker`` on the store snapshot written to a private temp file.

    The models load first; the file then exists only until DuckDB holds it open. It is written under
    the driver's ``scratch`` folder when this node has it (the driver removes that folder, with what an
    actor killed in between left), else under this node's temp folder.
    """
    from notes_analyzer.models import load_models

    models = load_models(nlp_options or NlpOptions())
    scratch = snapshot.scratch if snapshot.scratch and Path(snapshot.scratch).is_dir() else None
    with tempfile.TemporaryDirectory(prefix="notes-analyzer-store-", dir=scratch) as folder:
        path = Path(folder) / snapshot.name
        path.write_bytes(snapshot.data)
        return open_worker(path, nlp_options, check_options, models=models)


class NoteScorer:
    """One Ray actor: the worker context opened once, then chunks of files scored one at a time."""

    def __init__(self, cwd: str, worker: Worker, initializer: Callable[..., Any] | None, initargs: tuple,
                 limits: WorkerLimits) -> None:
        self.worker, self.limits = worker, limits
        self.context: Any = None
        self.failure: str | None = None
        self.retired = False
        try:
            os.chdir(cwd)  # relative note paths resolve as on the driver (a node without that folder keeps its own)
        except OSError:
            pass
        try:
            self.context = initializer(*initargs) if initializer else None
        except BaseException as exc:  # noqa: BLE001 - reported by ready(); the driver stops the run
            self.failure = f"{type(exc).__name__}: {exc}"
            return
        _cap_address_space(limits.memory_bytes)

    def ready(self) -> str | None:
        """None once the context is open, else why it could not be."""
        return self.failure

    def score(self, items: list[BatchItem]) -> Iterator[tuple[BatchOutcome, bool]]:
        """Stream ``(outcome, retire)`` per item; after a retiring outcome (out of memory) it scores no more."""
        for item in items:
            if self.retired:
                return
            outcome, self.retired = score_guarded(self.worker, item, self.context, self.limits)
            yield outcome, self.retired


@dataclass(slots=True)
class _Chunk:
    """Files given to an actor in one call, and how far their outcomes have come back."""

    items: list[BatchItem]
    stream: ray.ObjectRefGenerator
    scored: int = 0  # outcomes received; items[scored] is the file being scored
    since: float = 0.0  # when items[scored] started (once the chunk is the actor's first)

    def current(self) -> BatchItem | None:
        return self.items[self.scored] if self.scored < len(self.items) else None


class _Actor:
    """One actor, its readiness, and its chunks in flight (the first is the one it is scoring)."""

    def __init__(self, actor_class: ActorClass, args: tuple) -> None:
        self.handle: ActorHandle = actor_class.remote(*args)
        self.pending: ray.ObjectRef | None = self.handle.ready.remote()  # None once it is ready
        self.created = time.monotonic()
        self.chunks: deque[_Chunk] = deque()

    def give(self, items: list[BatchItem]) -> None:
        # Backpressure of one object: the actor starts a file only once the driver holds the previous
        # outcome, so when it dies, every outcome it yielded has arrived and the file it was scoring is known.
        stream = self.handle.score.options(_generator_backpressure_num_objects=1).remote(items)
        self.chunks.append(_Chunk(items=items, stream=stream, since=time.monotonic()))

    def stop(self) -> list[BatchItem]:
        """Kill the actor; the files it had not answered for, in order."""
        ray.kill(self.handle, no_restart=True)
        left = [item for chunk in self.chunks for item in chunk.items[chunk.scored:]]
        self.chunks.clear()
        return left


def _check_reachable(address: str) -> None:
    """Fail plainly when nothing listens at a ``host:port`` address (Ray itself retries for minutes)."""
    host, _, port = address.removeprefix("ray://").rpartition(":")
    if not host or not port.isdigit():
        return  # "auto" and the like: Ray finds the cluster itself
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=CONNECT_SECONDS).close()
    except OSError as exc:
        raise BatchRunError(f"cannot reach the Ray cluster at {address}: {exc.strerror or exc}") from None


def _is_ready(waitable: ray.ObjectRef | ray.ObjectRefGenerator) -> bool:
    done, _ = ray.wait([waitable], timeout=0)
    return bool(done)


def _death_reason(exc: RayError) -> str:
    text = str(exc)
    facts = [f"{label} {m.group(1)}" for label, pattern in (("exit", r"Worker exit type: (\w+)"),
                                                           ("pid", r"\bpid: (\d+)"), ("on", r"\bip: (\S+)"))
             if (m := re.search(pattern, text))]
    detail = ", ".join(facts) or type(exc).__name__
    return f"the Ray actor scoring this file died ({detail}); the file was not retried"


class RayEngine:
    """Ray actors (local Ray by default, or the cluster at ``address``) as the batch's workers."""

    def __init__(self, address: str | None = None) -> None:
        self.address = address
        self._scratch: list[Path] = []  # the snapshot folders this engine made, removed after its run

    def worker_init(self, store_path: Path, nlp_options: NlpOptions | None,
                    check_options: CheckOptions | None) -> tuple[Callable[..., Any], tuple]:
        scratch = Path(tempfile.mkdtemp(prefix="notes-analyzer-store-"))
        self._scratch.append(scratch)
        return open_snapshot_worker, (StoreSnapshot.read(Path(store_path), scratch), nlp_options, check_options)

    def run(self, items: list[BatchItem], worker: Worker, *, workers: int,
            initializer: Callable[..., Any] | None, initargs: tuple,
            limits: WorkerLimits) -> Iterator[BatchOutcome]:
        """Yield one outcome per item from ``workers`` actors (one CPU each), in completion order.

        Joins the Ray that this process already runs, else starts a local one (or joins ``address``)
        for this run alone. An actor that cannot start raises ``BatchRunError``.
        """
        try:
            if not items:
                return
            started_ray = self._connect(workers)
            try:
                yield from self._dispatch(items, worker, workers, initializer, initargs, limits)
            finally:
                if started_ray:
                    ray.shutdown()
        finally:
            self._remove_scratch()

    def _remove_scratch(self) -> None:
        """Remove the snapshot folders, with any copy an actor killed while opening it left behind."""
        while self._scratch:
            shutil.rmtree(self._scratch.pop(), ignore_errors=True)

    def _connect(self, workers: int) -> bool:
        """Start or join Ray unless this process already has; True when it did."""
        if ray.is_initialized():
            return False
        if self.address:
            _check_reachable(self.address)
        try:
            if self.address:
                ray.init(address=self.address, **_RAY_LOGGING)
            else:
                ray.init(address="local", num_cpus=workers, include_dashboard=False,
                         object_store_memory=LOCAL_OBJECT_STORE_BYTES, **_RAY_LOGGING)
        except (ConnectionError, RuntimeError, ValueError) as exc:
            where = f"the Ray cluster at {self.address}" if self.address else "a local Ray"
            raise BatchRunError(f"could not start or join {where}: {str(exc).splitlines()[0]}") from None
        return True

    def _dispatch(self, items: list[BatchItem], worker: Worker, workers: int,
                  initializer: Callable[..., Any] | None, initargs: tuple,
                  limits: WorkerLimits) -> Iterator[BatchOutcome]:
        actor_class = ray.remote(num_cpus=1, max_restarts=0)(NoteScorer)
        args = (os.getcwd(), worker, initializer, ray.put(initargs), limits)  # initargs put once, shared
        count = max(1, min(workers, len(items)))
        chunk_files = max(1, min(CHUNK_FILES, math.ceil(len(items) / (count * IN_FLIGHT_CHUNKS))))
        queue = deque(items)
        actors = [_Actor(actor_class, args) for _ in range(count)]
        try:
            while queue or any(actor.chunks for actor in actors):
                for actor in actors:
                    while actor.pending is None and len(actor.chunks) < IN_FLIGHT_CHUNKS and queue:
                        actor.give([queue.popleft() for _ in range(min(chunk_files, len(queue)))])
                waitables = [actor.pending if actor.pending is not None else actor.chunks[0].stream
                             for actor in actors if actor.pending is not None or actor.chunks]
                ray.wait(waitables, num_returns=1, timeout=WATCH_INTERVAL)
                for index, actor in enumerate(actors):
                    if actor.pending is not None:
                        _check_started(actor, actors)
                        continue
                    outcomes, replace = _collect(actor, limits)
                    yield from outcomes
                    if replace:
                        queue.extendleft(reversed(actor.stop()))
                        actors[index] = _Actor(actor_class, args)
        finally:
            for actor in actors:
                ray.kill(actor.handle, no_restart=True)


def _check_started(actor: _Actor, actors: list[_Actor]) -> None:
    """Mark an actor ready once its context is open; raise ``BatchRunError`` when it cannot start."""
    assert actor.pending is not None
    if _is_ready(actor.pending):
        try:
            failure = ray.get(actor.pending)
        except RayError as exc:  # it died while loading
            failure = str(exc).splitlines()[0]
        if failure:
            raise BatchRunError(f"a Ray actor could not start: {failure}")
        actor.pending = None
    elif time.monotonic() - actor.created > START_SECONDS and all(a.pending is not None for a in actors):
        raise BatchRunError(f"no Ray actor started within {START_SECONDS:g} s (has the cluster a free CPU?)")


def _collect(actor: _Actor, limits: WorkerLimits) -> tuple[list[BatchOutcome], bool]:
    """The outcomes an actor has streamed back so far, and whether it must be replaced.

    An actor is replaced when it died (the file it was scoring gets the error record), ran out of
    memory (it said so in its last outcome) or runs past the time limit on a file (it is killed).
    """
    outcomes: list[BatchOutcome] = []
    while actor.chunks and _is_ready(actor.chunks[0].stream):
        chunk = actor.chunks[0]
        try:
            ref = next(chunk.stream)
        except StopIteration:  # the chunk is done: the next one starts now
            actor.chunks.popleft()
            if actor.chunks:
                actor.chunks[0].since = time.monotonic()
            continue
        item = chunk.current()
        try:
            outcome, retire = ray.get(ref)
        except RayError as exc:  # the actor died while scoring ``item``
            if item is not None:
                chunk.scored += 1
                outcomes.append(error_outcome(item, "resources", _death_reason(exc), time.monotonic() - chunk.since))
            return outcomes, True
        chunk.scored += 1
        chunk.since = time.monotonic()
        outcomes.append(outcome)
        if retire:
            return outcomes, True
    head = actor.chunks[0] if actor.chunks else None
    item = head.current() if head else None
    if head and item and (elapsed := time.monotonic() - head.since) > limits.note_seconds:
        head.scored += 1
        outcomes.append(error_outcome(item, "resources", f"time limit: still running after {limits.note_seconds:g} s; "
                                      "the actor was stopped", elapsed))
        return outcomes, True
    return outcomes, False
