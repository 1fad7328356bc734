"""Hostile and broken source files, and hostile text in the report.

Each bad file is made in tmp_path, from a real publisher file where that makes sense, and
parsed as the catalog's real source: it is refused with one line naming the file, before
it can use up memory or time, and nothing is written (the project's ``sources/`` is
unchanged; no temporary ``*.part`` file is left). Text from claims and sources reaches the
HTML and PDF as text, never as markup, and the PDF renderer loads nothing from outside.
"""

from __future__ import annotations

import hashlib
import html.parser
import json
import re
import shutil
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote

import defusedxml.ElementTree
import openpyxl
import openpyxl.xml.functions
import pypdf
import pytest
import weasyprint
from pytest_httpserver import HTTPServer

from factcheck.cli import main
from factcheck.errors import FactcheckError
from factcheck.live.pin import pin_files
from factcheck.pinned import limits
from factcheck.pinned.catalog import load_catalog
from factcheck.pinned.index import DataIndex
from factcheck.pinned.parsers import parse
from factcheck.report.render import restricted_fetcher

from .conftest import ROOT
from .project import copy_project, tree_digest

CATALOG = load_catalog(ROOT / "sources")
SIPRI = "sipri/SIPRI-Milex-data-1949-2024_2.xlsx"  # sheets declare no dimensions
SIPRI_SIZED = "sipri/SIPRI-Milex-data-1949-2023.xlsx"  # "Current US$" declares A1:BZ199
SIPRI_SHEET = "xl/worksheets/sheet6.xml"  # "Current US$" in SIPRI
SIPRI_STRINGS = "xl/sharedStrings.xml"
FACTBOOK = "factbook/2026-01-21/rs.json"
WORLDBANK = "worldbank/API_AG.SRF.TOTL.K2_DS2_en_csv_v2_9771.csv"
FAS_OWID = (
    "nuclear/Nuclear warhead stockpiles \N{EN DASH} Federation of American Scientists (2022).csv"
)
FAS_TABLEAU = "nuclear/nuclear_weapons_inventories_2022_raw.csv"
SOURCE_OF = {
    SIPRI: "sipri-milex-2025",
    SIPRI_SIZED: "sipri-milex-2025",
    FACTBOOK: "factbook-latest-russia",
    WORLDBANK: "wb-surface-area-2024-11",
    FAS_OWID: "fas-owid-stockpiles-2022",
    FAS_TABLEAU: "fas-tableau-inventories-2022",
}
ENTITIES = "refused: the workbook's XML declares entities \\(possible entity-expansion attack\\)"
CHALLENGE = (
    "<!DOCTYPE html>\n<html><head><title>Just a moment...</title></head>\n"
    "<body><p>Checking your browser before accessing www.sipri.org.</p></body></html>\n"
)
# Nine levels of ten-fold entity expansion: "&lol9;" is a billion "lol"s (3 GB).
LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol0 "lol">'
    + "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10))
    + "]>"
)


@pytest.fixture(autouse=True)
def nothing_written(tmp_path: Path) -> Iterator[None]:
    """After each test, ``sources/`` is unchanged and no temporary file is left behind."""
    before = tree_digest(ROOT / "sources")
    yield
    assert tree_digest(ROOT / "sources") == before
    assert not list(tmp_path.rglob("*.part"))


def refused(path: Path, source_id: str, pattern: str) -> str:
    """Parse ``path`` as ``source_id``; it must fail with one line naming the file."""
    with pytest.raises(FactcheckError) as caught:
        parse(path, CATALOG.source(source_id))
    message = str(caught.value)
    assert message.startswith(f"{path}: "), message
    assert "\n" not in message
    assert re.search(pattern, message), message
    return message


def copy_of(snapshots: Path, name: str, dest: Path) -> Path:
    shutil.copyfile(snapshots / name, dest)
    return dest


def rezip(src: Path, dest: Path, edits: dict[str, Callable[[bytes], bytes]]) -> Path:
    """Copy the zip ``src`` to ``dest``, passing the named members through ``edits``."""
    with zipfile.ZipFile(src) as old, zipfile.ZipFile(dest, "w") as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename in edits:
                edited = edits[info.filename](data)
                assert edited != data, info.filename
                data = edited
            new.writestr(info, data)
    return dest


def replace(old: bytes, new: bytes) -> Callable[[bytes], bytes]:
    """An edit replacing the first ``old`` by ``new``."""
    return lambda data: data.replace(old, new, 1)


