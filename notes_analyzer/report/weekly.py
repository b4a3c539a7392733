"""The weekly desk report: figures from scored notes, rendered as HTML and Markdown.

``build_weekly`` turns the week's ``NoteReport``s (and earlier ones, for week-over-week
changes, the sources' track record and forecasts that came due) into a ``WeeklySummary``
of plain figures; ``render_html``/``render_markdown`` lay it out with jinja2 templates,
and ``write_report`` writes the files. The HTML is self-contained: charts are inline SVG.
"""

from __future__ import annotations

import logging
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import field, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from notes_analyzer.errors import ConfigError
from notes_analyzer.records import Claim, NoteReport, Verdict, record

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from notes_analyzer.report.disagreements import Disagreement

__all__ = [
    "CatalystRow",
    "ContradictedClaim",
    "ForecastRow",
    "HistogramBin",
    "ReportPeriod",
    "SourceRow",
    "SourceTrack",
    "StanceRow",
    "TrackPoint",
    "WeeklySummary",
    "build_weekly",
    "parse_period",
    "render_html",
    "render_markdown",
    "summary_from_store",
    "write_report",
]

HISTOGRAM_BINS = 10  # support scores in [0, 1], bins of 0.1
TOP_CONTRADICTED = 10
TOP_CATALYSTS = 15
TOP_TARGETS = 15
TOP_DISAGREEMENTS = 20  # the report shows this many; `notes-analyzer disagreements` lists all
TRACK_WEEKS = 6  # the sources' track record covers this many ISO weeks up to the report's end
UNKNOWN_SOURCE = "(unknown source)"
DIRECTION_MISS = 2.0  # a claim whose direction is wrong ranks above any figure miss
NO_FIGURE_MISS = 1.0
FORMATS = ("html", "md")



@record
class ReportPeriod:
    label: str
    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


@record
class SourceRow:
    source: str
    notes: int
    scored: int
    mean_support: float | None
    mean_coverage: float | None
    claims: int
    supported: int
    contradicted: int
    mean_sentiment: float | None


@record
class HistogramBin:
    lower: float
    upper: float
    count: int


@record
class ContradictedClaim:
    claim_text: str
    kind: str
    note_title: str
    source: str
    published: date | None
    reason: str
    evidence: str
    computed: str | None
    series: tuple[str, ...]
    miss: float
    repeats: int = 1
    also_in: tuple[str, ...] = ()
    note_id: str = ""
    claim_id: str = ""


@record
class CatalystRow:
    catalyst: str
    name: str
    group: str
    notes: int
    previous_notes: int
    tailwind: int
    headwind: int
    risk: int

    @property
    def change(self) -> int:
        return self.notes - self.previous_notes


@record
class StanceRow:
    target: str
    kind: str
    notes: int
    bullish: int
    bearish: int
    neutral: int
    mean_score: float
    mean_sentiment: float


@record
class TrackPoint:
    week: str
    notes: int
    mean_support: float | None


@record
class SourceTrack:
    source: str
    points: tuple[TrackPoint, ...]
    notes: int
    mean_support: float | None
    supported_share: float | None


@record
class ForecastRow:
    claim_text: str
    note_title: str
    source: str
    published: date | None
    due: date | None
    label: str
    decided_on: date | None
    reason: str
    evidence: str | None
    note_id: str = ""
    claim_id: str = ""


@record
class WeeklySummary:
    period: ReportPeriod
    previous: ReportPeriod
    note_count: int
    by_source: tuple[SourceRow, ...] = ()
    histogram: tuple[HistogramBin, ...] = ()
    unscored: int = 0
    mean_support: float | None = None
    verdict_counts: dict[str, int] = field(default_factory=dict)
    contradicted: tuple[ContradictedClaim, ...] = ()
    catalysts: tuple[CatalystRow, ...] = ()
    sentiment_counts: dict[str, int] = field(default_factory=dict)
    mean_sentiment: float | None = None
    stances: tuple[StanceRow, ...] = ()
    track_record: tuple[SourceTrack, ...] = ()
    track_weeks: tuple[str, ...] = ()
    forecasts: tuple[ForecastRow, ...] = ()
    forecast_counts: dict[str, int] = field(default_factory=dict)
    disagreements: tuple[Disagreement, ...] = ()
    disagreement_count: int = 0
    generated_at: datetime | None = None

    @property
    def empty(self) -> bool:
        return self.note_count == 0


