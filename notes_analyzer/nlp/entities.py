"""Instrument and sector mentions: a spaCy PhraseMatcher built from the registry's alias list.

The instrument aliases come from ``InstrumentRegistry.aliases()`` (models/instruments.yaml, the
one shared alias list); sector aliases from ``models/sectors.yaml``
(``sectors: [{id, name, aliases: [...]}]``). Either may be absent: the matcher then has fewer names.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Literal

from notes_analyzer.errors import ModelLoadError
from notes_analyzer.records import EntityMention, Sentence

log = logging.getLogger(__name__)

__all__ = ["EntityLinker", "load_sector_aliases"]


def _sector_file(path: Path) -> dict[str, Any]:
    """sectors.yaml as a mapping (``{}`` when the file does not exist)."""
    import yaml

    from notes_analyzer import yamlfile

    if not path.is_file():
        log.info("%s not found: no sector mentions", path)
        return {}
    try:
        data = yamlfile.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ModelLoadError(f"{path}: not valid YAML ({exc})") from None
    return data if isinstance(data, dict) else {}


def _sector_entries(path: Path, data: dict[str, Any]) -> list[dict[str, Any]]:
    entries = data.get("sectors", []) or []
    for entry in entries:
        if not isinstance(entry, dict) or "id" not in entry:
            raise ModelLoadError(f"{path}: every sector needs an id, got {entry!r}")
    return entries


def _aliases(entries: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [(str(n), str(e["id"])) for e in entries for n in [e.get("name"), *(e.get("aliases") or [])] if n]


def load_sector_aliases(path: Path) -> list[tuple[str, str]]:
    """``(alias, sector_id)`` pairs from sectors.yaml; ``[]`` when the file does not exist."""
    return _aliases(_sector_entries(path, _sector_file(path)))


class EntityLinker:
    """Finds registry instruments and sectors in spaCy docs (case-insensitive phrase match)."""

    def __init__(self, nlp: Any, instruments: Iterable[tuple[str, str]],
                 sectors: Iterable[tuple[str, str]] = (), sector_instruments: dict[str, str] | None = None,
                 member_nouns: frozenset[str] = frozenset(), label_measures: frozenset[str] = frozenset()) -> None:
        from spacy.matcher import PhraseMatcher

        self.nlp = nlp
        self.label_measures = label_measures
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.sector_instruments = dict(sector_instruments or {})
        self.targets: dict[str, tuple[str, str]] = {}
        for kind, pairs in (("instrument", instruments), ("sector", sectors)):
            by_target: dict[str, list[str]] = {}
            for alias, target in pairs:
                by_target.setdefault(target, []).append(alias)
            for target, aliases in by_target.items():
                key = f"{kind}:{target}"
                self.targets[key] = (kind, target)
                plurals = member_nouns if kind == "sector" else frozenset()
                self.matcher.add(key, [nlp.make_doc(a) for a in _variants(aliases, plurals)])

    @classmethod
    def with_sectors(cls, nlp: Any, instruments: Iterable[tuple[str, str]], path: Path) -> EntityLinker:
        """A linker of the registry's instruments and the sectors of ``path`` (sectors.yaml, read once): their
        aliases, the instrument each stands for (``instrument:``) and the plural ``member_nouns`` whose
        aliases get no singular twin ("the tech giant" is one company, "tech giants" the segment), and the
        ``label_measures`` that leave a line's title label about the instrument itself ("Gold Price:")."""
        data = _sector_file(path)
        entries = _sector_entries(path, data)
        return cls(nlp, instruments, _aliases(entries),
                   {str(e["id"]): str(e["instrument"]) for e in entries if e.get("instrument")},
                   frozenset(str(n).lower() for n in data.get("member_nouns") or ()),
                   frozenset(str(n).lower() for n in data.get("label_measures") or ()))

    def mentions(self, doc: Any, sentences: Sequence[Sentence], offset: int = 0) -> list[EntityMention]:
        """Longest non-overlapping matches in ``doc``, as mentions with note-level char offsets."""
        from spacy.util import filter_spans

        text = doc.text
        if any(c in text for c in "\n\r\t"):  # "Nasdaq\n100" in wrapped text: match on spaces, same offsets
            doc = self.nlp.make_doc(text.replace("\r", " ").replace("\n", " ").replace("\t", " "))
        matches = [(self.targets[doc.vocab.strings[m]], doc[s:e]) for m, s, e in self.matcher(doc)]
        out = []
        for kind in ("instrument", "sector"):  # an instrument and a sector may share a span ("small caps")
            labels = {(span.start, span.end): target for (k, target), span in matches if k == kind}
            for span in filter_spans([span for (k, _), span in matches if k == kind]):
                out.extend(self._mention(span, kind, labels[(span.start, span.end)], sentences, offset, text))
        return sorted(out, key=lambda m: (m.start, m.kind))

    def _mention(self, span: Any, kind: Literal["instrument", "sector"], target: str, sentences: Sequence[Sentence],
                 offset: int, text: str) -> list[EntityMention]:
        start = span.start_char + offset
        index = _sentence_at(sentences, start)
        if index is None or EXCHANGE_LABEL.match(text, span.end_char):
            return []  # "(NASDAQ:GOOGL)" names an exchange listing, not the index
        if _inside_title_label(sentences[index], start, span.end_char + offset, self.label_measures):
            return []  # "2022 Inflation Shock: …" titles a line; it does not name the CPI
        return [EntityMention(sentence_index=index, start=start, end=span.end_char + offset,
                              text=text[span.start_char:span.end_char], target=target, kind=kind)]


