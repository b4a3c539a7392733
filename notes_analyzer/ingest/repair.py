"""Scraping repairs that need to know names: words glued to an instrument's name where a page's
hyperlinks lost their spaces ("theS&P 500was up 0.4%", "Nasdaqfutures", "andDow Jones").

``unglue_names(text, names, words)`` puts a space back between a name of the registry and a word
glued to it: a word of two letters or more (or a comma) just before a capitalised name, and, just
after any name ("goldsurged", "tech-focused indexgained"), a word from ``words`` (the lexicon's ``glue_words``) or, after a name ending in a
digit, any word of three letters or more. Names are matched case-sensitively, so "Goldman" or
"Dowling" stay whole. The repaired text is what every later stage reads.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache

from notes_analyzer.records import Note

__all__ = ["repaired_note", "unglue_names"]

#: A name shorter than this is never unglued (too many false matches inside words).
MIN_NAME_CHARS = 3


@lru_cache(maxsize=8)
def _glue_regex(names: tuple[str, ...], words: tuple[str, ...]) -> re.Pattern[str] | None:
    usable = sorted({n for n in names if len(n) >= MIN_NAME_CHARS}, key=len, reverse=True)
    if not usable:
        return None
    name = "|".join(re.escape(n) for n in usable)
    word = "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)) or "(?!)"
    return re.compile(rf"(?P<before>(?<![A-Za-z])[A-Za-z][a-z-]*[a-z]|(?<=\w),)?(?P<name>{name})"
                      rf"(?:(?P<after>(?:{word})\b)|(?<=\d)(?P<after_digit>[a-z]{{3,}}\b))?")


def unglue_names(text: str, names: Iterable[str], words: Iterable[str] = ()) -> str:
    """``text`` with spaces put back around registry names that scraping glued to a word."""
    regex = _glue_regex(tuple(sorted(set(names))), tuple(words))
    if regex is None:
        return text

    def repair(m: re.Match[str]) -> str:
        before, after = m["before"], m["after"] or m["after_digit"]
        if before and not m["name"][0].isupper():
            return f"{before}{m['name']}{' ' + after if after else ''}"  # "goldsurged", never "mari gold"
        if not before and not after:
            return m[0]
        if after and m.end() < len(text) and text[m.end()].isalpha():
            after = None  # the glued word must end there
        return f"{before + ' ' if before else ''}{m['name']}{' ' + after if after else ''}"

    return regex.sub(repair, text)


def repaired_note(note: Note, names: Iterable[str], words: Iterable[str] = (), limit: int | None = None) -> Note:
    """``note`` with its text (and title) unglued, up to ``limit`` characters (the part that is analysed);
    the same note when nothing was glued."""
    names = tuple(names)
    head, tail = (note.text, "") if limit is None else (note.text[:limit], note.text[limit:])
    text = unglue_names(head, names, words) + tail
    title = unglue_names(note.title, names, words) if note.title else note.title
    return note if (text, title) == (note.text, note.title) else replace(note, text=text, title=title)
