"""The rating rule at its boundaries."""

from decimal import Decimal

import pytest

from factcheck.checks.rating import Stated, Verdict, rate
from factcheck.quantities import round_significant, significant_figures


@pytest.mark.parametrize(
    ("written", "figures"),
    [
        ("30", 1),
        ("10", 1),
        ("100", 1),
        ("5977", 4),
        ("28.3", 3),
        ("0.50", 2),
        ("0.05", 1),
        ("1450000", 3),
    ],
)
def test_significant_figures(written, figures):
    assert significant_figures(written) == figures


def test_significant_figures_rejects_text():
    with pytest.raises(ValueError, match="not a number"):
        significant_figures("thirty")


@pytest.mark.parametrize(
    ("value", "figures", "expected"),
    [
        (28.33, 1, "30"),
        (9.5, 1, "10"),
        (9.4999, 1, "9"),
        (14.99, 1, "10"),
        (15.0, 1, "20"),
        (25.0, 1, "30"),
        (0.0345, 2, "0.035"),
        (1454000.0, 3, "1450000"),
    ],
)
def test_round_significant_half_up(value, figures, expected):
    assert round_significant(value, figures) == Decimal(expected)


@pytest.mark.parametrize(
    ("value", "stated", "verdict"),
    [
        (28.33, "30", Verdict.ACCURATE),
        (27.0, "30", Verdict.ACCURATE),  # rounds to 30, exactly 10% off: the edge
        (26.999, "30", Verdict.APPROXIMATELY_ACCURATE),  # rounds to 30, but over 10% off
        (25.0, "30", Verdict.APPROXIMATELY_ACCURATE),  # lower edge of "30" at one figure
        (24.999, "30", Verdict.INACCURATE),  # rounds to 20, 16.7% off
        (33.0, "30", Verdict.ACCURATE),
        (34.999, "30", Verdict.APPROXIMATELY_ACCURATE),  # rounds to 30, 16.7% off
        (35.0, "30", Verdict.INACCURATE),  # rounds to 40
        (9.5, "10", Verdict.ACCURATE),
        (9.4999, "10", Verdict.APPROXIMATELY_ACCURATE),  # rounds to 9, 5% off
        (9.0, "10", Verdict.APPROXIMATELY_ACCURATE),  # exactly 10% off
        (8.9999, "10", Verdict.INACCURATE),  # just over 10% off
        (11.0, "10", Verdict.ACCURATE),
        (12.0, "10", Verdict.APPROXIMATELY_ACCURATE),  # rounds to 10, 20% off: the edge
        (12.001, "10", Verdict.INACCURATE),  # rounds to 10, but more than 20% off
        (14.999, "10", Verdict.INACCURATE),  # rounds to 10 at one figure, but 50% off
        (15.0, "10", Verdict.INACCURATE),
        (None, "10", Verdict.UNVERIFIABLE),
    ],
)
def test_rate_boundaries(value, stated, verdict):
    assert rate(value, Stated(stated, stated)).verdict is verdict


def test_reason_says_what_rounds_to_what():
    assert rate(28.33, Stated("1/30", "30")).reason == "28.3 rounds to 30"
    assert rate(14.9, Stated("1/10", "10")).reason == "14.9 rounds to 10, but is 49.0% off"
    assert rate(9.02, Stated("10", "10")).reason == (
        "9.02 rounds to 9, not 10, but is within 9.8% of it"
    )
    assert rate(45.0, Stated("30", "30")).reason == "45.0 rounds to 50, not 30 (50.0% off)"


def test_shown_value_has_enough_figures_to_see_the_rounding():
    assert Stated("10", "10").shown(9.4999) == "9.4999"
    assert Stated("10", "10").shown(14.99) == "14.99"
    assert Stated("30", "30").shown(28.33) == "28.3"


@pytest.mark.parametrize(
    ("value", "verdict"),
    [
        (9.5, Verdict.ACCURATE),
        (10.49, Verdict.ACCURATE),
        (10.5, Verdict.APPROXIMATELY_ACCURATE),  # rounds to 11: a whole percent is precise
        (14.9, Verdict.INACCURATE),  # would round to 10 at one significant figure
        (9.0, Verdict.APPROXIMATELY_ACCURATE),
    ],
)
def test_a_whole_percentage_is_precise_to_the_unit(value, verdict):
    assert rate(value, Stated("10%", "10", unit="%")).verdict is verdict


@pytest.mark.parametrize(
    ("hedge", "value", "verdict"),
    [
        ("nearly", 0.1836, Verdict.ACCURATE),  # Ukraine / India by area, "nearly one fifth"
        ("nearly", 0.2, Verdict.ACCURATE),
        ("nearly", 0.18, Verdict.ACCURATE),  # 10% below: the edge
        ("nearly", 0.1799, Verdict.INACCURATE),  # more than 10% below
        ("nearly", 0.21, Verdict.APPROXIMATELY_ACCURATE),  # above it: not "nearly", but close
        ("over", 3.01, Verdict.ACCURATE),
        ("over", 3.0, Verdict.APPROXIMATELY_ACCURATE),
        ("over", 2.6, Verdict.INACCURATE),
        ("at least", 3.0, Verdict.ACCURATE),
        ("less than", 0.49, Verdict.ACCURATE),
        ("less than", 0.5, Verdict.APPROXIMATELY_ACCURATE),
        ("less than", 0.6, Verdict.INACCURATE),
        ("at most", 0.5, Verdict.ACCURATE),
        ("about", 0.22, Verdict.ACCURATE),  # rounds to 0.2, 10% off
        ("about", 0.24, Verdict.APPROXIMATELY_ACCURATE),  # rounds to 0.2, but 20% off
    ],
)
def test_hedge_words_state_the_comparison(hedge, value, verdict):
    stated = {"nearly": "0.2", "over": "3", "at least": "3", "about": "0.2"}.get(hedge, "0.5")
    assert rate(value, Stated(f"{hedge} {stated}", stated, hedge=hedge)).verdict is verdict


def test_hedge_reasons_name_the_word():
    assert rate(0.1836, Stated("nearly one fifth", "0.2", hedge="nearly")).reason == (
        "0.184: “nearly 0.2” holds"
    )
    assert rate(2.6, Stated("over three times", "3", hedge="over")).reason == (
        "2.60: not “over 3” (13.3% off)"
    )


def test_a_stated_zero_takes_no_share():
    """No share can be taken of 0: the reason says the figure, never an infinite percentage."""
    assert rate(-1.5, Stated("no growth", "0")).reason == "−1.50 rounds to −2, not 0"
    written = rate(3.0, Stated("zero", "0"), lambda value: f"{value:g} people")
    assert written.reason == "3 people, not “zero”"
