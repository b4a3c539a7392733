"""Claim → query → evidence → verdict, for every claim of a note.

Each claim goes to its kind's spec (``check.kinds``): the slot parser builds the query, the
checker runs it on the market store and judges the figure. A claim the data cannot test comes
back ``unverifiable`` with the reason; missing data is a verdict, never an exception.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from notes_analyzer.check.context import CannotCheck, CheckContext, check_scope, runs_to_date
from notes_analyzer.check.kinds import get_kind
from notes_analyzer.check.kinds.return_ import FROM_EXTREME
from notes_analyzer.check.verdicts import undecided, worst
from notes_analyzer.config import CheckOptions
from notes_analyzer.errors import NoData, SeriesNotFound
from notes_analyzer.records import Claim, Evidence, ReturnSlots, Verdict

if TYPE_CHECKING:
    from notes_analyzer.market.events import EventRegistry
    from notes_analyzer.market.instruments import InstrumentRegistry
    from notes_analyzer.market.queries import MarketQueries

__all__ = ["after_us_close", "build_context", "check_claim", "check_claims"]

log = logging.getLogger(__name__)


def check_claims(claims: Sequence[Claim], queries: MarketQueries, registry: InstrumentRegistry,
                 events: EventRegistry | None, options: CheckOptions,
                 published: date | None) -> tuple[Verdict, ...]:
    """One verdict per claim, in order. ``published`` anchors "the day before publication"."""
    ctx = build_context(queries, registry, events, options, published)
    return tuple(check_claim(claim, ctx) for claim in claims)


def build_context(queries: MarketQueries, registry: InstrumentRegistry, events: EventRegistry | None,
                  options: CheckOptions, published: date | None) -> CheckContext:
    as_of = options.today()
    close_seen = after_us_close(published)
    # a time with no zone is read as UTC (as feeds stamp it, and as nlp.periods.note_session reads it) only
    # to ask whether the writer may have quoted a live price; a bare date says nothing of the time
    maybe_live = close_seen is False or (close_seen is None and isinstance(published, datetime)
                                         and after_us_close(published.replace(tzinfo=UTC)) is False)
    maybe_after_close = close_seen is None and isinstance(published, datetime) \
        and after_us_close(published.replace(tzinfo=UTC)) is True
    if isinstance(published, datetime):
        published = published.date()
    return CheckContext(queries=queries, instruments=registry, events=events, options=options,
                        published=published, as_of=as_of, close_seen=close_seen, maybe_live=maybe_live,
                        maybe_after_close=maybe_after_close)


#: US cash equities close at 16:00 New York time (13:00 on early-close days).
US_CLOSE_HOUR = 16
US_EARLY_CLOSE_HOUR = 13
US_MARKET_TZ = "America/New_York"


def after_us_close(published: date | datetime | None) -> bool | None:
    """Whether a publication timestamp (with a time zone) falls after that day's US close;
    None for a bare date or a time without a zone, which say nothing about it."""
    if not isinstance(published, datetime) or published.tzinfo is None:
        return None
    from zoneinfo import ZoneInfo

    local = published.astimezone(ZoneInfo(US_MARKET_TZ))
    close = US_EARLY_CLOSE_HOUR if is_early_close(local.date()) else US_CLOSE_HOUR
    return local.hour >= close and local.date() == published.date()


def is_early_close(day: date) -> bool:
    """NYSE's 13:00 closes: the day before Independence Day, the day after Thanksgiving, Christmas Eve."""
    if day.weekday() >= 5:
        return False
    thanksgiving = 22 + (3 - date(day.year, 11, 1).weekday()) % 7
    return (day.month, day.day) in ((7, 3), (12, 24)) or (day.month == 11 and day.day == thanksgiving + 1)


#: Kinds whose claim about several subjects ("the S&P 500 and the Dow both rose 2%") holds only if it
#: holds for each: checked per subject, the worst verdict wins.
PER_SUBJECT_KINDS = frozenset({"return", "level", "record"})


def check_claim(claim: Claim, ctx: CheckContext) -> Verdict:
    """The verdict on one claim (UnknownClaimKind propagates: it is a bad record, not missing data)."""
    if claim.kind in PER_SUBJECT_KINDS and len(claim.subject) > 1:
        return _check_each_subject(claim, ctx)
    return dataclasses.replace(_check_one(claim, ctx), decided_on=ctx.as_of)


