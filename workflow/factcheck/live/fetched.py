"""The fetched state: staged from the downloads, compared by drift, accepted by pin.

The fetched state is a folder laid out like ``sources/`` (catalog.yaml, sources.lock.json,
extracts/) plus ``fetched.json``, the fetch record of every live source, so that verdicts
can be built from it exactly as from the pinned state.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from pathlib import Path
from urllib.parse import unquote

from ..errors import FactcheckError
from ..pinned.catalog import CATALOG_FILE, LOCK_FILE, Catalog, Pin, load_catalog
from ..pinned.figures import parse_extract, read_extract
from .fetch import FetchRecord
from .pin import extract, sha256_file, write_state
from .plausibility import check_magnitudes
from .refresh import is_vanished, read_record, unmirror

RECORDS_FILE = "fetched.json"
SUFFIXES = {"xlsx": ".xlsx", "json": ".json", "csv": ".csv", "zip-csv": ".zip", "tsv-utf16": ".csv"}


def _reusable_extract(catalog: Catalog, source_id: str, sha256: str) -> str | None:
    """The pinned extract text if the pin is of exactly these bytes (no need to parse again)."""
    pin = catalog.pins.get(source_id)
    path = catalog.extract_path(source_id)
    if pin is None or pin.sha256 != sha256 or not path.exists():
        return None
    text = path.read_text(encoding="utf-8")
    return text if _sha256_text(text) == pin.extract_sha256 else None


def _extract(raw: Path, catalog: Catalog, source_id: str) -> tuple[str, str]:
    """Parse a download; it is shown to the parser under its format's file extension,
    which some readers insist on (openpyxl)."""
    suffix = SUFFIXES[catalog.source(source_id).format]
    with tempfile.TemporaryDirectory() as folder:
        named = Path(folder) / f"{source_id}{suffix}"
        named.symlink_to(raw.resolve())
        return extract(named, catalog, source_id)


def _sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def stage_fetched(root: Path, records: list[Path], out: Path, *, mirror: str | None) -> None:
    """Build the fetched state in ``out`` from fetch records (each beside its download).

    Live sources get the extract of the fetched file (the pinned extract when the bytes
    are the pinned ones) and a lock entry dated by the fetch; archived and vanished sources
    keep their pinned extract and entry.
    """
    catalog = load_catalog(root)
    record_paths = {path.name.removesuffix(".json"): path for path in records}
    texts: dict[str, str] = {}
    pins: dict[str, Pin] = {}
    fetched: dict[str, FetchRecord] = {}
    for source_id, source in sorted(catalog.sources.items()):
        if not source.archived and source_id not in record_paths:
            raise FactcheckError(f"live source {source_id!r} has no fetch record", path=out)
        record = None if source.archived else read_record(record_paths[source_id])
        if record is None or is_vanished(record):
            if source_id in catalog.pins and catalog.extract_path(source_id).exists():
                texts[source_id] = catalog.extract_path(source_id).read_text(encoding="utf-8")
                pins[source_id] = catalog.pins[source_id]
            if record is not None:
                fetched[source_id] = record
            continue
        raw = record_paths[source_id].with_name(source_id)
        if sha256_file(raw) != record.sha256:
            raise FactcheckError("does not match the sha256 of its fetch record", path=raw)
        text = _reusable_extract(catalog, source_id, record.sha256)
        if text is None:
            text, release = _extract(raw, catalog, source_id)
            if source_id in catalog.pins and catalog.extract_path(source_id).exists():
                check_magnitudes(
                    source_id, read_extract(catalog.extract_path(source_id)), parse_extract(text)
                )
        else:
            release = catalog.pins[source_id].release
        final_url = unmirror(record.final_url, mirror)
        texts[source_id] = text
        fetched[source_id] = record
        pins[source_id] = Pin(
            url=source.url,
            sha256=record.sha256,
            bytes=record.bytes,
            retrieved=record.retrieved[:10],
            release=release,
            extract_sha256=_sha256_text(text),
            final_url=None if unquote(final_url) == unquote(source.url) else final_url,
            etag=record.etag,
            last_modified=record.last_modified,
        )
    files = {out / CATALOG_FILE: (root / CATALOG_FILE).read_text(encoding="utf-8")}
    files |= {out / "extracts" / f"{k}.csv": text for k, text in texts.items()}
    files[out / RECORDS_FILE] = json.dumps(
        {k: r.to_json() for k, r in fetched.items()}, indent=2, sort_keys=True
    )
    write_state(files, out / LOCK_FILE, pins)


def load_records(fetched: Path) -> dict[str, FetchRecord]:
    """The fetch records of a fetched state, by source id."""
    path = fetched / RECORDS_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise FactcheckError(
            "no fetched state here; run `snakemake -c1 drift --config online=true` first",
            path=fetched,
        ) from None
    except ValueError as exc:
        raise FactcheckError(f"not valid JSON: {exc}", path=path) from None
    return {source_id: FetchRecord.from_json(entry) for source_id, entry in data.items()}


_IDENTITY = ("url", "final_url", "sha256", "bytes", "release", "extract_sha256")


def pin_fetched(root: Path, fetched: Path) -> list[str]:
    """Make the fetched state of every live source the pinned one; return what changed.

    Only sources whose bytes, release, extract or final URL changed get a new lock entry and
    extract; archived and vanished sources keep theirs. All files are staged before any is
    replaced.
    """
    records = load_records(fetched)
    if (root / CATALOG_FILE).read_bytes() != (fetched / CATALOG_FILE).read_bytes():
        raise FactcheckError(
            "changed since the last fetch; run `snakemake -c1 drift --config online=true` "
            "again before pinning",
            path=root / CATALOG_FILE,
        )
    pinned, new = load_catalog(root), load_catalog(fetched)
    files: dict[Path, str] = {}
    pins = dict(pinned.pins)
    changes: list[str] = []
    for source_id, source in sorted(pinned.sources.items()):
        if source.archived:
            continue
        record = records.get(source_id)
        if record is None:
            raise FactcheckError(f"source {source_id!r} was not fetched", path=fetched)
        if is_vanished(record):
            changes.append(f"{source_id}: kept the pin: {source.url} answered {record.status}")
            continue
        old, pin = pinned.pins.get(source_id), new.pin(source_id)
        if old is not None and all(getattr(old, k) == getattr(pin, k) for k in _IDENTITY):
            continue
        text = new.extract_path(source_id).read_text(encoding="utf-8")
        if _sha256_text(text) != pin.extract_sha256:
            raise FactcheckError(
                "does not match its lock entry; run the drift target again",
                path=new.extract_path(source_id),
            )
        files[pinned.extract_path(source_id)] = text
        pins[source_id] = pin
        changes.append(_describe_change(source_id, old, pin))
    if files:
        write_state(files, pinned.lock_path, pins)
    return changes


def _describe_change(source_id: str, old: Pin | None, new: Pin) -> str:
    if old is None:
        return f"{source_id}: pinned for the first time: {new.release}, sha256 {new.sha256[:12]}"
    parts = [f"sha256 {old.sha256[:12]} -> {new.sha256[:12]}"]
    if old.release != new.release:
        parts.append(f"release {old.release!r} -> {new.release!r}")
    if old.extract_sha256 != new.extract_sha256:
        parts.append("extract updated")
    if old.final_url != new.final_url:
        parts.append(f"final URL {new.final_url or new.url}")
    return f"{source_id}: " + ", ".join(parts)