#: A label that opens a line: "2022 Inflation Shock:", "S&P 500:" (a few words, then a colon).
TITLE_LABEL = re.compile(r"\s*(?P<label>[^:.!?]{1,60}?):\s")


def _inside_title_label(sentence: Sentence, start: int, end: int, measures: frozenset[str]) -> bool:
    """The mention is part of a longer capitalised title before a line's colon ("2022 Inflation Shock:"),
    not the whole label ("S&P 500:", which heads a section about that index; ``measures``, sectors.yaml's
    ``label_measures``, keep "Gold Price:" about gold)."""
    m = TITLE_LABEL.match(sentence.text)
    if m is None or not (sentence.start <= start and end <= sentence.start + m.end("label")):
        return False
    rest = (sentence.text[:start - sentence.start] + " " + sentence.text[end - sentence.start:m.end("label")]).split()
    return len(m["label"].split()) <= 6 and any(w[:1].isupper() and w.lower().strip(",'") not in measures
                                                for w in rest)


#: A ticker after an exchange name: "NASDAQ:GOOGL", "NYSE: UNH" (an exchange, not an index).
EXCHANGE_LABEL = re.compile(r"\s*:\s*[A-Z][A-Z.]{0,5}\b")


def _variants(aliases: Iterable[str], member_nouns: frozenset[str] = frozenset()) -> list[str]:
    """Each alias without a leading "the", with its hyphen/space and singular/plural twins (none for an
    alias ending in one of ``member_nouns``: its singular names one member).

    ("the Nasdaq" would otherwise outrank "Nasdaq 100" as an equally long overlapping match.)
    """
    seen: dict[str, None] = {}
    for alias in aliases:
        alias = re.sub(r"^the\s+", "", alias.strip(), flags=re.I)
        last = alias.rpartition(" ")[2].lower()
        for base in (alias,) if last in member_nouns else (alias, _number_twin(alias)):
            for variant in (base, base.replace("-", " "), base.replace(" ", "-")):
                seen.setdefault(variant.strip(), None)
    return [v for v in seen if v]


def _number_twin(alias: str) -> str:
    """'small caps' ↔ 'small cap' (only for lower-case words: names like 'S&P' stay as they are)."""
    head, _, last = alias.rpartition(" ")
    if not head or not last.isalpha() or not last.islower() or len(last) < 4:
        return alias
    twin = last[:-1] if last.endswith("s") and not last.endswith("ss") else last + "s"
    return f"{head} {twin}"


def _sentence_at(sentences: Sequence[Sentence], char: int) -> int | None:
    for sentence in sentences:
        if sentence.start <= char < sentence.end:
            return sentence.index
    return None
