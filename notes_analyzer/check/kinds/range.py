"""``range``: the fed funds target range (or another low–high range) on a date: 3.50%–3.75%."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from notes_analyzer.check.context import CannotCheck, CheckContext, instrument_for, names_publication_day
from notes_analyzer.check.kinds import KindExample, KindSpec, register_kind
from notes_analyzer.check.verdicts import evidence, verdict
from notes_analyzer.errors import NoData
from notes_analyzer.market.events import FOMC_LAG_DAYS
from notes_analyzer.market.instruments import Instrument
from notes_analyzer.market.queries import RangeAt
from notes_analyzer.records import Claim, Metric, Period, Quantity, Verdict, VerdictLabel

#: Policy ranges are set in exact steps: both bounds must match to this (percentage points).
RANGE_MATCH_PP = 0.005
#: The instrument a target-range claim with no subject refers to.
DEFAULT_RANGE_INSTRUMENT = "FEDFUNDS_TARGET"


@dataclass(frozen=True, slots=True)
class RangeQuery:
    instrument: Instrument
    day: date
    figure: Quantity
    day_text: str
    start: date | None = None


def target_day(claim: Claim, ctx: CheckContext) -> tuple[date, str]:
    """The day a level/range applies to: the period's end (cut at the day before publication)."""
    period, last = claim.period, ctx.last_known_day
    if period is None:
        if last is None:
            raise CannotCheck("the claim has no period and the note no publication date")
        return last, "the day before publication"
    if not period.resolved or period.end is None:
        raise CannotCheck(f"the period '{period.text}' could not be resolved to dates")
    if names_publication_day(period, ctx):
        return period.end, f"'{period.text}' (the publication day's session, as the note reports it)"
    if last is not None and period.end > last:
        return last, f"'{period.text}', cut at the last close known at publication"
    return period.end, f"'{period.text}'"


def parse(claim: Claim, ctx: CheckContext) -> RangeQuery:
    default = DEFAULT_RANGE_INSTRUMENT if claim.metric == "target_range" else None
    subject = claim.subject[0] if claim.subject else default
    instrument = instrument_for(ctx, subject)
    if instrument.bounds is None:
        raise CannotCheck(f"{instrument.name} has no lower/upper series to check a range against")
    figure = next((q for q in claim.values if q.upper is not None), None)
    if figure is None:
        raise CannotCheck("the claim states no low–high range")
    day, day_text = target_day(claim, ctx)
    period = claim.period
    start = period.start if period is not None and period.start is not None and period.start < day else None
    return RangeQuery(instrument, day, figure, day_text, start)


def check(claim: Claim, query: RangeQuery, ctx: CheckContext) -> Verdict:
    inst, fig = query.instrument, query.figure
    got = _range_known_on(ctx, inst, query.day)
    label: VerdictLabel = "supported" if _matches(got, fig) else "contradicted"
    actual = f"{got.low:.2f}%–{got.high:.2f}%"
    sentence = (f"{inst.name} was {actual} on {got.date} ({inst.lower_series} {got.low:.2f}, "
                f"{inst.upper_series} {got.high:.2f}; day checked: {query.day_text}); the note says "
                f"{fig.value:.2f}%–{fig.upper:.2f}%.")
    observations = got.observations
    earlier = _earlier_match(ctx, query) if label == "contradicted" else None
    if earlier is not None:
        label = "imprecise"
        sentence += (f" That range held earlier in the period (on {earlier.date}), not at its end: "
                     "imprecise.")
        observations += earlier.observations
    ev = evidence(sentence, series=_bounds(inst), observations=observations,
                  computed=got.high, computed_text=actual, tolerance=f"both bounds exact (±{RANGE_MATCH_PP} pp)")
    return verdict(claim, label, f"{label}: the range was {actual} on {got.date}", ev)


def _range_known_on(ctx: CheckContext, inst: Instrument, day: date) -> RangeAt:
    """The range in force on ``day`` — or, on a decision day, the range just decided: FRED dates a
    new target range from the next day (when it takes effect), but writers report it that day."""
    lower, upper = _bounds(inst)
    got = ctx.queries.range_at(lower, upper, day)
    effective = day + timedelta(days=FOMC_LAG_DAYS)
    try:
        after = ctx.queries.range_at(lower, upper, effective)
    except NoData:
        return got
    if after.date == effective and (after.low, after.high) != (got.low, got.high):
        return after
    return got


def _bounds(inst: Instrument) -> tuple[str, str]:
    if inst.bounds is None:
        raise CannotCheck(f"{inst.name} has no lower/upper series to read a range from")
    return inst.bounds


def _matches(got: RangeAt, fig: Quantity) -> bool:
    upper = fig.value if fig.upper is None else fig.upper
    return abs(got.low - fig.value) <= RANGE_MATCH_PP and abs(got.high - upper) <= RANGE_MATCH_PP


def _earlier_match(ctx: CheckContext, query: RangeQuery) -> RangeAt | None:
    """The range on the period's first day or any change day before its end, if one matches the figure."""
    if query.start is None:
        return None
    lower, upper = _bounds(query.instrument)
    changes = ctx.queries.rate_changes(upper, query.start, query.day)
    for day in (query.start, *(c.date for c in changes.changes)):
        try:
            got = ctx.queries.range_at(lower, upper, day)
        except NoData:
            continue
        if _matches(got, query.figure):
            return got
    return None


def examples() -> tuple[KindExample, ...]:
    pub = date(2026, 1, 14)

    def claim(cid: str, low: float, high: float, period: Period | None = None) -> Claim:
        q = Quantity(value=low, upper=high, unit="percent", text=f"{low:.2f}%–{high:.2f}%")
        return Claim(id=cid, sentence_index=0, kind="range", subject=("FEDFUNDS_TARGET",), metric=Metric.TARGET_RANGE,
                     values=(q,), period=period, text=f"settled the federal funds rate into a {q.text} range")

    never = Period(text="the next meeting", kind="unresolved", resolved=False, reason="future meeting")
    return (
        KindExample(claim=claim("g1", 3.50, 3.75), published=pub, expected="supported"),
        KindExample(claim=claim("g2", 3.75, 4.00), published=pub, expected="contradicted", why="the range before Dec"),
        KindExample(claim=claim("g3", 3.50, 3.75, never), published=pub, expected="unverifiable"),
    )


SPEC = register_kind(KindSpec(name="range", frame=None, slots=("subject", "values", "period"), parse=parse,
                              check=check, examples=examples,
                              description="both bounds of the range on the day match exactly"))
