"""The view of a forecast-versus-outcome check: the forecasts of the time and the outcomes
since, each against the threshold; the outcome year by year, with the forecasts and the
threshold drawn."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ...dates import long_date
from ...words import listed
from ..charts import line_chart
from ..tables import Table, figure_cell, provenance
from . import Chart, caption, chart_id, labelled, publication_marker, span_title


def _when(reading: dict[str, Any]) -> str:
    details = reading["details"]
    return details.get("published") or details.get("released", "")


def not_counted(reading: dict[str, Any], doc: dict[str, Any]) -> str:
    """Why a forecast does not count towards the verdict ("" if it counts): published
    after the window the check allows, or not verified in its source."""
    if reading["role"] != "at_publication":
        return ""
    if not reading["details"].get("in_window", True):
        when = _when(reading)
        if len(when) < len("2022-05-14"):  # a month or a year: no count of days
            return f"not counted: published in {long_date(when)}, too late after the article"
        article = dt.date.fromisoformat(str(doc["article"]["published"]))
        days = (dt.date.fromisoformat(when) - article).days
        return f"not counted: published {days} day{'' if days == 1 else 's'} after the article"
    if not reading["figures"][0]["verified"]:
        return "not counted: not verified"
    return ""


def _meets(reading: dict[str, Any], doc: dict[str, Any]) -> str:
    meets = "yes" if reading["verdict"] == "Accurate" else "no"
    why = not_counted(reading, doc)
    return f"{meets}, but {why}" if why else meets


def tables(claim: dict[str, Any], doc: dict[str, Any]) -> list[Table]:
    details = claim["details"]
    threshold = details["threshold"]
    rows = [
        [
            "Forecast" if reading["role"] == "at_publication" else "Outcome",
            reading["label"].split(", forecast")[0],
            long_date(_when(reading)),
            figure_cell(reading["figures"][0]),
            _meets(reading, doc),
            provenance(doc, reading["figures"][0]),
        ]
        for reading in claim["readings"]
    ]
    found = [
        Table(
            f"{details['entity']}, {details['year']}: forecasts and outcomes",
            ["", "By", "Published", "Value", f"Meets “{threshold['bound']}”", "Source"],
            rows,
            f"The threshold: {threshold['meaning']}. Forecasts and first estimates are published "
            "figures entered by hand; outcomes from datasets are read from the pinned releases.",
        )
    ]
    return found


def charts(claim: dict[str, Any], doc: dict[str, Any]) -> list[Chart]:
    details = claim["details"]
    path = details["path"]
    if not path:
        return []
    years = [p["year"] for p in path]
    entity, unit = details["entity"], path[0]["unit"]
    forecasts = [r for r in claim["readings"] if r["role"] == "at_publication"]
    threshold = details["threshold"]
    ident = chart_id(claim, "path")
    title = span_title(entity, path)
    svg = line_chart(
        {entity: [(p["year"], p["value"]) for p in path]},
        chart_id=ident,
        title=title,
        unit=unit,
        reference=(float(threshold["value"]), f"threshold: {threshold['bound']}"),
        highlights={
            f"{_by(r)} forecast, {long_date(_when(r))}": [(r["year"], r["value"])]
            for r in forecasts
        },
        **publication_marker(doc, years),
    )
    figures = path + [r["figures"][0] for r in forecasts]
    return [Chart(ident, title, svg, caption(doc, figures))]


def _by(reading: dict[str, Any]) -> str:
    return reading["figures"][0].get("publisher", reading["label"]).split(" (")[0]


def why(claim: dict[str, Any], doc: dict[str, Any]) -> str:
    forecasts = [r for r in claim["readings"] if r["role"] == "at_publication"]
    outcome = next(r for r in claim["readings"] if r["role"] == "primary")
    expected = listed([f"{figure_cell(r['figures'][0])} ({_by(r)})" for r in forecasts])
    threshold = claim["details"]["threshold"]
    met = "" if outcome["verdict"] == "Accurate" else "not "
    then = f"Forecasts then were {expected}; the" if forecasts else "The"
    return (
        f"{then} outcome for {claim['details']['year']} is "
        f"{figure_cell(outcome['figures'][0])} ({labelled(outcome['label'])}), "
        f"{met}{threshold['bound']}."
    )
