"""``record``: record highs/lows, "strongest start to a year in over a decade", "best decade", and
rankings of one period's move ("worst day since 2020": ``check/ranking.py``).

* record_high/record_low: a close in the period beat every earlier close. The series must reach
  back ``RECORD_MIN_HISTORY_YEARS`` before the period (or the proxy must confirm the record over
  its longer history); "highest in N years" (``RecordSlots.lookback_years``) only needs N years;
  "the highest level since October" (``RecordSlots.since``/``since_end``, the anchor's own period)
  needs no higher close after October. A higher earlier close in the data refutes the claim however
  short the history.
* A record of an instrument whose long history is monthly (gold: a monthly average) is decided on
  its late-starting daily series (``Instrument.daily_series``), with the monthly history as a bound
  measured from the data (``MarketQueries.daily_over_monthly``): a daily close above every earlier
  daily close and above the monthly maximum times the largest daily-high/monthly ratio seen is a
  record; below the daily maximum, not one; in between, undecided.
* best_start: the year's return over the period's calendar window (1 January to the period's end
  for "start of the year") ranks first among the same window in the ``lookback_years`` earlier
  years (default ``DEFAULT_LOOKBACK_YEARS``).
* best_decade: contradicted when a decade the data cover did better; never supported, since no
  series here reaches back to its index's inception.
* best_period/worst_period: a ranking (``check/ranking.py``).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, timedelta

from notes_analyzer.check.context import (
    CannotCheck,
    CheckContext,
    Window,
    claim_window,
    daily_reach,
    daily_series,
    instrument_for,
)
from notes_analyzer.check.formatting import fmt_change, fmt_level
from notes_analyzer.check.kinds import KindExample, KindSpec, register_kind
from notes_analyzer.check.ranking import RECORD_MIN_HISTORY_YEARS, RankQuery, check_rank, parse_rank
from notes_analyzer.check.tolerances import RECORD_INTRADAY_MIN
from notes_analyzer.check.verdicts import evidence, undecided, verdict
from notes_analyzer.errors import NoData, SeriesNotFound
from notes_analyzer.market.instruments import Instrument
from notes_analyzer.market.queries import RecordResult
from notes_analyzer.records import Claim, Metric, Observation, Period, RecordSlots, Verdict, VerdictLabel

#: "Strongest start to a year" with no stated lookback compares this many earlier years.
DEFAULT_LOOKBACK_YEARS = 10
METRICS = ("record_high", "record_low", "best_start", "best_decade", "best_period", "worst_period")


@dataclass(frozen=True, slots=True)
class RecordQuery:
    instrument: Instrument
    metric: str
    window: Window
    lookback_years: int | None
    #: "For the first time since March 2024": the high is one since this day, not an all-time one.
    since: date | None = None
    #: The instrument's own daily series when its primary one is monthly (gold): records are decided on it.
    daily: str | None = None


def parse(claim: Claim, ctx: CheckContext) -> RecordQuery | RankQuery:
    if claim.metric in ("best_period", "worst_period"):
        return parse_rank(claim, ctx)
    if claim.metric not in METRICS:
        raise CannotCheck(f"record metric '{claim.metric}' is not one of {', '.join(METRICS)}")
    instrument = instrument_for(ctx, claim.subject[0] if claim.subject else None)
    daily = None
    if claim.metric in ("record_high", "record_low") and not daily_series(ctx, instrument) \
            and instrument.kind != "macro":
        if claim.metric != "record_high" or not instrument.daily_series:
            raise CannotCheck(f"a price record is tested on daily closes, and {instrument.name}'s series here is "
                              "not daily (a monthly average cannot confirm or refute a record)")
        daily = instrument.daily_series
    slots = claim.slots_as(RecordSlots)
    window = claim_window(claim, ctx) if claim.metric != "best_decade" else _decade(claim)
    return RecordQuery(instrument, claim.metric, window, slots.lookback_years, _since_slot(slots), daily)


def _since_slot(slots: RecordSlots) -> date | None:
    """The first day a "since" high must beat: the day after the anchor's own period ("the highest since
    October": no higher close after October), else the ``since`` day itself."""
    if slots.since_end is not None:
        return slots.since_end + timedelta(days=1)
    return slots.since


