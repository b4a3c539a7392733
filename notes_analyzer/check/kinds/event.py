"""``event``: a policy or market event happened when the note says (OBBBA passed in July 2025)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from notes_analyzer.check.context import CannotCheck, CheckContext
from notes_analyzer.check.kinds import KindExample, KindSpec, register_kind
from notes_analyzer.check.verdicts import evidence, verdict
from notes_analyzer.records import Claim, Period, Verdict

#: An event dated at most this many days outside the claimed period is imprecise, not contradicted
#: (passage, signing and taking effect can fall a few days apart).
EVENT_NEAR_DAYS = 7
#: Actions the events table cannot confirm: it records that an event happened, not its reversal.
NEGATIVE_ACTIONS = re.compile(r"\b(veto\w*|repeal\w*|block\w*|reject\w*|struck|strike\w*|fail\w*|overturn\w*|"
                              r"withdr[ae]w\w*|cancel\w*|delay\w*|postpon\w*|revers\w*|suspend\w*|scrap\w*)", re.I)


@dataclass(frozen=True, slots=True)
class EventQuery:
    event: Any
    period: Period


def parse(claim: Claim, ctx: CheckContext) -> EventQuery:
    key = claim.detail.get("event") or ""
    event = _lookup(ctx.events, key) or _lookup(ctx.events, claim.subject_text or "")
    if event is None:
        raise CannotCheck(f"event '{key or claim.subject_text or claim.text[:60]}' is not in the events table")
    action = claim.detail.get("action", "")
    if NEGATIVE_ACTIONS.search(action):
        raise CannotCheck(f"the events table records '{event.name}' on {event.date}; it cannot test that it was "
                          f"{action}")
    period = claim.period
    if period is None:
        raise CannotCheck(f"the claim gives no date to test; the events table has {event.name} on {event.date}")
    if not period.resolved or period.start is None or period.end is None:
        raise CannotCheck(f"the period '{period.text}' could not be resolved to dates")
    return EventQuery(event, period)


def _lookup(events: Any, key: str) -> Any:
    if not key or events is None:
        return None
    try:
        return events.get(key)
    except (LookupError, KeyError):
        resolve = getattr(events, "resolve", None)
        return resolve(key) if resolve else None


def check(claim: Claim, query: EventQuery, ctx: CheckContext) -> Verdict:
    event, period = query.event, query.period
    last = event.end_date or event.date
    if event.date <= period.end and last >= period.start:
        label, relation = "supported", "within"
    else:
        gap = (period.start - last).days if last < period.start else (event.date - period.end).days
        label = "imprecise" if gap <= EVENT_NEAR_DAYS else "contradicted"
        relation = f"{gap} day(s) outside"
    sentence = (f"The events table has '{event.name}' on {event.date}"
                f"{f' to {event.end_date}' if event.end_date else ''} (source: {event.source}); "
                f"the note places it in '{period.text}' ({period.start} to {period.end}): {relation}.")
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
                     kind="event", metric="event", period=period, detail={"event": event, "action": "passed"})

    return (
        KindExample(claim=claim("e1", "obbba", july), published=pub, expected="supported", why="signed 2025-07-04"),
        KindExample(claim=claim("e2", "obbba", march), published=pub, expected="contradicted", why="months off"),
        KindExample(claim=claim("e3", "glass_steagall_repeal_2026", july), published=pub, expected="unverifiable",
                    why="not in the events table"),
    )


SPEC = register_kind(KindSpec(
    name="event", slots=("detail.event", "detail.action", "period"), parse=parse, check=check,
    examples=examples, description="the event's date in the events table falls in the claimed period"))
