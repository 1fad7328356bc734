"""Date checks: "in Crimea in 2014" — the event happened at the stated date or in the stated year.

Rule: Inaccurate when a cited, verified source dates the event outside the stated date (a
year covers all its days); otherwise Accurate when one dates it within; Unverifiable when
none dates it that precisely. Notes in pinned datasets that mention the event are shown as
machine-readable corroboration; they do not change the verdict.
"""

from __future__ import annotations

from typing import Any

from ..articles.quotes import normalize
from ..dates import long_date
from ..errors import FactcheckError
from .common import CheckContext, data_ref, scope_of
from .rating import Verdict
from .results import CheckResult, FigureRef, Finding, Reading, Role

RULE = (
    "Date: Inaccurate when a cited, verified source dates the event outside the stated date or "
    "year; otherwise Accurate when one dates it within; corroborating notes in datasets are "
    "shown, not counted."
)
SPEC = r"""
type: object
required: [type, stated, event, evidence]
additionalProperties: false
properties:
  type: {const: date}
  stated:
    type: string
    pattern: "^\\d{4}(-\\d{2}(-\\d{2})?)?$"
    description: >-
      the date or year as the article states it
  event: {type: string, minLength: 1}
  evidence: {type: array, items: {$ref: "#/$defs/id"}, minItems: 1}
  corroboration:
    type: array
    items:
      type: object
      required: [entity, measure, note_contains]
      oneOf: [{required: [edition]}, {required: [source]}]
      additionalProperties: false
      properties:
        edition: {$ref: "#/$defs/id"}
        source: {$ref: "#/$defs/id"}
        entity: {type: string}
        measure: {type: string}
        note_contains: {type: string, minLength: 1}
"""
"""The JSON Schema of this kind's ``check`` spec (YAML; ``#/$defs/...`` refers to
workflow/schemas/claims.schema.yaml)."""


def _corroboration(ctx: CheckContext, spec: dict[str, Any]) -> tuple[FigureRef, bool]:
    ref = data_ref(ctx.index.lookup(scope_of(spec), spec["measure"], spec["entity"], None))
    return ref, normalize(spec["note_contains"]) in normalize(ref.note or "")


def _dated(item: dict[str, Any], stated: str) -> Reading:
    """One cited source's date for the event, as a reading."""
    if not item["verified"]:
        finding = Finding(None, "not counted: the source was not read (unverified)")
    elif item["date"].startswith(stated) or stated.startswith(item["date"]):
        finding = Finding(
            Verdict.ACCURATE, f"dates it {long_date(item['date'])}, in {long_date(stated)}"
        )
    else:
        finding = Finding(
            Verdict.INACCURATE, f"dates it {long_date(item['date'])}, not in {long_date(stated)}"
        )
    return Reading(
        role=Role.PART,
        label=f"{item['publisher']}, {long_date(item['published'])}",
        finding=finding,
        scope="published",
        details={"evidence_id": item["id"], "date": item["date"], "passage": item["quote"]},
    )


def run(claim: dict[str, Any], ctx: CheckContext) -> CheckResult:
    check = claim["check"]
    stated = check["stated"]
    items = [ctx.cited(i) for i in check["evidence"]]
    for item in items:
        if "date" not in item:
            raise FactcheckError(f"evidence {item['id']!r} has no 'date' for the event")
    verified = [i for i in items if i["verified"]]
    inside = [i for i in verified if i["date"].startswith(stated)]
    # A source dated only more coarsely ("2014" for a stated "2014-03-18") neither confirms
    # nor contradicts the stated date.
    outside = [i for i in verified if not (i in inside or stated.startswith(i["date"]))]
    if outside:
        dates = ", ".join(f"{i['publisher']} {long_date(i['date'])}" for i in outside)
        verdict = Verdict.INACCURATE
        reason = f"{check['event']}: dated outside {long_date(stated)} by {dates}"
    elif inside:
        dates = ", ".join(long_date(d) for d in sorted({i["date"] for i in inside}))
        verdict, reason = (
            Verdict.ACCURATE,
            f"{check['event']}: dated {dates} by the cited sources, in {long_date(stated)}",
        )
    elif verified:
        verdict = Verdict.UNVERIFIABLE
        reason = f"no verified source dates the event within {long_date(stated)}"
    else:
        verdict, reason = Verdict.UNVERIFIABLE, "no verified source dates the event"
    corroboration = [_corroboration(ctx, spec) for spec in check.get("corroboration", [])]
    return CheckResult(
        finding=Finding(verdict, reason),
        readings=tuple(_dated(item, stated) for item in items),
        figures=tuple(ref for ref, _ in corroboration),
        evidence=tuple(i["id"] for i in items),
        details={
            "event": check["event"],
            "stated": stated,
            "corroboration": [
                {**ref.to_json(), "looked_for": spec["note_contains"], "found": found}
                for (ref, found), spec in zip(
                    corroboration, check.get("corroboration", []), strict=True
                )
            ],
        },
    )
