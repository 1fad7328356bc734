"""What every view of a claim shares: tables, and how a figure, a source and a difference
between two texts are written for an editor.

Cells are text, or :class:`markupsafe.Markup` made here from escaped text (links to sources,
struck and inserted words); nothing from a data file reaches the page unescaped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape

from ..dates import long_date
from ..quantities import figure as figure_text
from ..quantities import quantity
from ..words import mid_sentence

WIDEST_COLUMN = 60  # characters; longer texts wrap rather than widen their column further
LINE_CHARACTERS = 95  # about what one table line holds across an A4 page
CELL_PADDING = 3  # characters' worth of a cell's padding

Cell = str | Markup


@dataclass(frozen=True)
class Table:
    """A table of the report: cells already written, so that templates only lay it out."""

    title: Cell
    columns: list[str]
    rows: list[list[Cell]]
    note: str = ""
    widths: list[float] = field(default_factory=list)
    annex: bool = False  # a table of figures for the report's annex, not its body

    def __post_init__(self) -> None:
        if not self.widths:
            object.__setattr__(self, "widths", column_widths(self.columns, self.rows))


def _plain(cell: Cell) -> str:
    return cell.striptags() if isinstance(cell, Markup) else cell


def column_widths(columns: list[str], rows: list[list[Cell]]) -> list[float]:
    """Percent widths: each column gets its longest word (so no word is split), then the
    rest of the line is shared in proportion to how much longer its texts run."""
    cells = [[column, *(_plain(row[i]) for row in rows)] for i, column in enumerate(columns)]
    least = [
        min(max(len(word) for text in texts for word in (text.split() or [""])), WIDEST_COLUMN)
        + CELL_PADDING
        for texts in cells
    ]
    wanted = [
        max(min(max(len(text) for text in texts), WIDEST_COLUMN), low)
        for texts, low in zip(cells, least, strict=True)
    ]
    spare = max(LINE_CHARACTERS - sum(least), 0)
    extra = sum(w - low for w, low in zip(wanted, least, strict=True)) or 1
    share = [low + spare * (w - low) / extra for w, low in zip(wanted, least, strict=True)]
    total = sum(share) or 1
    return [round(100 * width / total, 1) for width in share]


def link(text: str, url: str) -> Markup:
    """A link to ``url`` (http, https or a fragment of this report), its text escaped."""
    if not re.match(r"^(https?://|#)", url):
        return escape(text)
    return Markup('<a href="{}">{}</a>').format(url, text)


_CELL = re.compile(r"^(?P<sheet>.+)!(?P<cell>[A-Z]{1,3}\d+)$")
_JSON_PATH = re.compile(r"\['([^']*)'\]|\.([A-Za-z_][\w ]*)")
_STRAIGHT_QUOTED = re.compile(r'"([^"]*)"')
_PART = re.compile(r", (?=(?:sheet|cell|row|column|field) )")


def curly(text: str) -> str:
    """Straight double quotes made typographic: 'the "Total Inventory" row' -> 'the “Total
    Inventory” row'."""
    return _STRAIGHT_QUOTED.sub(r"“\1”", text)


def place(locator: str) -> str:
    """Where a figure stands in its file, in words: "sheet “Current US$”, cell BS158";
    "field Geography → Area → total"; "row 208 (RUS), column “2021”", the publisher's
    headers quoted as published."""
    if match := _CELL.match(locator):
        return f"sheet “{match['sheet']}”, cell {match['cell']}"
    if "['" in locator or locator.count(".") >= 2:
        head, _, rest = locator.partition(".")
        parts = [head] + [
            (quoted or bare).strip()
            for quoted, bare in _JSON_PATH.findall("." + rest)
            if (quoted or bare).strip() != "text"
        ]
        return "field " + " → ".join(parts)
    return curly(locator)


def source_name(doc: dict[str, Any], source_id: str) -> str:
    """A pinned source, briefly: its edition ("SIPRI Milex, April 2021 edition"); the annex
    describes it in full."""
    return next(s for s in doc["sources"] if s["id"] == source_id)["edition_label"]


def evidence_item(doc: dict[str, Any], evidence_id: str) -> dict[str, Any]:
    return next(e for e in doc["evidence"] if e["id"] == evidence_id)


def publication(item: dict[str, Any]) -> str:
    """A published figure or text by its publisher and date: "Reuters, 18 March 2014"."""
    return f"{item['publisher']}, {long_date(item['published'])}"


