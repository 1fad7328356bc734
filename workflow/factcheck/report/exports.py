"""Machine-readable exports of the verdicts: a CSV table and schema.org ClaimReview JSON-LD."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from .. import atomic, schema
from ..checks.results import Role, reading
from ..errors import FactcheckError
from ..pinned.figures import format_value
from .summary import Outlook

CSV_COLUMNS = (
    "claim_id",
    "summary",
    "quote",
    "kind",
    "check",
    "stated",
    "verdict",
    "reason",
    "verdict_at_publication",
    "reason_at_publication",
    "primary_value",
    "sources",
    "source_sha256",
)


def _stated(claim: dict[str, Any]) -> str:
    """The figure or text the claim states, as the article writes it ("" if none)."""
    stated = claim.get("stated")
    if isinstance(stated, dict):
        return stated["text"]
    return stated or ""


def _primary_value(claim: dict[str, Any]) -> str:
    """The primary reading's recomputed number ("" without one, e.g. for rankings)."""
    primary = reading(claim, Role.PRIMARY) or {}
    value = primary.get("value")
    return "" if value is None else format_value(value)


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet reads as the start of a formula in a cell."""


def spreadsheet_safe(cell: str) -> str:
    """A cell a spreadsheet shows as text: one starting like a formula gets a leading '."""
    return f"'{cell}" if cell.startswith(FORMULA_STARTS) else cell


def claims_csv(verdicts: dict[str, Any]) -> str:
    """One row per claim, in the document's order: its verdicts and the sources behind them.

    Claims not checked (opinions...) have an empty verdict. ``sources`` and
    ``source_sha256`` are semicolon-joined, in the same order. No cell can run as a
    spreadsheet formula (:func:`spreadsheet_safe`).
    """
    sha256 = {source["id"]: source["sha256"] for source in verdicts["sources"]}
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for claim in verdicts["claims"]:
        row = (
            claim["id"],
            claim["summary"],
            claim["quote"],
            claim["kind"],
            claim["check"],
            _stated(claim),
            claim["verdict"] or "",
            claim["reason"],
            (claim["at_publication"] or {}).get("verdict") or "",
            (claim["at_publication"] or {}).get("reason", ""),
            _primary_value(claim),
            ";".join(claim["sources"]),
            ";".join(sha256[source_id] for source_id in claim["sources"]),
        )
        writer.writerow([spreadsheet_safe(cell) for cell in row])
    return buffer.getvalue()


def _rating(verdicts: dict[str, Any], verdict: str) -> dict[str, Any]:
    """A schema.org Rating on the verdict scale: 5 best, 1 worst.

    A verdict rated 0 (Unverifiable: nothing was rated) would lie outside worstRating..
    bestRating, which schema.org and search engines reject, so its Rating has no
    ratingValue and names the verdict in alternateName only.
    """
    steps = {step["verdict"]: step for step in verdicts["rule"]["scale"]}
    rated = [step["rating"] for step in steps.values() if step["rating"] > 0]
    best, worst = max(rated), min(rated)
    rating: dict[str, Any] = {"@type": "Rating"}
    if worst <= steps[verdict]["rating"] <= best:
        rating["ratingValue"] = steps[verdict]["rating"]
    return {
        **rating,
        "bestRating": best,
        "worstRating": worst,
        "alternateName": steps[verdict]["claim_review"],
    }


def claimreview_document(verdicts: dict[str, Any], report_url: str) -> dict[str, Any]:
    """The ClaimReview JSON-LD document: one ClaimReview per claim with a verdict, linking to
    the claim's section of the report at ``report_url`` (``#claim-<id>``).

    Claims not checked (opinions, predictions: verdict None) get none: a ClaimReview
    must rate the claim, and these are not rated. Nor do claims the report leaves to the
    editor's judgement (contradicted by figures published since, not assessed as of
    publication): a rating published to aggregators would decide for the editor.
    """
    article, review = verdicts["article"], verdicts["review"]
    judge = {claim["id"] for claim in Outlook.of(verdicts).judge}
    base = report_url.split("#", 1)[0]
    appearance = {
        "@type": "NewsArticle",
        "url": article["url"],
        "headline": article["title"],
        "publisher": {"@type": "Organization", "name": article["outlet"]},
    }
    graph = [
        {
            "@type": "ClaimReview",
            "claimReviewed": claim["summary"] or claim["quote"],
            "itemReviewed": {
                "@type": "Claim",
                "author": {"@type": "Person", "name": article["author"]},
                "datePublished": str(article["published"]),
                "appearance": appearance,
            },
            "reviewRating": _rating(verdicts, claim["verdict"]),
            "author": {"@type": "Organization", "name": review["reviewer"]},
            "datePublished": str(review["date"]),
            "url": f"{base}#claim-{claim['id']}",
        }
        for claim in verdicts["claims"]
        if claim["verdict"] is not None and claim["id"] not in judge
    ]
    return {"@context": "https://schema.org", "@graph": graph}


def claimreview_jsonld(verdicts: dict[str, Any], report_url: str) -> str:
    """The ClaimReview JSON-LD document as text (fixed key order, indent 2, UTF-8 as is),
    safe to paste into a ``<script type="application/ld+json">`` element: ``<``, ``>`` and
    ``&`` are written as JSON escapes, so no text can close the element."""
    document = claimreview_document(verdicts, report_url)
    validate_claimreview(document)
    text = json.dumps(document, indent=2, ensure_ascii=False)
    for character in "<>&":
        text = text.replace(character, f"\\u{ord(character):04x}")
    return text + "\n"


def validate_claimreview(document: dict[str, Any]) -> None:
    """Check the ClaimReview fields and their types (workflow/schemas/claimreview.schema.yaml)
    and that each ratingValue lies within worstRating..bestRating.

    Raises ValueError naming the path of the first field in error.
    """
    try:
        schema.validate(document, "claimreview", "ClaimReview")
    except FactcheckError as exc:
        raise ValueError(str(exc)) from None
    for number, item in enumerate(document["@graph"]):
        rating = item["reviewRating"]
        value, worst, best = rating.get("ratingValue"), rating["worstRating"], rating["bestRating"]
        if value is not None and not worst <= value <= best:
            raise ValueError(
                f"ClaimReview: @graph[{number}].reviewRating.ratingValue: "
                f"{value} is outside worstRating..bestRating ({worst}..{best})"
            )


def report_url(base_url: str, article_id: str) -> str:
    """Where an article's report is published: ``<base_url><article id>/report.html``."""
    return f"{base_url}{article_id}/report.html"


def write_exports(
    verdicts_path: Path | str, csv_out: Path | str, jsonld_out: Path | str, base_url: str
) -> None:
    """Write the claims CSV and the ClaimReview JSON-LD of one verdicts file, atomically.

    The ClaimReviews link to the report published at ``report_url(base_url, article id)``.
    """
    verdicts = schema.load_json(verdicts_path)
    try:
        jsonld = claimreview_jsonld(verdicts, report_url(base_url, verdicts["article"]["id"]))
    except ValueError as exc:
        raise FactcheckError(f"{exc}; set report_base_url to where reports are published") from None
    atomic.write_text(csv_out, claims_csv(verdicts))
    atomic.write_text(jsonld_out, jsonld)
