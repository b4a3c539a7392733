"""The questions a checker asks of the store, each answer carrying the observations it used.

Conventions:

- **As-of.** ``value_at(s, day)`` is the last observation on or before ``day``; it is ``NoData``
  when ``day`` is before the series starts or the last observation is staler than the
  series' tolerance (``STALE_DAYS``: 7 days for daily, 14 weekly, 45 monthly, 120 quarterly,
  400 annual).
- **Periods.** ``change(s, start, end)`` covers the period whose first day is ``start`` and last
  day is ``end``: base = last observation strictly before ``start`` (a return "in January
  2026" starts from the last close of 2025), final = last observation on or before ``end``.
- Each series is read once into numpy arrays and cached; the cache reloads after a write.
"""

from __future__ import annotations

import difflib
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Literal

import numpy as np

from notes_analyzer.errors import NoData, SeriesNotFound
from notes_analyzer.market.store import MarketStore
from notes_analyzer.records import Observation, record

__all__ = ["Change", "DailyOverMonthly", "Extreme", "MarketQueries", "PERIOD_UNITS", "PeriodChanges", "RangeAt",
           "RankResult", "RateChange", "RateChanges", "RecordResult", "SeriesData", "ValueAt", "STALE_DAYS"]

log = logging.getLogger(__name__)

#: Largest gap (days) between the asked day and the observation used, by frequency.
STALE_DAYS = {"daily": 7, "weekly": 14, "monthly": 45, "quarterly": 120, "annual": 400, "unknown": 7}
#: Series whose changes are FOMC decisions (effective a day after the decision).
TARGET_RANGE_SERIES = frozenset({"DFEDTARL", "DFEDTARU"})
#: Rate changes smaller than this (percentage points) are rounding noise.
RATE_CHANGE_MIN = 1e-9
Field = Literal["close", "high", "low", "open", "value"]
_EPOCH = np.datetime64("1970-01-01", "D")



@record
class ValueAt:
    series: str
    requested: date
    date: date
    value: float
    stale_days: int
    observations: tuple[Observation, ...]


@record
class Change:
    series: str
    start: date
    end: date
    start_obs: Observation  # base: last observation before the period
    end_obs: Observation
    pct: float  # percent change, e.g. 6.09
    diff: float  # end - base, in the series' unit (pp for rates)
    observations: tuple[Observation, ...]


@record
class Extreme:
    series: str
    start: date
    end: date
    kind: str
    field: str
    date: date
    value: float
    observations: tuple[Observation, ...]


@record
class RecordResult:
    series: str
    start: date
    end: date
    since: date | None
    field: str
    record_days: tuple[Observation, ...]  # days in [start, end] that set a new high
    prior_record: Observation | None  # the highest observation before ``start`` (since ``since``)
    history_start: date  # first observation of the series
    coverage_ok: bool  # False when the series starts after ``since`` (or has no history before start)
    observations: tuple[Observation, ...]
    window_complete: bool = True  # False when the data ends before ``end``

    @property
    def any_record(self) -> bool:
        return bool(self.record_days)


@record
class RankResult:
    series: str
    year: int
    window: tuple[str, str]
    returns: tuple[tuple[int, float], ...]  # (year, pct), newest first
    rank: int  # 1 = the best return among the years covered
    years_covered: tuple[int, ...]
    years_missing: tuple[int, ...]
    observations: tuple[Observation, ...]


Date = date  # the field below is named "date"


@record
class RateChange:
    date: Date  # first date with the new value (FRED's effective date)
    decision_date: Date  # FOMC decision (date - 1 day) for target-range series, else ``date``
    old: float
    new: float
    change_bp: int


@record
class RateChanges:
    """Changes of a rate series in a period; iterates like the tuple of ``RateChange``."""

    series: str
    start: date
    end: date
    changes: tuple[RateChange, ...]
    cuts: int
    hikes: int
    observations: tuple[Observation, ...]
    complete: bool = True  # False when the data ends before ``end`` (later changes unknown)

    def __iter__(self) -> Iterator[RateChange]:
        return iter(self.changes)

    def __len__(self) -> int:
        return len(self.changes)

    def __getitem__(self, index: int) -> RateChange:
        return self.changes[index]


@record
class RangeAt:
    lower_series: str
    upper_series: str
    requested: date
    date: date
    low: float
    high: float
    observations: tuple[Observation, ...]


