"""Quantity checks: a figure the article states, recomputed from pinned data.

"Ukraine covers about 600,000 sq. km", "a $62 billion budget (about 4% of its GDP)", "the
size of Belgium and the Netherlands combined", "82 people per sq. km", "it peaked at 52
million in 1991-92", "the second-largest is Canada": the claims file writes the figure
(``stated``, with its hedge word) and how to recompute it (``value``, an expression of
:mod:`factcheck.checks.expressions`), in one or more readings.

Rule: each reading's value is rated by :func:`factcheck.checks.rating.rate` (the stated
figure's precision and hedge); a multiple is taken the way round the stated figure is
written. A rank must match exactly. A peak must also fall in the stated years: if only
the value holds, the claim is Approximately accurate. The claim's verdict is the primary
reading's, the verdict at publication that of the reading made with the data available when
the article appeared.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from .common import CheckContext, named_readings
from .expressions import PERCENT, RANK, TIMES, Scope, Value, evaluate, worked, written
from .ranking import ordinal
from .rating import Rating, Stated, Verdict, rate
from .results import CheckResult, Finding, Reading, Role

RULE = (
    "Quantity: the recomputed figure is compared with the stated one as its hedge word says "
    "(rounded to the stated figure's precision unless a hedge such as “nearly” or “over” "
    "says otherwise); a rank must match exactly; a peak must also fall in the stated years."
)
SPEC = r"""
type: object
required: [type, stated, value, primary]
additionalProperties: false
$defs:
  scope:
    type: object
    description: >-
      A reading: the edition or source and the year its figures come from by default, and
      the editions it uses instead of those the expression names (use).
    additionalProperties: false
    properties:
      edition: {$ref: "#/$defs/id"}
      source: {$ref: "#/$defs/id"}
      year: {$ref: "#/$defs/year"}
      measure: {type: string, minLength: 1}
      use:
        type: object
        additionalProperties: {$ref: "#/$defs/id"}
      label: {type: string, minLength: 1}
  expression:
    type: object
    description: See workflow/factcheck/checks/expressions.py.
    minProperties: 1
    properties:
      figure: {type: string, minLength: 1}
      number: {type: number}
      unit: {type: string}
      text: {type: string}
      sum: {type: array, minItems: 2, items: {$ref: "#/$defs/check_quantity/$defs/expression"}}
      difference:
        type: array
        minItems: 2
        maxItems: 2
        items: {$ref: "#/$defs/check_quantity/$defs/expression"}
      ratio:
        type: array
        minItems: 2
        maxItems: 2
        items: {$ref: "#/$defs/check_quantity/$defs/expression"}
      share:
        type: array
        minItems: 2
        maxItems: 2
        items: {$ref: "#/$defs/check_quantity/$defs/expression"}
      total: {type: string, minLength: 1}
      peak: {type: string, minLength: 1}
      change: {type: string, minLength: 1}
      rank: {type: string, minLength: 1}
      among: {type: string, minLength: 1}
      exclude: {type: array, items: {type: string, minLength: 1}}
      from: {$ref: "#/$defs/year"}
      to: {$ref: "#/$defs/year"}
      measure: {type: string, minLength: 1}
      year: {$ref: "#/$defs/year"}
      edition: {$ref: "#/$defs/id"}
      source: {$ref: "#/$defs/id"}
    additionalProperties: false
properties:
  type: {const: quantity}
  stated: {$ref: "#/$defs/stated"}
  stated_years:
    type: object
    description: For a peak, the years the article says it was reached (from, to).
    required: [from]
    additionalProperties: false
    properties:
      from: {$ref: "#/$defs/year"}
      to: {$ref: "#/$defs/year"}
      text: {type: string, minLength: 1, description: "the years as the article writes them"}
  value: {$ref: "#/$defs/check_quantity/$defs/expression"}
  measure: {type: string, minLength: 1, description: "the measure of figures that name none"}
  primary: {$ref: "#/$defs/check_quantity/$defs/scope"}
  at_publication: {$ref: "#/$defs/check_quantity/$defs/scope"}
  readings: {type: array, items: {$ref: "#/$defs/check_quantity/$defs/scope"}}
"""
"""The JSON Schema of this kind's ``check`` spec (YAML; ``#/$defs/...`` refers to
workflow/schemas/claims.schema.yaml)."""


def _writer(value: Value, stated: Stated) -> Callable[[float], str]:
    """How a reason writes the recomputed value: a multiple or a percentage with the
    digits that decide its rounding ("10.46%"), a figure in its unit ("US$ 1.83 trillion")."""
    multiple = " times" if float(stated.value) >= 1 else ""  # "0.184" of India, "28.4 times"
    suffix = {TIMES: multiple, PERCENT: "%"}.get(value.unit)
    if suffix is not None:
        return lambda amount: f"{stated.shown(amount)}{suffix}"
    return lambda amount: written(replace(value, amount=amount))


def _rate(value: Value, check: dict[str, Any]) -> Rating:
    stated = Stated.from_spec(check["stated"])
    if value.unit == RANK:
        place = ordinal(int(value.amount))
        if value.amount == float(stated.value):
            return Rating(Verdict.ACCURATE, f"it ranks {place}, as the article says")
        return Rating(Verdict.INACCURATE, f"it ranks {place}, not {ordinal(int(stated.value))}")
    rating = rate(value.amount, stated, _writer(value, stated))
    years = check.get("stated_years")
    if years is None or value.year is None or rating.verdict is not Verdict.ACCURATE:
        return rating
    span = range(years["from"], years.get("to", years["from"]) + 1)
    if value.year in span:
        return Rating(rating.verdict, f"{rating.reason}, reached in {value.year}")
    stated_years = years.get("text") or (
        f"{span[0]}\N{EN DASH}{span[-1]}" if len(span) > 1 else str(span[0])
    )
    return Rating(
        Verdict.APPROXIMATELY_ACCURATE,
        f"{rating.reason}, but reached in {value.year}, not in {stated_years}",
    )


def _label(ctx: CheckContext, spec: dict[str, Any]) -> str:
    if spec.get("label"):
        return spec["label"]
    scope = spec.get("source") or spec.get("edition")
    parts = [ctx.catalog.scope_label(scope) if scope else "", str(spec.get("year") or "")]
    return ", ".join(part for part in parts if part) or "as the expression names"


def _reading(ctx: CheckContext, check: dict[str, Any], spec: dict[str, Any], role: Role) -> Reading:
    scope = Scope(
        measure=spec.get("measure", check.get("measure", "")),
        edition=spec.get("source") or spec.get("edition"),
        year=spec.get("year"),
        use=spec.get("use", {}),
    )
    value = evaluate(check["value"], ctx, scope)
    rating = _rate(value, check)
    return Reading(
        role=role,
        label=_label(ctx, spec),
        finding=Finding(rating.verdict, rating.reason),
        value=value.amount,
        figures=value.figures,
        scope=scope.edition or "",
        measure=scope.measure,
        year=spec.get("year"),
        formula=worked(value),
        details={"unit": value.unit, "peak_year": value.year, "notes": list(value.notes)},
    )


def run(claim: dict[str, Any], ctx: CheckContext) -> CheckResult:
    check = claim["check"]
    readings = named_readings(check, lambda spec, role: _reading(ctx, check, spec, role))
    at_publication = next((r.finding for r in readings if r.role is Role.AT_PUBLICATION), None)
    return CheckResult(
        finding=readings[0].finding,
        at_publication=at_publication,
        readings=tuple(readings),
        details={"unit": readings[0].details["unit"]},
    )
