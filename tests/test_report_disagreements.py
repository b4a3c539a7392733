"""Notes that disagree: claims of one week's notes that state one fact differently.

End to end: three notes of 2026-W03 written for this test (``tests/fixtures/disagree/``) go through
the real pipeline (ingest → NLP → checker against the store built from ../shared/market-data):
Northgate (2026-01-14) and Eastbank (2026-01-15) disagree on the Russell 2000's year to date, the
Fed's cuts in 2025 and Tuesday's 10-year yield; Westpier (2026-01-16) only looks like them
(December, Thursday, the S&P 500) except for one claim. Then the rules, on claims built by hand.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from notes_analyzer.cli import app
from notes_analyzer.records import (
    Claim,
    EventSlots,
    Evidence,
    LevelSlots,
    Note,
    NoteAnalysis,
    NoteReport,
    Period,
    Quantity,
    RelativeSlots,
    Verdict,
)
from notes_analyzer.report.disagreements import find_disagreements
from notes_analyzer.report.weekly import build_weekly, render_html, render_markdown

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "disagree"
NORTHGATE, EASTBANK, WESTPIER = "Northgate Research", "Eastbank Strategy", "Westpier Notes"
runner = CliRunner()


@pytest.fixture(scope="module")
def scored(market_store) -> list[NoteReport]:
    """The three fixture notes, scored by the real pipeline against the shared market data."""
    from notes_analyzer.api import Analyzer, read_note
    from notes_analyzer.config import CheckOptions, NlpOptions
    from notes_analyzer.models import load_models

    analyzer = Analyzer(models=load_models(NlpOptions(threads=1)), store=market_store,
                        check_options=CheckOptions(as_of="2026-11-24"))
    return analyzer.analyze_many([read_note(path) for path in sorted(FIXTURES.glob("*.md"))])


@pytest.fixture(scope="module")
def rows(scored):
    return find_disagreements(scored)


@pytest.fixture(scope="module")
def results_store(scored, tmp_path_factory) -> Path:
    """A store holding the three scored notes, as `notes-analyzer score` leaves it."""
    from notes_analyzer.market.store import open_store
    from notes_analyzer.results import save_reports

    path = tmp_path_factory.mktemp("disagree") / "store.duckdb"
    with open_store(path) as store:
        save_reports(store, scored)
    return path


def _row(rows, subject: str, *sources: str):
    found = [r for r in rows if r.subject == subject and {r.first.source, r.second.source} == set(sources)]
    assert len(found) == 1, [(r.subject, r.first.source, r.second.source) for r in rows]
    return found[0]


def test_the_pipeline_reads_the_fixture_claims(scored):
    """The fixtures say what the tests below assume (so a change in extraction shows here first)."""
    by_source = {r.note.source: r for r in scored}
    assert set(by_source) == {NORTHGATE, EASTBANK, WESTPIER}
    verdicts = {c.text.split(",")[0]: v.label for r in scored
                for c, v in zip(r.analysis.claims, r.verdicts, strict=True)}
    assert verdicts["The Russell 2000 has gained 6.1% since the start of the year"] == "supported"
    assert verdicts["The Russell 2000 has fallen 3% since the start of the year"] == "contradicted"
    assert verdicts["The Federal Reserve cut rates four times in 2025."] == "contradicted"


def test_two_notes_that_disagree_on_three_facts(rows):
    ytd = _row(rows, "RUT", NORTHGATE, EASTBANK)
    assert ytd.reasons == ("direction", "figures", "verdicts")
    assert (ytd.first.source, ytd.second.source) == (NORTHGATE, EASTBANK)  # earlier note first
    assert (ytd.first.label, ytd.second.label) == ("supported", "contradicted")
    assert ytd.first.computed == "+6.09%" and "2,633.11 on 2026-01-13" in ytd.first.evidence
    assert "directions differ: up vs down" in ytd.why and "6.1% (rounding ±0.05) holds for 6.05 to 6.15" in ytd.why
    assert ytd.data_says == ("The data bears out Northgate Research (2026-01-14) and contradicts Eastbank Strategy "
                             "(2026-01-15).")

    cuts = _row(rows, "FEDFUNDS_TARGET", NORTHGATE, EASTBANK)
    assert (cuts.kind, cuts.metric, cuts.reasons) == ("count", "rate_cuts", ("figures", "verdicts"))
    assert "'three times' = 3 (exact count); 'four times' = 4 (exact count)" in cuts.why

    tenyear = _row(rows, "UST10Y", NORTHGATE, EASTBANK)
    assert tenyear.reasons == ("figures",)  # 4.40% is imprecise on the 4.18% close, not contradicted
    assert (tenyear.first.label, tenyear.second.label) == ("supported", "imprecise")
    assert tenyear.data_says == ("The data bears out Northgate Research (2026-01-14) and finds Eastbank Strategy "
                                 "(2026-01-15) close but off.")
    assert tenyear.first.window == tenyear.second.window == "on Tuesday (2026-01-13)"


def test_a_fact_repeated_by_two_notes_is_one_statement(rows):
    cuts = _row(rows, "FEDFUNDS_TARGET", NORTHGATE, EASTBANK)
    assert cuts.first.also_in == ("The Week in Markets (Westpier Notes)",)  # "three times in 2025" too
    assert not any(r.subject == "FEDFUNDS_TARGET" and WESTPIER in (r.first.source, r.second.source) for r in rows)


def test_notes_that_only_look_alike_are_not_flagged(rows):
    texts = {side.claim_text for r in rows for side in (r.first, r.second)}
    for look_alike in ("slipped 0.7% in December",  # another window
                       "rose 0.9% on Thursday",  # a day against a year to date
                       "The S&P 500 has gained 1.4%",  # another instrument, same window
                       "closed at 4.17% on Thursday"):  # another day
        assert not any(look_alike in text for text in texts), look_alike
    # "up about 6% this year" agrees with Northgate's 6.1%: the data moved between the notes (supported on
    # the 13th, contradicted on the 15th), which is no disagreement; Eastbank's "fallen 3%" is one
    assert not any({r.first.source, r.second.source} == {NORTHGATE, WESTPIER} for r in rows)
    about = _row(rows, "RUT", EASTBANK, WESTPIER)
    assert about.reasons == ("direction", "figures") and about.data_says == "The data contradicts both."
    assert len(rows) == 4


def test_cli_lists_the_disagreements_as_json(results_store):
    result = runner.invoke(app, ["disagreements", "--week", "2026-W03", "--store", str(results_store), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["period"]["label"], data["notes"], data["count"]) == ("2026-W03", 3, 4)
    first = data["disagreements"][0]
    assert first["reasons"] == ["direction", "figures", "verdicts"] and first["subject"] == "RUT"
    assert first["first"]["published"] == "2026-01-14" and first["second"]["label"] == "contradicted"


def test_cli_table_and_date_range(results_store):
    result = runner.invoke(app, ["disagreements", "--from", "2026-01-14", "--to", "2026-01-15",
                                 "--store", str(results_store)])
    assert result.exit_code == 0, result.output
    assert "Notes that disagree — 2026-01-14 to 2026-01-15 (2 notes, 3 pairs)" in result.stdout
    assert "four" in result.stdout and "Westpier" not in result.stdout  # the 16th's note is not in the range


def test_cli_quiet_and_empty_periods(results_store):
    quiet = runner.invoke(app, ["disagreements", "--week", "2026-W03", "--from", "2026-01-16", "--to", "2026-01-16",
                                "--store", str(results_store)])
    assert quiet.exit_code == 1 and "not both" in quiet.stderr
    one = runner.invoke(app, ["disagreements", "--from", "2026-01-16", "--to", "2026-01-16",
                              "--store", str(results_store)])
    assert one.exit_code == 0 and "1 notes, no two of them state one fact differently" in one.stdout
    empty = runner.invoke(app, ["disagreements", "--week", "2026-W30", "--store", str(results_store), "--json"])
    assert empty.exit_code == 0 and "no notes were scored for 2026-W30" in empty.stderr
    assert json.loads(empty.stdout)["disagreements"] == []


@pytest.mark.parametrize(("args", "message"), [
    (["--week", "2026-W3x"], "not an ISO week"),
    (["--week", "2026-W54"], "does not exist"),
    (["--from", "2026-01-01"], "--from and --to"),
])
def test_cli_bad_week_is_one_line_error(results_store, args, message):
    result = runner.invoke(app, ["disagreements", *args, "--store", str(results_store)])
    assert result.exit_code == 1
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_cli_missing_store_is_an_error(tmp_path):
    result = runner.invoke(app, ["disagreements", "--week", "2026-W03", "--store", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 1 and "none.duckdb" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_weekly_report_has_the_section(results_store, tmp_path):
    result = runner.invoke(app, ["report", "--week", "2026-W03", "--store", str(results_store), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    md = (tmp_path / "weekly-2026-W03.md").read_text(encoding="utf-8")
    section = md.split("## Notes that disagree", 1)[1].split("\n## ", 1)[0]
    assert "4 pairs of claims from different notes state one fact" in section
    lines = [line for line in section.splitlines() if line.startswith("| RUT")]
    assert len(lines) == 2 and lines[0].count(" | ") == 4  # five cells: fact, two claims, why, the data
    assert "The Russell 2000 has fallen 3% since the start of the year" in lines[0]
    assert "Small Caps Keep Running (Northgate Research, 2026-01-14)" in lines[0]
    assert "**supported** (+6.09%)" in lines[0] and "**contradicted** (+6.8%)" in lines[0]
    html = (tmp_path / "weekly-2026-W03.html").read_text(encoding="utf-8")
    block = html.split('<h2 id="disagreements">Notes that disagree</h2>', 1)[1].split("<h2", 1)[0]
    assert block.count("<tr><td>") == 4 and '<span class="tag contradicted">contradicted</span>' in block
    assert "window: on Tuesday (2026-01-13)" in block


# --------------------------------------------------------------------------- the rules, on claims built by hand

PUBLISHED = date(2026, 1, 14)
YTD = Period(text="this year", kind="ytd", start=date(2026, 1, 1), end=date(2026, 1, 13))
WEEK = Period(text="this week", kind="week", start=date(2026, 1, 12), end=date(2026, 1, 16))


def _claim(kind: str, text: str, value: float | None = None, unit: str = "percent", *, subject=("RUT",),
           metric: str = "return", direction: str | None = "up", period: Period | None = YTD, hedge=None,
           upper: float | None = None, **kw) -> Claim:
    shown = kw.pop("figure_text", None)
    values = () if value is None else (Quantity(value=value, unit=unit, hedge=hedge, upper=upper,
                                                text=shown or f"{value:g}{'%' if unit == 'percent' else ''}"),)
    return Claim(id=f"c-{abs(hash(text))}", sentence_index=0, text=text, kind=kind, subject=subject, metric=metric,
                 values=values, direction=direction, period=period, **kw)


def _note(name: str, *claims: tuple[Claim, str], day: date = PUBLISHED) -> NoteReport:
    note = Note(id=name, text="", title=name.title(), source=f"{name} source",
                published=datetime(day.year, day.month, day.day, 8, tzinfo=UTC))
    verdicts = tuple(Verdict(claim_id=c.id, label=label, reason=label, evidence=_evidence(c, label))
                     for c, label in claims)
    return NoteReport(note=note, analysis=NoteAnalysis(note_id=name, claims=tuple(c for c, _ in claims)),
                      verdicts=verdicts)


def _evidence(claim: Claim, label: str) -> Evidence | None:
    if label not in ("supported", "contradicted", "imprecise"):
        return None
    return Evidence(sentence=f"data for {claim.text}", series=claim.subject[:1] or ("events",))


def _reasons(a: tuple[Claim, str], b: tuple[Claim, str], day_b: date = PUBLISHED) -> tuple[str, ...] | None:
    found = find_disagreements([_note("alpha", a), _note("beta", b, day=day_b)])
    assert len(found) <= 1
    return found[0].reasons if found else None


def test_figures_within_either_tolerance_agree():
    six_one = (_claim("return", "RUT rose 6.1%", 6.1), "supported")
    assert _reasons(six_one, (_claim("return", "RUT rose about 6%", 6.0, hedge="about"), "supported")) is None
    assert _reasons(six_one, (_claim("return", "RUT rose over 5%", 5.0, hedge="over"), "supported")) is None
    assert _reasons(six_one, (_claim("return", "RUT rose 7%", 7.0), "imprecise")) == ("figures",)
    bounds = _reasons((_claim("return", "RUT rose over 5%", 5.0, hedge="over"), "supported"),
                      (_claim("return", "RUT rose under 3%", 3.0, hedge="under"), "contradicted"))
    assert bounds == ("figures", "verdicts")


def test_directions_and_a_split_without_figures():
    rose = (_claim("return", "RUT rose this year", direction="up"), "supported")
    assert _reasons(rose, (_claim("return", "RUT fell this year", direction="down"), "contradicted")) == \
        ("direction", "verdicts")
    record = (_claim("record", "RUT hit a record", metric="record_high", period=None), "supported")
    not_record = (_claim("record", "RUT closed at a record high", metric="record_high", period=None), "contradicted")
    assert _reasons(record, not_record) == ("verdicts",)  # both about the publication day
    assert _reasons(record, not_record, day_b=date(2026, 1, 15)) is None  # another day


def test_windows_must_cover_mostly_the_same_days():
    ytd = (_claim("return", "RUT rose 6.1% this year", 6.1), "supported")
    assert _reasons(ytd, (_claim("return", "RUT fell 1% this week", 1.0, direction="down", period=WEEK),
                          "contradicted")) is None
    friday = Period(text="this year", kind="ytd", start=date(2026, 1, 1), end=date(2026, 1, 15))
    assert _reasons(ytd, (_claim("return", "RUT fell 3% this year", 3.0, direction="down", period=friday),
                          "contradicted"), day_b=date(2026, 1, 16)) == ("direction", "figures", "verdicts")
    unresolved = Period(text="lately", kind="unresolved", resolved=False)
    assert _reasons(ytd, (_claim("return", "RUT fell 3% lately", 3.0, direction="down", period=unresolved),
                          "unverifiable")) is None


def test_basis_points_and_percentage_points_compare():
    ten = _claim("return", "the 10-year yield rose 10 bp", 10.0, unit="bp", subject=("UST10Y",), metric="change",
                 figure_text="10 bp")
    quarter = _claim("return", "the 10-year yield rose 0.25 pp", 0.25, unit="pp", subject=("UST10Y",),
                     metric="change", figure_text="0.25 pp")
    tenth = _claim("return", "the 10-year yield rose 0.1 pp", 0.1, unit="pp", subject=("UST10Y",), metric="change",
                   figure_text="0.1 pp")
    assert _reasons((ten, "supported"), (quarter, "contradicted")) == ("figures", "verdicts")
    assert _reasons((ten, "supported"), (tenth, "supported")) is None


def test_levels_compare_on_one_day_only():
    day = Period(text="Tuesday", kind="day", start=date(2026, 1, 13), end=date(2026, 1, 13))
    at = (_claim("level", "10-year at 4.18%", 4.18, subject=("UST10Y",), metric="yield", period=day,
                 direction=None), "supported")
    high = _claim("level", "10-year at 4.40%", 4.40, subject=("UST10Y",), metric="yield", period=day, direction=None)
    assert _reasons(at, (high, "imprecise")) == ("figures",)
    above = _claim("level", "10-year above 4.1%", 4.1, subject=("UST10Y",), metric="yield", period=day,
                   direction=None, slots=LevelSlots(bound="above"))
    assert _reasons(at, (above, "supported")) is None  # 4.18% is above 4.1%
    week_high = _claim("level", "10-year at 4.40% this week", 4.40, subject=("UST10Y",), metric="yield",
                       period=WEEK, direction=None)
    week_low = _claim("level", "10-year at 4.18% this week", 4.18, subject=("UST10Y",), metric="yield",
                      period=WEEK, direction=None)
    assert _reasons((week_low, "supported"), (week_high, "supported")) is None  # a week holds both


def test_ranges_and_counts():
    range_ = _claim("range", "target range 3.50%-3.75%", 3.5, upper=3.75, subject=("FEDFUNDS_TARGET",),
                    metric="target_range", period=None, direction=None, figure_text="3.50%-3.75%")
    lower = _claim("range", "target range 3.25%-3.50%", 3.25, upper=3.5, subject=("FEDFUNDS_TARGET",),
                   metric="target_range", period=None, direction=None, figure_text="3.25%-3.50%")
    assert _reasons((range_, "supported"), (lower, "contradicted")) == ("figures", "verdicts")
    year = Period(text="2025", kind="year", start=date(2025, 1, 1), end=date(2025, 12, 31))
    three = _claim("count", "three cuts in 2025", 3.0, unit="count", subject=("FEDFUNDS_TARGET",),
                   metric="rate_cuts", period=year, direction="down", figure_text="three")
    two_plus = _claim("count", "at least two cuts in 2025", 2.0, unit="count", subject=("FEDFUNDS_TARGET",),
                      metric="rate_cuts", period=year, direction="down", figure_text="two", hedge="at least")
    assert _reasons((three, "supported"), (two_plus, "supported")) is None


def test_a_one_off_event_dated_differently():
    def passed(month: int, fomc: bool = False) -> Claim:
        start = date(2025, month, 1)
        period = Period(text=f"{start:%B %Y}", kind="month", start=start, end=date(2025, month, 28))
        event = EventSlots(event="fomc_cut", action="cut") if fomc else EventSlots(event="obbba", action="passed")
        return _claim("event", f"{event.event} {event.action} in {start:%B}", subject=(), metric="event",
                      direction=None, period=period, slots=event)

    rows = find_disagreements([_note("alpha", (passed(7), "supported")), _note("beta", (passed(8), "contradicted"))])
    assert rows[0].reasons == ("figures", "verdicts") and rows[0].subject == "obbba"
    assert "July 2025 (2025-07-01 to 2025-07-28); August 2025" in rows[0].why
    # the Fed cuts many times: a cut in July and one in August are two facts
    assert _reasons((passed(7, fomc=True), "supported"), (passed(8, fomc=True), "contradicted")) is None


def test_relative_claims_with_their_legs_swapped():
    ahead = _claim("relative", "RUT beat SPX this year", comparator="SPX", direction=None,
                   slots=RelativeSlots(relation="outperformed"))
    also_ahead = _claim("relative", "SPX lagged RUT this year", subject=("SPX",), comparator="RUT", direction=None,
                        slots=RelativeSlots(relation="underperformed"))
    behind = _claim("relative", "SPX beat RUT this year", subject=("SPX",), comparator="RUT", direction=None,
                    slots=RelativeSlots(relation="outperformed"))
    assert _reasons((ahead, "supported"), (also_ahead, "supported")) is None
    rows = find_disagreements([_note("alpha", (ahead, "supported")), _note("beta", (behind, "contradicted"))])
    assert rows[0].reasons == ("direction", "verdicts") and rows[0].subject == "RUT vs SPX"
    assert "RUT ahead of SPX vs SPX ahead of RUT" in rows[0].why


def test_views_other_instruments_and_one_note_are_left_out():
    up = _claim("return", "RUT rose 6%", 6.0)
    down = _claim("return", "RUT fell 3%", 3.0, direction="down")
    as_forecasts = [replace(c, kind="forecast", slots=None) for c in (up, down)]  # a forecast's own (empty) frame
    assert _reasons((as_forecasts[0], "pending"), (as_forecasts[1], "pending")) is None
    spx = _claim("return", "SPX fell 3%", 3.0, direction="down", subject=("SPX",))
    assert _reasons((up, "supported"), (spx, "contradicted")) is None
    one_note = _note("alpha", (up, "supported"), (down, "contradicted"))
    assert find_disagreements([one_note]) == ()


def test_note_text_is_escaped_in_both_renderings():
    hostile = _claim("return", "RUT <script>alert(1)</script> rose 6% | really", 6.0)
    other = _claim("return", "RUT fell 3%", 3.0, direction="down")
    summary = build_weekly([_note("alpha", (hostile, "supported")), _note("beta", (other, "contradicted"))], [],
                           "2026-W03")
    assert summary.disagreement_count == 1
    html, md = render_html(summary), render_markdown(summary)
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>" not in md and "rose 6% \\| really" in md


def test_cli_prints_note_text_as_it_is(tmp_path):
    """Rich markup in a note's words is shown, not interpreted (nor does it break the table)."""
    from notes_analyzer.market.store import open_store
    from notes_analyzer.results import save_reports

    marked = _claim("return", "RUT [bold red]rose[/] 6% [link=x]", 6.0)
    other = _claim("return", "RUT fell 3%", 3.0, direction="down")
    path = tmp_path / "store.duckdb"
    with open_store(path) as store:
        save_reports(store, [_note("alpha", (marked, "supported")), _note("beta", (other, "contradicted"))])
    result = runner.invoke(app, ["disagreements", "--week", "2026-W03", "--store", str(path)])
    assert result.exit_code == 0, result.output
    assert "[bold red]rose[/]" in result.stdout and "(2 notes, 1 pair)" in result.stdout
