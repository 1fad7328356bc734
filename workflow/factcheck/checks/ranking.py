"""Ranking checks: "the two largest nuclear arsenals" — the named entities hold the top places.

Rule: Accurate when the named entities hold exactly the top places in the primary reading
and in every other reading; Approximately accurate when they do in the primary reading but
not in every other one; Inaccurate when they do not in the primary reading.
"""

from __future__ import annotations

from typing import Any

from ..errors import FactcheckError
from .common import CheckContext, reading_label, revisions, scope_of, table
from .rating import Verdict, display, display_value

RULE = (
    "Ranking: Accurate when the named entities hold exactly the top places in the primary "
    "reading and in every other reading (source, vintage, measure); Approximately accurate "
    "when only some readings agree; Inaccurate when the primary reading disagrees."
)
SHOWN = 5  # places listed per reading


def _ordinal(n: int) -> str:
    return f"{n}{'tsnrhtdd'[(n // 10 % 10 != 1) * (n % 10 < 4) * n % 10 :: 4]}"


def _reading(
    ctx: CheckContext, check: dict[str, Any], spec: dict[str, Any], role: str
) -> dict[str, Any]:
    scope, measure, year = scope_of(spec), spec["measure"], spec.get("year")
    ranked = [
        d
        for d in ctx.index.all_entities(scope, measure, year)
        if d.figure.entity not in check.get("exclude", [])
    ]
    top = len(check["entities"])
    if len(ranked) < top:
        raise FactcheckError(
            f"reading {spec.get('label', scope)!r} ranks only {len(ranked)} entities"
        )
    unknown = set(check["entities"]) - {d.figure.entity for d in ranked}
    if unknown:
        names = sorted(d.figure.entity for d in ranked)
        raise FactcheckError(f"no entity {sorted(unknown)} in {scope!r}; it ranks {names}")
    holds = {d.figure.entity for d in ranked[:top]} == set(check["entities"])
    places = [
        {"place": n, "origin": "data", **d.to_json()} for n, d in enumerate(ranked[:SHOWN], start=1)
    ]
    named = ", ".join(f"{p['entity']} {display_value(p['value'])}" for p in places[:top])
    reason = f"{named} rank {' and '.join(_ordinal(n) for n in range(1, top + 1))}"
    if not holds:
        reason = f"the top {top} are {named}, not {' and '.join(check['entities'])}"
    gap: dict[str, Any] = {}
    if len(ranked) > top:
        last, next_ = ranked[top - 1].figure, ranked[top].figure
        gap = {
            "next_entity": next_.entity,
            "next_value": next_.value,
            "difference": last.value - next_.value,
            "times": last.value / next_.value if next_.value else None,
        }
        times = f", {display(gap['times'])} times fewer" if gap["times"] else ""
        reason += (
            f"; next is {next_.entity} with {display_value(next_.value)} "
            f"({display_value(gap['difference'])} fewer than {last.entity}{times})"
        )
    label = spec.get("label") or reading_label(ctx, spec, measure)
    return {
        "role": role,
        "label": label,
        "scope": scope,
        "measure": measure,
        "year": year,
        "holds": holds,
        "verdict": (Verdict.ACCURATE if holds else Verdict.INACCURATE).value,
        "reason": reason,
        "places": places,
        "gap": gap,
    }


def _revision_figures(ctx: CheckContext, spec: dict[str, Any]) -> list[dict[str, Any]]:
    """Every entity's figure for the years and sources the claim's ``revisions`` names."""
    return [
        {"origin": "data", **datum.to_json()}
        for year in spec["years"]
        for source_id in spec["sources"]
        for datum in ctx.index.all_entities(source_id, spec["measure"], year)
    ]


def run(claim: dict[str, Any], ctx: CheckContext) -> dict[str, Any]:
    check = claim["check"]
    readings = [_reading(ctx, check, check["primary"], "primary")]
    if "at_publication" in check:
        readings.append(_reading(ctx, check, check["at_publication"], "at publication"))
    readings += [_reading(ctx, check, spec, "other reading") for spec in check.get("readings", [])]
    primary = readings[0]
    agreeing = sum(r["holds"] for r in readings)
    if not primary["holds"]:
        verdict = Verdict.INACCURATE
    elif agreeing == len(readings):
        verdict = Verdict.ACCURATE
    else:
        verdict = Verdict.APPROXIMATELY_ACCURATE
    reason = f"{primary['reason']}; {agreeing} of {len(readings)} readings agree"
    top = " and ".join(p["entity"] for p in primary["places"][: len(check["entities"])])
    headline = f"{top} lead in {agreeing} of {len(readings)} readings"
    if primary["gap"]:
        next_value = display_value(primary["gap"]["next_value"])
        headline += f"; next: {primary['gap']['next_entity']} ({next_value})"
    result: dict[str, Any] = {
        "verdict": verdict.value,
        "reason": reason,
        "headline": headline,
        "entities": check["entities"],
        "readings": readings,
    }
    if "at_publication" in check:
        result["verdict_at_publication"] = readings[1]["verdict"]
        result["reason_at_publication"] = readings[1]["reason"]
    tables = [
        table(
            "Rankings",
            ["Reading", "1st", "2nd", "3rd", "Claim holds"],
            [
                [f"{r['label']} ({r['role']})"]
                + [f"{p['entity']} {display_value(p['value'])}" for p in r["places"][:3]]
                + [""] * (3 - len(r["places"][:3]))
                + ["yes" if r["holds"] else "no"]
                for r in readings
            ],
            "Values in warheads or the measure's unit; each row is one source file and vintage.",
        ),
        table(
            "Where each ranked figure was read",
            ["Reading", "Entity", "Value", "Source and cell"],
            [
                [
                    r["label"],
                    p["entity"],
                    display_value(p["value"]),
                    f"[{p['source_id']}] {p['locator']}",
                ]
                for r in readings
                for p in r["places"][: len(check["entities"]) + 1]
            ],
        ),
    ]
    if "revisions" in check:
        result["revisions"] = revisions(_revision_figures(ctx, check["revisions"]))
        tables.append(
            table(
                "Revisions between vintages",
                ["Entity", "Year", "Values (source)"],
                [
                    [
                        c["entity"],
                        str(c["year"]),
                        " → ".join(
                            f"{display_value(v['value'])} [{v['source_id']}]" for v in c["versions"]
                        ),
                    ]
                    for c in result["revisions"]
                ],
                f"{ctx.catalog.measure_label(check['revisions']['measure'])}: the publisher "
                "revised its own estimates between vintages; shown as published.",
            )
        )
    result["tables"] = tables
    return result
