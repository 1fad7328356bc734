"""Download public source files: retries, a total deadline, a redirect policy, a size cap,
content sniffing and atomic writes.

A download either leaves the complete, sniffed file at its destination or leaves the
destination exactly as it was. A mirror (``FACTCHECK_MIRROR``) serves the file of
``https://HOST/PATH`` at ``MIRROR/HOST/PATH``, for offline runs and tests. Redirects are
followed only to the URL's own host or to hosts named in ``redirect_hosts``, and never from
https to http; through a mirror the policy applies to the public URLs the mirror stands for.
"""

from __future__ import annotations

import codecs
import email.utils
import hashlib
import os
import socket
import time
from collections.abc import Callable, Collection
from dataclasses import asdict, dataclass, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests
import urllib3

from ..atomic import atomic_path
from ..errors import FactcheckError

USER_AGENT = "factcheck-pipeline/0.1 (reproducible fact-checking of published claims)"
MIRROR_ENV = "FACTCHECK_MIRROR"

FORMATS = frozenset({"xlsx", "zip-csv", "json", "csv", "tsv-utf16", "pdf", "html"})
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_BACKOFF = 30.0
MAX_RETRY_AFTER = 60.0
MAX_REDIRECTS = 10
CHUNK_SIZE = 64 * 1024
SNIFF_SIZE = 4096

Progress = Callable[[int, int | None], None]
"""Called with (bytes received so far, Content-Length or None) as chunks arrive."""
Log = Callable[[str], None]
"""Called with a line saying what happened: a retry, a redirect."""


class FetchError(FactcheckError):
    """A download failed; the message names the URL, what happened and what to do.

    ``transient`` if trying again later may succeed (the server or the network failed, or
    was too slow), not if the answer itself was refused (HTTP 4xx, wrong content, too large,
    a redirect against the policy).
    """

    def __init__(self, message: str, *, path: str | None = None, transient: bool = False):
        super().__init__(message, path=path)
        self.transient = transient


@dataclass(frozen=True)
class FetchRecord:
    """What one download got: where from, when, and the identity of the bytes."""

    url: str
    final_url: str
    status: int
    content_type: str
    bytes: int
    sha256: str
    retrieved: str
    etag: str | None
    last_modified: str | None
    not_modified: bool

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FetchRecord:
        """Read a record; ``etag``, ``last_modified`` and ``not_modified`` may be absent."""
        names = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - names)
        if unknown:
            raise FetchError(f"fetch record: unknown fields {unknown}")
        try:
            return cls(**{"etag": None, "last_modified": None, "not_modified": False, **data})
        except TypeError as exc:
            raise FetchError(f"fetch record: {exc}") from None


def mirror_url(url: str, mirror: str | None) -> str:
    """The URL that serves ``url`` from ``mirror`` (``MIRROR/HOST/PATH?QUERY``); ``url`` if none."""
    if not mirror:
        return url
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError("not an http(s) URL, so it cannot be mirrored", path=url)
    host = parts.netloc.rpartition("@")[2]
    query = f"?{parts.query}" if parts.query else ""
    return f"{mirror.rstrip('/')}/{host}{parts.path or '/'}{query}"


def unmirror(url: str, mirror: str | None) -> str:
    """The public URL a mirror URL stands for (inverse of :func:`mirror_url`)."""
    prefix = f"{mirror.rstrip('/')}/" if mirror else ""
    if prefix and url.startswith(prefix):
        return f"https://{url[len(prefix) :]}"
    return url


def resolve_mirror(configured: str | None) -> str | None:
    """The mirror to use: the configured one, else ``$FACTCHECK_MIRROR``, else None."""
    return configured or os.environ.get(MIRROR_ENV) or None


class _Retry(Exception):
    """A transient failure; ``delay`` is the server's Retry-After in seconds, if it sent one."""

    def __init__(self, reason: str, delay: float | None = None):
        super().__init__(reason)
        self.delay = delay


