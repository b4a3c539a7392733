"""Scraping repairs that need to know names: words glued to an instrument's name where a page's
hyperlinks lost their spaces ("theS&P 500was up 0.4%", "Nasdaqfutures", "andDow Jones").

``unglue_names(text, names, words)`` puts a space back between a name of the registry and a word
glued to it: a word of two letters or more (or a comma) just before a capitalised name, and, just
after any name ("goldsurged", "tech-focused indexgained"), a word from ``words`` (the lexicon's
``glue_words``) or, after a name ending in a
digit, any word of three letters or more. Names are matched case-sensitively, so "Goldman" or
"Dowling" stay whole.

``WordSplitter`` splits two ordinary words glued together ("declinedabout", "Stockssold",
"inEurope"): only a word that is not in wordninja's English word list, split by wordninja into two
common words of which one is a glue word of the lexicon's ``word_glue`` section (a function word such
as "the", "was", "about", or a market word of ``glue_words``). Names and compounds that are not in the
list stay whole ("Broadcom", "selloff"), and the section's ``keep`` words never split.

``split_glued_sentences`` puts back the space a scrape lost after a full stop ("forearnings this
weekfrom big tech firms.Nasdaqfutures are 1.5% higher", "since 2022.S&P 500 futures"): a stop after a
lowercase letter, a digit, "%" or ")" and before a capital letter (never "U.S.", "BRK.B" or "2.5").

``FurnitureCutter`` takes out the page furniture a scrape glued into a paragraph (the lexicon's
``page_furniture``): share-widget runs ("Share to FacebookShare to TwitterShare to LinkedinTopline
Stocks ripped higher …") are dropped, and a section heading or photo credit glued before a sentence
("… in 2017.Getty Images  Key Facts   All three major U.S. indexes slipped") becomes a paragraph break.

``unwrap_links`` keeps the words of a markdown link and drops its brackets and address
("[oil prices dropping](https://…)" or, where the address was replaced, "[Gold]([link]").

The repaired text is what every later stage reads.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache
from typing import TYPE_CHECKING

from notes_analyzer.records import Note

if TYPE_CHECKING:
    from notes_analyzer.nlp.lexicon import Lexicon

__all__ = ["FurnitureCutter", "WordSplitter", "repaired_note", "split_glued_sentences", "unglue_names", "unwrap_links"]

#: A markdown link: its words, then its address (a URL, or the "[link]" a corpus put in its place).
MARKDOWN_LINK = re.compile(r"\[(?P<words>[^\[\]\n]{0,300}?)\]\((?:\[link\]|<?https?://[^\s()<>]*>?)\)?")


#: A full stop glued to the next sentence's first word.
GLUED_STOP = re.compile(r"(?<=[a-z\d%)”\"])([.!?])(?=[A-Z][a-zA-Z&])")


#: A hyphen the scrape turned into "?" inside a compound ("year?to?date"): a question mark between two
#: lower-case words of these compounds is never a question.
LOST_HYPHEN = re.compile(r"\b(year|month|quarter|week)\?(to|over)\?(date|year|month|quarter)\b", re.IGNORECASE)


def lost_hyphens(text: str) -> str:
    """"year?to?date" → "year-to-date"."""
    return LOST_HYPHEN.sub(r"\1-\2-\3", text)


def split_glued_sentences(text: str) -> str:
    """``text`` with a space after each full stop glued to the next sentence."""
    return GLUED_STOP.sub(r"\1 ", text)


def unwrap_links(text: str) -> str:
    """``text`` with each markdown link reduced to its words."""
    return MARKDOWN_LINK.sub(lambda m: m["words"], text) if "](" in text else text


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
                      rf"(?:(?P<after>(?:{word})(?![a-z]))|(?<=\d)(?P<after_digit>[a-z]{{3,}}(?![a-z])))?")


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
        if after and m.end() < len(text) and text[m.end()].islower():
            after = None  # the glued word must end there
        return f"{before + ' ' if before else ''}{m['name']}{' ' + after if after else ''}"

    return regex.sub(repair, text)


@lru_cache(maxsize=1)
def _word_ranks() -> dict[str, int]:
    """wordninja's English words (Wikipedia unigrams) by frequency rank, read on first use."""
    import wordninja

    costs = wordninja.DEFAULT_LANGUAGE_MODEL._wordcost
    return {word: rank for rank, word in enumerate(sorted(costs, key=costs.__getitem__))}


#: A word (a run of letters) that may be two glued words: five letters or more.
_WORD = re.compile(r"(?<![A-Za-z0-9&'’])[A-Za-z]{5,}(?![A-Za-z0-9&'’])")
#: "inEurope": the lowercase word before a capital must be at least this common (frequency rank).
CAMEL_LEFT_RANK = 20000
_CAMEL = re.compile(r"([a-z]{2,})([A-Z][a-z]{2,})")


