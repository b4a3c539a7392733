"""Evaluate the checker on the labelled claim set (scripts/data/checker_claims.jsonl).

Prints verdict accuracy, the confusion matrix and the false-supported count
(a) from the gold structured claims, and (b) end to end — each sentence through the NLP
claim extractor, then the checker — when the NLP stage and its models load; then the
checker time per note (median, warm store).

    python scripts/evaluate_checker.py [--store PATH] [--shared ../shared] [--no-nlp]

Without --store, a temporary store is built from ../shared/market-data (about 2 s).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from datetime import date, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "scripts" / "data" / "checker_claims.jsonl"
LABELS = ("supported", "contradicted", "imprecise", "unverifiable", "pending", "not_checkable")
NOTE_REPEATS = 30


def load_rows(path: Path) -> list[dict]:
    from notes_analyzer.nlp.lexicon import Lexicon
    from notes_analyzer.nlp.reading import read_claim
    from notes_analyzer.records import Claim, from_dict

    lexicon = Lexicon.load()
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            row = json.loads(line)
            row["claim"] = read_claim(from_dict(Claim, row["claim"]), lexicon)  # as the NLP stage reads it
            row["published"] = date.fromisoformat(row["published"])
            rows.append(row)
            if row["expected"] not in LABELS:
                sys.exit(f"{path}:{n}: unknown expected verdict {row['expected']!r}")
    return rows


def open_resources(store_path: str | None, shared: Path):
    from notes_analyzer.market.events import EventRegistry
    from notes_analyzer.market.importers import import_paths
    from notes_analyzer.market.instruments import InstrumentRegistry
    from notes_analyzer.market.queries import MarketQueries
    from notes_analyzer.market.store import open_store

    if store_path is None:
        store_path = str(Path(tempfile.mkdtemp(prefix="checker-eval-")) / "market.duckdb")
        with open_store(store_path) as store:
            import_paths(store, [shared / "market-data"])
    store = open_store(store_path, read_only=True)
    events = EventRegistry.from_store(store)
    if not events.events:
        events = EventRegistry.load()
    return store, MarketQueries(store), InstrumentRegistry.load(), events


def options_for(row: dict):
    from notes_analyzer.config import CheckOptions

    return CheckOptions(as_of=row.get("as_of") or row["published"].isoformat())


def check_gold(rows: list[dict], resources) -> list[str]:
    from notes_analyzer.check import check_claims

    _, queries, instruments, events = resources
    return [check_claims([r["claim"]], queries, instruments, events, options_for(r), r["published"])[0].label
            for r in rows]


def check_end_to_end(rows: list[dict], resources, models) -> list[str]:
    """The predicted label per row: the verdict on the extracted claim matching the gold kind (else the first)."""
    from notes_analyzer.check import check_claims
    from notes_analyzer.nlp.pipeline import analyze_note
    from notes_analyzer.records import Note

    _, queries, instruments, events = resources
    predicted = []
    for r in rows:
        note = Note(id=r["id"], text=r["text"], paragraphs=(r["text"],),
                    published=datetime.combine(r["published"], datetime.min.time()))
        claims = analyze_note(note, models).claims
        if not claims:
            predicted.append("no_claim")
            continue
        claim = next((c for c in claims if c.kind == r["claim"].kind), claims[0])
        predicted.append(check_claims([claim], queries, instruments, events, options_for(r),
                                      r["published"])[0].label)
    return predicted


def report(title: str, rows: list[dict], predicted: list[str]) -> None:
    expected = [r["expected"] for r in rows]
    right = sum(e == p for e, p in zip(expected, predicted, strict=True))
    false_supported = [r["id"] for r, p in zip(rows, predicted, strict=True)
                       if p == "supported" and r["expected"] != "supported"]
    print(f"\n== {title}: {len(rows)} claims")
    print(f"verdict accuracy: {right / len(rows):.3f} ({right}/{len(rows)})")
    print(f"false-supported: {len(false_supported)} {false_supported if false_supported else ''}")
    columns = [*LABELS, *sorted(set(predicted) - set(LABELS))]
    pairs = Counter(zip(expected, predicted, strict=True))
    width = max(len(c) for c in columns) + 1
    print("confusion (rows: expected, columns: predicted)")
    print(" " * width + "".join(f"{c[:12]:>13}" for c in columns))
    for e in LABELS:
        print(f"{e:<{width}}" + "".join(f"{pairs[(e, p)]:>13}" for p in columns))
    wrong = [(r["id"], r["expected"], p, r["text"][:70]) for r, p in zip(rows, predicted, strict=True)
             if p != r["expected"]]
    for item in wrong:
        print("  miss:", *item)


def time_notes(rows: list[dict], resources) -> None:
    """Checker time per note, warm: the labelled claims grouped by publication date form the notes."""
    from notes_analyzer.check import check_claims

    _, queries, instruments, events = resources
    notes: dict[date, list[dict]] = {}
    for r in rows:
        notes.setdefault(r["published"], []).append(r)
    for group in notes.values():  # warm the series cache
        check_claims([r["claim"] for r in group], queries, instruments, events, options_for(group[0]),
                     group[0]["published"])
    per_note = []
    for group in notes.values():
        claims = [r["claim"] for r in group]
        t0 = time.perf_counter()
        for _ in range(NOTE_REPEATS):
            check_claims(claims, queries, instruments, events, options_for(group[0]), group[0]["published"])
        per_note.append((time.perf_counter() - t0) / NOTE_REPEATS * 1000)
    sizes = [len(g) for g in notes.values()]
    print(f"\n== checker time per note (warm store; {len(notes)} notes of {min(sizes)}–{max(sizes)} claims, "
          f"{NOTE_REPEATS} runs each)")
    print(f"median {statistics.median(per_note):.2f} ms, p90 {sorted(per_note)[int(0.9 * len(per_note))]:.2f} ms, "
          f"max {max(per_note):.2f} ms")
    seed = [r["claim"] for r in rows]
    t0 = time.perf_counter()
    check_claims(seed, queries, instruments, events, options_for(rows[0]), rows[0]["published"])
    print(f"all {len(seed)} labelled claims as one note: {(time.perf_counter() - t0) * 1000:.1f} ms")


def load_nlp():
    try:
        from notes_analyzer.config import NlpOptions
        from notes_analyzer.models import load_models

        return load_models(NlpOptions(threads=1))
    except Exception as exc:  # noqa: BLE001 - report why (b) is skipped, whatever failed
        print(f"\n(b) end to end skipped: the NLP stage did not load ({type(exc).__name__}: {exc})")
        return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", help="an imported market store (default: build one from --shared)")
    shared = os.environ.get("NOTES_ANALYZER_SHARED", REPO.parent / "shared")
    parser.add_argument("--shared", type=Path, default=Path(shared))
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--no-nlp", action="store_true", help="skip the end-to-end run")
    args = parser.parse_args()
    rows = load_rows(args.data)
    resources = open_resources(args.store, args.shared)
    print(f"labelled set: {args.data.relative_to(REPO) if args.data.is_relative_to(REPO) else args.data} "
          f"({len(rows)} claims; expected: {dict(Counter(r['expected'] for r in rows))})")
    report("(a) gold structured claims → checker", rows, check_gold(rows, resources))
    models = None if args.no_nlp else load_nlp()
    if models is not None:
        report("(b) sentence → NLP claim extractor → checker", rows, check_end_to_end(rows, resources, models))
    time_notes(rows, resources)
    resources[0].close()


if __name__ == "__main__":
    main()
