"""What every check kind shares: its context and the look-up of the figures it uses."""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import FactcheckError
from ..pinned.catalog import Catalog
from ..pinned.index import DataIndex, Datum
from ..pinned.names import unknown_name
from ..quantities import number, quantity
from .results import FigureRef, Reading, Role

# The comparisons a claims file may state between a figure and a bound, and how the
# report words them.
OPERATORS = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}
OPERATOR_WORDS = {"<": "below", "<=": "at or below", ">": "above", ">=": "at least"}


@dataclass(frozen=True)
class CheckContext:
    """Everything a check may read: the pinned data, the article and its cited evidence."""

    index: DataIndex
    evidence: dict[str, dict[str, Any]]
    article: dict[str, Any]
    documents: Path  # folder of pinned primary documents (sources/documents)
    groups: dict[str, dict[str, Any]] = field(default_factory=dict)  # catalog's and claims'

    @property
    def catalog(self) -> Catalog:
        return self.index.catalog

    def members(self, group: str) -> list[str]:
        """The entities of a group the catalog or the claims file defines: listed by name,
        or the entities a source places in one of its regions."""
        if group not in self.groups:
            raise FactcheckError(unknown_name(group, sorted(self.groups), "group"))
        spec = self.groups[group]
        if "members" in spec:
            return [self.index.canonical(member) for member in spec["members"]]
        region = spec["region"]
        return sorted(self.index.in_region(region["source"], region["name"]))

    def cited(self, evidence_id: str) -> dict[str, Any]:
        """A published figure or text from the claims file's ``evidence`` list."""
        try:
            return self.evidence[evidence_id]
        except KeyError:
            known = ", ".join(sorted(self.evidence)) or "none"
            raise FactcheckError(f"unknown evidence id {evidence_id!r}; known: {known}") from None


def named_readings(
    check: dict[str, Any], read: Callable[[dict[str, Any], Role], Reading]
) -> list[Reading]:
    """The readings a check names, each made by ``read(spec, role)``: the primary one, the
    one at publication (if any), then the others in the order written."""
    found = [read(check["primary"], Role.PRIMARY)]
    if "at_publication" in check:
        found.append(read(check["at_publication"], Role.AT_PUBLICATION))
    return found + [read(spec, Role.OTHER) for spec in check.get("readings", [])]


def scope_of(spec: dict[str, Any]) -> str:
    """The edition or source a reading names."""
    return spec.get("source") or spec["edition"]


def data_ref(datum: Datum) -> FigureRef:
    """A pinned figure as a check reports it, with where it was read."""
    fig, source = datum.figure, datum.source
    return FigureRef(
        origin="data",
        entity=fig.entity,
        measure=fig.measure,
        measure_label=source.measure_label(fig.measure),
        year=fig.year,
        value=fig.value,
        unit=fig.unit,
        source_id=source.id,
        edition=source.edition,
        locator=fig.locator,
        entity_as_published=fig.entity_as_published,
        note=fig.note,
    )


def data_figure(ctx: CheckContext, spec: dict[str, Any], entity: str, measure: str) -> FigureRef:
    """A figure from the pinned data of the reading ``spec`` names."""
    return data_ref(ctx.index.lookup(scope_of(spec), measure, entity, spec.get("year")))


def published_figure(ctx: CheckContext, evidence_id: str) -> FigureRef:
    """A figure entered by hand from a cited publication."""
    item = ctx.cited(evidence_id)
    if "value" not in item:
        raise FactcheckError(f"evidence {evidence_id!r} is a text, not a figure")
    return FigureRef(
        origin="published",
        entity=item.get("entity", ""),
        measure=item["measures"],
        measure_label=item["measures"],
        year=item.get("year"),
        value=item["value"],
        unit=item["unit"],
        evidence_id=evidence_id,
        publisher=item["publisher"],
        verified=item["verified"],
    )


def revisions(figures: list[FigureRef]) -> list[dict[str, Any]]:
    """The same data figure (entity, measure, year) with different values in different sources.

    One item per such figure, in (entity, measure, year) order, with its ``versions``: one
    figure per source, in source-id order.
    """
    by_key: dict[tuple[str, str, int | None], dict[str, FigureRef]] = {}
    for ref in figures:
        if ref.origin == "data" and ref.source_id:
            by_key.setdefault((ref.entity, ref.measure, ref.year), {})[ref.source_id] = ref
    found = []
    for (entity, measure, year), versions in sorted(
        by_key.items(), key=lambda item: (item[0][0], item[0][1], item[0][2] or 0)
    ):
        if len({ref.value for ref in versions.values()}) > 1:
            ordered = [versions[source_id].to_json() for source_id in sorted(versions)]
            found.append({"entity": entity, "measure": measure, "year": year, "versions": ordered})
    return found


def reading_label(ctx: CheckContext, spec: dict[str, Any], measure: str) -> str:
    """How the report names a reading: its own label, or measure, year and edition."""
    if spec.get("label"):
        return spec["label"]
    if "evidence" in spec:
        return "Published figures: " + ", ".join(
            ctx.cited(evidence_id)["publisher"] for evidence_id in spec["evidence"]
        )
    when = f", {spec['year']}" if spec.get("year") is not None else ""
    return f"{ctx.catalog.measure_label(measure)}{when}: {ctx.catalog.scope_label(scope_of(spec))}"


def figure_pair(
    ctx: CheckContext, spec: dict[str, Any], numerator: str, denominator: str, measure: str
) -> tuple[FigureRef, FigureRef, float]:
    """The two figures a reading compares (from data or published) and their ratio."""
    if "evidence" in spec:
        top, bottom = (published_figure(ctx, evidence_id) for evidence_id in spec["evidence"])
    else:
        top = data_figure(ctx, spec, numerator, measure)
        bottom = data_figure(ctx, spec, denominator, measure)
    if bottom.value == 0:
        raise FactcheckError(
            f"zero denominator for {bottom.entity} in {reading_label(ctx, spec, measure)!r}"
        )
    return top, bottom, top.value / bottom.value


def ratio_formula(top: FigureRef, bottom: FigureRef, value: float) -> str:
    """How a ratio was computed, with both figures in the report's style."""
    return (
        f"{top.entity} {quantity(top.value, top.unit)} ÷ {bottom.entity} "
        f"{quantity(bottom.value, bottom.unit)} = {number(value, 4)}"
    )


def verified(*refs: FigureRef) -> bool:
    """Whether every figure was read in its source (data, or a verified publication)."""
    return all(ref.verified for ref in refs)
