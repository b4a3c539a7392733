"""``notes-analyzer collect``: new notes from feeds, sitemaps or URL lists into a folder."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from notes_analyzer.cli.common import not_built


def register(app: typer.Typer) -> None:
    app.command()(collect)


def collect(
    sources: Annotated[list[str], typer.Argument(help="RSS/Atom feeds, sitemaps, or a file of URLs.")],
    into: Annotated[Path, typer.Option("--into", help="Folder to save collected notes in.")],
) -> None:
    """Collect new notes from feeds, sitemaps or URL lists into a folder, politely."""
    not_built("collect", 6)