def cited(doc: dict[str, Any], evidence_id: str) -> Markup:
    """A cited publication: publisher and date, linked to it; marked if not verified."""
    item = evidence_item(doc, evidence_id)
    text = publication(item)
    cell = link(text, item["url"]) if item.get("url") else escape(text)
    if not item["verified"]:
        cell += Markup(" <strong>(unverified)</strong>")
    return cell


def origin_name(doc: dict[str, Any], ref: dict[str, Any]) -> str:
    """The pinned source or the publication a figure comes from, as plain text."""
    if ref["origin"] == "data":
        return source_name(doc, ref["source_id"])
    item = evidence_item(doc, ref["evidence_id"])
    mark = "" if item["verified"] else " (unverified)"
    return f"{publication(item)}{mark}"


def provenance(doc: dict[str, Any], ref: dict[str, Any]) -> Markup:
    """Where a figure comes from: the pinned source and its place in the file, or the
    publication it was entered by hand from."""
    if ref["origin"] == "data":
        name = link(origin_name(doc, ref), f"#src-{ref['source_id']}")
        return name + escape(f", {place(ref['locator'])}")
    return cited(doc, ref["evidence_id"]) + Markup(", entered by hand")


def plain_text(text: str) -> str:
    """A publisher's text as plain text: markup such as ``<strong>note:</strong>`` removed,
    entities decoded (the template escapes what is left)."""
    return Markup(text).striptags()


def figure_cell(ref: dict[str, Any], *, exact: bool = False) -> str:
    """A figure with its unit, in the report's style (in full if ``exact``)."""
    return quantity(float(ref["value"]), ref["unit"], exact=exact)


def year_cell(year: int | None) -> str:
    return "—" if year is None else str(year)


def _shared_place(locators: list[str]) -> tuple[str, list[str]]:
    """What the places of a file's figures share ("sheet “Current US$”", "column “2021”"),
    and what is each figure's own ("cell BS158", "row 208 (RUS)"; "" if nothing)."""
    places = [_PART.split(place(locator)) for locator in locators]
    shared = [
        part
        for i, part in enumerate(places[0])
        if all(len(other) == len(places[0]) and other[i] == part for other in places)
    ]
    own = [", ".join(part for part in parts if part not in shared) for parts in places]
    return ", ".join(shared), own


def _named(entity: str, year: int | None) -> str:
    return f"{entity} {year}" if year is not None else entity


def published_figure(item: dict[str, Any], label: str) -> str:
    """A figure entered by hand, in the report's style: "Russia, defence budget 2021 (IISS,
    The Military Balance 2022), US$ 45.8 billion"; a poll's "Ukrainians who …, 38%"."""
    name = f"{item['entity']}, {mid_sentence(label)}" if item.get("entity") else label
    return f"{name}, {quantity(float(item['value']), item['unit'])}"


def where_read(doc: dict[str, Any], figures: list[dict[str, Any]]) -> list[Markup]:
    """Every figure a claim used, where it was read, one line per source file and measure:
    each figure as published, by entity and year, with its cell or field; then the figures
    entered by hand, one line per publication. A figure used twice is listed once."""
    groups: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    by_hand: dict[tuple[str, ...], tuple[str, list[str]]] = {}
    for ref in figures:
        if ref["origin"] == "data":
            groups.setdefault((ref["source_id"], ref["measure_label"], ref["unit"]), []).append(ref)
        else:
            key = _publication_key(evidence_item(doc, ref["evidence_id"]))
            by_hand.setdefault(key, (ref["evidence_id"], []))[1].append(
                published_figure(ref, ref["measure_label"])
            )
    lines = []
    for (source_id, measure, unit), refs in groups.items():
        refs = sorted(refs, key=lambda r: (r["entity"], r["year"] or 0, r["locator"]))
        shared, own = _shared_place([ref["locator"] for ref in refs])
        entries = [
            f"{_named(ref['entity'], ref['year'])}, {figure_text(ref['value'])}"
            + (f" in {where}" if where else "")
            for ref, where in zip(refs, own, strict=True)
        ]
        head = link(source_name(doc, source_id), f"#src-{source_id}")
        lines.append(
            Markup("{}, {} in {}{}: ").format(
                head, mid_sentence(measure), unit, f", {shared}" if shared else ""
            )
            + escape("; ".join(dict.fromkeys(entries)) + ".")
        )
    for evidence_id, entries in by_hand.values():
        lines.append(
            Markup("Entered by hand from {}: ").format(cited(doc, evidence_id))
            + escape("; ".join(dict.fromkeys(entries)) + ".")
        )
    return lines


