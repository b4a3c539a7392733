"""The registry of claim kinds: one module per kind in this package registers itself.

Each module calls :func:`register_kind` with a :class:`KindSpec`: the kind's name, the claim
slots it reads, its slot parser (claim → a typed query, or ``CannotCheck``), its checker
(query → Verdict) and its own examples for the conformance test. As in spaCy's registries,
a second registration under a taken name raises, a failed lookup lists the known kinds, and
the registry is filled on first use (importing this package registers nothing).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from notes_analyzer.errors import UnknownClaimKind
from notes_analyzer.records import CLAIM_KINDS, Claim, Verdict

if TYPE_CHECKING:
    from notes_analyzer.check.context import CheckContext

__all__ = ["KindExample", "KindSpec", "get_kind", "register_kind", "registered_kinds"]

#: The modules of this package that register kinds (``return_``: ``return`` is a keyword).
KIND_MODULES = ("return_", "level", "range", "count", "record", "relative", "event", "valuation",
                "forecast", "opinion")

_REGISTRY: dict[str, KindSpec] = {}
_FILLED = False


@dataclass(frozen=True, slots=True, kw_only=True)
class KindExample:
    """A claim with its publication date and the verdict the kind must give on the shared data."""

    claim: Claim
    published: date
    expected: str
    why: str = ""
    as_of: date | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class KindSpec:
    """A registered claim kind.

    ``parse(claim, ctx)`` reads the slots into a query (raising ``CannotCheck`` for a missing or
    unusable slot); ``check(claim, query, ctx)`` runs it and returns the Verdict.
    ``data_backed``: the kind decides against market data (so its examples include supported,
    contradicted and unverifiable); valuation, forecast and opinion do not.
    """

    name: str
    slots: tuple[str, ...]
    parse: Callable[[Claim, CheckContext], Any]  # -> the kind's own query dataclass
    check: Callable[[Claim, Any, CheckContext], Verdict]
    examples: Callable[[], tuple[KindExample, ...]]
    data_backed: bool = True
    description: str = ""


def register_kind(spec: KindSpec) -> KindSpec:
    """Add ``spec`` to the registry; a different spec under a taken name raises ValueError."""
    if spec.name not in CLAIM_KINDS:
        raise ValueError(f"kind {spec.name!r} is not one of records.CLAIM_KINDS: {', '.join(CLAIM_KINDS)}")
    taken = _REGISTRY.get(spec.name)
    if taken is not None and taken is not spec:
        raise ValueError(f"claim kind {spec.name!r} is already registered (by {taken.parse.__module__})")
    _REGISTRY[spec.name] = spec
    return spec


def get_kind(name: str) -> KindSpec:
    """The spec registered under ``name``; UnknownClaimKind listing the known kinds otherwise."""
    _fill()
    try:
        return _REGISTRY[name]
    except KeyError:
        raise UnknownClaimKind(f"unknown claim kind {name!r}; known: {', '.join(registered_kinds())}") from None


def registered_kinds() -> tuple[str, ...]:
    """The registered kind names, sorted."""
    _fill()
    return tuple(sorted(_REGISTRY))


def _fill() -> None:
    global _FILLED
    if _FILLED:
        return
    for module in KIND_MODULES:
        importlib.import_module(f"{__name__}.{module}")
    _FILLED = True
