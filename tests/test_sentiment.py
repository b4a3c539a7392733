"""Sentence sentiment: the shipped head on real sentences, the note score, the classifier backend."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from notes_analyzer.config import NlpOptions, repo_models_dir
from notes_analyzer.errors import ModelLoadError
from notes_analyzer.nlp.sentiment import (
    LABELS,
    SentimentHead,
    build_top_network,
    copy_top_layers,
    load_sentiment,
    note_sentiment,
    pad_hidden,
)
from notes_analyzer.records import SentenceSentiment

HEAD_DIR = repo_models_dir() / "sentiment"

# Written for this test; not in scripts/data/sentiment_finance.csv.
CLEAR_CASES = [
    ("Shares of the toolmaker soared 18% after it raised its full-year profit forecast.", "positive"),
    ("The lender's stock collapsed after it disclosed a surprise $2 billion loss on bad loans.", "negative"),
    ("The board will meet on Thursday to review the quarterly accounts.", "neutral"),
    ("Bond prices plunged as investors fled long-dated debt on fears of runaway deficits.", "negative"),
    ("The exchange publishes the index level at the close of each trading day.", "neutral"),
    pytest.param("Copper prices hit a record high as supply disruptions tightened an already scarce market.",
                 "positive", marks=pytest.mark.xfail(strict=True, reason="known limit: price up on bad-news "
                                                     "words (supply disruption) reads negative; MODEL_CARD")),
]

# Sentences of the seed note (../shared/seeds), labelled by the guide in models/sentiment/MODEL_CARD.md.
SEED_CASES = [
    ("The evidence is clear: the Russell 2000 Index has rocketed, marking its strongest start to a year in "
     "over a decade.", "positive"),
    ("For capital allocation, this easing cycle is a vital lifeline.", "positive"),
    ("Small-cap firms, which typically carry higher levels of floating-rate debt and rely more heavily on "
     "external financing, are proportionate beneficiaries of lower borrowing costs.", "positive"),
    ("The market is pricing in a more accommodative stance, reducing a key headwind for this segment.", "positive"),
    ("This fiscal incentive directly favors companies with heavy U.S. footprints, particularly in industrials "
     "and manufacturing.", "positive"),
    ("For institutional capital allocation, this is a conviction buy.", "positive"),
    ("The institutional rotation into small-caps presents a compelling risk-adjusted opportunity, but its "
     "foundation is broader than just a Fed easing cycle.", "positive"),
    ("Similarly, a Federal Reserve policy pivot to higher rates would undermine the core financing benefit "
     "for small-caps.", "negative"),
    ("If the speculative excesses in areas like quantum computing or AI-related ventures persist, they could "
     "distort the broader market and delay the recovery of more traditional small-cap models.", "negative"),
    ("More structurally, a failure of the reshoring narrative could derail the fundamental tailwind.", "negative"),
    ("For institutional investors, the forward-looking metrics are straightforward.", "neutral"),
    ("Third, watch for any shift in Fed policy rhetoric or market expectations for rates.", "neutral"),
]
#: The head scores ~0.83 on the long-form eval set; on these 12 it must get at least 9 right.
SEED_MIN_CORRECT = 9


@pytest.fixture(scope="module")
def encoder():
    import torch

    from notes_analyzer.nlp.encoder import Encoder

    torch.set_num_threads(1)
    return Encoder()


@pytest.fixture(scope="module")
def head() -> SentimentHead:
    return SentimentHead.load(HEAD_DIR)


def test_shipped_head_is_small_and_loads_through_options(head: SentimentHead) -> None:
    size = sum(p.stat().st_size for p in HEAD_DIR.iterdir() if p.is_file())
    assert size <= 15 * 1024 * 1024
    loaded = load_sentiment(NlpOptions(models_dir=repo_models_dir()))
    assert isinstance(loaded, SentimentHead)
    assert loaded.layer == head.layer and loaded.labels == LABELS


@pytest.mark.parametrize(("text", "expected"), CLEAR_CASES)
def test_head_labels_clear_sentences(head: SentimentHead, encoder, text: str, expected: str) -> None:
    [result] = head.predict_texts([text], encoder)
    assert result.label == expected, result.scores


def test_head_labels_seed_note_sentences(head: SentimentHead, encoder) -> None:
    results = head.predict_texts([t for t, _ in SEED_CASES], encoder)
    misses = [(t[:60], want, r.label) for (t, want), r in zip(SEED_CASES, results, strict=True) if r.label != want]
    assert len(SEED_CASES) - len(misses) >= SEED_MIN_CORRECT, misses


def test_probabilities_are_a_distribution_in_input_order(head: SentimentHead, encoder) -> None:
    texts = [t for t, _ in SEED_CASES]
    results = head.predict_texts(texts, encoder)
    assert [r.sentence_index for r in results] == list(range(len(texts)))
    for r in results:
        assert set(r.scores) == set(LABELS)
        assert sum(r.scores.values()) == pytest.approx(1.0, abs=1e-5)
        assert r.probability == pytest.approx(max(r.scores.values()))
        assert r.label == max(r.scores, key=r.scores.get)
    assert head.predict_texts([], encoder) == []


def test_seed_note_scores_positive(head: SentimentHead, encoder, seed_text: str) -> None:
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", seed_text) if len(s.split()) >= 6]
    results = head.predict_texts(sentences, encoder)
    score, label = note_sentiment(results, [len(s) for s in sentences])
    assert label == "positive" and 0.15 <= score <= 1.0


def test_top_layers_reproduce_the_base_encoder(encoder) -> None:
    """Hidden states at layer k + copies of the layers above give back the base embedding."""
    import torch

    layer = 4
    network = build_top_network(encoder.model.config.to_dict(), encoder.model.config.num_hidden_layers - layer)
    copy_top_layers(network, encoder.model, layer)
    texts = ["The Fed cut rates by 25 basis points.", "Oil fell.", "Gold hit a record high on Tuesday morning."]
    embeddings, hidden = encoder.encode_with_hidden(texts, layer)
    assert np.array_equal(embeddings, encoder.encode(texts))
    batch, mask = pad_hidden(hidden)
    additive = (1.0 - mask[:, None, None, :].float()) * torch.finfo(torch.float32).min
    with torch.inference_mode():
        for block in network.eval().layers:
            out = block(batch, attention_mask=additive)
            batch = out[0] if isinstance(out, tuple) else out
    weights = mask.unsqueeze(-1).float()
    pooled = torch.nn.functional.normalize((batch * weights).sum(1) / weights.sum(1), dim=-1).numpy()
    np.testing.assert_allclose(pooled, embeddings, atol=1e-5)


def test_wrong_hidden_states_and_layers_are_rejected(head: SentimentHead, encoder) -> None:
    with pytest.raises(ValueError, match="expected"):
        head.predict([np.zeros((5, 128), dtype=np.float32)])
    with pytest.raises(ValueError, match="layer must be in 0..6"):
        encoder.encode_with_hidden(["Stocks rose."], 7)


def test_missing_head_dir_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ModelLoadError, match="sentiment head not found"):
        SentimentHead.load(tmp_path / "nowhere")


def test_missing_classifier_dir_is_a_clear_error(tmp_path: Path) -> None:
    missing = tmp_path / "finbert"
    with pytest.raises(ModelLoadError, match=r"finbert: sentiment classifier directory not found"):
        load_sentiment(NlpOptions(classifier_path=missing))


def _tiny_classifier(path: Path, id2label: dict[int, str], favoured: int) -> Path:
    """A tiny local BERT sequence classifier whose output always favours class ``favoured``."""
    import torch
    from transformers import AutoTokenizer, BertConfig, BertForSequenceClassification

    from notes_analyzer.nlp.encoder import default_encoder_path

    config = BertConfig(vocab_size=30522, hidden_size=32, num_hidden_layers=1, num_attention_heads=2,
                        intermediate_size=64, id2label=id2label, label2id={v: k for k, v in id2label.items()})
    model = BertForSequenceClassification(config)
    with torch.no_grad():
        model.classifier.weight.zero_()
        model.classifier.bias.fill_(0.0)
        model.classifier.bias[favoured] = 5.0
    model.save_pretrained(path)
    AutoTokenizer.from_pretrained(default_encoder_path(), local_files_only=True).save_pretrained(path)
    return path


def test_classifier_backend_maps_finbert_labels(tmp_path: Path) -> None:
    # FinBERT's order: 0 positive, 1 negative, 2 neutral; the model always says index 1.
    path = _tiny_classifier(tmp_path / "finbert", {0: "positive", 1: "negative", 2: "neutral"}, favoured=1)
    backend = load_sentiment(NlpOptions(classifier_path=path))
    results = backend.predict_texts(["Stocks rallied.", "The meeting is on Tuesday."])
    assert [r.label for r in results] == ["negative", "negative"]
    for r in results:
        assert sum(r.scores.values()) == pytest.approx(1.0, abs=1e-5)
        assert r.scores["negative"] > 0.9


def test_classifier_backend_rejects_unknown_labels(tmp_path: Path) -> None:
    path = _tiny_classifier(tmp_path / "generic", {0: "LABEL_0", 1: "LABEL_1", 2: "LABEL_2"}, favoured=0)
    with pytest.raises(ModelLoadError, match="LABEL_0"):
        load_sentiment(NlpOptions(classifier_path=path))


def _item(pos: float, neg: float) -> SentenceSentiment:
    scores = {"positive": pos, "negative": neg, "neutral": 1.0 - pos - neg}
    label = max(scores, key=scores.get)
    return SentenceSentiment(sentence_index=0, label=label, probability=scores[label], scores=scores)


def test_note_sentiment_weights_confidence_and_length() -> None:
    assert note_sentiment([]) == (0.0, "neutral")
    score, label = note_sentiment([_item(0.9, 0.05), _item(0.1, 0.6)])
    assert label == "positive" and score == pytest.approx((0.9 * 0.85 + 0.6 * -0.5) / 1.5)
    # the same two sentences, the bearish one four times as long: sqrt weighting tips it
    score, label = note_sentiment([_item(0.9, 0.05), _item(0.1, 0.6)], lengths=[25, 400])
    assert score < 0
    assert note_sentiment([_item(0.2, 0.2)])[1] == "neutral"
    with pytest.raises(ValueError, match="lengths"):
        note_sentiment([_item(0.5, 0.1)], lengths=[1, 2])
