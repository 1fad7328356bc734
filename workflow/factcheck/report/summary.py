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

from ..words import count, listed

HOLDS = ("Accurate", "Approximately accurate")
WRONG = ("Inaccurate", "Misleading")
CATEGORY_WORDS = {
    "opinion": "opinion",
    "characterisation": "characterisation",
    "prediction": "prediction",
    "counterfactual": "counterfactual",
    "needs reporting": "would need reporting",
}
"""How the first page names each category of statement not checked, in this order."""


@dataclass(frozen=True)
class Row:
    """One checked claim on the first page."""

    id: str
    summary: str
    when_published: str | None
    now: str | None
    why: str


def published_verdict(claim: dict[str, Any], doc: dict[str, Any]) -> str | None:
    """The verdict as of publication, or None where the claim was not assessed as of
    publication: where the readings that give it rest on data released after the article.

    Those readings are the claim's reading with the data of the time, if it has one; else
    the readings that give its verdict now (its primary reading, or the parts of a profile
    or of a set of conditions). Quotes, dates and published figures do not depend on when
    they are read: they have the same verdict then and now.
    """
    later = {s["id"] for s in doc["sources"] if s["available_at_publication"] is False}
    roles = ["at_publication"] if claim["at_publication"] else ["primary", "part"]
    deciding = next(
        (found for role in roles if (found := [r for r in claim["readings"] if r["role"] == role])),
        [],
    )
    if any(ref.get("source_id") in later for r in deciding for ref in r["figures"]):
        return None
    return claim["at_publication"]["verdict"] if claim["at_publication"] else claim["verdict"]


def _named(claims: list[dict[str, Any]]) -> str:
    """Claims by their summaries, for a sentence."""
    names = [f"“{(c['summary'] or c['quote']).rstrip('.')}”" for c in claims]
    return listed(names)


def _listing(claims: list[dict[str, Any]]) -> str:
    """What the statements not checked are, by their categories: "opinion, prediction or
    would need reporting"."""
    present = {c["details"]["category"] for c in claims}
    words = [word for category, word in CATEGORY_WORDS.items() if category in present]
    return listed(words, "or")


@dataclass(frozen=True)
class Outlook:
    """The checked claims by what they call for: then (as of publication) against now."""

    holding: list[dict[str, Any]]  # holds up now
    correct: list[dict[str, Any]]  # wrong then, and not borne out now: a correction
    update: list[dict[str, Any]]  # held then, but not now: an update
    judge: list[dict[str, Any]]  # wrong now, not assessed (or unsettled) then: the editor's call
    vindicated: list[dict[str, Any]]  # wrong then, but figures since bear it out
    unsettled: list[dict[str, Any]]  # no verdict now

    @classmethod
    def of(cls, doc: dict[str, Any]) -> Outlook:
        checked = [c for c in doc["claims"] if c["status"] == "checked"]
        then = {c["id"]: published_verdict(c, doc) for c in checked}
        off = ("Not borne out since", *WRONG)
        return cls(
            holding=[c for c in checked if c["verdict"] in HOLDS],
            correct=[c for c in checked if then[c["id"]] in WRONG and c["verdict"] in off],
            update=[c for c in checked if then[c["id"]] in HOLDS and c["verdict"] in off],
            judge=[
                c for c in checked if c["verdict"] in off and then[c["id"]] not in (*HOLDS, *WRONG)
            ],
            vindicated=[c for c in checked if then[c["id"]] in WRONG and c["verdict"] in HOLDS],
            unsettled=[c for c in checked if c["verdict"] == "Unverifiable"],
        )


def bottom_line(doc: dict[str, Any]) -> str:
    """One paragraph: what was checked, what holds, whether to correct or update."""
    claims = doc["claims"]
    checked = [c for c in claims if c["status"] == "checked"]
    not_here = [c for c in claims if c["status"] == "not checked here"]
    unchecked = [c for c in claims if c["status"] == "not checkable"]
    outlook = Outlook.of(doc)
    listed = (
        f"{count(len(unchecked), 'more is', 'more are')} {_listing(unchecked)}, and "
        f"{'is' if len(unchecked) == 1 else 'are'} listed at the end."
        if unchecked
        else ""
    )
    if not checked and not not_here:
        parts = ["No statement of the article has been checked against data yet."]
        if unchecked:
            parts.append(listed.replace(" more ", " ", 1).capitalize())
        return " ".join(parts)
    parts = [
        f"We checked {count(len(checked), 'statement')} of the article against public data, "
        "documents and published figures" + (f"; {listed}" if listed else "."),
    ]
    if checked:
        loosely = [c for c in outlook.holding if c["verdict"] == "Approximately accurate"]
        holding = f"{count(len(outlook.holding), 'holds', 'hold')} up" if outlook.holding else ""
        parts.append(
            (holding.capitalize() if holding else "None holds up")
            + (
                f", {count(len(loosely), 'of them', 'of them')} only approximately."
                if loosely
                else "."
            )
        )
    if outlook.correct:
        parts.append(f"A correction is warranted for {_named(outlook.correct)}.")
    elif checked and not outlook.judge:
        parts.append("No correction is needed.")
    if outlook.judge:
        parts.append(
            f"Figures published since the article contradict {_named(outlook.judge)}; the "
            "figures of its time were not checked here, so whether a correction is due is for "
            "the editor to judge."
        )
    if outlook.update:
        parts.append(
            f"An update may be warranted: {_named(outlook.update)} matched the figures of its "
            "time, but figures published since do not bear it out."
        )
    if outlook.vindicated:
        parts.append(
            f"{_named(outlook.vindicated)} did not match the figures of its time, but figures "
            "published since bear it out."
        )
    if outlook.unsettled:
        parts.append(f"The sources available do not settle {_named(outlook.unsettled)}.")
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
