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


@pytest.fixture(scope="module")
def split_words():
    from notes_analyzer.ingest.repair import WordSplitter

    return WordSplitter.from_lexicon(Lexicon.load()).repair


@pytest.mark.parametrize(("scraped", "repaired"), [
    ("Thebenchmark dollar index has declinedabout 5% since early April.",
     "The benchmark dollar index has declined about 5% since early April."),
    ("Stockssold off, Treasury yields soared.", "Stocks sold off, Treasury yields soared."),
    ("The S&P 500 wasup slightly on Fridayafter rising more than 1.5%.",
     "The S&P 500 was up slightly on Friday after rising more than 1.5%."),
    ("Stock markets inEurope and Asia also roseon news of the exemptions.",
     "Stock markets in Europe and Asia also rose on news of the exemptions."),
    ("U.S. stocks, whichfell sharply again Monday, have suffered some of theirworst days.",
     "U.S. stocks, which fell sharply again Monday, have suffered some of their worst days."),
    ("Market indexesticked lower amidbroader worries.", "Market indexes ticked lower amid broader worries."),
    ("Gold, which hasrisen nearly 30%, hit avolatile patch.",
     "Gold, which has risen nearly 30%, hit a volatile patch."),
    ("rose for a third consecutive sessionThursday", "rose for a third consecutive session Thursday"),
])
def test_glued_ordinary_words_are_split(split_words, scraped, repaired) -> None:
    assert split_words(scraped) == repaired


@pytest.mark.parametrize("text", [
    "The selloff deepened in premarket trading as the chipmaker slid.",  # compounds the word list lacks
    "Broadcom, Wedbush, Newmont, Danaher, Avantor, Humana, Shein and Kevin Hassett; de minimis.",  # names
    "Inflows into the aftermarket rose; the KOSPI and NVDA fell; iShares and eBay too.",
    "Underperformance, buybacks, skincare and onboarding.",
    "the tariffs, the midday bounce and the downturn",  # real words stay whole
])
def test_names_compounds_and_real_words_stay_whole(split_words, text) -> None:
    assert split_words(text) == text


@pytest.mark.parametrize(("scraped", "repaired"), [
    ("[Gold]([link] has surpassed tech stocks.", "Gold has surpassed tech stocks."),
    ("with [oil prices dropping](https://example.com/oil?x=1) more than 6%", "with oil prices dropping more than 6%"),
    ("Apple ([AAPL]([link] led the fall.", "Apple (AAPL led the fall."),
])
def test_markdown_links_keep_their_words(scraped, repaired) -> None:
    from notes_analyzer.ingest.repair import unwrap_links

    assert unwrap_links(scraped) == repaired


@pytest.mark.parametrize("text", ["The S&P 500 [a note] rose (1%).", "See [1] and (2).", "arr[i](x)"])
def test_brackets_that_are_no_links_stay(text) -> None:
    from notes_analyzer.ingest.repair import unwrap_links

    assert unwrap_links(text) == text


@pytest.mark.parametrize(("scraped", "repaired"), [
    ("from big tech firms.Nasdaq futures are higher", "from big tech firms. Nasdaq futures are higher"),
    ("its best weekly gain since 2022.S&P 500 futures are up 1.3%.",
     "its best weekly gain since 2022. S&P 500 futures are up 1.3%."),
    ("rose 2%.The Dow fell", "rose 2%. The Dow fell"),
])
def test_a_full_stop_glued_to_the_next_sentence_gets_its_space(scraped, repaired) -> None:
    from notes_analyzer.ingest.repair import split_glued_sentences

    assert split_glued_sentences(scraped) == repaired


@pytest.mark.parametrize("text", ["The U.S.Treasury and BRK.B rose 2.5%.", "Visit Amazon.com today.", "e.g. this"])
def test_stops_inside_names_and_numbers_stay(text) -> None:
    from notes_analyzer.ingest.repair import split_glued_sentences

    assert split_glued_sentences(text) == text


def test_a_word_glued_between_two_names_is_freed_on_both_sides(glue, split_words) -> None:
    assert split_words(glue("whileS&P 500andDow Jones Industrial Averagefutures are up")) \
        == "while S&P 500 and Dow Jones Industrial Average futures are up"


def test_a_hyphen_lost_as_a_question_mark_in_a_compound_comes_back() -> None:
    from notes_analyzer.ingest.repair import lost_hyphens

    assert lost_hyphens("Over six months and year?to?date, it fell") == "Over six months and year-to-date, it fell"
    assert lost_hyphens("prices rose 2.4% year?over?year") == "prices rose 2.4% year-over-year"
    # non-examples: a real question, and a lost apostrophe, stay as written
    assert lost_hyphens("Will stocks rise this year?To find out, read on.") == \
        "Will stocks rise this year?To find out, read on."
    assert lost_hyphens("NVIDIA?s stock fell") == "NVIDIA?s stock fell"


@pytest.fixture(scope="module")
def cut_furniture():
    from notes_analyzer.ingest.repair import FurnitureCutter

    return FurnitureCutter.from_lexicon(Lexicon.load()).cut


@pytest.mark.parametrize(("scraped", "repaired"), [
    ("Share to FacebookShare to TwitterShare to LinkedinTopline Stocks ripped higher Wednesday as Trump backed off.",
     "Stocks ripped higher Wednesday as Trump backed off."),
    ("Traders work on the floor of the exchange in 2017.Getty Images  Key Facts   All three major indexes slipped.",
     "Traders work on the floor of the exchange in 2017.\n\nAll three major indexes slipped."),
    ("Jensen Huang speaks in Las Vegas, Nevada.AFP via Getty Images  Key Facts   In a filing on Tuesday",
     "Jensen Huang speaks in Las Vegas, Nevada.\n\nIn a filing on Tuesday"),
    ("economic and trade relations.” Key Background Trump’s chaotic tariff rollout has roiled markets.",
     "economic and trade relations.”\n\nTrump’s chaotic tariff rollout has roiled markets."),
    ("and Tesla full self-driving.  Big Number 25%. That’s how much the shares fell.",
     "and Tesla full self-driving.\n\n25%. That’s how much the shares fell."),
])
def test_page_furniture_glued_into_prose_is_cut(cut_furniture, scraped, repaired) -> None:
    assert cut_furniture(scraped) == repaired


@pytest.mark.parametrize("text", [
    "The key background to this is the Fed. A tangent Shares rose. He shared the Big Number with us.",
    "Share this story with friends.",
    "Getty Images shares rose 4% after earnings.",
    "Investors watched the Topline Growth fund.",
])
def test_prose_that_only_mentions_furniture_words_stays(cut_furniture, text) -> None:
    assert cut_furniture(text) == text


def test_furniture_is_cut_from_the_note_text_but_not_its_title() -> None:
    from notes_analyzer.ingest.repair import FurnitureCutter
    from notes_analyzer.records import Note

    note = Note(id="n", text="Share to FacebookShare to TwitterTopline Stocks ripped higher.",
                title="Topline Stocks Surge")
    repaired = repaired_note(note, (), furniture=FurnitureCutter.from_lexicon(Lexicon.load()))
    assert repaired.text == "Stocks ripped higher." and repaired.title == "Topline Stocks Surge"


def test_a_company_named_like_a_credit_stays(cut_furniture) -> None:
    text = "Shares of Getty Images Holdings rose 4%, and Getty Images Holdings shares rose."
    assert cut_furniture(text) == text
