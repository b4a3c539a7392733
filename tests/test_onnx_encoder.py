"""The ONNX encoder (the fine-tuned MiniLM of models/sentiment): same embeddings and labels as the torch
fallback, int8 close to fp32, the export cache, one pass per note."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from notes_analyzer.config import NlpOptions, repo_models_dir
from notes_analyzer.errors import ConfigError, ModelLoadError
from notes_analyzer.nlp import onnx_encoder
from notes_analyzer.nlp.encoder import default_encoder_path
from notes_analyzer.nlp.onnx_encoder import OnnxEncoder, cache_key, ensure_onnx, source_files
from notes_analyzer.nlp.sentiment import SentimentHead

HEAD_DIR = repo_models_dir() / "sentiment"
#: TFNS rows read for the comparisons (real finance headlines, ../shared/training).
SAMPLE_ROWS = 120
#: Least cosine between an int8 and an fp32 embedding on that sample.
MIN_INT8_COSINE = 0.98


@pytest.fixture(scope="module")
def tfns_sample(shared_dir: Path) -> list[str]:
    frame = pd.read_csv(shared_dir / "training" / "tfns_sentiment_train.csv")
    return frame["text"].sample(SAMPLE_ROWS, random_state=7).tolist()


@pytest.fixture(scope="module")
def onnx_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("onnx-cache")


@pytest.fixture(scope="module")
def onnx_int8(onnx_cache: Path) -> OnnxEncoder:
    return OnnxEncoder(sentiment_dir=HEAD_DIR, threads=1, cache_dir=onnx_cache)


@pytest.fixture(scope="module")
def onnx_fp32(onnx_cache: Path, onnx_int8: OnnxEncoder) -> OnnxEncoder:
    return OnnxEncoder(sentiment_dir=HEAD_DIR, threads=1, quantize=False, cache_dir=onnx_cache)


@pytest.fixture(scope="module")
def torch_fp32():
    import torch

    from notes_analyzer.nlp.encoder import Encoder

    torch.set_num_threads(1)
    return Encoder(sentiment_dir=HEAD_DIR)


@pytest.mark.slow
def test_onnx_and_torch_give_the_same_embeddings_and_labels(onnx_fp32, onnx_int8, torch_fp32, tfns_sample) -> None:
    embeddings, torch_probabilities = torch_fp32.encode_with_sentiment(tfns_sample)
    onnx_embeddings, onnx_probabilities = onnx_fp32.encode_with_sentiment(tfns_sample)
    np.testing.assert_allclose(onnx_embeddings, embeddings, atol=1e-4)
    np.testing.assert_allclose(onnx_probabilities, torch_probabilities, atol=1e-4)
    assert (onnx_probabilities.argmax(1) == torch_probabilities.argmax(1)).all()
    # the int8 default keeps the labels of the fp32 torch model on this sample
    int8_labels = onnx_int8.encode_with_sentiment(tfns_sample)[1].argmax(1)
    assert (int8_labels == torch_probabilities.argmax(1)).mean() >= 0.97


@pytest.mark.slow
def test_the_single_pass_gives_the_embedding_of_encode(onnx_int8, onnx_fp32, tfns_sample) -> None:
    for encoder in (onnx_int8, onnx_fp32):
        embeddings, probabilities = encoder.encode_with_sentiment(tfns_sample)
        np.testing.assert_allclose(embeddings, encoder.encode(tfns_sample), atol=1e-6)
        np.testing.assert_allclose(np.linalg.norm(embeddings, axis=1), 1.0, atol=1e-4)
        np.testing.assert_allclose(probabilities.sum(1), 1.0, atol=1e-4)


@pytest.mark.slow
def test_int8_embeddings_are_close_to_fp32(onnx_fp32, onnx_int8, tfns_sample) -> None:
    assert onnx_int8.model_file.name == "int8.onnx" and onnx_fp32.model_file.name == "fp32.onnx"
    assert onnx_int8.model_file.stat().st_size < 0.5 * onnx_fp32.model_file.stat().st_size
    cosine = (onnx_int8.encode(tfns_sample) * onnx_fp32.encode(tfns_sample)).sum(1)
    assert cosine.min() > MIN_INT8_COSINE, sorted(cosine)[:5]


@pytest.mark.slow
def test_fused_head_labels_clear_sentences_and_keeps_input_order(onnx_int8) -> None:
    head = SentimentHead.load(HEAD_DIR)
    cases = [("The lender's stock collapsed after it disclosed a surprise $2 billion loss on bad loans.", "negative"),
             ("The board will meet on Thursday to review the quarterly accounts.", "neutral"),
             ("Shares of the toolmaker soared 18% after it raised its full-year profit forecast.", "positive")]
    results = head.predict_texts([t for t, _ in cases], onnx_int8)
    assert [r.label for r in results] == [want for _, want in cases]
    assert [r.sentence_index for r in results] == [0, 1, 2]
    assert all(sum(r.scores.values()) == pytest.approx(1.0, abs=1e-5) for r in results)
    assert head.predict_texts([], onnx_int8) == []


@pytest.mark.slow
def test_the_pipeline_makes_one_encoder_pass_for_every_head(onnx_cache, seed_text, onnx_int8) -> None:
    from notes_analyzer.models import load_models
    from notes_analyzer.nlp.pipeline import analyze_notes
    from notes_analyzer.records import Note

    models = load_models(NlpOptions(threads=1, cache_dir=onnx_cache))
    assert isinstance(models.sentiment, SentimentHead) and isinstance(models.encoder, OnnxEncoder)
    assert models.encoder.has_sentiment
    assert models.claim_head is not None and models.catalysts is not None
    passes = []
    encode = models.encoder.encode_with_sentiment

    def counted(texts):
        passes.append(len(texts))
        return encode(texts)

    models.encoder.encode_with_sentiment = counted
    models.encoder.encode = lambda texts: pytest.fail("a second encoder pass")
    [analysis] = analyze_notes([Note(id="seed", text=seed_text)], models)
    assert passes == [len(analysis.sentences)]
    assert len(analysis.sentiments) == len(analysis.sentences)
    assert analysis.note_sentiment_label == "positive" and analysis.claims and analysis.catalysts


@pytest.mark.slow
def test_a_cached_onnx_start_imports_no_torch(onnx_cache, onnx_int8) -> None:
    """With the export cached, loading every model keeps torch (and transformers) out of the process."""
    import subprocess
    import sys

    code = ("import sys; from pathlib import Path; from notes_analyzer.config import NlpOptions; "
            "from notes_analyzer.models import load_models; "
            f"models = load_models(NlpOptions(threads=1, cache_dir=Path({str(onnx_cache)!r}))); "
            "print(type(models.sentiment).__name__, models.claim_head is not None, "
            "sorted(m for m in ('torch', 'transformers') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split("\n")[-2] == "SentimentHead True []"


def test_encoder_runtime_is_checked() -> None:
    assert NlpOptions().encoder == "onnx"
    with pytest.raises(ConfigError, match="encoder must be one of onnx, torch"):
        NlpOptions(encoder="tensorflow")


# --------------------------------------------------------------------------- the export cache, on a tiny BERT


def _save_tiny_encoder(folder: Path, seed: int) -> Path:
    """A 2-layer, 32-wide BERT with MiniLM's vocabulary and tokenizer, randomly initialised."""
    import torch
    from transformers import BertConfig, BertModel

    torch.manual_seed(seed)
    config = BertConfig(hidden_size=32, num_hidden_layers=2, num_attention_heads=2, intermediate_size=64)
    BertModel(config).save_pretrained(folder)
    shutil.copy(default_encoder_path() / "tokenizer.json", folder / "tokenizer.json")
    return folder


