"""``level``: X at/above/below N on a day or in a period (closes, yields, rates, inflation y/y)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Literal

from notes_analyzer.check.context import (
    CannotCheck,
    CheckContext,
    Window,
    claim_window,
    daily_reach,
    daily_series,
    day_range,
    futures_reading,
    instrument_for,
    within_revisions,
)
from notes_analyzer.check.formatting import fmt_level
from notes_analyzer.check.kinds import KindExample, KindSpec, register_kind
from notes_analyzer.check.kinds.range import target_day
from notes_analyzer.check.tolerances import EPSILON, FEED_NOISE_RELATIVE, Tolerance, judge, level_tolerance
from notes_analyzer.check.verdicts import evidence, verdict
from notes_analyzer.errors import NoData
from notes_analyzer.market.instruments import Instrument
from notes_analyzer.market.queries import Extreme, ValueAt
from notes_analyzer.records import INTRADAY, Claim, JudgedLabel, LevelSlots, Observation, Period, Quantity, Verdict

#: Metrics read straight off the instrument's series.
#: Days after its month ends that a figure is published (BLS: jobs report on the first Friday, CPI
#: around mid-month); a level claim with no period is checked against what was out by then.
RELEASE_LAG_DAYS = {"unemployment": 7, "payrolls": 7, "inflation": 14, "yoy": 14}
DEFAULT_RELEASE_LAG_DAYS = 14
#: The earliest such a figure comes out (CPI as early as the 10th, the jobs report on the first Friday):
#: between the two, the next month's figure may already be the one the writer saw.
EARLIEST_RELEASE_LAG_DAYS = {"unemployment": 1, "payrolls": 1, "inflation": 9, "yoy": 9}
RELEASED_FREQUENCIES = frozenset({"monthly", "quarterly"})
DIRECT_METRICS = frozenset({"close", "price", "level", "yield", "rate", "unemployment", "value"})
#: Metrics computed as a year-over-year percent change of the instrument's (index) series.
YOY_METRICS = frozenset({"inflation", "yoy"})
BOUND_HEDGES = {"above": "over", "below": "under"}
#: A policy-rate level equal to a bound of the target range (to this many pp) is the range's bound.
RANGE_BOUND_MATCH_PP = 0.005


@dataclass(frozen=True, slots=True)
class LevelQuery:
    instrument: Instrument
    series: str
    metric: str
    figure: Quantity
    bound: str
    window: Window
    #: a live quote during the session of ``window`` (not a close)
    live: bool = False


def parse(claim: Claim, ctx: CheckContext) -> LevelQuery:
    instrument = instrument_for(ctx, claim.subject[0] if claim.subject else None)
    metric = claim.metric or "level"
    if metric not in DIRECT_METRICS | YOY_METRICS:
        raise CannotCheck(f"level metric '{metric}' is not in the market data")
    figure = next((q for q in claim.values if q.unit in ("points", "usd", "percent", "number")), None)
    if figure is None:
        raise CannotCheck("the claim states no level to test")
    _fits_quote(instrument, metric, figure)
    series = instrument.series
    period = claim.period
    live = period is not None and period.kind == INTRADAY
    if period is not None and period.kind == INTRADAY and period.start is None:
        raise CannotCheck(f"'{figure.text}' is a live quote on a day the note does not fix")
    if not daily_series(ctx, instrument):
        if not instrument.daily_series:
            raise CannotCheck(f"{instrument.series} is not a daily series (e.g. a monthly average): a level on a "
                              "day cannot be read from it")
        series = instrument.daily_series  # gold: its daily futures price, not the monthly average
    if metric == "rate" and instrument.effective_series:
        series = instrument.effective_series
    if period is not None and period.kind == INTRADAY and period.start is not None:  # the quote's session
        window = Window(period.start, period.start, period.text)
    elif claim.period is None or claim.period.kind == "day":
        day, text = target_day(claim, ctx)
        window = Window(day, day, text)
    else:
        window = claim_window(claim, ctx)
    return LevelQuery(instrument, series, metric, figure, claim.slots_as(LevelSlots).bound or "at", window, live)


#: Instruments quoted in points (an index, the VIX, the dollar index): a level in % or $ is none of theirs.
POINTS_QUOTED = frozenset({"points"})


def _fits_quote(instrument: Instrument, metric: str, figure: Quantity) -> None:
    """A level must be in the unit the instrument is quoted in: "the S&P 500's dividend yield is below 2%" and
    "priced at $35,000" next to the Nasdaq are no levels of an index (wrong series is worse than none)."""
    if instrument.unit in POINTS_QUOTED and metric not in YOY_METRICS and figure.unit in ("percent", "usd"):
        raise CannotCheck(f"'{figure.text}' is in {'%' if figure.unit == 'percent' else '$'}, and "
                          f"{instrument.name} is quoted in points: it is not {instrument.name}'s level")
    if figure.unit == "usd" and not instrument.unit.startswith("usd"):
        raise CannotCheck(f"'{figure.text}' is a dollar amount, and {instrument.name} is not quoted in dollars "
                          f"({instrument.unit}): the figure is not its level")


def check(claim: Claim, query: LevelQuery, ctx: CheckContext) -> Verdict:
    """The level on the instrument's series, or for a dollar price on its front-month future (the price
    news copy quotes for oil: "WTI crude fell to $61.50"): ``futures_reading``."""
    result = _check_series(claim, query, ctx)
    if query.figure.unit != "usd":
        return result
    return futures_reading(result, query.instrument,
                           lambda series: _check_series(claim, dataclasses.replace(query, series=series), ctx))


def _check_series(claim: Claim, query: LevelQuery, ctx: CheckContext) -> Verdict:
    if query.live:
        return _check_live(claim, query, ctx)
    if claim.period is None and ctx.queries.series(query.series).frequency in RELEASED_FREQUENCIES:
        return _check_latest_release(claim, query, ctx)
    if query.metric in YOY_METRICS:
        return _check_yoy(claim, query, ctx)
    kind: Literal["max", "min"] = "min" if query.bound == "below" else "max"
    if query.window.start == query.window.end or query.bound == "at" and _is_point(query):
        bound = _target_bound(claim, query, ctx)
        if bound is not None:
            return bound
        got = ctx.queries.value_at(query.series, query.window.end)
        if _is_point(query) and got.date < query.window.start.replace(day=1):
            raise CannotCheck(f"{query.series} has no observation for {query.window.text} (latest: {got.date})")
        if query.bound != "at" and not _is_point(query) and got.date == query.window.end \
                and _near_miss(got.value, query) and not claim.slots_as(LevelSlots).closing:
            # "hit a record $3,500 on Tuesday": the day's high (low) decides, or a close-only series can't
            ext = _intraday(ctx, query, kind, ctx.queries.extreme(query.series, got.date, got.date, kind=kind))
            if ext.field != "close":
                return _judge(claim, query, ext.value, ext.observations, f"at its intraday {ext.field} on {ext.date}")
        return _judge(claim, query, got.value, got.observations, f"on {got.date}")
    ext = ctx.queries.extreme(query.series, query.window.start, query.window.end, kind=kind)
    if query.bound != "at" and _near_miss(ext.value, query) and not claim.slots_as(LevelSlots).closing:
        ext = _intraday(ctx, query, kind, ext)
    what = "close" if ext.field == "close" else f"intraday {ext.field}"
    where = f"at its {'lowest' if kind == 'min' else 'highest'} {what} in {query.window.start}…{query.window.end}, " \
            f"on {ext.date}"
    if query.bound == "at":
        low = ctx.queries.extreme(query.series, query.window.start, query.window.end, kind="min")
        inside = low.value <= query.figure.value <= ext.value
        value = query.figure.value if inside else min((low.value, ext.value), key=lambda v: abs(v - query.figure.value))
        return _judge(claim, query, value, low.observations + ext.observations,
                      f"between {fmt_level(low.value)} and {fmt_level(ext.value)} in {query.window.start}…"
                      f"{query.window.end}")
    return _judge(claim, query, ext.value, ext.observations, where)


def _check_live(claim: Claim, query: LevelQuery, ctx: CheckContext) -> Verdict:
    """A live quote ("is trading at around 98.37", "at 1:54 p.m.") lay, at the moment written, between the
    session's low and high (or the close before it, for a note written before the open). An "at" figure
    holds when its interval meets that range, a bound when the whole range meets it; a figure outside it
    is refuted. On a series with closes only the range is the two closes either side of the moment: a
    bound is then never confirmed, and a figure is refuted only when it lies further off than a day's move."""
    day, series = query.window.end, query.series
    try:
        session = ctx.queries.change(series, day, day)
    except NoData as exc:
        raise CannotCheck(f"'{query.figure.text}' is a live quote on {day}; {exc}") from None
    if session.end_obs.date != day:
        raise CannotCheck(f"'{query.figure.text}' is a live quote on {day}, and {series} has no session that day")
    before, close = session.start_obs, session.end_obs
    observations: tuple[Observation, ...] = (before, close)
    try:
        low, high = day_range(ctx, series, day)
        lo, hi, reach = min(low.value, before.value), max(high.value, before.value), 0.0
        observations += low.observations + high.observations
        where = f"between {fmt_level(lo)} and {fmt_level(hi)} on {day} (its low and high, and the close before)"
    except NoData:
        lo, hi = sorted((before.value, close.value))
        reach = daily_reach(ctx, series, day, day)
        where = f"between its closes of {before.date} and {day}, {fmt_level(lo)} and {fmt_level(hi)}"
    hedge = BOUND_HEDGES.get(query.bound) or query.figure.hedge or claim.hedge
    tol = level_tolerance(query.figure, hedge)
    meets = tol.low - EPSILON <= hi and lo <= tol.high + EPSILON
    whole = tol.low - EPSILON <= lo and hi <= tol.high + EPSILON
    if (whole and not reach) or meets and query.bound == "at":  # closes only: a bound may have been crossed
        label: JudgedLabel = "supported"
        value = min(max(query.figure.value, lo), hi)
    elif meets or reach and tol.low <= hi * (1 + reach) and lo * (1 - reach) <= tol.high:
        raise CannotCheck(f"'{query.figure.text}' is a live quote; {query.instrument.name} traded {where}: "
                          f"whether it met {query.figure.text} ({tol.text}) when the note was written cannot be read "
                          "from daily data")
    else:
        value = lo if tol.high < lo else hi
        label = judge(value, tol)
        _next_session_fits(ctx, query, tol, day)
    unit = "percent" if query.figure.unit == "percent" else query.instrument.unit
    sentence = (f"{query.instrument.name} traded {where} ({series}); the note quotes {query.bound} "
                f"{query.figure.text or query.figure.value} live.")
    ev = evidence(sentence, series=(series,), observations=observations, computed=value,
                  computed_text=fmt_level(value, unit), tolerance=f"{tol.text}, against the session's range")
    return verdict(claim, label, f"{label}: the live level lay {where} ({tol.text})", ev)


