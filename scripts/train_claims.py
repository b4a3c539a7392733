"""Train the claim (check-worthiness) head: MiniLM embeddings + rule features → logistic regression.

Data: CT24 check-worthiness (English, ``../shared/training/CT24_checkworthy_english_{train,dev}.tsv``:
columns Sentence_id, Text, class_label Yes/No; US political debates) and finance sentences
labelled for the project (``scripts/data/claims_train.jsonl``: text, is_claim, kind), weighted up.
Scores: CT24 dev (held out), 5-fold CV on the finance sentences, and the NLP dev set when present.
Writes ``models/claims/claim_head.skops`` (the estimator), ``claim_head.safetensors`` (its weights,
what the pipeline loads) and ``meta.json``; prints the scores for MODEL_CARD.md.

    python scripts/train_claims.py [--ct24-rows 6000] [--out models/claims]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("NOTES_ANALYZER_SHARED", REPO.parent / "shared"))
FINANCE_WEIGHT = 5.0
C_REGULARISATION = 1.0
RANDOM_STATE = 13


def read_ct24(path: Path, limit: int | None) -> tuple[list[str], np.ndarray]:
    import pandas as pd

    skipped: list[list[str]] = []
    frame = pd.read_csv(path, sep="\t", dtype=str, keep_default_na=False, engine="python",
                        on_bad_lines=lambda row: skipped.append(row) and None)
    if skipped:
        print(f"{path.name}: skipped {len(skipped)} malformed row(s) (two records run together)", file=sys.stderr)
    if not {"Text", "class_label"} <= set(frame.columns):
        sys.exit(f"{path}: expected columns Text and class_label, got {list(frame.columns)}")
    if limit and len(frame) > limit:
        frame = pd.concat([group.sample(n=max(1, round(limit * len(group) / len(frame))), random_state=RANDOM_STATE)
                           for _, group in frame.groupby("class_label")])
    return frame["Text"].tolist(), (frame["class_label"].str.lower() == "yes").to_numpy(dtype=int)


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def features(encoder, texts: list[str]) -> np.ndarray:
    from notes_analyzer.nlp.claims import claim_features

    return np.hstack([encoder.encode(texts), claim_features(texts)])


def prf(y: np.ndarray, pred: np.ndarray) -> dict[str, float]:
    from sklearn.metrics import accuracy_score, precision_recall_fscore_support

    p, r, f, _ = precision_recall_fscore_support(y, pred, average="binary", zero_division=0)
    return {"precision": round(float(p), 3), "recall": round(float(r), 3), "f1": round(float(f), 3),
            "accuracy": round(float(accuracy_score(y, pred)), 3), "n": int(len(y))}


def make_model():
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=C_REGULARISATION, max_iter=3000, class_weight="balanced")


def finance_cv(x_ct, y_ct, x_fin, y_fin) -> dict[str, float]:
    """5-fold CV over the finance sentences (CT24 always in the training folds)."""
    from sklearn.model_selection import StratifiedKFold

    pred = np.zeros_like(y_fin)
    for train, test in StratifiedKFold(5, shuffle=True, random_state=RANDOM_STATE).split(x_fin, y_fin):
        model = make_model()
        x = np.vstack([x_ct, x_fin[train]])
        y = np.concatenate([y_ct, y_fin[train]])
        w = np.concatenate([np.ones(len(y_ct)), np.full(len(train), FINANCE_WEIGHT)])
        model.fit(x, y, sample_weight=w)
        pred[test] = model.predict(x_fin[test])
    return prf(y_fin, pred)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ct24-rows", type=int, default=6000, help="CT24 train rows to use (stratified sample)")
    parser.add_argument("--out", type=Path, default=REPO / "models" / "claims")
    args = parser.parse_args()
    import skops.io as sio

    from notes_analyzer.config import NlpOptions
    from notes_analyzer.models import load_encoder
    from notes_analyzer.nlp.claims import ClaimHead

    started = time.time()
    # the pipeline's embedding: the fine-tuned encoder of models/sentiment (torch runtime, int8)
    encoder = load_encoder(NlpOptions(encoder="torch", quantize=True, threads=int(os.environ["OMP_NUM_THREADS"])))
    ct_texts, y_ct = read_ct24(SHARED / "training" / "CT24_checkworthy_english_train.tsv", args.ct24_rows)
    dev_texts, y_dev = read_ct24(SHARED / "training" / "CT24_checkworthy_english_dev.tsv", None)
    fin = read_jsonl(REPO / "scripts" / "data" / "claims_train.jsonl")
    fin_texts, y_fin = [r["text"] for r in fin], np.array([int(r["is_claim"]) for r in fin])
    x_ct, x_dev, x_fin = features(encoder, ct_texts), features(encoder, dev_texts), features(encoder, fin_texts)
    scores = {"finance_cv": finance_cv(x_ct, y_ct, x_fin, y_fin)}
    model = make_model()
    model.fit(np.vstack([x_ct, x_fin]), np.concatenate([y_ct, y_fin]),
              sample_weight=np.concatenate([np.ones(len(y_ct)), np.full(len(y_fin), FINANCE_WEIGHT)]))
    scores["ct24_dev"] = prf(y_dev, model.predict(x_dev))
    dev_path = REPO / "scripts" / "data" / "nlp_dev.jsonl"
    if dev_path.is_file():
        rows = read_jsonl(dev_path)
        y = np.array([int(r["is_claim"]) for r in rows])
        scores["nlp_dev_head_only"] = prf(y, model.predict(features(encoder, [r["text"] for r in rows])))
    args.out.mkdir(parents=True, exist_ok=True)
    sio.dump(model, args.out / "claim_head.skops")
    ClaimHead.save_weights(model, args.out)
    meta = {"encoder": "all-MiniLM-L6-v2 fine-tuned for sentiment (models/sentiment), dynamic int8",
            "features": "embedding(384) + rules",
            "n_features": int(x_ct.shape[1]),
            "ct24_rows": len(ct_texts), "finance_rows": len(fin_texts), "finance_weight": FINANCE_WEIGHT,
            "C": C_REGULARISATION, "scores": scores, "train_seconds": round(time.time() - started, 1)}
    (args.out / "meta.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(meta, indent=2))


if __name__ == "__main__":
    main()
