"""Notes that disagree: claims of one week's notes that state one fact differently.

Two claims from different notes state the same fact when they are of the same kind, about the same
instrument (both legs, for a relative claim; the event, for an event) and the same metric, over
matching windows. They disagree when

* **figures**: their figures differ beyond both tolerances — neither note's figure would hold for
  the other's claim under the checker's own rules (``check/tolerances.py`` for moves and levels:
  rounding, hedges, bounds; counts exactly, with "over"/"under" as bounds; ranges on both bounds;
  a one-off event's dates when they do not overlap);
* **direction**: one says up and the other down (for relative claims: one has A ahead of B, the
  other behind);
* **verdicts**: the data supports one and contradicts the other — unless their figures agree and
  only their windows differ ("up 6%" on Wednesday and on Friday): then the market moved between
  the two notes, and the notes do not disagree.

Windows match when both claims are about the same day, or when the days they share are at least
``MIN_WINDOW_OVERLAP`` of the days they span together: "since the start of the year" in a Wednesday
and a Friday note match; "this week" and "year to date" do not, nor December and January. A window
ends on the note's publication day at the latest. Levels, valuations and records with no period are
about the publication day; a range is about its window's last day. Level figures are compared only
on one day (over a longer window a level is a high or a low, and two notes may cite different days),
or for monthly figures (inflation, unemployment, payrolls) over the same window. Forecasts and
opinions are views, not facts, and are left out. Units must agree (bp and pp are converted).

Notes that state the very same thing (same figure, window, direction and verdict) count as one
statement, listed with every note that makes it, so a claim repeated by several notes makes one row.

``find_disagreements`` is a pure function over the week's ``NoteReport``s; the claim fields it reads
are read by the accessors below (the typed slot frames of ``records``: ``EventSlots``, ``LevelSlots``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from notes_analyzer.check.kinds.count import count_holds
from notes_analyzer.check.kinds.event import FOMC_EVENTS
from notes_analyzer.check.kinds.level import BOUND_HEDGES, RELEASE_LAG_DAYS
from notes_analyzer.check.kinds.range import RANGE_MATCH_PP
from notes_analyzer.check.kinds.relative import RELATIONS, relation_of
from notes_analyzer.check.kinds.return_ import claimed_sign, move_figure
from notes_analyzer.check.tolerances import display_rounded, judge, level_tolerance, move_tolerance
from notes_analyzer.records import Claim, EventSlots, LevelSlots, NoteReport, Quantity, Verdict, record
from notes_analyzer.report.weekly import ReportPeriod, _source, _title, parse_period, report_day

__all__ = [
    "FACT_KINDS",
    "MIN_WINDOW_OVERLAP",
    "REASONS",
    "ClaimSide",
    "Disagreement",
    "Pair",
    "disagreeing_pairs",
    "disagreement_rows",
    "disagreements_from_store",
    "find_disagreements",
]

#: Kinds that state a fact the data can decide (forecasts and opinions are views).
FACT_KINDS = ("return", "level", "range", "count", "record", "relative", "event", "valuation")
#: Kinds whose claim with no period is about the publication day.
POINT_KINDS = frozenset({"level", "range", "valuation", "record"})
#: Kinds whose figure is a level (a close, a yield, a rate, a discount): compared on one day.
LEVEL_KINDS = frozenset({"level", "valuation"})
LEVEL_UNITS = ("points", "usd", "percent", "number")
#: Monthly (released) figures: one value per month whatever the window, so equal windows compare.
RELEASED_METRICS = frozenset(RELEASE_LAG_DAYS)
#: Two multi-day windows match when their shared days are at least this share of the days they span.
MIN_WINDOW_OVERLAP = 0.5
#: Why two claims disagree, most telling first.
REASONS = ("direction", "figures", "verdicts")
#: Units converted to a shared one before figures are compared (pp → bp).
UNIT_SCALE = {"pp": ("bp", 100.0)}
DIRECTION_WORDS = {1: "up", -1: "down"}



@record
class ClaimSide:
    """One of the two claims: what it says, in which note, and what the data says of it."""

    note_id: str
    note_title: str
    source: str
    published: date | None
    claim_id: str
    claim_text: str
    window: str
    figure: str | None
    direction: str | None
    label: str
    computed: str | None
    evidence: str
    #: other notes that state the same thing (same figure, window, direction and verdict)
    also_in: tuple[str, ...] = ()


@record
class Disagreement:
    """Two claims from different notes about one fact that do not agree, and why."""

    subject: str
    kind: str
    metric: str
    reasons: tuple[str, ...]
    why: str
    data_says: str
    first: ClaimSide
    second: ClaimSide


# --------------------------------------------------------------------------- claim accessors
# Every claim slot this module interprets (kind, subject, comparator, metric, period, values, hedge,
# direction, reading, slots) is read here or by the checker's own readers it calls; id, text and sentence
# index are only shown or used for order.


def _kind(claim: Claim) -> str:
    return claim.kind


def _metric(claim: Claim) -> str:
    return claim.metric or ""


def _legs(claim: Claim) -> tuple[str, ...]:
    """The instrument(s) the claim is about, in the note's order: (subject,), (subject, comparator), (event,)."""
    if claim.kind == "event":
        event = claim.slots_as(EventSlots).event
        return (event,) if event else ()
    if not claim.subject:
        return ()
    if claim.kind == "relative":
        return (claim.subject[0], claim.comparator) if claim.comparator else ()
    return (claim.subject[0],)