def _save_tiny_head(folder: Path, seed: int, encoder_dir: Path) -> Path:
    """A fine-tuned model for that encoder: its layers re-drawn at random, a random classifier."""
    import torch

    from notes_analyzer.nlp.sentiment import LABELS, build_network, save_head

    network = build_network(encoder_dir, None, n_labels=len(LABELS))
    torch.manual_seed(seed)
    with torch.no_grad():
        for p in [*network.bert.encoder.parameters(), *network.classifier.parameters()]:
            p.normal_(0.0, 0.2)
    bert = {k: getattr(network.bert.config, k) for k in
            ("hidden_size", "num_hidden_layers", "num_attention_heads", "intermediate_size", "vocab_size")}
    save_head(network, {"labels": list(LABELS), "bert_config": bert}, folder, encoder_dir)
    return folder


@pytest.fixture
def tiny(tmp_path: Path) -> tuple[Path, Path]:
    encoder = _save_tiny_encoder(tmp_path / "encoder", seed=1)
    return encoder, _save_tiny_head(tmp_path / "head", seed=2, encoder_dir=encoder)


@pytest.fixture
def export_calls(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every fp32 export run (the real one), by its output path."""
    calls: list[Path] = []
    real = onnx_encoder.export_fp32

    def counted(encoder_dir: Path, head_dir: Path | None, out: Path, max_length: int) -> None:
        calls.append(out)
        real(encoder_dir, head_dir, out, max_length)

    monkeypatch.setattr(onnx_encoder, "export_fp32", counted)
    return calls


def test_a_cache_hit_does_not_re_export(tiny, tmp_path, export_calls) -> None:
    encoder_dir, head_dir = tiny
    first = OnnxEncoder(encoder_dir, sentiment_dir=head_dir, quantize=False, cache_dir=tmp_path / "cache")
    embeddings, probabilities = first.encode_with_sentiment(["Stocks rose.", "Oil fell sharply on Tuesday."])
    assert embeddings.shape == (2, 32) and probabilities.shape == (2, 3)
    assert len(export_calls) == 1
    stamp = first.model_file.stat().st_mtime_ns
    second = OnnxEncoder(encoder_dir, sentiment_dir=head_dir, quantize=False, cache_dir=tmp_path / "cache")
    assert len(export_calls) == 1 and second.model_file == first.model_file
    assert second.model_file.stat().st_mtime_ns == stamp
    np.testing.assert_array_equal(second.encode(["Stocks rose.", "Oil fell sharply on Tuesday."]), embeddings)
    assert [p.name for p in first.model_file.parent.iterdir() if p.suffix == ".onnx"] == ["fp32.onnx"]


def test_a_changed_weight_file_re_exports(tiny, tmp_path, export_calls) -> None:
    encoder_dir, head_dir = tiny
    cache = tmp_path / "cache"
    before = OnnxEncoder(encoder_dir, sentiment_dir=head_dir, quantize=False, cache_dir=cache)
    old_probabilities = before.encode_with_sentiment(["Stocks rose."])[1]
    _save_tiny_head(head_dir, seed=3, encoder_dir=encoder_dir)  # the fine-tuned layers changed: same shapes
    after = OnnxEncoder(encoder_dir, sentiment_dir=head_dir, quantize=False, cache_dir=cache)
    assert len(export_calls) == 2 and after.model_file != before.model_file
    assert not np.allclose(after.encode_with_sentiment(["Stocks rose."])[1], old_probabilities)
    _save_tiny_encoder(encoder_dir, seed=4)  # and the base weights
    OnnxEncoder(encoder_dir, sentiment_dir=head_dir, quantize=False, cache_dir=cache)
    assert len(export_calls) == 3


def test_the_cache_key_hashes_every_weight_file(tiny) -> None:
    encoder_dir, head_dir = tiny
    files = source_files(encoder_dir, head_dir)
    assert {p.name for p in files} == {"config.json", "model.safetensors", "tokenizer.json"}
    assert len(files) == 5
    keys = {cache_key(files, 128)}
    for path in files:
        original = path.read_bytes()
        path.write_bytes(original + b" ")
        keys.add(cache_key(files, 128))
        path.write_bytes(original)
    assert len(keys) == 1 + len(files)
    assert cache_key(files, 128) in keys and cache_key(files, 64) not in keys


def test_two_loaders_at_once_export_once(tiny, tmp_path, export_calls) -> None:
    encoder_dir, head_dir = tiny
    results: list[Path] = []
    loaders = [threading.Thread(target=lambda: results.append(
        ensure_onnx(encoder_dir, head_dir, quantize=False, cache_dir=tmp_path / "cache"))) for _ in range(2)]
    for loader in loaders:
        loader.start()
    for loader in loaders:
        loader.join()
    assert len(results) == 2 and results[0] == results[1] and len(export_calls) == 1
    assert sorted(p.name for p in results[0].parent.iterdir()) == [".lock", "fp32.onnx"]  # no temp file left


def test_missing_weights_are_a_clear_error(tmp_path) -> None:
    (tmp_path / "encoder").mkdir()
    with pytest.raises(ModelLoadError, match="missing .*model.safetensors"):
        OnnxEncoder(tmp_path / "encoder", cache_dir=tmp_path / "cache")
