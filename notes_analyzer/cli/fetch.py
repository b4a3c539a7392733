"""``notes-analyzer fetch``: fetch/read one note and show it."""

from __future__ import annotations

from typing import Annotated

import typer

from notes_analyzer.cli.common import JsonOpt, not_built


def register(app: typer.Typer) -> None:
    @app.command()
    def fetch(
        source: Annotated[str, typer.Argument(help="A URL (http/https) or a file (HTML, PDF, Markdown, text).")],
        json_out: JsonOpt = False,
    ) -> None:
        """Fetch a URL or read a file and print the extracted note (title, author, date, text)."""
        not_built("fetch", 2)
