"""``count``: how many rate cuts (or hikes) happened in a period: "a three-rate-cut cycle"; and a run of
sessions (metric ``streak``): "pushed higher for the second straight day" on the daily closes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from notes_analyzer.check.context import (
    CannotCheck,
    CheckContext,
    Window,
    claim_window,
    daily_series,
    instrument_for,
)
from notes_analyzer.check.kinds import KindExample, KindSpec, register_kind
from notes_analyzer.check.tolerances import hedge_class
from notes_analyzer.check.verdicts import evidence, verdict
from notes_analyzer.market.instruments import Instrument
from notes_analyzer.records import INTRADAY, Claim, CountSlots, Metric, Period, Quantity, Verdict, VerdictLabel

#: A count with no stated period is counted over this many days before publication (the "recent cycle").
DEFAULT_LOOKBACK_DAYS = 365
DEFAULT_COUNT_INSTRUMENT = "FEDFUNDS_TARGET"
WHAT = {"rate_cuts": "cuts", "rate_hikes": "hikes"}


@dataclass(frozen=True, slots=True)
class CountQuery:
    instrument: Instrument
    series: str
    window: Window
    what: str
    figure: Quantity
    assumed: bool


@dataclass(frozen=True, slots=True)
class StreakQuery:
    """A run of ``sessions`` daily moves in ``direction`` ending with the close of ``end`` (each at least
    ``floor`` % when the note gives a per-session figure)."""

    instrument: Instrument
    series: str
    sessions: int
    direction: str
    end: date
    before: bool
    floor: Quantity | None


#: Hedges that make a streak's per-session figure a floor ("more than 1.5% in each").
FLOOR_HEDGES = frozenset({"more than", "over", "at least"})


def parse(claim: Claim, ctx: CheckContext) -> CountQuery | StreakQuery:
    if claim.metric == "streak":
        return _parse_streak(claim, ctx)
    what = WHAT.get(claim.metric or "")
    if claim.metric == "breadth":
        raise CannotCheck("a breadth claim (how many members, sectors or stocks moved) needs constituent data, "
                          "which the store does not hold; it is not the index's own move")
    if what is None:
        raise CannotCheck(f"counting '{claim.metric}' is not supported; known: {', '.join(WHAT)}")
    instrument = instrument_for(ctx, claim.subject[0] if claim.subject else DEFAULT_COUNT_INSTRUMENT)
    figure = next((q for q in claim.values if q.unit in ("count", "number")), None)
    if figure is None:
        raise CannotCheck("the claim states no count")
    series = instrument.upper_series or instrument.series
    window, assumed = _window(claim, ctx)
    return CountQuery(instrument, series, window, what, figure, assumed)


def _parse_streak(claim: Claim, ctx: CheckContext) -> StreakQuery:
    instrument = instrument_for(ctx, claim.subject[0] if claim.subject else None)
    count = next((q for q in claim.values if q.unit == "count"), None)
    floor = next((q for q in claim.values if q.unit == "percent"), None)
    to = claim.slots_as(CountSlots).streak_to
    if count is None or claim.direction not in ("up", "down") or to is None:
        raise CannotCheck("a run of sessions needs its length and its direction")
    if floor is not None and (floor.hedge or claim.hedge) not in FLOOR_HEDGES:
        raise CannotCheck(f"'{floor.text}' in each session is read only as a floor ('more than', 'at least')")
    if not daily_series(ctx, instrument):
        raise CannotCheck(f"{instrument.series} is not a daily series: a run of sessions cannot be read from it")
    period = claim.period
    if period is None or period.end is None or period.kind not in ("day", INTRADAY):
        raise CannotCheck("a run of sessions needs the day it ends with")
    if period.kind == INTRADAY and to == "session":
        raise CannotCheck("the run ends with the session in progress when the note was written; its close was "
                          "not known then")
    before = to == "before_session" or period.kind == INTRADAY
    return StreakQuery(instrument, instrument.series, int(count.value), claim.direction, period.end, before, floor)


def _check_streak(claim: Claim, query: StreakQuery, ctx: CheckContext) -> Verdict:
    changes = ctx.queries.period_changes(query.series, "day", query.end)
    last = len(changes) - 1
    if last >= 0 and changes.end(last) == query.end and query.before:
        last -= 1  # the sessions before the claim's day
    elif last < 0 or not query.before and changes.end(last) != query.end:
        raise CannotCheck(f"{query.series} has no close on {query.end}")
    days = list(range(last - query.sessions + 1, last + 1))
    if days[0] < 0:
        raise CannotCheck(f"{query.series} has fewer than {query.sessions} daily moves up to {query.end}")
    sign = 1.0 if query.direction == "up" else -1.0
    floor = query.floor.value if query.floor is not None else 0.0
    strict = query.floor is None or (query.floor.hedge or claim.hedge) in ("more than", "over")
    held = [float(changes.pct[i]) * sign > floor if strict else float(changes.pct[i]) * sign >= floor for i in days]
    label: VerdictLabel = "supported" if all(held) else "contradicted"
    moves = ", ".join(f"{changes.end(i)} {float(changes.pct[i]):+.2f}%" for i in days)
    floor_text = f" by {'more than' if strict else 'at least'} {floor:g}% each" if query.floor is not None else ""
    observations = tuple(dict.fromkeys(o for i in days for o in changes.observations(i)))
    sentence = (f"{query.instrument.name}'s last {query.sessions} daily moves from the {observations[0].date} close "
                f"to {changes.end(last)} ({query.series}): {moves}; the note says {query.sessions} sessions "
                f"{query.direction}{floor_text}.")
    ev = evidence(sentence, series=(query.series,), observations=observations, computed=float(sum(held)),
                  computed_text=f"{sum(held)} of {query.sessions}",
                  tolerance="every session of the run in the claimed direction" + floor_text)
    return verdict(claim, label, f"{label}: {sum(held)} of the last {query.sessions} sessions {query.direction}"
                   f"{floor_text} (to {changes.end(last)})", ev)


def _window(claim: Claim, ctx: CheckContext) -> tuple[Window, bool]:
    if claim.period is not None and claim.period.resolved:
        return claim_window(claim, ctx), False
    if ctx.last_known_day is None:
        raise CannotCheck("the claim has no period and the note no publication date")
    end = ctx.last_known_day
    return Window(end - timedelta(days=DEFAULT_LOOKBACK_DAYS - 1), end, "the 12 months before publication"), True


def check(claim: Claim, query: CountQuery | StreakQuery, ctx: CheckContext) -> Verdict:
    if isinstance(query, StreakQuery):
        return _check_streak(claim, query, ctx)
    found = ctx.queries.rate_changes(query.series, query.window.start, query.window.end)
    moves = [c for c in found.changes if (c.change_bp < 0) == (query.what == "cuts")]
    n, claimed = len(moves), query.figure.value
    label: VerdictLabel = "supported" if count_holds(n, claimed, query.figure.hedge or claim.hedge) else "contradicted"
    listed = ", ".join(f"{c.decision_date} ({c.change_bp:+d} bp, effective {c.date})" for c in moves) or "none"
    assumed = " (the note names no period: assumed)" if query.assumed else ""
    sentence = (f"FOMC {query.what} in {query.window.start}…{query.window.end}{assumed} per {query.series}: "
                f"{listed}: {n} {query.what}; the note says {int(claimed)} ('{query.figure.text}').")
    ev = evidence(sentence, series=(query.series,), observations=found.observations, computed=float(n),
                  computed_text=str(n), tolerance="exact count (hedges 'at least'/'over' and 'under' read as bounds)")
    return verdict(claim, label, f"{label}: {n} {query.what} in the period", ev)


def count_holds(n: float, claimed: float, hedge: str | None) -> bool:
    """Whether a count of ``n`` makes the claimed count (exact; 'over'/'at least' and 'under' as bounds) true."""
    kind = hedge_class(hedge)
    if kind == "lower_bound":
        return n > claimed if hedge in ("over", "more than") else n >= claimed
    if kind == "upper_bound":
        return n < claimed
    return n == claimed


def examples() -> tuple[KindExample, ...]:
    pub = date(2026, 1, 14)
    y2025 = Period(text="2025", kind="year", start=date(2025, 1, 1), end=date(2025, 12, 31))

    def claim(cid: str, n: int, period: Period | None) -> Claim:
        q = Quantity(value=float(n), unit="count", text=str(n))
        return Claim(id=cid, sentence_index=0, kind="count", subject=("FEDFUNDS_TARGET",), metric=Metric.RATE_CUTS,
                     values=(q,), period=period, text=f"a {n}-rate cut cycle")

    return (
        KindExample(claim=claim("c1", 3, None), published=pub, expected="supported", why="Sep, Oct, Dec 2025"),
        KindExample(claim=claim("c2", 4, y2025), published=pub, expected="contradicted"),
        KindExample(claim=claim("c3", 3, Period(text="1950s", kind="decade", start=date(1950, 1, 1),
                                               end=date(1959, 12, 31))), published=pub, expected="unverifiable",
                    why="the target-range series starts in 2008"),
        KindExample(claim=_streak_example("s1", "WTI", 2, "up", "session"), published=date(2025, 4, 18),
                    expected="supported", why="WTI spot +1.85% on Apr 16 and +3.48% on Apr 17"),
        KindExample(claim=_streak_example("s2", "SPX", 3, "down", "session"), published=date(2025, 4, 18),
                    expected="contradicted", why="the S&P 500 rose on Apr 17"),
        KindExample(claim=_streak_example("s3", "SPX", 3, "up", "before_session", floor=1.5),
                    published=date(2025, 4, 25), expected="supported",
                    why="+2.51%, +1.67%, +2.03% on Apr 22-24, before Friday Apr 25"),
    )


def _streak_example(cid: str, subject: str, n: int, direction: Literal["up", "down"],
                    to: Literal["session", "before_session"],
                    floor: float | None = None) -> Claim:
    day = date(2025, 4, 17) if to == "session" else date(2025, 4, 25)
    values = [Quantity(value=float(n), unit="count", text=str(n))]
    if floor is not None:
        values.append(Quantity(value=floor, unit="percent", text=f"{floor}%", hedge="more than"))
    return Claim(id=cid, sentence_index=0, kind="count", subject=(subject,), metric=Metric.STREAK, values=tuple(values),
                 direction=direction, period=Period(text="on that day", kind="day", start=day, end=day),
                 slots=CountSlots(streak_to=to), text=f"{subject} moved {direction} for {n} straight sessions")



SPEC = register_kind(KindSpec(name="count", frame=CountSlots,
                              slots=("subject", "metric", "values", "period", "hedge", "direction",
                                     "slots.streak_to"),
                              parse=parse, check=check, examples=examples,
                              description="number of FOMC cuts/hikes in the period, exactly; a run of sessions "
                                          "(streak) on the daily closes"))
