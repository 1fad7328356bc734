"""Ratio checks: "1/30 of Russia's size" states Russia / Ukraine = 30, to one significant figure.

Rule: each reading's ratio is rated by :func:`factcheck.checks.rating.rate_number`; the headline
verdict is the primary reading's, the verdict at publication that of the reading made with
the data available when the article appeared.
"""

from __future__ import annotations

from itertools import product
from typing import Any

from ..errors import FactcheckError
from .common import (
    CheckContext,
    figure_pair,
    figure_text,
    figures_table,
    ratio_formula,
    reading_label,
    revisions,
    scope_of,
    table,
)
from .rating import Rating, Verdict, display, rate_number

RULE = (
    "Ratio: the recomputed ratio is rounded to the stated figure's significant figures; "
    "the headline verdict is that of the primary reading."
)


def _reading(
    ctx: CheckContext, check: dict[str, Any], spec: dict[str, Any], role: str
) -> dict[str, Any]:
    measure = spec.get("measure", check["measure"])
    top, bottom, value = figure_pair(ctx, spec, check["numerator"], check["denominator"], measure)
    rating = rate_number(value, check["stated"]["value"])
    if not (top.get("verified", True) and bottom.get("verified", True)):
        rating = Rating(Verdict.UNVERIFIABLE, "rests on an UNVERIFIED published figure")
    return {
        "role": role,
        "label": reading_label(ctx, spec, measure),
        "scope": spec.get("source") or spec.get("edition") or "published",
        "measure": measure,
        "year": spec.get("year"),
        "value": value,
        "value_text": display(value),
        "formula": ratio_formula(top, bottom, value),
        "verdict": rating.verdict.value,
        "reason": rating.reason,
        "figures": [top, bottom],
    }


def _missing(ctx: CheckContext, spec: dict[str, Any], error: FactcheckError) -> dict[str, Any]:
    return {
        "role": "sensitivity",
        "label": reading_label(ctx, spec, spec["measure"]),
        "scope": scope_of(spec),
        "measure": spec["measure"],
        "year": spec.get("year"),
        "value": None,
        "value_text": "n/a",
        "formula": "",
        "verdict": Verdict.UNVERIFIABLE.value,
        "reason": error.reason,
        "figures": [],
    }


def _sensitivity(ctx: CheckContext, check: dict[str, Any]) -> list[dict[str, Any]]:
    grid_spec, primary = check.get("sensitivity"), check["primary"]
    if not grid_spec:
        return []
    grid = product(
        grid_spec.get("editions") or [scope_of(primary)],
        grid_spec.get("measures") or [primary.get("measure", check["measure"])],
        grid_spec.get("years") or [primary.get("year")],
    )
    readings = []
    for scope, measure, year in grid:
        spec = {"edition": scope, "measure": measure, **({"year": year} if year else {})}
        try:
            readings.append(_reading(ctx, check, spec, "sensitivity"))
        except FactcheckError as error:
            entities = (check["numerator"], check["denominator"])
            if not all(ctx.index.years(scope, measure, entity) for entity in entities):
                raise  # a wrong measure or entity is an error in the claims file, not a gap
            readings.append(_missing(ctx, spec, error))
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
        value = top.figure.value / bottom.figure.value
        points.append(
            {
                "year": year,
                "numerator": {"origin": "data", **top.to_json()},
                "denominator": {"origin": "data", **bottom.to_json()},
                "value": value,
                "value_text": display(value),
            }
        )
    return points


def run(claim: dict[str, Any], ctx: CheckContext) -> dict[str, Any]:
    """Rate the primary reading; add the reading at publication, other readings and series."""
    check = claim["check"]
    readings = [_reading(ctx, check, check["primary"], "primary")]
    result: dict[str, Any] = {
        "verdict": readings[0]["verdict"],
        "reason": readings[0]["reason"],
        "headline": readings[0]["reason"],
    }
    if "at_publication" in check:
        at_publication = _reading(ctx, check, check["at_publication"], "at_publication")
        readings.append(at_publication)
        result["verdict_at_publication"] = at_publication["verdict"]
        result["reason_at_publication"] = at_publication["reason"]
    readings += [_reading(ctx, check, spec, "other source") for spec in check.get("readings", [])]
    readings += _sensitivity(ctx, check)
    result["readings"] = readings
    figures = [f for r in readings for f in r["figures"]]
    tables = [
        table(
            "Readings",
            ["Reading", "Ratio", "Verdict", "Formula or reason"],
            [
                [
                    r["label"]
                    + ("" if r["role"] == "sensitivity" else f" ({r['role'].replace('_', ' ')})"),
                    r["value_text"],
                    r["verdict"],
                    r["formula"] or r["reason"],
                ]
                for r in readings
            ],
        ),
        figures_table(figures, ctx.catalog),
    ]
    result["revisions"] = revisions(figures)
    if result["revisions"]:
        tables.append(revisions_table(result["revisions"], ctx))
    if "series" in check:
        result["series"] = _series(ctx, check)
        tables.append(series_table(result["series"], check))
    result["tables"] = tables
    return result


def revisions_table(found: list[dict[str, Any]], ctx: CheckContext) -> dict[str, Any]:
    rows = [
        [
            item["entity"],
            ctx.catalog.measure_label(item["measure"]),
            "—" if item["year"] is None else str(item["year"]),
            " → ".join(f"{figure_text(f)} [{f['source_id']}]" for f in item["versions"]),
        ]
        for item in found
    ]
    note = (
        "The same figure differs between editions or sources: a revision or a disagreement "
        "between publishers, shown as published."
    )
    return table(
        "Revisions and disagreements between sources",
        ["Entity", "Measure", "Year", "Values"],
        rows,
        note,
    )


def series_table(points: list[dict[str, Any]], check: dict[str, Any]) -> dict[str, Any]:
    if not points:
        return table("The ratio year by year", [], [], "no years in common")
    unit = points[0]["numerator"]["unit"]
    rows = [
        [
            str(p["year"]),
            figure_text(p["numerator"]),
            figure_text(p["denominator"]),
            p["value_text"],
        ]
        for p in points
    ]
    return table(
        "The ratio year by year",
        ["Year", check["numerator"], check["denominator"], "Ratio"],
        rows,
        f"{unit}; source [{points[0]['numerator']['source_id']}].",
    )
