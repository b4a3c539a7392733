"""``notes-analyzer market …``: the market-data store."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

from notes_analyzer.cli.common import EXIT_INPUT, JsonOpt, ModelsOpt, StoreOpt, console, err_console
from notes_analyzer.config import repo_models_dir

app = typer.Typer(help="Manage the local market-data store: import CSVs, update online, list and show series.",
                  no_args_is_help=True)

FromOpt = Annotated[str | None, typer.Option("--from", help="First date (YYYY-MM-DD).")]
ToOpt = Annotated[str | None, typer.Option("--to", help="Last date (YYYY-MM-DD).")]


def _open(store: Path | None, *, read_only: bool):
    from notes_analyzer.market.store import open_store

    return open_store(store, read_only=read_only)


def _date(text: str | None, flag: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        err_console.print(f"error: {flag} {text!r} is not a date (YYYY-MM-DD)", markup=False, soft_wrap=True)
        raise typer.Exit(code=EXIT_INPUT) from None


def _print_json(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, default=str, indent=2))


def _table(title: str, columns: list[str], rows: list[list[Any]]) -> None:
    from rich.table import Table

    table = Table(title=title)
    for col in columns:
        table.add_column(col)
    for row in rows:
        table.add_row(*("" if v is None else str(v) for v in row))
    console.print(table)


@app.command("import")
def import_(
    paths: Annotated[list[Path], typer.Argument(help="CSV files or folders (FRED, OHLC, wide).")],
    store: StoreOpt = None,
    models: ModelsOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Import market-data CSV files into the store (idempotent, all or nothing); the events table is
    seeded from the models folder's events.yaml."""
    from notes_analyzer.market.importers import import_paths
    from notes_analyzer.records import to_dict

    with _open(store, read_only=False) as opened:
        summary = import_paths(opened, list(paths), events_path=(models or repo_models_dir()) / "events.yaml")
    if json_out:
        _print_json({**to_dict(summary), "rows": summary.rows})
        return
    rows = [[Path(f.path).name, f.format, ", ".join(f"{s}={n}" for s, n in f.series), "; ".join(f.skipped)]
            for f in summary.files]
    _table(f"imported {len(summary.series_ids)} series, {summary.rows} rows", ["file", "format", "series=rows",
                                                                                  "skipped"], rows)
    for path in summary.ignored:
        err_console.print(f"ignored (not CSV): {path}", markup=False)


@app.command()
def update(
    series: Annotated[list[str] | None, typer.Option("--series", "-s", help="Series to fetch (repeatable).")] = None,
    fred_url: Annotated[str | None, typer.Option("--fred-url", help="FRED CSV endpoint (tests, mirrors).")] = None,
    yahoo_url: Annotated[str | None, typer.Option("--yahoo-url", help="Yahoo chart endpoint.")] = None,
    store: StoreOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Fetch fresh data from FRED (rates, macro) and Yahoo (indices, ETFs); the store is unchanged on failure."""
    from notes_analyzer.market.update import update_series

    with _open(store, read_only=False) as opened:
        summary = update_series(opened, series, fred_url=fred_url, yahoo_url=yahoo_url)
    if json_out:
        _print_json({"series": [{"id": s, "source": src, "rows": n} for s, src, n in summary.series]})
        return
    _table(f"updated {len(summary.series)} series", ["series", "source", "rows"],
           [list(row) for row in summary.series])


@app.command("list")
def list_(store: StoreOpt = None, json_out: JsonOpt = False) -> None:
    """List the series in the store with their coverage."""
    with _open(store, read_only=True) as opened:
        cols = ["id", "name", "unit", "frequency", "kind", "first_date", "last_date", "n_obs", "source"]
        rows = opened.connection.execute(f"SELECT {', '.join(cols)} FROM series ORDER BY id").fetchall()
    if json_out:
        _print_json([dict(zip(cols, row, strict=True)) for row in rows])
        return
    _table(f"{len(rows)} series", cols[:-1], [list(r[:-1]) for r in rows])


@app.command()
def show(
    series: Annotated[str, typer.Argument(help="Series id (e.g. RUT, DGS10) or an instrument name.")],
    date_from: FromOpt = None,
    date_to: ToOpt = None,
    store: StoreOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Show a series' observations between two dates."""
    start, end = _date(date_from, "--from"), _date(date_to, "--to")
    with _open(store, read_only=True) as opened:
        sid = _series_id(opened, series)
        rows = opened.connection.execute(
            """SELECT date, value, open, high, low, close, source FROM observations WHERE series_id = ?
               AND date >= coalesce(?, DATE '0001-01-01') AND date <= coalesce(?, DATE '9999-12-31')
               ORDER BY date""", [sid, start, end]).fetchall()
    cols = ["date", "value", "open", "high", "low", "close", "source"]
    if json_out:
        _print_json({"series": sid, "observations": [dict(zip(cols, r, strict=True)) for r in rows]})
        return
    _table(f"{sid}: {len(rows)} observations", cols, [list(r) for r in rows])


def _series_id(opened: Any, text: str) -> str:
    """A series id in the store, or the series of the instrument ``text`` names."""
    from notes_analyzer.market.instruments import InstrumentRegistry
    from notes_analyzer.market.queries import MarketQueries

    known = set(opened.series_ids())
    if text in known or text.upper() in known:
        return text if text in known else text.upper()
    instrument = InstrumentRegistry.load().resolve(text)
    if instrument and instrument.series in known:
        return instrument.series
    MarketQueries(opened).series(text)  # raises SeriesNotFound with close matches
    return text


@app.command()
def events(
    date_from: FromOpt = None,
    date_to: ToOpt = None,
    kind: Annotated[str | None, typer.Option("--kind", help="fomc_decision, legislation, tariff, …")] = None,
    store: StoreOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """List curated policy events and FOMC decisions derived from the target range."""
    from notes_analyzer.market.events import EventRegistry
    from notes_analyzer.records import to_dict

    start, end = _date(date_from, "--from"), _date(date_to, "--to")
    with _open(store, read_only=True) as opened:
        found = EventRegistry.from_store(opened).between(start, end, kind)
    if json_out:
        _print_json([to_dict(e) for e in found])
        return
    _table(f"{len(found)} events", ["date", "id", "kind", "name"], [[e.date, e.id, e.kind, e.name] for e in found])


@app.command()
def info(store: StoreOpt = None, json_out: JsonOpt = False) -> None:
    """Show the store's path, schema version, size and row counts."""
    with _open(store, read_only=True) as opened:
        facts = opened.info()
    if json_out:
        _print_json(facts)
        return
    _table("market store", ["key", "value"], [[k, v] for k, v in facts.items()])