# --------------------------------------------------------------------------- periods

_WEEK = re.compile(r"^(\d{4})-?W(\d{1,2})$", re.IGNORECASE)


def parse_period(week: str | tuple[date, date] | ReportPeriod) -> ReportPeriod:
    """An ISO week (``2026-W03``) or an inclusive ``(from, to)`` pair as a ``ReportPeriod``."""
    if isinstance(week, ReportPeriod):
        return week
    if isinstance(week, str):
        match = _WEEK.match(week.strip())
        if not match:
            raise ConfigError(f"{week!r}: not an ISO week; expected e.g. 2026-W03")
        year, number = int(match[1]), int(match[2])
        try:
            start = date.fromisocalendar(year, number, 1)
        except ValueError:
            raise ConfigError(f"{week!r}: week {number} does not exist in {year}") from None
        return ReportPeriod(label=f"{year}-W{number:02d}", start=start, end=start + timedelta(days=6))
    start, end = week
    if end < start:
        raise ConfigError(f"report period ends ({end}) before it starts ({start})")
    return ReportPeriod(label=f"{start.isoformat()} to {end.isoformat()}", start=start, end=end)


def previous_period(period: ReportPeriod) -> ReportPeriod:
    """The period of the same length just before ``period``."""
    end = period.start - timedelta(days=1)
    start = end - timedelta(days=period.days - 1)
    if period.days == 7 and period.start.isoweekday() == 1:
        return parse_period(_iso_week(start))
    return ReportPeriod(label=f"{start.isoformat()} to {end.isoformat()}", start=start, end=end)


def _iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def report_day(report: NoteReport) -> date | None:
    """The day a report counts on: its publication date, else the day it was scored."""
    moment = report.note.published or report.scored_at
    return moment.date() if moment else None


def _within(reports: Iterable[NoteReport], period: ReportPeriod) -> list[NoteReport]:
    return [r for r in reports if (day := report_day(r)) is not None and period.start <= day <= period.end]


# --------------------------------------------------------------------------- figures


def build_weekly(
    reports_this_week: Sequence[NoteReport],
    reports_earlier: Sequence[NoteReport],
    week: str | tuple[date, date] | ReportPeriod,
) -> WeeklySummary:
    """The figures of the weekly report for ``week`` (ISO week or ``(from, to)``)."""
    from notes_analyzer.report.disagreements import disagreeing_pairs, disagreement_rows  # they use this module

    period = parse_period(week)
    previous = previous_period(period)
    this_week = _dedupe(reports_this_week)
    everything = _dedupe([*reports_earlier, *this_week])
    scores = [r.support.score for r in this_week if r.support and r.support.score is not None]
    sentiments = [r.analysis.note_sentiment for r in this_week]
    forecasts = forecasts_due(everything, period)
    track_weeks, track = track_record(everything, period)
    disagreements = disagreeing_pairs(this_week)
    return WeeklySummary(
        period=period,
        previous=previous,
        note_count=len(this_week),
        by_source=by_source(this_week),
        histogram=support_histogram(scores),
        unscored=len(this_week) - len(scores),
        mean_support=_mean(scores),
        verdict_counts=dict(Counter(v.label for r in this_week for v in r.verdicts)),
        contradicted=most_contradicted(this_week),
        disagreements=disagreement_rows(disagreements[:TOP_DISAGREEMENTS]),
        disagreement_count=len(disagreements),
        catalysts=catalyst_changes(this_week, _within(everything, previous)),
        sentiment_counts=dict(Counter(r.analysis.note_sentiment_label for r in this_week)),
        mean_sentiment=_mean(sentiments),
        stances=stances_by_target(this_week),
        track_record=track,
        track_weeks=track_weeks,
        forecasts=forecasts,
        forecast_counts=dict(Counter(f.label for f in forecasts)),
        generated_at=datetime.now(UTC).replace(microsecond=0),
    )