def _target_bound(claim: Claim, query: LevelQuery, ctx: CheckContext) -> Verdict | None:
    """"The fed funds rate at 3.75%": a figure equal to a bound of the target range on the day holds."""
    inst = query.instrument
    if query.bound != "at" or query.figure.unit != "percent" or inst.bounds is None:
        return None
    got = ctx.queries.range_at(*inst.bounds, query.window.end)
    side = next((name for name, v in (("lower", got.low), ("upper", got.high))
                 if abs(v - query.figure.value) <= RANGE_BOUND_MATCH_PP), None)
    if side is None:
        return None
    sentence = (f"{inst.name} was {got.low:.2f}%–{got.high:.2f}% on {got.date} ({inst.lower_series}, "
                f"{inst.upper_series}); the note's {query.figure.text} is its {side} bound.")
    ev = evidence(sentence, series=inst.bounds, observations=got.observations,
                  computed=query.figure.value, computed_text=f"{got.low:.2f}%–{got.high:.2f}%",
                  tolerance=f"equal to a bound of the target range (±{RANGE_BOUND_MATCH_PP} pp)")
    return verdict(claim, "supported", f"supported: the {side} bound of the target range on {got.date}", ev)


def _near_miss(value: float, query: LevelQuery) -> bool:
    """Whether an above/below bound failed on closes (the intraday high/low may still meet it)."""
    figure = query.figure.value
    slack = FEED_NOISE_RELATIVE * abs(figure)  # a close that meets the figure but for a feed's float32 digits
    return value < figure - slack if query.bound == "above" else value > figure + slack


