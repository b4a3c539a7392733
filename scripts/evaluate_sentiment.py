"""Evaluate the shipped sentiment head (as saved: fp16 weights) on a labelled CSV.

Default: the held-out ``eval`` rows of ``scripts/data/sentiment_finance.csv``. Any CSV with
``text`` and ``label`` (positive/negative/neutral) columns works (``--csv``, ``--split`` to filter
on a ``split`` column). Prints accuracy, macro-F1, the confusion matrix and per-topic accuracy,
with the base encoder in fp32 and int8 (``NlpOptions.quantize``).

    python scripts/evaluate_sentiment.py
    python scripts/evaluate_sentiment.py --csv other.csv --split ""
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from notes_analyzer.nlp.encoder import Encoder  # noqa: E402
from notes_analyzer.nlp.sentiment import LABELS, SentimentHead  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--csv", type=Path, default=REPO / "scripts" / "data" / "sentiment_finance.csv")
    parser.add_argument("--split", default="eval", help="keep rows whose split column equals this ('' = all)")
    parser.add_argument("--head", type=Path, default=REPO / "models" / "sentiment")
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    import torch
    from sklearn.metrics import accuracy_score, confusion_matrix, f1_score

    torch.set_num_threads(args.threads)
    frame = pd.read_csv(args.csv)
    if args.split:
        frame = frame[frame["split"] == args.split]
    head = SentimentHead.load(args.head)
    for quantize in (False, True):
        predicted = [r.label for r in head.predict_texts(frame["text"].tolist(), Encoder(quantize=quantize))]
        truth = frame["label"].tolist()
        print(f"\nencoder {'int8' if quantize else 'fp32'}: n={len(truth)} "
              f"accuracy {accuracy_score(truth, predicted):.3f} "
              f"macro-F1 {f1_score(truth, predicted, labels=list(LABELS), average='macro'):.3f}")
        print(f"confusion (rows true, cols predicted; {', '.join(LABELS)}): "
              f"{confusion_matrix(truth, predicted, labels=list(LABELS)).tolist()}")
        if "topic" in frame:
            correct = pd.Series([t == p for t, p in zip(truth, predicted, strict=True)], index=frame.index)
            by_topic = correct.groupby(frame["topic"]).agg(["mean", "size"]).round(3)
            print("accuracy by topic:", ", ".join(f"{t} {m:.2f} (n={int(n)})" for t, (m, n) in by_topic.iterrows()))


if __name__ == "__main__":
    main()
