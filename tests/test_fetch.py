"""The downloader against a real HTTP server on 127.0.0.1 serving the real publisher files."""

from __future__ import annotations

import email.utils
import hashlib
import io
import json
import re
import socket
import threading
import time
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from factcheck.errors import FactcheckError
from factcheck.live.fetch import (
    MIRROR_ENV,
    USER_AGENT,
    FetchError,
    FetchRecord,
    fetch,
    mirror_url,
    resolve_mirror,
    unmirror,
)
from factcheck.live.refresh import Fetched, FetchSettings, fetch_source
from factcheck.pinned.catalog import Catalog, Pin, Source, load_catalog
from factcheck.pinned.identity import identity_of

from .conftest import ROOT
from .publishers import Versions

SIPRI = "sipri/SIPRI-Milex-data-1949-2024_2.xlsx"
SIPRI_URL = "https://www.sipri.org/sites/default/files/SIPRI-Milex-data-1949-2024_2.xlsx"
SIPRI_OLD = "sipri/SIPRI-Milex-data-1949-2023.xlsx"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FACTBOOK = "factbook/2022-03-17/rs.json"
FACTBOOK_URL = (
    "https://raw.githubusercontent.com/factbook/factbook.json/"
    "7e2d09fecc275c68dee4ccdd26fd4e321eb30ca0/central-asia/rs.json"
)
STOCKPILES = (
    "nuclear/Nuclear warhead stockpiles \u2013 Federation of American Scientists (2022).csv"
)
STOCKPILES_URL = (
    "https://raw.githubusercontent.com/owid/owid-datasets/fa1b4f786ea3431bd69c4f41c5ca936e850e0003"
    "/datasets/Nuclear%20warhead%20stockpiles%20%E2%80%93%20Federation%20of%20American%20Scientists"
    "%20%282022%29/Nuclear%20warhead%20stockpiles%20%E2%80%93%20Federation%20of%20American"
    "%20Scientists%20%282022%29.csv"
)
FAS_UTF16 = "nuclear/nuclear_weapons_inventories_2022_raw.csv"
WORLDBANK = "worldbank/API_AG.SRF.TOTL.K2_DS2_en_csv_v2_9771.csv"
FAST = {"retries": 2, "backoff": 0.01, "connect_timeout": 2, "read_timeout": 5}


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    """An empty folder for downloads."""
    folder = tmp_path / "raw"
    folder.mkdir()
    return folder


@pytest.fixture
def old_dest(raw: Path, snapshots: Path) -> Path:
    """A destination already holding the previous SIPRI edition."""
    dest = raw / "sipri.xlsx"
    dest.write_bytes((snapshots / SIPRI_OLD).read_bytes())
    return dest


def served_path(url: str) -> str:
    """The path at which a mirror serves ``url`` (decoded, as the server sees it)."""
    parts = urlsplit(url)
    return unquote(f"/{parts.netloc}{parts.path}")


def mirror_of(httpserver: HTTPServer) -> str:
    return httpserver.url_for("/")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def assert_untouched(dest: Path, before: bytes | None) -> None:
    """``dest`` is absent (or holds exactly ``before``) and no temporary file is left."""
    names = sorted(p.name for p in dest.parent.iterdir())
    if before is None:
        assert names == []
    else:
        assert names == [dest.name]
        assert dest.read_bytes() == before


def fail(url: str, dest: Path, httpserver: HTTPServer, **kwargs: object) -> str:
    """Run a fetch that must fail; return the error message."""
    options = {"expected_format": "xlsx", "mirror": mirror_of(httpserver), **FAST, **kwargs}
    with pytest.raises(FetchError) as caught:
        fetch(url, dest, **options)  # type: ignore[arg-type]
    assert isinstance(caught.value, FactcheckError)
    assert url in str(caught.value)
    return str(caught.value)


# --- success ------------------------------------------------------------------------------


def test_fetches_real_sipri_xlsx_through_mirror(
    httpserver: HTTPServer, raw: Path, snapshots: Path
) -> None:
    body = (snapshots / SIPRI).read_bytes()
    httpserver.expect_request(served_path(SIPRI_URL)).respond_with_data(
        body,
        content_type=XLSX_TYPE,
        headers={"ETag": '"sipri-2025"', "Last-Modified": "Mon, 28 Apr 2025 08:00:00 GMT"},
    )
    calls: list[tuple[int, int | None]] = []
    dest = raw / "sipri.xlsx"

    record = fetch(
        SIPRI_URL,
        dest,
        expected_format="xlsx",
        mirror=mirror_of(httpserver),
        progress=lambda done, total: calls.append((done, total)),
    )

    assert dest.read_bytes() == body
    assert record.sha256 == sha256(body) == hashlib.sha256(dest.read_bytes()).hexdigest()
    assert record.bytes == len(body)
    assert record.url == SIPRI_URL
    assert record.final_url == httpserver.url_for(served_path(SIPRI_URL))
    assert (record.status, record.content_type) == (200, XLSX_TYPE)
    assert (record.etag, record.last_modified) == ('"sipri-2025"', "Mon, 28 Apr 2025 08:00:00 GMT")
    assert record.not_modified is False
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", record.retrieved)
    assert len(calls) > 1
    assert calls[-1] == (len(body), len(body))
    assert [done for done, _ in calls] == sorted({done for done, _ in calls})
    assert len(httpserver.log) == 1
    assert_untouched(dest, body)


