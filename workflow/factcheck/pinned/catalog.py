"""The source catalog (what each dataset is) and the lock (what of it is pinned)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import schema
from ..errors import FactcheckError
from ..filenames import check_id
from ..textfile import read_utf8

CATALOG_FILE = "catalog.yaml"
LOCK_FILE = "sources.lock.json"
EXTRACT_DIR = "extracts"


@dataclass(frozen=True)
class Source:
    """One file at one live URL, and how to read it."""

    id: str
    dataset: str
    edition: str
    description: str
    url: str
    publisher: str
    title: str
    terms: str
    home: str
    format: str
    parser: str
    edition_label: str
    entity: str | None = None
    archived: bool = False
    aliases: dict[str, str] = field(default_factory=dict)
    measures: dict[str, str] = field(default_factory=dict)
    options: dict[str, Any] = field(default_factory=dict)

    def canonical_entity(self, name: str) -> str:
        """The entity name claims use for a name as this source spells it."""
        return self.aliases.get(name, name)


@dataclass(frozen=True)
class Pin:
    """The pinned state of one source: which bytes its committed extract came from."""

    url: str
    sha256: str
    bytes: int
    retrieved: str
    release: str
    extract_sha256: str
    final_url: str | None = None
    etag: str | None = None
    last_modified: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v is not None}


@dataclass(frozen=True)
class Catalog:
    """Every source of the project, with its pin, rooted at the ``sources/`` folder."""

    root: Path
    sources: dict[str, Source]
    pins: dict[str, Pin]

    def source(self, source_id: str, *, context: str = "") -> Source:
        try:
            return self.sources[source_id]
        except KeyError:
            known = ", ".join(sorted(self.sources))
            raise FactcheckError(
                f"unknown source {source_id!r}; known sources: {known}", field=context or None
            ) from None

    def pin(self, source_id: str) -> Pin:
        try:
            return self.pins[source_id]
        except KeyError:
            raise FactcheckError(
                f"source {source_id!r} is not pinned; run the pin target", path=self.lock_path
            ) from None

    def sources_of_edition(self, edition: str) -> list[Source]:
        return [s for s in self.sources.values() if s.edition == edition]

    def sources_in_scope(self, scope: str) -> list[Source]:
        """The sources a claim means by ``scope``: an edition id or a single source id."""
        if scope in self.sources:
            return [self.sources[scope]]
        found = self.sources_of_edition(scope)
        if not found:
            raise FactcheckError(
                f"unknown edition or source {scope!r}; editions: {', '.join(self.editions)}"
            )
        return found

    def scope_label(self, scope: str) -> str:
        """How the report names an edition (its label) or a source (its description)."""
        if scope in self.sources:
            return self.sources[scope].description
        return self.sources_in_scope(scope)[0].edition_label

    def measure_label(self, measure: str) -> str:
        for source in self.sources.values():
            if measure in source.measures:
                return source.measures[measure]
        return measure.replace("_", " ")

    @property
    def editions(self) -> list[str]:
        return sorted({s.edition for s in self.sources.values()})

    @property
    def lock_path(self) -> Path:
        return self.root / LOCK_FILE

    def extract_path(self, source_id: str) -> Path:
        return self.root / EXTRACT_DIR / f"{source_id}.csv"


def _sources_from(data: dict[str, Any]) -> dict[str, Source]:
    sources: dict[str, Source] = {}
    for dataset_id, dataset in data["datasets"].items():
        shared = {
            k: dataset[k] for k in ("publisher", "title", "terms", "home", "format", "parser")
        }
        for source_id, entry in dataset["sources"].items():
            where = f"datasets.{dataset_id}.sources.{source_id}"
            check_id(source_id, what="source id", path=None, field=f"datasets.{dataset_id}.sources")
            if source_id in sources:
                raise FactcheckError(f"source id {source_id!r} used twice", field=where)
            if entry["edition"] not in dataset["editions"]:
                raise FactcheckError(
                    f"edition {entry['edition']!r} is not listed under the dataset's editions: "
                    f"{', '.join(dataset['editions'])}",
                    field=where,
                )
            sources[source_id] = Source(
                id=source_id,
                dataset=dataset_id,
                edition_label=dataset["editions"][entry["edition"]],
                aliases=dict(dataset.get("aliases", {})),
                measures=dict(dataset.get("measures", {})),
                options={**dataset.get("options", {}), **entry.get("options", {})},
                **shared,
                **{k: v for k, v in entry.items() if k != "options"},
            )
    clashes = sorted(set(sources) & {source.edition for source in sources.values()})
    if clashes:
        raise FactcheckError(f"ids used both as edition and as source: {clashes}", field="datasets")
    return sources


def load_catalog(root: Path | str = "sources") -> Catalog:
    """Read and validate ``<root>/catalog.yaml`` and ``<root>/sources.lock.json``."""
    root = Path(root)
    data = schema.load_yaml(root / CATALOG_FILE, "catalog")
    try:
        sources = _sources_from(data)
    except FactcheckError as exc:
        raise FactcheckError(exc.reason, path=root / CATALOG_FILE, field=exc.field) from None
    return Catalog(root=root, sources=sources, pins=read_lock(root / LOCK_FILE))


def read_lock(path: Path) -> dict[str, Pin]:
    """Read the lock; a missing lock is an empty one."""
    if not path.exists():
        return {}
    try:
        data = json.loads(read_utf8(path))
    except ValueError as exc:  # not JSON, or a number too long to read
        raise FactcheckError(f"not valid JSON: {exc}", path=path) from exc
    schema.validate(data, "lock", path)
    return {
        check_id(source_id, what="source id", path=path, field="sources"): Pin(**entry)
        for source_id, entry in data["sources"].items()
    }


def lock_text(pins: dict[str, Pin]) -> str:
    """The lock's text: sorted, so that a change shows as a small diff."""
    data = {"sources": {k: pins[k].to_json() for k in sorted(pins)}}
    return json.dumps(data, indent=2, sort_keys=True) + "\n"
