"""The report's PDF holds the pinned fonts (matplotlib's DejaVu files) and no other, whatever
fonts the machine has; a PDF holding another font, or no pinned font to be found, fails the
step in one line and leaves no report."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest
import weasyprint
from fontTools.ttLib import TTFont

from factcheck.cli import main
from factcheck.errors import FactcheckError
from factcheck.report import fonts
from factcheck.report.fonts import check_pdf_fonts, font_dir
from factcheck.report.render import render_html

from .conftest import ROOT

TEMPLATES = ROOT / "templates"
# As matplotlib 3.11.2's files name themselves (read by hand with fc-query: fontversion
# 154009 = 2.35 for the DejaVu files, 65536 = 1.0 for STIXGeneral.ttf).
PINNED_VERSION = "Version 2.35"
FACES = {
    "DejaVu Serif",
    "DejaVu Serif Italic",
    "DejaVu Sans",
    "DejaVu Sans Bold",
    "DejaVu Sans Mono",
}


def pdf_step(html: Path, out: Path, env: dict[str, str] | None = None) -> str:
    """Run the PDF step alone, as an article's job runs it last, in a process of its own
    (WeasyPrint keeps font metrics across renders in one process); return its stderr."""
    result = subprocess.run(
        [
            *(sys.executable, "-m", "factcheck", "pdf", "--html", str(html)),
            *("--templates", str(TEMPLATES), "--out", str(out)),
        ],
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return result.stderr


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory, real_verdicts: dict) -> Path:
    """The real report's HTML and PDF."""
    folder = tmp_path_factory.mktemp("report")
    (folder / "verdicts.json").write_text(json.dumps(real_verdicts), encoding="utf-8")
    render_html(folder / "verdicts.json", TEMPLATES, folder / "report.html")
    pdf_step(folder / "report.html", folder / "report.pdf")
    return folder


def embedded(pdf: Path) -> set[tuple[str, str]]:
    """(full name, version) of every font embedded in ``pdf``, read from the PDF's own font
    programs."""
    found = set()
    for page in pypdf.PdfReader(pdf).pages:
        for font in page["/Resources"]["/Font"].values():
            descriptor = font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            program = descriptor.get_object()["/FontFile2"].get_object().get_data()
            names = TTFont(io.BytesIO(program))["name"]
            found.add((names.getDebugName(4), names.getDebugName(5)))
    return found


def test_the_report_holds_the_pinned_fonts_only(report: Path) -> None:
    assert embedded(report / "report.pdf") == {(face, PINNED_VERSION) for face in FACES}


def test_the_machine_fonts_play_no_part(report: Path, tmp_path: Path) -> None:
    """A machine whose fontconfig knows no font at all gives the same bytes, and no warning."""
    empty = tmp_path / "fonts.conf"
    empty.write_text('<?xml version="1.0"?>\n<fontconfig></fontconfig>\n', encoding="utf-8")
    out = tmp_path / "report.pdf"
    assert pdf_step(report / "report.html", out, {"FONTCONFIG_FILE": str(empty)}) == ""
    assert out.read_bytes() == (report / "report.pdf").read_bytes()


def test_a_pdf_holding_another_font_is_refused(tmp_path: Path) -> None:
    stix = (font_dir() / "STIXGeneral.ttf").as_uri()
    page = (
        f'<style>@font-face {{ font-family: Other; src: url("{stix}") }} '
        "p { font-family: Other }</style><p>Russia</p>"
    )
    pdf = tmp_path / "other.pdf"
    weasyprint.HTML(string=page).write_pdf(pdf)
    with pytest.raises(FactcheckError) as caught:
        check_pdf_fonts(pdf, "output/a/report.pdf")
    assert str(caught.value).startswith(
        'output/a/report.pdf: the PDF holds the font "STIXGeneral-Regular" Version 1.0.0 (made '
    )
    assert f"not one of the pinned fonts (matplotlib's DejaVu files, {PINNED_VERSION}, in " in str(
        caught.value
    )


def step_fails_without_a_report(
    report: Path, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> str:
    """Run the PDF step; it must fail in one line and write nothing. Return the line."""
    out = tmp_path / "report.pdf"
    status = main(["pdf", "--html", str(report / "report.html"), "--out", str(out)])
    err = capfd.readouterr().err
    assert status == 1
    assert err.count("\n") == 1 and err.startswith("factcheck: error: "), err
    assert not out.exists() and not list(tmp_path.glob(".*.part"))
    return err


def test_no_fonts_at_all(
    report: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "ttf"
    empty.mkdir()
    monkeypatch.setattr(fonts, "font_dir", lambda: empty)
    err = step_fails_without_a_report(report, tmp_path, capfd)
    assert (
        f"{empty}/DejaVuSerif.ttf: font file not found: the report's fonts are matplotlib's" in err
    )


def test_a_damaged_font_file(
    report: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "ttf"
    folder.mkdir()
    for name in fonts.PINNED_FILES:
        shutil.copyfile(font_dir() / name, folder / name)
    (folder / "DejaVuSans-Bold.ttf").write_bytes(b"not a font")
    monkeypatch.setattr(fonts, "font_dir", lambda: folder)
    err = step_fails_without_a_report(report, tmp_path, capfd)
    assert f"{folder}/DejaVuSans-Bold.ttf: not a readable font (" in err