def _intraday(ctx: CheckContext, query: LevelQuery, kind: Literal["max", "min"], close: Extreme) -> Extreme:
    """The period's intraday high (low) when the store has it; CannotCheck on a close-only series."""
    field: Literal["high", "low"] = "high" if kind == "max" else "low"
    try:
        return ctx.queries.extreme(query.series, query.window.start, query.window.end, kind=kind, field=field)
    except NoData:
        # a session may reach past its close by about a day's move: the window's largest one, at least 1%
        # one day: the weeks before show its swing; a longer window: its own days do
        reach = daily_reach(ctx, query.series, query.window.start, query.window.end,
                            lookback=query.window.start == query.window.end, sign=1 if kind == "max" else -1)
        if abs(close.value - query.figure.value) > reach * abs(query.figure.value):
            return close
        raise CannotCheck(f"{query.instrument.name}'s {'highest' if kind == 'max' else 'lowest'} close in "
                          f"{query.window.start}…{query.window.end} was {fmt_level(close.value)} ({close.date}), "
                          f"within {reach:.1%} (the largest daily move around then) of {query.figure.text}; "
                          f"{query.series} has closes only, so an intraday move past it cannot be ruled out") from None


def _next_session_fits(ctx: CheckContext, query: LevelQuery, tol: Tolerance, day: date) -> None:
    """CannotCheck when a refuted live quote fits the next session's range: a stamp a day early (a feed's
    time zone, a first version's date) is likelier than a wrong quote to the cent."""
    for ahead in range(1, 5):  # the next day with a session (a weekend or holiday in between)
        nxt = day + timedelta(days=ahead)
        try:
            low, high = day_range(ctx, query.series, nxt)
            break
        except NoData:
            continue
    else:
        return
    if tol.low - EPSILON <= high.value and low.value <= tol.high + EPSILON:
        raise CannotCheck(f"'{query.figure.text}' is a live quote outside {query.instrument.name}'s range on "
                          f"{day}, the note's date, but inside it on {nxt} ({fmt_level(low.value)}–"
                          f"{fmt_level(high.value)}): "
                          "the note's timestamp may be a day off")


