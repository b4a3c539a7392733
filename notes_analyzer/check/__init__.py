"""check stage: claim → query on the market store → evidence → verdict; the note's support score."""

from __future__ import annotations

from notes_analyzer.check.checker import check_claim, check_claims
from notes_analyzer.check.kinds import get_kind, registered_kinds
from notes_analyzer.check.scoring import IMPRECISE_WEIGHT, score_note

__all__ = ["IMPRECISE_WEIGHT", "check_claim", "check_claims", "get_kind", "registered_kinds", "score_note"]
