"""Rankings: one period's move against every period of the same length since a date.

"The S&P 500's steepest decline since 2020", "the Nasdaq's best weekly gain since 2022", "its
third-largest one-day gain since 1950", "the worst quarter in well over two years", "a record
one-day point gain". The claim's slots (``nlp.claims._ranking_claim``; docs/claims.md) give the
length of the periods ranked (``rank_unit``: day, week, month, quarter, year; else the kind of the
claim's own period), the direction (the claim's), the measure (percent for prices, basis points for
yields, index points when the note says points: ``rank_measure``), the rank (``rank_order``,
default 1) and the scope: an anchor (``since`` … ``since_end``: the anchor's own period, "since 2020"
is all of 2020), a lookback (``lookback_years``) or the whole history (``rank_scope`` = ``record``).

Periods run close to close (``MarketQueries.period_changes``): trading days, weeks ending Friday,
calendar months, quarters, years. The claimed period is the one ending in the claim's window that
moved furthest the claimed way (the one holding the window when the window is shorter). Then:

* **Since an anchor**, rank 1: contradicted when a period after the anchor's period and before the
  claimed one moved further the same way; supported when none did and a period in the anchor's
  period (or within ``ANCHOR_SLACK_PERIODS`` of it) moved at least as far; otherwise "since X"
  understates the rank: imprecise, naming the last period that did. Rank N ("third-largest since
  1950"): contradicted when N or more periods after the anchor moved further; supported when N - 1
  periods from the anchor's start on did; imprecise when fewer did (it ranks higher than claimed).
* **In a lookback** ("in almost three years"; nearly/almost shorten it by ``NEARLY_RELATIVE``):
  contradicted when N or more periods in it moved further, else supported.
* **On record**: supported when fewer than N periods of the daily history moved further and the
  history reaches ``RECORD_MIN_HISTORY_YEARS`` back (the rule for record closes). An index's "record
  rally" with no unit named also holds as a record in index points.

Where the series begins after the anchor (or the lookback, or the record's history), the proxy's
periods fill the years before it (named, with its caveat; never for index points): without one, the
data can refute the rank, never confirm it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from notes_analyzer.check.context import CannotCheck, CheckContext, Window, claim_window, daily_series, instrument_for
from notes_analyzer.check.formatting import fmt_change, fmt_date
from notes_analyzer.check.tolerances import EPSILON, NEARLY_RELATIVE, hedge_class
from notes_analyzer.check.verdicts import evidence, undecided, verdict
from notes_analyzer.errors import NoData, SeriesNotFound
from notes_analyzer.market.instruments import Instrument
from notes_analyzer.market.queries import PERIOD_UNITS, PeriodChanges
from notes_analyzer.records import Claim, Observation, RecordSlots, Verdict, VerdictLabel

__all__ = ["ANCHOR_SLACK_PERIODS", "RECORD_MIN_HISTORY_YEARS", "RankQuery", "check_rank", "parse_rank"]

#: A series must reach this far back before the period for a new high (or a move) in it to be a record.
RECORD_MIN_HISTORY_YEARS = 5
#: Periods on either side of the anchor's own period that still count as "in" it.
ANCHOR_SLACK_PERIODS = 1
#: How the periods ranked are named in evidence.
UNIT_WORDS = {"day": "trading day", "week": "week", "month": "month", "quarter": "quarter", "year": "year"}
#: How the periods are cut, for the evidence's tolerance.
UNIT_RULES = {"day": "close to close", "week": "weeks ending Friday, Friday close to Friday close",
              "month": "calendar months, month-end closes", "quarter": "calendar quarters, quarter-end closes",
              "year": "calendar years, year-end closes"}
_EPOCH = date(1970, 1, 1)


@dataclass(frozen=True, slots=True)
class RankQuery:
    instrument: Instrument
    unit: str  # one of PERIOD_UNITS
    sign: int  # +1: a gain ranked among gains; -1: a decline among declines
    measure: str  # "percent", "bp" or "points"
    window: Window  # the claim's period: the ranked period ends in it
    order: int = 1  # "third-largest" → 3
    anchor: Window | None = None  # "since 2020": 2020-01-01 … 2020-12-31
    lookback_years: float | None = None
    on_record: bool = False
    measure_stated: bool = False  # the note said "points"
    from_session: bool = False  # the period is the note's session, not words of the sentence
    sessions: int = 1  # days: a stretch of this many sessions ("worst two-day stretch")


def parse_rank(claim: Claim, ctx: CheckContext) -> RankQuery:
    """The ranking's slots as a query; CannotCheck for a missing or unusable one."""
    instrument = instrument_for(ctx, claim.subject[0] if claim.subject else None)
    if instrument.kind == "macro" or not daily_series(ctx, instrument):
        raise CannotCheck(f"a ranking of periods is computed on daily closes, and {instrument.name}'s series here "
                          "is not daily")
    window = claim_window(claim, ctx)
    period_kind = claim.period.kind if claim.period else ""
    slots = claim.slots_as(RecordSlots)
    unit = slots.rank_unit or period_kind
    sessions = slots.rank_sessions or 1
    told = claim.period.sessions if claim.period is not None else None
    if not slots.rank_unit and told is not None and told > 1:
        unit, sessions = "day", told  # "the Nasdaq's 11% two-day drop was its worst since 2020"
    if unit not in PERIOD_UNITS:
        raise CannotCheck(f"the ranking names no period length (day, week, month …), and its period "
                          f"'{window.text}' is not one")
    sign = -1 if claim.direction == "down" or (claim.direction is None and claim.metric == "worst_period") else 1
    stated = slots.rank_measure == "points"
    measure = "points" if stated else "bp" if instrument.kind == "rate" else "percent"
    order = slots.rank_order or 1
    lookback = float(slots.lookback_years) if slots.lookback_years else None
    anchor = (Window(slots.since, slots.since_end, f"{slots.since}…{slots.since_end}")
              if slots.since is not None and slots.since_end is not None else None)
    if lookback is not None and hedge_class(claim.hedge) == "nearly":
        lookback *= 1 - NEARLY_RELATIVE  # "in almost three years": the last further move came a little later
    on_record = slots.rank_scope == "record"
    if anchor is None and lookback is None and not on_record:
        raise CannotCheck("the ranking names no date it ranks since (or not one that resolves: 'since the "
                          "autumn'), no lookback and no record")
    if anchor is not None and anchor.end >= window.start:
        raise CannotCheck(f"the anchor {anchor.text} does not come before the period ranked ({window.start})")
    return RankQuery(instrument=instrument, unit=unit, sign=sign, measure=measure, window=window, order=max(order, 1),
                     anchor=anchor, lookback_years=lookback, on_record=on_record, measure_stated=stated,
                     from_session=claim.reading.period_from == "note session",
                     sessions=sessions if unit == "day" else 1)


