"""``record``: record highs/lows, "strongest start to a year in over a decade", "best decade".

* record_high/record_low: a close in the period beat every earlier close. The series must reach
  back ``RECORD_MIN_HISTORY_YEARS`` before the period (or the proxy must confirm the record over
  its longer history); "highest in N years" (``RecordSlots.lookback_years``) only needs N years.
  A higher earlier close in the data refutes the claim however short the history.
* best_start: the year's return over the period's calendar window (1 January to the period's end
  for "start of the year") ranks first among the same window in the ``lookback_years`` earlier
  years (default ``DEFAULT_LOOKBACK_YEARS``).
* best_decade: contradicted when a decade the data cover did better; never supported, since no
  series here reaches back to its index's inception.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date

from notes_analyzer.check.context import (
    CannotCheck,
    CheckContext,
    Window,
    claim_window,
    daily_series,
    instrument_for,
)
from notes_analyzer.check.formatting import fmt_change, fmt_level
from notes_analyzer.check.kinds import KindExample, KindSpec, register_kind
from notes_analyzer.check.verdicts import evidence, undecided, verdict
from notes_analyzer.errors import NoData, SeriesNotFound
from notes_analyzer.market.instruments import Instrument
from notes_analyzer.market.queries import RecordResult
from notes_analyzer.records import Claim, Metric, Observation, Period, RecordSlots, Verdict, VerdictLabel

#: A series must reach this far back before the period for a new high in it to be a record.
RECORD_MIN_HISTORY_YEARS = 5
#: "Strongest start to a year" with no stated lookback compares this many earlier years.
DEFAULT_LOOKBACK_YEARS = 10
METRICS = ("record_high", "record_low", "best_start", "best_decade")


@dataclass(frozen=True, slots=True)
class RecordQuery:
    instrument: Instrument
    metric: str
    window: Window
    lookback_years: int | None
    #: "For the first time since March 2024": the high is one since this day, not an all-time one.
    since: date | None = None


def parse(claim: Claim, ctx: CheckContext) -> RecordQuery:
    if claim.metric in ("best_period", "worst_period"):
        raise CannotCheck("a best or worst period ranked against every such period since a date (\"best month "
                          "since August\") needs period-by-period returns, which no check computes yet")
    if claim.metric not in METRICS:
        raise CannotCheck(f"record metric '{claim.metric}' is not one of {', '.join(METRICS)}")
    instrument = instrument_for(ctx, claim.subject[0] if claim.subject else None)
    if claim.metric in ("record_high", "record_low") and not daily_series(ctx, instrument) \
            and instrument.kind != "macro":
        raise CannotCheck(f"a price record is tested on daily closes, and {instrument.name}'s series here is not "
                          "daily (a monthly average cannot confirm or refute a record)")
    slots = claim.slots_as(RecordSlots)
    window = claim_window(claim, ctx) if claim.metric != "best_decade" else _decade(claim)
    return RecordQuery(instrument, claim.metric, window, slots.lookback_years, slots.since)


def _decade(claim: Claim) -> Window:
    p = claim.period
    if p is None or not p.resolved or p.start is None or p.end is None:
        raise CannotCheck("the claim names no decade that resolves to dates")
    return Window(p.start, p.end, p.text)


def check(claim: Claim, query: RecordQuery, ctx: CheckContext) -> Verdict:
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
    try:
        res = ctx.queries.record_high(inst.series, w.start, w.end, since=_since(query))
    except (NoData, SeriesNotFound) as exc:
        return _high_on_proxy(claim, query, ctx, str(exc))
    scope = f"since {_since(query)}" if _since(query) else f"in data since {res.history_start}"
    if not res.any_record:
        prior = res.prior_record
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
    )


SPEC = register_kind(KindSpec(name="record", frame=RecordSlots,
                              slots=("subject", "metric", "period", "slots.lookback_years", "slots.since"),
                              parse=parse, check=check, examples=examples,
                              description="record highs/lows against the series' history; best starts by rank"))
