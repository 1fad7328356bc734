"""Primary documents pinned as page texts (``sources/documents/<id>.json``), read offline.

A pinned document holds where and when it was fetched, the identity of the bytes (sha256,
size) and the text of each page, so that quotes are checked against exactly what was read.
Pinning them is :mod:`factcheck.live.document_pin`'s work.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from ..errors import FactcheckError
from ..filenames import check_id

PIN_COMMAND = "snakemake -c1 pin_documents --config online=true"
_FIELDS: dict[str, type] = {
    "id": str,
    "url": str,
    "final_url": str,
    "sha256": str,
    "bytes": int,
    "retrieved": str,
    "content_type": str,
    "pages": list,
}
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


def pinned_path(documents_dir: Path, doc_id: str) -> Path:
    """``<documents_dir>/<id>.json``; the id must be a valid id (a file name, nothing else)."""
    check_id(doc_id, what="document id", path=None, field=None)
    return Path(documents_dir) / f"{doc_id}.json"


def load_pinned(documents_dir: Path, doc_id: str) -> dict[str, Any] | None:
    """The pinned record of ``doc_id``; None if not pinned, FactcheckError if malformed."""
    path = pinned_path(documents_dir, doc_id)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        problem: tuple[str | None, str] | None = (None, f"unreadable pinned document: {exc}")
    else:
        problem = _shape_problem(data, doc_id)
    if problem is not None:
        field, what = problem
        raise FactcheckError(
            f"{what}; delete the file and pin the document again: {PIN_COMMAND}",
            path=path,
            field=field,
        )
    return data


def _shape_problem(data: Any, doc_id: str) -> tuple[str | None, str] | None:
    """(field, what is wrong) if ``data`` is not a pinned record of ``doc_id``, else None."""
    if not isinstance(data, dict):
        return None, "a pinned document must be a JSON object"
    unknown = sorted(set(data) - set(_FIELDS))
    if unknown:
        return None, f"unknown fields {unknown}; allowed: {sorted(_FIELDS)}"
    for name, kind in _FIELDS.items():
        if name not in data:
            return name, "missing"
        if not isinstance(data[name], kind) or isinstance(data[name], bool):
            return name, f"must be a {kind.__name__}"
    if data["id"] != doc_id:
        return "id", f"{data['id']!r} differs from the file name {doc_id!r}"
    if not _SHA256.match(data["sha256"]):
        return "sha256", "must be 64 lowercase hex digits"
    if not data["pages"] or not all(isinstance(page, str) for page in data["pages"]):
        return "pages", "must be a non-empty list of page texts"
    return None
