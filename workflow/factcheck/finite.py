"""Numbers the pipeline computes with: finite, not denormal, and written in a sane length.

A NaN or an infinity makes every comparison false or every ratio meaningless; a denormal
number (nearer zero than about 2.2e-308) loses precision and overflows once divided by; a
number of thousands of digits cannot even be read (Python refuses integers of more than
4,300 digits). Claims files, the catalog and the extracts are refused when they hold one.
"""

from __future__ import annotations

import math
import sys

MAX_NUMBER_CHARACTERS = 40
"""Longest number read, as written (a float prints in at most 24 characters)."""


def number_problem(text: str, value: float | None = None) -> str | None:
    """What makes the number written ``text`` (read as ``value``) unfit to compute with, or
    None. Without ``value`` only the length of ``text`` is checked."""
    if len(text) > MAX_NUMBER_CHARACTERS:
        return (
            f"a number written with {len(text):,} characters, over the limit of "
            f"{MAX_NUMBER_CHARACTERS} (MAX_NUMBER_CHARACTERS in workflow/factcheck/finite.py)"
        )
    if value is None:
        return None
    if not math.isfinite(value):
        return f"{text.strip()!r} is not a finite number"
    if value != 0 and abs(value) < sys.float_info.min:
        return (
            f"{text.strip()!r} is a denormal number (nearer zero than "
            f"{sys.float_info.min:.1e}): too small to compute with"
        )
    return None