def _period_span(claim: Claim) -> tuple[str, date, date] | None:
    """(text, start, end) of a resolved period; None when the claim has none or it is unresolved."""
    period = claim.period
    if period is None or not period.resolved or period.start is None or period.end is None:
        return None
    return period.text, period.start, period.end


def _has_period(claim: Claim) -> bool:
    return claim.period is not None


def _level_quantity(claim: Claim) -> Quantity | None:
    return next((q for q in claim.values if q.unit in LEVEL_UNITS), None)


def _range_quantity(claim: Claim) -> Quantity | None:
    return next((q for q in claim.values if q.upper is not None), None)


def _count_quantity(claim: Claim) -> Quantity | None:
    return next((q for q in claim.values if q.unit in ("count", "number")), None)


def _hedge(claim: Claim, quantity: Quantity) -> str | None:
    return quantity.hedge or claim.hedge


def _level_bound(claim: Claim, quantity: Quantity) -> str:
    """'above', 'below' or 'at', as the level checker reads it (a valuation has no bound: 'at')."""
    return (claim.slots.bound if isinstance(claim.slots, LevelSlots) else None) or "at"


def _move_sign(claim: Claim) -> int:
    """+1 up, -1 down, 0 flat or not stated (return claims, as the return checker reads them)."""
    return claimed_sign(claim, move_figure(claim)) or 0


def _relation_sign(claim: Claim) -> int:
    """+1 the subject ahead of the comparator, -1 behind, 0 a contrast or not stated."""
    return RELATIONS.get(relation_of(claim) or "", 0)


# --------------------------------------------------------------------------- facts


@dataclass(frozen=True, slots=True)
class Figure:
    """A claim's figure in a unit two claims can share, and which figures would hold for the claim."""

    values: tuple[float, ...]
    unit: str
    text: str
    accepts: Callable[[tuple[float, ...]], bool]

    def conflicts(self, other: Figure) -> bool:
        """Neither figure would hold for the other claim."""
        if self.unit != other.unit or len(self.values) != len(other.values):
            return False
        return not self.accepts(other.values) and not other.accepts(self.values)


@dataclass(frozen=True, slots=True)
class Fact:
    """A factual claim of a note, read once: what it is about, over which days, its figure and direction."""

    report: NoteReport
    claim: Claim
    verdict: Verdict | None
    key: tuple[str, ...]
    start: date
    end: date
    window_text: str
    figure: Figure | None
    direction: int

    @property
    def label(self) -> str:
        return self.verdict.label if self.verdict else "unscored"

    @property
    def signature(self) -> tuple[Any, ...]:
        """What the claim states: facts with one signature from several notes are one statement."""
        figure = (self.figure.values, self.figure.unit, self.figure.text) if self.figure else None
        return (self.key, self.start, self.end, figure, self.direction, self.label)


def facts_of(report: NoteReport) -> list[Fact]:
    """The note's claims that state a fact about a named instrument over a known window."""
    verdicts = {v.claim_id: v for v in report.verdicts}
    day = report_day(report)
    facts = []
    for claim in report.analysis.claims:
        fact = _fact(report, claim, verdicts.get(claim.id), day)
        if fact is not None:
            facts.append(fact)
    return facts


