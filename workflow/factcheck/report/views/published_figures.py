"""The view of a check on published figures: each condition tested, and every figure with
its publisher, fieldwork and sample."""

from __future__ import annotations

from typing import Any

from ..tables import Table, cited, evidence_item, figure_cell


def _fieldwork(item: dict[str, Any]) -> str:
    sample = f"{item['sample']:,} people asked" if item.get("sample") else "sample size not given"
    return "; ".join(x for x in (item.get("fieldwork", ""), sample) if x)


def tables(claim: dict[str, Any], doc: dict[str, Any]) -> list[Table]:
    conditions = Table(
        "Conditions tested",
        ["What the claim implies", "Test", "Holds"],
        [
            [r["label"], r["reason"], "yes" if r["details"]["holds"] else "no"]
            for r in claim["readings"]
        ],
    )
    figures = Table(
        "Published figures used (entered by hand)",
        ["Figure", "What it measures", "Published by", "Fieldwork"],
        [
            [
                figure_cell(ref),
                evidence_item(doc, ref["evidence_id"])["measures"]
                + (
                    f" (question: “{item['question']}”)"
                    if (item := evidence_item(doc, ref["evidence_id"])).get("question")
                    else ""
                ),
                cited(doc, ref["evidence_id"]),
                _fieldwork(item),
            ]
            for ref in claim["figures"]
        ],
    )
    return [conditions, figures]
