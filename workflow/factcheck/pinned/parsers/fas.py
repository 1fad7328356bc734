"""Federation of American Scientists (FAS) nuclear warhead counts, in four layouts.

The catalog format says how to decode the file: ``csv`` (UTF-8, comma; Our World in Data's
republication) or ``tsv-utf16`` (UTF-16 with BOM, tab; FAS's own Tableau exports). The
header says the layout:

- OWID: ``Entity, Year, <measure columns>``;
- Tableau long: ``Year, Measure Names, Measure Values`` (entities are the measure names);
- Tableau wide: ``Country, <measures>``, one row per country;
- Tableau transposed: an empty corner cell, then countries; one row per measure.

The wide and transposed exports carry no year: it comes from the source option ``year``.
Their ``SUM(...)`` column/row is ignored: in the 2022 export it double-counts deployed
strategic warheads; "Total Inventory" is the total. A "World" or "Total Inventories" row is
the global total inventory (retired warheads included), never a sum of the countries.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ...errors import FactcheckError
from .. import limits
from ..catalog import Source
from ..figures import Figure
from . import Extraction

UNIT = "warheads"
TOTAL = "total_inventory"
STOCKPILE = "military_stockpile"
MEASURES = {
    "nuclear_weapons_inventory": TOTAL,
    "nuclear_weapons_stockpile": STOCKPILE,
    "nuclear_weapons_depl_strat": "deployed_strategic",
    "nuclear_weapons_depl_nonstrat": "deployed_nonstrategic",
    "nuclear_weapons_reserve_nondepl": "reserve_nondeployed",
    "nuclear_weapons_retired": "retired",
    "Total Inventory": TOTAL,
    "Deployed Strategic": "deployed_strategic",
    "Deployed Nonstrategic": "deployed_nonstrategic",
    "Reserve/ Nondeployed": "reserve_nondeployed",
    "Retired": "retired",
}
TOTAL_LABEL = "Total Inventory"
SUM_PREFIX = "SUM("
WORLD = "World"
WORLD_NAMES = {"World", "Total Inventories"}
ENTITY_NAMES = {"US": "United States of America", "United States": "United States of America"}
LONG_HEADER = ["Year", "Measure Names", "Measure Values"]
ENCODINGS = {"csv": ("utf-8-sig", ","), "tsv-utf16": ("utf-16", "\t")}
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
WHOLE_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+|\d+")
YEAR = re.compile(r"\d{4}")

# A cell read from the file: (entity as published, measure, year, value text, locator).
Cell = tuple[str, str, int, str, str]


def _collapse(text: str) -> str:
    return " ".join(text.split())


@dataclass(frozen=True)
class Table:
    """A decoded file: its header and its non-blank rows with their 1-based line numbers."""

    path: Path
    source: Source
    header: list[str]
    rows: list[tuple[int, list[str]]]


def _read_table(path: Path, source: Source) -> Table:
    if source.format not in ENCODINGS:
        raise FactcheckError(
            f"the fas parsers read formats {sorted(ENCODINGS)}; the catalog says {source.format!r}",
            path=path,
        )
    encoding, delimiter = ENCODINGS[source.format]
    limits.check_file_size(path, "csv")
    data = path.read_bytes()
    if encoding == "utf-16" and not data.startswith(UTF16_BOMS):
        raise FactcheckError(
            "expected UTF-16 text with a byte-order mark (format tsv-utf16)", path=path
        )
    numbered: list[tuple[int, list[str]]] = []
    try:
        reader = csv.reader(io.StringIO(data.decode(encoding), newline=""), delimiter=delimiter)
        for count, row in enumerate(reader, start=1):
            limits.check_csv_rows(count, path)
            if any(cell.strip() for cell in row):
                numbered.append((reader.line_num, row))
    except (UnicodeDecodeError, csv.Error) as exc:
        raise FactcheckError(f"not readable as {source.format} ({exc})", path=path) from exc
    if not numbered:
        raise FactcheckError("empty file", path=path)
    (_, header), *rows = numbered
    for line, row in rows:
        if len(row) != len(header):
            raise FactcheckError(
                f"expected {len(header)} cells as in the header, found {len(row)}",
                path=path,
                field=f"row {line}",
            )
    return Table(path, source, header, rows)


def _measure(label: str, table: Table, where: str) -> str:
    measure = MEASURES.get(_collapse(label))
    if measure is None:
        known = ", ".join(sorted(MEASURES))
        raise FactcheckError(
            f"unknown measure {label!r}; known: {known}", path=table.path, field=where
        )
    return measure


def _year(text: str, table: Table, where: str) -> int:
    if not YEAR.fullmatch(text.strip()):
        raise FactcheckError(
            f"expected a four-digit year, found {text!r}", path=table.path, field=where
        )
    return int(text)


def _option_year(table: Table, layout: str) -> int:
    year = table.source.options.get("year")
    if not isinstance(year, int) or isinstance(year, bool):
        raise FactcheckError(
            f"the {layout} layout has no year column: source {table.source.id!r} needs an "
            f"integer option 'year', found {year!r}",
            path=table.path,
        )
    return year


def _owid(table: Table) -> Iterator[Cell]:
    columns = [(c, _measure(c, table, f'column "{c}"')) for c in table.header[2:]]
    for line, row in table.rows:
        year = _year(row[1], table, f"row {line}")
        for (column, measure), cell in zip(columns, row[2:], strict=True):
            yield row[0], measure, year, cell, f'row {line}, column "{column}"'


def _long(table: Table) -> Iterator[Cell]:
    for line, (year, name, cell) in table.rows:
        locator = f'row {line}, column "{LONG_HEADER[2]}"'
        yield name, STOCKPILE, _year(year, table, f"row {line}"), cell, locator


def _wide(table: Table) -> Iterator[Cell]:
    year = _option_year(table, "Tableau wide")
    columns = [
        (i, c, _measure(c, table, f'column "{c}"'))
        for i, c in enumerate(table.header)
        if i > 0 and not c.startswith(SUM_PREFIX)
    ]
    if TOTAL_LABEL not in {_collapse(c) for _, c, _ in columns}:
        raise FactcheckError(f"no {TOTAL_LABEL!r} column in the header", path=table.path)
    for line, row in table.rows:
        for i, column, measure in columns:
            yield row[0], measure, year, row[i], f'row {line}, column "{column}"'


def _transposed(table: Table) -> Iterator[Cell]:
    year = _option_year(table, "Tableau transposed")
    measures = [
        (line, row, _measure(row[0], table, f"row {line}"))
        for line, row in table.rows
        if not row[0].startswith(SUM_PREFIX)
    ]
    if TOTAL_LABEL not in {_collapse(row[0]) for _, row, _ in measures}:
        raise FactcheckError(f"no {TOTAL_LABEL!r} row in the first column", path=table.path)
    for line, row, measure in measures:
        for country, cell in zip(table.header[1:], row[1:], strict=True):
            yield country, measure, year, cell, f'row {line} ("{row[0]}"), column "{country}"'


def _layout(table: Table) -> tuple[str, Callable[[Table], Iterator[Cell]]]:
    """The layout's description and reader, told by the header alone."""
    header = table.header
    if header[:2] == ["Entity", "Year"] and len(header) > 2:
        return "FAS via Our World in Data CSV", _owid
    if header == LONG_HEADER:
        return "FAS Tableau export, stockpiles (long)", _long
    if header[0] == "Country" and len(header) > 1:
        return "FAS Tableau export, inventories (wide)", _wide
    if header[0] == "" and len(header) > 1 and all(c.strip() for c in header[1:]):
        return "FAS Tableau export, inventories (transposed)", _transposed
    raise FactcheckError(
        "unknown layout: expected a header 'Entity, Year, <measures>', "
        f"'{', '.join(LONG_HEADER)}', 'Country, <measures>' or an empty cell followed by "
        f"countries; found {header[:4]}",
        path=table.path,
    )


