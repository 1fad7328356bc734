"""The rating rule: how a recomputed number becomes a verdict.

A rounded figure such as "1/30" states a precision: its significant figures. The rule
rounds the recomputed value to that many significant figures (half up) and compares:

- Accurate: the recomputed value rounds to the stated figure ("28.3 rounds to 30") and lies
  within ``APPROXIMATE_TOLERANCE`` of it.
- Approximately accurate: it lies within the tolerance without rounding to the stated
  figure; or it rounds to it but lies within twice the tolerance only (1.11 is "about 1",
  11% off).
- Inaccurate: it lies farther off (14.9 rounds to "10" at one significant figure, but is
  49% off).
- Unverifiable: no recomputed value (the data do not cover the claim).

A percentage written as a whole number is precise to the unit ("10%": 9.5% to 10.5%). A
hedge word ("nearly", "over", "less than"...) turns the comparison into the one the word
states (:data:`HEDGES`), with the same tolerance for "approximately".

"Misleading" is never given by this rule: it is for claims whose figures hold but whose
framing does not (see the check kinds that use it).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Any

from ..quantities import number, plain, round_significant, significant_figures, unit_of


class Verdict(StrEnum):
    ACCURATE = "Accurate"
    APPROXIMATELY_ACCURATE = "Approximately accurate"
    NOT_BORNE_OUT = "Not borne out since"
    MISLEADING = "Misleading"
    INACCURATE = "Inaccurate"
    UNVERIFIABLE = "Unverifiable"


@dataclass(frozen=True)
class ScaleStep:
    verdict: Verdict
    rating: int  # schema.org reviewRating ratingValue: 5 best, 1 worst, 0 not rated
    claim_review: str  # the ClaimReview's textual rating
    meaning: str


APPROXIMATE_TOLERANCE = Decimal("0.10")  # share of the stated value: |recomputed - stated| <= it
_TOLERANCE = f"{APPROXIMATE_TOLERANCE:.0%}"

SCALE = (
    ScaleStep(
        Verdict.ACCURATE,
        5,
        "Accurate",
        "The figures or texts bear the claim out (a number: it rounds to the stated one and is "
        f"within {_TOLERANCE} of it; a quote: the words were said or written, or faithfully "
        "translated).",
    ),
    ScaleStep(
        Verdict.APPROXIMATELY_ACCURATE,
        4,
        "Approximately accurate",
        f"Close but not exact (a number within {_TOLERANCE} of the stated one, or rounding to "
        f"it but within {2 * APPROXIMATE_TOLERANCE:.0%} only).",
    ),
    ScaleStep(
        Verdict.NOT_BORNE_OUT,
        3,
        "Accurate when published, not borne out since",
        "The claim matched what was known when the article appeared, but figures published "
        "since do not bear it out: no correction, but an update may be warranted.",
    ),
    ScaleStep(
        Verdict.MISLEADING,
        2,
        "Misleading",
        "The figures or words hold in part, but the claim's framing does not match what they show.",
    ),
    ScaleStep(Verdict.INACCURATE, 1, "Inaccurate", "The figures or texts contradict the claim."),
    ScaleStep(
        Verdict.UNVERIFIABLE,
        0,
        "Unverifiable",
        "No figure or document that could settle the claim exists in the sources consulted.",
    ),
)


class Comparison(StrEnum):
    """How a hedge word compares the recomputed value with the stated figure."""

    ROUNDS = "rounds"  # rounds to it at its precision
    AT_MOST_NEAR = "at most, near"  # at or just below it
    ROUNDS_OR_BELOW = "rounds or below"  # near it, and rounds to it or is below it
    ABOVE = "above"
    AT_LEAST = "at least"
    BELOW = "below"
    AT_MOST = "at most"


@dataclass(frozen=True)
class Hedge:
    words: tuple[str, ...]
    comparison: Comparison
    meaning: str  # the rule, for the report


HEDGES = (
    Hedge(
        ("", "about", "around", "some", "roughly", "approximately"),
        Comparison.ROUNDS,
        "the recomputed figure rounds to the stated one at the precision it is written with",
    ),
    Hedge(
        ("nearly", "almost", "just under", "close to"),
        Comparison.AT_MOST_NEAR,
        f"the recomputed figure is at most the stated one and no more than {_TOLERANCE} below it",
    ),
    Hedge(
        ("barely", "only"),
        Comparison.ROUNDS_OR_BELOW,
        f"the recomputed figure is within {_TOLERANCE} of the stated one, and rounds to it or "
        "is below it",
    ),
    Hedge(
        ("over", "more than", "above", "just over"),
        Comparison.ABOVE,
        "the recomputed figure is larger than the stated one",
    ),
    Hedge(("at least",), Comparison.AT_LEAST, "the recomputed figure is at least the stated one"),
    Hedge(
        ("less than", "under", "below", "fewer than"),
        Comparison.BELOW,
        "the recomputed figure is smaller than the stated one",
    ),
    Hedge(
        ("at most", "up to", "no more than"),
        Comparison.AT_MOST,
        "the recomputed figure is at most the stated one",
    ),
)
HEDGE_WORDS = {word: hedge for hedge in HEDGES for word in hedge.words}


@dataclass(frozen=True)
class Stated:
    """A figure as a claim states it: ``value`` as written (its precision), the hedge word
    the article puts before it, and its unit."""

    text: str
    value: str
    hedge: str = ""
    unit: str = ""

    @classmethod
    def from_spec(cls, spec: dict[str, Any]) -> Stated:
        return cls(
            text=spec["text"],
            value=str(spec["value"]),
            hedge=spec.get("hedge", ""),
            unit=spec.get("unit", ""),
        )

    @property
    def rule(self) -> Hedge:
        return HEDGE_WORDS[self.hedge]

    @property
    def number(self) -> Decimal:
        return Decimal(self.value.replace(",", ""))

    def rounded(self, value: float) -> Decimal:
        """``value`` at the stated figure's precision: its significant figures ("30": one),
        or for a percentage its last written digit ("10%": the unit), rounded half up."""
        if unit_of(self.unit).percent:
            return Decimal(repr(value)).quantize(
                Decimal(1).scaleb(self.number.as_tuple().exponent), rounding=ROUND_HALF_UP
            )
        return round_significant(value, significant_figures(self.value))

    def rounds_to(self, value: float) -> bool:
        return self.rounded(value) == self.number

    def shown(self, value: float) -> str:
        """``value`` with enough figures that its rounding to this precision is plain to see:
        9.4999 against "10" shows as "9.4999", not "9.50"."""
        target = self.rounded(value)
        for shown_figures in range(3, 16):
            shown = number(value, shown_figures)
            if self.rounded(float(_digits(shown))) == target:
                return shown
        return repr(value)


def _digits(shown: str) -> str:
    return shown.replace(",", "").replace("\N{MINUS SIGN}", "-")


@dataclass(frozen=True)
class Rating:
    verdict: Verdict
    reason: str


def rate(
    recomputed: float | None, stated: Stated, written: Callable[[float], str] | None = None
) -> Rating:
    """Rate a recomputed value against the figure the claim states, as its hedge says.

    ``written`` writes the recomputed value with its unit ("US$ 1.83 trillion"); the reason
    then sets it against the article's own words. Without it, the reason shows the digits
    that decide the rounding ("28.3 rounds to 30").
    """
    if recomputed is None:
        return Rating(Verdict.UNVERIFIABLE, "no data for this reading")
    if written is not None:
        return _rate_in_words(recomputed, stated, written(recomputed))
    target = stated.number
    shown = stated.shown(recomputed)
    value = Decimal(repr(recomputed))  # as written, so that 0.2 compares equal to "0.2"
    off = abs(value - target) / abs(target) if target else Decimal("Infinity")
    close = off <= APPROXIMATE_TOLERANCE
    comparison = stated.rule.comparison
    if comparison is Comparison.ROUNDS:
        return _rate_rounding(recomputed, stated, shown, off)
    holds = {
        Comparison.AT_MOST_NEAR: value <= target and close,
        Comparison.ROUNDS_OR_BELOW: close and (stated.rounds_to(recomputed) or value <= target),
        Comparison.ABOVE: value > target,
        Comparison.AT_LEAST: value >= target,
        Comparison.BELOW: value < target,
        Comparison.AT_MOST: value <= target,
    }[comparison]
    word = f"“{stated.hedge} {stated.value}”"
    if holds:
        return Rating(Verdict.ACCURATE, f"{shown}: {word} holds")
    percent = _off(value, target)
    if close:
        return Rating(
            Verdict.APPROXIMATELY_ACCURATE, f"{shown}: not {word}, but within {percent} of it"
        )
    return Rating(
        Verdict.INACCURATE, f"{shown}: not {word}" + (f" ({percent} off)" if percent else "")
    )


def _rate_in_words(recomputed: float, stated: Stated, shown: str) -> Rating:
    rating = rate(recomputed, stated)
    off = _off(Decimal(repr(recomputed)), stated.number)
    said = f"“{stated.text}”"
    rounds = stated.rule.comparison is Comparison.ROUNDS and stated.rounds_to(recomputed)
    if rating.verdict is Verdict.ACCURATE:
        return Rating(
            rating.verdict,
            f"{shown}, which rounds to {said}" if rounds else f"{shown}: {said} holds",
        )
    if rounds:
        return Rating(rating.verdict, f"{shown}, which rounds to {said} but is {off} off")
    if rating.verdict is Verdict.APPROXIMATELY_ACCURATE:
        return Rating(rating.verdict, f"{shown}, not {said}, but within {off} of it")
    return Rating(rating.verdict, f"{shown}, not {said}" + (f" ({off} off)" if off else ""))


def _off(value: Decimal, target: Decimal) -> str:
    """How far ``value`` lies from the stated ``target``, as a share of it ("10.7%"); empty
    for a stated 0, which no share can be taken of."""
    return f"{abs(value - target) / abs(target):.1%}" if target else ""


def _rate_rounding(recomputed: float, stated: Stated, shown: str, off: Decimal) -> Rating:
    close = off <= APPROXIMATE_TOLERANCE
    if stated.rounds_to(recomputed) and close:
        return Rating(Verdict.ACCURATE, f"{shown} rounds to {stated.value}")
    rounded = plain(stated.rounded(recomputed))
    percent = _off(Decimal(repr(recomputed)), stated.number)
    if stated.rounds_to(recomputed):
        verdict = (
            Verdict.APPROXIMATELY_ACCURATE
            if off <= 2 * APPROXIMATE_TOLERANCE
            else Verdict.INACCURATE
        )
        return Rating(verdict, f"{shown} rounds to {stated.value}, but is {percent} off")
    if close:
        return Rating(
            Verdict.APPROXIMATELY_ACCURATE,
            f"{shown} rounds to {rounded}, not {stated.value}, but is within {percent} of it",
        )
    far = f" ({percent} off)" if percent else ""
    return Rating(Verdict.INACCURATE, f"{shown} rounds to {rounded}, not {stated.value}{far}")
