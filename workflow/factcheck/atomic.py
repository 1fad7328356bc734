"""Atomic file output: a reader sees the old file or the complete new one, never a part.

The part is written beside its target, as ``.<name>.<random>.part``, and holds an exclusive
``flock`` while it is written. A process killed outright (SIGKILL, power loss) cannot delete
its part, but the kernel releases its lock: the next write into the same folder deletes
every part that nobody holds, so a rerun of the same command cleans up after the killed one.
Parts are made and swept with the folder itself locked, so that no sweep can take a part
made by another process for a stale one before that process has locked it.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

PART_SUFFIX = ".part"


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """Within: an exclusive flock on ``folder`` (released by the kernel if the process dies)."""
    handle = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)


def _remove_stale_parts(folder: Path) -> None:
    """Delete the parts in ``folder`` that no running process holds."""
    for part in folder.glob(f".*{PART_SUFFIX}"):
        try:
            handle = os.open(part, os.O_RDONLY)
        except OSError:
            continue  # renamed or deleted meanwhile
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            continue  # a running writer holds it
        else:
            part.unlink(missing_ok=True)
        finally:
            os.close(handle)


@contextlib.contextmanager
def atomic_path(target: Path | str) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; rename it onto ``target`` on success.

    On any exception the temporary file is removed and ``target`` is left as it was.
    Parts left in the folder by killed writers are removed first. Write into the yielded
    file itself: a file renamed onto it would not hold its lock.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    with _locked(target.parent):
        _remove_stale_parts(target.parent)
        fd, tmp_name = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=PART_SUFFIX, dir=target.parent
        )
        fcntl.flock(fd, fcntl.LOCK_EX)  # held until the part is renamed or removed
    tmp = Path(tmp_name)
    try:
        yield tmp
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
        os.close(fd)


def write_text(target: Path | str, text: str) -> None:
    """Write ``text`` (UTF-8, LF line endings) to ``target`` atomically."""
    with atomic_path(target) as tmp:
        tmp.write_text(text, encoding="utf-8", newline="\n")


def write_bytes(target: Path | str, data: bytes) -> None:
    """Write ``data`` to ``target`` atomically."""
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)
