"""Building verdicts: every verdict carries Evidence with one plain sentence."""

from __future__ import annotations

from datetime import date
from typing import Literal

from notes_analyzer.records import Claim, Evidence, JudgedLabel, Observation, Verdict, VerdictLabel

__all__ = ["LABEL_RANK", "JudgedLabel", "UndecidedLabel", "evidence", "undecided", "verdict", "worst"]

#: Order used to combine findings on one claim (several subjects, legs, a verb and a figure): the
#: worse one wins. A claim is only as good as its weakest part: a contradicted part makes it
#: contradicted; a part the data cannot test (unverifiable, pending, not checkable) leaves it
#: unverifiable at best, never supported.
LABEL_RANK: dict[VerdictLabel, int] = {"supported": 0, "imprecise": 1, "not_checkable": 2, "pending": 2,
                                       "unverifiable": 2, "contradicted": 3}

UndecidedLabel = Literal["unverifiable", "not_checkable", "pending"]


def evidence(sentence: str, *, series: tuple[str, ...] = (), observations: tuple[Observation, ...] = (),
             computed: float | None = None, computed_text: str | None = None, tolerance: str | None = None,
             proxy: str | None = None) -> Evidence:
    return Evidence(sentence=sentence, series=series, observations=observations, computed=computed,
                    computed_text=computed_text, tolerance=tolerance, proxy=proxy)


def verdict(claim: Claim, label: VerdictLabel, reason: str, ev: Evidence) -> Verdict:
    """A verdict resting on data: the evidence (series, observations) is required. (An
    ``unverifiable`` one may carry evidence too: the data that were looked at and fell short.)"""
    return Verdict(claim_id=claim.id, label=label, reason=reason, evidence=ev)


def undecided(claim: Claim, label: UndecidedLabel, reason: str, *,
              checkable_after: date | None = None) -> Verdict:
    """A verdict the data do not decide (unverifiable, not checkable, pending): the reason says why."""
    return Verdict(claim_id=claim.id, label=label, reason=reason, checkable_after=checkable_after)


def worst(*labels: VerdictLabel) -> VerdictLabel:
    """The label that ranks worst in :data:`LABEL_RANK`; combined parts that were all undecided
    stay ``unverifiable`` unless they all agree."""
    ranked = max(labels, key=lambda label: LABEL_RANK[label])
    if LABEL_RANK[ranked] == LABEL_RANK["unverifiable"] and len(set(labels) - {"supported", "imprecise"}) > 1:
        return "unverifiable"
    return ranked
