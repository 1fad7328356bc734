"""World Bank World Development Indicators (WDI) bulk CSV downloads.

The live URL serves a zip holding ``API_<code>_DS2_en_csv_v2_<n>.csv`` and Metadata CSVs; a
bare CSV is accepted too. The CSV is UTF-8 with a BOM; four preamble lines (line 3 is
``"Last Updated Date","YYYY-MM-DD"``) precede the header ``Country Name, Country Code,
Indicator Name, Indicator Code, <years>``; every line ends with an empty column; missing
values are empty strings. Options: ``indicators`` and ``countries`` (names as published)
keep only the listed rows; every listed one must be in the file. ``aggregate_codes`` lists
the country codes of the World Bank's aggregates (World, regions, income groups), whose rows
are marked as such.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

from ...errors import FactcheckError
from .. import limits
from ..catalog import Source
from ..figures import AGGREGATE, Figure
from ..identity import data_member
from . import Extraction

HEADER = ("Country Name", "Country Code", "Indicator Name", "Indicator Code")
PREAMBLE_LINES = 4
RELEASE_KEY = "Last Updated Date"
ZIP_SIGNATURE = b"PK\x03\x04"
YEAR = re.compile(r"\d{4}")
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
NUMBER = re.compile(r"-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
UNIT_IN_NAME = re.compile(r"\(([^()]+)\)\s*$")
# Counts of people whose indicator names carry no parenthesised unit.
UNITS_BY_CODE = {"SP.POP.TOTL": "people", "MS.MIL.TOTL.P1": "people"}


def _read_bytes(path: Path) -> bytes:
    """The CSV's bytes: the file itself, or the data member of a zip (see ``identity``)."""
    limits.check_file_size(path, "csv")
    if not zipfile.is_zipfile(path):
        data = path.read_bytes()
        if data.startswith(ZIP_SIGNATURE):
            raise FactcheckError(
                "a zip archive without its directory at the end: the download was cut short "
                "or is corrupt; fetch it again",
                path=path,
            )
        return data
    return data_member(path)[1]


def _string_list(source: Source, key: str, path: Path) -> set[str] | None:
    value = source.options.get(key)
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise FactcheckError(
            f"option {key!r} of source {source.id!r} must be a list of strings, found {value!r}",
            path=path,
        )
    return set(value)


def _kept(keep: set[str] | None, name: str) -> bool:
    return keep is None or name in keep


def _unit(code: str, name: str) -> str:
    """The unit an indicator name states in its final parentheses, e.g. ``sq. km``."""
    if code in UNITS_BY_CODE:
        return UNITS_BY_CODE[code]
    match = UNIT_IN_NAME.search(name)
    return match.group(1).strip() if match else name


def _release(preamble: list[list[str]], path: Path) -> str:
    for row in preamble:
        if len(row) >= 2 and row[0].strip() == RELEASE_KEY:
            date = row[1].strip()
            if not DATE.fullmatch(date):
                raise FactcheckError(
                    f"expected a YYYY-MM-DD date after {RELEASE_KEY!r}, found {date!r}", path=path
                )
            return f"WDI, last updated {date}"
    raise FactcheckError(
        f"no {RELEASE_KEY!r} line in the first {PREAMBLE_LINES} lines; expected a WDI bulk CSV",
        path=path,
    )


def _years(header: list[str], path: Path) -> list[int]:
    """The year columns after the four name columns (the trailing empty column dropped)."""
    if tuple(header[: len(HEADER)]) != HEADER:
        raise FactcheckError(
            f"expected line {PREAMBLE_LINES + 1} to be the header "
            f"{','.join(HEADER)},<years>..., found {','.join(header[:6])}...",
            path=path,
        )
    cells = header[len(HEADER) :]
    while cells and not cells[-1].strip():
        cells.pop()
    bad = [cell for cell in cells if not YEAR.fullmatch(cell.strip())]
    if not cells or bad:
        raise FactcheckError(
            f"expected year columns after {HEADER[-1]!r}, found {bad[:3] or 'none'}", path=path
        )
    return [int(cell) for cell in cells]


def _row_figures(
    row: list[str], line: int, years: list[int], source: Source, path: Path
) -> Iterator[Figure]:
    """The figures of one country-indicator row: one per non-empty year cell."""
    country, country_code, indicator_name, code = (c.strip() for c in row[: len(HEADER)])
    unit = _unit(code, indicator_name)
    entity = source.canonical_entity(country)
    group = AGGREGATE if country_code in source.options.get("aggregate_codes", []) else ""
    for year, cell in zip(years, row[len(HEADER) :], strict=False):
        value = cell.strip()
        if not value:
            continue
        locator = f'row {line} ({country_code}), column "{year}"'
        if not NUMBER.fullmatch(value):
            raise FactcheckError(
                f"expected a plain number or an empty cell, found {value!r}",
                path=path,
                field=locator,
            )
        yield Figure(
            entity=entity,
            entity_as_published=country,
            measure=code,
            year=year,
            value=float(value),
            unit=unit,
            locator=locator,
            group=group,
        )


def parse(path: Path, source: Source) -> Extraction:
    """Read one figure per non-empty cell: a country's value of an indicator in a year."""
    try:
        text = _read_bytes(path).decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FactcheckError(f"not UTF-8 text ({exc}); expected a WDI bulk CSV", path=path) from exc
    wanted = {key: _string_list(source, key, path) for key in ("indicators", "countries")}
    found: dict[str, set[str]] = {"indicators": set(), "countries": set()}
    rows_seen: dict[tuple[str, str], int] = {}
    figures: list[Figure] = []
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        release = _release([next(reader, []) for _ in range(PREAMBLE_LINES)], path)
        years = _years(next(reader, []), path)
        for count, row in enumerate(reader, start=1):
            limits.check_csv_rows(count, path)
            if not any(cell.strip() for cell in row):
                continue
            line = reader.line_num
            if len(row) < len(HEADER) + len(years) or any(
                c.strip() for c in row[len(HEADER) + len(years) :]
            ):
                raise FactcheckError(
                    f"expected {len(HEADER)} name columns and {len(years)} year columns, "
                    f"found {len(row)} cells",
                    path=path,
                    field=f"row {line}",
                )
            country, code = row[0].strip(), row[3].strip()
            if not (_kept(wanted["indicators"], code) and _kept(wanted["countries"], country)):
                continue
            if (country, code) in rows_seen:
                raise FactcheckError(
                    f"{country} {code} appears twice, also on row {rows_seen[country, code]}",
                    path=path,
                    field=f"row {line}",
                )
            rows_seen[country, code] = line
            found["indicators"].add(code)
            found["countries"].add(country)
            figures.extend(_row_figures(row, line, years, source, path))
            limits.check_figures(len(figures), path)
    except csv.Error as exc:
        raise FactcheckError(
            f"malformed CSV ({exc})", path=path, field=f"line {reader.line_num}"
        ) from exc
    for key, keep in wanted.items():
        missing = sorted((keep or set()) - found[key])
        if missing:
            raise FactcheckError(
                f"option {key!r} lists {missing}, not found in the file", path=path
            )
    return Extraction(figures=figures, release=release)