def _value(text: str, path: Path, where: str) -> float:
    if not WHOLE_NUMBER.fullmatch(text):
        raise FactcheckError(
            f"expected a whole number of warheads (e.g. 5977 or 5,977), found {text!r}",
            path=path,
            field=where,
        )
    return float(text.replace(",", ""))


def parse(path: Path, source: Source) -> Extraction:
    """Read every warhead count as a figure, in the fixed measure vocabulary."""
    table = _read_table(path, source)
    description, read = _layout(table)
    figures: list[Figure] = []
    seen: dict[tuple[str, str, int], str] = {}
    for published, measure, year, cell, locator in read(table):
        text = cell.strip()
        if not text:
            continue
        name = _collapse(published)
        if name in WORLD_NAMES:
            name = WORLD
            if measure == STOCKPILE:
                measure = TOTAL
        entity = source.canonical_entity(ENTITY_NAMES.get(name, name))
        if (key := (entity, measure, year)) in seen:
            raise FactcheckError(
                f"{entity} {measure} {year} given twice, also at {seen[key]}",
                path=path,
                field=locator,
            )
        seen[key] = locator
        limits.check_figures(len(figures) + 1, path)
        figures.append(
            Figure(
                entity=entity,
                entity_as_published=published,
                measure=measure,
                year=year,
                value=_value(text, path, locator),
                unit=UNIT,
                locator=locator,
            )
        )
    years = sorted({f.year for f in figures if f.year is not None})
    span = f"{years[0]}-{years[-1]}" if len(years) > 1 else "".join(map(str, years))
    return Extraction(figures=figures, release=f"{description}, {span}")
