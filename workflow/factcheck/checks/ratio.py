"""Ratio checks: "1/30 of Russia's size" means Russia / Ukraine = 30 at one significant figure."""

from __future__ import annotations

from itertools import product
from typing import Any

from ..catalog import Catalog
from ..data import DataIndex
from ..errors import FactcheckError
from ..rating import Verdict, display, rate_number


def scope_of(spec: dict[str, Any]) -> str:
    """The edition or source a reading names."""
    return spec.get("source") or spec["edition"]


def _reading(
    check: dict[str, Any], spec: dict[str, Any], role: str, index: DataIndex
) -> dict[str, Any]:
    measure = spec.get("measure", check["measure"])
    scope, year = scope_of(spec), spec.get("year")
    top = index.lookup(scope, measure, check["numerator"], year)
    bottom = index.lookup(scope, measure, check["denominator"], year)
    if bottom.figure.value == 0:
        raise FactcheckError(f"zero denominator: {bottom.figure.locator} in {bottom.source.id}")
    value = top.figure.value / bottom.figure.value
    rating = rate_number(value, check["stated"]["value"])
    unit = top.figure.unit
    return {
        "role": role,
        "label": spec.get("label") or _label(index.catalog, measure, year, scope),
        "scope": scope,
        "measure": measure,
        "year": year,
        "value": value,
        "value_text": display(value),
        "formula": (
            f"{check['numerator']} {display(top.figure.value, 6)} {unit} ÷ "
            f"{check['denominator']} {display(bottom.figure.value, 6)} {unit} = {display(value, 4)}"
        ),
        "verdict": rating.verdict.value,
        "reason": rating.reason,
        "figures": [top.to_json(), bottom.to_json()],
    }


def _label(catalog: Catalog, measure: str, year: int | None, scope: str) -> str:
    when = f", {year}" if year is not None else ""
    return f"{catalog.measure_label(measure)}{when}: {catalog.scope_label(scope)}"


def _missing(catalog: Catalog, spec: dict[str, Any], error: FactcheckError) -> dict[str, Any]:
    return {
        "role": "sensitivity",
        "label": _label(catalog, spec["measure"], spec.get("year"), scope_of(spec)),
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


def _series(check: dict[str, Any], index: DataIndex) -> list[dict[str, Any]]:
    spec = check["series"]
    scope, measure = scope_of(spec), check["measure"]
    years = [
        y
        for y in index.years(scope, measure, check["numerator"])
        if y is not None and y >= spec["from"] and y <= spec.get("to", y)
    ]
    points = []
    for year in years:
        top = index.get(scope, measure, check["numerator"], year)
        bottom = index.get(scope, measure, check["denominator"], year)
        if top is None or bottom is None or bottom.figure.value == 0:
            continue
        points.append(
            {
                "year": year,
                "numerator": top.to_json(),
                "denominator": bottom.to_json(),
                "value": top.figure.value / bottom.figure.value,
                "value_text": display(top.figure.value / bottom.figure.value),
            }
        )
    return points


def run(claim: dict[str, Any], index: DataIndex) -> dict[str, Any]:
    """Rate the primary reading; add the reading at publication, sensitivity and series."""
    check = claim["check"]
    primary = _reading(check, check["primary"], "primary", index)
    result: dict[str, Any] = {
        "verdict": primary["verdict"],
        "reason": primary["reason"],
        "readings": [primary],
    }
    if "at_publication" in check:
        at_publication = _reading(check, check["at_publication"], "at_publication", index)
        result["readings"].append(at_publication)
        result["verdict_at_publication"] = at_publication["verdict"]
        result["reason_at_publication"] = at_publication["reason"]
    sensitivity = check.get("sensitivity", {})
    primary_spec = check["primary"]
    grid = product(
        sensitivity.get("editions", [scope_of(primary_spec)]),
        sensitivity.get("measures", [primary_spec.get("measure", check["measure"])]),
        sensitivity.get("years", [primary_spec.get("year")]),
    )
    for edition, measure, year in grid:
        spec = {"edition": edition, "measure": measure, **({"year": year} if year else {})}
        try:
            result["readings"].append(_reading(check, spec, "sensitivity", index))
        except FactcheckError as error:
            entities = (check["numerator"], check["denominator"])
            if not all(index.years(edition, measure, entity) for entity in entities):
                raise  # a wrong measure or entity is an error in the claims file, not a gap
            result["readings"].append(_missing(index.catalog, spec, error))
    if "series" in check:
        result["series"] = _series(check, index)
    return result
