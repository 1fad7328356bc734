"""The source catalog (what each dataset is) and the lock (what of it is pinned)."""

from __future__ import annotations

import functools
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
class Measure:
    """What a measure a parser produces is, in the report's words."""

    id: str
    label: str
    compare: str = "{larger}'s figure is {times} {smaller}'s"  # how a multiple reads

    @classmethod
    def from_spec(cls, measure_id: str, spec: str | dict[str, str]) -> Measure:
        """A catalog entry: a label, or a mapping with ``label`` and ``compare``."""
        if isinstance(spec, str):
            return cls(measure_id, spec)
        return cls(measure_id, spec["label"], spec.get("compare", cls.compare))

    def multiple(self, larger: str, times: str, smaller: str) -> str:
        """How one entity's figure reads as a multiple of another's, in this measure's words."""
        return self.compare.format(larger=larger, times=times, smaller=smaller)


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
    released: str | None = None
    archived: bool = False
    redirect_hosts: tuple[str, ...] = ()
    aliases: dict[str, str] = field(default_factory=dict)
    measures: dict[str, Measure] = field(default_factory=dict)
    options: dict[str, Any] = field(default_factory=dict)

    def measure_label(self, measure: str) -> str:
        """The measure's label, or its id in words if the catalog has none."""
        found = self.measures.get(measure)
        return found.label if found else measure.replace("_", " ")

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
    member: str | None = None
    final_url: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    archive_url: str | None = None
    """Where an archive serves exactly these bytes, once the live URL serves a later release."""

    def to_json(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v is not None}


@dataclass(frozen=True)
class Catalog:
    """Every source of the project, with its pin, rooted at the ``sources/`` folder."""

    root: Path
    sources: dict[str, Source]
    pins: dict[str, Pin]
    groups: dict[str, dict[str, Any]] = field(default_factory=dict)

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

    def measure(self, measure_id: str) -> Measure:
        """The catalog's definition of a measure (a bare one if no dataset defines it)."""
        for source in self.sources.values():
            if measure_id in source.measures:
                return source.measures[measure_id]
        return Measure(measure_id, measure_id.replace("_", " "))

    def measure_label(self, measure_id: str) -> str:
        return self.measure(measure_id).label

    @functools.cached_property
    def aliases(self) -> dict[str, str]:
        """Every spelling the datasets' aliases map to the name claims use."""
        return {k: v for source in self.sources.values() for k, v in source.aliases.items()}

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
                redirect_hosts=tuple(dataset.get("redirect_hosts", ())),
                aliases=dict(dataset.get("aliases", {})),
                measures={
                    measure_id: Measure.from_spec(measure_id, spec)
                    for measure_id, spec in dataset.get("measures", {}).items()
                },
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
    return Catalog(
        root=root, sources=sources, pins=read_lock(root / LOCK_FILE), groups=data.get("groups", {})
    )


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
