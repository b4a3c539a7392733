"""``analyze`` (one note), ``score`` (a folder) and ``collect`` (feeds/sitemaps into a folder)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from notes_analyzer.cli.common import JsonOpt, StoreOpt, not_built


def register(app: typer.Typer) -> None:
    @app.command()
    def analyze(
        source: Annotated[str, typer.Argument(help="A URL or a file holding one note.")],
        store: StoreOpt = None,
        json_out: JsonOpt = False,
    ) -> None:
        """Analyse one note: claims with verdicts, support score, sentiment, stances, catalysts."""
        not_built("analyze", 6)

    @app.command()
    def score(
        folder: Annotated[Path, typer.Argument(help="Folder of notes (HTML, PDF, Markdown, text), searched recursively.")],
        store: StoreOpt = None,
    ) -> None:
        """Score every note in a folder; write JSONL + CSV and store results for the weekly report."""
        not_built("score", 6)

    @app.command()
    def collect(
        sources: Annotated[list[str], typer.Argument(help="RSS/Atom feeds, sitemaps, or a file of URLs.")],
        into: Annotated[Path, typer.Option("--into", help="Folder to save collected notes in.")],
    ) -> None:
        """Collect new notes from feeds, sitemaps or URL lists into a folder, politely."""
        not_built("collect", 6)
