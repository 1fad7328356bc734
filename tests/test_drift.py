"""Live fetching, drift and pinning as users run them: the real Snakemake, in a copy of the
project, downloads the real publisher files from a mirror on 127.0.0.1. Commands the README
or the GitHub workflow write are run exactly as written (``tests/documented.py``)."""

from __future__ import annotations

import hashlib
import io
import json
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import openpyxl
import pytest
import yaml
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from factcheck.pinned.catalog import Source, load_catalog

from .conftest import ROOT
from .documented import WORKFLOW, run_documented
from .network_guard import guarded_environment
from .project import copy_project, tree_digest
from .publishers import Versions
from .raw_lookup import RawFiles

DRIFT = ".venv/bin/snakemake -c1 drift --config online=true"
BUILD = ".venv/bin/snakemake -c1"
PIN = ".venv/bin/snakemake -c1 pin"
SIPRI_2024 = "sipri/SIPRI-Milex-data-1949-2023.xlsx"
SIPRI_2025 = "sipri/SIPRI-Milex-data-1949-2024_2.xlsx"
SURFACE_2024 = "worldbank/API_AG.SRF.TOTL.K2_DS2_en_csv_v2_9771.csv"
TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "text/plain; charset=utf-8",  # as raw.githubusercontent.com serves it
    "csv": "text/plain; charset=utf-8",
    "tsv-utf16": "text/plain; charset=utf-8",
    "zip-csv": "application/zip",
}
# Small limits, so that faults fail fast (fetch backs off 1 s before its single retry).
FAST = {"fetch_timeout": "1", "fetch_retries": "1", "fetch_deadline": "4"}


# --- the mirror and the projects ---------------------------------------------------------


@pytest.fixture(scope="module")
def mirror() -> Iterator[HTTPServer]:
    """A threaded pytest-httpserver on 127.0.0.1 (Snakemake may fetch several files at once,
    and a stalled answer must not hold up the others); unmatched requests get a 418."""
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.no_handler_status_code = 418
    server.start()
    yield server
    server.clear()
    server.stop()


@pytest.fixture
def served(mirror: HTTPServer) -> Iterator[HTTPServer]:
    """The mirror, emptied for one test; its handler errors fail the test at teardown."""
    mirror.clear()
    yield mirror
    mirror.check_handler_errors()


def zipped(name: str, body: bytes, *, repacked: bool = False) -> bytes:
    """A World Bank download: a zip holding the API_*.csv (fixed date, so fixed bytes);
    ``repacked``: stored instead of deflated, with a Metadata member, as another zip."""
    buffer = io.BytesIO()
    method = zipfile.ZIP_STORED if repacked else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(buffer, "w", method) as archive:
        if repacked:
            archive.writestr("Metadata_Indicator.csv", '"INDICATOR_CODE","SOURCE_NOTE"\r\n')
        member = name if name.startswith("API_") else f"API_{name}"
        archive.writestr(zipfile.ZipInfo(member, (2026, 1, 1, 0, 0, 0)), body, method)
    return buffer.getvalue()


def as_served(source: Source, snapshot: Path) -> bytes:
    """The bytes the live URL serves for a snapshot file: zipped for the World Bank."""
    body = snapshot.read_bytes()
    return zipped(snapshot.name, body) if source.format == "zip-csv" else body


def live_sources(project: Path) -> dict[str, Source]:
    catalog = load_catalog(project / "sources")
    return {k: s for k, s in catalog.sources.items() if not s.archived}


@pytest.fixture(scope="module")
def snapshot_of(snapshots: RawFiles) -> dict[str, Path]:
    """The snapshot file of each live source: the file its committed pin holds."""
    catalog = load_catalog(Path(__file__).resolve().parent.parent / "sources")
    return {
        source_id: snapshots.of_source(source_id)
        for source_id, source in catalog.sources.items()
        if not source.archived
    }


@pytest.fixture(scope="module")
def pinned_bodies(snapshot_of: dict[str, Path]) -> dict[str, bytes]:
    """What each live URL serves when nothing changed: the pinned file."""
    sources = live_sources(ROOT)
    return {k: as_served(sources[k], path) for k, path in snapshot_of.items()}


