"""Catalysts on real commentary: precision / recall / F1 (micro, and per group on each split).

Gold: ``scripts/data/real/catalysts.jsonl`` (49 exhaustively labelled articles of
../shared/real-notes; offsets only, see ``scripts/data/real/README.md``). Each article's whole file
text goes through the NLP stage (one spaCy pass, one encoder pass, the catalyst matcher); a predicted
(sentence, catalyst) is right when a gold sentence overlapping it carries that catalyst. Direction
accuracy is over the matched pairs. Split by article (``test`` when the number is divisible by 3).
Issue 11's target on test: micro-F1 >= 0.85, recall >= 0.8.

    python scripts/evaluate_catalysts_real.py [--errors]
"""

from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT.parent / "shared" / "real-notes" / "articles"
GOLD = ROOT / "scripts" / "data" / "real" / "catalysts.jsonl"


def load_gold() -> tuple[dict[str, str], dict[str, list[dict]]]:
    splits: dict[str, str] = {}
    rows: dict[str, list[dict]] = defaultdict(list)
    for line in GOLD.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        if row.get("labelled"):
            splits[row["article"]] = row["split"]
        else:
            rows[row["article"]].append(row)
    return splits, rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true", help="list false positives and negatives (dev only)")
    args = parser.parse_args()

    from notes_analyzer.config import NlpOptions
    from notes_analyzer.models import load_models
    from notes_analyzer.nlp.pipeline import analyze_notes
    from notes_analyzer.records import Note

    splits, gold_rows = load_gold()
    models = load_models(NlpOptions())
    articles = sorted(splits)
    notes = [Note(id=a, text=(ARTICLES / f"{a}.txt").read_text(encoding="utf-8")) for a in articles]
    analyses = analyze_notes(notes, models)
    counts: dict[str, Counter] = {s: Counter() for s in ("dev", "test")}
    groups: dict[str, dict[str, Counter]] = {s: defaultdict(Counter) for s in ("dev", "test")}
    group_of = {c.id: c.group for c in models.catalysts.catalysts_}
    for article, analysis in zip(articles, analyses, strict=True):
        split = splits[article]
        spans = {s.index: (s.start, s.end) for s in analysis.sentences}
        gold = [(r["start"], r["end"], c["id"], c["direction"]) for r in gold_rows[article] for c in r["catalysts"]]
        found: set[int] = set()
        for m in analysis.catalysts:
            start, end = spans[m.sentence_index]
            hit = next((i for i, (gs, ge, cid, _) in enumerate(gold) if cid == m.catalyst and gs < end and start < ge),
                       None)
            group = group_of.get(m.catalyst, "?")
            if hit is None:
                counts[split]["fp"] += 1
                groups[split][group]["fp"] += 1
                if args.errors and split == "dev":
                    print(f"FP {article}@{start} {m.catalyst} ({m.method})")
            elif hit not in found:
                found.add(hit)
                counts[split]["tp"] += 1
                groups[split][group]["tp"] += 1
                counts[split]["dir_ok"] += m.direction == gold[hit][3]
        for i, (gs, _, cid, _) in enumerate(gold):
            if i not in found:
                counts[split]["fn"] += 1
                groups[split][group_of.get(cid, "?")]["fn"] += 1
                if args.errors and split == "dev":
                    print(f"FN {article}@{gs} {cid}")
    for split in ("dev", "test"):
        c = counts[split]
        p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0
        r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        n = sum(1 for a in articles if splits[a] == split)
        print(f"[{split}] {n} articles: micro P={p:.3f} R={r:.3f} F1={f1:.3f} "
              f"direction={c['dir_ok'] / c['tp'] if c['tp'] else 0:.3f} (tp {c['tp']}, fp {c['fp']}, fn {c['fn']})"
              + ("   [target F1 >= 0.85, R >= 0.8]" if split == "test" else ""))
        for group, g in sorted(groups[split].items()):
            gp = g["tp"] / (g["tp"] + g["fp"]) if g["tp"] + g["fp"] else 0.0
            gr = g["tp"] / (g["tp"] + g["fn"]) if g["tp"] + g["fn"] else 0.0
            print(f"    {group:<18} P={gp:.2f} R={gr:.2f} (tp {g['tp']}, fp {g['fp']}, fn {g['fn']})")


if __name__ == "__main__":
    main()
