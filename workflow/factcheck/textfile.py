"""Text as the pipeline reads it: UTF-8, or one line naming the byte that is not."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from .errors import FactcheckError


def character_name(char: str) -> str:
    """A character as an error names it: ``U+0430 CYRILLIC SMALL LETTER A``."""
    name = unicodedata.name(char, "")
    if not name:
        name = "(a control character)" if unicodedata.category(char) == "Cc" else "(unnamed)"
    return f"U+{ord(char):04X} {name}"


def decode_utf8(data: bytes, path: Path | str) -> str:
    """``data`` as UTF-8 text; FactcheckError naming the line and byte otherwise."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise FactcheckError(
            f"not UTF-8 text: byte 0x{data[exc.start]:02x} (at byte {exc.start:,}) is not "
            "UTF-8; save the file as UTF-8",
            path=path,
            field=f"line {line}",
        ) from None


def read_utf8(path: Path | str) -> str:
    """The UTF-8 text of a file (OSError if it cannot be read)."""
    return decode_utf8(Path(path).read_bytes(), path)
