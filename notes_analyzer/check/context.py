"""What every kind's checker is handed: the store's queries, the registries and the dates.

Also the shared steps of a check: resolving the claim's subject to an instrument, its period
to dates (never past the day before publication), and a move over that window — on the
instrument's own series, or on its proxy when (and only when) the series has no data there.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING

from notes_analyzer.config import CheckOptions
from notes_analyzer.errors import NoData, SeriesNotFound
from notes_analyzer.records import Claim, Observation, Period, Verdict

if TYPE_CHECKING:
    from notes_analyzer.market.events import EventRegistry
    from notes_analyzer.market.instruments import Instrument, InstrumentRegistry
    from notes_analyzer.market.queries import Extreme, MarketQueries

__all__ = ["CannotCheck", "CheckContext", "Move", "Window", "check_scope", "claim_window", "daily_reach",
           "daily_series", "day_range", "names_publication_day",
           "instrument_for", "measure_move"]

log = logging.getLogger(__name__)

#: FRED dates a target-range change the day after the FOMC decides it: decisions in a window
#: show up one day later in the series.
FOMC_EFFECTIVE_LAG_DAYS = 1
TARGET_RANGE_SERIES = frozenset({"DFEDTARL", "DFEDTARU"})
#: Instrument kinds that are US markets or US data (commodities and crypto trade globally).
US_KINDS = frozenset({"index", "rate", "macro", "volatility"})


class CannotCheck(Exception):  # noqa: N818 - control flow inside check/, never leaves it
    """Raised inside a kind's checker: the claim is unverifiable, for ``reason``."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckContext:
    """Resources and dates for one note's checks (built once per note by ``check_claims``)."""

    queries: MarketQueries
    instruments: InstrumentRegistry
    events: EventRegistry | None
    options: CheckOptions
    published: date | None
    as_of: date
    #: measured moves of this note, by (instrument, start, end): one query per window
    cache: dict[tuple[str, date, date], Move] = field(default_factory=dict)
    #: True: the note is stamped after the US close (that day's close was known); False: stamped
    #: before it; None: a bare date.
    close_seen: bool | None = None
    #: the note was stamped with a time before that day's US close (a zoneless time read as UTC): a
    #: to-date figure in it may be the live price of that session
    maybe_live: bool = False
    #: the note was stamped with a zoneless time that, read as UTC, is after that day's US close: a
    #: to-date figure in it may be measured to that close
    maybe_after_close: bool = False

    @property
    def last_known_day(self) -> date | None:
        """The last day whose close the writer can have seen: the day before publication, or the
        publication day itself when the note was stamped after the close."""
        if self.published is None:
            return None
        return self.published if self.close_seen is True else self.published - timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Window:
    start: date
    end: date
    text: str
    capped: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Move:
    """A move of one instrument over a window, as measured (maybe on a proxy)."""

    instrument: Instrument
    series: str
    label: str
    start_obs: Observation
    end_obs: Observation
    pct: float
    diff: float
    proxy_note: str | None = None

    @property
    def observations(self) -> tuple[Observation, ...]:
        return (self.start_obs, self.end_obs)

    @property
    def years(self) -> float:
        return max((self.end_obs.date - self.start_obs.date).days, 1) / 365.25

    def value(self, unit: str) -> float:
        """The move in ``unit``: percent change, or the difference in bp/pp/points/usd/number.

        ``number`` on a series kept in thousands (payrolls) is scaled to units ("added 150,000 jobs").
        """
        if unit == "percent":
            return self.pct
        if unit == "bp":
            return self.diff * 100
        if unit == "number" and self.instrument.unit == "thousands":
            return self.diff * 1000
        return self.diff

    def sentence(self, unit: str = "percent", decimals: int = 1) -> str:
        from notes_analyzer.check.formatting import fmt_change, fmt_date, fmt_level

        lvl_unit = self.instrument.unit
        traded = self.instrument.kind != "macro" and not self.instrument.lower_series
        verb = "closed at" if traded else "was"
        return (f"{self.label} {verb} {fmt_level(self.start_obs.value, lvl_unit)} on {fmt_date(self.start_obs.date)}"
                f" and {fmt_level(self.end_obs.value, lvl_unit)} on {fmt_date(self.end_obs.date)}: "
                f"{fmt_change(self.value(unit), unit, decimals)}")


