"""Hard negatives: true claims built from the shared data, then broken; none may come out supported.

Each family takes a true claim (its figure computed from the store) and breaks it the way notes
get things wrong: the wrong sign, a month or a year off, ×10 or ÷10, the wrong index, the wrong
rate range, one cut too many or too few, a record high in a week that set none. A case is kept
only when the data make the broken claim actually false (e.g. the next month must not happen to
have the same move). The unbroken claims must come out supported, so the generator is sound.
"""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest
from conftest import read_claims

from notes_analyzer.check import check_claims
from notes_analyzer.config import CheckOptions
from notes_analyzer.errors import NoData
from notes_analyzer.records import Claim, Period, Quantity

INDICES = ("RUT", "SPX", "NDX", "IXIC", "DJI")
SWAP = {"RUT": "NDX", "SPX": "RUT", "NDX": "RUT", "IXIC": "RUT", "DJI": "NDX"}
MONTHS = tuple((2025, m) for m in range(1, 13))
#: A broken figure must miss the data by more than this (pp) to count as a negative.
MIN_MISS_PP = 0.3
MOVE_FAMILIES = ("wrong_sign", "times_ten", "divided_by_ten", "month_off", "year_off", "wrong_index")
MIN_CASES = 100


def _month(year: int, month: int) -> Period:
    nxt = date(year + month // 12, month % 12 + 1, 1)
    return Period(text=f"{date(year, month, 1):%B %Y}", kind="month", start=date(year, month, 1),
                  end=nxt - timedelta(days=1))


def _shift(period: Period, months: int) -> Period:
    total = period.start.year * 12 + period.start.month - 1 + months
    return _month(total // 12, total % 12 + 1)


def _move_claim(cid: str, subject: str, pct: float, period: Period, decimals: int = 1) -> Claim:
    text = f"{abs(pct):.{decimals}f}%"
    direction = "up" if pct >= 0 else "down"
    return Claim(id=cid, sentence_index=0, kind="return", subject=(subject,), metric="return", direction=direction,
                 values=(Quantity(value=round(abs(pct), decimals), unit="percent", text=text),), period=period,
                 text=f"{subject} {'rose' if pct >= 0 else 'fell'} {text} in {period.text}")


def _pct(queries, instruments, subject: str, period: Period) -> float | None:
    try:
        return queries.change(instruments.get(subject).series, period.start, period.end).pct
    except NoData:
        return None


def true_moves(queries, instruments, subject: str):
    for year, month in MONTHS:
        period = _month(year, month)
        pct = _pct(queries, instruments, subject, period)
        if pct is not None:
            yield _move_claim(f"{subject}-{year}-{month:02d}", subject, pct, period), pct


def broken_moves(queries, instruments, family: str, subject: str):
    """(claim, published) pairs of one family for one index, each false on the data."""
    for claim, pct in true_moves(queries, instruments, subject):
        q, cid = claim.values[0], f"{claim.id}-{family}"
        broken = None
        if family == "wrong_sign" and abs(pct) >= MIN_MISS_PP:
            broken = dataclasses.replace(claim, direction="down" if claim.direction == "up" else "up")
        elif family == "times_ten" and abs(pct) >= MIN_MISS_PP:
            broken = dataclasses.replace(claim, values=(dataclasses.replace(q, value=q.value * 10,
                                                                            text=f"{q.value * 10:.0f}%"),))
        elif family == "divided_by_ten" and abs(pct) >= 1.0:
            broken = dataclasses.replace(claim, values=(dataclasses.replace(q, value=round(q.value / 10, 2),
                                                                            text=f"{q.value / 10:.2f}%"),))
        elif family in ("month_off", "year_off"):
            period = _shift(claim.period, 1 if family == "month_off" else -12)
            other = _pct(queries, instruments, subject, period)
            if other is not None and abs(other - pct) > MIN_MISS_PP:
                broken = dataclasses.replace(claim, period=period)
        elif family == "wrong_index":
            other = _pct(queries, instruments, SWAP[subject], claim.period)
            if other is not None and abs(other - pct) > MIN_MISS_PP:
                broken = dataclasses.replace(claim, subject=(SWAP[subject],))
        if broken is not None:
            yield dataclasses.replace(broken, id=cid), broken.period.end + timedelta(days=1)


def broken_ranges(queries):
    for year in (2023, 2024, 2025):
        for month in (2, 5, 8, 11):
            day = date(year, month, 15)
            got = queries.range_at("DFEDTARL", "DFEDTARU", day)
            for shift in (-0.25, 0.25, 0.5):
                low, high = got.low + shift, got.high + shift
                q = Quantity(value=low, upper=high, unit="percent", text=f"{low:.2f}%–{high:.2f}%")
                yield Claim(id=f"range-{day}-{shift:+}", sentence_index=0, kind="range", subject=("FEDFUNDS_TARGET",),
                            metric="target_range", values=(q,), text=f"fed funds at {q.text}",
                            period=Period(text=str(day), kind="day", start=day, end=day)), day + timedelta(days=1)


def broken_counts(queries):
    for year in (2022, 2023, 2024, 2025):
        changes = queries.rate_changes("DFEDTARU", date(year, 1, 1), date(year, 12, 31))
        for metric, n in (("rate_cuts", changes.cuts), ("rate_hikes", changes.hikes)):
            for wrong in {n + 1, n - 1, n + 2} - {-1}:
                q = Quantity(value=float(wrong), unit="count", text=str(wrong))
                yield Claim(id=f"count-{year}-{metric}-{wrong}", sentence_index=0, kind="count", values=(q,),
                            subject=("FEDFUNDS_TARGET",), metric=metric, text=f"{wrong} {metric} in {year}",
                            period=Period(text=str(year), kind="year", start=date(year, 1, 1),
                                          end=date(year, 12, 31))), date(year + 1, 1, 15)


def broken_records(queries):
    for subject in ("RUT", "SPX", "IXIC"):
        monday = date(2025, 1, 6)
        while monday < date(2025, 12, 22):
            friday = monday + timedelta(days=4)
            result = queries.record_high(subject, monday, friday)
            if not result.any_record:
                yield Claim(id=f"record-{subject}-{monday}", sentence_index=0, kind="record", subject=(subject,),
                            metric="record_high", text=f"{subject} hit a record high last week",
                            period=Period(text="last week", kind="week", start=monday, end=friday)), \
                    friday + timedelta(days=3)
            monday += timedelta(days=7)


@pytest.fixture(scope="module")
def env(market_store, market_queries):
    from notes_analyzer.market.events import EventRegistry
    from notes_analyzer.market.instruments import InstrumentRegistry

    return market_queries, InstrumentRegistry.load(), EventRegistry.load()


def _check(env, claim: Claim, published: date):
    queries, instruments, events = env
    options = CheckOptions(as_of=str(published))
    return check_claims(read_claims([claim]), queries, instruments, events, options, published)[0]


def _assert_never_supported(env, cases, minimum: int):
    cases = list(cases)
    assert len(cases) >= minimum, f"only {len(cases)} cases generated"
    wrong = [(c.id, v.evidence.sentence) for c, pub in cases if (v := _check(env, c, pub)).label == "supported"]
    assert not wrong, wrong
    return cases


@pytest.mark.parametrize("subject", INDICES)
def test_true_monthly_moves_are_supported(env, subject):
    queries, instruments, _ = env
    claims = list(true_moves(queries, instruments, subject))
    assert len(claims) >= 10
    labels = {c.id: _check(env, c, c.period.end + timedelta(days=1)).label for c, _ in claims}
    assert set(labels.values()) == {"supported"}, labels


@pytest.mark.parametrize("subject", INDICES)
@pytest.mark.parametrize("family", MOVE_FAMILIES)
def test_broken_moves_are_never_supported(env, family, subject):
    queries, instruments, _ = env
    _assert_never_supported(env, broken_moves(queries, instruments, family, subject), minimum=3)


def test_wrong_rate_ranges_are_contradicted(env):
    cases = _assert_never_supported(env, broken_ranges(env[0]), minimum=30)
    assert {_check(env, c, pub).label for c, pub in cases} == {"contradicted"}


def test_wrong_cut_and_hike_counts_are_contradicted(env):
    cases = _assert_never_supported(env, broken_counts(env[0]), minimum=20)
    assert {_check(env, c, pub).label for c, pub in cases} == {"contradicted"}
    four = next(c for c, _ in cases if c.id == "count-2025-rate_cuts-4")
    assert "3 cuts" in _check(env, four, date(2026, 1, 15)).evidence.sentence


def test_record_highs_that_were_not_are_contradicted(env):
    cases = _assert_never_supported(env, broken_records(env[0]), minimum=20)
    assert {_check(env, c, pub).label for c, pub in cases} == {"contradicted"}


def test_at_least_a_hundred_hard_negatives(env):
    queries, instruments, _ = env
    moves = sum(len(list(broken_moves(queries, instruments, f, s))) for f in MOVE_FAMILIES for s in INDICES)
    others = sum(len(list(gen(queries))) for gen in (broken_ranges, broken_counts, broken_records))
    assert moves + others >= MIN_CASES


@pytest.mark.parametrize(("text", "subject_text", "subject"), [
    ("European small caps rose 5% in May.", "small caps", "RUT"),
    ("Japanese 10-year yields rose 24 bp in May.", "10-year yields", "UST10Y"),
    ("Emerging-market stocks gained 5% in May.", "stocks", "SPX"),
])
def test_another_market_named_like_a_us_instrument_is_unverifiable(env, text, subject_text, subject):
    claim = Claim(id="foreign", sentence_index=0, kind="return", subject=(subject,), subject_text=subject_text,
                  metric="return", direction="up", values=(Quantity(value=5.0, unit="percent", text="5%"),),
                  period=_month(2025, 5), text=text)
    verdict = _check(env, claim, date(2025, 6, 2))
    assert verdict.label == "unverifiable" and "does not measure" in verdict.reason
    plain = dataclasses.replace(claim, text=text.split(" ", 1)[1].capitalize())
    assert _check(env, plain, date(2025, 6, 2)).label != "unverifiable"
