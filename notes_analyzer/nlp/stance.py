"""Target stance: bullish/bearish/neutral toward each instrument or sector a note discusses.

Each (sentence, target) pair gets a signed value in [-1, 1]:

1. an explicit position before the target wins: "overweight X" (+1), "underweight X",
   "avoid X", "sell X" (-1); "out of X into Y", "away from X toward Y", "broadens from X to Y"
   (X -1, Y +1); "prefer X over Y" (Y -1);
2. else the object of a comparison in the target's clause: "A outperformed X" (X -1),
   "A lagged X" (X +1);
3. else the target's clause decides when it carries stance words ("the Nasdaq 100, which has
   remained relatively flat, gaining a meager 2.0%" is bearish on the Nasdaq 100; "overextended
   tech giants" is bearish on tech; "reducing a key headwind" is bullish);
4. else a target the sentence sets in contrast ("in stark contrast to X", "unlike X") takes the
   opposite sign of the sentence;
5. else the sentence's sentiment (P(positive) - P(negative)).

A target's score is the mean of its sentence values; its label follows ``STANCE_THRESHOLD``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

from notes_analyzer import records

__all__ = ["STANCE_THRESHOLD", "compute_stances", "note_stance_score", "sentence_polarity"]

#: |score| a target needs to be called bullish/bearish rather than neutral.
STANCE_THRESHOLD = 0.15
#: Least magnitude a clause stance word or contrast gives a target (a neutral-read sentence
#: that says "a meager 2.0%" is still bearish on its target).
CLAUSE_MIN_MAGNITUDE = 0.5
#: Words looked at before a target for an explicit position ("overweight", "avoid").
POSITION_WINDOW_WORDS = 5
#: Macro series a note does not take a market stance on (it is bullish on stocks *because of*
#: cooling inflation, not bullish on CPI).
NON_STANCE_TARGETS = frozenset({"FEDFUNDS_TARGET", "CPI", "CORE_CPI", "UNRATE", "PAYEMS", "GDP", "VIX"})

_BEARISH_POSITION = re.compile(
    r"\b(?:underweight|avoid|avoiding|sell|selling|short|shorting|trim|trimming|reduce|reducing|out of|"
    r"exit|exiting|take profits (?:from|in|on)|profits from)\b(?:\W+\w+){0,3}\W*$")
_BULLISH_POSITION = re.compile(
    r"\b(?:overweight|overweighting|buy|buying|add|adding|favor|favour|favoring|favouring|prefer|"
    r"conviction buy in|bullish on|long|rotat\w* into|flow\w* into|inflows into)\b(?:\W+\w+){0,3}\W*$")
#: A comparative verb before a target makes it the loser (or winner) of the comparison.
_BEATS = re.compile(r"\b(?:beat|beats|beaten|beating|outperform\w*|outpac\w*|outrun\w*|trounc\w*)\b")
_LAGS = re.compile(r"\b(?:lag|lags|lagged|lagging|trail\w*|underperform\w*)\b")
_FROM = re.compile(r"\b(?:out of|away from|broadens from|broadening from|rotat\w* from|shift\w* from)\b")
_TO = re.compile(r"\b(?:into|toward|towards|to include|to)\b")
_REDUCED_HEADWIND = re.compile(r"\b(?:reduc|eas|remov|lift|lessen)\w*\W+(?:\w+\W+){0,2}headwinds?\b")
_PREFER_OVER = re.compile(r"\bprefer\b.*\bover\W+(?:\w+\W+){0,2}$")
_CONTRAST = re.compile(r"\b(?:in (?:stark |sharp )?contrast (?:to|with)|unlike|compared (?:with|to)|versus|vs\.?|"
                       r"relative to|while|whereas)\W+(?:\w+\W+){0,3}$")
_BULLISH_WORDS = re.compile(
    r"\b(?:outperform\w*|beat|beating|rall(?:y|ied|ying)|surg\w+|soar\w*|rocket\w*|jump\w*|record high|"
    r"all-time high|cheap|attractive|undervalued|overweight|conviction buy|favou?r\w*|beneficiar\w+|tailwinds?|"
    r"strength|leading|breakout|rebound\w*|upside|compelling|thrive|outpace\w*)\b")
_BEARISH_WORDS = re.compile(
    r"\b(?:meager|meagre|flat|lagg\w+|lagged|underperform\w*|trail\w*|slump\w*|fell|fall\w*|tumbl\w+|drop\w*|"
    r"overextended|stretched|expensive|overvalued|bubble|take profits|profit-taking|underweight|avoid|sell|"
    r"headwinds?|barely|narrow|concentrated|fades?|fading|excess\w*|speculative|downturn|vulnerable)\b")
_CLAUSE_BREAK = re.compile(r"[,;:—–()]|\s-\s|(?<=\w)-(?=(?:one|has|had|is|was|could|which)\b)")
_RELATIVE_START = re.compile(r"^\s*(?:which|who|that|gaining|losing|rising|falling|up|down)\b")


def sentence_polarity(sentiment: records.SentenceSentiment | None) -> float:
    """P(positive) - P(negative), or the label's sign times its probability."""
    if sentiment is None:
        return 0.0
    scores = sentiment.scores or {}
    if "positive" in scores or "negative" in scores:
        return float(scores.get("positive", 0.0)) - float(scores.get("negative", 0.0))
    sign = {"positive": 1.0, "negative": -1.0}.get(sentiment.label, 0.0)
    return sign * float(sentiment.probability)


