"""How a claim's own words are read, once, into its slots: the checker never reads ``claim.text``.

``read_claim(claim, lexicon)`` fills the claim's ``Reading`` and its kind's slot frame
(``records.KIND_FRAMES``) from the wording, each slot from one cue list of the lexicon
(``models/lexicon.yaml``, section ``reading``):

- ``Reading.intensity``: large / small / flat / move, from the verb just after the subject's name (up
  to the end of its leg: "Stocks fell and the dollar slumped" reads "fell" for stocks);
- ``Reading.verb_direction``: up / down, the first rising or falling word after the subject's name;
- ``Reading.text_direction``: up / down when the sentence's words go one way only;
- ``Reading.moves_before_subject``: the subject is named, its words state no move of their own ("amid
  broader market gains" do), and no rising or falling word follows its name in its leg, though the
  sentence has some (another subject's move);
- ``Reading.foreign_qualifier`` / ``comparator_foreign_qualifier``: the word that puts a US
  instrument's name on another market ("European small caps");
- ``bound`` (``LevelSlots``, ``ForecastSlots``): above / below / at for a level ("fell below 4%");
- ``closing`` (the same): True when a level is stated as a close;
- ``relation`` (``RelativeSlots``, ``ForecastSlots``): outperformed / underperformed / contrast;
- ``figure_owner`` (the same): "comparator" when a relative claim's one figure belongs to the comparator;
- ``ForecastSlots.benchmark``: True when a forecast compares with a benchmark ("to outperform");
- ``ReturnSlots.from_to``: (i, j) when a move is told by its two levels ("fell from 4.2% to 4.0%"):
  the indices of those levels in ``values``;
- ``ReturnSlots.intraday``: True when the words next to the move's figure put it within a session
  ("intraday", "at one point", "at its session low", "fell as much as 4.7%").

A slot the extraction rules already set is kept. Claims built by hand (tests, gold sets) go
through the same function, so they are read exactly as the pipeline reads notes.
"""

from __future__ import annotations

import re
from dataclasses import fields, replace
from typing import TYPE_CHECKING, TypeVar

from notes_analyzer.nlp.lexicon import Lexicon
from notes_analyzer.records import (
    Bound,
    Claim,
    FigureOwner,
    ForecastSlots,
    Heading,
    Intensity,
    LevelSlots,
    Quantity,
    Reading,
    Relation,
    RelativeSlots,
    ReturnSlots,
    SlotFrame,
)

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

    _R = TypeVar("_R", bound=DataclassInstance)

__all__ = ["VERB_WINDOW_CHARS", "levels_pair", "read_claim"]

#: How far after the subject's name the verb is looked for, in characters.
VERB_WINDOW_CHARS = 90
#: How far before a level's figure a bound word is looked for, in characters.
BOUND_WINDOW_CHARS = 25
#: The intensities and relations the lexicon has cues for, in the order they are tried.
INTENSITIES: tuple[Intensity, ...] = ("flat", "large", "small")
RELATIONS: tuple[Relation, ...] = ("outperformed", "underperformed", "contrast")


def read_claim(claim: Claim, lexicon: Lexicon) -> Claim:
    """``claim`` with its reading slots filled from its words (slots already set are kept)."""
    reading = _kept(claim.reading, _reading(claim, lexicon))
    read = _kind_slots(claim, lexicon)
    slots = _kept(claim.slots, read) if claim.slots is not None and read is not None else claim.slots
    return replace(claim, reading=reading, slots=slots) if (reading, slots) != (claim.reading, claim.slots) else claim


def _kept(given: _R, read: _R) -> _R:
    """``given`` with its unset slots (None, False) taken from ``read``: slots already set win."""
    fresh = {f.name: getattr(read, f.name) for f in fields(given)
             if not getattr(given, f.name) and getattr(read, f.name)}
    return replace(given, **fresh) if fresh else given


def _after_subject(claim: Claim) -> str:
    text = claim.text
    if claim.subject_text and claim.subject_text in text:
        return text[text.index(claim.subject_text) + len(claim.subject_text):]
    return text


def _reading(claim: Claim, lexicon: Lexicon) -> Reading:
    up, down = lexicon.reading("up"), lexicon.reading("down")
    rest = _after_subject(claim)
    if claim.subject_text and claim.subject_text in claim.text:
        leg_end = lexicon.reading("leg_end").search(rest)  # "Stocks fell and the dollar slumped": stocks only
        rest = rest[:leg_end.start()] if leg_end and leg_end.start() > 0 else rest
    near = rest[:VERB_WINDOW_CHARS] if claim.subject_text and claim.subject_text in claim.text else rest
    intensity: Intensity = next((name for name in INTENSITIES if lexicon.reading(f"intensity_{name}").search(near)),
                                "move")
    first_up, first_down = up.search(rest), down.search(rest)
    verb: Heading | None = None if first_up is None and first_down is None else (
        "up" if first_down is None or (first_up is not None and first_up.start() < first_down.start()) else "down")
    ups, downs = bool(up.search(claim.text)), bool(down.search(claim.text))
    name = claim.subject_text or ""
    named = bool(name) and name in claim.text
    states_own_move = named and bool(up.search(name) or down.search(name)
                                     or lexicon.cue("market_backdrop").search(name)
                                     or lexicon.cue("day_market_move").search(name))  # "yesterday's losses"
    return Reading(intensity=intensity, verb_direction=verb,
                   text_direction=None if ups == downs else ("up" if ups else "down"),
                   moves_before_subject=named and not states_own_move and verb is None and (ups or downs),
                   foreign_qualifier=_foreign(claim.text, claim.subject_text, lexicon),
                   comparator_foreign_qualifier=_foreign(claim.text, claim.comparator_text, lexicon))


