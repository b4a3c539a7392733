"""The public library surface the CLI calls: one note end to end, or a folder in batch.

    with Analyzer.open(store_path="market.duckdb") as analyzer:
        report = analyzer.analyze_source("https://example.com/note.html")

An ``Analyzer`` holds what a process loads once — the models bundle, the market store
(read-only), the query cache, the instrument and event registries — and passes them down
to each stage: ingest → nlp → check → score.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from notes_analyzer import PIPELINE_VERSION
from notes_analyzer.config import CheckOptions, FetchOptions, NlpOptions, resolve_store_path
from notes_analyzer.errors import ExtractError, StoreError
from notes_analyzer.records import Note, NoteReport, Verdict

log = logging.getLogger(__name__)

__all__ = [
    "Analyzer", "ensure_english", "ensure_market_data", "read_note", "recheck_pending", "require_store",
    "score_folder",
]

#: A note with fewer English function words than this share of its words is not English.
MIN_ENGLISH_STOPWORD_SHARE = 0.12
_ENGLISH_STOPWORDS = frozenset(
    "the of and to in a is that for it as was with be by on not he this are or at from his an have but "
    "has had which its were their they been will more than would who so can all into also its our we".split()
)
_WORD = re.compile(r"[A-Za-z\u00c0-\u024f]+")
MIN_WORDS_FOR_LANGUAGE = 20


class Analyzer:
    """Models, store and options, opened once per process; analyses notes end to end."""

    def __init__(self, *, models: Any | None, store: Any, check_options: CheckOptions | None = None,
                 fetch_options: FetchOptions | None = None) -> None:
        from notes_analyzer.market.events import EventRegistry
        from notes_analyzer.market.instruments import InstrumentRegistry
        from notes_analyzer.market.queries import MarketQueries

        self.models = models
        self.store = store
        self.check_options = check_options or CheckOptions()
        self.fetch_options = fetch_options or FetchOptions()
        self.queries = MarketQueries(store)
        registry = getattr(models, "registry", None)
        self.registry = registry if registry is not None else InstrumentRegistry.load()
        self.events = EventRegistry.from_store(store)

    @classmethod
    def open(cls, *, store_path: str | Path | None = None, nlp_options: NlpOptions | None = None,
             check_options: CheckOptions | None = None, fetch_options: FetchOptions | None = None,
             models: Any = None) -> Analyzer:
        """Load the models (unless given) and open the store read-only."""
        from notes_analyzer.market.store import open_store
        from notes_analyzer.models import load_models

        store = open_store(require_store(store_path), read_only=True)
        try:
            models = models or load_models(nlp_options or NlpOptions())
            return cls(models=models, store=store, check_options=check_options, fetch_options=fetch_options)
        except BaseException:
            store.close()
            raise

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Analyzer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def load(self, source: str | Path) -> Note:
        return read_note(source, self.fetch_options)

    def analyze_source(self, source: str | Path) -> NoteReport:
        return self.analyze(self.load(source))

    def analyze(self, note: Note, timings: dict[str, float] | None = None) -> NoteReport:
        return self.analyze_many([note], timings)[0]

    def analyze_many(self, notes: Sequence[Note], timings: dict[str, float] | None = None) -> list[NoteReport]:
        """NLP in one batch across notes, then check and score each note."""
        from notes_analyzer.batch import timed
        from notes_analyzer.nlp.pipeline import analyze_notes

        timings = {} if timings is None else timings
        with timed(timings, "nlp"):
            analyses = analyze_notes(list(notes), self.models)
        reports = []
        with timed(timings, "check"):
            for note, analysis in zip(notes, analyses, strict=True):
                verdicts = self.check(analysis.claims, note)
                reports.append(self._report(note, analysis, verdicts))
        return reports

    def check(self, claims: Sequence[Any], note: Note) -> tuple[Verdict, ...]:
        from notes_analyzer.check.checker import check_claims

        # the full timestamp: a note stamped after the close has seen that day's close
        return check_claims(claims, self.queries, self.registry, self.events, self.check_options, note.published)

    def _report(self, note: Note, analysis: Any, verdicts: tuple[Verdict, ...]) -> NoteReport:
        from notes_analyzer.check.scoring import score_note

        return NoteReport(note=note, analysis=analysis, verdicts=verdicts,
                          support=score_note(analysis.claims, verdicts), pipeline_version=PIPELINE_VERSION,
                          scored_at=datetime.now(UTC))


def recheck_pending(report: NoteReport, analyzer: Analyzer) -> tuple[NoteReport, list[Verdict]]:
    """Re-check the report's ``pending`` claims whose date has come; returns the new report and
    the verdicts that changed (each stamped with ``decided_on``)."""
    today = as_of_day(analyzer.check_options)
    due = due_pending(report, today)
    if not due:
        return report, []
    claims = [c for c in report.analysis.claims if c.id in due]
    fresh = {v.claim_id: v for v in analyzer.check(claims, report.note)}
    changed = {cid: replace(v, decided_on=today) for cid, v in fresh.items() if v.label != "pending"}
    if not changed:
        return report, []
    verdicts = tuple(changed.get(v.claim_id, v) for v in report.verdicts)
    return analyzer._report(report.note, report.analysis, verdicts), list(changed.values())


def as_of_day(options: CheckOptions | None) -> date:
    """The day verdicts are decided on: ``CheckOptions.as_of`` or today (UTC)."""
    as_of = (options or CheckOptions()).as_of
    return date.fromisoformat(str(as_of)) if as_of else datetime.now(UTC).date()


def due_pending(report: NoteReport, today: date) -> set[str]:
    """Ids of the report's pending claims whose ``checkable_after`` has come."""
    return {v.claim_id for v in report.verdicts
            if v.label == "pending" and v.checkable_after is not None and v.checkable_after <= today}


