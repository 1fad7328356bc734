"""The pinned figures, indexed for look-up by edition or source, measure, entity and year."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..errors import FactcheckError
from ..textfile import decode_utf8
from .catalog import Catalog, Source
from .figures import COLUMNS, Figure, extract_rows, figure_from_row, parse_year
from .names import confusion


@dataclass(frozen=True)
class Datum:
    """A figure and the source file it was read from."""

    figure: Figure
    source: Source

    def to_json(self) -> dict[str, Any]:
        fig = self.figure
        return {
            "entity": fig.entity,
            "entity_as_published": fig.entity_as_published,
            "measure": fig.measure,
            "measure_label": self.source.measures.get(fig.measure, fig.measure.replace("_", " ")),
            "year": fig.year,
            "value": fig.value,
            "unit": fig.unit,
            "source_id": self.source.id,
            "edition": self.source.edition,
            "locator": fig.locator,
            "note": fig.note,
        }


Key = tuple[str, str, str, int | None]  # source id, measure, entity, year


class DataIndex:
    """Figures of the given editions or sources, each extract checked against the lock.

    Rows are indexed as read; a row becomes a :class:`Figure` only when a check asks for it
    (an article reads a few hundred of the ~140,000 figures its sources hold).
    """

    def __init__(self, catalog: Catalog, scopes: Iterable[str]):
        self.catalog = catalog
        self._data: dict[Key, tuple[Source, int, list[str]]] = {}
        self._made: dict[Key, Datum] = {}
        loaded: set[str] = set()
        for scope in sorted(set(scopes)):
            for source in catalog.sources_in_scope(scope):
                if source.id not in loaded:
                    self._load(source)
                    loaded.add(source.id)

    def _load(self, source: Source) -> None:
        path = self.catalog.extract_path(source.id)
        pin = self.catalog.pin(source.id)
        try:
            content = path.read_bytes()
        except FileNotFoundError:
            raise FactcheckError(
                "pinned extract is missing; run the pin target", path=path
            ) from None
        if hashlib.sha256(content).hexdigest() != pin.extract_sha256:
            raise FactcheckError(
                "extract does not match its sha256 in the lock; it was edited by hand or the "
                "lock is stale: restore it (git checkout) or run the pin target",
                path=path,
            )
        for line, cells in extract_rows(decode_utf8(content, path), path):
            if len(cells) != len(COLUMNS):
                raise FactcheckError(
                    f"expected {len(COLUMNS)} cells", path=path, field=f"line {line}"
                )
            entity, _, measure, year = cells[:4]
            try:
                key = (source.id, measure, entity, parse_year(year))
            except ValueError:
                raise FactcheckError(
                    f"year {year!r} is not a whole number", path=path, field=f"line {line}"
                ) from None
            if key in self._data:
                raise FactcheckError(f"two figures for {entity}, {measure}, {year}", path=path)
            self._data[key] = (source, line, cells)

    def _datum(self, key: Key) -> Datum | None:
        if key not in self._made and key in self._data:
            source, line, cells = self._data[key]
            path = self.catalog.extract_path(source.id)
            self._made[key] = Datum(figure_from_row(cells, path, line), source)
        return self._made.get(key)

    def get(self, scope: str, measure: str, entity: str, year: int | None) -> Datum | None:
        """The figure in an edition or source; an edition holding it twice is an error."""
        found = [
            datum
            for source in self.catalog.sources_in_scope(scope)
            if (datum := self._datum((source.id, measure, entity, year))) is not None
        ]
        if len(found) > 1:
            ids = ", ".join(d.source.id for d in found)
            raise FactcheckError(
                f"{entity}, {measure}, {year} is in several sources of edition {scope!r} ({ids}); "
                "name one of them as the reading's source"
            )
        return found[0] if found else None

    def lookup(self, scope: str, measure: str, entity: str, year: int | None) -> Datum:
        """The figure, or an error that says what the edition or source does hold."""
        datum = self.get(scope, measure, entity, year)
        if datum is not None:
            return datum
        source_ids = {s.id for s in self.catalog.sources_in_scope(scope)}
        held = [k for k in self._data if k[0] in source_ids]
        if not any(k[1] == measure for k in held):
            measures = sorted({k[1] for k in held})
            raise FactcheckError(f"{scope!r} has no measure {measure!r}; it has: {measures}")
        entities = sorted({k[2] for k in held if k[1] == measure})
        if entity not in entities:
            confused = confusion(entity, entities)
            raise FactcheckError(
                f"no entity {entity!r} for {measure!r} in {scope!r}; "
                + (confused or f"names as the catalog spells them, e.g. {entities[:8]}")
            )
        years = [y for y in self.years(scope, measure, entity) if y is not None]
        span = f"{years[0]}-{years[-1]}" if years else "no years"
        raise FactcheckError(
            f"no figure for {entity}, {measure}, year {year} in {scope!r} (years available: {span})"
        )

    def all_entities(self, scope: str, measure: str, year: int | None) -> list[Datum]:
        """Every entity's figure for one measure and year in an edition or source."""
        source_ids = {s.id for s in self.catalog.sources_in_scope(scope)}
        found = [
            self._datum(key)
            for key in self._data
            if key[0] in source_ids and key[1] == measure and key[3] == year
        ]
        if not found:
            raise FactcheckError(f"no figures for {measure!r}, year {year} in {scope!r}")
        return sorted(found, key=lambda d: (-d.figure.value, d.figure.entity))

    def years(self, scope: str, measure: str, entity: str) -> list[Any]:
        """Years for which the edition or source holds the figure (None for yearless figures)."""
        source_ids = {s.id for s in self.catalog.sources_in_scope(scope)}
        found = {k[3] for k in self._data if k[0] in source_ids and k[1:3] == (measure, entity)}
        return sorted(found, key=lambda y: -1 if y is None else y)
