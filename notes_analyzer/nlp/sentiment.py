"""Sentence sentiment (positive / negative / neutral) and the note-level score.

Default backend: ``SentimentHead``, the top transformer layers of MiniLM fine-tuned for
finance sentiment plus a linear classifier (``models/sentiment/``, trained by
``scripts/train_sentiment.py``). It does not re-encode text: the pipeline runs the base
encoder once with ``Encoder.encode_with_hidden(texts, head.layer)`` and hands the hidden
states to ``SentimentHead.predict``; the embeddings from the same pass feed the other heads.

Alternative backend: a local sequence-classification directory (e.g. a FinBERT checkout)
named by ``NlpOptions.classifier_path``; see ``SequenceClassifierSentiment``.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import numpy as np

from notes_analyzer.errors import ModelLoadError
from notes_analyzer.records import SentenceSentiment, SentimentLabel

if TYPE_CHECKING:
    from notes_analyzer.config import NlpOptions
    from notes_analyzer.nlp.encoder import Encoder

log = logging.getLogger(__name__)

__all__ = [
    "LABELS",
    "SentimentHead",
    "SequenceClassifierSentiment",
    "load_sentiment",
    "note_sentiment",
    "probability_records",
]

#: Class order of the head's output.
LABELS = ("negative", "neutral", "positive")
CONFIG_FILE = "config.json"
WEIGHTS_FILE = "model.safetensors"
#: Note score (mean of p(pos) - p(neg)) beyond which a note is called positive/negative.
NOTE_LABEL_THRESHOLD = 0.15
PREDICT_BATCH_SIZE = 64

#: Substrings of a classifier's ``id2label`` names, mapped to our labels (FinBERT: positive/negative/neutral).
_LABEL_ALIASES = {"pos": "positive", "bull": "positive", "neg": "negative", "bear": "negative", "neu": "neutral"}


def note_sentiment(sentiments: Sequence[SentenceSentiment],
                   lengths: Sequence[int] | None = None) -> tuple[float, SentimentLabel]:
    """Note score in [-1, 1] and its label: the weighted mean of p(positive) - p(negative).

    Each sentence weighs its confidence (the winning probability) times the square root of
    its length (``lengths``, e.g. characters or tokens; equal when omitted).
    """
    if lengths is not None and len(lengths) != len(sentiments):
        raise ValueError(f"{len(lengths)} lengths for {len(sentiments)} sentences")
    total = weight_sum = 0.0
    for i, item in enumerate(sentiments):
        weight = item.probability * (math.sqrt(max(lengths[i], 1)) if lengths is not None else 1.0)
        total += weight * (item.scores.get("positive", 0.0) - item.scores.get("negative", 0.0))
        weight_sum += weight
    score = total / weight_sum if weight_sum > 0 else 0.0
    score = max(-1.0, min(1.0, score))
    if score >= NOTE_LABEL_THRESHOLD:
        return score, "positive"
    if score <= -NOTE_LABEL_THRESHOLD:
        return score, "negative"
    return score, "neutral"


def probability_records(probabilities: np.ndarray, labels: Sequence[str]) -> list[SentenceSentiment]:
    """One ``SentenceSentiment`` per row of class probabilities (``sentence_index`` = row)."""
    out = []
    for i, row in enumerate(probabilities):
        best = int(np.argmax(row))
        scores = {label: float(p) for label, p in zip(labels, row, strict=True)}
        out.append(SentenceSentiment(sentence_index=i, label=cast(SentimentLabel, labels[best]),
                                     probability=float(row[best]),
                                     scores=scores))
    return out


def build_top_network(bert_config: dict[str, Any], n_layers: int, n_labels: int = len(LABELS)):
    """The trainable part: ``n_layers`` BERT layers, masked mean pooling and a linear classifier."""
    import torch
    from transformers import BertConfig
    from transformers.models.bert.modeling_bert import BertLayer

    config = BertConfig(**bert_config)
    config._attn_implementation = "eager"  # takes the additive float mask built below

    class TopNetwork(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.layers = torch.nn.ModuleList(BertLayer(config) for _ in range(n_layers))
            self.dropout = torch.nn.Dropout(config.hidden_dropout_prob)
            self.classifier = torch.nn.Linear(config.hidden_size, n_labels)

        def forward(self, hidden: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
            additive = (1.0 - mask[:, None, None, :].to(hidden.dtype)) * torch.finfo(hidden.dtype).min
            for layer in self.layers:
                out = layer(hidden, attention_mask=additive)
                hidden = out[0] if isinstance(out, tuple) else out
            weights = mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * weights).sum(1) / weights.sum(1).clamp(min=1e-9)
            return self.classifier(self.dropout(pooled))

    return TopNetwork()


def copy_top_layers(network: Any, base_model: Any, layer: int) -> None:
    """Initialise ``network.layers`` from ``base_model``'s transformer layers ``layer``, ``layer + 1`` …"""
    source = base_model.encoder.layer
    if layer + len(network.layers) != len(source):
        raise ValueError(f"layers {layer}+{len(network.layers)} do not end at the top of a {len(source)}-layer encoder")
    for i, target in enumerate(network.layers):
        target.load_state_dict(source[layer + i].state_dict())


