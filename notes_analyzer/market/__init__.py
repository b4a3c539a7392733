"""market stage: the DuckDB store of series and events, importers, online update, the
instrument registry and the query API the checker calls.

Submodules are imported on use (no work at import time)::

    from notes_analyzer.market.store import open_store
    from notes_analyzer.market.importers import import_paths
    from notes_analyzer.market.queries import MarketQueries
    from notes_analyzer.market.instruments import InstrumentRegistry
    from notes_analyzer.market.events import EventRegistry
"""

from __future__ import annotations

__all__ = ["events", "importers", "instruments", "queries", "store", "update"]
