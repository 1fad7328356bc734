"""Profile checks: "a preponderance of power" — one side outweighs the other on every measure.

Rule: with the claims file's stated threshold (e.g. at least twice as large), Accurate when
the numerator reaches it on every measure, Approximately accurate on at least half of
them, Inaccurate otherwise. Rows resting on UNVERIFIED figures do not count.
"""

from __future__ import annotations

from typing import Any

from .common import (
    CheckContext,
    figure_pair,
    figure_text,
    figures_table,
    ratio_formula,
    reading_label,
    table,
)
from .rating import Verdict, display, display_value

RULE = (
    "Profile: the side named first must be at least the stated multiple of the other on every "
    "measure: Accurate on all, Approximately accurate on at least half, Inaccurate otherwise; "
    "figures entered by hand count only if verified."
)


def run(claim: dict[str, Any], ctx: CheckContext) -> dict[str, Any]:
    check = claim["check"]
    minimum = check["min_ratio"]
    rows = []
    for spec in check["rows"]:
        measure = spec.get("measure", "")
        top, bottom, value = figure_pair(
            ctx, spec, check["numerator"], check["denominator"], measure
        )
        counted = top.get("verified", True) and bottom.get("verified", True)
        rows.append(
            {
                "label": reading_label(ctx, spec, measure),
                "value": value,
                "value_text": display(value),
                "meets": value >= minimum,
                "counted": counted,
                "formula": ratio_formula(top, bottom, value),
                "figures": [top, bottom],
            }
        )
    counted = [r for r in rows if r["counted"]]
    meeting = sum(r["meets"] for r in counted)
    if counted and meeting == len(counted):
        verdict = Verdict.ACCURATE
    elif counted and meeting * 2 >= len(counted):
        verdict = Verdict.APPROXIMATELY_ACCURATE
    else:
        verdict = Verdict.INACCURATE if counted else Verdict.UNVERIFIABLE
    smallest = min(counted, key=lambda r: r["value"]) if counted else None
    reason = (
        f"{check['numerator']} is at least {display_value(minimum)} times {check['denominator']} "
        f"on {meeting} of {len(counted)} measures"
    )
    if smallest:
        reason += f" (smallest gap: {smallest['label']}, {smallest['value_text']} times)"
    figures = [f for r in rows for f in r["figures"]]
    table_rows = [
        [
            r["label"],
            figure_text(r["figures"][0]),
            figure_text(r["figures"][1]),
            r["value_text"],
            ("yes" if r["meets"] else "no")
            + ("" if r["counted"] else " (not counted: UNVERIFIED)"),
            "data"
            if all(f["origin"] == "data" for f in r["figures"])
            else "published figure, entered by hand",
        ]
        for r in rows
    ]
    return {
        "verdict": verdict.value,
        "reason": reason,
        "rows": rows,
        "tables": [
            table(
                "The balance of power in numbers",
                [
                    "Measure",
                    check["numerator"],
                    check["denominator"],
                    "Ratio",
                    f"≥ {display_value(minimum)}×",
                    "Kind",
                ],
                table_rows,
                "“data”: computed from pinned datasets; “published figure”: entered by hand "
                "from the cited publication.",
            ),
            figures_table(figures, ctx.catalog),
        ],
    }
