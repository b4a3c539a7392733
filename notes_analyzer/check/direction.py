"""Direction-only claims: what "rocketed", "edged up" and "relatively flat" require of the data.

The writer's verb sets an intensity (``large``, ``small``, ``flat`` or plain ``move``); the
thresholds depend on the unit of the move and the length of the period, and are stated in the
evidence. The intensity is the claim's ``intensity`` slot, read from the verb by ``nlp.reading``.
"""

from __future__ import annotations

from dataclasses import dataclass

from notes_analyzer.records import Claim, Intensity, JudgedLabel

__all__ = ["Thresholds", "intensity_of", "judge_direction", "thresholds_for"]

#: (longest period in days from first to last day, large move, flat band) for percent price moves:
#: a day (0–1), a week (≤ 7), a month, a quarter, a year, longer.
PERCENT_THRESHOLDS = ((1, 1.5, 0.3), (7, 2.5, 1.0), (31, 4.0, 2.5), (92, 7.0, 3.5), (366, 12.0, 5.0),
                      (100_000, 25.0, 8.0))
#: The same in basis points, for yields and rates.
BP_THRESHOLDS = ((1, 8.0, 2.0), (7, 12.0, 5.0), (31, 20.0, 10.0), (92, 35.0, 15.0), (366, 75.0, 25.0),
                 (100_000, 100.0, 40.0))
#: A "rose"/"fell" with no figure needs at least this much, in the move's unit.
MIN_MOVE = {"percent": 0.1, "bp": 1.0}
@dataclass(frozen=True, slots=True)
class Thresholds:
    large: float
    flat: float
    minimum: float
    unit: str

    def describe(self) -> str:
        u = "%" if self.unit == "percent" else f" {self.unit}"
        return f"large move ≥ {self.large:g}{u}, flat ≤ {self.flat:g}{u}, any move ≥ {self.minimum:g}{u}"


def thresholds_for(unit: str, days: int) -> Thresholds:
    table = BP_THRESHOLDS if unit == "bp" else PERCENT_THRESHOLDS
    for longest, large, flat in table:
        if days <= longest:
            return Thresholds(large, flat, MIN_MOVE.get(unit, 0.1), unit)
    raise AssertionError("threshold table must end with an open bucket")


def intensity_of(claim: Claim) -> Intensity:
    """'large', 'small', 'flat' or 'move': the claim's ``Reading.intensity`` (read from its verb by the NLP stage)."""
    return claim.reading.intensity or "move"


def judge_direction(move: float, sign: int, intensity: str, limits: Thresholds) -> tuple[JudgedLabel, str]:
    """(label, rule) for a move against a claimed direction (sign ±1, 0 = flat) and intensity."""
    if intensity == "flat" or sign == 0:
        if abs(move) <= limits.flat:
            return "supported", f"flat needs |move| ≤ {limits.flat:g}"
        return ("imprecise" if abs(move) <= 2 * limits.flat else "contradicted"), f"flat needs |move| ≤ {limits.flat:g}"
    along = move * sign
    if along <= 0:
        return "contradicted", "the move went the other way"
    if intensity == "large":
        if along >= limits.large:
            return "supported", f"a large move needs ≥ {limits.large:g}"
        return ("imprecise" if along >= limits.large / 2 else "contradicted"), f"a large move needs ≥ {limits.large:g}"
    if intensity == "small":
        return ("supported" if along <= limits.large else "imprecise"), f"a small move is under {limits.large:g}"
    return ("supported" if along >= limits.minimum else "imprecise"), f"a move needs ≥ {limits.minimum:g}"
