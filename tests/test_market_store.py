"""Store schema/versioning and importers: idempotence, transactions, formats, junk and bad input."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest

from notes_analyzer.errors import StoreError
from notes_analyzer.market.importers import import_paths
from notes_analyzer.market.queries import MarketQueries
from notes_analyzer.market.store import SCHEMA_VERSION, open_store

FRED_OK = "observation_date,DGS10\n2026-01-02,4.19\n2026-01-05,4.17\n2026-01-06,.\n2026-01-07,4.14\n"


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _count(store, series: str) -> int:
    return store.connection.execute("SELECT count(*) FROM observations WHERE series_id = ?", [series]).fetchone()[0]


# --------------------------------------------------------------------------- store


def test_new_store_has_versioned_schema_and_results_table(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.duckdb") as store:
        assert store.schema_version == SCHEMA_VERSION
        cols = [r[0] for r in store.connection.execute("DESCRIBE results").fetchall()]
        assert cols == ["note_id", "content_hash", "pipeline_version", "scored_at", "published", "source", "title",
                        "url", "path", "support_score", "coverage", "report_json"]
        obs_cols = [r[0] for r in store.connection.execute("DESCRIBE observations").fetchall()]
        assert obs_cols[:7] == ["series_id", "date", "value", "open", "high", "low", "close"]


def test_store_path_from_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NOTES_ANALYZER_STORE", str(tmp_path / "env.duckdb"))
    with open_store() as store:
        assert store.path == tmp_path / "env.duckdb"


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    with open_store(path) as store:
        store.connection.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", [str(SCHEMA_VERSION + 1)])
    with pytest.raises(StoreError, match="newer"):
        open_store(path)


def test_older_schema_is_migrated(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
    con.execute("INSERT INTO meta VALUES ('schema_version', '0')")
    con.close()
    with pytest.raises(StoreError, match="migrating"):
        open_store(path, read_only=True)
    with open_store(path) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert store.info()["series"] == 0


def test_foreign_duckdb_and_garbage_files_are_refused(tmp_path: Path) -> None:
    foreign = tmp_path / "other.duckdb"
    con = duckdb.connect(str(foreign))
    con.execute("CREATE TABLE t (x INT)")
    con.close()
    with pytest.raises(StoreError, match="not a market store"):
        open_store(foreign)
    garbage = _write(tmp_path, "garbage.duckdb", "not a database at all\n" * 10)
    with pytest.raises(StoreError, match="cannot open"):
        open_store(garbage)


def test_read_only_missing_store(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no market-data store"):
        open_store(tmp_path / "missing.duckdb", read_only=True)


# --------------------------------------------------------------------------- import


def test_import_is_idempotent(tmp_path: Path) -> None:
    csv = _write(tmp_path, "fred_DGS10.csv", FRED_OK)
    with open_store(tmp_path / "s.duckdb") as store:
        first = import_paths(store, [csv])
        again = import_paths(store, [csv])
        assert first.files[0].format == "fred" and first.files[0].series == (("DGS10", 3),)
        assert again.rows == 3 and _count(store, "DGS10") == 3
        assert "blank cells (non-trading days, gaps): 1" in first.files[0].skipped


def test_reimport_replaces_values(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.duckdb") as store:
        import_paths(store, [_write(tmp_path, "fred_DGS10.csv", FRED_OK)])
        import_paths(store, [_write(tmp_path, "fred_DGS10.csv", "observation_date,DGS10\n2026-01-02,4.20\n")])
        assert _count(store, "DGS10") == 1
        assert MarketQueries(store).value_at("DGS10", date(2026, 1, 2)).value == 4.20


def test_failed_import_leaves_store_unchanged(tmp_path: Path) -> None:
    good = _write(tmp_path, "a_good.csv", FRED_OK)
    with open_store(tmp_path / "s.duckdb") as store:
        import_paths(store, [good])
        changed = _write(tmp_path, "b_changed.csv", "date,DGS10\n2026-01-02,9.99\n")
        bad = _write(tmp_path, "c_bad.csv", "date,X\n2026-01-02,1\n2026-01-02,2\n")
        with pytest.raises(StoreError, match="duplicate date 2026-01-02"):
            import_paths(store, [changed, bad])
        assert MarketQueries(store).value_at("DGS10", date(2026, 1, 2)).value == 4.19
        assert "X" not in store.series_ids()


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("empty.csv", "", "empty file"),
        ("header.csv", "date,DGS10\n", "header only"),
        ("nodate.csv", "foo,bar\n1,2\n", "unknown format"),
        ("baddates.csv", "date,DGS10\n01/02/2026,4.1\n01/03/2026,4.2\n", "not ISO"),
        ("ragged.csv", "date,DGS10\n2026-01-02,4.1\n2026-01-03,4.2,7,8\n", "malformed CSV"),
        ("words.csv", "date,DGS10\n2026-01-02,abc\n2026-01-03,n/a?\n", "no numeric observations"),
        ("onlydate.csv", "date\n2026-01-02\n", "unknown format"),
        ("twice.csv", "date,CPI,CPIAUCSL,UNRATE\n2026-01-01,1,1,4\n", "several columns map to series CPIAUCSL"),
    ],
)
def test_bad_files_raise_clear_errors(tmp_path: Path, name: str, text: str, message: str) -> None:
    path = _write(tmp_path, name, text)
    with open_store(tmp_path / "s.duckdb") as store:
        with pytest.raises(StoreError, match=message) as info:
            import_paths(store, [path])
        assert name in str(info.value)
        assert store.series_ids() == []


def test_binary_and_missing_inputs(tmp_path: Path) -> None:
    blob = tmp_path / "blob.csv"
    blob.write_bytes(bytes(range(256)) * 20)
    with open_store(tmp_path / "s.duckdb") as store:
        with pytest.raises(StoreError, match="blob.csv"):
            import_paths(store, [blob])
        with pytest.raises(StoreError, match="no such file"):
            import_paths(store, [tmp_path / "nope.csv"])
        empty_dir = tmp_path / "empty"
        empty_dir.mkdir()
        with pytest.raises(StoreError, match="no CSV files"):
            import_paths(store, [empty_dir])


def test_non_numeric_cells_are_skipped_and_reported(tmp_path: Path) -> None:
    path = _write(tmp_path, "fred_DGS2.csv", "date,DGS2\n2026-01-02,3.47\n2026-01-05,oops\n2026-01-06,3.45\n")
    with open_store(tmp_path / "s.duckdb") as store:
        summary = import_paths(store, [path])
        assert summary.files[0].series == (("DGS2", 2),)
        assert "DGS2: non-numeric value: 1" in summary.files[0].skipped
        with pytest.raises(Exception, match="stale|no observation"):
            MarketQueries(store).value_at("DGS2", date(2025, 12, 1))


def test_identical_duplicate_rows_are_deduplicated(tmp_path: Path) -> None:
    path = _write(tmp_path, "fred_DGS2.csv", "date,DGS2\n2026-01-02,3.47\n2026-01-02,3.47\n")
    with open_store(tmp_path / "s.duckdb") as store:
        summary = import_paths(store, [path])
        assert summary.files[0].series == (("DGS2", 1),)
        assert "DGS2: duplicate row: 1" in summary.files[0].skipped


def test_ohlc_and_month_formats(tmp_path: Path) -> None:
    ohlc = _write(tmp_path, "etf_ABC_daily.csv",
                  "Date,Open,High,Low,Close,Volume\n2026-01-02,10,12,9,11,100\n2026-01-05,11,13,10,12,100\n")
    monthly = _write(tmp_path, "gold_monthly.csv", "Date,Price\n2025-11,4000.5\n2025-12,4100.25\n")
    with open_store(tmp_path / "s.duckdb") as store:
        summary = import_paths(store, [ohlc, monthly])
        assert [f.format for f in summary.files] == ["ohlc", "single"]
        q = MarketQueries(store)
        assert q.extreme("ABC", date(2026, 1, 1), date(2026, 1, 5), "max", field="high").value == 13
        assert q.value_at("GOLD", date(2025, 12, 20)).date == date(2025, 12, 1)
        assert store.connection.execute("SELECT frequency FROM series WHERE id='GOLD'").fetchone()[0] == "monthly"


# --------------------------------------------------------------------------- the shared folder


def test_shared_folder_import_rules(market_store, shared_dir: Path) -> None:
    con = market_store.connection
    # Shiller placeholder zeros after 2023 are missing, not values.
    last_pe = con.execute("SELECT max(date) FROM observations WHERE series_id = 'SHILLER_PE10'").fetchone()[0]
    assert last_pe <= date(2023, 9, 1)
    zeros = con.execute("SELECT count(*) FROM observations WHERE series_id LIKE 'SHILLER_%' AND value = 0")
    assert zeros.fetchone()[0] == 0
    # Calendar-day blank rows and weekend forward-fills of the yfinance file are not observations.
    weekend = con.execute("""SELECT count(*) FROM observations WHERE series_id IN ('RUT', 'SPX', 'NDX', 'DJI')
                             AND dayofweek(date) IN (0, 6)""").fetchone()[0]
    assert weekend == 0
    # RUT comes from its own file; the wide yfinance column never overrides it inside that span.
    sources = con.execute("SELECT DISTINCT source FROM observations WHERE series_id = 'RUT'").fetchall()
    assert sources == [("index_RUT_daily.csv",)]
    # yfinance commodities are futures, kept apart from the EIA spot series.
    assert {"WTI", "WTI_FUT", "BRENT", "BRENT_FUT", "GOLD", "GOLD_FUT"} <= set(market_store.series_ids())


def test_fomc_events_derived_on_import(shared_dir: Path, tmp_path: Path) -> None:
    with open_store(tmp_path / "again.duckdb") as store:
        summary = import_paths(store, [shared_dir / "market-data" / "fred_DFEDTARU.csv",
                                       shared_dir / "market-data" / "fred_DFEDTARL.csv"])
        assert summary.series_ids == ("DFEDTARL", "DFEDTARU")
        kinds = store.connection.execute("SELECT count(*) FROM events WHERE kind = 'fomc_decision'").fetchone()[0]
        assert kinds > 20