def _dedupe(reports: Iterable[NoteReport]) -> list[NoteReport]:
    """One report per note id (the last one seen wins)."""
    return list({r.note.id: r for r in reports}.values())


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _source(report: NoteReport) -> str:
    return (report.note.source or "").strip() or UNKNOWN_SOURCE


def _title(report: NoteReport) -> str:
    return report.note.title or report.note.path or report.note.url or report.note.id


def by_source(reports: Sequence[NoteReport]) -> tuple[SourceRow, ...]:
    """Notes, support, verdict counts and sentiment per source, most notes first."""
    groups: dict[str, list[NoteReport]] = defaultdict(list)
    for report in reports:
        groups[_source(report)].append(report)
    rows = [_source_row(source, group) for source, group in groups.items()]
    return tuple(sorted(rows, key=lambda row: (-row.notes, row.source)))


def _source_row(source: str, reports: list[NoteReport]) -> SourceRow:
    scored = [r.support for r in reports if r.support and r.support.score is not None]
    labels = Counter(v.label for r in reports for v in r.verdicts)
    return SourceRow(
        source=source,
        notes=len(reports),
        scored=len(scored),
        mean_support=_mean([s.score for s in scored if s.score is not None]),
        mean_coverage=_mean([s.coverage for s in scored]),
        claims=sum(len(r.analysis.claims) for r in reports),
        supported=labels["supported"],
        contradicted=labels["contradicted"],
        mean_sentiment=_mean([r.analysis.note_sentiment for r in reports]),
    )


def support_histogram(scores: Sequence[float], bins: int = HISTOGRAM_BINS) -> tuple[HistogramBin, ...]:
    """Counts of support scores in ``bins`` equal bins over [0, 1] (1.0 falls in the last)."""
    counts = [0] * bins
    for score in scores:
        counts[min(max(int(score * bins), 0), bins - 1)] += 1
    return tuple(HistogramBin(lower=i / bins, upper=(i + 1) / bins, count=c) for i, c in enumerate(counts))


def claim_miss(claim: Claim | None, verdict: Verdict) -> float:
    """How far a contradicted claim is from the data: relative figure gap, or a fixed rank."""
    computed = verdict.evidence.computed if verdict.evidence else None
    if claim is None or computed is None:
        return NO_FIGURE_MISS
    if claim.direction in ("up", "down") and computed != 0 and (computed > 0) != (claim.direction == "up"):
        return DIRECTION_MISS
    if not claim.values:
        return NO_FIGURE_MISS
    stated = claim.values[0].value
    scale = max(abs(stated), abs(computed), 1e-9)
    return min(abs(stated - computed) / scale, DIRECTION_MISS)


def _claim_key(claim: Claim | None, verdict: Verdict) -> tuple:
    if claim is None:
        return (verdict.claim_id,)
    period = (claim.period.start, claim.period.end) if claim.period else None
    return (claim.kind, claim.subject or (claim.subject_text or "").lower(), claim.metric, period)


def most_contradicted(reports: Sequence[NoteReport], top: int = TOP_CONTRADICTED) -> tuple[ContradictedClaim, ...]:
    """Contradicted claims, one row per subject and period: most repeated, then widest miss first.

    Several contradicted claims of one sentence (say headline and core CPI) share a row, with
    every piece of evidence.
    """
    groups: dict[tuple, list[ContradictedClaim]] = defaultdict(list)
    for report in reports:
        claims = {c.id: c for c in report.analysis.claims}
        for verdict in report.verdicts:
            if verdict.label == "contradicted":
                claim = claims.get(verdict.claim_id)
                groups[_claim_key(claim, verdict)].append(_contradicted(report, claim, verdict))
    rows = _merge_sentences([_collapse(group) for group in groups.values()])
    rows.sort(key=lambda r: (-r.repeats, -r.miss, r.published or date.min, r.claim_text))
    return tuple(rows[:top])