@dataclass(frozen=True, slots=True)
class SeriesData:
    """One series in memory: day numbers (days since 1970-01-01) and value/OHLC arrays."""

    id: str
    frequency: str
    days: np.ndarray
    fields: dict[str, np.ndarray]

    def obs(self, i: int, field: str = "value") -> Observation:
        """Observation ``i``; an intraday field is named in the series (``RUT.high``) for the audit trail."""
        name = self.id if field in ("value", "close") else f"{self.id}.{field}"
        return Observation(series=name, date=_to_date(self.days[i]), value=float(self.fields[field][i]))


def _as_date(d: date | datetime) -> date:
    return d.date() if isinstance(d, datetime) else d


def _day(d: date) -> int:
    return (_as_date(d) - date(1970, 1, 1)).days


@dataclass(frozen=True, slots=True)
class PeriodChanges:
    """Close-to-close changes of one series over consecutive calendar periods of one ``unit``.

    Period ``i`` runs from the last close of the period before it (index ``base[i]`` of ``data``)
    to its own last close (``last[i]``): a trading day, a week ending Friday, a calendar month,
    quarter or year. The first period of the data has no base and is left out.
    """

    data: SeriesData
    unit: str
    base: np.ndarray
    last: np.ndarray
    pct: np.ndarray
    diff: np.ndarray

    def __len__(self) -> int:
        return len(self.last)

    def end(self, i: int) -> date:
        """The day of period ``i``'s last close."""
        return _to_date(self.data.days[self.last[i]])

    def first_day(self, i: int) -> date:
        """The first calendar day after period ``i``'s base close."""
        return _to_date(self.data.days[self.base[i]] + 1)

    def observations(self, i: int) -> tuple[Observation, Observation]:
        """(base close, last close) of period ``i``."""
        return self.data.obs(int(self.base[i]), "close"), self.data.obs(int(self.last[i]), "close")


#: The calendar periods ``MarketQueries.period_changes`` compares.
PERIOD_UNITS = ("day", "week", "month", "quarter", "year")
#: 1970-01-03, day 2 of the epoch, was a Saturday: weeks run Saturday to Friday.
_FIRST_SATURDAY = 2


def _period_keys(days: np.ndarray, unit: str) -> np.ndarray:
    """One key per observation day, equal within a calendar period of ``unit``."""
    if unit == "day":
        return days
    if unit == "week":
        return (days - _FIRST_SATURDAY) // 7
    months = days.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)
    if unit == "month":
        return months
    if unit == "quarter":
        return months // 3
    if unit == "year":
        return months // 12
    raise ValueError(f"unknown period unit {unit!r}; use {', '.join(PERIOD_UNITS)}")


@record
class DailyOverMonthly:
    """How far a month's highest daily close stood above that month's monthly value, on the months
    both series cover in full, and the monthly history before the daily series begins."""

    monthly: str
    daily: str
    ratio: float  # the largest (highest daily close in a month / the month's value)
    ratio_month: date  # the month that set it
    months: int  # months compared
    daily_start: date
    history_max: Observation  # the highest monthly value up to the daily series' first month
    observations: tuple[Observation, ...]

    @property
    def bound(self) -> float:
        """The highest daily close the monthly history can hide: its maximum times the ratio."""
        return self.history_max.value * self.ratio