class WordSplitter:
    """Splits two words that scraping glued together, by the rules of the lexicon's ``word_glue``."""

    def __init__(self, leading: Iterable[str], trailing: Iterable[str], keep: Iterable[str] = (),
                 max_rank: int = 100000, not_leading: Iterable[str] = ()) -> None:
        self.leading = frozenset(w.lower() for w in leading) - frozenset(w.lower() for w in not_leading)
        self.trailing = frozenset(w.lower() for w in trailing)
        self.keep = frozenset(w.lower() for w in keep)
        self.max_rank = max_rank

    @classmethod
    @lru_cache(maxsize=4)
    def from_lexicon(cls, lexicon: Lexicon) -> WordSplitter:
        """The splitter of ``lexicon`` (one per lexicon)."""
        rules = lexicon.word_glue()
        market_words = lexicon.glue_words()
        return cls(leading=(*rules.get("leading", ()), *market_words),
                   trailing=(*rules.get("trailing", ()), *market_words),
                   keep=rules.get("keep", ()), max_rank=int(rules.get("max_rank", 100000)),
                   not_leading=rules.get("not_leading", ()))

    @property
    def _ranks(self) -> dict[str, int]:
        return _word_ranks()

    def _common(self, word: str, rank: int | None = None) -> bool:
        return self._ranks.get(word.lower(), 1 << 30) < (rank or self.max_rank)

    def split(self, word: str) -> tuple[str, str] | None:
        """The two words glued in ``word``, or None when it is one word (or unsure)."""
        low = word.lower()
        if low in self._ranks or low in self.keep:
            return None
        if camel := _CAMEL.fullmatch(word):  # "inEurope", "sessionThursday"
            left = camel[1]
            known = left in self.leading or left in self.trailing or self._common(left, CAMEL_LEFT_RANK)
            return (left, camel[2]) if known else None
        if not (word.islower() or (word[0].isupper() and word[1:].islower())):
            return None
        import wordninja

        parts = wordninja.split(word)
        if len(parts) != 2 or "".join(parts) != word:
            return None
        first, second = parts
        a, b = first.lower(), second.lower()
        if len(b) < 2 or not (self._common(a) and self._common(b)):
            return None
        if a == "a":  # "avolatile", "Atariff" ("a" is never the second word: "Humana")
            return parts if len(b) >= 4 else None
        if a in self.leading and len(b) >= 2:
            return parts
        if b in self.trailing and len(a) >= (4 if word[0].isupper() else 3):  # "Teslaas", not "Shein"
            return parts
        return None

    def repair(self, text: str) -> str:
        """``text`` with a space put back inside each glued pair of words."""
        def fix(m: re.Match[str]) -> str:
            parts = self.split(m[0])
            return f"{parts[0]} {parts[1]}" if parts else m[0]

        return _WORD.sub(fix, text)


class FurnitureCutter:
    """Cuts share widgets, section headings and photo credits out of scraped prose."""

    def __init__(self, share_widgets: Iterable[str] = (), section_headings: Iterable[str] = (),
                 photo_credits: Iterable[str] = ()) -> None:
        widgets = "|".join(share_widgets)
        self.widgets = re.compile(rf"(?:{widgets})+[ \t]*") if widgets else None
        # where a line or a sentence starts (the scrape may have kept up to two spaces after the stop)
        start = r"(?:(?<=^)|(?<=\n)|(?<=[.!?”\"])|(?<=[.!?”\"][ \t])|(?<=[.!?”\"][ \t]{2}))[ \t]*"
        before_sentence = r"[ \t]*(?=[A-Z“\"\d])"
        credits = "|".join(photo_credits)
        self.credits = re.compile(rf"{start}(?:{credits}){before_sentence}", re.MULTILINE) if credits else None
        headings = "|".join(re.escape(h) for h in sorted(section_headings, key=len, reverse=True))
        self.headings = re.compile(rf"{start}(?:{headings}){before_sentence}", re.MULTILINE) if headings else None

    @classmethod
    @lru_cache(maxsize=4)
    def from_lexicon(cls, lexicon: Lexicon) -> FurnitureCutter:
        """The cutter of ``lexicon`` (one per lexicon)."""
        parts = lexicon.page_furniture()
        return cls(parts.get("share_widgets", ()), parts.get("section_headings", ()), parts.get("photo_credits", ()))

    def cut(self, text: str) -> str:
        """``text`` without its glued share widgets, and with a paragraph break for each glued heading or credit."""
        written = text
        if self.widgets is not None:
            text = self.widgets.sub("", text)
        if self.credits is not None:
            text = self.credits.sub("\n\n", text)
        if self.headings is not None:
            text = self.headings.sub("\n\n", text)
        if text == written or "\n\n" not in text:
            return text
        text = re.sub(r"[ \t]*\n\n[ \t]*(?:\n[ \t]*)*", "\n\n", text)
        return text if written[:1].isspace() else text.lstrip()


def repaired_note(note: Note, names: Iterable[str], words: Iterable[str] = (), limit: int | None = None,
                  splitter: WordSplitter | None = None, furniture: FurnitureCutter | None = None) -> Note:
    """``note`` with its text (and title) unglued, up to ``limit`` characters (the part that is analysed);
    the same note when nothing was glued. ``splitter`` also splits glued ordinary words; ``furniture``
    cuts the page furniture glued into the text (not the title)."""
    names = tuple(names)

    def unglue(text: str) -> str:
        text = unglue_names(split_glued_sentences(lost_hyphens(unwrap_links(text))), names, words)
        return splitter.repair(text) if splitter else text

    head, tail = (note.text, "") if limit is None else (note.text[:limit], note.text[limit:])
    text = unglue(furniture.cut(head) if furniture else head) + tail
    title = unglue(note.title) if note.title else note.title
    return note if (text, title) == (note.text, note.title) else replace(note, text=text, title=title)
