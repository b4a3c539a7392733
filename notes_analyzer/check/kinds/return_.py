"""``return``: X rose/fell N% (or N bp) over a period, or only "rocketed"/"stayed flat"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Literal

from notes_analyzer.check.context import (
    CannotCheck,
    CheckContext,
    Move,
    Window,
    claim_window,
    day_range,
    futures_reading,
    instrument_for,
    measure_move,
    move_on,
    within_revisions,
)
from notes_analyzer.check.direction import intensity_of, judge_direction, thresholds_for
from notes_analyzer.check.formatting import fmt_change, fmt_signed
from notes_analyzer.check.kinds import KindExample, KindSpec, register_kind
from notes_analyzer.check.tolerances import (
    CLOSE_STANDS_FOR_SESSION,
    EPSILON,
    display_rounded,
    figure_decimals,
    hedge_class,
    judge,
    level_half_step,
    move_tolerance,
)
from notes_analyzer.check.verdicts import evidence, verdict
from notes_analyzer.market.instruments import Instrument
from notes_analyzer.records import (
    INTRADAY,
    Claim,
    Direction,
    JudgedLabel,
    Metric,
    Period,
    Quantity,
    ReturnSlots,
    Verdict,
)

#: Units a move can be stated in.
MOVE_UNITS = ("percent", "bp", "pp", "points", "usd", "number")
#: On a series quoted in percent (yields, rates, unemployment) a "%" figure up to this size is
#: read as percentage points ("mortgage rates rose 0.5%"); a larger one as a relative change.
RATE_PERCENT_AS_PP_MAX = 1.5
#: A dividend-adjusted ETF proxy runs ahead of its price index by its yield: the index's own move
#: is taken to lie up to this many pp per year below the proxy's.
PROXY_DRIFT_PP_PER_YEAR = 1.5
#: Macro series are revised: the evidence says the figure is checked on the latest vintage.
#: One quarter between observations (days): growth of a SAAR series over it is annualized.
SAAR_QUARTER_DAYS = (85, 95)
REVISED_NOTE = "Macro figures are the latest revised data, not the first release."
SIGNS = {"up": 1, "down": -1, "flat": 0}


@dataclass(frozen=True, slots=True)
class MoveQuery:
    instrument: Instrument
    window: Window
    figure: Quantity | None
    sign: int
    intensity: str
    hedge: str | None
    #: the figure's rounding when it is the change between two rounded levels ("from 4.2% to 4.0%")
    step: float | None = None

    @property
    def unit(self) -> str:
        if self.figure is not None:
            return self.figure.unit
        return "bp" if self.instrument.unit == "percent" else "percent"


def move_figure(claim: Claim, instrument: Instrument | None = None) -> Quantity | None:
    """The first figure of the claim stated in a move unit (%, bp, pp, points, usd; jobs for payrolls)."""
    for q in claim.values:
        if q.unit == "count" and instrument is not None and instrument.unit == "thousands":
            return Quantity(value=q.value, unit="number", text=q.text, hedge=q.hedge)
        if q.unit in MOVE_UNITS:
            return q
    return None


def claimed_sign(claim: Claim, figure: Quantity | None) -> int | None:
    """+1 up, -1 down, 0 flat: from ``direction``, a signed figure, or else ``Reading.text_direction``.

    An unsigned figure with no direction slot takes the direction the sentence's verbs give
    (``text_direction``), and none (None → unverifiable) when they give both or neither: "3%"
    alone could be a rise or a fall.
    """
    if claim.direction in SIGNS:
        return SIGNS[claim.direction]
    if figure is not None and figure.value < 0:
        return -1
    return SIGNS.get(claim.reading.text_direction or "")


def _first_verb_sign(claim: Claim) -> int | None:
    """+1/-1 for the first rising/falling word after the subject's name (``Reading.verb_direction``)."""
    return SIGNS.get(claim.reading.verb_direction or "")


#: Moves measured from a reference point (a peak or a low), not over a period.
FROM_EXTREME: dict[str, Literal["max", "min"]] = {"from_peak": "max", "from_trough": "min"}
#: Where a peak or low is sought when the note does not say when it was ("below its record").
EXTREME_LOOKBACK_DAYS = 365