def with_laughs(target: bytes) -> Callable[[bytes], bytes]:
    """An edit declaring LAUGHS after the XML declaration and using them in place of the
    text at ``target`` (``>text<``)."""

    def edit(data: bytes) -> bytes:
        declaration_end = data.index(b"?>") + 2
        data = data[:declaration_end] + LAUGHS.encode() + data[declaration_end:]
        return data.replace(target, b">&lol9;<", 1)

    return edit


def zip_of(csv_path: Path, dest: Path, padding: bytes = b"") -> Path:
    """A World Bank style download: the CSV (plus ``padding``) in a zip."""
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(csv_path.name, csv_path.read_bytes() + padding)
    return dest


# --- XML inside xlsx --------------------------------------------------------------------------


def test_openpyxl_parses_xml_with_defusedxml() -> None:
    assert openpyxl.DEFUSEDXML is True
    assert openpyxl.xml.DEFUSEDXML is True
    assert openpyxl.xml.functions.iterparse is defusedxml.ElementTree.iterparse


@pytest.mark.parametrize(
    ("member", "target"),
    [(SIPRI_SHEET, b">448<"), (SIPRI_STRINGS, b">Russia<")],  # the title cell; a country
    ids=["sheet", "shared-strings"],
)
def test_entity_expansion_is_refused(
    snapshots: Path, tmp_path: Path, member: str, target: bytes
) -> None:
    laughs = rezip(snapshots / SIPRI, tmp_path / "laughs.xlsx", {member: with_laughs(target)})
    message = refused(laughs, "sipri-milex-2025", ENTITIES)
    assert message.endswith("EntitiesForbidden(name='lol0', system_id=None, public_id=None)")


