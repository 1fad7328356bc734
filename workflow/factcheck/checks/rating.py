"""The rating rule: how a recomputed number becomes a verdict.

A rounded figure such as "1/30" states a precision: its significant figures. The rule
rounds the recomputed value to that many significant figures (half up) and compares:

- Accurate: the recomputed value rounds to the stated figure ("28.3 rounds to 30").
- Approximately accurate: it does not, but lies within ``APPROXIMATE_TOLERANCE`` of it.
- Inaccurate: neither.
- Unverifiable: no recomputed value (the data do not cover the claim).

"Misleading" is never given by this rule: it is for claims whose figures hold but whose
framing does not (see the check kinds that use it).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum

from ..errors import FactcheckError


class Verdict(StrEnum):
    ACCURATE = "Accurate"
    APPROXIMATELY_ACCURATE = "Approximately accurate"
    MISLEADING = "Misleading"
    INACCURATE = "Inaccurate"
    UNVERIFIABLE = "Unverifiable"


@dataclass(frozen=True)
class ScaleStep:
    verdict: Verdict
    rating: int  # schema.org reviewRating ratingValue: 5 best, 1 worst, 0 not rated
    colour: str
    meaning: str


APPROXIMATE_TOLERANCE = Decimal("0.10")  # share of the stated value: |recomputed - stated| <= it

SCALE = (
    ScaleStep(
        Verdict.ACCURATE,
        5,
        "#1b7837",
        "The figures or texts bear the claim out (a number: it rounds to the stated one).",
    ),
    ScaleStep(
        Verdict.APPROXIMATELY_ACCURATE,
        4,
        "#7fbc41",
        f"Close but not exact (a number within {APPROXIMATE_TOLERANCE:.0%} of the stated one; "
        "a faithful rewording).",
    ),
    ScaleStep(
        Verdict.MISLEADING,
        2,
        "#e08214",
        "The figures or words hold in part, but the claim's framing does not match what they show.",
    ),
    ScaleStep(Verdict.INACCURATE, 1, "#b2182b", "The figures or texts contradict the claim."),
    ScaleStep(Verdict.UNVERIFIABLE, 0, "#777777", "No data or document available here settles it."),
)


@dataclass(frozen=True)
class Rating:
    verdict: Verdict
    reason: str


def significant_figures(stated: str) -> int:
    """Significant figures of a number as written: "30" -> 1, "28.3" -> 3, "0.50" -> 2.

    Trailing zeros of a whole number are taken as not significant ("30", "100").
    """
    digits = stated.strip().lstrip("+-")
    try:
        Decimal(digits)
    except InvalidOperation:
        raise ValueError(f"not a number: {stated!r}") from None
    if "." in digits:
        return len(digits.replace(".", "").lstrip("0")) or 1
    return len(digits.lstrip("0").rstrip("0")) or 1


def round_significant(value: float, figures: int) -> Decimal:
    """Round half up to ``figures`` significant figures: (28.33, 1) -> 30, (9.5, 1) -> 10.

    A value that is not finite (a ratio of figures too far apart in size overflows) is a
    FactcheckError: no rounding rule can rate it.
    """
    if not math.isfinite(value):
        raise FactcheckError(
            f"the recomputed value is {value!r}: the figures it comes from are too large or "
            "too small to compute with"
        )
    number = Decimal(repr(value))
    if number == 0:
        return number
    exponent = number.adjusted() - figures + 1
    rounded = number.quantize(Decimal(1).scaleb(exponent), rounding=ROUND_HALF_UP)
    # 9.5 -> 1E+1: re-round when rounding carried into a new digit.
    if rounded.adjusted() != number.adjusted():
        rounded = rounded.quantize(Decimal(1).scaleb(exponent + 1), rounding=ROUND_HALF_UP)
    return rounded


def display(value: float, figures: int = 3) -> str:
    """A value as shown in reasons and tables: 3 significant figures (28.3, 9.55, 6.00),
    whole numbers with thousands separators at 1,000 and above (1,454,000)."""
    if abs(value) >= 10**figures:
        return f"{Decimal(repr(value)):,.0f}"
    rounded = round_significant(value, figures)
    return f"{rounded:,.{max(0, -rounded.as_tuple().exponent)}f}"


def display_value(value: float) -> str:
    """A published figure as shown: whole numbers as such (5,977), others to at most three
    significant figures without trailing zeros (-1.44, 45.8, 6,898.1)."""
    if float(value).is_integer():
        return f"{int(value):,}"
    if abs(value) >= 1_000_000:
        return f"{value:,.0f}"
    if abs(value) >= 1000:
        return f"{value:,.1f}"
    rounded = round_significant(value, 3).normalize()
    return f"{rounded:,f}"


def display_for(value: float, stated: str) -> str:
    """Show ``value`` with enough figures that its rounding to ``stated``'s precision is
    plain to see: 9.4999 against "10" shows as "9.4999", not "9.50"."""
    figures = significant_figures(stated)
    target = round_significant(value, figures)
    for shown_figures in range(3, 16):
        shown = display(value, shown_figures)
        if round_significant(float(shown.replace(",", "")), figures) == target:
            return shown
    return repr(value)


def plain(number: Decimal) -> str:
    """A rounded Decimal without exponent notation: Decimal('3E+1') -> '30'."""
    return f"{number:,f}"


def rate_number(recomputed: float | None, stated: str) -> Rating:
    """Rate a recomputed value against the figure the claim states (as written)."""
    if recomputed is None:
        return Rating(Verdict.UNVERIFIABLE, "no data for this reading")
    target = Decimal(stated)
    rounded = round_significant(recomputed, significant_figures(stated))
    shown = display_for(recomputed, stated)
    if rounded == target:
        return Rating(Verdict.ACCURATE, f"{shown} rounds to {stated}")
    off = abs(Decimal(repr(recomputed)) - target) / abs(target) if target else Decimal("Infinity")
    percent = f"{off * 100:.1f}%"
    if off <= APPROXIMATE_TOLERANCE:
        return Rating(
            Verdict.APPROXIMATELY_ACCURATE,
            f"{shown} rounds to {plain(rounded)}, not {stated}, but is within {percent} of it",
        )
    return Rating(
        Verdict.INACCURATE, f"{shown} rounds to {plain(rounded)}, not {stated} ({percent} off)"
    )