def _extreme_window(claim: Claim, ctx: CheckContext) -> Window:
    """From the period the note names for the extreme ("its mid-February high"), else the past year,
    to the last close the writer could have seen."""
    end = _extreme_now(claim, ctx)
    period = claim.period
    reference = claim.slots_as(ReturnSlots).reference or "extreme"
    if period is not None and period.resolved and period.start is not None and period.end is not None \
            and period.start < end:
        return Window(period.start, min(period.end, end), f"{reference} of {period.text}", period.end > end)
    return Window(end - timedelta(days=EXTREME_LOOKBACK_DAYS), end, f"{reference} of the past year", False)


def _session_window(period: Period) -> Window:
    """The one session of a note written while the market was open (its range decides the move)."""
    if period.start is None:
        raise CannotCheck(f"the period '{period.text}' has no date")
    return Window(period.start, period.start, period.text)


def _extreme_now(claim: Claim, ctx: CheckContext) -> date:
    """The close a move from a peak is measured at: the day the note names, else the last it could see."""
    last = ctx.last_known_day
    if last is None:
        raise CannotCheck("a move from a peak or low needs the note's publication date")
    named = claim.slots_as(ReturnSlots).at
    return min(named, last) if named else last


def parse(claim: Claim, ctx: CheckContext) -> MoveQuery:
    instrument = instrument_for(ctx, claim.subject[0] if claim.subject else None)
    window = (_extreme_window(claim, ctx) if claim.metric in FROM_EXTREME else
              _session_window(claim.period) if claim.period is not None and claim.period.kind == INTRADAY
              else claim_window(claim, ctx))
    figure = move_figure(claim, instrument)
    if figure is None and claim.values:
        shown = ", ".join(f"'{q.text}' ({q.unit})" for q in claim.values)
        raise CannotCheck(f"the figure {shown} is not a move the {instrument.name} series can be compared with")
    figure = _as_points_if_rate(figure, instrument)
    levels = _levels_moved(claim, instrument)
    step = None
    if levels is not None and (figure is None or figure.text in (levels[0].text, levels[1].text)):
        figure, step = _change_between(*levels)
    sign = claimed_sign(claim, figure)
    intensity = intensity_of(claim)
    if sign is None:
        sign = 0 if intensity == "flat" else None
    if sign is None:
        raise CannotCheck("the claim gives neither a figure nor a direction to test")
    if figure is None and sign != 0 and claim.reading.moves_before_subject:
        raise CannotCheck("no rising or falling word follows the subject's name; the sentence's move words stand "
                          "before it or in another clause, and may be another subject's move")
    if figure is None and sign != 0 and _first_verb_sign(claim) not in (None, sign):
        raise CannotCheck(f"the claim's direction ({claim.direction}) disagrees with the first verb after its "
                          "subject, and it gives no figure: which way it goes is not clear")
    if sign == 0 and figure is not None and figure.value != 0:
        sign = 1 if figure.value > 0 else -1
    if levels is not None and step is not None:
        sign = 1 if levels[1].value > levels[0].value else -1  # the levels say which way it went
    return MoveQuery(instrument, window, figure, sign, intensity, (figure.hedge if figure else None) or claim.hedge,
                     step)


def _levels_moved(claim: Claim, instrument: Instrument) -> tuple[Quantity, Quantity] | None:
    """The start and end levels of a move told by its levels (``ReturnSlots.from_to``), in a unit the
    instrument's series is quoted in: percent for a rate or yield, points or dollars otherwise."""
    pair = claim.slots_as(ReturnSlots).from_to
    if pair is None:
        return None
    start, end = claim.values[pair[0]], claim.values[pair[1]]
    rate = instrument.unit == "percent"
    if (start.unit == "percent") != rate or start.unit not in ("percent", "points", "usd"):
        return None
    return start, end


def _change_between(start: Quantity, end: Quantity) -> tuple[Quantity, float]:
    """The change from ``start`` to ``end`` as a move figure (pp for rates), and its rounding: each
    level is rounded, so the change is known to twice a level's half step."""
    unit = "pp" if start.unit == "percent" else start.unit
    change = Quantity(value=round(abs(end.value - start.value), 6), unit=unit, text=f"{start.text} to {end.text}")
    return change, 2 * max(level_half_step(start), level_half_step(end))


