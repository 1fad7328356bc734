"""The view of a check on published figures: each condition tested, and every figure with
its publisher, fieldwork and sample."""

from __future__ import annotations

from typing import Any

from ..tables import Table, figure_cell


def tables(claim: dict[str, Any], doc: dict[str, Any]) -> list[Table]:
    conditions = Table(
        "Conditions tested",
        ["What the claim implies", "Test", "Holds"],
        [
            [r["label"], r["reason"], "yes" if r["details"]["holds"] else "no"]
            for r in claim["readings"]
        ],
    )
    return [conditions]


def why(claim: dict[str, Any], doc: dict[str, Any]) -> str:
    holding = sum(r["details"]["holds"] for r in claim["readings"])
    first = claim["readings"][0]
    values = " against ".join(figure_cell(ref) for ref in first["figures"])
    tests = len(claim["readings"])
    return f"{first['label'].capitalize()}: {values}; {holding} of {tests} tests hold."