def test_xlsx_is_not_read_without_defusedxml(
    snapshots: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(openpyxl, "DEFUSEDXML", False)
    path = copy_of(snapshots, SIPRI, tmp_path / "sipri.xlsx")
    refused(path, "sipri-milex-2025", "openpyxl is not using defusedxml")


# --- not the file expected ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "source_id", "encoding", "expected"),
    [
        ("sipri.xlsx", "sipri-milex-2025", "utf-8", "not a readable xlsx workbook"),
        ("rs.json", "factbook-latest-russia", "utf-8", "not a Factbook JSON page"),
        ("wdi.zip", "wb-surface-area-2024-11", "utf-8", "expected a WDI bulk CSV"),
        ("fas.csv", "fas-owid-stockpiles-2022", "utf-8", "unknown layout"),
        ("fas.csv", "fas-tableau-inventories-2022", "utf-16", "unknown layout"),
    ],
)
def test_html_page_saved_as_a_source_file(
    tmp_path: Path, name: str, source_id: str, encoding: str, expected: str
) -> None:
    path = tmp_path / name
    path.write_bytes(CHALLENGE.encode(encoding))
    refused(path, source_id, expected)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (SIPRI, r"not a readable xlsx workbook \(File is not a zip file\)"),
        (WORLDBANK, "a zip archive without its directory at the end: the download was cut short"),
        (FACTBOOK, "not a Factbook JSON page: "),
        (FAS_TABLEAU, r"expected 7 cells as in the header, found \d"),
    ],
)
def test_download_cut_to_half_its_bytes(
    snapshots: Path, tmp_path: Path, name: str, expected: str
) -> None:
    whole = (
        zip_of(snapshots / name, tmp_path / "whole.zip") if name == WORLDBANK else snapshots / name
    )
    data = whole.read_bytes()
    path = tmp_path / f"cut{whole.suffix}"
    path.write_bytes(data[: len(data) // 2])
    refused(path, SOURCE_OF[name], expected)


def test_worldbank_row_cut_short_is_refused(snapshots: Path, tmp_path: Path) -> None:
    text = (snapshots / WORLDBANK).read_text(encoding="utf-8-sig")
    end = text.index('"Russian Federation","RUS"')
    cut = tmp_path / "cut.csv"
    cut.write_text(text[: text.index("\n", end) - 30], encoding="utf-8")  # in a 2010s cell
    refused(cut, SOURCE_OF[WORLDBANK], r"row 208: expected 4 name columns and 64 year columns")


def test_renamed_country_is_absent_and_its_claim_fails_naming_it(
    snapshots: Path, tmp_path: Path
) -> None:
    renamed = rezip(
        snapshots / SIPRI,
        tmp_path / "renamed.xlsx",
        {SIPRI_STRINGS: replace(b">Russia<", b">Russian Federation<")},
    )
    sources = tmp_path / "sources"
    shutil.copytree(ROOT / "sources", sources)
    source_id, measure = "sipri-milex-2025", "military_expenditure_current_usd"
    pin_files(load_catalog(sources), {source_id: renamed}, retrieved={source_id: "2025-04-28"})
    data = DataIndex(load_catalog(sources), ["sipri-latest"])
    entities = {d.figure.entity for d in data.all_entities("sipri-latest", measure, 2021)}
    assert "Russian Federation" in entities
    assert "Russia" not in entities
    with pytest.raises(FactcheckError, match=r"no entity 'Russia' in the data; the data have "):
        data.lookup("sipri-latest", measure, "Russia", 2021)


# --- numbers in the publisher's locale --------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "old", "new", "expected"),
    [
        (FACTBOOK, b'"17,098,242 sq km"', b'"17.098.242,0 sq km"', r"not a plain number: '17\.098"),
        (FAS_OWID, b"Russia,2022,4477", b'Russia,2022,"4.477,0"', r"found '4\.477,0'"),
    ],
    ids=["factbook", "fas"],
)
def test_locale_formatted_numbers_are_refused(
    snapshots: Path, tmp_path: Path, name: str, old: bytes, new: bytes, expected: str
) -> None:
    # SIPRI's and the World Bank's are in test_parse_sipri.py and test_parse_worldbank.py.
    data = (snapshots / name).read_bytes()
    assert old in data
    path = tmp_path / Path(name).name
    path.write_bytes(data.replace(old, new, 1))
    refused(path, SOURCE_OF[name], expected)


# --- zip bombs and oversized files ------------------------------------------------------------


def test_zip_bomb_named_as_a_workbook(tmp_path: Path) -> None:
    bomb = tmp_path / "SIPRI-Milex-data-1949-2024_2.xlsx"
    with (
        zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive,
        archive.open(SIPRI_SHEET, "w", force_zip64=True) as member,
    ):
        zeros = bytes(4 * limits.MIB)
        for _ in range(100):
            member.write(zeros)  # 400 MiB of zeros
    assert bomb.stat().st_size < 2 * limits.MIB
    refused(
        bomb,
        "sipri-milex-2025",
        r"the total uncompressed size of the zip's members is 419,430,400 bytes, over the "
        r"limit of 314,572,800 bytes \(MAX_UNZIPPED_BYTES",
    )


def test_zip_member_with_a_bomb_ratio(snapshots: Path, tmp_path: Path) -> None:
    # the real CSV followed by 16 MiB of line breaks: small enough for the total cap
    bomb = zip_of(snapshots / WORLDBANK, tmp_path / "wdi.zip", padding=b"\r\n" * (8 * limits.MIB))
    refused(
        bomb,
        SOURCE_OF[WORLDBANK],
        r"refused: zip member 'API_AG\.SRF\.TOTL\.K2_DS2_en_csv_v2_9771\.csv' would inflate "
        r"\d{3,}-fold .* over the limit of 100:1 \(MAX_ZIP_RATIO .*possibly a zip bomb",
    )


def test_json_nested_10000_deep(tmp_path: Path) -> None:
    text = '{"Geography": ' + "[" * 10_000 + "]" * 10_000 + "}"
    with pytest.raises(RecursionError):
        json.loads(text)  # what the check spares the parser
    path = tmp_path / "rs.json"
    path.write_text(text)
    refused(path, "factbook-latest-russia", "JSON nested deeper than 64 levels")


def test_json_number_too_long_to_read(snapshots: Path, tmp_path: Path) -> None:
    data = json.loads((snapshots / FACTBOOK).read_text(encoding="utf-8"))
    path = tmp_path / "rs.json"
    path.write_text(json.dumps(data)[:-1] + ', "x": ' + "9" * 5000 + "}")
    refused(path, "factbook-latest-russia", r"not a Factbook JSON page: Exceeds the limit \(4300")


def test_json_of_30_mb(snapshots: Path, tmp_path: Path) -> None:
    path = copy_of(snapshots, FACTBOOK, tmp_path / "rs.json")
    with path.open("ab") as handle:
        handle.write(b" " * (30 * limits.MIB))  # still a valid JSON page
    refused(path, "factbook-latest-russia", r"the file size is 31,\d{3},\d{3} bytes, over the")


def far_row(data: bytes) -> bytes:
    """One more cell, in Excel's last row: a reader fills in the rows between."""
    row = b'<row r="1048576"><c r="A1048576"><v>1</v></c></row>'
    return data.replace(b"</sheetData>", row + b"</sheetData>")


def wide_row(data: bytes) -> bytes:
    """One more row, with a cell in Excel's last column."""
    row = b'<row r="300"><c r="XFD300"><v>1</v></c></row>'
    return data.replace(b"</sheetData>", row + b"</sheetData>")


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (far_row, r"sheet 'Current US\$': the number of rows read is 100,001, over the limit"),
        (wide_row, r"sheet 'Current US\$': the width of row 300 is 16,384, over the limit of 500"),
    ],
    ids=["row-1048576", "column-XFD"],
)
def test_sheet_size_is_counted_while_reading(
    snapshots: Path, tmp_path: Path, edit: Callable[[bytes], bytes], expected: str
) -> None:
    path = rezip(snapshots / SIPRI, tmp_path / "big.xlsx", {SIPRI_SHEET: edit})
    refused(path, "sipri-milex-2025", expected)


