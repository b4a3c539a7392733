"""``opinion``: recommendations and views ("a conviction buy") — not checkable against data."""

from __future__ import annotations

from datetime import date

from notes_analyzer.check.context import CheckContext
from notes_analyzer.check.kinds import KindExample, KindSpec, register_kind
from notes_analyzer.check.verdicts import undecided
from notes_analyzer.records import Claim, Verdict


def parse(claim: Claim, ctx: CheckContext) -> Claim:
    return claim


def check(claim: Claim, query: Claim, ctx: CheckContext) -> Verdict:
    return undecided(claim, "not_checkable", "an opinion or recommendation: no market data can confirm or refute it")


def examples() -> tuple[KindExample, ...]:
    text = "the institutional flow into these quality value stocks is a conviction buy"
    return (KindExample(claim=Claim(id="o1", sentence_index=0, text=text, kind="opinion"),
                        published=date(2026, 1, 14), expected="not_checkable"),)


SPEC = register_kind(KindSpec(name="opinion", frame=None, slots=(), parse=parse, check=check, examples=examples,
                              data_backed=False, description="always not_checkable"))
