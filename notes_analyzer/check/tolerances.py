"""Tolerances: how close the data must come to a figure for the figure to hold.

The rules (each a named constant below, each written into the evidence):

* **Rounding as writers round.** A figure given to *d* decimals covers ±0.5·10^-d:
  "2.0%" holds for 1.95%…2.05%, "7%" for 6.5%…7.5%. Whole numbers that end in zeros
  ("6,900") are read as rounded to that place, but never by more than
  ``LEVEL_MAX_ROUNDING_RELATIVE`` of the figure; a level in percent ("4%") by at most
  ``LEVEL_PERCENT_MAX_STEP``.
* **Hedges widen or bound the interval.** about/around/roughly/some: ±max(rounding,
  ``ABOUT_RELATIVE``·figure); nearly/almost: from (1 - ``NEARLY_RELATIVE``)·figure up to the
  figure plus rounding (for levels ``ABOUT_LEVEL_RELATIVE`` and ``NEARLY_LEVEL_RELATIVE``);
  over/more than/at least: the figure or more; under/less than: the figure or less;
  a meager/just and unknown hedges: rounding only. A level bound that fails is contradicted.
* **Display rounding.** A computed move is first rounded to one decimal more than the note's
  figure (as data screens show it) and the interval's ends are inclusive: "2.0%" holds for a
  computed 1.949% (shown as 1.95%).
* **Imprecise** = right direction, outside the interval, but within
  max(``IMPRECISE_MOVE_ABSOLUTE[unit]``, ``IMPRECISE_MOVE_RELATIVE``·figure) of the figure for
  moves, or outside it by at most ``IMPRECISE_LEVEL_RELATIVE``·figure for levels. Further off,
  or the wrong sign: contradicted.
* **Round basis points** ("a 50 basis point increase") read as rounded to their last nonzero digit,
  by at most ``BP_MAX_ROUNDING_RELATIVE`` of the figure: "50 bp" holds for 45…55, "10 bp" for 9…11.
* **Amounts** (index points, dollars, jobs) round like levels: "1,000 points" holds for 975…1,025
  (``AMOUNT_MAX_ROUNDING_RELATIVE``), "2,231 points" for 2,230.5…2,231.5; a whole number of index
  points may also be the figure cut short ("shed 971 points" for 971.82: 970.5…972).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from notes_analyzer.records import JudgedLabel, Quantity

__all__ = [
    "ABOUT_RELATIVE",
    "CLOSE_STANDS_FOR_SESSION",
    "INTRADAY_NEAR_MISS",
    "REACH_LOOKBACK_DAYS",
    "RECORD_INTRADAY_MIN",
    "IMPRECISE_LEVEL_RELATIVE",
    "IMPRECISE_MOVE_ABSOLUTE",
    "IMPRECISE_MOVE_RELATIVE",
    "NEARLY_RELATIVE",
    "Tolerance",
    "figure_decimals",
    "hedge_class",
    "judge",
    "display_rounded",
    "level_tolerance",
    "move_tolerance",
    "rounding_half_step",
]

#: "about 5%" covers 4.5%…5.5% (or the rounding interval when wider).
ABOUT_RELATIVE = 0.10
#: "nearly 30%" covers 25.5%…30.05% (and "nearly 30" is never above the figure's rounding).
NEARLY_RELATIVE = 0.15
#: A level in percent (a yield, a rate) given as "4%" is read as 3.9%…4.1%, not 3.5%…4.5%.
LEVEL_PERCENT_MAX_STEP = 0.1
#: For levels (closes, yields, rates) the same hedges are tighter: "about 6,900" is ±1%.
ABOUT_LEVEL_RELATIVE = 0.01
NEARLY_LEVEL_RELATIVE = 0.02
#: A level given as a round number ("6,900") is read as rounded, by at most this share of it.
LEVEL_MAX_ROUNDING_RELATIVE = 0.005
#: "half a percentage point", "a full percentage point": told to the nearest quarter point.
WORDS_PP_HALF_STEP = 0.125
#: Moves stated as amounts (index points, dollars, jobs) read round numbers as rounded, by at most this share.
AMOUNT_UNITS = frozenset({"points", "usd", "number"})
AMOUNT_MAX_ROUNDING_RELATIVE = 0.025
#: Moves in basis points given as round numbers ("50 bp") read as rounded, by at most this share.
BP_MAX_ROUNDING_RELATIVE = 0.10
#: A bound missed by less than this share on closes (or than the largest daily move around it, if larger)
#: may have been crossed intraday: the day's high/low decides where the store has them, otherwise the
#: claim is unverifiable (levels, records, live quotes on close-only series).
INTRADAY_NEAR_MISS = 0.01
#: A record high missed on a close-only series by less than this share (or the window's largest daily rise)
#: may have been set intraday: a session's high seldom stands further above its close on a quiet day.
RECORD_INTRADAY_MIN = 0.005
#: The days before a window whose daily moves also show how far a close-only series swings in a session.
REACH_LOOKBACK_DAYS = 30
#: A direction-only move during the session on a series with closes only holds when the day's close moved
#: that way by at least this much (a smaller close move says nothing of the moment the note was written).
CLOSE_STANDS_FOR_SESSION = {"percent": 1.0, "bp": 4.0}
#: Moves: right direction, off by at most max(absolute, relative·figure) → imprecise.
IMPRECISE_MOVE_RELATIVE = 0.20
IMPRECISE_MOVE_ABSOLUTE = {"percent": 1.0, "bp": 10.0, "pp": 0.10, "points": 0.0, "usd": 0.0, "number": 0.0}
#: Levels (closes, yields, rates): off by at most this share of the figure → imprecise.
IMPRECISE_LEVEL_RELATIVE = 0.05
#: Slack for floating-point noise in comparisons.
EPSILON = 1e-9
#: And for a feed's float32 digits, relative to the value (3,222.20 stored as 3,222.19995: "at least $3,222.20").
FEED_NOISE_RELATIVE = 1e-6

APPROX_HEDGES = frozenset({"about", "around", "roughly", "some", "approximately", "circa"})
NEARLY_HEDGES = frozenset({"nearly", "almost", "close to", "just under"})
LOWER_BOUND_HEDGES = frozenset({"over", "more than", "at least", "above", "upwards of", "north of"})
UPPER_BOUND_HEDGES = frozenset({"under", "less than", "below", "at most"})

_NUMBER = re.compile(r"\d[\d,]*(?:\.(\d+))?|\.(\d+)")


@dataclass(frozen=True, slots=True)
class Tolerance:
    """Where the computed figure must fall: ``low``…``high`` holds, ``near_low``…``near_high`` is imprecise."""

    low: float
    high: float
    near_low: float
    near_high: float
    text: str

    def contains(self, value: float) -> bool:
        slack = EPSILON + FEED_NOISE_RELATIVE * abs(value)
        return self.low - slack <= value <= self.high + slack

    def near(self, value: float) -> bool:
        slack = EPSILON + FEED_NOISE_RELATIVE * abs(value)
        return self.near_low - slack <= value <= self.near_high + slack


def hedge_class(hedge: str | None) -> str:
    """'approx', 'nearly', 'lower_bound', 'upper_bound' or 'exact' (a meager, just, none, unknown)."""
    key = (hedge or "").strip().lower()
    for name, group in (("approx", APPROX_HEDGES), ("nearly", NEARLY_HEDGES),
                        ("lower_bound", LOWER_BOUND_HEDGES), ("upper_bound", UPPER_BOUND_HEDGES)):
        if key in group:
            return name
    return "exact"


def figure_decimals(quantity: Quantity) -> int:
    """Decimals the note writes the figure with: '2.0%' → 1, '7%' → 0."""
    return _written_decimals(quantity.text or "")


@lru_cache(maxsize=4096)
def _written_decimals(text: str) -> int:
    """(Cached: the weekly report's disagreements compare one figure with many.)"""
    match = _NUMBER.search(text)
    if match is None:
        return 0
    decimals = match.group(1) or match.group(2)
    return len(decimals) if decimals else 0


def display_rounded(value: float, quantity: Quantity) -> float:
    """The computed move as a data screen shows it: one decimal finer than the note's figure."""
    return round(value, figure_decimals(quantity) + 1)


def rounding_half_step(quantity: Quantity, *, level: bool = False, cap: float = LEVEL_MAX_ROUNDING_RELATIVE) -> float:
    """Half the last written digit: '2.0%' → 0.05, '7%' → 0.5, level '6,900' → 34.5 (capped); a percentage
    point in words ('half a percentage point') is read to the nearest quarter point."""
    match = _NUMBER.search(quantity.text or "")
    if match is None:
        return WORDS_PP_HALF_STEP if quantity.unit == "pp" else 0.5
    decimals = match.group(1) or match.group(2)
    if decimals:
        return 0.5 * 10.0 ** -len(decimals)
    if not level:
        return 0.5
    digits = match.group(0).replace(",", "")
    zeros = len(digits) - len(digits.rstrip("0")) if digits.strip("0") else 0
    return min(0.5 * 10.0**zeros, max(0.5, cap * abs(quantity.value)))


def move_tolerance(quantity: Quantity, hedge: str | None, step: float | None = None) -> Tolerance:
    """Interval for the size of a move in the claimed direction (a wrong sign is never near).
    ``step``: the rounding of the figure when it is not its own (a change between two rounded levels)."""
    size = abs(quantity.value)
    if step is None and quantity.unit in AMOUNT_UNITS:  # "1,000 points", "150,000 jobs": round numbers are rounded
        step = min(rounding_half_step(quantity, level=True, cap=AMOUNT_MAX_ROUNDING_RELATIVE),
                   max(0.5, AMOUNT_MAX_ROUNDING_RELATIVE * size))
    elif step is None and quantity.unit == "bp":  # "a 50 basis point increase" for +47 bp
        step = min(rounding_half_step(quantity, level=True, cap=BP_MAX_ROUNDING_RELATIVE),
                   max(0.5, BP_MAX_ROUNDING_RELATIVE * size))
    elif step is None:
        step = rounding_half_step(quantity)
    low, high, rule = _hedged_interval(size, step, hedge)
    if quantity.unit == "points" and hedge is None and step == 0.5 and figure_decimals(quantity) == 0:
        high, rule = size + 1.0, "rounding ±0.5 or cut short"  # "shed 971 points" for 971.82
    slack = max(IMPRECISE_MOVE_ABSOLUTE.get(quantity.unit, 0.0), IMPRECISE_MOVE_RELATIVE * size)
    near_low = max(min(low, size - slack), EPSILON * 10) if low > 0 else low
    return Tolerance(low, high, near_low, max(high, size + slack), _describe(quantity, rule, low, high))


def level_half_step(quantity: Quantity) -> float:
    """How finely a stated level is rounded: half its last digit, at most LEVEL_PERCENT_MAX_STEP for a %."""
    step = rounding_half_step(quantity, level=True)
    return min(step, LEVEL_PERCENT_MAX_STEP) if quantity.unit == "percent" else step


def level_tolerance(quantity: Quantity, hedge: str | None) -> Tolerance:
    """Interval for a level (close, yield, rate) the note states."""
    value, step = quantity.value, level_half_step(quantity)
    low, high, rule = _hedged_interval(value, step, hedge, ABOUT_LEVEL_RELATIVE, NEARLY_LEVEL_RELATIVE)
    if hedge_class(hedge) in ("lower_bound", "upper_bound"):
        return Tolerance(low, high, low, high, _describe(quantity, rule, low, high))  # a bound is met or not
    slack = IMPRECISE_LEVEL_RELATIVE * abs(value)
    return Tolerance(low, high, low - slack, high + slack, _describe(quantity, rule, low, high))


def judge(value: float, tolerance: Tolerance) -> JudgedLabel:
    """supported / imprecise / contradicted for a computed figure against a tolerance."""
    if tolerance.contains(value):
        return "supported"
    return "imprecise" if tolerance.near(value) else "contradicted"


def _hedged_interval(value: float, step: float, hedge: str | None, about: float = ABOUT_RELATIVE,
                     nearly: float = NEARLY_RELATIVE) -> tuple[float, float, str]:
    kind = hedge_class(hedge)
    if kind == "approx":
        width = max(step, about * abs(value))
        return value - width, value + width, f"'{hedge}': ±{_num(width)}"
    if kind == "nearly":
        return value * (1 - nearly), value + step, f"'{hedge}': up to {nearly:.0%} below"
    if kind == "lower_bound":
        return value, math.inf, f"'{hedge}': at least the figure"
    if kind == "upper_bound":
        return (0.0 if value >= 0 else -math.inf), value, f"'{hedge}': at most the figure"
    label = f"'{hedge}' adds no leeway; " if hedge else ""
    return value - step, value + step, f"{label}rounding ±{_num(step)}"


def _describe(quantity: Quantity, rule: str, low: float, high: float) -> str:
    span = f"{_num(low)} or more" if math.isinf(high) else f"{_num(low)} to {_num(high)}"
    if low <= 0 and not math.isinf(high) and rule.endswith("at most the figure"):
        span = f"{_num(high)} or less"
    return f"{quantity.text or _num(quantity.value)} ({rule}) holds for {span}"


def _num(value: float) -> str:
    return f"{value:,.4f}".rstrip("0").rstrip(".")
