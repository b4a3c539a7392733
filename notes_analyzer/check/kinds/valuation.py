"""``valuation``: discounts, P/E gaps — unverifiable unless the store holds the valuation series.

The shared market data has no forward P/E for any index (only Shiller's PE10, ending 2023-09),
so these claims come back unverifiable, naming the data they would need.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from notes_analyzer.check.context import CheckContext
from notes_analyzer.check.kinds import KindExample, KindSpec, register_kind
from notes_analyzer.check.verdicts import undecided
from notes_analyzer.records import Claim, Metric, Period, Quantity, Verdict

#: What each valuation metric needs, for the reason given.
NEEDED = {"valuation_discount": "forward P/E (or P/B) of both legs", "valuation_gap": "forward P/E of both legs",
          "pe": "a P/E series"}


@dataclass(frozen=True, slots=True)
class ValuationQuery:
    metric: str
    legs: tuple[str, ...]


def parse(claim: Claim, ctx: CheckContext) -> ValuationQuery:
    legs = tuple(x for x in (*claim.subject, claim.comparator) if x)
    named = legs or tuple(x for x in (claim.subject_text, claim.comparator_text) if x)
    return ValuationQuery(claim.metric or "valuation", named)


def check(claim: Claim, query: ValuationQuery, ctx: CheckContext) -> Verdict:
    need = NEEDED.get(query.metric, "valuation data")
    legs = " and ".join(query.legs) if query.legs else "the instruments named"
    reason = (f"no valuation data in the market store: checking this {query.metric} needs {need} for {legs}, "
              "and the store has price series only")
    return undecided(claim, "unverifiable", reason)


def examples() -> tuple[KindExample, ...]:
    claim = Claim(id="v1", sentence_index=0, kind="valuation", subject=("RUT",), comparator="SPX",
                  text="the nearly 30% valuation discount small-caps held versus large-caps at the start of the year",
                  metric=Metric.VALUATION_DISCOUNT, hedge="nearly",
                  values=(Quantity(value=30.0, unit="percent", text="30%", hedge="nearly"),),
                  period=Period(text="the start of the year", kind="day", start=date(2026, 1, 1), end=date(2026, 1, 1)))
    return (KindExample(claim=claim, published=date(2026, 1, 14), expected="unverifiable",
                        why="no P/E data in the store"),)


SPEC = register_kind(KindSpec(name="valuation", frame=None, slots=("subject", "comparator", "metric", "values"),
                              parse=parse, check=check, examples=examples, data_backed=False,
                              description="unverifiable: no valuation data"))