# Each cap lowered below a real file: (cap, value, file, zipped?, expected message).
LOWERED = [
    ("MAX_XLSX_BYTES", 100_000, SIPRI, False, r"the file size is 756,712 bytes, over the limit"),
    ("MAX_UNZIPPED_BYTES", limits.MIB, SIPRI, False, r"zip's members is 3,568,480 bytes"),
    ("MAX_SHEET_ROWS", 150, SIPRI_SIZED, False, r"the declared number of rows is 199"),
    ("MAX_SHEET_COLUMNS", 50, SIPRI_SIZED, False, r"the declared number of columns is 78"),
    ("MAX_SHEET_ROWS", 150, SIPRI, False, r"the number of rows read is 151, over the limit of 150"),
    ("MAX_SHEET_COLUMNS", 50, SIPRI, False, r"the width of row \d+ is 78, over the limit of 50"),
    ("MAX_FIGURES", 1000, SIPRI, False, r"the number of figures read is 1,\d{3}, over the limit"),
    ("MAX_CSV_BYTES", 100_000, WORLDBANK, False, r"the file size is 162,323 bytes"),
    ("MAX_CSV_BYTES", 100_000, WORLDBANK, True, r"size of zip member 'API_.*' is 162,323 bytes"),
    ("MAX_CSV_ROWS", 100, WORLDBANK, False, r"the number of rows read is 101, over the limit"),
    ("MAX_FIGURES", 1000, WORLDBANK, False, r"the number of figures read is 1,\d{3}"),
    ("MAX_CSV_BYTES", 10_000, FAS_OWID, False, r"the file size is 15,269 bytes"),
    ("MAX_CSV_ROWS", 100, FAS_OWID, False, r"the number of rows read is 101"),
    ("MAX_FIGURES", 20, FAS_TABLEAU, False, r"the number of figures read is 21"),
    ("MAX_JSON_BYTES", 10_000, FACTBOOK, False, r"the file size is 65,874 bytes"),
    ("MAX_JSON_DEPTH", 3, FACTBOOK, False, r"JSON nested deeper than 3 levels"),
]


@pytest.mark.parametrize(
    ("cap", "value", "name", "zipped", "expected"),
    LOWERED,
    ids=[f"{c}-{Path(n).suffix[1:]}{'-zip' * z}-{v}" for c, v, n, z, _ in LOWERED],
)
def test_lowered_cap_refuses_a_real_file(
    snapshots: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    cap: str,
    value: int,
    name: str,
    zipped: bool,
    expected: str,
) -> None:
    monkeypatch.setattr(limits, cap, value)
    path = (
        zip_of(snapshots / name, tmp_path / "wdi.zip")
        if zipped
        else copy_of(snapshots, name, tmp_path / Path(name).name)
    )
    message = refused(path, SOURCE_OF[name], expected)
    assert f"{cap} in workflow/factcheck/pinned/limits.py" in message


# --- the report: text stays text, nothing is fetched ------------------------------------------