def _publication_key(item: dict[str, Any]) -> tuple[str, ...]:
    """What makes two evidence items one publication: publisher, date, address and, for a
    poll, its fieldwork and sample."""
    return tuple(
        str(item.get(key, "")) for key in ("publisher", "published", "url", "fieldwork", "sample")
    )


@dataclass(frozen=True)
class Publication:
    """One publication that figures or texts were entered from: its evidence items (the
    first gives its publisher, date and address) and what was taken from it, as a sentence."""

    items: list[dict[str, Any]]
    verified: bool
    text: str


def _closed(text: str) -> str:
    """``text`` ending as a sentence: with a full stop unless it has one (inside a closing
    quote mark too)."""
    return text if text.rstrip("”’)").endswith((".", "?", "!")) else text + "."


def publications(evidence: list[dict[str, Any]]) -> list[Publication]:
    """The evidence items grouped by publication, in order of first appearance: each
    publication listed once, with every passage quoted from it, its notes and the figures
    taken from it."""
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for item in evidence:
        groups.setdefault(_publication_key(item), []).append(item)
    found = []
    for items in groups.values():
        passages = [
            f"“{item['quote']}”"
            if item.get("verbatim")
            else f"{item['quote']} (the finding, summarised)"
            for item in items
        ]
        notes = [_closed(item["note"]) for item in items if item.get("note")]
        figures = [
            published_figure(item, item["measures"])
            for item in items
            if item.get("type") == "figure" and "value" in item
        ]
        sentences = [_closed("; ".join(dict.fromkeys(passages))), *dict.fromkeys(notes)]
        if figures:
            sentences.append(f"Figures taken from it: {'; '.join(dict.fromkeys(figures))}.")
        verified = all(item["verified"] for item in items)
        found.append(Publication(items, verified, " ".join(sentences)))
    return found


_PLACEHOLDER = re.compile(r"<([a-z ]+)>")
_SINGLE_QUOTED = re.compile(r"(?<!\w)'([^']+)'(?!\w)")


def terms(sources: list[dict[str, Any]]) -> str:
    """A dataset's terms of use as a sentence for the sources list: a citation the publisher
    asks for in curly quotes, its "<year>" the years of the editions used."""
    text = sources[0]["terms"]
    years = sorted({str(source["released"])[:4] for source in sources if source.get("released")})
    filled = " and ".join(years) if years else "year of the edition"
    text = _PLACEHOLDER.sub(lambda m: filled if m[1] == "year" else m[1], text)
    text = _SINGLE_QUOTED.sub(r"“\1”", curly(text))
    return _closed(text.strip())


def revisions_table(doc: dict[str, Any], revisions: list[dict[str, Any]], title: str) -> Table:
    """The same figure as each source or vintage gives it, in full: one column per source."""
    sources = sorted({ref["source_id"] for item in revisions for ref in item["versions"]})
    rows: list[list[Cell]] = []
    for item in revisions:
        values = {ref["source_id"]: figure_cell(ref, exact=True) for ref in item["versions"]}
        label = f"{item['entity']}, {mid_sentence(item['versions'][0]['measure_label'])}"
        rows.append([label, year_cell(item["year"]), *(values.get(s, "—") for s in sources)])
    return Table(title, ["Figure", "Year", *(source_name(doc, s) for s in sources)], rows)


def diff_markup(diffs: list[dict[str, str]]) -> Markup:
    """A quote read against a reference text: words the quote adds are underlined
    (``<ins>``), words of the reference it leaves out are struck through (``<del>``)."""
    parts = []
    for diff in diffs:
        if diff["op"] in ("insert", "replace"):
            parts.append(Markup("<del>{}</del>").format(diff["reference"]))
        if diff["op"] in ("delete", "replace"):
            parts.append(Markup("<ins>{}</ins>").format(diff["claimed"]))
        if diff["op"] == "equal":
            parts.append(escape(diff["claimed"]))
    return Markup(" ").join(parts)


DIFF_NOTE = (
    "Underlined words are in the article but not in that text; struck-through words are in "
    "that text but not in the article."
)