#: Length in months of the period an observation of each frequency covers.
PERIOD_MONTHS = {"monthly": 1, "quarterly": 3}


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    return date(day.year + month // 12, month % 12 + 1, 1)


def _to_date(n: Any) -> date:
    return date(1970, 1, 1) + timedelta(days=int(n))


class MarketQueries:
    """Queries over an open ``MarketStore``; each series is cached on first use."""

    def __init__(self, store: MarketStore) -> None:
        self.store = store
        self._cache: dict[str, SeriesData] = {}
        self._generation = store.generation
        self._known: set[str] | None = None

    # ------------------------------------------------------------------ loading

    def series(self, series_id: str) -> SeriesData:
        if self._generation != self.store.generation:
            self._cache.clear()
            self._known = None
            self._generation = self.store.generation
        data = self._cache.get(series_id)
        if data is None:
            data = self._cache[series_id] = self._load(series_id)
        return data

    def _load(self, series_id: str) -> SeriesData:
        con = self.store.connection
        meta = con.execute("SELECT frequency FROM series WHERE id = ?", [series_id]).fetchone()
        if meta is None:
            raise SeriesNotFound(self._not_found(series_id))
        arrays = con.execute(
            "SELECT date, value, open, high, low, close FROM observations WHERE series_id = ? ORDER BY date",
            [series_id]).fetchnumpy()
        days = (np.asarray(arrays["date"], dtype="datetime64[D]") - _EPOCH).astype(np.int64)
        fields = {k: _floats(arrays[k]) for k in ("value", "open", "high", "low", "close")}
        if np.isnan(fields["close"]).all():
            fields["close"] = fields["value"]
        return SeriesData(series_id, meta[0], days, fields)

    def _not_found(self, series_id: str) -> str:
        if self._known is None:
            self._known = set(self.store.series_ids())
        close = difflib.get_close_matches(series_id.upper(), sorted(self._known), n=5, cutoff=0.5)
        hint = f"; close matches: {', '.join(close)}" if close else ""
        return f"unknown series {series_id!r}{hint}"

    def _tolerance(self, data: SeriesData) -> int:
        return STALE_DAYS.get(data.frequency, STALE_DAYS["unknown"])

    # ------------------------------------------------------------------ as-of

    def _index_at(self, data: SeriesData, day: date, *, strict: bool = False) -> int:
        """Index of the last observation on (or, ``strict``, before) ``day``; NoData if none/stale."""
        n = _day(day)
        i = int(np.searchsorted(data.days, n, side="left" if strict else "right")) - 1
        if i < 0:
            first = _to_date(data.days[0]) if len(data.days) else None
            raise NoData(f"{data.id}: no observation {'before' if strict else 'on or before'} {day} "
                         f"(series starts {first})")
        gap = n - int(data.days[i]) - (1 if strict else 0)
        if gap > self._tolerance(data):
            raise NoData(f"{data.id}: last observation before {day} is {_to_date(data.days[i])}, "
                         f"{gap} days stale (tolerance {self._tolerance(data)} for {data.frequency} data)")
        return i

    def value_at(self, series: str, day: date) -> ValueAt:
        data, day = self.series(series), _as_date(day)
        i = self._index_at(data, day)
        obs = data.obs(i)
        return ValueAt(series=series, requested=day, date=obs.date, value=obs.value,
                       stale_days=(day - obs.date).days, observations=(obs,))

    def released_by(self, series: str, day: date, lag_days: int) -> ValueAt:
        """The latest observation a reader could have seen on ``day``: a monthly or quarterly figure is
        published ``lag_days`` after its period ends (CPI mid-month, jobs on the first Friday). Daily
        series: the as-of value. NoData when nothing had been published by then."""
        data, day = self.series(series), _as_date(day)
        if data.frequency not in PERIOD_MONTHS:
            return self.value_at(series, day)
        months = PERIOD_MONTHS[data.frequency]
        i = int(np.searchsorted(data.days, _day(day), side="right")) - 1
        while i >= 0 and _add_months(_to_date(data.days[i]), months) + timedelta(days=lag_days) > day:
            i -= 1
        if i < 0:
            raise NoData(f"{series}: no {data.frequency} figure had been published by {day}")
        obs = data.obs(i)
        return ValueAt(series=series, requested=day, date=obs.date, value=obs.value,
                       stale_days=(day - obs.date).days, observations=(obs,))

    def monthly_value(self, series: str, year: int, month: int) -> ValueAt:
        """The observation dated in that calendar month (monthly data: "CPI in November"); NoData if none."""
        data = self.series(series)
        first = date(year, month, 1)
        lo, hi = (int(np.searchsorted(data.days, _day(d), side="left"))
                  for d in (first, date(year + month // 12, month % 12 + 1, 1)))
        if hi <= lo:
            raise NoData(f"{series}: no observation for {first:%Y-%m}")
        obs = data.obs(hi - 1)
        return ValueAt(series=series, requested=first, date=obs.date, value=obs.value, stale_days=0,
                       observations=(obs,))

    def yoy(self, series: str, year: int, month: int) -> Change:
        """Year-over-year percent change of a monthly series (e.g. CPI inflation) for that month."""
        now = self.monthly_value(series, year, month)
        before = self.monthly_value(series, year - 1, month)
        base, final = before.observations[0], now.observations[0]
        return Change(series=series, start=date(year - 1, month, 1), end=now.date, start_obs=base, end_obs=final,
                      pct=(final.value / base.value - 1.0) * 100.0, diff=final.value - base.value,
                      observations=(base, final))

    # ------------------------------------------------------------------ returns

    def change(self, series: str, start: date, end: date) -> Change:
        start, end = _as_date(start), _as_date(end)
        if end < start:
            raise NoData(f"{series}: period end {end} is before its start {start}")
        data = self.series(series)
        i0 = self._index_at(data, start, strict=True)
        i1 = self._index_at(data, end)
        if i1 <= i0:
            raise NoData(f"{series}: no observation between {start} and {end}")
        base, final = data.obs(i0), data.obs(i1)
        if base.value == 0:
            raise NoData(f"{series}: base value on {base.date} is 0; no percent change")
        return Change(series=series, start=start, end=end, start_obs=base, end_obs=final,
                      pct=(final.value / base.value - 1.0) * 100.0, diff=final.value - base.value,
                      observations=(base, final))

    def ytd(self, series: str, ref_day: date) -> Change:
        return self.change(series, date(ref_day.year, 1, 1), ref_day)

    def trailing(self, series: str, ref_day: date, days: int) -> Change:
        """Change over the ``days`` calendar days ending ``ref_day`` (base: last obs on/before ref - days)."""
        if days <= 0:
            raise ValueError(f"trailing window must be > 0 days, got {days}")
        return self.change(series, ref_day - timedelta(days=days - 1), ref_day)

    # ------------------------------------------------------------------ windows

    def _window(self, data: SeriesData, start: date, end: date) -> tuple[int, int]:
        lo = int(np.searchsorted(data.days, _day(start), side="left"))
        hi = int(np.searchsorted(data.days, _day(end), side="right"))
        if hi <= lo:
            raise NoData(f"{data.id}: no observation between {start} and {end}")
        return lo, hi

    def _covers(self, data: SeriesData, start: date, end: date) -> bool:
        """Whether observations span [start, end], within the series' staleness tolerance."""
        tol = self._tolerance(data)
        return int(data.days[0]) <= _day(start) + tol and int(data.days[-1]) >= _day(end) - tol

    def _field(self, data: SeriesData, field: str) -> np.ndarray:
        values = data.fields.get(field)
        if values is None:
            raise ValueError(f"unknown field {field!r}; use close, high, low, open or value")
        if np.isnan(values).all():
            raise NoData(f"{data.id}: no {field!r} data (the series has closes only)")
        return values

    def extreme(self, series: str, start: date, end: date, kind: str = "max", field: Field = "close") -> Extreme:
        if kind not in ("max", "min"):
            raise ValueError(f"kind must be 'max' or 'min', got {kind!r}")
        start, end = _as_date(start), _as_date(end)
        data = self.series(series)
        values = self._field(data, field)
        lo, hi = self._window(data, start, end)
        if not self._covers(data, start, end):
            raise NoData(f"{series}: data ({_to_date(data.days[0])} to {_to_date(data.days[-1])}) "
                         f"does not cover {start} to {end}")
        window = values[lo:hi]
        if np.isnan(window).all():
            raise NoData(f"{series}: no {field!r} data between {start} and {end}")
        j = lo + int(np.nanargmax(window) if kind == "max" else np.nanargmin(window))
        obs = data.obs(j, field)
        return Extreme(series=series, start=start, end=end, kind=kind, field=field, date=obs.date,
                       value=obs.value, observations=(obs,))

    def largest_daily_move(self, series: str, start: date, end: date, sign: int = 0) -> float:
        """The largest close-to-close change (in %) of the series in [start, end], from the close before
        ``start``: unsigned, or only rises (``sign`` 1) or falls (-1, as a positive number). How far a
        close-only series may have moved within one of those sessions."""
        data = self.series(series)
        values = self._field(data, "close")
        lo, hi = self._window(data, _as_date(start), _as_date(end))
        window = values[max(lo - 1, 0):hi]
        moves = np.diff(window) / window[:-1] * 100 if len(window) > 1 else np.zeros(1)
        moves = np.abs(moves) if sign == 0 else np.clip(moves * sign, 0.0, None)
        return float(np.nanmax(moves)) if not np.isnan(moves).all() else 0.0

    def record_high(self, series: str, start: date, end: date, since: date | None = None,
                    field: Field = "close") -> RecordResult:
        """Days in [start, end] whose ``field`` beat every earlier value (since ``since``, else all history)."""
        start, end = _as_date(start), _as_date(end)
        since = _as_date(since) if since is not None else None
        data = self.series(series)
        values = self._field(data, field)
        lo, hi = self._window(data, start, end)
        first = int(np.searchsorted(data.days, _day(since), side="left")) if since else 0
        history = values[first:lo]
        prior = None
        best = -np.inf
        if len(history) and not np.isnan(history).all():
            k = first + int(np.nanargmax(history))
            prior, best = data.obs(k, field), values[k]
        records = []
        for j in range(lo, hi):
            if not np.isnan(values[j]) and values[j] > best:
                best = values[j]
                records.append(data.obs(j, field))
        history_start = _to_date(data.days[0])
        coverage_ok = since is None or history_start <= since
        used = ((prior,) if prior else ()) + tuple(records)
        return RecordResult(series=series, start=start, end=end, since=since, field=field,
                            record_days=tuple(records), prior_record=prior, history_start=history_start,
                            coverage_ok=coverage_ok and prior is not None, observations=used,
                            window_complete=self._covers(data, start, end))

    def rank_window(self, series: str, year: int, start_md: Any, end_md: Any, years_back: int) -> RankResult:
        """Rank ``year``'s return over the calendar window against the same window in earlier years."""
        (m0, d0), (m1, d1) = _month_day(start_md), _month_day(end_md)
        mine = self.change(series, _safe_date(year, m0, d0), _safe_date(year, m1, d1))
        returns, missing, used = [(year, mine.pct)], [], list(mine.observations)
        for y in range(year - 1, year - years_back - 1, -1):
            try:
                c = self.change(series, _safe_date(y, m0, d0), _safe_date(y, m1, d1))
            except NoData:
                missing.append(y)
                continue
            returns.append((y, c.pct))
            used.extend(c.observations)
        rank = 1 + sum(1 for _, pct in returns[1:] if pct > mine.pct)
        return RankResult(series=series, year=year, window=(f"{m0:02d}-{d0:02d}", f"{m1:02d}-{d1:02d}"),
                          returns=tuple(returns), rank=rank, years_covered=tuple(y for y, _ in returns),
                          years_missing=tuple(missing), observations=tuple(used))

    def period_changes(self, series: str, unit: str, end: date | None = None, sessions: int = 1) -> PeriodChanges:
        """Close-to-close changes over every calendar ``unit`` (see ``PERIOD_UNITS``) in the data up to
        ``end``; the period holding ``end`` runs to ``end`` (it may be incomplete). Days with ``sessions`` > 1:
        every stretch of that many sessions, one ending at each close (they overlap)."""
        data = self.series(series)
        values = self._field(data, "close")
        keep = ~np.isnan(values)
        if end is not None:
            keep &= data.days <= _day(_as_date(end))
        index = np.flatnonzero(keep)
        stretch = sessions if unit == "day" and sessions > 1 else 1
        if len(index) <= stretch:
            raise NoData(f"{series}: fewer than {stretch + 1} closes{f' up to {end}' if end else ''}")
        if stretch > 1:
            base, last = index[:-stretch], index[stretch:]
        else:
            keys = _period_keys(data.days[index], unit)
            last = index[np.append(np.flatnonzero(np.diff(keys) != 0), len(index) - 1)]
            base, last = last[:-1], last[1:]
        start_values, end_values = values[base], values[last]
        with np.errstate(divide="ignore", invalid="ignore"):
            pct = np.where(start_values != 0, (end_values / start_values - 1.0) * 100.0, np.nan)
        return PeriodChanges(data=data, unit=unit, base=base, last=last, pct=pct, diff=end_values - start_values)

    def daily_over_monthly(self, monthly: str, daily: str, since: date | None = None) -> DailyOverMonthly:
        """Compare a monthly series (an average) with a daily one that begins later: the largest
        ratio of a month's highest daily close to its monthly value, over the months the daily data
        cover in full (its first and last month are partial), and the monthly history's maximum (from
        ``since``'s month) up to and including the daily series' first month. NoData when no month
        can be compared."""
        month_data, day_data = self.series(monthly), self.series(daily)
        month_values, day_values = self._field(month_data, "close"), self._field(day_data, "close")
        day_months = day_data.days.astype("datetime64[D]").astype("datetime64[M]")
        first_month, last_month = day_months[0], day_months[-1]
        month_keys = month_data.days.astype("datetime64[D]").astype("datetime64[M]")
        best: tuple[float, int, int] | None = None
        compared = 0
        for i, month in enumerate(month_keys):
            if not first_month < month < last_month or np.isnan(month_values[i]) or month_values[i] <= 0:
                continue
            in_month = np.flatnonzero((day_months == month) & ~np.isnan(day_values))
            if not len(in_month):
                continue
            compared += 1
            j = int(in_month[np.argmax(day_values[in_month])])
            ratio = float(day_values[j] / month_values[i])
            if best is None or ratio > best[0]:
                best = (ratio, i, j)
        history = np.flatnonzero((month_keys <= first_month) & ~np.isnan(month_values)
                                 & (month_keys >= np.datetime64(_as_date(since), "M") if since else True))
        if best is None or not len(history):
            raise NoData(f"{monthly}/{daily}: no month covered by both series to compare")
        ratio, i, j = best
        k = int(history[np.argmax(month_values[history])])
        history_max = month_data.obs(k, "close")
        return DailyOverMonthly(monthly=monthly, daily=daily, ratio=ratio, ratio_month=_to_date(month_data.days[i]),
                                months=compared, daily_start=_to_date(day_data.days[0]), history_max=history_max,
                                observations=(month_data.obs(i, "close"), day_data.obs(j, "close"), history_max))

    # ------------------------------------------------------------------ rates

    def rate_changes(self, series: str, start: date, end: date) -> RateChanges:
        """Changes whose decision date falls in [start, end] (FOMC convention for target-range series)."""
        start, end = _as_date(start), _as_date(end)
        data = self.series(series)
        lag = 1 if series in TARGET_RANGE_SERIES else 0
        values = data.fields["value"]
        lo = max(int(np.searchsorted(data.days, _day(start) + lag, side="left")), 1)
        hi = int(np.searchsorted(data.days, _day(end) + lag, side="right"))
        if lo - 1 >= len(data.days) or hi <= 0 or _day(start) + lag < data.days[0]:
            raise NoData(f"{series}: no data covering {start} to {end} (series starts {_to_date(data.days[0])})")
        changes, used = [], []
        for j in range(lo, hi):
            if abs(values[j] - values[j - 1]) > RATE_CHANGE_MIN:
                new = data.obs(j)
                changes.append(RateChange(date=new.date, decision_date=new.date - timedelta(days=lag),
                                          old=float(values[j - 1]), new=new.value,
                                          change_bp=round((values[j] - values[j - 1]) * 100)))
                used.extend([data.obs(j - 1), new])
        return RateChanges(series=series, start=start, end=end, changes=tuple(changes),
                           cuts=sum(c.change_bp < 0 for c in changes), hikes=sum(c.change_bp > 0 for c in changes),
                           observations=tuple(used), complete=int(data.days[-1]) >= _day(end) + lag)

    def range_at(self, lower_series: str, upper_series: str, day: date) -> RangeAt:
        day = _as_date(day)
        low, high = self.value_at(lower_series, day), self.value_at(upper_series, day)
        if low.date != high.date:
            raise NoData(f"{lower_series}/{upper_series}: bounds dated {low.date} and {high.date} for {day}")
        return RangeAt(lower_series=lower_series, upper_series=upper_series, requested=day, date=low.date,
                       low=low.value, high=high.value, observations=low.observations + high.observations)


def _floats(column: Any) -> np.ndarray:
    """A DuckDB numpy column as float64, NULLs (masked entries) as NaN."""
    return np.ma.filled(np.ma.asarray(column).astype(float), np.nan)


def _month_day(value: Any) -> tuple[int, int]:
    if isinstance(value, str):
        month, day = value.split("-")
        return int(month), int(day)
    month, day = value
    return int(month), int(day)


def _safe_date(year: int, month: int, day: int) -> date:
    """``date(year, month, day)``, with Feb 29 becoming Feb 28 in common years."""
    try:
        return date(year, month, day)
    except ValueError:
        return date(year, month, 28)