HOSTILE = (
    "<strong>EDITOR-BOLD</strong> <script>alert(1)</script> "
    '<link rel="stylesheet" href="file:///etc/passwd"> '
    '<img src="http://127.0.0.1:9/x.png"> <img src="file:///etc/passwd">'
)
ESCAPED = [
    "&lt;strong&gt;EDITOR-BOLD&lt;/strong&gt;",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&lt;link rel=&#34;stylesheet&#34; href=&#34;file:///etc/passwd&#34;&gt;",
    "&lt;img src=&#34;http://127.0.0.1:9/x.png&#34;&gt;",
    "&lt;img src=&#34;file:///etc/passwd&#34;&gt;",
]
CLAIM_EDITS = [  # (as written in the claims file, replaced by): title, caveat and reading label
    ("title: Ukraine's “1/10 of Russia’s defense budget”", f"title: {json.dumps('T ' + HOSTILE)}"),
    (
        '- "Current US dollars at market exchange rates; purchasing power would narrow the gap."',
        f"- {json.dumps('C ' + HOSTILE)}",
    ),
    (
        'label: "2021, the last year before the invasion (SIPRI, latest edition)"',
        f"label: {json.dumps('L ' + HOSTILE)}",
    ),
]


# A word that WeasyPrint, splitting it across lines, would lay out in time growing with the
# square of its length: in a reason (a table cell of the statements not checked) and in the
# publisher's note on a figure (an extract's cell holds at most 131,072 characters).
LONG_REASON = 'reason: "'
LONG_WORD = "w" * 200_000
NOTE_WORD = "n" * 100_000
LEFT_OUT = r"… \(195,\d{3} more characters in verdicts\.json\)"  # the word and the reason's text


