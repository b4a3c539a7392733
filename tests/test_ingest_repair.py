"""Scraped words glued to an instrument's name get their space back; real words stay whole."""

from __future__ import annotations

import pytest

from notes_analyzer.ingest.repair import repaired_note, unglue_names
from notes_analyzer.market.instruments import InstrumentRegistry
from notes_analyzer.nlp.lexicon import Lexicon


@pytest.fixture(scope="module")
def glue():
    names = [alias for alias, _ in InstrumentRegistry.load().aliases()]
    words = Lexicon.load().glue_words()
    return lambda text: unglue_names(text, names, words)


@pytest.mark.parametrize(("scraped", "repaired"), [
    ("TheS&P 500was up 0.4% andNasdaq Compositewas up 1%.", "The S&P 500 was up 0.4% and Nasdaq Composite was up 1%."),
    ("Nasdaqfutures are 0.1% higher.", "Nasdaq futures are 0.1% higher."),
    ("theS&P 500index declined by 1.5% while the tech-heavyNasdaq Compositeindex fell 2.6%.",
     "the S&P 500 index declined by 1.5% while the tech-heavy Nasdaq Composite index fell 2.6%."),
    ("TheDow Jones Industrial Average,S&P 500, andNasdaqall rose about 2%.",
     "The Dow Jones Industrial Average, S&P 500, and Nasdaq all rose about 2%."),
    ("The price of goldsurged to a record high.", "The price of gold surged to a record high."),
    ("after the tech-focused indexgained 0.6%", "after the tech-focused index gained 0.6%"),
])
def test_glued_names_are_repaired(glue, scraped, repaired) -> None:
    assert glue(scraped) == repaired


@pytest.mark.parametrize("text", [
    "Goldman Sachs and Dowling & Partners were upbeat.",  # names inside longer words stay whole
    "The marigold and the golden age.",
    "The S&P 500's drop and the Nasdaq's gain.",
    "S&P 500s, Russell 2000 futures and the DJIA.",
    "",
])
def test_non_examples_stay_as_written(glue, text) -> None:
    assert glue(text) == text


def test_a_note_is_returned_unchanged_when_nothing_is_glued() -> None:
    from notes_analyzer.records import Note

    note = Note(id="n", text="The Dow rose 1%.", title="Markets")
    assert repaired_note(note, ["Dow"]) is note
    fixed = repaired_note(note.__class__(id="n", text="TheDow rose 1%.", title="Markets"), ["Dow"])
    assert (fixed.text, fixed.title) == ("The Dow rose 1%.", "Markets")
