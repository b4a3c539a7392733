"""Claims: which sentences (or clauses) assert something, of which kind, with which slots.

Rules find and structure claims (lexical cues, the figures of ``quantities``, the periods of
``periods`` and the instrument mentions of ``entities``); the trained :class:`ClaimHead`
(MiniLM embeddings + rule features, scikit-learn, saved with skops) scores check-worthiness and
gates the weakest rule (opinions). Slots follow docs/claims.md.
"""

from __future__ import annotations

import functools
import json
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Literal

import numpy as np

from notes_analyzer.config import utc_today
from notes_analyzer.errors import ModelLoadError
from notes_analyzer.nlp.context import INHERITS_PERIOD, NoteContext
from notes_analyzer.nlp.lexicon import Lexicon
from notes_analyzer.nlp.periods import (
    INTRADAY,
    NUMBER_WORDS,
    FoundPeriod,
    find_periods,
    mentions_period,
    previous_session,
    roll_forward,
)
from notes_analyzer.nlp.quantities import HEDGES, FoundQuantity, find_quantities
from notes_analyzer.nlp.reading import levels_pair, read_claim
from notes_analyzer.nlp.syntax import SentenceSyntax
from notes_analyzer.records import (
    Bound,
    Claim,
    ClaimKind,
    CountSlots,
    EntityMention,
    EventSlots,
    LevelSlots,
    Period,
    Quantity,
    Reading,
    RecordSlots,
    Relation,
    RelativeSlots,
    ReturnSlots,
    Sentence,
)

log = logging.getLogger(__name__)

__all__ = ["ClaimHead", "claim_features", "extract_claims"]

#: Claims with nothing to measure (opinions, figure-less forecasts and moves) need at least this
#: check-worthiness from the head to be kept (chosen on the dev set: it costs no recall there).
WEAK_CLAIM_MIN_PROBABILITY = 0.1
#: A count of rate moves with no period, in a note from the first quarter: the previous year.
COUNT_DEFAULT_LAST_MONTH = 3

LEVEL_METRICS = (("yield", "yield"), ("inflation", "inflation"), ("cpi", "inflation"), ("prices", "inflation"),
                 ("unemployment", "unemployment"), ("jobless", "unemployment"))
METRIC_WORDS = [("earnings growth", "earnings_growth"), ("earnings", "earnings_growth"),
                ("rate cut", "rate_cuts"), ("rate hike", "rate_hikes"), ("inflation", "inflation"),
                ("gdp", "gdp_growth"), ("growth", "growth"), ("yield", "yield"), ("unemployment", "unemployment")]
FED_ID = "FEDFUNDS_TARGET"
#: Most characters between the Fed's name and its action verb ("The Federal Reserve held rates …").
FED_ACTION_WINDOW = 60
#: Most characters between a forecast break (the lexicon's ``forecast_break``) and the next forecast cue
#: ("…, and we expect").
FORECAST_CUE_GAP = 12
#: Record metrics that rank one period's move against every such period (``check/ranking.py``).
RANKING_METRICS = ("best_period", "worst_period")
#: An undated price record ("gold hit a record high") is one set in this many days before the note.
RECENT_RECORD_DAYS = 7
#: How far before a rank cue its ordinal may stand ("2nd-Biggest Gain": the cue starts at "Biggest").
RANK_ORDINAL_CHARS = 12
#: How far after "for the first time" the period that scopes it may start ("since March", "in five years").
FIRST_TIME_SCOPE_CHARS = 8
#: A time expression starting at most this far after a figure is the figure's own.
FOLLOWING_PERIOD_CHARS = 30
#: Series quoted as rates: "rose 2.7%" is their level (docs/claims.md: level/inflation, unemployment).
RATE_LEVEL_SERIES = {"CPI": "inflation", "CORE_CPI": "inflation", "UNRATE": "unemployment"}
#: A move told as a multiple ("more than doubled": +100%), read by nlp.quantities as its % figure.
MULTIPLE_MOVES = frozenset({"doubled", "tripled", "quadrupled"})
#: Series whose move is told as a count of jobs ("payrolls rose by 228,000", "added 228,000 jobs").
JOB_COUNT_SERIES = frozenset({"PAYEMS"})
#: A count that is a number of jobs: "228,000 jobs", "228K new positions", or a bare "by 228,000".
JOB_COUNT_TEXT = re.compile(r"[\d,.]+(?:\s?(?:thousand|k))?"
                            r"(?:\s(?:new\s|nonfarm\s|non-farm\s)?(?:jobs|positions|workers))?", re.IGNORECASE)
NOT_SOURCES = frozenset({"nobody", "everybody", "everyone", "few", "many", "some", "it", "this", "that", "they", "we",
                         "he", "she", "one", "which", "who", "investors", "markets", "market", "the"})
#: Most characters between a comparison cue and the comparator's name ("in contrast to the tech-heavy").
COMPARATOR_GAP = 30


# ----------------------------------------------------------------------------- context


@dataclass
class _Sent:
    """One sentence's cues, computed once and read by every kind rule."""

    text: str
    index: int
    quantities: list[FoundQuantity]
    periods: list[FoundPeriod]
    mentions: list[EntityMention]  # instrument mentions, offsets relative to the sentence
    published: date | None
    lexicon: Lexicon
    events: tuple[tuple[str, str], ...] = ()
    used: set[int] = field(default_factory=set)  # indices of quantities already claimed
    #: spans of subjects outside the registry (a company, a basket, a foreign economy): models/lexicon.yaml
    foreign: tuple[tuple[int, int], ...] = ()
    #: what the dependency parse says about each figure (nlp/syntax.py); None without a parse
    syntax: SentenceSyntax | None = None
    #: the note's title: its present-tense moves ("Dollar Slumps") are the note's session's
    headline: bool = False

    def figures(self, *units: str) -> list[tuple[int, FoundQuantity]]:
        return [(i, q) for i, q in enumerate(self.quantities)
                if q.quantity.unit in units and i not in self.used]


def _main_period(s: _Sent, *, lookback: bool = False) -> Period | None:
    """The sentence's first period that is not a record lookback ("in over a decade") or a ranking's anchor."""
    for p in s.periods:
        if lookback or not (_is_lookback(p, s.lexicon) or _is_rank_anchor(s, p)):
            return p.period
    return None


#: How far before a "since …" a ranking's words are looked for ("the best weekly gain since 2022").
RANK_ANCHOR_CHARS = 60


def _is_rank_anchor(s: _Sent, p: FoundPeriod) -> bool:
    """Whether ``p`` ("since 2022") is what a ranking ranks since, not a move's period."""
    return p.period.text.lower().startswith("since") and s.lexicon.pattern("rank_anchor").search(
        s.text, max(0, p.start - RANK_ANCHOR_CHARS), p.start) is not None


def _clause_period(s: _Sent, pos: int) -> Period | None:
    """The period in the same clause as ``pos`` (clauses split at subordinators), if any."""
    bounds = [0, *(m.start() for m in s.lexicon.cue("clause_break").finditer(s.text)), len(s.text) + 1]
    lo = max(b for b in bounds if b <= pos)
    hi = min(b for b in bounds if b > pos)
    near = [p for p in s.periods if lo <= p.start < hi and not _is_lookback(p, s.lexicon) and not _is_rank_anchor(s, p)
            and not _dates_a_price(s, p, pos) and not _dates_a_reference(s, p)
            and not _ranked_noun_after_close(s, p, pos)]
    frame = s.syntax.at(pos) if s.syntax is not None else None
    if frame is not None and any(frame.in_clause(p.start) for p in near):
        near = [p for p in near if frame.in_clause(p.start)]  # "…, which had fallen 2% on Monday, rose 1%": not Monday
    # the time words closest to the figure: "gave back last week's gains and closed …, down 0.9% on the week"
    # time words just after a figure belong to it ("reaching $61.84 a barrel on Wednesday")
    return min(near, key=lambda p: (not 0 <= p.start - pos <= FOLLOWING_PERIOD_CHARS,
                                    min(abs(p.start - pos), abs(p.end - pos)))).period if near else None


def _dates_a_price(s: _Sent, p: FoundPeriod, pos: int) -> bool:
    """Whether ``p`` only dates a price other than the figure at ``pos`` ("$1.80 (Nov 2008)", ``cues.price_date``):
    the end of a window, not another figure's period."""
    m = s.lexicon.cue("price_date").search(s.text, max(0, p.start - 30), p.start)
    return m is not None and m.start() != pos and s.text[p.end:p.end + 2].lstrip().startswith(")")


#: How far before a figure its closing verb is looked for ("settled 1.3% lower").
CLOSE_VERB_CHARS = 25


def _ranked_noun_after_close(s: _Sent, p: FoundPeriod, pos: int) -> bool:
    """Whether ``p`` is a ranked move noun ("its first back-to-back weekly loss since October 2023", the lexicon's
    ``rank_anchor`` before it) after a figure told with a closing verb ("settled 1.3% lower and recorded …"): the
    figure is the session's close, the week the ranking's ("fell 9% and posted its worst weekly loss" keeps it)."""
    if p.start <= pos or p.period.kind not in ("week", "month"):
        return False
    ranked = s.lexicon.pattern("rank_anchor").search(s.text, max(0, p.start - RANK_ANCHOR_CHARS), p.start)
    closing = s.lexicon.reading("closing").search(s.text, max(0, pos - CLOSE_VERB_CHARS), pos)
    return ranked is not None and closing is not None


def _dates_a_reference(s: _Sent, p: FoundPeriod) -> bool:
    """Whether ``p`` names the day of a move's starting point ("bounced back from yesterday's sharp selloff",
    ``cues.reference_day``), not the period of the move."""
    return (s.text[p.end:p.end + 2] in ("'s", "’s")
            and s.lexicon.cue("reference_day").search(s.text, max(0, p.start - 12), p.start) is not None)


def _sole_period(s: _Sent, pos: int) -> Period | None:
    """The sentence's one time expression, stated before the figure at ``pos`` ("Blue chips led in
    January as the Dow rallied 4.7%": the figure's clause names none, the frame set up front is the
    only one) — unless the sentence points elsewhere ("over the same stretch")."""
    periods = [p for p in s.periods if not _is_lookback(p, s.lexicon) and not _is_rank_anchor(s, p)]
    if len(periods) != 1 or periods[0].start > pos or s.lexicon.cue("same_frame").search(s.text):
        return None
    return periods[0].period


def _is_lookback(p: FoundPeriod, lexicon: Lexicon) -> bool:
    """Whether ``p`` is a record's lookback ("in over a decade"), not a recent window ("the past five years")."""
    return p.period.kind == "window" and bool(lexicon.cue("lookback_span").search(p.period.text)) \
        and not lexicon.cue("lookback_not").search(p.period.text)


def _lookback_years(s: _Sent) -> tuple[int | None, str | None]:
    for p in s.periods:
        if _is_lookback(p, s.lexicon) and p.period.start and p.period.end:
            years = p.period.end.year - p.period.start.year
            m = s.lexicon.cue("lookback_hedge").search(p.period.text)
            return years, (HEDGES[m.group(1).lower()] if m else None)
    return None, None


def _subject_near(s: _Sent, pos: int, exclude: str | None = None) -> EntityMention | None:
    """The subject of the figure at ``pos``: the registry mention in its verb's grammatical subject
    (the parse), none when that subject is one outside the registry; where the parse does not tell,
    the instrument mention closest before ``pos`` (else the first after it), None when the nearest
    subject before ``pos`` is one outside the registry ("Monolithic Power Systems (MPWR) added 10%,
    the best of any S&P 500 stock" is about the company, not the index)."""
    parsed, mention = _parsed_subject(s, pos, exclude)
    if parsed:
        return mention
    foreign = [f for f in s.foreign if f[0] < pos]
    cands = [m for m in s.mentions if m.target != exclude and not _qualified(s, m)]
    leg_break = s.lexicon.cue("leg_break")  # words that start another leg ("… while the Nasdaq rose 1%")
    if foreign and foreign[0][0] <= SENTENCE_SUBJECT_AT and not leg_break.search(s.text, foreign[0][1], pos) \
            and not any(foreign[0][1] <= m.start and m.end <= pos
                        and s.lexicon.pattern("own_clause").search(s.text, foreign[0][1], m.start) for m in cands):
        return None  # "Shares of Newmont (NEM), the largest gold producer, jumped 7.9%": the company's move
    before = [m for m in cands if m.end <= pos]
    if foreign and (not before or foreign[-1][0] >= before[-1].start):
        return None
    if before:
        return before[-1]
    after = cands[0] if cands and not s.foreign else None
    if after is not None and (leg_break.search(s.text, pos, after.start) or after.start - pos > SUBJECT_AFTER_CHARS):
        return None  # "Stocks fell 1.2%, and the Dow added 0.4%": the Dow is the next leg's subject
    return after


