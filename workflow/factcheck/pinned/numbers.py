"""Strict reading of numbers as publishers print them."""

from __future__ import annotations

import re

_GROUPED = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")


def parse_number(text: str) -> float:
    """Read ``"17,098,242"``, ``"-2.07"`` or ``"5977"``; refuse anything ambiguous.

    Commas are accepted only as thousands separators in groups of three, so a
    European-style ``"1.234,5"`` raises ValueError instead of being misread.
    """
    cleaned = text.strip()
    if not _GROUPED.match(cleaned):
        raise ValueError(f"not a plain number: {text!r}")
    return float(cleaned.replace(",", ""))