def instrument_for(ctx: CheckContext, instrument_id: str | None, role: str = "subject") -> Instrument:
    """The registry's instrument for ``instrument_id``; CannotCheck when none or unknown."""
    if not instrument_id:
        raise CannotCheck(f"the claim names no {role} instrument the market data covers")
    try:
        return ctx.instruments.get(instrument_id)
    except SeriesNotFound:
        raise CannotCheck(f"{role} '{instrument_id}' is not an instrument in the registry") from None


def check_scope(claim: Claim, ctx: CheckContext) -> None:
    """CannotCheck when the note qualifies a linked name with another market ("European small caps"):
    the ``Reading.foreign_qualifier`` slots the NLP stage read from the words before each name."""
    for ids, text, qualifier in ((claim.subject, claim.subject_text, claim.reading.foreign_qualifier),
                                 ((claim.comparator,), claim.comparator_text,
                                  claim.reading.comparator_foreign_qualifier)):
        if not ids or not ids[0] or not qualifier:
            continue
        try:
            kind = ctx.instruments.get(ids[0]).kind
        except SeriesNotFound:
            continue
        if kind in US_KINDS:
            raise CannotCheck(f"the note speaks of '{qualifier} {text}', which the US instrument {ids[0]} "
                              "does not measure")


#: Period kinds that run up to the writer's "now" ("year to date", "since the start of the year").
UP_TO_NOW_KINDS = frozenset({"ytd", "since", "window"})
#: Period kinds that, ending on the publication day, name that day's session ("closed Friday at …").
SESSION_KINDS = frozenset({"day", "week"})


def names_publication_day(period: Period, ctx: CheckContext) -> bool:
    """Whether the note itself names its publication day's session ("the VIX closed Friday at 14.91"
    in a Friday note, "for the week" in a Friday wrap): the writer reports that close, so it is checked —
    unless the note is stamped before that close."""
    return (ctx.published is not None and ctx.close_seen is not False and period.kind in SESSION_KINDS
            and period.end == ctx.published
            and period.start is not None and period.start <= ctx.published)


