"""The pinned figures, indexed for look-up by edition, measure, entity and year."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .catalog import Catalog, Source
from .errors import FactcheckError
from .figures import Figure, read_extract


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
            "year": fig.year,
            "value": fig.value,
            "unit": fig.unit,
            "source_id": self.source.id,
            "edition": self.source.edition,
            "locator": fig.locator,
        }


Key = tuple[str, str, str, int | None]


class DataIndex:
    """Figures of the given editions, each checked against the lock before use."""

    def __init__(self, catalog: Catalog, editions: Iterable[str]):
        self.catalog = catalog
        self._data: dict[Key, Datum] = {}
        for edition in sorted(set(editions)):
            sources = catalog.sources_of_edition(edition)
            if not sources:
                known = ", ".join(catalog.editions)
                raise FactcheckError(f"unknown edition {edition!r}; known editions: {known}")
            for source in sources:
                self._load(source)

    def _load(self, source: Source) -> None:
        path = self.catalog.extract_path(source.id)
        pin = self.catalog.pin(source.id)
        try:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        except FileNotFoundError:
            raise FactcheckError(
                "pinned extract is missing; run the pin target", path=path
            ) from None
        if digest != pin.extract_sha256:
            raise FactcheckError(
                "extract does not match its sha256 in the lock; it was edited by hand or the "
                "lock is stale: restore it (git checkout) or run the pin target",
                path=path,
            )
        for figure in read_extract(path):
            key = (source.edition, figure.measure, figure.entity, figure.year)
            if key in self._data:
                raise FactcheckError(
                    f"two figures for {figure.entity}, {figure.measure}, {figure.year} in edition "
                    f"{source.edition!r}",
                    path=path,
                )
            self._data[key] = Datum(figure, source)

    def get(self, edition: str, measure: str, entity: str, year: int | None) -> Datum | None:
        return self._data.get((edition, measure, entity, year))

    def lookup(self, edition: str, measure: str, entity: str, year: int | None) -> Datum:
        """The figure, or an error that says what the edition does hold."""
        datum = self.get(edition, measure, entity, year)
        if datum is not None:
            return datum
        entities = {k[2] for k in self._data if k[0] == edition and k[1] == measure}
        if not entities:
            measures = sorted({k[1] for k in self._data if k[0] == edition})
            raise FactcheckError(
                f"edition {edition!r} has no measure {measure!r}; it has: {measures}"
            )
        if entity not in entities:
            raise FactcheckError(
                f"no entity {entity!r} for {measure!r} in edition {edition!r}; "
                f"names as the catalog spells them, e.g. {sorted(entities)[:8]}"
            )
        years = self.years(edition, measure, entity)
        span = f"{years[0]}-{years[-1]}" if years and years[0] is not None else "no years"
        raise FactcheckError(
            f"no figure for {entity}, {measure}, year {year} in edition {edition!r} "
            f"(years available: {span})"
        )

    def years(self, edition: str, measure: str, entity: str) -> list[Any]:
        found = [k[3] for k in self._data if k[:3] == (edition, measure, entity)]
        return sorted(found, key=lambda y: y or 0)