def _decade(claim: Claim) -> Window:
    p = claim.period
    if p is None or not p.resolved or p.start is None or p.end is None:
        raise CannotCheck("the claim names no decade that resolves to dates")
    return Window(p.start, p.end, p.text)


def check(claim: Claim, query: RecordQuery | RankQuery, ctx: CheckContext) -> Verdict:
    if isinstance(query, RankQuery):
        return check_rank(claim, query, ctx)
    if query.metric in ("record_high", "record_low") and query.instrument.kind == "macro" \
            and query.instrument.unit == "index":
        return _yearly_rate_record(claim, query, ctx)
    return {"record_high": _check_high, "record_low": _check_low, "best_start": _check_start,
            "best_decade": _check_decade}[query.metric](claim, query, ctx)


def _since(query: RecordQuery) -> date | None:
    if query.since is not None:
        return query.since
    if query.lookback_years is None:
        return None
    s = query.window.start
    return s.replace(year=s.year - query.lookback_years, day=min(s.day, 28))


def _history_ok(history_start: date, query: RecordQuery) -> bool:
    need = _since(query) or query.window.start.replace(year=query.window.start.year - RECORD_MIN_HISTORY_YEARS,
                                                        day=min(query.window.start.day, 28))
    return history_start <= need


def _check_high(claim: Claim, query: RecordQuery, ctx: CheckContext) -> Verdict:
    inst, w = query.instrument, query.window
    if query.daily:
        return _high_on_daily(claim, query, ctx, query.daily)
    try:
        res = ctx.queries.record_high(inst.series, w.start, w.end, since=_since(query))
    except (NoData, SeriesNotFound) as exc:
        return _high_on_proxy(claim, query, ctx, str(exc))
    scope = f"since {_since(query)}" if _since(query) else f"in data since {res.history_start}"
    if not res.any_record:
        prior = res.prior_record
        if prior is not None:
            _intraday_record_possible(claim, ctx, inst.series, w, prior.value)
        sentence = (f"{inst.name} ({inst.series}) set no record close in {w.start}…{w.end}: its earlier high was "
                    f"{fmt_level(prior.value)} on {prior.date}" if prior else
                    f"{inst.name} has no earlier data to compare with")
        label: VerdictLabel = "contradicted" if prior else "unverifiable"
        return _verdict(claim, label, sentence + ".", res.observations, (inst.series,), scope)
    first = res.record_days[0]
    prior = res.prior_record
    sentence = (f"{inst.name} closed at {fmt_level(first.value)} on {first.date}, above its previous high close of "
                f"{fmt_level(prior.value)} ({prior.date}) {scope}" if prior else
                f"{inst.name} closed at {fmt_level(first.value)} on {first.date}")
    if res.coverage_ok and _history_ok(res.history_start, query):
        return _verdict(claim, "supported", sentence + ".", res.observations, (inst.series,), scope)
    return _confirm_with_proxy(claim, query, ctx, sentence, res)


#: Rates this close are one figure as published (one decimal): neither is a record over the other.
RATE_RECORD_TIE_PP = 0.05


def _yearly_rate_record(claim: Claim, query: RecordQuery, ctx: CheckContext) -> Verdict:
    """A record of a price index quoted as its yearly rate ("core inflation slowed to 2.8% in March, the
    lowest since March 2021") is one of the year-over-year rate, month by month — never of the index level,
    which rises nearly every month."""
    inst, w, since = query.instrument, query.window, _since(query)
    if since is None:
        raise CannotCheck(f"an all-time record of {inst.name}'s yearly rate is not tested; the claim names no "
                          "date it is a record since")
    rates = []
    month = date(since.year, since.month, 1)
    while month <= w.end:
        try:
            rates.append(ctx.queries.yoy(inst.series, month.year, month.month))
        except NoData:
            pass
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    inside = [r for r in rates if r.end >= w.start.replace(day=1)]
    before = [r for r in rates if r.end < w.start.replace(day=1)]
    if not inside or not before:
        raise CannotCheck(f"{inst.series} has no yearly rate for both {w.start:%B %Y} and the months since "
                          f"{since:%B %Y}")
    pick = max if query.metric == "record_high" else min
    mine, prior = pick(inside, key=lambda r: r.pct), pick(before, key=lambda r: r.pct)
    word = "highest" if query.metric == "record_high" else "lowest"
    sentence = (f"{inst.name}'s yearly rate was {mine.pct:.2f}% in {mine.end:%B %Y}; the {word} from {since:%B %Y} "
                f"to before it was {prior.pct:.2f}% ({prior.end:%B %Y})")
    scope = f"year-over-year rate of {inst.series}, since {since:%B %Y}"
    observations = mine.observations + prior.observations
    if abs(mine.pct - prior.pct) < RATE_RECORD_TIE_PP:
        return undecided(claim, "unverifiable", f"{sentence}: as published, the two may be the same figure")
    beats = mine.pct > prior.pct if query.metric == "record_high" else mine.pct < prior.pct
    return _verdict(claim, "supported" if beats else "contradicted", sentence + ".", observations,
                    (inst.series,), scope)


