"""Figures with units, ranges, word numbers and hedges."""

from __future__ import annotations

import pytest

from notes_analyzer.nlp.quantities import extract_quantities, find_quantities, parse_number


def _one(text: str):
    found = extract_quantities(text)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(("text", "value", "unit", "hedge"), [
    ("gaining a meager 2.0% as investors", 2.0, "percent", "a meager"),
    ("the nearly 30% valuation discount", 30.0, "percent", "nearly"),
    ("rose about 5 percent", 5.0, "percent", "about"),
    ("fell more than 1.5 per cent", 1.5, "percent", "more than"),
    ("yields rose 25 basis points", 25.0, "bp", None),
    ("up 12 bps", 12.0, "bp", None),
    ("widened by 0.3 percentage points", 0.3, "pp", None),
    ("gained 120 index points", 120.0, "points", None),
    ("up over 1,250.5 points", 1250.5, "points", "over"),
    ("unlocking $40 billion of investment", 40e9, "usd", None),
    ("a $1.2bn deal", 1.2e9, "usd", None),
    ("3 million dollars", 3e6, "usd", None),
    ("three rate cuts", 3.0, "count", None),
    ("a dozen rate hikes", 12.0, "count", None),
    ("roughly five percent", 5.0, "percent", "roughly"),
    ("retreated approximately **10%** from its peak", 10.0, "percent", "about"),
    # jobs: a count of units, whatever the scale word
    ("employers added 228,000 jobs", 228000.0, "count", None),
    ("payrolls rose by 228,000 in March", 228000.0, "count", None),
    ("added about 150K new positions", 150000.0, "count", "about"),
    ("rose by 228 thousand jobs", 228000.0, "count", None),
    # a move told as a multiple: roughly, unless hedged
    ("bitcoin more than doubled", 100.0, "percent", "more than"),
    ("the index has tripled since 2016", 200.0, "percent", "about"),
])
def test_units_values_hedges(text: str, value: float, unit: str, hedge: str | None) -> None:
    q = _one(text)
    assert (q.value, q.unit, q.hedge) == (pytest.approx(value), unit, hedge)


@pytest.mark.parametrize("text", [
    "a more manageable 3.50%–3.75% range", "a range from 3.5% to 3.75%", "between 3.5 and 3.75 percent",
    "a 3.50-3.75% target range",
])
def test_ranges(text: str) -> None:
    q = _one(text)
    assert (q.value, q.upper, q.unit) == (3.5, 3.75, "percent")


def test_three_rate_cut_cycle_and_range_in_one_sentence() -> None:
    found = extract_quantities("a three-rate cut cycle that settled the federal funds rate into a 3.50%–3.75% range")
    assert [(q.value, q.unit, q.upper) for q in found] == [(3.0, "count", None), (3.5, "percent", 3.75)]


def test_explicit_minus_is_a_sign_not_a_value() -> None:
    (item,) = find_quantities("the index returned -3.4% in March")
    assert (item.quantity.value, item.sign) == (3.4, -1)


def test_index_names_and_years_are_not_figures() -> None:
    assert extract_quantities("The Russell 2000 and the S&P 500 in 2025") == ()


def test_spans_point_at_the_text() -> None:
    text = "The Nasdaq 100 gained 2.0% while yields fell 10 bp."
    assert [text[f.start:f.end] for f in find_quantities(text)] == ["2.0%", "10 bp"]


def test_parse_number_rejects_words_it_does_not_know() -> None:
    assert parse_number("1,234.5") == 1234.5
    assert parse_number("Twelve") == 12.0
    with pytest.raises(ValueError):
        parse_number("several")


def test_a_level_quoted_as_a_record_is_a_figure():
    from notes_analyzer.nlp.quantities import find_quantities

    (q,) = find_quantities("The S&P 500 closed at a record 6,932.05 on Christmas Eve.")
    assert (q.quantity.value, q.quantity.unit, q.quantity.text) == (6932.05, "number", "6,932.05")


@pytest.mark.parametrize("text", [
    "the Vanguard S&P 500 ETF (VOO0.75%) is massively underperforming the SPDR Gold Shares ETF (GLD-1.04%)",
    "Meanwhile, the S&P 500 (^GSPC0.74%) is in a correction.",
    "Nvidia (NASDAQ:NVDA-0.18%) reports next week.",
])
def test_a_pasted_quote_widget_is_not_the_writers_figure(text):
    assert find_quantities(text) == []


def test_a_figure_in_brackets_that_is_not_a_quote_widget_is_kept():
    assert [q.quantity.text for q in find_quantities("Revenue grew (12.5%) and the stock (up 3%) followed")] == [
        "12.5%", "3%"]


@pytest.mark.parametrize(("text", "expected"), [
    ("the 10-year yield rose from 4.01% to 4.48%", [(4.01, None), (4.48, None)]),  # a move's two levels
    ("rose from about 4 percent to 4.5 percent", [(4.0, None), (4.5, None)]),
    ("yields currently range from 3.99% to 4.23%", [(3.99, 4.23)]),  # a range
    ("a target range of 4.25% to 4.5%", [(4.25, 4.5)]),
])
def test_from_one_level_to_another_is_two_figures_and_a_range_stays_one(text, expected):
    assert [(q.quantity.value, q.quantity.upper) for q in find_quantities(text)] == expected


def test_at_one_point_is_a_moment_not_a_figure():
    from notes_analyzer.nlp.quantities import find_quantities

    assert [q.quantity.text for q in find_quantities("At one point the S&P 500 was up 3.4%.")] == ["3.4%"]
    assert [q.quantity.unit for q in find_quantities("The Dow fell one point.")] == ["points"]


@pytest.mark.parametrize(("text", "value"), [
    ("cut rates by a full percentage point since September", 1.0),
    ("rose half a percentage point this week", 0.5),
    ("by a quarter percentage point", 0.25),
    ("three-quarters of a percentage point", 0.75),
])
def test_a_percentage_point_in_words(text, value):
    from notes_analyzer.nlp.quantities import find_quantities

    (found,) = find_quantities(text)
    assert (found.quantity.value, found.quantity.unit) == (value, "pp")


def test_non_example_a_point_in_words_is_no_figure():
    from notes_analyzer.nlp.quantities import find_quantities

    assert not find_quantities("a point of contention")
