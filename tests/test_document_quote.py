"""Quotes checked against a primary document pinned from a server on 127.0.0.1."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import weasyprint
import yaml
from pytest_httpserver import HTTPServer

from factcheck import cli
from factcheck.checks import document_quote
from factcheck.checks.common import CheckContext
from factcheck.errors import FactcheckError
from factcheck.live.document_pin import documents_named, pin_document
from factcheck.live.fetch import mirror_url
from factcheck.pinned.documents import load_pinned

from .project import copy_project, snakemake

URL = (
    "https://media.defense.gov/2018/Feb/02/2001872886/-1/-1/1/"
    "2018-NUCLEAR-POSTURE-REVIEW-FINAL-REPORT.PDF"
)
QUOTE = (
    "a mistaken expectation that coercive nuclear threats or limited first use could paralyze "
    "the United States and NATO and thereby end a conflict on terms favorable to Russia"
)
DOCUMENT = {
    "id": "npr-2018",
    "title": "Nuclear Posture Review",
    "publisher": "U.S. Department of Defense",
    "url": URL,
    "published": "2018-02-02",
    "format": "pdf",
}
CLAIM = {
    "id": "npr-2018-quote",
    "quote": QUOTE,
    "kind": "document",
    "check": {"type": "document_quote", "document": DOCUMENT},
}
NOT_PINNED = (
    "not checked here: no copy of the document is pinned in this project, so the quote could "
    "not be looked up"
)
NEW_PAGE = '<p style="page-break-before: always">'
# The passage with typographic quotes and "paralyze" hyphenated across a line break.
PASSAGE = (
    "Moscow threatens and exercises limited nuclear first use, suggesting \u201ca mistaken "
    "expectation that coercive nuclear threats or limited first use could paral-<br>yze the "
    "United States and NATO and thereby end a conflict on terms favorable to Russia.\u201d"
)
OTHER = "Deterrence of nuclear attack is the highest priority of the United States."


def _pdf(page_three: str) -> bytes:
    """A four-page PDF whose third page holds ``page_three``."""
    html = (
        "<!DOCTYPE html><html><body>"
        "<p>Nuclear Posture Review. Page one: an introduction.</p>"
        f"{NEW_PAGE}Page two: the changing security environment.</p>"
        f"{NEW_PAGE}{page_three}</p>"
        f"{NEW_PAGE}Page four: {OTHER}</p>"
        "</body></html>"
    )
    return weasyprint.HTML(string=html).write_pdf()


@pytest.fixture(scope="module")
def pdfs() -> dict[str, bytes]:
    """The document with the passage, with one word changed, and without it."""
    return {
        "passage": _pdf(PASSAGE),
        "one word": _pdf(PASSAGE.replace("paral-<br>yze", "crip-<br>ple")),
        "without": _pdf("Page three: arms control and nonproliferation."),
    }


def _serve(server: HTTPServer, body: bytes, content_type: str, status: int = 200) -> str:
    """Serve ``body`` at the mirror path of the official URL; return the mirror."""
    mirror = server.url_for("/")
    path = urlsplit(mirror_url(URL, mirror)).path
    server.expect_request(path).respond_with_data(body, status=status, content_type=content_type)
    return mirror


def _check(documents: Path, claim: dict = CLAIM) -> dict:
    context = CheckContext(index=None, evidence={}, article={}, documents=documents)
    return document_quote.run(claim, context).to_json()


def _pin_and_check(server: HTTPServer, tmp_path: Path, body: bytes) -> dict:
    mirror = _serve(server, body, "application/pdf")
    pinned = pin_document(DOCUMENT, tmp_path, mirror=mirror, retrieved="2026-11-25")
    assert pinned == tmp_path / "npr-2018.json"
    return _check(tmp_path)


def test_quote_found_on_page_3_after_normalising(
    httpserver: HTTPServer, tmp_path: Path, pdfs: dict[str, bytes]
) -> None:
    result = _pin_and_check(httpserver, tmp_path, pdfs["passage"])
    assert result["verdict"] == "Accurate"
    assert result["reason"].startswith("found on page 3 after normalising quote marks")
    passage = result["details"]["passage"]
    assert passage["page"] == 3
    assert result["details"]["found"] and not passage["exact"]
    assert "paral-\nyze" not in passage["passage"]
    assert "paral-" in passage["passage"]  # the passage as printed
    assert "diff" not in passage
    document = result["details"]["document"]
    assert document["pinned"] is True
    assert document["retrieved"] == "2026-11-25"
    pinned = json.loads((tmp_path / "npr-2018.json").read_text(encoding="utf-8"))
    assert document["sha256"] == pinned["sha256"]
    assert pinned["url"] == pinned["final_url"] == URL  # the mirror is not recorded
    assert pinned["bytes"] == len(pdfs["passage"])
    assert pinned["content_type"] == "application/pdf"
    assert len(pinned["pages"]) == 4


def test_one_word_changed_is_approximately_accurate_with_the_diff(
    httpserver: HTTPServer, tmp_path: Path, pdfs: dict[str, bytes]
) -> None:
    result = _pin_and_check(httpserver, tmp_path, pdfs["one word"])
    assert result["verdict"] == "Approximately accurate"
    assert result["reason"] == (
        "not found verbatim; against the closest passage, on page 3 (96% similar), the article "
        "has “paralyze” where the text has “cripple”"
    )
    assert result["details"]["found"] is False
    closest = result["details"]["passage"]
    assert closest["page"] == 3
    changed = [d for d in closest["diff"] if d["op"] != "equal"]
    assert changed == [{"op": "replace", "claimed": "paralyze", "reference": "cripple"}]


def test_passage_absent_is_inaccurate(
    httpserver: HTTPServer, tmp_path: Path, pdfs: dict[str, bytes]
) -> None:
    result = _pin_and_check(httpserver, tmp_path, pdfs["without"])
    assert result["verdict"] == "Inaccurate"
    assert result["reason"].startswith("not found in the document; the closest passage (")
    closest = result["details"]["passage"]
    assert closest["similarity"] < 0.9
    assert closest["passage"] in result["reason"]
    assert closest["diff"] == []


def test_html_document_found_verbatim(httpserver: HTTPServer, tmp_path: Path) -> None:
    page = f"<!DOCTYPE html><html><head><title>NPR</title></head><body><p>{OTHER}</p>"
    page += f"<p>Moscow suggests {QUOTE}.</p></body></html>"
    mirror = _serve(httpserver, page.encode(), "text/html; charset=utf-8")
    pin_document({**DOCUMENT, "format": "html"}, tmp_path, mirror=mirror)
    result = _check(tmp_path)
    assert result["verdict"] == "Accurate"
    assert result["reason"] == "found verbatim in the document"
    assert result["details"]["passage"]["page"] is None
    assert result["details"]["passage"]["exact"]
    assert load_pinned(tmp_path, "npr-2018")["pages"] == [f"{OTHER}\nMoscow suggests {QUOTE}."]


def test_not_pinned_is_not_checked_here(tmp_path: Path) -> None:
    result = _check(tmp_path)
    assert (result["verdict"], result["status"]) == (None, "not checked here")
    assert result["reason"] == NOT_PINNED
    assert result["details"]["document"] == {
        key: DOCUMENT[key] for key in ("id", "title", "publisher", "url", "published")
    } | {"pinned": False}
    assert "passage" not in result["details"]


def test_404_is_an_error_and_writes_nothing(httpserver: HTTPServer, tmp_path: Path) -> None:
    mirror = _serve(httpserver, b"not here", "text/plain", status=404)
    documents = tmp_path / "documents"
    with pytest.raises(FactcheckError, match=r"not found \(404\)"):
        pin_document(DOCUMENT, documents, mirror=mirror)
    assert not documents.exists()


def test_html_error_page_for_a_pdf_is_an_error_and_writes_nothing(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    page = b"<!DOCTYPE html><html><body>Access denied</body></html>"
    mirror = _serve(httpserver, page, "text/html")
    documents = tmp_path / "documents"
    with pytest.raises(FactcheckError, match="got an HTML page"):
        pin_document(DOCUMENT, documents, mirror=mirror)
    assert not documents.exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "unreadable pinned document"),
        ('["a list"]', "must be a JSON object"),
        ('{"id": "npr-2018"}', "url: missing"),
        (
            json.dumps(
                {
                    "id": "npr-2018",
                    "url": URL,
                    "final_url": URL,
                    "sha256": "0" * 64,
                    "bytes": 1,
                    "retrieved": "2026-11-25",
                    "content_type": "application/pdf",
                    "pages": [],
                }
            ),
            "pages: must be a non-empty list",
        ),
    ],
)
def test_malformed_pinned_file_is_an_error_naming_it(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "npr-2018.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FactcheckError, match=message) as caught:
        load_pinned(tmp_path, "npr-2018")
    assert caught.value.path == str(path)
    with pytest.raises(FactcheckError) as caught:
        _check(tmp_path)
    assert str(path) in caught.value.reason  # named even when re-raised under the claims file


def test_pinned_from_another_url_is_an_error(
    httpserver: HTTPServer, tmp_path: Path, pdfs: dict[str, bytes]
) -> None:
    _pin_and_check(httpserver, tmp_path, pdfs["passage"])
    moved = {
        **CLAIM,
        "check": {"type": "document_quote", "document": {**DOCUMENT, "url": URL + "x"}},
    }
    with pytest.raises(FactcheckError, match="was fetched from"):
        _check(tmp_path, moved)


def _sources(tmp_path: Path) -> Path:
    """A sources folder with one article whose claims quote the document."""
    claims = {
        "article": {
            "id": "npr-article",
            "title": "An article",
            "outlet": "Outlet",
            "author": "Author",
            "published": "2022-03-15",
            "url": "https://example.org/article",
            "text": {
                "file": "article.txt",
                "sha256": "0" * 64,
                "url": "https://example.org/article",
                "retrieved": "2026-11-25",
                "ends_before": "END",
            },
        },
        "review": {"date": "2026-11-25", "reviewer": "Desk"},
        "claims": [CLAIM],
    }
    articles = tmp_path / "sources" / "articles"
    articles.mkdir(parents=True)
    (articles / "npr-article.yaml").write_text(yaml.safe_dump(claims), encoding="utf-8")
    return tmp_path / "sources"


def test_cli_pins_every_named_document_once(
    httpserver: HTTPServer,
    tmp_path: Path,
    pdfs: dict[str, bytes],
    capsys: pytest.CaptureFixture[str],
) -> None:
    sources = _sources(tmp_path)
    assert documents_named(sources) == [DOCUMENT]
    mirror = _serve(httpserver, pdfs["passage"], "application/pdf")
    args = ["pin-documents", "--sources", str(sources), "--mirror", mirror, "--online"]
    assert cli.main(args) == 0
    assert "npr-2018: pinned 4 pages" in capsys.readouterr().out
    assert load_pinned(sources / "documents", "npr-2018") is not None
    assert cli.main(args) == 0  # no second request: the server would fail it
    assert "npr-2018: already pinned" in capsys.readouterr().out
    assert len(httpserver.log) == 1


def test_cli_refuses_offline(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["pin-documents", "--sources", str(_sources(tmp_path))]) == 1
    assert "pinning documents needs --config online=true" in capsys.readouterr().err
    assert not (tmp_path / "sources" / "documents").exists()


def test_rule_pins_only_online(
    httpserver: HTTPServer, tmp_path: Path, pdfs: dict[str, bytes]
) -> None:
    project = copy_project(tmp_path / "project")
    offline = snakemake(project, "pin_documents")
    assert offline.returncode == 1
    assert "pinning documents needs --config online=true" in offline.stderr
    assert not (project / "sources" / "documents").exists()
    mirror = _serve(httpserver, pdfs["passage"], "application/pdf")
    # A config file: the helper's own --config would replace one given here.
    config = tmp_path / "online.yaml"
    config.write_text(yaml.safe_dump({"online": True, "mirror": mirror}), encoding="utf-8")
    online = snakemake(project, "pin_documents", "--configfile", str(config))
    assert online.returncode == 0, online.stderr
    assert load_pinned(project / "sources" / "documents", "npr-2018")["url"] == URL
