"""Text made fit for layout: break opportunities in very long words, a cap on absurd lengths.

WeasyPrint splits a word too wide for its line in time that grows with the square of the
word's length (a 20,000-character word in a table cell adds 15 s to the PDF; 200,000 did
not finish in 10 minutes). Every string the report's template and charts receive passes
through :func:`fit_for_layout` first: a word longer than LONG_WORD characters gets a
zero-width space every BREAK_EVERY characters (a line may break there; nothing shows), and a
string longer than MAX_CHARACTERS is cut with an ellipsis saying how much was left out
(``verdicts.json`` keeps it whole). Texts of ordinary length are unchanged.
"""

from __future__ import annotations

import re
from typing import Any

LONG_WORD = 320
"""Longest word left as it is (the longest of the real report, a URL: 302 characters)."""

BREAK_EVERY = 20
"""Characters between two break opportunities in a longer word: fewer than one line of the
narrowest table column holds, so that WeasyPrint finds one on every line."""

MAX_CHARACTERS = 5_000
"""Longest text shown whole (the longest of the real report: 372 characters)."""

ZERO_WIDTH_SPACE = "\u200b"
_LONG_WORD = re.compile(rf"\S{{{LONG_WORD + 1},}}")


def _breakable(word: re.Match[str]) -> str:
    text = word.group()
    return ZERO_WIDTH_SPACE.join(
        text[start : start + BREAK_EVERY] for start in range(0, len(text), BREAK_EVERY)
    )


def fit_text(text: str) -> str:
    """``text`` capped at MAX_CHARACTERS, its words longer than LONG_WORD made breakable."""
    if len(text) > MAX_CHARACTERS:
        left_out = len(text) - MAX_CHARACTERS
        text = f"{text[:MAX_CHARACTERS]}… ({left_out:,} more characters in verdicts.json)"
    return _LONG_WORD.sub(_breakable, text)


def fit_for_layout(value: Any) -> Any:
    """``value`` with every string in it (not dictionary keys) passed through :func:`fit_text`."""
    if isinstance(value, str):
        return fit_text(value)
    if isinstance(value, dict):
        return {key: fit_for_layout(item) for key, item in value.items()}
    if isinstance(value, list):
        return [fit_for_layout(item) for item in value]
    return value
