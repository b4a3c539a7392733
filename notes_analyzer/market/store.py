"""The market-data store: one DuckDB file, schema-versioned.

Tables:

- ``meta`` (key, value): ``schema_version``.
- ``series``: one row per series id (name, unit, frequency, kind, sources, coverage, last updated).
- ``raw_observations``: every row each source (file or online feed) supplied, with its priority.
- ``observations``: the resolved view the queries read, one row per (series_id, date), rebuilt
  from ``raw_observations`` after every import (see ``importers`` for the source rule).
- ``events``: curated policy events and FOMC decisions derived from the target range.
- ``results``: scored notes for the weekly report (owned by ``notes_analyzer.results``).

``open_store`` creates a new store, migrates an older one, and refuses a newer one.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from notes_analyzer.config import resolve_store_path
from notes_analyzer.errors import StoreError

__all__ = ["SCHEMA_VERSION", "MarketStore", "open_store", "store_run_lock"]

log = logging.getLogger(__name__)

_V1 = [
    "CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)",
    """CREATE TABLE IF NOT EXISTS series (
        id VARCHAR PRIMARY KEY, name VARCHAR, unit VARCHAR, frequency VARCHAR, kind VARCHAR,
        source VARCHAR, first_date DATE, last_date DATE, n_obs BIGINT, last_updated TIMESTAMP)""",
    """CREATE TABLE IF NOT EXISTS raw_observations (
        series_id VARCHAR NOT NULL, source VARCHAR NOT NULL, priority INTEGER NOT NULL,
        loaded_at TIMESTAMP NOT NULL, date DATE NOT NULL, value DOUBLE NOT NULL,
        open DOUBLE, high DOUBLE, low DOUBLE, close DOUBLE,
        PRIMARY KEY (series_id, source, date))""",
    """CREATE TABLE IF NOT EXISTS observations (
        series_id VARCHAR NOT NULL, date DATE NOT NULL, value DOUBLE NOT NULL,
        open DOUBLE, high DOUBLE, low DOUBLE, close DOUBLE, source VARCHAR,
        PRIMARY KEY (series_id, date))""",
    """CREATE TABLE IF NOT EXISTS events (
        id VARCHAR PRIMARY KEY, date DATE NOT NULL, end_date DATE, kind VARCHAR NOT NULL,
        name VARCHAR NOT NULL, detail VARCHAR, source VARCHAR NOT NULL, url VARCHAR,
        aliases VARCHAR[], origin VARCHAR NOT NULL)""",
    # Same DDL as notes_analyzer.results.RESULTS_DDL (that module owns the table's use).
    """CREATE TABLE IF NOT EXISTS results (
        note_id VARCHAR PRIMARY KEY, content_hash VARCHAR, pipeline_version VARCHAR,
        scored_at TIMESTAMP, published TIMESTAMP, source VARCHAR, title VARCHAR, url VARCHAR,
        path VARCHAR, support_score DOUBLE, coverage DOUBLE, report_json VARCHAR)""",
]

#: version -> statements that bring a store from version-1 to version.
MIGRATIONS: dict[int, list[str]] = {1: _V1}
SCHEMA_VERSION = max(MIGRATIONS)


class MarketStore:
    """An open store. Use as a context manager; ``connection`` is the DuckDB connection."""

    def __init__(self, path: Path, connection: Any, *, read_only: bool) -> None:
        self.path = path
        self.connection = connection
        self.read_only = read_only
        self.generation = 0  # bumped by every write, so query caches know to reload

    def __enter__(self) -> MarketStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None

    @property
    def schema_version(self) -> int:
        return _stored_version(self.connection) or 0

    def transaction(self, work: Callable[[Any], Any]) -> Any:
        """Run ``work(connection)`` in one transaction: all of it is written, or none."""
        if self.read_only:
            raise StoreError(f"{self.path}: store is open read-only")
        con = self.connection
        con.execute("BEGIN TRANSACTION")
        try:
            result = work(con)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        self.generation += 1
        return result

    def series_ids(self) -> list[str]:
        return [r[0] for r in self.connection.execute("SELECT id FROM series ORDER BY id").fetchall()]

    def info(self) -> dict[str, Any]:
        """Path, schema version, file size and row counts."""
        con = self.connection
        counts = {
            t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("series", "observations", "raw_observations", "events", "results")
        }
        size = self.path.stat().st_size if self.path.exists() else 0
        return {"path": str(self.path), "schema_version": self.schema_version, "size_bytes": size, **counts}


def open_store(path: Path | str | None = None, *, read_only: bool = False) -> MarketStore:
    """Open (creating or migrating) the store at ``path`` (default: ``config.resolve_store_path``)."""
    import duckdb

    target = resolve_store_path(path)
    if read_only and not target.exists():
        raise StoreError(f"{target}: no market-data store here; run `notes-analyzer market import` first")
    if not read_only:
        target.parent.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(str(target), read_only=read_only)
    except duckdb.Error as exc:
        raise StoreError(_open_error(target, exc)) from None
    try:
        _check_or_migrate(con, target, read_only=read_only)
    except BaseException:
        con.close()
        raise
    return MarketStore(target, con, read_only=read_only)


_LOCK_HOLDER = re.compile(r"Conflicting lock is held in (?P<program>.*?) \(PID (?P<pid>\d+)\)")


def _open_error(target: Path, exc: Exception) -> str:
    """A plain sentence for DuckDB's open errors; a lock held by another process names that process."""
    held = _LOCK_HOLDER.search(str(exc))
    if held:
        return (f"{target}: another process (PID {held['pid']}, {held['program']}) is using this store; "
                "wait for it to finish or stop it")
    return f"{target}: cannot open the market-data store ({exc})"