def _collapse(group: list[ContradictedClaim]) -> ContradictedClaim:
    """The earliest of claims repeated across notes, with how many notes made it and where else."""
    group.sort(key=lambda r: (r.published or date.min, r.note_title))
    first = group[0]
    notes = dict.fromkeys(f"{r.note_title} ({r.source})" for r in group)
    others = tuple(name for name in notes if name != f"{first.note_title} ({first.source})")
    return replace(first, repeats=len(notes), miss=max(r.miss for r in group), also_in=others)


def _merge_sentences(rows: list[ContradictedClaim]) -> list[ContradictedClaim]:
    by_sentence: dict[tuple, list[ContradictedClaim]] = defaultdict(list)
    for row in rows:
        by_sentence[(row.source, row.note_title, row.claim_text)].append(row)
    merged = []
    for group in by_sentence.values():
        first = group[0]
        if len(group) > 1:
            first = replace(
                first,
                evidence=" · ".join(dict.fromkeys(r.evidence for r in group)),
                series=tuple(dict.fromkeys(s for r in group for s in r.series)),
                miss=max(r.miss for r in group),
                repeats=max(r.repeats for r in group),
                also_in=tuple(dict.fromkeys(a for r in group for a in r.also_in)),
            )
        merged.append(first)
    return merged


def _contradicted(report: NoteReport, claim: Claim | None, verdict: Verdict) -> ContradictedClaim:
    evidence = verdict.evidence
    return ContradictedClaim(
        claim_text=claim.text if claim else verdict.claim_id,
        kind=claim.kind if claim else "",
        note_title=_title(report),
        source=_source(report),
        published=report_day(report),
        reason=verdict.reason,
        evidence=evidence.sentence if evidence else verdict.reason,
        computed=evidence.computed_text if evidence else None,
        series=evidence.series if evidence else (),
        miss=claim_miss(claim, verdict),
        note_id=report.note.id,
        claim_id=verdict.claim_id,
    )


def catalyst_changes(
    this_week: Sequence[NoteReport], previous: Sequence[NoteReport], top: int = TOP_CATALYSTS
) -> tuple[CatalystRow, ...]:
    """Catalysts by notes citing them this week, with the previous period's count."""
    now, before = _catalyst_notes(this_week), _catalyst_notes(previous)
    names: dict[str, tuple[str, str]] = {}
    directions: dict[str, Counter] = defaultdict(Counter)
    for report in [*previous, *this_week]:
        for mention in report.analysis.catalysts:
            names[mention.catalyst] = (mention.name, mention.group)
    for report in this_week:
        for mention in report.analysis.catalysts:
            directions[mention.catalyst][mention.direction] += 1
    rows = [
        CatalystRow(
            catalyst=key, name=names[key][0], group=names[key][1],
            notes=len(now.get(key, ())), previous_notes=len(before.get(key, ())),
            tailwind=directions[key]["tailwind"], headwind=directions[key]["headwind"], risk=directions[key]["risk"],
        )
        for key in set(now) | set(before)
    ]
    rows.sort(key=lambda r: (-r.notes, -abs(r.change), r.name))
    return tuple(rows[:top])


def _catalyst_notes(reports: Sequence[NoteReport]) -> dict[str, set[str]]:
    notes: dict[str, set[str]] = defaultdict(set)
    for report in reports:
        for mention in report.analysis.catalysts:
            notes[mention.catalyst].add(report.note.id)
    return notes


def stances_by_target(reports: Sequence[NoteReport], top: int = TOP_TARGETS) -> tuple[StanceRow, ...]:
    """Stance counts and mean stance/sentiment per instrument or sector, most cited first."""
    stances: dict[str, list[tuple[str, float, float]]] = defaultdict(list)
    kinds: dict[str, str] = {}
    for report in reports:
        for mention in report.analysis.mentions:
            kinds.setdefault(mention.target, mention.kind)
        for stance in report.analysis.stances:
            stances[stance.target].append((stance.label, stance.score, report.analysis.note_sentiment))
    rows = [_stance_row(target, kinds.get(target, "instrument"), items) for target, items in stances.items()]
    rows.sort(key=lambda r: (-r.notes, r.target))
    return tuple(rows[:top])


