"""``relative``: A vs B over the same window — outperformed, underperformed, or "a stark contrast"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from notes_analyzer.check.context import (
    CannotCheck,
    CheckContext,
    Move,
    Window,
    claim_window,
    instrument_for,
    measure_move,
)
from notes_analyzer.check.formatting import fmt_change, fmt_signed
from notes_analyzer.check.kinds import KindExample, KindSpec, register_kind
from notes_analyzer.check.tolerances import display_rounded, figure_decimals, judge, move_tolerance
from notes_analyzer.check.verdicts import evidence, verdict, worst
from notes_analyzer.market.instruments import Instrument
from notes_analyzer.records import Claim, Metric, Period, Quantity, Relation, RelativeSlots, Verdict, VerdictLabel

#: A lead smaller than this (pp) is a tie: "outperformed" is then imprecise.
TIE_GAP_PP = 0.1
#: "A stark contrast" needs the two legs at least this far apart (pp), or moving opposite ways.
CONTRAST_MIN_GAP_PP = 2.0
RELATIONS = {"outperformed": 1, "underperformed": -1, "contrast": 0}
@dataclass(frozen=True, slots=True)
class RelativeQuery:
    subject: Instrument
    comparator: Instrument
    window: Window
    relation: str
    subject_figure: Quantity | None
    comparator_figure: Quantity | None


def parse(claim: Claim, ctx: CheckContext) -> RelativeQuery:
    subject = instrument_for(ctx, claim.subject[0] if claim.subject else None)
    comparator = instrument_for(ctx, claim.comparator, role="comparator")
    relation = relation_of(claim)
    if relation not in RELATIONS:
        raise CannotCheck("the claim does not say which way the two legs compare")
    own, other = assign_figures(claim)
    return RelativeQuery(subject, comparator, claim_window(claim, ctx), relation, own, other)


def relation_of(claim: Claim) -> Relation | None:
    """'outperformed', 'underperformed' or 'contrast': the claim's ``RelativeSlots.relation``."""
    return claim.slots_as(RelativeSlots).relation


def assign_figures(claim: Claim) -> tuple[Quantity | None, Quantity | None]:
    """(subject's figure, comparator's figure): two figures go in order; one goes to the nearer name before it."""
    figures = [q for q in claim.values if q.unit in ("percent", "bp", "pp", "points")]
    if len(figures) >= 2:
        return figures[0], figures[1]
    if not figures:
        return None, None
    if claim.slots_as(RelativeSlots).figure_owner == "comparator":
        return None, figures[0]
    return figures[0], None


def check(claim: Claim, query: RelativeQuery, ctx: CheckContext) -> Verdict:
    mine, theirs = measure_move(ctx, query.subject, query.window), measure_move(ctx, query.comparator, query.window)
    gap = mine.pct - theirs.pct
    label, rule = _judge_relation(query.relation, mine.pct, theirs.pct)
    legs = [_leg(mine, query.subject_figure, claim.direction), _leg(theirs, query.comparator_figure,
                                                                    claim.slots_as(RelativeSlots).comparator_direction)]
    if query.relation == "contrast" and all(leg for leg, _ in legs):
        # "A slipped 0.2%, while B lost 0.4%": the two figures are the claim, not a wide gap between them
        label, rule = "supported", "each leg's own figure"
    label = worst(label, *(leg for leg, _ in legs if leg))
    said = "; ".join(text for _, text in legs if text) or "the note gives no figures"
    notes = " ".join(f"{m.proxy_note}." for m in (mine, theirs) if m.proxy_note)
    digits = 1 + max((figure_decimals(f) for f in (query.subject_figure, query.comparator_figure) if f), default=0)
    sentence = (f"{mine.sentence('percent', digits)}; {theirs.sentence('percent', digits)}; "
                f"gap {fmt_signed(gap, 'pp')} "
                f"({query.relation}: {rule}); {said}. {notes}").strip()
    ev = evidence(sentence, series=(mine.series, theirs.series), observations=mine.observations + theirs.observations,
                  computed=gap, computed_text=fmt_signed(gap, "pp"), tolerance=rule,
                  proxy=" ".join(m.proxy_note for m in (mine, theirs) if m.proxy_note) or None)
    return verdict(claim, label, f"{label}: {query.subject.name} {fmt_change(mine.pct)} vs "
                                 f"{query.comparator.name} {fmt_change(theirs.pct)}", ev)


def _judge_relation(relation: str, mine: float, theirs: float) -> tuple[VerdictLabel, str]:
    gap = mine - theirs
    if relation == "contrast":
        rule = f"legs ≥ {CONTRAST_MIN_GAP_PP:g} pp apart or moving opposite ways"
        apart = abs(gap) >= CONTRAST_MIN_GAP_PP or (mine * theirs < 0 and abs(gap) >= TIE_GAP_PP * 10)
        return ("supported" if apart else "contradicted"), rule
    lead = gap * RELATIONS[relation]
    rule = f"the lead must exceed {TIE_GAP_PP:g} pp"
    if lead > TIE_GAP_PP:
        return "supported", rule
    return ("imprecise" if lead > -TIE_GAP_PP else "contradicted"), rule


def _leg(move: Move, figure: Quantity | None, direction: str | None) -> tuple[VerdictLabel | None, str]:
    if figure is None:
        return None, ""
    computed = move.value(figure.unit)
    sign = {"up": 1, "down": -1}.get(direction or "", 0)
    if sign == 0:
        label = judge(display_rounded(abs(computed), figure), move_tolerance(figure, figure.hedge))
        return label, f"the note gives {move.label} {figure.text} (direction not stated: size only)"
    label = judge(display_rounded(computed * sign, figure), move_tolerance(figure, figure.hedge))
    text = fmt_signed(abs(figure.value) * sign, figure.unit, figure_decimals(figure))
    return label, f"the note gives {move.label} {text}"


def examples() -> tuple[KindExample, ...]:
    pub = date(2026, 1, 14)
    ytd = Period(text="start of the year", kind="ytd", start=date(2026, 1, 1), end=date(2026, 1, 13))
    text = ("This performance stands in stark contrast to the tech-heavy Nasdaq 100, which has remained relatively "
            "flat, gaining a meager 2.0%")

    def claim(cid: str, subject: str, comparator: str, relation: Relation, values: tuple[Quantity, ...] = (),
              period: Period = ytd) -> Claim:
        return Claim(id=cid, sentence_index=0, kind="relative", subject=(subject,), comparator=comparator,
                     comparator_text="Nasdaq 100", metric=Metric.RETURN, values=values, period=period, text=text,
                     slots=RelativeSlots(relation=relation))

    two = (Quantity(value=2.0, unit="percent", text="2.0%", hedge="a meager"),)
    return (
        KindExample(claim=claim("x1", "RUT", "NDX", "contrast", two), published=pub, expected="supported",
                    why="+6.1% vs +1.95%"),
        KindExample(claim=claim("x2", "NDX", "RUT", "outperformed"), published=pub, expected="contradicted"),
        KindExample(claim=claim("x3", "RUT", "BTC_CASH", "outperformed"), published=pub, expected="unverifiable",
                    why="unknown comparator"),
    )


SPEC = register_kind(KindSpec(name="relative", frame=RelativeSlots,
                              slots=("subject", "comparator", "values", "direction", "period", "slots.relation",
                                     "slots.figure_owner", "slots.comparator_direction"),
                              parse=parse, check=check, examples=examples,
                              description="both legs over the same window; the gap decides the relation"))