@dataclass(frozen=True, slots=True)
class Periods:
    """The periods ranked, oldest first: the proxy's (before the series begins) then the series' own."""

    parts: tuple[PeriodChanges, ...]
    part: np.ndarray  # per period: which of ``parts``
    at: np.ndarray  # per period: its index there
    moves: np.ndarray  # the move in the measure, times the sign: larger is further the claimed way
    ends: np.ndarray  # day numbers (since 1970-01-01) of each period's last close
    sign: int
    unit: str
    proxy_note: str | None = None
    sessions: int = 1

    def first_day(self) -> date:
        return self.parts[0].first_day(0)

    def observations(self, i: int) -> tuple[Observation, Observation]:
        return self.parts[int(self.part[i])].observations(int(self.at[i]))

    def series(self) -> tuple[str, ...]:
        return tuple(p.data.id for p in self.parts)

    def label(self, i: int, measure: str) -> str:
        """'trading day 2025-04-03 -4.84%', 'week to 2025-04-11 +7.29%', 'month 2025-03 -5.75%', 'Q1 2025 -4.59%'."""
        end = _date(self.ends[i])
        day = f"{self.sessions} sessions to {fmt_date(end)}" if self.sessions > 1 else f"trading day {fmt_date(end)}"
        when = {"day": day, "week": f"week to {fmt_date(end)}",
                "month": f"month {end:%Y-%m}", "quarter": f"Q{(end.month - 1) // 3 + 1} {end.year}",
                "year": f"year {end.year}"}[self.unit]
        return f"{when} {fmt_change(float(self.moves[i]) * self.sign, measure, 2)}"


def _date(day: int | np.integer) -> date:
    return _EPOCH + timedelta(days=int(day))


def _day(d: date) -> int:
    return (d - _EPOCH).days


def _moves(changes: PeriodChanges, measure: str) -> np.ndarray:
    if measure == "percent":
        return changes.pct
    return changes.diff * 100.0 if measure == "bp" else changes.diff


