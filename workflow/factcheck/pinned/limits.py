"""Caps on what a parser will read, checked before and while parsing.

A file fetched from the internet may be an error page, a cut-off download, or a file made
to exhaust memory or time (a zip bomb, deep nesting, millions of rows). Every parser checks
these caps first, so such a file stops with a FactcheckError naming the file, the cap and the
value found, instead of a crash or a machine that runs out of memory. The caps are far above
the real files (the largest, a SIPRI workbook, is 1 MB, 5 MB unzipped). The checks read
each cap when they run, so a test may lower one with ``monkeypatch``.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from ..errors import FactcheckError

MIB = 2**20

MAX_XLSX_BYTES = 50 * MIB
"""Largest xlsx file read (the real SIPRI workbooks: at most 1 MB)."""

MAX_JSON_BYTES = 20 * MIB
"""Largest JSON file read (a real Factbook page is under 100 KB)."""

MAX_CSV_BYTES = 100 * MIB
"""Largest CSV file read, bare or as the data member of a zip (real files: under 1 MB)."""

MAX_UNZIPPED_BYTES = 300 * MIB
"""Largest total uncompressed size of a zip's members (xlsx, zipped CSV), read from its
directory before any member is opened (the real SIPRI workbooks: under 5 MB)."""

MAX_ZIP_RATIO = 100
"""Largest compression ratio of a zip member over ZIP_RATIO_MIN_BYTES; above it the member
is taken for a zip bomb (real members: at most 31:1, SIPRI's styles.xml)."""

ZIP_RATIO_MIN_BYTES = 1 * MIB
"""Uncompressed size from which a member's compression ratio is checked: small members of
repeated text may legitimately compress very well."""

MAX_SHEET_ROWS = 100_000
"""Most rows read from a worksheet, as declared or as met (real sheets: under 600)."""

MAX_SHEET_COLUMNS = 500
"""Most columns read from a worksheet, as declared or as met (real sheets: under 350)."""

MAX_JSON_DEPTH = 64
"""Deepest nesting of JSON arrays and objects (a real Factbook page: 5 levels)."""

MAX_CSV_ROWS = 100_000
"""Most rows read from a CSV file (the largest real file, a WDI country file: 1,514)."""

MAX_FIGURES = 500_000
"""Most figures taken from one file, whatever its shape (real files: under 20,000)."""

# A JSON string (closed, or running to the end of a malformed text) or a bracket. Every
# quote starts a match, so the scan is linear in the text's length.
_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"?|[\[\]{}]', re.DOTALL)
_LIMITS_FILE = "workflow/factcheck/pinned/limits.py"


def _at_most(
    found: int, name: str, what: str, path: Path, *, unit: str = "", field: str | None = None
) -> None:
    """Raise FactcheckError if ``found`` exceeds the cap called ``name`` in this module."""
    cap = globals()[name]
    if found > cap:
        raise FactcheckError(
            f"{what} is {found:,}{unit}, over the limit of {cap:,}{unit} ({name} in "
            f"{_LIMITS_FILE}); check that this is the publisher's file, and raise the limit "
            "only if its real files have grown that large",
            path=path,
            field=field,
        )


def check_file_size(path: Path, kind: str) -> None:
    """Refuse a file larger than the cap for its kind: ``xlsx``, ``json`` or ``csv``."""
    _at_most(path.stat().st_size, f"MAX_{kind.upper()}_BYTES", "the file size", path, unit=" bytes")


def check_zip(path: Path, what: str) -> None:
    """Refuse a zip that would inflate past the caps, from its directory alone: no member
    is decompressed. ``what`` names the file in the error if it is not a zip at all."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise FactcheckError(f"not a readable {what} ({exc})", path=path) from exc
    total = sum(member.file_size for member in members)
    what_total = "the total uncompressed size of the zip's members"
    _at_most(total, "MAX_UNZIPPED_BYTES", what_total, path, unit=" bytes")
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size >= ZIP_RATIO_MIN_BYTES and ratio > MAX_ZIP_RATIO:
            raise FactcheckError(
                f"refused: zip member {member.filename!r} would inflate {ratio:,.0f}-fold "
                f"({member.compress_size:,} to {member.file_size:,} bytes), over the limit "
                f"of {MAX_ZIP_RATIO}:1 (MAX_ZIP_RATIO in {_LIMITS_FILE}): possibly a zip "
                "bomb; check that this is the publisher's file",
                path=path,
            )


def check_member_size(path: Path, member: zipfile.ZipInfo) -> None:
    """Refuse a zip's CSV member larger than a bare CSV file may be."""
    what = f"the uncompressed size of zip member {member.filename!r}"
    _at_most(member.file_size, "MAX_CSV_BYTES", what, path, unit=" bytes")


def check_sheet_dimensions(rows: int | None, columns: int | None, path: Path, sheet: str) -> None:
    """Refuse a worksheet whose declared size (None if undeclared) exceeds the caps."""
    field = f"sheet {sheet!r}"
    _at_most(rows or 0, "MAX_SHEET_ROWS", "the declared number of rows", path, field=field)
    _at_most(columns or 0, "MAX_SHEET_COLUMNS", "the declared number of columns", path, field=field)


def check_sheet_row(number: int, width: int, path: Path, sheet: str) -> None:
    """Refuse a worksheet row past the row cap, or wider than the column cap."""
    field = f"sheet {sheet!r}"
    _at_most(number, "MAX_SHEET_ROWS", "the number of rows read", path, field=field)
    _at_most(width, "MAX_SHEET_COLUMNS", f"the width of row {number:,}", path, field=field)


def check_csv_rows(rows: int, path: Path) -> None:
    """Refuse a CSV file once more rows than the cap have been read."""
    _at_most(rows, "MAX_CSV_ROWS", "the number of rows read", path)


def check_figures(count: int, path: Path) -> None:
    """Refuse a file once more figures than the cap have been taken from it."""
    _at_most(count, "MAX_FIGURES", "the number of figures read", path)


def check_json_depth(text: str, path: Path) -> None:
    """Refuse JSON nested deeper than the cap, by counting brackets outside strings.

    Run before ``json.loads``, which would raise RecursionError at about 1,000 levels.
    """
    depth = 0
    for token in _JSON_TOKEN.finditer(text):
        bracket = token.group()
        if bracket in ("[", "{"):
            depth += 1
            if depth > MAX_JSON_DEPTH:
                raise FactcheckError(
                    f"JSON nested deeper than {MAX_JSON_DEPTH} levels (at character "
                    f"{token.start():,}; MAX_JSON_DEPTH in {_LIMITS_FILE}); check that this "
                    "is the publisher's file",
                    path=path,
                )
        elif bracket in ("]", "}"):
            depth -= 1
