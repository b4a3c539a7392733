"""Benchmark the NLP stage: model load time, sentences/s through ``analyze_notes``, peak RSS.

Notes: the seed note and the sample notes in ``corpus/`` (text and Markdown), repeated until
at least ``--sentences`` sentences, analysed in batches of ``--batch`` notes on ``--threads``
threads (2 = the target machine), on the ONNX encoder (default) or the torch one (``--encoder torch``).
Targets: ≥ 150 sentences/s, load ≤ 5 s, RSS ≤ 1.5 GB.

    python scripts/bench_nlp.py [--threads 2] [--sentences 1500] [--batch 8] [--encoder onnx|torch] [--no-parser]

``--no-parser`` measures the stage as it was before claim slots were read off the dependency parse
(the parser disabled, sentences from the sentence recogniser alone).
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from dataclasses import replace
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("NOTES_ANALYZER_SHARED", REPO.parent / "shared"))
TARGET_RATE, TARGET_LOAD_S, TARGET_RSS_GB = 150.0, 5.0, 1.5


def sample_texts() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((SHARED / "seeds").glob("*.txt"))]
    notes = REPO / "corpus" / "notes"
    texts += [p.read_text(encoding="utf-8") for p in sorted(notes.glob("*")) if p.suffix in (".txt", ".md")]
    if not texts:
        sys.exit("no sample notes found (../shared/seeds, corpus/)")
    return texts


def peak_rss_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024  # KiB on Linux


def build_notes(models, minimum: int) -> list:
    """Sample notes repeated until they hold at least ``minimum`` sentences."""
    from notes_analyzer.nlp.pipeline import split_sentences
    from notes_analyzer.records import Note

    texts = sample_texts()
    per_text = [len(split_sentences(models.nlp(t))) for t in texts]
    notes, total = [], 0
    while total < minimum:
        i = len(notes) % len(texts)
        notes.append(Note(id=f"n{len(notes)}", text=texts[i], published=datetime(2026, 1, 14)))
        total += per_text[i]
    return notes


def run(models, notes: list, batch: int) -> tuple[int, int, float, float]:
    """Sentences, claims, wall seconds and CPU seconds of analysing ``notes`` in batches."""
    from notes_analyzer.nlp.pipeline import analyze_notes

    analyze_notes(notes[:1], models)  # warm-up (first-call allocations)
    started, cpu_started = time.perf_counter(), time.process_time()
    sentences = claims = 0
    for i in range(0, len(notes), batch):
        for analysis in analyze_notes(notes[i:i + batch], models):
            sentences += len(analysis.sentences)
            claims += len(analysis.claims)
    return sentences, claims, time.perf_counter() - started, time.process_time() - cpu_started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--sentences", type=int, default=1500)
    parser.add_argument("--batch", type=int, default=8, help="notes per analyze_notes call")
    parser.add_argument("--encoder", choices=("onnx", "torch"), default="onnx")
    parser.add_argument("--no-parser", action="store_true", help="disable spaCy's parser (no parsed claim slots)")
    args = parser.parse_args()
    os.environ["OMP_NUM_THREADS"] = str(args.threads)

    started, cpu_started = time.perf_counter(), time.process_time()
    from notes_analyzer.config import NlpOptions
    from notes_analyzer.models import load_models

    models = load_models(NlpOptions(threads=args.threads, encoder=args.encoder))
    if args.no_parser and "parser" in models.nlp.pipe_names:
        models.nlp.disable_pipe("parser")
        models = replace(models, syntax=None)
    load_s, load_cpu = time.perf_counter() - started, time.process_time() - cpu_started
    notes = build_notes(models, args.sentences)
    sentences, claims, elapsed, cpu = run(models, notes, args.batch)
    # on a shared machine the wall clock counts other people's work; CPU time / threads is what
    # the same run takes with its cores to itself (an estimate: it assumes both threads stay busy)
    own_rate = sentences / (cpu / args.threads)

    heads = ", ".join(f"{name}={'yes' if getattr(models, name) is not None else 'no'}"
                      for name in ("sentiment", "claim_head", "catalysts"))
    print(f"NLP stage on {args.threads} thread(s), {args.encoder} encoder, heads: {heads}; "
          f"spaCy pipes: {', '.join(models.nlp.pipe_names)}")
    print(f"  machine load     {os.getloadavg()[0]:6.2f} (1-min load average; {os.cpu_count()} CPUs)")
    print(f"  model load       {load_s:6.2f} s    (target <= {TARGET_LOAD_S} s); CPU {load_cpu:.2f} s")
    print(f"  throughput       {sentences / elapsed:6.1f} sentences/s  ({sentences} sentences in {len(notes)} notes, "
          f"{elapsed:.1f} s; {claims} claims)  (target >= {TARGET_RATE})")
    print(f"  CPU-time rate    {own_rate:6.1f} sentences/s  (sentences / (CPU seconds / {args.threads} threads): "
          "the rate with the cores to itself)")
    print(f"  peak RSS         {peak_rss_gb():6.2f} GB   (target <= {TARGET_RSS_GB} GB)")


if __name__ == "__main__":
    main()
