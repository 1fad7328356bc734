"""The view of a quantity check: each reading's recomputed figure and how it was computed,
the figures used; bars for a rank, a line for a figure over the years."""

from __future__ import annotations

from typing import Any

from ...quantities import number, quantity
from ..charts import line_chart
from ..tables import Table
from . import (
    ROLE_WORDS,
    Chart,
    caption,
    chart_id,
    labelled,
    one_clause,
    publication_marker,
    ranking_chart,
    span_title,
)


def _value(reading: dict[str, Any]) -> str:
    unit = reading["details"]["unit"]
    if reading["value"] is None:
        return "—"
    if unit == "rank":
        return f"place {int(reading['value'])}"
    if unit in ("times", "%"):
        return number(reading["value"]) + ("%" if unit == "%" else " times")
    return quantity(reading["value"], unit) if unit else number(reading["value"])


def tables(claim: dict[str, Any], doc: dict[str, Any]) -> list[Table]:
    readings = Table(
        "Readings",
        ["Reading", "Used for", "Recomputed", "Verdict", "How it was computed"],
        [
            [r["label"], ROLE_WORDS[r["role"]], _value(r), r["verdict"] or "—", r["formula"]]
            for r in claim["readings"]
        ],
        " ".join(note for r in claim["readings"] for note in r["details"]["notes"]),
    )
    return [readings]


def charts(claim: dict[str, Any], doc: dict[str, Any]) -> list[Chart]:
    primary = claim["readings"][0]
    figures = primary["figures"]
    if primary["details"]["unit"] == "rank":
        ranked = {figures[int(primary["value"]) - 1]["entity"]}
        return [ranking_chart(claim, doc, primary, ranked)]
    if primary["details"]["peak_year"] is not None:
        entity, years = figures[0]["entity"], [f["year"] for f in figures]
        ident, title = chart_id(claim, "peak"), span_title(entity, figures)
        svg = line_chart(
            {entity: [(f["year"], f["value"]) for f in figures]},
            chart_id=ident,
            title=title,
            unit=figures[0]["unit"],
            highlights={
                f"peak ({primary['details']['peak_year']})": [
                    (f["year"], f["value"])
                    for f in figures
                    if f["year"] == primary["details"]["peak_year"]
                ]
            },
            **publication_marker(doc, years),
        )
        return [Chart(ident, title, svg, caption(doc, figures))]
    return []


def why(claim: dict[str, Any], doc: dict[str, Any]) -> str:
    primary = claim["readings"][0]
    return f"{labelled(primary['label'])}: {one_clause(primary['reason'])}."
