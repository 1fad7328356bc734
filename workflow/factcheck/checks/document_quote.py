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
    find_quote,
    render_diff_text,
    word_diff,
)
from ..errors import FactcheckError
from ..pinned.documents import PIN_COMMAND, load_pinned, pinned_path
from .common import CheckContext, table
from .rating import Verdict

APPROXIMATE_SIMILARITY = 0.9
NOT_PINNED = "not verified offline: primary document not pinned"
DIFF_NOTE = (
    "Notation: [+words+] are in the article's quote but not in the document; [-words-] are in "
    "the document but not in the quote."
)


RULE = (
    "Quote vs primary document: Accurate if the quote occurs in the pinned text of the document "
    "(after normalising quote marks, dashes, case, spacing and line-break hyphenation); "
    f"Approximately accurate if the closest passage is at least {APPROXIMATE_SIMILARITY:.0%} "
    "similar word for word; Inaccurate otherwise; Unverifiable if the document is not pinned."
)


def _where(page: int | None) -> str:
    return "in the document" if page is None else f"on page {page}"


def _percent(similarity: float) -> str:
    """Similarity as a whole percentage, rounded down so that 89.6% never reads as 90%."""
    return f"{math.floor(similarity * 100 + 1e-9)}%"


def _document_table(document: dict[str, Any]) -> dict[str, Any]:
    if document["pinned"]:
        copy = f"retrieved {document['retrieved']}, sha256 {document['sha256']}"
    else:
        copy = "none: not verified offline"
    rows = [
        ["Title", document["title"]],
        ["Publisher", document["publisher"]],
        ["Published", document["published"]],
        ["URL", document["url"]],
        ["Pinned copy", copy],
    ]
    return table("Primary document", ["", ""], rows)


def _found(match: QuoteMatch) -> tuple[dict[str, Any], dict[str, Any]]:
    """Rate a quote found in the document: verdict and reason, and the passage's table."""
    if match.exact:
        how, reason = "found verbatim", f"found verbatim {_where(match.page)}"
    else:
        how = "found after normalising"
        reason = (
            f"found {_where(match.page)} after normalising quote marks, dashes, case, spacing "
            "and hyphenation"
        )
    page = "—" if match.page is None else str(match.page)
    outcome = {"verdict": Verdict.ACCURATE.value, "reason": reason}
    return outcome, _passage_table([[how, page, match.context]])


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


def _not_found(quote: str, pages: list[str]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Rate a quote not found by its closest passage: verdict, reason, the passage (and the
    word diff of an approximate match), and the passage's table."""
    similarity, passage = closest(quote, pages)
    page, passage = _locate(passage, pages)
    percent = _percent(similarity)
    rows = [[f"closest passage ({percent} similar)", "—" if page is None else str(page), passage]]
    nearest = {"similarity": similarity, "page": page, "passage": passage}
    if similarity < APPROXIMATE_SIMILARITY:
        reason = f"not found in the document; closest passage ({percent} similar): {passage or '—'}"
        outcome = {"verdict": Verdict.INACCURATE.value, "reason": reason, "closest": nearest}
        return outcome, _passage_table(rows)
    diffs = word_diff(quote.strip().strip(EDGE_PUNCTUATION), passage)
    diff_text = render_diff_text(diffs)
    outcome = {
        "verdict": Verdict.APPROXIMATELY_ACCURATE.value,
        "reason": (
            f"not found verbatim; the closest passage, {_where(page)}, is {percent} similar: "
            f"{diff_text}"
        ),
        "closest": nearest,
        "diff": [asdict(diff) for diff in diffs],
    }
    return outcome, _passage_table([*rows, ["difference", "", diff_text]], DIFF_NOTE)


def _passage_table(rows: list[list[str]], note: str = "") -> dict[str, Any]:
    return table("The quote in the document", ["Result", "Page", "Passage"], rows, note)


def run(claim: dict[str, Any], ctx: CheckContext) -> dict[str, Any]:
    """Look for the claim's quote in the pinned text of the document its check names."""
    spec = claim["check"]["document"]
    document = {key: spec[key] for key in ("id", "title", "publisher", "url", "published")}
    try:
        pinned = load_pinned(ctx.documents, spec["id"])
    except FactcheckError as exc:
        # The caller re-raises check errors under the claims file: keep the pinned file's name.
        raise FactcheckError(str(exc)) from None
    if pinned is None:
        document["pinned"] = False
        return {
            "verdict": Verdict.UNVERIFIABLE.value,
            "reason": NOT_PINNED,
            "document": document,
            "tables": [_document_table(document)],
        }
    if pinned["url"] != spec["url"]:
        raise FactcheckError(
            f"{pinned_path(ctx.documents, spec['id'])} was fetched from {pinned['url']}, not "
            f"{spec['url']}: delete it and re-pin the document with {PIN_COMMAND}"
        )
    document.update(sha256=pinned["sha256"], retrieved=pinned["retrieved"], pinned=True)
    match = find_quote(claim["quote"], pinned["pages"])
    if match.found:
        outcome, passage_table = _found(match)
    else:
        outcome, passage_table = _not_found(claim["quote"], pinned["pages"])
    return {
        **outcome,
        "document": document,
        "match": {
            "found": match.found,
            "exact": match.exact,
            "page": match.page,
            "context": match.context,
        },
        "tables": [_document_table(document), passage_table],
    }
