"""Target-stance agreement with the dev set's stance labels, and the seed note's stances.

    python scripts/evaluate_stance.py            # stance rules on gold sentence sentiment
    python scripts/evaluate_stance.py --model    # … on the trained sentiment head's predictions

A gold sector target with an instrument link in models/sectors.yaml (small_caps -> RUT) is
matched under either id, since the registry lists "small caps" as a RUT alias.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from datetime import datetime
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from notes_analyzer import records  # noqa: E402
from notes_analyzer.nlp.stance import compute_stances, note_stance_score  # noqa: E402

DEV = REPO / "scripts" / "data" / "nlp_dev.jsonl"


def _links() -> dict[str, str]:
    import yaml

    data = yaml.safe_load((REPO / "models" / "sectors.yaml").read_text(encoding="utf-8"))
    return {s["id"]: s["instrument"] for s in data["sectors"] if s.get("instrument")}


def _gold_sentiments(sentences, label: str) -> list[records.SentenceSentiment]:
    return [records.SentenceSentiment(sentence_index=s.index, label=label, probability=0.9) for s in sentences]


def _predicted(models, sentences) -> list[records.SentenceSentiment]:
    from dataclasses import replace

    out = models.sentiment.predict_texts([s.text for s in sentences], models.encoder)
    return [replace(p, sentence_index=s.index) for p, s in zip(out, sentences, strict=True)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dev", type=Path, default=DEV)
    ap.add_argument("--model", action="store_true", help="use the trained sentiment head, not gold labels")
    args = ap.parse_args()

    from notes_analyzer.models import load_models
    from notes_analyzer.nlp.catalysts import load_dev_rows
    from notes_analyzer.nlp.pipeline import analyze_note, split_sentences

    models = load_models()
    if args.model and models.sentiment is None:
        sys.exit("no sentiment head in models/ (train it with scripts/train_sentiment.py)")
    links, tally, misses = _links(), Counter(), []
    for row in load_dev_rows(args.dev):
        if not row.get("stances"):
            continue
        doc = models.nlp(row["text"])
        sentences = split_sentences(doc)
        sentiments = _predicted(models, sentences) if args.model else _gold_sentiments(sentences, row["sentiment"])
        mentions = models.linker.mentions(doc, sentences)
        got = {s.target: s.label for s in compute_stances(sentences, mentions, sentiments)}
        for gold in row["stances"]:
            target = gold["target"] if gold["target"] in got else links.get(gold["target"], gold["target"])
            outcome = "absent" if target not in got else "agree" if got[target] == gold["label"] else "disagree"
            tally[outcome] += 1
            if outcome != "agree":
                misses.append(f"  {outcome:<8} {row['id']} {gold['target']}={gold['label']} got {got.get(target)}")
    found = tally["agree"] + tally["disagree"]
    print(f"stance labels: {sum(tally.values())}; target found {found}; "
          f"agreement {tally['agree'] / max(found, 1):.3f} ({'model' if args.model else 'gold'} sentiment)")
    print("\n".join(misses))
    if models.sentiment is not None:
        text = next((REPO.parent / "shared" / "seeds").glob("*.txt")).read_text(encoding="utf-8")
        analysis = analyze_note(records.Note(id="seed", text=text, published=datetime(2026, 1, 14)), models)
        print(f"seed note (model sentiment): note stance score {note_stance_score(analysis.stances):+.3f}")
        for s in analysis.stances[:8]:
            print(f"  {s.target:<16} {s.label:<8} {s.score:+.3f} ({s.mentions} mentions)")


if __name__ == "__main__":
    main()
