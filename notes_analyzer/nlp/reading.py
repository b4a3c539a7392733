"""How a claim's own words are read, once, into its slots: the checker never reads ``claim.text``.

``read_claim(claim, lexicon)`` fills the slots a kind's checker needs from the wording, each from
one cue list of the lexicon (``models/lexicon.yaml``, section ``reading``):

- ``intensity``: large / small / flat / move, from the verb just after the subject's name (up to the
  end of its leg: "Stocks fell and the dollar slumped" reads "fell" for stocks);
- ``verb_direction``: up / down, the first rising or falling word after the subject's name;
- ``text_direction``: up / down when the sentence's words go one way only;
- ``bound``: above / below / at for a level ("fell below 4%");
- ``closing``: "yes" when a level is stated as a close;
- ``relation``: outperformed / underperformed / contrast for a relative claim;
- ``figure_owner``: "comparator" when a relative claim's one figure belongs to the comparator;
- ``benchmark``: "yes" when a forecast compares with a benchmark ("to outperform");
- ``from_to``: "i,j" when a move is told by its two levels ("fell from 4.2% to 4.0%"): the indices
  of those levels in ``values``;
- ``foreign_qualifier`` / ``comparator_foreign_qualifier``: the word that puts a US instrument's
  name on another market ("European small caps").

A slot the extraction rules already set is kept. Claims built by hand (tests, gold sets) go
through the same function, so they are read exactly as the pipeline reads notes.
"""

from __future__ import annotations

from dataclasses import replace

from notes_analyzer.nlp.lexicon import Lexicon
from notes_analyzer.records import Claim, Quantity

__all__ = ["VERB_WINDOW_CHARS", "levels_pair", "read_claim"]

#: How far after the subject's name the verb is looked for, in characters.
VERB_WINDOW_CHARS = 90
#: How far before a level's figure a bound word is looked for, in characters.
BOUND_WINDOW_CHARS = 25


def read_claim(claim: Claim, lexicon: Lexicon) -> Claim:
    """``claim`` with its reading slots filled from its words (slots already set are kept)."""
    slots = {**_movement(claim, lexicon), **_kind_slots(claim, lexicon)}
    fresh = {k: v for k, v in slots.items() if v and k not in claim.detail}
    return replace(claim, detail={**claim.detail, **fresh}) if fresh else claim


def _after_subject(claim: Claim) -> str:
    text = claim.text
    if claim.subject_text and claim.subject_text in text:
        return text[text.index(claim.subject_text) + len(claim.subject_text):]
    return text


def _movement(claim: Claim, lexicon: Lexicon) -> dict[str, str]:
    up, down = lexicon.reading("up"), lexicon.reading("down")
    rest = _after_subject(claim)
    if claim.subject_text and claim.subject_text in claim.text:
        leg_end = lexicon.reading("leg_end").search(rest)  # "Stocks fell and the dollar slumped": stocks only
        rest = rest[:leg_end.start()] if leg_end and leg_end.start() > 0 else rest
    near = rest[:VERB_WINDOW_CHARS] if claim.subject_text and claim.subject_text in claim.text else rest
    intensity = next((name for name in ("flat", "large", "small")
                      if lexicon.reading(f"intensity_{name}").search(near)), "move")
    first_up, first_down = up.search(rest), down.search(rest)
    verb = "" if first_up is None and first_down is None else (
        "up" if first_down is None or (first_up is not None and first_up.start() < first_down.start()) else "down")
    ups, downs = bool(up.search(claim.text)), bool(down.search(claim.text))
    return {"intensity": intensity, "verb_direction": verb,
            "text_direction": "" if ups == downs else ("up" if ups else "down")}


def _kind_slots(claim: Claim, lexicon: Lexicon) -> dict[str, str]:
    slots = {"foreign_qualifier": _foreign(claim.text, claim.subject_text, lexicon),
             "comparator_foreign_qualifier": _foreign(claim.text, claim.comparator_text, lexicon)}
    if claim.kind in ("level", "forecast"):  # a forecast is settled as the level it names
        figure = next((q for q in claim.values), None)
        slots["bound"] = _bound(claim.text, figure, lexicon) if figure is not None else ""
        slots["closing"] = "yes" if lexicon.reading("closing").search(claim.text) else ""
    if claim.kind in ("relative", "forecast"):
        slots["relation"] = next((name for name in ("outperformed", "underperformed", "contrast")
                                  if lexicon.reading(name).search(claim.text)), "")
        slots["figure_owner"] = _figure_owner(claim)
    if claim.kind == "return":
        slots["from_to"] = _from_to(claim, lexicon)
    if claim.kind == "forecast":
        slots["benchmark"] = "yes" if lexicon.reading("benchmark").search(claim.text) else ""
    return slots


def _from_to(claim: Claim, lexicon: Lexicon) -> str:
    """"i,j" for the first two values that the words give as a start and an end level, else ""."""
    for i, (start, end) in enumerate(zip(claim.values, claim.values[1:], strict=False)):
        if not (start.text and end.text) or start.unit != end.unit:
            continue
        at, until = claim.text.find(start.text), claim.text.find(end.text)
        if 0 <= at < until and levels_pair(claim.text, at, at + len(start.text), until, lexicon):
            return f"{i},{i + 1}"
    return ""


def levels_pair(text: str, start: int, start_end: int, end: int, lexicon: Lexicon) -> bool:
    """Whether the figure at ``start:start_end`` and the one at ``end`` read "from A to B" (the
    lexicon's ``from_to`` cue over the words before A and between A and B)."""
    return lexicon.reading("from_to").fullmatch(text[max(0, start - 12):start] + "|" + text[start_end:end]) is not None


def _bound(text: str, figure: Quantity, lexicon: Lexicon) -> str:
    """'above'/'below' when the words just before the figure say so ("fall below 4%"), else 'at'."""
    at = text.find(figure.text) if figure.text else -1
    before = text[max(0, at - BOUND_WINDOW_CHARS):at] if at >= 0 else ""
    return next((bound for bound in ("above", "below") if lexicon.reading(f"bound_{bound}").search(before)), "at")


def _figure_owner(claim: Claim) -> str:
    """'comparator' when a relative claim's single figure follows the comparator's name, not the subject's."""
    figures = [q for q in claim.values if q.unit in ("percent", "bp", "pp", "points")]
    if len(figures) != 1:
        return ""
    q, text = figures[0], claim.text
    at = text.find(q.text) if q.text else -1
    if at < 0:
        return ""
    subject = text.rfind(claim.subject_text or "\0", 0, at)
    comparator = text.rfind(claim.comparator_text or "\0", 0, at)
    return "comparator" if comparator > subject else "subject"


def _foreign(text: str, name: str | None, lexicon: Lexicon) -> str:
    if not name or name not in text:
        return ""
    qualifier = lexicon.reading("foreign_qualifier")
    match = qualifier.search(text[: text.index(name)]) or qualifier.search(f" {name.split()[0]}")
    return match.group(1) if match else ""