def _periods(ctx: CheckContext, query: RankQuery, measure: str, reach: date | None) -> Periods:
    """The series' periods up to the window's end; the proxy's before them when the series begins after
    ``reach`` (the earliest day the ranking needs)."""
    inst, q = query.instrument, ctx.queries
    try:
        own = q.period_changes(inst.series, query.unit, query.window.end, query.sessions)
    except (NoData, SeriesNotFound) as exc:
        raise CannotCheck(f"no {inst.name} closes to rank up to {query.window.end} ({exc})") from None
    parts, note = [own], None
    proxy = inst.proxy if ctx.options.use_proxies and measure != "points" else None
    if proxy and reach is not None and own.first_day(0) > reach:
        try:
            earlier = q.period_changes(proxy, query.unit, own.first_day(0) - timedelta(days=1), query.sessions)
        except (NoData, SeriesNotFound):
            earlier = None
        if earlier is not None:
            parts.insert(0, earlier)
            note = (f"{proxy} used for the periods before {inst.series} data begin ({own.first_day(0)}): "
                    f"{inst.proxy_caveat or 'a proxy, not the instrument itself'}")
    return Periods(parts=tuple(parts),
                   part=np.concatenate([np.full(len(p), n) for n, p in enumerate(parts)]),
                   at=np.concatenate([np.arange(len(p)) for p in parts]),
                   moves=np.concatenate([_moves(p, measure) for p in parts]) * query.sign,
                   ends=np.concatenate([p.data.days[p.last] for p in parts]),
                   sign=query.sign, unit=query.unit, proxy_note=note, sessions=query.sessions)


def _years_before(day: date, years: float) -> date:
    return day - timedelta(days=math.ceil(years * 365.25))


def _reach(query: RankQuery) -> date:
    """The earliest day the ranking needs data from."""
    if query.anchor is not None:
        return query.anchor.start
    if query.lookback_years is not None:
        return _years_before(query.window.start, query.lookback_years)
    return _years_before(query.window.start, RECORD_MIN_HISTORY_YEARS)


def check_rank(claim: Claim, query: RankQuery, ctx: CheckContext) -> Verdict:
    """The verdict on a ranking (the rules in the module docstring), with the periods compared as evidence."""
    if query.from_session and _inside_a_period(ctx, query):
        return undecided(claim, "unverifiable", f"the claim names no {query.unit}, and the note's session "
                                                f"({query.window.end}) falls inside one: which {query.unit} is "
                                                "ranked is not said")
    found = _judge(ctx, query, query.measure)
    if (found.label == "contradicted" and query.on_record and not query.measure_stated
            and query.measure == "percent" and query.instrument.kind == "index"):
        in_points = _judge(ctx, query, "points")  # "a record-setting rally": a record in points
        if in_points.label == "supported":
            found = Finding("supported", f"{in_points.sentence} In percent it is not one: {found.sentence}",
                            in_points.observations + found.observations, in_points.series, in_points.tolerance,
                            in_points.proxy)
    if found.label in ("unverifiable", "not_checkable", "pending"):
        return undecided(claim, "unverifiable", found.sentence)
    ev = evidence(found.sentence, series=found.series, observations=found.observations, tolerance=found.tolerance,
                  proxy=found.proxy)
    return verdict(claim, found.label, f"{found.label}: {found.sentence}", ev)


@dataclass(frozen=True, slots=True)
class Finding:
    label: VerdictLabel
    sentence: str
    observations: tuple[Observation, ...]
    series: tuple[str, ...]
    tolerance: str
    proxy: str | None = None


def _judge(ctx: CheckContext, query: RankQuery, measure: str) -> Finding:
    """Rank the claimed period's move in ``measure`` among the periods the scope names."""
    reach = _reach(query)
    ps = _periods(ctx, query, measure, reach)
    mine = _claimed(ps, query.window)
    inst, n, unit = query.instrument, query.order, UNIT_WORDS[query.unit]
    way = "gain" if query.sign > 0 else "decline"
    head = f"{inst.name}, {ps.label(mine, measure)}"
    used = list(ps.observations(mine))
    if ps.moves[mine] <= 0:
        return Finding("contradicted", f"{head}: not a {way} at all.", tuple(used), ps.series(),
                       f"a ranked {way} must move that way", ps.proxy_note)
    before = np.arange(max(0, mine - ps.sessions + 1))  # stretches of sessions: those overlapping it are not others
    further = before[ps.moves[before] > ps.moves[mine] + EPSILON]
    covered = ps.first_day() <= reach
    start = f"data from {ps.first_day()}"
    rank_words = f"rank {n} among {unit}s ({way}s; {UNIT_RULES[query.unit]}; in {_measure_word(measure)})"
    if query.anchor is not None:
        return _since(ps, query, measure, mine, further, covered, head, used, rank_words)
    if query.lookback_years is not None:
        scope = f"since {_years_before(query.window.start, query.lookback_years)} ({query.lookback_years:g} years)"
        inside = further[ps.ends[further] > _day(reach)]
    else:
        scope = f"on record ({start})"
        inside = further
    tolerance = f"{rank_words} {scope}"
    if len(inside) >= n:
        top = inside[np.argsort(-ps.moves[inside], kind="stable")[:n]]
        for i in top:
            used.extend(ps.observations(i))
        listed = ", ".join(ps.label(i, measure) for i in top)
        return Finding("contradicted", f"{head}; {len(inside)} {unit}s {scope} moved further: {listed}.",
                       tuple(used), ps.series(), tolerance, ps.proxy_note)
    sentence = f"{head}; {len(inside)} {unit}s {scope} moved further (rank {len(inside) + 1})"
    if not covered:
        return Finding("unverifiable", f"{sentence}, but the data begin {ps.first_day()}, after {reach}.", tuple(used),
                       ps.series(), tolerance, ps.proxy_note)
    return Finding("supported", sentence + ".", tuple(used), ps.series(), tolerance, ps.proxy_note)


