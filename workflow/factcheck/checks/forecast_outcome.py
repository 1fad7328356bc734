"""Forecast-versus-outcome checks: "sanctions that appear to be devastating Russia's economy".

The claims file states what the claim's word is taken to mean as a threshold on a measure
(e.g. GDP growth <= -5%). Two verdicts:

- as of publication, from the forecasts published by then (or, where the claims file says
  so, within ``forecast_window_days`` after: the nearest cited): Accurate when every forecast
  meets the threshold, Approximately accurate when some do, Inaccurate when none does;
- with hindsight, from the most recently released outcome from data: Accurate when it meets
  the threshold; Misleading when the forecasts did but the outcome does not (the claim
  reflected forecasts that proved wrong); Inaccurate when neither did.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from ..errors import FactcheckError
from .common import (
    OPERATORS,
    CheckContext,
    data_figure,
    figure_text,
    provenance_text,
    published_figure,
    scope_of,
    table,
)
from .rating import Verdict, display_value

RULE = (
    "Forecast vs outcome: the claim's word is given a stated threshold. As of publication: "
    "Accurate if every forecast then published (or within the stated window after) meets it, "
    "Approximately accurate if some do, Inaccurate if none. With hindsight: Accurate if the "
    "most recently released outcome from data meets it, Misleading if only the forecasts did, "
    "Inaccurate if neither."
)


def _latest_day(published: str) -> date:
    """The last day a date written as "2022", "2022-05" or "2022-05-12" can mean."""
    if len(published) == 4:
        return date(int(published), 12, 31)
    if len(published) == 7:
        year, month = map(int, published.split("-"))
        return date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    return date.fromisoformat(published[:10])


def _meets(value: float, threshold: dict[str, Any]) -> bool:
    return OPERATORS[threshold["op"]](value, threshold["value"])


def _outcome(ctx: CheckContext, check: dict[str, Any], spec: dict[str, Any]) -> dict[str, Any]:
    if "evidence" in spec:
        figure = published_figure(ctx, spec["evidence"])
        item = ctx.cited(spec["evidence"])
        label, released = spec.get("label") or item["publisher"], str(item["published"])
    else:
        figure = data_figure(
            ctx, {**spec, "year": check["year"]}, check["entity"], check["measure"]
        )
        label = spec.get("label") or ctx.catalog.scope_label(scope_of(spec))
        released = spec["released"]
    return {
        "label": label,
        "released": released,
        "figure": figure,
        "meets": _meets(figure["value"], check["threshold"]),
    }


def _latest(outcomes: list[dict[str, Any]]) -> dict[str, Any]:
    """The most recently released outcome from data (from publications if none is data)."""
    candidates = [o for o in outcomes if o["figure"]["origin"] == "data"] or outcomes
    last_day = max(_latest_day(o["released"]) for o in candidates)
    latest = [o for o in candidates if _latest_day(o["released"]) == last_day]
    if len(latest) > 1:
        labels = ", ".join(repr(o["label"]) for o in latest)
        raise FactcheckError(
            f"outcomes {labels} are all released on {last_day}; which one is the latest is "
            "ambiguous: keep one of them"
        )
    return latest[0]


def _path(ctx: CheckContext, check: dict[str, Any]) -> list[dict[str, Any]]:
    spec = check["path"]
    scope = scope_of(spec)
    points = []
    for year in ctx.index.years(scope, check["measure"], check["entity"]):
        if year is not None and year >= spec["from"]:
            datum = ctx.index.get(scope, check["measure"], check["entity"], year)
            if datum is not None:
                points.append({"origin": "data", **datum.to_json()})
    return points


def run(claim: dict[str, Any], ctx: CheckContext) -> dict[str, Any]:
    check = claim["check"]
    threshold = check["threshold"]
    forecasts = [
        {"figure": published_figure(ctx, i), "item": ctx.cited(i)} for i in check["forecasts"]
    ]
    window = check.get("forecast_window_days", 0)
    published = date.fromisoformat(ctx.article["published"])
    for forecast in forecasts:
        forecast["meets"] = _meets(forecast["figure"]["value"], threshold)
        day = _latest_day(forecast["item"]["published"])
        forecast["in_window"] = day <= published + timedelta(days=window)
        forecast["before_article"] = day <= published
    usable = [f for f in forecasts if f["figure"]["verified"] and f["in_window"]]
    if not usable:
        at_publication = Verdict.UNVERIFIABLE
    elif all(f["meets"] for f in usable):
        at_publication = Verdict.ACCURATE
    else:
        at_publication = (
            Verdict.APPROXIMATELY_ACCURATE
            if any(f["meets"] for f in usable)
            else Verdict.INACCURATE
        )
    outcomes = [_outcome(ctx, check, spec) for spec in check["outcomes"]]
    latest = _latest(outcomes)
    if not latest["figure"].get("verified", True):
        raise FactcheckError("the latest outcome rests on an UNVERIFIED figure; add a data outcome")
    forecasts_met = at_publication in (Verdict.ACCURATE, Verdict.APPROXIMATELY_ACCURATE)
    if latest["meets"]:
        hindsight = Verdict.ACCURATE
    else:
        hindsight = Verdict.MISLEADING if forecasts_met else Verdict.INACCURATE
    rule_text = (
        f"{threshold['op']} {display_value(threshold['value'])}{forecasts[0]['figure']['unit']}"
    )
    forecast_text = ", ".join(
        f"{f['item']['publisher']} {figure_text(f['figure'])} ({f['item']['published']})"
        for f in usable
    )
    when = (
        "forecasts published by the article's date"
        if window == 0
        else f"forecasts published within {window} days after the article"
        + ("" if any(f["before_article"] for f in forecasts) else " (none earlier is cited)")
    )
    if usable:
        reason_at_publication = (
            f"{when}: {forecast_text}; {sum(f['meets'] for f in usable)} of {len(usable)} meet "
            f"the threshold ({rule_text}: {threshold['meaning']})"
        )
    else:
        reason_at_publication = f"no verified forecast among the {when}"
    reason = (
        f"the outcome for {check['year']} is {figure_text(latest['figure'])} "
        f"({latest['label']}): {'meets' if latest['meets'] else 'does not meet'} {rule_text}"
    )
    path = _path(ctx, check) if "path" in check else []
    rows = [
        [
            "Forecast",
            f["item"]["publisher"],
            f["item"]["published"],
            figure_text(f["figure"]),
            "yes" if f["meets"] else "no",
            provenance_text(f["figure"]),
        ]
        for f in forecasts
    ] + [
        [
            "Outcome",
            o["label"],
            o["released"],
            figure_text(o["figure"]),
            "yes" if o["meets"] else "no",
            provenance_text(o["figure"]),
        ]
        for o in outcomes
    ]
    tables = [
        table(
            f"{check['entity']}, {check['year']}: forecasts and outcomes",
            ["", "By", "Published", "Value", f"Meets {rule_text}", "Source"],
            rows,
            f"Threshold: {threshold['meaning']}. Forecasts and first estimates are published "
            "figures entered by hand; outcomes from datasets are read from the pinned releases.",
        )
    ]
    if path:
        tables.append(
            table(
                f"{check['entity']}: the path since {check['path']['from']}",
                ["Year", "Value", "Source and cell"],
                [[str(p["year"]), figure_text(p), provenance_text(p)] for p in path],
            )
        )
    return {
        "verdict": hindsight.value,
        "reason": reason,
        "headline": (
            f"{check['year']} outcome {figure_text(latest['figure'])} against forecasts of "
            + ", ".join(figure_text(f["figure"]) for f in forecasts)
        ),
        "verdict_at_publication": at_publication.value,
        "reason_at_publication": reason_at_publication,
        "threshold": threshold,
        "forecasts": [{"meets": f["meets"], **f["figure"]} for f in forecasts],
        "outcomes": [{"label": o["label"], "meets": o["meets"], **o["figure"]} for o in outcomes],
        "path": path,
        "tables": tables,
    }
