"""Profile checks: "a preponderance of power" — one side outweighs the other on every measure.

Rule: with the claims file's stated threshold (e.g. at least twice as large), Accurate when
the numerator reaches it on every measure, Approximately accurate on at least half of
them, Inaccurate otherwise. Rows resting on unverified figures do not count.
"""

from __future__ import annotations

from typing import Any

from ..quantities import figure, number
from .common import CheckContext, figure_pair, ratio_formula, reading_label, verified
from .rating import Verdict
from .results import CheckResult, Finding, Reading, Role

RULE = (
    "Profile: the side named first must be at least the stated multiple of the other on every "
    "measure: Accurate on all, Approximately accurate on at least half, Inaccurate otherwise; "
    "figures entered by hand count only if verified."
)
SPEC = r"""
type: object
required: [type, numerator, denominator, min_ratio, rows]
additionalProperties: false
properties:
  type: {const: profile}
  numerator: {type: string}
  denominator: {type: string}
  min_ratio:
    type: number
    exclusiveMinimum: 1
    description: >-
      what 'preponderance' is taken to mean: numerator at least this many times the denominator
  rows: {type: array, items: {$ref: "#/$defs/reading"}, minItems: 1}
"""
"""The JSON Schema of this kind's ``check`` spec (YAML; ``#/$defs/...`` refers to
workflow/schemas/claims.schema.yaml)."""


def _row(ctx: CheckContext, check: dict[str, Any], spec: dict[str, Any]) -> Reading:
    measure = spec.get("measure", "")
    top, bottom, value = figure_pair(ctx, spec, check["numerator"], check["denominator"], measure)
    meets = value >= check["min_ratio"]
    counted = verified(top, bottom)
    multiple = f"{check['numerator']} has {number(value)} times {check['denominator']}'s figure"
    if not counted:
        finding = Finding(None, f"{multiple}; not counted: it rests on an unverified figure")
    elif meets:
        finding = Finding(Verdict.ACCURATE, multiple)
    else:
        finding = Finding(Verdict.INACCURATE, f"{multiple}, less than {figure(check['min_ratio'])}")
    return Reading(
        role=Role.PART,
        label=reading_label(ctx, spec, measure),
        finding=finding,
        value=value,
        figures=(top, bottom),
        scope=spec.get("source") or spec.get("edition") or "published",
        measure=measure,
        year=spec.get("year"),
        formula=ratio_formula(top, bottom, value),
        details={"meets": meets, "counted": counted},
    )


def run(claim: dict[str, Any], ctx: CheckContext) -> CheckResult:
    check = claim["check"]
    rows = [_row(ctx, check, spec) for spec in check["rows"]]
    counted = [r for r in rows if r.details["counted"]]
    meeting = sum(r.details["meets"] for r in counted)
    if counted and meeting == len(counted):
        verdict = Verdict.ACCURATE
    elif counted and meeting * 2 >= len(counted):
        verdict = Verdict.APPROXIMATELY_ACCURATE
    else:
        verdict = Verdict.INACCURATE if counted else Verdict.UNVERIFIABLE
    reason = (
        f"{check['numerator']} is at least {figure(check['min_ratio'])} times "
        f"{check['denominator']} on {meeting} of {len(counted)} measures"
    )
    if counted:
        smallest = min(counted, key=lambda r: r.value or 0)
        reason += f" (smallest gap: {smallest.label}, {number(smallest.value or 0)} times)"
    return CheckResult(
        finding=Finding(verdict, reason),
        readings=tuple(rows),
        details={
            "numerator": check["numerator"],
            "denominator": check["denominator"],
            "min_ratio": check["min_ratio"],
        },
    )
