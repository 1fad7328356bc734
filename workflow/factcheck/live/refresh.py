"""Fetching one live source for the fetch step: download (or reuse an unchanged copy) and
write its fetch record. The list of live sources, read at workflow parse time, is in
:mod:`factcheck.pipeline.dag`."""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

import requests

from .. import atomic
from ..errors import FactcheckError
from .fetch import FetchError, FetchRecord, fetch

VANISHED = frozenset({404, 410})
"""HTTP statuses meaning the publisher no longer serves the file: reported as drift."""
PROGRESS_STEP = 0.1


def unmirror(url: str, mirror: str | None) -> str:
    """The public URL a mirror URL stands for (inverse of ``fetch.mirror_url``)."""
    prefix = f"{mirror.rstrip('/')}/" if mirror else ""
    if prefix and url.startswith(prefix):
        return f"https://{url[len(prefix) :]}"
    return url


def is_vanished(record: FetchRecord) -> bool:
    return record.status in VANISHED


def read_record(path: Path) -> FetchRecord:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise FactcheckError(f"unreadable fetch record: {exc}", path=path) from None
    try:
        return FetchRecord.from_json(data)
    except FactcheckError as exc:
        raise FactcheckError(exc.reason, path=path) from None


def _write_json(path: Path, data: Any) -> None:
    atomic.write_text(path, json.dumps(data, indent=2, sort_keys=True) + "\n")


def _now() -> str:
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


def fetch_source(
    url: str,
    expected_format: str,
    raw: Path,
    record_path: Path,
    cache: Path,
    *,
    mirror: str | None,
    timeout: float,
    retries: int,
    max_bytes: int,
    log: TextIO = sys.stderr,
) -> FetchRecord:
    """Download ``url`` to ``raw`` and its record to ``record_path``.

    The last good download is kept in ``cache`` under the name of ``raw`` (outside
    Snakemake's outputs, which it deletes before a job runs), so that the request can be
    conditional. A 404 or 410 is not an error here: the record says the source vanished,
    and the drift report shows it.
    """
    name = raw.name
    cached, cached_record = cache / name, cache / f"{name}.json"
    previous = read_record(cached_record) if cached.exists() and cached_record.exists() else None
    if previous is not None and previous.url != url:
        previous = None
    responses: list[requests.Response] = []
    with requests.Session() as session:
        session.hooks["response"].append(lambda response, *_, **__: responses.append(response))
        try:
            record = fetch(
                url,
                cached,
                expected_format=expected_format,
                previous=previous,
                mirror=mirror,
                connect_timeout=min(10.0, timeout),
                read_timeout=timeout,
                retries=retries,
                max_bytes=max_bytes,
                progress=_progress(name, log),
                session=session,
            )
        except FetchError as exc:
            if not responses or responses[-1].status_code not in VANISHED:
                raise
            record = _vanished(url, responses[-1])
            print(f"warning: {exc}", file=log)
    if is_vanished(record):
        atomic.write_bytes(raw, b"")
    else:
        _write_json(cached_record, record.to_json())
        with atomic.atomic_path(raw) as tmp:
            shutil.copyfile(cached, tmp)
        state = "not modified" if record.not_modified else f"{record.bytes} bytes"
        print(f"{name}: {state}, sha256 {record.sha256[:12]}", file=log)
    _write_json(record_path, record.to_json())
    return record


def _vanished(url: str, response: requests.Response) -> FetchRecord:
    return FetchRecord(
        url=url,
        final_url=response.url,
        status=response.status_code,
        content_type=response.headers.get("Content-Type", ""),
        bytes=0,
        sha256=hashlib.sha256(b"").hexdigest(),
        retrieved=_now(),
        etag=None,
        last_modified=None,
        not_modified=False,
    )
