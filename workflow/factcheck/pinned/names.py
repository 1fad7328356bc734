"""Names a claims file gives that the data do not hold: what to suggest instead."""

from __future__ import annotations

import difflib


def unknown_name(name: str, known: list[str], what: str) -> str:
    """The message for an unknown ``name``: the nearest known names, if any are near."""
    folded = {k.casefold(): k for k in known}
    near = [folded[name.casefold()]] if name.casefold() in folded else []
    near += [k for k in difflib.get_close_matches(name, known, n=3, cutoff=0.75) if k not in near]
    hint = f"; did you mean {' or '.join(repr(k) for k in near)}?" if near else ""
    return f"no {what} {name!r} in the data{hint}"
