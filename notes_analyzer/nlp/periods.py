"""Time expressions resolved against a note's publication date.

``find_periods(text, published, context)`` returns :class:`FoundPeriod` items (a
``records.Period`` with its span). ``PeriodContext`` carries what earlier sentences of the
paragraph referred to ("on that day"), optional event dates ("since the December meeting") and the
events of the events source by name, for windows that start at one ("since Liberation Day", "since
President Trump's inauguration": from the close of the event's day, or of the last session before it).
Dates are inclusive; a period the text cannot pin down comes back ``resolved=False`` with a reason.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache

from notes_analyzer.records import INTRADAY, Period

__all__ = ["INTRADAY", "FoundPeriod", "PeriodContext", "find_periods", "mentions_period", "note_session",
           "previous_session", "resolve_period", "roll_forward"]

#: From this day of the month on, "ended the month" / "over the month" is the month now ending.
MONTH_END_DAY = 25
#: Year-to-date windows end on the last full day before publication (the last close).
YTD_END_OFFSET_DAYS = 1
#: Lookbacks ("in over a decade") end on the day before publication too.
DECADE_YEARS = 10

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                "nine": 9, "ten": 10, "twelve": 12, "fifteen": 15, "twenty": 20, "a": 1}


@dataclass
class PeriodContext:
    """What the paragraph so far referred to, known event dates by name (e.g. ``fomc``), and
    ``anchors``: (name or alias, date) of the events a window can start at."""

    last_day: date | None = None
    events: Mapping[str, Sequence[date]] = field(default_factory=dict)
    anchors: tuple[tuple[str, date], ...] = ()


@dataclass(frozen=True, slots=True)
class FoundPeriod:
    period: Period
    start: int
    end: int


# ----------------------------------------------------------------------------- helpers


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _month(text: str, year: int, month: int, published: date) -> Period:
    end = _month_end(year, month)
    if year == published.year and month == published.month:  # the month in progress
        end = max(date(year, month, 1), published - timedelta(days=YTD_END_OFFSET_DAYS))
    return Period(text=text, kind="month", start=date(year, month, 1), end=end)


def _year(text: str, year: int) -> Period:
    return Period(text=text, kind="year", start=date(year, 1, 1), end=date(year, 12, 31))


def _ytd(text: str, published: date, kind: str = "ytd") -> Period:
    end = max(date(published.year, 1, 1), published - timedelta(days=YTD_END_OFFSET_DAYS))
    return Period(text=text, kind=kind, start=date(published.year, 1, 1), end=end)


def _years_back(published: date, years: int) -> date:
    try:
        return published.replace(year=published.year - years)
    except ValueError:  # 29 February
        return published.replace(year=published.year - years, day=28)


def _lookback(text: str, published: date, years: int) -> Period:
    return Period(text=text, kind="window", start=_years_back(published, years),
                  end=published - timedelta(days=YTD_END_OFFSET_DAYS))


def _unresolved(text: str, reason: str) -> Period:
    return Period(text=text, kind="unresolved", resolved=False, reason=reason)


def _recent_month_year(month: int, published: date) -> int:
    """The year of the most recent ``month`` not after publication."""
    return published.year if month <= published.month else published.year - 1


def _quarter_end(text: str, q: int, year: int | None, published: date) -> date:
    end = _quarter(text, q, year, published).end
    assert end is not None  # a quarter is always resolved to dates
    return end


def _quarter(text: str, q: int, year: int | None, published: date) -> Period:
    if year is None:
        year = published.year if 3 * (q - 1) + 1 <= published.month else published.year - 1
    start = date(year, 3 * (q - 1) + 1, 1)
    return Period(text=text, kind="quarter", start=start, end=_month_end(year, 3 * q))


def _number(word: str) -> int:
    word = word.lower()
    return NUMBER_WORDS[word] if word in NUMBER_WORDS else int(word)


# ----------------------------------------------------------------------------- rules

Rule = Callable[[re.Match[str], date, PeriodContext], Period]
_NUMW = r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty)"
_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
_DAY_RE = "|".join(WEEKDAYS)


def _r_full_date(m: re.Match[str], published: date, ctx: PeriodContext) -> Period:
    month = MONTHS[m["month"].lower().rstrip(".")]
    if m["year"]:
        day = date(int(m["year"]), month, int(m["day"]))
    else:  # the most recent such date not after publication
        day = date(published.year, month, int(m["day"]))
        if day > published:
            day = date(published.year - 1, month, int(m["day"]))
    return Period(text=m[0], kind="day", start=day, end=day)


def _past_day(month: str, day: str, year: str | None, published: date) -> date:
    """A month-day date: of the year written, else the most recent one not after publication."""
    number = MONTHS[month.lower().rstrip(".")]
    if year:
        return date(int(year), number, int(day))
    found = date(published.year, number, int(day))
    return found if found <= published else date(published.year - 1, number, int(day))


def _r_between_dates(m: re.Match[str], published: date, ctx: PeriodContext) -> Period:
    """"from April 4 to April 11", "between the May 2 close and the end of trading on May 6": the
    move from the first day's close to the second's (the window starts the day after the first)."""
    first = _past_day(m["month"], m["day"], m["year"], published)
    last = _past_day(m["month2"] or m["month"], m["day2"], m["year2"], published)
    if last < first:
        first = date(first.year - 1, first.month, first.day)
    return Period(text=m[0], kind="window", start=first + timedelta(days=1), end=last)


def _r_between_months(m: re.Match[str], published: date, ctx: PeriodContext) -> Period:
    """"between September and December 2024": the first month's start to the last one's end."""
    first, last = MONTHS[m["month"].lower()], MONTHS[m["month2"].lower()]
    year2 = int(m["year2"]) if m["year2"] else _recent_month_year(last, published)
    year1 = int(m["year"]) if m["year"] else (year2 if first <= last else year2 - 1)
    end = min(_month_end(year2, last), max(date(year2, last, 1), published - timedelta(days=YTD_END_OFFSET_DAYS)))
    return Period(text=m[0], kind="window", start=date(year1, first, 1), end=end)


def _r_closed_the(m: re.Match[str], published: date, ctx: PeriodContext) -> Period:
    """"closed the year/month/quarter": the last day of the most recent one that has ended."""
    unit = m["unit"].lower()
    if unit == "year":
        day = date(published.year - 1, 12, 31)
    elif unit == "week":  # the week's last session: publication day from Friday on, else last Friday
        day = published if published.weekday() >= 4 else published - timedelta(days=published.weekday() + 3)
    elif unit == "month" and published.day >= MONTH_END_DAY:  # a month-end review: the month now ending
        day = published
    elif unit == "month":
        day = published.replace(day=1) - timedelta(days=1)
    else:
        q = (published.month - 1) // 3  # the quarter before the current one
        day = _quarter_end(m[0], q, published.year, published) if q else date(published.year - 1, 12, 31)
    if _MOVE_AFTER.match(m.string, m.end()):  # "finished the week down 9.1%": the move over the week
        start = {"year": day.replace(month=1, day=1), "month": day.replace(day=1),
                 "week": day - timedelta(days=day.weekday()),
                 "quarter": date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)}[unit]
        return Period(text=m[0], kind=unit, start=start, end=day)
    return Period(text=m[0], kind="day", start=day, end=day)


#: A move right after "closed the week" ("down 9.1%", "9.1% lower", "with a 2% gain"): the period is the
#: whole week (month, year), not its last session, which a level ("ended the week at 5,074") keeps.
_MOVE_AFTER = re.compile(r"\s+(?:(?:up|down|higher|lower|in\s+the\s+(?:red|green))\b|[+\-−]?\d[\d,.]*\s*"
                         r"(?:%|percent|points?|bps?|basis\s+points)\s+(?:higher|lower|up|down)\b|"
                         r"with\s+an?\s+(?:[\w.%-]+\s+){0,3}?(?:gain|loss|decline|drop|advance|rise|fall)s?\b)",
                         re.IGNORECASE)


def _r_month_year(m: re.Match[str], published: date, ctx: PeriodContext) -> Period:
    return _month(m[0], int(m["year"]), MONTHS[m["month"].lower().rstrip(".")], published)


def _r_since_month_meeting(m: re.Match[str], published: date, ctx: PeriodContext) -> Period:
    month = MONTHS[m["month"].lower()]
    year = _recent_month_year(month, published)
    if year == published.year and month == published.month:
        year -= 1
    meetings = [d for d in ctx.events.get("fomc", ()) if d.year == year and d.month == month]
    if meetings:
        return Period(text=m[0], kind="since", start=meetings[0], end=_last_close(published))
    return Period(text=m[0], kind="since", start=date(year, month, 1), end=_last_close(published),
                  reason="no FOMC calendar: resolved to the month")


def _r_since_month(m: re.Match[str], published: date, ctx: PeriodContext) -> Period:
    month = MONTHS[m["month"].lower()]
    return Period(text=m[0], kind="since", start=date(_recent_month_year(month, published), month, 1),
                  end=_last_close(published))


def _r_since_month_year(m: re.Match[str], published: date, ctx: PeriodContext) -> Period:
    start = date(int(m["year"]), MONTHS[m["month"].lower().rstrip(".")], 1)
    return Period(text=m[0], kind="since", start=start, end=max(start, _last_close(published)))


def _r_since_year(m: re.Match[str], published: date, ctx: PeriodContext) -> Period:
    return Period(text=m[0], kind="since", start=date(int(m["year"]), 1, 1), end=_last_close(published))


def _r_since_year_end(m: re.Match[str], published: date, ctx: PeriodContext) -> Period:
    """"since the last close of 2025", "from the end of last year": measured from that year's last close."""
    year = int(m["year"]) if m["year"] else published.year - 1
    start = date(year + 1, 1, 1)
    return Period(text=m[0], kind="since", start=start, end=max(start, _last_close(published)))


