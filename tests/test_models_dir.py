"""``--models`` governs every artefact (registry, lexicon, sectors, heads), and the events that
the NLP stage finds are the store's events table, the same source the checker reads."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import pytest
import yaml

from notes_analyzer.config import NlpOptions, repo_models_dir
from notes_analyzer.records import Note


@pytest.fixture(scope="module")
def own_models(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the repo's models/ whose registry calls the Russell 2000 "the Widget gauge", whose
    lexicon names the whole market "the tape", and whose events include a made-up act."""
    folder = tmp_path_factory.mktemp("models") / "models"
    shutil.copytree(repo_models_dir(), folder)
    registry = yaml.safe_load((folder / "instruments.yaml").read_text(encoding="utf-8"))
    rut = next(i for i in registry["instruments"] if i["id"] == "RUT")
    rut["aliases"].append("Widget gauge")
    (folder / "instruments.yaml").write_text(yaml.safe_dump(registry, sort_keys=False), encoding="utf-8")
    lexicon = yaml.safe_load((folder / "lexicon.yaml").read_text(encoding="utf-8"))
    lexicon["broad_market"]["pattern"] = r"(?i)\bthe tape\b"
    (folder / "lexicon.yaml").write_text(yaml.safe_dump(lexicon, sort_keys=False), encoding="utf-8")
    events = yaml.safe_load((folder / "events.yaml").read_text(encoding="utf-8"))
    events["events"].append({"id": "widget-act", "date": "2025-06-02", "kind": "legislation",
                             "name": "Widget Act signed into law", "source": "a test", "aliases": ["Widget Act"]})
    (folder / "events.yaml").write_text(yaml.safe_dump(events, sort_keys=False), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def models(own_models: Path):
    from notes_analyzer.models import load_models

    return load_models(NlpOptions(threads=1, models_dir=own_models))


def test_the_registry_and_lexicon_come_from_the_models_folder(models, own_models):
    assert models.models_dir == own_models
    assert models.registry.resolve("the Widget gauge").id == "RUT"
    assert models.lexicon.path == own_models / "lexicon.yaml"
    from notes_analyzer.nlp.pipeline import analyze_note

    note = Note(id="n", text="The Widget gauge rose 2.1% on Tuesday. The tape fell 1.2% on Wednesday.",
                published=datetime(2026, 1, 14))
    claims = analyze_note(note, models).claims
    assert [c.subject for c in claims] == [("RUT",), ("SPX",)]
    assert claims[1].subject_text == "The tape"


def test_the_repo_registry_does_not_know_the_alias():
    from notes_analyzer.market.instruments import InstrumentRegistry

    assert InstrumentRegistry.load().resolve("the Widget gauge") is None


def test_events_come_from_the_store_seeded_from_the_models_folder(models, own_models, shared_dir, tmp_path):
    from notes_analyzer.api import Analyzer
    from notes_analyzer.market.importers import import_paths
    from notes_analyzer.market.store import open_store
    from notes_analyzer.nlp.pipeline import analyze_note

    plain = tmp_path / "plain.duckdb"
    with open_store(plain) as store:
        import_paths(store, [shared_dir / "market-data" / "fred_rates_wide.csv"])
    with Analyzer(models=models, store=open_store(plain, read_only=True)) as analyzer:
        assert ("Widget Act", "widget-act") not in analyzer.models.event_aliases  # the store is the source
    seeded = tmp_path / "seeded.duckdb"
    with open_store(seeded) as store:
        import_paths(store, [shared_dir / "market-data" / "fred_rates_wide.csv"],
                     events_path=own_models / "events.yaml")
    with Analyzer(models=models, store=open_store(seeded, read_only=True)) as analyzer:
        assert ("Widget Act", "widget-act") in analyzer.models.event_aliases
        note = Note(id="n", text="The Widget Act was signed into law on June 2, 2025.",
                    published=datetime(2026, 1, 14))
        analysis = analyze_note(note, analyzer.models)
        (event,) = [c for c in analysis.claims if c.kind == "event"]
        (verdict,) = analyzer.check([event], note)
        assert verdict.label == "supported", verdict.reason
