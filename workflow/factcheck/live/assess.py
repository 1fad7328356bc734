"""What one source's drift means, whether pin may accept it, and what a person should do.

Each live source gets a list of what changed (release older or newer, entities vanished or
appeared, values revised, bytes only, moved, failed), the reasons ``pin`` refuses it (an
older release; a figure a claim uses that is missing or zero; a file that could not be
fetched or read) and one line of advice: pin, fix the URL, report to the publisher, ignore.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from ..pinned.catalog import Pin, Source
from ..pinned.figures import Figure
from ..quantities import figure
from ..words import counted
from .outcomes import FAILED, UNREADABLE, VANISHED_OUTCOME
from .plausibility import OLDER, SAME, release_direction
from .refresh import Fetched

VALUE_TOLERANCE = 1e-6
JUMP = 0.25
"""A figure a claim uses that moves by more than this share of itself is held for review:
revisions are usually smaller; a jump this size may be an error (a unit, a border)."""
"""Relative change under which a value counts as unchanged: publishers re-round the last
digits between releases (World Bank 5.53473354745886 -> 5.53473354963334), which is noise,
while a real revision moves a figure by far more (SIPRI Ukraine 2023: 64,753.19 ->
64,908.03, 2.4e-3)."""
NAMES_SHOWN = 5

Key = tuple[str, str, int | None]  # measure, entity, year
Figures = tuple[dict[Key, Figure], dict[Key, Figure]]  # pinned, fetched

PIN = "review the changes, then pin"
IGNORE = "ignore, or pin to record the new bytes"
PUBLISHER = "report to the publisher (or fix the url if it serves the wrong file); do not pin"
RETRY = "retry later; if it keeps failing, fix the source's url in sources/catalog.yaml"
FIX = (
    "do what the reason says: fix the source's url in sources/catalog.yaml (or its dataset's "
    "redirect_hosts, or the download limits), or report to the publisher"
)
URL = "fix the source's url in sources/catalog.yaml, or mark it archived: true"
MOVED = "update the source's url in sources/catalog.yaml to where it moved"
RESTORE = (
    "restore sources/extracts/ from git if it was edited; if the parser changed, review the "
    "changes, then pin"
)
NOTHING = "nothing to do"


@dataclass
class Assessment:
    """One live source's drift, the reasons pin refuses it and the advice."""

    source: str
    url: str
    edition: str
    outcome: str
    changed: bool = False
    changes: list[str] = field(default_factory=list)
    refusals: list[str] = field(default_factory=list)
    action: str = NOTHING

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def value_changed(old: float, new: float) -> bool:
    return abs(new - old) > VALUE_TOLERANCE * max(abs(old), abs(new))


def _names(names: list[str]) -> str:
    """The first few names, quoted if they hold a comma, and how many more."""
    shown = [f"“{name}”" if "," in name else name for name in names[:NAMES_SHOWN]]
    more = f" and {len(names) - NAMES_SHOWN} more" if names[NAMES_SHOWN:] else ""
    return ", ".join(shown) + more


def describe_key(key: Key) -> str:
    measure, entity, year = key
    return f"{entity}, {measure}" + (f", {year}" if year is not None else "")


def assess(
    source: Source,
    fetched: Fetched,
    pins: tuple[Pin | None, Pin | None],
    figures: Figures | None,
    used: set[Key],
) -> Assessment:
    """Assess a live source from its fetch outcome, its pinned and fetched pins and
    figures (None if its extracts are the same), and the figures the claims use."""
    found = Assessment(source.id, source.url, source.edition, fetched.outcome)
    if fetched.outcome in (FAILED, UNREADABLE):
        what = "not fetched" if fetched.outcome == FAILED else "not readable"
        found.changes, found.refusals = [f"{what}: {fetched.error}"], [f"{what}: {fetched.error}"]
        if fetched.outcome == UNREADABLE:
            found.action = PUBLISHER
        else:
            found.action = RETRY if fetched.transient else FIX
        found.changed = True
        return found
    if fetched.outcome == VANISHED_OUTCOME:
        found.changes = [f"vanished: {source.url} answered HTTP {fetched.status}"]
        found.changed, found.action = True, URL
        return found
    old_pin, new_pin = pins
    assert new_pin is not None
    if old_pin is None:
        found.changes.append(f"not pinned yet: {new_pin.release}")
        actions = [PIN]
    else:
        actions = _compare(found, old_pin, new_pin, figures, used)
    if new_pin.final_url:
        found.changes.append(f"moved: redirects to {new_pin.final_url}")
        actions.append(MOVED)
    found.changed = bool(found.changes)
    found.action = "; ".join(actions) if actions else NOTHING
    return found


