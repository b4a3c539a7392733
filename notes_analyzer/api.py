"""The public library surface the CLI calls: one note end to end, or a folder in batch.

    with Analyzer.open(store_path="market.duckdb") as analyzer:
        report = analyzer.analyze_source("https://example.com/note.html")

An ``Analyzer`` holds what a process loads once — the models bundle, the market store
(read-only), the query cache, the instrument and event registries — and passes them down
to each stage: ingest → nlp → check → score.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from notes_analyzer import PIPELINE_VERSION
from notes_analyzer.batch import score_folder
from notes_analyzer.config import CheckOptions, FetchOptions, NlpOptions, repo_models_dir, resolve_store_path
from notes_analyzer.errors import ModelLoadError, StoreError
from notes_analyzer.records import Claim, Note, NoteAnalysis, NoteReport, Verdict

if TYPE_CHECKING:
    from notes_analyzer.market.events import EventRegistry
    from notes_analyzer.market.instruments import InstrumentRegistry
    from notes_analyzer.market.store import MarketStore
    from notes_analyzer.models import Models

log = logging.getLogger(__name__)

__all__ = [
    "Analyzer", "ensure_market_data", "read_note", "recheck_pending", "require_store",
    "score_folder",
]

class Analyzer:
    """Models, store and options, opened once per process; analyses notes end to end."""

    def __init__(self, *, models: Models | None, store: MarketStore, check_options: CheckOptions | None = None,
                 fetch_options: FetchOptions | None = None, registry: InstrumentRegistry | None = None,
                 events: EventRegistry | None = None) -> None:
        """``models`` None: a checker only (re-checking forecasts); ``registry`` is then read from
        the repo's models/ unless given. The events source is always the store's events table."""
        from notes_analyzer.market.events import EventRegistry
        from notes_analyzer.market.instruments import InstrumentRegistry
        from notes_analyzer.market.queries import MarketQueries

        self.store = store
        self.check_options = check_options or CheckOptions()
        self.fetch_options = fetch_options or FetchOptions()
        self.queries = MarketQueries(store)
        self.events = events if events is not None else EventRegistry.from_store(store)
        self.models = models.with_events(self.events) if models is not None else None
        self.registry = models.registry if models is not None else registry or InstrumentRegistry.load()

    @classmethod
    def open(cls, *, store_path: str | Path | None = None, nlp_options: NlpOptions | None = None,
             check_options: CheckOptions | None = None, fetch_options: FetchOptions | None = None,
             models: Models | None = None) -> Analyzer:
        """Load the models (unless given) and open the store read-only."""
        from notes_analyzer.market.events import EventRegistry
        from notes_analyzer.market.store import open_store
        from notes_analyzer.models import load_models

        store = open_store(require_store(store_path), read_only=True)
        try:
            events = EventRegistry.from_store(store)
            models = models or load_models(nlp_options or NlpOptions(), events=events)
            return cls(models=models, store=store, check_options=check_options, fetch_options=fetch_options,
                       events=events)
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
        from notes_analyzer.ingest.repair import FurnitureCutter, WordSplitter, repaired_note
        from notes_analyzer.nlp.pipeline import MAX_NOTE_CHARS, analyze_notes

        timings = {} if timings is None else timings
        if self.models is None:
            raise ModelLoadError("this Analyzer was opened without models: it can re-check claims, not read notes")
        splitter = WordSplitter.from_lexicon(self.models.lexicon)
        furniture = FurnitureCutter.from_lexicon(self.models.lexicon)
        notes = [repaired_note(note, (alias for alias, _ in self.models.registry.aliases()),
                               self.models.lexicon.glue_words(), limit=MAX_NOTE_CHARS, splitter=splitter,
                               furniture=furniture)
                 for note in notes]
        with timed(timings, "nlp"):
            analyses = analyze_notes(notes, self.models)
        reports = []
        with timed(timings, "check"):
            for note, analysis in zip(notes, analyses, strict=True):
                verdicts = self.check(analysis.claims, note)
                reports.append(self._report(note, analysis, verdicts))
        return reports

    def check(self, claims: Sequence[Claim], note: Note) -> tuple[Verdict, ...]:
        from notes_analyzer.check.checker import check_claims

        # the full timestamp: a note stamped after the close has seen that day's close
        return check_claims(claims, self.queries, self.registry, self.events, self.check_options, note.published)

    def _report(self, note: Note, analysis: NoteAnalysis, verdicts: tuple[Verdict, ...]) -> NoteReport:
        from notes_analyzer.check.scoring import score_note

        return NoteReport(note=note, analysis=analysis, verdicts=verdicts,
                          support=score_note(analysis.claims, verdicts), pipeline_version=PIPELINE_VERSION,
                          scored_at=datetime.now(UTC))


def recheck_pending(report: NoteReport, analyzer: Analyzer) -> tuple[NoteReport, list[Verdict]]:
    """Re-check the report's ``pending`` claims whose date has come; returns the new report and
    the verdicts that changed (each stamped with ``decided_on``)."""
    today = analyzer.check_options.today()
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


def due_pending(report: NoteReport, today: date) -> set[str]:
    """Ids of the report's pending claims whose ``checkable_after`` has come."""
    return {v.claim_id for v in report.verdicts
            if v.label == "pending" and v.checkable_after is not None and v.checkable_after <= today}


def read_note(source: str | Path, fetch_options: FetchOptions | None = None) -> Note:
    """Fetch or read one note (English only); no model is needed for this step."""
    from notes_analyzer.ingest import load_note
    from notes_analyzer.ingest.language import ensure_english

    return ensure_english(load_note(source, fetch_options), str(source))


def require_store(store_path: str | Path | None) -> Path:
    """The store's path, or StoreError saying how to create it."""
    path = resolve_store_path(store_path)
    if not path.exists():
        raise StoreError(f"{path}: no market-data store; create it with "
                         "'notes-analyzer market import DIR' or pass --market-data DIR")
    return path


def ensure_market_data(store_path: str | Path | None, market_data: Path | None,
                       models_dir: Path | None = None) -> Path:
    """The store path; imports ``market_data`` (a CSV folder) first when the store has no series
    (its events table seeded from ``models_dir``'s events.yaml)."""
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
        import_paths(store, [Path(market_data)], events_path=(models_dir or repo_models_dir()) / "events.yaml")
    return path
