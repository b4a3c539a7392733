"""``notes-analyzer fetch``: fetch/read one note and show it."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer

from notes_analyzer.cli.common import ConfigOpt, JsonOpt, console

#: How many paragraphs of the note the terminal view shows.
SHOWN_PARAGRAPHS = 3


def register(app: typer.Typer) -> None:
    @app.command()
    def fetch(
        source: Annotated[str, typer.Argument(help="A URL (http/https) or a file (HTML, PDF, Markdown, text).")],
        json_out: JsonOpt = False,
        no_robots: Annotated[bool, typer.Option("--no-robots", help="Fetch even where robots.txt disallows.")] = False,
        allow_private: Annotated[
            bool, typer.Option("--allow-private", help="Allow private/loopback addresses (local servers).")
        ] = False,
        no_cache: Annotated[bool, typer.Option("--no-cache", help="Do not read or write the page cache.")] = False,
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


def fetch_options(*, no_robots: bool, allow_private: bool, no_cache: bool, config: Path | None):
    """FetchOptions from defaults < config file [fetch] < flags; the user cache dir unless --no-cache."""
    from notes_analyzer.config import FetchOptions, build_options, default_cache_dir

    flags = {"respect_robots": False if no_robots else None, "allow_private": True if allow_private else None}
    options = build_options(FetchOptions, "fetch", flags, str(config) if config else None)
    if no_cache:
        return replace(options, cache_dir=None)
    return options if options.cache_dir else replace(options, cache_dir=default_cache_dir() / "pages")


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
