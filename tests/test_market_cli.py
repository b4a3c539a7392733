"""The ``market`` command group, in-process: exit codes and ``--json`` output."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from notes_analyzer.cli import app
from notes_analyzer.market.store import SCHEMA_VERSION

runner = CliRunner()


def _run(*args: str):
    return runner.invoke(app, ["market", *args])


def test_import_then_reimport_json(tmp_path: Path, shared_dir: Path) -> None:
    store = str(tmp_path / "s.duckdb")
    files = [str(shared_dir / "market-data" / f) for f in ("fred_DGS10.csv", "sp500_shiller_monthly.csv")]
    first = _run("import", *files, "--store", store, "--json")
    assert first.exit_code == 0, first.output
    data = json.loads(first.stdout)
    assert [f["format"] for f in data["files"]] == ["fred", "shiller"]
    assert ["DGS10", 16144] in data["files"][0]["series"]
    assert any("placeholder zero" in s for s in data["files"][1]["skipped"])
    again = json.loads(_run("import", *files, "--store", store, "--json").stdout)
    assert again["rows"] == data["rows"]
    info = json.loads(_run("info", "--store", store, "--json").stdout)
    assert info["schema_version"] == SCHEMA_VERSION
    assert info["observations"] == data["rows"] and info["size_bytes"] > 0


def test_import_bad_file_exits_1_with_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("hello,world\n1,2\n")
    result = _run("import", str(bad), "--store", str(tmp_path / "s.duckdb"))
    assert result.exit_code == 1
    assert "unknown format" in result.stderr and "bad.csv" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_list_and_show(market_store_path: Path) -> None:
    store = str(market_store_path)
    listed = json.loads(_run("list", "--store", store, "--json").stdout)
    rut = next(s for s in listed if s["id"] == "RUT")
    assert rut["frequency"] == "daily" and rut["first_date"] == "2016-06-28"
    shown = _run("show", "RUT", "--from", "2025-12-31", "--to", "2026-01-13", "--store", store, "--json")
    assert shown.exit_code == 0, shown.output
    obs = json.loads(shown.stdout)["observations"]
    assert obs[0]["date"] == "2025-12-31" and obs[0]["close"] == 2481.91
    assert obs[-1]["date"] == "2026-01-13" and obs[-1]["value"] == 2633.11
    by_name = json.loads(_run("show", "small caps", "--from", "2026-01-13", "--to", "2026-01-13",
                              "--store", store, "--json").stdout)
    assert by_name["series"] == "RUT" and len(by_name["observations"]) == 1
    table = _run("show", "DGS2", "--from", "2026-01-02", "--to", "2026-01-06", "--store", store)
    assert table.exit_code == 0 and "DGS2" in table.stdout


def test_show_errors(market_store_path: Path, tmp_path: Path) -> None:
    store = str(market_store_path)
    unknown = _run("show", "RUTT", "--store", store)
    assert unknown.exit_code == 1 and "close matches: RUT" in unknown.stderr
    bad_date = _run("show", "RUT", "--from", "yesterday", "--store", store)
    assert bad_date.exit_code == 1 and "--from" in bad_date.stderr
    missing = _run("list", "--store", str(tmp_path / "none.duckdb"))
    assert missing.exit_code == 1 and "market import" in missing.stderr


def test_events_filters(market_store_path: Path) -> None:
    store = str(market_store_path)
    fomc = json.loads(_run("events", "--from", "2025-01-01", "--to", "2025-12-31", "--kind", "fomc_decision",
                           "--store", store, "--json").stdout)
    assert [e["date"] for e in fomc] == ["2025-09-17", "2025-10-29", "2025-12-10"]
    july = json.loads(_run("events", "--from", "2025-07-01", "--to", "2025-07-31", "--store", store, "--json").stdout)
    assert [e["id"] for e in july] == ["obbba"]
    table = _run("events", "--kind", "tariff", "--store", store)
    assert table.exit_code == 0 and "liberation_day" in table.stdout


def test_every_market_command_has_help() -> None:
    for command in ("import", "update", "list", "show", "events", "info"):
        result = _run(command, "--help")
        assert result.exit_code == 0 and len(result.stdout) > 100