def _as_points_if_rate(figure: Quantity | None, instrument: Instrument) -> Quantity | None:
    if (figure is not None and figure.unit == "percent" and instrument.unit == "percent"
            and abs(figure.value) <= RATE_PERCENT_AS_PP_MAX):
        return Quantity(value=figure.value, unit="pp", text=figure.text, hedge=figure.hedge)
    return figure


def _saar(move: Move, unit: str, computed: float) -> tuple[float, bool]:
    """Quarter-on-quarter growth of a SAAR series (real GDP) as writers quote it: annualized."""
    saar = "saar" in str(move.instrument.unit).lower()
    if not (saar and unit == "percent" and SAAR_QUARTER_DAYS[0] <= (move.end_obs.date - move.start_obs.date).days
            <= SAAR_QUARTER_DAYS[1]):
        return computed, False
    return ((1 + computed / 100) ** 4 - 1) * 100, True


def _index_estimate(move: Move, unit: str, computed: float, query: MoveQuery) -> tuple[float, float]:
    """(figure to judge, drift): on an ETF proxy, the claimed move if it lies in [proxy - drift, proxy]."""
    if not move.proxy_note or move.series != query.instrument.proxy or unit != "percent" or query.figure is None:
        return computed, 0.0  # the drift is a dividend ETF's; an instrument's own daily series has none
    drift = (query.instrument.proxy_drift_pp or PROXY_DRIFT_PP_PER_YEAR) * move.years
    claimed = abs(query.figure.value) * (query.sign or 1)
    return min(max(claimed, computed - drift), computed), drift


def check(claim: Claim, query: MoveQuery, ctx: CheckContext) -> Verdict:
    if claim.metric in FROM_EXTREME:
        return check_from_extreme(claim, query, ctx)
    if claim.period is not None and claim.period.kind == INTRADAY:
        return check_intraday(claim, query, ctx)
    if claim.slots_as(ReturnSlots).intraday and query.figure is not None:
        if query.window.start != query.window.end:
            raise CannotCheck(f"the move is told at its furthest within {query.window.text}, and its closes do not "
                              "show where that was")
        return check_day_extreme(claim, query, ctx)
    move = measure_move(ctx, query.instrument, query.window)
    result = _within_revisions(judge_move(claim, query, move), query, move)
    note = "the front-month future, the price news copy quotes"
    return futures_reading(result, query.instrument, lambda series: judge_move(
        claim, query, move_on(ctx, query.instrument, series, query.window, f"{series}: {note}")))


def _within_revisions(result: Verdict, query: MoveQuery, move: Move) -> Verdict:
    """``within_revisions`` on the move and the note's signed figure."""
    if query.figure is None:
        return result
    computed, _ = _saar(move, query.unit, move.value(query.unit))  # GDP: the annualized rate writers quote
    return within_revisions(result, query.instrument, computed, abs(query.figure.value) * (query.sign or 1),
                            percent=query.unit == "percent")