def _intraday_record_possible(claim: Claim, ctx: CheckContext, series: str, w: Window, prior: float) -> None:
    """CannotCheck when a record high not said to be a close ("gold surpassed $3,500 for the first time early
    Tuesday") misses on a close-only series by less than a day's swing: the intraday high may have set it."""
    slots = claim.slots_as(RecordSlots)
    if slots.closing or slots.since is not None or slots.lookback_years is not None:
        return  # a record close (a forecast is settled on one), or a "highest since" ranking
    try:
        ctx.queries.extreme(series, w.start, w.end, "max", field="high")
        return  # the store has highs: the closes are not the only evidence
    except NoData:
        pass
    top = ctx.queries.extreme(series, w.start, w.end, "max")
    reach = daily_reach(ctx, series, w.start, w.end, sign=1, lookback=False, floor=RECORD_INTRADAY_MIN)
    if top.value * (1 + reach) >= prior:
        raise CannotCheck(f"{series} has closes only: its highest close in {w.start}…{w.end}, {fmt_level(top.value)} "
                          f"({top.date}), is within a day's swing ({reach:.1%}) of the earlier high close "
                          f"{fmt_level(prior)}, so an intraday record cannot be ruled out")


def _high_on_daily(claim: Claim, query: RecordQuery, ctx: CheckContext, daily: str) -> Verdict:
    """A record of an instrument whose long history is a monthly average (gold), on its daily series: a
    close above every earlier daily close, and above the monthly history's maximum times the largest
    ratio of a month's highest daily close to its monthly value, is a record."""
    inst, w, q, since = query.instrument, query.window, ctx.queries, _since(query)
    try:
        res = q.record_high(daily, w.start, w.end, since=since)
        link = q.daily_over_monthly(inst.series, daily, since=since)
    except (NoData, SeriesNotFound) as exc:
        raise CannotCheck(f"a {inst.name} record is decided on its daily series {daily}, which does not cover "
                          f"{w.start}…{w.end} ({exc})") from None
    prior, tolerance = res.prior_record, f"a record close beats every earlier {daily} close and the monthly bound"
    if not res.any_record:
        if prior is None:
            raise CannotCheck(f"{daily} has no close before {w.start} to compare with")
        _intraday_record_possible(claim, ctx, daily, w, prior.value)
        sentence = (f"{inst.name} ({daily}) set no record close in {w.start}…{w.end}: its earlier high close was "
                    f"{fmt_level(prior.value)} on {prior.date}.")
        return _verdict(claim, "contradicted", sentence, res.observations, (daily,), tolerance)
    top = res.record_days[-1]
    beat = (f"{inst.name} ({daily}) closed at {fmt_level(top.value)} on {top.date}"
            + (f", above every earlier {daily} close (the high was {fmt_level(prior.value)} on {prior.date})"
               if prior else ""))
    if since is not None and since >= link.daily_start:
        return _verdict(claim, "supported", f"{beat} since {since}.", res.observations, (daily,), tolerance)
    derivation = (f"on the {link.months} months both series cover in full, a month's highest {daily} close was at most "
                  f"{link.ratio:.4f} times its {inst.series} monthly value (the most in {link.ratio_month:%Y-%m}); "
                  f"the monthly history to {link.daily_start:%Y-%m} peaks at {fmt_level(link.history_max.value)} "
                  f"({link.history_max.date:%Y-%m}), so no close before {link.daily_start} was above "
                  f"{fmt_level(link.bound)}")
    if top.value > link.bound:
        return _verdict(claim, "supported", f"{beat}; {derivation}.", res.observations + link.observations,
                        (daily, inst.series), f"{tolerance} {fmt_level(link.bound)}")
    return undecided(claim, "unverifiable", f"{beat}; but {derivation}, so the monthly history cannot rule out a "
                                          f"higher close before {link.daily_start}.")