def _fact(report: NoteReport, claim: Claim, verdict: Verdict | None, day: date | None) -> Fact | None:
    kind = _kind(claim)
    legs = _legs(claim)
    if kind not in FACT_KINDS or not legs:
        return None
    window = _window(claim, day)
    if window is None:
        return None
    direction = _move_sign(claim) if kind == "return" else 0
    if kind == "relative":  # "A beat B" and "B lagged A" are about one pair: legs sorted, the sign turned
        direction = _relation_sign(claim) * (1 if legs[0] <= legs[1] else -1)
        legs = tuple(sorted(legs))
    return Fact(report=report, claim=claim, verdict=verdict, key=(kind, _metric(claim), *legs),
                start=window[0], end=window[1], window_text=window[2], figure=_figure(claim), direction=direction)


def _window(claim: Claim, day: date | None) -> tuple[date, date, str] | None:
    """(start, end, text): the claim's period ended at the publication day, or the day itself for a level."""
    span = _period_span(claim)
    if span is None:
        if _has_period(claim) or _kind(claim) not in POINT_KINDS or day is None:
            return None
        return day, day, f"publication day ({day})"
    text, start, end = span
    if day is not None and start <= day < end:
        end = day
    if _kind(claim) == "range":
        start = end
    shown = f"{start}" if start == end else f"{start} to {end}"
    return start, end, f"{text} ({shown})"


def _figure(claim: Claim) -> Figure | None:
    kind = _kind(claim)
    if kind == "return":
        return _move(claim)
    if kind in LEVEL_KINDS:
        return _level(claim)
    if kind == "range":
        return _range(claim)
    if kind == "count":
        return _count(claim)
    if kind == "event":
        return _event_date(claim)
    return None  # records and relative claims are compared on direction and verdicts


def _event_date(claim: Claim) -> Figure | None:
    """When a one-off event (a law passed, not one of many Fed decisions) happened, as the note dates it."""
    span = _period_span(claim)
    if span is None or _legs(claim)[0] in FOMC_EVENTS:
        return None
    text, start, end = span
    first, last = start.toordinal(), end.toordinal()

    def accepts(values: tuple[float, ...]) -> bool:
        return values[0] <= last and values[1] >= first

    shown = f"{start}" if start == end else f"{start} to {end}"
    return Figure((float(first), float(last)), "date", f"{text} ({shown})", accepts)


def _move(claim: Claim) -> Figure | None:
    quantity = move_figure(claim)
    if quantity is None:
        return None
    sign = _move_sign(claim) or (-1 if quantity.value < 0 else 1)
    unit, scale = UNIT_SCALE.get(quantity.unit, (quantity.unit, 1.0))
    tolerance = move_tolerance(quantity, _hedge(claim, quantity))

    def accepts(values: tuple[float, ...]) -> bool:
        return judge(display_rounded(values[0] / scale * sign, quantity), tolerance) == "supported"

    return Figure((abs(quantity.value) * sign * scale,), unit, tolerance.text, accepts)


def _level(claim: Claim) -> Figure | None:
    quantity = _level_quantity(claim)
    if quantity is None:
        return None
    bound = _level_bound(claim, quantity)
    tolerance = level_tolerance(quantity, BOUND_HEDGES.get(bound) or _hedge(claim, quantity))

    def accepts(values: tuple[float, ...]) -> bool:
        return judge(values[0], tolerance) == "supported"

    return Figure((quantity.value,), quantity.unit, tolerance.text, accepts)


def _range(claim: Claim) -> Figure | None:
    quantity = _range_quantity(claim)
    if quantity is None or quantity.upper is None:
        return None
    low, high = quantity.value, quantity.upper

    def accepts(values: tuple[float, ...]) -> bool:
        return abs(values[0] - low) <= RANGE_MATCH_PP and abs(values[1] - high) <= RANGE_MATCH_PP

    text = f"{quantity.text or f'{low}–{high}'} (both bounds exact, ±{RANGE_MATCH_PP} pp)"
    return Figure((low, high), quantity.unit, text, accepts)


def _count(claim: Claim) -> Figure | None:
    quantity = _count_quantity(claim)
    if quantity is None:
        return None
    hedge = _hedge(claim, quantity)

    def accepts(values: tuple[float, ...]) -> bool:
        return count_holds(values[0], quantity.value, hedge)

    rule = f"'{hedge}' as a bound" if hedge else "exact count"
    number = f"{quantity.value:g}"
    shown = f"'{quantity.text}' = {number}" if quantity.text and quantity.text != number else number
    return Figure((quantity.value,), "count", f"{shown} ({rule})", accepts)


