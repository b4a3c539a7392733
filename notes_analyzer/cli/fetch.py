"""``notes-analyzer fetch``: fetch/read one note and show it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from notes_analyzer.cli.common import (
    AllowPrivateOpt,
    ConfigOpt,
    JsonOpt,
    NoCacheOpt,
    NoRobotsOpt,
    console,
    fetch_options,
)

#: How many paragraphs of the note the terminal view shows.
SHOWN_PARAGRAPHS = 3


def register(app: typer.Typer) -> None:
    @app.command()
    def fetch(
        source: Annotated[str, typer.Argument(help="A URL (http/https) or a file (HTML, PDF, Markdown, text).")],
        json_out: JsonOpt = False,
        no_robots: NoRobotsOpt = False,
        allow_private: AllowPrivateOpt = False,
        no_cache: NoCacheOpt = False,
        config: ConfigOpt = None,
    ) -> None:
        """Fetch a URL or read a file and print the extracted note (title, author, date, text)."""
        from notes_analyzer.ingest import load_note
        from notes_analyzer.records import to_json

        options = fetch_options(no_robots=no_robots, allow_private=allow_private, no_cache=no_cache, config=config)
        note = load_note(source if "://" in source else Path(source), options)
        if json_out:
            typer.echo(to_json(note, indent=2))
        else:
            render_note(note)


def render_note(note) -> None:
    """Title, authors, date, source, word count, then the first paragraphs."""
    from rich.markup import escape
    from rich.table import Table

    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold")
    table.add_column()
    rows = {
        "title": note.title or "(none)",
        "authors": ", ".join(note.authors) or "(unknown)",
        "published": note.published.isoformat() if note.published else "(unknown)",
        "source": note.source or note.url or note.path or "",
        "url": note.url or note.path or "",
        "words": f"{note.word_count} in {len(note.paragraphs)} paragraphs",
        "id": note.id,
    }
    for key, value in rows.items():
        table.add_row(key, escape(str(value)))
    console.print(table)
    for paragraph in note.paragraphs[:SHOWN_PARAGRAPHS]:
        console.print()
        console.print(escape(paragraph), soft_wrap=False)
    if len(note.paragraphs) > SHOWN_PARAGRAPHS:
        console.print(f"\n… {len(note.paragraphs) - SHOWN_PARAGRAPHS} more paragraphs (--json for all)")