def _confirm_with_proxy(claim: Claim, query: RecordQuery, ctx: CheckContext, sentence: str,
                       res: RecordResult) -> Verdict:
    inst, w = query.instrument, query.window
    proxy = inst.proxy
    short = f"{inst.series} data begin only on {res.history_start}, too short to call a record"
    if not (proxy and ctx.options.use_proxies):
        return undecided(claim, "unverifiable", f"{sentence}; but {short}.")
    try:
        pres = ctx.queries.record_high(proxy, w.start, w.end, since=_since(query))
    except (NoData, SeriesNotFound) as exc:
        return undecided(claim, "unverifiable", f"{sentence}; but {short}, and the proxy {proxy} has no data ({exc}).")
    caveat = inst.proxy_caveat or ""
    if pres.any_record and _history_ok(pres.history_start, query):
        note = f"{proxy} (proxy, from {pres.history_start}) also closed at a record on {pres.record_days[0].date}"
        return _verdict(claim, "supported", f"{sentence}; {note} ({caveat}).", res.observations + pres.observations,
                        (inst.series, proxy), f"record in {inst.series} and in its proxy's longer history", note)
    return undecided(claim, "unverifiable", f"{sentence}; but {short}, and the proxy {proxy} does not confirm a record "
                                          f"over its longer history.")


def _high_on_proxy(claim: Claim, query: RecordQuery, ctx: CheckContext, why: str) -> Verdict:
    """No primary data in the window: the proxy can refute a record, never confirm one."""
    inst, w, proxy = query.instrument, query.window, query.instrument.proxy
    if not (proxy and ctx.options.use_proxies):
        raise CannotCheck(f"no {inst.name} data for {w.start}…{w.end} ({why})")
    try:
        pres = ctx.queries.record_high(proxy, w.start, w.end, since=_since(query))
    except (NoData, SeriesNotFound) as exc:
        raise CannotCheck(f"no data for {inst.name} or its proxy {proxy} in {w.start}…{w.end} ({exc})") from None
    note = f"{proxy} used as a proxy for {inst.name} ({inst.proxy_caveat or ''})"
    if pres.any_record or pres.prior_record is None:
        raise CannotCheck(f"no {inst.name} data in {w.start}…{w.end}; its proxy {proxy} shows a record, but "
                          "dividend adjustment can make records the index did not set")
    prior = pres.prior_record
    sentence = (f"{proxy} (proxy for {inst.name}) set no record close in {w.start}…{w.end}: its earlier high was "
                f"{fmt_level(prior.value)} on {prior.date}. {note}.")
    return _verdict(claim, "contradicted", sentence, pres.observations, (proxy,), "record on the proxy", note)


def _check_low(claim: Claim, query: RecordQuery, ctx: CheckContext) -> Verdict:
    inst, w, q = query.instrument, query.window, ctx.queries
    data_start = date.fromordinal(date(1970, 1, 1).toordinal() + int(q.series(inst.series).days[0]))
    since = _since(query) or data_start
    before = q.extreme(inst.series, since, date.fromordinal(w.start.toordinal() - 1), kind="min")
    low = q.extreme(inst.series, w.start, w.end, kind="min")
    scope = f"since {since}"
    ok = low.value < before.value
    sentence = (f"{inst.name}'s lowest close in {w.start}…{w.end} was {fmt_level(low.value)} on {low.date}; the lowest "
                f"before it {scope} was {fmt_level(before.value)} on {before.date}.")
    if ok and not _history_ok(data_start, query):
        return undecided(claim, "unverifiable", f"{sentence} But the data begin only on {data_start}.")
    return _verdict(claim, "supported" if ok else "contradicted", sentence, before.observations + low.observations,
                    (inst.series,), scope)