def pad_hidden(hidden: Sequence[np.ndarray]):
    """Stack variable-length ``(tokens, dim)`` arrays into a zero-padded tensor and its 0/1 mask."""
    import torch

    longest = max(h.shape[0] for h in hidden)
    batch = torch.zeros(len(hidden), longest, hidden[0].shape[1])
    mask = torch.zeros(len(hidden), longest, dtype=torch.long)
    for i, h in enumerate(hidden):
        batch[i, : h.shape[0]] = torch.from_numpy(np.asarray(h, dtype=np.float32))
        mask[i, : h.shape[0]] = 1
    return batch, mask


class SentimentHead:
    """Adapted top layers of the encoder + classifier, fed with the encoder's layer-``layer`` states."""

    def __init__(self, network: Any, config: dict[str, Any], path: Path | None = None) -> None:
        self.network = network.eval()
        self.config = config
        self.path = path
        self.layer = int(config["layer"])
        self.labels = tuple(config["labels"])
        self.hidden_size = int(config["bert_config"]["hidden_size"])

    @classmethod
    def load(cls, path: str | Path) -> SentimentHead:
        """Load ``config.json`` + ``model.safetensors`` written by ``save``."""
        path = Path(path)
        config_path, weights_path = path / CONFIG_FILE, path / WEIGHTS_FILE
        if not config_path.is_file() or not weights_path.is_file():
            raise ModelLoadError(f"{path}: sentiment head not found (needs {CONFIG_FILE} and {WEIGHTS_FILE})")
        try:
            config = json.loads(config_path.read_text(encoding="utf-8"))
            network = build_top_network(config["bert_config"], int(config["n_layers"]), len(config["labels"]))
            from safetensors.torch import load_file

            state = {k: v.float() for k, v in load_file(weights_path).items()}
            network.load_state_dict(state)
        except (OSError, ValueError, KeyError, RuntimeError) as exc:
            raise ModelLoadError(f"{path}: cannot load sentiment head ({exc})") from None
        return cls(network, config, path)

    def save(self, path: str | Path) -> None:
        """Write the weights (fp16 safetensors) and the JSON config to ``path``."""
        from safetensors.torch import save_file

        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        state = {k: v.detach().to("cpu").half().contiguous() for k, v in self.network.state_dict().items()}
        save_file(state, path / WEIGHTS_FILE, metadata={"format": "pt"})
        (path / CONFIG_FILE).write_text(json.dumps(self.config, indent=2) + "\n", encoding="utf-8")

    def predict_proba(self, hidden: Sequence[np.ndarray]) -> np.ndarray:
        """Class probabilities ``(n, len(labels))`` from layer-``layer`` hidden states."""
        import torch

        for i, h in enumerate(hidden):
            if h.ndim != 2 or h.shape[1] != self.hidden_size or h.shape[0] == 0:
                raise ValueError(f"hidden state {i} has shape {h.shape}; expected (tokens>0, {self.hidden_size})")
        out = np.zeros((len(hidden), len(self.labels)), dtype=np.float32)
        order = np.argsort([h.shape[0] for h in hidden])
        with torch.inference_mode():
            for start in range(0, len(hidden), PREDICT_BATCH_SIZE):
                idx = order[start : start + PREDICT_BATCH_SIZE]
                batch, mask = pad_hidden([hidden[j] for j in idx])
                out[idx] = torch.softmax(self.network(batch, mask), dim=-1).numpy()
        return out

    def predict(self, hidden: Sequence[np.ndarray]) -> list[SentenceSentiment]:
        """One ``SentenceSentiment`` per sentence, in order (``sentence_index`` = position)."""
        return probability_records(self.predict_proba(hidden), self.labels)

    def predict_texts(self, texts: Sequence[str], encoder: Encoder) -> list[SentenceSentiment]:
        """Encode ``texts`` with ``encoder`` (the base model the head was trained on) and predict."""
        if encoder.dim != self.hidden_size:
            raise ModelLoadError(f"{encoder.path}: encoder width {encoder.dim} does not match the "
                                 f"sentiment head ({self.hidden_size}); the head needs its base encoder")
        if not texts:
            return []
        return self.predict(encoder.encode_with_hidden(texts, self.layer)[1])


