"""Checks against published figures (polls, official statistics) entered by hand.

Rule: each condition compares a published figure with a number or with another figure
(times a factor); Accurate when every condition holds, Approximately accurate when some
do, Inaccurate when none does; Unverifiable when a figure it needs is unverified.
"""

from __future__ import annotations

from typing import Any

from ..quantities import figure, quantity
from .common import OPERATOR_WORDS, OPERATORS, CheckContext, published_figure, verified
from .rating import Verdict
from .results import CheckResult, Finding, Reading, Role

RULE = (
    "Published figures: each stated condition is tested on the cited figures; Accurate if all "
    "hold, Approximately accurate if some do, Inaccurate if none; unverified figures make the "
    "claim Unverifiable."
)
SPEC = r"""
type: object
required: [type, conditions]
additionalProperties: false
properties:
  type: {const: published_figures}
  conditions:
    type: array
    minItems: 1
    items:
      type: object
      required: [figure, op, meaning]
      oneOf: [{required: [value]}, {required: [than]}]
      additionalProperties: false
      properties:
        figure: {$ref: "#/$defs/id"}
        op: {enum: ["<", "<=", ">", ">="]}
        value: {type: number}
        than: {$ref: "#/$defs/id"}
        factor:
          type: number
          exclusiveMinimum: 0
          description: >-
            with 'than': figure op factor x other figure
        meaning: {type: string, minLength: 1}
"""
"""The JSON Schema of this kind's ``check`` spec (YAML; ``#/$defs/...`` refers to
workflow/schemas/claims.schema.yaml)."""


def _condition(ctx: CheckContext, spec: dict[str, Any]) -> Reading:
    ref = published_figure(ctx, spec["figure"])
    figures = [ref]
    if "than" in spec:
        other = published_figure(ctx, spec["than"])
        figures.append(other)
        bound = other.value * spec.get("factor", 1)
        factor = f"{figure(spec['factor'])} times " if "factor" in spec else ""
        against = f"{factor}{quantity(other.value, other.unit)} ({other.publisher})"
    else:
        bound = spec["value"]
        against = quantity(bound, ref.unit)
    holds = OPERATORS[spec["op"]](ref.value, bound)
    test = (
        f"{quantity(ref.value, ref.unit)} ({ref.publisher}) is "
        f"{'' if holds else 'not '}{OPERATOR_WORDS[spec['op']]} {against}"
    )
    return Reading(
        role=Role.PART,
        label=spec["meaning"],
        finding=Finding(Verdict.ACCURATE if holds else Verdict.INACCURATE, test),
        value=ref.value,
        figures=tuple(figures),
        scope="published",
        details={"holds": holds, "verified": verified(*figures)},
    )


def run(claim: dict[str, Any], ctx: CheckContext) -> CheckResult:
    conditions = [_condition(ctx, spec) for spec in claim["check"]["conditions"]]
    holding = sum(c.details["holds"] for c in conditions)
    if not all(c.details["verified"] for c in conditions):
        verdict = Verdict.UNVERIFIABLE
    elif holding == len(conditions):
        verdict = Verdict.ACCURATE
    else:
        verdict = Verdict.APPROXIMATELY_ACCURATE if holding else Verdict.INACCURATE
    reason = "; ".join(f"{c.label}: {c.finding.reason}" for c in conditions)
    return CheckResult(finding=Finding(verdict, reason), readings=tuple(conditions))
