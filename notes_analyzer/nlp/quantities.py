"""Figures in a sentence: numbers with units, ranges, word numbers and the writer's hedges.

``find_quantities(text)`` returns :class:`FoundQuantity` items (a ``records.Quantity`` plus
its character span and sign); ``extract_quantities(text)`` returns just the quantities.
Values are unsigned ("fell 3%" → 3.0); an explicit minus sign is kept in ``sign``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from notes_analyzer.records import Quantity

__all__ = ["FoundQuantity", "extract_quantities", "find_quantities", "parse_number"]

WORD_NUMBERS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "a dozen": 12, "half a dozen": 6, "a couple of": 2, "a hundred": 100, "single": 1,
}
SCALES = {"thousand": 1e3, "k": 1e3, "million": 1e6, "mn": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9,
          "b": 1e9, "trillion": 1e12, "tn": 1e12, "t": 1e12}
#: Hedge phrases → the canonical hedge of docs/claims.md.
HEDGES = {
    "nearly": "nearly", "almost": "almost", "about": "about", "around": "around", "roughly": "roughly",
    "approximately": "about", "some": "some", "over": "over", "more than": "more than",
    "at least": "at least", "under": "under", "less than": "less than", "a meager": "a meager",
    "a meagre": "a meager", "a mere": "a meager", "just": "just", "only": "just", "close to": "nearly",
    "upwards of": "over", "north of": "over", "in excess of": "more than", "near": "near", "barely": "barely",
    "no more than": "no more than",
}
#: A percentage point told in words: "a full percentage point" (1), "half a percentage point" (0.5).
FRACTIONS_OF_A_POINT = {"a full": 1.0, "a": 1.0, "one": 1.0, "half a": 0.5, "a half": 0.5, "a quarter": 0.25,
                        "a quarter of a": 0.25, "three quarters of a": 0.75}
#: Nouns after a bare number that make it a count ("three rate cuts").
COUNT_NOUNS = (r"(?:rate[- ]|quarter[- ]point[- ]|half[- ]point[- ])?"
               r"(?:cuts?|hikes?|increases?|reductions?|meetings?|times|stocks|companies|"
               r"firms|sectors|themes|consecutive|straight)")

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
_WORD = "|".join(sorted((re.escape(w) for w in WORD_NUMBERS), key=len, reverse=True))
_SCALE = r"(?:thousand|million|billion|trillion|mn|bn|tn|[kmbt])\b"
_UNIT = (r"(?P<unit>%|\s?(?:per\s?cent|percent)\b|\s?percentage[- ]points?\b|\s?pp\b|\s?ppts?\b|"
         r"\s?basis[- ]points?\b|\s?bps?\b|[\s-]?index[- ]points?\b|[\s-]?points?\b|\s?pts\b)")
_HEDGE = "|".join(sorted((re.escape(h) for h in HEDGES), key=len, reverse=True))
_SEP = r"\s?(?:–|—|-|to|and)\s?"
#: a hedge may sit outside the figure's markdown emphasis ("approximately **10%**")
_HEDGE_RE = re.compile(rf"(?:^|\W)(?P<hedge>{_HEDGE})\s+(?:of\s+)?[*_]{{0,2}}$", re.I)

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # $1.2 billion, US$ 40bn, $5
    ("usd", re.compile(rf"(?P<sign>[-+−])?(?:US)?\$\s?(?P<num>{_NUM})(?:\s?(?P<scale>{_SCALE}))?", re.I)),
    # 40 billion dollars, 3 million USD
    ("usd_words", re.compile(rf"(?P<num>{_NUM})\s?(?:(?P<scale>{_SCALE})\s)?(?:dollars|usd)\b", re.I)),
    # between 3.5 and 3.75 percent / 3.50%–3.75% / 3.5% to 3.75%
    ("range", re.compile(rf"(?:between\s)?(?P<low>{_NUM})(?P<lowunit>%|\s?percent)?{_SEP}(?P<num>{_NUM}){_UNIT}",
                         re.I)),
    ("unit", re.compile(rf"(?P<sign>[-+−])?(?P<num>{_NUM}){_UNIT}", re.I)),
    ("word_unit", re.compile(rf"\b(?P<word>{_WORD}){_UNIT}", re.I)),
    # 15 times forward earnings, one times book value
    ("multiple", re.compile(rf"\b(?P<word>{_WORD}|{_NUM})\s?(?:times|x)\s+(?:forward\s+|trailing\s+)?"
                            r"(?:earnings|book|sales|revenue|ebitda|cash\s+flow)", re.I)),
    # a bare level after a level word: "closed at 6,846", "above 25", "P/E of 22"
    ("level", re.compile(rf"\b(?:at|above|below|near|around|to|of|hit|topped|crossed|reached|past|beyond)\s"
                         r"(?:a\s(?:new\s|fresh\s)?record(?:\s(?:high|close))?\s)?"  # "closed at a record 6,932"
                         rf"(?:(?:about|around|roughly|nearly|almost|some)\s)?(?P<num>{_NUM})\b(?![-.]?\d)"
                         r"(?!\s*(?:%|percent|per\s?cent|bp|basis|percentage|times|years?|months?|weeks?|days?))",
                         re.I)),
    # a fraction of a percentage point in words: "a full percentage point", "half a percentage point"
    ("fraction_pp", re.compile(r"\b(?P<frac>a\s+full|a|one|half\s+a|a\s+half|a\s+quarter(?:\s+of\s+a)?|"
                               r"three[- ]quarters\s+of\s+a)[\s-]percentage[\s-]points?\b", re.I)),
    # a move told as a multiple: "more than doubled" (+100%), "tripled" (+200%)
    ("multiple_move", re.compile(r"\b(?P<times>doubled|tripled|quadrupled)\b", re.I)),
    # jobs: "added 228,000 jobs", "228K new positions", "rose by 228,000" (a payrolls change in units)
    ("jobs", re.compile(rf"(?P<num>{_NUM})\s?(?P<scale>thousand|k)?\s(?:new\s|nonfarm\s|non-farm\s)?"
                        r"(?:jobs|positions|workers)\b|(?<=\bby\s)(?P<bare>\d{1,3}(?:,\d{3})+)(?![.,]?\d)(?!\s*%)",
                        re.I)),
    ("count", re.compile(rf"\b(?P<word>{_WORD}|\d+)(?:\s(?:more|additional|further|fewer))?"
                         rf"(?:[- ](?:rate|straight|consecutive))?[- ]{COUNT_NOUNS}\b", re.I)),
]


@dataclass(frozen=True, slots=True)
class FoundQuantity:
    """A quantity with its span in the sentence; ``sign`` is -1 for an explicit minus."""

    quantity: Quantity
    start: int
    end: int
    sign: int = 1


def parse_number(text: str) -> float:
    """'1,250.5' → 1250.5, 'three' → 3.0, 'a dozen' → 12.0; ValueError otherwise."""
    key = text.strip().lower()
    if key in WORD_NUMBERS:
        return float(WORD_NUMBERS[key])
    return float(key.replace(",", ""))


def _unit_name(raw: str | None) -> str:
    raw = (raw or "").lower().replace("-", " ").strip()
    if raw in ("%", "percent", "per cent", "percent"):
        return "percent"
    if raw.startswith("percentage") or raw in ("pp", "ppt", "ppts"):
        return "pp"
    if raw.startswith("basis") or raw in ("bp", "bps"):
        return "bp"
    if raw.startswith(("index", "point", "pts")):
        return "points"
    return "percent" if raw.replace(" ", "") == "percent" else "number"


def _hedge_before(text: str, start: int) -> str | None:
    match = _HEDGE_RE.search(text[max(0, start - 20):start])
    return HEDGES[match.group("hedge").lower()] if match else None


def _build(kind: str, m: re.Match[str], text: str) -> FoundQuantity | None:
    groups = m.groupdict()
    value = parse_number(groups.get("num") or groups.get("word") or "0")
    upper = None
    if kind in ("usd", "usd_words"):
        unit = "usd"
        value *= SCALES.get((groups.get("scale") or "").lower(), 1.0)
    elif kind == "range":
        before = text[max(0, m.start() - 20):m.start()]
        if re.search(r"\sand\s", m.group(0)) and not re.search(r"\b(?:between|range\s+of)\s+$", before, re.I) \
                and not m.group(0).lower().startswith("between"):
            return None  # "fell 2% and 3%, respectively": two figures; "between 2% and 3%" is a range
        if re.search(r"\bfrom\s+(?:about\s+|around\s+|roughly\s+|nearly\s+)?$", before, re.I) \
                and not re.search(r"\brang(?:e|es|ed|ing)\s+from\s", before, re.I):
            return None  # "rose from 4.01% to 4.48%": two levels of a move ("range from 3.99% to 4.23%" is a range)
        unit = _unit_name(groups["unit"])
        value, upper = parse_number(groups["low"]), value
        if upper <= value:
            return None
    elif kind == "count":
        unit = "count"
    elif kind == "fraction_pp":
        unit = "pp"
        value = FRACTIONS_OF_A_POINT[re.sub(r"[\s-]+", " ", groups["frac"].lower())]
    elif kind == "multiple_move":
        unit = "percent"
        value = {"doubled": 100.0, "tripled": 200.0, "quadrupled": 300.0}[groups["times"].lower()]
    elif kind == "jobs":
        unit = "count"
        value = parse_number(groups.get("num") or groups.get("bare") or "0")
        value *= 1000.0 if (groups.get("scale") or "").lower() in ("thousand", "k") else 1.0
    elif kind in ("multiple", "level"):
        unit = "number"
        if kind == "level" and _is_year(groups["num"]):
            return None
    else:
        unit = _unit_name(groups["unit"])
        if kind == "word_unit" and unit == "points" and re.search(r"\bat\s+$", text[max(0, m.start() - 4):m.start()],
                                                                   re.I):
            return None  # "at one point the S&P 500 was up 3.4%": a moment, not a figure
    sign = -1 if (groups.get("sign") or "") in ("-", "−") else 1
    start = m.start("num") if kind == "level" else m.start()
    hedge = _hedge_before(text, start) or ("about" if kind == "multiple_move" else None)  # "doubled": roughly
    quantity = Quantity(value=value, unit=unit, text=text[start:m.end()].strip(), upper=upper, hedge=hedge)
    return FoundQuantity(quantity, start, m.end(), sign)


def _is_year(number: str) -> bool:
    return bool(re.fullmatch(r"(?:19|20)\d\d", number))


def _is_year_or_name(text: str, m: re.Match[str]) -> bool:
    """Numbers that belong to names ("Russell 2000 points"?) or are bare years are not figures."""
    before = text[max(0, m.start() - 12):m.start()].lower()
    return before.rstrip().endswith(("russell", "s&p", "nasdaq", "ftse", "nikkei", "stoxx", "dax"))


#: A quote widget pasted into news copy: a ticker and its day's change in brackets ("(VOO0.75%)",
#: "(^GSPC-0.74%)", "(NASDAQ:NVDA-0.18%)"). It is the page's live quote, not the writer's figure.
TICKER_QUOTE = re.compile(r"\((?:[A-Z]{2,8}:)?\^?[A-Z][A-Z.]{0,7}[+-]?\d+(?:\.\d+)?%\)")


def find_quantities(text: str) -> list[FoundQuantity]:
    """Every figure in ``text``, left to right, without overlaps (first pattern wins); figures of
    pasted quote widgets (``TICKER_QUOTE``) are not the writer's and are skipped."""
    return list(_quantities(text))


@lru_cache(maxsize=4096)
def _quantities(text: str) -> tuple[FoundQuantity, ...]:
    """``find_quantities``, read once per sentence (the head's features, the syntax and the frames all ask)."""
    found: list[FoundQuantity] = []
    taken: list[tuple[int, int]] = [m.span() for m in TICKER_QUOTE.finditer(text)]
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken) or _is_year_or_name(text, m):
                continue
            item = _build(kind, m, text)
            if item is not None:
                found.append(item)
                taken.append((m.start(), m.end()))
    return tuple(sorted(found, key=lambda f: f.start))


def extract_quantities(text: str) -> tuple[Quantity, ...]:
    return tuple(f.quantity for f in find_quantities(text))