def _r_since_weekday(m: re.Match[str], published: date, ctx: PeriodContext) -> Period:
    """"since last Friday('s close)", "from last Friday": measured from that day's close."""
    back = (published.weekday() - WEEKDAYS[m["wd"].lower()]) % 7 or 7
    start = published - timedelta(days=back - 1)  # the base is the last close before start: that day's
    return Period(text=m[0], kind="since", start=start, end=max(start, _last_close(published)))


def _r_since_day(m: re.Match[str], published: date, ctx: PeriodContext) -> Period:
    """"since April 2", "since the Feb. 19 close": measured from that day's close (the window starts the day
    after)."""
    start = _past_day(m["month"], m["day"], m["year"], published) + timedelta(days=1)
    return Period(text=m[0], kind="since", start=start, end=max(start, _last_close(published)))


#: Market holidays and eves named as days: (month, day).
HOLIDAYS = {"christmas eve": (12, 24), "christmas day": (12, 25), "christmas": (12, 25),
            "new year's eve": (12, 31), "new year's day": (1, 1)}


def _recent_day(month: int, day: int, year: int | None, published: date) -> date:
    """The date with a written year, else the most recent such date not after publication."""
    if year is not None:
        return date(year, month, day)
    found = date(published.year, month, day)
    return found if found <= published else date(published.year - 1, month, day)


def _r_holiday(m: re.Match[str], published: date, ctx: PeriodContext) -> Period:
    month, day = HOLIDAYS[" ".join(m["hol"].lower().replace("\u2019", "'").split())]
    found = _recent_day(month, day, None, published)
    return Period(text=m[0], kind="day", start=found, end=found)


def _r_week_of(m: re.Match[str], published: date, ctx: PeriodContext) -> Period:
    """"during the week of March 31": the trading week (Monday to Friday) that holds that day."""
    day = _recent_day(MONTHS[m["month"].lower().rstrip(".")], int(m["day"]), int(m["year"]) if m["year"] else None,
                      published)
    start = day - timedelta(days=min(day.weekday(), 4))
    return Period(text=m[0], kind="week", start=start, end=start + timedelta(days=4))


def _r_week_ending(m: re.Match[str], published: date, ctx: PeriodContext) -> Period:
    """"in the week ending April 3": the trading week (from its Monday) up to that day."""
    end = _recent_day(MONTHS[m["month"].lower().rstrip(".")], int(m["day"]), int(m["year"]) if m["year"] else None,
                      published)
    start = end - timedelta(days=min(end.weekday(), 4))
    return Period(text=m[0], kind="week", start=start, end=end)


def _r_mid_year(m: re.Match[str], published: date, ctx: PeriodContext) -> Period:
    """"by mid-2026", "through mid-year": the end of June of that year (this year when none is written)."""
    day = date(int(m["year"]) if m["year"] else published.year, 6, 30)
    return Period(text=m[0], kind="day", start=day, end=day)


