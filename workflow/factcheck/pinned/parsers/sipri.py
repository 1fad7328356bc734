"""SIPRI Military Expenditure Database workbooks (every edition since 2021).

The editions differ: the current-dollar sheet is "Current USD" (2021) or "Current US$"
(later); the header row ("Country", "Notes", years) follows a few title lines; region
header rows carry no values (each country's region, as SIPRI groups them, is kept as its
group); "...", ". ." and "xxx" mark missing data; values are US$ m.

A workbook is XML inside a zip: its size, unzipped size and sheet size are checked against
the caps in ``limits`` before and while reading, and openpyxl parses the XML through
defusedxml, which refuses entity declarations (entity-expansion attacks).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
from defusedxml import DefusedXmlException
from openpyxl.utils import get_column_letter

from ...errors import FactcheckError
from .. import limits
from ..catalog import Source
from ..figures import Figure
from . import Extraction

SHEET_NAMES = ("Current US$", "Current USD")
MEASURE = "military_expenditure_current_usd"
UNIT = "US$ m"
MISSING = {"", "...", ". .", "..", "xxx"}
HEADER_SEARCH_ROWS = 20
MAJOR_REGIONS = frozenset({"Africa", "Americas", "Asia & Oceania", "Europe", "Middle East"})
"""SIPRI's five regions; the other header rows are their subregions."""
UNIT_PATTERN = re.compile(r"millions of US\$|US \$m", re.IGNORECASE)


def _defused(exc: BaseException | None) -> BaseException | None:
    """The defusedxml refusal behind ``exc``, if any (openpyxl wraps it in a ValueError)."""
    while exc is not None and not isinstance(exc, DefusedXmlException):
        exc = exc.__cause__ or exc.__context__
    return exc


@contextlib.contextmanager
def _reading(path: Path, field: str | None = None) -> Iterator[None]:
    """Turn what openpyxl raises while reading ``path`` into a one-line FactcheckError."""
    try:
        yield
    except Exception as exc:  # openpyxl raises many types for a file that is not xlsx
        refusal = _defused(exc)
        if refusal is not None:
            raise FactcheckError(
                "refused: the workbook's XML declares entities (possible entity-expansion "
                f"attack): {refusal}",
                path=path,
                field=field,
            ) from exc
        detail = " ".join(str(exc).split())
        raise FactcheckError(
            f"not a readable xlsx workbook ({detail})", path=path, field=field
        ) from exc


def _open_sheet(path: Path) -> tuple[Any, str]:
    if not openpyxl.DEFUSEDXML:
        raise FactcheckError(
            "refusing to read xlsx: openpyxl is not using defusedxml (install defusedxml, "
            "and do not set OPENPYXL_DEFUSEDXML=False)",
            path=path,
        )
    limits.check_file_size(path, "xlsx")
    limits.check_zip(path, "xlsx workbook")
    with _reading(path):
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    name = next((n for n in SHEET_NAMES if n in workbook.sheetnames), None)
    if name is None:
        raise FactcheckError(
            f"no sheet named {' or '.join(map(repr, SHEET_NAMES))}; "
            f"sheets are: {workbook.sheetnames}",
            path=path,
        )
    with _reading(path, f"sheet {name!r}"):
        sheet = workbook[name]
    limits.check_sheet_dimensions(sheet.max_row, sheet.max_column, path, name)
    return sheet, name


def _rows(sheet: Any, name: str, path: Path) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """The sheet's rows with their 1-based numbers, within the row and column caps."""
    rows = sheet.iter_rows(values_only=True)
    number = 0
    while True:
        with _reading(path, f"sheet {name!r}"):
            row = next(rows, None)
        if row is None:
            return
        number += 1
        limits.check_sheet_row(number, len(row), path, name)
        yield number, row


def _is_region_header(row: tuple[Any, ...]) -> bool:
    """A region's header row: a name and nothing else (countries have notes or values)."""
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in row[1:])


def _year(cell: Any) -> int | None:
    if isinstance(cell, int | float) and float(cell).is_integer() and 1900 <= cell <= 2100:
        return int(cell)
    return None


def parse(path: Path, source: Source) -> Extraction:
    """Read military expenditure in current US$ millions for every country and year."""
    sheet, sheet_name = _open_sheet(path)
    rows = _rows(sheet, sheet_name, path)
    title_lines: list[str] = []
    header: tuple[Any, ...] | None = None
    header_row = 0
    for header_row, row in rows:
        if row and isinstance(row[0], str) and row[0].strip() == "Country":
            header = row
            break
        title_lines.extend(str(c) for c in row if c)
        if header_row >= HEADER_SEARCH_ROWS:
            break
    if header is None:
        raise FactcheckError(
            f"no header row starting with 'Country' in the first {HEADER_SEARCH_ROWS} rows",
            path=path,
            field=f"sheet {sheet_name!r}",
        )
    if not any(UNIT_PATTERN.search(line) for line in title_lines):
        raise FactcheckError(
            "the title lines do not say the figures are in millions of US$; the unit may have "
            "changed, refusing to guess",
            path=path,
            field=f"sheet {sheet_name!r}",
        )
    years = {col: y for col, cell in enumerate(header) if (y := _year(cell)) is not None}
    if not years:
        raise FactcheckError(
            "header row has no year columns", path=path, field=f"sheet {sheet_name!r}"
        )

    figures: list[Figure] = []
    seen: set[str] = set()
    region: list[str] = []  # the region headers above the row: major region, then subregion
    for row_number, row in rows:
        if not row or not isinstance(row[0], str) or not row[0].strip():
            continue
        name = row[0].strip()
        if _is_region_header(row):
            region = [name] if name in MAJOR_REGIONS else [*region[:1], name]
            continue
        for col, year in years.items():
            cell = row[col] if col < len(row) else None
            if cell is None or (isinstance(cell, str) and cell.strip() in MISSING):
                continue
            locator = f"{sheet_name}!{get_column_letter(col + 1)}{row_number}"
            if not isinstance(cell, int | float):
                raise FactcheckError(
                    f"expected a number or a missing-data marker, found {cell!r}",
                    path=path,
                    field=locator,
                )
            figures.append(
                Figure(
                    entity=source.canonical_entity(name),
                    entity_as_published=name,
                    measure=MEASURE,
                    year=year,
                    value=float(cell),
                    unit=UNIT,
                    locator=locator,
                    group=" > ".join(region),
                )
            )
        if name in seen:
            raise FactcheckError(f"country {name!r} appears twice", path=path, field=sheet_name)
        seen.add(name)
        limits.check_figures(len(figures), path)
    return Extraction(
        figures=figures, release=f"SIPRI Milex, data {min(years.values())}-{max(years.values())}"
    )
