"""``notes-analyzer report``: the weekly desk report."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from notes_analyzer.cli.common import StoreOpt, console, err_console
from notes_analyzer.errors import ConfigError

WeekOpt = Annotated[str | None, typer.Option("--week", help="ISO week, e.g. 2026-W03.")]
FromOpt = Annotated[str | None, typer.Option("--from", help="First day (YYYY-MM-DD), with --to instead of --week.")]
ToOpt = Annotated[str | None, typer.Option("--to", help="Last day (YYYY-MM-DD), inclusive.")]
OutOpt = Annotated[Path, typer.Option("--out", help="Folder to write the report files in.")]
FormatOpt = Annotated[str, typer.Option("--format", help="Comma-separated formats: html, md.")]


def register(app: typer.Typer) -> None:
    @app.command()
    def report(
        week: WeekOpt = None,
        date_from: FromOpt = None,
        date_to: ToOpt = None,
        out: OutOpt = Path("."),
        store: StoreOpt = None,
        formats: FormatOpt = "html,md",
    ) -> None:
        """Write the weekly summary report (HTML with charts, and Markdown) for the desk, and one annotated
        page per note of the week (in OUT/notes/), linked from the report's claim tables."""
        from notes_analyzer.market.store import open_store
        from notes_analyzer.report.note_view import write_week_pages
        from notes_analyzer.report.weekly import check_formats, report_basename, summary_from_store, write_report

        period = period_from_flags(week, date_from, date_to)
        chosen = check_formats(tuple(f.strip() for f in formats.split(",") if f.strip()))
        with open_store(store, read_only=True) as opened:
            summary = summary_from_store(opened, period)
            back = f"{report_basename(summary)}.html" if "html" in chosen else None
            pages = write_week_pages(opened, summary, out, back_href=back)
        paths = write_report(summary, out, chosen, note_pages=pages)
        if summary.empty:
            err_console.print(f"no notes were scored for {summary.period.label}; the report says so")
        for path in paths:
            console.print(str(path), highlight=False, soft_wrap=True)


def period_from_flags(week: str | None, date_from: str | None, date_to: str | None) -> str | tuple[date, date]:
    """``--week`` alone, or ``--from`` with ``--to``."""
    if week and (date_from or date_to):
        raise ConfigError("give --week or --from/--to, not both")
    if week:
        return week
    if not (date_from and date_to):
        raise ConfigError("give --week (e.g. 2026-W03) or both --from and --to (YYYY-MM-DD)")
    return _day(date_from, "--from"), _day(date_to, "--to")


def _day(text: str, flag: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ConfigError(f"{flag} {text!r}: not a date (YYYY-MM-DD)") from None
