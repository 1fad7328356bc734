"""Date checks: "in Crimea in 2014" — the event happened at the stated date or in the stated year.

Rule: Inaccurate when a cited, verified source dates the event outside the stated date (a
year covers all its days); otherwise Accurate when one dates it within; Unverifiable when
none dates it that precisely. Notes in pinned datasets that mention the event are shown as
machine-readable corroboration; they do not change the verdict.
"""

from __future__ import annotations

from typing import Any

from ..articles.quotes import normalize
from ..errors import FactcheckError
from .common import CheckContext, scope_of, table
from .rating import Verdict

RULE = (
    "Date: Inaccurate when a cited, verified source dates the event outside the stated date or "
    "year; otherwise Accurate when one dates it within; corroborating notes in datasets are "
    "shown, not counted."
)


def _corroboration(ctx: CheckContext, spec: dict[str, Any]) -> dict[str, Any]:
    datum = ctx.index.lookup(scope_of(spec), spec["measure"], spec["entity"], None)
    found = normalize(spec["note_contains"]) in normalize(datum.figure.note)
    return {
        "origin": "data",
        **datum.to_json(),
        "looked_for": spec["note_contains"],
        "found": found,
    }


def run(claim: dict[str, Any], ctx: CheckContext) -> dict[str, Any]:
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
        dates = ", ".join(f"{i['publisher']} {i['date']}" for i in outside)
        verdict, reason = Verdict.INACCURATE, f"{check['event']}: dated outside {stated} by {dates}"
    elif inside:
        dates = ", ".join(sorted({i["date"] for i in inside}))
        verdict, reason = (
            Verdict.ACCURATE,
            f"{check['event']}: dated {dates} by the cited sources, in {stated}",
        )
    elif verified:
        verdict = Verdict.UNVERIFIABLE
        reason = f"no verified source dates the event within {stated}"
    else:
        verdict, reason = Verdict.UNVERIFIABLE, "no verified source dates the event"
    corroboration = [_corroboration(ctx, spec) for spec in check.get("corroboration", [])]
    rows = [
        [
            i["date"],
            i["publisher"],
            i["published"],
            i["quote"],
            f"[{i['id']}] entered by hand" + ("" if i["verified"] else " — UNVERIFIED"),
        ]
        for i in items
    ]
    tables = [
        table("Dated sources", ["Event date", "Source", "Published", "Passage", "Citation"], rows)
    ]
    if corroboration:
        tables.append(
            table(
                "Corroboration in pinned data",
                ["Source and field", "Looked for", "Found", "Note as published"],
                [
                    [
                        f"[{c['source_id']}] {c['locator']} note",
                        c["looked_for"],
                        "yes" if c["found"] else "no",
                        c["note"],
                    ]
                    for c in corroboration
                ],
                "The note is shown exactly as the publisher wrote it, markup included, as text.",
            )
        )
    return {
        "verdict": verdict.value,
        "reason": reason,
        "evidence_ids": [{"evidence_id": i["id"]} for i in items],
        "corroboration": corroboration,
        "tables": tables,
    }
