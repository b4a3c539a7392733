"""The weekly report's figures, and what the HTML and Markdown renderings show of them."""

from __future__ import annotations

import re
from datetime import date

import pytest
from report_factory import catalyst, claim, report, week3_desk

from notes_analyzer.errors import ConfigError
from notes_analyzer.report.weekly import (
    build_weekly,
    parse_period,
    previous_period,
    render_html,
    render_markdown,
    write_report,
)


@pytest.fixture(scope="module")
def summary():
    this_week, earlier = week3_desk()
    return build_weekly(this_week, earlier, "2026-W03")


def test_iso_week_and_range_periods():
    week = parse_period("2026-W03")
    assert (week.start, week.end, week.label) == (date(2026, 1, 12), date(2026, 1, 18), "2026-W03")
    assert previous_period(week).label == "2026-W02"
    assert parse_period("2025w1").start == date(2024, 12, 30)  # ISO week 1 of 2025 starts in 2024
    span = parse_period((date(2026, 1, 1), date(2026, 1, 10)))
    assert previous_period(span).start == date(2025, 12, 22) and previous_period(span).end == date(2025, 12, 31)
    for bad in ("2026-03", "2026-W54", "week 3"):
        with pytest.raises(ConfigError, match="week"):
            parse_period(bad)
    with pytest.raises(ConfigError, match="before it starts"):
        parse_period((date(2026, 1, 10), date(2026, 1, 1)))


def test_notes_by_source(summary):
    rows = {r.source: r for r in summary.by_source}
    assert summary.note_count == 4  # the 2026-01-19 note of the next week is not counted
    assert [r.source for r in summary.by_source][0] == "Harbor Street Research"
    harbor = rows["Harbor Street Research"]
    assert (harbor.notes, harbor.scored, harbor.claims, harbor.supported, harbor.contradicted) == (2, 2, 5, 2, 2)
    assert harbor.mean_support == pytest.approx((0.5 + 0.5) / 2)
    meridian = rows["Meridian Macro Letter"]
    assert meridian.mean_support == pytest.approx(0.5 / 4)  # one imprecise (half) out of four decided
    assert rows["Copperline Capital Notes"].scored == 0 and rows["Copperline Capital Notes"].mean_support is None


def test_support_histogram(summary):
    counts = [b.count for b in summary.histogram]
    assert len(counts) == 10 and sum(counts) == 3 and summary.unscored == 1
    assert counts[1] == 1 and counts[5] == 2  # 0.125 -> [0.1, 0.2); 0.5 -> [0.5, 0.6)
    edge = build_weekly([report("a", "S", date(2026, 1, 12), score=1.0), report("b", "S", date(2026, 1, 12),
                                                                               score=0.0)], [], "2026-W03")
    assert edge.histogram[-1].count == 1 and edge.histogram[0].count == 1


def test_most_contradicted_claims_ordered(summary):
    rows = summary.contradicted
    # the same wrong Russell 2000 claim in two notes comes first, as one row
    assert rows[0].repeats == 2 and "Russell 2000" in rows[0].claim_text
    assert rows[0].also_in == ("Note harbor-2 (Harbor Street Research)",)
    assert "2,633.11" in rows[0].evidence and rows[0].miss == 2.0  # said down, the index rose
    # then by how far the stated figure is from the data: 4 vs 3 cuts (25%), CPI 2.7 vs 3.0, 4.6 vs 4.18
    assert [r.claim_text.split()[1] for r in rows[1:]] == ["Fed", "CPI", "10-year"]
    assert [r.miss for r in rows[1:]] == sorted((r.miss for r in rows[1:]), reverse=True)
    assert all(r.evidence for r in rows)
    assert "WTI" not in " ".join(r.claim_text for r in rows)  # last week's claim is not this week's


def test_catalysts_week_over_week(summary):
    rows = {r.catalyst: r for r in summary.catalysts}
    assert (rows["fed_cuts"].notes, rows["fed_cuts"].previous_notes, rows["fed_cuts"].change) == (3, 0, 3)
    assert (rows["fed_cuts"].tailwind, rows["fed_cuts"].risk) == (2, 1)
    assert (rows["tariffs"].notes, rows["tariffs"].previous_notes, rows["tariffs"].headwind) == (2, 1, 2)
    assert (rows["m_and_a"].notes, rows["m_and_a"].change) == (0, -2)  # cited last week only
    assert summary.catalysts[0].catalyst == "fed_cuts"


def test_catalyst_counts_notes_not_mentions():
    twice = report("x", "S", date(2026, 1, 13), catalysts=[catalyst("tariffs"), catalyst("tariffs", sentence=4)])
    (row,) = build_weekly([twice], [], "2026-W03").catalysts
    assert row.notes == 1 and row.tailwind == 2


