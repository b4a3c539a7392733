"""Shared CLI pieces: consoles, exit codes, and flags defined once as ``Annotated`` aliases."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

EXIT_OK = 0
EXIT_INPUT = 1  # bad input: unreadable file, failed fetch, unknown series …
EXIT_INTERNAL = 2  # a bug: please report
EXIT_NOTES_FAILED = 3  # score --strict: the batch completed, but some notes have error records
EXIT_INTERRUPTED = 130

console = Console()
err_console = Console(stderr=True)


@dataclass
class _State:
    debug: bool = False


state = _State()

StoreOpt = Annotated[
    Path | None,
    typer.Option(
        "--store", help="Market-data store (DuckDB file). Default: $NOTES_ANALYZER_STORE, else the user data dir."),
]
ModelsOpt = Annotated[
    Path | None, typer.Option("--models", help="Folder of trained heads and registries (default: the repo's models/).")
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of a rich table.")]
MarketDataOpt = Annotated[
    Path | None,
    typer.Option("--market-data", envvar="NOTES_ANALYZER_MARKET_DATA",
                 help="Folder of market-data CSVs imported into the store when it is empty (offline set-up)."),
]
AsOfOpt = Annotated[
    str | None,
    typer.Option("--as-of",
                 help="Decide verdicts as of this ISO date (default: today); forecasts due later stay pending."),
]
ConfigOpt = Annotated[Path | None, typer.Option("--config", help="TOML config file (default: $NOTES_ANALYZER_CONFIG).")]
