"""The view of a ranking check: the top places in every reading, where each was read,
revisions between vintages; a bar chart of the primary reading with the claimed leaders dark."""

from __future__ import annotations

from typing import Any

from ...quantities import figure
from ...words import listed
from ..tables import Table, figure_cell, revisions_table
from . import ROLE_WORDS, Chart, labelled, ranking_chart

PLACES_SHOWN = 3


def tables(claim: dict[str, Any], doc: dict[str, Any]) -> list[Table]:
    ranking = Table(
        "Rankings",
        ["Reading", "Used for", *(f"Place {n}" for n in range(1, PLACES_SHOWN + 1)), "Claim holds"],
        [
            [
                reading["label"],
                ROLE_WORDS[reading["role"]],
                *_places(reading),
                "yes" if reading["details"]["holds"] else "no",
            ]
            for reading in claim["readings"]
        ],
        "Each row is one source file and vintage, in its own unit.",
    )
    found = [ranking]
    if claim["details"]["revisions"]:
        found.append(
            revisions_table(doc, claim["details"]["revisions"], "Revisions between vintages")
        )
    return found


def _places(reading: dict[str, Any]) -> list[str]:
    """A reading's first places, as the rankings table shows them (blank past the last)."""
    shown = [f"{p['entity']} ({figure(p['value'])})" for p in reading["figures"][:PLACES_SHOWN]]
    return shown + [""] * (PLACES_SHOWN - len(shown))


def charts(claim: dict[str, Any], doc: dict[str, Any]) -> list[Chart]:
    return [ranking_chart(claim, doc, claim["readings"][0], set(claim["details"]["entities"]))]


def shown(claim: dict[str, Any]) -> list[dict[str, Any]]:
    """The places the rankings table and the chart show, and the revised figures."""
    places = [p for reading in claim["readings"] for p in reading["figures"][:PLACES_SHOWN]]
    revised = [v for item in claim["details"]["revisions"] for v in item["versions"]]
    chart = claim["readings"][0]["figures"]
    unique = {(f["source_id"], f["measure"], f["entity"], f["year"]): f for f in places + chart}
    return [*unique.values(), *revised]


def why(claim: dict[str, Any], doc: dict[str, Any]) -> str:
    primary = claim["readings"][0]
    top = primary["figures"][: len(claim["details"]["entities"])]
    leaders = listed([f"{p['entity']} ({figure_cell(p)})" for p in top])
    agreeing = sum(r["details"]["holds"] for r in claim["readings"])
    gap = primary["details"]["gap"]
    following = f", then {gap['next_entity']}" if gap else ""
    return (
        f"{labelled(primary['label'])}: {leaders} {'lead' if len(top) > 1 else 'leads'}"
        f"{following}; the claim holds in {agreeing} of {len(claim['readings'])} readings."
    )
