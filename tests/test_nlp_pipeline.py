"""The NLP stage end to end: loading, sentence splitting of raw text, batching across notes."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest

from notes_analyzer.config import NlpOptions
from notes_analyzer.errors import ModelLoadError
from notes_analyzer.records import Note


@pytest.fixture(scope="module")
def models():
    from notes_analyzer.models import load_models

    return load_models(NlpOptions(threads=1))


def _note(note_id: str, text: str) -> Note:
    return Note(id=note_id, text=text, published=datetime(2026, 1, 14))


def test_raw_line_breaks_are_repaired(models) -> None:
    from notes_analyzer.nlp.pipeline import split_sentences

    text = ("Daily headlines, free to your inbox\nThe Russell 2000 has rocketed\n, marking its best start."
            "It gained two years.This divergence matters.")
    sentences = [s.text for s in split_sentences(models.nlp(text))]
    assert sentences[0] == "Daily headlines, free to your inbox"
    assert sentences[1] == "The Russell 2000 has rocketed , marking its best start."
    assert sentences[-1] == "This divergence matters."


def test_batched_notes_equal_single_notes(models) -> None:
    from notes_analyzer.nlp.pipeline import analyze_note, analyze_notes

    notes = [_note("a", "The S&P 500 fell 3.2% last week. We remain overweight small caps."),
             _note("b", "The Fed held its target range at 3.50% to 3.75% in January.")]
    together = analyze_notes(notes, models)
    alone = [analyze_note(n, models) for n in notes]
    def strip(analysis):  # padding in a bigger batch moves int8 embeddings a hair: compare confidence apart
        return [replace(c, confidence=0.0) for c in analysis.claims]

    assert [strip(a) for a in together] == [strip(a) for a in alone]
    for x, y in zip(together, alone, strict=True):
        assert [c.confidence for c in x.claims] == pytest.approx([c.confidence for c in y.claims], abs=0.05)
    assert [c.kind for c in together[0].claims] == ["return", "opinion"]
    assert [c.kind for c in together[1].claims] == ["range"]
    assert together[0].mentions[0].target == "SPX"


def test_empty_note_gives_an_empty_analysis(models) -> None:
    from notes_analyzer.nlp.pipeline import analyze_note

    analysis = analyze_note(_note("empty", ""), models)
    assert (analysis.sentences, analysis.claims, analysis.catalysts) == ((), (), ())


def test_catalysts_are_wired(models) -> None:
    from notes_analyzer.nlp.pipeline import analyze_note

    if models.catalysts is None:
        pytest.skip("catalyst matcher not available")
    text = "Lower borrowing costs from Fed rate cuts are a tailwind for small caps."
    analysis = analyze_note(_note("c", text), models)
    assert "rate_cuts" in {c.catalyst for c in analysis.catalysts}


def test_unknown_spacy_model_is_a_model_load_error() -> None:
    from notes_analyzer.models import load_models

    with pytest.raises(ModelLoadError, match="no_such_model"):
        load_models(NlpOptions(spacy_model="no_such_model"))


def test_missing_encoder_directory_is_a_model_load_error(tmp_path: Path) -> None:
    from notes_analyzer.models import load_models

    with pytest.raises(ModelLoadError, match="encoder"):
        load_models(replace(NlpOptions(), encoder_path=tmp_path / "nowhere"))


def test_sector_aliases(tmp_path: Path) -> None:
    from notes_analyzer.nlp.entities import load_sector_aliases

    assert load_sector_aliases(tmp_path / "missing.yaml") == []
    good = tmp_path / "sectors.yaml"
    good.write_text("sectors:\n  - id: small_caps\n    name: Small caps\n    aliases: [small-cap stocks]\n")
    assert load_sector_aliases(good) == [("Small caps", "small_caps"), ("small-cap stocks", "small_caps")]
    bad = tmp_path / "bad.yaml"
    bad.write_text("sectors:\n  - name: no id\n")
    with pytest.raises(ModelLoadError, match="id"):
        load_sector_aliases(bad)


def test_torch_fallback_makes_one_pass_and_gives_the_onnx_labels(models) -> None:
    """The torch runtime (``--encoder torch``) builds the same fine-tuned encoder: one pass per sentence for
    embeddings and sentiment, the same labels as the ONNX fp32 graph; sentiments line up with sentences."""
    from notes_analyzer.config import repo_models_dir
    from notes_analyzer.nlp.encoder import Encoder
    from notes_analyzer.nlp.onnx_encoder import OnnxEncoder
    from notes_analyzer.nlp.pipeline import analyze_note
    from notes_analyzer.nlp.sentiment import LABELS, SentimentHead

    head_dir = repo_models_dir() / "sentiment"
    assert isinstance(models.sentiment, SentimentHead)
    torch_models = replace(models, encoder=Encoder(sentiment_dir=head_dir, threads=1))
    calls = []
    original = torch_models.encoder.encode_with_sentiment
    torch_models.encoder.encode_with_sentiment = lambda texts: calls.append(len(texts)) or original(texts)
    torch_models.encoder.encode = lambda texts: pytest.fail("a second encoder pass")
    text = ("Small caps rallied 5% last week. The Nasdaq 100 slumped after a profit warning. "
            "We are overweight small caps. The index is reviewed every June.")
    analysis = analyze_note(_note("s", text), torch_models)
    assert calls == [len(analysis.sentences)]
    assert [s.sentence_index for s in analysis.sentiments] == [s.index for s in analysis.sentences]
    assert all(s.label in LABELS and 0.0 <= s.probability <= 1.0 for s in analysis.sentiments)
    assert analysis.note_sentiment_label in LABELS and -1.0 <= analysis.note_sentiment <= 1.0
    assert {"RUT", "NDX"} <= {s.target for s in analysis.stances}
    onnx_models = replace(models, encoder=OnnxEncoder(sentiment_dir=head_dir, quantize=False, threads=1))
    onnx = analyze_note(_note("s", text), onnx_models)
    assert [s.label for s in onnx.sentiments] == [s.label for s in analysis.sentiments]
    assert [s.label for s in analysis.sentiments] == ["positive", "negative", "positive", "neutral"]


def test_names_broken_across_wrapped_lines_are_found(models) -> None:
    from notes_analyzer.nlp.pipeline import analyze_note

    text = ("By Tuesday's close, the equity benchmark that tracks the largest tech names, the Nasdaq\n"
            "100, was down 1% for the year.")
    analysis = analyze_note(_note("w", text), models)
    assert [(m.target, text[m.start:m.end]) for m in analysis.mentions if m.kind == "instrument"] == \
        [("NDX", "Nasdaq\n100")]
    (claim,) = analysis.claims
    assert (claim.kind, claim.subject, claim.period.start.isoformat()) == ("return", ("NDX",), "2026-01-01")


def test_a_line_ending_in_a_figure_ends_its_sentence(models) -> None:
    from notes_analyzer.nlp.pipeline import split_sentences

    text = ("The Nasdaq ended Tuesday's session with a minor loss of less than 0.1%\n"
            "Palantir Technologies shares surged for the second straight session on Tuesday.")
    assert [s.text for s in split_sentences(models.nlp(text))] == text.split("\n")


def test_a_list_item_after_a_blank_line_is_a_sentence_of_its_own(models) -> None:
    """"…from Tuesday.\n\n- Portugal's 10-year bond yield …": a bullet never continues the sentence before."""
    from notes_analyzer.nlp.pipeline import split_sentences

    text = ("- Italy's 10-year bond yield fell five basis points to 1.89 percent.\n\n"
            "- Portugal's 10-year bond yield reached the lowest level since Nov. 15.")
    assert [s.text for s in split_sentences(models.nlp(text))] == text.split("\n\n")
    # non-example: a comma, a dash or a lower-case word after a line break still continues the sentence
    wrapped = "The Russell 2000 has rocketed\n, marking its best start."
    assert len(split_sentences(models.nlp(wrapped))) == 1
    # a heading glued to the sentence before it
    glued = "For the year it yielded 24%, a significant outperformance 2022 Inflation Shock: Stayed positive."
    assert [s.text.strip() for s in split_sentences(models.nlp(glued))][-1] == "2022 Inflation Shock: Stayed positive."
    # items on one line, each after a bullet: "… Covid Pandemic (2020) • Dropped 34.3% …"
    inline = ("Covid Pandemic (2020) • Dropped 34.3% from $58.90 to $38.71, nearly matching the S&P 500's drop "
              "• Recovered by Jul 22, 2020")
    assert [s.text.strip() for s in split_sentences(models.nlp(inline))] == [
        "Covid Pandemic (2020)", "• Dropped 34.3% from $58.90 to $38.71, nearly matching the S&P 500's drop",
        "• Recovered by Jul 22, 2020"]


def test_the_title_is_read_for_claims_without_its_columns_name(models) -> None:
    from notes_analyzer.nlp.pipeline import analyze_note

    body = "Stocks were in focus on Friday. Investors weighed tariff news and company results."
    note = Note(id="t", text=body, published=datetime(2025, 4, 4, 3, 1),
                title="S&P 500 Gains and Losses Today: Newmont Shares Soar as Dollar Slumps")
    analysis = analyze_note(note, models)
    titled = [s for s in analysis.sentences if s.paragraph == -1]
    assert [(s.text, s.start, s.end) for s in titled] == [("Newmont Shares Soar as Dollar Slumps", 0, 0)]
    assert titled[0].index == len(analysis.sentences) - 1  # numbered after the body's sentences
    from_title = [c for c in analysis.claims if c.sentence_index == titled[0].index]
    assert [(c.subject, c.direction) for c in from_title] == [(("DXY",), "down")]
    assert len({c.id for c in analysis.claims}) == len(analysis.claims)
    # non-examples: the column's name ("S&P 500 Gains …") is no claim; a title the body opens with is read once
    assert not [c for c in analysis.claims if "SPX" in c.subject]
    again = analyze_note(replace(note, text="Newmont Shares Soar as Dollar Slumps\n\n" + body,
                                 title="Newmont Shares Soar as Dollar Slumps"), models)
    assert not [s for s in again.sentences if s.paragraph == -1]


def test_a_columns_index_is_the_headlines_index(models) -> None:
    """"S&P 500 Gains and Losses Today: Index Falls as …": the headline's "Index" is the column's S&P 500."""
    from notes_analyzer.nlp.pipeline import analyze_note

    body = "Investors worried about the central bank on Monday. Officials spoke about trade talks with partners."
    note = Note(id="t", text=body, published=datetime(2025, 4, 21, 21, 30),
                title="S&P 500 Gains and Losses Today: Index Falls as Trump Derides Powell's Interest Rate Policy")
    analysis = analyze_note(note, models)
    (titled,) = [s for s in analysis.sentences if s.paragraph == -1]
    assert [(c.subject, c.direction) for c in analysis.claims if c.sentence_index == titled.index] == \
        [(("SPX",), "down")]