# --------------------------------------------------------------------------- pairs


def _dated_event(fact: Fact) -> bool:
    return fact.figure is not None and fact.figure.unit == "date"


def windows_match(a: Fact, b: Fact) -> bool:
    """The same day, or multi-day windows sharing at least ``MIN_WINDOW_OVERLAP`` of their joint span;
    a one-off event is one fact whenever the notes date it (a date apart is a disagreement)."""
    if _dated_event(a) and _dated_event(b):
        return True
    if a.start == a.end or b.start == b.end:
        return (a.start, a.end) == (b.start, b.end)
    shared = (min(a.end, b.end) - max(a.start, b.start)).days + 1
    if shared <= 0:
        return False
    joint = (max(a.end, b.end) - min(a.start, b.start)).days + 1
    return shared / joint >= MIN_WINDOW_OVERLAP


def _figures_comparable(a: Fact, b: Fact) -> bool:
    """Levels compare on one day (or, for monthly figures, over the same window); moves and counts always."""
    if a.key[0] not in LEVEL_KINDS:
        return True
    same = (a.start, a.end) == (b.start, b.end)
    return same and (a.start == a.end or a.key[1] in RELEASED_METRICS)


def disagreement_reasons(a: Fact, b: Fact) -> tuple[str, ...]:
    """Which of ``REASONS`` hold for two facts about one instrument and metric over matching windows."""
    reasons = []
    if a.direction and b.direction and a.direction != b.direction:
        reasons.append("direction")
    mine, theirs = a.figure, b.figure
    comparable = mine is not None and theirs is not None and mine.unit == theirs.unit and _figures_comparable(a, b)
    if comparable and mine is not None and theirs is not None and mine.conflicts(theirs):
        reasons.append("figures")
    moved = comparable and not reasons and (a.start, a.end) != (b.start, b.end)
    if {a.label, b.label} == {"supported", "contradicted"} and not moved:
        reasons.append("verdicts")
    return tuple(reasons)


@dataclass(frozen=True, slots=True)
class Pair:
    """Two statements that disagree: a fact of each from different notes (the earlier note's first),
    every fact of each statement, and the reasons."""

    first: Fact
    second: Fact
    statements: tuple[list[Fact], list[Fact]]
    reasons: tuple[str, ...]

    @property
    def rank(self) -> tuple[Any, ...]:
        """Most reasons first, then direction before figures before verdicts, then the earlier note."""
        return (-len(self.reasons), REASONS.index(self.reasons[0]), report_day(self.first.report) or date.min,
                self.first.key, self.first.claim.text, self.second.claim.text)


def disagreeing_pairs(reports: Iterable[NoteReport]) -> list[Pair]:
    """Every pair of statements from different notes about one fact that disagree, ranked."""
    statements: dict[tuple[Any, ...], list[Fact]] = defaultdict(list)
    for report in {r.note.id: r for r in reports}.values():
        for fact in facts_of(report):
            statements[fact.signature].append(fact)
    by_key: dict[tuple[str, ...], list[list[Fact]]] = defaultdict(list)
    for group in statements.values():
        group.sort(key=_note_order)
        by_key[group[0].key].append(group)
    pairs = []
    for groups in by_key.values():
        groups.sort(key=lambda g: (g[0].start, g[0].end))
        for i, one in enumerate(groups):
            for other in groups[i + 1:]:
                if other[0].start > one[0].end and not _dated_event(one[0]):
                    break  # sorted by start: no later window overlaps this one
                pair = _pair(one, other)
                if pair is not None:
                    pairs.append(pair)
    pairs.sort(key=lambda p: p.rank)
    return pairs


def find_disagreements(reports: Iterable[NoteReport], limit: int | None = None) -> tuple[Disagreement, ...]:
    """The rows of the disagreeing pairs (the first ``limit`` of them), as the report and the CLI show them."""
    return disagreement_rows(disagreeing_pairs(reports)[:limit])


def _note_order(fact: Fact) -> tuple[date, str, int]:
    return report_day(fact.report) or date.min, fact.report.note.id, fact.claim.sentence_index


