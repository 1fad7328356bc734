"""Text of a primary document (PDF, HTML or plain text), page by page, for quote checks."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser
from pathlib import Path

from pypdf import PasswordType, PdfReader

from ..errors import FactcheckError

MAX_BYTES = 100 * 1024 * 1024
MAX_PDF_PAGES = 2000
EXPECTED = "expected a PDF, HTML or text document"

_BOM = b"\xef\xbb\xbf"
# Optionally an XML declaration and comments, then a doctype, <html>, <head> or <body>.
_HTML_START = re.compile(
    rb"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)[\s>]",
    re.IGNORECASE | re.DOTALL,
)
_HTML_CHARSET = re.compile(rb"""<meta[^>]*charset\s*=\s*["']?([\w.:-]+)""", re.IGNORECASE)
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")  # not U+00A0: &nbsp; is kept as written
_BLOCK_TAGS = """address article aside blockquote br caption dd details div dl dt fieldset
    figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section
    summary table td th tr ul"""
# Control characters other than tab, newline, form feed and carriage return: not text.
_BINARY = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def extract_pages(path: Path) -> list[str]:
    """Return the text of the document at ``path``, one string per page.

    The type is sniffed from the content: a PDF gives one string per page, HTML (visible
    text, a line per block element) and UTF-8 text give one. Raises FactcheckError for
    other content, an oversized file, and a PDF that is encrypted, damaged, longer than
    MAX_PDF_PAGES pages or has no text layer.
    """
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise FactcheckError(
                f"the file is {size / 2**20:.0f} MB, over the {MAX_BYTES // 2**20} MB limit",
                path=path,
            )
        data = path.read_bytes()
    except OSError as err:
        raise FactcheckError(f"cannot read the file: {err.strerror or err}", path=path) from err
    if not data.strip():
        raise FactcheckError(f"the file is empty; {EXPECTED}", path=path)
    if data.startswith(b"%PDF-"):
        return _pdf_pages(data, path)
    if _HTML_START.match(data.removeprefix(_BOM)):
        text = _html_text(data, path)
        if not text:
            raise FactcheckError(
                "the HTML page has no visible text (is it filled in by JavaScript?)", path=path
            )
        return [text]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = None
    if text is None or _BINARY.search(text):
        raise FactcheckError(f"the content is not recognised; {EXPECTED}", path=path)
    return [text]


def _pdf_pages(data: bytes, path: Path) -> list[str]:
    """Return the text of each page of the PDF ``data`` read from ``path``."""
    if b"%%EOF" not in data[-1024:]:
        raise FactcheckError("the PDF is truncated (no %%EOF marker at its end)", path=path)
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        # An owner password alone still lets anyone read the file: try the empty password.
        if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
            raise FactcheckError("the PDF is encrypted with a password", path=path)
        if len(reader.pages) > MAX_PDF_PAGES:
            raise FactcheckError(
                f"the PDF has {len(reader.pages)} pages, over the {MAX_PDF_PAGES} page limit",
                path=path,
            )
        pages = [page.extract_text() for page in reader.pages]
    except FactcheckError:
        raise
    except Exception as err:  # pypdf raises many exception types on damaged files
        raise FactcheckError(f"the PDF cannot be read: {err}", path=path) from err
    if not any(page.strip() for page in pages):
        raise FactcheckError(
            "the PDF has no text layer (a scanned image?); it needs OCR first", path=path
        )
    return pages


def _html_text(data: bytes, path: Path) -> str:
    """Return the visible text of the HTML ``data``, decoded by its declared charset."""
    declared = _HTML_CHARSET.search(data[:4096])
    encoding = declared.group(1).decode("ascii") if declared else "utf-8"
    try:
        html = data.decode("utf-8-sig" if encoding.lower() in ("utf-8", "utf8") else encoding)
    except (LookupError, UnicodeDecodeError) as err:
        raise FactcheckError(f"the HTML cannot be decoded as {encoding}: {err}", path=path) from err
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    return parser.text()


class _VisibleText(HTMLParser):
    """Collect the text a browser shows: no head, script or style; blocks on own lines."""

    HIDDEN = frozenset({"head", "script", "style", "template", "noscript"})
    BLOCKS = frozenset(_BLOCK_TAGS.split())

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._parts: list[str] = []
        self._hidden: list[str] = []  # open hidden elements, innermost last

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body":  # a missing </head> ends at <body>
            self._hidden.clear()
        elif tag in self.HIDDEN:
            self._hidden.append(tag)
        if tag in self.BLOCKS:
            self._parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._hidden:  # close it and any hidden element left open inside it
            while self._hidden.pop() != tag:
                pass
        if tag in self.BLOCKS:
            self._parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self._parts.append(_HTML_SPACE.sub(" ", data))

    def text(self) -> str:
        """The collected text: one line per block, no blank lines."""
        lines = (line.strip(" ") for line in "".join(self._parts).split("\n"))
        return "\n".join(line for line in lines if line)
