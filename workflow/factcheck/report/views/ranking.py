"""The view of a ranking check: the top places in every reading, where each was read,
revisions between vintages; a bar chart of the primary reading with the claimed leaders dark."""

from __future__ import annotations

from typing import Any

from ...quantities import figure
from ..charts import bar_chart
from ..tables import Table, figures_table, revisions_table
from . import ROLE_WORDS, Chart, caption, chart_id

PLACES_SHOWN = 3


def tables(claim: dict[str, Any], doc: dict[str, Any]) -> list[Table]:
    top = len(claim["details"]["entities"])
    ranking = Table(
        "Rankings",
        ["Reading", "Used for", *(f"Place {n}" for n in range(1, PLACES_SHOWN + 1)), "Claim holds"],
        [
            [
                reading["label"],
                ROLE_WORDS[reading["role"]],
                *[
                    f"{p['entity']} ({figure(p['value'])})"
                    for p in reading["figures"][:PLACES_SHOWN]
                ],
                *[""] * (PLACES_SHOWN - len(reading["figures"][:PLACES_SHOWN])),
                "yes" if reading["details"]["holds"] else "no",
            ]
            for reading in claim["readings"]
        ],
        "Each row is one source file and vintage, in its own unit.",
    )
    places = [p for reading in claim["readings"] for p in reading["figures"][: top + 1]]
    found = [ranking, figures_table(doc, list({_key(p): p for p in places}.values()))]
    if claim["details"]["revisions"]:
        found.append(
            revisions_table(doc, claim["details"]["revisions"], "Revisions between vintages")
        )
    return found


def _places(reading: dict[str, Any]) -> list[str]:
    shown = [f"{p['entity']} ({figure(p['value'])})" for p in reading["figures"][:PLACES_SHOWN]]
    return shown + [""] * (PLACES_SHOWN - len(shown))


def _key(ref: dict[str, Any]) -> tuple[Any, ...]:
    return ref["source_id"], ref["measure"], ref["entity"], ref["year"]


def charts(claim: dict[str, Any], doc: dict[str, Any]) -> list[Chart]:
    primary = claim["readings"][0]
    places = primary["figures"]
    ident, title = chart_id(claim, "ranking"), f"Ranking: {primary['label']}"
    svg = bar_chart(
        [(p["entity"], p["value"]) for p in places],
        chart_id=ident,
        title=title,
        unit=places[0]["unit"],
        highlight=set(claim["details"]["entities"]),
    )
    return [Chart(ident, title, svg, caption(doc, places))]
