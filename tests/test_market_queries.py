"""Query API on the real ../shared/market-data store: known answers, as-of rules, no-data answers."""

from __future__ import annotations

from datetime import date

import pytest

from notes_analyzer.errors import NoData, SeriesNotFound


def test_rut_known_closes_and_ytd(market_queries) -> None:
    q = market_queries
    assert q.value_at("RUT", date(2025, 12, 31)).value == pytest.approx(2481.91)
    assert q.value_at("RUT", date(2026, 1, 13)).value == pytest.approx(2633.11)
    ytd = q.ytd("RUT", date(2026, 1, 13))
    assert ytd.start_obs.date == date(2025, 12, 31) and ytd.start_obs.value == pytest.approx(2481.91)
    assert ytd.end_obs.date == date(2026, 1, 13) and ytd.end_obs.value == pytest.approx(2633.11)
    assert round(ytd.pct, 2) == 6.09
    assert ytd.diff == pytest.approx(151.20)
    assert ytd.observations == (ytd.start_obs, ytd.end_obs)


def test_rut_record_closes_january_2026(market_queries) -> None:
    result = market_queries.record_high("RUT", date(2026, 1, 1), date(2026, 1, 13))
    assert [o.date for o in result.record_days] == [date(2026, 1, 8), date(2026, 1, 9), date(2026, 1, 12)]
    assert result.prior_record.date == date(2025, 12, 11)
    assert result.prior_record.value == pytest.approx(2590.61)
    assert result.coverage_ok and result.any_record
    assert result.prior_record in result.observations


def test_record_since_before_series_start_flags_coverage(market_queries) -> None:
    result = market_queries.record_high("RUT", date(2026, 1, 1), date(2026, 1, 13), since=date(2000, 1, 1))
    assert result.coverage_ok is False
    assert result.history_start == date(2016, 6, 28)


def test_intraday_high_record_uses_high_field(market_queries) -> None:
    closes = market_queries.record_high("RUT", date(2026, 1, 1), date(2026, 1, 13))
    highs = market_queries.record_high("RUT", date(2026, 1, 1), date(2026, 1, 13), field="high")
    assert highs.field == "high"
    assert highs.prior_record.value >= closes.prior_record.value
    assert all(o.value >= 2590.61 for o in highs.record_days)
    assert highs.prior_record.series == "RUT.high"


def test_ndx_ytd(market_queries) -> None:
    ytd = market_queries.ytd("NDX", date(2026, 1, 13))
    assert ytd.start_obs.value == pytest.approx(25249.85, abs=0.01)
    assert ytd.end_obs.value == pytest.approx(25741.95, abs=0.01)
    assert round(ytd.pct, 2) == 1.95


def test_fed_funds_range_and_2025_cuts(market_queries) -> None:
    rng = market_queries.range_at("DFEDTARL", "DFEDTARU", date(2025, 12, 31))
    assert (rng.low, rng.high) == (3.50, 3.75)
    cuts = market_queries.rate_changes("DFEDTARU", date(2025, 1, 1), date(2025, 12, 31))
    assert cuts.cuts == 3 and cuts.hikes == 0 and len(cuts) == 3
    assert [c.decision_date for c in cuts] == [date(2025, 9, 17), date(2025, 10, 29), date(2025, 12, 10)]
    assert [c.date for c in cuts] == [date(2025, 9, 18), date(2025, 10, 30), date(2025, 12, 11)]
    assert all(c.change_bp == -25 for c in cuts)
    assert cuts[-1].new == 3.75 and len(cuts.observations) == 6


def test_value_at_is_as_of_with_date_used(market_queries) -> None:
    sat = market_queries.value_at("RUT", date(2026, 1, 10))  # a Saturday
    assert sat.date == date(2026, 1, 9) and sat.stale_days == 1


def test_january_return_runs_from_last_close_of_prior_year(market_queries) -> None:
    jan = market_queries.change("RUT", date(2026, 1, 1), date(2026, 1, 31))
    assert jan.start_obs.date == date(2025, 12, 31)
    assert jan.end_obs.date.month == 1 and jan.end_obs.date <= date(2026, 1, 31)


def test_trailing_window(market_queries) -> None:
    t = market_queries.trailing("RUT", date(2026, 1, 13), 7)
    assert t.start_obs.date <= date(2026, 1, 6) and t.end_obs.date == date(2026, 1, 13)


def test_extreme_max_min(market_queries) -> None:
    hi = market_queries.extreme("RUT", date(2026, 1, 1), date(2026, 1, 13), "max")
    lo = market_queries.extreme("RUT", date(2026, 1, 1), date(2026, 1, 13), "min")
    assert hi.date == date(2026, 1, 12) and hi.value == pytest.approx(2635.69)
    assert lo.value < hi.value
    with pytest.raises(NoData, match="closes only"):
        market_queries.extreme("NDX", date(2026, 1, 1), date(2026, 1, 13), "max", field="high")