def _inside_a_period(ctx: CheckContext, query: RankQuery) -> bool:
    """Whether the window ends before the last close of the calendar period holding it (a Tuesday in a week)."""
    if query.unit == "day":
        return False
    try:
        every = ctx.queries.period_changes(query.instrument.series, query.unit)
    except (NoData, SeriesNotFound):
        return False
    ends = every.data.days[every.last]
    k = int(np.searchsorted(ends, _day(query.window.end)))
    return k < len(ends) and int(ends[k]) > _day(query.window.end) and every.first_day(k) <= query.window.end


def _measure_word(measure: str) -> str:
    return {"percent": "percent", "bp": "basis points", "points": "index points"}[measure]


def _claimed(ps: Periods, window: Window) -> int:
    """The period ending in the window that moved furthest the claimed way (the series' own periods)."""
    own = np.flatnonzero((ps.part == len(ps.parts) - 1) & (ps.ends >= _day(window.start)))
    if not len(own):
        raise CannotCheck(f"no close in {window.start}…{window.end} to rank")
    return int(own[np.argmax(ps.moves[own])])


def _since(ps: Periods, query: RankQuery, measure: str, mine: int, further: np.ndarray, covered: bool, head: str,
           used: list[Observation], rank_words: str) -> Finding:
    anchor, n, unit = query.anchor, query.order, UNIT_WORDS[query.unit]
    assert anchor is not None
    a0, a1 = _day(anchor.start), _day(anchor.end)
    earlier = max(0, mine - ps.sessions + 1)  # stretches of sessions: those overlapping it are not others
    after = np.arange(earlier)[ps.ends[:earlier] > a1]
    further_after = further[ps.ends[further] > a1]
    tolerance = (f"{rank_words} since {anchor.text}: none further after it; the anchor's own period "
                 f"(±{ANCHOR_SLACK_PERIODS} {query.unit}) holds one at least as far" if n == 1 else
                 f"{rank_words} since {anchor.text}: fewer than {n} further after it, {n - 1} or more from its start")
    parts = [head]
    if len(after):
        top = int(after[np.argmax(ps.moves[after])])
        used.extend(ps.observations(top))
        parts.append(f"the furthest after {anchor.end}: {ps.label(top, measure)}")
    as_far = np.flatnonzero(ps.moves[:earlier] >= ps.moves[mine] - EPSILON)
    if len(as_far):
        last = int(as_far[-1])
        used.extend(ps.observations(last))
        parts.append(f"the last at least as far: {ps.label(last, measure)}")
    else:
        parts.append(f"none as far in the data (from {ps.first_day()})")
    sentence = "; ".join(parts)
    obs, series = tuple(dict.fromkeys(used)), ps.series()
    if len(further_after) >= n:
        return Finding("contradicted", f"{sentence}; {len(further_after)} {unit}s after {anchor.end} moved further.",
                       obs, series, tolerance, ps.proxy_note)
    if not covered:
        return Finding("unverifiable", f"{sentence}; the data begin {ps.first_day()}, after the anchor's start "
                                       f"{anchor.start}.", obs, series, tolerance, ps.proxy_note)
    if n > 1:
        from_anchor = further[ps.ends[further] >= a0]
        if len(from_anchor) >= n - 1:
            return Finding("supported", f"{sentence}; {len(from_anchor)} {unit}s from {anchor.start} moved further.",
                           obs, series, tolerance, ps.proxy_note)
        return Finding("imprecise", f"{sentence}; only {len(from_anchor)} {unit}s from {anchor.start} moved further: "
                                    f"it ranks {len(from_anchor) + 1}, not {n}.", obs, series, tolerance,
                       ps.proxy_note)
    inside = np.flatnonzero((ps.ends[:mine] >= a0) & (ps.ends[:mine] <= a1))
    near = (np.arange(max(int(inside[0]) - ANCHOR_SLACK_PERIODS, 0), min(int(inside[-1]) + ANCHOR_SLACK_PERIODS + 1,
                                                                            mine))
            if len(inside) else np.array([], dtype=int))
    if len(near) and (ps.moves[near] >= ps.moves[mine] - EPSILON).any():
        return Finding("supported", f"{sentence}.", obs, series, tolerance, ps.proxy_note)
    return Finding("imprecise", f"{sentence}: no {unit} in or next to {anchor.text} moved as far, so 'since' "
                                f"understates the rank.", obs, series, tolerance, ps.proxy_note)
