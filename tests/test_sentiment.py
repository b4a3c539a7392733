"""Sentence sentiment: the shipped fine-tuned encoder on real sentences, its embedding kept close to MiniLM's,
the note score, the classifier backend."""

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
    build_network,
    load_sentiment,
    note_sentiment,
    save_head,
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
#: The model scores ~0.9 on the long-form eval set; on these 12 it must get at least 9 right.
SEED_MIN_CORRECT = 9


@pytest.fixture(scope="module")
def encoder():
    """The torch encoder built from the shipped model: embeddings and sentiment from one pass."""
    import torch

    from notes_analyzer.nlp.encoder import Encoder

    torch.set_num_threads(1)
    return Encoder(sentiment_dir=HEAD_DIR)


@pytest.fixture(scope="module")
def head() -> SentimentHead:
    return SentimentHead.load(HEAD_DIR)


def test_shipped_model_is_small_holds_no_embeddings_and_loads_through_options(head: SentimentHead) -> None:
    from safetensors import safe_open

    size = sum(p.stat().st_size for p in HEAD_DIR.iterdir() if p.is_file())
    assert size <= 12 * 1024 * 1024  # the weight matrices are int8 changes from MiniLM (fp16 would be 21 MB)
    with safe_open(str(HEAD_DIR / "model.safetensors"), "pt") as weights:
        keys = list(weights.keys())
        dtypes = {k: str(weights.get_tensor(k).dtype) for k in keys}
    assert set(dtypes.values()) == {"torch.int8", "torch.float16"}
    assert all((dtype == "torch.int8") == k.endswith(".delta_int8") for k, dtype in dtypes.items())
    assert all(f"{k.removesuffix('.delta_int8')}.delta_scale" in dtypes for k in keys if k.endswith(".delta_int8"))
    assert all(k.startswith(("encoder.layer.", "classifier.")) for k in keys)  # embeddings come from the package
    assert {k.split(".")[2] for k in keys if k.startswith("encoder.layer.")} == {str(i) for i in range(6)}
    loaded = load_sentiment(NlpOptions(models_dir=repo_models_dir()))
    assert isinstance(loaded, SentimentHead)
    assert loaded.labels == head.labels == LABELS


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


def test_without_the_model_the_network_is_plain_minilm() -> None:
    """``build_network`` without a head is the sentence-transformers MiniLM: mean pooling, L2 norm."""
    import torch
    from transformers import AutoModel, AutoTokenizer

    from notes_analyzer.nlp.encoder import Encoder, default_encoder_path

    texts = ["The Fed cut rates by 25 basis points.", "Oil fell.", "Gold hit a record high on Tuesday morning."]
    tokenizer = AutoTokenizer.from_pretrained(default_encoder_path(), local_files_only=True)
    reference = AutoModel.from_pretrained(default_encoder_path(), local_files_only=True).eval()
    batch = tokenizer(texts, padding=True, return_tensors="pt")
    with torch.inference_mode():
        last = reference(**batch).last_hidden_state
    mask = batch["attention_mask"].unsqueeze(-1).float()
    expected = torch.nn.functional.normalize((last * mask).sum(1) / mask.sum(1), dim=-1).numpy()
    base = Encoder()
    assert not base.has_sentiment and base.encode_with_sentiment(texts)[1] is None
    np.testing.assert_allclose(base.encode(texts), expected, atol=1e-5)
    assert build_network(default_encoder_path(), None, n_labels=0).classifier is None


def test_fine_tuned_embedding_stays_close_to_minilm(encoder) -> None:
    """The distillation term kept the embedding the other heads read: cosine to the original MiniLM's."""
    from notes_analyzer.nlp.encoder import Encoder

    texts = [t for t, _ in SEED_CASES] + [c[0] if isinstance(c, tuple) else c.values[0] for c in CLEAR_CASES]
    cosine = (encoder.encode(texts) * Encoder().encode(texts)).sum(1)
    # measured on the 641 long-form eval sentences: mean 0.961, min 0.839 (MODEL_CARD)
    assert cosine.mean() >= 0.95 and cosine.min() >= 0.90, (cosine.mean(), sorted(cosine)[:3])
    # one pass: the embedding next to the probabilities is the one encode gives
    embeddings, probabilities = encoder.encode_with_sentiment(texts)
    np.testing.assert_allclose(embeddings, encoder.encode(texts), atol=1e-6)
    assert probabilities.shape == (len(texts), len(LABELS))


def _tiny_encoder(folder: Path) -> Path:
    from transformers import BertConfig, BertModel

    BertModel(BertConfig(hidden_size=32, num_hidden_layers=2, num_attention_heads=2, intermediate_size=64)) \
        .save_pretrained(folder)
    return folder


def test_a_model_of_another_shape_or_format_is_a_clear_error(tmp_path: Path) -> None:
    from notes_analyzer.nlp.encoder import default_encoder_path

    with pytest.raises(ModelLoadError, match="does not match the sentiment model"):
        build_network(_tiny_encoder(tmp_path / "tiny"), HEAD_DIR)
    old = tmp_path / "old"
    old.mkdir()
    (old / "config.json").write_text('{"layer": 4, "n_layers": 2, "labels": ["negative", "neutral", "positive"]}')
    (old / "model.safetensors").write_bytes(b"")
    with pytest.raises(ModelLoadError, match="retrain with scripts/train_sentiment.py"):
        SentimentHead.load(old)
    # weights that leave out a layer are refused, not silently mixed with the base's
    from safetensors.torch import load_file, save_file

    partial = tmp_path / "partial"
    partial.mkdir()
    (partial / "config.json").write_text((HEAD_DIR / "config.json").read_text())
    state = {k: v for k, v in load_file(HEAD_DIR / "model.safetensors").items() if ".layer.5." not in k}
    save_file(state, partial / "model.safetensors")
    with pytest.raises(ModelLoadError, match="do not fit the encoder"):
        build_network(default_encoder_path(), partial)


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    """What ``save_head`` writes, ``build_network`` loads back (int8 changes and fp16: within rounding)."""
    import torch

    encoder_dir = _tiny_encoder(tmp_path / "tiny")
    torch.manual_seed(5)
    network = build_network(encoder_dir, None, n_labels=3)
    bert = {k: getattr(network.bert.config, k) for k in
            ("hidden_size", "num_hidden_layers", "num_attention_heads", "intermediate_size", "vocab_size")}
    save_head(network, {"labels": list(LABELS), "bert_config": bert}, tmp_path / "head", encoder_dir)
    loaded = build_network(encoder_dir, tmp_path / "head")
    ids, mask = torch.tensor([[101, 2000, 3000, 102]]), torch.ones(1, 4, dtype=torch.long)
    with torch.inference_mode():
        for a, b in zip(network.eval()(ids, mask), loaded(ids, mask), strict=True):
            torch.testing.assert_close(a, b, atol=2e-3, rtol=1e-2)


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
