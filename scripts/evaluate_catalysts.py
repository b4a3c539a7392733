"""Catalyst precision/recall/F1 on the labelled dev set (scripts/data/nlp_dev.jsonl).

    python scripts/evaluate_catalysts.py            # alias + embedding matching, default threshold
    python scripts/evaluate_catalysts.py --sweep    # precision/recall per embedding threshold
    python scripts/evaluate_catalysts.py --errors   # list false positives/negatives
    python scripts/evaluate_catalysts.py --base     # on the plain MiniLM embedding (before fine-tuning)

The embeddings are the pipeline's (the fine-tuned encoder of models/sentiment, torch runtime).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from notes_analyzer import records  # noqa: E402
from notes_analyzer.nlp.catalysts import (  # noqa: E402
    EMBEDDING_THRESHOLD,
    CatalystMatcher,
    evaluate_catalysts,
    load_dev_rows,
)

DEV = REPO / "scripts" / "data" / "nlp_dev.jsonl"


def _line(name: str, s: dict[str, float]) -> str:
    return (f"{name:<28} P={s['precision']:.3f} R={s['recall']:.3f} F1={s['f1']:.3f} "
            f"direction={s['direction_accuracy']:.3f} (gold {s['gold']:.0f}, predicted {s['predicted']:.0f})")


def _errors(rows: list[dict], matcher: CatalystMatcher, emb) -> None:
    sentences = [records.Sentence(index=i, text=r["text"], start=0, end=len(r["text"])) for i, r in enumerate(rows)]
    predicted = {(m.sentence_index, m.catalyst): m for m in matcher.find(sentences, emb)}
    gold = {(i, c["id"]): c["direction"] for i, r in enumerate(rows) for c in r.get("catalysts", ())}
    for key in sorted(predicted.keys() | gold.keys()):
        i, cid = key
        m = predicted.get(key)
        if key not in gold:
            print(f"FP {rows[i]['id']} {cid} {m.method} {m.score:.2f} | {rows[i]['text'][:110]}")
        elif m is None:
            print(f"FN {rows[i]['id']} {cid} | {rows[i]['text'][:110]}")
        elif m.direction != gold[key]:
            print(f"DIR {rows[i]['id']} {cid} {m.direction} != {gold[key]} | {rows[i]['text'][:100]}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dev", type=Path, default=DEV)
    ap.add_argument("--sweep", action="store_true")
    ap.add_argument("--errors", action="store_true")
    ap.add_argument("--quantize", action="store_true", help="int8 encoder, as the pipeline's default NlpOptions")
    ap.add_argument("--base", action="store_true", help="plain MiniLM instead of the fine-tuned encoder")
    args = ap.parse_args()

    import torch

    from notes_analyzer.config import NlpOptions
    from notes_analyzer.models import load_encoder
    from notes_analyzer.nlp.encoder import Encoder

    torch.set_num_threads(1)
    rows = load_dev_rows(args.dev)
    t0 = time.perf_counter()
    encoder = Encoder(quantize=args.quantize) if args.base else \
        load_encoder(NlpOptions(encoder="torch", quantize=args.quantize, threads=1))
    print(f"encoder: {'plain MiniLM' if args.base else 'fine-tuned (models/sentiment)'}"
          f"{', int8' if args.quantize else ', fp32'}")
    matcher = CatalystMatcher().load(encoder=encoder)
    emb = encoder.encode([r["text"] for r in rows])
    print(f"{len(rows)} dev sentences; load+encode {time.perf_counter() - t0:.1f}s")
    written = [i for i, r in enumerate(rows) if r.get("source") == "written"]
    seed = [i for i, r in enumerate(rows) if r.get("source") == "seed"]
    print(_line("alias only", evaluate_catalysts(rows, CatalystMatcher(use_embeddings=False).load())))
    print(_line(f"alias+embedding @{matcher.threshold:.2f}", evaluate_catalysts(rows, matcher, emb)))
    print(_line("  written sentences", evaluate_catalysts([rows[i] for i in written], matcher, emb[written])))
    print(_line("  seed note", evaluate_catalysts([rows[i] for i in seed], matcher, emb[seed])))
    if args.sweep:
        low = (matcher.low_threshold, matcher.low_margin)
        for th in (0.45, 0.50, 0.55, 0.60, 0.65, 0.70, 0.80, 1.01):
            matcher.threshold, matcher.low_threshold = th, 1.01
            print(_line(f"threshold {th:.2f} only", evaluate_catalysts(rows, matcher, emb)))
        matcher.threshold = EMBEDDING_THRESHOLD
        for low_th, low_margin in ((0.45, 0.15), (0.50, 0.10), (0.50, 0.12), (0.50, 0.15), (0.55, 0.10)):
            matcher.low_threshold, matcher.low_margin = low_th, low_margin
            print(_line(f"+ low {low_th:.2f} margin {low_margin:.2f}", evaluate_catalysts(rows, matcher, emb)))
        matcher.low_threshold, matcher.low_margin = low
    if args.errors:
        _errors(rows, matcher, emb)


if __name__ == "__main__":
    main()
