"""Train the catalyst head: one-vs-rest logistic regression on the pipeline's sentence embeddings.

Data (all written for the project): ``scripts/data/catalysts_train.jsonl`` (market-commentary
sentences, implied drivers and hard negatives) and the taxonomy's example paraphrases
(``models/catalysts.yaml``); ``--with-dev`` adds ``nlp_dev.jsonl`` and ``catalysts_heldout.jsonl``
(then those no longer measure the head). Never trained on ../shared/real-notes.
Scores: 5-fold CV over the training sentences, and ``nlp_dev.jsonl`` / ``catalysts_heldout.jsonl``
(held out unless ``--with-dev``). Writes ``models/catalyst_head/head.safetensors`` (coef, intercept)
and ``meta.json`` (class ids, threshold, scores).

    python scripts/train_catalysts.py [--C 4.0] [--threshold 0.5] [--mode add] [--with-dev] [--out DIR]
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "scripts" / "data"
TRAIN = DATA / "catalysts_train.jsonl"
HELD_OUT = (DATA / "nlp_dev.jsonl", DATA / "catalysts_heldout.jsonl")
RANDOM_STATE = 13


def read_rows(path: Path) -> list[tuple[str, set[str]]]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [(r["text"], {c["id"] for c in r.get("catalysts", ())}) for r in rows]


def make_model(c: float, balanced: bool = False):
    from sklearn.linear_model import LogisticRegression
    from sklearn.multiclass import OneVsRestClassifier

    weight = "balanced" if balanced else None
    return OneVsRestClassifier(LogisticRegression(C=c, max_iter=3000, class_weight=weight))


def micro(gold: np.ndarray, proba: np.ndarray, threshold: float) -> dict[str, float]:
    pred = proba >= threshold
    tp = int((pred & (gold == 1)).sum())
    p = tp / pred.sum() if pred.sum() else 0.0
    r = tp / gold.sum() if gold.sum() else 0.0
    return {"precision": round(float(p), 3), "recall": round(float(r), 3),
            "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0, "n": int(len(gold))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--C", type=float, default=4.0)
    parser.add_argument("--threshold", type=float, default=0.5, help="probability a proposal needs (stored in meta)")
    parser.add_argument("--mode", choices=("fill", "add"), default="add",
                        help="how the pipeline joins the head to the matcher (stored in meta)")
    parser.add_argument("--gate", type=float, default=0.5,
                        help="P a nearest-example match needs from the head to stand (stored in meta; <0: no gate)")
    parser.add_argument("--balanced", action="store_true", help="class_weight='balanced' (off: measured worse on dev)")
    parser.add_argument("--with-dev", action="store_true", help="also train on nlp_dev and catalysts_heldout")
    parser.add_argument("--out", type=Path, default=REPO / "models" / "catalyst_head")
    args = parser.parse_args()

    from safetensors.numpy import save_file
    from sklearn.model_selection import KFold
    from sklearn.preprocessing import MultiLabelBinarizer

    from notes_analyzer.models import load_encoder
    from notes_analyzer.nlp.catalysts import default_taxonomy_path, read_taxonomy

    _, catalysts = read_taxonomy(default_taxonomy_path())
    ids = [c.id for c in catalysts]
    rows = read_rows(TRAIN) + [(e, {c.id}) for c in catalysts for e in c.examples]
    held = {p.name: read_rows(p) for p in HELD_OUT}
    if args.with_dev:
        rows += [r for p in HELD_OUT for r in held[p.name]]
    encoder = load_encoder()
    binarizer = MultiLabelBinarizer(classes=ids)
    x = np.asarray(encoder.encode([t for t, _ in rows]), dtype=np.float32)
    y = binarizer.fit_transform([labels for _, labels in rows])

    cv = np.zeros(y.shape, dtype=np.float32)
    for train, test in KFold(5, shuffle=True, random_state=RANDOM_STATE).split(x):
        keep = y[train].sum(axis=0) > 0  # a fold without a class's positives: leave it at 0
        model = make_model(args.C, args.balanced).fit(x[train], y[train][:, keep])
        cv[np.ix_(test, np.flatnonzero(keep))] = model.predict_proba(x[test])
    scores = {"train_cv": micro(y, cv, args.threshold)}
    model = make_model(args.C, args.balanced).fit(x, y)
    for name, held_rows in held.items():
        if held_rows and not args.with_dev:
            gold = binarizer.transform([labels for _, labels in held_rows])
            proba = model.predict_proba(np.asarray(encoder.encode([t for t, _ in held_rows]), dtype=np.float32))
            scores[name] = micro(gold, proba, args.threshold)

    args.out.mkdir(parents=True, exist_ok=True)
    coef = np.vstack([est.coef_.ravel() for est in model.estimators_]).astype(np.float32)
    intercept = np.asarray([est.intercept_[0] for est in model.estimators_], dtype=np.float32)
    save_file({"coef": np.ascontiguousarray(coef), "intercept": intercept}, str(args.out / "head.safetensors"))
    meta = {"classes": ids, "dim": int(coef.shape[1]), "threshold": args.threshold, "mode": args.mode,
            "gate": args.gate if args.gate >= 0 else None, "C": args.C, "balanced": args.balanced,
            "encoder": f"{type(encoder).__name__} ({Path(str(getattr(encoder, 'path', ''))).parent.name})",
            "rows": len(rows), "with_dev": args.with_dev,
            "positives": {cid: int(n) for cid, n in zip(ids, y.sum(axis=0), strict=True)},
            "negatives": int((y.sum(axis=1) == 0).sum()), "scores": scores}
    (args.out / "meta.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(scores, indent=2))


if __name__ == "__main__":
    main()
