"""The report's fonts: the DejaVu files matplotlib ships (a pinned dependency), and no other.

WeasyPrint finds fonts through fontconfig, which prefers the machine's own copy of a family
(the system's DejaVu is another version, with other bytes) and falls back to whatever is
installed when a family is missing: the same HTML would give another PDF on another
machine, without a word. The PDF step therefore loads WeasyPrint with a fontconfig
configuration that knows only the pinned files (:func:`pinned_fontconfig`), and checks the
written PDF before it replaces the report (:func:`check_pdf_fonts`): every font embedded in
it must be one of the pinned files, by name, version and creation date.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from ..errors import FactcheckError

PINNED_FILES = (  # the families the stylesheet names: DejaVu Serif, Sans and Sans Mono
    "DejaVuSerif.ttf",
    "DejaVuSerif-Bold.ttf",
    "DejaVuSerif-Italic.ttf",
    "DejaVuSerif-BoldItalic.ttf",
    "DejaVuSans.ttf",
    "DejaVuSans-Bold.ttf",
    "DejaVuSans-Oblique.ttf",
    "DejaVuSans-BoldOblique.ttf",
    "DejaVuSansMono.ttf",
    "DejaVuSansMono-Bold.ttf",
)
_REINSTALL = (
    "the report's fonts are matplotlib's; reinstall it: pip install -c requirements.lock -e ."
)
_TRUETYPE_EPOCH = datetime(1904, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class FontIdentity:
    """What tells one font file from another, and survives subsetting into a PDF."""

    name: str  # full name, e.g. "DejaVu Serif Bold"
    version: str  # e.g. "Version 2.35"
    created: int  # seconds since 1904, from the head table

    def __str__(self) -> str:
        day = (_TRUETYPE_EPOCH + timedelta(seconds=self.created)).date()
        return f'"{self.name}" {self.version} (made {day})'


def font_dir() -> Path:
    """The folder of the TrueType fonts matplotlib ships: the same bytes everywhere."""
    spec = importlib.util.find_spec("matplotlib")
    if spec is None or not spec.submodule_search_locations:
        raise FactcheckError(f"matplotlib is not installed; {_REINSTALL}")
    return Path(spec.submodule_search_locations[0]) / "mpl-data" / "fonts" / "ttf"


def _identity(font_file: Any) -> FontIdentity:
    from fontTools.ttLib import TTFont

    font = TTFont(font_file, lazy=True)
    return FontIdentity(
        name=font["name"].getDebugName(4) or "",
        version=font["name"].getDebugName(5) or "",
        created=font["head"].created,
    )


def pinned_fonts() -> dict[FontIdentity, Path]:
    """The identity of each pinned font file; FactcheckError if one is missing or unreadable."""
    fonts = font_dir()
    found = {}
    for name in PINNED_FILES:
        path = fonts / name
        try:
            found[_identity(path)] = path
        except FileNotFoundError:
            raise FactcheckError(f"font file not found: {_REINSTALL}", path=path) from None
        except Exception as exc:  # fontTools raises many kinds on a damaged file
            raise FactcheckError(f"not a readable font ({exc}): {_REINSTALL}", path=path) from None
    return found


def _fontconfig_xml(files: list[Path]) -> str:
    """A fontconfig configuration that accepts only ``files`` (and caches nothing)."""
    folders = "".join(
        f"<dir>{escape(str(folder))}</dir>" for folder in sorted({f.parent for f in files})
    )
    accepted = "".join(f"<glob>{escape(str(path))}</glob>" for path in files)
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
        f"<fontconfig>{folders}<selectfont><acceptfont>{accepted}</acceptfont>"
        "<rejectfont><glob>*</glob></rejectfont></selectfont></fontconfig>\n"
    )


@contextlib.contextmanager
def pinned_fontconfig() -> Iterator[None]:
    """Within: fontconfig, as WeasyPrint loads it, knows only the pinned font files.

    Import WeasyPrint and make its ``FontConfiguration`` inside; fontconfig reads
    ``FONTCONFIG_FILE`` when a configuration is loaded, so the machine's fonts and its own
    configuration play no part.
    """
    files = sorted(pinned_fonts().values())
    with tempfile.TemporaryDirectory(prefix="factcheck-fonts-") as folder:
        config = Path(folder) / "fonts.conf"
        config.write_text(_fontconfig_xml(files), encoding="utf-8")
        previous = os.environ.get("FONTCONFIG_FILE")
        os.environ["FONTCONFIG_FILE"] = str(config)
        try:
            yield
        finally:
            if previous is None:
                del os.environ["FONTCONFIG_FILE"]
            else:
                os.environ["FONTCONFIG_FILE"] = previous


_FONT_PROGRAMS = ("/FontFile2", "/FontFile3", "/FontFile")


def _embedded_fonts(resources: Any, seen: set[int]) -> Iterator[tuple[str, Any]]:
    """(PDF name, embedded font program or None) of every font in a resource dictionary and
    in the forms it draws."""
    resources = resources.get_object() if resources is not None else {}
    for font in (resources.get("/Font") or {}).values():
        font = font.get_object()
        if id(font) in seen:
            continue
        seen.add(id(font))
        descendants = font.get("/DescendantFonts")
        described = descendants[0].get_object() if descendants else font
        descriptor = described.get("/FontDescriptor")
        descriptor = descriptor.get_object() if descriptor is not None else {}
        program = next((descriptor[key] for key in _FONT_PROGRAMS if key in descriptor), None)
        yield str(font.get("/BaseFont", "(unnamed)")), program
    for form in (resources.get("/XObject") or {}).values():
        form = form.get_object()
        if form.get("/Subtype") == "/Form":
            yield from _embedded_fonts(form.get("/Resources"), seen)


def check_pdf_fonts(pdf: Path, report: Path | str) -> None:
    """Every font embedded in ``pdf`` is a pinned font file; FactcheckError naming ``report``
    and the first font that is not (or is not embedded)."""
    import pypdf

    pinned = pinned_fonts()
    seen: set[int] = set()
    for page in pypdf.PdfReader(pdf).pages:
        for base_name, program in _embedded_fonts(page.get("/Resources"), seen):
            if program is None:
                raise FactcheckError(f"the font {base_name} is not embedded", path=report)
            identity = _identity(io.BytesIO(program.get_object().get_data()))
            if identity not in pinned:
                versions = ", ".join(sorted({font.version for font in pinned}))
                raise FactcheckError(
                    f"the PDF holds the font {identity}, not one of the pinned fonts "
                    f"(matplotlib's DejaVu files, {versions}, in {font_dir()}): the report "
                    "would differ from machine to machine",
                    path=report,
                )
