"""An article's claims file: loading, validation, and quote verification."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

from .. import schema
from ..checks import claims_schema
from ..errors import FactcheckError
from ..filenames import check_id, path_inside
from ..textfile import decode_utf8
from .quotes import find_quote, normalize


def load_claims(path: Path | str) -> dict[str, Any]:
    """Read and validate a claims file; its ``article.id`` must match the file name."""
    path = Path(path)
    check_id(path.stem, what="article id", path=path, field="file name")
    data = schema.load_yaml(path, claims_schema())
    if data["article"]["id"] != path.stem:
        raise FactcheckError(
            f"article id {data['article']['id']!r} differs from the file name {path.stem!r}",
            path=path,
            field="article.id",
        )
    seen: set[str] = set()
    for number, claim in enumerate(data["claims"]):
        if claim["id"] in seen:
            raise FactcheckError(
                f"claim id {claim['id']!r} used twice", path=path, field=f"claims[{number}].id"
            )
        seen.add(claim["id"])
        _check_kind_agrees(claim, path, number)
        if "document" in claim["check"]:
            field = f"claims[{number}].check.document.id"
            check_id(claim["check"]["document"]["id"], what="document id", path=path, field=field)
    return data


def _check_kind_agrees(claim: dict[str, Any], path: Path, number: int) -> None:
    """A claim listed as not checkable has no check, and a check of type none is listed as
    not checkable: the two must say the same."""
    not_checkable, none = claim["kind"] == "not_checkable", claim["check"]["type"] == "none"
    if not_checkable != none:
        raise FactcheckError(
            f"kind is {claim['kind']!r} but check.type is {claim['check']['type']!r}: a claim "
            "that is not checkable takes check type 'none', and only such a claim does",
            path=path,
            field=f"claims[{number}] ({claim['id']})",
        )


def article_body(text: str, spec: dict[str, Any], path: Path) -> str:
    """The article itself: the scraped page cut at ``starts_after`` / ``ends_before``.

    Without ``starts_after`` the article starts the page; without ``ends_before`` it runs to
    the page's end.
    """
    start = 0
    if marker := spec.get("starts_after"):
        found = text.find(marker)
        if found < 0:
            raise FactcheckError(
                f"marker {marker!r} not found", path=path, field="article.text.starts_after"
            )
        start = found + len(marker)
    end = len(text)
    if marker := spec.get("ends_before"):
        end = text.find(marker, start)
        if end < 0:
            raise FactcheckError(
                f"marker {marker!r} not found", path=path, field="article.text.ends_before"
            )
    return text[start:end]


def read_article_text(claims: dict[str, Any], text_dir: Path, claims_path: Path) -> str:
    """The article's text, checked against the sha256 the claims file pins."""
    spec = claims["article"]["text"]
    path = path_inside(text_dir, spec["file"], path=claims_path, field="article.text.file")
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise FactcheckError(
            "article text not found: commit it beside the claims file, under the name"
            " article.text.file gives",
            path=path,
        ) from None
    digest = hashlib.sha256(raw).hexdigest()
    if digest != spec["sha256"]:
        raise FactcheckError(
            f"article text has sha256 {digest[:12]}..., the claims file expects "
            f"{spec['sha256'][:12]}...: a different scrape",
            path=claims_path,
            field="article.text.sha256",
        )
    return article_body(decode_utf8(raw, path), spec, claims_path)


def verify_quotes(claims: dict[str, Any], body: str, claims_path: Path) -> dict[str, str]:
    """Check that every quote occurs in the article; return each claim's sentence in context."""
    contexts = {}
    for number, claim in enumerate(claims["claims"]):
        match = find_quote(claim["quote"], [body])
        if not match.found:
            raise FactcheckError(
                f"quote not found in the article text: {claim['quote']!r}",
                path=claims_path,
                field=f"claims[{number}].quote",
            )
        contexts[claim["id"]] = _sentence(body, claim["quote"])
    return contexts


# A sentence ends at . ! or ? followed by a capital or an opening quote; not after "U.S.".
SENTENCE_END = re.compile(r"(?<![A-Z]\.[A-Z]\.)(?<=[.!?])\s+(?=[A-Z“\"‘])")


def _sentence(body: str, quote: str) -> str:
    """The sentence(s) of the article that hold the quote, whitespace collapsed."""
    target = normalize(quote)
    for paragraph in body.split("\n"):
        sentences = SENTENCE_END.split(" ".join(paragraph.split()))
        for length in range(1, len(sentences) + 1):
            for first in range(len(sentences) - length + 1):
                passage = " ".join(sentences[first : first + length])
                if target in normalize(passage):
                    return passage
    return quote
