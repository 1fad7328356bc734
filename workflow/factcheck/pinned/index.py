"""The pinned figures, indexed for look-up by edition or source, measure, entity and year."""

from __future__ import annotations

import functools
import hashlib
import itertools
import operator
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..errors import FactcheckError
from ..textfile import decode_utf8
from .catalog import Catalog, Source
from .figures import AGGREGATE, COLUMNS, Figure, extract_table, figure_from_row, parse_year
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


class _Extract:
    """One source's pinned rows, parsed whole by the CSV reader and grouped by measure and
    entity; the years of one entity's figures are indexed, and checked, the first time a
    check reads them."""

    def __init__(self, catalog: Catalog, source: Source):
        self.source = source
        self.path = catalog.extract_path(source.id)
        self.rows = extract_table(read_pinned_extract(catalog, source.id), self.path)
        if set(map(len, self.rows)) - {len(COLUMNS)}:
            number = next(n for n, cells in enumerate(self.rows) if len(cells) != len(COLUMNS))
            raise FactcheckError(
                f"expected {len(COLUMNS)} cells", path=self.path, field=f"line {number + 2}"
            )
        # Extracts are sorted by measure and entity, so the figures of one entity and
        # measure are one run of rows (or several, in an extract written otherwise).
        keys = list(map(operator.itemgetter(2, 0), self.rows))
        changes = itertools.compress(range(1, len(keys)), map(operator.ne, keys, keys[1:]))
        self._runs: dict[tuple[str, str], list[range]] = {}
        for start, end in itertools.pairwise([0, *changes, len(keys)]):
            self._runs.setdefault(keys[start], []).append(range(start, end))
        self.measures: dict[str, dict[str, None]] = {}  # measure -> its entities, in order
        for measure, entity in self._runs:
            self.measures.setdefault(measure, {})[entity] = None
        self._years: dict[tuple[str, str], dict[int | None, int]] = {}

    def years(self, measure: str, entity: str) -> dict[int | None, int]:
        """year -> row number of every figure of ``entity`` for ``measure``."""
        key = (measure, entity)
        if key not in self._years:
            found: dict[int | None, int] = {}
            for number in itertools.chain.from_iterable(self._runs.get(key, ())):
                year = self.rows[number][3]
                try:
                    parsed = parse_year(year)
                except ValueError:
                    raise FactcheckError(
                        f"year {year!r} is not a whole number",
                        path=self.path,
                        field=f"line {number + 2}",
                    ) from None
                if parsed in found:
                    raise FactcheckError(
                        f"two figures for {entity}, {measure}, {year}", path=self.path
                    )
                found[parsed] = number
            self._years[key] = found
        return self._years[key]

    @functools.cached_property
    def entities(self) -> set[str]:
        """Every entity the extract names."""
        return {entity for _, entity in self._runs}


class DataIndex:
    """Figures of the given editions or sources, each extract checked against the lock.

    Each extract is read once, and only the rows of the measures a check reads are indexed;
    a row becomes a :class:`Figure` only when a check asks for it (an article reads a few
    hundred of the ~140,000 figures its sources hold).
    """

    def __init__(self, catalog: Catalog, scopes: Iterable[str]):
        self.catalog = catalog
        self._extracts: dict[str, _Extract] = {}
        self._made: dict[Key, Datum] = {}
        for scope in sorted(set(scopes)):
            for source in catalog.sources_in_scope(scope):
                if source.id not in self._extracts:
                    self._extracts[source.id] = _Extract(catalog, source)

    def _in_scope(self, scope: str) -> list[_Extract]:
        """The loaded extracts of an edition or source."""
        return [
            self._extracts[source.id]
            for source in self.catalog.sources_in_scope(scope)
            if source.id in self._extracts
        ]

    @functools.cached_property
    def _entities(self) -> set[str]:
        return set().union(*(extract.entities for extract in self._extracts.values()))

    def _datum(self, extract: _Extract, measure: str, entity: str, year: int | None) -> Datum:
        key = (extract.source.id, measure, entity, year)
        if key not in self._made:
            number = extract.years(measure, entity)[year]
            figure = figure_from_row(extract.rows[number], extract.path, number + 2)
            self._made[key] = Datum(figure, extract.source)
        return self._made[key]

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
            self._datum(extract, measure, entity, year)
            for extract in self._in_scope(scope)
            if year in extract.years(measure, entity)
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
        extracts = self._in_scope(scope)
        if not any(measure in extract.measures for extract in extracts):
            measures = sorted({m for extract in extracts for m in extract.measures})
            raise FactcheckError(f"{scope!r} has no measure {measure!r}; it has: {measures}")
        entities = sorted({e for ex in extracts for e in ex.measures.get(measure, {})})
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
        every = [
            self._datum(extract, measure, entity, year)
            for extract in self._in_scope(scope)
            for entity in extract.measures.get(measure, {})
            if year in extract.years(measure, entity)
        ]
        found = [datum for datum in every if aggregates or datum.figure.group != AGGREGATE]
        if not found:
            raise FactcheckError(
                f"no figures for {measure!r}, year {year} in {scope!r}"
                + ("" if aggregates else " other than aggregates (World, regions), never ranked")
            )
        return sorted(found, key=lambda d: (-d.figure.value, d.figure.entity))

    def in_region(self, scope: str, region: str) -> set[str]:
        """The entities an edition or source places in ``region`` (a region of its ``group``
        column, at any level: "Europe", "Eastern Europe")."""
        found = {
            cells[0]
            for extract in self._in_scope(scope)
            for cells in extract.rows
            if region in cells[8].split(" > ")
        }
        if not found:
            raise FactcheckError(f"no entity of {scope!r} is in a region named {region!r}")
        return found

    def years(self, scope: str, measure: str, entity: str) -> list[Any]:
        """Years for which the edition or source holds the figure (None for yearless figures)."""
        entity = self.catalog.aliases.get(entity, entity)
        found = {y for extract in self._in_scope(scope) for y in extract.years(measure, entity)}
        return sorted(found, key=lambda y: -1 if y is None else y)
