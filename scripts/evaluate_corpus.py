"""Evaluate the whole pipeline on the sample corpus against its answer key.

Runs every note of ``corpus/notes/`` through ``Analyzer`` (ingest → nlp → check) and compares
the verdicts with ``corpus/answers.jsonl`` (the unambiguous rows of ``corpus/ANSWERS.md``):
each row names a note, a distinctive substring of the claim sentence, optionally the claim kind,
a figure of the claim and its subject (instrument id), and the expected verdict. A row agrees when one of the matching
claims has the expected verdict; it is a false ``supported`` when a matching claim is
``supported`` and the expected verdict is not. Prints per-note and overall agreement.

    python scripts/evaluate_corpus.py [--store PATH] [--shared ../shared] [--as-of 2026-11-24] [-v]

Without --store, a temporary store is built from <shared>/market-data.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
NOTES = REPO / "corpus" / "notes"
ANSWERS = REPO / "corpus" / "answers.jsonl"
DEFAULT_AS_OF = "2026-11-24"


def squash(text: str) -> str:
    return " ".join(text.split())


def load_answers(path: Path) -> list[dict]:
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            row = json.loads(line)
            missing = {"note", "text", "expected"} - row.keys()
            if missing:
                sys.exit(f"{path}:{n}: missing {', '.join(sorted(missing))}")
            rows.append(row)
    return rows


def build_store(shared: Path) -> str:
    from notes_analyzer.market.importers import import_paths
    from notes_analyzer.market.store import open_store

    path = str(Path(tempfile.mkdtemp(prefix="corpus-eval-")) / "market.duckdb")
    with open_store(path) as store:
        import_paths(store, [shared / "market-data"])
    return path


def analyze_corpus(store_path: str, as_of: str) -> dict[str, object]:
    """Note file name → NoteReport, all notes in one batch."""
    from notes_analyzer.api import Analyzer, read_note
    from notes_analyzer.config import CheckOptions

    paths = sorted(p for p in NOTES.iterdir() if p.is_file())
    with Analyzer.open(store_path=store_path, check_options=CheckOptions(as_of=as_of)) as analyzer:
        reports = analyzer.analyze_many([read_note(str(p)) for p in paths])
    return {p.name: r for p, r in zip(paths, reports, strict=True)}


def matching(row: dict, report) -> list[tuple[object, str]]:
    """(claim, verdict label) pairs of the report that the answer row names."""
    labels = {v.claim_id: v.label for v in report.verdicts}
    needle = squash(row["text"])
    out = []
    for claim in report.analysis.claims:
        if needle not in squash(claim.text):
            continue
        if row.get("kind") and claim.kind != row["kind"]:
            continue
        if row.get("value") and row["value"] not in {q.text.strip() for q in claim.values}:
            continue
        if row.get("subject") and row["subject"] not in claim.subject:
            continue
        out.append((claim, labels.get(claim.id, "none")))
    return out


def judge(row: dict, report) -> tuple[str, str]:
    """('agree' | 'disagree' | 'missing' | 'no-sentence', what the pipeline said)."""
    found = matching(row, report)
    if not found:
        in_text = any(squash(row["text"]) in squash(s.text) for s in report.analysis.sentences)
        return ("missing" if in_text else "no-sentence"), "no claim"
    got = sorted({label for _, label in found})
    return ("agree" if row["expected"] in got else "disagree"), "/".join(got)


def evaluate(rows: list[dict], reports: dict, verbose: bool) -> None:
    per_note: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    false_supported, problems = 0, []
    for row in rows:
        report = reports.get(row["note"])
        if report is None:
            sys.exit(f"answers.jsonl names a note not in corpus/notes: {row['note']}")
        outcome, got = judge(row, report)
        per_note[row["note"]][1] += 1
        per_note[row["note"]][0] += outcome == "agree"
        wrongly_supported = row["expected"] != "supported" and "supported" in got.split("/")
        false_supported += wrongly_supported
        if outcome != "agree" or wrongly_supported:
            problems.append((row, outcome, got))
    print(f"{'note':52s} agree / rows")
    for note in sorted(per_note):
        good, total = per_note[note]
        print(f"{note:52s} {good:3d} / {total:3d}")
    agree = sum(g for g, _ in per_note.values())
    total = sum(t for _, t in per_note.values())
    print(f"\noverall agreement: {agree}/{total} = {agree / total:.1%}")
    print(f"false supported (expected not supported, got supported): {false_supported}")
    if verbose and problems:
        print("\nmisses:")
        for row, outcome, got in problems:
            kind = f" [{row.get('kind', '')}{' ' + row['value'] if row.get('value') else ''}]"
            outcome = outcome if outcome != "agree" else "also-supp"
            print(f"  {row['note'][:10]} {outcome:11s} want {row['expected']:12s} got {got:24s}"
                  f" {row['text']!r}{kind}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", help="market store (default: built from --shared)")
    parser.add_argument("--shared", type=Path,
                        default=Path(os.environ.get("NOTES_ANALYZER_SHARED", REPO.parent / "shared")))
    parser.add_argument("--as-of", default=DEFAULT_AS_OF, help="day verdicts are decided on")
    parser.add_argument("-v", "--verbose", action="store_true", help="list the rows that disagree")
    args = parser.parse_args()
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    import torch

    torch.set_num_threads(1)
    store = args.store or build_store(args.shared)
    evaluate(load_answers(ANSWERS), analyze_corpus(store, args.as_of), args.verbose)


if __name__ == "__main__":
    main()
