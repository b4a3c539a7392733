"""Building verdicts: every verdict carries Evidence with one plain sentence."""

from __future__ import annotations

from datetime import date

from notes_analyzer.records import Claim, Evidence, Observation, Verdict

__all__ = ["LABEL_RANK", "evidence", "verdict", "worst"]

#: Order used to combine two findings on one claim: the worse one wins.
LABEL_RANK = {"supported": 0, "imprecise": 1, "unverifiable": 2, "contradicted": 3}


def evidence(sentence: str, *, series: tuple[str, ...] = (), observations: tuple[Observation, ...] = (),
             computed: float | None = None, computed_text: str | None = None, tolerance: str | None = None,
             proxy: str | None = None) -> Evidence:
    return Evidence(sentence=sentence, series=series, observations=observations, computed=computed,
                    computed_text=computed_text, tolerance=tolerance, proxy=proxy)


def verdict(claim: Claim, label: str, reason: str, ev: Evidence | None = None, *,
            checkable_after: date | None = None, decided_on: date | None = None) -> Verdict:
    """A verdict on ``claim``; without explicit evidence, the reason becomes the evidence sentence."""
    return Verdict(claim_id=claim.id, label=label, reason=reason, evidence=ev or Evidence(sentence=reason),
                   checkable_after=checkable_after, decided_on=decided_on)


def worst(*labels: str) -> str:
    return max(labels, key=lambda label: LABEL_RANK.get(label, 0))
