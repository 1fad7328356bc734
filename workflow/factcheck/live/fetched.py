"""The fetched state: staged from the fetch records, compared by drift, accepted by pin.

The fetched state is a folder laid out like ``sources/`` (catalog.yaml, sources.lock.json,
extracts/) plus ``fetched.json``: the drift run it comes from, the pins it was compared with,
and what fetching each live source gave, so that verdicts can be built from it exactly as
from the pinned state. Every fetched file is parsed again, even when its bytes are the
pinned ones: an extract edited together with its lock entry, or a parser change, shows as
value drift. A source that failed, vanished or could not be read keeps its pinned extract
and entry.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..errors import FactcheckError
from ..pinned.catalog import CATALOG_FILE, LOCK_FILE, Catalog, Pin, Source, load_catalog
from ..pinned.figures import parse_extract
from ..pinned.identity import sha256_file
from .outcomes import UNREADABLE
from .pin import extract, sha256_text, write_state
from .plausibility import check_magnitudes
from .refresh import Fetched, named, now, read_fetched

STATE_FILE = "fetched.json"
SUFFIXES = {"xlsx": ".xlsx", "json": ".json", "csv": ".csv", "zip-csv": ".csv", "tsv-utf16": ".csv"}


@dataclass(frozen=True)
class FetchedState:
    """A staged fetched state: its folder, its drift run, the lock entries it was compared
    with (None for a source not pinned then) and what fetching each live source gave."""

    root: Path
    run: str
    staged: str
    compared: dict[str, Pin | None]
    sources: dict[str, Fetched]

    def to_json(self) -> dict[str, Any]:
        return {
            "run": self.run,
            "staged": self.staged,
            "compared": {k: p.to_json() if p else None for k, p in sorted(self.compared.items())},
            "sources": {k: f.to_json() for k, f in sorted(self.sources.items())},
        }


def _parse(raw: Path, catalog: Catalog, source: Source) -> tuple[str, str]:
    """Parse a download; it is shown to the parser under its format's file extension,
    which some readers insist on (openpyxl). Errors name the source and its URL."""
    with tempfile.TemporaryDirectory() as folder:
        named_raw = Path(folder) / f"{source.id}{SUFFIXES[source.format]}"
        named_raw.symlink_to(raw.resolve())
        try:
            return extract(named_raw, catalog, source.id)
        except FactcheckError as exc:
            raise FactcheckError(named(exc, source, named_raw)) from None


def _read(
    catalog: Catalog, source: Source, fetched: Fetched, raw: Path
) -> tuple[Pin, str] | Fetched:
    """The pin the fetched file makes and its extract, or the record marked unreadable."""
    if sha256_file(raw) != fetched.sha256:
        raise FactcheckError("does not match the sha256 of its fetch record", path=raw)
    try:
        text, release = _parse(raw, catalog, source)
        pinned = catalog.extract_path(source.id)
        kept = source.id in catalog.pins and pinned.exists()
        was = pinned.read_text(encoding="utf-8") if kept else None
        if was is not None and was != text:
            try:
                check_magnitudes(source.id, parse_extract(was, pinned), parse_extract(text))
            except FactcheckError as exc:
                raise FactcheckError(named(exc, source)) from None
    except FactcheckError as exc:
        return replace(fetched, outcome=UNREADABLE, error=str(exc))
    assert fetched.sha256 is not None and fetched.bytes is not None
    pin = Pin(
        url=source.url,
        sha256=fetched.sha256,
        bytes=fetched.bytes,
        retrieved=fetched.retrieved[:10],
        release=release,
        extract_sha256=sha256_text(text),
        member=fetched.member,
        final_url=None if fetched.final_url in (None, source.url) else fetched.final_url,
        etag=fetched.etag,
        last_modified=fetched.last_modified,
    )
    return pin, text


def stage_fetched(root: Path, records: list[Path], out: Path) -> FetchedState:
    """Build the fetched state in ``out`` from the fetch records (each beside its file)."""
    catalog = load_catalog(root)
    paths = {path.name.removesuffix(".json"): path for path in records}
    live = sorted(k for k, source in catalog.sources.items() if not source.archived)
    missing = [source_id for source_id in live if source_id not in paths]
    if missing:
        raise FactcheckError(f"live sources without a fetch record: {missing}", path=out)
    outcomes = {source_id: read_fetched(paths[source_id]) for source_id in live}
    runs = sorted({fetched.run for fetched in outcomes.values()})
    if len(runs) > 1:
        raise FactcheckError(
            f"fetch records of several drift runs ({', '.join(runs)}); run drift again", path=out
        )
    texts: dict[str, str] = {}
    pins: dict[str, Pin] = {}
    for source_id, source in sorted(catalog.sources.items()):
        fetched = outcomes.get(source_id)
        if fetched is not None and fetched.has_file:
            result = _read(catalog, source, fetched, paths[source_id].with_name(source_id))
            if isinstance(result, tuple):
                pins[source_id], texts[source_id] = result
                continue
            outcomes[source_id] = result
        if source_id in catalog.pins and catalog.extract_path(source_id).exists():
            texts[source_id] = catalog.extract_path(source_id).read_text(encoding="utf-8")
            pins[source_id] = catalog.pins[source_id]
    state = FetchedState(
        root=out,
        run=runs[0] if runs else "",
        staged=now(),
        compared={source_id: catalog.pins.get(source_id) for source_id in live},
        sources=outcomes,
    )
    _write(catalog, state, texts, pins)
    return state


def stage_selection(pinned: Catalog, state: FetchedState, selected: list[str], out: Path) -> None:
    """Stage in ``out`` what the pinned state would be once the fetched files of the
    ``selected`` sources are pinned (with their records only, so that drift assesses them)."""
    fetched = load_catalog(state.root)
    pins = dict(pinned.pins)
    texts = {
        source_id: pinned.extract_path(source_id).read_text(encoding="utf-8")
        for source_id in pinned.pins
        if pinned.extract_path(source_id).exists()
    }
    for source_id in selected:
        if state.sources[source_id].has_file:
            pins[source_id] = fetched.pin(source_id)
            texts[source_id] = fetched.extract_path(source_id).read_text(encoding="utf-8")
    selection = replace(state, root=out, sources={k: state.sources[k] for k in selected})
    _write(pinned, selection, texts, pins)


def _write(
    catalog: Catalog, state: FetchedState, texts: dict[str, str], pins: dict[str, Pin]
) -> None:
    """Write a fetched state: catalog, extracts, lock and ``fetched.json``."""
    out = state.root
    files = {out / CATALOG_FILE: (catalog.root / CATALOG_FILE).read_text(encoding="utf-8")}
    files |= {out / "extracts" / f"{k}.csv": text for k, text in texts.items()}
    files[out / STATE_FILE] = json.dumps(state.to_json(), indent=2, sort_keys=True) + "\n"
    write_state(files, out / LOCK_FILE, pins)


def load_state(fetched: Path) -> FetchedState:
    """The fetched state staged in ``fetched``."""
    path = Path(fetched) / STATE_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise FactcheckError(
            "no fetched state here; run `snakemake -c1 drift --config online=true` first",
            path=fetched,
        ) from None
    except ValueError as exc:
        raise FactcheckError(f"not valid JSON: {exc}", path=path) from None
    try:
        return FetchedState(
            root=Path(fetched),
            run=data["run"],
            staged=data["staged"],
            compared={k: Pin(**p) if p else None for k, p in data["compared"].items()},
            sources={k: Fetched.from_json(f, path) for k, f in data["sources"].items()},
        )
    except (KeyError, TypeError, AttributeError) as exc:
        raise FactcheckError(
            f"not a fetched state ({exc!r}); run the drift target again", path=path
        ) from None
