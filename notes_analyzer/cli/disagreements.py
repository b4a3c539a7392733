"""``notes-analyzer disagreements``: claims of the week's notes that state one fact differently."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import typer

from notes_analyzer.cli.common import JsonOpt, StoreOpt, console, err_console
from notes_analyzer.cli.report import FromOpt, ToOpt, WeekOpt, period_from_flags

if TYPE_CHECKING:
    from notes_analyzer.report.disagreements import ClaimSide, Disagreement


def register(app: typer.Typer) -> None:
    @app.command()
    def disagreements(
        week: WeekOpt = None,
        date_from: FromOpt = None,
        date_to: ToOpt = None,
        store: StoreOpt = None,
        as_json: JsonOpt = False,
    ) -> None:
        """List pairs of claims from different notes of the week that state one fact differently."""
        from notes_analyzer.market.store import open_store
        from notes_analyzer.records import to_json
        from notes_analyzer.report.disagreements import disagreements_from_store
        from notes_analyzer.report.weekly import parse_period

        period = parse_period(period_from_flags(week, date_from, date_to))  # a bad week fails before the store opens
        with open_store(store, read_only=True) as opened:
            _, notes, rows = disagreements_from_store(opened, period)
        if notes == 0:
            err_console.print(f"no notes were scored for {period.label}", highlight=False, markup=False)
        if as_json:
            payload = {"period": period, "notes": notes, "count": len(rows), "disagreements": rows}
            typer.echo(to_json(payload, indent=2))
            return
        if notes and not rows:
            console.print(f"{period.label}: {notes} notes, no two of them state one fact differently",
                          highlight=False, markup=False)
        elif rows:
            _print_table(period.label, notes, rows)


def _print_table(label: str, notes: int, rows: Sequence[Disagreement]) -> None:
    from rich.table import Table
    from rich.text import Text

    title = Text(f"Notes that disagree — {label} ({notes} notes, {len(rows)} {'pair' if len(rows) == 1 else 'pairs'})")
    table = Table(title=title, show_lines=True)
    for column in ("Fact", "Claim", "Other claim", "Why they disagree", "What the data says"):
        table.add_column(column, overflow="fold")
    for row in rows:
        metric = f" ({row.metric})" if row.metric and row.metric != row.kind else ""
        cells = (f"{row.subject}\n{row.kind}{metric}", _side(row.first), _side(row.second), row.why,
                 f"{row.data_says}\n{_data(row.first)}\n{_data(row.second)}")
        table.add_row(*(Text(cell) for cell in cells))  # note text is never read as markup
    console.print(table)


def _side(side: ClaimSide) -> str:
    also = f"\nalso in: {'; '.join(side.also_in)}" if side.also_in else ""
    return f"{side.claim_text}\n— {side.note_title} ({side.source}, {side.published})\nwindow: {side.window}{also}"


def _data(side: ClaimSide) -> str:
    computed = f" ({side.computed})" if side.computed else ""
    return f"{side.label}{computed}: {side.evidence}"
