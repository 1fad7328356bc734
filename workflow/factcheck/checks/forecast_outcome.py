"""Forecast-versus-outcome checks: "sanctions that appear to be devastating Russia's economy".

The claims file states what the claim's word is taken to mean as a threshold on a measure
(e.g. GDP growth <= -5%). Two verdicts:

- as of publication, from the forecasts published by then (or, where the claims file says
  so, within ``forecast_window_days`` after: the nearest cited): Accurate when every forecast
  meets the threshold, Approximately accurate when some do, Inaccurate when none does;
- with hindsight, from the most recently released outcome from data: Accurate when it meets
  the threshold; Not borne out since when the forecasts did but the outcome does not (the
  claim matched what was expected then); Inaccurate when neither did.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from ..dates import last_day, long_date
from ..errors import FactcheckError
from ..quantities import quantity
from .common import (
    OPERATOR_WORDS,
    OPERATORS,
    CheckContext,
    data_figure,
    data_ref,
    published_figure,
    scope_of,
)
from .rating import Verdict
from .results import CheckResult, FigureRef, Finding, Reading, Role

RULE = (
    "Forecast vs outcome: the claim's word is given a stated threshold. As of publication: "
    "Accurate if every forecast then published (or within the stated window after) meets it, "
    "Approximately accurate if some do, Inaccurate if none. With hindsight: Accurate if the "
    "most recently released outcome from data meets it, Not borne out since if only the "
    "forecasts did, Inaccurate if neither."
)
SPEC = r"""
type: object
required: [type, entity, measure, year, threshold, forecasts, outcomes]
additionalProperties: false
properties:
  type: {const: forecast_outcome}
  entity: {type: string}
  measure: {type: string}
  year: {$ref: "#/$defs/year"}
  threshold: {$ref: "#/$defs/threshold"}
  forecasts: {type: array, items: {$ref: "#/$defs/id"}, minItems: 1}
  forecast_window_days:
    type: integer
    minimum: 0
    description: >-
      forecasts published up to this many days after the article count as what was expected
      then (default 0)
  outcomes:
    type: array
    items: {$ref: "#/$defs/outcome"}
    minItems: 1
    description: >-
      the most recently released data outcome (or published one, if none is data) decides the
      verdict with hindsight
  path:
    type: object
    required: [from]
    oneOf: [{required: [edition]}, {required: [source]}]
    additionalProperties: false
    properties:
      edition: {$ref: "#/$defs/id"}
      source: {$ref: "#/$defs/id"}
      from: {$ref: "#/$defs/year"}
