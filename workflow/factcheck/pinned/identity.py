"""What a pin stands for: the bytes of a source file, or of a zip-csv source's data member.

A ``zip-csv`` source is served as a zip holding one ``API_*.csv`` data member (and Metadata
CSVs); the member is the source's identity, whatever zip it arrived in, so that a re-packed
zip with the same member is the same release. Members are read within the caps of ``limits``.
"""

from __future__ import annotations

import hashlib
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import FactcheckError
from . import limits

ZIP_FORMAT = "zip-csv"
ZIP_SIGNATURE = b"PK\x03\x04"
MEMBER_PREFIX = "API_"


@dataclass(frozen=True)
class Identity:
    """sha256 and size of the bytes a pin stands for; ``member`` names a zip's data member."""

    sha256: str
    bytes: int
    member: str | None = None


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def data_member(path: Path) -> tuple[str, bytes]:
    """Name and bytes of the single ``API_*`` member of a zip, within the size caps (the
    zip's are checked from its directory before any member is decompressed)."""
    limits.check_zip(path, "zip archive")
    try:
        with zipfile.ZipFile(path) as archive:
            members = [
                info
                for info in archive.infolist()
                if Path(info.filename).name.startswith(MEMBER_PREFIX) and not info.is_dir()
            ]
            if len(members) != 1:
                names = [info.filename for info in archive.infolist()]
                raise FactcheckError(
                    f"expected exactly one member named {MEMBER_PREFIX}*.csv in the zip, "
                    f"found members {names}",
                    path=path,
                )
            limits.check_member_size(path, members[0])
            return members[0].filename, archive.read(members[0])
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError) as exc:
        raise FactcheckError(f"unreadable zip ({exc})", path=path) from exc


def _zipped(path: Path, fmt: str) -> bool:
    """Whether a file of format ``fmt`` is a zip whose data member is its identity (a zip cut
    short counts: reading it then fails, naming the file)."""
    if fmt != ZIP_FORMAT:
        return False
    with path.open("rb") as handle:
        return handle.read(len(ZIP_SIGNATURE)) == ZIP_SIGNATURE


def identity_of(path: Path, fmt: str) -> Identity:
    """The identity of a source file of format ``fmt``: a zip-csv zip's data member, else
    the file itself (a zip-csv source pinned from its bare CSV is that CSV)."""
    path = Path(path)
    if _zipped(path, fmt):
        name, data = data_member(path)
        return Identity(hashlib.sha256(data).hexdigest(), len(data), name)
    return Identity(sha256_file(path), path.stat().st_size)


def write_identity(path: Path, fmt: str, out: Path) -> Identity:
    """Write the bytes a source file of format ``fmt`` stands for (a zip-csv zip's data
    member, else the file itself) to ``out``, and return their identity."""
    path, out = Path(path), Path(out)
    member = None
    if _zipped(path, fmt):
        member, data = data_member(path)
        out.write_bytes(data)
    else:
        shutil.copyfile(path, out)
    return Identity(sha256_file(out), out.stat().st_size, member)