def _parsed_subject(s: _Sent, pos: int, exclude: str | None = None) -> tuple[bool, EntityMention | None]:
    """(whether the parse tells, the mention) for the figure at ``pos``: the registry mention inside its
    verb's subject (the subject nearest the verb first; the one on the subject's head word first), or
    no subject when the verb's subject is a foreign one ("Shares of Apple, which is in the S&P 500,
    fell 3%"); (False, None) when the parse gives no subject or one that names nothing known."""
    frame = s.syntax.at(pos) if s.syntax is not None else None
    if frame is None or not frame.subjects:
        return False, None
    cands = [m for m in s.mentions if m.target != exclude and not _qualified(s, m)]
    for subject in reversed(frame.subjects):
        inside = [m for m in cands if subject.names(m.start, m.end)]
        if inside:
            head = next((m for m in inside if m.start < subject.head[1] and subject.head[0] < m.end), None)
            return True, head or inside[-1]
    if any(start < subject.end and subject.start < end for start, end in s.foreign for subject in frame.subjects):
        return True, None
    if any(sub.describes(m.start, m.end) for m in cands for sub in frame.subjects):
        return True, None  # "Apple, the largest stock in the S&P 500, fell 3%": a name that only describes the subject
    return False, None


#: A subject named after its figure is this close to it ("a record high for the S&P 500"), or none.
SUBJECT_AFTER_CHARS = 45
#: A foreign subject this near the sentence's start is its grammatical subject.
SENTENCE_SUBJECT_AT = 3
#: "China's first-quarter GDP": at most this many plain words between a foreign subject and a
#: registry name make the name part of the foreign subject's phrase.
FOREIGN_PHRASE_WORDS = 3


def _qualified(s: _Sent, mention: EntityMention) -> bool:
    """Whether a registry name belongs to a foreign subject's phrase ("any S&P 500 stock", "China's GDP"),
    or only names an episode ("during the 2022 inflation shock")."""
    if s.lexicon.cue("episode_noun").match(s.text, mention.end):
        return True
    for start, end in s.foreign:
        if start <= mention.start < end:
            return True
        gap = s.text[end:mention.start]
        if 0 <= mention.start - end and re.fullmatch(r"[\s\w'’\"“”-]*", gap) and not re.search(r"\d", gap) \
                and len(gap.split()) <= FOREIGN_PHRASE_WORDS and not _any_move(gap, s.lexicon) \
                and not s.lexicon.cue("phrase_break").search(gap):
            return True
    return False


def _parsed_direction(s: _Sent, pos: int) -> str | None:
    """The direction of the move word governing the figure at ``pos`` in the parse, if any."""
    frame = s.syntax.at(pos) if s.syntax is not None else None
    return frame.direction if frame is not None else None


def _direction_near(s: _Sent, pos: int, since: int = 0) -> str | None:
    """Direction of the movement word closest before ``pos`` (within the clause, and after ``since``)."""
    window = s.text[max(0, pos - 60, since):pos]
    best: tuple[int, str] | None = None
    up, down, flat = _moves(s.lexicon)
    for regex, label in ((up, "up"), (down, "down"), (flat, "flat")):
        for m in regex.finditer(window):
            if best is None or m.start() > best[0]:
                best = (m.start(), label)
    return best[1] if best else None


def _metric_word(text: str, default: str, table: Sequence[tuple[str, str]] | None = None) -> str:
    lowered = text.lower()
    return next((metric for word, metric in (table or METRIC_WORDS) if word in lowered), default)


def _attribution(text: str, lexicon: Lexicon) -> str | None:
    m = lexicon.cue("attribution").search(text) or lexicon.cue("according").search(text)
    who = m.group("who").strip() if m else None
    return None if who is None or who.split()[0].lower() in NOT_SOURCES else who


def _comparator(s: _Sent) -> EntityMention | None:
    """The instrument right after a comparison cue ("versus the S&P 500", "outpace the S&P 500")."""
    for cue in s.lexicon.cue("compare").finditer(s.text):
        # "Small caps lagged, with the Russell 2000 up 4.1%": a name in a clause of its own is no object of the cue
        after = [m for m in s.mentions if 0 <= m.start - cue.end() <= COMPARATOR_GAP
                 and not s.lexicon.pattern("own_clause_opener").search(s.text, cue.end(), m.start)]
        if after:
            return after[0]
    return None


def _claim(s: _Sent, kind: ClaimKind, **slots: Any) -> Claim:
    values: tuple[Quantity, ...] = tuple(slots.pop("values", ()))
    hedge = slots.pop("hedge", None) or next((v.hedge for v in values if v.hedge), None)
    subject = slots.pop("subject", None)
    return Claim(id="", sentence_index=s.index, text=s.text, kind=kind,
                 subject=(subject.target,) if isinstance(subject, EntityMention) else tuple(subject or ()),
                 subject_text=subject.text if isinstance(subject, EntityMention) else None,
                 values=values, hedge=hedge, attribution=_attribution(s.text, s.lexicon), **slots)


# ----------------------------------------------------------------------------- kind rules


def _moves(lexicon: Lexicon) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """The lexicon's words of a rise, a fall and no move (``reading.up``/``down``/``flat``)."""
    return lexicon.reading("up"), lexicon.reading("down"), lexicon.reading("flat")


def _any_move(text: str, lexicon: Lexicon) -> bool:
    return any(regex.search(text) for regex in _moves(lexicon))


def _direction_after(text: str, lexicon: Lexicon) -> str | None:
    """Direction of the first movement word in ``text`` (what a forecast expects)."""
    up, down, flat = _moves(lexicon)
    best = [(m.start(), label) for regex, label in ((up, "up"), (down, "down"), (flat, "flat"))
            for m in [regex.search(text)] if m]
    return min(best)[1] if best else None


def _as_level(q: Quantity) -> Quantity:
    """A bare number in a level or price target is index points."""
    return replace(q, unit="points") if q.unit == "number" else q


def _forecast_period(s: _Sent) -> Period | None:
    """The period a forecast is about: a target day, else a year/quarter/month ("this year" in full).

    A forecast looks ahead: a yearless month, quarter or half already over at publication is the
    next one ("by the end of March" in January), and a period still ahead (the horizon) wins over a
    baseline behind it ("a gain of 18% from today's level")."""
    this_year = next((p.period for p in s.periods if p.period.kind == "ytd" and "this" in p.period.text.lower()), None)
    if this_year is not None and this_year.start:
        return replace(this_year, kind="year", end=date(this_year.start.year, 12, 31))
    periods = [roll_forward(p.period, s.published) for p in s.periods if not _is_lookback(p, s.lexicon)]
    ahead = [p for p in periods if s.published and p.end is not None and p.end > s.published]
    for pool in (ahead, periods):
        for kinds in (("day",), ("year", "quarter", "month", "half")):
            found = next((p for p in pool if p.kind in kinds), None)
            if found is not None:
                return found
    return _main_period(s)


def _forecast_metric(after: str, text: str, values: list[Quantity], lexicon: Lexicon) -> str:
    fed = lexicon.cue("fed")
    if any(v.upper is not None for v in values) and fed.search(text):
        return "target_range"
    moves = next((m for v in values if v.unit == "count" and (m := lexicon.cue("rate_moves").search(v.text))), None)
    if moves is not None:  # "two more cuts by June", "at least two more hikes"
        return "rate_cuts" if moves["move"].lower().startswith("cut") else "rate_hikes"
    verb = lexicon.pattern("rate_move_verb").search(after)
    if verb and fed.search(text):  # "the Fed will likely cut rates twice more"
        return "rate_cuts" if verb["cut"] else "rate_hikes"
    if values and values[0].unit in ("points", "usd", "number") and lexicon.cue("forecast_level_verb").search(after):
        return "price" if values[0].unit == "usd" else "close"  # "the VIX to fall to 20 by June": a level
    lead = lexicon.cue("forecast_that").sub("", after)  # "forecast is that …": what follows is forecast
    # "…, as unemployment edges higher" is not what is forecast
    clause = lexicon.cue("clause_break").split(lead, maxsplit=1)[0]
    record = lexicon.cue("record").search(clause)
    if record and _record_metric(record.group("rec"), lexicon, clause[record.end():]) in ("record_high", "record_low"):
        return _record_metric(record.group("rec"), lexicon)  # "will be back at a record high by the end of February"
    if values and values[0].unit == "percent" and lexicon.cue("fed_rate").search(clause):
        return "rate"  # "the federal funds rate to be below 3%": a level of the policy rate
    return _metric_word(clause, _metric_word(text, "return"))


def _fed_mention(s: _Sent) -> EntityMention | list[str]:
    return next((m for m in s.mentions if m.target == FED_ID), [FED_ID])


def _forecast(s: _Sent) -> list[Claim]:
    lex = s.lexicon
    m = lex.cue("forecast").search(s.text)
    if not m or lex.cue("not_forecast").search(s.text) or lex.cue("view").search(s.text) or _reported_move_first(s, m):
        return []
    claims = [c for lo, hi in _forecast_segments(s.text, m, lex)
              if _measurable(c := _one_forecast(_segment(s, lo, hi), lo, hi)) or _explicit_call(s, lo, hi)]
    if claims:
        s.used.update(range(len(s.quantities)))
    return claims


def _reported_move_first(s: _Sent, cue: re.Match[str]) -> bool:
    """Whether every figure comes before the forecast cue and the first one's verb is a past-tense move
    whose clause the cue is outside ("Oil fell 1% to $50.42 amid speculation that shale output will
    counter OPEC's cuts": a move that happened, not a forecast)."""
    if not s.quantities or s.syntax is None or any(q.start > cue.start() for q in s.quantities):
        return False
    frame = s.syntax.at(s.quantities[0].start)
    return frame is not None and frame.verb_text is not None and not frame.in_clause(cue.start()) \
        and s.lexicon.cue("past_move").match(frame.verb_text) is not None


#: Forecast metrics that are measurable without a named instrument: macro series and a company's figures.
MEASURABLE_WITHOUT_SUBJECT = frozenset({"earnings_growth", "rate_cuts", "rate_hikes", "target_range", "rate",
                                        "inflation", "gdp_growth", "unemployment"})




def _explicit_call(s: _Sent, lo: int, hi: int) -> bool:
    """The note's own call, kept as a forecast claim even with nothing the data can settle (unverifiable)."""
    return s.lexicon.pattern("explicit_call").search(s.text, lo, hi) is not None


def _measurable(claim: Claim) -> bool:
    """A forecast needs something to measure: an instrument of the registry, a figure, or a Fed move.
    "The first step will be the transfer of assets" and "prices of cosmetics are likely to rise"
    forecast nothing: they are not claims."""
    if claim.subject:
        return True
    return claim.metric in MEASURABLE_WITHOUT_SUBJECT and (bool(claim.values) or claim.metric.startswith("rate_"))


def _forecast_segments(text: str, first: re.Match[str], lexicon: Lexicon) -> list[tuple[int, int]]:
    """"we expect A, we expect B, and we expect C" / "our forecast is that A, and that B": one span per
    forecast. A span after the first starts at a clause break and holds its own cue (or is a "that" clause)."""
    starts = [0]  # the first forecast also owns what comes before its cue ("earnings growth … projected")
    for brk in lexicon.cue("forecast_break").finditer(text, first.end()):
        rest = text[brk.end():]
        nxt = lexicon.cue("forecast").search(rest)
        if rest.lower().startswith("that ") or (nxt and nxt.start() <= FORECAST_CUE_GAP):
            starts.append(brk.end())
    return [(lo, hi) for lo, hi in zip(starts, [*starts[1:], len(text)], strict=True)]


def _segment(s: _Sent, lo: int, hi: int) -> _Sent:
    """The cues of the sentence that fall inside ``lo…hi`` (offsets stay the sentence's)."""
    return _Sent(text=s.text, index=s.index, quantities=[q for q in s.quantities if lo <= q.start < hi],
                 periods=[p for p in s.periods if lo <= p.start < hi],
                 mentions=[m for m in s.mentions if lo <= m.start < hi], published=s.published, lexicon=s.lexicon,
                 events=s.events,
                 foreign=tuple(f for f in s.foreign if lo <= f[0] < hi), syntax=s.syntax)


def _one_forecast(s: _Sent, lo: int, hi: int) -> Claim:
    cue = s.lexicon.cue("forecast").search(s.text, lo, hi)
    start = cue.start() if cue else lo
    after = s.text[start:hi]
    comparator = _comparator(s)
    subject: EntityMention | list[str] | None = _subject_near(s, start,
                                                              exclude=comparator.target if comparator else None)
    if isinstance(subject, EntityMention) and comparator is not None and subject.start > comparator.start:
        subject = None
    values = [_as_level(q.quantity) for _, q in s.figures("percent", "bp", "pp", "points", "usd", "count", "number")]
    metric = _forecast_metric(after, s.text[lo:hi], values, s.lexicon)
    direction = _direction_after(after, s.lexicon)
    if metric in ("rate_cuts", "rate_hikes"):
        subject, direction = _fed_mention(s), ("down" if metric == "rate_cuts" else "up")
        times = s.lexicon.pattern("times_word").search(after)
        if times is not None and not any(v.unit == "count" for v in values):  # "will cut rates twice this year"
            count = float(s.lexicon.mapping("times_words")[times.group(0).lower()])
            values = [Quantity(value=count, unit="count", text=times.group(0)), *values]
    return _claim(s, "forecast", subject=subject, metric=metric, values=values, period=_forecast_period(s),
                  direction=direction, comparator=comparator.target if comparator else None,
                  comparator_text=comparator.text if comparator else None)


