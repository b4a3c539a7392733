"""Time expressions resolved against the publication date (2026-01-14, a Wednesday)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from notes_analyzer.nlp.periods import PeriodContext, find_periods, resolve_period
from notes_analyzer.records import INTRADAY

P = date(2026, 1, 14)


def _span(text: str, published: date = P, context: PeriodContext | None = None) -> tuple:
    period = resolve_period(text, published, context)
    return (str(period.start), str(period.end)) if period.resolved else ("unresolved", period.reason)


@pytest.mark.parametrize(("text", "start", "end"), [
    ("The January surge", "2026-01-01", "2026-01-13"),  # the month in progress: up to the last close
    ("in January 2026", "2026-01-01", "2026-01-13"),
    ("this year", "2026-01-01", "2026-01-13"),
    ("year to date", "2026-01-01", "2026-01-13"),
    ("up 3% YTD", "2026-01-01", "2026-01-13"),
    ("its strongest start to a year", "2026-01-01", "2026-01-13"),
    ("at the start of the year", "2026-01-01", "2026-01-01"),
    ("last week", "2026-01-05", "2026-01-09"),
    ("in 2025", "2025-01-01", "2025-12-31"),
    ("the previous two years", "2024-01-01", "2025-12-31"),
    ("over the past five years", "2021-01-14", "2026-01-13"),  # "past/last N years" trail to the last close
    ("the last two calendar years", "2024-01-01", "2025-12-31"),
    ("the 1970s", "1970-01-01", "1979-12-31"),
    ("the first decade of the 2000s", "2000-01-01", "2009-12-31"),
    ("passed in July 2025", "2025-07-01", "2025-07-31"),
    ("Q3", "2025-07-01", "2025-09-30"),
    ("the third quarter of 2024", "2024-07-01", "2024-09-30"),
    ("last month", "2025-12-01", "2025-12-31"),
    ("yesterday", "2026-01-13", "2026-01-13"),
    ("on Tuesday", "2026-01-13", "2026-01-13"),
    ("on Wednesday", "2026-01-14", "2026-01-14"),  # the publication day itself
    ("on Monday", "2026-01-12", "2026-01-12"),
    ("closed the week at", "2026-01-09", "2026-01-09"),  # published on a Wednesday: last Friday
    # a move right after it is the move over the whole week (month, year), not of its last session
    ("finished the week down 9.1%", "2026-01-05", "2026-01-09"),
    ("ended the week 2% higher", "2026-01-05", "2026-01-09"),
    ("closed the week in the red", "2026-01-05", "2026-01-09"),
    ("ended the year up 16%", "2025-01-01", "2025-12-31"),
    ("closed the month with a 4.2% loss", "2025-12-01", "2025-12-31"),
    ("ended the month at 6,845", "2025-12-31", "2025-12-31"),  # a level: the month's last day
    ("fell 2% for the week", "2026-01-12", "2026-01-14"),
    ("gained 7.3% during the week", "2026-01-12", "2026-01-14"),
    ("earnings growth for 2026", "2026-01-01", "2026-12-31"),
    ("over the past year", "2025-01-14", "2026-01-13"),
    ("Jan. 14 2026", "2026-01-14", "2026-01-14"),
    ("since 2020", "2020-01-01", "2026-01-13"),
    ("during the week of December 1", "2025-12-01", "2025-12-05"),  # the trading week holding that day
    ("in the week of Dec. 3, 2025", "2025-12-01", "2025-12-05"),
])
def test_resolves(text: str, start: str, end: str) -> None:
    assert _span(text) == (start, end)


def test_a_month_later_in_the_year_than_publication_is_last_year() -> None:
    assert _span("the rally in March") == ("2025-03-01", "2025-03-31")
    assert _span("the rally in March", date(2026, 6, 2)) == ("2026-03-01", "2026-03-31")


def test_since_the_december_meeting_falls_back_to_the_month() -> None:
    period = resolve_period("since the December meeting", P)
    assert (period.kind, period.start, period.end) == ("since", date(2025, 12, 1), date(2026, 1, 13))
    assert "FOMC" in period.reason


def test_since_the_december_meeting_uses_fomc_dates_when_given() -> None:
    ctx = PeriodContext(events={"fomc": [date(2025, 10, 29), date(2025, 12, 10)]})
    assert resolve_period("since the December meeting", P, ctx).start == date(2025, 12, 10)


def test_over_a_decade_is_a_ten_year_lookback() -> None:
    (found,) = find_periods("in over a decade", P)
    assert (found.period.kind, found.period.start) == ("window", date(2016, 1, 14))


def test_on_that_day_needs_a_day_earlier_in_the_paragraph() -> None:
    assert _span("On that day, breadth expanded")[0] == "unresolved"
    ctx = PeriodContext()
    find_periods("Stocks fell on Jan. 9, 2026.", P, ctx)
    assert _span("On that day, breadth expanded", context=ctx) == ("2026-01-09", "2026-01-09")


def test_index_names_are_not_years() -> None:
    assert find_periods("the Russell 2000 rose", P) == []


def test_no_time_expression_is_unresolved_with_a_reason() -> None:
    period = resolve_period("stocks rose", P)
    assert not period.resolved and period.start is None and "no time expression" in period.reason


def test_may_the_verb_is_not_a_month() -> None:
    assert find_periods("rates may fall further", P) == []


@pytest.mark.parametrize(("text", "published", "start", "end"), [
    ("to end June below 4%", date(2026, 1, 16), "2026-06-01", "2026-06-30"),  # June 2025 is behind: next June
    ("over the first half of the year", date(2025, 12, 24), "2026-01-01", "2026-06-30"),
    ("in the second quarter", date(2026, 11, 1), "2027-04-01", "2027-06-30"),
    ("in January", date(2026, 1, 14), "2026-01-01", "2026-01-31"),  # the month in progress, all of it
    ("in June 2025", date(2026, 1, 16), "2025-06-01", "2025-06-30"),  # a written year is kept
    ("on Tuesday", date(2026, 1, 21), "2026-01-20", "2026-01-20"),  # a weekday behind is a baseline, kept
    ("by the end of March", date(2026, 7, 2), "2027-03-31", "2027-03-31"),
    ("in the fourth quarter", date(2026, 1, 14), "2025-10-01", "2025-12-31"),  # just over: results still to come
])
def test_a_forecast_period_looks_ahead(text, published, start, end):
    from notes_analyzer.nlp.periods import roll_forward

    period = roll_forward(resolve_period(text, published), published)
    assert (str(period.start), str(period.end)) == (start, end)


@pytest.mark.parametrize(("text", "published", "start", "end"), [
    ("up 5.7% since the last close of 2025", date(2026, 1, 9), "2026-01-01", "2026-01-08"),
    ("up 3% from the end of last year", date(2026, 1, 23), "2026-01-01", "2026-01-22"),
    ("down 0.4% from last Friday", date(2026, 1, 23), "2026-01-17", "2026-01-22"),  # base: Friday 01-16's close
    ("gained 5% since last Friday's close", date(2025, 12, 11), "2025-12-06", "2025-12-10"),
])
def test_since_a_close_starts_the_day_after_it(text, published, start, end):
    period = resolve_period(text, published)
    assert period.kind == "since" and (str(period.start), str(period.end)) == (start, end)


@pytest.mark.parametrize(("text", "published", "start", "end"), [
    ("The S&P 500 gained 3.4% in the week ending April 3.", date(2026, 4, 6), "2026-03-30", "2026-04-03"),
    ("for the week ended Friday, Jan. 9, 2026", date(2026, 1, 12), "2026-01-05", "2026-01-09"),
    ("closed at a record 6,932 on Christmas Eve", date(2025, 12, 29), "2025-12-24", "2025-12-24"),
    ("on Christmas Eve", date(2025, 12, 10), "2024-12-24", "2024-12-24"),  # not yet this year: last year's
])
def test_weeks_ending_on_a_date_and_holidays(text, published, start, end):
    assert _span(text, published) == (start, end)


@pytest.mark.parametrize(("text", "published", "start", "end"), [
    ("rose about 12% over the month", date(2026, 1, 30), "2026-01-01", "2026-01-29"),
    ("ended the month near $84,000", date(2026, 1, 30), "2026-01-30", "2026-01-30"),  # a month-end review
    ("ended the month at 4%", date(2026, 2, 3), "2026-01-31", "2026-01-31"),
    ("should stay put at next week's meeting", date(2026, 1, 23), "2026-01-26", "2026-01-30"),
])
def test_the_month_and_next_week(text, published, start, end):
    assert _span(text, published) == (start, end)


@pytest.mark.parametrize(("published", "start", "end"), [
    (date(2025, 4, 13), "2025-04-07", "2025-04-11"),  # a Sunday recap: the week that just ended
    (date(2025, 4, 12), "2025-04-07", "2025-04-11"),  # Saturday too
    (date(2025, 4, 14), "2025-04-07", "2025-04-11"),  # Monday: the previous week
    (date(2025, 4, 16), "2025-04-07", "2025-04-11"),
])
def test_last_week_in_a_weekend_note_is_the_week_just_ended(published, start, end) -> None:
    assert _span("last week", published) == (start, end)


@pytest.mark.parametrize(("stamp", "title", "start", "end"), [
    ("2025-04-17 22:08:41", None, "2025-04-17", "2025-04-17"),  # 18:08 New York: after the close
    ("2025-04-22 13:12:31", None, "2025-04-21", "2025-04-21"),  # 09:12 New York: before the open
    ("2025-04-13 12:18:00", None, "2025-04-11", "2025-04-11"),  # a Sunday: the Friday session
    ("2025-04-13 12:18:00", "Week Recap: stocks rebound", "2025-04-07", "2025-04-11"),
    ("2025-04-26 14:00:00", "Weekly Market Recap: April 21 – April 25", "2025-04-21", "2025-04-25"),
    ("2025-04-26 14:00:00", "The Week Ahead: earnings pile up", "2025-04-25", "2025-04-25"),  # a preview
    ("2026-01-14 21:30:00", None, "2026-01-14", "2026-01-14"),  # winter: 16:30 New York (EST)
])
def test_the_note_session_from_its_timestamp_and_title(stamp, title, start, end) -> None:
    from datetime import datetime

    from notes_analyzer.nlp.periods import note_session

    period = note_session(datetime.fromisoformat(stamp), title)
    assert (str(period.start), str(period.end)) == (start, end)


def test_a_note_stamped_during_trading_reports_the_session_in_progress() -> None:
    from datetime import datetime

    from notes_analyzer.nlp.periods import note_session, previous_session

    session = note_session(datetime.fromisoformat("2025-04-16 15:00:00"))  # 11:00 New York
    assert (session.kind, session.start, session.end) == ("intraday", date(2025, 4, 16), date(2025, 4, 16))
    assert note_session(None) is None
    before = previous_session(date(2025, 4, 14))  # a Monday: the session before is Friday's
    assert (before.kind, before.start) == ("day", date(2025, 4, 11))


@pytest.mark.parametrize(("text", "start", "end"), [
    ("from April 4 to April 11", date(2025, 4, 5), date(2025, 4, 11)),  # from the April 4 close
    ("between the May 2 close and the end of trading on May 6", date(2025, 5, 3), date(2025, 5, 6)),
    ("from Jan. 31 to Feb. 28", date(2025, 2, 1), date(2025, 2, 28)),
    ("from December 31 to January 10", date(2025, 1, 1), date(2025, 1, 10)),  # across the turn of the year
])
def test_a_window_between_two_dates(text, start, end) -> None:
    from notes_analyzer.nlp.periods import find_periods

    (found,) = find_periods(text, date(2025, 5, 12))
    assert (found.period.kind, found.period.start, found.period.end) == ("window", start, end)


@pytest.mark.parametrize(("text", "start", "end"), [
    ("between September and December 2024", date(2024, 9, 1), date(2024, 12, 31)),
    ("from March to April", date(2025, 3, 1), date(2025, 4, 30)),
    ("from November 2024 to February", date(2024, 11, 1), date(2025, 2, 28)),
])
def test_a_window_between_two_months(text, start, end) -> None:
    from notes_analyzer.nlp.periods import find_periods

    (found,) = find_periods(text, date(2025, 5, 12))
    assert (found.period.kind, found.period.start, found.period.end) == ("window", start, end)


@pytest.mark.parametrize(("text", "published", "day"), [
    ("rose to start the trading week", date(2025, 4, 15), date(2025, 4, 14)),
    ("investors started the week on a positive note", date(2025, 4, 14), date(2025, 4, 14)),
    ("at the start of the week", date(2025, 4, 19), date(2025, 4, 14)),  # a weekend recap: that week's Monday
])
def test_the_start_of_the_week_is_its_monday(text, published, day) -> None:
    from notes_analyzer.nlp.periods import find_periods

    (found,) = find_periods(text, published)
    assert (found.period.kind, found.period.start, found.period.end) == ("day", day, day)


@pytest.mark.parametrize(("text", "kind", "start", "end"), [
    ("over the past week", "window", date(2025, 4, 10), date(2025, 4, 16)),  # trailing seven days
    ("in the last month", "window", date(2025, 3, 17), date(2025, 4, 16)),
    ("last week", "week", date(2025, 4, 7), date(2025, 4, 11)),  # non-examples: the calendar week and month
    ("last month", "month", date(2025, 3, 1), date(2025, 3, 31)),
])
def test_the_past_week_trails_and_last_week_is_the_calendar_week(text, kind, start, end) -> None:
    from notes_analyzer.nlp.periods import find_periods

    (found,) = find_periods(text, date(2025, 4, 17))
    assert (found.period.kind, found.period.start, found.period.end) == (kind, start, end)


def test_a_clause_opening_with_over_n_months_is_the_trailing_window() -> None:
    (found, ytd) = find_periods("Over six months and year to date, the index fell 9.7% and 10.3%.", date(2025, 4, 17))
    assert (found.period.kind, found.period.start, found.period.end) == ("window", date(2024, 10, 17),
                                                                         date(2025, 4, 16))
    assert ytd.period.kind == "ytd"
    # non-example: "in over six months" is a ranking's lookback, not a window
    assert not [p for p in find_periods("the highest level in over six months", date(2025, 4, 17))
                if p.period.kind == "window"]


@pytest.mark.parametrize(("text", "start", "end"), [
    # the window runs to the close before the day it enters, not to the last close before publication
    ("Entering trading on Tuesday, the index was down 12% since the start of the year", "2026-01-01", "2026-01-12"),
    ("Heading into Monday, stocks were up 2% this year", "2026-01-01", "2026-01-09"),
    ("As of Tuesday's close, stocks were up 2% this year", "2026-01-01", "2026-01-13"),
    # not an anchor: a window without "entering"/"as of" runs to the last close
    ("On Tuesday the index was down 12% since the start of the year", "2026-01-13", "2026-01-13"),
])
def test_an_as_of_day_ends_a_to_date_window(text: str, start: str, end: str) -> None:
    periods = [f.period for f in find_periods(text, P)]
    assert (str(periods[0].start), str(periods[0].end)) == (start, end)


ANCHORS = (("Liberation Day", date(2025, 4, 2)), ("inauguration", date(2025, 1, 20)),
           ("Inauguration Day", date(2025, 1, 20)), ("Election Day", date(2024, 11, 5)))


@pytest.mark.parametrize(("text", "start", "end"), [
    # a window from an event runs from the close of its day: it starts the day after (the base is the close before)
    ("The S&P 500 has declined 14% since President Trump’s inauguration", "2025-01-21", "2025-04-20"),
    ("down 12% since Liberation Day", "2025-04-03", "2025-04-20"),
    ("had retreated about 13% since “Liberation Day”", "2025-04-03", "2025-04-20"),
    ("the Nasdaq is down 10% since Election Day", "2024-11-06", "2025-04-20"),
    ("since the inauguration", "2025-01-21", "2025-04-20"),
])
def test_a_window_can_start_at_a_named_event(text, start, end):
    context = PeriodContext(anchors=ANCHORS)
    assert _span(text, date(2025, 4, 21), context) == (start, end)


@pytest.mark.parametrize("text", [
    "Stocks have rebounded 5% since the Liberation Day lows",  # a reference point after the event, not its day
    "Stocks have rebounded from their Liberation Day slump",
    "the tariffs announced on Liberation Day",  # no window
    "Shares rose 4% since the inauguration of the new plant",  # another inauguration ("of …")
])
def test_an_event_named_without_a_window_from_it_is_no_period(text):
    found = find_periods(text, date(2025, 4, 21), PeriodContext(anchors=ANCHORS))
    assert not any(f.period.kind == "since" for f in found)


def test_an_event_after_publication_starts_no_window():
    assert not find_periods("since Liberation Day", date(2025, 3, 1), PeriodContext(anchors=ANCHORS))


@pytest.mark.parametrize(("text", "published", "start", "sessions"), [
    ("over the past two days", date(2026, 1, 14), date(2026, 1, 12), 2),  # Monday and Tuesday before a Wednesday
    ("in the last three sessions", date(2026, 1, 12), date(2026, 1, 7), 3),  # a Monday: Wed, Thu, Fri
    ("the past five trading days", date(2026, 1, 14), date(2026, 1, 7), 5),
])
def test_past_days_and_sessions_count_trading_sessions(text, published, start, sessions) -> None:
    (found,) = find_periods(text, published)
    assert (found.period.start, found.period.end, found.period.sessions) == (
        start, published - timedelta(days=1), sessions)
    # non-example: weeks stay calendar days
    (weeks,) = find_periods("over the past two weeks", published)
    assert weeks.period.sessions is None and weeks.period.start == published - timedelta(days=14)


@pytest.mark.parametrize(("text", "start", "end"), [
    ("lost 10.5% over Thursday and Friday", date(2025, 4, 3), date(2025, 4, 4)),
    ("fell on Monday and Tuesday", date(2025, 3, 31), date(2025, 4, 1)),  # published on a Saturday
    ("rose Monday through Wednesday", date(2025, 3, 31), date(2025, 4, 2)),
])
def test_two_named_weekdays_make_one_window(text, start, end) -> None:
    (found,) = find_periods(text, date(2025, 4, 5))
    assert (found.period.kind, found.period.start, found.period.end) == ("window", start, end)


def test_non_example_two_weekdays_with_a_figure_each_are_two_days() -> None:
    found = find_periods("fell 2% on Monday and 3% on Tuesday", date(2025, 4, 5))
    assert [(f.period.kind, f.period.start) for f in found] == [("day", date(2025, 3, 31)), ("day", date(2025, 4, 1))]
    # "from Friday to Monday" runs close to close: not the two sessions
    assert all(f.period.kind == "day" for f in find_periods("rose from Friday to Monday", date(2025, 4, 8)))


@pytest.mark.parametrize("text", ["The Russell 2000 outperformed the Nasdaq this week.", "beat the S&P last week"])
def test_a_time_word_after_an_index_name_is_a_period(text) -> None:
    assert [f.period.kind for f in find_periods(text, date(2025, 4, 11))] == ["week"]
    # non-example: the number of the name is no year
    assert find_periods("the Russell 2000 gained", date(2025, 4, 11)) == []


@pytest.mark.parametrize(("text", "published", "day"), [
    ("rose 1,080 points, or 2.8%, by mid morning", date(2025, 4, 23), date(2025, 4, 23)),
    ("jumped 4.2% by 10:30 a.m. EDT", date(2025, 4, 23), date(2025, 4, 23)),
    ("was up 7% in afternoon trading", date(2025, 4, 9), date(2025, 4, 9)),
    ("on Friday, it rose 3% by midday", date(2025, 4, 14), date(2025, 4, 11)),  # the day named before it
])
def test_a_time_of_day_is_that_days_session_in_progress(text, published, day) -> None:
    found = [f.period for f in find_periods(text, published) if f.period.kind == INTRADAY]
    assert [(p.start, p.end) for p in found] == [(day, day)]


def test_non_example_a_time_of_day_on_a_named_day_after_it_is_that_day() -> None:
    found = find_periods("fell 2% in early trading on Monday", date(2025, 4, 23))
    assert [(f.period.kind, f.period.start) for f in found] == [("day", date(2025, 4, 21))]


@pytest.mark.parametrize(("text", "start", "end"), [
    # a window from a dated day runs from that day's close: it starts the day after
    ("The Dow has lost more than 3,000 points since April 2.", "2025-04-03", "2025-04-20"),
    ("has fallen 9% since Feb. 19", "2025-02-20", "2025-04-20"),
    ("since the April 2 close", "2025-04-03", "2025-04-20"),
    ("since April 2nd, 2025", "2025-04-03", "2025-04-20"),
])
def test_since_a_dated_day_is_a_window_to_now(text, start, end):
    (found,) = find_periods(text, date(2025, 4, 21))
    assert (found.period.kind, str(found.period.start), str(found.period.end)) == ("since", start, end)


def test_non_example_a_dated_day_without_since_is_that_day():
    (found,) = find_periods("The S&P 500 fell 1.6% on April 8.", date(2025, 4, 21))
    assert (found.period.kind, found.period.start) == ("day", date(2025, 4, 8))


@pytest.mark.parametrize(("text", "kind", "start", "end", "sessions"), [
    ("since March 2020", "since", "2020-03-01", "2025-04-03", None),  # a window from the month, not the month
    ("since early March 2020", "since", "2020-03-01", "2025-04-03", None),
    ("Over two days, the S&P 500 has lost 10.5%", "window", "2025-04-02", "2025-04-03", 2),
    ("the Nasdaq's 11% two-day drop", "window", "2025-04-02", "2025-04-03", 2),
    ("in March 2020", "month", "2020-03-01", "2020-03-31", None),  # non-example: the month itself
])
def test_windows_from_a_month_and_over_sessions(text, kind, start, end, sessions):
    found = find_periods(text, date(2025, 4, 4))
    assert [(f.period.kind, str(f.period.start), str(f.period.end)) for f in found] == [(kind, start, end)]
    assert found[0].period.sessions == sessions



@pytest.mark.parametrize(("text", "start", "end"), [
    ("S&P 500: April 17 close at 5,282.70 – April 25 close at 5,525.21 (+4.59%)", "2025-04-18", "2025-04-25"),
    ("Jan. 31 close at 6,040.53 – Feb. 28 close at 5,954.50 (−1.42%)", "2025-02-01", "2025-02-28"),
])
def test_a_recap_tables_line_is_the_window_between_its_two_closes(text, start, end):
    (found,) = find_periods(text, date(2025, 4, 26))
    assert (found.period.kind, str(found.period.start), str(found.period.end)) == ("window", start, end)
