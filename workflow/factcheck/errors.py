"""The one error type the pipeline raises for problems a user must fix."""

from __future__ import annotations

from pathlib import Path


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