def _compare(
    found: Assessment, old_pin: Pin, new_pin: Pin, figures: Figures | None, used: set[Key]
) -> list[str]:
    """Fill in what changed and the refusals; return the advice."""
    old, new = figures or ({}, {})
    order = release_direction(
        (old_pin.release, list(old.values())), (new_pin.release, list(new.values()))
    )
    if order.direction != SAME:
        found.changes.append(order.describe())
    if order.direction == OLDER:
        found.refusals.append(order.describe())
    if figures is not None:
        compare_figures(found, old, new, used)
    bytes_changed = old_pin.sha256 != new_pin.sha256
    if bytes_changed and figures is None:
        found.changes.append("bytes only: the same figures")
    if not bytes_changed and figures is not None:
        found.changes.append(
            "the pinned extract differs from what the pinned bytes give: it was edited, or the "
            "parser changed"
        )
    if found.refusals:
        return [PUBLISHER]
    if not bytes_changed and figures is not None:
        return [RESTORE]
    if figures is not None or old_pin.release != new_pin.release:
        return [PIN]
    return [IGNORE] if bytes_changed else []


def compare_figures(
    found: Assessment, old: dict[Key, Figure], new: dict[Key, Figure], used: set[Key]
) -> None:
    """Entities that vanished or appeared, rows, figures the claims use that are missing or
    0, values revised; else that only locators or notes differ."""
    described = len(found.changes)
    entities = {
        "vanished": _entities(old) - _entities(new),
        "appeared": _entities(new) - _entities(old),
    }
    for what, names in entities.items():
        if names:
            found.changes.append(f"entities {what}: {_names(sorted(names))}")
    for key in sorted(used - new.keys(), key=_order):
        found.refusals.append(
            f"{describe_key(key)}, which a claim uses, is missing from the fetched data"
        )
    for key in sorted(used & new.keys(), key=_order):
        if new[key].value == 0:
            found.refusals.append(
                f"{describe_key(key)}, which a claim uses, is 0 in the fetched data"
            )
    revised = [k for k in old.keys() & new.keys() if value_changed(old[k].value, new[k].value)]
    for key in sorted(set(revised) & used, key=_order):
        was, now = old[key].value, new[key].value
        if was and now and abs(now / was - 1) > JUMP:
            found.refusals.append(
                f"{describe_key(key)}, which a claim uses, moved by {now / was - 1:+.0%} "
                f"({figure(was)} -> {figure(now)}): check with the publisher that it is meant"
            )
    if revised:
        mine = sorted(set(revised) & used, key=_order)
        example = "".join(
            f"; e.g. {describe_key(k)}: {figure(old[k].value)} -> {figure(new[k].value)}"
            for k in mine[:1]
        )
        found.changes.append(
            f"{counted(len(revised), 'value')} revised, {len(mine)} of them used by claims{example}"
        )
    appeared, disappeared = len(new.keys() - old.keys()), len(old.keys() - new.keys())
    if appeared or disappeared:
        found.changes.append(f"rows: {appeared} appeared, {disappeared} disappeared")
    if len(found.changes) == described and not found.refusals:
        found.changes.append("the same figures; only locators or notes differ")


def _entities(figures: dict[Key, Figure]) -> set[str]:
    return {key[1] for key in figures}


def _order(key: Key) -> tuple[str, str, int]:
    return key[0], key[1], key[2] or 0