@pytest.fixture
def bodies(pinned_bodies: dict[str, bytes]) -> dict[str, bytes]:
    return dict(pinned_bodies)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the project as a user has it (its articles' texts beside their claims
    files), ``.venv`` the environment running the tests."""
    return copy_project(tmp_path / "project")


def path_of(url: str) -> tuple[str, str | None]:
    """Where the mirror serves ``url``: path (decoded, as the server sees it) and query."""
    parts = urlsplit(url)
    return unquote(f"/{parts.netloc}{parts.path}"), parts.query or None


Handler = Callable[[Request], Response]


def with_etag(body: bytes, content_type: str) -> Handler:
    etag = f'"{hashlib.sha256(body).hexdigest()[:16]}"'

    def respond(request: Request) -> Response:
        if request.headers.get("If-None-Match") == etag:
            return Response(status=304, headers={"ETag": etag})
        return Response(body, content_type=content_type, headers={"ETag": etag})

    return respond


def serve(
    server: HTTPServer,
    sources: dict[str, Source],
    bodies: dict[str, bytes],
    faults: dict[str, Handler] | None = None,
) -> None:
    """Serve each live source's body (with an ETag, answering 304 to a matching
    If-None-Match) or its fault handler."""
    faults = faults or {}
    for source_id, source in sources.items():
        path, query = path_of(source.url)
        handler = faults.get(source_id) or with_etag(bodies[source_id], TYPES[source.format])
        server.expect_request(path, query_string=query).respond_with_handler(handler)


@pytest.fixture(autouse=True)
def _no_preset_mirror(monkeypatch: pytest.MonkeyPatch) -> None:
    """Commands run with this process's environment: no mirror unless a test sets one (and
    no proxy: conftest's ``_no_proxy``)."""
    monkeypatch.delenv("FACTCHECK_MIRROR", raising=False)


