"""Time the annotated note pages (``analyze --html``, ``report``'s notes/) on scored real notes.

Reads the reports a ``score`` run wrote (``results.jsonl``) and the market store the run used,
then renders every page in one process with an empty chart cache (each chart drawn), again (charts
from the cache: the rendering alone), and with the charts drawn by ``--workers`` processes. Prints
time per page and per chart, page sizes, and what a week of ``--notes`` pages costs in one process
when no chart repeats (an upper bound: a week's notes often check the same series and window).

    notes-analyzer score corpus/notes --market-data ../shared/market-data --store out/market.duckdb --out out/scores
    python scripts/bench_note_pages.py --results out/scores/results.jsonl --store out/market.duckdb [--notes 500]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from notes_analyzer.market.queries import MarketQueries
from notes_analyzer.market.store import open_store
from notes_analyzer.records import NoteReport, from_dict
from notes_analyzer.report.evidence_chart import evidence_chart
from notes_analyzer.report.note_view import MAX_WORKERS, write_note_pages

T = TypeVar("T")


def _reports(results: Path) -> list[NoteReport]:
    lines = [json.loads(line) for line in results.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [from_dict(NoteReport, line["report"]) for line in lines if line.get("report")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--results", type=Path, required=True, help="results.jsonl of a score run")
    parser.add_argument("--store", type=Path, required=True, help="the market store of that run")
    parser.add_argument("--notes", type=int, default=500, help="notes in the week to extrapolate to")
    parser.add_argument("--workers", type=int, default=None, help="processes drawing charts (default: the CPUs, <= 4)")
    args = parser.parse_args()
    reports = _reports(args.results)
    if not reports:
        raise SystemExit(f"{args.results}: no scored report")
    workers = args.workers or min(os.cpu_count() or 1, MAX_WORKERS)
    with open_store(args.store, read_only=True) as store, tempfile.TemporaryDirectory() as out:
        queries = MarketQueries(store)
        charts = sum(1 for r in reports for v in r.verdicts if v.evidence and v.evidence.observations)
        evidence_chart.cache_clear()
        cold, pages = _timed(lambda: write_note_pages(reports, Path(out) / "cold", queries, workers=1))
        warm, _ = _timed(lambda: write_note_pages(reports, Path(out) / "warm", queries, workers=1))
        evidence_chart.cache_clear()
        pooled, _ = _timed(lambda: write_note_pages(reports, Path(out) / "pool", queries, workers=workers))
        sizes = [(Path(out) / "cold" / page).stat().st_size / 1024 for page in pages.values()]
    per_page = cold / len(pages)
    print(f"pages: {len(pages)} ({sum(len(r.analysis.claims) for r in reports)} claims, {charts} charts)")
    print(f"one process, every chart drawn: {cold:.2f} s, {per_page * 1000:.0f} ms a page, "
          f"{cold / max(charts, 1) * 1000:.0f} ms a chart")
    print(f"one process, charts from the cache: {warm:.2f} s, {warm / len(pages) * 1000:.0f} ms a page")
    print(f"{workers} chart workers, every chart drawn: {pooled:.2f} s, {pooled / len(pages) * 1000:.0f} ms a page")
    print(f"page size: mean {statistics.mean(sizes):.0f} KiB, max {max(sizes):.0f} KiB")
    print(f"a week of {args.notes} notes, one process, no chart repeated: {per_page * args.notes:.0f} s")


def _timed(work: Callable[[], T]) -> tuple[float, T]:
    start = time.perf_counter()
    result = work()
    return time.perf_counter() - start, result


if __name__ == "__main__":
    main()
