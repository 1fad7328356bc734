"""Names that become file paths: ids checked against one rule, paths kept inside their folder.

Article ids (claims file names), source ids (catalog, lock) and document ids (claims files)
name files the pipeline writes or reads (``output/<article>/``, ``sources/extracts/<id>.csv``,
``sources/documents/<id>.json``) and reach the steps' command lines; a name holding ``/``,
``..``, a space, a quote or ``$(...)`` is refused before it is used.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

from .errors import FactcheckError
from .textfile import character_name

MAX_ID_LENGTH = 100
_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
_ID_CHARACTER = re.compile(r"[a-z0-9-]")
ID_RULE = (
    "lowercase letters a-z, digits and '-', starting with a letter or a digit, "
    f"at most {MAX_ID_LENGTH} characters"
)


def check_id(name: object, *, what: str, path: Path | str | None, field: str | None) -> str:
    """``name`` if it is a valid id; FactcheckError naming it and the allowed characters."""
    if not isinstance(name, str):
        raise FactcheckError(
            f"{what} {name!r} is not a string; ids are {ID_RULE}", path=path, field=field
        )
    if _ID.fullmatch(name) and len(name) <= MAX_ID_LENGTH:
        return name
    if not name:
        problem = "is empty"
    elif len(name) > MAX_ID_LENGTH:
        problem = f"has {len(name):,} characters"
    else:
        position, char = next(
            (number, char)
            for number, char in enumerate(name, start=1)
            if not _ID_CHARACTER.fullmatch(char) or (number == 1 and char == "-")
        )
        problem = f"has {character_name(char)} at position {position}"
    shown = name if len(name) <= 80 else name[:80] + "…"
    raise FactcheckError(
        f"{what} {shown!r} is not allowed: it {problem}; ids are {ID_RULE}",
        path=path,
        field=field,
    )


def path_inside(folder: Path | str, name: str, *, path: Path | str, field: str) -> Path:
    """``folder/name``, refused unless it stays inside ``folder``: a relative path without
    ``..``, not leading out through a symbolic link."""
    relative = PurePosixPath(name)
    if not name or relative.is_absolute() or ".." in relative.parts or "\\" in name:
        raise FactcheckError(
            f"{name!r} is not a path inside the folder {folder}: name a file in that folder "
            "(no absolute path, no '..')",
            path=path,
            field=field,
        )
    target = Path(folder) / relative
    if target.exists() and not target.resolve().is_relative_to(Path(folder).resolve()):
        raise FactcheckError(
            f"{name!r} leads out of the folder {folder} (to {target.resolve()}): name a file "
            "in that folder",
            path=path,
            field=field,
        )
    return target
