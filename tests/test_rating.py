"""The rating rule at its boundaries."""

from decimal import Decimal

import pytest

from factcheck.checks.rating import (
    Verdict,
    display_for,
    rate_number,
    round_significant,
    significant_figures,
)


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
        (25.0, "30", Verdict.ACCURATE),  # lower edge of "30" at one figure, half up
        (24.999, "30", Verdict.INACCURATE),  # rounds to 20, 16.7% off
        (34.999, "30", Verdict.ACCURATE),
        (35.0, "30", Verdict.INACCURATE),  # rounds to 40
        (9.5, "10", Verdict.ACCURATE),
        (9.4999, "10", Verdict.APPROXIMATELY_ACCURATE),  # rounds to 9, 5% off
        (9.0, "10", Verdict.APPROXIMATELY_ACCURATE),  # exactly 10% off
        (8.9999, "10", Verdict.INACCURATE),  # just over 10% off
        (14.999, "10", Verdict.ACCURATE),
        (15.0, "10", Verdict.INACCURATE),
        (None, "10", Verdict.UNVERIFIABLE),
    ],
)
def test_rate_number_boundaries(value, stated, verdict):
    assert rate_number(value, stated).verdict is verdict


def test_reason_says_what_rounds_to_what():
    assert rate_number(28.33, "30").reason == "28.3 rounds to 30"
    assert rate_number(9.02, "10").reason == "9.02 rounds to 9, not 10, but is within 9.8% of it"
    assert rate_number(45.0, "30").reason == "45.0 rounds to 50, not 30 (50.0% off)"


def test_display_shows_enough_figures_to_see_the_rounding():
    assert display_for(9.4999, "10") == "9.4999"
    assert display_for(14.99, "10") == "14.99"
    assert display_for(28.33, "30") == "28.3"
