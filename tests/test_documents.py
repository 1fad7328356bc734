"""Extracting page texts from PDF, HTML and text files, and finding quotes in them."""

from __future__ import annotations

import random
from pathlib import Path

import pypdf
import pytest
import weasyprint

from factcheck.articles.quotes import closest, find_quote
from factcheck.errors import FactcheckError
from factcheck.live import documents
from factcheck.live.documents import extract_pages

LDQ, RDQ, RSQ = "\u201c", "\u201d", "\u2019"  # typographic double quotes, apostrophe
PASSAGE = "modern Ukraine was entirely created by Russia"
NEW_PAGE = '<p style="page-break-before: always">'
SPAN = "the people of the world know it"

PDF_HTML = f"""<!DOCTYPE html><html><head><style>
  body {{ font: 11pt serif; }}
  .narrow {{ width: 12em; }}
</style></head><body>
<p>Page one: an introduction that does not contain the passage.</p>
{NEW_PAGE}Page two: more background about the history of the region.</p>
{NEW_PAGE}He said that {LDQ}{PASSAGE}{RDQ}, and that it{RSQ}s an
  <span class="narrow">inter-<br>pretation</span> of history.</p>
{NEW_PAGE}Page four ends with a sentence that runs on: the people of</p>
{NEW_PAGE}the world know it. Page five continues.</p>
</body></html>"""


