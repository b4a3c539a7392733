"""The seed note (../shared/seeds, published 2026-01-14): its claims checked on the shared market data.

Unit level: the seed's claims written as the Claim records docs/claims.md specifies, so this
test pins the checker alone. The end-to-end test (text → NLP → checker) is in test_check_e2e.py.
"""

from __future__ import annotations

from datetime import date

import pytest
from conftest import read_claims

from notes_analyzer.check import check_claims, score_note
from notes_analyzer.config import CheckOptions
from notes_analyzer.records import Claim, EventSlots, Period, Quantity, RecordSlots, RelativeSlots

PUBLISHED = date(2026, 1, 14)
YTD = Period(text="start to a year", kind="ytd", start=date(2026, 1, 1), end=date(2026, 1, 13))
LAST_WEEK = Period(text="last week", kind="week", start=date(2026, 1, 5), end=date(2026, 1, 9))


def _claim(cid: str, kind: str, text: str, **slots) -> Claim:
    return Claim(id=cid, sentence_index=0, text=text, kind=kind, **slots)


SEED_CLAIMS = (
    _claim("rocketed", "return", "the Russell 2000 Index has rocketed", subject=("RUT",), subject_text="Russell 2000",
           metric="return", direction="up", period=YTD, figure_missing=True),
    _claim("best_start", "record", "marking its strongest start to a year in over a decade", subject=("RUT",),
           metric="best_start", period=YTD, slots=RecordSlots(lookback_years=10, window="ytd")),
    _claim("ndx", "return", "the tech-heavy Nasdaq 100, which has remained relatively flat, gaining a meager 2.0%",
           subject=("NDX",), subject_text="Nasdaq 100", metric="return", direction="up", period=YTD,
           values=(Quantity(value=2.0, unit="percent", text="2.0%", hedge="a meager"),), hedge="a meager"),
    _claim("contrast", "relative", "This performance stands in stark contrast to the tech-heavy Nasdaq 100, which has "
           "remained relatively flat, gaining a meager 2.0%", subject=("RUT",), comparator="NDX",
           comparator_text="Nasdaq 100", metric="return", period=YTD, slots=RelativeSlots(relation="contrast"),
           values=(Quantity(value=2.0, unit="percent", text="2.0%", hedge="a meager"),)),
    _claim("cuts", "count", "culminating in a three-rate cut cycle", subject=("FEDFUNDS_TARGET",), metric="rate_cuts",
           values=(Quantity(value=3.0, unit="count", text="three"),)),
    _claim("range", "range", "settled the federal funds rate into a more manageable 3.50%–3.75% range",
           subject=("FEDFUNDS_TARGET",), metric="target_range",
           values=(Quantity(value=3.5, upper=3.75, unit="percent", text="3.50%–3.75%"),)),
    _claim("obbba", "event", 'The "One Big Beautiful Act" (OBBBA), passed in July 2025', metric="event",
           period=Period(text="July 2025", kind="month", start=date(2025, 7, 1), end=date(2025, 7, 31)),
           slots=EventSlots(event="obbba", action="passed")),
    _claim("record", "record", "The breakout in the Russell 2000 to a record high last week", subject=("RUT",),
           metric="record_high", period=LAST_WEEK),
    _claim("valuation", "valuation", "the nearly 30% valuation discount small-caps held versus large-caps",
           subject=("RUT",), comparator="SPX", metric="valuation_discount", hedge="nearly",
           values=(Quantity(value=30.0, unit="percent", text="30%", hedge="nearly"),)),
    _claim("forecast", "forecast", "small-cap earnings growth for 2026 projected to hit an inflection point and "
           "outpace the S&P 500", subject=("RUT",), comparator="SPX", metric="earnings_growth",
           period=Period(text="2026", kind="year", start=date(2026, 1, 1), end=date(2026, 12, 31))),
    _claim("opinion", "opinion", "the institutional flow into these quality value stocks is a conviction buy"),
    _claim("decade", "record", "the single best decade for U.S. small-cap performance was the 1970s",
           subject=("RUT",), metric="best_decade",
           period=Period(text="the 1970s", kind="decade", start=date(1970, 1, 1), end=date(1979, 12, 31))),
)

EXPECTED = {"rocketed": "supported", "best_start": "contradicted", "ndx": "supported", "contrast": "supported",
            "cuts": "supported", "range": "supported", "obbba": "supported", "record": "supported",
            "valuation": "unverifiable", "forecast": "pending", "opinion": "not_checkable", "decade": "unverifiable"}


@pytest.fixture(scope="module")
def seed_verdicts(market_store, market_queries):
    from notes_analyzer.market.events import EventRegistry
    from notes_analyzer.market.instruments import InstrumentRegistry

    options = CheckOptions(as_of="2026-01-14")
    verdicts = check_claims(read_claims(SEED_CLAIMS), market_queries, InstrumentRegistry.load(), EventRegistry.load(),
                            options, PUBLISHED)
    return {v.claim_id: v for v in verdicts}


@pytest.mark.parametrize("claim_id", list(EXPECTED))
def test_seed_claim_verdict(seed_verdicts, claim_id):
    verdict = seed_verdicts[claim_id]
    assert verdict.label == EXPECTED[claim_id], verdict.evidence.sentence


def test_russell_figure_is_computed_though_the_text_lost_it(seed_verdicts):
    sentence = seed_verdicts["rocketed"].evidence.sentence
    assert sentence.startswith("Russell 2000 closed at 2,481.91 on 2025-12-31 and 2,633.11 on 2026-01-13: +6.1%")
    assert "the note gives no figure" in sentence
    assert seed_verdicts["rocketed"].evidence.computed == pytest.approx(6.092, abs=1e-3)


def test_nasdaq_figure_is_within_rounding(seed_verdicts):
    ev = seed_verdicts["ndx"].evidence
    assert ev.series == ("NDX",) and [o.date for o in ev.observations] == [date(2025, 12, 31), date(2026, 1, 13)]
    assert ev.computed == pytest.approx(1.949, abs=1e-3) and "rounding ±0.05" in ev.tolerance


def test_cuts_and_record_name_their_dates(seed_verdicts):
    assert "2025-09-17" in seed_verdicts["cuts"].evidence.sentence
    assert "2025-12-10" in seed_verdicts["cuts"].evidence.sentence
    assert "2,590.61 (2025-12-11)" in seed_verdicts["record"].evidence.sentence


def test_best_start_names_the_stronger_years(seed_verdicts):
    sentence = seed_verdicts["best_start"].evidence.sentence
    assert "rank 4" in sentence and "2019 +7.3%" in sentence


def test_unverifiable_and_pending_say_why(seed_verdicts):
    assert "valuation data" in seed_verdicts["valuation"].reason and "P/E" in seed_verdicts["valuation"].reason
    assert seed_verdicts["forecast"].checkable_after == date(2027, 3, 31)
    assert "1970s" in seed_verdicts["decade"].reason


def test_seed_note_score(seed_verdicts):
    score = score_note(SEED_CLAIMS, [seed_verdicts[c.id] for c in SEED_CLAIMS])
    assert score.counts["supported"] == 7 and score.counts["contradicted"] == 1
    assert score.checkable == 8 and score.total == len(SEED_CLAIMS)
    assert score.score == pytest.approx(7 / 8) and score.coverage == pytest.approx(8 / 12)