"""
"""The JSON Schema of this kind's ``check`` spec (YAML; ``#/$defs/...`` refers to
workflow/schemas/claims.schema.yaml)."""


def _meets(value: float, threshold: dict[str, Any]) -> bool:
    return OPERATORS[threshold["op"]](value, threshold["value"])


def _bound(threshold: dict[str, Any], unit: str) -> str:
    """The threshold in words: "at or below −5%"."""
    return f"{OPERATOR_WORDS[threshold['op']]} {quantity(threshold['value'], unit)}"


def _finding(meets: bool, bound: str) -> Finding:
    if meets:
        return Finding(Verdict.ACCURATE, f"meets the threshold ({bound})")
    return Finding(Verdict.INACCURATE, f"does not meet the threshold ({bound})")


def _outcome(ctx: CheckContext, check: dict[str, Any], spec: dict[str, Any]) -> dict[str, Any]:
    if "evidence" in spec:
        ref = published_figure(ctx, spec["evidence"])
        item = ctx.cited(spec["evidence"])
        label, released = spec.get("label") or item["publisher"], str(item["published"])
    else:
        spec = {**spec, "year": check["year"]}
        ref = data_figure(ctx, spec, check["entity"], check["measure"])
        label = spec.get("label") or ctx.catalog.scope_label(scope_of(spec))
        released = ctx.catalog.sources_in_scope(scope_of(spec))[0].released
        if released is None:
            raise FactcheckError(
                f"the catalog gives no release date for {scope_of(spec)!r}: an outcome's "
                "release date decides which is the latest"
            )
    return {"label": label, "released": released, "figure": ref, "scope": spec}


def _latest(outcomes: list[dict[str, Any]]) -> dict[str, Any]:
    """The most recently released outcome from data (from publications if none is data)."""
    candidates = [o for o in outcomes if o["figure"].origin == "data"] or outcomes
    newest = max(last_day(o["released"]) for o in candidates)
    latest = [o for o in candidates if last_day(o["released"]) == newest]
    if len(latest) > 1:
        labels = ", ".join(repr(o["label"]) for o in latest)
        raise FactcheckError(
            f"outcomes {labels} are all released on {newest}; which one is the latest is "
            "ambiguous: keep one of them"
        )
    return latest[0]


def _path(ctx: CheckContext, check: dict[str, Any]) -> list[FigureRef]:
    spec = check["path"]
    scope = scope_of(spec)
    points = []
    for year in ctx.index.years(scope, check["measure"], check["entity"]):
        if year is not None and year >= spec["from"]:
            datum = ctx.index.get(scope, check["measure"], check["entity"], year)
            if datum is not None:
                points.append(data_ref(datum))
    return points


def _forecast_readings(
    ctx: CheckContext, check: dict[str, Any], bound: str
) -> list[tuple[Reading, bool]]:
    """Each forecast as a reading at publication, and whether it counts (verified, and
    published by the article's date or within the window after it)."""
    window = check.get("forecast_window_days", 0)
    published = date.fromisoformat(ctx.article["published"])
    found = []
    for evidence_id in check["forecasts"]:
        ref, item = published_figure(ctx, evidence_id), ctx.cited(evidence_id)
        day = last_day(item["published"])
        in_window = day <= published + timedelta(days=window)
        reading = Reading(
            role=Role.AT_PUBLICATION,
            label=f"{item['publisher']}, forecast published {long_date(str(item['published']))}",
            finding=_finding(_meets(ref.value, check["threshold"]), bound),
            value=ref.value,
            figures=(ref,),
            scope="published",
            measure=check["measure"],
            year=check["year"],
            details={
                "published": item["published"],
                "in_window": in_window,
                "before_article": day <= published,
            },
        )
        found.append((reading, in_window and ref.verified))
    return found


def _at_publication(
    check: dict[str, Any], forecasts: list[tuple[Reading, bool]], bound: str
) -> Finding:
    usable = [reading for reading, counts in forecasts if counts]
    window = check.get("forecast_window_days", 0)
    when = (
        "forecasts published by the article's date"
        if window == 0
        else f"forecasts published within {window} days after the article"
        + (
            ""
            if any(r.details["before_article"] for r, _ in forecasts)
            else " (none earlier is cited)"
        )
    )
    if not usable:
        return Finding(Verdict.UNVERIFIABLE, f"no verified forecast among the {when}")
    meeting = [r for r in usable if r.finding.verdict is Verdict.ACCURATE]
    listed = "; ".join(
        f"{r.label.split(',')[0]}, {long_date(str(r.details['published']))}: "
        f"{quantity(r.value or 0, r.figures[0].unit)}"
        for r in usable
    )
    if len(meeting) == len(usable):
        verdict = Verdict.ACCURATE
    else:
        verdict = Verdict.APPROXIMATELY_ACCURATE if meeting else Verdict.INACCURATE
    return Finding(
        verdict,
        f"{len(meeting)} of {len(usable)} {when} meet the threshold, {bound} "
        f"({check['threshold']['meaning']}): {listed}",
    )


def run(claim: dict[str, Any], ctx: CheckContext) -> CheckResult:
    check = claim["check"]
    threshold = check["threshold"]
    outcomes = [_outcome(ctx, check, spec) for spec in check["outcomes"]]
    unit = outcomes[0]["figure"].unit
    bound = _bound(threshold, unit)
    forecasts = _forecast_readings(ctx, check, bound)
    at_publication = _at_publication(check, forecasts, bound)
    latest = _latest(outcomes)
    if not latest["figure"].verified:
        raise FactcheckError("the latest outcome rests on an unverified figure; add a data outcome")
    outcome_readings = [
        Reading(
            role=Role.PRIMARY if outcome is latest else Role.OTHER,
            label=outcome["label"],
            finding=_finding(_meets(outcome["figure"].value, threshold), bound),
            value=outcome["figure"].value,
            figures=(outcome["figure"],),
            scope=outcome["scope"].get("source") or outcome["scope"].get("edition") or "published",
            measure=check["measure"],
            year=check["year"],
            details={"released": outcome["released"]},
        )
        for outcome in outcomes
    ]
    deciding = next(r for r in outcome_readings if r.role is Role.PRIMARY)
    forecasts_met = at_publication.verdict in (Verdict.ACCURATE, Verdict.APPROXIMATELY_ACCURATE)
    if deciding.finding.verdict is Verdict.ACCURATE:
        hindsight = Verdict.ACCURATE
    else:
        hindsight = Verdict.NOT_BORNE_OUT if forecasts_met else Verdict.INACCURATE
    value = quantity(latest["figure"].value, unit)
    met = "meets" if deciding.finding.verdict is Verdict.ACCURATE else "does not meet"
    reason = (
        f"the outcome for {check['year']} is {value} ({latest['label']}): it {met} the "
        f"threshold, {bound}"
    )
    path = _path(ctx, check) if "path" in check else []
    return CheckResult(
        finding=Finding(hindsight, reason),
        at_publication=at_publication,
        readings=tuple([r for r, _ in forecasts] + outcome_readings),
        figures=tuple(path),
        details={
            "entity": check["entity"],
            "year": check["year"],
            "threshold": {**threshold, "bound": bound},
            "path": [ref.to_json() for ref in path],
            "path_from": check["path"]["from"] if path else None,
        },
    )