def _is_point(query: LevelQuery) -> bool:
    return query.instrument.kind == "macro"


def _check_latest_release(claim: Claim, query: LevelQuery, ctx: CheckContext) -> Verdict:
    """A macro level with no period ("inflation is running close to 3%") is the latest figure published
    before the note — not a later month the writer could not have seen."""
    lag = RELEASE_LAG_DAYS.get(query.metric, DEFAULT_RELEASE_LAG_DAYS)
    surely = ctx.queries.released_by(query.series, query.window.end, lag)
    result = _check_release(claim, query, ctx, surely)
    try:
        maybe = ctx.queries.released_by(query.series, query.window.end,
                                        EARLIEST_RELEASE_LAG_DAYS.get(query.metric, lag))
    except NoData:
        return result
    if maybe.date == surely.date or result.label == "supported":
        return result
    newer = _check_release(claim, query, ctx, maybe)  # "inflation rose 2.4%" the day after March's CPI came out
    if newer.label == "supported" or newer.label == "imprecise" and result.label == "contradicted":
        return dataclasses.replace(newer, reason=f"{newer.reason}; {maybe.date:%B %Y}'s figure may already have "
                                   f"been out by {query.window.end} (on {surely.date:%B %Y}'s: {result.label})")
    return result


def _check_release(claim: Claim, query: LevelQuery, ctx: CheckContext, latest: ValueAt) -> Verdict:
    if query.metric in YOY_METRICS:
        change = ctx.queries.yoy(query.series, latest.date.year, latest.date.month)
        return _judge(claim, query, change.pct, change.observations,
                      f"year over year to {latest.date:%B %Y}, the latest figure published by {query.window.end} "
                      f"({change.start_obs.value:,.3f} → {change.end_obs.value:,.3f})")
    return _judge(claim, query, latest.value, latest.observations,
                  f"in {latest.date:%B %Y}, the latest figure published by {query.window.end}")


