"""Refuse a new release whose figures jump implausibly from the pinned ones.

A unit change (millions to thousands), a decimal comma read as a thousands separator or a
column shift can give numbers that parse cleanly but are wrong. Real revisions move figures
by a few per cent; a release whose typical figure moved by a factor of 20 or more is
refused, naming figures that moved, instead of being accepted silently.
"""

from __future__ import annotations

import statistics

from ..errors import FactcheckError
from ..pinned.figures import Figure
from ..quantities import figure

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