def check_from_extreme(claim: Claim, query: MoveQuery, ctx: CheckContext) -> Verdict:
    """"12.7% below its mid-February high": the last known close against the highest (lowest) close
    of the window the note names, on the instrument's own daily series (a proxy's adjusted prices
    would misplace the peak)."""
    from notes_analyzer.errors import NoData, SeriesNotFound

    if query.figure is None or query.figure.unit != "percent":
        raise CannotCheck("a move from a peak or low is checked as a % figure")
    series = query.instrument.series
    end = _extreme_now(claim, ctx)
    intraday = claim.slots_as(ReturnSlots).intraday
    try:
        extreme = ctx.queries.extreme(series, query.window.start, query.window.end, FROM_EXTREME[claim.metric or ""])
        if intraday:  # "down 21% from the high, intraday": the day's low (high) against the closing extreme
            field: Literal["low", "high"] = "low" if claim.metric == "from_peak" else "high"
            day = ctx.queries.extreme(series, end, end, "min" if field == "low" else "max", field=field)
            now_value, now_date, now_obs, said = day.value, day.date, day.observations, f"traded as {field} as"
        else:
            close = ctx.queries.value_at(series, end)
            now_value, now_date, now_obs, said = close.value, close.date, close.observations, "closed at"
    except (NoData, SeriesNotFound) as exc:
        raise CannotCheck(str(exc) if not intraday else f"an intraday move from the {claim.metric} needs the "
                          f"day's high and low: {exc}") from None
    computed = (now_value / extreme.value - 1) * 100
    tol = move_tolerance(query.figure, query.hedge)
    label = judge(display_rounded(computed * (query.sign or 1), query.figure), tol)
    word = "high" if claim.metric == "from_peak" else "low"
    decimals = figure_decimals(query.figure)
    sentence = (f"{query.instrument.name} {said} {now_value:,.2f} on {now_date}, "
                f"{fmt_change(computed, 'percent', decimals + 1)} from its {word} close of {extreme.value:,.2f} "
                f"({extreme.date}, the {word} of {query.window.start} to {query.window.end}); the note says "
                f"{fmt_signed(abs(query.figure.value) * (query.sign or 1), 'percent', decimals)}.")
    ev = evidence(sentence, series=(series,), observations=(*extreme.observations, *now_obs),
                  computed=computed, computed_text=fmt_change(computed, "percent", decimals + 1), tolerance=tol.text)
    return verdict(claim, label, f"{label}: computed {fmt_change(computed, 'percent', decimals + 1)} from the "
                   f"{word} ({tol.text})", ev)


def check_intraday(claim: Claim, query: MoveQuery, ctx: CheckContext) -> Verdict:
    """A move "so far today" in a note written while the market was open: the level at that moment
    lies between the day's low and high, so the figure must fall inside the day's range measured
    from the previous close; a move with no figure holds when the whole range lies on its side."""
    from notes_analyzer.errors import NoData, SeriesNotFound

    series, day = query.instrument.series, query.window.end
    if query.unit not in ("percent", "points"):
        if query.figure is None:
            return _intraday_from_close(claim, query, ctx)
        raise CannotCheck(f"a move during the session is checked in % or points against the day's range, "
                          f"not in {query.unit}")
    try:
        session = ctx.queries.change(series, day, day)
        low, high = day_range(ctx, series, day)
    except (NoData, SeriesNotFound) as exc:
        if query.figure is None:
            return _intraday_from_close(claim, query, ctx)
        raise CannotCheck(f"a move during the session needs the day's high and low; {exc}") from None
    if session.end_obs.date != day:
        raise CannotCheck(f"{series} has no session on {day}")
    base = session.start_obs.value

    def signed(value: float) -> float:
        return (value / base - 1) * 100 if query.unit == "percent" else value - base

    lo, hi = signed(low.value), signed(high.value)
    span = f"{fmt_signed(lo, query.unit, 2)} (low) to {fmt_signed(hi, query.unit, 2)} (high)"
    sentence = (f"{query.instrument.name} closed at {base:,.2f} on {session.start_obs.date}; on {day} it traded "
                f"between {low.value:,.2f} and {high.value:,.2f}, {span} from that close "
                f"(it closed at {session.end_obs.value:,.2f})")
    sign = query.sign or 0
    if query.figure is None:
        if sign == 0:
            raise CannotCheck("a flat move during the session cannot be read from the day's range")
        on_side, against = (lo > 0, hi < 0) if sign > 0 else (hi < 0, lo > 0)
        if not (on_side or against):
            raise CannotCheck(f"the day's range runs from {span}: which way it stood when the note was "
                              "written cannot be read from daily bars")
        label: JudgedLabel = "supported" if on_side else "contradicted"
        tolerance = "the whole day's range on the claimed side"
        sentence += "; the note gives no figure."
    else:
        tol = move_tolerance(query.figure, query.hedge, query.step)
        low_side, high_side = sorted((lo * sign, hi * sign)) if sign else (min(lo, hi), max(lo, hi))
        if hedge_class(query.hedge) in ("lower_bound", "upper_bound"):
            # "all fell at least 2.7%" at midday: a bound holds at the moment written only if it held all day
            inside = (tol.low - EPSILON <= low_side and high_side <= tol.high + EPSILON)
            outside = (high_side < tol.low - EPSILON or low_side > tol.high + EPSILON)
            if not (inside or outside):
                raise CannotCheck(f"the day's range runs from {span}: whether the move met the bound "
                                  f"({tol.text}) when the note was written cannot be read from daily bars")
        label = ("supported" if tol.low - EPSILON <= high_side and low_side <= tol.high + EPSILON else
                 "imprecise" if tol.near_low - EPSILON <= high_side and low_side <= tol.near_high + EPSILON
                 else "contradicted")
        tolerance = f"{tol.text}, against the day's range"
        sentence += f"; the note says {fmt_signed(abs(query.figure.value) * (sign or 1), query.unit, 2)}."
    ev = evidence(sentence, series=(f"{series}.low", f"{series}.high"),
                  observations=(session.start_obs, *low.observations, *high.observations),
                  computed=None, computed_text=span, tolerance=tolerance)
    return verdict(claim, label, f"{label}: the session's range was {span} ({tolerance})", ev)


