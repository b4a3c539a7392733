"""Measures of extraction quality, shared by the tests and ``scripts/bench_extract.py``.

Word recall of a known body, boilerplate lines kept, sentences split by a link, and the
metadata comparisons used on ``../shared/html`` (title, authors, date ±1 day).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from datetime import date, datetime, timedelta

__all__ = [
    "DATE_TOLERANCE",
    "author_matches",
    "boilerplate_kept",
    "broken_paragraphs",
    "date_matches",
    "link_breaks",
    "title_matches",
    "word_recall",
]

DATE_TOLERANCE = timedelta(days=1)
#: Source paragraphs shorter than this (in words) are not checked for being split.
MIN_CHECKED_WORDS = 8
_WORD = re.compile(r"\w+(?:['’.%-]\w+)*%?")
_SPACE_PUNCT = re.compile(r"(\S+)\s+([,.;:!?])(?=\s|$)")


def _flat(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).replace("’", "'").replace("“", '"').replace("”", '"')
    return re.sub(r"\s+", " ", text).strip()


def word_recall(truth: str, text: str) -> float:
    """Share of the true body's words (as a multiset) found in ``text``."""
    want = Counter(w.lower() for w in _WORD.findall(_flat(truth)))
    got = Counter(w.lower() for w in _WORD.findall(_flat(text)))
    total = sum(want.values())
    return 1.0 if total == 0 else sum(min(n, got[w]) for w, n in want.items()) / total


def boilerplate_kept(paragraphs: list[str] | tuple[str, ...], boilerplate: list[str]) -> list[str]:
    """Boilerplate lines that survive as a paragraph of their own."""
    kept = {_flat(p).casefold() for p in paragraphs}
    return [line for line in boilerplate if _flat(line).casefold() in kept]


def broken_paragraphs(truth_paragraphs: list[str], paragraphs: list[str] | tuple[str, ...]) -> list[str]:
    """True paragraphs that do not appear whole inside one extracted paragraph."""
    got = [_flat(p) for p in paragraphs]
    return [t for t in truth_paragraphs if not any(_flat(t) in g for g in got)]


def link_breaks(source_html: str, paragraphs: list[str] | tuple[str, ...]) -> list[str]:
    """Line breaks or spaces before punctuation in ``paragraphs`` that the page did not have.

    Also reports a source ``<p>`` whose opening and ending are both in the text but whose whole
    text is in no one paragraph (a sentence cut, or emptied, where a link was).
    """
    from lxml import html as lxml_html

    tree = lxml_html.fromstring(source_html)
    for bad in tree.xpath("//script|//style|//noscript"):
        bad.drop_tree()
    source = _flat(tree.text_content())
    problems = [f"line break in: {p[:60]!r}" for p in paragraphs if "\n" in p]
    for paragraph in paragraphs:
        for match in _SPACE_PUNCT.finditer(_flat(paragraph)):
            if match.group(0) not in source:
                problems.append(f"space before {match.group(2)!r} after {match.group(1)!r}")
    flat_paragraphs = [_flat(p) for p in paragraphs]
    joined = " ".join(flat_paragraphs)
    for element in tree.xpath("//p"):
        text = _flat(element.text_content())
        words = text.split()
        if len(words) < MIN_CHECKED_WORDS:
            continue
        head, tail = " ".join(words[: MIN_CHECKED_WORDS // 2]), " ".join(words[-(MIN_CHECKED_WORDS // 2) :])
        if head in joined and tail in joined and joined.index(head) < joined.rindex(tail):
            if not any(text in p for p in flat_paragraphs):
                problems.append(f"paragraph split: {text[:60]!r}")
    return problems


def title_matches(got: str | None, expected: str) -> bool:
    return got is not None and bool(got) and _flat(got).casefold() == _flat(expected).casefold()


def _letters(text: str) -> str:
    return re.sub(r"[^a-z]", "", unicodedata.normalize("NFKD", text).casefold())


def author_matches(got: tuple[str, ...] | list[str], expected: str) -> bool:
    """Every name we return is in the expected byline, and its first person is among ours.

    Expected bylines come from other parsers and may carry an agency tail
    ("John Patrick Pullen, TIME") or lack separators ("Paul WisemanFatima Hussein, …").
    """
    if not got:
        return False
    want = _letters(expected)
    first = _letters(" ".join(re.split(r"[,;]| and ", expected)[0].split()[:2]))
    return all(_letters(name) and _letters(name) in want for name in got) and first in _letters("".join(got))


def date_matches(got: datetime | date | None, expected: str, tolerance: timedelta = DATE_TOLERANCE) -> bool:
    """``got`` within ``tolerance`` of the ISO date/datetime ``expected`` (compared in UTC when aware)."""
    if got is None:
        return False
    want = datetime.fromisoformat(expected.replace("Z", "+00:00"))
    if not isinstance(got, datetime):
        got = datetime(got.year, got.month, got.day)
    if (got.tzinfo is None) != (want.tzinfo is None):
        got, want = got.replace(tzinfo=None), want.replace(tzinfo=None)
    return abs(got - want) <= tolerance
