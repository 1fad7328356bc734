"""Filling the raw-file cache from the publishers' URLs (or a mirror): the ``raw`` target.

Each missing file is downloaded from its live URL, once per URL, and kept if its sha256 is
the one recorded (for a zip-csv file: if a member of the zip served has it). A release the
live URL no longer serves (``archived``, or other bytes served) comes from its archive URL
if one is recorded, or is reported as not retrievable: it is never replaced by other bytes.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import FactcheckError
from ..words import counted
from .fetch import fetch
from .raw_cache import RawCache, RawFile

ARCHIVE_FORMATS = {"zip-csv": "csv"}
"""What an archive URL serves of a file whose live URL serves another format: an archive
holds exactly the pinned bytes, which for a zip-csv source are its CSV member."""


@dataclass(frozen=True)
class Fetched:
    """What filling the cache did: files stored, files no URL serves, downloads that failed."""

    stored: list[RawFile]
    not_retrievable: list[str]
    failed: list[str]


@dataclass(frozen=True)
class Downloader:
    """Downloads into a scratch folder with the limits and mirror of the run."""

    folder: Path
    mirror: str | None
    timeout: float
    retries: int
    max_bytes: int

    def take(self, url: str, expected_format: str, cache: RawCache, wanted: set[str]) -> set[str]:
        """Download ``url`` and store what of it is wanted; return the sha256s found."""
        download = self.folder / "download"
        fetch(
            url,
            download,
            expected_format=expected_format,
            mirror=self.mirror,
            connect_timeout=min(10.0, self.timeout),
            read_timeout=self.timeout,
            retries=self.retries,
            max_bytes=self.max_bytes,
        )
        try:
            return cache.take(download, wanted)
        except FactcheckError as exc:
            raise FactcheckError(exc.reason, path=url) from None
        finally:
            download.unlink(missing_ok=True)


def fetch_raw_files(
    files: list[RawFile],
    cache: RawCache,
    *,
    mirror: str | None,
    timeout: float,
    retries: int,
    max_bytes: int,
) -> Fetched:
    """Download every file of ``files`` missing from ``cache``: from its live URL unless the
    release is archived, then from its archive URL if the live one did not serve it."""
    missing = cache.missing(files)
    failed: list[str] = []
    reasons: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="factcheck-raw-") as folder:
        downloader = Downloader(Path(folder), mirror, timeout, retries, max_bytes)
        by_url: dict[str, list[RawFile]] = {}
        for raw in missing:
            if raw.archived:
                reasons[raw.sha256] = "its URL serves a later release"
            else:
                by_url.setdefault(raw.url, []).append(raw)
        for url, group in by_url.items():
            wanted = {raw.sha256 for raw in group}
            try:
                found = downloader.take(url, group[0].format, cache, wanted)
            except FactcheckError as exc:
                failed.append(str(exc))
                continue
            reasons |= dict.fromkeys(wanted - found, "its URL now serves other bytes")
        for raw in missing:
            if raw.sha256 not in reasons or not raw.archive_url:
                continue
            expected_format = ARCHIVE_FORMATS.get(raw.format, raw.format)
            try:
                if downloader.take(raw.archive_url, expected_format, cache, {raw.sha256}):
                    del reasons[raw.sha256]
                else:
                    reasons[raw.sha256] += ", and its archive URL serves other bytes too"
            except FactcheckError as exc:
                failed.append(str(exc))
                del reasons[raw.sha256]
    not_retrievable = [
        f"not retrievable: {raw.name}, last served {raw.retrieved} ({reasons[raw.sha256]}"
        f"{'' if raw.archive_url else '; no archive URL is recorded'})"
        for raw in missing
        if raw.sha256 in reasons
    ]
    stored = [raw for raw in missing if raw.sha256 not in reasons and cache.find(raw.sha256)]
    return Fetched(stored, not_retrievable, failed)


def failure_summary(failed: list[str]) -> str:
    """Failed downloads (``"<url>: <reason>"``) in one line, each reason once: a reason
    shared by several URLs (no network, a mirror down) counts them instead of naming each."""
    by_reason: dict[str, list[str]] = {}
    for failure in failed:
        url, _, reason = failure.partition(": ")
        by_reason.setdefault(reason, []).append(url)
    parts = [
        f"{urls[0]}: {reason}" if len(urls) == 1 else f"{counted(len(urls), 'URL')}: {reason}"
        for reason, urls in by_reason.items()
    ]
    return f"{counted(len(failed), 'download')} failed: " + "; ".join(parts)
