"""Rich rendering of a ``NoteReport`` for the terminal (``analyze``)."""

from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from notes_analyzer.records import CatalystMention, NoteReport, Verdict

__all__ = ["render_report"]

#: Contradicted first: what a reader must see before anything else.
VERDICT_ORDER = ("contradicted", "imprecise", "supported", "unverifiable", "pending", "not_checkable")
VERDICT_STYLE = {
    "supported": "green",
    "contradicted": "bold red",
    "imprecise": "yellow",
    "unverifiable": "dim",
    "pending": "cyan",
    "not_checkable": "dim",
}
STANCE_STYLE = {"bullish": "green", "bearish": "red", "neutral": "dim"}
MAX_CLAIM_CHARS = 110


def render_report(report: NoteReport, console: Console) -> None:
    console.print(_header(report))
    console.print(_claims_table(report))
    console.print(_sentiment_table(report))
    console.print(_catalysts_table(report))


def _header(report: NoteReport) -> Panel:
    note, support = report.note, report.support
    lines = [Text(note.title or "(untitled)", style="bold")]
    meta = " · ".join(
        part for part in (
            ", ".join(note.authors) or None,
            note.source,
            note.published.date().isoformat() if note.published else "date unknown",
            note.url or note.path,
            f"{note.word_count} words",
        ) if part
    )
    lines.append(Text(meta, style="dim"))
    if support is None or support.score is None:
        score = "no checkable claim: no support score"
    else:
        score = f"support {support.score:.0%}"
    if support is not None:
        counts = ", ".join(f"{support.counts[k]} {k}" for k in VERDICT_ORDER if support.counts.get(k))
        score += f" · coverage {support.checkable}/{support.total} claims checkable ({counts or 'none'})"
    lines.append(Text(score))
    return Panel(Group(*lines), expand=True)


def _sorted_verdicts(report: NoteReport) -> list[tuple[Verdict, str, str]]:
    claims = {claim.id: claim for claim in report.analysis.claims}
    rows = []
    for verdict in report.verdicts:
        claim = claims.get(verdict.claim_id)
        rows.append((verdict, claim.kind if claim else "?", claim.text if claim else verdict.claim_id))
    return sorted(rows, key=lambda row: VERDICT_ORDER.index(row[0].label))


def _claims_table(report: NoteReport) -> Table:
    table = Table(title="Claims", expand=True, show_lines=False)
    table.add_column("verdict", no_wrap=True)
    table.add_column("kind", no_wrap=True)
    table.add_column("claim", ratio=3)
    table.add_column("evidence", ratio=3)
    for verdict, kind, text in _sorted_verdicts(report):
        evidence = verdict.evidence.sentence if verdict.evidence else verdict.reason
        table.add_row(Text(verdict.label, style=VERDICT_STYLE[verdict.label]), kind, _clip(text), evidence)
    if not report.verdicts:
        table.add_row("—", "—", "no claims found", "")
    return table


def _sentiment_table(report: NoteReport) -> Table:
    analysis = report.analysis
    table = Table(title=f"Sentiment: note {analysis.note_sentiment_label} ({analysis.note_sentiment:+.2f})",
                  expand=True)
    table.add_column("target")
    table.add_column("stance", no_wrap=True)
    table.add_column("score", justify="right")
    table.add_column("mentions", justify="right")
    for stance in sorted(analysis.stances, key=lambda s: -s.mentions):
        table.add_row(stance.target, Text(stance.label, style=STANCE_STYLE[stance.label]),
                      f"{stance.score:+.2f}", str(stance.mentions))
    return table


def _catalysts_table(report: NoteReport) -> Table:
    table = Table(title="Catalysts", expand=True)
    table.add_column("catalyst")
    table.add_column("group")
    table.add_column("direction", no_wrap=True)
    table.add_column("evidence", ratio=3)
    seen: set[str] = set()
    for mention in report.analysis.catalysts:
        if mention.catalyst in seen:
            continue
        seen.add(mention.catalyst)
        table.add_row(mention.name, mention.group, mention.direction, _emphasised(mention))
    return table


def _emphasised(mention: CatalystMention) -> Text:
    """The evidence clause with the matched words in bold."""
    text = Text(mention.evidence)
    if mention.evidence_match is not None:
        text.stylize("bold", *mention.evidence_match)
    return text


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_CLAIM_CHARS else text[: MAX_CLAIM_CHARS - 1] + "…"