def documented(project: Path, command: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run a command as the README or the workflow writes it, with ``env`` added."""
    return run_documented(project, command, env=env, timeout=300)


def offline(project: Path, command: str, guard: Path) -> subprocess.CompletedProcess[str]:
    """A documented command with the network off for every Python process it starts."""
    env, log = guarded_environment(guard)
    result = documented(project, command, **env)
    assert log.read_text() == "", f"{command} tried the network: {log.read_text()}"
    return result


def snakemake(
    project: Path, server: HTTPServer, *targets: str, **config: str
) -> subprocess.CompletedProcess[str]:
    """Run the real Snakemake in ``project``, online through the mirror, with settings."""
    settings = {"online": "true", "mirror": server.url_for("/"), **config}
    command = [sys.executable, "-m", "snakemake", "-c4", *targets, "--config"]
    command += [f"{k}={v}" for k, v in settings.items()]
    return subprocess.run(command, cwd=project, capture_output=True, text=True, timeout=300)


def pin_files(project: Path, raws: dict[str, Path]) -> None:
    """Make ``raws`` the pinned state of the copy (``factcheck pin-files``)."""
    args = [f"{source_id}={path}" for source_id, path in raws.items()]
    result = factcheck(project, "pin-files", "--retrieved", "2026-01-01", *args)
    assert result.returncode == 0, result.stderr


def factcheck(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """A step of the pipeline, run by hand."""
    command = [sys.executable, "-m", "factcheck", *args]
    return subprocess.run(command, cwd=project, capture_output=True, text=True, timeout=120)


def test_pin_without_a_fetched_state_says_what_to_run(project: Path) -> None:
    result = factcheck(
        project,
        "pin-fetched",
        "--fetched=output/fetched/sources",
        "--records=output/fetched/raw",
        "--status=output/drift-status.json",
        "--claims=sources/articles/nato-restraint-2022.yaml",
        "--article-text-dir=sources/articles",
    )
    assert result.returncode == 1
    assert result.stderr == (
        "factcheck: error: output/fetched/sources: no fetched state here; "
        "run `snakemake -c1 drift --config online=true` first\n"
    )


def report_of(project: Path) -> dict:
    return json.loads((project / "output" / "drift.json").read_text())


def markdown_of(project: Path) -> str:
    return (project / "output" / "drift.md").read_text()


def sources_row(markdown: str, source_id: str) -> str:
    """The row of a source in drift.md's table of sources."""
    section = markdown.split("## 2. Sources", 1)[1].split("## 3.", 1)[0]
    [row] = [line for line in section.splitlines() if line.startswith(f"| {source_id} | ")]
    return row


def changed_files(before: dict[str, str], after: dict[str, str]) -> set[str]:
    return {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}


# --- the commands as written ----------------------------------------------------------------


def test_drift_without_a_mirror_names_the_host_and_the_build_still_works(
    project: Path, tmp_path: Path
) -> None:
    """No mirror: the real URLs, on a machine without internet (the guard resolves no name).
    Every source is a failed row naming its host; the next build neither fetches nor fails."""
    env, log = guarded_environment(tmp_path / "no-internet", loopback=True)
    before = tree_digest(project / "sources")

    result = documented(project, DRIFT, **env)

    assert result.returncode != 0
    assert "expected one argument" not in result.stderr
    assert "cannot resolve the host www.sipri.org" in result.stderr
    assert "name www.sipri.org" in log.read_text()
    report = report_of(project)
    assert report["summary"]["failed"] == report["summary"]["sources_fetched"] == 18
    row = sources_row(markdown_of(project), "sipri-milex-2025")
    assert "| failed | not fetched: https://www.sipri.org/sites/default/files/" in row
    assert "cannot resolve the host www.sipri.org" in row and "retry later" in row

    build = offline(project, BUILD, tmp_path / "guard")

    assert build.returncode == 0, build.stderr
    assert "rule fetch" not in build.stdout + build.stderr
    html = " ".join((project / "output/nato-restraint-2022/report.html").read_text().split())
    assert "could not be fetched or read. What those files hold now is not known here." in html
    assert tree_digest(project / "sources") == before


def _port_8000() -> HTTPServer:
    """A server on 127.0.0.1:8000, the mirror the README's command names (waiting for the
    port if another test run holds it)."""
    deadline = time.monotonic() + 120
    while True:
        server = HTTPServer(host="127.0.0.1", port=8000, threaded=True)
        try:
            server.start()
            return server
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(1)


def test_drift_through_the_mirror_the_readme_names(
    project: Path, pinned_bodies: dict[str, bytes], snapshot_of: dict[str, Path]
) -> None:
    """`--config mirror=...`; the World Bank's zips, one re-packed, are the pinned releases."""
    bodies = dict(pinned_bodies)
    csv = snapshot_of["wb-land-area-2026-01"]
    bodies["wb-land-area-2026-01"] = zipped(csv.name, csv.read_bytes(), repacked=True)
    server = _port_8000()
    try:
        serve(server, live_sources(project), bodies)
        result = documented(
            project,
            ".venv/bin/snakemake -c1 drift --config online=true mirror=http://127.0.0.1:8000/",
        )
        requests = len(server.log)
    finally:
        server.clear()
        server.stop()

    assert result.returncode == 0, result.stderr
    assert "drift: no drift: the 18 live sources match the pinned state" in result.stdout
    report = report_of(project)
    assert report["bytes"] == [] and report["values"] == {"used": [], "extracts": []}
    assert requests == 18
    assert "Every live source fetched serves the pinned bytes." in markdown_of(project)
    status = json.loads((project / "output/drift-status.json").read_text())
    assert (status["passed"], status["run"]) == (True, report["run"])


def _workflow_step(name: str) -> str:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    [run] = [step["run"] for step in workflow["jobs"]["drift"]["steps"] if step.get("name") == name]
    return run


def _forbidden(request: Request) -> Response:
    return Response(b"<html>denied</html>", status=403, content_type="text/html")


def test_weekly_job_lists_a_failed_source_and_compares_the_others(
    project: Path, bodies: dict[str, bytes], served: HTTPServer, snapshots: RawFiles, tmp_path: Path
) -> None:
    """The GitHub workflow's drift step, mirror from the environment: one source fails, the
    SIPRI revision is still reported, and the job summary is the drift report."""
    pin_files(project, {"sipri-milex-2025": snapshots / SIPRI_2024})
    serve(served, live_sources(project), bodies, {"factbook-latest-ukraine": _forbidden})
    summary = tmp_path / "summary.md"

    result = documented(
        project,
        _workflow_step("Fetch the live sources and report drift"),
        FACTCHECK_MIRROR=served.url_for("/"),
    )
    documented(project, _workflow_step("Job summary"), GITHUB_STEP_SUMMARY=str(summary))

    assert result.returncode != 0
    url = live_sources(project)["factbook-latest-ukraine"].url
    assert f"drift: factbook-latest-ukraine: not fetched: {url}: HTTP 403" in result.stdout
    assert "drift: sipri-milex-2025: release newer: 'SIPRI Milex, data 1949-2023'" in result.stdout
    text = summary.read_text()
    assert text == markdown_of(project) and "No drift report" not in text
    assert text.index("## 1. Verdicts") < text.index("## 2. Sources")
    assert "| factbook-latest-ukraine | failed | not fetched: " in text
    assert (
        "| sipri-milex-2025 | sipri-latest | Ukraine | military_expenditure_current_usd | 2023 |"
        in text
    )
    assert "review the changes, then pin" in sources_row(text, "sipri-milex-2025")
    assert "| factbook-latest-russia | downloaded | unchanged | nothing to do |" in text


def test_build_drift_build_pin_build(
    project: Path, bodies: dict[str, bytes], served: HTTPServer, snapshots: RawFiles, tmp_path: Path
) -> None:
    """The order users run them, every build and pin with the network off: drift leaves
    nothing that makes a build fetch; pin changes only the lock and the extracts."""
    pin_files(project, {"sipri-milex-2025": snapshots / SIPRI_2024})
    serve(served, live_sources(project), bodies)  # the April 2025 SIPRI release
    out = project / "output/nato-restraint-2022"

    first = offline(project, BUILD, tmp_path / "guard1")
    assert first.returncode == 0, first.stderr
    verdicts = (out / "verdicts.json").read_bytes()

    drift = documented(project, DRIFT, FACTCHECK_MIRROR=served.url_for("/"))
    assert drift.returncode == 0, drift.stderr  # the claims' verdicts hold
    assert "drift: sipri-milex-2025: release newer" in drift.stdout
    check = ["--drift=output/drift.json", "--markdown=output/drift.md", "--fail-on=value"]
    strict = factcheck(project, "drift-check", *check, f"--status={tmp_path / 'status.json'}")
    assert strict.returncode == 1  # drift_fail_on=value: a figure the claims use changed
    [error] = strict.stderr.splitlines()
    assert error.startswith("factcheck: error: drift: sipri-milex-2025: Russia ")

    second = offline(project, BUILD, tmp_path / "guard2")
    assert second.returncode == 0, second.stderr
    assert "rule fetch" not in second.stdout + second.stderr
    assert (out / "verdicts.json").read_bytes() == verdicts
    assert (out / "report.pdf").stat().st_mtime >= (out / "report.html").stat().st_mtime
    html = " ".join((out / "report.html").read_text().split())
    assert "1 file had changed" in html or "one file had changed" in html
    assert "No verdict of this report would change." in html

    before = tree_digest(project / "sources")
    pinned = offline(project, PIN, tmp_path / "guard3")
    assert pinned.returncode == 0, pinned.stderr
    assert "pin: sipri-milex-2025: sha256" in pinned.stdout
    after = tree_digest(project / "sources")
    assert changed_files(before, after) == {"sources.lock.json", "extracts/sipri-milex-2025.csv"}

    third = offline(project, BUILD, tmp_path / "guard4")
    assert third.returncode == 0, third.stderr
    document = json.loads((out / "verdicts.json").read_text())
    [sipri] = [s for s in document["sources"] if s["id"] == "sipri-milex-2025"]
    assert sipri["release"] == "SIPRI Milex, data 1949-2024"
    html = " ".join((out / "report.html").read_text().split())
    assert "Some of them were pinned again since that comparison." in html


# --- faults: each is a row, the other sources are still compared ---------------------------


def _trickle(request: Request) -> Response:
    def chunks() -> Iterator[bytes]:
        yield b"PK\x03\x04"
        for _ in range(100):
            time.sleep(0.3)
            yield b"x" * 16

    return Response(chunks(), content_type=TYPES["xlsx"])


def _html(request: Request) -> Response:
    page = b"<!DOCTYPE html><html><title>Just a moment...</title></html>"
    return Response(page, content_type="text/html; charset=UTF-8")


def _promised_1000(request: Request) -> Response:
    response = Response(b"PK\x03\x04" + b"x" * 496, content_type=TYPES["tsv-utf16"])
    response.headers["Content-Length"] = "1000"
    return response


def _too_large(request: Request) -> Response:
    return Response(b"PK\x03\x04" + bytes(3_000_000), content_type=TYPES["zip-csv"])


def _scaled(path: Path, factor: float) -> bytes:
    """The real workbook with every figure of its current-dollar sheet multiplied, its title
    lines (which state the unit) untouched: numbers that parse cleanly but are wrong."""
    workbook = openpyxl.load_workbook(path)
    [sheet] = [workbook[name] for name in ("Current US$", "Current USD") if name in workbook]
    for row in sheet.iter_rows(min_row=7):
        for cell in row[2:]:
            if isinstance(cell.value, int | float):
                cell.value *= factor
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _redirect(location: str, status: int = 302) -> Handler:
    return lambda request: Response(status=status, headers={"Location": location})


def _half(body: bytes, content_type: str) -> Handler:
    """The first half of the file, with the length the server itself announces for it."""
    return lambda request: Response(body[: len(body) // 2], content_type=content_type)


def test_download_faults_are_failed_rows_and_the_rest_is_compared(
    project: Path, bodies: dict[str, bytes], served: HTTPServer, snapshot_of: dict[str, Path]
) -> None:
    sources = live_sources(project)
    mirror = served.url_for("/").rstrip("/")
    moved = sources["factbook-2022-russia"].url.replace("/central-asia/", "/moved/")
    served.expect_request(path_of(moved)[0]).respond_with_data(bodies["factbook-2022-russia"])
    stockpiles = sources["fas-owid-stockpiles-2022"].url
    faults = {
        "sipri-milex-2025": _trickle,
        "fas-tableau-inventories-2023": _html,
        "fas-tableau-stockpiles-2023": _promised_1000,
        "wb-country-russia-2025-04": _too_large,
        "factbook-latest-ukraine": lambda request: Response(b"gone", status=404),
        "factbook-latest-russia": _redirect(f"{mirror}/evil.example.org/rs.json"),
        "fas-owid-stockpiles-2022": _redirect(stockpiles.replace("https://", "http://")),
        "factbook-2022-russia": _redirect(f"{mirror}/{moved.removeprefix('https://')}", 301),
        "fas-owid-inventories-2022": _half(bodies["fas-owid-inventories-2022"], TYPES["csv"]),
        "wb-population-2026-07": _half(bodies["wb-population-2026-07"], TYPES["zip-csv"]),
    }
    bodies["sipri-milex-2021"] = _scaled(snapshot_of["sipri-milex-2021"], 1000)
    gdp = snapshot_of["wb-gdp-current-usd-2026-07"]  # Russia 2021 written as an infinite number
    infinite = gdp.read_bytes().replace(b'"1829186719575.1"', b'"1e999"')
    bodies["wb-gdp-current-usd-2026-07"] = zipped(gdp.name, infinite)
    serve(served, sources, bodies, faults)
    before = tree_digest(project / "sources")

    result = snakemake(project, served, "drift", fetch_max_bytes="2000000", **FAST)

    assert result.returncode != 0
    markdown = markdown_of(project)
    expected = {
        "sipri-milex-2025": "| failed | not fetched: {url}: took longer than the deadline of 4 s",
        "fas-tableau-inventories-2023": "| failed | not fetched: {url}: got an HTML page",
        "sipri-milex-2021": "| unreadable | not readable: {url}: figures moved by a typical "
        "factor of 1,000 from the pinned release (e.g. ",
        "fas-tableau-stockpiles-2023": "| failed | not fetched: {url}: gave up after 2 attempts; "
        "last error: body cut short: got 500 of 1000 bytes",
        "wb-country-russia-2025-04": "| failed | not fetched: {url}: too large: the server "
        "announces 3000004 bytes",
        "factbook-latest-ukraine": "| vanished | vanished: {url} answered HTTP 404 | fix the "
        "source's url",
        "factbook-latest-russia": "| failed | not fetched: {url}: redirect (HTTP 302) to "
        "https://evil.example.org/rs.json refused: to another host, evil.example.org",
        "fas-owid-stockpiles-2022": "| failed | not fetched: {url}: redirect (HTTP 302) to "
        + stockpiles.replace("https://", "http://")
        + " refused: from https to http",
        "factbook-2022-russia": f"| downloaded | moved: redirects to {moved} | update the "
        "source's url",
        "fas-owid-inventories-2022": "| unreadable | not readable: {url}: ",
        "wb-population-2026-07": "| failed | not fetched: {url}: not a readable zip archive",
        "wb-gdp-current-usd-2026-07": "| unreadable | not readable: {url}: non-finite value inf "
        'at row 207 (RUS), column "2021"',
    }
    for source_id, fragment in expected.items():
        row = sources_row(markdown, source_id)
        assert fragment.format(url=sources[source_id].url) in row, row
        assert f"drift: {source_id}: " in result.stdout
    assert sources_row(markdown, "sipri-milex-2025").endswith(
        "| retry later; if it keeps failing, fix the source's url in sources/catalog.yaml |"
    )
    assert "| do what the reason says: fix the source's url" in sources_row(
        markdown, "fas-tableau-inventories-2023"
    )
    for source_id in sources.keys() - expected.keys():  # compared all the same
        assert sources_row(markdown, source_id).endswith("| unchanged | nothing to do |")
    assert "/tmp" not in markdown and "/tmp" not in json.dumps(report_of(project))
    logs = project / "output/logs/fetch"
    retried = sources["fas-tableau-stockpiles-2023"].url
    assert (
        f"fas-tableau-stockpiles-2023: {retried}: attempt 1 of 2 failed (body cut short"
        in (logs / "fas-tableau-stockpiles-2023.log").read_text()
    )
    redirected = f"{sources['factbook-2022-russia'].url}: redirected (HTTP 301) to {moved}"
    assert f"factbook-2022-russia: {redirected}" in (logs / "factbook-2022-russia.log").read_text()
    assert tree_digest(project / "sources") == before

    refused = snakemake(project, served, "pin", online="false")

    assert refused.returncode != 0
    for source_id in expected.keys() - {"factbook-latest-ukraine", "factbook-2022-russia"}:
        assert f"pin: refused: {source_id}: not " in refused.stdout
    assert "pin refused (10 reasons above); nothing was written" in refused.stderr
    assert tree_digest(project / "sources") == before


# --- pin refuses what a careful editor would refuse ------------------------------------------


def _sipri_with(path: Path, entity: str, year_column: str, value: float) -> bytes:
    """The real workbook with one figure of the current-dollar sheet changed."""
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["Current US$"]
    [row] = [r for r in sheet.iter_rows(min_row=7) if r[0].value == entity]
    header = {cell.value: cell.column_letter for cell in sheet[6] if cell.value is not None}
    sheet[f"{header[int(year_column)]}{row[0].row}"] = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _tamper(project: Path, source_id: str, old: str, new: str) -> None:
    """Edit a pinned extract and its lock entry together, as a careless hand would."""
    extract = project / "sources/extracts" / f"{source_id}.csv"
    text = extract.read_text()
    assert old in text
    extract.write_text(text.replace(old, new, 1))
    lock_path = project / "sources/sources.lock.json"
    lock = json.loads(lock_path.read_text())
    lock["sources"][source_id]["extract_sha256"] = hashlib.sha256(extract.read_bytes()).hexdigest()
    lock_path.write_text(json.dumps(lock, indent=2, sort_keys=True) + "\n")


def test_pin_refuses_unfit_releases_one_line_each(
    project: Path,
    bodies: dict[str, bytes],
    served: HTTPServer,
    snapshots: RawFiles,
    snapshot_of: dict[str, Path],
) -> None:
    # SIPRI: Ukraine 2021 revised so that the primary ratio is 10.5 (within 10% of 10 still)
    bodies["sipri-milex-2025"] = _sipri_with(snapshots / SIPRI_2025, "Ukraine", "2021", 6276.9)
    # FAS via OWID: Russia renamed; the claims use it
    inventories = bodies["fas-owid-inventories-2022"]
    assert inventories.count(b"Russia,") == 1
    bodies["fas-owid-inventories-2022"] = inventories.replace(b"Russia,", b"Russian Federation,")
    # World Bank surface area: the November 2024 release served again (older)
    surface = snapshots / SURFACE_2024
    bodies["wb-surface-area-2026-07"] = zipped(surface.name, surface.read_bytes())
    # World Bank population: Ukraine's 2021 figure (44,298,640) zero
    population = snapshot_of["wb-population-2026-07"]
    line = next(row for row in population.read_bytes().split(b"\n") if b'"Ukraine","UKR"' in row)
    assert line.count(b'"44298640"') == 1
    zero = population.read_bytes().replace(line, line.replace(b'"44298640"', b'"0"'))
    bodies["wb-population-2026-07"] = zipped(population.name, zero)
    # the pinned extract of the latest Factbook Russia page edited with its lock entry
    _tamper(project, "factbook-latest-russia", "17098242", "17000000")
    serve(served, live_sources(project), bodies)
    before = tree_digest(project / "sources")

    drift = documented(project, DRIFT, FACTCHECK_MIRROR=served.url_for("/"))

    assert drift.returncode != 0
    report, markdown = report_of(project), markdown_of(project)
    # the headline moved while the verdict held: said, in drift.md and on the console
    [budget] = [c for c in report["claims"] if c["claim"] == "defense-budget"]
    assert budget["verdict"] == {"old": "Accurate", "new": "Accurate"}
    assert (budget["headline"]["old"], budget["headline"]["new"]) == (
        "9.55 rounds to 10",
        "10.5 rounds to 10",
    )
    moved = "9.55 rounds to 10 | 10.5 rounds to 10"
    assert f"| nato-restraint-2022 | defense-budget | Accurate | {moved} |" in markdown
    moved = "'9.55 rounds to 10' -> '10.5 rounds to 10'"
    assert f"drift: nato-restraint-2022: defense-budget: Accurate: {moved}" in drift.stdout
    # verdicts that cannot be computed are errors, not verdict changes
    failed = {"preponderance-of-power": "zero denominator", "largest-arsenals": "no entity"}
    assert {e["error"].split(" (")[1].split(")")[0]: e["state"] for e in report["errors"]} == (
        dict.fromkeys(failed, "fetched")
    )
    # the zero population is refused at pin, yet the drift report says what it would do
    population = {"article": "mint-numbers-war-2022", "claim": "ukraine-population"}
    assert [(v["what"], v["new"], v["new_value"]) for v in report["verdicts"]] == [
        ("primary reading: Population 2021, World Bank (13 July 2026 release)", "Inaccurate", "0"),
        ("verdict", "Inaccurate", ""),
    ]
    assert all(v.items() >= population.items() for v in report["verdicts"])
    assert report["summary"]["verdicts_changed"] == 1
    assert "**1 claim would change verdict, 2 could not be computed;" in markdown
    for claim, reason in failed.items():
        assert f"| {claim} | Accurate → not computed | " in markdown
        [line] = [x for x in markdown.splitlines() if f"({claim})" in x and "Not computed" in x]
        assert line.startswith("**Not computed from the fetched data:** sources/articles/")
        assert reason in line
    # each source says what changed and what to do
    assert "entities vanished: Russia" in sources_row(markdown, "fas-owid-inventories-2022")
    assert "entities appeared: Russian Federation" in sources_row(
        markdown, "fas-owid-inventories-2022"
    )
    assert "report to the publisher" in sources_row(markdown, "fas-owid-inventories-2022")
    older = (
        "release older: 'WDI, last updated 2026-07-13' -> 'WDI, last updated 2024-11-13', "
        "figures up to 2023 -> up to 2021"
    )
    assert older in sources_row(markdown, "wb-surface-area-2026-07")
    tampered = sources_row(markdown, "factbook-latest-russia")
    assert "the pinned extract differs from what the pinned bytes give" in tampered
    assert "e.g. Russia, area_total: 17,000,000 -> 17,098,242" in tampered
    assert "restore sources/extracts/ from git" in tampered
    assert markdown.index("## 1. Verdicts") < markdown.index("## 2. Sources")

    refused = documented(project, PIN)

    assert refused.returncode != 0
    lines = [line for line in refused.stdout.splitlines() if line.startswith("pin: refused: ")]
    assert sorted(lines) == sorted(
        [
            "pin: refused: fas-owid-inventories-2022: Russia, total_inventory, 2022, which a "
            "claim uses, is missing from the fetched data",
            f"pin: refused: wb-surface-area-2026-07: {older}",
            "pin: refused: wb-population-2026-07: Ukraine, SP.POP.TOTL, 2021, which a claim "
            "uses, is 0 in the fetched data",
        ]
        + [f"pin: refused: a verdict could not be computed: {e['error']}" for e in report["errors"]]
    )
    assert "pin refused (5 reasons above); nothing was written" in refused.stderr
    assert tree_digest(project / "sources") == before

    some = documented(project, ".venv/bin/snakemake -c1 pin --config pin_sources=sipri-milex-2025")

    assert some.returncode == 0, some.stderr
    after = tree_digest(project / "sources")
    assert changed_files(before, after) == {"sources.lock.json", "extracts/sipri-milex-2025.csv"}

    again = documented(project, ".venv/bin/snakemake -c1 pin --config pin_sources=sipri-milex-2025")

    assert again.returncode != 0  # a newer pin than the one drift compared: not rolled back
    assert "pin: refused: sipri-milex-2025: the lock's entry changed since the fetched state" in (
        again.stdout
    )
    assert tree_digest(project / "sources") == after

    reviewed = documented(project, ".venv/bin/snakemake -c1 pin --config pin_reviewed=true")

    assert reviewed.returncode == 0, reviewed.stderr
    assert f"pin: accepted after review: wb-surface-area-2026-07: {older}" in reviewed.stdout
    lock = json.loads((project / "sources/sources.lock.json").read_text())["sources"]
    assert lock["wb-surface-area-2026-07"]["release"] == "WDI, last updated 2024-11-13"
    assert lock["wb-surface-area-2026-07"]["member"] == surface.name

    attempt = snakemake(project, served, "drift", online="false")  # a drift that fails
    assert "fetching needs --config online=true" in attempt.stderr
    stale = documented(project, PIN)
    assert stale.returncode != 0
    assert "pin: refused: the fetched state is of drift run " in stale.stdout
    assert "but a later drift attempt did not complete" in stale.stdout


# --- a server that goes back to the pinned file ----------------------------------------------


def test_a_server_back_on_the_pinned_file_is_not_answered_from_the_last_download(
    project: Path, bodies: dict[str, bytes], served: HTTPServer, snapshots: RawFiles
) -> None:
    """The server sends the pinned SIPRI file, then another, then the pinned one again, and
    answers 304 to a date at or after its file's (as many do): the last fetch must not keep
    the other file because the server says "not modified" since it."""
    sipri = Versions(bodies["sipri-milex-2025"], "Mon, 28 Apr 2025 08:00:00 GMT", TYPES["xlsx"])
    sources = live_sources(project)
    serve(served, sources, bodies, {"sipri-milex-2025": sipri})
    path = path_of(sources["sipri-milex-2025"].url)[0]
    fetch_sipri = ["output/fetched/raw/sipri-milex-2025.json"]

    assert snakemake(project, served, *fetch_sipri).returncode == 0  # the pinned file, kept
    sipri.set((snapshots / SIPRI_2024).read_bytes(), "Mon, 29 Apr 2025 08:00:00 GMT")
    assert snakemake(project, served, *fetch_sipri).returncode == 0  # the other one, newer
    assert json.loads((project / fetch_sipri[0]).read_text())["outcome"] == "downloaded"
    sipri.set(bodies["sipri-milex-2025"], "Mon, 28 Apr 2025 08:00:00 GMT")  # back again

    result = documented(project, DRIFT, FACTCHECK_MIRROR=served.url_for("/"))

    assert result.returncode == 0, result.stderr
    report = report_of(project)
    assert report["bytes"] == [] and report["drift"]["values"] is False
    request, response = [(q, r) for q, r in served.log if q.path == path][-1]
    assert response.status_code == 304
    assert request.headers["If-None-Match"] == sipri.etag
    assert "If-Modified-Since" not in request.headers
    [sipri_row] = [s for s in report["sources"] if s["source"] == "sipri-milex-2025"]
    assert sipri_row["outcome"] == "not modified"
