"""The claim-kind registry, and the conformance suite every registered kind passes on real data."""

from __future__ import annotations

import dataclasses

import pytest
from conftest import read_claims

from notes_analyzer.check import check_claims, get_kind, registered_kinds
from notes_analyzer.check.kinds import KindSpec, register_kind
from notes_analyzer.config import CheckOptions
from notes_analyzer.errors import UnknownClaimKind
from notes_analyzer.records import CLAIM_KINDS, EVIDENCED_LABELS

PINNED_KINDS = ["count", "event", "forecast", "level", "opinion", "range", "record", "relative", "return",
                "valuation"]


@pytest.fixture(scope="module")
def env(market_store, market_queries):
    from notes_analyzer.market.events import EventRegistry
    from notes_analyzer.market.instruments import InstrumentRegistry

    return market_queries, InstrumentRegistry.load(), EventRegistry.load()


def test_registered_kinds_are_pinned():
    assert list(registered_kinds()) == PINNED_KINDS
    assert sorted(CLAIM_KINDS) == PINNED_KINDS


def test_unknown_kind_lists_the_known_ones():
    with pytest.raises(UnknownClaimKind, match="known: count, event, forecast"):
        get_kind("prophecy")


def test_a_second_spec_under_a_taken_name_raises():
    spec = get_kind("return")
    clash = KindSpec(name="return", frame=spec.frame, slots=(), parse=spec.parse, check=spec.check,
                     examples=spec.examples)
    with pytest.raises(ValueError, match="already registered"):
        register_kind(clash)
    assert register_kind(spec) is spec  # re-registering the same spec is harmless


@pytest.mark.parametrize("kind", PINNED_KINDS)
def test_data_backed_kinds_carry_the_three_core_examples(kind):
    spec = get_kind(kind)
    labels = {ex.expected for ex in spec.examples()}
    assert labels, f"{kind} has no examples"
    if spec.data_backed:
        assert {"supported", "contradicted", "unverifiable"} <= labels


def _examples():
    return [pytest.param(kind, ex, id=f"{kind}-{ex.claim.id}") for kind in PINNED_KINDS
            for ex in get_kind(kind).examples()]


@pytest.mark.parametrize(("kind", "example"), _examples())
def test_kind_conformance(env, kind, example):
    queries, instruments, events = env
    assert example.claim.kind == kind
    options = CheckOptions(as_of=(example.as_of or example.published).isoformat())
    (verdict,) = check_claims(read_claims([example.claim]), queries, instruments, events, options, example.published)
    assert verdict.claim_id == example.claim.id
    assert verdict.label == example.expected, verdict.reason
    assert verdict.reason.strip()
    sentence = verdict.evidence.sentence if verdict.evidence else verdict.reason
    assert (verdict.evidence is not None) == (verdict.label in EVIDENCED_LABELS), "evidence only where data decide"
    assert "\n" not in sentence and "Traceback" not in sentence and "{" not in sentence
    if verdict.label in EVIDENCED_LABELS:
        assert verdict.evidence.series, "a data verdict names its series"
        assert verdict.evidence.observations or kind == "event", "and the observations it used"
        assert verdict.evidence.tolerance, "and the tolerance applied"
        for obs in verdict.evidence.observations:
            assert obs.date.isoformat() in sentence or kind == "record", (obs, sentence)
    if verdict.label == "pending":
        assert verdict.checkable_after is not None


def test_a_move_forecast_to_a_deadline_runs_from_publication(market_queries):
    from datetime import date

    from notes_analyzer.check import check_claims
    from notes_analyzer.config import CheckOptions
    from notes_analyzer.market.events import EventRegistry
    from notes_analyzer.market.instruments import InstrumentRegistry
    from notes_analyzer.records import Claim, Period, Quantity

    june = Period(text="by the end of June 2026", kind="day", start=date(2026, 6, 30), end=date(2026, 6, 30))
    claim = Claim(id="f", sentence_index=0, kind="forecast", metric="return", subject=("RUT",), period=june,
                  direction="up", values=(Quantity(value=18, unit="percent", text="18%", hedge="roughly"),),
                  text="We expect the Russell 2000 to top 3,000 by the end of June 2026, a gain of roughly 18%")
    verdict = check_claims(read_claims([claim]), market_queries, InstrumentRegistry.load(), EventRegistry.load(),
                           CheckOptions(as_of="2026-11-24"), date(2025, 12, 24))[0]
    assert verdict.label == "supported"  # 2025-12-23 close → 2026-06-30 3,024.37: about +18.7%
    assert verdict.evidence.observations[0].date == date(2025, 12, 23)


def test_a_record_forecast_to_a_deadline_needs_a_record_before_it(market_queries):
    from datetime import date

    from notes_analyzer.check import check_claims
    from notes_analyzer.config import CheckOptions
    from notes_analyzer.market.events import EventRegistry
    from notes_analyzer.market.instruments import InstrumentRegistry
    from notes_analyzer.records import Claim, Period

    feb = Period(text="by the end of February", kind="day", start=date(2026, 2, 28), end=date(2026, 2, 28))
    claim = Claim(id="r", sentence_index=0, kind="forecast", metric="record_high", subject=("NDX",), period=feb,
                  text="the Nasdaq 100 will be back at a record high by the end of February")
    verdict = check_claims(read_claims([claim]), market_queries, InstrumentRegistry.load(), EventRegistry.load(),
                           CheckOptions(as_of="2026-11-24"), date(2026, 1, 23))[0]
    assert verdict.label == "contradicted"  # Feb max 25,738.61 < 26,119.85 (2025-10-29)


def _settle(market_queries, claim, published):
    from notes_analyzer.check import check_claims
    from notes_analyzer.config import CheckOptions
    from notes_analyzer.market.events import EventRegistry
    from notes_analyzer.market.instruments import InstrumentRegistry

    return check_claims(read_claims([claim]), market_queries, InstrumentRegistry.load(), EventRegistry.load(),
                        CheckOptions(as_of="2026-11-24"), published)[0]


def test_a_relative_forecast_is_settled_against_its_benchmark_or_not_at_all(market_queries):
    from datetime import date

    from notes_analyzer.records import Claim, Period

    h1 = Period(text="the first half of the year", kind="half", start=date(2026, 1, 1), end=date(2026, 6, 30))
    text = "We expect small caps to outperform the S&P 500 over the first half of the year."
    claim = Claim(id="r", sentence_index=0, kind="forecast", metric="return", subject=("RUT",), comparator="SPX",
                  comparator_text="S&P 500", direction="up", period=h1, text=text)
    verdict = _settle(market_queries, claim, date(2025, 12, 24))
    assert verdict.label == "supported" and "gap +12.3 pp" in verdict.evidence.sentence  # RUT +21.9%, SPX +9.6%
    equal_weight = dataclasses.replace(claim, text=text.replace("the S&P 500", "the equal-weight S&P 500"))
    assert _settle(market_queries, equal_weight, date(2025, 12, 24)).label == "unverifiable"
    no_benchmark = dataclasses.replace(claim, comparator=None, comparator_text=None,
                                       text="We expect small caps to outperform over the first half of the year.")
    assert _settle(market_queries, no_benchmark, date(2025, 12, 24)).label == "unverifiable"
    no_direction = dataclasses.replace(no_benchmark, direction=None, text="We expect small caps to recover.")
    assert _settle(market_queries, no_direction, date(2025, 12, 24)).label == "unverifiable"