def test_stances_and_sentiment(summary):
    rows = {r.target: r for r in summary.stances}
    assert (rows["RUT"].bullish, rows["RUT"].notes) == (2, 2) and rows["RUT"].mean_score == pytest.approx(0.65)
    assert (rows["SPX"].bearish, rows["SPX"].neutral) == (1, 1)
    assert rows["small caps"].kind == "sector"
    assert summary.sentiment_counts == {"positive": 2, "negative": 1, "neutral": 1}
    assert summary.mean_sentiment == pytest.approx((0.6 + 0.3 - 0.4 + 0.1) / 4)


def test_track_record_over_weeks(summary):
    assert summary.track_weeks == ("2025-W50", "2025-W51", "2025-W52", "2026-W01", "2026-W02", "2026-W03")
    meridian = next(t for t in summary.track_record if t.source == "Meridian Macro Letter")
    support = {p.week: p.mean_support for p in meridian.points}
    assert support["2025-W51"] == 1.0 and support["2026-W02"] == 0.0 and support["2026-W03"] == 0.125
    assert support["2026-W01"] is None and meridian.notes == 3
    assert meridian.supported_share == pytest.approx(1 / 6)  # 1 supported of 6 decided claims


def test_forecasts_that_came_due(summary):
    rows = summary.forecasts
    assert [r.due for r in rows] == [date(2026, 1, 13), date(2026, 1, 16)]
    cpi, jobs = rows
    assert cpi.label == "contradicted" and cpi.decided_on == date(2026, 1, 15) and "3.0%" in cpi.evidence
    assert jobs.label == "pending" and jobs.source == "Meridian Macro Letter"  # from last week's note
    assert summary.forecast_counts == {"contradicted": 1, "pending": 1}
    # a forecast due next year is not listed
    assert all("outpace" not in r.claim_text for r in rows)


def test_html_holds_the_figures(summary):
    html = render_html(summary)
    for text in ("2026-W03", "Harbor Street Research", "Meridian Macro Letter", "(in 2 notes)", "2,633.11",
                 "Fed rate cuts", "+3", "−2".replace("−", "-"), "2025-W50", "December CPI inflation", "pending"):
        assert text in html, text
    assert len(re.findall(r'<svg class="chart" data-chart="(\w+)"', html)) == 5
    assert "<script" not in html.lower()


def test_html_fetches_nothing(summary):
    html = render_html(summary)
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", html, re.IGNORECASE)
    assert not re.search(r"""url\(\s*["']?\s*(?:https?:)?//""", html, re.IGNORECASE)
    assert not re.search(r"@import|<link\b|<script\b|<iframe\b", html, re.IGNORECASE)


def test_markdown_holds_the_figures(summary):
    md = render_markdown(summary)
    assert "| Harbor Street Research | 2 | 2 | 50% | 83% | 5 | 2 | 2 | 0.45 |" in md
    assert "| Fed rate cuts | monetary | 3 | 0 | +3 | 2 | 0 | 1 |" in md
    assert "| M&amp;A | corporate | 0 | 2 | -2 |" in md
    assert "**(in 2 notes)**" in md and "**contradicted** on 2026-01-15" in md
    assert re.search(r"50– 60%\s+2 █+", md)


def test_markdown_cells_escape_pipes():
    odd = report("p", "Pipe | Source", date(2026, 1, 13), title="A | B",
                 claims=[claim("p1", "RUT fell | rose", "return", "contradicted", evidence="RUT rose 6.1%.",
                               computed=6.1, value=3.0, direction="down")])
    md = render_markdown(build_weekly([odd], [], "2026-W03"))
    assert "| Pipe \\| Source |" in md and "RUT fell \\| rose" in md


def test_empty_week_says_so(tmp_path):
    _, earlier = week3_desk()
    empty = build_weekly([], earlier, "2026-W10")
    assert empty.empty and empty.note_count == 0 and empty.by_source == ()
    html, md = render_html(empty), render_markdown(empty)
    assert 'id="no-notes"' in html and "No notes were scored for 2026-W10" in html
    assert "No notes were scored for 2026-W10" in md
    assert "<svg" not in html  # no empty charts


def test_write_report_formats(tmp_path, summary):
    paths = write_report(summary, tmp_path / "out")
    assert [p.name for p in paths] == ["weekly-2026-W03.html", "weekly-2026-W03.md"]
    assert all(p.stat().st_size > 1000 for p in paths)
    ranged = build_weekly([], [], (date(2026, 1, 1), date(2026, 1, 18)))
    assert [p.name for p in write_report(ranged, tmp_path, ["md"])] == ["weekly-2026-01-01_2026-01-18.md"]
    with pytest.raises(ConfigError, match="pdf"):
        write_report(summary, tmp_path, ["pdf"])