def check_day_extreme(claim: Claim, query: MoveQuery, ctx: CheckContext) -> Verdict:
    """A closed session's furthest point ("fell as much as 4.7% on Monday before ending 0.2% lower", "was up
    3.4% at one point"): the day's low (a fall) or high (a rise) from the previous close, against the figure."""
    from notes_analyzer.errors import NoData, SeriesNotFound

    series, day, figure = query.instrument.series, query.window.end, query.figure
    if figure is None or query.unit not in ("percent", "points") or not query.sign:
        raise CannotCheck(f"a session's furthest move is checked in % or points, up or down, not in {query.unit}")
    try:
        session = ctx.queries.change(series, day, day)
        low, high = day_range(ctx, series, day)
    except (NoData, SeriesNotFound) as exc:
        raise CannotCheck(f"a move at its furthest in the session needs the day's high and low; {exc}") from None
    if session.end_obs.date != day:
        raise CannotCheck(f"{series} has no session on {day}")
    base = session.start_obs.value
    extreme = low if query.sign < 0 else high
    value = (extreme.value / base - 1) * 100 if query.unit == "percent" else extreme.value - base
    tol = move_tolerance(figure, query.hedge, query.step)
    label = judge(display_rounded(value * query.sign, figure), tol) if value * query.sign > 0 else "contradicted"
    shown = fmt_signed(value, query.unit, 2)
    word = "low" if query.sign < 0 else "high"
    sentence = (f"{query.instrument.name} closed at {base:,.2f} on {session.start_obs.date}; on {day} its {word} was "
                f"{extreme.value:,.2f}, {shown} from that close (it closed at {session.end_obs.value:,.2f}); the note "
                f"says {fmt_signed(abs(figure.value) * query.sign, query.unit, 2)} at the furthest.")
    ev = evidence(sentence, series=(f"{series}.{word}",), observations=(session.start_obs, *extreme.observations),
                  computed=value, computed_text=shown, tolerance=f"{tol.text}, at the day's {word}")
    return verdict(claim, label, f"{label}: the day's {word} was {shown} ({tol.text})", ev)


def _intraday_from_close(claim: Claim, query: MoveQuery, ctx: CheckContext) -> Verdict:
    """A direction-only move during the session ("Oil futures fell", "the 10-year yield was up") on a
    series with closes only: the day's close-to-close move stands for it when it went the claimed way
    by at least ``CLOSE_STANDS_FOR_SESSION``; anything less, or the other way, cannot say where the
    market stood when the note was written (never a contradiction)."""
    from notes_analyzer.errors import NoData, SeriesNotFound

    series, day, sign = query.instrument.series, query.window.end, query.sign or 0
    unit = "bp" if query.unit in ("bp", "pp") else "percent"
    try:
        move = measure_move(ctx, query.instrument, Window(start=day, end=day, text=query.window.text))
    except (NoData, SeriesNotFound) as exc:
        raise CannotCheck(f"a move during the session needs the day's data; {exc}") from None
    if move.end_obs.date != day:
        raise CannotCheck(f"{series} has no close on {day}")
    value = move.value(unit)
    shown = fmt_change(value, unit, 2)
    if not sign or value * sign < CLOSE_STANDS_FOR_SESSION[unit]:
        raise CannotCheck(f"{series} has closes only, and its close on {day} ({shown}) does not show where it "
                          "stood when the note was written")
    tolerance = (f"closes only: the day's close moved the claimed way by at least "
                 f"{fmt_change(CLOSE_STANDS_FOR_SESSION[unit], unit, 1).lstrip('+')}")
    ev = evidence(f"{move.sentence(unit, 2)}; the note, written during the session, gives no figure. The store "
                  f"holds closes only for {series}: the close stands for the session.", series=(move.series,),
                  observations=move.observations, computed=value, computed_text=shown, tolerance=tolerance)
    return verdict(claim, "supported", f"supported: the session closed {shown} from the day before ({tolerance})", ev)


