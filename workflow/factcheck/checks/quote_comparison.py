"""Quote checks against published texts: the article's words beside the official wording.

Rule: Accurate when the quoted words occur in the official text (after normalising quote
marks, dashes, spacing and case), or when every word the article adds or changes is in the
literal gloss of the original-language text (a faithful translation: the meaning is the
speaker's; the report notes the difference); Misleading otherwise; Unverifiable when the
official text is unverified.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from ..articles.quotes import (
    EDGE_PUNCTUATION,
    WordDiff,
    closest,
    describe_diff,
    find_quote,
    normalize,
    word_diff,
)
from .common import CheckContext
from .rating import Verdict
from .results import CheckResult, Finding, Reading, Role

LANGUAGES = {"ru": "Russian", "uk": "Ukrainian", "en": "English", "fr": "French", "de": "German"}
RULE = (
    "Quote vs published text: Accurate if the words occur in the official text, or if every "
    "word that differs is in the literal gloss of the original-language text (a faithful "
    "translation, noted); Misleading otherwise."
)
SPEC = r"""
type: object
required: [type, reference]
additionalProperties: false
properties:
  type: {const: quote_comparison}
  reference:
    $ref: "#/$defs/id"
    description: >-
      the official text the quote is compared with (evidence id)
  original:
    $ref: "#/$defs/id"
    description: >-
      the original-language text, with its literal gloss (evidence id)
  others: {type: array, items: {$ref: "#/$defs/id"}, description: "other published renderings"}
"""
"""The JSON Schema of this kind's ``check`` spec (YAML; ``#/$defs/...`` refers to
workflow/schemas/claims.schema.yaml)."""


def _trim(diffs: list[WordDiff]) -> list[WordDiff]:
    """Drop words of the reference beyond either end of the quote (the window's margins)."""
    while diffs and diffs[0].op == "insert":
        diffs = diffs[1:]
    while diffs and diffs[-1].op == "insert":
        diffs = diffs[:-1]
    return diffs


def _compare(quote: str, item: dict[str, Any], role: Role) -> Reading:
    """The quote beside one published text: verbatim, or its closest passage and the words
    that differ."""
    label = item["publisher"]
    match = find_quote(quote, [item["text"]])
    if match.found:
        return Reading(
            role=role,
            label=label,
            finding=Finding(Verdict.ACCURATE, f"the words occur in the {label} text"),
            value=1.0,
            scope="published",
            details={
                "evidence_id": item["id"],
                "verbatim": True,
                "passage": match.context,
                "diff": [],
            },
        )
    similarity, passage = closest(quote, [item["text"]])
    diffs = _trim(word_diff(quote, passage))
    passage = " ".join(d.reference for d in diffs if d.reference).strip(EDGE_PUNCTUATION)
    return Reading(
        role=role,
        label=label,
        finding=Finding(
            Verdict.MISLEADING, f"compared with {label}, the article {describe_diff(diffs)}"
        ),
        value=similarity,
        scope="published",
        details={
            "evidence_id": item["id"],
            "verbatim": False,
            "passage": passage,
            "diff": [asdict(d) for d in diffs],
        },
    )


def _finding(
    official: Reading, reference: dict[str, Any], original: dict[str, Any] | None
) -> Finding:
    changed = " ".join(
        d["claimed"] for d in official.details["diff"] if d["op"] in ("delete", "replace")
    )
    gloss_words = set(normalize(original.get("gloss", "")).split()) if original else set()
    if not reference["verified"]:
        return Finding(
            Verdict.UNVERIFIABLE, "the official text was not read in its source (unverified)"
        )
    if official.details["verbatim"]:
        return official.finding
    if original and changed and set(normalize(changed).split()) <= gloss_words:
        return Finding(
            Verdict.ACCURATE,
            f"a faithful literal translation: the article's “{changed}” renders the "
            f"{LANGUAGES.get(original.get('language', ''), 'original')} wording "
            f"({original['gloss']}); the "
            f"official English reads “{official.details['passage']}”",
        )
    return official.finding


def run(claim: dict[str, Any], ctx: CheckContext) -> CheckResult:
    check, quote = claim["check"], claim["quote"]
    reference = ctx.cited(check["reference"])
    official = _compare(quote, reference, Role.PRIMARY)
    others = [_compare(quote, ctx.cited(i), Role.OTHER) for i in check.get("others", [])]
    original = ctx.cited(check["original"]) if "original" in check else None
    cited = [
        check["reference"],
        *check.get("others", []),
        *([check["original"]] if original else []),
    ]
    return CheckResult(
        finding=_finding(official, reference, original),
        readings=(official, *others),
        evidence=tuple(cited),
        details={"original": check.get("original")},
    )