def add_to_the_crimea_note(project: Path, word: str) -> None:
    """Put ``word`` into the Factbook's note on Ukraine's area (the extract and its lock entry)."""
    extract = project / "sources" / "extracts" / "factbook-latest-ukraine.csv"
    note = b"<strong>note:</strong> Russia annexed Crimea"
    data = extract.read_bytes()
    assert note in data
    extract.write_bytes(data.replace(note, note.replace(b"Russia", word.encode() + b" Russia")))
    lock_path = project / "sources" / "sources.lock.json"
    lock = json.loads(lock_path.read_text(encoding="utf-8"))
    digest = hashlib.sha256(extract.read_bytes()).hexdigest()
    lock["sources"]["factbook-latest-ukraine"]["extract_sha256"] = digest
    lock_path.write_text(json.dumps(lock), encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real pipeline's verdicts, HTML and PDF from a claims file holding HOSTILE."""
    project = copy_project(tmp_path_factory.mktemp("hostile") / "project")
    claims = project / "sources" / "articles" / "nato-restraint-2022.yaml"
    text = claims.read_text(encoding="utf-8")
    for old, new in CLAIM_EDITS:
        assert old in text
        text = text.replace(old, new, 1)
    assert LONG_REASON in text
    claims.write_text(text.replace(LONG_REASON, f"{LONG_REASON}{LONG_WORD} ", 1), encoding="utf-8")
    add_to_the_crimea_note(project, NOTE_WORD)
    out = project / "output"
    verdicts, page, pdf = out / "verdicts.json", out / "report.html", out / "report.pdf"
    templates = str(project / "templates")
    for argv in (
        [
            "verdicts",
            "--claims",
            str(claims),
            "--sources",
            str(project / "sources"),
            "--article-text-dir",
            str(project / "sources" / "articles"),
            "--out",
            str(verdicts),
        ],
        ["html", "--verdicts", str(verdicts), "--templates", templates, "--out", str(page)],
        ["pdf", "--html", str(page), "--templates", templates, "--out", str(pdf)],
    ):
        assert main(argv) == 0, argv
    return out


class Elements(html.parser.HTMLParser):
    """Every element's tag and attributes, and the text inside each <strong>."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.strong: list[str] = []
        self._in_strong = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        if tag == "strong":
            self._in_strong += 1
            self.strong.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "strong":
            self._in_strong -= 1

    def handle_data(self, data: str) -> None:
        if self._in_strong:
            self.strong[-1] += data


def test_hostile_text_is_escaped_in_the_html(hostile_report: Path) -> None:
    page = (hostile_report / "report.html").read_text(encoding="utf-8")
    for escaped in ESCAPED:
        assert page.count(escaped) >= len(CLAIM_EDITS), escaped
    # the real Factbook note is shown as text, its own markup removed
    assert "note: nnnnnnnnnn" in page and "&lt;strong&gt;note:" not in page
    elements = Elements()
    elements.feed(page)
    assert not {tag for tag, _ in elements.tags} & {"script", "link", "img"}
    values = [value or "" for _, attrs in elements.tags for _, value in attrs]
    assert not [v for v in values if "file:" in v or "127.0.0.1" in v or "passwd" in v]
    assert not [text for text in elements.strong if "EDITOR-BOLD" in text]
    assert "EDITOR-BOLD" in json.dumps(json.loads((hostile_report / "verdicts.json").read_text()))


def test_long_words_are_cut_and_made_breakable(hostile_report: Path) -> None:
    whole = json.loads((hostile_report / "verdicts.json").read_text(encoding="utf-8"))
    assert LONG_WORD in json.dumps(whole)  # verdicts.json keeps the text whole
    page = (hostile_report / "report.html").read_text(encoding="utf-8")
    shown = page.replace("\u200b", "")
    assert re.search("[Ww]" + "w" * 4999 + LEFT_OUT, shown)  # the reason as a sentence
    assert NOTE_WORD in json.dumps(whole)
    assert re.search(r"note: n{4977}… \(95,\d{3} more characters in verdicts\.json\)", shown)
    assert max(len(word) for word in re.split(r"[\s\u200b]", page)) < 1000
    pdf_text = " ".join(
        page.extract_text() for page in pypdf.PdfReader(hostile_report / "report.pdf").pages
    )
    assert "more characters in verdicts.json" in pdf_text


def test_hostile_text_is_text_in_the_pdf(hostile_report: Path) -> None:
    reader = pypdf.PdfReader(hostile_report / "report.pdf")
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert '<link rel="stylesheet" href="file:///etc/passwd">' in text
    assert "<script>alert(1)</script>" in text
    assert "<strong>EDITOR-BOLD</strong>" in text
    assert "root:x:0:0" not in text


TEMPLATES = ROOT / "templates"


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1:9/",
        "https://www.sipri.org/",
        "file://localhost/etc/passwd",
        f"file://{TEMPLATES}/../sources/sources.lock.json",
        f"file://{TEMPLATES}/..%2Fsources%2Fsources.lock.json",
        f"file://{TEMPLATES}/missing.css",
        f"file://{TEMPLATES}/report.css?x=1",
    ],
)
def test_fetcher_refuses(url: str) -> None:
    with pytest.raises(FactcheckError, match="the report may not load"):
        restricted_fetcher(TEMPLATES)(url)


def test_fetcher_serves_data_and_template_files() -> None:
    fetch = restricted_fetcher(TEMPLATES)
    assert fetch("data:text/plain;base64,aGk=").read() == b"hi"
    stylesheet = fetch((TEMPLATES / "report.css").as_uri()).read()
    assert stylesheet == (TEMPLATES / "report.css").read_bytes()


def page_loading(server: HTTPServer) -> str:
    """HTML asking for every kind of resource WeasyPrint fetches from ``server``, one of them
    from inside an inline SVG image."""
    url = server.url_for
    svg = f'<svg xmlns="http://www.w3.org/2000/svg"><image href="{url("/nested.png")}"/></svg>'
    svg_uri = f"data:image/svg+xml,{quote(svg)}"
    return (
        f'<html><head><link rel="stylesheet" href="{url("/style.css")}">'
        f'<style>@import url("{url("/import.css")}"); '
        f'@font-face {{ font-family: X; src: url("{url("/font.woff")}") }} '
        f'body {{ font-family: X; background: url("{url("/background.png")}") }}</style></head>'
        f'<body><p>text</p><img src="{url("/image.png")}">'
        f'<img src="{svg_uri}">'
        f'<img src="file:///etc/passwd"></body></html>'
    )


def test_pdf_rendering_makes_no_connection(httpserver_ipv4: HTTPServer) -> None:
    """No proxy variable is set here: conftest's autouse ``_no_proxy`` removes them."""
    page = page_loading(httpserver_ipv4)
    weasyprint.HTML(string=page, url_fetcher=restricted_fetcher(TEMPLATES)).write_pdf()
    assert httpserver_ipv4.log == []
    weasyprint.HTML(string=page).write_pdf()  # the default fetcher: the page does reach out
    assert {request.path for request, _ in httpserver_ipv4.log} >= {"/image.png", "/style.css"}
