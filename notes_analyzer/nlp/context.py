"""What a note lends the sentences that lack it: ``NoteContext``, built once per note.

The claim rules read one sentence at a time; a sentence often leaves its period or subject to the
note ("The index fell 1%" after a sentence naming the Nasdaq, "Oil futures fell." in a note about
one session, the lines under a heading "S&P 500:"). ``NoteContext`` holds that, and is advanced
after each sentence with what the sentence named.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from notes_analyzer.nlp.periods import PeriodContext
from notes_analyzer.records import Claim, EntityMention, Period, Sentence

__all__ = ["HEADING_MAX_WORDS", "NoteContext"]

#: A heading that names a section's instrument ("S&P 500:", "Nasdaq Composite") is at most this long.
HEADING_MAX_WORDS = 6
#: A line without a colon is a heading when the name fills this share of it ("Nasdaq Composite").
HEADING_NAME_SHARE = 0.6
#: Claim kinds that take the period of the move before them ("over the same stretch").
INHERITS_PERIOD = ("return", "relative")


@dataclass(slots=True)
class NoteContext:
    """The reporting window and what the note has named so far.

    - ``published`` and ``session``: the publication day and the period the note reports on
      (``periods.note_session``: a weekly recap's week, the session by the timestamp, or the session
      in progress for a note written while the market is open);
    - ``index_ids``: the registry's equity indices (what "the index" can refer to);
    - ``periods``: the paragraph's time frame for "that day";
    - ``last_period``, ``last_subject``: the last move's period and the last instrument named in the
      paragraph ("It fell 4% over the same stretch");
    - ``last_index``: the last equity index named in the note;
    - ``section``: the instrument the current heading names ("S&P 500:"), for the lines under it;
    - ``seen``: when each instrument was last named (a count of sentences), for the lexicon's
      ``anaphors`` ("the precious metal" is the gold or silver named last);
    - ``country``: the other country the paragraph named last, for "the nation's 10-year yield".
    """

    published: date | None
    session: Period | None = None
    index_ids: frozenset[str] = frozenset()
    anchors: tuple[tuple[str, date], ...] = ()
    periods: PeriodContext = field(default_factory=PeriodContext)
    paragraph: int = -1
    last_period: Period | None = None
    last_subject: tuple[str, ...] = ()
    last_index: tuple[str, ...] = ()
    section: tuple[str, ...] = ()
    seen: dict[str, int] = field(default_factory=dict)
    sentences: int = 0
    country: str | None = None

    def latest(self, targets: Iterable[str]) -> str | None:
        """Of ``targets``, the one the note named last (None when it named none of them)."""
        named = [(self.seen[t], t) for t in targets if t in self.seen]
        return max(named)[1] if named else None

    def enter(self, sentence: Sentence, mentions: Sequence[EntityMention]) -> None:
        """Start ``sentence`` (its instrument mentions in sentence offsets): a new paragraph forgets the
        last period and subject; a heading naming one instrument opens that instrument's section."""
        if sentence.paragraph != self.paragraph:
            self.periods, self.paragraph = PeriodContext(anchors=self.anchors), sentence.paragraph
            self.last_period, self.last_subject, self.country = None, (), None
        named = {m.target for m in mentions}
        if len(named) == 1 and _heading(sentence.text, mentions):
            self.section = tuple(named)

    def after(self, claims: Iterable[Claim], main_period: Period | None,
              mentions: Sequence[EntityMention], foreign_first: bool = False) -> None:
        """What the sentence just read named, for the sentences after it (a sentence whose subject is
        outside the registry, "Coca-Cola shares were down", leaves no subject for "They gained 16%")."""
        claims = list(claims)
        self.sentences += 1
        for m in mentions:
            self.seen[m.target] = self.sentences
        # "over the same stretch" points at the frame of the last move measured, not the first time word
        self.last_period = (next((c.period for c in reversed(claims) if c.kind in INHERITS_PERIOD and c.period),
                                 None) or main_period or self.last_period)
        # "Bitcoin was the laggard. It fell 4% …": a named instrument is the next pronoun's subject
        self.last_subject = () if foreign_first else (next((c.subject for c in claims if c.subject), ())
                                                      or tuple(m.target for m in mentions[:1]) or self.last_subject)
        self.last_index = (next((c.subject[:1] for c in claims if c.subject and c.subject[0] in self.index_ids), ())
                           or tuple(m.target for m in mentions if m.target in self.index_ids)[:1] or self.last_index)


def _heading(text: str, mentions: Sequence[EntityMention]) -> bool:
    """A short line that labels what follows: "S&P 500:", or a line that is little more than the name
    ("Nasdaq Composite", "The S&P 500"), not a sentence about it."""
    stripped = text.strip()
    if not 0 < len(stripped.split()) <= HEADING_MAX_WORDS:
        return False
    named = sum(m.end - m.start for m in mentions)
    return stripped.endswith(":") or (stripped[-1] not in ".!?" and named >= HEADING_NAME_SHARE * len(stripped))