def _stance_row(target: str, kind: str, items: list[tuple[str, float, float]]) -> StanceRow:
    labels = Counter(label for label, _, _ in items)
    return StanceRow(
        target=target, kind=kind, notes=len(items),
        bullish=labels["bullish"], bearish=labels["bearish"], neutral=labels["neutral"],
        mean_score=sum(score for _, score, _ in items) / len(items),
        mean_sentiment=sum(sentiment for _, _, sentiment in items) / len(items),
    )


def track_record(
    reports: Sequence[NoteReport], period: ReportPeriod, weeks: int = TRACK_WEEKS
) -> tuple[tuple[str, ...], tuple[SourceTrack, ...]]:
    """Each source's mean support per ISO week over the ``weeks`` weeks ending with ``period``."""
    last_monday = period.end - timedelta(days=period.end.isoweekday() - 1)
    labels = tuple(_iso_week(last_monday - timedelta(weeks=n)) for n in reversed(range(weeks)))
    window = ReportPeriod(label="track", start=last_monday - timedelta(weeks=weeks - 1), end=period.end)
    per_source: dict[str, dict[str, list[NoteReport]]] = defaultdict(lambda: defaultdict(list))
    for report in _within(reports, window):
        day = report_day(report)
        if day is not None:
            per_source[_source(report)][_iso_week(day)].append(report)
    tracks = [_source_track(source, labels, by_week) for source, by_week in per_source.items()]
    tracks.sort(key=lambda t: (-t.notes, t.source))
    return labels, tuple(tracks)


def _source_track(source: str, labels: tuple[str, ...], by_week: dict[str, list[NoteReport]]) -> SourceTrack:
    points = tuple(
        TrackPoint(week=label, notes=len(by_week.get(label, [])), mean_support=_mean(_scores(by_week.get(label, []))))
        for label in labels
    )
    reports = [r for group in by_week.values() for r in group]
    labels_seen = Counter(v.label for r in reports for v in r.verdicts if v.label in ("supported", "contradicted",
                                                                                       "imprecise"))
    decided = sum(labels_seen.values())
    return SourceTrack(
        source=source, points=points, notes=len(reports), mean_support=_mean(_scores(reports)),
        supported_share=labels_seen["supported"] / decided if decided else None,
    )


def _scores(reports: Iterable[NoteReport]) -> list[float]:
    return [r.support.score for r in reports if r.support and r.support.score is not None]


def forecasts_due(reports: Sequence[NoteReport], period: ReportPeriod) -> tuple[ForecastRow, ...]:
    """Forecast claims due (``checkable_after``) or decided in ``period``, and how they turned out."""
    rows = []
    for report in reports:
        claims = {c.id: c for c in report.analysis.claims}
        for verdict in report.verdicts:
            claim = claims.get(verdict.claim_id)
            if (claim is None or claim.kind != "forecast") and verdict.checkable_after is None:
                continue
            if _in_period(verdict.checkable_after, period) or _in_period(verdict.decided_on, period):
                rows.append(_forecast_row(report, claim, verdict))
    rows.sort(key=lambda r: (r.due or date.max, r.source, r.claim_text))
    return tuple(rows)


def _in_period(day: date | None, period: ReportPeriod) -> bool:
    return day is not None and period.start <= day <= period.end


def _forecast_row(report: NoteReport, claim: Claim | None, verdict: Verdict) -> ForecastRow:
    return ForecastRow(
        claim_text=claim.text if claim else verdict.claim_id,
        note_title=_title(report),
        source=_source(report),
        published=report_day(report),
        due=verdict.checkable_after,
        label=verdict.label,
        decided_on=verdict.decided_on,
        reason=verdict.reason,
        evidence=verdict.evidence.sentence if verdict.evidence else None,
        note_id=report.note.id,
        claim_id=verdict.claim_id,
    )