@pytest.fixture(scope="module")
def pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A five-page PDF: the passage on page 3, a sentence across the break of pages 4-5."""
    path = tmp_path_factory.mktemp("pdf") / "speech.pdf"
    weasyprint.HTML(string=PDF_HTML).write_pdf(path)
    return path


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_pdf_gives_one_text_per_page(pdf: Path) -> None:
    pages = extract_pages(pdf)
    assert len(pages) == 5
    assert pages[0].startswith("Page one")
    assert f"{LDQ}{PASSAGE}{RDQ}" in pages[2]
    assert "inter-\npretation" in pages[2]  # the line-broken hyphenated word, as extracted
    assert pages[4].startswith("the world know it")


def test_pdf_quote_found_on_page_3(pdf: Path) -> None:
    pages = extract_pages(pdf)
    normalised = find_quote(f'"{PASSAGE}"', pages)
    assert (normalised.found, normalised.exact, normalised.page) == (True, False, 3)
    assert f"He said that {LDQ}{PASSAGE}{RDQ}, and" in normalised.context
    verbatim = find_quote(f"{LDQ}{PASSAGE}{RDQ}", pages)
    assert (verbatim.found, verbatim.exact, verbatim.page) == (True, True, 3)
    assert verbatim.start == normalised.start


def test_pdf_quote_with_hyphenated_word_and_apostrophe(pdf: Path) -> None:
    match = find_quote("and that it's an interpretation of history", extract_pages(pdf))
    assert (match.found, match.exact, match.page) == (True, False, 3)
    assert f"it{RSQ}s an inter- pretation of history" in match.context


def test_pdf_quote_across_page_break(pdf: Path) -> None:
    match = find_quote(SPAN, extract_pages(pdf))
    assert (match.found, match.page) == (True, 4)
    assert "runs on: the people of the world know it. Page five" in match.context


def test_pdf_quote_not_found_gives_closest_passage(pdf: Path) -> None:
    pages = extract_pages(pdf)
    claimed = "modern Ukraine was entirely and fully created by Russia"
    assert not find_quote(claimed, pages).found
    ratio, passage = closest(claimed, pages)
    assert ratio == pytest.approx(2 * 7 / (9 + 9))  # 7 of the 9 words match, in order
    assert PASSAGE in passage


def test_html_visible_text_only(tmp_path: Path) -> None:
    html = (
        "\ufeff <!DOCTYPE html><html><head><title>Hidden title words</title>"
        "<style>p { color: red }</style></head><body>"
        "<h1>Speech</h1><div>He said: &ldquo;modern <em>Ukraine</em>\n  was entirely&nbsp;"
        "<b>created</b> by Russia&rdquo;. It&rsquo;s true.</div>"
        '<script>var s = "secret script passage";</script>'
        "<noscript>enable javascript</noscript><p>Last<br>line</p></body></html>"
    )
    pages = extract_pages(_write(tmp_path, "page.html", html.encode()))
    assert pages[0].split("\n") == [
        "Speech",
        f"He said: {LDQ}modern Ukraine was entirely\u00a0created by Russia{RDQ}. It{RSQ}s true.",
        "Last",
        "line",
    ]
    match = find_quote(f'"{PASSAGE}"', pages)
    assert (match.found, match.exact, match.page) == (True, False, None)
    assert match.context == f"Speech He said: {LDQ}{PASSAGE}{RDQ}. It{RSQ}s true. Last line"
    assert find_quote(f"It{RSQ}s true", pages).exact
    for hidden in ("secret script passage", "Hidden title words", "color: red", "javascript"):
        assert not find_quote(hidden, pages).found


def test_html_declared_charset(tmp_path: Path) -> None:
    html = '<html><head><meta charset="windows-1252"></head><body><p>caf\u00e9 \u201cau lait\u201d'
    path = _write(tmp_path, "page.htm", html.encode("windows-1252"))
    assert extract_pages(path) == [f"caf\u00e9 {LDQ}au lait{RDQ}"]


def test_text_file_is_one_page(tmp_path: Path) -> None:
    text = f"Line one.\nHe said {LDQ}{PASSAGE}{RDQ}.\n"
    path = _write(tmp_path, "speech.txt", b"\xef\xbb\xbf" + text.encode())
    assert extract_pages(path) == [text]


def test_owner_password_only_pdf_is_read(pdf: Path, tmp_path: Path) -> None:
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(pdf))
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    path = tmp_path / "restricted.pdf"
    writer.write(path)
    assert extract_pages(path) == extract_pages(pdf)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("random.bin", random.Random(0).randbytes(4096), "expected a PDF, HTML or text document"),
        ("nul.txt", b"text\x00with a NUL byte", "expected a PDF, HTML or text document"),
        ("empty.txt", b"", "the file is empty"),
        ("blank.html", b"<html><head><title>x</title></head><body> </body></html>", "no visible"),
        ("latin1.html", b"<html><body>caf\xe9</body></html>", "cannot be decoded as utf-8"),
    ],
)
def test_unusable_files(tmp_path: Path, name: str, data: bytes, message: str) -> None:
    path = _write(tmp_path, name, data)
    with pytest.raises(FactcheckError) as caught:
        extract_pages(path)
    assert caught.value.path == str(path)
    assert message in caught.value.reason


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(FactcheckError) as caught:
        extract_pages(tmp_path / "missing.pdf")
    assert caught.value.reason == "cannot read the file: No such file or directory"


def test_truncated_pdf(pdf: Path, tmp_path: Path) -> None:
    data = pdf.read_bytes()
    half = _write(tmp_path, "half.pdf", data[: len(data) // 2])
    with pytest.raises(FactcheckError) as caught:
        extract_pages(half)
    assert (caught.value.path, caught.value.reason) == (
        str(half),
        "the PDF is truncated (no %%EOF marker at its end)",
    )
    # Cut just before the end marker: pypdf alone would read every page of it.
    with pytest.raises(FactcheckError) as caught:
        extract_pages(_write(tmp_path, "cut.pdf", data[: data.rindex(b"%%EOF")]))
    assert "truncated" in caught.value.reason
    # Even with an end marker pasted on, the damage is reported, not half a document.
    with pytest.raises(FactcheckError) as caught:
        extract_pages(_write(tmp_path, "patched.pdf", data[: len(data) // 2] + b"\n%%EOF\n"))
    assert caught.value.reason.startswith("the PDF cannot be read")


def test_encrypted_pdf(pdf: Path, tmp_path: Path) -> None:
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(pdf))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    path = tmp_path / "secret.pdf"
    writer.write(path)
    with pytest.raises(FactcheckError) as caught:
        extract_pages(path)
    assert (caught.value.path, caught.value.reason) == (
        str(path),
        "the PDF is encrypted with a password",
    )


def test_pdf_without_text_layer(tmp_path: Path) -> None:
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_blank_page(width=595, height=842)
    path = tmp_path / "scan.pdf"
    writer.write(path)
    with pytest.raises(FactcheckError) as caught:
        extract_pages(path)
    assert "no text layer" in caught.value.reason


def test_size_and_page_caps(pdf: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(documents, "MAX_PDF_PAGES", 4)
    with pytest.raises(FactcheckError, match="5 pages, over the 4 page limit"):
        extract_pages(pdf)
    monkeypatch.setattr(documents, "MAX_BYTES", 2**20)
    big = _write(tmp_path, "big.txt", b"a" * (2**20 + 1))
    with pytest.raises(FactcheckError, match="over the 1 MB limit"):
        extract_pages(big)
    assert extract_pages(_write(tmp_path, "ok.txt", b"a" * 2**20)) == ["a" * 2**20]
