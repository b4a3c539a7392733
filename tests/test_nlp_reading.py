"""The NLP stage reads a claim's words into its slots once; the checker reads only the slots.
Examples and non-examples for every reading slot (``notes_analyzer/nlp/reading.py``)."""

from __future__ import annotations

import pytest

from notes_analyzer.nlp.lexicon import Lexicon
from notes_analyzer.nlp.reading import read_claim
from notes_analyzer.records import Claim, LevelSlots, Quantity, Reading


def _read(text: str, kind: str = "return", **fields) -> Claim:
    claim = Claim(id="r", sentence_index=0, text=text, kind=kind, **fields)
    return read_claim(claim, Lexicon.load())


@pytest.mark.parametrize(("text", "subject_text", "intensity"), [
    ("the Russell 2000 Index has rocketed", "Russell 2000", "large"),
    ("The Dow edged higher in July", "Dow", "small"),
    ("the Nasdaq 100, which has remained relatively flat", "Nasdaq 100", "flat"),
    ("The S&P 500 rose in May", "S&P 500", "move"),
    # the verb is read after the subject's own name, not another's
    ("The Russell soared while the Nasdaq 100 stalled", "Nasdaq 100", "flat"),
])
def test_intensity_is_the_verb_after_the_subject(text, subject_text, intensity):
    from notes_analyzer.check.direction import intensity_of

    claim = Claim(id="i", sentence_index=0, text=text, kind="return", subject_text=subject_text)
    assert intensity_of(read_claim(claim, Lexicon.load())) == intensity  # read here, used by the checker


@pytest.mark.parametrize(("text", "expected"), [
    ("The Dow gained 2% in May", "up"),
    ("Small caps slipped 1.1% on Tuesday", "down"),
    ("The index rose early and fell late", None),  # both ways: no direction from the words
    ("The S&P 500 ended May at 5,900", None),  # neither
])
def test_text_direction_only_when_the_words_go_one_way(text, expected):
    assert _read(text).reading.text_direction == expected


@pytest.mark.parametrize(("text", "figure", "bound"), [
    ("Oil fell below $60 on Friday", "$60", "below"),
    ("The 10-year yield topped 4.5% in April", "4.5%", "above"),
    ("The 10-year yield ended 2025 at 4%", "4%", "at"),
    ("The VIX was under 15 for most of May", "15", "below"),
])
def test_a_levels_bound_is_read_from_the_words_just_before_its_figure(text, figure, bound):
    value = float(figure.strip("$%"))
    claim = _read(text, kind="level", values=(Quantity(value=value, unit="points", text=figure),))
    assert claim.slots.bound == bound


def test_a_close_is_read_and_a_plain_level_is_not():
    q = (Quantity(value=60.0, unit="usd", text="$60"),)
    assert _read("Oil closed above $60", kind="level", values=q).slots.closing is True
    assert _read("Oil traded above $60", kind="level", values=q).slots.closing is False


@pytest.mark.parametrize(("text", "relation"), [
    ("Small caps outperformed the S&P 500 in May", "outperformed"),
    ("The Nasdaq lagged the Dow this week", "underperformed"),
    ("The Dow rose 1% versus a 2% gain for the Nasdaq", "contrast"),
    ("The Dow and the Nasdaq both rose", None),
])
def test_a_relative_claims_relation(text, relation):
    assert _read(text, kind="relative").slots.relation == relation


def test_a_single_figure_belongs_to_the_nearer_name_before_it():
    q = (Quantity(value=2.0, unit="percent", text="2%"),)
    owner = _read("The Dow trailed the Nasdaq, which rose 2%", kind="relative", subject_text="Dow",
                  comparator_text="Nasdaq", values=q).slots.figure_owner
    assert owner == "comparator"
    assert _read("The Dow rose 2%, beating the Nasdaq", kind="relative", subject_text="Dow",
                 comparator_text="Nasdaq", values=q).slots.figure_owner == "subject"


def test_a_foreign_market_before_a_us_name_is_read_as_its_qualifier():
    european = _read("European small caps rose 3% in May", subject_text="small caps")
    assert european.reading.foreign_qualifier == "European"
    assert _read("US small caps rose 3% in May", subject_text="small caps").reading.foreign_qualifier is None


def test_a_forecast_against_a_benchmark_is_marked():
    assert _read("We expect small caps to outperform in 2026", kind="forecast").slots.benchmark is True
    assert _read("We expect small caps to rise 10% in 2026", kind="forecast").slots.benchmark is False


def test_slots_the_rules_already_set_are_kept():
    claim = Claim(id="r", sentence_index=0, text="The Dow rocketed", kind="return", reading=Reading(intensity="small"))
    assert read_claim(claim, Lexicon.load()).reading.intensity == "small"
    level = Claim(id="l", sentence_index=0, text="Oil fell below $60", kind="level", slots=LevelSlots(bound="at"),
                  values=(Quantity(value=60.0, unit="usd", text="$60"),))
    assert read_claim(level, Lexicon.load()).slots.bound == "at"  # the rule's bound, not the words' "below"


@pytest.mark.parametrize(("text", "values", "expected"), [
    ("the 10-year yield fell from 4.2% to 4.0%", (("4.2%", 4.2, "percent"), ("4.0%", 4.0, "percent")), (0, 1)),
    ("yields rose 10 bp, from 4.1% to 4.2%", (("10 bp", 10, "bp"), ("4.1%", 4.1, "percent"), ("4.2%", 4.2, "percent")),
     (1, 2)),
    ("The Dow climbed from 40,000 to 42,000 in May", (("40,000", 40000, "points"), ("42,000", 42000, "points")),
     (0, 1)),
    # non-examples: a move and the level it reached; two figures of different units
    ("The S&P 500 rose 2% to 5,500", (("2%", 2, "percent"), ("5,500", 5500, "points")), None),
    ("The Dow rose 2% and the Nasdaq 3%", (("2%", 2, "percent"), ("3%", 3, "percent")), None),
])
def test_a_move_told_by_its_two_levels(text, values, expected):
    quantities = tuple(Quantity(value=v, unit=u, text=t) for t, v, u in values)
    assert _read(text, values=quantities).slots.from_to == expected


@pytest.mark.parametrize(("text", "subject_text", "expected"), [
    # the move word stands before the subject's name: it is the yields' move, not the stocks'
    ("Last week, yields continued to rise even while stocks were soft in the first half of the week", "stocks", True),
    # another leg's move: the currencies jumped, gold "hit a record" names no rise or fall of its own
    ("Shares fell in Asia, while gold was steady and the safe-haven currencies jumped", "gold", True),
    # non-examples: the move follows the name, or the subject's own words state it, or nothing moves at all
    ("Stocks fell on Tuesday", "Stocks", False),
    ("Casey's shares added over 4% Friday amid broader market gains", "amid broader market gains", False),
    ("Tariff relief sent stocks 5.7% higher last week", "stocks", False),
    ("The S&P 500 ended May at 5,900", "S&P 500", False),
])
def test_a_move_word_only_before_the_subject_is_flagged_as_possibly_another_subjects(text, subject_text, expected):
    assert _read(text, subject_text=subject_text).reading.moves_before_subject is expected