def fetch(
    url: str,
    dest: Path,
    *,
    expected_format: str,
    previous: FetchRecord | None = None,
    mirror: str | None = None,
    connect_timeout: float = 10,
    read_timeout: float = 60,
    max_bytes: int = 200 * 2**20,
    retries: int = 4,
    backoff: float = 1.0,
    progress: Progress | None = None,
    session: requests.Session | None = None,
    deadline: float | None = None,
    redirect_hosts: Collection[str] = (),
    log: Log | None = None,
) -> FetchRecord:
    """Download ``url`` (through ``mirror`` if given) to ``dest`` and describe what arrived.

    With ``previous`` and an existing ``dest`` the request is conditional; a 304 keeps
    ``dest`` and returns a record with ``not_modified=True``. Transient failures (429, 5xx
    gateway errors, connection errors, timeouts, cut bodies) are retried ``retries`` times.
    ``deadline`` bounds the whole download, retries included, in seconds: a server that
    trickles bytes just fast enough to beat ``read_timeout`` is cut off. Redirects go only to
    ``url``'s host or to ``redirect_hosts``, never from https to http. ``log`` is told of
    every retry and redirect. Raises FetchError on any failure, leaving ``dest`` as it was.
    """
    if expected_format not in FORMATS:
        raise FetchError(
            f"unknown expected format {expected_format!r}; use one of {', '.join(sorted(FORMATS))}",
            path=url,
        )
    dest = Path(dest)
    headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "identity"}
    if previous is not None and dest.exists():
        if previous.etag:
            headers["If-None-Match"] = previous.etag
        if previous.last_modified:
            headers["If-Modified-Since"] = previous.last_modified
    conditional = "If-None-Match" in headers or "If-Modified-Since" in headers
    job = _Job(
        url=url,
        target=mirror_url(url, mirror),
        mirror=mirror,
        dest=dest,
        expected_format=expected_format,
        previous=previous if conditional else None,
        max_bytes=max_bytes,
        clock=_Clock(deadline),
        redirect_hosts=frozenset(host.lower() for host in redirect_hosts),
        log=log or (lambda line: None),
    )
    attempts = max(retries, 0) + 1
    own_session = session is None
    session = session or requests.Session()
    try:
        for attempt in range(attempts):
            job.clock.check(job, f"before attempt {attempt + 1}")
            try:
                return job.attempt(session, headers, (connect_timeout, read_timeout), progress)
            except _Retry as exc:
                last = str(exc)
                if attempt < attempts - 1:
                    default = min(backoff * 2**attempt, MAX_BACKOFF)
                    delay = default if exc.delay is None else exc.delay
                    job.log(
                        f"{url}: attempt {attempt + 1} of {attempts} failed ({last}); "
                        f"retrying in {delay:g} s"
                    )
                    job.clock.sleep(delay, job, last)
    finally:
        if own_session:
            session.close()
    tries = f"{attempts} attempts" if attempts > 1 else "1 attempt"
    raise job.error(
        f"gave up after {tries}; last error: {last}; the server or the network is failing "
        f"for now: try again later, or set {MIRROR_ENV} to a mirror holding the file",
        transient=True,
    )


class _Clock:
    """The deadline of one download (none if ``seconds`` is None)."""

    def __init__(self, seconds: float | None):
        self.seconds = seconds
        self.expires = None if seconds is None else time.monotonic() + seconds

    def remaining(self) -> float:
        return float("inf") if self.expires is None else self.expires - time.monotonic()

    def check(self, job: _Job, what: str, needed: float = 0.0) -> None:
        """Raise the deadline error if less than ``needed`` seconds are left."""
        if self.remaining() <= needed:
            raise job.error(
                f"took longer than the deadline of {self.seconds:g} s ({what}): the server is "
                "too slow or trickling the file; try again later, or raise the deadline "
                "(fetch_deadline)",
                transient=True,
            )

    def timeout(self, timeout: tuple[float, float]) -> tuple[float, float]:
        """Connect and read timeouts, each cut to the time left."""
        left = max(self.remaining(), 0.001)
        return min(timeout[0], left), min(timeout[1], left)

    def sleep(self, delay: float, job: _Job, last: str) -> None:
        """Wait ``delay`` seconds before a retry, unless the deadline would pass first."""
        self.check(job, f"no time left to retry after: {last}", needed=delay)
        time.sleep(delay)


