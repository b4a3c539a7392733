"""Checker rules on real data: proxies only when needed, verbs' thresholds, amounts, policy dates, bounds."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from conftest import read_claims

from notes_analyzer.check import check_claims
from notes_analyzer.config import CheckOptions
from notes_analyzer.records import (
    VERDICT_LABELS,
    Claim,
    CountSlots,
    EventSlots,
    LevelSlots,
    Period,
    Quantity,
    RecordSlots,
    ReturnSlots,
    from_dict,
)

LABELLED = Path(__file__).resolve().parent.parent / "scripts" / "data" / "checker_claims.jsonl"


@pytest.fixture(scope="module")
def env(market_store, market_queries):
    from notes_analyzer.market.events import EventRegistry
    from notes_analyzer.market.instruments import InstrumentRegistry

    return market_queries, InstrumentRegistry.load(), EventRegistry.load()


def _check(env, claim: Claim, published: date, **options):
    queries, instruments, events = env
    opts = CheckOptions(as_of=options.pop("as_of", str(published)), **options)
    return check_claims(read_claims([claim]), queries, instruments, events, opts, published)[0]


def _move(subject, value, unit, figure, direction, start, end, **kw) -> Claim:
    values = (Quantity(value=value, unit=unit, text=figure),) if value is not None else ()
    text = kw.pop("text", f"{subject} moved {figure}")
    return Claim(id="m", sentence_index=0, kind="return", subject=(subject,), metric="return", values=values,
                 direction=direction, period=Period(text="p", kind="window", start=start, end=end), text=text, **kw)


def test_proxy_only_where_the_index_has_no_data_and_named_with_its_caveat(env):
    old = _move("NDX", 54, "percent", "54%", "up", date(2023, 1, 1), date(2023, 12, 31))
    verdict = _check(env, old, date(2024, 1, 10))
    assert verdict.label == "supported" and verdict.evidence.series == ("QQQ",)
    assert "QQQ used as a proxy for Nasdaq-100" in verdict.evidence.sentence and "dividend" in verdict.evidence.proxy
    recent = _move("NDX", 2.0, "percent", "2.0%", "up", date(2026, 1, 1), date(2026, 1, 13))
    verdict = _check(env, recent, date(2026, 1, 14))
    assert verdict.evidence.series == ("NDX",) and verdict.evidence.proxy is None
    assert _check(env, old, date(2024, 1, 10), use_proxies=False).label == "unverifiable"


@pytest.mark.parametrize(("verb", "start", "end", "label"), [
    ("rocketed", date(2026, 1, 1), date(2026, 1, 13), "supported"),  # RUT +6.1% in two weeks
    ("rocketed", date(2025, 11, 1), date(2025, 11, 30), "contradicted"),  # +0.85%: not a large move
    ("stayed flat", date(2025, 8, 1), date(2025, 8, 31), "contradicted"),  # +7.0%
    ("stayed flat", date(2025, 11, 1), date(2025, 11, 30), "supported"),
    ("rallied", date(2025, 3, 1), date(2025, 3, 31), "contradicted"),  # -7.0%
])
def test_direction_only_claims_need_the_stated_size(env, verb, start, end, label):
    direction = "flat" if "flat" in verb else "up"
    claim = _move("RUT", None, "percent", "", direction, start, end, figure_missing=True,
                  subject_text="Russell 2000", text=f"the Russell 2000 {verb}")
    verdict = _check(env, claim, date(2026, 2, 1))
    assert verdict.label == label, verdict.evidence.sentence
    assert "the note gives no figure" in verdict.evidence.sentence and verdict.evidence.tolerance


def test_policy_moves_use_decision_dates_and_points_figures(env):
    oct_cut = _move("FEDFUNDS_TARGET", 25, "bp", "25 bp", "down", date(2025, 10, 29), date(2025, 10, 29))
    assert _check(env, oct_cut, date(2025, 10, 30)).label == "supported"
    dow = _move("DJI", 2231, "points", "2,231 points", "down", date(2025, 4, 4), date(2025, 4, 4))
    verdict = _check(env, dow, date(2025, 4, 7))
    assert verdict.label == "supported" and "38,314.86 on 2025-04-04" in verdict.evidence.sentence
    ten_year = _move("UST10Y", 0.4, "percent", "0.4%", "down", date(2025, 1, 1), date(2025, 12, 31))
    assert _check(env, ten_year, date(2026, 1, 5)).evidence.computed == pytest.approx(-0.40)


def test_intraday_bounds_use_highs_only_when_the_note_does_not_say_closed(env):
    def claim(text):
        return Claim(id="v", sentence_index=0, kind="level", subject=("VIX",), metric="close", text=text,
                     values=(Quantity(value=60, unit="points", text="60"),), slots=LevelSlots(bound="above"),
                     period=Period(text="April", kind="month", start=date(2025, 4, 1), end=date(2025, 4, 30)))

    topped = _check(env, claim("The VIX briefly topped 60 in April"), date(2025, 5, 1))
    assert topped.label == "supported" and "intraday high" in topped.evidence.sentence
    assert _check(env, claim("The VIX closed above 60 in April"), date(2025, 5, 1)).label == "contradicted"


def test_labelled_set_is_well_formed_and_never_false_supported(env):
    rows = [json.loads(line) for line in LABELLED.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(rows) >= 60 and len({r["id"] for r in rows}) == len(rows)
    assert {r["published"][:4] for r in rows} <= {"2025", "2026"}
    assert {r["expected"] for r in rows} <= set(VERDICT_LABELS)
    wrong = []
    for row in rows:
        claim = from_dict(Claim, row["claim"])
        assert claim.text == row["text"] and claim.kind in ("return", "level", "range", "count", "record",
                                                               "relative", "event", "valuation", "forecast",
                                                               "opinion")
        published = date.fromisoformat(row["published"])
        verdict = _check(env, claim, published, as_of=row["as_of"] or row["published"])
        if verdict.label == "supported" and row["expected"] != "supported":
            wrong.append(row["id"])
    assert not wrong


def test_an_unsigned_figure_takes_its_direction_from_the_verbs_or_stays_unverifiable(env):
    def claim(text):
        return _move("RUT", 5.2, "percent", "5.2%", None, date(2025, 5, 1), date(2025, 5, 31), text=text)

    assert _check(env, claim("The Russell 2000 gained 5.2% in May"), date(2025, 6, 2)).label == "supported"
    assert _check(env, claim("The Russell 2000 fell 5.2% in May"), date(2025, 6, 2)).label == "contradicted"
    assert _check(env, claim("The Russell 2000: 5.2% in May"), date(2025, 6, 2)).label == "unverifiable"


def test_events_table_cannot_confirm_a_reversal(env):
    claim = Claim(id="e", sentence_index=0, kind="event", metric="event", text="OBBBA was vetoed in July 2025",
                  slots=EventSlots(event="obbba", action="vetoed"),
                  period=Period(text="July 2025", kind="month", start=date(2025, 7, 1), end=date(2025, 7, 31)))
    assert _check(env, claim, date(2025, 8, 1)).label == "unverifiable"


def test_a_range_held_only_earlier_in_the_period_is_imprecise(env):
    def claim(low, high):
        q = Quantity(value=low, upper=high, unit="percent", text=f"{low:.2f}%-{high:.2f}%")
        return Claim(id="g", sentence_index=0, kind="range", subject=("FEDFUNDS_TARGET",), metric="target_range",
                     values=(q,), text=f"fed funds at {q.text} in 2025",
                     period=Period(text="2025", kind="year", start=date(2025, 1, 1), end=date(2025, 12, 31)))

    assert _check(env, claim(3.50, 3.75), date(2026, 1, 5)).label == "supported"
    earlier = _check(env, claim(4.25, 4.50), date(2026, 1, 5))
    assert earlier.label == "imprecise" and "held earlier in the period" in earlier.evidence.sentence
    assert _check(env, claim(5.25, 5.50), date(2026, 1, 5)).label == "contradicted"


def test_level_bounds_are_read_from_the_words_before_the_figure(env):
    claim = Claim(id="f", sentence_index=0, kind="forecast", metric="yield", subject=("UST10Y",),
                  text="We project the 10-year yield to fall below 4% by year-end 2025",
                  values=(Quantity(value=4.0, unit="percent", text="4%"),),
                  period=Period(text="year-end 2025", kind="day", start=date(2025, 12, 31), end=date(2025, 12, 31)))
    verdict = _check(env, claim, date(2025, 7, 1), as_of="2026-02-01")
    assert verdict.label == "contradicted" and "4.18%" in verdict.evidence.sentence
    at = Claim(id="l", sentence_index=0, kind="level", metric="yield", subject=("UST10Y",), period=claim.period,
               text="The 10-year yield ended 2025 at 4%", values=claim.values)
    assert _check(env, at, date(2026, 1, 2)).label == "imprecise"  # 4.18 is outside 3.9-4.1


def test_a_direction_slot_that_fights_the_verbs_is_unverifiable(env):
    def claim(direction):
        return _move("BTC", None, "percent", "", direction, date(2025, 1, 1), date(2025, 12, 31), figure_missing=True,
                     subject_text="Bitcoin", text="Bitcoin ended 2025 with a gain despite the autumn slide")

    assert _check(env, claim("up"), date(2026, 1, 3)).label == "contradicted"  # BTC -6.3%
    assert _check(env, claim("down"), date(2026, 1, 3)).label == "unverifiable"


def test_a_claim_about_several_subjects_must_hold_for_each(env):
    one = _move("SPX", 6, "percent", "6%", "up", date(2025, 5, 1), date(2025, 5, 31), text="SPX and Dow rose 6% in May")
    both = dataclasses.replace(one, subject=("SPX", "DJI"))
    verdict = _check(env, both, date(2025, 6, 2))
    assert verdict.label == "contradicted"  # SPX +6.15% holds, DJI +3.94% does not
    assert verdict.evidence.series == ("SPX", "DJI") and "S&P 500" in verdict.evidence.sentence


def test_a_policy_rate_equal_to_a_target_bound_holds(env):
    def claim(value, text):
        return Claim(id="r", sentence_index=0, kind="level", subject=("FEDFUNDS_TARGET",), metric="rate",
                     values=(Quantity(value=value, unit="percent", text=text),), text=f"the fed funds rate is {text}")

    assert _check(env, claim(3.75, "3.75%"), date(2026, 1, 14)).label == "supported"
    assert _check(env, claim(3.6, "3.6%"), date(2026, 1, 14)).label == "supported"  # effective rate 3.64%
    assert _check(env, claim(4.0, "4.00%"), date(2026, 1, 14)).label != "supported"


def test_best_start_fills_years_the_index_lacks_from_its_proxy(env):
    claim = Claim(id="b", sentence_index=0, kind="record", subject=("RUT",), metric="best_start",
                  text="The Russell 2000 is having its best first half in a decade",
                  slots=RecordSlots(lookback_years=10),
                  period=Period(text="first half", kind="window", start=date(2026, 1, 1), end=date(2026, 6, 30)))
    verdict = _check(env, claim, date(2026, 7, 2))
    assert verdict.label == "supported"
    assert "IWM used for 2016" in verdict.evidence.sentence and verdict.evidence.series == ("RUT", "IWM")


def test_a_publication_datetime_is_read_as_its_day(env):
    from datetime import datetime

    queries, instruments, events = env
    claim = _move("NDX", 2.0, "percent", "2.0%", "up", date(2026, 1, 1), date(2026, 1, 14))
    (verdict,) = check_claims(read_claims([claim]), queries, instruments, events, CheckOptions(as_of="2026-01-14"),
                              datetime(2026, 1, 14, 9, 30))
    assert verdict.label == "supported" and verdict.evidence.observations[-1].date == date(2026, 1, 13)


@pytest.mark.parametrize(("day", "verb", "label"), [
    (date(2026, 3, 31), "soared", "supported"),  # +2.91% in a day
    (date(2026, 4, 2), "soared", "contradicted"),  # +0.11%
    (date(2026, 4, 2), "was little changed", "supported"),
])
def test_daily_verbs_use_daily_thresholds(env, day, verb, label):
    claim = _move("SPX", None, "percent", "", "flat" if "changed" in verb else "up", day, day, figure_missing=True,
                  subject_text="S&P 500", text=f"The S&P 500 {verb} on {day}")
    assert _check(env, claim, day + timedelta(days=1)).label == label


def test_quarterly_gdp_growth_is_annualized(env):
    claim = Claim(id="g", sentence_index=0, kind="return", subject=("GDP",), metric="return", direction="up",
                  text="GDP grew 3.8% in the second quarter",
                  values=(Quantity(value=3.8, unit="percent", text="3.8%"),),
                  period=Period(text="Q2", kind="quarter", start=date(2025, 4, 1), end=date(2025, 6, 30)))
    verdict = _check(env, claim, date(2025, 9, 26))
    assert verdict.label == "supported" and "+3.84% at an annual rate" in verdict.evidence.sentence
    assert "revised" in verdict.evidence.sentence


@pytest.mark.parametrize(("day", "expected"), [
    (date(2025, 12, 10), "supported"),  # decision day: the range just decided (FRED dates it 12-11)
    (date(2025, 12, 11), "supported"),
    (date(2025, 12, 9), "contradicted"),  # the day before the decision: still 3.75%-4.00%
])
def test_target_range_on_a_decision_day_is_the_range_decided(env, day, expected):
    claim = Claim(id="r", sentence_index=0, kind="range", subject=("FEDFUNDS_TARGET",), metric="target_range",
                  values=(Quantity(value=3.5, upper=3.75, unit="percent", text="3.50%–3.75%"),),
                  period=Period(text="on Wednesday", kind="day", start=day, end=day),
                  text="The Fed lowered the target range to 3.50%–3.75% on Wednesday")
    assert _check(env, claim, date(2025, 12, 12)).label == expected


def test_macro_level_without_period_uses_the_latest_published_figure(env):
    claim = Claim(id="cpi", sentence_index=0, kind="level", subject=("CPI",), metric="inflation",
                  values=(Quantity(value=3.0, unit="percent", text="close to 3%", hedge="about"),),
                  text="Headline inflation was running close to 3% in the last reading before the shutdown")
    verdict = _check(env, claim, date(2025, 12, 12))
    assert verdict.label == "supported"  # September 2025: +3.02% y/y, not the unpublished December figure
    assert "September 2025" in verdict.evidence.sentence
    assert {o.date for o in verdict.evidence.observations} == {date(2024, 9, 1), date(2025, 9, 1)}


def _vix_close(period: Period) -> Claim:
    return Claim(id="x", sentence_index=0, kind="level", subject=("VIX",), metric="close", period=period,
                 values=(Quantity(value=14.91, unit="points", text="14.91"),), text="The VIX closed Friday at 14.91")


def test_a_session_the_note_names_on_its_own_publication_day_is_checked_on_that_close(env):
    from datetime import datetime

    friday = date(2025, 12, 19)  # VIX 14.91 that day, 16.87 the day before
    claim = _vix_close(Period(text="Friday", kind="day", start=friday, end=friday))
    assert _check(env, claim, friday).label == "supported"
    stamped_before_close = datetime(2025, 12, 19, 14, 0, tzinfo=UTC)  # 09:00 New York
    assert _check(env, claim, stamped_before_close, as_of=str(friday)).label != "supported"
    from notes_analyzer.check.checker import build_context
    from notes_analyzer.check.context import claim_window

    ytd = dataclasses.replace(claim, period=Period(text="this year", kind="ytd", start=date(2025, 1, 1),
                                                   end=date(2025, 12, 18)))
    ctx = build_context(*env, CheckOptions(as_of=str(friday)), friday)
    assert claim_window(ytd, ctx).end == date(2025, 12, 18)  # "up to now" stays at the day before: no look-ahead
    after_close = build_context(*env, CheckOptions(as_of=str(friday)), datetime(2025, 12, 19, 22, tzinfo=UTC))
    assert claim_window(ytd, after_close).end == friday


def test_a_publication_stamped_after_the_us_close_has_seen_that_close():
    from datetime import datetime, timedelta, timezone

    from notes_analyzer.check.checker import after_us_close

    assert after_us_close(datetime(2026, 1, 9, 21, 30, tzinfo=UTC)) is True  # 16:30 New York
    assert after_us_close(datetime(2026, 1, 14, 8, 0, tzinfo=timezone(timedelta(hours=-5)))) is False
    assert after_us_close(date(2026, 1, 9)) is None and after_us_close(datetime(2026, 1, 9, 23, 0)) is None


def test_a_high_since_a_date_looks_back_to_that_date_only(env):
    week = Period(text="this week", kind="week", start=date(2026, 1, 19), end=date(2026, 1, 22))
    claim = Claim(id="r", sentence_index=0, kind="record", subject=("RUT",), metric="record_high", period=week,
                  text="The Russell 2000 closed at its highest since 2025", slots=RecordSlots(since=date(2025, 1, 1)))
    verdict = _check(env, claim, date(2026, 1, 23))
    assert verdict.label == "supported" and "since 2025-01-01" in verdict.evidence.sentence
    vix = dataclasses.replace(claim, subject=("VIX",), slots=RecordSlots(since=date(2025, 11, 1)))  # VIX 20.09 <
    # its Nov 2025 highs
    assert _check(env, vix, date(2026, 1, 23)).label == "contradicted"


def test_best_period_since_a_date_is_never_read_as_a_price_record(env):
    jan = Period(text="in January", kind="month", start=date(2026, 1, 1), end=date(2026, 1, 30))
    claim = Claim(id="b", sentence_index=0, kind="record", subject=("RUT",), metric="best_period", period=jan,
                  text="The Russell 2000 gained 5.3% in January, its best month since August.")
    verdict = _check(env, claim, date(2026, 2, 2))
    assert verdict.label == "unverifiable" and "no date it ranks since" in verdict.reason
    august = dataclasses.replace(claim, slots=RecordSlots(since=date(2025, 8, 1), since_end=date(2025, 8, 31)))
    verdict = _check(env, august, date(2026, 2, 2))  # January 2026 +5.31%, August 2025 +7.00%, none between above it
    assert verdict.label == "supported" and "month 2025-08 +7.00%" in verdict.evidence.sentence
    assert "record close" not in verdict.evidence.sentence


def test_strongest_january_ranks_januaries(env):
    jan = Period(text="January", kind="month", start=date(2026, 1, 1), end=date(2026, 1, 30))
    claim = Claim(id="j", sentence_index=0, kind="record", subject=("RUT",), metric="best_start", period=jan,
                  text="The Russell 2000 posted its strongest January in over a decade.",
                  slots=RecordSlots(lookback_years=10, window="ytd"))
    verdict = _check(env, claim, date(2026, 2, 2))
    assert verdict.label == "contradicted" and "2019" in verdict.evidence.sentence  # January 2019: about +11%


def test_early_close_days_are_known():
    from datetime import datetime, timedelta, timezone

    from notes_analyzer.check.checker import after_us_close, is_early_close

    assert is_early_close(date(2025, 12, 24)) and is_early_close(date(2025, 11, 28))
    assert is_early_close(date(2025, 7, 3))
    assert not is_early_close(date(2025, 11, 27)) and not is_early_close(date(2025, 12, 23))
    assert after_us_close(datetime(2025, 12, 24, 15, 10, tzinfo=timezone(timedelta(hours=-5)))) is True
    assert after_us_close(datetime(2025, 12, 23, 15, 10, tzinfo=timezone(timedelta(hours=-5)))) is False


def test_a_move_told_by_its_two_levels_is_the_change_between_them(env):
    """"The 10-year yield fell from 4.2% to 4.0%" in the week of 31 March 2025: DGS10 4.27 → 4.01
    (−0.26 pp), within a change between two levels rounded to 0.1 (±0.1); a −4.2% move it is not."""
    week = Period(text="during the week of March 31", kind="week", start=date(2025, 3, 31), end=date(2025, 4, 4))

    def claim(start: float, end: float) -> Claim:
        levels = (Quantity(value=start, unit="percent", text=f"{start:.1f}%"),
                  Quantity(value=end, unit="percent", text=f"{end:.1f}%"))
        return Claim(id="y", sentence_index=0, kind="return", subject=("UST10Y",), metric="return", values=levels,
                     direction="down" if end < start else "up", period=week,
                     text=f"the 10-year yield moved from {start:.1f}% to {end:.1f}%")

    held = _check(env, claim(4.2, 4.0), date(2025, 4, 10))
    assert held.label == "supported" and "-0.26 pp" in held.reason, held.reason
    assert _check(env, claim(4.4, 4.0), date(2025, 4, 10)).label == "contradicted"  # −0.4 pp claimed
    assert _check(env, claim(4.2, 4.4), date(2025, 4, 10)).label == "contradicted"  # the wrong way



def _session_move(subject, value, figure, direction, day, text):
    values = (Quantity(value=value, unit="percent", text=figure, hedge="about" if "about" in text else None),) \
        if value is not None else ()
    return Claim(id="s", sentence_index=0, kind="return", subject=(subject,), metric="return", values=values,
                 direction=direction, figure_missing=value is None, text=text,
                 period=Period(text="the session in progress", kind="intraday", start=day, end=day))


@pytest.mark.parametrize(("subject", "value", "direction", "label"), [
    # 2025-04-22: SPX closed 5158.20 the day before, then traded 5207.67 (+0.96%) to 5309.61 (+2.94%)
    ("SPX", 2.0, "up", "supported"),  # "about 2%" lies inside the day's range
    ("SPX", 4.0, "up", "contradicted"),  # never that high
    ("SPX", 1.0, "down", "contradicted"),  # the whole day was above the prior close
    ("SPX", None, "up", "supported"),  # "equities bounced back at midday": the whole range is up
    ("SPX", None, "down", "contradicted"),
    ("DJI", 2.0, "up", "unverifiable"),  # the Dow file has closes only: the midday level is not known
])
def test_a_move_during_the_session_is_read_against_the_days_range(env, subject, value, direction, label):
    text = f"the index was up about {value}% at midday" if value else \
        "equities bounced back at midday" if direction == "up" else "equities slid at midday"
    claim = _session_move(subject, value, f"{value}%", direction, date(2025, 4, 22), text)
    verdict = _check(env, claim, date(2025, 4, 22))
    assert verdict.label == label, verdict.reason
    if label != "unverifiable":
        assert verdict.evidence.series == ("SPX.low", "SPX.high")
        assert [o.date for o in verdict.evidence.observations] == [date(2025, 4, 21), date(2025, 4, 22),
                                                                     date(2025, 4, 22)]


@pytest.mark.parametrize(("subject", "direction", "day", "label"), [
    # closes only: a direction-only move holds when the day's close moved that way clearly, never refutes
    ("WTI", "down", date(2025, 4, 21), "supported"),  # WTI closed -2.4% on 2025-04-21
    ("WTI", "up", date(2025, 4, 21), "unverifiable"),  # the close went the other way: it may have reversed
    ("UST10Y", "up", date(2025, 4, 21), "supported"),  # 10-year +8 bp on the day
    ("UST10Y", "down", date(2025, 4, 22), "unverifiable"),  # -1 bp: too small to say where it stood midday
])
def test_a_direction_during_the_session_on_a_close_only_series(env, subject, direction, day, label):
    claim = _session_move(subject, None, "", direction, day, "oil futures fell" if direction == "down" else "up")
    verdict = _check(env, claim, day)
    assert verdict.label == label, verdict.reason
    if label == "supported":
        assert "closes only" in verdict.evidence.tolerance and verdict.evidence.observations[-1].date == day


@pytest.mark.parametrize(("hedge", "value", "label"), [
    # 2025-04-22: SPX +0.96% (low) to +2.94% (high) from the prior close
    ("at least", 2.0, "unverifiable"),  # the range straddles 2%: at the moment written it may have been below
    ("at least", 0.5, "supported"),  # up at least 0.5% all day
    ("more than", 4.0, "contradicted"),  # never that high
    ("less than", 3.0, "supported"),
    ("less than", 2.0, "unverifiable"),
])
def test_a_bound_during_the_session_must_hold_all_day(env, hedge, value, label):
    claim = _session_move("SPX", value, f"{value}%", "up", date(2025, 4, 22), f"up {hedge} {value}% at midday")
    claim = dataclasses.replace(claim, values=(dataclasses.replace(claim.values[0], hedge=hedge),), hedge=hedge)
    verdict = _check(env, claim, date(2025, 4, 22))
    assert verdict.label == label, verdict.reason


def test_a_direction_during_a_two_sided_session_is_unverifiable(env):
    # 2025-04-25: SPX traded from -0.53% to +0.79% against the prior close: which side it stood on is unknown
    claim = _session_move("SPX", None, "", "up", date(2025, 4, 25), "stocks edged higher at midday")
    verdict = _check(env, claim, date(2025, 4, 25))
    assert verdict.label == "unverifiable" and "cannot be read from daily bars" in verdict.reason


def test_gold_moves_are_measured_on_its_own_daily_futures_before_the_etf(env):
    week = _move("GOLD", 6.0, "percent", "6%", "up", date(2025, 4, 7), date(2025, 4, 11))
    verdict = _check(env, week, date(2025, 4, 14))
    assert verdict.evidence.series == ("GOLD_FUT",) and verdict.label == "imprecise"  # GC=F +6.98% that week
    assert "drift" not in verdict.evidence.tolerance
    old = _move("GOLD", 25.0, "percent", "25%", "up", date(2020, 1, 1), date(2020, 12, 31))
    assert _check(env, old, date(2021, 1, 5)).evidence.series == ("GLD",)  # before GC=F starts: the ETF


def test_an_intraday_drawdown_is_read_on_the_days_low(env):
    claim = Claim(id="d", sentence_index=0, kind="return", subject=("SPX",), metric="from_peak",
                  values=(Quantity(value=21.0, unit="percent", text="21%"),), direction="down",
                  period=Period(text="mid-February", kind="month", start=date(2025, 2, 1), end=date(2025, 2, 28)),
                  slots=ReturnSlots(reference="closing high", at=date(2025, 4, 7), intraday=True),
                  text="reached bear market territory intraday on Monday, down 21% from the mid-February closing high")
    verdict = _check(env, claim, date(2025, 4, 9))
    assert verdict.label == "supported" and "traded as low as 4,835.04" in verdict.evidence.sentence
    closing = dataclasses.replace(claim, slots=ReturnSlots(reference="closing high", at=date(2025, 4, 7)),
                                  text="closed on Monday down 21% from the mid-February closing high")
    assert _check(env, closing, date(2025, 4, 9)).label == "imprecise"  # the close was -17.6%


def test_a_level_in_percent_or_dollars_is_no_level_of_an_index(env):
    day = Period(text="on April 21", kind="day", start=date(2025, 4, 21), end=date(2025, 4, 21))

    def level(subject, value, unit, text, metric):
        return Claim(id="l", sentence_index=0, kind="level", metric=metric, subject=(subject,), period=day,
                     text=text, values=(Quantity(value=value, unit=unit, text=text.split()[-1]),),
                     slots=LevelSlots(bound="below" if "below" in text else "at"))

    yield_ = _check(env, level("SPX", 2.0, "percent", "the S&P 500's dividend yield hovers below 2%", "yield"),
                    date(2025, 4, 22))
    assert yield_.label == "unverifiable" and "quoted in points" in yield_.reason
    price = _check(env, level("NDX", 35000.0, "usd", "each GPU is priced at $35,000", "price"), date(2025, 4, 22))
    assert price.label == "unverifiable" and "quoted in points" in price.reason
    # non-examples: an index's level in points and bitcoin's in dollars are checked
    assert _check(env, level("SPX", 5158.0, "points", "the S&P 500 closed at 5,158", "close"),
                  date(2025, 4, 22)).label == "supported"
    assert _check(env, level("BTC", 87500.0, "usd", "bitcoin traded at $87,500", "price"),
                  date(2025, 4, 22)).evidence is not None


@pytest.mark.parametrize(("published", "figure", "label"), [
    # gold: +22.4% YTD at the 2025-04-15 close, +26.5% at the 04-16 close
    (datetime(2025, 4, 16, 11, 36), 26.0, "unverifiable"),  # written during 04-16: may quote the live price
    (datetime(2025, 4, 16, 11, 36, tzinfo=UTC), 26.0, "unverifiable"),
    (datetime(2025, 4, 16, 23, 0, tzinfo=UTC), 26.0, "supported"),  # after the close: that close is known
    (datetime(2025, 4, 16, 23, 0), 26.0, "supported"),  # no zone, after the close read as UTC: holds at that close
    (datetime(2025, 4, 16, 23, 0), 24.0, "imprecise"),  # no zone, after the close: wrong at either close
    (datetime(2025, 4, 16, 11, 36), 30.0, "contradicted"),  # wrong at either close
    (datetime(2025, 4, 16, 11, 36), 22.0, "supported"),
])
def test_a_to_date_move_in_a_note_written_during_the_session(env, published, figure, label):
    ytd = Period(text="for the year so far", kind="ytd", start=date(2025, 1, 1), end=date(2025, 4, 15))
    claim = Claim(id="g", sentence_index=0, kind="return", subject=("GOLD",), metric="return", direction="up",
                  values=(Quantity(value=figure, unit="percent", text=f"{figure:.0f}%"),), period=ytd,
                  text=f"Gold, now up {figure:.0f}% for the year so far")
    queries, instruments, events = env
    verdict = check_claims(read_claims([claim]), queries, instruments, events, CheckOptions(as_of="2025-04-17"),
                           published)[0]
    assert verdict.label == label, verdict.reason


@pytest.mark.parametrize(("published", "label"), [
    # S&P 500: record close 6,144.15 (2025-02-19); 5,396.52 on 04-03 (-12.2%), 5,074.08 on 04-04 (-17.4%)
    (datetime(2025, 4, 4, 21, 30), "supported"),  # no zone, after the close read as UTC: measured to 04-04
    (datetime(2025, 4, 4, 21, 30, tzinfo=UTC), "supported"),
    (datetime(2025, 4, 4, 15, 0), "unverifiable"),  # during the session: the live price may be quoted
    (datetime(2025, 4, 4, 15, 0, tzinfo=UTC), "unverifiable"),
    (datetime(2025, 4, 5, 9, 0), "supported"),  # the weekend: the Friday close is the last one
])
def test_a_move_from_a_peak_is_measured_to_the_last_close_the_writer_saw(env, published, label):
    february = Period(text="February", kind="month", start=date(2025, 2, 1), end=date(2025, 2, 28))
    claim = Claim(id="p", sentence_index=0, kind="return", subject=("SPX",), metric="from_peak", direction="down",
                  values=(Quantity(value=17.0, unit="percent", text="17%", hedge="more than"),), period=february,
                  slots=ReturnSlots(reference="february record close"),
                  text="The S&P 500 has fallen more than 17% from its February record close.")
    queries, instruments, events = env
    verdict = check_claims(read_claims([claim]), queries, instruments, events, CheckOptions(as_of="2025-04-17"),
                           published)[0]
    assert verdict.label == label, verdict.reason


def test_an_undated_level_in_a_note_stamped_after_the_close_is_that_close(env):
    claim = Claim(id="l", sentence_index=0, kind="level", subject=("IXIC",), metric="close",
                  values=(Quantity(value=15587.79, unit="points", text="15,587.79"),), slots=LevelSlots(bound="at"),
                  text="The tech-heavy Nasdaq dropped 962.82 points, or 5.82%, to 15,587.79.")
    queries, instruments, events = env
    after, before = (check_claims(read_claims([claim]), queries, instruments, events,
                                  CheckOptions(as_of="2025-04-17"), when)[0]
                     for when in (datetime(2025, 4, 4, 21, 30), date(2025, 4, 4)))
    assert after.label == "supported", after.reason
    assert before.label == "contradicted", before.reason  # a bare date: the close before, 16,550.61


@pytest.mark.parametrize(("published", "label"), [
    # bitcoin: 87,518.91 at the 2025-04-21 close, 93,441.89 at the 04-22 close
    (datetime(2025, 4, 22, 22, 30), "supported"),  # no zone, after the close read as UTC: that close is known
    (date(2025, 4, 22), "unverifiable"),  # a bare date: 6% short at the close before, within a day's move
])
def test_an_undecided_level_after_the_close_is_rechecked_at_that_close(env, published, label):
    claim = Claim(id="b", sentence_index=0, kind="level", subject=("BTC",), metric="price",
                  values=(Quantity(value=93000.0, unit="usd", text="$93,000"),), slots=LevelSlots(bound="above"),
                  text="Bitcoin surged above $93,000.")
    queries, instruments, events = env
    verdict = check_claims(read_claims([claim]), queries, instruments, events, CheckOptions(as_of="2025-04-30"),
                           published)[0]
    assert verdict.label == label, verdict.reason


@pytest.mark.parametrize(("figure", "label"), [
    # gold futures (closes only): highest April 2025 close 3,406.20; the largest daily move then was 3.7%
    (3500.0, "unverifiable"),  # within a day's move of the closes: the intraday high may have topped it
    (4000.0, "contradicted"),  # further than any session reaches
    (3300.0, "supported"),
])
def test_a_bound_on_a_close_only_series_allows_a_days_move(env, figure, label):
    april = Period(text="in April", kind="month", start=date(2025, 4, 1), end=date(2025, 4, 30))
    claim = Claim(id="t", sentence_index=0, kind="level", subject=("GOLD",), metric="price", period=april,
                  values=(Quantity(value=figure, unit="usd", text=f"${figure:,.0f}"),),
                  slots=LevelSlots(bound="above"), text=f"Gold topped ${figure:,.0f} an ounce in April.")
    verdict = _check(env, claim, date(2025, 5, 2))
    assert verdict.label == label, verdict.reason


@pytest.mark.parametrize(("subject", "figure", "unit", "bound", "day", "label"), [
    # SPX on 2025-04-15 traded 5,386.44 to 5,450.41 (low, high; the close before 5,405.97)
    ("SPX", 5420.0, "points", "at", date(2025, 4, 15), "supported"),
    ("SPX", 5100.0, "points", "at", date(2025, 4, 15), "contradicted"),  # below the whole range (and the next day's)
    ("SPX", 5300.0, "points", "at", date(2025, 4, 15), "unverifiable"),  # in the next day's range: the stamp may be off
    ("SPX", 5380.0, "points", "above", date(2025, 4, 15), "supported"),  # the whole range above it
    ("SPX", 5400.0, "points", "above", date(2025, 4, 15), "unverifiable"),  # the range straddles it
    # closes only: the two closes either side of the moment (gold 3,406.20 / 3,400.80 around 2025-04-22)
    ("GOLD", 3404.0, "usd", "at", date(2025, 4, 22), "supported"),
    ("GOLD", 3468.0, "usd", "at", date(2025, 4, 22), "unverifiable"),  # within a day's swing (gold hit 3,500)
    ("GOLD", 3900.0, "usd", "at", date(2025, 4, 22), "contradicted"),
    ("GOLD", 3200.0, "usd", "above", date(2025, 4, 22), "unverifiable"),  # a bound is never confirmed by closes
])
def test_a_live_quote_is_read_against_the_sessions_range(env, subject, figure, unit, bound, day, label):
    live = Period(text="the live quote when the note was written", kind="intraday", start=day, end=day)
    claim = Claim(id="q", sentence_index=0, kind="level", subject=(subject,),
                  metric="close" if unit == "points" else "price", period=live, slots=LevelSlots(bound=bound),
                  values=(Quantity(value=figure, unit=unit, text=f"{'$' if unit == 'usd' else ''}{figure:,.0f}"),),
                  text=f"{subject} is trading {bound} {figure:,.0f}")
    verdict = _check(env, claim, day, as_of="2025-05-01")
    assert verdict.label == label, verdict.reason


@pytest.mark.parametrize(("price", "label"), [
    # 2025-04-11: WTI front-month future (CL=F) 61.50, EIA Cushing spot 61.91
    (61.50, "supported"),  # the future's price, as news copy quotes oil
    (61.91, "supported"),  # the spot price
    (55.0, "contradicted"),  # neither
])
def test_an_oil_price_holds_on_the_spot_series_or_the_front_month_future(env, price, label):
    friday = Period(text="on Friday", kind="day", start=date(2025, 4, 11), end=date(2025, 4, 11))
    claim = Claim(id="o", sentence_index=0, kind="level", subject=("WTI",), metric="price", period=friday,
                  values=(Quantity(value=price, unit="usd", text=f"${price:.2f}"),), slots=LevelSlots(bound="at"),
                  text=f"WTI crude settled at ${price:.2f} a barrel on Friday.")
    verdict = _check(env, claim, date(2025, 4, 12))
    assert verdict.label == label, verdict.reason
    if price == 61.50:
        assert "WTI_FUT" in verdict.reason and "61.91" in verdict.reason  # both readings are shown


MARCH = Period(text="in March", kind="month", start=date(2025, 3, 1), end=date(2025, 3, 31))
Q4 = Period(text="in the fourth quarter", kind="quarter", start=date(2024, 10, 1), end=date(2024, 12, 31))


@pytest.mark.parametrize(("subject", "figure", "unit", "period", "label"), [
    # March 2025 payrolls: first printed +228,000, +67,000 in the stored (latest) vintage
    ("PAYEMS", 228000.0, "count", MARCH, "unverifiable"),  # within revisions: the note may quote the first print
    ("PAYEMS", 500000.0, "count", MARCH, "contradicted"),  # further than revisions move it
    ("PAYEMS", 67000.0, "count", MARCH, "supported"),
    # real GDP, Q4 2024: 2.4% annualized as published (third estimate), 1.9% in the stored vintage
    ("GDP", 2.4, "percent", Q4, "unverifiable"),  # within the revision band (registry revision_band: 1.0 pp)
    ("GDP", 5.0, "percent", Q4, "contradicted"),
])
def test_a_revised_series_is_judged_within_its_revisions(env, subject, figure, unit, period, label):
    written = f"{figure:,.0f}" if unit == "count" else f"{figure:g}%"
    claim = Claim(id="j", sentence_index=0, kind="return", subject=(subject,),
                  metric="change" if unit == "count" else "return", direction="up", period=period,
                  values=(Quantity(value=figure, unit=unit, text=written),), text=f"{subject} rose {written}.")
    verdict = _check(env, claim, date(2025, 5, 1))
    assert verdict.label == label, verdict.reason
    if label == "unverifiable":
        assert "revised" in verdict.reason and ("67,000" in verdict.reason or "1.85%" in verdict.reason)


@pytest.mark.parametrize(("figure", "label"), [
    # 2025-04-09: WTI front-month future +4.65%, EIA spot +4.31%
    (4.6, "supported"),  # the future's move
    (4.3, "supported"),  # the spot's
    (9.0, "contradicted"),  # neither
])
def test_an_oil_move_holds_on_the_spot_series_or_the_front_month_future(env, figure, label):
    wednesday = Period(text="on Wednesday", kind="day", start=date(2025, 4, 9), end=date(2025, 4, 9))
    claim = Claim(id="m", sentence_index=0, kind="return", subject=("WTI",), metric="return", direction="up",
                  values=(Quantity(value=figure, unit="percent", text=f"{figure}%"),), period=wednesday,
                  text=f"Oil prices rebounded {figure}% on Wednesday.")
    verdict = _check(env, claim, date(2025, 4, 10))
    assert verdict.label == label, verdict.reason


def test_a_bound_met_by_the_close_is_no_near_miss(env):
    # "Gold hit a record high of $3,222.20 on Friday": the 2025-04-11 close, stored as 3,222.19995
    friday = Period(text="on Friday", kind="day", start=date(2025, 4, 11), end=date(2025, 4, 11))
    claim = Claim(id="b", sentence_index=0, kind="level", subject=("GOLD",), metric="price", period=friday,
                  values=(Quantity(value=3222.2, unit="usd", text="$3,222.20"),), slots=LevelSlots(bound="above"),
                  text="Gold hit a record high of $3,222.20 on Friday.")
    verdict = _check(env, claim, date(2025, 4, 12))
    assert verdict.label == "supported", verdict.reason


@pytest.mark.parametrize(("published", "direction", "figure", "label"), [
    # S&P 500: 04-22 +2.51%, 04-23 +1.67% (+4.22% over the two); 04-17 +0.13%, 04-18 a holiday, 04-21 -2.36%
    (datetime(2025, 4, 23, 21, 30), "up", 4.2, "supported"),  # after the close: the two sessions up to 04-23
    (date(2025, 4, 22), "down", 2.2, "supported"),  # a bare date: 04-17 and 04-21 (the holiday is no session)
    (date(2025, 4, 22), "down", 2.4, "imprecise"),  # 04-21 alone, or calendar days, would give -2.36%
])
def test_the_past_two_days_are_two_sessions_of_the_market(env, published, direction, figure, label):
    from notes_analyzer.nlp.periods import find_periods

    day = published.date() if isinstance(published, datetime) else published
    (found,) = find_periods("over the past two days", day)
    claim = Claim(id="s", sentence_index=0, kind="return", subject=("SPX",), metric="return", direction=direction,
                  values=(Quantity(value=figure, unit="percent", text=f"{figure}%"),), period=found.period,
                  text=f"The S&P 500 moved {figure}% over the past two days.")
    queries, instruments, events = env
    verdict = check_claims(read_claims([claim]), queries, instruments, events, CheckOptions(as_of="2025-04-30"),
                           published)[0]
    assert verdict.label == label, verdict.reason


@pytest.mark.parametrize(("subject", "figure", "label"), [
    # 2024, on dividend-adjusted ETF proxies (DJI's own closes start in 2024-08): DIA +14.82%, the Dow's price
    # index +12.88%; SPY ahead of the S&P 500 by 1.3–2.4 pp a year
    ("DJI", 12.9, "supported"),  # the price index's move, within the proxy's dividend drift
    ("DJI", 10.0, "contradicted"),  # below even the drift
])
def test_a_price_return_on_a_dividend_etf_proxy_allows_the_instruments_drift(env, subject, figure, label):
    year = Period(text="last year", kind="year", start=date(2024, 1, 1), end=date(2024, 12, 31))
    claim = Claim(id="d", sentence_index=0, kind="return", subject=(subject,), metric="return", direction="up",
                  values=(Quantity(value=figure, unit="percent", text=f"{figure}%"),), period=year,
                  text=f"The Dow rose {figure}% last year.")
    verdict = _check(env, claim, date(2025, 4, 14))
    assert verdict.label == label, verdict.reason



@pytest.mark.parametrize(("published", "figure", "label"), [
    # CPI y/y: February 2025 2.80%, March 2.38% (out on 2025-04-10; CPI comes out between the 10th and 15th)
    (date(2025, 4, 11), 2.4, "supported"),  # March's figure may already be the one the writer saw
    (date(2025, 4, 11), 2.8, "supported"),  # or February's
    (date(2025, 4, 5), 2.4, "contradicted"),  # March's was not out yet
    (date(2025, 4, 11), 3.5, "contradicted"),  # neither
])
def test_a_macro_rate_with_no_period_is_one_of_the_latest_releases(env, published, figure, label):
    claim = Claim(id="c", sentence_index=0, kind="level", subject=("CPI",), metric="inflation",
                  values=(Quantity(value=figure, unit="percent", text=f"{figure}%"),), slots=LevelSlots(bound="at"),
                  text=f"Consumer prices rose {figure}% from a year earlier.")
    verdict = _check(env, claim, published)
    assert verdict.label == label, verdict.reason


@pytest.mark.parametrize(("kind", "figure", "direction", "period", "label"), [
    # June 2022 CPI y/y 8.98% on the adjusted series the store holds; 9.1% as published (unadjusted)
    ("level", 9.1, None, (2022, 6), "unverifiable"),
    ("level", 8.0, None, (2022, 6), "contradicted"),  # beyond what adjustment moves it by
    # March 2025 m/m: -0.1% as first published, +0.03% after the 2026 seasonal re-adjustment
    ("return", 0.1, "down", (2025, 3), "unverifiable"),
    ("return", 0.5, "down", (2025, 3), "contradicted"),
])
def test_cpi_figures_within_its_revision_band_are_unverifiable(env, kind, figure, direction, period, label):
    month = Period(text="that month", kind="month", start=date(*period, 1), end=date(*period, 28))
    claim = Claim(id="c", sentence_index=0, kind=kind, subject=("CPI",),
                  metric="inflation" if kind == "level" else "return", direction=direction, period=month,
                  values=(Quantity(value=figure, unit="percent", text=f"{figure}%"),),
                  slots=LevelSlots(bound="at") if kind == "level" else None, text="consumer prices")
    verdict = _check(env, claim, date(period[0], period[1] + 1, 20))
    assert verdict.label == label, verdict.reason


@pytest.mark.parametrize(("text", "value", "direction", "label"), [
    # S&P 500 on 2025-04-07: prior close 5,074.08; low 4,835.04 (-4.71%), high 5,246.57 (+3.40%); closed -0.23%
    ("The S&P 500 fell as much as 4.7% on Monday before ending 0.2% lower.", 4.7, "down", "supported"),
    ("The S&P 500 fell as much as 2% on Monday.", 2.0, "down", "contradicted"),  # it fell further
    ("The S&P 500 was up 3.4% at one point on Monday.", 3.4, "up", "supported"),
])
def test_a_move_at_its_furthest_in_a_closed_session_is_the_days_low_or_high(env, text, value, direction, label):
    monday = Period(text="on Monday", kind="day", start=date(2025, 4, 7), end=date(2025, 4, 7))
    claim = Claim(id="x", sentence_index=0, kind="return", subject=("SPX",), metric="return", direction=direction,
                  values=(Quantity(value=value, unit="percent", text=f"{value:g}%"),), period=monday, text=text)
    verdict = _check(env, claim, date(2025, 4, 8))
    assert verdict.label == label, verdict.reason
    assert "the day's" in verdict.reason


def test_a_move_at_its_furthest_over_several_sessions_is_unverifiable(env):
    week = Period(text="this week", kind="week", start=date(2025, 3, 31), end=date(2025, 4, 4))
    claim = Claim(id="x", sentence_index=0, kind="return", subject=("SPX",), metric="return", direction="down",
                  values=(Quantity(value=10.0, unit="percent", text="10%"),), period=week,
                  text="The S&P 500 fell as much as 10% this week.")
    assert _check(env, claim, date(2025, 4, 5)).label == "unverifiable"


def test_another_figures_intraday_words_leave_a_close_to_close_move(env):
    """"fell 0.2% … after falling as much as 4.7%": the 0.2% is the close (reading.py reads words near its figure)."""
    monday = Period(text="on Monday", kind="day", start=date(2025, 4, 7), end=date(2025, 4, 7))
    claim = Claim(id="x", sentence_index=0, kind="return", subject=("SPX",), metric="return", direction="down",
                  values=(Quantity(value=0.2, unit="percent", text="0.2%"),), period=monday,
                  text="The S&P 500 ended 0.2% lower on Monday after falling as much as 4.7% intraday.")
    verdict = _check(env, claim, date(2025, 4, 8))
    assert verdict.label == "supported" and "computed -0.23%" in verdict.reason, verdict.reason


def test_a_days_market_move_named_as_a_noun_states_its_own_move(env):
    """"after yesterday's market losses": the noun is the move (reading.py: day_market_move), not a subject whose
    move words stand elsewhere."""
    monday = Period(text="yesterday", kind="day", start=date(2025, 4, 21), end=date(2025, 4, 21))
    claim = Claim(id="m", sentence_index=0, kind="return", subject=("SPX",), subject_text="yesterday's market losses",
                  metric="return", direction="down", figure_missing=True, period=monday,
                  text="U.S. stock futures are pointing higher after yesterday's market losses.")
    assert _check(env, claim, date(2025, 4, 22)).label == "supported"


@pytest.mark.parametrize(("streak_to", "n", "label"), [
    # S&P 500 rose on 2025-04-22, 23, 24 and 25
    ("session", 4, "supported"),  # "extended its winning streak to four sessions" on the 25th
    ("before_session", 3, "supported"),  # "snapped a three-day winning streak" on the 25th: 22-24 were up
])
def test_a_streak_ends_with_the_session_or_the_one_before(env, streak_to, n, label):
    friday = Period(text="the note's session", kind="day", start=date(2025, 4, 25), end=date(2025, 4, 25))
    claim = Claim(id="s", sentence_index=0, kind="count", subject=("SPX",), metric="streak", direction="up",
                  values=(Quantity(value=float(n), unit="count", text=str(n)),), period=friday,
                  slots=CountSlots(streak_to=streak_to), text="a winning streak")
    assert _check(env, claim, date(2025, 4, 26)).label == label


@pytest.mark.parametrize(("published", "label"), [
    # WTI front month: 71.48 at the 2025-03-31 close, 64.31 on 04-22 (-10.0%), 62.27 on 04-23 (-12.9%)
    (datetime(2025, 4, 23, 22, 0), "supported"),  # no zone, after the close: "this month" runs to that close
    (date(2025, 4, 23), "imprecise"),  # a bare date: the close before, -10.0%
])
def test_a_calendar_period_still_running_is_measured_to_the_last_close_seen(env, published, label):
    month = Period(text="this month", kind="month", start=date(2025, 4, 1), end=date(2025, 4, 22))
    claim = Claim(id="o", sentence_index=0, kind="return", subject=("WTI",), metric="return", direction="down",
                  values=(Quantity(value=12.0, unit="percent", text="12%", hedge="about"),), period=month,
                  text="Oil prices are down about 12% this month.")
    queries, instruments, events = env
    verdict = check_claims(read_claims([claim]), queries, instruments, events, CheckOptions(as_of="2025-04-30"),
                           published)[0]
    assert verdict.label == label, verdict.reason
