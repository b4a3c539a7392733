"""The note score: weighted share of supported among checkable claims, with coverage."""

from __future__ import annotations

import pytest

from notes_analyzer.check import score_note
from notes_analyzer.check.tolerances import judge, level_tolerance, move_tolerance, rounding_half_step
from notes_analyzer.check.verdicts import worst
from notes_analyzer.records import Claim, Evidence, Quantity, Verdict


def _claims_and_verdicts(labels):
    claims = [Claim(id=f"c{i}", sentence_index=i, text="x", kind="return") for i in range(len(labels))]
    verdicts = [Verdict(claim_id=f"c{i}", label=label, reason="r", evidence=None if label not in
                        ("supported", "contradicted", "imprecise") else _ev()) for i, label in enumerate(labels)]
    return claims, verdicts


def _ev():
    from notes_analyzer.records import Evidence

    return Evidence(sentence="s", series=("SPX",))


def test_score_weights_imprecise_half_and_reports_coverage():
    claims, verdicts = _claims_and_verdicts(["supported", "supported", "imprecise", "contradicted", "pending",
                                             "unverifiable", "not_checkable", "supported"])
    score = score_note(claims, verdicts)
    assert score.checkable == 5 and score.total == 8
    assert score.score == pytest.approx((3 + 0.5) / 5)
    assert score.coverage == pytest.approx(5 / 8)
    assert score.counts["supported"] == 3 and score.counts["pending"] == 1 and score.counts["imprecise"] == 1


def test_no_checkable_claim_means_no_score_not_a_perfect_one():
    claims, verdicts = _claims_and_verdicts(["pending", "not_checkable", "unverifiable"])
    score = score_note(claims, verdicts)
    assert score.score is None and score.coverage == 0.0 and score.checkable == 0 and score.total == 3
    empty = score_note([], [])
    assert empty.score is None and empty.coverage == 0.0 and empty.total == 0


def test_verdicts_must_match_claims():
    claims, verdicts = _claims_and_verdicts(["supported", "contradicted"])
    with pytest.raises(ValueError, match="missing"):
        score_note(claims, verdicts[:1])
    with pytest.raises(ValueError, match="duplicate"):
        score_note(claims, [*verdicts, verdicts[0]])


@pytest.mark.parametrize(("text", "step"), [("2.0%", 0.05), ("7%", 0.5), ("0.25%", 0.005), ("6.1%", 0.05)])
def test_rounding_half_step_follows_written_decimals(text, step):
    assert rounding_half_step(Quantity(value=float(text.rstrip("%")), unit="percent", text=text)) == pytest.approx(step)


@pytest.mark.parametrize(("text", "hedge", "computed", "expected"), [
    ("2.0%", None, 1.95, "supported"),
    ("2.0%", None, 2.06, "imprecise"),
    ("7%", None, 6.1, "imprecise"),
    ("7%", None, 7.4, "supported"),
    ("10%", None, 5.0, "contradicted"),
    ("2.0%", None, -1.95, "contradicted"),
    ("5%", "about", 5.45, "supported"),
    ("30%", "nearly", 26.0, "supported"),
    ("30%", "nearly", 31.0, "imprecise"),
    ("5%", "more than", 5.2, "supported"),
    ("5%", "more than", 4.8, "imprecise"),
    ("1%", "less than", 0.6, "supported"),
    ("20%", None, 2.0, "contradicted"),
    ("0.2%", None, 2.0, "contradicted"),
])
def test_move_tolerance_rules(text, hedge, computed, expected):
    q = Quantity(value=float(text.rstrip("%")), unit="percent", text=text, hedge=hedge)
    assert judge(computed, move_tolerance(q, hedge)) == expected