def test_fetches_real_factbook_json(httpserver: HTTPServer, raw: Path, snapshots: Path) -> None:
    body = (snapshots / FACTBOOK).read_bytes()
    # raw.githubusercontent.com serves JSON as text/plain.
    httpserver.expect_request(served_path(FACTBOOK_URL)).respond_with_data(
        body, content_type="text/plain; charset=utf-8"
    )
    dest = raw / "rs.json"

    record = fetch(FACTBOOK_URL, dest, expected_format="json", mirror=mirror_of(httpserver))

    assert record.sha256 == sha256(body)
    assert json.loads(dest.read_bytes())["Geography"]
    assert record.etag is None and record.last_modified is None


def test_keeps_percent_encoding_of_the_path(
    httpserver: HTTPServer, raw: Path, snapshots: Path
) -> None:
    body = (snapshots / STOCKPILES).read_bytes()
    httpserver.expect_request(served_path(STOCKPILES_URL)).respond_with_data(
        body, content_type="text/plain; charset=utf-8"
    )

    record = fetch(
        STOCKPILES_URL, raw / "stockpiles.csv", expected_format="csv", mirror=mirror_of(httpserver)
    )

    assert record.sha256 == sha256(body)
    assert record.final_url.endswith(urlsplit(STOCKPILES_URL).path)
    assert "%E2%80%93" in record.final_url


def _zip_of(path: Path) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(path, path.name)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "expected_format"),
    [
        (FAS_UTF16, "tsv-utf16"),
        (WORLDBANK, "csv"),
        (WORLDBANK, "zip-csv"),  # zipped below, as the World Bank serves it
        (FACTBOOK, "html"),  # "html" accepts anything
    ],
)
def test_accepts_real_files_of_each_format(
    httpserver: HTTPServer, raw: Path, snapshots: Path, name: str, expected_format: str
) -> None:
    path = snapshots / name
    body = _zip_of(path) if expected_format == "zip-csv" else path.read_bytes()
    httpserver.expect_request("/file").respond_with_data(body)

    record = fetch(httpserver.url_for("/file"), raw / "out", expected_format=expected_format)

    assert record.sha256 == sha256(body)
    assert (raw / "out").read_bytes() == body


def test_accepts_pdf(httpserver: HTTPServer, raw: Path) -> None:
    body = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
    httpserver.expect_request("/report.pdf").respond_with_data(body, content_type="application/pdf")

    record = fetch(httpserver.url_for("/report.pdf"), raw / "r.pdf", expected_format="pdf")

    assert record.bytes == len(body)


def test_follows_redirects_and_records_final_url(
    httpserver: HTTPServer, raw: Path, snapshots: Path
) -> None:
    body = (snapshots / FACTBOOK).read_bytes()
    httpserver.expect_request("/old.json").respond_with_data(
        "", status=302, headers={"Location": httpserver.url_for("/new.json")}
    )
    httpserver.expect_request("/new.json").respond_with_data(body)

    record = fetch(httpserver.url_for("/old.json"), raw / "rs.json", expected_format="json")

    assert record.url == httpserver.url_for("/old.json")
    assert record.final_url == httpserver.url_for("/new.json")
    assert record.sha256 == sha256(body)


def test_sends_user_agent(httpserver: HTTPServer, raw: Path, snapshots: Path) -> None:
    httpserver.expect_request("/rs.json").respond_with_data((snapshots / FACTBOOK).read_bytes())

    fetch(httpserver.url_for("/rs.json"), raw / "rs.json", expected_format="json")

    request, _ = httpserver.log[0]
    assert request.headers["User-Agent"] == USER_AGENT
    assert USER_AGENT.startswith("factcheck-pipeline/")


# --- conditional requests ------------------------------------------------------------------


