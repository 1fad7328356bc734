"""Numbers as the report writes them: one style for every figure, ratio and share.

Publishers write units their own way ("sq km", "sq. km", "US$ m", "current USD", "annual %").
:data:`UNITS` maps each to a canonical unit with a scale, so that 65,907.7 "US$ m" and
1,829,186,719,575 "current US$" are both written as money in the same style: "US$ 65.9
billion", "US$ 1.83 trillion". Figures of a million or more are written with a scale word to
three significant figures ("17.1 million km²"); smaller ones in full ("603,550 km²").
Negative numbers take a true minus sign (−1.44%).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from .errors import FactcheckError

MINUS = "\N{MINUS SIGN}"
SCALE_WORDS = ((10**12, "trillion"), (10**9, "billion"), (10**6, "million"))


@dataclass(frozen=True)
class Unit:
    """A canonical unit: ``symbol`` as written, where it goes, and what one unit is worth
    in it (``scale``: 1e6 for a figure published in millions)."""

    symbol: str
    scale: float = 1.0
    prefix: bool = False  # written before the number (US$ 5), not after (5 km²)
    percent: bool = False


_MONEY = "US$"
UNITS: dict[str, Unit] = {
    "sq km": Unit("km²"),
    "sq. km": Unit("km²"),
    "km²": Unit("km²"),
    "current US$": Unit(_MONEY, prefix=True),
    "current USD": Unit(_MONEY, prefix=True),
    "US$": Unit(_MONEY, prefix=True),
    "US$ m": Unit(_MONEY, 1e6, prefix=True),
    "US$ bn": Unit(_MONEY, 1e9, prefix=True),
    "%": Unit("%", percent=True),
    "annual %": Unit("%", percent=True),
    "% of GDP": Unit("% of GDP", percent=True),
    "% of total labor force": Unit("% of the labour force", percent=True),
    "people": Unit("people"),
    "people per km²": Unit("people per km²"),
    "warheads": Unit("warheads"),
}


def unit_of(written: str) -> Unit:
    """The canonical unit of a unit as a publisher or a claims file writes it; an unknown
    unit is kept as written."""
    return UNITS.get(written, Unit(written))


def in_base_unit(value: float, written: str) -> float:
    """``value`` in its canonical unit (a figure in "US$ m" in US$)."""
    return value * unit_of(written).scale


def significant_figures(stated: str) -> int:
    """Significant figures of a number as written: "30" -> 1, "28.3" -> 3, "0.50" -> 2.

    Trailing zeros of a whole number are taken as not significant ("30", "100").
    """
    digits = stated.strip().lstrip("+-").replace(",", "")
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
        return Decimal(0)
    exponent = number.adjusted() - figures + 1
    rounded = number.quantize(Decimal(1).scaleb(exponent), rounding=ROUND_HALF_UP)
    # 9.5 -> 1E+1: re-round when rounding carried into a new digit.
    if rounded.adjusted() != number.adjusted():
        rounded = rounded.quantize(Decimal(1).scaleb(exponent + 1), rounding=ROUND_HALF_UP)
    return rounded


def _signed(text: str) -> str:
    return text.replace("-", MINUS)


def number(value: float, figures: int = 3) -> str:
    """A computed number (a ratio, a share) to ``figures`` significant figures, trailing
    zeros kept (28.3, 9.55, 6.00); whole numbers of 10**figures and more in full (1,454,000)."""
    if abs(value) >= 10**figures:
        return _signed(f"{Decimal(repr(value)):,.0f}")
    rounded = round_significant(value, figures)
    return _signed(f"{rounded:,.{max(0, -rounded.as_tuple().exponent)}f}")


def plain(value: Decimal | float) -> str:
    """A number without exponent notation or trailing zeros: Decimal('3E+1') -> '30'."""
    number_ = Decimal(repr(value)) if isinstance(value, float) else value
    text = f"{number_:,f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return _signed(text)


def figure(value: float) -> str:
    """A published figure without its unit: whole numbers in full (5,977), others to three
    significant figures (−1.44, 45.8, 6,898)."""
    if float(value).is_integer() or abs(value) >= 1000:
        return _signed(f"{round(value):,}")
    return plain(round_significant(value, 3).normalize())


def scaled(value: float) -> str:
    """A number of a million or more with its scale word (1.83 trillion, 17.1 million);
    smaller numbers as :func:`figure` writes them."""
    for size, word in SCALE_WORDS:
        if abs(value) >= size:
            return f"{plain(round_significant(value / size, 3).normalize())} {word}"
    return figure(value)


def quantity(value: float, written_unit: str, *, exact: bool = False) -> str:
    """A figure with its unit in the report's style: "US$ 65.9 billion", "17.1 million km²",
    "603,550 km²", "5,977 warheads", "−1.44%", "80%". ``exact`` writes it in full
    ("17,098,250 km²"), where a difference in the last digits matters (revisions)."""
    unit = unit_of(written_unit)
    amount = (figure if exact else scaled)(value * unit.scale)
    if unit.percent:
        return f"{amount}{unit.symbol}"
    if unit.prefix:
        return f"{unit.symbol} {amount}"
    return f"{amount} {unit.symbol}".strip()


def times(value: float) -> str:
    """A multiple: "28.3 times", "1.10 times"."""
    return f"{number(value)} times"
