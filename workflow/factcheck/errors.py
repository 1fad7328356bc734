"""The one error type the pipeline raises for problems a user must fix."""

from __future__ import annotations

import re
from pathlib import Path

# Control characters (line breaks, terminal escapes) in a file name or a value would break
# the one line an error is shown as, or act on the terminal.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


class FactcheckError(Exception):
    """A problem with an input, named precisely enough to fix without a traceback.

    The message reads ``<file>: <field>: <what is wrong>``; file and field are optional.
    """

    def __init__(self, message: str, *, path: Path | str | None = None, field: str | None = None):
        self.path = str(path) if path is not None else None
        self.field = field
        self.reason = message
        prefix = "".join(f"{part}: " for part in (self.path, field) if part)
        super().__init__(prefix + message)


def one_line(message: str) -> str:
    """An error as the command line prints it: ``factcheck: error: <message>`` on one line,
    control characters written as escapes (``\\x0a``)."""
    escaped = _CONTROL.sub(lambda found: f"\\x{ord(found.group()):02x}", message)
    return f"factcheck: error: {escaped}"