@pytest.mark.parametrize(("text", "value", "hedge", "computed", "expected"), [
    ("6,900", 6900.0, None, 6930.0, "supported"),
    ("6,900", 6900.0, None, 7000.0, "imprecise"),
    ("7,000", 7000.0, "over", 6963.7, "contradicted"),
    ("4.1%", 4.1, None, 4.14, "supported"),
    ("4.1%", 4.1, None, 4.5, "contradicted"),
    # a feed's float32 digits: $3,222.20 stored as 3,222.19995 still meets "at least $3,222.20"
    ("$3,222.20", 3222.2, "over", 3222.199951171875, "supported"),
    ("$3,222.20", 3222.2, "over", 3222.19, "contradicted"),
    ("100", 100.0, "under", 100.00005, "supported"),
])
def test_level_tolerance_rules(text, value, hedge, computed, expected):
    q = Quantity(value=value, unit="points", text=text)
    assert judge(computed, level_tolerance(q, hedge)) == expected


def test_a_data_verdict_cannot_be_built_without_evidence_naming_its_series():
    with pytest.raises(ValueError, match="needs evidence"):
        Verdict(claim_id="c0", label="supported", reason="r")
    with pytest.raises(ValueError, match="needs evidence"):
        Verdict(claim_id="c0", label="contradicted", reason="r", evidence=Evidence(sentence="no series named"))
    with pytest.raises(ValueError, match="needs a reason"):
        Verdict(claim_id="c0", label="unverifiable", reason=" ")


@pytest.mark.parametrize(("labels", "expected"), [
    (("supported", "supported"), "supported"),
    (("supported", "imprecise"), "imprecise"),
    (("supported", "pending"), "pending"),
    (("supported", "not_checkable"), "not_checkable"),
    (("supported", "unverifiable"), "unverifiable"),
    (("pending", "not_checkable"), "unverifiable"),
    (("unverifiable", "contradicted", "supported"), "contradicted"),
    (("imprecise", "unverifiable"), "unverifiable"),
])
def test_worst_never_lets_an_undecided_part_pass_as_supported(labels, expected):
    assert worst(*labels) == expected


@pytest.mark.parametrize(("text", "value", "computed", "expected"), [
    ("50 basis point", 50.0, 47.0, "supported"),  # a round figure: 45…55
    ("50 basis point", 50.0, 44.0, "imprecise"),
    ("10 basis points", 10.0, 11.0, "supported"),  # 9…11: never wider than a tenth of the figure
    ("10 basis points", 10.0, 12.0, "imprecise"),
    ("eight basis points", 8.0, 9.0, "imprecise"),  # not round: 7.5…8.5
    ("25 bp", 25.0, 23.0, "imprecise"),
])
def test_round_basis_points_read_as_rounded(text, value, computed, expected):
    q = Quantity(value=value, unit="bp", text=text)
    assert judge(computed, move_tolerance(q, None)) == expected


@pytest.mark.parametrize(("text", "value", "hedge", "computed", "expected"), [
    ("971", 971.0, None, 971.82, "supported"),  # "the Dow shed 971 points": the figure cut short
    ("972", 972.0, None, 971.82, "supported"),  # or rounded
    ("970", 970.0, None, 971.82, "supported"),  # a round number: ±5
    ("973", 973.0, None, 971.82, "imprecise"),  # neither
    ("971.5", 971.5, None, 971.82, "imprecise"),  # decimals written: rounding only
    ("about 971", 971.0, "about", 971.82, "supported"),
])
def test_whole_index_points_may_be_cut_short(text, value, hedge, computed, expected):
    q = Quantity(value=value, unit="points", text=text, hedge=hedge)
    assert judge(computed, move_tolerance(q, hedge)) == expected


@pytest.mark.parametrize(("text", "value", "computed", "expected"), [
    ("half a percentage point", 0.5, 0.47, "supported"),  # told to the nearest quarter point
    ("a full percentage point", 1.0, 0.47, "contradicted"),
    ("a full percentage point", 1.0, 1.0, "supported"),
])
def test_a_percentage_point_in_words_is_read_to_a_quarter_point(text, value, computed, expected):
    q = Quantity(value=value, unit="pp", text=text)
    assert judge(computed, move_tolerance(q, None)) == expected
