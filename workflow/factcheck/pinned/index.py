"""The pinned figures, indexed for look-up by edition or source, measure, entity and year."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..errors import FactcheckError
from ..textfile import decode_utf8
from .catalog import Catalog, Source
from .figures import AGGREGATE, COLUMNS, Figure, extract_rows, figure_from_row, parse_year
from .names import confusion, unknown_name


@dataclass(frozen=True)
class Datum:
    """A figure and the source file it was read from."""

    figure: Figure
    source: Source


Key = tuple[str, str, str, int | None]  # source id, measure, entity, year


def read_pinned_extract(catalog: Catalog, source_id: str) -> str:
    """The text of a source's extract, checked against the sha256 its pin records."""
    path = catalog.extract_path(source_id)
    pin = catalog.pin(source_id)
    try:
        content = path.read_bytes()
    except FileNotFoundError:
        raise FactcheckError("pinned extract is missing; run the pin target", path=path) from None
    if hashlib.sha256(content).hexdigest() != pin.extract_sha256:
        raise FactcheckError(
            "extract does not match its sha256 in the lock; it was edited by hand or the "
            "lock is stale: restore it (git checkout) or run the pin target",
            path=path,
        )
    return decode_utf8(content, path)


class DataIndex:
    """Figures of the given editions or sources, each extract checked against the lock.

    Rows are indexed as read; a row becomes a :class:`Figure` only when a check asks for it
    (an article reads a few hundred of the ~140,000 figures its sources hold).
    """

    def __init__(self, catalog: Catalog, scopes: Iterable[str]):
        self.catalog = catalog
        self._data: dict[Key, tuple[Source, int, list[str]]] = {}
        self._made: dict[Key, Datum] = {}
        self._entities: set[str] = set()
        loaded: set[str] = set()
        for scope in sorted(set(scopes)):
            for source in catalog.sources_in_scope(scope):
                if source.id not in loaded:
                    self._load(source)
                    loaded.add(source.id)

    def _load(self, source: Source) -> None:
        path = self.catalog.extract_path(source.id)
        for line, cells in extract_rows(read_pinned_extract(self.catalog, source.id), path):
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
            self._entities.add(entity)

    def _datum(self, key: Key) -> Datum | None:
        if key not in self._made and key in self._data:
            source, line, cells = self._data[key]
            path = self.catalog.extract_path(source.id)
            self._made[key] = Datum(figure_from_row(cells, path, line), source)
        return self._made.get(key)

    def canonical(self, name: str) -> str:
        """The entity name the data use for ``name``: the name itself, or the one a catalog
        alias gives it ("USA", "Russian Federation"). An unknown name is an error that
        suggests the nearest known names."""
        if name in self._entities:
            return name
        if name in self.catalog.aliases:
            return self.catalog.aliases[name]
        message = unknown_name(name, sorted(self._entities), "entity")
        spellings = sorted(e for e in self._entities if self.catalog.aliases.get(e) == name)
        if spellings:  # a source spells it as another dataset's alias
            message += (
                f"; the data have {spellings[0]!r}, which the catalog maps to {name!r} for "
                "another dataset: add it to the aliases of the dataset that spells it so"
            )
        raise FactcheckError(message)

    def get(self, scope: str, measure: str, entity: str, year: int | None) -> Datum | None:
        """The figure in an edition or source; an edition holding it twice is an error."""
        entity = self.catalog.aliases.get(entity, entity)
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
        entity = self.canonical(entity)
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
            listed = ", ".join(entities[:12]) + (", ..." if len(entities) > 12 else "")
            raise FactcheckError(
                f"{scope!r} has no figure for {entity} ({measure}); "
                + (confusion(entity, entities) or f"it has figures for {listed}")
            )
        years = [y for y in self.years(scope, measure, entity) if y is not None]
        span = f"{years[0]}-{years[-1]}" if years else "no years"
        raise FactcheckError(
            f"no figure for {entity}, {measure}, year {year} in {scope!r} (years available: {span})"
        )

    def all_entities(
        self, scope: str, measure: str, year: int | None, *, aggregates: bool = False
    ) -> list[Datum]:
        """Every entity's figure for one measure and year in an edition or source, largest
        first; rows the publisher marks as aggregates only if asked for."""
        source_ids = {s.id for s in self.catalog.sources_in_scope(scope)}
        found = [
            datum
            for key in self._data
            if key[0] in source_ids and key[1] == measure and key[3] == year
            if (datum := self._datum(key)) is not None
            and (aggregates or datum.figure.group != AGGREGATE)
        ]
        if not found:
            raise FactcheckError(
                f"no figures for {measure!r}, year {year} in {scope!r}"
                + ("" if aggregates else " other than aggregates (World, regions), never ranked")
            )
        return sorted(found, key=lambda d: (-d.figure.value, d.figure.entity))

    def in_region(self, scope: str, region: str) -> set[str]:
        """The entities an edition or source places in ``region`` (a region of its ``group``
        column, at any level: "Europe", "Eastern Europe")."""
        source_ids = {s.id for s in self.catalog.sources_in_scope(scope)}
        found = {
            cells[0]
            for key, (_, _, cells) in self._data.items()
            if key[0] in source_ids and region in cells[8].split(" > ")
        }
        if not found:
            raise FactcheckError(f"no entity of {scope!r} is in a region named {region!r}")
        return found

    def years(self, scope: str, measure: str, entity: str) -> list[Any]:
        """Years for which the edition or source holds the figure (None for yearless figures)."""
        entity = self.catalog.aliases.get(entity, entity)
        source_ids = {s.id for s in self.catalog.sources_in_scope(scope)}
        found = {k[3] for k in self._data if k[0] in source_ids and k[1:3] == (measure, entity)}
        return sorted(found, key=lambda y: -1 if y is None else y)