def summary_from_store(store: Any, week: str | tuple[date, date] | ReportPeriod) -> WeeklySummary:
    """Build the summary of ``week`` from the scored notes in ``store`` (see ``notes_analyzer.results``)."""
    from notes_analyzer import results

    period = parse_period(week)
    previous = previous_period(period)
    track_start = period.end - timedelta(days=period.end.isoweekday() - 1) - timedelta(weeks=TRACK_WEEKS - 1)
    earliest = min(previous.start, track_start)
    this_week = results.load_reports(store, period.start, period.end, light=True)
    earlier = results.load_reports(store, earliest, period.start - timedelta(days=1), light=True)
    due = results.load_reports_with_forecasts_due(store, period.start, period.end, light=True)
    log.info("%s: %d notes, %d earlier, %d with forecasts due", period.label, len(this_week), len(earlier), len(due))
    return build_weekly(this_week, [*earlier, *due], period)


# --------------------------------------------------------------------------- rendering


def _environment(autoescape: bool):
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).with_name("templates")),
        autoescape=autoescape,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["pct"] = _pct
    env.filters["num"] = _num
    env.filters["signed"] = _signed
    env.filters["md"] = _md_cell
    env.filters["bar"] = _text_bar
    return env


def _pct(value: float | None, digits: int = 0) -> str:
    return "–" if value is None else f"{value * 100:.{digits}f}%"


def _num(value: float | None, digits: int = 2) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _signed(value: int | float) -> str:
    return f"{value:+d}" if isinstance(value, int) else f"{value:+.2f}"


def _md_cell(value: object) -> str:
    """Text safe in a Markdown table cell: one line, pipes escaped, and ``&``, ``<``, ``>`` as entities
    (many Markdown viewers render inline HTML, so note data must never reach them as markup)."""
    text = " ".join(str("" if value is None else value).split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("|", "\\|")


def _text_bar(count: int, largest: int, width: int = 30) -> str:
    return "█" * (round(width * count / largest) if largest else 0)


def render_html(summary: WeeklySummary, note_pages: Mapping[str, str] | None = None) -> str:
    """The self-contained HTML report (inline SVG charts, inline CSS, nothing fetched); its claim tables
    link to the notes' pages in ``note_pages`` (note id → relative path, see ``note_view``)."""
    from notes_analyzer.report import charts
    from notes_analyzer.report.note_view import note_href

    return _environment(autoescape=True).get_template("weekly.html.j2").render(
        s=summary, charts=charts.all_charts(summary), note_href=note_href(note_pages or {})
    )


def render_markdown(summary: WeeklySummary, note_pages: Mapping[str, str] | None = None) -> str:
    """The Markdown report (tables and text bars), its claim tables linked to ``note_pages``."""
    from notes_analyzer.report.note_view import note_href

    return _environment(autoescape=False).get_template("weekly.md.j2").render(
        s=summary, note_href=note_href(note_pages or {}))


def report_basename(summary: WeeklySummary) -> str:
    label = summary.period.label
    return f"weekly-{label}" if _WEEK.match(label) else f"weekly-{summary.period.start}_{summary.period.end}"


def check_formats(formats: Sequence[str]) -> Sequence[str]:
    """``formats`` when each is one the report is written in; ConfigError else."""
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise ConfigError(f"unknown report format(s) {unknown or formats!r}; known: {', '.join(FORMATS)}")
    return formats


def write_report(summary: WeeklySummary, out_dir: str | Path, formats: Sequence[str] = FORMATS, *,
                 note_pages: Mapping[str, str] | None = None) -> list[Path]:
    """Write the report in ``formats`` (``html``, ``md``) into ``out_dir``; the paths written.

    ``note_pages`` (note id → page path relative to ``out_dir``) links claims to their notes' pages."""
    check_formats(formats)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    renderers = {"html": render_html, "md": render_markdown}
    written = []
    for fmt in dict.fromkeys(formats):
        path = out / f"{report_basename(summary)}.{fmt}"
        path.write_text(renderers[fmt](summary, note_pages), encoding="utf-8")
        log.info("wrote %s", path)
        written.append(path)
    return written
