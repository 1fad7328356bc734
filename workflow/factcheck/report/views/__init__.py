"""How the report shows each kind of check: one module per check kind, named as the kind.

A view module has ``tables(claim, doc) -> list[Table]``, and may have
``charts(claim, doc) -> list[Chart]``, ``why(claim, doc) -> str`` (one sentence for the first
page; by default the check's reason) and ``shown(claim) -> list[figure]`` (the figures it
shows, whose sources the annex gives; by default every figure the claim used). ``claim`` is
one claim of the verdicts document ``doc`` (``workflow/schemas/verdicts.schema.yaml``).
Everything a reader sees of a kind's result, beyond its verdict and reason, is decided in
its view.
"""

from __future__ import annotations

import datetime as dt
import importlib
import re
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from ...checks.results import figures_used
from ..charts import bar_chart
from ..tables import Table, origin_name, where_read

_UNSAFE_ID = re.compile(r"[^A-Za-z0-9_-]+")


@dataclass(frozen=True)
class Chart:
    """A chart as inline SVG, with the line under it naming its sources and units."""

    id: str
    title: str
    svg: str
    caption: str


@dataclass(frozen=True)
class ClaimView:
    why: str
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    where: list[Markup] = field(default_factory=list)  # where each figure was read


def chart_id(claim: dict[str, Any], name: str) -> str:
    """An id for one of a claim's charts, safe in HTML and SVG."""
    return _UNSAFE_ID.sub("-", f"{claim['id']}-{name}").strip("-")


def caption(doc: dict[str, Any], figures: list[dict[str, Any]]) -> str:
    """The line under a chart: where its figures come from."""
    sources = list(dict.fromkeys(origin_name(doc, ref) for ref in figures))
    return "Source: " + "; ".join(sources) + "."


def labelled(label: str) -> str:
    """A reading's label to open a sentence, before the colon that introduces its figure:
    its own colons made commas ("2021: SIPRI spending ÷ World Bank GDP" -> "2021, SIPRI
    spending ÷ World Bank GDP")."""
    return label.replace(": ", ", ")


def one_clause(reason: str) -> str:
    """A check's reason to follow a colon, without one of its own: "0.172: “less than
    one-fifth” holds" -> "0.172, so “less than one-fifth” holds"."""
    return re.sub(r": (?=“[^”]*” holds\b)", ", so ", reason).replace(": ", ", ")


def _view(claim: dict[str, Any]) -> Any:
    return importlib.import_module(f"{__name__}.{claim['check']}")


def tables_for(claim: dict[str, Any], doc: dict[str, Any]) -> list[Table]:
    """A claim's tables, as its check kind's view shows them."""
    return _view(claim).tables(claim, doc)


def charts_for(claim: dict[str, Any], doc: dict[str, Any]) -> list[Chart]:
    """A claim's charts, as its check kind's view draws them (none if it draws none)."""
    view = _view(claim)
    return view.charts(claim, doc) if hasattr(view, "charts") else []


def shown_for(claim: dict[str, Any]) -> list[dict[str, Any]]:
    """The figures the report shows for a claim, whose source and place the annex gives: the
    view's choice, or every figure the claim used."""
    view = _view(claim)
    return view.shown(claim) if hasattr(view, "shown") else figures_used(claim)


def why_for(claim: dict[str, Any], doc: dict[str, Any]) -> str:
    """One sentence of why, for the first page: the view's, or the check's reason."""
    view = _view(claim)
    return view.why(claim, doc) if hasattr(view, "why") else claim["reason"]


def present(claim: dict[str, Any], doc: dict[str, Any]) -> ClaimView:
    """A claim's sentence of why, tables and charts, as its check kind's view shows them."""
    return ClaimView(
        why=why_for(claim, doc),
        tables=tables_for(claim, doc),
        charts=charts_for(claim, doc),
        where=where_read(doc, shown_for(claim)),
    )


ROLE_WORDS = {
    "primary": "the verdict",
    "at_publication": "the verdict when published",
    "other": "another source",
    "sensitivity": "a sensitivity test",
    "part": "one of the measures",
}
"""What each reading is for, in the readings tables."""


def publication_marker(doc: dict[str, Any], years: list[int]) -> dict[str, Any]:
    """Where the article's publication date falls on a year axis (as line_chart's marker
    arguments), if it falls within ``years``."""
    published = dt.date.fromisoformat(str(doc["article"]["published"]))
    if not years or not min(years) <= published.year <= max(years):
        return {}
    start = dt.date(published.year, 1, 1)
    length = (dt.date(published.year + 1, 1, 1) - start).days
    return {
        "marker_year": published.year + (published - start).days / length,
        "marker_label": f"article published {published:%B %Y}",
    }


def span_title(entity: str, figures: list[dict[str, Any]]) -> str:
    """A chart title naming what is drawn and the years it spans: "Russia: GDP growth,
    2019-2024"."""
    years = [f["year"] for f in figures]
    return f"{entity}: {figures[0]['measure_label']}, {min(years)}\N{EN DASH}{max(years)}"


def ranking_chart(
    claim: dict[str, Any], doc: dict[str, Any], reading: dict[str, Any], highlight: set[str]
) -> Chart:
    """The places of a ranking reading as bars, largest first, ``highlight`` marked."""
    places = reading["figures"]
    ident, title = chart_id(claim, "ranking"), f"Ranking: {reading['label']}"
    svg = bar_chart(
        [(p["entity"], p["value"]) for p in places],
        chart_id=ident,
        title=title,
        unit=places[0]["unit"],
        highlight=highlight,
    )
    return Chart(ident, title, svg, caption(doc, places))
