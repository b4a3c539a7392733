"""The seed note (published 2026-01-14, raw scraped text) through the whole NLP stage."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from notes_analyzer.records import Claim, EventSlots, Note, Reading, RecordSlots


@pytest.fixture(scope="module")
def analysis(seed_text: str):
    from notes_analyzer.config import NlpOptions
    from notes_analyzer.models import load_models
    from notes_analyzer.nlp.pipeline import analyze_note

    models = load_models(NlpOptions(threads=1))
    return analyze_note(Note(id="seed", text=seed_text, published=datetime(2026, 1, 14)), models)


def _claims(analysis, kind: str, words: str) -> list[Claim]:
    return [c for c in analysis.claims if c.kind == kind and words.lower() in c.text.lower()]


def _one(analysis, kind: str, words: str) -> Claim:
    found = _claims(analysis, kind, words)
    assert len(found) == 1, f"{kind} claims with {words!r}: {found}"
    return found[0]


def _dates(claim: Claim) -> tuple[date | None, date | None]:
    assert claim.period is not None, claim
    return claim.period.start, claim.period.end


def test_broken_link_lines_continue_the_sentence(analysis) -> None:
    rocket = next(s for s in analysis.sentences if "rocketed" in s.text)
    assert "strongest start to a year in over a decade" in rocket.text
    assert "Russell 2000" in rocket.text


def test_russell_rocketed_is_a_return_with_its_figure_missing(analysis) -> None:
    claim = _one(analysis, "return", "rocketed")
    assert claim.subject == ("RUT",) and claim.direction == "up" and claim.figure_missing and not claim.values
    assert _dates(claim) == (date(2026, 1, 1), date(2026, 1, 13))


def test_strongest_start_in_over_a_decade_is_a_record(analysis) -> None:
    claim = _one(analysis, "record", "strongest start")
    assert (claim.subject, claim.metric, claim.hedge) == (("RUT",), "best_start", "over")
    assert claim.slots == RecordSlots(lookback_years=10, window="ytd")
    # and the words' reading ("has rocketed")
    assert claim.reading == Reading(intensity="large", verb_direction="up", text_direction="up")


def test_nasdaq_meager_two_percent(analysis) -> None:
    claim = _one(analysis, "return", "a meager 2.0%")
    (value,) = claim.values
    assert claim.subject == ("NDX",) and (value.value, value.unit) == (2.0, "percent")
    assert claim.hedge == "a meager" and claim.direction == "up"
    assert _dates(claim) == (date(2026, 1, 1), date(2026, 1, 13))  # year to date, from the sentence before


def test_three_rate_cuts_and_the_target_range(analysis) -> None:
    count = _one(analysis, "count", "three-rate cut")
    assert (count.metric, count.values[0].value, count.values[0].unit) == ("rate_cuts", 3.0, "count")
    assert _dates(count) == (date(2025, 1, 1), date(2025, 12, 31))
    target = _one(analysis, "range", "3.50%–3.75%")
    assert target.subject == ("FEDFUNDS_TARGET",) and target.metric == "target_range"
    assert (target.values[0].value, target.values[0].upper, target.values[0].unit) == (3.5, 3.75, "percent")


def test_obbba_passed_in_july_2025_with_bonus_depreciation(analysis) -> None:
    claim = _one(analysis, "event", "OBBBA")
    assert claim.slots == EventSlots(event="obbba", action="passed")
    assert _dates(claim) == (date(2025, 7, 1), date(2025, 7, 31))
    assert [(v.value, v.unit) for v in claim.values] == [(100.0, "percent")]


def test_record_high_last_week(analysis) -> None:
    claim = _one(analysis, "record", "record high last week")
    assert (claim.subject, claim.metric) == (("RUT",), "record_high")
    assert _dates(claim) == (date(2026, 1, 5), date(2026, 1, 9))


def test_nearly_thirty_percent_valuation_discount(analysis) -> None:
    claim = _one(analysis, "valuation", "30% valuation discount")
    assert (claim.subject, claim.comparator) == (("RUT",), "SPX")
    assert (claim.metric, claim.hedge) == ("valuation_discount", "nearly")
    assert claim.values[0].value == 30.0


def test_earnings_growth_forecast_for_2026(analysis) -> None:
    claim = _one(analysis, "forecast", "earnings growth for 2026")
    assert (claim.metric, claim.comparator) == ("earnings_growth", "SPX")
    assert _dates(claim) == (date(2026, 1, 1), date(2026, 12, 31))


def test_best_decade_was_the_1970s(analysis) -> None:
    claim = _one(analysis, "record", "1970s")
    assert claim.metric == "best_decade"
    assert _dates(claim) == (date(1970, 1, 1), date(1979, 12, 31))


def test_attribution_and_opinions(analysis) -> None:
    assert _claims(analysis, "opinion", "conviction buy")
    assert any(c.attribution == "Goldman Sachs Research" for c in analysis.claims)


def test_boilerplate_makes_no_claims(analysis) -> None:
    boiler = {s.index for s in analysis.sentences if "newsletter" in s.text.lower() or s.text.startswith("Jan.14")}
    assert boiler and not [c for c in analysis.claims if c.sentence_index in boiler]


def test_sentences_point_into_the_note(analysis, seed_text: str) -> None:
    for sentence in analysis.sentences:
        assert seed_text[sentence.start:sentence.end].replace("\n", " ") == sentence.text
    for mention in analysis.mentions:
        assert seed_text[mention.start:mention.end].lower() == mention.text.lower()
    assert {"RUT", "NDX", "SPX", "FEDFUNDS_TARGET"} <= {m.target for m in analysis.mentions}


def test_every_sentence_is_embedded_once_and_claim_ids_are_unique(analysis) -> None:
    ids = [c.id for c in analysis.claims]
    assert len(ids) == len(set(ids)) and all(i.startswith("seed:c") for i in ids)
