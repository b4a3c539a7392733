"""Time the weekly report for a week of N notes (default 500; target <= 10 s).

Builds synthetic but realistic ``NoteReport``s (about 45 sentences, 12 claims with verdicts and
evidence, stances and catalysts per note) for the report week and the weeks before it (for the
track record and week-over-week changes), saves them into a temporary store, and times:
saving, loading the week from the store, building the summary, rendering HTML (with charts) and
Markdown, and writing the files.

    python scripts/bench_report.py [--notes 500] [--weeks 6] [--week 2026-W03] [--repeat 3] [--keep DIR]
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from notes_analyzer.market.store import open_store
from notes_analyzer.records import (
    CatalystMention,
    Claim,
    EntityMention,
    Evidence,
    Note,
    NoteAnalysis,
    NoteReport,
    Observation,
    Period,
    Quantity,
    Sentence,
    SentenceSentiment,
    Stance,
    SupportScore,
    Verdict,
)
from notes_analyzer.report.weekly import parse_period, render_html, render_markdown, summary_from_store, write_report
from notes_analyzer.results import save_reports

SOURCES = ("Harbor Street Research", "Meridian Macro Letter", "Copperline Capital Notes", "The Tape Weekly",
           "Northgate Equity Strategy", "Blue Anchor Weekly", "Summit Rates Desk", "Lakeside Quant Digest")
TARGETS = ("RUT", "SPX", "NDX", "DJI", "BTC", "WTI", "GOLD", "DGS10", "small caps", "regional banks",
           "semiconductors", "utilities", "industrials", "energy")
SERIES = {"RUT": "index_RUT", "SPX": "index_SPX", "NDX": "index_NDX", "DJI": "index_DJI", "BTC": "BTCUSD",
          "WTI": "WTI", "GOLD": "gold_monthly", "DGS10": "DGS10"}
CATALYSTS = (("fed_cuts", "Fed rate cuts", "monetary"), ("obbba", "OBBBA / bonus depreciation", "fiscal"),
             ("tariffs", "Tariffs", "trade"), ("ai_capex", "AI capex", "technology"),
             ("reshoring", "Reshoring", "industrial"), ("m_and_a", "M&A", "corporate"),
             ("oil_supply", "Oil supply", "commodities"), ("elections", "Midterm elections", "political"))
KINDS = ("return", "return", "return", "level", "range", "count", "record", "relative", "event", "valuation",
         "forecast", "forecast", "opinion")
SENTENCES_PER_NOTE = 45
TARGET_S = 10.0
CLAIMS_PER_NOTE = 12


def synthetic_report(rng: random.Random, index: int, day: date) -> NoteReport:
    """One scored note published on ``day``."""
    note_id = f"bench-{day:%Y%m%d}-{index:04d}"
    sentences = tuple(Sentence(index=i, text=f"Sentence {i} of {note_id} about markets.", start=i * 40,
                               end=i * 40 + 38) for i in range(SENTENCES_PER_NOTE))
    claims, verdicts = zip(*(_claim(rng, note_id, i, day) for i in range(CLAIMS_PER_NOTE)), strict=True)
    targets = rng.sample(TARGETS, rng.randint(1, 4))
    analysis = NoteAnalysis(
        note_id=note_id, sentences=sentences, claims=claims,
        mentions=tuple(EntityMention(sentence_index=rng.randrange(SENTENCES_PER_NOTE), start=0, end=len(t), text=t,
                                     target=t, kind="sector" if t.islower() else "instrument") for t in targets),
        sentiments=tuple(SentenceSentiment(sentence_index=i, label=rng.choice(("positive", "negative", "neutral")),
                                           probability=rng.uniform(0.4, 1.0)) for i in range(SENTENCES_PER_NOTE)),
        note_sentiment=rng.uniform(-1, 1), note_sentiment_label=rng.choice(("positive", "negative", "neutral")),
        stances=tuple(Stance(target=t, label=rng.choice(("bullish", "bearish", "neutral")), score=rng.uniform(-1, 1),
                             mentions=rng.randint(1, 5)) for t in targets),
        catalysts=tuple(CatalystMention(catalyst=key, group=group, name=name, sentence_index=rng.randrange(45),
                                        evidence="…", direction=rng.choice(("tailwind", "headwind", "risk")))
                        for key, name, group in rng.sample(CATALYSTS, rng.randint(0, 4))),
    )
    published = datetime(day.year, day.month, day.day, rng.randint(6, 22), rng.randint(0, 59), tzinfo=UTC)
    note = Note(id=note_id, text=" ".join(s.text for s in sentences), title=f"Market note {note_id}",
                source=rng.choice(SOURCES), published=published, content_hash=note_id, format="html",
                path=f"notes/{note_id}.html")
    return NoteReport(note=note, analysis=analysis, verdicts=verdicts, support=_support(verdicts),
                      pipeline_version="bench", scored_at=published + timedelta(hours=1))


def _claim(rng: random.Random, note_id: str, index: int, day: date) -> tuple[Claim, Verdict]:
    kind = rng.choice(KINDS)
    subject = rng.choice(tuple(SERIES))
    value = round(rng.uniform(-8, 12), 1)
    start = day - timedelta(days=rng.randint(7, 30))
    claim = Claim(id=f"{note_id}-c{index}", sentence_index=index * 3, text=f"{subject} moved {value}% ({kind}).",
                  kind=kind, subject=(subject,), values=(Quantity(value=value, unit="percent", text=f"{value}%"),),
                  direction="up" if value > 0 else "down", period=Period(text="recently", kind="window",
                                                                         start=start, end=day))
    return claim, _verdict(rng, claim, start, day)


def _verdict(rng: random.Random, claim: Claim, start: date, day: date) -> Verdict:
    if claim.kind == "opinion":
        return Verdict(claim_id=claim.id, label="not_checkable", reason="an opinion")
    if claim.kind == "forecast":
        due = day + timedelta(days=rng.randint(-20, 200))
        label = rng.choice(("pending", "supported", "contradicted")) if due < day + timedelta(days=30) else "pending"
        evidence = None if label == "pending" else _evidence(rng, claim, start, due)
        return Verdict(claim_id=claim.id, label=label, reason=f"forecast due {due}", evidence=evidence,
                       checkable_after=due, decided_on=None if label == "pending" else due + timedelta(days=2))
    label = rng.choices(("supported", "contradicted", "imprecise", "unverifiable"), (5, 2, 1, 2))[0]
    evidence = None if label == "unverifiable" else _evidence(rng, claim, start, day)
    return Verdict(claim_id=claim.id, label=label, reason=f"{label} by the data", evidence=evidence)


def _evidence(rng: random.Random, claim: Claim, start: date, end: date) -> Evidence:
    series = SERIES[claim.subject[0]]
    computed = claim.values[0].value + rng.uniform(-6, 6)
    return Evidence(sentence=f"{series} changed {computed:+.1f}% from {start} to {end}.", series=(series,),
                    observations=(Observation(series=series, date=start, value=100.0),
                                  Observation(series=series, date=end, value=100.0 + computed)),
                    computed=computed, computed_text=f"{computed:+.1f}%", tolerance="±0.5 pp")


def _support(verdicts: tuple[Verdict, ...]) -> SupportScore:
    counts: dict[str, int] = {}
    for verdict in verdicts:
        counts[verdict.label] = counts.get(verdict.label, 0) + 1
    decided = counts.get("supported", 0) + counts.get("contradicted", 0) + counts.get("imprecise", 0)
    score = (counts.get("supported", 0) + 0.5 * counts.get("imprecise", 0)) / decided if decided else None
    return SupportScore(score=score, coverage=decided / len(verdicts), checkable=decided, total=len(verdicts),
                        counts=counts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=500, help="notes in the report week (and in each earlier week)")
    parser.add_argument("--weeks", type=int, default=6, help="weeks of notes in the store, the report week last")
    parser.add_argument("--week", default="2026-W03")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs (best and median are printed)")
    parser.add_argument("--keep", type=Path, help="write the report here instead of a temp folder")
    args = parser.parse_args()
    period = parse_period(args.week)
    rng = random.Random(20260114)
    with tempfile.TemporaryDirectory() as tmp:
        out = args.keep or Path(tmp) / "out"
        with open_store(Path(tmp) / "bench.duckdb") as store:
            reports = [synthetic_report(rng, i, period.start - timedelta(weeks=w) + timedelta(days=i % 7))
                       for w in range(args.weeks) for i in range(args.notes)]
            started = time.perf_counter()
            save_reports(store, reports)
            save_s = time.perf_counter() - started
            runs = [_time_report(store, period, out) for _ in range(args.repeat)]
    print(f"notes in the week: {args.notes}; in the store: {len(reports)} ({args.weeks} weeks); "
          f"best and median of {args.repeat} runs (the machine is shared: wall time varies with load)")
    print(f"saving {len(reports)} reports into the store in one transaction: {save_s:.1f} s "
          "(a scoring-time cost, not report time)")
    for name in runs[0]:
        values = sorted(run[name] for run in runs)
        print(f"  {name:<38} best {values[0]:6.2f} s   median {statistics.median(values):6.2f} s")
    median = statistics.median(run["report generation total"] for run in runs)
    verdict = "OK" if median <= TARGET_S else "OVER TARGET"
    print(f"report generation for a week of {args.notes} notes (median): {median:.2f} s "
          f"(target <= {TARGET_S} s: {verdict})")


def _time_report(store, period, out: Path) -> dict[str, float]:
    """Seconds per step; the total is what ``notes-analyzer report`` does: load, build, write both files."""
    cpu = time.process_time()
    started = time.perf_counter()
    summary = summary_from_store(store, period)
    loaded = time.perf_counter()
    write_report(summary, out)
    written = time.perf_counter()
    cpu = time.process_time() - cpu
    return {
        "load from store + build summary": loaded - started,
        "write HTML + Markdown": written - loaded,
        "  of which: render HTML with charts": _seconds(render_html, summary),
        "  of which: render Markdown": _seconds(render_markdown, summary),
        "report generation total": written - started,
        "report generation CPU time": cpu,
    }


def _seconds(function, *args) -> float:
    mark = time.perf_counter()
    function(*args)
    return time.perf_counter() - mark


if __name__ == "__main__":
    main()
