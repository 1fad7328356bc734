"""The raw-file cache: the publishers' files, kept by sha256 for whatever reads them.

The build reads only the committed extracts. The raw files they came from are read by the
parser tests and by tools (drift, pin); they are not committed (terms and size). Each one is
listed with its sha256 and live URL, in the lock (pinned sources) or in the tests' manifest
(``tests/raw_files.yaml``, files the tests read that are not pinned), and is kept in the
cache as ``<cache>/<sha256>``. The ``raw`` target fills the cache from the URLs
(:mod:`factcheck.live.raw_fetch`); the ``raw_import`` target from a folder of files. A
World Bank (zip-csv) file is the zip's member whose sha256 the lock holds, whatever zip it
came in, so a zip is looked into for the members that are needed.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .. import schema
from ..errors import FactcheckError
from ..pinned import limits
from ..pinned.catalog import Catalog
from ..pinned.identity import sha256_file

CACHE_ENV = "FACTCHECK_RAW_CACHE"
DEFAULT_CACHE = Path(".cache/raw")
CHUNK_SIZE = 1 << 20


@dataclass(frozen=True)
class RawFile:
    """One raw file something needs: its name, its identity and where it was served."""

    name: str
    """The source id of a pinned file; the manifest's path of any other."""
    sha256: str
    bytes: int
    url: str
    format: str
    """What the URL serves (zip-csv: a zip holding this file as a member)."""
    retrieved: str
    """The last day the URL is known to have served these bytes."""
    archived: bool = False
    """The URL now serves a later release."""
    archive_url: str | None = None
    """Where an archive serves exactly these bytes."""


def cache_dir(configured: str | Path | None, root: Path = Path()) -> Path:
    """The cache folder: the configured one, else ``$FACTCHECK_RAW_CACHE``, else
    ``.cache/raw``; a relative path is taken from ``root``."""
    chosen = Path(configured or os.environ.get(CACHE_ENV) or DEFAULT_CACHE)
    return chosen if chosen.is_absolute() else root / chosen


def pinned_files(catalog: Catalog) -> dict[str, RawFile]:
    """The raw file of every pinned source, by source id."""
    return {
        source_id: RawFile(
            name=source_id,
            sha256=pin.sha256,
            bytes=pin.bytes,
            url=pin.url,
            format=catalog.source(source_id).format,
            retrieved=pin.retrieved,
            archived=catalog.source(source_id).archived,
            archive_url=pin.archive_url,
        )
        for source_id, pin in sorted(catalog.pins.items())
    }


def manifest_files(path: Path, catalog: Catalog) -> dict[str, RawFile]:
    """Every file of a manifest (``tests/raw_files.yaml``), by its path there; a pinned one is
    its source's pinned file under that path."""
    pinned = pinned_files(catalog)
    files = {}
    for name, entry in schema.load_yaml(path, "raw_files")["files"].items():
        if "source" in entry:
            try:
                files[name] = dataclasses.replace(pinned[entry["source"]], name=name)
            except KeyError:
                raise FactcheckError(
                    f"source {entry['source']!r} is not pinned in {catalog.lock_path}",
                    path=path,
                    field=f"files.{name}.source",
                ) from None
        else:
            files[name] = RawFile(name=name, **entry)
    return files


def needed_files(catalog: Catalog, manifest: Path | None) -> list[RawFile]:
    """Every pinned raw file, then every file of the manifest that is not pinned."""
    files = list(pinned_files(catalog).values())
    pinned = {raw.sha256 for raw in files}
    if manifest is not None:
        files += [f for f in manifest_files(manifest, catalog).values() if f.sha256 not in pinned]
    return files


class RawCache:
    """A folder of files named by their sha256."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def find(self, sha256: str) -> Path | None:
        """The cached file with this sha256, checked; None if absent (or damaged)."""
        path = self.root / sha256
        return path if path.is_file() and sha256_file(path) == sha256 else None

    def missing(self, files: Iterable[RawFile]) -> list[RawFile]:
        """The files not in the cache, one per sha256."""
        found: dict[str, RawFile] = {}
        for raw in files:
            if raw.sha256 not in found and self.find(raw.sha256) is None:
                found[raw.sha256] = raw
        return list(found.values())

    def take(self, path: Path, wanted: set[str]) -> set[str]:
        """Store what of ``path`` is wanted: the file itself if its sha256 is, else each
        member of a zip whose sha256 is (within the caps of ``limits``, checked before any
        member is read). Return the sha256s found."""
        sha256 = sha256_file(path)
        if sha256 in wanted:
            with path.open("rb") as handle:
                self._keep(iter(lambda: handle.read(CHUNK_SIZE), b""), wanted)
            return {sha256}
        if not zipfile.is_zipfile(path):
            return set()
        limits.check_zip(path, "zip archive")
        found = set()
        with zipfile.ZipFile(path) as archive:
            for member in archive.infolist():
                if member.is_dir():
                    continue
                limits.check_member_size(path, member)
                with archive.open(member) as stream:
                    kept = self._keep(iter(lambda: stream.read(CHUNK_SIZE), b""), wanted)
                found |= {kept} if kept else set()
        return found

    def _keep(self, chunks: Iterator[bytes], wanted: set[str]) -> str | None:
        """Write ``chunks`` to a temporary file in the cache and keep it under its sha256 if
        that is wanted; nothing else is left behind."""
        self.root.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        handle, name = tempfile.mkstemp(prefix=".incoming.", suffix=".part", dir=self.root)
        tmp = Path(name)
        try:
            with os.fdopen(handle, "wb") as out:
                for chunk in chunks:
                    digest.update(chunk)
                    out.write(chunk)
            sha256 = digest.hexdigest()
            if sha256 not in wanted:
                return None
            os.chmod(tmp, 0o644)
            os.replace(tmp, self.root / sha256)
            return sha256
        finally:
            tmp.unlink(missing_ok=True)


@dataclass(frozen=True)
class Imported:
    """What importing a folder did."""

    stored: list[RawFile]
    matched: int
    ignored: int
    refused: list[str]
    missing: list[RawFile]


def import_folder(folder: Path, files: list[RawFile], cache: RawCache) -> Imported:
    """Copy into ``cache`` every needed file found in ``folder`` (any layout: its own files,
    or zips holding them, as a mirror keeps them), found by sha256. Files that hold nothing
    needed are counted as ignored; a zip over the caps is refused, named, and ignored."""
    if not Path(folder).is_dir():
        raise FactcheckError("no such folder to import raw files from", path=folder)
    missing = cache.missing(files)
    wanted = {raw.sha256 for raw in files}
    matched = ignored = 0
    refused = []
    for path in _files_below(Path(folder)):
        try:
            found = cache.take(path, wanted)
        except FactcheckError as exc:
            refused.append(str(exc))
            found = set()
        matched += bool(found)
        ignored += not found
    still = cache.missing(missing)
    stored = [raw for raw in missing if raw not in still]
    return Imported(stored, matched, ignored, refused, still)


def _files_below(folder: Path) -> Iterator[Path]:
    """Every file below ``folder``, in a stable order; links to folders are not followed."""
    for top, folders, names in os.walk(folder):
        folders.sort()
        for name in sorted(names):
            path = Path(top) / name
            if path.is_file():
                yield path
