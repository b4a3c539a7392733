"""Events: curated policy facts (``models/events.yaml``) and FOMC decisions derived from data.

FOMC decisions come from changes in FRED's target-range series (DFEDTARU, DFEDTARL). FRED
dates a change on the day it takes effect, which is the day after the FOMC announces it
(the Fed's implementation notes: "effective <next day>"); so ``decision date = FRED change
date - 1 day``. That also holds for weekend intermeeting moves (announced Sunday 2020-03-15,
effective Monday 2020-03-16). Each derived event names FRED as its source.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from notes_analyzer.config import repo_models_dir
from notes_analyzer.errors import ConfigError

__all__ = ["Event", "EventRegistry", "derive_fomc_events", "load_curated_events", "refresh_events",
           "FOMC_LAG_DAYS", "TARGET_LOWER", "TARGET_UPPER"]

log = logging.getLogger(__name__)

TARGET_LOWER, TARGET_UPPER = "DFEDTARL", "DFEDTARU"
#: FRED's effective date minus this many days is the FOMC decision date.
FOMC_LAG_DAYS = 1
FOMC_SOURCE = "FRED DFEDTARL/DFEDTARU (Board of Governors of the Federal Reserve System)"
_REQUIRED = ("id", "date", "kind", "name", "source")


Date = date  # the field below is named "date"


@dataclass(frozen=True, slots=True)
class Event:
    id: str
    date: Date
    kind: str
    name: str
    source: str
    detail: str = ""
    url: str | None = None
    end_date: Date | None = None
    aliases: tuple[str, ...] = ()
    origin: str = "curated"  # curated | derived


def _norm(text: str) -> str:
    text = re.sub(r"[\s\-_./'’\"“”]+", " ", text.lower()).strip()
    return re.sub(r"^the ", "", text)


def load_curated_events(path: Path | None = None) -> list[Event]:
    """Events of ``models/events.yaml`` (or ``path``), validated."""
    import yaml

    from notes_analyzer import yamlfile

    path = path or repo_models_dir() / "events.yaml"
    try:
        data = yamlfile.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: cannot read events ({exc})") from None
    events = [_event_from(path, item) for item in data.get("events", [])]
    ids = [e.id for e in events]
    if len(set(ids)) != len(ids):
        raise ConfigError(f"{path}: duplicate event ids")
    return events


def _event_from(path: Path, item: dict[str, Any]) -> Event:
    missing = [k for k in _REQUIRED if not item.get(k)]
    if missing:
        raise ConfigError(f"{path}: event {item.get('id', '?')!r} lacks {', '.join(missing)}")
    try:
        return Event(id=str(item["id"]), date=_as_date(item["date"]), kind=str(item["kind"]),
                     name=str(item["name"]), source=str(item["source"]), detail=str(item.get("detail", "")).strip(),
                     url=item.get("url"), end_date=_as_date(item["end_date"]) if item.get("end_date") else None,
                     aliases=tuple(str(a) for a in item.get("aliases", ())), origin="curated")
    except ValueError as exc:
        raise ConfigError(f"{path}: event {item['id']!r}: {exc}") from None


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def derive_fomc_events(con: Any) -> list[Event]:
    """FOMC target-range decisions from the store's DFEDTARL/DFEDTARU observations."""
    rows = con.execute("""
        SELECT u.date, l.value, u.value FROM observations u
        JOIN observations l ON l.series_id = ? AND l.date = u.date
        WHERE u.series_id = ? ORDER BY u.date""", [TARGET_LOWER, TARGET_UPPER]).fetchall()
    events = []
    for (_, lo0, hi0), (day, lo1, hi1) in zip(rows, rows[1:], strict=False):
        if (lo0, hi0) == (lo1, hi1):
            continue
        decided = day - timedelta(days=FOMC_LAG_DAYS)
        bp = round((hi1 - hi0) * 100)
        verb = "cuts" if bp < 0 else "raises" if bp > 0 else "moves"
        events.append(Event(
            id=f"fomc-{decided.isoformat()}", date=decided, kind="fomc_decision",
            name=f"FOMC {verb} target range {abs(bp)} bp to {lo1:.2f}-{hi1:.2f}%",
            source=FOMC_SOURCE, origin="derived",
            detail=f"from {lo0:.2f}-{hi0:.2f}% to {lo1:.2f}-{hi1:.2f}%; effective {day.isoformat()} "
                   f"(FRED change date); change_bp={bp}",
        ))
    return events


def refresh_events(con: Any, path: Path | None = None) -> int:
    """Replace the ``events`` table with curated + derived events (inside the caller's transaction)."""
    events = load_curated_events(path) + derive_fomc_events(con)
    con.execute("DELETE FROM events")
    con.executemany(
        "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [[e.id, e.date, e.end_date, e.kind, e.name, e.detail, e.source, e.url, list(e.aliases), e.origin]
         for e in events],
    )
    return len(events)


class EventRegistry:
    """Events read from a store (or the curated YAML alone): lookup by id, alias or period."""

    def __init__(self, events: list[Event]) -> None:
        self.events = sorted(events, key=lambda e: (e.date, e.id))
        self._by_id = {e.id: e for e in self.events}
        self._alias = {_norm(a): e.id for e in self.events for a in (e.id, e.name, *e.aliases)}

    @classmethod
    def from_store(cls, store: Any) -> EventRegistry:
        rows = store.connection.execute(
            "SELECT id, date, kind, name, source, detail, url, end_date, aliases, origin FROM events").fetchall()
        return cls([Event(id=r[0], date=r[1], kind=r[2], name=r[3], source=r[4], detail=r[5] or "", url=r[6],
                          end_date=r[7], aliases=tuple(r[8] or ()), origin=r[9]) for r in rows])

    @classmethod
    def load(cls, path: Path | None = None) -> EventRegistry:
        return cls(load_curated_events(path))

    def get(self, event_id: str) -> Event:
        try:
            return self._by_id[event_id]
        except KeyError:
            raise LookupError(f"unknown event {event_id!r}") from None

    def resolve(self, text: str) -> Event | None:
        """The event an alias names ("One Big Beautiful Bill Act", "OBBBA" → obbba), or None."""
        return self._by_id.get(self._alias.get(_norm(text), ""))

    def aliases(self) -> list[tuple[str, str]]:
        return sorted({(a, e.id) for e in self.events for a in e.aliases})

    def alias_pairs(self) -> tuple[tuple[str, str], ...]:
        """(name or alias, event id) of every curated event: what the NLP stage finds in a note
        (derived FOMC decisions are named by the words for a decision, not by a name)."""
        return tuple(sorted({(a, e.id) for e in self.events if e.origin == "curated" for a in (e.name, *e.aliases)}))

    def anchor_dates(self) -> tuple[tuple[str, date], ...]:
        """(name or alias, date) of every curated event: where a note's window can start ("since
        Liberation Day")."""
        return tuple(sorted({(a, e.date) for e in self.events if e.origin == "curated" for a in (e.name, *e.aliases)}))

    def between(self, start: date | None = None, end: date | None = None, kind: str | None = None) -> list[Event]:
        return [e for e in self.events
                if (start is None or e.date >= start) and (end is None or e.date <= end)
                and (kind is None or e.kind == kind)]
