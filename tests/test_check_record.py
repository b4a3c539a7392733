"""Rankings of one period's move ("worst day since 2020") and records of gold on daily data, on the
shared market data (the record kind's examples run in tests/test_check_kinds.py too)."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from conftest import read_claims

from notes_analyzer.config import CheckOptions
from notes_analyzer.records import Claim, Period, Reading, RecordSlots, Verdict


@pytest.fixture(scope="module")
def check(market_queries):
    from notes_analyzer.check import check_claims
    from notes_analyzer.market.events import EventRegistry
    from notes_analyzer.market.instruments import InstrumentRegistry

    registry, events = InstrumentRegistry.load(), EventRegistry.load()

    def run(claim: Claim, published: date, *, use_proxies: bool = True) -> Verdict:
        options = CheckOptions(as_of="2026-08-01", use_proxies=use_proxies)
        return check_claims(read_claims([claim]), market_queries, registry, events, options, published)[0]

    return run


def _day(day: date, text: str = "on that day") -> Period:
    return Period(text=text, kind="day", start=day, end=day)


def _slots(**given: str) -> RecordSlots:
    """Record slots from strings as a note reads them (ISO days, numbers)."""
    typed: dict[str, object] = {k: date.fromisoformat(v) if k in ("since", "since_end") else
                                int(v) if k in ("rank_order", "lookback_years") else v for k, v in given.items()}
    return RecordSlots(**typed)


def _rank(subject: str, metric: str, period: Period | None, **detail: str) -> Claim:
    return Claim(id="r", sentence_index=0, kind="record", subject=(subject,), metric=metric,
                 direction="down" if metric == "worst_period" else "up", period=period, slots=_slots(**detail),
                 text="a ranking")


# ------------------------------------------------------------------------------------------ the periods


def test_period_changes_cut_trading_days_fridays_and_calendar_periods(market_queries):
    quarters = market_queries.period_changes("SPX", "quarter", date(2025, 3, 31))
    assert quarters.end(len(quarters) - 1) == date(2025, 3, 31)
    assert round(float(quarters.pct[-1]), 2) == -4.59  # 2024-12-31 5,881.63 → 2025-03-31 5,611.85
    weeks = market_queries.period_changes("IXIC", "week", date(2025, 4, 11))
    base, end = weeks.observations(len(weeks) - 1)
    assert (base.date, end.date) == (date(2025, 4, 4), date(2025, 4, 11))  # Friday to Friday
    assert round(float(weeks.pct[-1]), 2) == 7.29
    holiday = market_queries.period_changes("SPX", "week", date(2025, 4, 18))
    assert holiday.end(len(holiday) - 1) == date(2025, 4, 17)  # Good Friday: the week ends on Thursday
    days = market_queries.period_changes("SPX", "day", date(2025, 4, 9))
    assert round(float(days.diff[-1]), 2) == 474.13


def test_a_monthly_history_bounds_the_daily_closes_it_hides(market_queries):
    link = market_queries.daily_over_monthly("GOLD", "GOLD_FUT")
    assert link.daily_start == date(2024, 8, 22)
    assert link.history_max.date == date(2024, 8, 1) and link.history_max.value == 2470.0  # up to the first daily month
    month, highest, _ = link.observations
    assert highest.value / month.value == pytest.approx(link.ratio)
    september = market_queries.monthly_value("GOLD", 2024, 9).value
    top = market_queries.extreme("GOLD_FUT", date(2024, 9, 1), date(2024, 9, 30)).value
    assert top / september <= link.ratio  # the largest ratio of every month compared
    assert link.bound == pytest.approx(2470.0 * link.ratio)
    since_2000 = market_queries.daily_over_monthly("GOLD", "GOLD_FUT", since=date(2000, 1, 1))
    assert since_2000.history_max == link.history_max


# ------------------------------------------------------------------------------------------ rankings


def test_a_worst_day_since_a_year_names_the_periods_it_was_ranked_against(check):
    claim = _rank("SPX", "worst_period", _day(date(2025, 4, 3)), rank_unit="day", since="2020-01-01",
                  since_end="2020-12-31")
    verdict = check(claim, date(2025, 4, 4))
    assert verdict.label == "supported", verdict.reason
    sentence = verdict.evidence.sentence
    assert "trading day 2025-04-03 -4.84%" in sentence  # the claimed period
    assert "the furthest after 2020-12-31: trading day 2022-09-13 -4.32%" in sentence  # the most extreme in between
    assert "the last at least as far: trading day 2020-06-11 -5.89%" in sentence
    assert {o.date for o in verdict.evidence.observations} >= {date(2025, 4, 3), date(2022, 9, 13), date(2020, 6, 11)}
    assert "2020-01-01…2020-12-31" in verdict.evidence.tolerance


def test_a_more_extreme_period_after_the_anchor_contradicts_and_an_understated_anchor_is_imprecise(check):
    week = Period(text="last week", kind="week", start=date(2025, 4, 7), end=date(2025, 4, 13))
    spx = _rank("SPX", "best_period", week, rank_unit="week", since="2022-01-01", since_end="2022-12-31")
    verdict = check(spx, date(2025, 4, 14))
    assert verdict.label == "contradicted" and "week to 2023-11-03 +5.85%" in verdict.evidence.sentence
    worst_since_2022 = _rank("SPX", "worst_period", _day(date(2025, 4, 3)), rank_unit="day", since="2022-01-01",
                             since_end="2022-12-31")
    verdict = check(worst_since_2022, date(2025, 4, 4))
    assert verdict.label == "imprecise" and "understates" in verdict.evidence.sentence
    assert "2020-06-11" in verdict.evidence.sentence  # the last day that fell as far


def test_the_anchor_holds_a_period_at_least_as_extreme_within_one_period_of_it(check):
    march = Period(text="in March", kind="month", start=date(2025, 3, 1), end=date(2025, 3, 31))
    december = _rank("SPX", "worst_period", march, rank_unit="month", since="2022-12-01", since_end="2022-12-31")
    assert check(december, date(2025, 4, 2)).label == "supported"  # December 2022 -5.90%
    january = dataclasses.replace(december, slots=_slots(rank_unit="month", since="2023-01-01",
                                                    since_end="2023-01-31"))
    assert check(january, date(2025, 4, 2)).label == "supported"  # December 2022 sits one month before it
    march_2023 = dataclasses.replace(december, slots=_slots(rank_unit="month", since="2023-03-01",
                                                       since_end="2023-03-31"))
    assert check(march_2023, date(2025, 4, 2)).label == "imprecise"


def test_an_anchor_before_the_series_begins_is_reached_through_the_proxy_or_not_at_all(check):
    rally = _rank("SPX", "best_period", _day(date(2025, 4, 9)), rank_unit="day", since="2008-01-01",
                  since_end="2008-12-31")
    verdict = check(rally, date(2025, 4, 10))
    assert verdict.label == "supported", verdict.reason  # SPY: the last larger day was 2008-10-28 (+11.7%)
    assert "SPY" in verdict.evidence.proxy and "2008-10-28" in verdict.evidence.sentence
    without = check(rally, date(2025, 4, 10), use_proxies=False)
    assert without.label == "unverifiable" and "data begin 2016" in without.reason


def test_an_ordinal_rank_counts_the_periods_that_moved_further(check):
    second = _rank("SPX", "best_period", _day(date(2025, 4, 23)), rank_unit="day", rank_order="2",
                   since="2022-01-01", since_end="2022-12-31")
    verdict = check(second, date(2025, 4, 24))
    assert verdict.label == "contradicted"  # +1.67% on 2025-04-23: many larger days since 2022
    third = _rank("SPX", "best_period", _day(date(2025, 4, 9)), rank_unit="day", rank_order="3",
                  since="2008-01-01", since_end="2008-12-31")
    assert check(third, date(2025, 4, 10)).label == "supported"  # SPY: 2008-10-13 and 2008-10-28 were larger
    fourth = dataclasses.replace(third, slots=dataclasses.replace(third.slots, rank_order=4))
    verdict = check(fourth, date(2025, 4, 10))
    assert verdict.label == "imprecise" and "it ranks 3, not 4" in verdict.evidence.sentence


def test_a_lookback_and_a_record_rank_the_whole_stretch(check):
    week = Period(text="last week", kind="week", start=date(2025, 4, 7), end=date(2025, 4, 13))
    yields = _rank("UST10Y", "best_period", week, rank_unit="week", lookback_years="25")
    verdict = check(yields, date(2025, 4, 14))
    assert verdict.label == "contradicted" and "+57 bp" in verdict.evidence.sentence  # 2001-11-16, in basis points
    points = _rank("SPX", "best_period", _day(date(2025, 4, 9)), rank_unit="day", rank_scope="record",
                   rank_measure="points")
    assert check(points, date(2025, 4, 10)).label == "supported"
    later = _rank("SPX", "best_period", _day(date(2025, 5, 12)), rank_unit="day", rank_scope="record",
                  rank_measure="points")
    assert check(later, date(2025, 5, 13)).label == "contradicted"  # +184 points, below 2025-04-09's +474


def test_a_ranking_without_a_period_length_an_anchor_or_a_way_to_tell_the_period_stays_unverifiable(check):
    no_anchor = _rank("SPX", "worst_period", _day(date(2025, 4, 3)), rank_unit="day")
    assert "no date it ranks since" in check(no_anchor, date(2025, 4, 4)).reason
    since = Period(text="since 2022", kind="since", start=date(2022, 1, 1), end=date(2025, 4, 3))
    no_unit = _rank("SPX", "worst_period", since, since="2022-01-01", since_end="2022-12-31")
    assert "no period length" in check(no_unit, date(2025, 4, 4)).reason
    session = dataclasses.replace(_rank("SPX", "worst_period", _day(date(2025, 4, 8)), rank_unit="week",
                                        since="2008-01-01", since_end="2008-12-31"),
                                  reading=Reading(period_from="note session"))
    verdict = check(session, date(2025, 4, 9))
    assert verdict.label == "unverifiable" and "falls inside one" in verdict.reason  # a Tuesday: which week?
    monthly = _rank("GOLD", "best_period", _day(date(2025, 4, 21)), rank_unit="day", since="2020-01-01",
                    since_end="2020-12-31")
    assert "not daily" in check(monthly, date(2025, 4, 22)).reason


# ------------------------------------------------------------------------------------------ levels since


def test_a_level_since_an_anchor_needs_no_higher_close_after_the_anchors_period(check):
    monday = Claim(id="l", sentence_index=0, kind="record", subject=("UST10Y",), metric="record_high", direction="up",
                   period=_day(date(2025, 4, 21)), slots=_slots(since="2025-04-14", since_end="2025-04-14"),
                   text="the highest level since last Monday")
    assert check(monday, date(2025, 4, 22)).label == "supported"  # 4.42; the anchor day itself closed at 4.38
    friday = dataclasses.replace(monday, slots=_slots(since="2025-04-11", since_end="2025-04-11"))
    assert check(friday, date(2025, 4, 22)).label == "supported"
    thursday = dataclasses.replace(monday, slots=_slots(since="2025-04-10", since_end="2025-04-10"))
    assert check(thursday, date(2025, 4, 22)).label == "contradicted"  # 4.48 on 2025-04-11 is after it


# ------------------------------------------------------------------------------------------ gold on daily data


def test_gold_records_are_decided_on_daily_futures_within_the_monthly_bound(check):
    record = Claim(id="g", sentence_index=0, kind="record", subject=("GOLD",), metric="record_high", direction="up",
                   period=_day(date(2025, 4, 21)), text="Gold hit a record high on Monday")
    verdict = check(record, date(2025, 4, 22))
    assert verdict.label == "supported", verdict.reason
    sentence = verdict.evidence.sentence
    assert "3,406.20 on 2025-04-21" in sentence and "3,326.60 on 2025-04-16" in sentence
    assert "months both series cover in full" in sentence and "peaks at 2,470.00 (2024-08)" in sentence
    assert verdict.evidence.series == ("GOLD_FUT", "GOLD")
    early = dataclasses.replace(record, period=_day(date(2024, 9, 26)))
    undecided = check(early, date(2024, 9, 27))
    assert undecided.label == "unverifiable" and "cannot rule out a higher close before 2024-08-22" in undecided.reason
    week = Period(text="this week", kind="week", start=date(2025, 4, 28), end=date(2025, 5, 2))
    below = check(dataclasses.replace(record, period=week), date(2025, 5, 3))
    assert below.label == "contradicted" and "3,406.20 on 2025-04-21" in below.evidence.sentence
    low = dataclasses.replace(record, metric="record_low")
    assert "not daily" in check(low, date(2025, 4, 22)).reason


def test_a_record_in_the_days_before_the_note_is_one_set_in_them(check):
    recent = Period(text="the days before the note", kind="window", start=date(2025, 4, 10), end=date(2025, 4, 16))
    record = Claim(id="u", sentence_index=0, kind="record", subject=("GOLD",), metric="record_high",
                   direction="up", period=recent, text="Gold hit a record high")
    assert check(record, date(2025, 4, 17)).label == "supported"  # 3,326.60 on 2025-04-16
    may = Period(text="the days before the note", kind="window", start=date(2025, 5, 13), end=date(2025, 5, 19))
    assert check(dataclasses.replace(record, period=may), date(2025, 5, 20)).label == "contradicted"
    assert check(dataclasses.replace(record, period=None), date(2025, 4, 17)).label == "unverifiable"


# ------------------------------------------------------------------------------------------ an assumed period


def test_a_refutation_over_a_period_the_sentence_does_not_state_is_unverifiable(check):
    from notes_analyzer.records import Quantity

    quarter_move = Claim(id="q", sentence_index=0, kind="return", subject=("IXIC",), metric="return", direction="down",
                         values=(Quantity(value=10.4, unit="percent", text="10.4%"),),
                         period=_day(date(2025, 3, 31), "the note's session (2025-03-31)"),
                         reading=Reading(period_from="note session"), text="the tech-heavy Nasdaq plummeted 10.4%")
    verdict = check(quarter_move, date(2025, 4, 1))  # the writer meant the quarter (-10.4%); that Monday was -0.1%
    assert verdict.label == "unverifiable" and "states no period" in verdict.reason and "contradicted" in verdict.reason
    stated = dataclasses.replace(quarter_move, reading=Reading())
    assert check(stated, date(2025, 4, 1)).label == "contradicted"  # "on Monday" written: the note is wrong
    matching = dataclasses.replace(quarter_move, period=Period(text="the note's session", kind="quarter",
                                                               start=date(2025, 1, 1), end=date(2025, 3, 31)))
    assert check(matching, date(2025, 4, 1)).label == "supported"  # a match on the assumed period stands


def test_a_refutation_over_a_window_whose_start_the_words_leave_open_is_unverifiable(check):
    from notes_analyzer.records import Quantity

    fuzzy = Claim(id="f", sentence_index=0, kind="return", subject=("DXY",), metric="return", direction="down",
                  values=(Quantity(value=5.0, unit="percent", text="5%", hedge="about"),),
                  period=Period(text="since early April", kind="window", start=date(2025, 4, 1), end=date(2025, 4, 21)),
                  reading=Reading(period_from="fuzzy window"),
                  text="The benchmark dollar index has declined about 5% since early April")
    verdict = check(fuzzy, date(2025, 4, 22))  # from the Apr 1 close -5.7%, from the Apr 2 close -5.3%
    assert verdict.label == "unverifiable" and "does not fix where the window starts" in verdict.reason
    # non-examples: a window the words fix refutes; a match on the fuzzy window stands
    fixed = check(dataclasses.replace(fuzzy, reading=Reading()), date(2025, 4, 22))
    assert fixed.label in ("imprecise", "contradicted")
    matching = dataclasses.replace(fuzzy, values=(Quantity(value=6.0, unit="percent", text="6%", hedge="about"),))
    assert check(matching, date(2025, 4, 22)).label == "supported"


@pytest.mark.parametrize(("subject", "closing", "label"), [
    # 2025-04-22: gold futures (closes only) closed 3,400.80, 0.16% under the 04-21 record close 3,406.20
    ("GOLD", False, "unverifiable"),  # "surpassed $3,500 for the first time early Tuesday": maybe intraday
    ("GOLD", True, "contradicted"),  # "closed at a record": the closes decide
    ("DJI", False, "contradicted"),  # the Dow was ~12% under its record: no day's swing reaches it
])
def test_a_record_high_on_a_close_only_series_allows_an_intraday_high(check, subject, closing, label):
    claim = Claim(id="r", sentence_index=0, kind="record", subject=(subject,), metric="record_high", direction="up",
                  period=_day(date(2025, 4, 22), "Tuesday"), slots=RecordSlots(closing=closing),
                  text="hit a record on Tuesday")
    verdict = check(claim, date(2025, 4, 23))
    assert verdict.label == label, verdict.reason


# ------------------------------------------------------------------------- records of a yearly rate

def _month(year: int, month: int) -> Period:
    return Period(text="that month", kind="month", start=date(year, month, 1),
                  end=date(year, month, 28 if month == 2 else 30))


@pytest.mark.parametrize(("subject", "metric", "month", "since", "label"), [
    # core CPI y/y 2.81% in March 2025; from April 2021 to February 2025 it never fell below 2.98%
    ("CORE_CPI", "record_low", (2025, 3), "2021-04-01", "supported"),
    # headline CPI y/y 8.98% in June 2022: above every month from January 1982 (9.1% as published, NSA)
    ("CPI", "record_high", (2022, 6), "1982-01-01", "supported"),
    # 2.38% in March 2025 is no high since January 2024 (3.1%-3.5% early in 2024)
    ("CPI", "record_high", (2025, 3), "2024-01-01", "contradicted"),
])
def test_a_record_of_inflation_is_one_of_its_yearly_rate(check, subject, metric, month, since, label):
    """"Core inflation slowed to 2.8% in March, the lowest since March 2021": the rate, never the price
    index (which rises nearly every month: read as the index, the low was 'contradicted')."""
    claim = Claim(id="i", sentence_index=0, kind="record", subject=(subject,), metric=metric,
                  direction="down" if metric == "record_low" else "up", period=_month(*month),
                  slots=_slots(since=since), text="inflation, the lowest since")
    verdict = check(claim, date(month[0], month[1] + 1, 20) if month[1] < 12 else date(month[0] + 1, 1, 20))
    assert verdict.label == label, verdict.reason
    assert "yearly rate" in verdict.reason


def test_an_all_time_record_of_inflation_is_not_tested(check):
    claim = Claim(id="i", sentence_index=0, kind="record", subject=("CPI",), metric="record_high", direction="up",
                  period=_month(2025, 3), text="inflation hit a record")
    assert check(claim, date(2025, 4, 20)).label == "unverifiable"


@pytest.mark.parametrize(("day", "sessions", "label"), [
    # S&P 500 2025-04-02 → 04-04 close: -10.53%, the worst two sessions since March 2020 (-13.93% to 2020-03-12)
    (date(2025, 4, 4), 2, "supported"),
    (date(2025, 4, 4), 3, "supported"),  # -9.92% over three sessions
    # 04-07 and 04-08: -1.80%, far short of the stretch ending 04-04 (which it does not overlap)
    (date(2025, 4, 8), 2, "contradicted"),
])
def test_a_stretch_of_sessions_is_ranked_among_such_stretches(check, day, sessions, label):
    claim = _rank("SPX", "worst_period", _day(day), since="2020-03-01", since_end="2020-03-31", rank_unit="day")
    claim = dataclasses.replace(claim, slots=dataclasses.replace(claim.slots, rank_sessions=sessions))
    verdict = check(claim, date(2025, 4, 20))
    assert verdict.label == label, verdict.reason
    assert f"{sessions} sessions to" in verdict.reason


def test_a_ranking_over_a_stretch_of_sessions_named_by_its_period(check):
    """"Over the past two days, the S&P 500 posted its worst decline since 2020": no unit in the rank words,
    the period's sessions say what is ranked."""
    window = Period(text="over the past two days", kind="window", start=date(2025, 4, 3), end=date(2025, 4, 4),
                    sessions=2)
    claim = _rank("SPX", "worst_period", window, since="2020-01-01", since_end="2020-12-31")
    verdict = check(claim, date(2025, 4, 5))
    assert verdict.label == "supported" and "2 sessions to 2025-04-04" in verdict.reason, verdict.reason
