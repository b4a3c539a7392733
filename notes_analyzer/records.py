"""The typed records that flow through notes-analyzer, and their JSON codec.

Every stage takes the previous stage's record and returns the next one:

    Note -> NoteAnalysis (sentences, claims, sentiment, stances, catalysts)
         -> Verdicts (one per claim, each with Evidence) -> NoteReport

Records are frozen, slotted, keyword-only dataclasses. ``to_json``/``from_json``
(and ``to_dict``/``from_dict``) round-trip every record without loss.
"""

from __future__ import annotations

import dataclasses
import enum
import json
import types
import typing
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal, TypeVar

__all__ = [
    "CLAIM_KINDS",
    "VERDICT_LABELS",
    "CatalystMention",
    "Claim",
    "ErrorRecord",
    "EntityMention",
    "Evidence",
    "Metric",
    "Note",
    "NoteAnalysis",
    "NoteReport",
    "Observation",
    "Period",
    "Quantity",
    "Sentence",
    "SentenceSentiment",
    "Stance",
    "SupportScore",
    "Verdict",
    "from_dict",
    "from_json",
    "to_dict",
    "to_json",
]

_C = TypeVar("_C", bound=type)


@typing.dataclass_transform(frozen_default=True, kw_only_default=True, field_specifiers=(field,))
def record(cls: _C) -> _C:
    """Make ``cls`` a frozen, slotted, keyword-only dataclass: the shape of every record."""
    return typing.cast(_C, dataclass(frozen=True, slots=True, kw_only=True)(cls))


#: Claim kinds, as defined in DESIGN.md.
CLAIM_KINDS = (
    "return",
    "level",
    "range",
    "count",
    "record",
    "relative",
    "event",
    "valuation",
    "forecast",
    "opinion",
)
ClaimKind = Literal[
    "return", "level", "range", "count", "record", "relative", "event", "valuation", "forecast", "opinion"
]

VERDICT_LABELS = ("supported", "contradicted", "imprecise", "unverifiable", "not_checkable", "pending")
VerdictLabel = Literal["supported", "contradicted", "imprecise", "unverifiable", "not_checkable", "pending"]
#: The labels the data decide (each needs evidence).
JudgedLabel = Literal["supported", "contradicted", "imprecise"]
#: Verdicts that assert something about the data and therefore need evidence.
EVIDENCED_LABELS = frozenset({"supported", "contradicted", "imprecise"})

SentimentLabel = Literal["positive", "negative", "neutral"]
StanceLabel = Literal["bullish", "bearish", "neutral"]
Direction = Literal["up", "down", "flat"]
CatalystDirection = Literal["tailwind", "headwind", "risk"]


# --------------------------------------------------------------------------- ingest


@record
class Note:
    """One market-commentary note, as ingested from a URL or a file."""

    id: str
    text: str
    paragraphs: tuple[str, ...] = ()
    title: str | None = None
    authors: tuple[str, ...] = ()
    published: datetime | None = None
    source: str | None = None
    url: str | None = None
    canonical_url: str | None = None
    language: str | None = None
    path: str | None = None
    format: Literal["html", "pdf", "markdown", "text", "json"] = "text"
    content_hash: str = ""
    fetched_at: datetime | None = None

    @property
    def word_count(self) -> int:
        return len(self.text.split())


# --------------------------------------------------------------------------- nlp


@record
class Sentence:
    """A sentence of a note, with character offsets into ``Note.text``."""

    index: int
    text: str
    start: int
    end: int
    paragraph: int = 0


@record
class Quantity:
    """A figure in a claim: ``value`` (and ``upper`` for ranges) in ``unit``.

    Units: ``percent``, ``bp``, ``pp``, ``points``, ``usd``, ``count``, ``number``.
    ``hedge`` is the writer's qualifier ("about", "nearly", "over", "a meager" …).
    """

    value: float
    unit: str
    text: str
    upper: float | None = None
    hedge: str | None = None