@contextmanager
def store_run_lock(path: Path) -> Iterator[None]:
    """Hold ``<store>.lock`` for a ``score`` run, so a second run says who holds the store.

    An ``flock`` on an open file: the kernel releases it when the holder dies, even by SIGKILL,
    so a killed run never leaves a stale lock behind.
    """
    import fcntl

    lock_path = path.with_name(path.name + ".lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with lock_path.open("a+", encoding="ascii") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "unknown"
            raise StoreError(f"another score run, PID {holder}, is using this store ({path}); "
                             "wait for it to finish or stop it") from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            fcntl.flock(handle, fcntl.LOCK_UN)


def _stored_version(con: Any) -> int | None:
    has_meta = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'meta'"
    ).fetchone()[0]
    if not has_meta:
        return None
    row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    return int(row[0]) if row else None


def _check_or_migrate(con: Any, path: Path, *, read_only: bool) -> None:
    version = _stored_version(con)
    if version is None:
        _refuse_foreign(con, path)
        version = 0
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{path}: store schema v{version} is newer than this notes-analyzer supports (v{SCHEMA_VERSION}); upgrade"
        )
    if version == SCHEMA_VERSION:
        return
    if read_only:
        raise StoreError(f"{path}: store schema v{version} needs migrating to v{SCHEMA_VERSION}; open it writable")
    _migrate(con, path, version)


def _refuse_foreign(con: Any, path: Path) -> None:
    tables = con.execute("SELECT count(*) FROM information_schema.tables").fetchone()[0]
    if tables:
        raise StoreError(f"{path}: a DuckDB file with tables but no notes-analyzer schema version; not a market store")


def _migrate(con: Any, path: Path, version: int) -> None:
    con.execute("BEGIN TRANSACTION")
    try:
        for target in range(version + 1, SCHEMA_VERSION + 1):
            for statement in MIGRATIONS[target]:
                con.execute(statement)
            log.info("%s: migrated store schema to v%d", path, target)
        con.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])
        con.execute("COMMIT")
    except Exception as exc:
        con.execute("ROLLBACK")
        raise StoreError(f"{path}: migrating the store from v{version} failed ({exc})") from None
