"""End to end: the seed note's raw text → NLP claim extraction → checker → note score."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from notes_analyzer.check import check_claims, score_note
from notes_analyzer.config import CheckOptions
from notes_analyzer.records import Note

PUBLISHED = date(2026, 1, 14)


@pytest.fixture(scope="module")
def checked(seed_text, market_store, market_queries):
    from notes_analyzer.config import NlpOptions
    from notes_analyzer.market.events import EventRegistry
    from notes_analyzer.market.instruments import InstrumentRegistry
    from notes_analyzer.models import load_models
    from notes_analyzer.nlp.pipeline import analyze_note

    models = load_models(NlpOptions(threads=1))
    analysis = analyze_note(Note(id="seed", text=seed_text, published=datetime(2026, 1, 14)), models)
    verdicts = check_claims(analysis.claims, market_queries, InstrumentRegistry.load(), EventRegistry.load(),
                            CheckOptions(as_of=PUBLISHED.isoformat()), PUBLISHED)
    return list(zip(analysis.claims, verdicts, strict=True))


def _find(checked, kind: str, metric: str | None, words: str):
    found = [(c, v) for c, v in checked if c.kind == kind and (metric is None or c.metric == metric)
             and words.lower() in c.text.lower()]
    assert len(found) == 1, [(c.kind, c.metric, c.text[:60]) for c, _ in checked]
    return found[0]


@pytest.mark.parametrize(("kind", "metric", "words", "label"), [
    ("return", "return", "rocketed", "supported"),
    ("return", "return", "a meager 2.0%", "supported"),
    ("range", "target_range", "3.50%–3.75%", "supported"),
    ("count", "rate_cuts", "three-rate cut", "supported"),
    ("event", "event", "passed in July 2025", "supported"),
    ("record", "record_high", "record high last week", "supported"),
    ("record", "best_start", "strongest start", "contradicted"),
    ("valuation", "valuation_discount", "nearly 30% valuation discount", "unverifiable"),
    ("forecast", "earnings_growth", "for 2026 projected", "pending"),
    ("record", "best_decade", "1970s", "unverifiable"),
])
def test_seed_claim_end_to_end(checked, kind, metric, words, label):
    claim, verdict = _find(checked, kind, metric, words)
    assert verdict.label == label, verdict.evidence.sentence


def test_russell_start_of_year_figure_is_computed(checked):
    _, verdict = _find(checked, "return", "return", "rocketed")
    assert "2,481.91 on 2025-12-31 and 2,633.11 on 2026-01-13: +6.1%; the note gives no figure" in \
        verdict.evidence.sentence


def test_forecast_is_pending_until_2026_results(checked):
    _, verdict = _find(checked, "forecast", "earnings_growth", "for 2026 projected")
    assert verdict.checkable_after == date(2027, 3, 31)


def test_every_verdict_has_a_reason_and_only_data_verdicts_have_evidence(checked):
    assert all(v.reason.strip() for _, v in checked)
    judged = [(c, v) for c, v in checked if v.label in ("supported", "imprecise", "contradicted")]
    assert judged and all(v.evidence.series and v.evidence.sentence for _, v in judged)
    assert all(v.evidence.observations for c, v in judged if c.kind != "event")  # events cite the events table
    assert all(v.evidence is None for _, v in checked if v.label not in ("supported", "imprecise", "contradicted"))
    assert all(v.label == "not_checkable" for c, v in checked if c.kind == "opinion")
    assert any(c.kind == "opinion" for c, _ in checked)


def test_seed_score_has_coverage(checked):
    score = score_note([c for c, _ in checked], [v for _, v in checked])
    checkable = sum(v.label in ("supported", "imprecise", "contradicted") for _, v in checked)
    assert score.checkable == checkable >= 7 and score.total == len(checked)
    assert score.coverage == pytest.approx(checkable / len(checked))
    assert score.counts["contradicted"] >= 1 and score.score < 1.0
