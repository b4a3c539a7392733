"""``count``: how many rate cuts (or hikes) happened in a period: "a three-rate-cut cycle"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from notes_analyzer.check.context import CannotCheck, CheckContext, Window, claim_window, instrument_for
from notes_analyzer.check.kinds import KindExample, KindSpec, register_kind
from notes_analyzer.check.tolerances import hedge_class
from notes_analyzer.check.verdicts import evidence, verdict
from notes_analyzer.market.instruments import Instrument
from notes_analyzer.records import Claim, CountSlots, Metric, Period, Quantity, Verdict, VerdictLabel

#: A count with no stated period is counted over this many days before publication (the "recent cycle").
DEFAULT_LOOKBACK_DAYS = 365
DEFAULT_COUNT_INSTRUMENT = "FEDFUNDS_TARGET"
WHAT = {"rate_cuts": "cuts", "rate_hikes": "hikes"}


@dataclass(frozen=True, slots=True)
class CountQuery:
    instrument: Instrument
    series: str
    window: Window
    what: str
    figure: Quantity
    assumed: bool


def parse(claim: Claim, ctx: CheckContext) -> CountQuery:
    what = WHAT.get(claim.metric or "")
    if claim.metric == "breadth":
        raise CannotCheck("a breadth claim (how many members, sectors or stocks moved) needs constituent data, "
                          "which the store does not hold; it is not the index's own move")
    if what is None:
        raise CannotCheck(f"counting '{claim.metric}' is not supported; known: {', '.join(WHAT)}")
    instrument = instrument_for(ctx, claim.subject[0] if claim.subject else DEFAULT_COUNT_INSTRUMENT)
    figure = next((q for q in claim.values if q.unit in ("count", "number")), None)
    if figure is None:
        raise CannotCheck("the claim states no count")
    series = instrument.upper_series or instrument.series
    window, assumed = _window(claim, ctx)
    return CountQuery(instrument, series, window, what, figure, assumed)


def _window(claim: Claim, ctx: CheckContext) -> tuple[Window, bool]:
    if claim.period is not None and claim.period.resolved:
        return claim_window(claim, ctx), False
    if ctx.last_known_day is None:
        raise CannotCheck("the claim has no period and the note no publication date")
    end = ctx.last_known_day
    return Window(end - timedelta(days=DEFAULT_LOOKBACK_DAYS - 1), end, "the 12 months before publication"), True


def check(claim: Claim, query: CountQuery, ctx: CheckContext) -> Verdict:
    found = ctx.queries.rate_changes(query.series, query.window.start, query.window.end)
    moves = [c for c in found.changes if (c.change_bp < 0) == (query.what == "cuts")]
    n, claimed = len(moves), query.figure.value
    label: VerdictLabel = "supported" if count_holds(n, claimed, query.figure.hedge or claim.hedge) else "contradicted"
    listed = ", ".join(f"{c.decision_date} ({c.change_bp:+d} bp, effective {c.date})" for c in moves) or "none"
    assumed = " (the note names no period: assumed)" if query.assumed else ""
    sentence = (f"FOMC {query.what} in {query.window.start}…{query.window.end}{assumed} per {query.series}: "
                f"{listed}: {n} {query.what}; the note says {int(claimed)} ('{query.figure.text}').")
    ev = evidence(sentence, series=(query.series,), observations=found.observations, computed=float(n),
                  computed_text=str(n), tolerance="exact count (hedges 'at least'/'over' and 'under' read as bounds)")
    return verdict(claim, label, f"{label}: {n} {query.what} in the period", ev)


def count_holds(n: float, claimed: float, hedge: str | None) -> bool:
    """Whether a count of ``n`` makes the claimed count (exact; 'over'/'at least' and 'under' as bounds) true."""
    kind = hedge_class(hedge)
    if kind == "lower_bound":
        return n > claimed if hedge in ("over", "more than") else n >= claimed
    if kind == "upper_bound":
        return n < claimed
    return n == claimed


def examples() -> tuple[KindExample, ...]:
    pub = date(2026, 1, 14)
    y2025 = Period(text="2025", kind="year", start=date(2025, 1, 1), end=date(2025, 12, 31))

    def claim(cid: str, n: int, period: Period | None) -> Claim:
        q = Quantity(value=float(n), unit="count", text=str(n))
        return Claim(id=cid, sentence_index=0, kind="count", subject=("FEDFUNDS_TARGET",), metric=Metric.RATE_CUTS,
                     values=(q,), period=period, text=f"a {n}-rate cut cycle")

    return (
        KindExample(claim=claim("c1", 3, None), published=pub, expected="supported", why="Sep, Oct, Dec 2025"),
        KindExample(claim=claim("c2", 4, y2025), published=pub, expected="contradicted"),
        KindExample(claim=claim("c3", 3, Period(text="1950s", kind="decade", start=date(1950, 1, 1),
                                               end=date(1959, 12, 31))), published=pub, expected="unverifiable",
                    why="the target-range series starts in 2008"),
    )


SPEC = register_kind(KindSpec(name="count", frame=CountSlots, slots=("subject", "metric", "values", "period", "hedge"),
                              parse=parse, check=check, examples=examples,
                              description="number of FOMC cuts/hikes in the period, exactly"))
