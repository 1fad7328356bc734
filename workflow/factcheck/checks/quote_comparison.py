"""Quote checks against published texts: the article's words beside the official wording.

Rule: Accurate when the quoted words occur in the official text (after normalising quote
marks, dashes, spacing and case); Approximately accurate when they do not, but every word
the article adds or changes is in the literal gloss of the original-language text (a
faithful translation: meaning unchanged); Misleading otherwise; Unverifiable when the
official text is UNVERIFIED.
"""

from __future__ import annotations

from typing import Any

from ..articles.quotes import (
    EDGE_PUNCTUATION,
    WordDiff,
    closest,
    find_quote,
    normalize,
    render_diff_text,
    word_diff,
)
from .common import CheckContext, table
from .rating import Verdict

RULE = (
    "Quote vs published text: Accurate if the words occur in the official text; Approximately "
    "accurate if every word that differs is in the literal gloss of the original-language "
    "text; Misleading otherwise."
)


def _trim(diffs: list[WordDiff]) -> list[WordDiff]:
    """Drop words of the reference beyond either end of the quote (the window's margins)."""
    while diffs and diffs[0].op == "insert":
        diffs = diffs[1:]
    while diffs and diffs[-1].op == "insert":
        diffs = diffs[:-1]
    return diffs


def _compare(quote: str, item: dict[str, Any]) -> dict[str, Any]:
    match = find_quote(quote, [item["text"]])
    if match.found:
        return {
            "evidence_id": item["id"],
            "verbatim": True,
            "passage": match.context,
            "similarity": 1.0,
            "diff": [],
            "diff_text": quote,
        }
    similarity, passage = closest(quote, [item["text"]])
    diffs = _trim(word_diff(quote, passage))
    passage = " ".join(d.reference for d in diffs if d.reference).strip(EDGE_PUNCTUATION)
    return {
        "evidence_id": item["id"],
        "verbatim": False,
        "passage": passage,
        "similarity": similarity,
        "diff": [d.__dict__ for d in diffs],
        "diff_text": render_diff_text(diffs),
    }


def run(claim: dict[str, Any], ctx: CheckContext) -> dict[str, Any]:
    check, quote = claim["check"], claim["quote"]
    reference = ctx.cited(check["reference"])
    official = _compare(quote, reference)
    added = " ".join(d["claimed"] for d in official["diff"] if d["op"] in ("delete", "replace"))
    original = ctx.cited(check["original"]) if "original" in check else None
    gloss_words = set(normalize(original.get("gloss", "")).split()) if original else set()
    if not reference["verified"]:
        verdict, reason = Verdict.UNVERIFIABLE, "the official text is UNVERIFIED"
    elif official["verbatim"]:
        verdict, reason = Verdict.ACCURATE, f"the words occur in the {reference['publisher']} text"
    elif original and added and set(normalize(added).split()) <= gloss_words:
        verdict = Verdict.APPROXIMATELY_ACCURATE
        reason = (
            f"the official English reads “{official['passage']}”; the article's “{added}” is a "
            f"literal rendering of the original ({original['gloss']}): meaning unchanged"
        )
    else:
        verdict, reason = (
            Verdict.MISLEADING,
            f"differs from the {reference['publisher']} text: {official['diff_text']}",
        )
    others = [_compare(quote, ctx.cited(i)) for i in check.get("others", [])]
    comparisons = [official, *others]
    rows = [
        [
            ctx.cited(c["evidence_id"])["publisher"],
            c["passage"],
            "verbatim" if c["verbatim"] else c["diff_text"],
            f"[{c['evidence_id']}]"
            + ("" if ctx.cited(c["evidence_id"])["verified"] else " — UNVERIFIED"),
        ]
        for c in comparisons
    ]
    if original:
        rows.append(
            [
                f"{original['publisher']} (original, {original.get('language', '')})",
                original["text"],
                original.get("gloss", ""),
                f"[{original['id']}]",
            ]
        )
    return {
        "verdict": verdict.value,
        "reason": reason,
        "headline": (
            f"“{added}” is not in the official English; it renders the original literally"
            if verdict is Verdict.APPROXIMATELY_ACCURATE
            else reason
        ),
        "comparisons": comparisons,
        "evidence_ids": [
            {"evidence_id": i}
            for i in [
                check["reference"],
                *check.get("others", []),
                *([check["original"]] if original else []),
            ]
        ],
        "tables": [
            table(
                "The quote beside the published texts",
                ["Text", "Closest passage", "Difference from the article", "Citation"],
                rows,
                "Notation: [+words+] are in the article but not in that text; "
                "[-words-] are in that text but not in the article.",
            )
        ],
    }
