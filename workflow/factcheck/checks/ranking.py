"""Ranking checks: "the two largest nuclear arsenals" — the named entities hold the top places.

Rule: Accurate when the named entities hold exactly the top places in the primary reading
and in every other reading; Approximately accurate when they do in the primary reading but
not in every other one; Inaccurate when they do not in the primary reading.
"""

from __future__ import annotations

from typing import Any

from ..errors import FactcheckError
from ..quantities import quantity, times
from .common import CheckContext, data_ref, named_readings, reading_label, revisions, scope_of
from .rating import Verdict
from .results import CheckResult, Finding, Reading, Role

RULE = (
    "Ranking: Accurate when the named entities hold exactly the top places in the primary "
    "reading and in every other reading (source, vintage, measure); Approximately accurate "
    "when only some readings agree; Inaccurate when the primary reading disagrees."
)
SPEC = r"""
type: object
required: [type, entities, primary]
additionalProperties: false
properties:
  type: {const: ranking}
  entities:
    type: array
    items: {type: string}
    minItems: 1
    uniqueItems: true
    description: >-
      claimed to hold the top places, in any order
  among: {type: string, minLength: 1, description: "rank only within this group of entities"}
  exclude:
    type: array
    items: {type: string}
    description: entities left out of the ranking (aggregates never count)
  primary: {$ref: "#/$defs/data_reading"}
  at_publication: {$ref: "#/$defs/data_reading"}
  readings: {type: array, items: {$ref: "#/$defs/data_reading"}}
  revisions:
    type: object
    required: [measure, years, sources]
    additionalProperties: false
    properties:
      measure: {type: string}
      years: {type: array, items: {$ref: "#/$defs/year"}, minItems: 1}
      sources: {type: array, items: {$ref: "#/$defs/id"}, minItems: 2}
"""
"""The JSON Schema of this kind's ``check`` spec (YAML; ``#/$defs/...`` refers to
workflow/schemas/claims.schema.yaml)."""
SHOWN = 5  # places kept per reading


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 21st."""
    return f"{n}{'tsnrhtdd'[(n // 10 % 10 != 1) * (n % 10 < 4) * n % 10 :: 4]}"


def _and(names: list[str]) -> str:
    return ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else names[0]


def _reading(ctx: CheckContext, check: dict[str, Any], spec: dict[str, Any], role: Role) -> Reading:
    scope, measure, year = scope_of(spec), spec["measure"], spec.get("year")
    excluded = {ctx.index.canonical(name) for name in check.get("exclude", [])}
    named = [ctx.index.canonical(name) for name in check["entities"]]
    members = set(ctx.members(check["among"])) if "among" in check else None
    ranked = [
        d
        for d in ctx.index.all_entities(scope, measure, year)
        if d.figure.entity not in excluded and (members is None or d.figure.entity in members)
    ]
    top = len(named)
    if len(ranked) < top:
        raise FactcheckError(
            f"reading {spec.get('label', scope)!r} ranks only {len(ranked)} entities"
        )
    unknown = set(named) - {d.figure.entity for d in ranked}
    if unknown:
        names = sorted(d.figure.entity for d in ranked)
        raise FactcheckError(f"no entity {sorted(unknown)} in {scope!r}; it ranks {names}")
    holds = {d.figure.entity for d in ranked[:top]} == set(named)
    places = [data_ref(d) for d in ranked[: max(SHOWN, top + 1)]]
    leaders = _and([f"{p.entity} ({quantity(p.value, p.unit)})" for p in places[:top]])
    places_text = "the top place" if top == 1 else f"the top {top} places"
    reason = f"{leaders} {'holds' if top == 1 else 'hold'} {places_text}"
    if not holds:
        goes = "goes" if top == 1 else "go"
        reason = f"{places_text.capitalize()} {goes} to {leaders}, not {_and(named)}"
    gap: dict[str, Any] = {}
    if len(ranked) > top:
        last, next_ = ranked[top - 1].figure, ranked[top].figure
        gap = {"next_entity": next_.entity, "next_value": next_.value}
        reason += f"; next comes {next_.entity} with {quantity(next_.value, next_.unit)}"
        if next_.value > 0:
            gap["times"] = last.value / next_.value
            multiple = ctx.catalog.measure(measure).multiple(
                last.entity, times(gap["times"]), next_.entity
            )
            reason += f" ({multiple})"
    return Reading(
        role=role,
        label=spec.get("label") or reading_label(ctx, spec, measure),
        finding=Finding(Verdict.ACCURATE if holds else Verdict.INACCURATE, reason),
        figures=tuple(places),
        scope=scope,
        measure=measure,
        year=year,
        details={"holds": holds, "gap": gap},
    )


def _revision_figures(ctx: CheckContext, spec: dict[str, Any]) -> list[Any]:
    """Every entity's figure for the years and sources the claim's ``revisions`` names."""
    return [
        data_ref(datum)
        for year in spec["years"]
        for source_id in spec["sources"]
        for datum in ctx.index.all_entities(source_id, spec["measure"], year)
    ]


def run(claim: dict[str, Any], ctx: CheckContext) -> CheckResult:
    check = claim["check"]
    readings = named_readings(check, lambda spec, role: _reading(ctx, check, spec, role))
    primary = readings[0]
    agreeing = sum(r.details["holds"] for r in readings)
    if not primary.details["holds"]:
        verdict = Verdict.INACCURATE
    elif agreeing == len(readings):
        verdict = Verdict.ACCURATE
    else:
        verdict = Verdict.APPROXIMATELY_ACCURATE
    reason = f"{primary.finding.reason}; {agreeing} of {len(readings)} readings agree"
    at_publication = next((r for r in readings if r.role is Role.AT_PUBLICATION), None)
    revised = _revision_figures(ctx, check["revisions"]) if "revisions" in check else []
    return CheckResult(
        finding=Finding(verdict, reason),
        at_publication=at_publication.finding if at_publication else None,
        readings=tuple(readings),
        figures=tuple(revised),
        details={
            "entities": check["entities"],
            "revisions": revisions(revised),
            "revisions_measure": check["revisions"]["measure"] if revised else None,
        },
    )
