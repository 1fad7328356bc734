"""The view of a quote compared with published texts: the article's words read against
each text, differences marked; the original-language text with its literal gloss."""

from __future__ import annotations

from typing import Any

from markupsafe import escape

from ..tables import DIFF_NOTE, Table, cited, diff_markup, evidence_item


def tables(claim: dict[str, Any], doc: dict[str, Any]) -> list[Table]:
    rows = []
    for reading in claim["readings"]:
        details = reading["details"]
        words = escape("the same words") if details["verbatim"] else diff_markup(details["diff"])
        rows.append([cited(doc, details["evidence_id"]), f"“{details['passage']}”", words])
    original_id = claim["details"]["original"]
    if original_id:
        original = evidence_item(doc, original_id)
        rows.append(
            [
                cited(doc, original_id),
                f"«{original['text']}»",
                f"literally: {original.get('gloss', '')}",
            ]
        )
    return [
        Table(
            "The quote beside the published texts",
            ["Text", "Its words", "The article's words against it"],
            rows,
            DIFF_NOTE,
        )
    ]


def why(claim: dict[str, Any], doc: dict[str, Any]) -> str:
    official = claim["readings"][0]
    if claim["verdict"] == "Accurate" and not official["details"]["verbatim"]:
        return (
            "A literal translation of the original words; the official English reads "
            f"“{official['details']['passage']}”."
        )
    return claim["reason"][0].upper() + claim["reason"][1:] + "."
