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
import functools
import json
import types
import typing
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, ClassVar, Literal, TypeVar

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

__all__ = [
    "CLAIM_KINDS",
    "VERDICT_LABELS",
    "KIND_FRAMES",
    "CatalystMention",
    "Claim",
    "CountSlots",
    "ErrorRecord",
    "EntityMention",
    "EventSlots",
    "Evidence",
    "ForecastSlots",
    "LevelSlots",
    "Metric",
    "Note",
    "NoteAnalysis",
    "NoteReport",
    "Observation",
    "Period",
    "Quantity",
    "Reading",
    "RecordSlots",
    "RelativeSlots",
    "ReturnSlots",
    "Sentence",
    "SentenceSentiment",
    "SlotFrame",
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
    ``start``/``end`` are inclusive calendar dates; ``None`` when unresolved. ``sessions``: the number
    of trading sessions a trailing window counts ("the past two days", "the last three sessions"), which
    stays the same when the window ends a session later.
    """

    text: str
    kind: str
    start: date | None = None
    end: date | None = None
    resolved: bool = True
    reason: str | None = None
    sessions: int | None = None


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
    STREAK = "streak"  # "for the second straight day", "in each of the last three sessions"
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


# --------------------------------------------------------------------------- claim frames
# What ``nlp/`` reads into a claim besides its common fields, typed: one ``Reading`` every claim
# has (how its words move, where the note supplied what the sentence did not), and one slot frame
# per kind with slots of its own (``KIND_FRAMES``). ``check/kinds/<kind>.py`` names the frame it
# reads (``KindSpec.frame``); docs/claims.md lists every slot.

#: How big a move the verb makes it ("rocketed": large, "edged up": small, "flat", else a plain move).
Intensity = Literal["large", "small", "flat", "move"]
#: A way the words go: a rising or a falling word (never flat).
Heading = Literal["up", "down"]
#: Where a level sits against its figure ("above 7,000", "below 4%", "at 2,633").
Bound = Literal["above", "below", "at"]
#: How a relative claim's subject compares with its comparator.
Relation = Literal["outperformed", "underperformed", "contrast"]
#: Whose figure a relative claim's single figure is.
FigureOwner = Literal["subject", "comparator"]


def _check_choices(frame: DataclassInstance) -> None:
    """ValueError when a Literal-typed slot of ``frame`` holds a value outside its choices."""
    for name, choices in _choice_slots(type(frame)):
        value = getattr(frame, name)
        if value is not None and value not in choices:
            raise ValueError(f"{type(frame).__name__}.{name} = {value!r}; expected one of "
                             f"{', '.join(repr(c) for c in choices)}")


@functools.cache
def _choice_slots(tp: type) -> tuple[tuple[str, tuple[object, ...]], ...]:
    """The Literal-typed slots of a frame class and their choices, read once per class."""
    hints = _hints(tp)
    return tuple((f.name, choices) for f in dataclasses.fields(tp) if (choices := _literal_choices(hints[f.name])))


def _literal_choices(tp: Any) -> tuple[object, ...]:
    """The values a ``Literal[...]`` (or ``Literal[...] | None``) hint allows; () for other hints."""
    if typing.get_origin(tp) is Literal:
        return typing.get_args(tp)
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        return tuple(c for a in typing.get_args(tp) for c in _literal_choices(a))
    return ()


@record
class Reading:
    """How a claim's words read (``nlp.reading.read_claim``), and what the note lent the sentence.

    ``intensity``/``verb_direction``/``text_direction``: the verb after the subject's name and the
    sentence's rising and falling words; ``foreign_qualifier``/``comparator_foreign_qualifier``: the
    word that puts a US instrument's name on another market ("European small caps");
    ``subject_from``/``period_from``: where a subject or period the sentence lacks came from
    (``period_from = "fuzzy window"``: the sentence's own period, whose start its words do not fix:
    "since early April"); ``moves_before_subject``: the subject is named, and the sentence's rising and
    falling words all stand before its name or in another leg ("yields continued to rise even while
    stocks were soft": the move is the yields', not the stocks').
    """

    intensity: Intensity | None = None
    verb_direction: Heading | None = None
    text_direction: Heading | None = None
    moves_before_subject: bool = False
    foreign_qualifier: str | None = None
    comparator_foreign_qualifier: str | None = None
    subject_from: Literal["previous sentence", "broad market", "section heading"] | None = None
    period_from: Literal["previous sentence", "note session", "fuzzy window"] | None = None

    def __post_init__(self) -> None:
        _check_choices(self)


@record
class ReturnSlots:
    """A move: from a reference point ("12.7% below its mid-February high"), or told by two levels.

    ``reference``: the extreme named ("mid-february high", "record"); ``at``: the day the move from
    it is measured, when the note names one; ``from_to``: the indices in ``Claim.values`` of a start
    and an end level ("fell from 4.2% to 4.0%"); ``intraday``: the words put the move within a
    session ("reached bear-market territory intraday, down 21% from the high").
    """

    kind: ClassVar[ClaimKind] = "return"
    reference: str | None = None
    at: date | None = None
    from_to: tuple[int, int] | None = None
    intraday: bool = False


@record
class LevelSlots:
    """A level: where it sits against its figure (``bound``), and whether it is stated as a close."""

    kind: ClassVar[ClaimKind] = "level"
    bound: Bound | None = None
    closing: bool = False

    def __post_init__(self) -> None:
        _check_choices(self)


@record
class RecordSlots:
    """A record or ranking: ``since`` ("for the first time since 2023") and ``since_end`` (the end of
    the anchor's own period: "since 2020" is 2020-01-01 to 2020-12-31), ``lookback_years`` ("in over a
    decade" → 10), ``window`` (the calendar window a best start ranks across years: the year to date,
    the first half, a month), ``rank`` (the ranking words, "third-largest one-day gain since"),
    ``rank_unit`` (the period ranked: "one-day", "weekly"), ``rank_sessions`` (a stretch of sessions
    ranked: "worst two-day stretch" → 2, with ``rank_unit`` "day"), ``rank_order`` ("third-largest" → 3),
    ``rank_measure`` (points when the note ranks a points move), ``rank_scope`` (record: over the whole
    history), ``closing`` (a record close)."""

    kind: ClassVar[ClaimKind] = "record"
    since: date | None = None
    since_end: date | None = None
    lookback_years: int | None = None
    window: Literal["ytd", "h1", "month"] | None = None
    rank: str | None = None
    rank_unit: Literal["day", "week", "month", "quarter", "year"] | None = None
    rank_sessions: int | None = None
    rank_order: int | None = None
    rank_measure: Literal["points"] | None = None
    rank_scope: Literal["record"] | None = None
    #: the note says the record was a close ("closed at a record"): on a close-only series a near miss refutes
    closing: bool = False

    def __post_init__(self) -> None:
        _check_choices(self)


@record
class RelativeSlots:
    """A comparison: ``relation``, whose figure a single figure is, and the comparator's direction."""

    kind: ClassVar[ClaimKind] = "relative"
    relation: Relation | None = None
    figure_owner: FigureOwner | None = None
    comparator_direction: Direction | None = None

    def __post_init__(self) -> None:
        _check_choices(self)


@record
class EventSlots:
    """An event: its id in the events table (``models/events.yaml``) and the action words ("passed")."""

    kind: ClassVar[ClaimKind] = "event"
    event: str | None = None
    action: str | None = None


@record
class CountSlots:
    """A count: ``breadth`` when it counts an index's members ("all but two of the 11 sectors rose");
    ``streak_to`` for a run of sessions (metric ``streak``): ``session`` when the run ends with the claim's
    day ("rose for the second straight day"), ``before_session`` when it ends with the close before it
    ("up slightly on Friday after rising in each of the last three sessions")."""

    kind: ClassVar[ClaimKind] = "count"
    breadth: bool = False
    streak_to: Literal["session", "before_session"] | None = None


@record
class ForecastSlots:
    """A forecast, settled as the level or the comparison it names: a level's ``bound`` and ``closing``,
    a comparison's ``relation`` and ``figure_owner``; ``benchmark`` when it compares with one."""

    kind: ClassVar[ClaimKind] = "forecast"
    bound: Bound | None = None
    closing: bool = False
    relation: Relation | None = None
    figure_owner: FigureOwner | None = None
    benchmark: bool = False

    def __post_init__(self) -> None:
        _check_choices(self)


SlotFrame = ReturnSlots | LevelSlots | RecordSlots | RelativeSlots | EventSlots | CountSlots | ForecastSlots
#: The slot frame of each kind that has slots of its own (range, valuation and opinion have none).
KIND_FRAMES: dict[str, type[SlotFrame]] = {
    frame.kind: frame for frame in (ReturnSlots, LevelSlots, RecordSlots, RelativeSlots, EventSlots, CountSlots,
                                    ForecastSlots)}
_F = TypeVar("_F", ReturnSlots, LevelSlots, RecordSlots, RelativeSlots, EventSlots, CountSlots, ForecastSlots)


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
    reading: Reading = field(default_factory=Reading)
    #: the kind's slot frame (``KIND_FRAMES``): an empty one when not given; None for a kind without
    slots: SlotFrame | None = None

    def __post_init__(self) -> None:
        metric: object = self.metric
        if isinstance(metric, str) and not isinstance(metric, Metric):
            try:
                object.__setattr__(self, "metric", Metric(metric))
            except ValueError:
                raise ValueError(f"unknown metric {metric!r} (claim {self.id}); known: "
                                 f"{', '.join(m.value for m in Metric)}") from None
        frame = KIND_FRAMES.get(self.kind)
        if self.slots is None and frame is not None:
            object.__setattr__(self, "slots", frame())
        elif self.slots is not None and type(self.slots) is not frame:
            raise ValueError(f"a {self.kind} claim takes {frame.__name__ if frame else 'no slot frame'}, "
                             f"not {type(self.slots).__name__} (claim {self.id})")

    def slots_as(self, frame: type[_F]) -> _F:
        """The claim's slot frame as ``frame``, its kind's; TypeError for a claim of another kind."""
        if not isinstance(self.slots, frame):
            raise TypeError(f"claim {self.id!r} is a {self.kind} claim: its slots are not {frame.__name__}")
        return self.slots


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
    method: Literal["alias", "embedding", "head"] = "alias"
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


def _decode(tp: Any, data: Any, kind: object = None) -> Any:
    """``data`` as a value of type ``tp``; ``kind`` (the enclosing record's) picks a claim's slot frame."""
    if data is None:
        return None
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        members = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(members) == 1:
            return _decode(members[0], data)
        if not all(m in KIND_FRAMES.values() for m in members):
            return data
        frame = next((m for m in members if m.kind == kind), None)
        if frame is None:
            raise ValueError(f"a {kind} claim has no slot frame, but slots {data!r} were given")
        unknown = set(data) - {f.name for f in dataclasses.fields(frame)}
        if unknown:  # a misspelt slot would otherwise vanish
            raise ValueError(f"{frame.__name__} has no slot {', '.join(sorted(unknown))}")
        return _decode(frame, data)
    if origin is Literal:
        return data
    if origin is tuple:
        args = typing.get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_decode(args[0], v) for v in data)
        if len(args) != len(data):
            raise ValueError(f"expected {len(args)} values, got {data!r}")
        return tuple(_decode(a, v) for a, v in zip(args, data, strict=True))
    if origin is dict:
        _, vt = typing.get_args(tp)
        return {k: _decode(vt, v) for k, v in data.items()}
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        hints = _hints(tp)
        names = {f.name for f in dataclasses.fields(tp)}
        return tp(**{k: _decode(hints[k], v, data.get("kind")) for k, v in data.items() if k in names})
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
