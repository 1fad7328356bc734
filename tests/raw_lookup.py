"""The real publisher files the tests read, found by sha256 wherever they are.

A test asks for a file by its path in a folder laid out like ``../shared/snapshots``:
``snapshots / "sipri" / "SIPRI-Milex-data-1949-2024_2.xlsx"``. ``tests/raw_files.yaml``
gives each path's sha256 (a pinned file's is in the lock). The file is looked up in the
raw-file cache (``snakemake -c1 raw --config online=true`` fills it), else in
``../shared/snapshots`` (``$FACTCHECK_SHARED``), and shown to the test under its path in a
folder of the session. A test that asks for a file found nowhere is skipped, or fails
with ``--require-raw-files``; the run ends with one line saying what is missing and how to
get it.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from factcheck.live.raw_cache import RawCache, RawFile
from factcheck.pinned.identity import sha256_file

SKIP_REASON = "raw file missing: "
FETCH_COMMAND = ".venv/bin/snakemake -c1 raw --config online=true"
IMPORT_COMMAND = ".venv/bin/snakemake -c1 raw_import --config raw_import_from=<folder>"


@dataclass
class RawFiles:
    """Every raw file the tests may read (``files``, by path), and where to look for it."""

    files: dict[str, RawFile]
    pinned: dict[str, RawFile]
    cache: RawCache
    shared: Path
    shown: Path
    required: bool

    def __post_init__(self) -> None:
        self.missing: set[str] = set()

    def __truediv__(self, part: str | Path) -> Folder | Path:
        return Folder(self, "") / part

    def path(self, name: str) -> Path:
        """The file called ``name`` in the manifest; skip the test if it is nowhere."""
        raw = self.files[name]
        found = self.cache.find(raw.sha256) or self._shared_index.get(raw.sha256)
        if found is None:
            self.missing.add(name)
            reason = f"{SKIP_REASON}{name} (sha256 {raw.sha256[:12]})"
            if self.required:
                pytest.fail(f"{reason}, and --require-raw-files was given")
            pytest.skip(reason)
        shown = self.shown / name
        if not shown.is_symlink():
            shown.parent.mkdir(parents=True, exist_ok=True)
            shown.symlink_to(found.resolve())
        return shown

    def of_source(self, source_id: str) -> Path:
        """The raw file of a pinned source, under its path in the manifest."""
        sha256 = self.pinned[source_id].sha256
        names = [name for name, raw in self.files.items() if raw.sha256 == sha256]
        assert names, f"{source_id}: its raw file is not listed in tests/raw_files.yaml"
        return self.path(names[0])

    @functools.cached_property
    def _shared_index(self) -> dict[str, Path]:
        """Every file of the shared snapshots, by sha256 (hashed once, on first need)."""
        if not self.shared.is_dir():
            return {}
        return {
            sha256_file(Path(top) / name): Path(top) / name
            for top, _, names in os.walk(self.shared)
            for name in names
        }


@dataclass(frozen=True)
class Folder:
    """A folder of the snapshot layout: ``/`` names a subfolder or a file in it."""

    raw: RawFiles
    prefix: str

    def __truediv__(self, part: str | Path) -> Folder | Path:
        name = f"{self.prefix}{Path(part).as_posix()}"
        if name in self.raw.files:
            return self.raw.path(name)
        if any(known.startswith(f"{name}/") for known in self.raw.files):
            return Folder(self.raw, f"{name}/")
        raise AssertionError(f"{name}: not listed in tests/raw_files.yaml")


def summary(skipped: list[pytest.TestReport], missing: set[str]) -> str | None:
    """One line: how many tests were skipped for missing raw files, which files, and the
    commands that fetch or import them; None if none was."""
    count = sum(SKIP_REASON in str(report.longrepr) for report in skipped)
    if not count:
        return None
    return (
        f"raw files: {count} tests skipped, {len(missing)} raw files missing "
        f"({', '.join(sorted(missing))}); fetch them with `{FETCH_COMMAND}`, "
        f"or import a folder of them with `{IMPORT_COMMAND}`"
    )
