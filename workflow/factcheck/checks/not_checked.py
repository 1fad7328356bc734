"""Statements the pipeline does not check (opinion, prediction, needs reporting), with why."""

from __future__ import annotations

from typing import Any

from .common import CheckContext

RULE = (
    "Not checked: opinions, predictions, counterfactuals and statements that need reporting "
    "are listed with the reason, without a verdict."
)


def run(claim: dict[str, Any], ctx: CheckContext) -> dict[str, Any]:
    check = claim["check"]
    return {
        "verdict": None,
        "reason": check["reason"],
        "headline": check["category"],
        "category": check["category"],
        "tables": [],
    }
