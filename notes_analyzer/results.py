"""Scored notes in the store: the ``results`` table and the forecast ledger.

``save_report`` upserts one ``NoteReport`` (keyed by note id) and records its forecast
claims in ``forecast_ledger``; ``load_reports`` reads reports back by publication date
(the scoring time stands in for notes without a date), for the weekly report.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from notes_analyzer.errors import StoreError
from notes_analyzer.records import NoteReport, from_dict, to_json

if TYPE_CHECKING:
    from duckdb import DuckDBPyConnection

    from notes_analyzer.market.store import MarketStore

    #: What the results functions take: an open store, or a bare DuckDB connection.
    StoreLike = MarketStore | DuckDBPyConnection

log = logging.getLogger(__name__)

__all__ = [
    "ensure_results_schema",
    "load_reports",
    "load_reports_with_forecasts_due",
    "save_report",
    "save_reports",
]

RESULTS_DDL = """
CREATE TABLE IF NOT EXISTS results (
    note_id VARCHAR PRIMARY KEY,
    content_hash VARCHAR,
    pipeline_version VARCHAR,
    scored_at TIMESTAMP,
    published TIMESTAMP,
    source VARCHAR,
    title VARCHAR,
    url VARCHAR,
    path VARCHAR,
    support_score DOUBLE,
    coverage DOUBLE,
    report_json VARCHAR
)
"""

LEDGER_DDL = """
CREATE TABLE IF NOT EXISTS forecast_ledger (
    note_id VARCHAR NOT NULL,
    claim_id VARCHAR NOT NULL,
    claim_text VARCHAR,
    checkable_after DATE,
    verdict VARCHAR,
    decided_on DATE,
    reason VARCHAR,
    PRIMARY KEY (note_id, claim_id)
)
"""

LEDGER_COLUMNS = ("note_id", "claim_id", "claim_text", "checkable_after", "verdict", "decided_on", "reason")
RESULT_COLUMNS = (
    "note_id", "content_hash", "pipeline_version", "scored_at", "published", "source",
    "title", "url", "path", "support_score", "coverage", "report_json",
)


def ensure_results_schema(connection: Any) -> None:
    """Create ``results`` and ``forecast_ledger`` if they are missing (idempotent)."""
    connection.execute(RESULTS_DDL)
    connection.execute(LEDGER_DDL)


def _connection(store: StoreLike) -> Any:
    """The open DuckDB connection of a store, or the connection itself."""
    import duckdb

    from notes_analyzer.market.store import MarketStore

    if isinstance(store, duckdb.DuckDBPyConnection):
        return store
    if isinstance(store, MarketStore):
        if store.connection is None:
            raise StoreError(f"{store.path}: the store is closed")
        return store.connection
    raise StoreError(f"{store!r}: not a store or a DuckDB connection")


def save_report(store: StoreLike, report: NoteReport) -> None:
    """Upsert one scored note (and its forecast claims) into the store, in one transaction."""
    save_reports(store, [report])


def save_reports(store: StoreLike, reports: Iterable[NoteReport]) -> int:
    """Upsert several scored notes in one transaction (all or none); how many were written.

    Keyed by note id; a file re-scored after an edit replaces its earlier result (one row per
    file). Rows are written in bulk: a batch of hundreds of notes saves in well under a second.
    """
    import duckdb

    con = _connection(store)
    latest = _latest_per_note_and_path(list(reports))
    try:
        ensure_results_schema(con)
        con.execute("BEGIN TRANSACTION")
        try:
            _write_reports(con, latest)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    except duckdb.Error as exc:
        names = ", ".join(repr(r.note.id) for r in latest[:3]) + (" …" if len(latest) > 3 else "")
        raise StoreError(f"cannot save the report(s) of note {names} into the results table: {exc}") from exc
    return len(latest)


def _latest_per_note_and_path(reports: list[NoteReport]) -> list[NoteReport]:
    """The last report given for each note id and each file path (later ones win)."""
    by_note: dict[str, NoteReport] = {}
    for report in reports:
        by_note.pop(report.note.id, None)
        by_note[report.note.id] = report
    by_path: dict[str, NoteReport] = {}
    for report in by_note.values():
        by_path[report.note.path or f"id:{report.note.id}"] = report
    return list(by_path.values())


def _write_reports(con: Any, reports: list[NoteReport]) -> None:
    ids = [r.note.id for r in reports]
    paths = [r.note.path for r in reports if r.note.path]
    stale = "SELECT note_id FROM results WHERE note_id IN (SELECT unnest(?)) OR path IN (SELECT unnest(?))"
    con.execute(f"DELETE FROM forecast_ledger WHERE note_id IN ({stale}) OR note_id IN (SELECT unnest(?))",
                [ids, paths, ids])
    con.execute("DELETE FROM results WHERE note_id IN (SELECT unnest(?)) OR path IN (SELECT unnest(?))", [ids, paths])
    _insert_rows(con, "results", RESULT_COLUMNS, [_result_row(r) for r in reports])
    _insert_rows(con, "forecast_ledger", LEDGER_COLUMNS, [row for r in reports for row in _ledger_rows(r)])


#: Rows per multi-row INSERT statement.
INSERT_CHUNK = 200


def _insert_rows(con: Any, table: str, columns: tuple[str, ...], rows: list[list[Any]]) -> None:
    one = f"({', '.join('?' * len(columns))})"
    for start in range(0, len(rows), INSERT_CHUNK):
        chunk = rows[start:start + INSERT_CHUNK]
        con.execute(f"INSERT INTO {table} ({', '.join(columns)}) VALUES {', '.join([one] * len(chunk))}",
                    [value for row in chunk for value in row])


def load_reports(store: StoreLike, start: date, end: date, *, light: bool = False) -> list[NoteReport]:
    """Reports of notes published from ``start`` to ``end`` inclusive, oldest first.

    A note without a publication date counts on the day it was scored. ``light`` reports keep
    what the weekly figures need (note metadata, claims, verdicts with their evidence sentences,
    support, sentiment, stances, catalysts) and drop the note's text, its sentences, sentence
    sentiments and the evidence observations: several times faster to read.
    """
    con = _connection(store)
    if not _has_tables(con, "results"):
        return []
    rows = con.execute(
        "SELECT note_id, report_json FROM results "
        "WHERE coalesce(published, scored_at) >= ? AND coalesce(published, scored_at) < ? "
        "ORDER BY coalesce(published, scored_at), note_id",
        [_day_start(start), _day_start(end + timedelta(days=1))],
    ).fetchall()
    return [_decode(note_id, text, light=light) for note_id, text in rows]


def load_reports_with_forecasts_due(store: StoreLike, start: date, end: date, *,
                                    light: bool = False) -> list[NoteReport]:
    """Reports holding a forecast due, or decided, from ``start`` to ``end`` inclusive (``light``: as above)."""
    con = _connection(store)
    if not _has_tables(con, "results", "forecast_ledger"):
        return []
    rows = con.execute(
        "SELECT r.note_id, r.report_json FROM results r WHERE r.note_id IN ("
        " SELECT note_id FROM forecast_ledger"
        " WHERE checkable_after BETWEEN ? AND ? OR decided_on BETWEEN ? AND ?) ORDER BY r.note_id",
        [start, end, start, end],
    ).fetchall()
    return [_decode(note_id, text, light=light) for note_id, text in rows]


def _has_tables(con: Any, *names: str) -> bool:
    found = {row[0] for row in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    return all(name in found for name in names)


LIGHT_ANALYSIS_FIELDS = ("note_id", "claims", "note_sentiment", "note_sentiment_label", "stances", "catalysts",
                         "mentions")


def _decode(note_id: str, text: str, *, light: bool = False) -> NoteReport:
    try:
        data = json.loads(text)
        if light:
            data = _lighten(data)
        return from_dict(NoteReport, data)
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise StoreError(f"results row {note_id!r} holds an unreadable report: {exc}") from exc


def _lighten(data: dict[str, Any]) -> dict[str, Any]:
    """A report's JSON without its bulk: text, sentences, sentence sentiments, evidence observations."""
    analysis = data.get("analysis") or {}
    data["analysis"] = {key: analysis[key] for key in LIGHT_ANALYSIS_FIELDS if key in analysis}
    data["note"] = {**data["note"], "text": "", "paragraphs": []}
    for verdict in data.get("verdicts") or ():
        if verdict.get("evidence"):
            verdict["evidence"] = {**verdict["evidence"], "observations": []}
    return data


def _result_row(report: NoteReport) -> list[Any]:
    note, support = report.note, report.support
    return [
        note.id, note.content_hash, report.pipeline_version, _naive_utc(report.scored_at),
        _naive_utc(note.published), note.source, note.title, note.url, note.path,
        support.score if support else None, support.coverage if support else None, to_json(report),
    ]


def _ledger_rows(report: NoteReport) -> list[list[Any]]:
    claims = {claim.id: claim for claim in report.analysis.claims}
    rows = []
    for verdict in report.verdicts:
        claim = claims.get(verdict.claim_id)
        is_forecast = claim is not None and claim.kind == "forecast"
        if not is_forecast and verdict.checkable_after is None:
            continue
        rows.append([
            report.note.id, verdict.claim_id, claim.text if claim else None, verdict.checkable_after,
            verdict.label, verdict.decided_on, verdict.reason,
        ])
    return rows


def _naive_utc(moment: datetime | None) -> datetime | None:
    if moment is None or moment.tzinfo is None:
        return moment
    return moment.astimezone(UTC).replace(tzinfo=None)


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min)
