"""The view of a profile check: one row per measure, both sides, their ratio, whether it
reaches the stated multiple; every figure with its source."""

from __future__ import annotations

from typing import Any

from ...quantities import figure, number
from ...words import mid_sentence
from ..tables import Table, figure_cell


def tables(claim: dict[str, Any], doc: dict[str, Any]) -> list[Table]:
    details = claim["details"]

    def reaches(reading: dict[str, Any]) -> str:
        if not reading["details"]["counted"]:
            return "not counted: unverified figure"
        return "yes" if reading["details"]["meets"] else "no"

    rows = [
        [
            reading["label"],
            figure_cell(reading["figures"][0]),
            figure_cell(reading["figures"][1]),
            number(reading["value"]),
            reaches(reading),
        ]
        for reading in claim["readings"]
    ]
    return [
        Table(
            "The balance in numbers",
            [
                "Measure",
                details["numerator"],
                details["denominator"],
                "Times",
                f"At least {figure(details['min_ratio'])} times",
            ],
            rows,
        ),
    ]


def why(claim: dict[str, Any], doc: dict[str, Any]) -> str:
    details = claim["details"]
    counted = [r for r in claim["readings"] if r["details"]["counted"]]
    meeting = sum(r["details"]["meets"] for r in counted)
    closest = min(counted, key=lambda r: r["value"])
    return (
        f"{details['numerator']} is at least {figure(details['min_ratio'])} times "
        f"{details['denominator']} on {meeting} of {len(counted)} measures; the closest, at "
        f"{number(closest['value'])} times, is {mid_sentence(closest['label'])}."
    )