@dataclass(frozen=True)
class _Job:
    """One file to download; ``attempt`` tries once. ``previous`` is set if conditional."""

    url: str
    target: str
    mirror: str | None
    dest: Path
    expected_format: str
    previous: FetchRecord | None
    max_bytes: int
    clock: _Clock
    redirect_hosts: frozenset[str]
    log: Log

    def error(self, what: str, *, transient: bool = False) -> FetchError:
        via = f" (requested from mirror {self.target})" if self.target != self.url else ""
        return FetchError(what + via, path=self.url, transient=transient)

    def attempt(
        self,
        session: requests.Session,
        headers: dict[str, str],
        timeout: tuple[float, float],
        progress: Progress | None,
    ) -> FetchRecord:
        target = self.target
        for _ in range(MAX_REDIRECTS + 1):
            response = self._get(session, target, headers, self.clock.timeout(timeout))
            location = session.get_redirect_target(response)
            if location is None:
                with response:
                    return self._receive(response, progress)
            response.close()
            target = self._redirect(target, urljoin(target, location), response.status_code)
        raise self.error(f"more than {MAX_REDIRECTS} redirects; open the URL in a browser")

    def _get(
        self,
        session: requests.Session,
        target: str,
        headers: dict[str, str],
        timeout: tuple[float, float],
    ) -> requests.Response:
        try:
            return session.get(
                target, headers=headers, stream=True, timeout=timeout, allow_redirects=False
            )
        except requests.exceptions.SSLError as exc:
            raise self.error(f"TLS error: {exc}; check the system's CA certificates") from exc
        except (requests.ConnectionError, requests.Timeout) as exc:
            unresolved = _unresolved(exc)
            if unresolved is not None:
                host = urlsplit(target).hostname
                raise self.error(
                    f"cannot resolve the host {host} ({unresolved.strerror}): no network, or a "
                    f"wrong host name; check the connection and the URL, or set {MIRROR_ENV}",
                    transient=True,
                ) from exc
            raise _Retry(f"{type(exc).__name__}: {exc}") from exc
        except requests.RequestException as exc:
            raise self.error(f"request failed: {exc}; check the URL") from exc

    def _redirect(self, current: str, location: str, status: int) -> str:
        """The URL to request for a redirect to ``location``, if the policy allows it."""
        public_now, public_next = unmirror(current, self.mirror), unmirror(location, self.mirror)
        parts = urlsplit(public_next)
        host = (parts.hostname or "").lower()
        allowed = {(urlsplit(self.url).hostname or "").lower(), *self.redirect_hosts}
        refused = None
        if parts.scheme not in ("http", "https"):
            refused = f"to a {parts.scheme or 'relative'} URL"
        elif urlsplit(public_now).scheme == "https" and parts.scheme != "https":
            refused = "from https to http, which would drop the encryption"
        elif host not in allowed:
            refused = (
                f"to another host, {host}; if it is the publisher's, add it to the dataset's "
                "redirect_hosts in sources/catalog.yaml, else fix the source's url"
            )
        if refused:
            raise self.error(f"redirect (HTTP {status}) to {public_next} refused: {refused}")
        self.log(f"{self.url}: redirected (HTTP {status}) to {public_next}")
        under_mirror = self.mirror and location.startswith(f"{self.mirror.rstrip('/')}/")
        return (
            mirror_url(public_next, self.mirror) if self.mirror and not under_mirror else location
        )

    def _receive(self, response: requests.Response, progress: Progress | None) -> FetchRecord:
        status = response.status_code
        if status in RETRY_STATUSES:
            raise _Retry(f"HTTP {status}", _retry_after(response.headers.get("Retry-After")))
        if status == 304 and self.previous is not None:
            return self._not_modified(response)
        if status == 404:
            raise self.error(
                "not found (404): the source may have moved; update its URL in sources/catalog.yaml"
            )
        if status != 200:
            raise self.error(
                f"HTTP {status} {response.reason}: the server refused the file; "
                "open the URL in a browser to see why"
            )
        content_type = response.headers.get("Content-Type", "")
        length = _declared_length(response)
        if length is not None and length > self.max_bytes:
            raise self.error(self._too_large(f"the server announces {length} bytes"))
        try:
            with atomic_path(self.dest) as tmp:
                size, sha256 = self._stream(response, tmp, length, progress)
                self._sniff(tmp, content_type)
        except OSError as exc:
            raise self.error(f"cannot write {self.dest}: {exc}; check the disk and folder") from exc
        return FetchRecord(
            url=self.url,
            final_url=response.url,
            status=status,
            content_type=content_type,
            bytes=size,
            sha256=sha256,
            retrieved=_now(),
            etag=response.headers.get("ETag"),
            last_modified=response.headers.get("Last-Modified"),
            not_modified=False,
        )

    def _not_modified(self, response: requests.Response) -> FetchRecord:
        assert self.previous is not None
        digest = hashlib.sha256()
        with self.dest.open("rb") as kept:
            for chunk in iter(lambda: kept.read(CHUNK_SIZE), b""):
                digest.update(chunk)
        return FetchRecord(
            url=self.url,
            final_url=response.url,
            status=304,
            content_type=self.previous.content_type,
            bytes=self.dest.stat().st_size,
            sha256=digest.hexdigest(),
            retrieved=_now(),
            etag=response.headers.get("ETag", self.previous.etag),
            last_modified=response.headers.get("Last-Modified", self.previous.last_modified),
            not_modified=True,
        )

    def _stream(
        self,
        response: requests.Response,
        tmp: Path,
        length: int | None,
        progress: Progress | None,
    ) -> tuple[int, str]:
        """Write the body to ``tmp``; return its size and sha256."""
        digest = hashlib.sha256()
        done = 0
        try:
            with tmp.open("wb") as out:
                # read1 returns what one read of the socket gives, so that the deadline is
                # checked as bytes trickle in (iter_content waits for a whole chunk)
                for chunk in iter(lambda: response.raw.read1(CHUNK_SIZE, decode_content=True), b""):
                    self.clock.check(self, f"{done + len(chunk)} bytes received")
                    done += len(chunk)
                    if done > self.max_bytes:
                        raise self.error(self._too_large(f"more than {self.max_bytes} bytes came"))
                    digest.update(chunk)
                    out.write(chunk)
                    if progress is not None:
                        progress(done, length)
        except (requests.RequestException, urllib3.exceptions.HTTPError) as exc:
            done = max(done, response.raw.tell())  # urllib3 may hold back a partial chunk
            what = (
                f"body cut short: got {done} of {length} bytes"
                if length is not None
                else f"connection broke after {done} bytes"
            )
            raise _Retry(f"{what} ({type(exc).__name__})") from exc
        if length is not None and done < length:
            raise _Retry(f"body cut short: got {done} of {length} bytes")
        return done, digest.hexdigest()

    def _too_large(self, what: str) -> str:
        return (
            f"too large: {what}, over the limit of {self.max_bytes} bytes; if the source "
            "really grew this much, raise max_bytes"
        )

    def _sniff(self, tmp: Path, content_type: str) -> None:
        """Check that the first bytes look like the expected format."""
        fmt = self.expected_format
        if fmt == "html":
            return
        with tmp.open("rb") as body:
            head = body.read(SNIFF_SIZE)
        if _looks_like_html(head) or content_type.split(";")[0].strip().lower() == "text/html":
            raise self.error(
                f"got an HTML page (an error page or a bot challenge?) where {fmt} was expected; "
                f"open the URL in a browser, and if it needs a human, save the file by hand "
                f"into a mirror ({MIRROR_ENV})"
            )
        if not _SNIFFERS[fmt](head):
            raise self.error(
                f"the body does not look like {fmt} ({_DESCRIPTIONS[fmt]}); it starts with "
                f"{head[:16]!r}; check what the URL serves now and update sources/catalog.yaml"
            )