def test_304_keeps_previous_file(httpserver: HTTPServer, raw: Path, snapshots: Path) -> None:
    body = (snapshots / SIPRI).read_bytes()
    path = served_path(SIPRI_URL)
    httpserver.expect_ordered_request(path).respond_with_data(
        body, content_type=XLSX_TYPE, headers={"ETag": '"v1"'}
    )
    httpserver.expect_ordered_request(path, headers={"If-None-Match": '"v1"'}).respond_with_data(
        b"", status=304, headers={"ETag": '"v1"'}
    )
    dest = raw / "sipri.xlsx"
    first = fetch(SIPRI_URL, dest, expected_format="xlsx", mirror=mirror_of(httpserver))
    # The previous record's hash is not trusted: the kept file is hashed again.
    previous = FetchRecord.from_json({**first.to_json(), "sha256": "0" * 64, "bytes": 1})

    second = fetch(
        SIPRI_URL, dest, expected_format="xlsx", previous=previous, mirror=mirror_of(httpserver)
    )

    assert second.not_modified is True
    assert second.status == 304
    assert (second.sha256, second.bytes) == (sha256(body), len(body))
    assert (second.etag, second.content_type) == ('"v1"', XLSX_TYPE)
    assert len(httpserver.log) == 2
    assert_untouched(dest, body)


def test_conditional_request_uses_last_modified(
    httpserver: HTTPServer, old_dest: Path, snapshots: Path
) -> None:
    stamp = "Mon, 22 Apr 2024 08:00:00 GMT"
    httpserver.expect_request(
        "/milex.xlsx", headers={"If-Modified-Since": stamp}
    ).respond_with_data(b"", status=304)
    before = old_dest.read_bytes()
    previous = FetchRecord(
        url=httpserver.url_for("/milex.xlsx"),
        final_url=httpserver.url_for("/milex.xlsx"),
        status=200,
        content_type=XLSX_TYPE,
        bytes=len(before),
        sha256=sha256(before),
        retrieved="2024-04-22T09:00:00Z",
        etag=None,
        last_modified=stamp,
        not_modified=False,
    )

    record = fetch(
        httpserver.url_for("/milex.xlsx"), old_dest, expected_format="xlsx", previous=previous
    )

    assert record.not_modified is True
    assert record.last_modified == stamp
    assert "If-None-Match" not in httpserver.log[0][0].headers
    assert_untouched(old_dest, before)


def test_no_conditional_request_when_dest_is_missing(
    httpserver: HTTPServer, raw: Path, snapshots: Path
) -> None:
    body = (snapshots / SIPRI).read_bytes()
    httpserver.expect_request("/milex.xlsx").respond_with_data(body)
    previous = FetchRecord.from_json(
        {
            "url": "u",
            "final_url": "u",
            "status": 200,
            "content_type": "",
            "bytes": 1,
            "sha256": "0" * 64,
            "retrieved": "2024-04-22T09:00:00Z",
            "etag": '"v1"',
        }
    )

    record = fetch(
        httpserver.url_for("/milex.xlsx"), raw / "m.xlsx", expected_format="xlsx", previous=previous
    )

    assert record.not_modified is False
    assert record.sha256 == sha256(body)
    assert "If-None-Match" not in httpserver.log[0][0].headers


# --- HTTP errors and retries ---------------------------------------------------------------


def test_404_is_not_retried(httpserver: HTTPServer, old_dest: Path) -> None:
    httpserver.expect_request(served_path(SIPRI_URL)).respond_with_data("gone", status=404)
    before = old_dest.read_bytes()

    message = fail(SIPRI_URL, old_dest, httpserver)

    assert "not found (404)" in message
    assert "update its URL in sources/catalog.yaml" in message
    assert len(httpserver.log) == 1
    assert_untouched(old_dest, before)


@pytest.mark.parametrize("status", [401, 403, 410])
def test_other_4xx_are_not_retried(httpserver: HTTPServer, raw: Path, status: int) -> None:
    httpserver.expect_request(served_path(SIPRI_URL)).respond_with_data("no", status=status)

    message = fail(SIPRI_URL, raw / "s.xlsx", httpserver)

    assert f"HTTP {status}" in message
    assert len(httpserver.log) == 1
    assert_untouched(raw / "s.xlsx", None)


def test_500_then_success(httpserver: HTTPServer, old_dest: Path, snapshots: Path) -> None:
    body = (snapshots / SIPRI).read_bytes()
    path = served_path(SIPRI_URL)
    httpserver.expect_ordered_request(path).respond_with_data("oops", status=500)
    httpserver.expect_ordered_request(path).respond_with_data(body, content_type=XLSX_TYPE)

    record = fetch(
        SIPRI_URL, old_dest, expected_format="xlsx", mirror=mirror_of(httpserver), **FAST
    )

    assert len(httpserver.log) == 2
    assert record.sha256 == sha256(body)
    assert_untouched(old_dest, body)


