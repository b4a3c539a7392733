"""Score the NLP stage on the labelled dev set (``scripts/data/nlp_dev.jsonl``, schema in its README).

Prints claim detection P/R/F1 (all kinds, and checkable kinds only), claim-kind P/R/F1, field
accuracy of structured claims, period resolution accuracy, sentiment accuracy and macro-F1, and
catalyst P/R/F1. Each row is read as a one-sentence note published on its ``published`` date,
all rows analysed together through ``analyze_notes`` (the real pipeline and models).

    python scripts/evaluate_nlp.py [--dev scripts/data/nlp_dev.jsonl] [--errors]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

os.environ.setdefault("OMP_NUM_THREADS", "2")

REPO = Path(__file__).resolve().parent.parent
FIELDS = ("subject", "metric", "values", "direction", "comparator", "hedge")
VALUE_TOLERANCE = 1e-6
DEFAULT_PUBLISHED = "2026-01-14"


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def detection(gold: list[bool], pred: list[bool]) -> tuple[float, float, float]:
    tp = sum(g and p for g, p in zip(gold, pred, strict=True))
    return prf(tp, sum(pred), sum(gold))


def same_values(gold: list[dict], pred: list[Any]) -> bool:
    if len(gold) != len(pred):
        return False
    for g, p in zip(gold, pred, strict=True):
        if abs(float(g["value"]) - p.value) > VALUE_TOLERANCE or g["unit"] != p.unit:
            return False
        if (g.get("upper") is None) != (p.upper is None) or \
                (p.upper is not None and abs(float(g["upper"]) - p.upper) > VALUE_TOLERANCE):
            return False
    return True


def field_equal(name: str, gold: dict, pred: Any) -> bool:
    if name == "subject":
        return sorted(gold.get("subject") or []) == sorted(pred.subject)
    if name == "values":
        return same_values(gold.get("values") or [], list(pred.values))
    return gold.get(name) == getattr(pred, name)


def period_ok(gold: Any, pred: Any) -> bool:
    if gold == "unresolved":
        return pred is not None and not pred.resolved
    if pred is None or not pred.resolved:
        return False
    return (str(pred.start), str(pred.end)) == (gold["start"], gold["end"])


def match_claims(gold: list[dict], pred: list[Any]) -> list[tuple[dict, Any]]:
    """Pair gold and predicted claims of one row with the same kind (best subject overlap first)."""
    pairs, free = [], list(pred)
    for g in gold:
        same_kind = [p for p in free if p.kind == g["kind"]]
        if not same_kind:
            continue
        best = max(same_kind, key=lambda p: (sorted(p.subject) == sorted(g.get("subject") or []),
                                             sum(field_equal(f, g, p) for f in FIELDS)))
        free.remove(best)
        pairs.append((g, best))
    return pairs


def analyse(rows: list[dict]) -> list[Any]:
    from notes_analyzer.config import NlpOptions
    from notes_analyzer.models import load_models
    from notes_analyzer.nlp.pipeline import analyze_notes
    from notes_analyzer.records import Note

    models = load_models(NlpOptions(threads=int(os.environ["OMP_NUM_THREADS"])))
    notes = [Note(id=r["id"], text=r["text"], published=datetime.fromisoformat(r["published"])) for r in rows]
    return analyze_notes(notes, models), models


def claim_scores(rows: list[dict], analyses: list[Any], errors: bool) -> None:
    gold_claim = [bool(r["claims"]) for r in rows]
    pred_claim = [bool(a.claims) for a in analyses]
    p, r, f = detection(gold_claim, pred_claim)
    print(f"claim detection (sentence level, n={len(rows)}): P {p:.3f}  R {r:.3f}  F1 {f:.3f}")
    gold_check = [any(c["kind"] != "opinion" for c in r["claims"]) for r in rows]
    pred_check = [any(c.kind != "opinion" for c in a.claims) for a in analyses]
    p, r, f = detection(gold_check, pred_check)
    print(f"  checkable kinds only:                P {p:.3f}  R {r:.3f}  F1 {f:.3f}")
    gold_kinds = {(r["id"], c["kind"]) for r in rows for c in r["claims"]}
    pred_kinds = {(r["id"], c.kind) for r, a in zip(rows, analyses, strict=True) for c in a.claims}
    p, r, f = prf(len(gold_kinds & pred_kinds), len(pred_kinds), len(gold_kinds))
    print(f"claim kinds ((sentence, kind) pairs):   P {p:.3f}  R {r:.3f}  F1 {f:.3f}")
    pairs = [(r["id"], g, p) for r, a in zip(rows, analyses, strict=True)
             for g, p in match_claims(r["claims"], list(a.claims))]
    checkable = [(i, g, p) for i, g, p in pairs if g["kind"] != "opinion" and "metric" in g]
    if not checkable:
        print("(no structured gold fields in this set: field and period accuracy not measured)")
        if errors:
            print_errors(rows, analyses, [])
        return
    print(f"field accuracy on {len(checkable)} matched checkable claims:")
    for name in FIELDS:
        ok = sum(field_equal(name, g, p) for _, g, p in checkable)
        print(f"  {name:<11} {ok / len(checkable) if checkable else 0:.3f}")
    all_ok = sum(all(field_equal(n, g, p) for n in FIELDS) for _, g, p in checkable)
    print(f"  all fields  {all_ok / len(checkable) if checkable else 0:.3f}")
    with_period = [(i, g, p) for i, g, p in pairs if g.get("period") is not None]
    ok = sum(period_ok(g["period"], p.period) for _, g, p in with_period)
    share = ok / len(with_period) if with_period else 0
    print(f"period resolution: {share:.3f} ({ok}/{len(with_period)} matched claims with a gold period)")
    if errors:
        print_errors(rows, analyses, pairs)


def print_errors(rows: list[dict], analyses: list[Any], pairs: list[tuple]) -> None:
    print("\n-- detection errors")
    for r, a in zip(rows, analyses, strict=True):
        g, p = sorted(c["kind"] for c in r["claims"]), sorted(c.kind for c in a.claims)
        if g != p:
            print(f"{r['id']}: gold {g} pred {p} | {r['text'][:110]}")
    print("\n-- field / period errors")
    for rid, g, p in pairs:
        bad = [n for n in FIELDS if not field_equal(n, g, p)]
        if g.get("period") is not None and not period_ok(g["period"], p.period):
            bad.append("period")
        if bad and g["kind"] != "opinion":
            got = {n: (getattr(p, n) if n != "period" else (p.period and (str(p.period.start), str(p.period.end))))
                   for n in bad}
            print(f"{rid} {g['kind']}: {', '.join(bad)} gold={ {n: g.get(n) for n in bad} } pred={got}")


def sentiment_scores(rows: list[dict], analyses: list[Any]) -> None:
    from sklearn.metrics import accuracy_score, f1_score

    if "sentiment" not in rows[0]:
        return
    if not any(a.sentiments for a in analyses):
        print("sentiment: no sentiment head loaded (models/sentiment/ missing)")
        return
    pred = [a.sentiments[0].label if len(a.sentiments) == 1 else a.note_sentiment_label for a in analyses]
    gold = [r["sentiment"] for r in rows]
    print(f"sentiment (n={len(rows)}): accuracy {accuracy_score(gold, pred):.3f}  "
          f"macro-F1 {f1_score(gold, pred, average='macro'):.3f}")


def catalyst_scores(rows: list[dict], analyses: list[Any], models: Any) -> None:
    if "catalysts" not in rows[0]:
        return
    if models.catalysts is None:
        print("catalysts: no catalyst matcher loaded")
        return
    gold = {(r["id"], c["id"]): c["direction"] for r in rows for c in r.get("catalysts", ())}
    pred = {(r["id"], m.catalyst): m.direction for r, a in zip(rows, analyses, strict=True) for m in a.catalysts}
    hits = gold.keys() & pred.keys()
    p, r, f = prf(len(hits), len(pred), len(gold))
    same = sum(gold[k] == pred[k] for k in hits)
    print(f"catalysts ((sentence, catalyst) pairs): P {p:.3f}  R {r:.3f}  F1 {f:.3f}  "
          f"direction accuracy {same / len(hits) if hits else 0:.3f} (gold {len(gold)}, predicted {len(pred)})")


def normalise(row: dict) -> dict:
    """Rows of ``claims_train.jsonl`` (text, is_claim, kind) read as dev rows with kinds only."""
    if "claims" not in row:
        row["claims"] = [{"kind": row["kind"]}] if row.get("is_claim") else []
    row.setdefault("published", DEFAULT_PUBLISHED)
    row.setdefault("source", "claims_train")
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dev", type=Path, default=REPO / "scripts" / "data" / "nlp_dev.jsonl")
    parser.add_argument("--errors", action="store_true", help="list the sentences and fields it got wrong")
    args = parser.parse_args()
    if not args.dev.is_file():
        sys.exit(f"{args.dev}: dev set not found")
    rows = [normalise(json.loads(line)) for line in args.dev.read_text(encoding="utf-8").splitlines() if line.strip()]
    analyses, models = analyse(rows)
    print(f"dev set: {args.dev.name}, {len(rows)} sentences "
          f"({dict(Counter(r['source'] for r in rows))}), {sum(len(r['claims']) for r in rows)} gold claims")
    claim_scores(rows, analyses, args.errors)
    sentiment_scores(rows, analyses)
    catalyst_scores(rows, analyses, models)


if __name__ == "__main__":
    main()
