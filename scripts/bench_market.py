"""Market-store figures: import wall time and store size for ../shared/market-data, and the
median latency of each query kind over random queries on a warm store.

Usage: python scripts/bench_market.py [--shared ../shared] [--n 10000] [--seed 0]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from notes_analyzer.errors import NoData
from notes_analyzer.market.importers import import_paths
from notes_analyzer.market.queries import MarketQueries
from notes_analyzer.market.store import open_store

DAILY = ("RUT", "SPX", "NDX", "IXIC", "DJI", "IWM", "QQQ", "SPY", "DGS10", "DGS2", "VIX", "WTI", "BTC")
IMPORT_TARGET_S = 15.0
QUERY_TARGET_MS = 1.0


def _random_day(rng: random.Random, lo: date, hi: date) -> date:
    return lo + timedelta(days=rng.randrange((hi - lo).days + 1))


def _query_makers(q: MarketQueries, rng: random.Random, spans: dict[str, tuple[date, date]]) -> dict[str, Callable]:
    def pick() -> tuple[str, date]:
        sid = rng.choice(DAILY)
        lo, hi = spans[sid]
        return sid, _random_day(rng, lo + timedelta(days=400), hi)

    def change():
        sid, end = pick()
        return lambda: q.change(sid, end - timedelta(days=rng.randrange(1, 365)), end)

    def value():
        sid, day = pick()
        return lambda: q.value_at(sid, day)

    def ytd():
        sid, day = pick()
        return lambda: q.ytd(sid, day)

    def trailing():
        sid, day = pick()
        return lambda: q.trailing(sid, day, rng.choice((7, 30, 90, 365)))

    def extreme():
        sid, end = pick()
        return lambda: q.extreme(sid, end - timedelta(days=rng.randrange(1, 365)), end, rng.choice(("max", "min")))

    def record():
        sid, end = pick()
        return lambda: q.record_high(sid, end - timedelta(days=rng.randrange(1, 60)), end)

    def rank():
        sid, day = pick()
        return lambda: q.rank_window(sid, day.year, "01-01", f"{rng.randrange(1, 13):02d}-15", 10)

    def rates():
        day = _random_day(rng, date(2009, 6, 1), date(2026, 8, 1))
        return lambda: q.rate_changes("DFEDTARU", day - timedelta(days=rng.randrange(30, 800)), day)

    def range_at():
        day = _random_day(rng, date(2009, 1, 1), date(2026, 8, 20))
        return lambda: q.range_at("DFEDTARL", "DFEDTARU", day)

    return {"value_at": value, "change": change, "ytd": ytd, "trailing": trailing, "extreme": extreme,
            "record_high": record, "rank_window": rank, "rate_changes": rates, "range_at": range_at}


def _time_kind(make: Callable, n: int) -> tuple[float, int]:
    samples, no_data = [], 0
    for _ in range(n):
        query = make()
        t0 = time.perf_counter()
        try:
            query()
        except NoData:
            no_data += 1
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples) * 1000, no_data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path(os.environ.get("NOTES_ANALYZER_SHARED", "../shared")))
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    folder = args.shared / "market-data"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "market.duckdb"
        t0 = time.perf_counter()
        with open_store(path) as store:
            summary = import_paths(store, [folder])
        wall = time.perf_counter() - t0
        size_mb = path.stat().st_size / 1e6
        print(f"import {folder}: {len(summary.files)} files, {len(summary.series_ids)} series, {summary.rows} rows")
        print(f"  wall time {wall:.2f} s (target <= {IMPORT_TARGET_S:.0f} s), store size {size_mb:.1f} MB")
        with open_store(path, read_only=True) as store:
            q = MarketQueries(store)
            spans = {}
            for sid in DAILY:
                data = q.series(sid)  # warm the cache
                spans[sid] = (date(1970, 1, 1) + timedelta(days=int(data.days[0])),
                              date(1970, 1, 1) + timedelta(days=int(data.days[-1])))
            for sid in ("DFEDTARL", "DFEDTARU"):
                q.series(sid)
            rng = random.Random(args.seed)
            print(f"query latency, median over {args.n} random queries (warm store; target <= {QUERY_TARGET_MS} ms "
                  "for value/return):")
            for kind, make in _query_makers(q, rng, spans).items():
                median_ms, no_data = _time_kind(make, args.n)
                print(f"  {kind:<13} {median_ms * 1000:8.1f} us   ({no_data} answered NoData)")


if __name__ == "__main__":
    main()
