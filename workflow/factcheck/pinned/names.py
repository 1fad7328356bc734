"""Names a claims file gives that the data do not hold: the nearest known names, and names
that look alike but are not ("Russia" ending in a Cyrillic a, U+0430, is not "Russia").

A name copied from another text may hold a letter of another script that looks like a Latin
one, a compatibility form (a full-width R, U+FF32) or an invisible character (a zero-width
space). An error that only repeats the two names shows two identical words; :func:`confusion` says
which character differs, and where.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable

from ..textfile import character_name

# Letters of other scripts drawn like Latin ones (Unicode's confusables for these letters).
_LOOKALIKES = dict(
    zip(
        "аеорсухіјѕԁһӏԛԝАВЕКМНОРСТХІЈЅԌοαιϳνκτυχΑΒΕΖΗΙΚΜΝΟΡΤΥΧ",
        "aeopcyxijsdhlqwABEKMHOPCTXIJSGoaijvktuxABEZHIKMNOPTYX",
        strict=True,
    )
)


def _ignorable(char: str) -> bool:
    """Invisible in print: format characters (zero-width space, soft hyphen...)."""
    return unicodedata.category(char) == "Cf"


def _looks_like(char: str) -> str:
    """The plain text ``char`` is drawn as: U+0430 -> "a", U+FF32 -> "R", "é" stays "é"."""
    return _LOOKALIKES.get(char) or unicodedata.normalize("NFKC", char)


def _skeleton(name: str) -> str:
    return "".join("" if _ignorable(char) else _looks_like(char) for char in name)


def confusion(given: str, known: Iterable[str]) -> str | None:
    """How ``given`` differs from a known name it cannot be told from in print, or None.

    ``confusion("Russi\\u0430", ["Russia"])`` -> ``"Russi<U+0430>" has U+0430 CYRILLIC SMALL
    LETTER A at position 6, where the known name "Russia" has "a"``.
    """
    skeleton = _skeleton(given)
    for name in known:
        if name != given and _skeleton(name) == skeleton:
            return f'"{given}" ' + "; ".join(_differences(given, name))
    return None


def _differences(given: str, known: str) -> list[str]:
    """Each character of ``given`` that is not the one of ``known`` it stands for."""
    found = []
    visible = iter([char for char in known if not _ignorable(char)])
    for position, char in enumerate(given, start=1):
        where = f"has {character_name(char)} at position {position}"
        if _ignorable(char):
            found.append(f'{where}, which the known name "{known}" does not have')
            continue
        counterpart = ""
        while len(_skeleton(counterpart)) < len(_looks_like(char)):
            if not (following := next(visible, "")):
                break
            counterpart += following
        if counterpart != char:
            found.append(f'{where}, where the known name "{known}" has "{counterpart}"')
    return found


def unknown_name(name: str, known: list[str], what: str) -> str:
    """The message for an unknown ``name``: the character that differs from a known name it
    looks like, or else the nearest known names, if any are near."""
    if confused := confusion(name, known):
        return f"no {what} {name!r} in the data: {confused}"
    folded = {k.casefold(): k for k in known}
    near = [folded[name.casefold()]] if name.casefold() in folded else []
    near += [k for k in difflib.get_close_matches(name, known, n=3, cutoff=0.75) if k not in near]
    hint = f"; did you mean {' or '.join(repr(k) for k in near)}?" if near else ""
    return f"no {what} {name!r} in the data{hint}"