def test_503_honours_retry_after_seconds(
    httpserver: HTTPServer, raw: Path, snapshots: Path
) -> None:
    body = (snapshots / FACTBOOK).read_bytes()
    httpserver.expect_ordered_request("/rs.json").respond_with_data(
        "busy", status=503, headers={"Retry-After": "1"}
    )
    httpserver.expect_ordered_request("/rs.json").respond_with_data(body)
    start = time.monotonic()

    record = fetch(httpserver.url_for("/rs.json"), raw / "rs.json", expected_format="json", **FAST)

    assert time.monotonic() - start >= 0.95  # the header's wait, not backoff=0.01
    assert record.sha256 == sha256(body)
    assert len(httpserver.log) == 2


def test_429_honours_retry_after_http_date(
    httpserver: HTTPServer, raw: Path, snapshots: Path
) -> None:
    body = (snapshots / FACTBOOK).read_bytes()
    # Whole seconds: 2 s ahead, truncated, is more than 1 s ahead.
    when = email.utils.format_datetime(datetime.now(UTC) + timedelta(seconds=2), usegmt=True)
    httpserver.expect_ordered_request("/rs.json").respond_with_data(
        "slow down", status=429, headers={"Retry-After": when}
    )
    httpserver.expect_ordered_request("/rs.json").respond_with_data(body)
    start = time.monotonic()

    record = fetch(httpserver.url_for("/rs.json"), raw / "rs.json", expected_format="json", **FAST)

    assert 0.9 <= time.monotonic() - start < 4
    assert record.sha256 == sha256(body)
    assert len(httpserver.log) == 2


def test_gives_up_after_last_retry(httpserver: HTTPServer, old_dest: Path) -> None:
    httpserver.expect_request(served_path(SIPRI_URL)).respond_with_data("down", status=502)
    before = old_dest.read_bytes()

    message = fail(SIPRI_URL, old_dest, httpserver, retries=2)

    assert "gave up after 3 attempts" in message
    assert "HTTP 502" in message
    assert len(httpserver.log) == 3
    assert_untouched(old_dest, before)


def test_read_timeout_is_retried_then_fails(httpserver: HTTPServer, old_dest: Path) -> None:
    release = threading.Event()

    def stall(request: Request) -> Response:
        release.wait(5)
        return Response(b"PK\x03\x04late")

    httpserver.expect_request(served_path(SIPRI_URL)).respond_with_handler(stall)
    before = old_dest.read_bytes()
    start = time.monotonic()
    try:
        message = fail(SIPRI_URL, old_dest, httpserver, retries=1, read_timeout=0.3)
    finally:
        release.set()

    assert time.monotonic() - start < 3
    assert "gave up after 2 attempts" in message
    assert "timed out" in message
    assert_untouched(old_dest, before)
    # The single-threaded server handles the second, queued request once released.
    deadline = time.monotonic() + 3
    while len(httpserver.log) < 2 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert len(httpserver.log) == 2