def _ranges(s: _Sent) -> list[Claim]:
    out = []
    for i, q in s.figures("percent", "bp", "points", "usd"):
        if q.quantity.upper is None:
            continue
        s.used.add(i)
        fed = bool(s.lexicon.cue("fed").search(s.text)) or any(m.target == FED_ID and not _qualified(s, m)
                                                               for m in s.mentions)
        subject = [FED_ID] if fed else ([m.target for m in s.mentions if not _qualified(s, m)][:1])
        lead = s.text[max(0, q.start - RANGE_VERB_WINDOW):q.start]
        # "cut in September, October and December, leaving the range at …": the range after the last move
        out.append(_claim(s, "range", subject=subject, metric="target_range" if fed else "range",
                          values=[q.quantity], period=_clause_period(s, q.start) or _main_period(s),
                          direction=_range_direction(lead, s.lexicon)))
    return out


def _range_direction(text: str, lexicon: Lexicon) -> str | None:
    """Held/kept the range → flat; lowered/cut it → down; raised → up; a quoted range → None."""
    if lexicon.cue("range_held").search(text):
        return "flat"
    if lexicon.cue("range_lowered").search(text):
        return "down"
    return "up" if lexicon.cue("range_raised").search(text) else None


def _count_period(s: _Sent) -> Period | None:
    period = _main_period(s)
    if period is not None or s.published is None:
        return period
    if s.published.month <= COUNT_DEFAULT_LAST_MONTH and s.lexicon.cue("past_tense").search(s.text):
        year = s.published.year - 1
        return Period(text="(previous year: a completed cycle in an early-year note)", kind="year",
                      start=date(year, 1, 1), end=date(year, 12, 31))
    return None


def _counts(s: _Sent) -> list[Claim]:
    out = []
    for i, q in s.figures("count"):
        rate_move = s.lexicon.cue("rate_move")
        move = rate_move.search(q.quantity.text) or rate_move.search(s.text[q.end:q.end + 20]) \
            or s.lexicon.cue("rate_verb").search(s.text[max(0, q.start - 30):q.start])
        if not move:
            continue
        s.used.add(i)
        hike = move.group("move").lower().startswith(("hike", "increase", "raise", "lift"))
        out.append(_claim(s, "count", subject=[FED_ID], metric="rate_hikes" if hike else "rate_cuts",
                          values=[q.quantity], period=_count_period(s), direction="up" if hike else "down"))
    return out


