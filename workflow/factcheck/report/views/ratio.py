"""The view of a ratio check: its readings, figures, revisions and year-by-year series;
charts of the series against the claim, or of the two figures (squares to scale for areas)."""

from __future__ import annotations

from typing import Any

from ...quantities import number, unit_of
from ...words import mid_sentence
from ..charts import bar_chart, line_chart, squares_chart
from ..tables import Cell, Table, revisions_table
from . import ROLE_WORDS, Chart, caption, chart_id, labelled, one_clause, publication_marker


def readings_tables(claim: dict[str, Any]) -> list[Table]:
    """The readings that rate the claim, for the body; its sensitivity tests (the same ratio
    with other editions, years or measures), for the annex."""
    rated = [r for r in claim["readings"] if r["role"] != "sensitivity"]
    tests = [r for r in claim["readings"] if r["role"] == "sensitivity"]
    found = [
        Table(
            "Readings",
            ["Reading", "Used for", "Ratio", "Verdict", "How it was computed"],
            [
                [r["label"], ROLE_WORDS[r["role"]], _ratio(r), r["verdict"] or "—", r["formula"]]
                for r in rated
            ],
        )
    ]
    if tests:
        rows: list[list[Cell]] = [
            [r["label"], _ratio(r), r["verdict"] or "—"]
            if r["value"] is not None
            else [r["label"], "—", r["reason"]]
            for r in tests
        ]
        found.append(Table("Sensitivity tests", ["Reading", "Ratio", "Verdict"], rows, annex=True))
    return found


def _ratio(reading: dict[str, Any]) -> str:
    return "—" if reading["value"] is None else number(reading["value"])


def tables(claim: dict[str, Any], doc: dict[str, Any]) -> list[Table]:
    found = readings_tables(claim)
    if claim["details"]["revisions"]:
        title = "Revisions and disagreements between sources"
        found.append(revisions_table(doc, claim["details"]["revisions"], title))
    return found


def _marked(claim: dict[str, Any], measure: str) -> list[dict[str, Any]]:
    """The readings with a year and a value in ``measure``, other than sensitivity tests."""
    return [
        r
        for r in claim["readings"]
        if r["role"] != "sensitivity"
        and r["year"] is not None
        and r["value"] is not None
        and r["measure"] == measure
    ]


def _legend(reading: dict[str, Any]) -> str:
    """A reading marked on a chart: what it is for, and its year."""
    return f"{ROLE_WORDS[reading['role']]} ({reading['year']})"


def _series_charts(claim: dict[str, Any], doc: dict[str, Any]) -> list[Chart]:
    details = claim["details"]
    points = details["series"]
    top, bottom = details["numerator"], details["denominator"]
    unit, measure = points[0]["numerator"]["unit"], points[0]["numerator"]["measure"]
    years = [p["year"] for p in points]
    span = f"{min(years)}\N{EN DASH}{max(years)}"
    marker = publication_marker(doc, years)
    readings = _marked(claim, measure)
    figures = [p[side] for p in points for side in ("numerator", "denominator")]
    line = caption(doc, figures + [f for r in readings for f in r["figures"]])
    values_title = f"{top} and {bottom}, {span}"
    values = line_chart(
        {
            top: [(p["year"], p["numerator"]["value"]) for p in points],
            bottom: [(p["year"], p["denominator"]["value"]) for p in points],
        },
        chart_id=chart_id(claim, "values"),
        title=values_title,
        unit=unit,
        highlights={_legend(r): [(f["year"], f["value"]) for f in r["figures"]] for r in readings},
        **marker,
    )
    ratio_title = f"{top}'s figure as a multiple of {bottom}'s, {span}, against the claim"
    ratio = line_chart(
        {f"{top} ÷ {bottom}": [(p["year"], p["value"]) for p in points]},
        chart_id=chart_id(claim, "ratio"),
        title=ratio_title,
        unit="times",
        reference=(float(claim["stated"]["value"]), f"the article: {claim['stated']['text']}"),
        highlights={
            f"{_legend(r)}: {number(r['value'])}": [(r["year"], r["value"])] for r in readings
        },
        **marker,
    )
    return [
        Chart(chart_id(claim, "values"), values_title, values, line),
        Chart(chart_id(claim, "ratio"), ratio_title, ratio, line),
    ]


def _pair_chart(claim: dict[str, Any], doc: dict[str, Any]) -> list[Chart]:
    """The primary reading's two figures: squares to scale for areas, else bars."""
    primary = next(r for r in claim["readings"] if r["role"] == "primary")
    figures = primary["figures"]
    if len(figures) != 2 or len({unit_of(f["unit"]) for f in figures}) != 1:
        return []
    unit = figures[0]["unit"]
    values = [(f["entity"], f["value"]) for f in figures]
    names = f"{values[0][0]} and {values[1][0]}"
    if unit_of(unit).symbol == "km²" and all(value > 0 for _, value in values):
        ident, title = chart_id(claim, "area"), f"{names} drawn to scale: {primary['label']}"
        note = f"{values[0][0]} is {number(primary['value'])} times {values[1][0]}"
        if claim.get("stated"):
            note += f"\nthe article: {claim['stated']['text']}"
        svg = squares_chart(values, chart_id=ident, title=title, unit=unit, note=note)
    else:
        ident, title = chart_id(claim, "figures"), f"{names}: {primary['label']}"
        svg = bar_chart(values, chart_id=ident, title=title, unit=unit)
    return [Chart(ident, title, svg, caption(doc, figures))]


def charts(claim: dict[str, Any], doc: dict[str, Any]) -> list[Chart]:
    if claim["details"]["series"]:
        return _series_charts(claim, doc)
    return _pair_chart(claim, doc)


def why(claim: dict[str, Any], doc: dict[str, Any]) -> str:
    primary = next(r for r in claim["readings"] if r["role"] == "primary")
    details = claim["details"]
    label = mid_sentence(primary["figures"][0]["measure_label"]) if primary["figures"] else "figure"
    ratio = number(primary["value"])
    reason = one_clause(primary["reason"])
    rounding = (
        f", which{reason.removeprefix(ratio)}" if reason.startswith(f"{ratio} ") else f"; {reason}"
    )
    return (
        f"{labelled(primary['label'])}: {details['numerator']}'s {label} is {ratio} times "
        f"{details['denominator']}'s{rounding}."
    )
