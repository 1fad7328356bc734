"""Primary documents quoted by ``document_quote`` claims: fetched once, pinned as page texts.

A pinned document is ``sources/documents/<id>.json``: where and when it was fetched, the
identity of the bytes (sha256, size) and the text of each page, so that quotes are checked
offline against exactly what was read.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from .. import atomic
from ..articles.claims import load_claims
from ..errors import FactcheckError
from ..pinned.documents import load_pinned, pinned_path
from .documents import extract_pages
from .fetch import fetch
from .refresh import unmirror


def fetch_document(
    document: dict[str, Any], *, mirror: str | None, retrieved: str | None = None
) -> dict[str, Any]:
    """Download ``document["url"]`` (through ``mirror`` if given) and read its page texts.

    Returns the pinned record; ``retrieved`` defaults to the date of the download.
    Raises FactcheckError naming the URL if it cannot be fetched or read.
    """
    url = document["url"]
    with tempfile.TemporaryDirectory(prefix="factcheck-document-") as tmp:
        raw = Path(tmp) / "document"
        record = fetch(url, raw, expected_format=document["format"], mirror=mirror)
        try:
            pages = extract_pages(raw)
        except FactcheckError as exc:
            raise FactcheckError(exc.reason, path=url) from None
    return {
        "id": document["id"],
        "url": url,
        "final_url": unmirror(record.final_url, mirror),
        "sha256": record.sha256,
        "bytes": record.bytes,
        "retrieved": retrieved or record.retrieved[:10],
        "content_type": record.content_type,
        "pages": pages,
    }


def write_pinned(record: dict[str, Any], documents_dir: Path) -> Path:
    """Write a pinned record to ``documents_dir/<id>.json`` atomically; return its path."""
    path = pinned_path(documents_dir, record["id"])
    atomic.write_text(path, json.dumps(record, indent=2, ensure_ascii=False) + "\n")
    return path


def pin_document(
    document: dict[str, Any],
    documents_dir: Path,
    *,
    mirror: str | None,
    retrieved: str | None = None,
) -> Path:
    """Fetch a document and pin it as ``documents_dir/<id>.json``; nothing is written on error."""
    return write_pinned(fetch_document(document, mirror=mirror, retrieved=retrieved), documents_dir)


def documents_named(sources_root: Path) -> list[dict[str, Any]]:
    """Every document named by a ``document_quote`` claim in ``sources_root/articles/*.yaml``.

    Sorted by id; one id naming two different documents is an error.
    """
    found: dict[str, tuple[dict[str, Any], Path]] = {}
    for path in sorted((Path(sources_root) / "articles").glob("*.yaml")):
        for claim in load_claims(path)["claims"]:
            if claim["check"]["type"] != "document_quote":
                continue
            document = claim["check"]["document"]
            seen = found.setdefault(document["id"], (document, path))
            if seen[0] != document:
                raise FactcheckError(
                    f"document {document['id']!r} is described differently in {seen[1]}",
                    path=path,
                    field=f"claims ({claim['id']}).check.document",
                )
    return [document for _, (document, _) in sorted(found.items())]


def pin_documents(sources_root: Path, *, mirror: str | None) -> list[str]:
    """Pin every named document not yet pinned from its URL; return a line per document.

    Every download is read before any file is written, so a failure writes nothing.
    Already pinned documents are kept: delete ``<id>.json`` to fetch one again.
    """
    documents_dir = Path(sources_root) / "documents"
    lines, fetched = [], []
    for document in documents_named(sources_root):
        pinned = load_pinned(documents_dir, document["id"])
        if pinned is not None and pinned["url"] == document["url"]:
            lines.append(f"{document['id']}: already pinned (sha256 {pinned['sha256'][:12]})")
        else:
            fetched.append(fetch_document(document, mirror=mirror))
    for record in fetched:
        path = write_pinned(record, documents_dir)
        lines.append(
            f"{record['id']}: pinned {len(record['pages'])} pages, {record['bytes']} bytes, "
            f"sha256 {record['sha256'][:12]} -> {path}"
        )
    return lines
