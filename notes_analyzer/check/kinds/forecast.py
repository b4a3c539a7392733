"""``forecast``: projected/expected/will — pending until the period forecast is over and reported.

``checkable_after`` = end of the forecast period + the reporting lag of what is forecast. Once
``as_of`` passes it, a forecast of a market move or level is checked like a ``return``/``level``
claim; other forecasts (earnings growth …) are unverifiable for want of that data.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, timedelta

from notes_analyzer.check.context import CheckContext, check_scope
from notes_analyzer.check.kinds import KindExample, KindSpec, get_kind, register_kind
from notes_analyzer.check.verdicts import undecided
from notes_analyzer.records import (
    KIND_FRAMES,
    Claim,
    ClaimKind,
    ForecastSlots,
    LevelSlots,
    Metric,
    Period,
    Quantity,
    RecordSlots,
    RelativeSlots,
    SlotFrame,
    Verdict,
)

#: Days after the period ends before the outcome is known, by forecast metric.
REPORTING_LAG_DAYS = {"earnings_growth": 90, "earnings": 90, "eps": 90, "revenue": 90, "gdp": 35,
                      "inflation": 45, "unemployment": 40, "payrolls": 40}
#: Market series are known the next day.
MARKET_LAG_DAYS = 1
#: Forecast metrics the store can settle, and the kind that checks them once due.
SETTLED_AS: dict[str, ClaimKind] = {
              "return": "return", "change": "return", "close": "level", "level": "level", "yield": "level",
              "rate": "level", "price": "level", "rate_cuts": "count", "rate_hikes": "count",
              "record_high": "record", "record_low": "record",
              "target_range": "range", "range": "range", "inflation": "level", "unemployment": "level"}


@dataclass(frozen=True, slots=True)
class ForecastQuery:
    metric: str
    due: date | None


def parse(claim: Claim, ctx: CheckContext) -> ForecastQuery:
    metric = claim.metric or "unspecified"
    period = claim.period
    if period is None or not period.resolved or period.end is None:
        return ForecastQuery(metric, None)
    lag = REPORTING_LAG_DAYS.get(metric, MARKET_LAG_DAYS)
    return ForecastQuery(metric, period.end + timedelta(days=lag))


#: Forecast metrics a subject-less forecast can still be settled on (the Fed, macro series, earnings).
SUBJECTLESS_METRICS = frozenset({"rate_cuts", "rate_hikes", "target_range", "rate", "inflation", "unemployment",
                                 "earnings_growth", "gdp_growth"})


def check(claim: Claim, query: ForecastQuery, ctx: CheckContext) -> Verdict:
    if not claim.subject and query.metric not in SUBJECTLESS_METRICS:
        return undecided(claim, "unverifiable", "a forecast with no instrument or series of the registry to settle "
                                              "it on; it stays out of the forecast ledger")
    if query.due is None:
        return undecided(claim, "pending", f"a forecast of {query.metric} with no dated horizon; it cannot be settled "
                                         "until the note names when")
    if ctx.as_of < query.due:
        horizon = claim.period.text if claim.period else str(query.due)
        return undecided(claim, "pending", f"a forecast of {query.metric} for '{horizon}': "
                                         f"checkable after {query.due}", checkable_after=query.due)
    settle = SETTLED_AS.get(query.metric)
    check_scope(claim, ctx)  # "to outperform the equal-weight S&P 500": not the index the data hold
    if settle == "return":
        settle, why_not = _settled_move(claim)
        if why_not:
            return undecided(claim, "unverifiable", f"a forecast due since {query.due}, but {why_not}",
                           checkable_after=query.due)
    if settle is None:
        return undecided(claim, "unverifiable", f"a forecast of {query.metric} due since {query.due}, but the market "
                                              f"store has no {query.metric} data", checkable_after=query.due)
    as_claim = dataclasses.replace(claim, kind=settle, period=_settled_period(claim, settle, ctx),
                                   slots=settled_slots(claim.slots_as(ForecastSlots), settle))
    spec = get_kind(settle)
    settled = spec.check(as_claim, spec.parse(as_claim, _as_of_due(ctx, query.due)), ctx)
    return dataclasses.replace(settled, reason=f"forecast due {query.due}, settled: {settled.reason}",
                               checkable_after=query.due)


#: A forecast that one market will do better or worse than another.


def _settled_move(claim: Claim) -> tuple[ClaimKind | None, str | None]:
    """How a move forecast is settled: against its benchmark when it names one ("small caps to outperform
    the S&P 500"), never as an absolute move when its benchmark is not in the data, and only with a
    figure or a direction to test."""
    if claim.comparator:
        return "relative", None
    if claim.slots_as(ForecastSlots).benchmark:
        return "return", "it compares with a benchmark the market data do not cover"
    if not claim.values and claim.direction is None:
        return "return", "it states neither a figure nor a direction to test"
    return "return", None


def settled_slots(slots: ForecastSlots, kind: ClaimKind) -> SlotFrame | None:
    """A forecast's slots as the frame of the kind that settles it: a level keeps its bound and
    closing, a comparison its relation and figure owner, a record is a record close; other kinds start
    from an empty frame."""
    if kind == "level":
        return LevelSlots(bound=slots.bound, closing=slots.closing)
    if kind == "relative":
        return RelativeSlots(relation=slots.relation, figure_owner=slots.figure_owner)
    if kind == "record":  # a forecast record is settled on the record the closes define
        return RecordSlots(closing=True)
    frame = KIND_FRAMES.get(kind)
    return frame() if frame is not None else None


def _settled_period(claim: Claim, settle: str, ctx: CheckContext) -> Period | None:
    """A move or a record forecast to a deadline ("a gain of 18% by the end of June", "back at a record by
    the end of February") runs from publication to it."""
    period = claim.period
    if settle not in ("return", "record", "relative") or period is None or period.kind != "day" \
            or ctx.published is None or period.start is None or period.start <= ctx.published:
        return period
    return Period(text=f"{period.text} (from publication)", kind="window", start=ctx.published, end=period.end)


def _as_of_due(ctx: CheckContext, due: date) -> CheckContext:
    """A forecast is judged on data up to its horizon, not cut at its own publication."""
    return dataclasses.replace(ctx, published=due, close_seen=None, cache={})


def examples() -> tuple[KindExample, ...]:
    year = Period(text="2026", kind="year", start=date(2026, 1, 1), end=date(2026, 12, 31))
    earnings = Claim(id="f1", sentence_index=0, kind="forecast", metric=Metric.EARNINGS_GROWTH, subject=("RUT",),
                     comparator="SPX", period=year,
                     text="small-cap earnings growth for 2026 projected to hit an inflection point and "
                          "outpace the S&P 500")
    y2025 = Period(text="year-end 2025", kind="day", start=date(2025, 12, 31), end=date(2025, 12, 31))
    spx = Claim(id="f2", sentence_index=0, kind="forecast", metric=Metric.CLOSE, subject=("SPX",), period=y2025,
                values=(Quantity(value=6500, unit="points", text="6,500"),), slots=ForecastSlots(bound="above"),
                text="we expect the S&P 500 to end 2025 above 6,500")
    return (
        KindExample(claim=earnings, published=date(2026, 1, 14), expected="pending", why="2026 results come in 2027"),
        KindExample(claim=spx, published=date(2025, 6, 2), expected="supported", why="SPX closed 2025 near 6,845",
                    as_of=date(2026, 1, 14)),
    )


SPEC = register_kind(KindSpec(name="forecast", frame=ForecastSlots,
                              slots=("metric", "period", "subject", "values", "comparator", "direction",
                                     "reading.foreign_qualifier", "reading.comparator_foreign_qualifier",
                                     "slots.benchmark", "slots.bound", "slots.closing", "slots.relation",
                                     "slots.figure_owner"), parse=parse,
                              check=check, examples=examples, data_backed=False,
                              description="pending until due; market forecasts are then settled on the data"))