def _check_start(claim: Claim, query: RecordQuery, ctx: CheckContext) -> Verdict:
    inst, w = query.instrument, query.window
    years = query.lookback_years or DEFAULT_LOOKBACK_YEARS
    if w.start.year != w.end.year:
        raise CannotCheck(f"the window {w.start}…{w.end} spans two years; a 'best start' compares one calendar window")
    ranking = _rank(ctx, inst, w, years)
    mine = ranking.returns[0][1]
    better = sorted(((y, r) for y, r, _ in ranking.returns[1:] if r > mine), key=lambda t: -t[1])
    label: VerdictLabel = "supported" if not better else "contradicted"
    listed = ", ".join(f"{y} {fmt_change(r)}" for y, r in better[:5])
    covered = [y for y, _, _ in ranking.returns]
    sentence = (f"{inst.name} from {w.start:%d %B} to {w.end:%d %B}: {w.end.year} {fmt_change(mine)}, rank "
                f"{len(better) + 1} of {len(covered)} years ({min(covered)}–{max(covered)})"
                + (f"; better: {listed}" if listed else "") + (f". {ranking.note}" if ranking.note else "") + ".")
    tol = f"rank 1 among the {years} earlier years, same calendar window"
    series = tuple(dict.fromkeys(s for _, _, s in ranking.returns))
    return _verdict(claim, label, sentence, ranking.observations, series, tol, ranking.note)


@dataclass(frozen=True, slots=True)
class Ranking:
    returns: tuple[tuple[int, float, str], ...]  # (year, pct, series), the claimed year first
    observations: tuple[Observation, ...]
    note: str | None = None


def _rank(ctx: CheckContext, inst: Instrument, w: Window, years: int) -> Ranking:
    """The window's return each year on the index; years it has no data for come from the proxy, named."""
    q, start_md, end_md = ctx.queries, (w.start.month, w.start.day), (w.end.month, w.end.day)
    proxy = inst.proxy if ctx.options.use_proxies else None
    try:
        res = q.rank_window(inst.series, w.end.year, start_md, end_md, years)
    except (NoData, SeriesNotFound) as exc:
        raise CannotCheck(f"no {inst.name} data for {w.start}…{w.end} ({exc})") from None
    returns = [(y, r, inst.series) for y, r in res.returns]
    if not res.years_missing or res.rank > 1:
        return Ranking(tuple(returns), res.observations)
    if not proxy:
        raise CannotCheck(f"{inst.name} has no data for {', '.join(map(str, res.years_missing))}")
    observations = list(res.observations)
    for year in res.years_missing:
        try:
            c = q.change(proxy, _md(year, start_md), _md(year, end_md))
        except (NoData, SeriesNotFound) as exc:
            raise CannotCheck(f"neither {inst.name} nor its proxy {proxy} covers {year} ({exc})") from None
        returns.append((year, c.pct, proxy))
        observations.extend(c.observations)
    filled = ", ".join(map(str, res.years_missing))
    note = f"{proxy} used for {filled}, which {inst.name} data do not cover ({inst.proxy_caveat or ''})"
    return Ranking(tuple(returns), tuple(observations), note)


def _md(year: int, month_day: tuple[int, int]) -> date:
    try:
        return date(year, *month_day)
    except ValueError:  # 29 February in a common year
        return date(year, month_day[0], 28)


def _check_decade(claim: Claim, query: RecordQuery, ctx: CheckContext) -> Verdict:
    inst, w = query.instrument, query.window
    try:
        mine = ctx.queries.change(inst.series, w.start, w.end)
    except (NoData, SeriesNotFound) as exc:
        raise CannotCheck(f"needs {inst.name} data for {w.text} ({w.start}…{w.end}); {exc}") from None
    raise CannotCheck(f"{inst.name} returned {fmt_change(mine.pct)} in {w.text}, but a 'best decade' needs every "
                      "decade since the index began, which the data do not cover")


def _verdict(claim: Claim, label: VerdictLabel, sentence: str, observations: tuple[Observation, ...],
             series: tuple[str, ...], tolerance: str,
             proxy: str | None = None) -> Verdict:
    ev = evidence(sentence, series=series, observations=observations, tolerance=tolerance, proxy=proxy)
    return verdict(claim, label, f"{label}: {sentence}", ev)


