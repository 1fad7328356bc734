"""Tidy figures: one number, what it measures, and where in the source file it was read.

An extract is a CSV file holding every figure taken from one source file, sorted, so that
the same source always gives the same bytes and a diff shows exactly what a release changed.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .. import atomic
from ..errors import FactcheckError
from ..finite import number_problem
from ..textfile import read_utf8

COLUMNS = (
    "entity",
    "entity_as_published",
    "measure",
    "year",
    "value",
    "unit",
    "locator",
    "note",
    "group",
)
AGGREGATE = "aggregate"
"""The ``group`` of a row that sums or averages others (World, a region, an income group)."""


@dataclass(frozen=True, order=True)
class Figure:
    """One published number.

    ``locator`` says where the number stands in the raw file (a sheet and cell such as
    ``Current US$!BS158``, or a JSON path), so that an editor can find it by hand.
    ``year`` is None for figures that have no year (e.g. a country's area in the Factbook).
    ``note`` is the publisher's own note on the figure, verbatim (it may hold markup).
    ``group`` is the publisher's own classification of the entity: :data:`AGGREGATE` for a
    row that is not one country, else its region as the publisher names it ("Europe >
    Eastern Europe"), or "" where the file gives none.
    """

    entity: str
    measure: str
    year: int | None
    value: float
    unit: str
    locator: str
    entity_as_published: str = ""
    note: str = ""
    group: str = ""

    def __post_init__(self) -> None:
        if not math.isfinite(self.value):
            raise FactcheckError(f"non-finite value {self.value!r} at {self.locator}")


def format_value(value: float) -> str:
    """Shortest text that reads back as exactly ``value`` (``6898.123104359392``, ``30``)."""
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)


def to_csv(figures: list[Figure]) -> str:
    """Render figures as the canonical extract CSV text (sorted, LF line endings)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for fig in sorted(figures, key=lambda f: (f.measure, f.entity, f.year or 0, f.locator)):
        writer.writerow(
            (
                fig.entity,
                fig.entity_as_published or fig.entity,
                fig.measure,
                "" if fig.year is None else fig.year,
                format_value(fig.value),
                fig.unit,
                fig.locator,
                fig.note,
                fig.group,
            )
        )
    return buffer.getvalue()


def write_extract(path: Path | str, figures: list[Figure]) -> None:
    """Write an extract atomically."""
    atomic.write_text(path, to_csv(figures))


def read_extract(path: Path | str) -> list[Figure]:
    """Read an extract written by :func:`write_extract`, failing clearly on any other shape."""
    path = Path(path)
    try:
        text = read_utf8(path)
    except FileNotFoundError as exc:
        raise FactcheckError(
            "extract not found; run the pin target to create it", path=path
        ) from exc
    return parse_extract(text, path)


def extract_table(text: str, path: Path | str = "extract") -> list[list[str]]:
    """The rows of extract CSV text, after checking its header (row ``n`` of the list is on
    line ``n + 2``): parsed whole by the CSV reader, cells left as text."""
    rows = csv.reader(io.StringIO(text))
    try:
        header = next(rows, [])
        if tuple(header) != COLUMNS:
            raise FactcheckError(
                f"expected columns {', '.join(COLUMNS)}, found {header}", path=path
            )
        return list(rows)
    except csv.Error as exc:  # e.g. a cell over the CSV reader's limit of 131,072 characters
        raise FactcheckError(
            f"not a readable extract: {exc}", path=path, field=f"line {rows.line_num}"
        ) from None


def extract_rows(text: str, path: Path | str = "extract") -> Iterator[tuple[int, list[str]]]:
    """(line number, cells) of every row of extract CSV text, after checking its header."""
    yield from enumerate(extract_table(text, path), start=2)


def parse_year(cell: str) -> int | None:
    """An extract's year cell: a whole number, or empty for figures without a year."""
    return int(cell) if cell else None


def figure_from_row(cells: list[str], path: Path | str = "extract", line: int = 0) -> Figure:
    """The figure one extract row holds (cells in :data:`COLUMNS` order)."""
    try:
        entity, as_published, measure, year, value, unit, locator, note, group = cells
        # the length first: float() of thousands of digits is slow, and may be infinite
        if problem := number_problem(value) or number_problem(value, float(value)):
            raise FactcheckError(problem, path=path, field=f"line {line}, column value")
        return Figure(
            entity=entity,
            entity_as_published=as_published,
            measure=measure,
            year=parse_year(year),
            value=float(value),
            unit=unit,
            locator=locator,
            note=note,
            group=group,
        )
    except ValueError as exc:
        raise FactcheckError(f"unreadable row: {exc}", path=path, field=f"line {line}") from exc


def parse_extract(text: str, path: Path | str = "extract") -> list[Figure]:
    """Figures from extract CSV text (see :func:`to_csv`)."""
    return [figure_from_row(cells, path, line) for line, cells in extract_rows(text, path)]
