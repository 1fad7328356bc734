"""The fetch step of one live source: download it (conditionally, when the last copy is the
pinned one), take its identity and write what happened as a record, failure included.

A failure to fetch one source is not an error of the step: it is recorded (``failed``, with
the reason naming the source and its URL) so that drift still compares every other source
and lists this one as a failed row. The list of live sources, read at workflow parse time,
is in :mod:`factcheck.pipeline.dag`.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from collections.abc import Callable
from dataclasses import asdict, dataclass, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

import requests

from .. import atomic
from ..errors import FactcheckError
from ..pinned.catalog import Pin, Source
from ..pinned.identity import Identity, identity_of, write_identity
from .fetch import FetchError, FetchRecord, fetch, unmirror
from .outcomes import DOWNLOADED, FAILED, NOT_MODIFIED, OUTCOMES, VANISHED_OUTCOME

VANISHED = frozenset({404, 410})
"""HTTP statuses meaning the publisher no longer serves the file: reported as drift."""
PROGRESS_STEP = 0.1


@dataclass(frozen=True)
class Fetched:
    """What the fetch step got for one live source, in drift run ``run``.

    ``sha256``, ``bytes`` and ``member`` are the identity of the bytes (a zip-csv source's
    data member); ``final_url`` is the public URL after redirects; ``error`` says why a
    source failed or could not be read, ``transient`` whether trying later may succeed.
    """

    source: str
    url: str
    run: str
    outcome: str
    retrieved: str
    final_url: str | None = None
    status: int | None = None
    sha256: str | None = None
    bytes: int | None = None
    member: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    error: str | None = None
    transient: bool = False

    @property
    def has_file(self) -> bool:
        return self.outcome in (DOWNLOADED, NOT_MODIFIED)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: Any, where: Path | str) -> Fetched:
        names = {f.name for f in fields(cls)}
        if not isinstance(data, dict) or set(data) - names:
            raise FactcheckError(
                f"not a fetch record: expected the fields {sorted(names)}", path=where
            )
        try:
            record = cls(**data)
        except TypeError as exc:
            raise FactcheckError(f"not a fetch record: {exc}", path=where) from None
        if record.outcome not in OUTCOMES:
            raise FactcheckError(f"unknown outcome {record.outcome!r}", path=where)
        return record


def read_fetched(path: Path) -> Fetched:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise FactcheckError(f"unreadable fetch record: {exc}", path=path) from None
    return Fetched.from_json(data, path)


def write_json(path: Path, data: Any) -> None:
    atomic.write_text(path, json.dumps(data, indent=2, sort_keys=True) + "\n")


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _progress(name: str, out: TextIO) -> Callable[[int, int | None], None]:
    """A progress callback printing a line per tenth of the file (per 10 MB if unannounced)."""
    shown = [0.0]

    def report(done: int, total: int | None) -> None:
        step = total * PROGRESS_STEP if total else 10 * 2**20
        if done - shown[0] >= step or done == total:
            shown[0] = done
            of = f" of {total / 2**20:.1f} MB ({done / total:.0%})" if total else " MB"
            print(f"{name}: {done / 2**20:.1f}{of}", file=out, flush=True)

    return report


@dataclass(frozen=True)
class FetchSettings:
    """How the fetch step downloads: mirror, timeouts, retries, size cap."""

    mirror: str | None
    timeout: float
    deadline: float
    retries: int
    max_bytes: int


class _Cache:
    """Copies of what a source served, by identity (``<sha256>``, with ``<sha256>.json``
    holding the validators that came with those bytes), kept outside Snakemake's outputs.

    Only the copy of the pinned identity makes a request conditional, so that a 304 means
    "still the pinned bytes"; the copy is hashed again before it is trusted. The request is
    conditional on the copy's ETag alone: by date (If-Modified-Since), a server that went
    back to an older file would answer 304 to the date of a newer one.
    """

    def __init__(self, folder: Path, source: Source):
        self.folder = folder / source.id
        self.format = source.format
        self.work = self.folder / "download"

    def _validators(self, sha256: str) -> dict[str, Any] | None:
        try:
            data = json.loads((self.folder / f"{sha256}.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def previous(self, url: str, pin: Pin | None) -> FetchRecord | None:
        """A record of the pinned bytes to make the request conditional on, with those bytes
        copied to ``work``; None (and no ``work``) if the cache does not hold them."""
        self.work.unlink(missing_ok=True)
        if pin is None:
            return None
        copy, validators = self.folder / pin.sha256, self._validators(pin.sha256)
        if validators is None or not validators.get("etag") or not copy.is_file():
            return None
        try:
            if identity_of(copy, self.format).sha256 != pin.sha256:
                return None
        except FactcheckError:
            return None
        shutil.copyfile(copy, self.work)
        return FetchRecord(
            url=url,
            final_url=url,
            status=200,
            content_type=str(validators.get("content_type", "")),
            bytes=pin.bytes,
            sha256=pin.sha256,
            retrieved=now(),
            etag=validators["etag"],
            last_modified=None,
            not_modified=False,
        )

    def keep(self, identity: Identity, record: FetchRecord, pin: Pin | None) -> None:
        """Keep ``work`` as the copy of ``identity``; drop copies of neither it nor the pin."""
        validators = {"content_type": record.content_type, "etag": record.etag}
        os.replace(self.work, self.folder / identity.sha256)
        write_json(self.folder / f"{identity.sha256}.json", validators)
        kept = {identity.sha256, pin.sha256 if pin else ""}
        for path in self.folder.iterdir():
            if path.name.removesuffix(".json") not in kept:
                path.unlink()


def fetch_source(
    source: Source,
    pin: Pin | None,
    raw: Path,
    record_path: Path,
    cache: Path,
    *,
    run: str,
    settings: FetchSettings,
    log: TextIO = sys.stderr,
) -> Fetched:
    """Fetch ``source`` into ``raw`` (its identity's bytes) and write its record.

    Retries, redirects and failures are logged naming the source and its URL.
    """

    def say(line: str) -> None:
        print(f"{source.id}: {line}", file=log, flush=True)

    store = _Cache(cache, source)
    previous = store.previous(source.url, pin)
    responses: list[requests.Response] = []
    base = {"source": source.id, "url": source.url, "run": run}
    with requests.Session() as session:
        session.hooks["response"].append(lambda response, *_, **__: responses.append(response))
        try:
            record = fetch(
                source.url,
                store.work,
                expected_format=source.format,
                previous=previous,
                mirror=settings.mirror,
                connect_timeout=min(10.0, settings.timeout),
                read_timeout=settings.timeout,
                retries=settings.retries,
                max_bytes=settings.max_bytes,
                progress=_progress(source.id, log),
                session=session,
                deadline=settings.deadline,
                redirect_hosts=source.redirect_hosts,
                log=say,
            )
            with atomic.atomic_path(raw) as tmp:
                identity = write_identity(store.work, source.format, tmp)
                if record.not_modified and (pin is None or identity.sha256 != pin.sha256):
                    raise FetchError(
                        "answered 304 Not Modified, but the kept copy is no longer the pinned "
                        "bytes; fetch again",
                        path=source.url,
                        transient=True,
                    )
        except FactcheckError as exc:
            last = responses[-1] if responses else None
            http = isinstance(exc, FetchError) and last is not None
            vanished = http and last is not None and last.status_code in VANISHED
            error = named(exc, source)
            say(f"{VANISHED_OUTCOME if vanished else FAILED}: {error}")
            atomic.write_bytes(raw, b"")
            fetched = Fetched(
                **base,
                outcome=VANISHED_OUTCOME if vanished else FAILED,
                retrieved=now(),
                status=last.status_code if last is not None else None,
                error=error,
                transient=isinstance(exc, FetchError) and exc.transient,
            )
            write_json(record_path, fetched.to_json())
            return fetched
    store.keep(identity, record, pin)
    fetched = Fetched(
        **base,
        outcome=NOT_MODIFIED if record.not_modified else DOWNLOADED,
        retrieved=record.retrieved,
        final_url=unmirror(record.final_url, settings.mirror),
        status=record.status,
        sha256=identity.sha256,
        bytes=identity.bytes,
        member=identity.member,
        etag=record.etag,
        last_modified=record.last_modified,
    )
    state = "not modified (the pinned bytes)" if record.not_modified else f"{record.bytes} bytes"
    of = f" of {identity.member}" if identity.member else ""
    say(f"{state}, sha256 {identity.sha256[:12]}{of}")
    write_json(record_path, fetched.to_json())
    return fetched


def named(exc: FactcheckError, source: Source, local: Path | None = None) -> str:
    """The error's message naming the source's URL, never a local file (``local`` is the
    file the error may quote); whoever shows it names the source id before it."""
    reason = exc.reason.replace(str(local), source.id) if local is not None else exc.reason
    field = exc.field if exc.field != source.id else None
    return str(FactcheckError(reason, path=source.url, field=field))