def examples() -> tuple[KindExample, ...]:
    pub = date(2026, 1, 14)
    week = Period(text="last week", kind="week", start=date(2026, 1, 5), end=date(2026, 1, 9))
    ytd = Period(text="start to a year", kind="ytd", start=date(2026, 1, 1), end=date(2026, 1, 13))
    base = Claim(id="h1", sentence_index=0, kind="record", subject=("RUT",), metric=Metric.RECORD_HIGH, period=week,
                 text="The breakout in the Russell 2000 to a record high last week")
    nov = Period(text="mid-November", kind="window", start=date(2025, 11, 17), end=date(2025, 11, 21))
    seventies = Period(text="the 1970s", kind="decade", start=date(1970, 1, 1), end=date(1979, 12, 31))
    return (
        KindExample(claim=base, published=pub, expected="supported", why="2,603.91 on 2026-01-08 > 2,590.61"),
        KindExample(claim=dataclasses.replace(base, id="h2", period=nov), published=date(2025, 11, 24),
                    expected="contradicted", why="RUT fell in mid-November 2025"),
        KindExample(claim=dataclasses.replace(base, id="h3", metric=Metric.BEST_START, period=ytd,
                                              slots=RecordSlots(lookback_years=10, window="ytd")),
                    published=pub, expected="contradicted", why="2019, 2021 and 2023 started stronger"),
        KindExample(claim=dataclasses.replace(base, id="h4", metric=Metric.BEST_DECADE, period=seventies),
                    published=pub, expected="unverifiable", why="no 1970s data"),
        *_ranking_examples(),
        *_daily_record_examples(),
    )


def _day(day: date) -> Period:
    return Period(text=f"on {day:%A}", kind="day", start=day, end=day)


def _ranking_examples() -> tuple[KindExample, ...]:
    """Rankings of one period's move (``check/ranking.py``), on the shared data."""
    apr3, apr9 = date(2025, 4, 3), date(2025, 4, 9)
    week = Period(text="last week", kind="week", start=date(2025, 4, 7), end=date(2025, 4, 13))
    march = Period(text="in March", kind="month", start=date(2025, 3, 1), end=date(2025, 3, 31))
    since_2020 = RecordSlots(since=date(2020, 1, 1), since_end=date(2020, 12, 31))
    since_2022 = RecordSlots(since=date(2022, 1, 1), since_end=date(2022, 12, 31))
    worst = Claim(id="k1", sentence_index=0, kind="record", subject=("SPX",), metric=Metric.WORST_PERIOD,
                  direction="down", period=_day(apr3), slots=dataclasses.replace(since_2020, rank_unit="day"),
                  text="The S&P 500 suffered its steepest one-day decline since 2020 on Thursday")
    best_week = Claim(id="k2", sentence_index=0, kind="record", subject=("SPX",), metric=Metric.BEST_PERIOD,
                      direction="up", period=week, slots=dataclasses.replace(since_2022, rank_unit="week"),
                      text="The S&P 500 posted its best weekly gain since 2022 last week")
    return (
        KindExample(claim=worst, published=date(2025, 4, 4), expected="supported",
                    why="-4.84% on 2025-04-03; nothing worse after 2020; 2020-06-11 -5.89%"),
        KindExample(claim=best_week, published=date(2025, 4, 14), expected="contradicted",
                    why="+5.70% to 2025-04-11, but the week to 2023-11-03 gained +5.85%"),
        KindExample(claim=dataclasses.replace(best_week, id="k3", subject=("IXIC",),
                                              text="The Nasdaq posted its best weekly gain since 2022 last week"),
                    published=date(2025, 4, 14), expected="supported",
                    why="+7.29% to 2025-04-11; at most +6.61% after 2022; +8.10% in the week to 2022-11-11"),
        KindExample(claim=dataclasses.replace(worst, id="k4", slots=dataclasses.replace(since_2022, rank_unit="day"),
                                              text="The S&P 500 had its worst day since 2022 on Thursday"),
                    published=date(2025, 4, 4), expected="imprecise",
                    why="no day of 2022 fell as far (-4.32% at worst): the last one was 2020-06-11"),
        KindExample(claim=dataclasses.replace(worst, id="k5", period=march,
                                              slots=RecordSlots(rank_unit="month", since=date(2022, 12, 1),
                                                      since_end=date(2022, 12, 31)),
                                              text="The S&P 500 had its worst month since December 2022 in March"),
                    published=date(2025, 4, 2), expected="supported", why="March 2025 -5.75%; December 2022 -5.90%"),
        KindExample(claim=Claim(id="k6", sentence_index=0, kind="record", subject=("SPX",),
                                metric=Metric.BEST_PERIOD, direction="up", period=_day(apr9),
                                slots=RecordSlots(rank_unit="day", rank_order=3, since=date(1950, 1, 1),
                                        since_end=date(1950, 12, 31)),
                                text="On Wednesday the S&P 500 had its third-largest one-day gain since 1950"),
                    published=date(2025, 4, 10), expected="unverifiable",
                    why="two larger days since 1993 (SPY), none of the data reach 1950"),
        KindExample(claim=Claim(id="k7", sentence_index=0, kind="record", subject=("SPX",),
                                metric=Metric.BEST_PERIOD, direction="up", period=_day(apr9),
                                slots=RecordSlots(rank_unit="day", rank_measure="points", rank_scope="record"),
                                text="The S&P 500 posted a record one-day point gain on Wednesday"),
                    published=date(2025, 4, 10), expected="supported",
                    why="+474.13 points; the next largest since 2016 is +230.38 (2020-03-13)"),
        KindExample(claim=Claim(id="k8", sentence_index=0, kind="record", subject=("UST10Y",),
                                metric=Metric.BEST_PERIOD, direction="up", period=week,
                                slots=RecordSlots(rank_unit="week", lookback_years=20),
                                text="The 10-year yield had its biggest weekly increase in 20 years last week"),
                    published=date(2025, 4, 14), expected="supported",
                    why="+47 bp to 2025-04-11; the last larger week was 2001-11-16 (+57 bp)"),
    )