def _r_month(m: re.Match[str], published: date, ctx: PeriodContext) -> Period:
    month = MONTHS[m["month"].lower()]
    return _month(m[0], _recent_month_year(month, published), month, published)


def _r_decade(m: re.Match[str], published: date, ctx: PeriodContext) -> Period:
    century = m["century"] or ("19" if int(m["decade"]) >= 30 else "20")
    start = int(century + m["decade"])
    return Period(text=m[0], kind="decade", start=date(start, 1, 1), end=date(start + 9, 12, 31))


def _r_first_decade(m: re.Match[str], published: date, ctx: PeriodContext) -> Period:
    start = int(m["century"])
    return Period(text=m[0], kind="decade", start=date(start, 1, 1), end=date(start + 9, 12, 31))


def _r_quarter(m: re.Match[str], published: date, ctx: PeriodContext) -> Period:
    q = int(m["q"]) if m["q"] else ORDINALS[m["ord"].lower()]
    return _quarter(m[0], q, int(m["year"]) if m["year"] else None, published)


def _r_half(m: re.Match[str], published: date, ctx: PeriodContext) -> Period:
    second = (m["half"] or "").lower() == "second" or (m["h"] or "").upper() == "H2"
    year = int(m["year"]) if m["year"] else None
    if year is None:  # the most recent such half that has started
        year = published.year if (not second or published.month >= 7) else published.year - 1
    start = date(year, 7 if second else 1, 1)
    return Period(text=m[0], kind="half", start=start, end=_month_end(year, 12 if second else 6))


def _r_end_of(m: re.Match[str], published: date, ctx: PeriodContext) -> Period:
    """"the end of 2026", "year-end", "the end of the second quarter", "the end of March": one day."""
    what = m["what"].lower()
    if m["year"] and not m["month"] and not m["ord"]:
        day = date(int(m["year"]), 12, 31)
    elif m["month"]:
        month = MONTHS[m["month"].lower()]
        year = int(m["year2"]) if m["year2"] else _recent_month_year(month, published)
        if not m["year2"] and m[0].lower().startswith(("by", "until")) and month > published.month:
            year = published.year  # "by the end of February": a deadline ahead, not behind
        day = _month_end(year, month)
    elif m["ord"]:
        day = _quarter_end(m[0], ORDINALS[m["ord"].lower()], int(m["year"]) if m["year"] else None, published)
    elif "next" in what:
        day = date(published.year + 1, 12, 31)
    elif "last" in what or "previous" in what:
        day = date(published.year - 1, 12, 31)
    else:
        day = date(published.year, 12, 31)
    return Period(text=m[0], kind="day", start=day, end=day)