def _check_yoy(claim: Claim, query: LevelQuery, ctx: CheckContext) -> Verdict:
    month = query.window.start.replace(day=1)
    now = ctx.queries.value_at(query.series, query.window.end)
    if now.date < month:
        raise CannotCheck(f"{query.series} has no observation for {month:%B %Y} (latest before it: {now.date})")
    then = ctx.queries.value_at(query.series, now.date.replace(year=now.date.year - 1))
    yoy = (now.value / then.value - 1) * 100
    return _judge(claim, query, yoy, then.observations + now.observations,
                  f"year over year to {now.date:%B %Y} ({then.value:,.3f} → {now.value:,.3f})")


def _judge(claim: Claim, query: LevelQuery, value: float, observations: tuple[Observation, ...], where: str) -> Verdict:
    hedge = BOUND_HEDGES.get(query.bound) or query.figure.hedge or claim.hedge
    tol = level_tolerance(query.figure, hedge)
    label = judge(value, tol)
    unit = "percent" if query.figure.unit == "percent" else query.instrument.unit
    name = query.instrument.name + (" (y/y %)" if query.metric in YOY_METRICS else "")
    sentence = (f"{name} was {fmt_level(value, unit)} {where} ({query.series}); the note says "
                f"{query.bound} {query.figure.text or query.figure.value}.")
    ev = evidence(sentence, series=(query.series,), observations=observations, computed=value,
                  computed_text=fmt_level(value, unit), tolerance=tol.text)
    result = verdict(claim, label, f"{label}: {fmt_level(value, unit)} ({tol.text})", ev)
    if query.metric in YOY_METRICS and query.figure.unit == "percent":  # a yearly rate of a revised series
        return within_revisions(result, query.instrument, value, query.figure.value, percent=True)
    return result


def examples() -> tuple[KindExample, ...]:
    pub = date(2026, 1, 14)
    jan13 = Period(text="Tuesday", kind="day", start=date(2026, 1, 13), end=date(2026, 1, 13))

    def claim(cid: str, subject: str, value: float, text: str, period: Period | None = jan13, **kw: Any) -> Claim:
        unit = "percent" if "%" in text else "points"
        return Claim(id=cid, sentence_index=0, kind="level", subject=(subject,), metric=kw.pop("metric", "close"),
                     values=(Quantity(value=value, unit=unit, text=text),), period=period, text=f"at {text}", **kw)

    base = claim("l1", "RUT", 2633.11, "2,633.11")
    return (
        KindExample(claim=base, published=pub, expected="supported"),
        KindExample(claim=dataclasses.replace(base, id="l2", values=(Quantity(value=26331.1, unit="points",
                                                                             text="26,331.1"),)),
                    published=pub, expected="contradicted", why="×10"),
        KindExample(claim=claim("l3", "SPX", 7000, "7,000", slots=LevelSlots(bound="above")), published=pub,
                    expected="contradicted", why="SPX closed near 6,960"),
        KindExample(claim=claim("l4", "UNRATE", 4.4, "4.4%", metric="unemployment",
                                period=Period(text="October 2025", kind="month", start=date(2025, 10, 1),
                                              end=date(2025, 10, 31))), published=date(2025, 11, 20),
                    expected="unverifiable", why="no October 2025 release (shutdown)"),
        KindExample(claim=dataclasses.replace(base, id="l5", subject=("NDX",),
                                              values=(Quantity(value=202.0, unit="usd", text="$202"),)),
                    published=pub, expected="unverifiable", why="a dollar figure is no index level (a stock's price)"),
        KindExample(claim=dataclasses.replace(base, id="l6", subject=("WTI",),
                                              values=(Quantity(value=60.85, unit="usd", text="$60.85"),)),
                    published=pub, expected="supported", why="a dollar figure is oil's price (WTI closed at 60.85)"),
        KindExample(claim=dataclasses.replace(base, id="l7", subject=("UST10Y",),
                                              values=(Quantity(value=4.18, unit="usd", text="$4.18"),)),
                    published=pub, expected="unverifiable", why="a yield is no dollar amount"),
    )


SPEC = register_kind(KindSpec(name="level", frame=LevelSlots,
                              slots=("subject", "metric", "values", "period", "hedge", "slots.bound", "slots.closing"),
                              parse=parse, check=check, examples=examples,
                              description="the level on the day (or the period's high/low for above/below)"))
