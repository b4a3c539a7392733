"""``notes-analyzer report``: the weekly desk report."""

from __future__ import annotations

from typing import Annotated

import typer

from notes_analyzer.cli.common import StoreOpt, not_built


def register(app: typer.Typer) -> None:
    @app.command()
    def report(
        week: Annotated[str | None, typer.Option("--week", help="ISO week, e.g. 2026-W03.")] = None,
        store: StoreOpt = None,
    ) -> None:
        """Write the weekly summary report (HTML with charts, and Markdown) for the desk."""
        not_built("report", 6)
