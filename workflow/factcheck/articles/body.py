"""Where the article is in a page saved as text: its body, and the markers that cut it out.

A saved page holds more than the article: navigation, the headline, bylines, photo credits,
teasers of other articles, notes added by whoever saved it. The body is told from them line
by line, one paragraph a line as pages saved to text have it: prose lines (several words and
a sentence end) make the body; other lines (headings, bylines, credits, bracketed notes)
surround it. A few other lines between prose lines (a subheading, a caption) stay inside it.
The body is the run of prose holding the most words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import FactcheckError

MIN_PROSE_WORDS = 8
MAX_GAP_LINES = 2  # other lines a run of prose may hold between two prose lines
# A sentence end: . ! ? or … , maybe followed by closing quotes or brackets, then a space or
# the end of the line.
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*(?:\s|$)")
_NOTE = re.compile(r"^\[.*\]$")  # "[END OF RETRIEVED TEXT ...]": a note, not the article


@dataclass(frozen=True)
class Line:
    """A non-blank line: its text without surrounding whitespace, and where that text is."""

    text: str
    start: int
    end: int

    @property
    def is_prose(self) -> bool:
        return (
            not _NOTE.match(self.text)
            and len(self.text.split()) >= MIN_PROSE_WORDS
            and has_sentence_end(self.text)
        )


def has_sentence_end(text: str) -> bool:
    """Whether ``text`` holds a sentence end (a line without one is a heading, a caption...)."""
    return _SENTENCE_END.search(text) is not None


@dataclass(frozen=True)
class Body:
    """The article's body in a saved page, as the claims file's markers cut it out.

    ``starts_after`` is None when the body opens the text, ``ends_before`` None when it runs
    to the end of the text.
    """

    starts_after: str | None
    ends_before: str | None
    first_line: str
    last_line: str


def lines_of(text: str) -> list[Line]:
    """The non-blank lines of ``text``, with their offsets."""
    return [
        Line(match.group(), match.start(), match.end())
        for match in re.finditer(r"[^\s](?:[^\n]*[^\s])?", text)
    ]


def find_body(text: str, path: object = None) -> Body:
    """Propose the article's body in ``text``: its first and last lines and the markers.

    Raises FactcheckError, naming ``path``, when the text holds no prose at all.
    """
    lines = lines_of(text)
    first, last = _best_run(lines)
    if first < 0:
        raise FactcheckError(
            f"no prose found (lines of {MIN_PROSE_WORDS} words or more with a sentence end): "
            "is this the article's text, one paragraph a line?",
            path=path,
        )
    starts_after = _marker_before(text, lines, first)
    offset = text.find(starts_after) + len(starts_after) if starts_after else 0
    return Body(
        starts_after=starts_after,
        ends_before=_marker_after(text, lines, last, offset),
        first_line=lines[first].text,
        last_line=lines[last].text,
    )


def _best_run(lines: list[Line]) -> tuple[int, int]:
    """First and last line index of the run of prose with the most words; (-1, -1) if none."""
    best, best_words = (-1, -1), 0
    start = end = -1
    words = 0
    for k, line in enumerate(lines):
        if not line.is_prose:
            continue
        if start < 0 or k - end - 1 > MAX_GAP_LINES:
            start, words = k, 0
        end = k
        words += len(line.text.split())
        if words > best_words:
            best, best_words = (start, end), words
    return best


def _marker_before(text: str, lines: list[Line], first: int) -> str | None:
    """The lines just before line ``first``, as few as make a marker found first there."""
    if first == 0:
        return None
    end = lines[first - 1].end
    for k in range(first - 1, -1, -1):
        marker = text[lines[k].start : end]
        if text.find(marker) == lines[k].start:
            return marker
    raise AssertionError("unreachable: the text before the body is found where it starts")


def _marker_after(text: str, lines: list[Line], last: int, offset: int) -> str | None:
    """The lines just after line ``last``, as few as make a marker found first there.

    None when nothing follows the body, or when no marker would be found there first.
    """
    start = lines[last + 1].start if last + 1 < len(lines) else None
    if start is None:
        return None
    for line in lines[last + 1 :]:
        marker = text[start : line.end]
        if text.find(marker, offset) == start:
            return marker
    return None
