"""The report's first page: the bottom line an editor needs, written from the verdicts.

The bottom line says how many statements were checked and how many hold up, and whether a
correction or an update is warranted: a correction when a claim was wrong when it was
published, an update when it was right then but figures published since do not bear it
out (or have moved it off the mark).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

HOLDS = ("Accurate", "Approximately accurate")
WRONG = ("Inaccurate", "Misleading")
NUMBERS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


@dataclass(frozen=True)
class Row:
    """One checked claim on the first page."""

    id: str
    summary: str
    when_published: str | None
    now: str | None
    why: str


def count(n: int, noun: str, plural: str = "") -> str:
    """ "one claim", "three claims", "12 claims"."""
    word = NUMBERS[n] if n < len(NUMBERS) else f"{n:,}"
    return f"{word} {noun if n == 1 else plural or noun + 's'}"


def published_verdict(claim: dict[str, Any]) -> str | None:
    """The verdict as of publication: the claim's own, where it has no separate one."""
    at_publication = claim["at_publication"]
    return at_publication["verdict"] if at_publication else claim["verdict"]


def _named(claims: list[dict[str, Any]]) -> str:
    """Claims by their summaries, for a sentence."""
    names = [f"“{(c['summary'] or c['quote']).rstrip('.')}”" for c in claims]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def bottom_line(doc: dict[str, Any]) -> str:
    """One paragraph: what was checked, what holds, whether to correct or update."""
    claims = doc["claims"]
    checked = [c for c in claims if c["status"] == "checked"]
    not_here = [c for c in claims if c["status"] == "not checked here"]
    unchecked = [c for c in claims if c["status"] == "not checkable"]
    holding = [c for c in checked if c["verdict"] in HOLDS]
    loosely = [c for c in holding if c["verdict"] == "Approximately accurate"]
    wrong_then = [c for c in checked if published_verdict(c) in WRONG]
    moved = [
        c
        for c in checked
        if c not in wrong_then and (c["verdict"] == "Not borne out since" or c["verdict"] in WRONG)
    ]
    unsettled = [c for c in checked if c["verdict"] == "Unverifiable"]
    parts = [
        f"We checked {count(len(checked), 'statement')} of the article against public data, "
        f"documents and published figures"
        + (
            f"; {count(len(unchecked), 'more is', 'more are')} opinion, prediction or would "
            "need reporting, and are listed at the end."
            if unchecked
            else "."
        ),
        f"{count(len(holding), 'holds', 'hold').capitalize()} up"
        + (
            f", {count(len(loosely), 'of them', 'of them')} only approximately." if loosely else "."
        ),
    ]
    if wrong_then:
        parts.append(f"A correction is warranted for {_named(wrong_then)}.")
    else:
        parts.append("No correction is needed.")
    if moved:
        parts.append(
            f"An update may be warranted: {_named(moved)} matched what was known when the "
            "article appeared, but figures published since do not bear it out."
        )
    if unsettled:
        parts.append(f"The sources available do not settle {_named(unsettled)}.")
    if not_here:
        parts.append(f"{_named(not_here)} could not be checked here; see why below.")
    return " ".join(parts)


def rows(doc: dict[str, Any], why: dict[str, str]) -> list[Row]:
    """Every checked or checkable claim, in article order, for the first page."""
    return [
        Row(
            id=claim["id"],
            summary=claim["summary"] or claim["quote"],
            when_published=published_verdict(claim),
            now=claim["verdict"],
            why=why[claim["id"]],
        )
        for claim in doc["claims"]
        if claim["status"] != "not checkable"
    ]


def with_sic(quote: str, words: list[str]) -> Markup:
    """A quote with "[sic]" after each word the claims file marks as the article's own
    slip (a typo kept verbatim)."""
    text = escape(quote)
    for word in words:
        text = Markup(
            text.replace(escape(word), Markup('{} <span class="sic">[sic]</span>').format(word), 1)
        )
    return Markup(text)
