"""``return``: X rose/fell N% (or N bp) over a period, or only "rocketed"/"stayed flat"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from notes_analyzer.check.context import (
    CannotCheck,
    CheckContext,
    Move,
    Window,
    claim_window,
    instrument_for,
    measure_move,
)
from notes_analyzer.check.direction import intensity_of, judge_direction, thresholds_for
from notes_analyzer.check.formatting import fmt_change, fmt_signed
from notes_analyzer.check.kinds import KindExample, KindSpec, register_kind
from notes_analyzer.check.tolerances import display_rounded, figure_decimals, judge, move_tolerance
from notes_analyzer.check.verdicts import evidence, verdict, worst
from notes_analyzer.records import Claim, Period, Quantity, Verdict

#: Units a move can be stated in.
MOVE_UNITS = ("percent", "bp", "pp", "points")
SIGNS = {"up": 1, "down": -1, "flat": 0}


@dataclass(frozen=True, slots=True)
class MoveQuery:
    instrument: Any
    window: Window
    figure: Quantity | None
    sign: int
    intensity: str
    hedge: str | None

    @property
    def unit(self) -> str:
        if self.figure is not None:
            return self.figure.unit
        return "bp" if getattr(self.instrument, "unit", None) == "percent" else "percent"


def move_figure(claim: Claim) -> Quantity | None:
    """The first figure of the claim stated in a move unit (%, bp, pp, points)."""
    return next((q for q in claim.values if q.unit in MOVE_UNITS), None)


def claimed_sign(claim: Claim, figure: Quantity | None) -> int | None:
    """+1 up, -1 down, 0 flat, from ``direction`` or the figure's sign; None when neither says."""
    if claim.direction in SIGNS:
        return SIGNS[claim.direction]
    if figure is not None and figure.value != 0:
        return 1 if figure.value > 0 else -1
    return None


def parse(claim: Claim, ctx: CheckContext) -> MoveQuery:
    instrument = instrument_for(ctx, claim.subject[0] if claim.subject else None)
    window = claim_window(claim, ctx)
    figure = move_figure(claim)
    sign = claimed_sign(claim, figure)
    intensity = intensity_of(claim)
    if sign is None:
        sign = 0 if intensity == "flat" else None
    if sign is None:
        raise CannotCheck("the claim gives neither a figure nor a direction to test")
    if sign == 0 and figure is not None and figure.value != 0:
        sign = 1 if figure.value > 0 else -1
    return MoveQuery(instrument, window, figure, sign, intensity, (figure.hedge if figure else None) or claim.hedge)


def check(claim: Claim, query: MoveQuery, ctx: CheckContext) -> Verdict:
    move = measure_move(ctx, query.instrument, query.window)
    return judge_move(claim, query, move)


def judge_move(claim: Claim, query: MoveQuery, move: Move) -> Verdict:
    """The verdict for one measured move against the claim's figure and/or verb."""
    unit = query.unit
    computed = move.value(unit)
    decimals = figure_decimals(query.figure) if query.figure else 0
    limits = thresholds_for("bp" if unit in ("bp", "pp") else "percent", (query.window.end - query.window.start).days)
    verb_move = move.pct if unit in ("percent", "points") else move.value("bp")
    verb_label, verb_rule = judge_direction(verb_move, query.sign, query.intensity, limits)
    if query.figure is None:
        label, tolerance = verb_label, f"{query.intensity} ({verb_rule}; {limits.describe()})"
        said = "the note gives no figure"
    else:
        tol = move_tolerance(query.figure, query.hedge)
        label = judge(display_rounded(computed * (query.sign or 1), query.figure), tol)
        if verb_label == "contradicted" and query.intensity in ("large", "flat"):
            label = worst(label, "imprecise")  # the figure may hold, the verb does not
        tolerance = tol.text if query.intensity not in ("large", "flat") else f"{tol.text}; {verb_rule}"
        said = f"the note says {fmt_signed(abs(query.figure.value) * (query.sign or 1), unit, decimals)}"
    sentence = f"{move.sentence(unit, decimals + 1)}; {said}."
    if query.window.capped:
        sentence += f" (Measured to {query.window.end}, the day before publication.)"
    if move.proxy_note:
        sentence += f" {move.proxy_note}."
    ev = evidence(sentence, series=(move.series,), observations=move.observations, computed=computed,
                  computed_text=fmt_change(computed, unit, decimals + 1), tolerance=tolerance, proxy=move.proxy_note)
    return verdict(claim, label, f"{label}: computed {fmt_change(computed, unit, decimals + 1)} ({tolerance})", ev)


def examples() -> tuple[KindExample, ...]:
    ytd = Period(text="start of the year", kind="ytd", start=date(2026, 1, 1), end=date(2026, 1, 13))
    pub = date(2026, 1, 14)
    ndx = Quantity(value=2.0, unit="percent", text="2.0%", hedge="a meager")

    def claim(cid: str, subject: str, values=(), direction="up", text="", **kw) -> Claim:
        return Claim(id=cid, sentence_index=0, text=text, kind="return", subject=(subject,), metric="return",
                     values=values, direction=direction, period=kw.pop("period", ytd), **kw)

    return (
        KindExample(claim=claim("r1", "NDX", (ndx,), text="the Nasdaq 100 gained a meager 2.0%"), published=pub,
                    expected="supported", why="+1.95% rounds to 2.0%"),
        KindExample(claim=claim("r2", "NDX", (ndx,), "down", text="the Nasdaq 100 lost 2.0%"), published=pub,
                    expected="contradicted", why="wrong sign"),
        KindExample(claim=claim("r3", "RUT", figure_missing=True, subject_text="Russell 2000",
                                text="the Russell 2000 Index has rocketed"), published=pub,
                    expected="supported", why="+6.1% in two weeks is a large move"),
        KindExample(claim=claim("r4", "RUT", (Quantity(value=7.0, unit="percent", text="7%"),),
                                text="the Russell 2000 is up 7% this year"), published=pub,
                    expected="imprecise", why="+6.1% is outside 6.5–7.5 but within 1 pp"),
        KindExample(claim=claim("r5", "RUT", (Quantity(value=6.0, unit="percent", text="6%"),),
                                period=Period(text="next month", kind="month", resolved=False, reason="future")),
                    published=pub, expected="unverifiable", why="unresolved period"),
    )


SPEC = register_kind(KindSpec(
    name="return", slots=("subject", "values", "direction", "period", "hedge", "figure_missing"),
    parse=parse, check=check, examples=examples,
    description="a move over a period: figure within tolerance, or the verb's direction and size"))