def _unresolved(exc: BaseException) -> socket.gaierror | None:
    """The failed name look-up behind a connection error, unless it may pass (EAI_AGAIN)."""
    seen: set[int] = set()
    stack: list[BaseException] = [exc]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, socket.gaierror):
            return None if current.errno == socket.EAI_AGAIN else current
        stack += [e for e in (current.__cause__, current.__context__) if e is not None]
        stack += [a for a in current.args if isinstance(a, BaseException)]
        stack += [r for r in [getattr(current, "reason", None)] if isinstance(r, BaseException)]
    return None


def _looks_like_html(head: bytes) -> bool:
    start = head.removeprefix(codecs.BOM_UTF8).lstrip()[:14].lower()
    return start.startswith((b"<!doctype html", b"<html"))


def _is_utf8_text(head: bytes) -> bool:
    try:
        # final=False: the head may end inside a multi-byte character.
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return False
    return bool(head)


_SNIFFERS: dict[str, Callable[[bytes], bool]] = {
    "xlsx": lambda head: head.startswith(b"PK\x03\x04"),
    "zip-csv": lambda head: head.startswith(b"PK\x03\x04"),
    "json": lambda head: head.removeprefix(codecs.BOM_UTF8).lstrip()[:1] in (b"{", b"["),
    "csv": _is_utf8_text,
    "tsv-utf16": lambda head: head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)),
    "pdf": lambda head: head.startswith(b"%PDF-"),
}
_DESCRIPTIONS = {
    "xlsx": "a zip file starting with PK\\x03\\x04",
    "zip-csv": "a zip file starting with PK\\x03\\x04",
    "json": "text starting with { or [",
    "csv": "non-empty UTF-8 text",
    "tsv-utf16": "text starting with a UTF-16 byte order mark",
    "pdf": "a file starting with %PDF-",
}


def _declared_length(response: requests.Response) -> int | None:
    """Content-Length as bytes on disk; None if absent, invalid or of an encoded body."""
    if response.headers.get("Content-Encoding", "identity").lower() != "identity":
        return None
    try:
        length = int(response.headers["Content-Length"])
    except (KeyError, ValueError):
        return None
    return length if length >= 0 else None


def _retry_after(value: str | None) -> float | None:
    """Seconds to wait per a Retry-After header (seconds or HTTP-date), capped; None if unusable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        seconds = float(value)
    else:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - datetime.now(UTC)).total_seconds()
    return min(max(seconds, 0.0), MAX_RETRY_AFTER)


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
