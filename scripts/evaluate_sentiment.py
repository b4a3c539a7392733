"""Evaluate the shipped sentiment model (as saved: int8 changes from MiniLM, fp16 biases and classifier) on a labelled CSV.

Default: the held-out ``eval`` rows of ``scripts/data/sentiment_finance.csv``. Any CSV with
``text`` and ``label`` (positive/negative/neutral) columns works (``--csv``, ``--split`` to filter
on a ``split`` column). Prints accuracy, macro-F1, the confusion matrix and per-topic accuracy for
fp32 (torch, the reference the model was trained on), the torch int8 fallback, the ONNX fp32 graph
and the default path (ONNX int8), the int8 labels' agreement with fp32, then the default's accuracy
change from fp32 (target: at most 0.5 points lower).

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
from notes_analyzer.nlp.onnx_encoder import OnnxEncoder  # noqa: E402
from notes_analyzer.nlp.sentiment import LABELS, SentimentHead  # noqa: E402

TARGET_GAP_POINTS = 0.5


def _labels(setting: str, texts: list[str], head_dir: Path, threads: int, cache_dir: Path | None) -> list[str]:
    """Predicted labels of ``texts`` on one runtime setting (the encoder built from the model, one pass)."""
    head = SentimentHead.load(head_dir)
    if setting.startswith("torch"):
        encoder = Encoder(sentiment_dir=head_dir, quantize=setting == "torch int8", threads=threads)
    else:
        encoder = OnnxEncoder(sentiment_dir=head_dir, quantize=setting == "onnx int8", threads=threads,
                              cache_dir=cache_dir)
    return [r.label for r in head.predict_texts(texts, encoder)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--csv", type=Path, default=REPO / "scripts" / "data" / "sentiment_finance.csv")
    parser.add_argument("--split", default="eval", help="keep rows whose split column equals this ('' = all)")
    parser.add_argument("--head", type=Path, default=REPO / "models" / "sentiment")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--cache-dir", type=Path, default=None, help="ONNX export cache (default: the user cache)")
    args = parser.parse_args()
    import torch
    from sklearn.metrics import accuracy_score, confusion_matrix, f1_score

    torch.set_num_threads(args.threads)
    frame = pd.read_csv(args.csv)
    if args.split:
        frame = frame[frame["split"] == args.split]
    truth = frame["label"].tolist()
    accuracy: dict[str, float] = {}
    labels: dict[str, list[str]] = {}
    for setting in ("torch fp32", "torch int8", "onnx fp32", "onnx int8"):
        predicted = labels[setting] = _labels(setting, frame["text"].tolist(), args.head, args.threads, args.cache_dir)
        accuracy[setting] = accuracy_score(truth, predicted)
        default = " (default)" if setting == "onnx int8" else ""
        agree = "" if setting == "torch fp32" else \
            f" labels agree with torch fp32 on {accuracy_score(labels['torch fp32'], predicted):.1%}"
        print(f"\n{setting}{default}: n={len(truth)} accuracy {accuracy[setting]:.3f} "
              f"macro-F1 {f1_score(truth, predicted, labels=list(LABELS), average='macro'):.3f}{agree}")
        print(f"confusion (rows true, cols predicted; {', '.join(LABELS)}): "
              f"{confusion_matrix(truth, predicted, labels=list(LABELS)).tolist()}")
        if "topic" in frame:
            correct = pd.Series([t == p for t, p in zip(truth, predicted, strict=True)], index=frame.index)
            by_topic = correct.groupby(frame["topic"]).agg(["mean", "size"]).round(3)
            print("accuracy by topic:", ", ".join(f"{t} {m:.2f} (n={int(n)})" for t, (m, n) in by_topic.iterrows()))
    change = 100 * (accuracy["onnx int8"] - accuracy["torch fp32"])
    print(f"\ndefault (onnx int8) - fp32: {change:+.1f} accuracy points "
          f"(target: at most {TARGET_GAP_POINTS} points below fp32) "
          f"{'ok' if change >= -TARGET_GAP_POINTS else 'MISSED'}")


if __name__ == "__main__":
    main()
