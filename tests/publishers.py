"""How publishers' servers behave, for tests that serve real files on 127.0.0.1."""

from __future__ import annotations

import email.utils
import hashlib

from werkzeug import Request, Response


class Versions:
    """Serves one body with an ETag and a Last-Modified date, and answers 304 when either
    validator matches (an If-Modified-Since at or after its date), as many servers do: one
    that went back to an older file answers 304 to the date of a newer one."""

    def __init__(self, body: bytes, stamp: str, content_type: str):
        self.content_type = content_type
        self.set(body, stamp)

    def set(self, body: bytes, stamp: str) -> None:
        """Serve ``body`` from now on, last modified at ``stamp`` (an HTTP date)."""
        self.body, self.stamp = body, stamp
        self.etag = f'"{hashlib.sha256(body).hexdigest()[:16]}"'

    def __call__(self, request: Request) -> Response:
        headers = {"ETag": self.etag, "Last-Modified": self.stamp}
        since = request.headers.get("If-Modified-Since")
        dated = since is not None and email.utils.parsedate_to_datetime(
            since
        ) >= email.utils.parsedate_to_datetime(self.stamp)
        if request.headers.get("If-None-Match") == self.etag or dated:
            return Response(status=304, headers=headers)
        return Response(self.body, content_type=self.content_type, headers=headers)
