"""The report's first page: the bottom line an editor needs, written from the verdicts.

The bottom line says how many statements were checked and how many hold up, and whether a
correction or an update is warranted: a correction when a claim was wrong when it was
published, an update when it was right then but figures published since do not bear it
out (or have moved it off the mark). A claim rated only on figures released after the
article was not assessed as of publication: the editor is told so, not that it needs a
correction.
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


def published_verdict(claim: dict[str, Any], doc: dict[str, Any]) -> str | None:
    """The verdict as of publication: its own reading with the data of the time, else the
    claim's verdict, unless the readings that give it (its primary reading, or the parts of
    a profile or a set of conditions) rest on data released after the article (None: the
    claim was not assessed as of publication). Quotes, dates and published figures do not
    depend on when they are read."""
    if claim["at_publication"]:
        return claim["at_publication"]["verdict"]
    later = {s["id"] for s in doc["sources"] if s["available_at_publication"] is False}
    readings = claim["readings"]
    deciding = [r for r in readings if r["role"] == "primary"] or [
        r for r in readings if r["role"] == "part"
    ]
    if any(ref.get("source_id") in later for r in deciding for ref in r["figures"]):
        return None
    return claim["verdict"]


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
    then = {c["id"]: published_verdict(c, doc) for c in checked}
    wrong_then = [c for c in checked if then[c["id"]] in WRONG]
    wrong_now = [c for c in checked if c["verdict"] in WRONG and then[c["id"]] is None]
    gone_off = ("Not borne out since", *WRONG)
    moved = [c for c in checked if then[c["id"]] in HOLDS and c["verdict"] in gone_off]
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
    elif not wrong_now:
        parts.append("No correction is needed.")
    if wrong_now:
        parts.append(
            f"Figures published since the article contradict {_named(wrong_now)}; the figures "
            "of its time were not checked here, so whether a correction is due is for the "
            "editor to judge."
        )
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
            when_published=published_verdict(claim, doc),
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