def compute_stances(sentences: Sequence[records.Sentence], mentions: Sequence[records.EntityMention],
                    sentiments: Sequence[records.SentenceSentiment]) -> tuple[records.Stance, ...]:
    """One ``Stance`` per target mentioned, ordered by number of mentions."""
    by_index = {s.index: s for s in sentences}
    polarity = {s.sentence_index: sentence_polarity(s) for s in sentiments}
    values: dict[str, dict[int, list[float]]] = defaultdict(lambda: defaultdict(list))
    counts: dict[str, int] = defaultdict(int)
    for m in mentions:
        sentence = by_index.get(m.sentence_index)
        if sentence is None or m.target in NON_STANCE_TARGETS:
            continue
        counts[m.target] += 1
        values[m.target][m.sentence_index].append(
            mention_value(sentence, m, polarity.get(m.sentence_index, 0.0)))
    stances = [_stance(target, per_sentence, counts[target]) for target, per_sentence in values.items()]
    return tuple(sorted(stances, key=lambda s: (-s.mentions, s.target)))


def _stance(target: str, per_sentence: dict[int, list[float]], mentions: int) -> records.Stance:
    sentence_values = [sum(v) / len(v) for v in per_sentence.values()]
    score = max(-1.0, min(1.0, sum(sentence_values) / len(sentence_values)))
    label: records.StanceLabel = ("bullish" if score >= STANCE_THRESHOLD else "bearish" if score <= -STANCE_THRESHOLD
                                  else "neutral")
    return records.Stance(target=target, label=label, score=round(score, 4), mentions=mentions,
                          sentence_indices=tuple(sorted(per_sentence)))


def mention_value(sentence: records.Sentence, mention: records.EntityMention, polarity: float) -> float:
    """The signed stance one sentence takes toward one mentioned target."""
    start, end = _relative_span(sentence, mention)
    text = sentence.text
    before = text[:start].lower()
    strength = max(abs(polarity), CLAUSE_MIN_MAGNITUDE)
    position = _from_to(text.lower(), start) or _position(before)
    if position:
        return float(position)
    clause = _clause(text, start, end).lower()
    compared = _comparison_object(clause[: clause.find(mention.text.lower())])
    if compared:
        return compared * strength
    clause = clause.replace(mention.text.lower(), " ")
    lexical = _lexical(clause) or -int(bool(_BEARISH_WORDS.search(mention.text.lower())))
    if lexical:
        return lexical * strength
    if _CONTRAST.search(before):
        return -polarity if polarity else 0.0
    return polarity


def _comparison_object(clause_before: str) -> int:
    """-1 when the target is what something beat ("A outperformed X"), +1 when what lagged it."""
    if not clause_before:
        return 0
    if _BEATS.search(clause_before):
        return -1
    return 1 if _LAGS.search(clause_before) else 0


def _from_to(text: str, start: int) -> int:
    """-1 for a target between "out of"/"away from" and "into"/"toward", +1 after it, else 0."""
    source = _FROM.search(text)
    if source is None or start < source.end():
        return 0
    target = _TO.search(text, source.end())
    if target is None or start < target.start():
        return -1
    return 1


def _position(before: str) -> int:
    """+1/-1 for an explicit position word just before the target, else 0."""
    window = " ".join(before.split()[-POSITION_WINDOW_WORDS:])
    if _PREFER_OVER.search(before[-80:]):
        return -1
    if _BEARISH_POSITION.search(window):
        return -1
    return 1 if _BULLISH_POSITION.search(window) else 0


def _lexical(clause: str) -> int:
    """+1/-1 when the clause's stance words lean one way ("reducing a headwind" is bullish)."""
    clause = _REDUCED_HEADWIND.sub(" tailwind ", clause)
    bull, bear = len(_BULLISH_WORDS.findall(clause)), len(_BEARISH_WORDS.findall(clause))
    return (bull > bear) - (bear > bull)


def _clause(text: str, start: int, end: int) -> str:
    """The clause holding chars ``start:end``, with a following relative clause ("…, which …")."""
    bounds = [0, *(m.end() for m in _CLAUSE_BREAK.finditer(text)), len(text) + 1]
    pieces = [(a, b) for a, b in zip(bounds, bounds[1:], strict=False) if a < b]
    for i, (a, b) in enumerate(pieces):
        if a <= start < b:
            clause = text[a:b]
            for c, d in pieces[i + 1:]:
                if not _RELATIVE_START.match(text[c:d]):
                    break
                clause += text[c:d]
            return clause
    return text


def _relative_span(sentence: records.Sentence, mention: records.EntityMention) -> tuple[int, int]:
    """The mention's chars relative to the sentence (mentions carry note offsets)."""
    width = len(mention.text)
    for start in (mention.start - sentence.start, mention.start):
        if 0 <= start and sentence.text[start:start + width].lower() == mention.text.lower():
            return start, start + width
    found = sentence.text.lower().find(mention.text.lower())
    return (found, found + width) if found >= 0 else (0, 0)


def note_stance_score(stances: Sequence[records.Stance]) -> float:
    """Mention-weighted mean of the targets' scores: the note's net bullishness in [-1, 1]."""
    total = sum(s.mentions for s in stances)
    return round(sum(s.score * s.mentions for s in stances) / total, 4) if total else 0.0