class SequenceClassifierSentiment:
    """A local sequence-classification model (e.g. FinBERT) with its labels mapped to ours."""

    def __init__(self, path: str | Path, *, max_length: int = 128, batch_size: int = 32) -> None:
        self.path = Path(path)
        self.max_length = max_length
        self.batch_size = batch_size
        if not self.path.is_dir():
            raise ModelLoadError(f"{self.path}: sentiment classifier directory not found")
        from transformers import AutoModelForSequenceClassification, AutoTokenizer

        try:
            self.tokenizer = AutoTokenizer.from_pretrained(self.path, local_files_only=True)
            self.model = AutoModelForSequenceClassification.from_pretrained(self.path, local_files_only=True).eval()
        except (OSError, ValueError) as exc:
            raise ModelLoadError(f"{self.path}: cannot load sequence classifier ({exc})") from None
        self.label_map = map_classifier_labels(self.model.config.id2label, self.path)

    def predict_texts(self, texts: Sequence[str], encoder: Encoder | None = None) -> list[SentenceSentiment]:
        """Classify ``texts`` directly (``encoder`` is ignored: this model has its own)."""
        import torch

        probs = np.zeros((len(texts), len(LABELS)), dtype=np.float32)
        with torch.inference_mode():
            for start in range(0, len(texts), self.batch_size):
                chunk = list(texts[start : start + self.batch_size])
                batch = self.tokenizer(chunk, padding=True, truncation=True, max_length=self.max_length,
                                       return_tensors="pt")
                own = torch.softmax(self.model(**batch).logits, dim=-1).numpy()
                for own_index, label in self.label_map.items():
                    probs[start : start + len(chunk), LABELS.index(label)] += own[:, own_index]
        return probability_records(probs, LABELS)


def map_classifier_labels(id2label: dict[int, str], path: Path) -> dict[int, str]:
    """Map a classifier's ``id2label`` onto positive/negative/neutral, or raise naming the model."""
    mapping: dict[int, str] = {}
    for index, name in id2label.items():
        lowered = str(name).lower()
        match = next((ours for key, ours in _LABEL_ALIASES.items() if key in lowered), None)
        if match is None:
            raise ModelLoadError(f"{path}: classifier label {name!r} is not positive/negative/neutral "
                                 f"(labels: {sorted(id2label.values())})")
        mapping[int(index)] = match
    if set(mapping.values()) != set(LABELS):
        raise ModelLoadError(f"{path}: classifier labels {sorted(id2label.values())} do not cover "
                             "positive, negative and neutral")
    return mapping


def load_sentiment(options: NlpOptions) -> SentimentHead | SequenceClassifierSentiment:
    """The sentiment backend ``options`` asks for: a classifier directory, else the trained head."""
    if options.classifier_path:
        return SequenceClassifierSentiment(options.classifier_path, max_length=options.max_length,
                                           batch_size=options.batch_size)
    from notes_analyzer.config import repo_models_dir

    return SentimentHead.load(Path(options.models_dir or repo_models_dir()) / "sentiment")