def _kind_slots(claim: Claim, lexicon: Lexicon) -> SlotFrame | None:
    """The slots of the claim's kind that its words give; None for a kind the words fill nothing of."""
    if claim.kind == "return":
        return ReturnSlots(from_to=_from_to(claim, lexicon), intraday=_intraday(claim, lexicon))
    if claim.kind not in ("level", "relative", "forecast"):
        return None
    bound: Bound | None = None
    closing = False
    if claim.kind in ("level", "forecast"):  # a forecast is settled as the level it names
        figure = next((q for q in claim.values), None)
        bound = _bound(claim.text, figure, lexicon) if figure is not None else None
        closing = bool(lexicon.reading("closing").search(_lead(claim.text, figure)))
    if claim.kind == "level":
        return LevelSlots(bound=bound, closing=closing)
    relation = next((name for name in RELATIONS if lexicon.reading(name).search(claim.text)), None)
    if claim.kind == "relative":
        return RelativeSlots(relation=relation, figure_owner=_figure_owner(claim))
    return ForecastSlots(bound=bound, closing=closing, relation=relation, figure_owner=_figure_owner(claim),
                         benchmark=bool(lexicon.reading("benchmark").search(claim.text)))


#: How far before and after a move's figure its intraday words are read ("fell as much as 4.7%", "was up 3.4% at
#: one point"); another figure's ("fell 1.5% on Monday, after falling 4.7% intraday") are not its own.
INTRADAY_BEFORE_CHARS, INTRADAY_AFTER_CHARS = 40, 40


def _intraday(claim: Claim, lexicon: Lexicon) -> bool:
    """Whether the words put the move within a session: near its figure when it has one."""
    figure = next((v.text for v in claim.values if v.text), None)
    at = claim.text.find(figure) if figure else -1
    if figure is None or at < 0:
        return bool(lexicon.reading("intraday").search(claim.text))
    before = claim.text[max(0, at - INTRADAY_BEFORE_CHARS):at]
    after = claim.text[at + len(figure):at + len(figure) + INTRADAY_AFTER_CHARS]
    brk = lexicon.reading("figure_clause_break")  # the figure's own clause: "…, after falling as much as 4.7%"
    before, after = brk.split(before)[-1], re.split(r",\s", brk.split(after)[0])[0]
    extreme = claim.metric not in ("from_peak", "from_trough") and lexicon.reading("extreme_move").search(before)
    return bool(lexicon.reading("intraday").search(before) or lexicon.reading("intraday").search(after) or extreme)


def _from_to(claim: Claim, lexicon: Lexicon) -> tuple[int, int] | None:
    """(i, i + 1) for the first two values that the words give as a start and an end level, else None."""
    for i, (start, end) in enumerate(zip(claim.values, claim.values[1:], strict=False)):
        if not (start.text and end.text) or start.unit != end.unit:
            continue
        at, until = claim.text.find(start.text), claim.text.find(end.text)
        if 0 <= at < until and levels_pair(claim.text, at, at + len(start.text), until, lexicon):
            return i, i + 1
    return None


def levels_pair(text: str, start: int, start_end: int, end: int, lexicon: Lexicon) -> bool:
    """Whether the figure at ``start:start_end`` and the one at ``end`` read "from A to B" (the
    lexicon's ``from_to`` cue over the words before A and between A and B)."""
    return lexicon.reading("from_to").fullmatch(text[max(0, start - 12):start] + "|" + text[start_end:end]) is not None


#: A level's "closed"/"ended" is read this far before its figure ("after markets close; gold futures hit
#: $3,500" is no close of gold).
CLOSING_WINDOW_CHARS = 60


def _lead(text: str, figure: Quantity | None) -> str:
    """The words before the figure (the whole text when the figure is not found in it)."""
    at = text.find(figure.text) if figure is not None and figure.text else -1
    lead = text[max(0, at - CLOSING_WINDOW_CHARS):at] if at >= 0 else text
    return re.split(r"[;:]", lead)[-1]  # "after markets close; gold futures hit $3,500": not this clause's


def _bound(text: str, figure: Quantity, lexicon: Lexicon) -> Bound:
    """'above'/'below' when the words just before the figure say so ("fall below 4%"), else 'at'."""
    at = text.find(figure.text) if figure.text else -1
    before = text[max(0, at - BOUND_WINDOW_CHARS):at] if at >= 0 else ""
    bounds: tuple[Bound, ...] = ("above", "below")
    return next((bound for bound in bounds if lexicon.reading(f"bound_{bound}").search(before)), "at")


def _figure_owner(claim: Claim) -> FigureOwner | None:
    """'comparator' when a relative claim's single figure follows the comparator's name, not the subject's."""
    figures = [q for q in claim.values if q.unit in ("percent", "bp", "pp", "points")]
    if len(figures) != 1:
        return None
    q, text = figures[0], claim.text
    at = text.find(q.text) if q.text else -1
    if at < 0:
        return None
    subject = text.rfind(claim.subject_text or "\0", 0, at)
    comparator = text.rfind(claim.comparator_text or "\0", 0, at)
    return "comparator" if comparator > subject else "subject"


def _foreign(text: str, name: str | None, lexicon: Lexicon) -> str | None:
    if not name or name not in text:
        return None
    qualifier = lexicon.reading("foreign_qualifier")
    match = qualifier.search(text[: text.index(name)]) or qualifier.search(f" {name.split()[0]}")
    return match.group(1) if match else None