def _r_since_start_of(m: re.Match[str], published: date, ctx: PeriodContext) -> Period:
    unit = m["unit"].lower()
    if unit == "year":
        start = date(published.year, 1, 1)
    elif unit == "month":
        start = published.replace(day=1)
    elif unit == "quarter":
        start = date(published.year, 3 * ((published.month - 1) // 3) + 1, 1)
    else:
        start = published - timedelta(days=published.weekday())
    return Period(text=m[0], kind="since", start=start, end=max(start, _last_close(published)))


def _r_past_days(m: re.Match[str], published: date, ctx: PeriodContext) -> Period:
    """"the past two weeks": calendar days back; "the past two days", "the last three sessions": that many
    trading sessions up to the last one before publication (weekdays; the data skip holidays)."""
    n = int(_number(m["n"]))
    if m["unit"].lower().startswith("week"):
        return Period(text=m[0], kind="window", start=published - timedelta(days=7 * n), end=_last_close(published))
    start = _trading_day_before(published)
    for _ in range(n - 1):
        start = _trading_day_before(start)
    return Period(text=m[0], kind="window", start=start, end=_last_close(published), sessions=n)


def _r_weekly_move(m: re.Match[str], published: date, ctx: PeriodContext) -> Period:
    """"posted weekly gains of 5.7%", "its biggest weekly loss": the week that ended last (the week
    of publication from Friday on, else the week before)."""
    end = published if published.weekday() >= 4 else published - timedelta(days=published.weekday() + 3)
    end = min(end, end - timedelta(days=end.weekday() - 4)) if end.weekday() > 4 else end
    monday = end - timedelta(days=end.weekday())
    return Period(text=m[0], kind="week", start=monday, end=monday + timedelta(days=4))


def _r_start_of_week(m: re.Match[str], published: date, ctx: PeriodContext) -> Period:
    """"rose to start the trading week", "started the week on a positive note": the first day of the
    publication's week (its Monday)."""
    monday = published - timedelta(days=published.weekday())
    return Period(text=m[0], kind="day", start=monday, end=monday)


def _r_vague(m: re.Match[str], published: date, ctx: PeriodContext) -> Period:
    return _unresolved(m[0], "a vague time reference")


def _r_first_weeks(m: re.Match[str], published: date, ctx: PeriodContext) -> Period:
    """"the first two weeks of the year/January": from its first day, N weeks (or days) long."""
    if m["month"]:
        month = MONTHS[m["month"].lower()]
        start = date(_recent_month_year(month, published), month, 1)
    else:
        start = date(published.year, 1, 1)
    days = _number(m["n"]) * (7 if m["unit"].lower().startswith("week") else 1)
    return Period(text=m[0], kind="window", start=start, end=start + timedelta(days=days - 1))


def _r_end_year_verb(m: re.Match[str], published: date, ctx: PeriodContext) -> Period:
    """"(to) end 2026 at …", "will end the year …": the last day of that year."""
    day = date(int(m["year"]) if m["year"] else published.year, 12, 31)
    return Period(text=m[0], kind="day", start=day, end=day)


def _r_year(m: re.Match[str], published: date, ctx: PeriodContext) -> Period:
    return _year(m[0], int(m["year"]))


def _r_ytd(m: re.Match[str], published: date, ctx: PeriodContext) -> Period:
    return _ytd(m[0], published)


def _r_start_of_year(m: re.Match[str], published: date, ctx: PeriodContext) -> Period:
    if m[0].lower().startswith("at"):  # a point in time: the first day of the year
        day = date(published.year, 1, 1)
        return Period(text=m[0], kind="day", start=day, end=day)
    if published.month <= 3:
        return _ytd(m[0], published, kind="window")
    return Period(text=m[0], kind="window", start=date(published.year, 1, 1), end=date(published.year, 1, 31))


def _r_this_year(m: re.Match[str], published: date, ctx: PeriodContext) -> Period:
    return _ytd(m[0], published)


def _r_past_year(m: re.Match[str], published: date, ctx: PeriodContext) -> Period:
    return _lookback(m[0], published, 1)


def _r_month_so_far(m: re.Match[str], published: date, ctx: PeriodContext) -> Period:
    return _month(m[0], published.year, published.month, published)


def _last_close(published: date) -> date:
    return published - timedelta(days=YTD_END_OFFSET_DAYS)


def _r_last_year(m: re.Match[str], published: date, ctx: PeriodContext) -> Period:
    return _year(m[0], published.year - 1)


def _r_next_week(m: re.Match[str], published: date, ctx: PeriodContext) -> Period:
    monday = published + timedelta(days=7 - published.weekday())
    return Period(text=m[0], kind="week", start=monday, end=monday + timedelta(days=4))


def _r_next_year(m: re.Match[str], published: date, ctx: PeriodContext) -> Period:
    return _year(m[0], published.year + 1)


def _r_previous_years(m: re.Match[str], published: date, ctx: PeriodContext) -> Period:
    n = _number(m["n"] or m["cal"])
    return Period(text=m[0], kind="window", start=date(published.year - n, 1, 1),
                  end=date(published.year - 1, 12, 31))


def _r_past_years(m: re.Match[str], published: date, ctx: PeriodContext) -> Period:
    return _lookback(m[0], published, _number(m["n"]))


def _r_lookback_decade(m: re.Match[str], published: date, ctx: PeriodContext) -> Period:
    n = _number(m["n"]) if m["n"] else 1
    return _lookback(m[0], published, DECADE_YEARS * n)


def _r_lookback_years(m: re.Match[str], published: date, ctx: PeriodContext) -> Period:
    return _lookback(m[0], published, _number(m["n"]))


def _r_last_week(m: re.Match[str], published: date, ctx: PeriodContext) -> Period:
    """The previous trading week; in a note written at the weekend, the week that has just ended."""
    back = 0 if published.weekday() >= 5 else 7
    monday = published - timedelta(days=published.weekday() + back)
    return Period(text=m[0], kind="week", start=monday, end=monday + timedelta(days=4))


def _r_trailing(m: re.Match[str], published: date, ctx: PeriodContext) -> Period:
    """"over the past week", "in the last month": the days up to the last close before publication,
    measured from the close before the same weekday a week (the same day a month) before."""
    if m["unit"].lower() == "week":
        start = published - timedelta(days=7)
    else:
        year, month = divmod(published.year * 12 + published.month - 2, 12)
        start = date(year, month + 1, min(published.day, calendar.monthrange(year, month + 1)[1]))
    return Period(text=m[0], kind="window", start=start, end=_last_close(published))


def _r_this_week(m: re.Match[str], published: date, ctx: PeriodContext) -> Period:
    monday = published - timedelta(days=published.weekday())
    return Period(text=m[0], kind="week", start=monday, end=published)


def _r_last_month(m: re.Match[str], published: date, ctx: PeriodContext) -> Period:
    first = published.replace(day=1) - timedelta(days=1)
    return Period(text=m[0], kind="month", start=first.replace(day=1), end=first)


def _r_this_month(m: re.Match[str], published: date, ctx: PeriodContext) -> Period:
    return _month(m[0], published.year, published.month, published)


def _r_time_of_day(m: re.Match[str], published: date, ctx: PeriodContext) -> Period:
    """"rose 1,080 points by mid morning", "by 10:30 a.m.", "in afternoon trading": the session of the
    publication day, in progress (a stamp before the open names the session the note goes on to report)."""
    named = _WEEKDAY_BEFORE.search(m.string, max(0, m.start() - 30), m.start())
    day = published - timedelta(days=(published.weekday() - WEEKDAYS[named["wd"].lower()]) % 7) if named else published
    if day.weekday() >= 5:
        return _unresolved(m[0], "a time of day on a day with no session")
    return Period(text=m[0], kind=INTRADAY, start=day, end=day)


_WEEKDAY_BEFORE = re.compile(rf"\b(?P<wd>{_DAY_RE})\b[^.;]*$", re.IGNORECASE)


def _r_yesterday(m: re.Match[str], published: date, ctx: PeriodContext) -> Period:
    day = published - timedelta(days=1)
    return Period(text=m[0], kind="day", start=day, end=day)


def _r_today(m: re.Match[str], published: date, ctx: PeriodContext) -> Period:
    return Period(text=m[0], kind="day", start=published, end=published)


def _r_weekday(m: re.Match[str], published: date, ctx: PeriodContext) -> Period:
    # the most recent such day before publication; the publication day itself when it is named
    # ("closed Friday at …" in a note published on a Friday evening)
    back = (published.weekday() - WEEKDAYS[m["wd"].lower()]) % 7
    day = published - timedelta(days=back)
    return Period(text=m[0], kind="day", start=day, end=day)


def _r_two_weekdays(m: re.Match[str], published: date, ctx: PeriodContext) -> Period:
    """"over Thursday and Friday", "Monday through Wednesday": the sessions of both days and those
    between (each day the most recent such before publication, the first before the second)."""
    end = published - timedelta(days=(published.weekday() - WEEKDAYS[m["wd2"].lower()]) % 7)
    start = end - timedelta(days=(WEEKDAYS[m["wd2"].lower()] - WEEKDAYS[m["wd1"].lower()]) % 7)
    return Period(text=m[0], kind="window", start=start, end=end)


def _r_that_day(m: re.Match[str], published: date, ctx: PeriodContext) -> Period:
    if ctx.last_day is None:
        return _unresolved(m[0], "no day referred to earlier in the paragraph")
    return Period(text=m[0], kind="day", start=ctx.last_day, end=ctx.last_day)


def _r_past_months(m: re.Match[str], published: date, ctx: PeriodContext) -> Period:
    n = _number(m["n"])
    year, month = divmod(published.year * 12 + published.month - 1 - n, 12)
    start = date(year, month + 1, min(published.day, calendar.monthrange(year, month + 1)[1]))
    return Period(text=m[0], kind="window", start=start, end=published - timedelta(days=1))


_I = re.I
RULES: list[tuple[re.Pattern[str], Rule]] = [
    (re.compile(r"\bmid-?(?:(?P<year>(?:19|20)\d\d)|year)\b", _I), _r_mid_year),
    (re.compile(rf"\b(?:(?:in|for|during|over)\s+)?the\s+week\s+(?:ending|ended|to|through)\s+(?:(?:on\s+)?"
                rf"(?:{_DAY_RE}),?\s+)?(?P<month>{_MONTH_RE})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b"
                r"(?:,?\s*(?P<year>(?:19|20)\d\d)\b)?", _I), _r_week_ending),
    (re.compile(rf"\b(?:(?:in|for|during|over)\s+)?the\s+week\s+of\s+(?P<month>{_MONTH_RE})\.?\s+"
                r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s*(?P<year>(?:19|20)\d\d)\b)?", _I), _r_week_of),
    (re.compile(r"\b(?:on\s+)?(?P<hol>christmas\s+eve|christmas\s+day|christmas|new\s+year['\u2019]s\s+(?:eve|day))\b",
                _I), _r_holiday),
    # first: "since the end of 2025" is a start point, not the day "the end of 2025"
    (re.compile(r"\b(?:since|from)\s+(?:the\s+)?(?:last\s+close|end|close)\s+of\s+(?:(?P<year>(?:19|20)\d\d)\b|"
                r"last\s+year\b)", _I), _r_since_year_end),
    (re.compile(rf"\b(?:since|from)\s+last\s+(?P<wd>{_DAY_RE})(?:'s\s+close)?\b", _I), _r_since_weekday),
    (re.compile(r"\b(?:recently|lately|of\s+late|in\s+recent\s+(?:days|weeks|months|sessions)|mid-?week)\b", _I),
     _r_vague),
    (re.compile(r"\b(?:the\s+)?first\s+(?P<n>" + _NUMW + r")\s+(?P<unit>weeks|days)\s+of\s+(?:the\s+year|"
                rf"(?P<month>{'|'.join(n for n in calendar.month_name if n)}))\b", _I), _r_first_weeks),
    (re.compile(r"\b(?:end|finish|close)\s+(?:(?P<year>(?:19|20)\d\d)|the\s+year)\b"),
     _r_end_year_verb),
    (re.compile(r"(?:(?<=\bclosed\s)|(?<=\bended\s)|(?<=\bfinished\s))the\s+(?P<unit>year|month|quarter|week)\b", _I),
     _r_closed_the),
    # before the month rules: "the end of June 2026" is a day, not the month
    (re.compile(rf"\b(?:by\s+|at\s+|until\s+)?(?:the\s+)?(?P<what>end\s+of\s+(?:(?P<year>(?:19|20)\d\d)|"
                rf"(?P<month>{'|'.join(n for n in calendar.month_name if n)})(?:\s+(?P<year2>(?:19|20)\d\d))?|"
                r"(?:the\s+)?(?P<ord>first|second|third|fourth)\s+quarter|(?:the\s+|this\s+|next\s+|last\s+)?year)|"
                r"(?:this\s+|next\s+|last\s+)?year[- ]end)\b", _I), _r_end_of),
    # before a lone date: "from April 4 to April 11" is one window, not two days
    (re.compile(rf"\b(?:from|between)\s+(?:the\s+)?(?:close\s+(?:of|on)\s+)?(?P<month>{_MONTH_RE})\.?\s+"
                r"(?P<day>\d{1,2})(?:st|nd|rd|th)?(?:,?\s*(?P<year>(?:19|20)\d\d))?(?:\s+close)?\s+"
                r"(?:to|and|through|until)\s+(?:the\s+)?(?:(?:close|end\s+of\s+trading)\s+(?:of|on)\s+)?"
                rf"(?:(?P<month2>{_MONTH_RE})\.?\s+)?(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?"
                r"(?:,?\s*(?P<year2>(?:19|20)\d\d))?\b(?:\s+close)?", _I), _r_between_dates),
    (re.compile(r"\b(?:weekly|week-long)\s+(?:gains?|loss(?:es)?|declines?|advances?|drops?|rises?|rall(?:y|ies)|"
                r"slides?|falls?|retreats?|jumps?|surges?|slumps?|performance)\b", _I), _r_weekly_move),
    (re.compile(r"\b(?:to\s+(?:start|begin|kick\s+off|open)|(?:at|on)\s+the\s+(?:start|beginning)\s+of|started|"
                r"began|opened)\s+the\s+(?:new\s+)?(?:trading\s+)?week\b", _I), _r_start_of_week),
    # a recap table's line: "April 17 close at 5,282.70 – April 25 close at 5,525.21 (+4.59%)": the move between them
    (re.compile(rf"\b(?P<month>{_MONTH_RE})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s*(?P<year>(?:19|20)\d\d))?\s+"
                r"close\s+(?:at|of)\s+\$?[\d,]+(?:\.\d+)?\s*(?:[–—-]|to)\s*"
                rf"(?P<month2>{_MONTH_RE})\.?\s+(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s*(?P<year2>(?:19|20)\d\d))?"
                r"\s+close\b", _I), _r_between_dates),
    # "between September and December 2024", "from March to May": whole months, before a lone month
    (re.compile(rf"\b(?:from|between)\s+(?P<month>{_MONTH_RE})(?:\s+(?P<year>(?:19|20)\d\d))?\s+"
                rf"(?:to|and|through|until)\s+(?P<month2>{_MONTH_RE})(?:,?\s+(?P<year2>(?:19|20)\d\d))?\b", _I),
     _r_between_months),
    # before a lone date: "has lost 3,000 points since April 2" runs from that day's close to now
    (re.compile(rf"\bsince\s+(?:the\s+)?(?:close\s+(?:of|on)\s+)?(?P<month>{_MONTH_RE})\.?\s+(?P<day>\d{{1,2}})"
                r"(?:st|nd|rd|th)?\b(?:,?\s*(?P<year>(?:19|20)\d\d)\b)?(?:(?:'s|’s)?\s+close\b)?", _I), _r_since_day),
    (re.compile(rf"\b(?P<month>{_MONTH_RE})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s*"
                r"(?P<year>(?:19|20)\d\d)?\b", _I),
     _r_full_date),
    # "its worst two-day stretch since March 2020": a window from that month's start (never the month)
    (re.compile(rf"\bsince\s+(?:early\s+|late\s+|mid-?)?(?P<month>{_MONTH_RE})\.?,?\s+(?P<year>(?:19|20)\d\d)\b",
                _I), _r_since_month_year),
    (re.compile(rf"\b(?P<month>{_MONTH_RE})\.?,?\s+(?P<year>(?:19|20)\d\d)\b", _I), _r_month_year),
    (re.compile(r"\b(?:the\s+)?(?:(?P<half>first|second)\s+half|(?P<h>H[12]))(?:\s+(?:of\s+)?(?:the\s+year|"
                r"(?P<year>(?:19|20)\d\d)))?\b|"
                r"\b(?:the\s+)?(?P<half6>first)\s+six\s+months(?:\s+of\s+the\s+year)?\b", _I),
     _r_half),
    (re.compile(rf"\bsince\s+(?:the\s+)?(?P<month>{_MONTH_RE})\s+(?:FOMC\s+|Fed\s+|policy\s+)?meeting\b", _I),
     _r_since_month_meeting),
    (re.compile(rf"\bsince\s+(?:early\s+|late\s+|mid-?)?(?P<month>{_MONTH_RE})\b", _I), _r_since_month),
    (re.compile(r"\bsince\s+(?:the\s+start\s+of\s+)?(?P<year>(?:19|20)\d\d)\b(?!s)", _I), _r_since_year),
    (re.compile(r"\b(?:the\s+)?first\s+decade\s+of\s+the\s+(?P<century>(?:19|20)00)s\b", _I), _r_first_decade),
    (re.compile(r"\b(?:the\s+)?(?P<century>19|20)?'?(?P<decade>\d0)s\b", _I), _r_decade),
    (re.compile(r"\b(?:Q(?P<q>[1-4])|(?:the\s+)?(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+quarter)"
                r"(?:\s+(?:of\s+)?(?P<year>(?:19|20)\d\d))?\b", _I), _r_quarter),
    (re.compile(r"\b(?:year[- ]to[- ]date|YTD|so\s+far\s+this\s+year|this\s+year\s+so\s+far|(?:for|on)\s+the\s+year)\b",
                _I), _r_ytd),
    # before the start of the year: "since the start of the year" runs from it to now
    (re.compile(r"\b(?:since|from)\s+the\s+(?:start|beginning)\s+of\s+the\s+(?P<unit>year|month|quarter|week)\b", _I),
     _r_since_start_of),
    (re.compile(r"\b(?:at\s+the\s+)?(?:start|beginning|opening)\s+(?:of|to)\s+(?:the|a|this)\s+(?:new\s+)?year\b", _I),
     _r_start_of_year),
    # "the previous two years" are calendar years; "over the past five years" trails to the last close
    (re.compile(r"\b(?:previous|prior|preceding)\s+(?P<n>" + _NUMW + r")\s+(?:calendar\s+)?years\b|"
                r"\b(?:past|last)\s+(?P<cal>" + _NUMW + r")\s+calendar\s+years\b", _I), _r_previous_years),
    (re.compile(r"\b(?:past|last)\s+(?P<n>" + _NUMW + r")\s+years\b", _I), _r_past_years),
    (re.compile(r"\b(?:past|last|previous|prior)\s+(?P<n>" + _NUMW + r")\s+months\b", _I), _r_past_months),
    # "Over six months and year to date, …", "Over six months, …": a clause that opens with it (never "in over
    # six months", a ranking's lookback)
    (re.compile(r"(?:^|(?<=[,;]\s))over\s+(?P<n>" + _NUMW + r")\s+months\b(?=\s+and\b|\s*,)", _I), _r_past_months),
    (re.compile(r"\b(?:past|last|previous|prior)\s+(?P<n>" + _NUMW
                + r")\s+(?P<unit>weeks|(?:trading\s+)?days|sessions)\b", _I),
     _r_past_days),
    # "the Nasdaq's 11% two-day drop": the last sessions, named as the move's length
    (re.compile(r"\b(?P<n>two|three|four|five|[2-5])[- ](?P<unit>day|session)\s+(?:drop|loss|decline|rout|sell-?off|"
                r"slide|plunge|slump|tumble|gain|rally|rise|advance|surge|jump|rebound)s?\b", _I), _r_past_days),
    # "Over two days, the S&P 500 has lost 10.5%": the last sessions too ("in two days" may be ahead)
    (re.compile(r"\bover\s+(?:the\s+)?(?P<n>" + _NUMW + r")\s+(?P<unit>(?:trading\s+)?days|sessions)\b", _I),
     _r_past_days),
    (re.compile(r"\b(?:in\s+)?(?:over|more\s+than|nearly|almost|about)?\s*(?:a|(?P<n>two|three|\d+))\s+decades?\b",
                _I), _r_lookback_decade),
    (re.compile(r"\b(?P<n>\d+|" + _NUMW + r")[- ]year(?:\s+(?:high|low|extreme|record)|[- ](?:high|low))\b", _I),
     _r_lookback_years),
    (re.compile(r"\b(?:in\s+)?(?:over|more\s+than|nearly|almost)?\s*(?P<n>\d+|" + _NUMW + r")\s+years\b", _I),
     _r_lookback_years),
    (re.compile(r"\b(?:over|in|during|for)\s+(?:most\s+of\s+|much\s+of\s+)?the\s+(?:past|last)\s+"
                r"(?:year|twelve\s+months)\b", _I), _r_past_year),
    (re.compile(rf"\bso\s+far\s+in\s+(?P<month>{_MONTH_RE})\b", _I), _r_month_so_far),
    (re.compile(r"\b(?:this\s+year|the\s+current\s+year)\b", _I), _r_this_year),
    (re.compile(r"\b(?:last\s+year|the\s+previous\s+year|the\s+prior\s+year)\b", _I), _r_last_year),
    (re.compile(r"\bnext\s+year\b", _I), _r_next_year),
    # trailing: "over the past week", "in the last month" (the seven days / the month to the last close)
    (re.compile(r"\b(?:(?:over|in|during|for|within)\s+the\s+(?:past|last)|the\s+past)\s+(?P<unit>week|month)\b", _I),
     _r_trailing),
    (re.compile(r"\b(?:last|the\s+previous|the\s+prior)\s+week\b", _I), _r_last_week),
    (re.compile(r"\b(?:this\s+week|(?:for|on|over|during)\s+the\s+week)\b(?!\s+(?:ahead|to\s+come))", _I),
     _r_this_week),
    (re.compile(r"\b(?:last|the\s+previous|the\s+prior)\s+month\b", _I), _r_last_month),
    (re.compile(r"\b(?:this\s+month|(?:over|on|for|during)\s+the\s+month)\b", _I), _r_this_month),
    (re.compile(r"\bnext\s+week(?:['\u2019]s)?\b", _I), _r_next_week),
    # a time of day with no day named: the session of the publication day ("by mid morning", "by 10:30 a.m.")
    (re.compile(r"\b(?:by|at|around|as\s+of)\s+(?:mid[- ]?morning|midday|mid[- ]?day|noon|lunchtime|the\s+lunch\s+hour|"
                r"\d{1,2}(?::\d{2})?\s?[ap]\.?\s?m\b\.?)(?!\.?\s+(?:on|yesterday|last|Monday|Tuesday|Wednesday|Thursday|"
                r"Friday))|\bin\s+(?:early|late|mid-?morning|morning|afternoon|midday|lunchtime)\s+trading\b"
                r"(?!\s+(?:on|yesterday|last|Monday|Tuesday|Wednesday|Thursday|Friday))", _I), _r_time_of_day),
    (re.compile(r"\byesterday\b", _I), _r_yesterday),
    (re.compile(r"\btoday\b", _I), _r_today),
    (re.compile(r"\bon\s+that\s+(?:day|date|session)\b", _I), _r_that_day),
    # "lost 10.5% over Thursday and Friday": one window (not "fell 2% on Monday and 3% on Tuesday")
    # ("from Friday to Monday" runs close to close: it is not this window)
    (re.compile(rf"\b(?:(?:over|across|on|in|during|between)\s+)?(?P<wd1>{_DAY_RE})(?:'s)?\s+(?:and|through|thru)\s+"
                rf"(?P<wd2>{_DAY_RE})(?:'s\s+sessions?)?\b(?!\s*'s)", _I), _r_two_weekdays),
    (re.compile(rf"\b(?:on\s+|last\s+)?(?P<wd>{_DAY_RE})\b", _I), _r_weekday),
    (re.compile(r"(?<!Russell )(?<!Russell)\b(?:(?:in|for|of|during|through|by|since)\s+)?"
                r"(?P<year>(?:19|20)\d\d)\b(?!s|\s*(?:index|points?|%))",
                _I), _r_year),
    (re.compile(rf"\b(?:in\s+|during\s+|for\s+|of\s+)?(?P<month>{'|'.join(n for n in calendar.month_name if n)})\b"),
     _r_month),
]


def _is_name(text: str, start: int) -> bool:
    """'Russell 2000', 'S&P 500 in 2000' — a year-like number that is part of an index name (never a
    time word after the name: "outperformed the Nasdaq this week")."""
    return text[start:start + 1].isdigit() \
        and text[max(0, start - 9):start].lower().rstrip().endswith(("russell", "s&p", "nasdaq"))


#: A day that a to-date window runs to: "Entering trading on Tuesday, the S&P 500 was down 12% since the
#: start of the year" is measured to the close before Tuesday; "as of Tuesday's close" to Tuesday's.
_AS_OF = re.compile(rf"\b(?:(?P<before>entering|heading\s+into|going\s+into)\s+(?:trading\s+(?:on\s+)?)?|"
                    rf"as\s+of\s+)(?P<wd>{_DAY_RE})(?:'s\s+(?:close|session|open))?\b", _I)
_TO_DATE_KINDS = frozenset({"since", "ytd"})


def _as_of(m: re.Match[str], published: date) -> date:
    back = (published.weekday() - WEEKDAYS[m["wd"].lower()]) % 7
    day = published - timedelta(days=back)
    return _trading_day_before(day) if m["before"] or m[0].lower().endswith("open") else day


#: The words that may stand between "since" and an event's name: "since President Donald Trump's inauguration".
_EVENT_LEAD = (r"\bsince\s+(?:(?:the|his|her|their|this\s+year's|last\s+year's|President|former|"
               r"Donald|Trump(?:['\u2019]s)?|U\.?S\.?|[\"\u201c])\s*)*")


#: After an event's name, words that make it a reference point, not the day ("since the Liberation Day
#: lows"), or another event of that name ("since the inauguration of the new plant").
_NOT_THE_DAY = r"(?:slump|sell-?off|lows?|trough|rout|crash|plunge|bottom|highs?|peak|meltdown|drop|decline|of)\b"


@lru_cache(maxsize=8)
def _event_regex(names: tuple[str, ...]) -> re.Pattern[str] | None:
    if not names:
        return None
    alias = "|".join(re.escape(n).replace(r"\ ", r"[\s-]+") for n in sorted(set(names), key=len, reverse=True))
    return re.compile(rf"{_EVENT_LEAD}(?P<event>{alias})(?![\w-])[\"\u201d]?(?!\s*{_NOT_THE_DAY})", re.IGNORECASE)


def _since_events(text: str, published: date, anchors: tuple[tuple[str, date], ...]) -> list[FoundPeriod]:
    """Windows from a named event to the last close: "since Liberation Day" runs from the close of
    2025-04-02 (a window's base is the close before its start day, so it starts the day after the
    event); an event after publication starts nothing."""
    if not anchors or "since" not in text.lower():
        return []
    regex, dates = _event_lookup(anchors)
    if regex is None:
        return []
    found = []
    for m in regex.finditer(text):
        day = dates.get(_event_key(m["event"]))
        if day is None or day >= published:
            continue
        start = day + timedelta(days=1)
        found.append(FoundPeriod(Period(text=m[0], kind="since", start=start, end=max(start, _last_close(published))),
                                 m.start(), m.end()))
    return found


@lru_cache(maxsize=8)
def _event_lookup(anchors: tuple[tuple[str, date], ...]) -> tuple[re.Pattern[str] | None, dict[str, date]]:
    """The regex of the anchors' names and each name's day, built once per registry."""
    return _event_regex(tuple(name for name, _ in anchors)), {_event_key(name): day for name, day in anchors}


def _event_key(name: str) -> str:
    return " ".join(re.split(r"[\s-]+", name.lower().replace("\u2019", "'")))


def mentions_period(text: str) -> bool:
    """Whether ``text`` holds a time expression that ``find_periods`` would find (without resolving it,
    and without a note's named events)."""
    anchors = [a.span() for a in _AS_OF.finditer(text)]
    for pattern, rule in RULES:
        for m in pattern.finditer(text):
            if _is_name(text, m.start()) or any(m.start() < e and s < m.end() for s, e in anchors):
                continue
            if rule is _r_month and m["month"].lower() == "may" and not m[0].lower().startswith(("in", "during")):
                continue
            return True
    return False


def find_periods(text: str, published: date, context: PeriodContext | None = None) -> list[FoundPeriod]:
    """Every time expression in ``text``, resolved; earlier rules win over overlapping later ones.
    An "as of" day ("entering trading on Tuesday") names no period: it ends the to-date windows."""
    context = context or PeriodContext()
    found: list[FoundPeriod] = []
    anchors = list(_AS_OF.finditer(text))
    for pattern, rule in RULES:
        for m in pattern.finditer(text):
            if any(m.start() < f.end and f.start < m.end() for f in found) or _is_name(text, m.start()):
                continue
            if any(m.start() < a.end() and a.start() < m.end() for a in anchors):
                continue
            if rule is _r_month and m["month"].lower() == "may" and not m[0].lower().startswith(("in", "during")):
                continue  # "may" the verb
            try:
                period = rule(m, published, context)
            except (ValueError, KeyError) as exc:
                period = _unresolved(m[0], f"not a valid date ({exc})")
            found.append(FoundPeriod(period, m.start(), m.end()))
    found.extend(f for f in _since_events(text, published, context.anchors)
                 if not any(f.start < g.end and g.start < f.end for g in found))
    found.sort(key=lambda f: f.start)
    if anchors:
        end = _as_of(anchors[0], published)
        found = [FoundPeriod(replace(f.period, end=end), f.start, f.end)
                 if f.period.kind in _TO_DATE_KINDS and f.period.end and f.period.start and f.period.start <= end
                 < f.period.end else f for f in found]
    for item in found:
        if item.period.kind == "day" and item.period.start:
            context.last_day = item.period.start
    return found


def resolve_period(text: str, published: date, context: PeriodContext | None = None) -> Period:
    """The first period in ``text``, or an unresolved one saying none was found."""
    found = find_periods(text, published, context)
    return found[0].period if found else _unresolved(text, "no time expression recognised")


#: Period kinds a writer names without a year and means the next one of when looking ahead.
ROLLABLE_KINDS = frozenset({"day", "month", "quarter", "half"})
#: A period that ended within this many days may still be forecast (its figures are not out yet).
ROLL_MIN_DAYS_PAST = 92
_YEAR_IN_TEXT = re.compile(r"(?:19|20)\d\d")


def roll_forward(period: Period, published: date | None) -> Period:
    """For a forecast: a yearless month, quarter, half or month-end already over at publication is the
    next such one ("we expect WTI below $55 by the end of March" in January 2026 → 2026-03-31).
    A period with a written year, or one not over yet, is kept."""
    if (published is None or not period.resolved or period.start is None or period.end is None
            or period.kind not in ROLLABLE_KINDS or _YEAR_IN_TEXT.search(period.text)):
        return period
    if period.kind == "day" and not re.search(rf"\b(?:{_MONTH_RE})\b|\bmid-?year\b", period.text, re.I):
        return period  # "Tuesday's losses": a day behind is a baseline, not a horizon
    natural_end = _month_end(period.end.year, period.end.month) if period.kind == "month" else period.end
    if natural_end >= published:  # the month in progress: all of it, not just the days behind
        return Period(text=period.text, kind=period.kind, start=period.start, end=natural_end)
    if (published - natural_end).days <= ROLL_MIN_DAYS_PAST:
        return period  # "fourth-quarter earnings" in January: just over, its figures still to come
    years = published.year - period.end.year + (1 if period.end.replace(year=published.year) < published else 0)
    if years <= 0:
        return period
    return Period(text=period.text, kind=period.kind, start=_shift_years(period.start, years),
                  end=_shift_years(period.end, years))


def _shift_years(day: date, years: int) -> date:
    year = day.year + years
    return date(year, day.month, min(day.day, calendar.monthrange(year, day.month)[1]))


# --------------------------------------------------------------------------- the note's own period

#: The US cash session in New York time (09:30–16:00).
US_OPEN_HOUR = 9.5
US_CLOSE_HOUR = 16.0
_WEEKLY_NOTE = re.compile(r"\b(?:week(?:ly)?\s+(?:(?:stock\s+)?markets?\s+)?(?:recap|review|wrap|wrap-?up|in\s+review)|"
                          r"week\s+ending|weekly\s+(?:wrap|recap))\b", re.I)


def _new_york(moment: datetime) -> datetime:
    """A timestamp in New York time (a naive one is taken as UTC, as stamped by feeds)."""
    from zoneinfo import ZoneInfo

    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(ZoneInfo("America/New_York"))


def _trading_day_before(day: date) -> date:
    day -= timedelta(days=1)
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def note_session(published: datetime | None, title: str | None = None) -> Period | None:
    """The period a note reports on when a sentence gives none (its "session").

    A weekly recap (by its title) covers the trading week of its last session. Otherwise a note
    stamped after the US close reports that day's session; one stamped before the open (or at the
    weekend) the last session before it; one stamped during trading has no closed session of its
    own (None: its undated moves stay unverifiable).
    """
    if published is None:
        return None
    local = _new_york(published)
    hour, day = local.hour + local.minute / 60, local.date()
    session: date | None
    if day.weekday() >= 5 or hour < US_OPEN_HOUR:
        session = _trading_day_before(day)
    elif hour >= US_CLOSE_HOUR:
        session = day
    else:
        session = None
    if title and _WEEKLY_NOTE.search(title):
        end = session or _trading_day_before(day)
        monday = end - timedelta(days=end.weekday())
        return Period(text=f"the week of the note ({monday} to {end})", kind="week", start=monday, end=end)
    if session is None:  # stamped during trading: its undated moves are "so far today"
        return Period(text=f"the session in progress when the note was published ({day})", kind=INTRADAY,
                      start=day, end=day)
    return Period(text=f"the note's session ({session})", kind="day", start=session, end=session)


def previous_session(day: date) -> Period:
    """The session that closed before ``day``: what "closed"/"ended" means in a note written while
    the market is open."""
    day = _trading_day_before(day)
    return Period(text=f"the session before the note ({day})", kind="day", start=day, end=day)
