"""What every check kind shares: its context, figure look-ups, and report tables."""

from __future__ import annotations

import operator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import FactcheckError
from ..pinned.catalog import Catalog
from ..pinned.index import DataIndex
from .rating import display, display_value

# The comparisons a claims file may state between a figure and a bound.
OPERATORS = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}
WIDEST_COLUMN = 60  # characters; longer texts wrap rather than widen their column further
LINE_CHARACTERS = 95  # about what one table line holds across an A4 page at 8.5 pt
CELL_PADDING = 3  # characters' worth of a cell's padding


@dataclass(frozen=True)
class CheckContext:
    """Everything a check may read: the pinned data, the article and its cited evidence."""

    index: DataIndex
    evidence: dict[str, dict[str, Any]]
    article: dict[str, Any]
    documents: Path  # folder of pinned primary documents (sources/documents)

    @property
    def catalog(self) -> Catalog:
        return self.index.catalog

    def cited(self, evidence_id: str) -> dict[str, Any]:
        """A published figure or text from the claims file's ``evidence`` list."""
        try:
            return self.evidence[evidence_id]
        except KeyError:
            known = ", ".join(sorted(self.evidence)) or "none"
            raise FactcheckError(f"unknown evidence id {evidence_id!r}; known: {known}") from None


def scope_of(spec: dict[str, Any]) -> str:
    """The edition or source a reading names."""
    return spec.get("source") or spec["edition"]


def data_figure(
    ctx: CheckContext, spec: dict[str, Any], entity: str, measure: str
) -> dict[str, Any]:
    """A figure computed from pinned data, with where it was read."""
    datum = ctx.index.lookup(scope_of(spec), measure, entity, spec.get("year"))
    return {"origin": "data", **datum.to_json()}


def published_figure(ctx: CheckContext, evidence_id: str) -> dict[str, Any]:
    """A figure entered by hand from a cited publication."""
    item = ctx.cited(evidence_id)
    if "value" not in item:
        raise FactcheckError(f"evidence {evidence_id!r} is a text, not a figure")
    return {
        "origin": "published",
        "evidence_id": evidence_id,
        "publisher": item["publisher"],
        "entity": item.get("entity", ""),
        "measure": item["measures"],
        "year": item.get("year"),
        "value": item["value"],
        "unit": item["unit"],
        "verified": item["verified"],
    }


def figure_text(figure: dict[str, Any]) -> str:
    """A figure as a table shows it: value and unit (8,000 US$ m; 80 %)."""
    unit = figure["unit"]
    return f"{display_value(float(figure['value']))}{'' if unit == '%' else ' '}{unit}".strip()


def provenance_text(figure: dict[str, Any]) -> str:
    """Where a figure comes from, as a table shows it."""
    if figure["origin"] == "data":
        return f"[{figure['source_id']}] {figure['locator']}"
    mark = "" if figure["verified"] else " — UNVERIFIED"
    return f"[{figure['evidence_id']}] entered by hand{mark}"


def revisions(figures: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The same data figure (entity, measure, year) with different values in different sources.

    One item per such figure, in (entity, measure, year) order, with its ``versions``: one
    figure per source, in source-id order.
    """
    by_key: dict[tuple[str, str, int | None], dict[str, dict[str, Any]]] = {}
    for figure in figures:
        if figure["origin"] == "data":
            key = (figure["entity"], figure["measure"], figure["year"])
            by_key.setdefault(key, {})[figure["source_id"]] = figure
    found = []
    for (entity, measure, year), versions in sorted(
        by_key.items(), key=lambda item: (item[0][0], item[0][1], item[0][2] or 0)
    ):
        if len({figure["value"] for figure in versions.values()}) > 1:
            ordered = [versions[source_id] for source_id in sorted(versions)]
            found.append({"entity": entity, "measure": measure, "year": year, "versions": ordered})
    return found


def column_widths(columns: list[str], rows: list[list[str]]) -> list[float]:
    """Percent widths: each column gets its longest word (so no word is split), then the
    rest of the line is shared in proportion to how much longer its texts run."""
    cells = [[column, *(row[i] for row in rows)] for i, column in enumerate(columns)]
    least = [
        max(len(word) for text in texts for word in (text.split() or [""])) + CELL_PADDING
        for texts in cells
    ]
    wanted = [
        max(min(max(len(text) for text in texts), WIDEST_COLUMN), low)
        for texts, low in zip(cells, least, strict=True)
    ]
    spare = max(LINE_CHARACTERS - sum(least), 0)
    extra = sum(w - low for w, low in zip(wanted, least, strict=True)) or 1
    share = [low + spare * (w - low) / extra for w, low in zip(wanted, least, strict=True)]
    total = sum(share) or 1
    return [round(100 * width / total, 1) for width in share]


def table(title: str, columns: list[str], rows: list[list[str]], note: str = "") -> dict[str, Any]:
    """A table for the report: strings only, formatted here so templates only lay it out.

    ``widths`` (percent per column) let the PDF lay the table out in one pass instead of
    measuring every cell.
    """
    widths = column_widths(columns, rows)
    return {"title": title, "columns": columns, "rows": rows, "note": note, "widths": widths}


def figures_table(
    figures: list[dict[str, Any]], catalog: Catalog, title: str = "Figures used"
) -> dict[str, Any]:
    """Every figure a check used, each with its source and cell, once."""
    rows, seen = [], set()
    for figure in figures:
        key = (
            figure.get("source_id") or figure.get("evidence_id"),
            figure["measure"],
            figure["entity"],
            figure["year"],
        )
        if key in seen:
            continue
        seen.add(key)
        measure = (
            catalog.measure_label(figure["measure"])
            if figure["origin"] == "data"
            else figure["measure"]
        )
        rows.append(
            [
                figure["entity"],
                measure,
                "—" if figure["year"] is None else str(figure["year"]),
                figure_text(figure),
                provenance_text(figure),
            ]
        )
    return table(title, ["Entity", "Measure", "Year", "Value", "Source and cell"], rows)


def reading_label(ctx: CheckContext, spec: dict[str, Any], measure: str) -> str:
    """How the report names a reading: its own label, or measure, year and edition."""
    if spec.get("label"):
        return spec["label"]
    if "evidence" in spec:
        return "Published figures: " + ", ".join(spec["evidence"])
    when = f", {spec['year']}" if spec.get("year") is not None else ""
    return f"{ctx.catalog.measure_label(measure)}{when}: {ctx.catalog.scope_label(scope_of(spec))}"


def figure_pair(
    ctx: CheckContext, spec: dict[str, Any], numerator: str, denominator: str, measure: str
) -> tuple[dict[str, Any], dict[str, Any], float]:
    """The two figures a reading compares (from data or published) and their ratio."""
    if "evidence" in spec:
        top, bottom = (published_figure(ctx, evidence_id) for evidence_id in spec["evidence"])
    else:
        top = data_figure(ctx, spec, numerator, measure)
        bottom = data_figure(ctx, spec, denominator, measure)
    if bottom["value"] == 0:
        raise FactcheckError(
            f"zero denominator for {bottom['entity']} in {reading_label(ctx, spec, measure)!r}"
        )
    return top, bottom, top["value"] / bottom["value"]


def ratio_formula(top: dict[str, Any], bottom: dict[str, Any], value: float) -> str:
    numerator = f"{top['entity']} {figure_text(top)}"
    return f"{numerator} ÷ {bottom['entity']} {figure_text(bottom)} = {display(value, 4)}"