def test_connection_refused_is_retried_then_fails(raw: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/milex.xlsx"

    with pytest.raises(FetchError, match=r"gave up after 3 attempts.*ConnectionError"):
        fetch(url, raw / "m.xlsx", expected_format="xlsx", **FAST)
    assert_untouched(raw / "m.xlsx", None)


# --- broken bodies -------------------------------------------------------------------------


def _short(request: Request) -> Response:
    """A response whose Content-Length promises 1000 bytes but whose body has 500."""
    response = Response(b"PK\x03\x04" + b"x" * 496, content_type=XLSX_TYPE)
    response.headers["Content-Length"] = "1000"
    return response


def test_body_cut_short(httpserver: HTTPServer, old_dest: Path) -> None:
    httpserver.expect_request(served_path(SIPRI_URL)).respond_with_handler(_short)
    before = old_dest.read_bytes()

    message = fail(SIPRI_URL, old_dest, httpserver, retries=1)

    assert "body cut short: got 500 of 1000 bytes" in message
    assert "gave up after 2 attempts" in message
    assert len(httpserver.log) == 2
    assert_untouched(old_dest, before)


def test_body_cut_short_then_complete(
    httpserver: HTTPServer, old_dest: Path, snapshots: Path
) -> None:
    body = (snapshots / SIPRI).read_bytes()
    path = served_path(SIPRI_URL)
    httpserver.expect_ordered_request(path).respond_with_handler(_short)
    httpserver.expect_ordered_request(path).respond_with_data(body)

    record = fetch(
        SIPRI_URL, old_dest, expected_format="xlsx", mirror=mirror_of(httpserver), **FAST
    )

    assert record.sha256 == sha256(body)
    assert_untouched(old_dest, body)


def test_refuses_announced_size_over_max_bytes(
    httpserver: HTTPServer, old_dest: Path, snapshots: Path
) -> None:
    body = (snapshots / SIPRI).read_bytes()
    httpserver.expect_request(served_path(SIPRI_URL)).respond_with_data(body)
    before = old_dest.read_bytes()
    calls: list[tuple[int, int | None]] = []

    message = fail(
        SIPRI_URL, old_dest, httpserver, max_bytes=100_000, progress=lambda *a: calls.append(a)
    )

    assert f"too large: the server announces {len(body)} bytes" in message
    assert calls == []
    assert len(httpserver.log) == 1
    assert_untouched(old_dest, before)


def test_aborts_unannounced_body_over_max_bytes(
    httpserver: HTTPServer, old_dest: Path, snapshots: Path
) -> None:
    body = (snapshots / SIPRI).read_bytes()

    def stream(request: Request) -> Response:
        return Response(body[i : i + 8192] for i in range(0, len(body), 8192))

    httpserver.expect_request(served_path(SIPRI_URL)).respond_with_handler(stream)
    before = old_dest.read_bytes()

    message = fail(SIPRI_URL, old_dest, httpserver, max_bytes=100_000)

    assert "Content-Length" not in httpserver.log[0][1].headers
    assert "too large: more than 100000 bytes came" in message
    assert len(httpserver.log) == 1
    assert_untouched(old_dest, before)


# --- content sniffing ----------------------------------------------------------------------

CHALLENGE = b"<!DOCTYPE html>\n<html><head><title>Just a moment...</title></head></html>"


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (CHALLENGE, "text/html; charset=UTF-8"),
        (b"\xef\xbb\xbf \r\n<HTML><body>Access denied</body></HTML>", "application/octet-stream"),
        (b"PK\x03\x04 but labelled as a web page", "text/html"),
    ],
    ids=["doctype", "html-tag-after-bom", "content-type"],
)
def test_html_instead_of_xlsx(
    httpserver: HTTPServer, old_dest: Path, body: bytes, content_type: str
) -> None:
    httpserver.expect_request(served_path(SIPRI_URL)).respond_with_data(
        body, content_type=content_type
    )
    before = old_dest.read_bytes()

    message = fail(SIPRI_URL, old_dest, httpserver)

    assert "got an HTML page (an error page or a bot challenge?) where xlsx was expected" in message
    assert len(httpserver.log) == 1
    assert_untouched(old_dest, before)


@pytest.mark.parametrize(
    ("name", "expected_format"),
    [
        (FACTBOOK, "xlsx"),
        (SIPRI, "json"),
        (FAS_UTF16, "csv"),
        (WORLDBANK, "tsv-utf16"),
        (WORLDBANK, "zip-csv"),
        (FACTBOOK, "pdf"),
        (None, "csv"),  # empty body
    ],
)
def test_rejects_body_of_another_format(
    httpserver: HTTPServer,
    raw: Path,
    snapshots: Path,
    name: str | None,
    expected_format: str,
) -> None:
    body = (snapshots / name).read_bytes() if name else b""
    httpserver.expect_request("/file").respond_with_data(body)
    dest = raw / "out"
    url = httpserver.url_for("/file")

    with pytest.raises(FetchError, match=f"does not look like {expected_format}"):
        fetch(url, dest, expected_format=expected_format, **FAST)
    assert len(httpserver.log) == 1
    assert_untouched(dest, None)


def test_unknown_format_is_refused_before_any_request(httpserver: HTTPServer, raw: Path) -> None:
    with pytest.raises(FetchError, match="unknown expected format 'xls'"):
        fetch(httpserver.url_for("/x"), raw / "x", expected_format="xls")
    assert httpserver.log == []


# --- records and mirrors -------------------------------------------------------------------


def test_record_round_trips_through_json() -> None:
    record = FetchRecord(
        url=SIPRI_URL,
        final_url=SIPRI_URL,
        status=200,
        content_type=XLSX_TYPE,
        bytes=756712,
        sha256="a" * 64,
        retrieved="2025-04-28T08:00:00Z",
        etag='"x"',
        last_modified=None,
        not_modified=False,
    )
    data = json.loads(json.dumps(record.to_json()))
    assert FetchRecord.from_json(data) == record
    with pytest.raises(FetchError, match="unknown fields"):
        FetchRecord.from_json({**data, "colour": "red"})
    with pytest.raises(FetchError, match="sha256"):
        FetchRecord.from_json({k: v for k, v in data.items() if k != "sha256"})


