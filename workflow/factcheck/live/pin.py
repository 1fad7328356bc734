"""Pinning: raw source files -> the pinned state (extracts + lock entries), written whole."""

from __future__ import annotations

import contextlib
import hashlib
from pathlib import Path

from .. import atomic
from ..pinned import parsers
from ..pinned.catalog import Catalog, Pin, lock_text
from ..pinned.figures import to_csv
from ..pinned.identity import identity_of


def sha256_text(text: str) -> str:
    """sha256 of an extract's text, as the lock records it."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def extract(raw: Path, catalog: Catalog, source_id: str) -> tuple[str, str]:
    """Parse a raw file into extract CSV text; return (csv text, release)."""
    extraction = parsers.parse(raw, catalog.source(source_id))
    return to_csv(extraction.figures), extraction.release


def pin_files(
    catalog: Catalog,
    raws: dict[str, Path],
    *,
    retrieved: dict[str, str],
) -> dict[str, Pin]:
    """Parse every raw file first, then write the extracts and the lock.

    A zip-csv source's pin is of its data member, whether ``raws`` holds the zip or the CSV.
    Nothing under ``sources/`` is written unless every file parses.
    """
    staged: dict[str, tuple[str, Pin]] = {}
    for source_id, raw in sorted(raws.items()):
        text, release = extract(raw, catalog, source_id)
        identity = identity_of(raw, catalog.source(source_id).format)
        staged[source_id] = (
            text,
            Pin(
                url=catalog.source(source_id).url,
                sha256=identity.sha256,
                bytes=identity.bytes,
                member=identity.member,
                retrieved=retrieved[source_id],
                release=release,
                extract_sha256=sha256_text(text),
            ),
        )

    pins = {**catalog.pins, **{source_id: pin for source_id, (_, pin) in staged.items()}}
    files = {catalog.extract_path(source_id): text for source_id, (text, _) in staged.items()}
    write_state(files, catalog.lock_path, pins)
    return pins


def write_state(files: dict[Path, str], lock: Path, pins: dict[str, Pin]) -> None:
    """Write every file and the lock: all are staged beside their targets, then renamed.

    If anything fails before the renames, no target is touched; the lock, staged first, is
    renamed last.
    """
    with contextlib.ExitStack() as stack:
        for path, text in {lock: lock_text(pins), **files}.items():
            tmp = stack.enter_context(atomic.atomic_path(path))
            tmp.write_text(text, encoding="utf-8", newline="\n")