def _check_each_subject(claim: Claim, ctx: CheckContext) -> Verdict:
    parts = [_check_one(dataclasses.replace(claim, subject=(s,), subject_text=None), ctx) for s in claim.subject]
    label = worst(*(p.label for p in parts))
    evs = [p.evidence for p in parts if p.evidence is not None]
    ev = None if not evs else Evidence(
        sentence=" ".join(e.sentence for e in evs), series=tuple(s for e in evs for s in e.series),
        observations=tuple(o for e in evs for o in e.observations),
        tolerance="; ".join(dict.fromkeys(e.tolerance for e in evs if e.tolerance)) or None,
        proxy=" ".join(e.proxy for e in evs if e.proxy) or None)
    each = "; ".join(f"{subject} {p.label}" + ("" if p.evidence else f" ({p.reason})")
                     for subject, p in zip(claim.subject, parts, strict=True))
    reason = f"{label}: checked for each of {', '.join(claim.subject)}: {each}"
    return Verdict(claim_id=claim.id, label=label, reason=reason, evidence=ev, decided_on=ctx.as_of)


def _check_one(claim: Claim, ctx: CheckContext) -> Verdict:
    spec = get_kind(claim.kind)
    try:
        if spec.data_backed:
            check_scope(claim, ctx)
        query = spec.parse(claim, ctx)
        result = spec.check(claim, query, ctx)
    except CannotCheck as exc:
        result = undecided(claim, "unverifiable", exc.reason)
    except (NoData, SeriesNotFound) as exc:
        result = undecided(claim, "unverifiable", f"no market data for this claim: {exc}")
    result = _live_to_date(claim, result, ctx)
    result = _unsure_of_period(claim, result)
    log.debug("claim %s (%s): %s — %s", claim.id, claim.kind, result.label, result.reason)
    return result


#: Verdicts that say the note is wrong: they need the period the note meant.
REFUTING = frozenset({"contradicted", "imprecise"})


def _live_to_date(claim: Claim, result: Verdict, ctx: CheckContext) -> Verdict:
    """A claim measured to the last close the writer saw — to date ("gold, now up 26% for the year so
    far"), from a peak ("down 17% from its February record") or an undated level ("to 15,587.79") —
    refuted at the last close before a note written during the session, that holds at that session's
    close, is unverifiable: the writer may quote the live price, which lay between those closes (gold
    trades through the night). In a note whose zoneless time stamp, read as UTC, is after that close,
    the claim is measured to it and holds ("has declined 14% since the inauguration" in a note stamped
    22:09 on a Monday)."""
    # after the close, an undecided reading too ("surged above $93,000": a near miss on the close before)
    recheckable = result.label in REFUTING or ctx.maybe_after_close and result.label == "unverifiable"
    if (not recheckable or not (ctx.maybe_live or ctx.maybe_after_close) or ctx.published is None
            or ctx.published.weekday() >= 5 or not _measured_to_last_close(claim, ctx.published)):
        return result
    spec = get_kind(claim.kind)
    later = dataclasses.replace(ctx, close_seen=True, cache={})
    try:
        alternative = spec.check(claim, spec.parse(claim, later), later)
    except (CannotCheck, NoData, SeriesNotFound):
        return result
    if alternative.label != "supported":
        return result
    if ctx.maybe_after_close:
        return dataclasses.replace(alternative, reason=(
            f"{alternative.reason}, measured to the close of {ctx.published}: the note's time stamp (no zone, read "
            f"as UTC) is after that close; to the close before, it would be {result.reason}"))
    return dataclasses.replace(result, label="unverifiable", reason=(
        f"measured to the close before publication it would be {result.reason}; at the close of "
        f"{ctx.published}, the session the note was written in, {alternative.reason}: the note may quote the "
        "live price"))


def _measured_to_last_close(claim: Claim, published: date) -> bool:
    """Whether the claim is measured to the last close the writer could see: a to-date window ending the
    day before publication, a move from a peak or low on no named day (or on the publication day), or a
    claim with no period."""
    period = claim.period
    if claim.metric in FROM_EXTREME:
        at = claim.slots_as(ReturnSlots).at
        return at is None or at >= published
    return period is None or (runs_to_date(period, published) and period.end == published - timedelta(days=1))


def _unsure_of_period(claim: Claim, result: Verdict) -> Verdict:
    """A refutation measured over a period the sentence does not state (taken from the note's session
    or the sentence before), or over a window whose start the words leave open ("since early April"), is
    unverifiable: the writer may mean another stretch ("the Nasdaq plummeted 10.4%" in a note about the
    quarter). The data's figure stays in the reason and the evidence.
    A match is kept: a figure that holds on the assumed period is evidence that the period is the one meant."""
    source = claim.reading.period_from
    if result.label not in REFUTING or source is None or claim.period is None:
        return result
    if source == "fuzzy window":  # "since early April": the words leave the window's start open
        return dataclasses.replace(result, label="unverifiable", reason=(
            f"'{claim.period.text}' does not fix where the window starts; read from {claim.period.start}, the "
            f"data would make it {result.reason}; a nearby start may be meant"))
    return dataclasses.replace(result, label="unverifiable", reason=(
        f"the sentence states no period; read over {claim.period.text} (from the {source}), the data "
        f"would make it {result.reason}; another period may be meant"))
