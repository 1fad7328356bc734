"""Checks against published figures (polls, official statistics) entered by hand.

Rule: each condition compares a published figure with a number or with another figure
(times a factor); Accurate when every condition holds, Approximately accurate when some
do, Inaccurate when none does; Unverifiable when a figure it needs is UNVERIFIED.
"""

from __future__ import annotations

from typing import Any

from .common import OPERATORS, CheckContext, figure_text, published_figure, table
from .rating import Verdict, display_value

RULE = (
    "Published figures: each stated condition is tested on the cited figures; Accurate if all "
    "hold, Approximately accurate if some do, Inaccurate if none; UNVERIFIED figures make the "
    "claim Unverifiable."
)


def _condition(ctx: CheckContext, spec: dict[str, Any]) -> dict[str, Any]:
    figure = published_figure(ctx, spec["figure"])
    figures = [figure]
    if "than" in spec:
        other = published_figure(ctx, spec["than"])
        figures.append(other)
        bound = other["value"] * spec.get("factor", 1)
        factor = f"{display_value(spec['factor'])} × " if "factor" in spec else ""
        against, cited = f"{factor}{figure_text(other)}", f" [{other['evidence_id']}]"
    else:
        bound = spec["value"]
        against, cited = figure_text({"value": bound, "unit": figure["unit"]}), ""
    holds = OPERATORS[spec["op"]](figure["value"], bound)
    plain = f"{figure_text(figure)} {spec['op']} {against}"
    return {
        "meaning": spec["meaning"],
        "plain": plain,
        "test": f"{figure_text(figure)} [{figure['evidence_id']}] {spec['op']} {against}{cited}",
        "holds": holds,
        "verified": all(f["verified"] for f in figures),
        "figures": figures,
    }


def run(claim: dict[str, Any], ctx: CheckContext) -> dict[str, Any]:
    conditions = [_condition(ctx, spec) for spec in claim["check"]["conditions"]]
    holding = sum(c["holds"] for c in conditions)
    if not all(c["verified"] for c in conditions):
        verdict = Verdict.UNVERIFIABLE
    elif holding == len(conditions):
        verdict = Verdict.ACCURATE
    else:
        verdict = Verdict.APPROXIMATELY_ACCURATE if holding else Verdict.INACCURATE
    reason = "; ".join(
        f"{c['meaning']}: {c['test']} ({'holds' if c['holds'] else 'does not hold'})"
        for c in conditions
    )
    cited = {
        f["evidence_id"]: ctx.cited(f["evidence_id"]) for c in conditions for f in c["figures"]
    }
    return {
        "verdict": verdict.value,
        "reason": reason,
        "headline": f"{conditions[0]['plain']} ({conditions[0]['meaning']})"
        + (f"; {holding} of {len(conditions)} conditions hold" if len(conditions) > 1 else ""),
        "conditions": conditions,
        "tables": [
            table(
                "Conditions tested",
                ["What the claim implies", "Test", "Holds"],
                [[c["meaning"], c["test"], "yes" if c["holds"] else "no"] for c in conditions],
            ),
            table(
                "Published figures used (entered by hand)",
                ["Id", "Figure", "What it measures", "Who, when", "Fieldwork, sample", "Status"],
                [
                    [
                        i,
                        f"{display_value(float(item['value']))} {item['unit']}",
                        item["measures"]
                        + (f" — question: “{item['question']}”" if item.get("question") else ""),
                        f"{item['publisher']}, {item['published']}",
                        ", ".join(
                            x
                            for x in (
                                item.get("fieldwork", ""),
                                f"n = {item['sample']:,}" if item.get("sample") else "n unknown",
                            )
                            if x
                        ),
                        "verified in source" if item["verified"] else "UNVERIFIED",
                    ]
                    for i, item in cited.items()
                ],
            ),
        ],
    }
