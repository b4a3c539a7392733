"""Shared fixtures: the ../shared folder (real data), temp dirs, a pinned console width."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("NOTES_ANALYZER_SHARED", REPO.parent / "shared"))


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.fail(f"../shared not found at {SHARED}; set NOTES_ANALYZER_SHARED")
    return SHARED


@pytest.fixture(scope="session")
def seed_text(shared_dir: Path) -> str:
    return next((shared_dir / "seeds").glob("*.txt")).read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def _pin_console(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.setenv("NO_COLOR", "1")


# --------------------------------------------------------------------------- market store (issue 3)


@pytest.fixture(scope="session")
def market_store_path(shared_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A DuckDB store holding all of ../shared/market-data, built once per session (then closed)."""
    from notes_analyzer.market.importers import import_paths
    from notes_analyzer.market.store import open_store

    path = tmp_path_factory.mktemp("market") / "market.duckdb"
    with open_store(path) as store:
        import_paths(store, [shared_dir / "market-data"])
    return path


@pytest.fixture
def writable_store(market_store_path: Path, tmp_path: Path) -> Path:
    """A writable copy of the session market store (the session keeps the original open read-only)."""
    import shutil

    copy = tmp_path / "market.duckdb"
    shutil.copy(market_store_path, copy)
    return copy


@pytest.fixture(scope="session")
def market_store(market_store_path: Path):
    """That store, open read-only for the session (CLI tests may open the same path read-only too)."""
    from notes_analyzer.market.store import open_store

    with open_store(market_store_path, read_only=True) as store:
        yield store


@pytest.fixture(scope="session")
def market_queries(market_store):
    """``MarketQueries`` over the session store (series cached across tests)."""
    from notes_analyzer.market.queries import MarketQueries

    return MarketQueries(market_store)


def read_claims(claims):
    """Hand-built claims as the NLP stage delivers them: their words read into their slots."""
    from notes_analyzer.nlp.lexicon import Lexicon
    from notes_analyzer.nlp.reading import read_claim

    lexicon = Lexicon.load()
    return [read_claim(c, lexicon) for c in claims]
