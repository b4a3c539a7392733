from datetime import UTC, date, datetime

import pytest

from notes_analyzer.records import (
    CatalystMention,
    Claim,
    Evidence,
    Note,
    NoteAnalysis,
    NoteReport,
    Observation,
    Period,
    Quantity,
    Reading,
    ReturnSlots,
    Sentence,
    SentenceSentiment,
    Stance,
    SupportScore,
    Verdict,
    from_json,
    to_json,
)


def _report() -> NoteReport:
    note = Note(
        id="abc123",
        text="The Nasdaq 100 gained a meager 2.0%.",
        paragraphs=("The Nasdaq 100 gained a meager 2.0%.",),
        title="Small caps",
        authors=("A. Writer", "B. Writer"),
        published=datetime(2026, 1, 14, 9, 30, tzinfo=UTC),
        source="AInvest",
        url="https://example.com/x",
        format="html",
        content_hash="deadbeef",
    )
    period = Period(text="this year", kind="ytd", start=date(2026, 1, 1), end=date(2026, 1, 13))
    claim = Claim(
        id="abc123:0:0",
        sentence_index=0,
        text=note.text,
        kind="return",
        subject=("NDX",),
        metric="return",
        values=(Quantity(value=2.0, unit="percent", text="a meager 2.0%", hedge="a meager"),),
        direction="up",
        period=period,
        reading=Reading(intensity="small", verb_direction="up", period_from="previous sentence"),
        slots=ReturnSlots(reference="mid-february high", at=date(2026, 1, 9), from_to=(0, 1)),
    )
    evidence = Evidence(
        sentence="Nasdaq 100 closed at 25,249.85 on 2025-12-31 and 25,741.95 on 2026-01-13: +1.95%.",
        series=("NDX",),
        observations=(
            Observation(series="NDX", date=date(2025, 12, 31), value=25249.85),
            Observation(series="NDX", date=date(2026, 1, 13), value=25741.95),
        ),
        computed=1.95,
        tolerance="±0.05 pp (rounding to 1 decimal)",
    )
    analysis = NoteAnalysis(
        note_id=note.id,
        sentences=(Sentence(index=0, text=note.text, start=0, end=len(note.text)),),
        claims=(claim,),
        sentiments=(SentenceSentiment(sentence_index=0, label="negative", probability=0.7,
                                      scores={"negative": 0.7, "neutral": 0.2, "positive": 0.1}),),
        stances=(Stance(target="NDX", label="bearish", score=-0.4, mentions=1, sentence_indices=(0,)),),
        catalysts=(CatalystMention(catalyst="ai_capex", group="technology", name="AI capex", sentence_index=0,
                                   evidence="artificial intelligence titans", direction="headwind"),),
    )
    return NoteReport(
        note=note,
        analysis=analysis,
        verdicts=(Verdict(claim_id=claim.id, label="supported", reason="within tolerance", evidence=evidence),
                  Verdict(claim_id="x", label="pending", reason="forecast", checkable_after=date(2027, 3, 31))),
        support=SupportScore(score=1.0, coverage=0.5, checkable=1, total=2, counts={"supported": 1, "pending": 1}),
        pipeline_version="0.1.0",
        scored_at=datetime(2026, 1, 15, 0, 0),
    )


def test_note_report_round_trips_through_json_without_loss():
    report = _report()
    text = to_json(report)
    back = from_json(NoteReport, text)
    assert back == report
    assert to_json(back) == text
    assert isinstance(back.note.published, datetime) and back.note.published.tzinfo is not None
    assert back.analysis.claims[0].period.start == date(2026, 1, 1)
    assert back.verdicts[0].evidence.observations[1].value == 25741.95
    assert back.analysis.claims[0].slots.at == date(2026, 1, 9) and back.analysis.claims[0].slots.from_to == (0, 1)


def test_evidenced_verdict_without_evidence_is_refused():
    with pytest.raises(ValueError, match="needs evidence"):
        Verdict(claim_id="c", label="supported", reason="x")
    with pytest.raises(ValueError, match="unknown verdict"):
        Verdict(claim_id="c", label="true", reason="x")


def test_note_word_count():
    assert Note(id="n", text="one two  three\nfour").word_count == 4


def test_a_claims_metric_is_one_of_the_closed_list():
    from notes_analyzer.records import Metric

    claim = Claim(id="m", sentence_index=0, text="x", kind="return", metric="return")
    assert claim.metric is Metric.RETURN and claim.metric == "return"
    assert from_json(Claim, to_json(claim)) == claim
    with pytest.raises(ValueError, match="unknown metric 'retrun'"):
        Claim(id="m", sentence_index=0, text="x", kind="return", metric="retrun")