def runs_to_date(period: Period, published: date) -> bool:
    """Whether a period runs up to now: to date ("year to date", "since …") or a calendar week, month,
    quarter or year still running on the publication day ("oil is down about 12% this month")."""
    start = period.start
    if period.kind in UP_TO_NOW_KINDS:
        return True
    if start is None:
        return False
    if period.kind == "week":
        return start.isocalendar()[:2] == published.isocalendar()[:2]
    if period.kind == "month":
        return (start.year, start.month) == (published.year, published.month)
    if period.kind == "quarter":
        return (start.year, (start.month - 1) // 3) == (published.year, (published.month - 1) // 3)
    return period.kind == "year" and start.year == published.year


def claim_window(claim: Claim, ctx: CheckContext) -> Window:
    """The claim's period as dates, cut at the last close the writer could have seen."""
    period = claim.period
    if period is None:
        raise CannotCheck("the claim has no period to measure over")
    if not period.resolved or period.start is None or period.end is None:
        reason = f": {period.reason}" if period.reason else ""
        raise CannotCheck(f"the period '{period.text}' could not be resolved to dates{reason}")
    start, end, capped = period.start, period.end, False
    last = ctx.last_known_day
    if names_publication_day(period, ctx):
        last = ctx.published
    elif (last is not None and ctx.published is not None and runs_to_date(period, ctx.published)
          and period.end == ctx.published - timedelta(days=1)):
        end = last  # "year to date", "since …": up to the last close known, the publication day's after the close
    if period.sessions:  # "the past two days": that many sessions of the market's calendar, up to the end
        start = _sessions_back(ctx, end, period.sessions, start)
    if last is not None and end > last:
        end, capped = last, True
    if end < start:
        raise CannotCheck(f"the period '{period.text}' starts on or after publication ({ctx.published})")
    return Window(start, end, period.text, capped)


#: The series whose days are the US market's sessions (holidays skipped): "the last three sessions".
SESSION_CALENDAR_SERIES = "SPX"


def _sessions_back(ctx: CheckContext, end: date, sessions: int, fallback: date) -> date:
    """The first of the ``sessions`` trading sessions that end on or before ``end`` (the words' own weekday
    count, ``fallback``, when the calendar series is missing or too short)."""
    import numpy as np

    try:
        days = ctx.queries.series(SESSION_CALENDAR_SERIES).days
    except SeriesNotFound:
        return fallback
    last = int(np.searchsorted(days, (end - date(1970, 1, 1)).days, side="right"))
    if last < sessions or last == len(days) and end > date(1970, 1, 1) + timedelta(days=int(days[-1])) + \
            timedelta(days=7):
        return fallback
    return date(1970, 1, 1) + timedelta(days=int(days[last - sessions]))


def day_range(ctx: CheckContext, series: str, day: date) -> tuple[Extreme, Extreme]:
    """The session's low and high on ``day``; NoData for a close-only series or a day without a session."""
    return (ctx.queries.extreme(series, day, day, "min", field="low"),
            ctx.queries.extreme(series, day, day, "max", field="high"))


def daily_reach(ctx: CheckContext, series: str, start: date, end: date, *, sign: int = 0,
                lookback: bool = True, floor: float | None = None) -> float:
    """How far past its closes a close-only series may have traded within a session (a share), at least
    ``INTRADAY_NEAR_MISS``: its largest daily move (rises only for a high, ``sign`` 1; falls, -1) over the
    window, and the ``REACH_LOOKBACK_DAYS`` before it when ``lookback`` (one session: a live quote); ``floor``
    replaces ``INTRADAY_NEAR_MISS`` as the least."""
    from notes_analyzer.check.tolerances import INTRADAY_NEAR_MISS, REACH_LOOKBACK_DAYS

    since = start - timedelta(days=REACH_LOOKBACK_DAYS) if lookback else start
    least = INTRADAY_NEAR_MISS if floor is None else floor
    return max(least, ctx.queries.largest_daily_move(series, since, end, sign) / 100)


def measure_move(ctx: CheckContext, instrument: Instrument, window: Window) -> Move:
    """The instrument's change over ``window``; the proxy only when its own series has no data."""
    key = (instrument.id, window.start, window.end)
    if key not in ctx.cache:
        ctx.cache[key] = _measure_move(ctx, instrument, window)
    return ctx.cache[key]


def daily_series(ctx: CheckContext, instrument: Instrument) -> bool:
    """Whether the instrument's own series is daily (macro series are checked at their own frequency)."""
    if instrument.kind == "macro":
        return True
    try:
        return ctx.queries.series(instrument.series).frequency == "daily"
    except SeriesNotFound:
        return True  # the lookup below reports the missing series


def _measure_move(ctx: CheckContext, instrument: Instrument, window: Window) -> Move:
    proxy = instrument.proxy
    if instrument.daily_series and not daily_series(ctx, instrument):
        # gold: the monthly average's own daily prices (GC=F futures, from 2024-08) before any proxy
        note = (f"{instrument.daily_series} is {instrument.name}'s daily price ({instrument.series} is not a daily "
                "series)")
        try:
            return _move_on(ctx, instrument, instrument.daily_series, window, note)
        except (NoData, SeriesNotFound, CannotCheck):
            log.debug("daily series %s has no data for %s…%s", instrument.daily_series, window.start, window.end)
    if proxy and ctx.options.use_proxies and not daily_series(ctx, instrument):
        note = (f"{proxy} used as a daily proxy: {instrument.series} is not a daily series "
                f"({instrument.proxy_caveat or 'a proxy, not the instrument itself'})")
        try:
            return _move_on(ctx, instrument, proxy, window, note)
        except (NoData, SeriesNotFound):
            log.debug("daily proxy %s has no data for %s…%s", proxy, window.start, window.end)
    try:
        return _move_on(ctx, instrument, instrument.series, window, None)
    except (NoData, SeriesNotFound, CannotCheck) as primary_error:
        if not (proxy and ctx.options.use_proxies):
            raise CannotCheck(f"no {instrument.name} data for {window.start}…{window.end} ({primary_error})") from None
        caveat = instrument.proxy_caveat or "a proxy, not the index itself"
        note = f"{proxy} used as a proxy for {instrument.name}, which has no data for this window ({caveat})"
        try:
            return _move_on(ctx, instrument, proxy, window, note)
        except (NoData, SeriesNotFound, CannotCheck) as proxy_error:
            raise CannotCheck(f"no data for {instrument.name} or its proxy {proxy} over "
                              f"{window.start}…{window.end} ({proxy_error})") from None


#: The registry's futures series ("WTI_FUT", "BRENT_FUT"): a commodity's price as markets and news quote it.
FUTURE_SUFFIX = "_FUT"


def quoted_future(instrument: Instrument) -> str | None:
    """The front-month future that news copy quotes for a commodity kept on a spot series (WTI: WTI_FUT)."""
    proxy = instrument.proxy
    return proxy if proxy and proxy.endswith(FUTURE_SUFFIX) and proxy != instrument.series else None


def futures_reading(result: Verdict, instrument: Instrument, recheck: Callable[[str], Verdict]) -> Verdict:
    """A claim refuted on a commodity's spot series that holds on its front-month future ("oil prices
    rebounded 4.6%", "WTI crude fell to $61.50": the price news copy quotes) is supported, with both
    readings in the reason. ``recheck(series)`` checks the claim again on another series."""
    future = quoted_future(instrument)
    if result.label not in ("contradicted", "imprecise") or future is None:
        return result
    try:
        alternative = recheck(future)
    except (CannotCheck, NoData, SeriesNotFound):
        return result
    if alternative.label != "supported":
        return result
    return replace(alternative, reason=(
        f"{alternative.reason}, on the front-month future ({future}), the price news copy quotes; on the spot "
        f"series ({instrument.series}) it would be {result.reason}"))


def move_on(ctx: CheckContext, instrument: Instrument, series: str, window: Window, proxy_note: str | None) -> Move:
    """The instrument's move over ``window`` read on ``series`` (its own, a daily series or a proxy)."""
    return _move_on(ctx, instrument, series, window, proxy_note)


def _move_on(ctx: CheckContext, instrument: Instrument, series: str, window: Window, proxy_note: str | None) -> Move:
    lag = timedelta(days=FOMC_EFFECTIVE_LAG_DAYS if series in TARGET_RANGE_SERIES else 0)
    result = ctx.queries.change(series, window.start + lag, window.end + lag)
    start_obs, end_obs = result.start_obs, result.end_obs
    label = instrument.name if proxy_note is None else f"{series} (proxy for {instrument.name})"
    return Move(instrument=instrument, series=series, label=label, start_obs=start_obs, end_obs=end_obs,
                pct=result.pct, diff=result.diff, proxy_note=proxy_note)


def within_revisions(result: Verdict, instrument: Instrument, computed: float, claimed: float,
                     percent: bool = False) -> Verdict:
    """A refuted figure of a series revised after release (the registry's ``revision_band``: payrolls by
    ~200,000 jobs, CPI's seasonally adjusted monthly and yearly rates by ~0.15 pp) is unverifiable when the
    gap is within what revisions move it by: the note may quote the first print, the store holds the latest
    vintage ("payrolls rose by 228,000 in March", revised to +67,000). ``percent``: the band is in pp."""
    band = instrument.revision_band
    if result.label not in ("contradicted", "imprecise") or band is None or abs(computed - claimed) > band:
        return result
    return replace(result, label="unverifiable", reason=(
        f"{instrument.name} is revised after release by up to about {band:,.2f}".rstrip("0").rstrip(".")
        + (" pp" if percent else "") + "; the "
        f"stored (latest) figure would make it {result.reason}, and the first print the note may quote is not "
        "in the data"))