def test_rank_window_strongest_start(market_queries) -> None:
    rank = market_queries.rank_window("RUT", 2026, "01-01", "01-13", 9)
    assert rank.years_covered[0] == 2026 and len(rank.years_covered) == 10
    assert rank.years_missing == ()
    best = max(pct for _, pct in rank.returns)
    assert (rank.rank == 1) == (rank.returns[0][1] == best)
    long = market_queries.rank_window("RUT", 2026, (1, 1), (1, 13), 15)
    assert 2016 in long.years_missing  # RUT data starts 2016-06-28


def test_monthly_series_tolerance(market_queries) -> None:
    cpi = market_queries.value_at("CPIAUCSL", date(2025, 12, 15))
    assert cpi.date.day == 1
    with pytest.raises(NoData, match="stale"):
        market_queries.value_at("SHILLER_PE10", date(2025, 1, 1))  # placeholder zeros were not loaded


def test_no_data_before_series_start(market_queries) -> None:
    with pytest.raises(NoData, match="series starts"):
        market_queries.value_at("NDX", date(2020, 1, 2))
    with pytest.raises(NoData):
        market_queries.change("NDX", date(2024, 8, 22), date(2024, 12, 31))  # no base before the start


def test_no_data_for_stale_and_empty_periods(market_queries) -> None:
    with pytest.raises(NoData, match="stale"):
        market_queries.value_at("IWM", date(2026, 8, 1))  # IWM file ends 2026-03-27
    with pytest.raises(NoData):
        market_queries.change("RUT", date(2026, 1, 10), date(2026, 1, 11))  # a weekend: nothing in it
    with pytest.raises(NoData):
        market_queries.change("RUT", date(2026, 1, 13), date(2026, 1, 1))


def test_unknown_series_lists_close_matches(market_queries) -> None:
    with pytest.raises(SeriesNotFound, match="RUT"):
        market_queries.value_at("RUTX", date(2026, 1, 2))


def test_partial_coverage_is_never_a_silent_answer(market_queries) -> None:
    with pytest.raises(NoData, match="does not cover"):
        market_queries.extreme("RUT", date(2016, 1, 1), date(2016, 12, 31), "min")  # RUT starts 2016-06-28
    late = market_queries.rate_changes("DFEDTARU", date(2026, 1, 1), date(2026, 12, 31))
    assert late.complete is False  # data ends 2026-08-21
    assert market_queries.rate_changes("DFEDTARU", date(2025, 1, 1), date(2025, 12, 31)).complete
    rec = market_queries.record_high("RUT", date(2026, 8, 1), date(2026, 12, 31))
    assert rec.window_complete is False


def test_datetime_arguments_are_accepted(market_queries) -> None:
    from datetime import datetime

    assert market_queries.value_at("RUT", datetime(2025, 12, 31, 16, 0)).value == pytest.approx(2481.91)


def test_monthly_value_and_yoy(market_queries, shared_dir) -> None:
    import csv

    with open(shared_dir / "market-data" / "fred_CPIAUCSL.csv", newline="") as fh:
        cpi = {row["date"]: float(row["CPIAUCSL"]) for row in csv.DictReader(fh)}
    yoy = market_queries.yoy("CPIAUCSL", 2025, 12)
    assert yoy.end_obs.date == date(2025, 12, 1) and yoy.start_obs.date == date(2024, 12, 1)
    assert yoy.pct == pytest.approx((cpi["2025-12-01"] / cpi["2024-12-01"] - 1) * 100)
    with pytest.raises(NoData, match="2025-10"):  # BLS published no October 2025 CPI
        market_queries.monthly_value("CPIAUCSL", 2025, 10)
    with pytest.raises(NoData):
        market_queries.yoy("UNRATE", 2025, 10)


def test_released_by_is_what_a_reader_could_have_seen(market_queries) -> None:
    # CPI for November 2025 came out in mid-December; October 2025 was never published (shutdown).
    seen = market_queries.released_by("CPIAUCSL", date(2025, 12, 11), lag_days=14)
    assert seen.date == date(2025, 9, 1)
    later = market_queries.released_by("CPIAUCSL", date(2026, 1, 10), lag_days=14)
    assert later.date == date(2025, 11, 1)
    daily = market_queries.released_by("RUT", date(2026, 1, 13), lag_days=14)
    assert daily.date == date(2026, 1, 13) and daily.value == pytest.approx(2633.11)
    with pytest.raises(NoData):
        market_queries.released_by("CPIAUCSL", date(1947, 1, 20), lag_days=14)
