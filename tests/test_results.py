"""Scored notes round-trip through the store's ``results`` table and the forecast ledger."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta, timezone

import duckdb
import pytest
from report_factory import claim, report, week3_desk

from notes_analyzer.errors import StoreError
from notes_analyzer.market.store import open_store
from notes_analyzer.report.weekly import build_weekly, summary_from_store
from notes_analyzer.results import (
    ensure_results_schema,
    load_reports,
    load_reports_with_forecasts_due,
    save_report,
    save_reports,
)


@pytest.fixture
def store(tmp_path):
    with open_store(tmp_path / "store.duckdb") as opened:
        yield opened


def test_round_trip_by_publication_date(store):
    this_week, earlier = week3_desk()
    for item in [*earlier, *this_week]:
        save_report(store, item)
    loaded = load_reports(store, date(2026, 1, 12), date(2026, 1, 18))
    assert sorted(r.note.id for r in loaded) == sorted(r.note.id for r in this_week)
    assert [r.note.id for r in loaded][0] == "meridian-1"  # oldest first (published 2026-01-13)
    originals = {r.note.id: r for r in this_week}
    for got in loaded:
        assert got == originals[got.note.id]  # every field, verdicts and evidence included
    assert load_reports(store, date(2026, 1, 19), date(2026, 1, 19))[0].note.id == "tape-0"  # end inclusive
    assert load_reports(store, date(2026, 2, 1), date(2026, 2, 28)) == []


def test_upsert_replaces_a_rescored_note(store):
    first = report("n1", "Harbor Street Research", date(2026, 1, 14), score=0.2)
    save_report(store, first)
    rescored = replace(first, pipeline_version="0.2.0", support=replace(first.support, score=0.8))
    save_report(store, rescored)
    rows = store.connection.execute("SELECT note_id, pipeline_version, support_score FROM results").fetchall()
    assert rows == [("n1", "0.2.0", 0.8)]
    assert load_reports(store, date(2026, 1, 14), date(2026, 1, 14)) == [rescored]


def test_timezones_are_stored_as_utc(store):
    late = report("late", "S", date(2026, 1, 18))
    eastern = timezone(timedelta(hours=-5))
    late = replace(late, note=replace(late.note, published=datetime(2026, 1, 18, 22, 0, tzinfo=eastern)))
    save_report(store, late)  # 22:00 in New York on Sunday is Monday 03:00 UTC
    assert load_reports(store, date(2026, 1, 19), date(2026, 1, 19))[0].note.published == late.note.published


def test_undated_note_counts_on_its_scoring_day(store):
    undated = report("undated", "S", None)
    save_report(store, undated)
    assert [r.note.id for r in load_reports(store, date(2026, 1, 20), date(2026, 1, 20))] == ["undated"]


def test_forecast_ledger(store):
    this_week, earlier = week3_desk()
    for item in [*earlier, *this_week]:
        save_report(store, item)
    ledger = store.connection.execute(
        "SELECT note_id, claim_id, checkable_after, verdict, decided_on FROM forecast_ledger ORDER BY claim_id"
    ).fetchall()
    assert ledger == [
        ("harbor-1", "h1-c3", date(2027, 3, 31), "pending", None),
        ("meridian-0", "m0-c2", date(2026, 1, 16), "pending", None),
        ("meridian-1", "m1-c4", date(2026, 1, 13), "contradicted", date(2026, 1, 15)),
    ]
    due = load_reports_with_forecasts_due(store, date(2026, 1, 12), date(2026, 1, 18))
    assert sorted(r.note.id for r in due) == ["meridian-0", "meridian-1"]
    # the pending jobless-rate forecast is re-checked later and the ledger follows the new verdict
    old = next(r for r in earlier if r.note.id == "meridian-0")
    _, decided = claim("m0-c2", "The jobless rate will reach 5% by mid-January.", "forecast", "contradicted",
                       evidence="UNRATE was 4.3% for January 2026.", computed=4.3, value=5.0, subject=("UNRATE",),
                       series=("UNRATE",), due=date(2026, 1, 16), decided=date(2026, 2, 6))
    save_report(store, replace(old, verdicts=(old.verdicts[0], decided)))
    query = "SELECT verdict, decided_on FROM forecast_ledger WHERE claim_id = 'm0-c2'"
    row = store.connection.execute(query).fetchone()
    assert row == ("contradicted", date(2026, 2, 6))
    assert [r.note.id for r in load_reports_with_forecasts_due(store, date(2026, 2, 2), date(2026, 2, 8))] == [
        "meridian-0"
    ]


def test_plain_duckdb_connection_and_idempotent_schema(tmp_path):
    con = duckdb.connect(str(tmp_path / "plain.duckdb"))
    ensure_results_schema(con)
    ensure_results_schema(con)
    assert load_reports(con, date(2026, 1, 1), date(2026, 12, 31)) == []
    save_report(con, report("p", "S", date(2026, 1, 14)))
    assert [r.note.id for r in load_reports(con, date(2026, 1, 14), date(2026, 1, 14))] == ["p"]


def test_store_without_results_reads_as_empty(tmp_path):
    con = duckdb.connect(str(tmp_path / "empty.duckdb"))
    assert load_reports(con, date(2026, 1, 1), date(2026, 1, 31)) == []
    assert load_reports_with_forecasts_due(con, date(2026, 1, 1), date(2026, 1, 31)) == []


def test_bad_inputs_raise_store_errors(store):
    with pytest.raises(StoreError, match="not a store"):
        load_reports(object(), date(2026, 1, 1), date(2026, 1, 2))
    store.connection.execute("INSERT INTO results (note_id, published, report_json) VALUES "
                             "('broken', '2026-01-14', '{\"note\": 1}')")
    with pytest.raises(StoreError, match="broken"):
        load_reports(store, date(2026, 1, 14), date(2026, 1, 14))


def test_saving_into_a_read_only_store_raises(tmp_path):
    path = tmp_path / "ro.duckdb"
    open_store(path).close()
    with open_store(path, read_only=True) as read_only, pytest.raises(StoreError, match="n1"):
        save_report(read_only, report("n1", "S", date(2026, 1, 14)))


def test_light_reports_keep_what_the_weekly_figures_need(store):
    this_week, earlier = week3_desk()
    assert save_reports(store, [*earlier, *this_week]) == len(earlier) + len(this_week)
    full = load_reports(store, date(2026, 1, 12), date(2026, 1, 18))
    light = load_reports(store, date(2026, 1, 12), date(2026, 1, 18), light=True)
    assert [r.note.id for r in light] == [r.note.id for r in full]
    for whole, slim in zip(full, light, strict=True):
        assert slim.note.text == "" and slim.analysis.sentences == () and slim.analysis.claims == whole.analysis.claims
        assert [v.label for v in slim.verdicts] == [v.label for v in whole.verdicts]
        assert slim.analysis.catalysts == whole.analysis.catalysts and slim.support == whole.support
        assert slim.analysis.stances == whole.analysis.stances


def test_summary_from_store_matches_the_in_memory_one(store):
    this_week, earlier = week3_desk()
    save_reports(store, [*earlier, *this_week])
    from_store = summary_from_store(store, "2026-W03")
    in_memory = build_weekly(this_week, earlier, "2026-W03")
    assert replace(from_store, generated_at=None) == replace(in_memory, generated_at=None)


def test_a_failed_batch_writes_nothing(store):
    good = report("good", "S", date(2026, 1, 14))
    bad = replace(report("bad", "S", date(2026, 1, 14)), verdicts=("not a verdict",))
    with pytest.raises((StoreError, AttributeError)):
        save_reports(store, [good, bad])
    assert load_reports(store, date(2026, 1, 14), date(2026, 1, 14)) == []
