"""Builders of realistic ``NoteReport``s for the report and results tests.

The figures in the desk below come from ../shared/market-data (see corpus/ANSWERS.md):
the Russell 2000 closed 2,481.91 on 2025-12-31 and 2,633.11 on 2026-01-13 (+6.1%), the
Nasdaq 100 25,249.85 and 25,741.95 (+1.9%); the fed funds target range is 3.50–3.75%
since 2025-12-11 after three cuts in 2025.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from notes_analyzer.records import (
    CatalystMention,
    Claim,
    EntityMention,
    Evidence,
    Note,
    NoteAnalysis,
    NoteReport,
    Observation,
    Period,
    Quantity,
    Stance,
    SupportScore,
    Verdict,
)

CATALYSTS = {
    "fed_cuts": ("Fed rate cuts", "monetary"),
    "obbba": ("OBBBA / bonus depreciation", "fiscal"),
    "tariffs": ("Tariffs", "trade"),
    "ai_capex": ("AI capex", "technology"),
    "reshoring": ("Reshoring", "industrial"),
    "m_and_a": ("M&A", "corporate"),
}


def claim(
    cid: str, text: str, kind: str, label: str, *, evidence: str | None = None, computed: float | None = None,
    value: float | None = None, direction: str | None = None, subject: tuple[str, ...] = ("RUT",),
    period: tuple[date, date] | None = None, due: date | None = None, decided: date | None = None,
    series: tuple[str, ...] = ("index_RUT",),
) -> tuple[Claim, Verdict]:
    """A claim and its verdict; evidenced labels get an Evidence with observations."""
    values = (Quantity(value=value, unit="percent", text=f"{value}%"),) if value is not None else ()
    per = Period(text="period", kind="window", start=period[0], end=period[1]) if period else None
    c = Claim(id=cid, sentence_index=0, text=text, kind=kind, subject=subject, values=values,
              direction=direction, period=per)
    ev = None
    if evidence is not None:
        obs = tuple(Observation(series=series[0], date=d, value=100.0) for d in (period or ()))
        ev = Evidence(sentence=evidence, series=series, observations=obs, computed=computed,
                      computed_text=None if computed is None else f"{computed:+.1f}%", tolerance="±0.5 pp")
    v = Verdict(claim_id=cid, label=label, reason=evidence or f"{label} claim", evidence=ev,
                checkable_after=due, decided_on=decided)
    return c, v


def catalyst(key: str, direction: str = "tailwind", sentence: int = 0) -> CatalystMention:
    name, group = CATALYSTS[key]
    return CatalystMention(catalyst=key, group=group, name=name, sentence_index=sentence,
                           evidence=f"sentence about {name}", direction=direction)


def report(
    note_id: str, source: str | None, published: date | None, *, claims: list[tuple[Claim, Verdict]] = (),
    catalysts: list[CatalystMention] = (), stances: list[tuple[str, str, float]] = (),
    sentiment: float = 0.0, title: str | None = None, score: float | None = None,
) -> NoteReport:
    """A scored note; the support score is computed from the verdicts unless given."""
    when = datetime(published.year, published.month, published.day, 9, 30, tzinfo=UTC) if published else None
    note = Note(id=note_id, text="text of " + note_id, title=title or f"Note {note_id}", source=source,
                published=when, content_hash="h-" + note_id, path=f"corpus/{note_id}.html", format="html")
    label = "positive" if sentiment > 0.2 else "negative" if sentiment < -0.2 else "neutral"
    mentions = tuple(EntityMention(sentence_index=0, start=0, end=3, text=t, target=t,
                                   kind="sector" if t.islower() else "instrument") for t, _, _ in stances)
    analysis = NoteAnalysis(
        note_id=note_id, claims=tuple(c for c, _ in claims), mentions=mentions,
        note_sentiment=sentiment, note_sentiment_label=label,
        stances=tuple(Stance(target=t, label=lab, score=s, mentions=1) for t, lab, s in stances),
        catalysts=tuple(catalysts),
    )
    verdicts = tuple(v for _, v in claims)
    return NoteReport(note=note, analysis=analysis, verdicts=verdicts, support=_support(verdicts, score),
                      pipeline_version="0.1.0", scored_at=datetime(2026, 1, 20, 12, 0))


def _support(verdicts: tuple[Verdict, ...], score: float | None) -> SupportScore:
    counts: dict[str, int] = {}
    for v in verdicts:
        counts[v.label] = counts.get(v.label, 0) + 1
    decided = counts.get("supported", 0) + counts.get("contradicted", 0) + counts.get("imprecise", 0)
    if score is None and decided:
        score = (counts.get("supported", 0) + 0.5 * counts.get("imprecise", 0)) / decided
    total = len(verdicts)
    return SupportScore(score=score, coverage=decided / total if total else 0.0, checkable=decided,
                        total=total, counts=counts)


# --------------------------------------------------------------------------- the desk

JAN_START = (date(2025, 12, 31), date(2026, 1, 13))


def week3_desk() -> tuple[list[NoteReport], list[NoteReport]]:
    """Notes of 2026-W03 (12–18 Jan) and of the weeks before, with known figures."""
    harbor_1 = report(
        "harbor-1", "Harbor Street Research", date(2026, 1, 14), sentiment=0.6, title="Small caps wake up",
        claims=[
            claim("h1-c1", "The Nasdaq 100 gained a meager 2.0% this year.", "return", "supported",
                  evidence="NDX rose 1.9% from 25,249.85 (2025-12-31) to 25,741.95 (2026-01-13).",
                  computed=1.9, value=2.0, direction="up", subject=("NDX",), period=JAN_START, series=("NDX",)),
            claim("h1-c2", "The Russell 2000 fell 3% since the start of the year.", "return", "contradicted",
                  evidence="RUT rose 6.1% from 2,481.91 (2025-12-31) to 2,633.11 (2026-01-13).",
                  computed=6.1, value=3.0, direction="down", period=JAN_START),
            claim("h1-c3", "Small-cap earnings will outpace the S&P 500 in 2026.", "forecast", "pending",
                  due=date(2027, 3, 31)),
        ],
        catalysts=[catalyst("fed_cuts"), catalyst("obbba"), catalyst("ai_capex")],
        stances=[("RUT", "bullish", 0.8), ("small caps", "bullish", 0.7)],
    )
    harbor_2 = report(
        "harbor-2", "Harbor Street Research", date(2026, 1, 16), sentiment=0.3,
        claims=[
            claim("h2-c1", "The fed funds target range sits at 3.50%-3.75%.", "range", "supported",
                  evidence="DFEDTARL 3.50 and DFEDTARU 3.75 on 2026-01-15.", computed=3.75, subject=("FEDFUNDS",),
                  series=("DFEDTARL", "DFEDTARU")),
            claim("h2-c2", "The Russell 2000 is down 3% in January.", "return", "contradicted",
                  evidence="RUT rose 6.1% from 2,481.91 (2025-12-31) to 2,633.11 (2026-01-13).",
                  computed=6.1, value=3.0, direction="down", period=JAN_START),
        ],
        catalysts=[catalyst("fed_cuts"), catalyst("tariffs", "headwind")],
        stances=[("RUT", "bullish", 0.5)],
    )
    meridian_1 = report(
        "meridian-1", "Meridian Macro Letter", date(2026, 1, 13), sentiment=-0.4,
        claims=[
            claim("m1-c1", "The Fed delivered four cuts in 2025.", "count", "contradicted",
                  evidence="The target range's upper bound fell three times in 2025 (Sep 18, Oct 30, Dec 11).",
                  computed=3.0, value=4.0, subject=("FEDFUNDS",), series=("DFEDTARU",)),
            claim("m1-c2", "The 10-year yield jumped to 4.6%.", "level", "contradicted",
                  evidence="DGS10 was 4.18% on 2026-01-12.", computed=4.18, value=4.6, subject=("DGS10",),
                  series=("DGS10",)),
            claim("m1-c3", "Gold rallied about 10% in December.", "return", "imprecise",
                  evidence="Gold's monthly average rose 5.4% from 4,087 (Nov) to 4,309 (Dec).", computed=5.4,
                  value=10.0, direction="up", subject=("GOLD",), series=("gold_monthly",)),
            claim("m1-c4", "December CPI inflation will come in below 2.7%.", "forecast", "contradicted",
                  evidence="CPI rose 3.0% in the year to December 2025 (CPIAUCSL, released 2026-01-13).",
                  computed=3.0, value=2.7, subject=("CPI",), series=("CPIAUCSL",), due=date(2026, 1, 13),
                  decided=date(2026, 1, 15)),
        ],
        catalysts=[catalyst("tariffs", "headwind"), catalyst("fed_cuts", "risk")],
        stances=[("SPX", "bearish", -0.6), ("DGS10", "bearish", -0.3)],
    )
    copperline_1 = report(
        "copper-1", "Copperline Capital Notes", date(2026, 1, 15), sentiment=0.1,
        claims=[claim("c1-c1", "Bitcoin is a conviction buy.", "opinion", "not_checkable", subject=("BTC",))],
        catalysts=[catalyst("ai_capex"), catalyst("reshoring")],
        stances=[("BTC", "bullish", 0.9), ("SPX", "neutral", 0.0)],
    )
    undated_elsewhere = report("tape-0", "The Tape Weekly", date(2026, 1, 19), sentiment=0.0)  # next week
    this_week = [harbor_1, harbor_2, meridian_1, copperline_1]

    earlier = [
        report("harbor-0", "Harbor Street Research", date(2026, 1, 7), sentiment=0.4,
               claims=[claim("h0-c1", "S&P 500 hit a record.", "record", "supported",
                             evidence="SPX closed at 6,944.82 on 2026-01-06, above every earlier close.",
                             computed=6944.82, subject=("SPX",), series=("SPX",))],
               catalysts=[catalyst("ai_capex"), catalyst("m_and_a")]),
        report("meridian-0", "Meridian Macro Letter", date(2026, 1, 8), sentiment=-0.2,
               claims=[claim("m0-c1", "WTI fell below $50.", "level", "contradicted",
                             evidence="WTI closed at 56.01 on 2026-01-07.", computed=56.01, value=50.0,
                             subject=("WTI",), series=("WTI",)),
                       claim("m0-c2", "The jobless rate will reach 5% by mid-January.", "forecast", "pending",
                             due=date(2026, 1, 16))],
               catalysts=[catalyst("tariffs", "headwind"), catalyst("m_and_a")]),
        report("meridian-m1", "Meridian Macro Letter", date(2025, 12, 17), sentiment=-0.1,
               claims=[claim("mm-c1", "Three cuts this year brought the range to 3.50-3.75%.", "count", "supported",
                             evidence="Three cuts in 2025 to 3.50-3.75% on 2025-12-11.", computed=3.0, value=3.0,
                             subject=("FEDFUNDS",), series=("DFEDTARU",))]),
        undated_elsewhere,
    ]
    return this_week, earlier