def _daily_record_examples() -> tuple[KindExample, ...]:
    """Gold's records: on GC=F daily closes (from 2024-08), bounded by the monthly average history."""
    gold = Claim(id="g1", sentence_index=0, kind="record", subject=("GOLD",), metric=Metric.RECORD_HIGH,
                 direction="up", period=_day(date(2025, 4, 21)), text="Gold hit a record high on Monday")
    late_april = Period(text="this week", kind="week", start=date(2025, 4, 28), end=date(2025, 5, 2))
    recent = Period(text="the week before the note", kind="window", start=date(2025, 4, 10), end=date(2025, 4, 16))
    return (
        KindExample(claim=gold, published=date(2025, 4, 22), expected="supported",
                    why="3,406.20 above every earlier GC=F close and above the monthly bound"),
        KindExample(claim=dataclasses.replace(gold, id="g2", period=late_april,
                                              text="Gold set a record high this week"),
                    published=date(2025, 5, 3), expected="contradicted", why="at most 3,332.50, below 3,406.20"),
        KindExample(claim=dataclasses.replace(gold, id="g3", period=_day(date(2024, 9, 26)),
                                              text="Gold closed at a record high on Thursday"),
                    published=date(2024, 9, 27), expected="unverifiable",
                    why="2,669.90 beats every GC=F close since 2024-08, not the monthly history's bound"),
        KindExample(claim=dataclasses.replace(gold, id="g4", period=recent, text="Gold hit a record high"),
                    published=date(2025, 4, 17), expected="supported",
                    why="no date: the week before the note, which holds the 3,326.60 record of 2025-04-16"),
        KindExample(claim=Claim(id="g5", sentence_index=0, kind="record", subject=("UST10Y",),
                                metric=Metric.RECORD_HIGH, direction="up", period=_day(date(2025, 4, 21)),
                                slots=RecordSlots(since=date(2025, 4, 14), since_end=date(2025, 4, 14)),
                                text="The 10-year yield rose to 4.4%, its highest level since last Monday"),
                    published=date(2025, 4, 22), expected="supported",
                    why="4.42 on 2025-04-21 above every close after 2025-04-14"),
    )


SPEC = register_kind(KindSpec(name="record", frame=RecordSlots,
                              slots=("subject", "metric", "period", "direction", "slots.lookback_years",
                                     "slots.since", "slots.since_end", "slots.rank_unit", "slots.rank_order",
                                     "slots.rank_measure", "slots.rank_scope"),
                              parse=parse, check=check, examples=examples,
                              description="record highs/lows against the series' history; best starts and "
                                          "period rankings by rank"))
