"""Language check at ingest: only English notes are analysed."""

from __future__ import annotations

import re

from notes_analyzer.errors import ExtractError
from notes_analyzer.records import Note

__all__ = ["ensure_english"]

#: A note with fewer English function words than this share of its words is not English.
MIN_ENGLISH_STOPWORD_SHARE = 0.12
_ENGLISH_STOPWORDS = frozenset(
    "the of and to in a is that for it as was with be by on not he this are or at from his an have but "
    "has had which its were their they been will more than would who so can all into also its our we".split()
)
_WORD = re.compile(r"[A-Za-z\u00c0-\u024f]+")
MIN_WORDS_FOR_LANGUAGE = 20


def ensure_english(note: Note, source: str) -> Note:
    """The note itself, or ExtractError when its text is plainly not English."""
    words = _WORD.findall(note.text.lower())
    if len(words) < MIN_WORDS_FOR_LANGUAGE:
        return note
    share = sum(w in _ENGLISH_STOPWORDS for w in words) / len(words)
    if share < MIN_ENGLISH_STOPWORD_SHARE:
        raise ExtractError(f"{source}: the note is not in English (English function words {share:.0%} of the text); "
                           "only English notes are analysed")
    return note
