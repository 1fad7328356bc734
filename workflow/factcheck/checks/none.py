"""Statements the pipeline does not check (opinion, prediction, needs reporting), with why."""

from __future__ import annotations

from typing import Any

from .common import CheckContext
from .results import CheckResult, Finding, Status

RULE = (
    "Not checked: opinions, predictions, counterfactuals and statements that need reporting "
    "are listed with the reason, without a verdict."
)
SPEC = r"""
type: object
required: [type, category, reason]
additionalProperties: false
properties:
  type: {const: none}
  category: {enum: [opinion, prediction, counterfactual, needs reporting, characterisation]}
  reason: {type: string, minLength: 1}
"""
"""The JSON Schema of this kind's ``check`` spec (YAML; ``#/$defs/...`` refers to
workflow/schemas/claims.schema.yaml)."""


def run(claim: dict[str, Any], ctx: CheckContext) -> CheckResult:
    check = claim["check"]
    return CheckResult(
        finding=Finding(None, check["reason"]),
        status=Status.NOT_CHECKABLE,
        details={"category": check["category"]},
    )