@pytest.mark.parametrize(
    ("url", "mirror", "expected"),
    [
        (SIPRI_URL, None, SIPRI_URL),
        (SIPRI_URL, "", SIPRI_URL),
        (
            SIPRI_URL,
            "http://127.0.0.1:8000/",
            "http://127.0.0.1:8000/www.sipri.org/sites/default/files/SIPRI-Milex-data-1949-2024_2.xlsx",
        ),
        (
            SIPRI_URL,
            "http://127.0.0.1:8000",
            "http://127.0.0.1:8000/www.sipri.org/sites/default/files/SIPRI-Milex-data-1949-2024_2.xlsx",
        ),
        (
            "https://api.worldbank.org/v2/en/indicator/AG.SRF.TOTL.K2?downloadformat=csv",
            "http://127.0.0.1:8000/mirror/",
            "http://127.0.0.1:8000/mirror/api.worldbank.org/v2/en/indicator/AG.SRF.TOTL.K2"
            "?downloadformat=csv",
        ),
        (
            STOCKPILES_URL,
            "http://127.0.0.1:8000/",
            "http://127.0.0.1:8000/" + STOCKPILES_URL.removeprefix("https://"),
        ),
    ],
    ids=["none", "empty", "slash", "no-slash", "prefix-and-query", "percent-encoded"],
)
def test_mirror_url(url: str, mirror: str | None, expected: str) -> None:
    assert mirror_url(url, mirror) == expected


def test_mirror_url_refuses_non_http_url() -> None:
    with pytest.raises(FetchError, match="not an http"):
        mirror_url("sources/catalog.yaml", "http://127.0.0.1:8000/")


