"""The registry of claim kinds: one module per kind in this package registers itself.

Each module calls :func:`register_kind` with a :class:`KindSpec`: the kind's name, the slot
frame its claims carry (``records.KIND_FRAMES``), the claim slots it reads, its slot parser
(claim → a typed query, or ``CannotCheck``), its checker (query → Verdict) and its own examples
for the conformance test. As in spaCy's registries,
a second registration under a taken name raises, a failed lookup lists the known kinds, and
the registry is filled on first use (importing this package registers nothing).
"""

from __future__ import annotations

import dataclasses
import importlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from notes_analyzer.errors import UnknownClaimKind
from notes_analyzer.records import CLAIM_KINDS, KIND_FRAMES, Claim, Reading, SlotFrame, Verdict

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

    ``frame``: the kind's slot frame (``records.KIND_FRAMES``; None for a kind without one);
    ``slots``: what the checker reads: ``Claim`` fields, ``reading.<slot>`` and ``slots.<slot>``
    (fields of ``frame``). ``parse(claim, ctx)`` reads the slots into a query (raising
    ``CannotCheck`` for a missing or unusable slot); ``check(claim, query, ctx)`` runs it and
    returns the Verdict.
    ``data_backed``: the kind decides against market data (so its examples include supported,
    contradicted and unverifiable); valuation, forecast and opinion do not.
    """

    name: str
    frame: type[SlotFrame] | None
    slots: tuple[str, ...]
    parse: Callable[[Claim, CheckContext], Any]  # -> the kind's own query dataclass
    check: Callable[[Claim, Any, CheckContext], Verdict]
    examples: Callable[[], tuple[KindExample, ...]]
    data_backed: bool = True
    description: str = ""


def register_kind(spec: KindSpec) -> KindSpec:
    """Add ``spec`` to the registry; a different spec under a taken name, a frame that is not the
    kind's, or a slot that names no field raises ValueError."""
    if spec.name not in CLAIM_KINDS:
        raise ValueError(f"kind {spec.name!r} is not one of records.CLAIM_KINDS: {', '.join(CLAIM_KINDS)}")
    if spec.frame is not KIND_FRAMES.get(spec.name):
        raise ValueError(f"kind {spec.name!r} declares frame {spec.frame}, but its claims carry "
                         f"{KIND_FRAMES.get(spec.name)}")
    unknown = [slot for slot in spec.slots if not _names_a_field(slot, spec.frame)]
    if unknown:
        raise ValueError(f"kind {spec.name!r} reads slots that name no field: {', '.join(unknown)}")
    taken = _REGISTRY.get(spec.name)
    if taken is not None and taken is not spec:
        raise ValueError(f"claim kind {spec.name!r} is already registered (by {taken.parse.__module__})")
    _REGISTRY[spec.name] = spec
    return spec


def _names_a_field(slot: str, frame: type[SlotFrame] | None) -> bool:
    """Whether ``slot`` is a Claim field, ``reading.<field>`` or ``slots.<field of frame>``."""
    owner, _, name = slot.rpartition(".")
    record = {"": Claim, "reading": Reading, "slots": frame}.get(owner)
    return record is not None and name in {f.name for f in dataclasses.fields(record)}


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