def read_note(source: str | Path, fetch_options: FetchOptions | None = None) -> Note:
    """Fetch or read one note (English only); no model is needed for this step."""
    from notes_analyzer.ingest import load_note

    return ensure_english(load_note(source, fetch_options), str(source))


def ensure_english(note: Note, source: str) -> Note:
    """The note itself, or ExtractError when its text is plainly not English."""
    words = _WORD.findall(note.text.lower())
    if len(words) < MIN_WORDS_FOR_LANGUAGE:
        return note
    share = sum(w in _ENGLISH_STOPWORDS for w in words) / len(words)
    if share < MIN_ENGLISH_STOPWORD_SHARE:
        raise ExtractError(f"{source}: the note is not in English (English function words {share:.0%} of the text); "
                           "only English notes are analysed")
    return note


def require_store(store_path: str | Path | None) -> Path:
    """The store's path, or StoreError saying how to create it."""
    path = resolve_store_path(store_path)
    if not path.exists():
        raise StoreError(f"{path}: no market-data store; create it with "
                         "'notes-analyzer market import DIR' or pass --market-data DIR")
    return path


def ensure_market_data(store_path: str | Path | None, market_data: Path | None) -> Path:
    """The store path; imports ``market_data`` (a CSV folder) first when the store has no series."""
    from notes_analyzer.market.importers import import_paths
    from notes_analyzer.market.store import open_store

    path = resolve_store_path(store_path)
    if market_data is None:
        return path
    if not Path(market_data).is_dir():
        raise StoreError(f"{market_data}: market-data folder not found")
    with open_store(path) as store:
        if store.series_ids():
            log.info("%s already holds %d series: not re-importing", path, len(store.series_ids()))
            return path
        log.info("importing market data from %s into %s", market_data, path)
        import_paths(store, [Path(market_data)])
    return path


# --------------------------------------------------------------------------- batch scoring

#: Results of ``score`` go here unless ``--out`` says otherwise (hidden: never read as notes).
DEFAULT_OUT_SUBDIR = ".notes-analyzer"
_WORKER: Analyzer | None = None