@record
class Period:
    """A period resolved against the note's publication date.

    ``kind``: day, week, month, quarter, year, decade, ytd, since, window, intraday (the session in
    progress when the note was written), unresolved.
    ``start``/``end`` are inclusive calendar dates; ``None`` when unresolved.
    """

    text: str
    kind: str
    start: date | None = None
    end: date | None = None
    resolved: bool = True
    reason: str | None = None


#: ``Period.kind`` of "so far today" in a note written while the US market is open.
INTRADAY = "intraday"


class Metric(enum.StrEnum):
    """What a claim measures (``Claim.metric``): one closed list, compared like the strings it holds."""

    # moves
    RETURN = "return"  # price change, %
    CHANGE = "change"  # a rate's or yield's change in bp/pp
    FROM_PEAK = "from_peak"  # "12.7% below its mid-February high"
    FROM_TROUGH = "from_trough"  # "up 25% from its 2025 low"
    # levels
    CLOSE = "close"
    PRICE = "price"
    LEVEL = "level"
    YIELD = "yield"
    RATE = "rate"
    INFLATION = "inflation"
    UNEMPLOYMENT = "unemployment"
    TARGET_RANGE = "target_range"
    RANGE = "range"
    # counts
    RATE_CUTS = "rate_cuts"
    RATE_HIKES = "rate_hikes"
    BREADTH = "breadth"
    # records and rankings
    RECORD_HIGH = "record_high"
    RECORD_LOW = "record_low"
    BEST_START = "best_start"
    BEST_DECADE = "best_decade"
    BEST_PERIOD = "best_period"
    WORST_PERIOD = "worst_period"
    # events, valuations, forecasts of fundamentals
    EVENT = "event"
    VALUATION_DISCOUNT = "valuation_discount"
    VALUATION_GAP = "valuation_gap"
    PE = "pe"
    PRICE_TO_BOOK = "price_to_book"
    EARNINGS_GROWTH = "earnings_growth"
    GDP_GROWTH = "gdp_growth"
    GROWTH = "growth"


@record
class Claim:
    """A sentence (or clause) that asserts something checkable or forward-looking."""

    id: str
    sentence_index: int
    text: str
    kind: ClaimKind
    subject: tuple[str, ...] = ()
    subject_text: str | None = None
    metric: Metric | None = None
    values: tuple[Quantity, ...] = ()
    direction: Direction | None = None
    period: Period | None = None
    comparator: str | None = None
    comparator_text: str | None = None
    attribution: str | None = None
    hedge: str | None = None
    figure_missing: bool = False
    confidence: float = 1.0
    detail: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        metric: object = self.metric
        if isinstance(metric, str) and not isinstance(metric, Metric):
            try:
                object.__setattr__(self, "metric", Metric(metric))
            except ValueError:
                raise ValueError(f"unknown metric {metric!r} (claim {self.id}); known: "
                                 f"{', '.join(m.value for m in Metric)}") from None


@record
class EntityMention:
    """A span naming a stance target: an instrument of the registry or a sector/segment."""

    sentence_index: int
    start: int
    end: int
    text: str
    target: str
    kind: Literal["instrument", "sector"] = "instrument"


@record
class SentenceSentiment:
    sentence_index: int
    label: SentimentLabel
    probability: float
    scores: dict[str, float] = field(default_factory=dict)


@record
class Stance:
    """Bullish/bearish/neutral toward an instrument or sector, with its sentences."""

    target: str
    label: StanceLabel
    score: float
    mentions: int
    sentence_indices: tuple[int, ...] = ()


@record
class CatalystMention:
    catalyst: str
    group: str
    name: str
    sentence_index: int
    evidence: str
    direction: CatalystDirection
    method: Literal["alias", "embedding"] = "alias"
    #: where the matched words sit in ``evidence`` (start, end), to emphasise them; None for embeddings
    evidence_match: tuple[int, int] | None = None
    score: float = 1.0
    subject: str | None = None