def _pair(one: list[Fact], other: list[Fact]) -> Pair | None:
    a, b = one[0], other[0]
    if a.report.note.id == b.report.note.id:  # a note may state two versions: look for another note
        pick = next(((a, y) for y in other if y.report.note.id != a.report.note.id), None) or \
            next(((x, b) for x in one if x.report.note.id != b.report.note.id), None)
        if pick is None:
            return None  # the same single note says both
        a, b = pick
    if not windows_match(a, b):
        return None
    reasons = disagreement_reasons(a, b)
    if not reasons:
        return None
    if _note_order(b)[:2] < _note_order(a)[:2]:
        return Pair(first=b, second=a, statements=(other, one), reasons=reasons)
    return Pair(first=a, second=b, statements=(one, other), reasons=reasons)


# --------------------------------------------------------------------------- rows


def disagreement_rows(pairs: Iterable[Pair]) -> tuple[Disagreement, ...]:
    """One row per pair: both claims with their notes and sources, why they disagree, what the data says."""
    rows = []
    for pair in pairs:
        a, b = pair.first, pair.second
        first, second = _side(a, pair.statements[0]), _side(b, pair.statements[1])
        rows.append(Disagreement(subject=" vs ".join(a.key[2:]), kind=a.key[0], metric=a.key[1], reasons=pair.reasons,
                                 why=_why(pair.reasons, a, b), data_says=_data_says(first, second), first=first,
                                 second=second))
    return tuple(rows)


def _side(fact: Fact, statement: list[Fact]) -> ClaimSide:
    report, verdict = fact.report, fact.verdict
    evidence = verdict.evidence if verdict else None
    others = dict.fromkeys(f"{_title(f.report)} ({_source(f.report)})" for f in statement
                           if f.report.note.id != report.note.id)
    return ClaimSide(
        note_id=report.note.id, note_title=_title(report), source=_source(report), published=report_day(report),
        claim_id=fact.claim.id, claim_text=fact.claim.text, window=fact.window_text,
        figure=fact.figure.text if fact.figure else None, direction=_direction_word(fact),
        label=fact.label, computed=evidence.computed_text if evidence else None,
        evidence=(evidence.sentence if evidence else verdict.reason) if verdict else "not scored",
        also_in=tuple(others),
    )


def _direction_word(fact: Fact) -> str | None:
    if not fact.direction:
        return None
    if fact.key[0] == "relative":
        ahead, behind = fact.key[2:4] if fact.direction > 0 else reversed(fact.key[2:4])
        return f"{ahead} ahead of {behind}"
    return DIRECTION_WORDS[fact.direction]


def _why(reasons: tuple[str, ...], a: Fact, b: Fact) -> str:
    parts = []
    if "direction" in reasons:
        parts.append(f"directions differ: {_direction_word(a)} vs {_direction_word(b)}")
    if "figures" in reasons and a.figure and b.figure:
        parts.append(f"figures differ beyond both tolerances: {a.figure.text}; {b.figure.text}")
    if "verdicts" in reasons:
        parts.append(f"the data splits them: {a.label} vs {b.label}")
    return "; ".join(parts)


#: What the data does to a claim of each verdict, best first ({} is the note).
DATA_VERBS = {"supported": "bears out {}", "imprecise": "finds {} close but off",
              "contradicted": "contradicts {}", "unverifiable": "cannot check {}", "pending": "cannot check {} yet",
              "not_checkable": "cannot check {}", "unscored": "has not checked {}"}


def _data_says(first: ClaimSide, second: ClaimSide) -> str:
    """One sentence: which note the data sides with, if any."""
    if first.label == second.label == "supported":
        return "Both hold on the data, each over its own window: the market moved between them."
    if first.label == second.label:
        return f"The data {_verb(first.label).format('both')}."
    order = list(DATA_VERBS)
    better, worse = sorted((first, second), key=lambda side: order.index(side.label) if side.label in order
                           else len(order))
    return (f"The data {_verb(better.label).format(f'{better.source} ({better.published})')} and "
            f"{_verb(worse.label).format(f'{worse.source} ({worse.published})')}.")


def _verb(label: str) -> str:
    return DATA_VERBS.get(label, label + ": {}")


# --------------------------------------------------------------------------- store


def disagreements_from_store(store: Any, week: str | tuple[date, date] | ReportPeriod
                             ) -> tuple[ReportPeriod, int, tuple[Disagreement, ...]]:
    """(period, notes scored in it, disagreements) for ``week`` from the scored notes in ``store``."""
    from notes_analyzer import results

    period = parse_period(week)
    reports = results.load_reports(store, period.start, period.end, light=True)
    return period, len({r.note.id for r in reports}), find_disagreements(reports)