def score_folder(folder: Path, *, out_dir: Path | None = None, store_path: str | Path | None = None,
                 market_data: Path | None = None, score_options: Any = None, nlp_options: NlpOptions | None = None,
                 check_options: CheckOptions | None = None, on_outcome: Any = None) -> Any:
    """Score every note file under ``folder``; resumable, parallel, every file accounted for.

    Writes ``results.jsonl`` and ``summary.csv`` into ``out_dir`` (default ``folder/.notes-analyzer``),
    re-checks due forecasts of notes scored earlier, then stores all reports for the weekly report.
    ``on_outcome(outcome, done, total)`` is called after each file (progress display).
    """
    import time

    from notes_analyzer.batch import BatchSummary, ResultsLog, plan_batch, run_batch, timed, write_summary_csv
    from notes_analyzer.config import ScoreOptions
    from notes_analyzer.ingest.folder import note_files

    options = score_options or ScoreOptions()
    out_dir = Path(out_dir) if out_dir else Path(folder) / DEFAULT_OUT_SUBDIR
    store = ensure_market_data(store_path, market_data)
    paths = note_files(Path(folder), recursive=options.recursive)
    log_file = ResultsLog(out_dir)
    todo, kept = plan_batch(paths, log_file.latest(), force=options.force)
    summary = BatchSummary(total=len(paths), skipped=len(kept), results_path=log_file.path)
    started = time.perf_counter()
    nlp_options = nlp_options or NlpOptions()
    if options.workers > 1 and nlp_options.threads is None:
        nlp_options = replace(nlp_options, threads=1)  # one core per worker: no oversubscription
    initargs = (store, nlp_options, check_options)
    try:
        for done, outcome in enumerate(run_batch(todo, _score_item, workers=options.workers,
                                                 initializer=_init_worker, initargs=initargs), 1):
            with timed(summary.stage_seconds, "write"):
                log_file.append(outcome)
            _tally(summary, outcome)
            if on_outcome:
                on_outcome(outcome, done, len(todo))
        summary.stage_seconds.update(_recheck_kept(kept, log_file, store, check_options))
    except KeyboardInterrupt:
        summary.interrupted = True
        raise
    finally:
        _close_worker()
        summary.seconds = time.perf_counter() - started
        latest = log_file.latest()
        summary.summary_path = write_summary_csv(latest.values(), out_dir / "summary.csv")
        if not summary.interrupted:
            with timed(summary.stage_seconds, "write"):
                _store_results(store, latest.values())
    return summary


def _tally(summary: Any, outcome: Any) -> None:
    if outcome.status == "ok":
        summary.scored += 1
    else:
        summary.failed += 1
    for stage, seconds in outcome.stage_seconds.items():
        summary.stage_seconds[stage] = summary.stage_seconds.get(stage, 0.0) + seconds


def _init_worker(store_path: Path, nlp_options: NlpOptions | None, check_options: CheckOptions | None) -> None:
    """Per process: load the models and open the store once."""
    global _WORKER
    if _WORKER is None:
        _WORKER = Analyzer.open(store_path=store_path, nlp_options=nlp_options, check_options=check_options)


def _close_worker() -> None:
    global _WORKER
    if _WORKER is not None:
        _WORKER.close()
        _WORKER = None


def _score_item(item: Any) -> Any:
    """One file → one outcome; a note-level failure is an error record, never an exception."""
    import time

    from notes_analyzer.batch import BatchOutcome, error_outcome, timed
    from notes_analyzer.errors import NotesAnalyzerError

    assert _WORKER is not None, "worker not initialised"
    started, stages, stage = time.perf_counter(), {}, "ingest"
    try:
        with timed(stages, "ingest"):
            note = _WORKER.load(item.path)
        stage = "analyze"
        report = _WORKER.analyze(note, stages)
    except NotesAnalyzerError as exc:
        return error_outcome(item, stage, str(exc), time.perf_counter() - started)
    except Exception as exc:  # noqa: BLE001 - one bad note must not stop the batch; it is recorded
        log.debug("%s: internal error", item.path, exc_info=True)
        return error_outcome(item, "internal", f"{type(exc).__name__}: {exc}", time.perf_counter() - started)
    return BatchOutcome(path=str(item.path), file_hash=item.file_hash, pipeline_version=PIPELINE_VERSION,
                        status="ok", seconds=time.perf_counter() - started, stage_seconds=stages, report=report)


def _recheck_kept(kept: list[Any], log_file: Any, store_path: Path,
                  check_options: CheckOptions | None) -> dict[str, float]:
    """Forecast ledger: re-check due ``pending`` claims of notes scored on earlier runs."""
    from dataclasses import replace as _replace

    from notes_analyzer.batch import timed

    stages: dict[str, float] = {}
    today = as_of_day(check_options)
    due = [o for o in kept if o.report is not None and due_pending(o.report, today)]
    if not due:
        return stages
    # re-checking needs the store, not the NLP models: reuse an in-process worker, else open the store only
    from notes_analyzer.market.store import open_store

    checker = _WORKER or Analyzer(models=None, store=open_store(store_path, read_only=True),
                                  check_options=check_options)
    with timed(stages, "recheck"):
        for outcome in due:
            report, changed = recheck_pending(outcome.report, checker)
            if changed:
                log.info("%s: %d forecast(s) decided", outcome.path, len(changed))
                log_file.append(_replace(outcome, report=report))
    if checker is not _WORKER:
        checker.close()
    return stages


def _store_results(store_path: Path, outcomes: Any) -> None:
    """Upsert every scored report into the store's results table (idempotent)."""
    from notes_analyzer.market.store import open_store
    from notes_analyzer.results import save_reports

    with open_store(store_path) as store:
        save_reports(store, [outcome.report for outcome in outcomes if outcome.report is not None])
