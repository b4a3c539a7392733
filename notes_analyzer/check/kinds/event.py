"""``event``: a policy or market event happened when the note says (OBBBA passed in July 2025)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from notes_analyzer.check.context import CannotCheck, CheckContext, Window, claim_window, instrument_for
from notes_analyzer.check.kinds import KindExample, KindSpec, register_kind
from notes_analyzer.check.verdicts import evidence, verdict
from notes_analyzer.market.events import Event, EventRegistry
from notes_analyzer.market.instruments import Instrument
from notes_analyzer.records import Claim, EventSlots, Metric, Period, Quantity, Verdict, VerdictLabel

#: An event dated at most this many days outside the claimed period is imprecise, not contradicted
#: (passage, signing and taking effect can fall a few days apart).
EVENT_NEAR_DAYS = 7
#: Actions the events table cannot confirm: it records that an event happened, not its reversal.
NEGATIVE_ACTIONS = re.compile(r"\b(veto\w*|repeal\w*|block\w*|reject\w*|struck|strike\w*|fail\w*|overturn\w*|"
                              r"withdr[ae]w\w*|cancel\w*|delay\w*|postpon\w*|revers\w*|suspend\w*|scrap\w*)", re.I)


#: Policy-decision events the NLP names generically; checked on the target-range series itself.
FOMC_EVENTS = {"fomc_cut": "cut", "fomc_hike": "hike", "fomc_hold": "hold"}
#: A "%" figure up to this size on a policy move is its size in pp ("cut by 0.25%"); above, the new level.
POLICY_PERCENT_AS_SIZE_MAX = 1.0


@dataclass(frozen=True, slots=True)
class EventQuery:
    event: Event
    period: Period
    start: date
    end: date


@dataclass(frozen=True, slots=True)
class FomcQuery:
    instrument: Instrument
    window: Window
    move: str
    upper_series: str
    size_bp: float | None
    level: float | None


def parse(claim: Claim, ctx: CheckContext) -> EventQuery | FomcQuery:
    slots = claim.slots_as(EventSlots)
    key = slots.event or ""
    if key == "fomc":
        raise CannotCheck("a Fed decision is named without saying whether it cut, hiked or held")
    if key in FOMC_EVENTS:
        return _parse_fomc(claim, ctx, FOMC_EVENTS[key])
    event = _lookup(ctx.events, key) or _lookup(ctx.events, claim.subject_text or "")
    if event is None:
        raise CannotCheck(f"event '{key or claim.subject_text or 'named'}' is not in the events table")
    action = slots.action or ""
    if NEGATIVE_ACTIONS.search(action):
        raise CannotCheck(f"the events table records '{event.name}' on {event.date}; it cannot test that it was "
                          f"{action}")
    period = claim.period
    if period is None:
        raise CannotCheck(f"the claim gives no date to test; the events table has {event.name} on {event.date}")
    if not period.resolved or period.start is None or period.end is None:
        raise CannotCheck(f"the period '{period.text}' could not be resolved to dates")
    return EventQuery(event, period, period.start, period.end)


def _lookup(events: EventRegistry | None, key: str) -> Event | None:
    """The event with id ``key``, or the one an alias names."""
    if not key or events is None:
        return None
    try:
        return events.get(key)
    except LookupError:
        return events.resolve(key)


def _parse_fomc(claim: Claim, ctx: CheckContext, move: str) -> FomcQuery:
    instrument = instrument_for(ctx, claim.subject[0] if claim.subject else "FEDFUNDS_TARGET")
    if instrument.upper_series is None:
        raise CannotCheck(f"{instrument.name} has no target-range series to read decisions from")
    size = level = None
    for q in claim.values:
        if q.unit == "bp":
            size = q.value
        elif q.unit == "pp" or (q.unit == "percent" and q.value <= POLICY_PERCENT_AS_SIZE_MAX):
            size = q.value * 100
        elif q.unit == "percent":
            level = q.value
    return FomcQuery(instrument, claim_window(claim, ctx), move, instrument.upper_series, size, level)


def _check_fomc(claim: Claim, query: FomcQuery, ctx: CheckContext) -> Verdict:
    inst, w = query.instrument, query.window
    found = ctx.queries.rate_changes(query.upper_series, w.start, w.end)
    listed = ", ".join(f"{c.decision_date} ({c.change_bp:+d} bp to {c.new:.2f}%, effective {c.date})"
                       for c in found.changes) or "none"
    wanted = [c for c in found.changes if (c.change_bp < 0) == (query.move == "cut")]
    label: VerdictLabel
    if query.move == "hold":
        label = "supported" if not found.changes else "contradicted"
    elif not wanted:
        label = "contradicted"
    elif query.size_bp is not None:
        label = "supported" if any(abs(abs(c.change_bp) - query.size_bp) < 0.5 for c in wanted) else "contradicted"
    elif query.level is not None:
        label = "supported" if any(abs(c.new - query.level) < 0.005 or abs(c.new - 0.25 - query.level) < 0.005
                                   for c in wanted) else "contradicted"
    else:
        label = "supported"
    said = " ".join(x for x in (f"{query.size_bp:g} bp" if query.size_bp is not None else "",
                                f"to {query.level:g}%" if query.level is not None else "") if x)
    sentence = (f"FOMC target-range changes decided in {w.start}…{w.end} ({inst.upper_series}): {listed}; "
                f"the note says a {query.move}{' of ' + said if said else ''}.")
    ev = evidence(sentence, series=(query.upper_series,), observations=found.observations,
                  computed=float(len(wanted)), computed_text=listed,
                  tolerance="a decision of that direction in the period; a stated size or level must match exactly")
    return verdict(claim, label, f"{label}: {listed}", ev)


def check(claim: Claim, query: EventQuery | FomcQuery, ctx: CheckContext) -> Verdict:
    if isinstance(query, FomcQuery):
        return _check_fomc(claim, query, ctx)
    event, period, start, end = query.event, query.period, query.start, query.end
    last = event.end_date or event.date
    label: VerdictLabel
    if event.date <= end and last >= start:
        label, relation = "supported", "within"
    else:
        gap = (start - last).days if last < start else (event.date - end).days
        label = "imprecise" if gap <= EVENT_NEAR_DAYS else "contradicted"
        relation = f"{gap} day(s) outside"
    sentence = (f"The events table has '{event.name}' on {event.date}"
                f"{f' to {event.end_date}' if event.end_date else ''} (source: {event.source}); "
                f"the note places it in '{period.text}' ({start} to {end}): {relation}.")
    ev = evidence(sentence, series=("events",), computed_text=event.date.isoformat(),
                  tolerance=f"the event date must fall in the claimed period; "
                            f"≤ {EVENT_NEAR_DAYS} days outside → imprecise")
    return verdict(claim, label, f"{label}: {event.id} dated {event.date}", ev)


def examples() -> tuple[KindExample, ...]:
    pub = date(2026, 1, 14)
    july = Period(text="July 2025", kind="month", start=date(2025, 7, 1), end=date(2025, 7, 31))
    march = Period(text="March 2025", kind="month", start=date(2025, 3, 1), end=date(2025, 3, 31))

    def claim(cid: str, event: str, period: Period | None) -> Claim:
        return Claim(id=cid, sentence_index=0, text=f"{event} passed in {period.text if period else '?'}",
                     kind="event", metric=Metric.EVENT, period=period, slots=EventSlots(event=event, action="passed"))

    return (
        KindExample(claim=claim("e1", "obbba", july), published=pub, expected="supported", why="signed 2025-07-04"),
        KindExample(claim=claim("e2", "obbba", march), published=pub, expected="contradicted", why="months off"),
        KindExample(claim=claim("e3", "glass_steagall_repeal_2026", july), published=pub, expected="unverifiable",
                    why="not in the events table"),
        KindExample(claim=Claim(id="e4", sentence_index=0, kind="event", metric=Metric.EVENT,
                                subject=("FEDFUNDS_TARGET",),
                                text="The Fed cut by 50 basis points in December",
                                values=(Quantity(value=50, unit="bp", text="50 basis points"),), direction="down",
                                period=Period(text="December", kind="month", start=date(2025, 12, 1),
                                              end=date(2025, 12, 31)),
                                slots=EventSlots(event="fomc_cut", action="cut")),
                    published=date(2026, 1, 5), expected="contradicted", why="a 25 bp cut on 2025-12-10"),
    )


SPEC = register_kind(KindSpec(
    name="event", frame=EventSlots,
    slots=("slots.event", "slots.action", "subject", "subject_text", "values", "period"),
    parse=parse, check=check, examples=examples,
    description="the event's date in the events table falls in the claimed period"))