@record
class NoteAnalysis:
    """What the NLP stage read in a note."""

    note_id: str
    sentences: tuple[Sentence, ...] = ()
    claims: tuple[Claim, ...] = ()
    mentions: tuple[EntityMention, ...] = ()
    sentiments: tuple[SentenceSentiment, ...] = ()
    note_sentiment: float = 0.0
    note_sentiment_label: SentimentLabel = "neutral"
    stances: tuple[Stance, ...] = ()
    catalysts: tuple[CatalystMention, ...] = ()
    #: what the NLP stage could not do in full (e.g. "text truncated: …"), in plain words
    warnings: tuple[str, ...] = ()


# --------------------------------------------------------------------------- market / check


@record
class Observation:
    series: str
    date: date
    value: float


@record
class Evidence:
    """What a verdict rests on: series, observations, the computed figure, the tolerance."""

    sentence: str
    series: tuple[str, ...] = ()
    observations: tuple[Observation, ...] = ()
    computed: float | None = None
    computed_text: str | None = None
    tolerance: str | None = None
    proxy: str | None = None


@record
class Verdict:
    claim_id: str
    label: VerdictLabel
    reason: str
    evidence: Evidence | None = None
    checkable_after: date | None = None
    decided_on: date | None = None

    def __post_init__(self) -> None:
        if self.label not in VERDICT_LABELS:
            raise ValueError(f"unknown verdict {self.label!r}; known: {', '.join(VERDICT_LABELS)}")
        if self.label in EVIDENCED_LABELS and (self.evidence is None or not self.evidence.series):
            raise ValueError(f"a {self.label!r} verdict needs evidence naming the series it rests on "
                             f"(claim {self.claim_id})")
        if not self.reason.strip():
            raise ValueError(f"a verdict needs a reason (claim {self.claim_id})")


@record
class SupportScore:
    """Factual support of a note; ``score`` is None when no claim could be checked."""

    score: float | None
    coverage: float
    checkable: int
    total: int
    counts: dict[str, int] = field(default_factory=dict)


@record
class NoteReport:
    note: Note
    analysis: NoteAnalysis
    verdicts: tuple[Verdict, ...] = ()
    support: SupportScore | None = None
    pipeline_version: str = ""
    scored_at: datetime | None = None


@record
class ErrorRecord:
    """A note that could not be processed, and why (batch runs keep going)."""

    input: str
    stage: str
    reason: str


# --------------------------------------------------------------------------- codec

T = TypeVar("T")


def to_dict(obj: Any) -> Any:
    """A record (or nested value) as plain JSON-compatible data."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_dict(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, datetime | date):
        return obj.isoformat()
    if isinstance(obj, tuple | list):
        return [to_dict(v) for v in obj]
    if isinstance(obj, dict):
        return {str(k): to_dict(v) for k, v in obj.items()}
    return obj


def to_json(obj: Any, **kwargs: Any) -> str:
    return json.dumps(to_dict(obj), ensure_ascii=False, **kwargs)


def from_dict(cls: type[T], data: Any) -> T:
    """Rebuild a record of type ``cls`` from ``to_dict`` output."""
    decoded: T = _decode(cls, data)
    return decoded


def from_json(cls: type[T], text: str) -> T:
    return from_dict(cls, json.loads(text))


def _decode(tp: Any, data: Any) -> Any:
    if data is None:
        return None
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        members = [a for a in typing.get_args(tp) if a is not type(None)]
        return _decode(members[0], data) if len(members) == 1 else data
    if origin is Literal:
        return data
    if origin is tuple:
        args = typing.get_args(tp)
        return tuple(_decode(args[0], v) for v in data)
    if origin is dict:
        _, vt = typing.get_args(tp)
        return {k: _decode(vt, v) for k, v in data.items()}
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        hints = _hints(tp)
        names = {f.name for f in dataclasses.fields(tp)}
        return tp(**{k: _decode(hints[k], v) for k, v in data.items() if k in names})
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return tp(data)
    if tp is datetime:
        return datetime.fromisoformat(data)
    if tp is date:
        return date.fromisoformat(data)
    if tp is float and isinstance(data, int):
        return float(data)
    return data


_HINTS: dict[type, dict[str, Any]] = {}


def _hints(tp: type) -> dict[str, Any]:
    if tp not in _HINTS:
        _HINTS[tp] = typing.get_type_hints(tp)
    return _HINTS[tp]