def test_resolve_mirror(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(MIRROR_ENV, raising=False)
    assert resolve_mirror(None) is None
    assert resolve_mirror("http://127.0.0.1:1/") == "http://127.0.0.1:1/"
    monkeypatch.setenv(MIRROR_ENV, "http://127.0.0.1:2/")
    assert resolve_mirror(None) == "http://127.0.0.1:2/"
    assert resolve_mirror("") == "http://127.0.0.1:2/"
    assert resolve_mirror("http://127.0.0.1:1/") == "http://127.0.0.1:1/"
    monkeypatch.setenv(MIRROR_ENV, "")
    assert resolve_mirror(None) is None


# --- deadline ------------------------------------------------------------------------------


def _trickle(request: Request) -> Response:
    """A body that comes 16 bytes every 0.2 s: each read beats any read timeout."""

    def chunks():
        yield b"PK\x03\x04"
        for _ in range(100):
            time.sleep(0.2)
            yield b"x" * 16

    return Response(chunks(), content_type=XLSX_TYPE)


def test_deadline_cuts_off_a_trickling_server(httpserver: HTTPServer, old_dest: Path) -> None:
    httpserver.expect_request(served_path(SIPRI_URL)).respond_with_handler(_trickle)
    before = old_dest.read_bytes()
    start = time.monotonic()

    message = fail(SIPRI_URL, old_dest, httpserver, read_timeout=1, deadline=1.5)

    assert time.monotonic() - start < 3  # the body alone takes 20 s
    assert "took longer than the deadline of 1.5 s" in message
    assert "bytes received" in message and "fetch_deadline" in message
    assert len(httpserver.log) == 1  # not retried: retrying cannot beat the same deadline
    assert_untouched(old_dest, before)


def test_deadline_covers_the_retries(httpserver: HTTPServer, old_dest: Path) -> None:
    httpserver.expect_request(served_path(SIPRI_URL)).respond_with_data("busy", status=503)
    start = time.monotonic()

    message = fail(SIPRI_URL, old_dest, httpserver, retries=5, backoff=1.0, deadline=2.5)

    assert time.monotonic() - start < 2.5  # backoffs of 1, 2, 4... s would pass the deadline
    assert "took longer than the deadline of 2.5 s (no time left to retry after: HTTP 503)" in (
        message
    )
    assert len(httpserver.log) == 2


# --- redirects -----------------------------------------------------------------------------


def test_redirect_to_another_host_is_refused(httpserver: HTTPServer, raw: Path) -> None:
    elsewhere = httpserver.url_for("/rs.json").replace("127.0.0.1", "localhost")
    httpserver.expect_request("/old.json").respond_with_data(
        "", status=302, headers={"Location": elsewhere}
    )
    url = httpserver.url_for("/old.json")

    with pytest.raises(FetchError) as caught:
        fetch(url, raw / "rs.json", expected_format="json", **FAST)

    assert str(caught.value) == (
        f"{url}: redirect (HTTP 302) to {elsewhere} refused: to another host, localhost; if it "
        "is the publisher's, add it to the dataset's redirect_hosts in sources/catalog.yaml, "
        "else fix the source's url"
    )
    assert len(httpserver.log) == 1
    assert_untouched(raw / "rs.json", None)


def test_redirect_to_an_allowed_host_is_followed_and_logged(
    httpserver: HTTPServer, raw: Path, snapshots: Path
) -> None:
    body = (snapshots / FACTBOOK).read_bytes()
    elsewhere = httpserver.url_for("/rs.json").replace("127.0.0.1", "localhost")
    httpserver.expect_request("/old.json").respond_with_data(
        "", status=301, headers={"Location": elsewhere}
    )
    httpserver.expect_request("/rs.json").respond_with_data(body)
    url = httpserver.url_for("/old.json")
    lines: list[str] = []

    record = fetch(
        url,
        raw / "rs.json",
        expected_format="json",
        redirect_hosts=["localhost"],
        log=lines.append,
        **FAST,
    )

    assert (record.final_url, record.sha256) == (elsewhere, sha256(body))
    assert lines == [f"{url}: redirected (HTTP 301) to {elsewhere}"]


def test_redirect_from_https_to_http_is_refused(httpserver: HTTPServer, raw: Path) -> None:
    """Through a mirror, the policy applies to the public URLs: https://raw... -> http://raw..."""
    downgraded = FACTBOOK_URL.replace("https://", "http://")
    httpserver.expect_request(served_path(FACTBOOK_URL)).respond_with_data(
        "", status=302, headers={"Location": downgraded}
    )

    message = fail(FACTBOOK_URL, raw / "rs.json", httpserver, expected_format="json")

    assert f"redirect (HTTP 302) to {downgraded} refused: from https to http" in message
    assert len(httpserver.log) == 1


def test_redirect_within_the_mirror_keeps_the_publisher_host(
    httpserver: HTTPServer, raw: Path, snapshots: Path
) -> None:
    body = (snapshots / FACTBOOK).read_bytes()
    moved = FACTBOOK_URL.replace("7e2d09fecc275c68dee4ccdd26fd4e321eb30ca0", "main")
    httpserver.expect_request(served_path(FACTBOOK_URL)).respond_with_data(
        "", status=307, headers={"Location": mirror_url(moved, mirror_of(httpserver))}
    )
    httpserver.expect_request(served_path(moved)).respond_with_data(body)
    lines: list[str] = []

    record = fetch(
        FACTBOOK_URL,
        raw / "rs.json",
        expected_format="json",
        mirror=mirror_of(httpserver),
        log=lines.append,
    )

    assert unmirror(record.final_url, mirror_of(httpserver)) == moved
    assert lines == [f"{FACTBOOK_URL}: redirected (HTTP 307) to {moved}"]


# --- names, retries logged -----------------------------------------------------------------


def test_unknown_host_fails_at_once_naming_it(raw: Path) -> None:
    start = time.monotonic()
    with pytest.raises(FetchError) as caught:
        fetch("https://no-such-host.invalid/milex.xlsx", raw / "m.xlsx", expected_format="xlsx")

    assert time.monotonic() - start < 5  # not retried with backoff
    message = str(caught.value)
    assert message.startswith(
        "https://no-such-host.invalid/milex.xlsx: cannot resolve the host no-such-host.invalid ("
    )
    assert "no network, or a wrong host name" in message


def test_retries_are_logged(httpserver: HTTPServer, raw: Path, snapshots: Path) -> None:
    body = (snapshots / FACTBOOK).read_bytes()
    httpserver.expect_ordered_request("/rs.json").respond_with_data("oops", status=500)
    httpserver.expect_ordered_request("/rs.json").respond_with_data(body)
    url = httpserver.url_for("/rs.json")
    lines: list[str] = []

    fetch(url, raw / "rs.json", expected_format="json", log=lines.append, **FAST)

    assert lines == [f"{url}: attempt 1 of 3 failed (HTTP 500); retrying in 0.01 s"]


# --- one live source: identity, conditional requests keyed to the pin --------------------


@pytest.fixture
def catalog() -> Catalog:
    return load_catalog(ROOT / "sources")


def _fetch_one(
    source: Source, pin: Pin | None, httpserver: HTTPServer, folder: Path, log: io.StringIO
) -> Fetched:
    """The fetch step of ``source`` through the test server, into ``folder``."""
    settings = FetchSettings(
        mirror=mirror_of(httpserver), timeout=5, deadline=30, retries=0, max_bytes=10**7
    )
    return fetch_source(
        source,
        pin,
        folder / "raw",
        folder / "raw.json",
        folder / "cache",
        run="r",
        settings=settings,
        log=log,
    )


def _pin_of(source: Source, path: Path) -> Pin:
    identity = identity_of(path, source.format)
    return Pin(
        url=source.url,
        sha256=identity.sha256,
        bytes=identity.bytes,
        retrieved="2026-01-01",
        release="r",
        extract_sha256="0" * 64,
    )


def _day(day: int) -> str:
    return f"Mon, {day:02d} Apr 2025 08:00:00 GMT"


def test_not_modified_is_trusted_only_for_the_pinned_bytes(
    httpserver: HTTPServer, catalog: Catalog, snapshots: Path, tmp_path: Path
) -> None:
    source = catalog.source("sipri-milex-2025")
    pinned, other = (snapshots / SIPRI).read_bytes(), (snapshots / SIPRI_OLD).read_bytes()
    pin = _pin_of(source, snapshots / SIPRI)
    server = Versions(pinned, _day(28), XLSX_TYPE)
    httpserver.expect_request(served_path(source.url)).respond_with_handler(server)
    cache, raw, record = tmp_path / "cache", tmp_path / "raw", tmp_path / "raw.json"

    def run() -> tuple[Fetched, tuple[str | None, str | None]]:
        fetched = _fetch_one(source, pin, httpserver, tmp_path, io.StringIO())
        headers = httpserver.log[-1][0].headers
        return fetched, (headers.get("If-None-Match"), headers.get("If-Modified-Since"))

    first, asked = run()  # nothing kept: a full download of the pinned bytes
    assert (first.outcome, first.sha256, asked) == ("downloaded", pin.sha256, (None, None))
    # another file, newer: asked on the pinned copy's ETag, not on dates
    server.set(other, _day(29))
    second, asked = run()
    assert (second.outcome, second.sha256) == ("downloaded", sha256(other))
    assert asked == (f'"{pin.sha256[:16]}"', None)
    # back to the pinned file: asked on the pinned copy's ETag, not on the last one's
    server.set(pinned, _day(28))
    third, asked = run()
    assert (third.outcome, third.status, third.sha256) == ("not modified", 304, pin.sha256)
    assert asked == (f'"{pin.sha256[:16]}"', None)
    assert raw.read_bytes() == pinned
    server.set(other, _day(20))  # an older file: a date would get a 304; the ETag does not
    fourth, asked = run()
    assert (fourth.outcome, fourth.sha256) == ("downloaded", sha256(other))
    server.set(pinned, _day(28))
    (cache / source.id / pin.sha256).write_bytes(other)  # the kept copy is not the pinned bytes
    fifth, asked = run()
    assert (fifth.outcome, fifth.sha256, asked) == ("downloaded", pin.sha256, (None, None))
    assert Fetched.from_json(json.loads(record.read_text()), record) == fifth


def test_zip_csv_identity_is_its_data_member(
    httpserver: HTTPServer, catalog: Catalog, snapshots: Path, tmp_path: Path
) -> None:
    source = catalog.source("wb-surface-area-2026-07")
    csv = snapshots / "worldbank/API_AG.SRF.TOTL.K2_DS2_en_csv_v2_34852.csv"
    served = io.BytesIO()  # repacked: stored, with a Metadata member, unlike any earlier zip
    with zipfile.ZipFile(served, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("Metadata_Indicator_API_AG.SRF.TOTL.K2.csv", "Indicator,Source\n")
        archive.write(csv, csv.name)
    httpserver.expect_request(
        served_path(source.url), query_string="downloadformat=csv"
    ).respond_with_data(served.getvalue(), content_type="application/zip")

    fetched = _fetch_one(source, catalog.pin(source.id), httpserver, tmp_path, io.StringIO())

    # the committed pin, made from the bare CSV: the same release
    assert fetched.sha256 == catalog.pin(source.id).sha256 == sha256(csv.read_bytes())
    assert (fetched.member, fetched.bytes) == (csv.name, 166308)
    assert (tmp_path / "raw").read_bytes() == csv.read_bytes()


def test_a_failure_is_recorded_naming_the_source_and_url(
    httpserver: HTTPServer, catalog: Catalog, tmp_path: Path
) -> None:
    source = catalog.source("wb-population-2026-07")
    httpserver.expect_request(
        served_path(source.url), query_string="downloadformat=csv"
    ).respond_with_data(b"PK\x03\x04" + b"cut" * 100, content_type="application/zip")
    log = io.StringIO()

    fetched = _fetch_one(source, catalog.pin(source.id), httpserver, tmp_path, log)

    assert fetched.outcome == "failed"
    assert fetched.error is not None and fetched.error.startswith(f"{source.url}: ")
    assert str(tmp_path) not in fetched.error
    assert f"{source.id}: failed: {source.url}: " in log.getvalue()
    assert (tmp_path / "raw").read_bytes() == b""
