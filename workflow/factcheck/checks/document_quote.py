"""Quote checks against a primary document: the quote looked for in its pinned page texts.

Rule: Accurate when the quote occurs in the document (after normalising quote marks,
dashes, case, spacing and hyphenation at line breaks); Approximately accurate when it does
not, but the closest passage is at least ``APPROXIMATE_SIMILARITY`` similar word for word;
Inaccurate otherwise; Unverifiable when the document is not pinned (``sources/documents``).
"""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import asdict
from itertools import accumulate
from typing import Any

from ..articles.quotes import (
    EDGE_PUNCTUATION,
    LINE_BREAK_HYPHEN,
    QuoteMatch,
    closest,
    describe_diff,
    find_quote,
    word_diff,
)
from ..errors import FactcheckError
from ..pinned.documents import PIN_COMMAND, load_pinned, pinned_path
from .common import CheckContext
from .rating import Verdict
from .results import CheckResult, Finding, Status

APPROXIMATE_SIMILARITY = 0.9
NOT_PINNED = (
    "not checked here: no copy of the document is pinned in this project, so the quote could "
    "not be looked up"
)


RULE = (
    "Quote vs primary document: Accurate if the quote occurs in the pinned text of the document "
    "(after normalising quote marks, dashes, case, spacing and line-break hyphenation); "
    f"Approximately accurate if the closest passage is at least {APPROXIMATE_SIMILARITY:.0%} "
    "similar word for word; Inaccurate otherwise; Unverifiable if the document is not pinned."
)
SPEC = r"""
type: object
required: [type, document]
additionalProperties: false
properties:
  type: {const: document_quote}
  document:
    type: object
    required: [id, title, publisher, url, published, format]
    additionalProperties: false
    properties:
      id: {$ref: "#/$defs/id"}
      title: {type: string}
      publisher: {type: string}
      url: {type: string, pattern: "^https://"}
      published: {type: string}
      format: {enum: [pdf, html]}
"""
"""The JSON Schema of this kind's ``check`` spec (YAML; ``#/$defs/...`` refers to
workflow/schemas/claims.schema.yaml)."""


def _where(page: int | None) -> str:
    return "in the document" if page is None else f"on page {page}"


def _percent(similarity: float) -> str:
    """Similarity as a whole percentage, rounded down so that 89.6% never reads as 90%."""
    return f"{math.floor(similarity * 100 + 1e-9)}%"


def _found(match: QuoteMatch) -> Finding:
    """Rate a quote found in the document."""
    if match.exact:
        return Finding(Verdict.ACCURATE, f"found verbatim {_where(match.page)}")
    return Finding(
        Verdict.ACCURATE,
        f"found {_where(match.page)} after normalising quote marks, dashes, case, spacing and "
        "hyphenation",
    )


def _locate(passage: str, pages: list[str]) -> tuple[int | None, str]:
    """The page a passage given by :func:`closest` starts on (None for a one-page document)
    and the passage for a reader: hyphenation at line breaks undone, edge punctuation trimmed.
    """
    pattern = r"\s+".join(re.escape(word) for word in passage.split())
    text = "\n".join(pages)
    found = re.search(pattern, text) if pattern else None
    if found is None:
        return None, passage
    starts = list(accumulate((len(page) + 1 for page in pages[:-1]), initial=0))
    page = bisect.bisect_right(starts, found.start()) if len(pages) > 1 else None
    joined = LINE_BREAK_HYPHEN.sub("", found.group())
    return page, " ".join(joined.split()).strip(EDGE_PUNCTUATION)


def _not_found(quote: str, pages: list[str]) -> tuple[Finding, dict[str, Any]]:
    """Rate a quote not found by its closest passage: the finding, and the passage (with the
    word diff of an approximate match)."""
    similarity, passage = closest(quote, pages)
    page, passage = _locate(passage, pages)
    percent = _percent(similarity)
    nearest: dict[str, Any] = {
        "similarity": similarity,
        "page": page,
        "passage": passage,
        "diff": [],
    }
    if similarity < APPROXIMATE_SIMILARITY:
        return Finding(
            Verdict.INACCURATE,
            f"not found in the document; the closest passage ({percent} similar) reads “{passage}”",
        ), nearest
    diffs = word_diff(quote.strip().strip(EDGE_PUNCTUATION), passage)
    nearest["diff"] = [asdict(diff) for diff in diffs]
    return Finding(
        Verdict.APPROXIMATELY_ACCURATE,
        f"not found verbatim; against the closest passage, {_where(page)} ({percent} similar), "
        f"the article {describe_diff(diffs)}",
    ), nearest


def run(claim: dict[str, Any], ctx: CheckContext) -> CheckResult:
    """Look for the claim's quote in the pinned text of the document its check names."""
    spec = claim["check"]["document"]
    document = {key: spec[key] for key in ("id", "title", "publisher", "url", "published")}
    try:
        pinned = load_pinned(ctx.documents, spec["id"])
    except FactcheckError as exc:
        # The caller re-raises check errors under the claims file: keep the pinned file's name.
        raise FactcheckError(str(exc)) from None
    if pinned is None:
        return CheckResult(
            finding=Finding(None, NOT_PINNED),
            status=Status.NOT_CHECKED_HERE,
            details={"document": {**document, "pinned": False}},
        )
    if pinned["url"] != spec["url"]:
        raise FactcheckError(
            f"{pinned_path(ctx.documents, spec['id'])} was fetched from {pinned['url']}, not "
            f"{spec['url']}: delete it and re-pin the document with {PIN_COMMAND}"
        )
    document.update(sha256=pinned["sha256"], retrieved=pinned["retrieved"], pinned=True)
    match = find_quote(claim["quote"], pinned["pages"])
    if match.found:
        finding = _found(match)
        passage = {"page": match.page, "passage": match.context, "exact": match.exact}
    else:
        finding, passage = _not_found(claim["quote"], pinned["pages"])
    return CheckResult(
        finding=finding,
        details={"document": document, "found": match.found, "passage": passage},
    )
