"""The instrument registry: the words notes use ("small caps", "the Dow") -> series in the store.

Loaded from ``models/instruments.yaml``. ``resolve`` matches an alias case-, hyphen-,
possessive- and plural-insensitively; ``aliases()`` is the one list the NLP stage builds its
entity rules from.
"""

from __future__ import annotations

import difflib
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from notes_analyzer.config import repo_models_dir
from notes_analyzer.errors import ConfigError, SeriesNotFound

__all__ = ["Instrument", "InstrumentRegistry", "normalize_name"]

log = logging.getLogger(__name__)

_KINDS = frozenset({"index", "rate", "macro", "volatility", "commodity", "crypto", "price", "currency"})
_WORD = re.compile(r"[a-z0-9&$]+")


@dataclass(frozen=True, slots=True)
class Instrument:
    id: str
    name: str
    kind: str
    unit: str
    series: str
    proxy: str | None = None
    proxy_caveat: str | None = None
    aliases: tuple[str, ...] = ()
    lower_series: str | None = None
    upper_series: str | None = None
    effective_series: str | None = None
    #: A daily series of the instrument itself that begins late (GC=F futures beside a monthly gold
    #: average): records are decided on it, with the long monthly history as a bound.
    daily_series: str | None = None
    #: How far later revisions typically move one period's change, in the figure's unit (payrolls: jobs):
    #: a refuting gap within it may be the first print against the latest vintage.
    revision_band: float | None = None
    #: How far a dividend-adjusted ETF proxy runs ahead of the price index per year, at most (pp): SPY
    #: beat the S&P 500 by 1.3–2.4 pp a year in 2017–2025. None: the checker's default.
    proxy_drift_pp: float | None = None

    @property
    def bounds(self) -> tuple[str, str] | None:
        """(lower, upper) series of a target range, when the instrument has both."""
        return (self.lower_series, self.upper_series) if self.lower_series and self.upper_series else None

    @property
    def all_series(self) -> tuple[str, ...]:
        """Every series id the instrument refers to (primary first)."""
        ids = (self.series, self.lower_series, self.upper_series, self.effective_series, self.proxy, self.daily_series)
        return tuple(dict.fromkeys(s for s in ids if s))


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def normalize_name(text: str) -> str:
    """Lower case, possessives and a leading "the" dropped, words singular, one space between."""
    text = re.sub(r"['’]s\b", "", text.lower())
    words = [_singular(w) for w in _WORD.findall(text)]
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


class InstrumentRegistry:
    """Instruments by id, and an alias index."""

    def __init__(self, instruments: list[Instrument]) -> None:
        self.instruments = {i.id: i for i in instruments}
        self._index: dict[str, str] = {}
        for inst in instruments:
            for alias in (inst.id, inst.name, *inst.aliases):
                key = normalize_name(alias)
                other = self._index.setdefault(key, inst.id)
                if other != inst.id:
                    raise ConfigError(f"instrument alias {alias!r} names both {other} and {inst.id}")

    @classmethod
    def load(cls, path: Path | None = None) -> InstrumentRegistry:
        """Read ``models/instruments.yaml`` (or ``path``)."""
        import yaml

        from notes_analyzer import yamlfile

        path = Path(path) if path else repo_models_dir() / "instruments.yaml"
        try:
            data = yamlfile.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise ConfigError(f"{path}: cannot read the instrument registry ({exc})") from None
        return cls([_instrument_from(path, item) for item in data.get("instruments", [])])

    def get(self, instrument_id: str) -> Instrument:
        try:
            return self.instruments[instrument_id]
        except KeyError:
            close = difflib.get_close_matches(instrument_id.upper(), list(self.instruments), n=5, cutoff=0.5)
            hint = f"; close matches: {', '.join(close)}" if close else f"; known: {', '.join(self.instruments)}"
            raise SeriesNotFound(f"unknown instrument {instrument_id!r}{hint}") from None

    def resolve(self, text: str) -> Instrument | None:
        """The instrument ``text`` names ("the Russell", "Small-cap stocks" → RUT), or None."""
        found = self._index.get(normalize_name(text))
        return self.instruments[found] if found else None

    def aliases(self) -> list[tuple[str, str]]:
        """(alias, instrument id) for every alias, the id and the name: one list for entity rules."""
        pairs = {(a, i.id) for i in self.instruments.values() for a in (i.id, i.name, *i.aliases)}
        return sorted(pairs)

    def for_series(self, series_id: str) -> Instrument | None:
        """The instrument whose primary series is ``series_id``."""
        return next((i for i in self.instruments.values() if i.series == series_id), None)

    def __iter__(self) -> Iterator[Instrument]:
        return iter(self.instruments.values())

    def __len__(self) -> int:
        return len(self.instruments)


def _instrument_from(path: Path, item: dict[str, Any]) -> Instrument:
    missing = [k for k in ("id", "name", "kind", "series") if not item.get(k)]
    if missing:
        raise ConfigError(f"{path}: instrument {item.get('id', '?')!r} lacks {', '.join(missing)}")
    if item["kind"] not in _KINDS:
        raise ConfigError(f"{path}: instrument {item['id']!r} has unknown kind {item['kind']!r}")
    return Instrument(
        id=str(item["id"]), name=str(item["name"]), kind=str(item["kind"]), unit=str(item.get("unit", "")),
        series=str(item["series"]), proxy=item.get("proxy"), proxy_caveat=item.get("proxy_caveat"),
        aliases=tuple(str(a) for a in item.get("aliases", ())), lower_series=item.get("lower_series"),
        upper_series=item.get("upper_series"), effective_series=item.get("effective_series"),
        daily_series=item.get("daily_series"),
        revision_band=_number(item, "revision_band", path), proxy_drift_pp=_number(item, "proxy_drift_pp", path),
    )


def _number(item: dict[str, Any], key: str, path: Path) -> float | None:
    value = item.get(key)
    if value is None:
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        raise ConfigError(f"{path}: instrument {item.get('id', '?')!r}: {key} must be a number, "
                          f"not {value!r}") from None
