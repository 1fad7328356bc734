"""Is a fetched release a plausible successor of the pinned one?

Magnitudes: a unit change (millions to thousands), a decimal comma read as a thousands
separator or a column shift can give numbers that parse cleanly but are wrong. Real
revisions move figures by a few per cent; a release whose typical figure moved by a factor
of 20 or more is refused, naming figures that moved, instead of being accepted silently.

Order: a server may serve an older release at the same URL (a rolled-back file, a stale
cache). A release is older when its label's latest date (or year) is earlier, or when its
figures stop at an earlier year: the rows of the latest years vanished.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass

from ..errors import FactcheckError
from ..pinned.figures import Figure
from ..quantities import figure

DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
OLDER, SAME, NEWER = "older", "same", "newer"
MAX_TYPICAL_FACTOR = 20.0  # the median |new / old| over shared figures must stay within 1/20..20
EXAMPLES = 3


def check_magnitudes(source_id: str, pinned: list[Figure], fetched: list[Figure]) -> None:
    """Raise if the fetched figures of a source are, typically, far off the pinned ones."""
    old = {(f.entity, f.measure, f.year): f for f in pinned}
    pairs = [
        (old[key], figure)
        for figure in fetched
        if (key := (figure.entity, figure.measure, figure.year)) in old
        and old[key].value != 0
        and figure.value != 0
    ]
    if not pairs:
        return
    factor = statistics.median(abs(new.value / was.value) for was, new in pairs)
    if 1 / MAX_TYPICAL_FACTOR < factor < MAX_TYPICAL_FACTOR:
        return
    direction = -1 if factor > 1 else 1
    worst = sorted(pairs, key=lambda pair: direction * abs(pair[1].value / pair[0].value))
    examples = "; ".join(
        f"{new.entity} {new.measure} {new.year}: "
        f"{figure(was.value)} -> {figure(new.value)} {new.unit}"
        for was, new in worst[:EXAMPLES]
    )
    raise FactcheckError(
        f"figures moved by a typical factor of {factor:,.4g} from the pinned release "
        f"(e.g. {examples}): a unit or format change? Refusing to accept it; "
        "check the file by hand",
        field=source_id,
    )


def release_order(release: str) -> tuple[int, ...] | None:
    """A sortable key of a release label: its latest date (YYYY-MM-DD), else its latest
    year; None if it names neither ("Factbook page for Russia")."""
    dates = [tuple(int(part) for part in match) for match in DATE.findall(release)]
    if dates:
        return max(dates)
    years = [int(year) for year in YEAR.findall(release)]
    return (max(years),) if years else None


def _latest_year(figures: list[Figure]) -> int | None:
    return max((f.year for f in figures if f.year is not None), default=None)


@dataclass(frozen=True)
class ReleaseOrder:
    """How a fetched release stands to the pinned one: ``older``, ``same`` or ``newer``."""

    direction: str
    old: str
    new: str
    latest_year: tuple[int | None, int | None]

    def describe(self) -> str:
        text = f"release {self.direction}: {self.old!r} -> {self.new!r}"
        was, now = self.latest_year
        if was != now:
            text += f", figures up to {was} -> up to {now}"
        return text


def release_direction(old: tuple[str, list[Figure]], new: tuple[str, list[Figure]]) -> ReleaseOrder:
    """Whether the release ``new`` (label, figures) is older or newer than ``old``."""
    keys = release_order(old[0]), release_order(new[0])
    years = _latest_year(old[1]), _latest_year(new[1])
    signs = set()
    if keys[0] is not None and keys[1] is not None and len(keys[0]) == len(keys[1]):
        signs.add((keys[1] > keys[0]) - (keys[1] < keys[0]))
    if years[0] is not None and years[1] is not None:
        signs.add((years[1] > years[0]) - (years[1] < years[0]))
    direction = OLDER if -1 in signs else NEWER if 1 in signs else SAME
    return ReleaseOrder(direction, old[0], new[0], years)