def judge_move(claim: Claim, query: MoveQuery, move: Move) -> Verdict:
    """The verdict for one measured move against the claim's figure and/or verb."""
    unit = query.unit
    computed, annualized = _saar(move, unit, move.value(unit))
    decimals = figure_decimals(query.figure) if query.figure else 0
    limits = thresholds_for("bp" if unit in ("bp", "pp") else "percent", (query.window.end - query.window.start).days)
    verb_move = move.pct if unit in ("percent", "points") else move.value("bp")
    verb_label, verb_rule = judge_direction(verb_move, query.sign, query.intensity, limits)
    if query.figure is None:
        label, tolerance = verb_label, f"{query.intensity} ({verb_rule}; {limits.describe()})"
        said = "the note gives no figure"
    else:
        tol = move_tolerance(query.figure, query.hedge, query.step)
        judged, drift = _index_estimate(move, unit, computed, query)
        label = judge(display_rounded(judged * (query.sign or 1), query.figure), tol)
        if verb_label == "contradicted" and query.intensity in ("large", "flat"):
            label = "imprecise" if label == "supported" else label  # the figure may hold, the verb does not
        tolerance = tol.text if query.intensity not in ("large", "flat") else f"{tol.text}; {verb_rule}"
        said = f"the note says {fmt_signed(abs(query.figure.value) * (query.sign or 1), unit, decimals)}"
    shown = move.sentence(unit, decimals + 1)
    if annualized:  # quarterly growth of a SAAR series is quoted at an annual rate
        shown = f"{move.sentence(unit, 2)} q/q, {fmt_change(computed, unit, decimals + 1)} at an annual rate"
    sentence = f"{shown}; {said}."
    if query.window.capped:
        sentence += f" (Measured to {query.window.end}, the day before publication.)"
    if move.proxy_note:
        sentence += f" {move.proxy_note}."
    if query.figure is not None and drift:
        sentence += f" The index's own move is taken to be up to {drift:.2f} pp below the proxy's (dividends)."
        tolerance += f"; proxy drift ≤ {drift:.2f} pp"
    if query.instrument.kind == "macro":
        sentence += f" {REVISED_NOTE}"
    ev = evidence(sentence, series=(move.series,), observations=move.observations, computed=computed,
                  computed_text=fmt_change(computed, unit, decimals + 1), tolerance=tolerance, proxy=move.proxy_note)
    return verdict(claim, label, f"{label}: computed {fmt_change(computed, unit, decimals + 1)} ({tolerance})", ev)


def examples() -> tuple[KindExample, ...]:
    ytd = Period(text="start of the year", kind="ytd", start=date(2026, 1, 1), end=date(2026, 1, 13))
    pub = date(2026, 1, 14)
    ndx = Quantity(value=2.0, unit="percent", text="2.0%", hedge="a meager")

    def claim(cid: str, subject: str, values: tuple[Quantity, ...] = (), direction: Direction | None = "up",
              text: str = "", **kw: Any) -> Claim:
        return Claim(id=cid, sentence_index=0, text=text, kind="return", subject=(subject,), metric=Metric.RETURN,
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
    name="return", frame=ReturnSlots,
    slots=("subject", "metric", "values", "direction", "period", "hedge", "figure_missing", "reading.intensity",
           "reading.text_direction", "reading.verb_direction", "reading.moves_before_subject", "slots.reference",
           "slots.at", "slots.from_to"),
    parse=parse, check=check, examples=examples,
    description="a move over a period: figure within tolerance, or the verb's direction and size"))
