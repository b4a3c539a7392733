"""``notes-analyzer market …``: the market-data store."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from notes_analyzer.cli.common import StoreOpt, not_built

app = typer.Typer(help="Manage the local market-data store: import CSVs, update online, list and show series.",
                  no_args_is_help=True)


@app.command("import")
def import_(
    paths: Annotated[list[Path], typer.Argument(help="CSV files or folders (FRED, OHLC, wide).")],
    store: StoreOpt = None,
) -> None:
    """Import market-data CSV files into the store (idempotent)."""
    not_built("market import", 3)
