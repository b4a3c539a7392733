"""The note's factual-support score, always with its coverage.

    checkable = supported + imprecise + contradicted
    score     = (supported + IMPRECISE_WEIGHT · imprecise) / checkable     (None when checkable = 0)
    coverage  = checkable / all claims                                       (0.0 for a note with no claim)

unverifiable, pending and not_checkable verdicts are not checkable: they lower coverage, never
the score. A note with no checkable claim has no score (None), not a perfect one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from notes_analyzer.records import VERDICT_LABELS, Claim, SupportScore, Verdict, VerdictLabel

__all__ = ["CHECKABLE_LABELS", "IMPRECISE_WEIGHT", "LABEL_WEIGHTS", "score_note"]

#: An imprecise claim (right direction, figure outside tolerance) counts half.
IMPRECISE_WEIGHT = 0.5
LABEL_WEIGHTS: dict[VerdictLabel, float] = {"supported": 1.0, "imprecise": IMPRECISE_WEIGHT, "contradicted": 0.0}
CHECKABLE_LABELS: frozenset[VerdictLabel] = frozenset(LABEL_WEIGHTS)


def score_note(claims: Sequence[Claim], verdicts: Sequence[Verdict]) -> SupportScore:
    """Score a note from one verdict per claim; ValueError if a claim has no verdict or vice versa."""
    by_claim = {v.claim_id: v for v in verdicts}
    ids = [c.id for c in claims]
    missing = [i for i in ids if i not in by_claim]
    extra = sorted(set(by_claim) - set(ids))
    if missing or extra or len(by_claim) != len(verdicts):
        raise ValueError(f"verdicts do not match claims: missing {missing}, unknown {extra}, "
                         f"{len(verdicts) - len(by_claim)} duplicate(s)")
    counts: Counter[str] = Counter(by_claim[i].label for i in ids)
    checkable = sum(counts[label] for label in CHECKABLE_LABELS)
    weighted = sum(LABEL_WEIGHTS[label] * counts[label] for label in CHECKABLE_LABELS)
    score = weighted / checkable if checkable else None
    coverage = checkable / len(ids) if ids else 0.0
    return SupportScore(score=score, coverage=coverage, checkable=checkable, total=len(ids),
                        counts={label: counts[label] for label in VERDICT_LABELS})
