"""Ratio checks: "1/30 of Russia's size" states Russia / Ukraine = 30, to one significant figure.

Rule: each reading's ratio is rated by :func:`factcheck.checks.rating.rate` (the stated
figure's precision and hedge); the claim's verdict is the primary reading's, the verdict at
publication that of the reading made with the data available when the article appeared. The
ratio is taken the way round the stated figure is written (above or below one), so the
verdict does not depend on which entity the claims file names first.
"""

from __future__ import annotations

from itertools import product
from typing import Any

from ..errors import FactcheckError
from .common import (
    CheckContext,
    data_ref,
    figure_pair,
    named_readings,
    ratio_formula,
    reading_label,
    revisions,
    scope_of,
    verified,
)
from .rating import Rating, Stated, Verdict, rate
from .results import CheckResult, FigureRef, Finding, Reading, Role

RULE = (
    "Ratio: the recomputed ratio is rounded to the stated figure's significant figures; "
    "the claim's verdict is that of the primary reading."
)
SPEC = r"""
type: object
required: [type, stated, measure, numerator, denominator, primary]
additionalProperties: false
properties:
  type: {const: ratio}
  stated: {$ref: "#/$defs/stated"}
  measure: {type: string, minLength: 1}
  numerator: {type: string, minLength: 1}
  denominator: {type: string, minLength: 1}
  primary: {$ref: "#/$defs/reading"}
  at_publication: {$ref: "#/$defs/reading"}
  readings:
    type: array
    items: {$ref: "#/$defs/reading"}
    description: >-
      further readings, e.g. a second source
  sensitivity:
    type: object
    additionalProperties: false
    properties:
      editions: {type: array, items: {$ref: "#/$defs/id"}, minItems: 1, uniqueItems: true}
      years: {type: array, items: {$ref: "#/$defs/year"}, minItems: 1, uniqueItems: true}
      measures: {type: array, items: {type: string, minLength: 1}, minItems: 1, uniqueItems: true}
  series:
    type: object
    description: The ratio year by year, to show how it moved.
    required: [edition, from]
    additionalProperties: false
    properties:
      edition: {$ref: "#/$defs/id"}
      from: {type: integer, minimum: 1900, maximum: 2100}
      to: {type: integer, minimum: 1900, maximum: 2100}
"""
"""The JSON Schema of this kind's ``check`` spec (YAML; ``#/$defs/...`` refers to
workflow/schemas/claims.schema.yaml)."""


def _reading(ctx: CheckContext, check: dict[str, Any], spec: dict[str, Any], role: Role) -> Reading:
    measure = spec.get("measure", check["measure"])
    top, bottom, value = figure_pair(ctx, spec, check["numerator"], check["denominator"], measure)
    stated = Stated.from_spec(check["stated"])
    rating = rate(value, stated)
    if not verified(top, bottom):
        rating = Rating(Verdict.UNVERIFIABLE, "rests on an unverified published figure")
    return Reading(
        role=role,
        label=reading_label(ctx, spec, measure),
        finding=Finding(rating.verdict, rating.reason),
        value=value,
        figures=(top, bottom),
        scope=spec.get("source") or spec.get("edition") or "published",
        measure=measure,
        year=spec.get("year"),
        formula=ratio_formula(top, bottom, top.value / bottom.value),
    )


def _gap(ctx: CheckContext, spec: dict[str, Any], entities: tuple[str, str]) -> Reading:
    """A sensitivity reading the data do not cover (a year an edition lacks)."""
    scope, measure, year = scope_of(spec), spec["measure"], spec.get("year")
    missing = [e for e in entities if ctx.index.get(scope, measure, e, year) is None]
    when = f" for {year}" if year is not None else ""
    return Reading(
        role=Role.SENSITIVITY,
        label=reading_label(ctx, spec, measure),
        finding=Finding(
            Verdict.UNVERIFIABLE,
            f"{ctx.catalog.scope_label(scope)} has no figure{when} for {' or '.join(missing)}",
        ),
        scope=scope,
        measure=measure,
        year=year,
    )


def _sensitivity(ctx: CheckContext, check: dict[str, Any]) -> list[Reading]:
    grid_spec, primary = check.get("sensitivity"), check["primary"]
    if not grid_spec:
        return []
    grid = product(
        grid_spec.get("editions") or [scope_of(primary)],
        grid_spec.get("measures") or [primary.get("measure", check["measure"])],
        grid_spec.get("years") or [primary.get("year")],
    )
    readings = []
    entities = (check["numerator"], check["denominator"])
    for scope, measure, year in grid:
        spec = {"edition": scope, "measure": measure, **({"year": year} if year else {})}
        try:
            readings.append(_reading(ctx, check, spec, Role.SENSITIVITY))
        except FactcheckError:
            if not all(ctx.index.years(scope, measure, entity) for entity in entities):
                raise  # a wrong measure or entity is an error in the claims file, not a gap
            readings.append(_gap(ctx, spec, entities))
    return readings


def _series(ctx: CheckContext, check: dict[str, Any]) -> list[dict[str, Any]]:
    spec = check["series"]
    scope, measure = scope_of(spec), check["measure"]
    points = []
    for year in ctx.index.years(scope, measure, check["numerator"]):
        if year is None or year < spec["from"] or year > spec.get("to", year):
            continue
        top = ctx.index.get(scope, measure, check["numerator"], year)
        bottom = ctx.index.get(scope, measure, check["denominator"], year)
        if top is None or bottom is None or bottom.figure.value == 0:
            continue
        points.append(
            {
                "year": year,
                "numerator": data_ref(top),
                "denominator": data_ref(bottom),
                "value": top.figure.value / bottom.figure.value,
            }
        )
    return points


def run(claim: dict[str, Any], ctx: CheckContext) -> CheckResult:
    """Rate the primary reading; add the reading at publication, other readings and series."""
    check = claim["check"]
    readings = named_readings(check, lambda spec, role: _reading(ctx, check, spec, role))
    readings += _sensitivity(ctx, check)
    series = _series(ctx, check) if "series" in check else []
    series_figures: list[FigureRef] = [
        ref for point in series for ref in (point["numerator"], point["denominator"])
    ]
    at_publication = next((r.finding for r in readings if r.role is Role.AT_PUBLICATION), None)
    used = [f for r in readings for f in r.figures]
    return CheckResult(
        finding=readings[0].finding,
        at_publication=at_publication,
        readings=tuple(readings),
        figures=tuple(series_figures),
        details={
            "numerator": check["numerator"],
            "denominator": check["denominator"],
            "revisions": revisions(used),
            "series": [
                {
                    "year": p["year"],
                    "value": p["value"],
                    "numerator": p["numerator"].to_json(),
                    "denominator": p["denominator"].to_json(),
                }
                for p in series
            ],
        },
    )