def test_reports_without_source_or_date():
    anonymous = report("anon", None, date(2026, 1, 14), score=0.9)
    summary = build_weekly([anonymous], [], "2026-W03")
    assert summary.by_source[0].source == "(unknown source)"
    undated = report("undated", "S", None)  # counts on the day it was scored (2026-01-20): next week
    assert build_weekly([], [undated], "2026-W03").track_record == ()
    assert build_weekly([], [undated], "2026-W04").track_record[0].notes == 1


def test_claims_of_one_sentence_share_a_row():
    sentence = "Headline CPI rose 2.9% and core CPI rose 3.1% in the year to December."
    cpi = claim("c1", sentence, "return", "contradicted", evidence="CPI rose 2.65% in the year to December.",
                computed=2.65, value=2.9, subject=("CPI",), series=("CPIAUCSL",))
    core = claim("c2", sentence, "return", "contradicted", evidence="Core CPI rose 2.65% in the year to December.",
                 computed=2.65, value=3.1, subject=("CORE_CPI",), series=("CPILFESL",))
    (row,) = build_weekly([report("m", "Meridian Macro Letter", date(2026, 1, 16), claims=[cpi, core])], [],
                          "2026-W03").contradicted
    assert row.evidence == "CPI rose 2.65% in the year to December. · Core CPI rose 2.65% in the year to December."
    assert row.series == ("CPIAUCSL", "CPILFESL") and row.miss == pytest.approx((3.1 - 2.65) / 3.1)


def test_repeats_count_notes_not_claims():
    twice = [claim(f"r{i}", f"RUT fell {i}% this month.", "return", "contradicted", evidence="RUT rose 6.1%.",
                   computed=6.1, value=float(i), direction="down", period=(date(2026, 1, 1), date(2026, 1, 13)))
             for i in (2, 3)]
    (row,) = build_weekly([report("one", "S", date(2026, 1, 14), claims=twice)], [], "2026-W03").contradicted
    assert row.repeats == 1 and row.also_in == ()


def test_importing_the_report_loads_no_heavy_library():
    import subprocess
    import sys

    code = ("import sys, notes_analyzer.cli, notes_analyzer.report.weekly, notes_analyzer.report.charts, "
            "notes_analyzer.results; print(sorted(m for m in ('matplotlib', 'jinja2', 'duckdb', 'torch') "
            "if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


HOSTILE_NAMES = [
    "$SPY_and_$QQQ Notes",  # cashtags: paired $ is mathtext to matplotlib
    "$\\undefinedmacro{x}$ Research",
    "Evil Research <img src=x onerror=alert(1)>",
    "<script>alert('x')</script> Desk",
    "Long " * 120 + "Letter",
    "\u05de\u05d7\u05e7\u05e8 \u05e9\u05d5\u05e7 \u0623\u0628\u062d\u0627\u062b",  # RTL: Hebrew and Arabic
    "Rocket \U0001f680 Research \U0001f4c8 & Co",
]


def test_hostile_source_title_author_and_catalyst_names_never_break_the_report(tmp_path, monkeypatch):
    from notes_analyzer.report import weekly

    catalysts = dict(__import__("report_factory").CATALYSTS)
    for i, name in enumerate(HOSTILE_NAMES):
        catalysts[f"hostile{i}"] = (name, "hostile group $x$")
    monkeypatch.setattr("report_factory.CATALYSTS", catalysts)
    notes = [report(f"h{i}", name, date(2026, 1, 13 + i % 5), title=name, score=0.5, sentiment=0.3,
                    catalysts=[catalyst(f"hostile{i}")], stances=[("RUT", "bullish", 0.6)],
                    claims=[claim(f"h{i}c", f"{name} says RUT fell 3%", "return", "contradicted",
                                  evidence="RUT rose 6.1%.", computed=6.1, value=3.0, direction="down")])
             for i, name in enumerate(HOSTILE_NAMES)]
    summary = build_weekly(notes, [], "2026-W03")
    html, md = render_html(summary), render_markdown(summary)
    assert html.count('data-chart="sources"') == 1 and "chart-failed" not in html  # drawn, math off
    assert "<script>alert" not in html and "<img src=x" not in html and "&lt;img src=x onerror" in html
    assert "<img" not in md and "<script>" not in md
    assert "Evil Research &lt;img src=x onerror=alert(1)&gt;" in md
    assert "Rocket \U0001f680 Research \U0001f4c8 &amp; Co" in md and "$SPY_and_$QQQ Notes" in md
    paths = write_report(summary, tmp_path)
    assert len(paths) == 2

    def broken(rows):
        raise ValueError("a chart that fails")

    monkeypatch.setattr(weekly, "build_weekly", weekly.build_weekly)
    monkeypatch.setattr("notes_analyzer.report.charts.source_chart", broken)
    html = render_html(summary)
    assert 'class="none chart-failed" data-chart="sources"' in html  # replaced by a note …
    assert 'data-chart="catalysts"' in html and "Evil Research" in html  # … and the rest is intact
