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


def place(locator: str) -> str:
    """Where a figure stands in its file, in words: "sheet “Current US$”, cell BS158";
    "field Geography → Area → total"; a row and column as the parser wrote them."""
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
    return locator


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


def mid_sentence(label: str) -> str:
    """A measure's label inside a sentence: "Military expenditure (current US$)" ->
    "military expenditure (current US$)"; a label opening with an acronym ("GDP, current
    US$") keeps its capitals."""
    first = label.split(" ", 1)[0]
    if not first or any(char.isupper() for char in first[1:]):
        return label
    return first[0].lower() + label[1:]


def figure_cell(ref: dict[str, Any], *, exact: bool = False) -> str:
    """A figure with its unit, in the report's style (in full if ``exact``)."""
    return quantity(float(ref["value"]), ref["unit"], exact=exact)


def year_cell(year: int | None) -> str:
    return "—" if year is None else str(year)


def _short_place(locator: str) -> tuple[str, str]:
    """(what every figure of a file shares, what is this figure's own) of a figure's place:
    ("sheet “Current US$”", "cell AY158"), ("", "row 1422 (RUS), column “2021”")."""
    if match := _CELL.match(locator):
        return f"sheet “{match['sheet']}”", f"cell {match['cell']}"
    return "", place(locator).replace('"', "“", 1).replace('"', "”", 1)


def where_read(doc: dict[str, Any], figures: list[dict[str, Any]]) -> list[Markup]:
    """Every figure a claim used, where it was read, one line per source file and measure:
    each figure as published, by entity and year, with its cell or field; then the figures
    entered by hand, with the publication each comes from."""
    groups: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for ref in figures:
        if ref["origin"] == "data":
            groups.setdefault((ref["source_id"], ref["measure_label"], ref["unit"]), []).append(ref)
    lines = []
    for (source_id, measure, unit), refs in groups.items():
        shared = {_short_place(ref["locator"])[0] for ref in refs}
        in_file = f", {shared.pop()}" if len(shared) == 1 and "" not in shared else ""
        entries = []
        for ref in sorted(refs, key=lambda r: (r["entity"], r["year"] or 0)):
            own = _short_place(ref["locator"])[1] if in_file else place(ref["locator"])
            when = f"{ref['year']} " if ref["year"] is not None else ""
            entries.append(f"{ref['entity']} {when}{figure_text(ref['value'])} ({own})")
        head = link(source_name(doc, source_id), f"#src-{source_id}")
        lines.append(
            Markup("{}: {}, in {}{}. ").format(head, measure, unit, in_file)
            + escape("; ".join(entries) + ".")
        )
    for ref in figures:
        if ref["origin"] == "published":
            lines.append(
                escape(f"Entered by hand: {ref['entity'] or ref['measure_label']} ")
                + escape(f"{figure_text(ref['value'])} {ref['unit']}, from ")
                + cited(doc, ref["evidence_id"])
                + Markup(".")
            )
    return lines


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