@functools.lru_cache(maxsize=8)
def _event_regex(events: tuple[tuple[str, str], ...]) -> tuple[re.Pattern[str], dict[str, str]] | None:
    """One regex over every event alias (longest first), and alias → event id."""
    if not events:
        return None
    ids = {alias.lower(): event_id for alias, event_id in events}
    alternatives = "|".join(re.escape(a) for a in sorted(ids, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE), ids


def _event_id(text: str, events: tuple[tuple[str, str], ...]) -> str | None:
    compiled = _event_regex(events)
    if compiled is None:
        return None
    regex, ids = compiled
    m = regex.search(text)
    return ids[m.group(0).lower()] if m else None


def _fed_event(s: _Sent) -> list[Claim]:
    """"The Fed cut/held rates on December 10" / "at its January meeting": a dated policy decision."""
    lex = s.lexicon
    action = lex.cue("fed_action").search(s.text)
    # the decision's date: in the action's clause, else the sentence's first day or month unless the action
    # is told in a "when" clause of another time ("the first since last December …, when the Fed cut
    # rates to near zero": the cut is the crisis's, not December's)
    period = _clause_period(s, action.start()) if action is not None else None
    if period is None and action is not None and not lex.cue("background_when").search(s.text, 0, action.start()):
        period = next((p.period for p in s.periods if p.period.kind in ("day", "month")), None)
    period = period if period is not None and period.kind in ("day", "month") else None
    if action is None or period is None or lex.cue("forecast").search(s.text) or not _fed_acts(s.text, action, lex):
        return []
    if any(_foreign_owned(s, bank.start()) for bank in lex.cue("central_bank").finditer(s.text)):
        return []  # "China's central bank cut rates by 10 basis points": another economy's
    verb = action.group("action").lower()
    qt = lex.cue("quantitative_tightening")  # its words written lowercase, "QT" as written
    if qt.search(s.text.lower()) or qt.search(s.text):
        event, subject, direction = ("qt_end" if verb in ("ended", "halted", "stopped") else "qt"), [], None
    else:
        direction = _range_direction(s.text, lex) or ("down" if verb in ("cut", "lowered", "trimmed") else None)
        event = {"down": "fomc_cut", "up": "fomc_hike", "flat": "fomc_hold"}.get(direction or "", "fomc")
        subject = [FED_ID]
    values = []
    for i, q in s.figures("bp", "percent", "pp"):
        s.used.add(i)
        values.append(q.quantity)
    return [_claim(s, "event", subject=subject, metric="event", values=values, period=period, direction=direction,
                   slots=EventSlots(event=event, action="held" if direction == "flat" else verb))]


def _fed_acts(text: str, action: re.Match[str], lexicon: Lexicon) -> bool:
    """Whether the Fed (or "the central bank") is named near the action verb, in its clause: "the 10-year
    yield ended January at 4.26% …, as issuance offset the Fed's dovish tilt" is no Fed decision."""
    for actor in (*lexicon.cue("fed").finditer(text), *lexicon.cue("central_bank").finditer(text)):
        lo, hi = sorted((actor.start(), action.start()))
        if hi - lo <= FED_ACTION_WINDOW and not lexicon.cue("clause_break").search(text[lo:hi]):
            return True
    return False


def _dated_event(s: _Sent) -> list[Claim]:
    """"The shutdown that began on October 1": something that happened on a given day."""
    action = s.lexicon.cue("generic_event").search(s.text)
    period = next((p.period for p in s.periods if p.period.kind == "day"), None)
    if action is None and (act := s.lexicon.cue("legislation").search(s.text)):
        action = act
        period = period or next((p.period for p in s.periods if p.period.kind in ("month", "year")), None)
    if action is None or period is None or s.mentions or s.quantities:
        return []  # "the index ended Tuesday at 2,633" is a level, not an event
    return [_claim(s, "event", metric="event", period=period,
                   slots=EventSlots(action=action.group("action").lower().split()[-1]))]


def _events(s: _Sent) -> list[Claim]:
    event_id = _event_id(s.text, s.events)
    verb = s.lexicon.cue("event_verbs").search(s.text)
    if event_id is None or verb is None:
        return _fed_event(s) or _dated_event(s)
    values = []
    for i, q in s.figures("percent", "usd"):
        s.used.add(i)
        values.append(q.quantity)
    event_slots = EventSlots(event=event_id, action=verb.group("action").lower())
    lo, hi = _clause_bounds(s.text, verb.start(), s.lexicon)
    period = next((p.period for p in s.periods if p.period.kind in ("month", "day", "year") and lo <= p.start < hi),
                  None)  # "Apple rose on Monday, after Trump announced tariffs earlier this month": the month
    return [_claim(s, "event", metric="event", values=values, period=period, slots=event_slots)]


def _clause_bounds(text: str, at: int, lexicon: Lexicon) -> tuple[int, int]:
    """The clause of ``text`` around ``at`` (between the nearest breaks on either side: the lexicon's
    ``event_clause_break``)."""
    brk = lexicon.cue("event_clause_break")
    lo = max((m.end() for m in brk.finditer(text, 0, at)), default=0)
    nxt = brk.search(text, at)
    return lo, nxt.start() if nxt else len(text)


def _valuations(s: _Sent) -> list[Claim]:
    lex = s.lexicon
    m = lex.cue("valuation").search(s.text) or lex.cue("multiple").search(s.text)
    if not m:
        return []
    multiple = lex.cue("multiple").search(s.text) or lex.cue("pe_ratio").search(s.text)
    figures = [(i, q) for i, q in s.figures("percent", "number", "count")
               if q.quantity.unit != "count" or q.quantity.text.lower().endswith("times")]
    if multiple:
        metric = "price_to_book" if lex.cue("price_to_book").search(s.text) else "pe"
        figures = [(i, q) for i, q in figures if q.quantity.unit != "percent"]
    else:
        word = m.group(0).lower()
        metric = "valuation_gap" if "gap" in s.text[m.start():m.end() + 6].lower() or "premium" in word \
            else "valuation_discount"
        figures = [(i, q) for i, q in figures if q.quantity.unit == "percent"]
    if not figures and not lex.cue("valuation_gap").search(s.text):
        return []
    comparator = _comparator(s)
    subject = _subject_near(s, m.start(), exclude=comparator.target if comparator else None)
    for i, _ in figures:
        s.used.add(i)
    values = [replace(q.quantity, unit="number") if q.quantity.unit == "count" else q.quantity for _, q in figures]
    return [_claim(s, "valuation", subject=subject, metric=metric, values=values,
                   period=_main_period(s), comparator=comparator.target if comparator else None,
                   comparator_text=comparator.text if comparator else None)]


def _record_metric(phrase: str, lexicon: Lexicon, rest: str = "") -> str:
    """What a record phrase claims. "Best January / first half / start to a year" ranks the same calendar
    window across years (best_start); a best or worst period "since X" ranks every period since a date,
    which no check computes yet (best_period, left unverifiable rather than read as a price record)."""
    phrase = phrase.lower()
    worst = lexicon.cue("record_worst")
    if "start" in phrase and lexicon.cue("term_of_office").search(rest[:40]):
        return "worst_period" if worst.match(phrase) else "best_period"  # not a calendar window
    if "start" in phrase:
        return "best_start"
    if "decade" in phrase:
        return "best_decade"
    ranked = lexicon.cue("record_ranked").match(phrase)
    ranking = "worst_period" if worst.match(phrase) else "best_period"
    if ranked and ("since" in phrase or lexicon.cue("ranked_since").match(rest)):
        return ranking
    if ranked and lexicon.cue("same_window").search(phrase):
        return "best_start" if ranking == "best_period" else ranking
    if ranked and lexicon.cue("record_period_word").search(phrase):
        return ranking  # "best week in a decade": a ranking of returns, not a price record
    return "record_low" if lexicon.cue("record_low_word").search(phrase) else "record_high"


def _records(s: _Sent) -> list[Claim]:
    moved = s.lexicon.pattern("record_move").search(s.text)
    if moved:  # "a record-setting one-day rally": a move ranked over the whole history
        return [_ranking_claim(s, moved.start(), moved.end(), None, {"rank_scope": "record"})]
    m = s.lexicon.cue("record").search(s.text)
    if not m or s.lexicon.cue("near_record").search(s.text[max(0, m.start() - 20):m.start()]):
        return []
    if m.group("rec").lower().startswith("for the first time") and not s.quantities:
        return []  # "to sell shares to the public for the first time" is no market record
    metric = _record_metric(m.group("rec"), s.lexicon, s.text[m.end():])
    first_time = m.group("rec").lower().startswith("for the first time")
    if first_time and metric == "record_high" and (_direction_near(s, m.start()) == "down" or s.lexicon.cue(
            "below_bound").search(s.text[max(0, m.start() - 60):m.start()])):
        metric = "record_low"  # "fell below 100 for the first time since 2023": a low, not a high
    slots: dict[str, Any] = {}
    first_since = _first_time_since(s, m.end()) if first_time else None
    if first_since is False:
        return []  # "for the first time since the summer / in weeks": no date to look back from, no record
    if isinstance(first_since, FoundPeriod) and first_since.period.start is not None:
        slots["since"] = first_since.period.start
        slots.update(_since_anchor(s, first_since.start + len("since"))[0])
    years, hedge = _lookback_years(s)
    if years:
        slots["lookback_years"] = years
    if metric == "best_start":
        slots["window"] = "ytd"
    since_at = _since_at(s, m)
    if metric in RANKING_METRICS:
        return [_ranking_claim(s, m.start(), since_at or m.end(), since_at, slots, hedge)]
    period = _record_period(s, m.start())
    if isinstance(first_since, FoundPeriod) and period is first_since.period:
        period = next((p.period for p in s.periods if p is not first_since and not _is_lookback(p, s.lexicon)), None)
    if metric == "best_decade":
        period = next((p.period for p in s.periods if p.period.kind == "decade"), period)
    if since_at is not None and metric in ("record_high", "record_low"):  # "the highest level since October"
        anchor, anchor_end = _since_anchor(s, since_at)
        slots.update(anchor)
        period = _claimed_period(s, m.start(), since_at, anchor_end)
    elif period is None and s.published and s.lexicon.pattern("price_record").fullmatch(m.group("rec")):
        period = _recent_days(s.published)  # "gold hit a record high": one set in the days before the note
    clause = re.split(r"[;:]", s.text[:m.end()])[-1] + re.split(r"[;:]", s.text[m.end():])[0]
    if s.lexicon.reading("closing").search(clause):  # "closed at a record", "a record close" (in its clause)
        slots["closing"] = True
    return [_claim(s, "record", subject=_subject_near(s, m.start()), metric=metric, period=period,
                   direction="down" if metric in ("record_low", "worst_period") else "up", hedge=hedge,
                   slots=RecordSlots(**slots))]


def _recent_days(published: date) -> Period:
    """The ``RECENT_RECORD_DAYS`` before publication: when an undated record ("gold hit a record") was set."""
    return Period(text="the days before the note", kind="window",
                  start=published - timedelta(days=RECENT_RECORD_DAYS), end=published - timedelta(days=1))


def _since_at(s: _Sent, m: re.Match[str]) -> int | None:
    """Where the "since" of a record cue ends ("worst day since", "best month in January since"), if it has one."""
    if m.group("rec").lower().endswith("since"):
        return m.end()
    after = s.lexicon.cue("ranked_since").match(s.text, m.end())
    return after.end() if after else None


def _since_anchor(s: _Sent, pos: int) -> tuple[dict[str, date], int]:
    """The anchor of the "since" ending at ``pos``, as its own period in ``since``/``since_end`` (days:
    "since 2020" is 2020-01-01…2020-12-31, "since last Monday" that day), and where its words
    end; a named episode ("the early days of the pandemic") reads as the lexicon's ``since_anchors``
    say. Nothing when no dated period follows ("since the autumn")."""
    if s.published is None:
        return {}, pos
    rest = s.text[pos:]
    skip = len(rest) - len(rest.lstrip())
    text, words = rest.lstrip(), 0
    for regex, when in s.lexicon.since_anchors():
        named = regex.match(text)
        if named:  # "the financial crisis (of 2008)": the year written after the name wins
            year = s.lexicon.cue("anchor_year").match(text, named.end())
            text, words = (year.group(1), year.end()) if year else (when, named.end())
            break
    found = find_periods(text, s.published)
    first = found[0] if found else None
    if first is None or first.start > 0 or first.period.kind in ("since", "ytd", "window", "unresolved") \
            or first.period.start is None or first.period.end is None:
        return {}, pos
    start, end = first.period.start, first.period.end
    if first.period.kind == "day" and end >= s.published:  # "since last Monday" in a Monday note: the week before
        start, end = start - timedelta(days=7), end - timedelta(days=7)
    return {"since": start, "since_end": end}, pos + skip + (words or first.end)


def _claimed_period(s: _Sent, pos: int, since_at: int | None, anchor_end: int) -> Period | None:
    """The period a ranking is about: the time words nearest its cue, never the "since" anchor or a lookback;
    None when the sentence names no other (the note's session then, see ``_from_note``)."""
    def anchor(p: FoundPeriod) -> bool:
        return p.period.kind == "since" or (since_at is not None and since_at - len("since") <= p.start < anchor_end)
    near = _clause_period(s, pos)
    if near is not None and not any(p.period is near and anchor(p) for p in s.periods):
        return near
    return next((p.period for p in s.periods if not anchor(p) and not _is_lookback(p, s.lexicon)), None)


def _ranking_claim(s: _Sent, start: int, end: int, since_at: int | None, slots: dict[str, Any],
                   hedge: str | None = None) -> Claim:
    """A move (or a level) ranked against every such one since a date, in a lookback or on record:
    its words ``s.text[start:end]`` ("third-largest one-day gain since") read into slots
    (``rank_unit``, ``rank_order``, ``rank_measure``, ``since``/``since_end``; docs/claims.md)."""
    lex, phrase = s.lexicon, s.text[start:end]
    slots = dict(slots)
    unit = lex.pattern("rank_unit").search(phrase)
    if unit and unit.lastgroup == "sessions":  # "worst two-day stretch": stretches of two sessions
        slots["rank_unit"], slots["rank_sessions"] = "day", NUMBER_WORDS.get(
            (n := re.split(r"[- ]", unit.group("sessions"))[0].lower()), None) or int(n)
    elif unit and unit.lastgroup:
        slots["rank_unit"] = unit.lastgroup
    if lex.pattern("rank_points").search(phrase):
        slots["rank_measure"] = "points"
    order = lex.pattern("rank_ordinal").search(s.text, max(0, start - RANK_ORDINAL_CHARS), end)
    if order:
        word = order.group("n").lower()
        slots["rank_order"] = int(lex.mapping("rank_ordinals").get(word) or word[:-2])  # "2nd" → 2
    anchor_end = end
    if since_at is not None:
        anchor, anchor_end = _since_anchor(s, since_at)
        slots.update(anchor)
    cues = sorted([(c.start(), "down") for c in lex.pattern("rank_down").finditer(phrase)]
                  + [(c.start(), "up") for c in lex.pattern("rank_up").finditer(phrase)])
    direction = cues[-1][1] if cues else _direction_near(s, start)
    level = lex.pattern("rank_level").search(phrase) and not lex.pattern("rank_move").search(phrase)
    if level:  # "levels not seen since 2020", "the highest yield since 2007": a level, not a move
        metric = "record_low" if direction == "down" else "record_high"
    else:
        metric = "worst_period" if direction == "down" else "best_period"
    return _claim(s, "record", subject=_subject_near(s, start) or _subject_near(s, end), metric=metric,
                  period=_claimed_period(s, start, since_at, anchor_end), direction=direction, hedge=hedge,
                  slots=RecordSlots(**slots, rank=" ".join(phrase.lower().split())))


def _record_period(s: _Sent, pos: int) -> Period | None:
    """The time words nearest the record cue ("… Tuesday's sell-off … set a record close on Thursday");
    a "since …" there is the lookback, not when the record was set."""
    near = _clause_period(s, pos)
    return near if near is not None and near.kind != "since" else _main_period(s)


def _first_time_since(s: _Sent, end: int) -> FoundPeriod | None | bool:
    """After "for the first time": the period of "since <date>" (a high since then, not ever); None when
    nothing scopes it or a lookback does ("in five years"); False when the scope resolves to no date
    ("since the summer", "in weeks")."""
    rest = s.text[end:]
    if not s.lexicon.cue("first_time_scope").match(rest):
        return None
    near = [p for p in s.periods if end <= p.start <= end + FIRST_TIME_SCOPE_CHARS and p.period.resolved
            and p.period.start is not None]
    if not rest.lstrip().lower().startswith("since"):
        return None if near else False
    return next((p for p in near if p.period.kind != "window"), False)


def _relation(cue: str) -> Relation:
    cue = cue.lower()
    if cue.startswith(("under", "lag", "trail", "behind")):
        return "underperformed"
    if cue.startswith(("out", "beat", "ahead", "than", "exceed")):
        return "outperformed"
    return "contrast"


def _contrasted(s: _Sent) -> list[Claim]:
    """"While A rallied, B barely moved" / "A rose 5%, while B managed 1%": two markets side by side."""
    cue = s.lexicon.cue("contrast").search(s.text)
    named = list({m.target: m for m in s.mentions if not _qualified(s, m)}.values())
    if cue is None or len(named) < 2 or not _any_move(s.text, s.lexicon):
        return []
    subject, comparator = named[0], named[1]
    if not _sides_of(s.text, cue, subject, comparator):
        return []
    figures = s.figures("percent", "bp", "pp", "points")
    if any(s.lexicon.cue("level").search(s.text[max(0, q.start - 45):q.start]) for _, q in figures):
        return []  # "the 20-year, which is up to 4.91%, while the 30-year …": levels side by side, not moves
    for i, _ in figures:
        s.used.add(i)
    moves = _own_moves(s, [q for _, q in figures], named)
    if moves:  # "A slipped 0.2%, while B lost 0.4%": each market's own move, one return claim each
        return [_claim(s, "return", subject=who, metric="return" if q.quantity.unit == "percent" else "change",
                       values=[q.quantity], direction=(_direction_after_figure(s, q)
                                                       or _direction_near(s, q.start, since=who.end)
                                                       or ("down" if q.sign < 0 else "up")),
                       period=_clause_period(s, q.start) or _main_period(s))
                for who, q in moves]
    return [_claim(s, "relative", subject=subject, metric="return", values=[q.quantity for _, q in figures],
                   direction=_direction_near(s, comparator.start), period=_main_period(s),
                   comparator=comparator.target, comparator_text=comparator.text,
                   slots=RelativeSlots(relation="contrast"))]


#: "While A rallied, the tech-heavy B barely moved": B opens the main clause, within this many words.
CONTRAST_SUBJECT_WORDS = 3


def _sides_of(text: str, cue: re.Match[str], first: EntityMention, second: EntityMention) -> bool:
    """Whether two markets stand on the two sides of a contrast: "A rose, while B fell" (the cue between
    them) or "While A rallied, B barely moved" (the cue first, B after the clause's comma)."""
    if first.end <= cue.start() < second.start:
        return True
    comma = text.find(",", cue.end())
    return (cue.start() < first.start and 0 <= comma < second.start and first.end <= comma
            and len(text[comma + 1:second.start].split()) <= CONTRAST_SUBJECT_WORDS)


def _relatives(s: _Sent) -> list[Claim]:
    """A outperformed B / A gained 6% vs B's 2%: both named, a comparison cue between them."""
    relative = s.lexicon.cue("relative")
    m = s.lexicon.cue("compare").search(s.text)
    comparator = _comparator(s)
    if not m or comparator is None:
        return _contrasted(s)
    if not (_any_move(s.text, s.lexicon) or relative.search(s.text)):
        return []
    subject = _subject_near(s, m.start(), exclude=comparator.target)
    if subject is not None and subject.start > comparator.start:
        return []
    if subject is None and not relative.search(s.text):
        return []  # an unnamed subject needs an explicit comparison ("lagged behind the S&P 500")
    # figures after the comparator are its own ("… the Nasdaq 100, which has gained 2.0%") when the subject is unnamed
    margin = s.lexicon.cue("margin_by")  # "surpassing the S&P by nearly 15%": the gap, not the comparator's move
    figures = [(i, q) for i, q in s.figures("percent", "bp", "pp", "points")
               if subject is not None or q.start < comparator.start
               or margin.search(s.text, max(0, q.start - 30), q.start) is not None]
    for i, _ in figures:
        s.used.add(i)
    if subject is None:  # "Amazon has underperformed … the Nasdaq Composite …, registering gains of just 45%":
        own = s.lexicon.cue("comparator_own")  # a figure after the comparator is the unnamed subject's
        for i, q in s.figures("percent", "bp", "pp", "points"):  # unless the comparator's own clause has it
            if q.start > comparator.end and not own.search(s.text[comparator.end:q.start]):
                s.used.add(i)
    return [_claim(s, "relative", subject=subject, metric="return", values=[q.quantity for _, q in figures],
                   direction=_direction_near(s, comparator.start), period=_clause_period(s, m.start()),
                   comparator=comparator.target, comparator_text=comparator.text,
                   slots=RelativeSlots(relation=_relation(m.group(0))))]




def _from_extreme(s: _Sent, q: FoundQuantity) -> Claim | None:
    """A move from a peak or a low ("sits 12.7% below its mid-February high"), or None."""
    ref = s.lexicon.pattern("from_extreme").match(s.text[q.end:])
    if ref is None or q.quantity.unit != "percent":
        return None
    word = ref["ref"].split()[-1].lower().rstrip("s")
    metric = s.lexicon.mapping("from_extreme_metrics")[word]
    direction = "down" if metric == "from_peak" else "up"
    # the period named with the reference point ("mid-February high") is where the extreme lies
    anchor = next((p.period for p in s.periods if q.end <= p.start <= q.end + ref.end()), None)
    return_slots = ReturnSlots(reference=ref["ref"].lower())
    at = next((p.period for p in s.periods if p.period.kind == "day" and p.period.resolved and p.period.start
               and p.period is not anchor), None)
    if at is not None and at.start is not None:  # "On April 8 the index closed 21% below its record": at that close
        return_slots = replace(return_slots, at=at.start)
    return _claim(s, "return", subject=_subject_near(s, q.start), metric=metric, values=[q.quantity],
                  direction=direction, period=anchor, slots=return_slots)


def _market_states(s: _Sent) -> list[Claim]:
    """"The S&P 500 is in a correction", "the Nasdaq entered a bear market": a fall from the peak of at least
    the state's threshold (``market_state_thresholds``: 10% and 20%), read as a move from the past year's high
    to the last close — unless the words deny or only near it ("just shy of", "avoided", ``market_state_not``)."""
    state = s.lexicon.pattern("market_state").search(s.text)
    if state is None or s.lexicon.pattern("market_state_not").search(s.text, max(0, state.start() - 40), state.end()):
        return []
    word = state["state"].lower().replace("-", " ").split()[0]
    threshold = float(s.lexicon.mapping("market_state_thresholds")[word])
    subject = _subject_near(s, state.start())
    if subject is None:
        return []
    figure = Quantity(value=threshold, unit="percent", text=f"{state['state']} ({threshold:g}%)", hedge="at least")
    day = next((p.period for p in s.periods if p.period.kind == "day" and p.period.resolved and p.period.start), None)
    slots = ReturnSlots(reference="peak", at=day.start if day is not None else None)  # "entered … on April 4"
    return [_claim(s, "return", subject=subject, metric="from_peak", values=[figure], direction="down", slots=slots)]


def _respective_subjects(s: _Sent) -> dict[int, EntityMention]:
    """"A and B … 5.7% and 5%, respectively": each figure's subject, by position (figure index → name).
    Names qualified as something else ("S&P 500 futures") count only when the figures' clause points
    back to the indexes ("after the indexes posted …")."""
    figures = [(i, q) for i, q in enumerate(s.quantities) if q.quantity.unit in ("percent", "bp", "pp", "points")]
    for n, (_, q) in enumerate(figures):
        if not s.lexicon.pattern("respectively").match(s.text, q.end):
            continue
        group = [figures[n]]
        for j, r in reversed(figures[:n]):
            if not s.lexicon.cue("respective_joint").fullmatch(s.text[r.end:group[0][1].start]):
                break
            group.insert(0, (j, r))
        first = group[0][1].start
        before = [m for m in s.mentions if m.end <= first]
        back = s.lexicon.pattern("the_indexes").search(s.text, before[-1].end if before else 0, first)
        names = [m for m in before if back or not _qualified(s, m)]
        names = list({m.target: m for m in names}.values())  # one per instrument, in order of first naming
        if len(group) < 2 or len(names) < len(group):
            return {}
        return {j: m for (j, _), m in zip(group, names[-len(group):], strict=True)}
    return {}


def _returns(s: _Sent) -> list[Claim]:
    out = []
    annualized, level = s.lexicon.pattern("annualized"), s.lexicon.cue("level")
    respective = _respective_subjects(s)
    counterfactual = s.lexicon.cue("counterfactual")
    for i, q in s.figures("percent", "bp", "pp", "points", "count", "usd"):
        if q.quantity.unit == "count" and not _job_count(s, q):
            continue
        if q.quantity.unit == "usd" and not _dollar_move(s, q):
            continue
        if _start_level_told_last(s, i, q):
            continue  # "jumped to 4.48% on Friday from 4.01% a week earlier": 4.01% is a level, not a move
        if level.search(s.text[max(0, q.start - 45):q.start]):
            continue
        if counterfactual.search(s.text[max(0, q.start - 40):q.start]):
            s.used.add(i)  # "the Dow would have risen 262 points": what did not happen
            continue
        if _found_within(annualized, s.text, q.start - 40, q.end + 25) and not _quoted_annualized(s, q):
            continue  # "a compound annual return of 12.8% since 2004": a rate per year, not the move over the period
        extreme = _from_extreme(s, q)
        if extreme is not None:
            s.used.add(i)
            out.append(extreme)
            continue
        leg = max((m.end() for m in s.lexicon.cue("leg_break").finditer(s.text, 0, q.start)), default=0)
        # the word right after the figure is its own ("posted a 4.8% decline"), then the parse, then the nearest
        direction = ("up" if q.quantity.text.lower() in MULTIPLE_MOVES else None) or _direction_after_figure(s, q) \
            or _parsed_direction(s, q.start) or _direction_near(s, q.start, since=leg)
        if direction is None and q.sign > 0 and not q.quantity.text.startswith("+"):
            continue
        direction = direction if direction and direction != "flat" else ("down" if q.sign < 0 else "up")
        s.used.add(i)
        subject = respective.get(i) or _subject_near(s, q.start)
        both = _both_named(s, q) if subject is None else []
        if subject is not None and subject.target in RATE_LEVEL_SERIES and q.quantity.unit == "percent" \
                and not (RATE_LEVEL_SERIES[subject.target] == "inflation"
                         and s.lexicon.cue("month_on_month").search(s.text)):
            # "CPI rose 2.7% over the year": a year-on-year rate is a level, not a price change
            out.append(_claim(s, "level", subject=subject, metric=RATE_LEVEL_SERIES[subject.target],
                              values=[q.quantity], direction=direction, period=_clause_period(s, q.start),
                              slots=LevelSlots(bound="at")))
            continue
        metric = "return" if q.quantity.unit == "percent" else "change"
        values = [q.quantity]
        end_level = _end_level(s, i, q)
        if end_level is not None:  # "fell from 4.2% to 4.0%": a move told by its two levels (the end
            values.append(end_level[1].quantity)  # level stays free: it is also the level claim "to 4.0%")
        period = _clause_period(s, q.start) or _sole_period(s, q.start)
        # "the Dow, S&P 500 and Nasdaq all rose about 2%", "… futures are barely changed after both advanced
        # 0.8%": one each
        subjects: list[EntityMention | None] = [*both] if both else \
            [subject] if i in respective else _coordinated(s, subject, q.start)
        for who in subjects:
            out.append(_claim(s, "return", subject=who, metric=metric, values=values, direction=direction,
                              period=period))
    return [_fed_move(s, c) for c in out]


def _rate_per_year(s: _Sent) -> bool:
    """Whether a % figure of the sentence is a rate per year (the lexicon's ``annualized``)."""
    annualized = s.lexicon.pattern("annualized")
    return any(q.quantity.unit == "percent" and _found_within(annualized, s.text, q.start - 40, q.end + 25)
               for q in s.quantities)


def _quoted_annualized(s: _Sent, q: FoundQuantity) -> bool:
    """"GDP grew at a 2.4% annualized rate": a series quoted annualized (the lexicon's ``quoted_annualized``)."""
    subject = _subject_near(s, q.start)
    return subject is not None and subject.target in s.lexicon.mapping("quoted_annualized")


def _found_within(regex: re.Pattern[str], text: str, lo: int, hi: int) -> bool:
    """Whether ``regex`` matches text starting in ``[lo, hi)``, read on the whole text (a window cut short would
    hide a lookahead: "2.4% in March from a year" is "a year" per year, "… a year earlier" is not)."""
    return any(m.start() < hi for m in regex.finditer(text, max(0, lo)))


def _fed_move(s: _Sent, claim: Claim) -> Claim:
    """"The Fed has cut rates by 100 basis points since September": a move of the Fed's target range (the
    lexicon's ``fed_rate_move`` before the figure), when the sentence names no other subject."""
    if claim.subject or not claim.values or claim.values[0].unit not in ("bp", "pp"):
        return claim
    figure = next((q for q in s.quantities if q.quantity == claim.values[0]), None)
    cue = s.lexicon.cue("fed_rate_move").search(s.text, 0, figure.start) if figure is not None else None
    if cue is None or _foreign_owned(s, cue.start("fed")):  # "China's central bank cut …"
        return claim
    return replace(claim, subject=(FED_ID,), subject_text=cue["fed"])


def _foreign_owned(s: _Sent, at: int) -> bool:
    """Whether a foreign subject ends right before ``at`` ("China's | central bank"): what is named there is
    that economy's."""
    return any(0 <= at - end <= 2 for _, end in s.foreign)


def _dollar_move(s: _Sent, q: FoundQuantity) -> bool:
    """"U.S. crude settled down $1.60 at $63.08": a move in dollars, told between a move word and the level
    it reached (the lexicon's ``dollar_move_before`` / ``dollar_move_after``)."""
    return (s.lexicon.pattern("dollar_move_before").search(s.text, max(0, q.start - 20), q.start) is not None
            and s.lexicon.pattern("dollar_move_after").match(s.text[q.end:q.end + 30]) is not None)


def _job_count(s: _Sent, q: FoundQuantity) -> bool:
    """Whether a count is a payrolls move: a number of jobs whose subject is a jobs series."""
    subject = _subject_near(s, q.start)
    return JOB_COUNT_TEXT.fullmatch(q.quantity.text) is not None and subject is not None \
        and subject.target in JOB_COUNT_SERIES


def _both_named(s: _Sent, q: FoundQuantity) -> list[EntityMention]:
    """"… after both advanced by 0.8%": the names listed before, one each, when their number is the pronoun's
    (``patterns.both_back``, counted by ``both_counts``), even when named as their futures."""
    back = s.lexicon.pattern("both_back").search(s.text, max(0, q.start - 40), q.start)
    if back is None:
        return []
    names = list({m.target: m for m in s.mentions if m.end <= back.start() and m.kind == "instrument"}.values())
    wanted = int(s.lexicon.mapping("both_counts")[" ".join(back["n"].lower().split())])
    return names if len(names) == wanted else []


def _coordinated(s: _Sent, subject: EntityMention | None, pos: int | None = None) -> list[EntityMention | None]:
    """The subjects listed together with ``subject`` ("A, B and C all rose"), in order: the coordinated
    subjects of the verb of the figure at ``pos`` (the parse), else the names listed before it; else
    ``[subject]``."""
    if subject is None:
        return [subject]
    frame = s.syntax.at(pos) if s.syntax is not None and pos is not None else None
    if frame is not None and len(frame.subjects) > 1 \
            and any(f.names(subject.start, subject.end) for f in frame.subjects):
        named = [next((m for m in s.mentions if f.names(m.start, m.end) and not _qualified(s, m)), None)
                 for f in frame.subjects]
        listed: list[EntityMention | None] = list({m.target: m for m in named if m is not None}.values())
        if len(listed) > 1:
            return listed
    legs = [subject]
    for mention in reversed([m for m in s.mentions if m.end <= subject.start]):
        gap = s.text[mention.end:legs[0].start]
        if not s.lexicon.pattern("list_joint").fullmatch(gap) or mention.target in {m.target for m in legs}:
            break
        legs.insert(0, mention)
    return list(legs)


#: A "from A to B" this close after a stated move of the same subject belongs to it (its levels), not
#: to a move of its own.
MOVE_THEN_LEVELS_CHARS = 45


def _direction_after_figure(s: _Sent, q: FoundQuantity) -> str | None:
    """"closed 1.1% higher", "ended 0.4% down": the direction word right after the figure."""
    after = s.lexicon.pattern("figure_then_direction").match(s.text, q.end)
    return None if after is None else ("up" if after.group("up") else "down")


def _end_level(s: _Sent, i: int, q: FoundQuantity) -> tuple[int, FoundQuantity] | None:
    """The figure that ends a "from <q> to <figure>" pair (same unit), with its index; else None."""
    if i + 1 >= len(s.quantities):
        return None
    previous = s.quantities[i - 1] if i > 0 else None
    if (previous is not None and i - 1 in s.used and q.start - previous.end < MOVE_THEN_LEVELS_CHARS
            and not any(previous.end <= m.start < q.start for m in s.mentions)):
        return None  # "fell 40 bp over the year, from 4.58% to 4.18%": the move is stated; its levels stay levels
    end = s.quantities[i + 1]
    if end.quantity.unit != q.quantity.unit or not levels_pair(s.text, q.start, q.end, end.start, s.lexicon):
        return None
    return i + 1, end


#: Most characters between "to <end level>" and "from <start level>" told in that order.
END_THEN_START_CHARS = 40
_TO_BEFORE = re.compile(r"\bto\s+(?:about\s+|around\s+|roughly\s+|nearly\s+)?$", re.IGNORECASE)
_FROM_BEFORE = re.compile(r"\bfrom\s+(?:about\s+|around\s+|roughly\s+|nearly\s+)?$", re.IGNORECASE)


def _start_level_told_last(s: _Sent, i: int, q: FoundQuantity) -> bool:
    """Whether ``q`` is the start level of a move told end first: "rose to <end> … from <q>" (same unit)."""
    if i == 0 or not _FROM_BEFORE.search(s.text[max(0, q.start - 20):q.start]):
        return False
    end = s.quantities[i - 1]
    return end.quantity.unit == q.quantity.unit and q.start - end.end <= END_THEN_START_CHARS \
        and _TO_BEFORE.search(s.text[max(0, end.start - 20):end.start]) is not None \
        and not re.search(r"[;:]", s.text[end.end:q.start])


def _figure_missing_return(s: _Sent) -> list[Claim]:
    """"X has rocketed" / "remained flat": a return whose figure is missing."""
    if s.lexicon.cue("generic").search(s.text):
        return []
    caused = s.lexicon.cue("caused_move").search(s.text)
    # "tensions sent oil prices sharply higher"
    if caused and (s.mentions or s.lexicon.cue("market_noun").search(s.text)):
        subject = _subject_near(s, caused.end())
        return [_claim(s, "return", subject=subject, metric="return", figure_missing=True,
                       direction="up" if caused.group("dir").lower() == "higher" else "down",
                       period=_clause_period(s, caused.start()) or _main_period(s))]
    out = _market_move(s) or _day_market_move(s)
    if not s.mentions:
        return out or _unnamed_move(s)  # "Stocks ripped higher Wednesday"; else "Tech shares tumbled on Friday"
    for mention in s.mentions:
        if _qualified(s, mention):  # "the Nasdaq 100 A/D line", "S&P 500 futures": not the index
            continue
        label = _verb_after(s.text[mention.end:mention.end + 50], s.lexicon)
        if label is not None and mention.target not in {c.subject[0] for c in out}:
            out.append(_claim(s, "return", subject=mention, metric=_move_metric(s, mention.end), direction=label,
                              period=_clause_period(s, mention.end), figure_missing=True))
    return out


def _move_metric(s: _Sent, start: int) -> str:
    """"return", or the move from a reference point its verb names ("rebounded from their slump")."""
    clause = re.split(r"[,;:]", s.text[start:start + 80])[0]
    up, down, _ = _moves(s.lexicon)
    verb = up.search(clause) or down.search(clause)
    ref = s.lexicon.pattern("from_extreme").match(clause[verb.end():]) if verb else None
    if ref is None:
        return "return"
    return s.lexicon.mapping("from_extreme_metrics").get(ref["ref"].split()[-1].lower().rstrip("s"), "return")


def _verb_after(text: str, lexicon: Lexicon) -> str | None:
    """The direction of a move verb at the start of a name's clause ("… has rocketed", "… was up"); a move
    word after a subordinator is another clause's ("bond yields when he paused some tariff increases")."""
    clause = re.split(r"[,;:]", text)[0]
    cut = lexicon.cue("clause_break").search(clause)
    clause = clause[:cut.start()] if cut is not None else clause
    up, down, flat = _moves(lexicon)
    for regex, label in ((flat, "flat"), (up, "up"), (down, "down")):
        verb = regex.search(clause)
        if verb and lexicon.cue("record").match(clause[verb.end():].lstrip(" ").removeprefix("to ")
                                                .removeprefix("its ")):
            continue
        if verb and lexicon.cue("negated").search(clause[:verb.start()]):
            continue  # "has not recovered"
        if verb and lexicon.cue("modal_perfect").search(clause[:verb.start()]):
            continue  # "the Dow would have risen": what did not happen
        if verb and (verb.group(0).lower() not in WEAK_MOVES or _moved_to(clause, verb, lexicon)) \
                and not lexicon.cue("article_before_verb").search(clause[:verb.start()]):
            return label
    return None


def _market_move(s: _Sent) -> list[Claim]:
    """"Stocks fell and the dollar slumped": the market as a whole, named first, with a move of its own."""
    market = s.lexicon.broad_market()
    if market is None:
        return []
    named, offset = market[1].match(s.text), 0
    if named is None and s.foreign and all("futures" in s.text[a:b].lower() for a, b in s.foreign):
        # "U.S. stock futures are higher after markets plunged to start the week" (a company's shares named
        # first keep the move their own: "Coca-Cola shares fell as stocks slid")
        named, offset = _market_in_own_clause(s, market[1])
    elif s.foreign:
        return []
    first = min((m.start for m in s.mentions if m.start >= offset), default=len(s.text))
    if named is None or offset + named.end() > first:
        return []
    label = _verb_after(s.text[offset + named.end():first], s.lexicon)
    if label is None:
        return []
    phrase = named.group(0).strip(" ,;:")
    start = offset + named.start() + named.group(0).index(phrase)
    named_end = offset + named.end()
    return [_market_claim(s, market[0], start, phrase, label, _clause_period(s, named_end),
                          _move_metric(s, named_end))]


def _market_in_own_clause(s: _Sent, pattern: re.Pattern[str]) -> tuple[re.Match[str] | None, int]:
    """The market named first in a clause of its own after every foreign subject (the lexicon's
    ``own_clause``), and where that clause's words start."""
    last_foreign = max(end for _, end in s.foreign)
    for cue in s.lexicon.pattern("own_clause").finditer(s.text, last_foreign):
        at = cue.end() + len(s.text[cue.end():]) - len(s.text[cue.end():].lstrip())
        named = pattern.match(s.text[at:])
        if named is not None:
            return named, at
    return None, 0


def _market_claim(s: _Sent, market: str, start: int, words: str, direction: str, period: Period | None,
                  metric: str = "return") -> Claim:
    """A figureless move of the market as a whole (``market``, the lexicon's broad-market instrument),
    named by ``words`` at ``start``."""
    subject = EntityMention(sentence_index=s.index, start=start, end=start + len(words), text=words, target=market)
    return _claim(s, "return", subject=subject, metric=metric, direction=direction, figure_missing=True,
                  period=period, reading=Reading(subject_from="broad market"))


def _day_market_move(s: _Sent) -> list[Claim]:
    """"after yesterday's market losses", "bounced back from Monday's sharp selloff": a day's move of
    the market as a whole, named as a noun (the lexicon's ``day_market_move``), when nothing is named
    before it."""
    market = s.lexicon.broad_market()
    noun = s.lexicon.cue("day_market_move").search(s.text)
    if market is None or noun is None or any(m.start < noun.start() for m in s.mentions):
        return []
    own_clause = s.lexicon.pattern("own_clause")
    if any(start < noun.start() and not own_clause.search(s.text, end, noun.start()) for start, end in s.foreign):
        return []  # "Tech futures fell on yesterday's losses": the futures' own move; "futures rose after …" is not
    period = next((p.period for p in s.periods if noun.start() <= p.start < noun.end() and p.period.kind == "day"),
                  None)
    if period is None:
        return []
    return [_market_claim(s, market[0], noun.start(), noun.group(0), "up" if noun.group("up") else "down", period)]


def _market_backdrop(s: _Sent) -> list[Claim]:
    """"… amid a broader market sell-off", "amid broader market gains": the whole market's move over the
    sentence's period (the lexicon's ``market_backdrop``), beside a company's own move."""
    market = s.lexicon.broad_market()
    cue = s.lexicon.cue("market_backdrop").search(s.text)
    if market is None or cue is None:
        return []
    period = _clause_period(s, cue.start()) or _main_period(s)
    if period is None:
        return []
    return [_market_claim(s, market[0], cue.start(), cue.group(0), "up" if cue.group("up") else "down", period)]


def _level_day(period: Period | None) -> Period | None:
    """A level "in March"/"closed the year" applies to the last day of that period."""
    if period is None or not period.resolved or period.kind not in ("year", "month", "quarter", "week", "half"):
        return period
    return replace(period, kind="day", start=period.end)


def _unnamed_move(s: _Sent) -> list[Claim]:
    """"Tech shares tumbled on Friday": a dated move of a market not in the registry."""
    noun = s.lexicon.cue("market_noun").search(s.text)
    period = _main_period(s)
    if noun is None or period is None:
        return []
    clause = s.text[noun.end():noun.end() + 40]
    up, down, flat = _moves(s.lexicon)
    verbs = sorted((verb.start(), label) for regex, label in ((down, "down"), (up, "up"), (flat, "flat"))
                   for verb in regex.finditer(clause)
                   if verb.group(0).lower() not in WEAK_MOVES or _moved_to(clause, verb, s.lexicon))
    if not verbs:  # the first move word is the verb: "rebounded from their slump" is a rise
        return []
    return [_claim(s, "return", metric=_move_metric(s, noun.end()), direction=verbs[0][1], period=period,
                   figure_missing=True)]


def _own_moves(s: _Sent, figures: list[FoundQuantity],
               named: list[EntityMention]) -> list[tuple[EntityMention, FoundQuantity]]:
    """Each figure with the market named last before it, when every figure is that market's own move
    (a move verb between the name and the figure, or "…, or 2.8%" right after its first figure) and
    at least two markets have one; else []."""
    moves: list[tuple[EntityMention, FoundQuantity]] = []
    for q in figures:
        owner = max((m for m in named if m.end <= q.start), key=lambda m: m.end, default=None)
        if owner is None:
            return []
        restated = bool(moves) and moves[-1][0] is owner \
            and s.lexicon.cue("restated_figure").fullmatch(s.text[moves[-1][1].end:q.start]) is not None
        if not (restated or _moved_between(s, owner.end, q)):
            return []
        moves.append((owner, q))
    return moves if len({m.target for m, _ in moves}) >= 2 else []


def _moved_between(s: _Sent, start: int, q: FoundQuantity) -> bool:
    """Whether a move verb stands between a subject's name (ending at ``start``) and its figure, and the
    figure is not a level ("slipped 0.2%", not "is offering 4.85%" or "up to 4.91%")."""
    words = s.text[start:q.start]
    up, down, _ = _moves(s.lexicon)
    return bool(up.search(words) or down.search(words)) \
        and not s.lexicon.cue("level").search(s.text[max(0, q.start - 45):q.start])


def _moved_to(clause: str, word: re.Match[str], lexicon: Lexicon) -> bool:
    """Whether a weak direction word ("higher", "lower") ends a move's verb ("ticked lower", "was up")."""
    return lexicon.pattern("weak_word_verb").search(clause[:word.start()]) is not None


def _rate_is(s: _Sent, q: FoundQuantity) -> re.Match[str] | None:
    """"The unemployment rate was 4.2% in March", "the 10-year yield is 4.39%": a rate's level told with
    a plain copula (the lexicon's ``rate_copula``; never a move: "was 2% higher" has a direction after it)."""
    if q.quantity.unit != "percent" or s.lexicon.pattern("figure_then_direction").match(s.text, q.end):
        return None
    cue = s.lexicon.pattern("rate_copula").search(s.text, max(0, q.start - 30), q.start)
    subject = _subject_near(s, q.start) if cue else None
    return cue if subject is not None and s.lexicon.pattern("rate_subject").search(subject.text) else None


def _levels(s: _Sent) -> list[Claim]:
    out = []
    lex = s.lexicon
    for i, q in s.figures("points", "percent", "usd", "number"):
        cue = lex.cue("level").search(s.text[max(0, q.start - 45):q.start]) or _rate_is(s, q)
        if not cue or q.quantity.unit == "points" and lex.cue("point_move_noun").match(s.text, q.end):
            continue  # "sent the Dow to a 1,600-point decline": a move, not a level
        if lex.cue("measure_noun").match(s.text, q.end):
            continue  # "up to 100 grams of gold": an amount of the thing, not its price
        s.used.add(i)
        words = cue.group(0).lower()
        bound: Bound = "above" if lex.cue("level_above").search(words) \
            else "below" if lex.cue("level_below").search(words) else "at"
        quantity = _as_level(q.quantity)
        metric = {"usd": "price", "points": "close"}.get(quantity.unit) or _metric_word(s.text.lower(), "rate",
                                                                                         LEVEL_METRICS)
        closing = lex.cue("level_closing").search(words)
        cue_start = max(0, q.start - 45) + cue.start()
        # time words inside the level's own cue ("closed Thursday at", "ended the week at") are its day
        period = next((p.period for p in s.periods if cue_start <= p.start < q.start and not _is_lookback(p, lex)),
                      None) or _clause_period(s, q.start) or _main_period(s)
        period = _level_day(period) if closing else period
        out.append(_claim(s, "level", subject=_subject_near(s, q.start), metric=metric, values=[quantity],
                          period=period, direction=_direction_near(s, q.start) if lex.cue("level_to").search(words)
                          else None, slots=LevelSlots(bound=bound)))
    return out


def _opinions(s: _Sent) -> list[Claim]:
    if not s.lexicon.cue("opinion").search(s.text):
        return []
    return [_claim(s, "opinion", subject=[m.target for m in s.mentions][:1])]


_CHECKABLE_RULES = (_ranges, _counts, _events, _valuations, _records, _relatives, _returns, _levels, _market_states)


def _sentence_claims(s: _Sent) -> list[Claim]:
    """Every claim one sentence makes (a forecast sentence makes one forecast, and maybe an opinion).
    A sentence reporting a survey ("42% of fund managers expect gold …": the lexicon's ``survey_share``)
    makes none: shares of people, and what they expect, are not the note's market claims; nor does a
    hypothetical or a question (``cues.hypothetical``)."""
    if s.lexicon.pattern("survey_share").search(s.text) or s.lexicon.cue("hypothetical").search(s.text):
        return []
    forecast = _forecast(s)
    if forecast:  # a forecast sentence may also recommend ("… projected to outpace: a conviction buy")
        return forecast + _opinions(s)
    claims = [c for rule in _CHECKABLE_RULES for c in rule(s)]
    if any(c.kind == "valuation" for c in claims):  # "discount … versus large caps" is not a return
        claims = [c for c in claims if c.kind != "relative"]
    if any(c.kind == "range" for c in claims):  # "held its target range at …" is the range claim itself
        claims = [c for c in claims if not isinstance(c.slots, EventSlots) or c.slots.event is None
                  or not c.slots.event.startswith("fomc")]
    if not any(c.kind in ("return", "relative", "level", "range", "valuation", "count") for c in claims) \
            and not _rate_per_year(s):  # "has returned 10% a year since 2004" is no bare rise to confirm
        claims = _figure_missing_return(s) + claims
    recorded = {c.subject for c in claims if c.kind == "record" and c.subject}
    # "The price of gold soared to a record high": the record is the claim, the undated verb adds nothing to check
    claims = [c for c in claims if not (c.kind == "return" and c.figure_missing and c.period is None
                                        and c.subject in recorded)]
    if not any(c.kind == "return" and c.subject for c in claims):
        claims += _market_backdrop(s)  # "Coca-Cola shares fell 1% on Monday amid a broader market sell-off"
    if s.lexicon.pattern("streak").search(s.text):  # "has risen in three straight sessions": no one period's move
        claims = [c for c in claims if not (c.kind == "return" and c.figure_missing)]
    claims = _streaks(s, claims)
    ranked = s.lexicon.pattern("rank_since").search(s.text)
    if ranked:  # "its third-largest one-day gain since 1950": a rank across history, not only a move
        claims = [c for c in claims if not (c.kind == "return" and c.figure_missing)]
    if ranked and not any(c.kind == "record" for c in claims):
        claims.append(_ranking_claim(s, ranked.start(), ranked.end(), ranked.end(), {}))
    if s.lexicon.pattern("breadth").search(s.text):  # "all but two of the 11 sectors rose": members, not the index
        claims = [c for c in claims if not (c.kind == "return" and (c.figure_missing or not c.values))]
        claims.append(_claim(s, "count", metric="breadth", slots=CountSlots(breadth=True)))
    return claims or _opinions(s)


# ----------------------------------------------------------------------------- orchestration

#: How far before a range its verb may stand ("lowered the federal funds rate to a range of …").
RANGE_VERB_WINDOW = 45
WEAK_MOVES = frozenset({"higher", "lower", "up", "down", "held", "kept", "steady", "added", "posted", "delivered",
                        "managed"})
SUBJECT_FROM_BEFORE = ("relative", "return", "level", "record")


def _weak(claim: Claim) -> bool:
    return claim.kind == "opinion" or claim.figure_missing or (claim.kind == "forecast" and not claim.values)


def _relative_mentions(sentence: Sentence, mentions: Sequence[EntityMention],
                       sector_instruments: dict[str, str]) -> list[EntityMention]:
    """The sentence's instrument mentions (offsets in the sentence); a sector stands in for its
    linked instrument ("small-cap" → RUT) where no instrument mention covers the same words."""
    own = [m for m in mentions if m.sentence_index == sentence.index]
    instruments = [m for m in own if m.kind == "instrument"]
    linked = [replace(m, target=sector_instruments[m.target], kind="instrument") for m in own
              if m.kind == "sector" and m.target in sector_instruments
              and not any(i.start < m.end and m.start < i.end for i in instruments)]
    return sorted((replace(m, start=m.start - sentence.start, end=m.end - sentence.start)
                   for m in instruments + linked), key=lambda m: m.start)


def _other_economys(text: str, mention: EntityMention, lexicon: Lexicon) -> bool:
    """Whether a mention of economic data ("GDP", "inflation") is another economy's ("China's … GDP"):
    it then names nothing in the registry."""
    economy, macro = lexicon.foreign_economy()
    return bool(macro.search(mention.text)) and economy.search(text, 0, mention.start) is not None


def _with_anaphors(sentence: Sentence, own: list[EntityMention], note: NoteContext,
                   lexicon: Lexicon) -> list[EntityMention]:
    """``own`` plus the lexicon's ``anaphors`` ("the precious metal", "the greenback"), each read as the
    instrument of its list that was named last (in this sentence before it, else in the note); none
    when the note has named none of them."""
    added = []
    for regex, targets in lexicon.anaphors():
        for m in regex.finditer(sentence.text):
            if any(o.start < m.end() and m.start() < o.end for o in own):
                continue
            here = [o.target for o in own if o.end <= m.start() and o.target in targets]
            target = here[-1] if here else note.latest(targets)
            if target is not None:
                added.append(EntityMention(sentence_index=sentence.index, start=m.start(), end=m.end(),
                                           text=m.group(0), target=target))
    return sorted(own + added, key=lambda m: m.start) if added else own


def _foreign_spans(sentence: Sentence, mentions: Sequence[EntityMention], lexicon: Lexicon,
                   sector_instruments: dict[str, str]) -> tuple[tuple[int, int], ...]:
    """The sentence's subjects outside the registry (sentence offsets), less the phrases that name a
    sector checked on a registry instrument ("Tech shares tumbled": the sector, not a company called
    Tech; "European stocks" stay foreign)."""
    sectors = [(m.start - sentence.start, m.end - sentence.start) for m in mentions
               if m.sentence_index == sentence.index and m.kind == "sector" and m.target in sector_instruments]
    shares_of = lexicon.cue("shares_of")  # a foreign span of the "X stock" kind: a sector can read like a company
    return tuple(f.span() for f in lexicon.foreign_subjects().finditer(sentence.text)
                 if not (shares_of.search(f.group(0)) and any(start < f.end() and f.start() < end
                                                              for start, end in sectors)))


def _inherit_context(claims: list[Claim], sentence: Sentence, note: NoteContext, lexicon: Lexicon,
                     foreign: tuple[tuple[int, int], ...] = (), first_figure: int | None = None) -> list[Claim]:
    """"This performance …" with no time words (or no named subject, in a comparison) takes the
    period (subject) of the sentence before it; "the index" takes the last index named, never a
    commodity or a coin named in between; a line under a heading "S&P 500:" with no subject of its
    own is about the heading's instrument. A sentence naming a subject outside the registry
    ("In contrast, rates on 30-year jumbo loans sank …") borrows no subject."""
    before = len(sentence.text) if first_figure is None else first_figure
    foreign_subject = any(start < before for start, _ in foreign)
    if not lexicon.cue("anaphora").search(sentence.text):
        return [c if foreign_subject else _in_section(c, note) for c in claims]
    previous_subject = () if foreign_subject else note.last_index if lexicon.cue("the_index").match(sentence.text) \
        else note.last_subject
    out = []
    for c in claims:
        if note.last_period is not None and c.period is None and c.kind in INHERITS_PERIOD:
            c = replace(c, period=note.last_period, reading=replace(c.reading, period_from="previous sentence"))
        if not c.subject and c.kind in SUBJECT_FROM_BEFORE and previous_subject \
                and c.comparator not in previous_subject:
            c = replace(c, subject=previous_subject, reading=replace(c.reading, subject_from="previous sentence"))
        out.append(_in_section(c, note))
    return out


def _in_section(claim: Claim, note: NoteContext) -> Claim:
    if claim.subject or claim.kind not in SUBJECT_FROM_BEFORE or not note.section or claim.comparator in note.section:
        return claim
    return replace(claim, subject=note.section, reading=replace(claim.reading, subject_from="section heading"))


#: How far (chars) around a figure its session verb and a longer frame ("so far", "since") are looked for.
SESSION_CUE_WINDOW = 40


def _figure_start(s: _Sent, claim: Claim) -> int | None:
    """Where the claim's first figure stands in the sentence (its unit may have been read anew: an index level)."""
    written = {(v.text, v.value) for v in claim.values}
    return min((q.start for q in s.quantities if (q.quantity.text, q.quantity.value) in written), default=None)


#: A live-quote cue this close before a level's figure ("is trading at around 98.37") makes it a live quote.
LIVE_CUE_CHARS = 30


def _from_note(claim: Claim, s: _Sent, session: Period | None) -> Claim:
    """What the note supplies when the sentence does not: the broad market as the subject of
    "Stocks fell 1%", and the note's session as the period of an undated move closed that session."""
    ranking = claim.kind == "record" and (claim.metric in RANKING_METRICS
                                          or claim.slots_as(RecordSlots).since_end is not None)
    live = s.lexicon.pattern("live_quote")
    figure = _figure_start(s, claim)
    quoted_live = figure is not None and live.search(s.text, max(0, figure - LIVE_CUE_CHARS), figure) is not None
    figure_end = next((q.end for q in s.quantities if q.start == figure), None)
    clocked = figure_end is not None and s.lexicon.pattern("clock_time").match(s.text, figure_end) is not None
    recently = claim.period is not None and not claim.period.resolved \
        and s.lexicon.pattern("latest_quote").fullmatch(claim.period.text.strip()) is not None
    if claim.kind == "level" and (clocked or recently or _live(s, session)
                                  and (quoted_live or claim.period is None and live.search(s.text))):
        # "Bitcoin was trading at $93,500 recently": the latest quote when the note was written
        # "the dollar index is trading at around 98.37 after yesterday sliding …": a live quote, not yesterday's close
        return replace(claim, period=Period(text="the live quote when the note was written", kind=INTRADAY,
                                            start=s.published, end=s.published))
    if claim.kind == "return" and recently and s.published is not None \
            and s.lexicon.pattern("recent_quote_move").search(s.text):
        # "the Dow was recently up 2,500 points": the move so far in the session the note was written in
        return replace(claim, period=Period(text="the latest trade when the note was written", kind=INTRADAY,
                                            start=s.published, end=s.published))
    if claim.metric == "streak":  # a run of sessions ends with the note's session when the sentence names no day
        slots = claim.slots_as(CountSlots)
        if claim.period is None and session is not None and claim.subject or _today(claim.period, session):
            # "… heading to its third consecutive day" on the day a note written during trading: that session
            claim = replace(claim, period=session, reading=replace(claim.reading, period_from="note session"))
        if slots.streak_to is None:  # "each of the last three sessions": written during a session, those before it
            to: Literal["session", "before_session"] = \
                "before_session" if claim.period is not None and claim.period.kind == INTRADAY else "session"
            claim = replace(claim, slots=replace(slots, streak_to=to))
        return claim
    if claim.kind not in INHERITS_PERIOD and not ranking:
        return claim
    figure_at = len(s.text) if figure is None else figure
    market = s.lexicon.broad_market()
    percent_figure = not claim.values or any(v.unit in ("percent", "points", "bp") for v in claim.values)
    money = any(q.quantity.unit == "usd" for q in s.quantities)  # "Stocks lost $3.1 trillion in value"
    if not claim.subject and market is not None and percent_figure and not money:
        named = market[1].search(s.text, 0, figure_at)
        several = named is not None and bool(claim.values) \
            and s.lexicon.pattern("several_indexes").search(named.group(0)) is not None
        reach = figure_at
        if named is not None and not claim.values:  # a figureless move: names in a later clause ("Stocks
            # tumbled as Trump derided the Federal Reserve") are not its subject
            cut = s.lexicon.cue("clause_break").search(s.text, named.end())
            reach = cut.start() if cut is not None else figure_at
        foreign = bool(s.foreign) if claim.values else any(start < reach for start, _ in s.foreign)
        each = s.lexicon.each_index()
        every = each[1].search(s.text, 0, reach) if each is not None else None
        if (named is not None or every is not None) and not foreign and not any(m.start < reach for m in s.mentions):
            if every is not None and each is not None:  # "all three major indexes jumped at least 7.8%": each one
                claim = replace(claim, subject=each[0], subject_text=every.group(0).strip(" ,;:"),
                                reading=replace(claim.reading, subject_from="broad market"))
            elif named is not None and not several:
                claim = replace(claim, subject=(market[0],), subject_text=named.group(0).strip(" ,;:"),
                                reading=replace(claim.reading, subject_from="broad market"))
    if ranking and claim.period is None and session is not None and session.kind != INTRADAY and claim.subject:
        return replace(claim, period=session, reading=replace(claim.reading, period_from="note session"))
    if claim.period is None and session is not None and claim.subject:
        moved, longer = s.lexicon.session_cues()
        near = s.text[max(0, figure_at - SESSION_CUE_WINDOW):figure_at + SESSION_CUE_WINDOW]
        told = s.text[:figure_at + SESSION_CUE_WINDOW]
        # a ranking's "since" ("fell 4.8%, its worst day since 2020") is no longer frame of the move
        unranked = s.lexicon.pattern("rank_since").sub(" ", near)
        if (moved.search(told) or s.headline and s.lexicon.cue("headline_move").search(told)) \
                and not longer.search(unranked):
            claim = replace(claim, period=_session_of(s, session, near),
                            reading=replace(claim.reading, period_from="note session"))
    elif _today(claim.period, session):  # "the S&P 500 is up 1% today" while the market is open
        claim = replace(claim, period=session, reading=replace(claim.reading, period_from="note session"))
    return claim


def _live(s: _Sent, session: Period | None) -> bool:
    """Whether the note was written before its publication day's close (during trading or before the
    open): a level quoted in the present tense is then a live quote, not a close."""
    return (session is not None and s.published is not None and session.end is not None
            and (session.kind == INTRADAY or session.end < s.published))


def _session_of(s: _Sent, session: Period, near: str) -> Period:
    """The note's session, or, in a note written while the market is open, the session before it
    when the move is told as a close ("the Nasdaq closed 0.1% lower")."""
    if session.kind == INTRADAY and session.start is not None and s.lexicon.reading("closing").search(near):
        return previous_session(session.start)
    return session


def _today(period: Period | None, session: Period | None) -> bool:
    """Whether ``period`` is the publication day of a note written while the market is open."""
    return (period is not None and session is not None and session.kind == INTRADAY and period.kind == "day"
            and period.start == period.end == session.start)


def _unresolved_periods(claims: list[Claim]) -> list[Claim]:
    return [replace(c, period=Period(text=c.period.text, kind="unresolved", resolved=False,
                                     reason="the note has no publication date"))
            if c.period is not None else c for c in claims]


def extract_claims(note_id: str, sentences: Sequence[Sentence], mentions: Sequence[EntityMention],
                   published: date | None, probabilities: np.ndarray | None = None,
                   events: Sequence[tuple[str, str]] = (),
                   event_dates: Sequence[tuple[str, date]] = (),
                   sector_instruments: dict[str, str] | None = None,
                   index_ids: frozenset[str] = frozenset(), session: Period | None = None,
                   lexicon: Lexicon | None = None,
                   syntax: Sequence[SentenceSyntax | None] | None = None, headline: bool = False) -> list[Claim]:
    """Claims of a note's sentences.

    ``probabilities`` (check-worthiness, one per sentence) gate the weak claims and become each
    claim's ``confidence``; ``events`` are
    ``(alias, event_id)`` pairs of models/events.yaml for event claims, ``event_dates`` their
    ``(alias, date)`` pairs, where a window can start ("since Liberation Day"); ``sector_instruments``
    maps sector ids to the instrument a claim about them is checked on (models/sectors.yaml);
    ``index_ids`` are the registry's equity indices (what "the index" can refer to); ``session`` is
    the period the note reports on (``periods.note_session``), for undated session moves;
    ``lexicon`` the claim cues (default: the repo's ``models/lexicon.yaml``); ``syntax`` what the
    dependency parse says about each sentence's figures (``nlp.syntax.SyntaxReader.read``), if parsed;
    ``headline``: the sentences are the note's title (``pipeline.title_text``), read on their own.
    """
    lexicon = lexicon or Lexicon.load()
    out: list[Claim] = []
    note = NoteContext(published=published, session=session, index_ids=index_ids, anchors=tuple(event_dates))
    for pos, sentence in enumerate(sentences):
        own = _relative_mentions(sentence, mentions, sector_instruments or {})
        own = [m for m in _with_anaphors(sentence, own, note, lexicon)
               if not _other_economys(sentence.text, m, lexicon)]
        note.enter(sentence, own)
        s = _Sent(text=sentence.text, index=sentence.index,
                  quantities=_point_moves(find_quantities(sentence.text), sentence.text, lexicon),
                  periods=find_periods(sentence.text, published or utc_today(), note.periods),
                  mentions=own, published=published, lexicon=lexicon, events=tuple(events),
                  foreign=_foreign_spans(sentence, mentions, lexicon, sector_instruments or {}),
                  syntax=syntax[pos] if syntax is not None else None, headline=headline)
        first_figure = min((q.start for q in s.quantities), default=len(s.text))
        claims = _inherit_context(_paired_periods(s, _sentence_claims(s)), sentence, note, lexicon, s.foreign,
                                  first_figure)
        claims = [_from_note(c, s, note.session) for c in claims]
        probability = float(probabilities[pos]) if probabilities is not None else None
        if probability is not None and probability < WEAK_CLAIM_MIN_PROBABILITY:
            claims = [c for c in claims if not _weak(c)]
        if published is None:
            claims = _unresolved_periods(claims)
        claims = [_fuzzy(c, lexicon) for c in claims]
        for claim in claims:
            out.append(replace(_national(read_claim(claim, lexicon), note, lexicon), id=f"{note_id}:c{len(out) + 1}",
                               confidence=round(probability, 3) if probability is not None else 1.0))
        note.after(claims, _main_period(s), s.mentions,
                   foreign_first=any(start < first_figure for start, _ in s.foreign))
        named = list(lexicon.cue("country_named").finditer(sentence.text))
        note.country = named[-1].group(0) if named else note.country
    return out


def _national(claim: Claim, note: NoteContext, lexicon: Lexicon) -> Claim:
    """"The nation's 10-year bond yield" after a sentence of the paragraph named Italy: Italy's, not the US's
    (``Reading.foreign_qualifier`` "the nation’s (Italian)")."""
    if claim.reading.foreign_qualifier or not note.country or not claim.subject_text \
            or claim.subject_text not in claim.text:
        return claim
    before = claim.text[:claim.text.index(claim.subject_text)]
    m = lexicon.cue("national_anaphor").search(before)
    if m is None:
        return claim
    return replace(claim, reading=replace(claim.reading, foreign_qualifier=f"{m.group(1)} ({note.country})"))


def _paired_periods(s: _Sent, claims: list[Claim]) -> list[Claim]:
    """Two periods and, after them, two figures, each pair joined by "and" (``cues.pair_join``): "Over six
    months and year to date, NVIDIA is down 23.0% and 22.2%, while the index has fallen 9.7% and 10.3%" —
    the first figure of a pair is the first period's, the second the second's."""
    join = s.lexicon.cue("pair_join")
    pairs = [(a, b) for a, b in zip(s.periods, s.periods[1:], strict=False) if join.fullmatch(s.text[a.end:b.start])]
    if len(pairs) != 1:
        return claims
    first, second = pairs[0]
    found = s.quantities
    order: dict[tuple[str, float], FoundPeriod] = {}
    for a, b in zip(found, found[1:], strict=False):
        if a.start > second.end and a.quantity.unit == b.quantity.unit and join.fullmatch(s.text[a.end:b.start]):
            order[(a.quantity.text, a.quantity.value)] = first
            order[(b.quantity.text, b.quantity.value)] = second
    out = []
    for claim in claims:
        own = order.get((claim.values[0].text, claim.values[0].value)) if len(claim.values) == 1 else None
        keep = claim.period is not None and claim.period not in (first.period, second.period)
        out.append(replace(claim, period=own.period) if own is not None and not keep else claim)
    return out


#: A streak's per-session figure ("rising more than 1.5% in each of the last three sessions", "its third
#: consecutive day of an at least 2% rally") stands this close to the run's words.
STREAK_FIGURE_CHARS = 40


def _streaks(s: _Sent, claims: list[Claim]) -> list[Claim]:
    """A run of sessions (``patterns.streak_run``): "pushed higher for the second straight day" is one count
    claim (metric ``streak``): its length, its direction, and a per-session figure near the run's words,
    which is then no move of its own; the run ends with the claim's day (``CountSlots.streak_to``)."""
    run = s.lexicon.pattern("streak_run").search(s.text)
    if run is None:
        return claims
    word = (run["n"] or run["n2"] or run["n3"] or run["n4"] or run["n5"] or run["n6"]).lower()
    digits = word.rstrip("stndrh")
    n = int(digits) if digits.isdigit() else int(s.lexicon.mapping("streak_numbers").get(word) or 0)
    subject: EntityMention | list[str] | None = _subject_near(s, run.start())
    market = s.lexicon.broad_market()
    if subject is None and market is not None and not s.mentions and not s.foreign \
            and market[1].search(s.text, 0, run.start()):  # "Stocks rallied for a third straight session"
        subject = [market[0]]
    way = run["way"] or run["way2"]  # "a three-day losing streak": the run's own direction
    direction = ("up" if way.lower() == "winning" else "down") if way else _direction_near(s, run.start())
    if n < 2 or subject is None or direction not in ("up", "down"):
        return claims
    near = [q for q in s.quantities if q.quantity.unit == "percent"
            and (0 <= run.start() - q.end <= STREAK_FIGURE_CHARS or 0 <= q.start - run.end() <= STREAK_FIGURE_CHARS)]
    figure = min(near, key=lambda q: min(abs(run.start() - q.end), abs(q.start - run.end())), default=None)
    values = [Quantity(value=float(n), unit="count", text=word)] + ([figure.quantity] if figure else [])
    period = _clause_period(s, run.start())
    period = period if period is not None and period.kind == "day" else None
    streak_to: Literal["session", "before_session"] | None = \
        ("before_session" if period is not None else None) if run["last"] else \
        "before_session" if run["snap"] else "session"  # "snapped a three-day losing streak": it ended before
    streak = _claim(s, "count", subject=subject, metric="streak", values=values, direction=direction, period=period,
                    slots=CountSlots(streak_to=streak_to))
    told = {(figure.quantity.text, figure.quantity.value)} if figure else set()
    kept = [c for c in claims if not ({(v.text, v.value) for v in c.values} & told)
            and not (c.kind == "return" and c.figure_missing and c.subject == streak.subject and not run["last"])]
    return [*kept, streak]


def _fuzzy(claim: Claim, lexicon: Lexicon) -> Claim:
    """A claim whose own period does not fix its start ("since early April": ``cues.fuzzy_period``; "since the
    tariffs were announced earlier this month": ``cues.fuzzy_before_period``) says so
    in ``Reading.period_from``: the checker lets no refutation stand on the window it resolved to."""
    if claim.period is None or claim.reading.period_from is not None:
        return claim
    at = claim.text.find(claim.period.text)
    before = claim.text[max(0, at - 12):at] if at > 0 else ""
    if not (lexicon.cue("fuzzy_period").search(claim.period.text)
            or lexicon.cue("fuzzy_before_period").search(before + claim.period.text)):
        return claim
    return replace(claim, reading=replace(claim.reading, period_from="fuzzy window"))


def _point_moves(found: list[FoundQuantity], text: str, lexicon: Lexicon) -> list[FoundQuantity]:
    """A hyphenated points figure ("a 1,600-point decline") is a figure only before a move's noun
    (``cues.point_move_noun``); "a 10-point plan" is none."""
    noun = lexicon.cue("point_move_noun")
    return [q for q in found if not (q.quantity.unit == "points" and "-" in text[q.start:q.end].lstrip("-+−"))
            or noun.match(text, q.end)]


# ----------------------------------------------------------------------------- trained head

WEIGHTS_FILE = "claim_head.safetensors"
FEATURE_NAMES = ("has_percent", "has_number", "has_period", "has_move", "has_forecast", "has_record",
                 "has_opinion", "has_valuation", "n_quantities", "length")


def claim_features(texts: Sequence[str], lexicon: Lexicon | None = None) -> np.ndarray:
    """Rule features beside the embedding: cue flags and counts (same order as FEATURE_NAMES)."""
    lexicon = lexicon or Lexicon.load()
    up, down, _ = _moves(lexicon)
    forecast, record, opinion, valuation = (lexicon.cue(cue) for cue in ("forecast", "record", "opinion", "valuation"))
    rows = []
    for text in texts:
        qs = find_quantities(text)
        rows.append([
            float(any(q.quantity.unit == "percent" for q in qs)), float(bool(re.search(r"\d", text))),
            float(mentions_period(text)), float(bool(up.search(text) or down.search(text))),
            float(bool(forecast.search(text))), float(bool(record.search(text))),
            float(bool(opinion.search(text))), float(bool(valuation.search(text))),
            min(len(qs), 5) / 5.0, min(len(text.split()), 60) / 60.0,
        ])
    return np.asarray(rows, dtype=np.float32).reshape(len(texts), len(FEATURE_NAMES))


class ClaimHead:
    """Check-worthiness: logistic regression on [embedding, rule features].

    Trained with scikit-learn and saved with skops (``claim_head.skops``, the full estimator);
    the pipeline reads the same weights from ``claim_head.safetensors`` and applies the logistic
    function with numpy, which keeps scikit-learn and skops out of the model-load time.
    """

    def __init__(self, coef: np.ndarray, intercept: float, meta: dict[str, Any]) -> None:
        self.coef = np.asarray(coef, dtype=np.float32).ravel()
        self.intercept = float(intercept)
        self.meta = meta

    @classmethod
    def load(cls, directory: Path) -> ClaimHead:
        from safetensors.numpy import load_file

        path = Path(directory) / WEIGHTS_FILE
        if not path.is_file():
            raise FileNotFoundError(f"{path} (train it with scripts/train_claims.py)")
        try:
            weights = load_file(str(path))
            meta = json.loads((Path(directory) / "meta.json").read_text(encoding="utf-8"))
            head = cls(weights["coef"], float(weights["intercept"].ravel()[0]), meta)
        except (OSError, ValueError, KeyError) as exc:
            raise ModelLoadError(f"{path}: cannot load claim head ({exc})") from None
        if head.coef.shape[0] != int(meta.get("n_features", head.coef.shape[0])):
            raise ModelLoadError(f"{path}: {head.coef.shape[0]} weights but meta.json says {meta['n_features']}")
        return head

    @staticmethod
    def save_weights(estimator: Any, directory: Path) -> None:
        """Write a fitted binary ``LogisticRegression``'s weights as safetensors."""
        from safetensors.numpy import save_file

        save_file({"coef": np.ascontiguousarray(estimator.coef_.ravel(), dtype=np.float32),
                   "intercept": np.asarray(estimator.intercept_, dtype=np.float32).ravel()},
                  str(Path(directory) / WEIGHTS_FILE))

    def predict_proba(self, embeddings: np.ndarray, texts: Sequence[str], lexicon: Lexicon | None = None) -> np.ndarray:
        """P(check-worthy) per sentence (its rule features read ``lexicon``, default the repo's)."""
        if len(texts) == 0:
            return np.zeros(0, dtype=np.float32)
        features = np.hstack([embeddings, claim_features(texts, lexicon)])
        if features.shape[1] != self.coef.shape[0]:
            raise ValueError(f"claim head expects {self.coef.shape[0]} features, got {features.shape[1]} "
                             "(an encoder of another width?)")
        return 1.0 / (1.0 + np.exp(-(features @ self.coef + self.intercept)))
